/// One column of the edge table: the values of one attribute, indexed by edge id.
///
/// Usually a plain array. A network extended by an overlay (a scenario's added edges) shares its base's column and
/// keeps the appended rows apart, so nothing of the base is copied: `base` is the shared array, `added` the rows
/// after it. Reads index both transparently; `array` gives one contiguous array when one is needed.
///
/// A column of few distinct values (a class, a speed, a capacity, a country: tens to thousands of values over
/// millions of edges) can be *coded* (`Column(coding:)`, `appendCoded`): its leading values are then one- or
/// two-byte codes into `dictionary`, so a Double costs one byte per edge instead of eight. Codes compare values by
/// their bits (0.0 and −0.0 stay apart), so reading a coded column gives back exactly what was appended. A column
/// that reaches 65,536 distinct values goes back to plain storage. Reads are the same for every storage.
public struct Column<Element: Sendable>: RandomAccessCollection, MutableCollection, Sendable {
    /// The leading values when plain (a whole plain column, or the shared base of an overlay); empty when coded.
    @usableFromInline package var base: [Element]
    /// Values appended after a shared base or after coded leading values (empty for a plain column).
    @usableFromInline package var added: [Element]
    /// Whether appends go to `added` (an overlay: the base is shared and stays untouched).
    @usableFromInline package var sharesBase: Bool
    /// The distinct values of a coded column, in order of first appearance; empty when plain.
    @usableFromInline package var dictionary: [Element] = []
    /// One-byte codes of the leading values (a coded column of at most 256 distinct values).
    @usableFromInline package var narrowCodes: [UInt8] = []
    /// Two-byte codes of the leading values (a coded column of 257 to 65,536 distinct values).
    @usableFromInline package var wideCodes: [UInt16] = []
    /// Number of leading values (plain or coded), before `added`.
    @usableFromInline package var leadingCount: Int
    /// Open-addressing index from a value's bits to its code, kept while a coded column is appended to
    /// (`finishCoding` frees it; it is rebuilt on the next coded append).
    private var codeIndex: CodeIndex?

    /// A plain column holding `elements`.
    public init(_ elements: [Element] = []) {
        base = elements; added = []; sharesBase = false; leadingCount = elements.count
    }

    /// An overlay on `base`: reads see `base`'s values, appends go after them without copying it.
    package init(extending base: Column<Element>) {
        if base.isCoded && base.added.isEmpty {
            self = base
            codeIndex = nil
        } else {
            self.base = base.array
            added = []
            leadingCount = self.base.count
        }
        sharesBase = true
    }

    /// Whether the leading values are stored as codes into `dictionary`.
    @inlinable package var isCoded: Bool { !dictionary.isEmpty }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { leadingCount &+ added.count }

    /// The value at `i`.
    @inlinable public subscript(i: Int) -> Element {
        get {
            if i < leadingCount {
                if dictionary.isEmpty { return base[i] }
                return dictionary[wideCodes.isEmpty ? Int(narrowCodes[i]) : Int(wideCodes[i])]
            }
            return added[i &- leadingCount]
        }
        set {
            if i < leadingCount {
                if isCoded { decode() }
                base[i] = newValue
            } else {
                added[i &- leadingCount] = newValue
            }
        }
    }

    /// The values as one array: the column itself when plain, a copy joining base and added rows otherwise.
    public var array: [Element] {
        if !isCoded { return added.isEmpty ? base : base + added }
        var values = [Element]()
        values.reserveCapacity(count)
        if wideCodes.isEmpty {
            for c in narrowCodes { values.append(dictionary[Int(c)]) }
        } else {
            for c in wideCodes { values.append(dictionary[Int(c)]) }
        }
        values.append(contentsOf: added)
        return values
    }

    /// Appends `value` (after the shared base, for an overlay).
    package mutating func append(_ value: Element) {
        if sharesBase || isCoded { added.append(value) } else { base.append(value); leadingCount += 1 }
    }

    /// Appends `values` (after the shared base, for an overlay).
    package mutating func append<S: Sequence>(contentsOf values: S) where S.Element == Element {
        if sharesBase || isCoded {
            added.append(contentsOf: values)
        } else {
            base.append(contentsOf: values)
            leadingCount = base.count
        }
    }

    /// Removes the last `k` values, which must have been appended to this column (not to a shared base).
    package mutating func removeLast(_ k: Int) {
        if k <= added.count { added.removeLast(k); return }
        precondition(!sharesBase, "removing values of a shared base")
        if isCoded { decode() }
        base.removeLast(k)
        leadingCount = base.count
    }

    /// Reserves room for `n` values in all.
    package mutating func reserveCapacity(_ n: Int) {
        if sharesBase || isCoded {
            added.reserveCapacity(Swift.max(0, n - leadingCount))
        } else {
            base.reserveCapacity(n)
        }
    }

