/// One column of the edge table: the values of one attribute, indexed by edge id.
///
/// Usually a plain array. A network extended by an overlay (a scenario's added edges) shares its base's column and
/// keeps the appended rows apart, so nothing of the base is copied: `base` is the shared array, `added` the rows
/// after it. Reads index both transparently; `array` gives one contiguous array when one is needed.
public struct Column<Element: Sendable>: RandomAccessCollection, MutableCollection, Sendable {
    /// The leading values (a whole plain column, or the shared base of an overlay).
    @usableFromInline package var base: [Element]
    /// Values appended after a shared base (empty for a plain column).
    @usableFromInline package var added: [Element]
    /// Whether appends go to `added` (an overlay: the base is shared and stays untouched).
    @usableFromInline package var sharesBase: Bool

    /// A plain column holding `elements`.
    public init(_ elements: [Element] = []) { base = elements; added = []; sharesBase = false }

    /// An overlay on `base`: reads see `base`'s values, appends go after them without copying it.
    package init(extending base: Column<Element>) {
        self.base = base.array
        added = []
        sharesBase = true
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { base.count &+ added.count }

    /// The value at `i`.
    @inlinable public subscript(i: Int) -> Element {
        get { i < base.count ? base[i] : added[i &- base.count] }
        set {
            if i < base.count { base[i] = newValue } else { added[i &- base.count] = newValue }
        }
    }

    /// The values as one array: the column itself when plain, a copy joining base and added rows otherwise.
    public var array: [Element] { added.isEmpty ? base : base + added }

    /// Appends `value` (after the shared base, for an overlay).
    package mutating func append(_ value: Element) {
        if sharesBase { added.append(value) } else { base.append(value) }
    }

    /// Appends `values` (after the shared base, for an overlay).
    package mutating func append<S: Sequence>(contentsOf values: S) where S.Element == Element {
        if sharesBase { added.append(contentsOf: values) } else { base.append(contentsOf: values) }
    }

    /// Removes the last `k` values, which must have been appended to this column (not to a shared base).
    package mutating func removeLast(_ k: Int) {
        if sharesBase { added.removeLast(k) } else { base.removeLast(k) }
    }

    /// Reserves room for `n` values in all.
    package mutating func reserveCapacity(_ n: Int) {
        if sharesBase { added.reserveCapacity(Swift.max(0, n - base.count)) } else { base.reserveCapacity(n) }
    }

    /// `self[range]` as an array slice of the storage that holds it (a range never spans base and added rows, as
    /// each edge's geometry lies wholly in one of them).
    package func contiguousSlice(_ range: Range<Int>) -> ArraySlice<Element> {
        if range.lowerBound >= base.count { return added[(range.lowerBound - base.count)..<(range.upperBound - base.count)] }
        return base[range]
    }
}

extension Column: Equatable where Element: Equatable {
    /// Columns are equal when they hold the same values in the same order (however they are stored).
    public static func == (lhs: Column, rhs: Column) -> Bool { lhs.elementsEqual(rhs) }
}

extension Column: ExpressibleByArrayLiteral {
    /// A plain column of the listed values.
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}