    /// `self[range]` as an array slice of the storage that holds it (a range never spans base and added rows, as
    /// each edge's geometry lies wholly in one of them; a coded column returns a decoded copy).
    package func contiguousSlice(_ range: Range<Int>) -> ArraySlice<Element> {
        if range.lowerBound >= leadingCount { return added[(range.lowerBound - leadingCount)..<(range.upperBound - leadingCount)] }
        if isCoded { return ArraySlice(range.map { self[$0] }) }
        return base[range]
    }

    /// Turns coded leading values back into a plain array (a value set in place, a column of too many values).
    @usableFromInline package mutating func decode() {
        guard isCoded else { return }
        let leading = Array(self[0..<leadingCount])
        base = leading
        dictionary = []; narrowCodes = []; wideCodes = []; codeIndex = nil
        if !sharesBase && !added.isEmpty {
            base.append(contentsOf: added)
            added = []
        }
        leadingCount = base.count
    }
}

extension Column where Element: BitwiseCopyable {
    /// A coded column of `values` (plain when they have more than 65,536 distinct values, or one byte each already).
    package init(coding values: [Element]) {
        self.init()
        startCoding()
        for v in values { appendCoded(v) }
        finishCoding()
    }

    /// An empty column whose appends through `appendCoded` are coded.
    package static func coded() -> Column {
        var c = Column()
        c.startCoding()
        return c
    }

    /// Makes an empty, plain, unshared column coded (no-op for one-byte elements, which codes would not shrink).
    private mutating func startCoding() {
        guard MemoryLayout<Element>.size > 1, count == 0, !sharesBase else { return }
        codeIndex = CodeIndex()
        // An empty dictionary means plain; the index alone marks "coded, no value yet".
    }

    /// Appends `value`, as a code when the column is coded (see `Column(coding:)`).
    package mutating func appendCoded(_ value: Element) {
        guard added.isEmpty, !sharesBase, isCoded || (codeIndex != nil && leadingCount == 0) else {
            append(value)
            return
        }
        let bits = Self.bits(value)
        if codeIndex == nil { rebuildIndex() }
        if let code = codeIndex!.code(of: bits) {
            if wideCodes.isEmpty { narrowCodes.append(UInt8(truncatingIfNeeded: code)) } else { wideCodes.append(UInt16(code)) }
            leadingCount += 1
            return
        }
        let code = dictionary.count
        if code == 65_536 {
            decode()
            base.append(value); leadingCount += 1
            return
        }
        if code == 256 { wideCodes = narrowCodes.map(UInt16.init); narrowCodes = [] }
        dictionary.append(value)
        codeIndex!.insert(bits, code: UInt32(code))
        if wideCodes.isEmpty && code < 256 { narrowCodes.append(UInt8(code)) } else { wideCodes.append(UInt16(code)) }
        leadingCount += 1
    }

    /// Sets the value at `i`, keeping a coded column coded (a plain set would decode it).
    package mutating func setCoded(_ i: Int, _ value: Element) {
        guard isCoded, i < leadingCount else { self[i] = value; return }
        let bits = Self.bits(value)
        if codeIndex == nil { rebuildIndex() }
        var code = codeIndex!.code(of: bits)
        if code == nil {
            guard dictionary.count < 65_536 else { self[i] = value; return }
            if dictionary.count == 256 { wideCodes = narrowCodes.map(UInt16.init); narrowCodes = [] }
            code = UInt32(dictionary.count)
            dictionary.append(value)
            codeIndex!.insert(bits, code: code!)
        }
        if wideCodes.isEmpty { narrowCodes[i] = UInt8(code!) } else { wideCodes[i] = UInt16(code!) }
    }

    /// Frees the index of a coded column (reads do not need it; a later coded append rebuilds it).
    package mutating func finishCoding() { codeIndex = nil }

    private mutating func rebuildIndex() {
        var index = CodeIndex()
        for (code, v) in dictionary.enumerated() { index.insert(Self.bits(v), code: UInt32(code)) }
        codeIndex = index
    }

    /// The value's bytes as a number (values of up to 8 bytes; longer ones are never coded).
    @inline(__always) static func bits(_ value: Element) -> UInt64 {
        switch MemoryLayout<Element>.size {
        case 8: return unsafeBitCast(value, to: UInt64.self)
        case 4: return UInt64(unsafeBitCast(value, to: UInt32.self))
        case 2: return UInt64(unsafeBitCast(value, to: UInt16.self))
        default:
            var v: UInt64 = 0
            withUnsafeBytes(of: value) { raw in withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(8))) } }
            return v
        }
    }
}

/// Value bits → code, open addressing with linear probing (at most 65,536 entries, half full at most).
private struct CodeIndex: Sendable {
    private var keys = [UInt64](repeating: 0, count: 64)
    private var codes = [UInt32](repeating: .max, count: 64)
    private var used = 0
    private var last: (bits: UInt64, code: UInt32) = (0, .max)

    @inline(__always) private static func slot(_ bits: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    mutating func code(of bits: UInt64) -> UInt32? {
        if last.code != .max && last.bits == bits { return last.code }
        let mask = keys.count - 1
        var i = Self.slot(bits, mask)
        while codes[i] != .max {
            if keys[i] == bits { last = (bits, codes[i]); return codes[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ bits: UInt64, code: UInt32) {
        if (used + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = Self.slot(bits, mask)
        while codes[i] != .max { i = (i + 1) & mask }
        keys[i] = bits; codes[i] = code; used += 1
        last = (bits, code)
    }

    private mutating func grow() {
        let oldKeys = keys, oldCodes = codes
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        codes = [UInt32](repeating: .max, count: oldKeys.count * 2)
        used = 0
        for (k, c) in zip(oldKeys, oldCodes) where c != .max { insert(k, code: c) }
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

// MARK: Codes shared by several columns

extension Column {
    /// Adds this column's per-row code to `keys[i]` at bit `shift` (a coded column's code, a plain one-byte
    /// column's byte) and advances `shift` by the bits it needs; false (nothing added) when the column has other
    /// storage (an overlay's, added rows, wider plain values) or its code would not fit the 64 bits.
    package func addRowCode(to keys: inout [UInt64], shift: inout Int) -> Bool {
        guard !sharesBase, added.isEmpty, leadingCount == keys.count, leadingCount > 0 else { return false }
        if isCoded {
            let bits = Swift.max(1, UInt64.bitWidth - UInt64(dictionary.count - 1).leadingZeroBitCount)
            guard shift + bits <= 64 else { return false }
            if wideCodes.isEmpty {
                for (i, c) in narrowCodes.enumerated() { keys[i] |= UInt64(c) << UInt64(shift) }
            } else {
                for (i, c) in wideCodes.enumerated() { keys[i] |= UInt64(c) << UInt64(shift) }
            }
            shift += bits
            return true
        }
        guard MemoryLayout<Element>.size == 1, MemoryLayout<Element>.stride == 1 else { return false }
        return base.withUnsafeBytes { raw in
            let largest = raw.max() ?? 0
            let bits = Swift.max(1, UInt8.bitWidth - largest.leadingZeroBitCount)
            guard shift + bits <= 64 else { return false }
            for (i, b) in raw.enumerated() { keys[i] |= UInt64(b) << UInt64(shift) }
            shift += bits
            return true
        }
    }

    /// Stores the leading values as `codes` (one per row, shared with the other columns of the table that adopt
    /// them: one buffer for all) into a dictionary of this column's value for each code, read at the code's
    /// representative row. Reads are unchanged; a later set or coded append copies the codes for this column only.
    package mutating func adoptSharedCodes(_ codes: SharedRowCodes) {
        precondition(!sharesBase && added.isEmpty && leadingCount == codes.count, "shared codes must cover the column")
        let values = codes.representatives.map { self[$0] }
        base = []
        dictionary = values
        narrowCodes = codes.narrow
        wideCodes = codes.wide
        codeIndex = nil
    }
}

/// One code per row for a combination of column values (`Column.addRowCode` keys), shared by those columns'
/// storage: the rows of a table with a few hundred distinct attribute combinations cost one byte for all of them.
package struct SharedRowCodes: Sendable {
    /// One-byte codes (at most 256 combinations), else empty.
    package var narrow: [UInt8] = []
    /// Two-byte codes (257 to 65,536 combinations), else empty.
    package var wide: [UInt16] = []
    /// The first row with each code.
    package var representatives: [Int] = []
    /// Number of rows.
    package var count: Int { narrow.isEmpty ? wide.count : narrow.count }

    /// The codes of `keys` (equal keys, equal codes, numbered by first appearance), or nil past 65,536 distinct.
    /// O(rows) expected.
    package init?(keys: [UInt64]) {
        var index = CodeIndex()
        var codes = [UInt16]()
        codes.reserveCapacity(keys.count)
        for (row, key) in keys.enumerated() {
            if let code = index.code(of: key) { codes.append(UInt16(code)); continue }
            guard representatives.count < 65_536 else { return nil }
            index.insert(key, code: UInt32(representatives.count))
            codes.append(UInt16(representatives.count))
            representatives.append(row)
        }
        if representatives.count <= 256 { narrow = codes.map { UInt8(truncatingIfNeeded: $0) } } else { wide = codes }
    }
}
