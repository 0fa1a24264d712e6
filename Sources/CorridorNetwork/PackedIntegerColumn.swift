/// A column of 64-bit integers (the edges' feature ids), frame-of-reference coded: per block of 64 consecutive
/// values, the block's smallest value and each value's difference from it in the fewest whole bytes (0, 1, 2, 4 or
/// 8) that hold the block's spread. Feature ids mostly rise by 0 or 1 from one edge to the next (the pieces of a
/// line share its id), so they cost about 1.2 bytes per edge instead of 8. Reads are O(1) and return exactly the
/// appended values.
///
/// The last, incomplete block is kept plain until it fills. A column extended by an overlay (`init(extending:)`)
/// shares the base's storage and keeps appended values plain, so nothing of the base is copied.
public struct PackedIntegerColumn: RandomAccessCollection, Sendable, Equatable {
    /// Values per block (a power of two: `i >> 6` is the block of `i`).
    static let blockShift = 6
    static let blockSize = 1 << blockShift
    /// Smallest value of each full block.
    private var blockBase: [Int64] = []
    /// Offset in `bytes` of each full block's differences.
    private var blockStart: [UInt32] = []
    /// Bytes per difference of each full block (0 when all its values are equal).
    private var blockWidth: [UInt8] = []
    /// The differences of the full blocks, little-endian, concatenated.
    private(set) var bytes: [UInt8] = []
    /// Values after the full blocks (fewer than `blockSize`), plain.
    private var pending: [Int64] = []
    /// Values appended to an overlay, after the shared base's values, plain.
    private(set) var added: [Int64] = []
    /// Whether appends go to `added` (the base is shared and stays untouched).
    private var sharesBase = false

    /// An empty column.
    public init() {}

    /// A column holding `values`.
    public init(_ values: [Int64]) {
        for v in values { append(v) }
    }

    /// An overlay on `base`: reads see its values, appends go after them without copying it.
    package init(extending base: PackedIntegerColumn) {
        self = base
        sharesBase = true
    }

    /// Number of values in full blocks.
    private var packedCount: Int { blockBase.count << Self.blockShift }

    public var startIndex: Int { 0 }
    public var endIndex: Int { packedCount + pending.count + added.count }

    /// The value at `i`. O(1).
    public subscript(i: Int) -> Int64 {
        let packed = packedCount
        if i >= packed {
            let j = i - packed
            return j < pending.count ? pending[j] : added[j - pending.count]
        }
        let b = i >> Self.blockShift
        let width = Int(blockWidth[b])
        if width == 0 { return blockBase[b] }
        let start = Int(blockStart[b]) + (i & (Self.blockSize - 1)) * width
        var difference: UInt64 = 0
        for k in 0..<width { difference |= UInt64(bytes[start + k]) << UInt64(8 * k) }
        return blockBase[b] &+ Int64(bitPattern: difference)
    }

    /// Appends `value` (after the shared base, for an overlay).
    package mutating func append(_ value: Int64) {
        if sharesBase { added.append(value); return }
        pending.append(value)
        if pending.count == Self.blockSize { packPending() }
    }

    /// Codes the full pending block. Differences are taken modulo 2⁶⁴, so any spread of Int64 values fits 8 bytes.
    private mutating func packPending() {
        let low = pending.min()!
        let spread = pending.map { UInt64(bitPattern: $0 &- low) }.max()!
        let width = spread == 0 ? 0 : spread < 1 << 8 ? 1 : spread < 1 << 16 ? 2 : spread < 1 << 32 ? 4 : 8
        precondition(bytes.count + Self.blockSize * width <= Int(UInt32.max), "packed column too large")
        blockBase.append(low)
        blockStart.append(UInt32(bytes.count))
        blockWidth.append(UInt8(width))
        for v in pending {
            let difference = UInt64(bitPattern: v &- low)
            for k in 0..<width { bytes.append(UInt8(truncatingIfNeeded: difference >> UInt64(8 * k))) }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Columns are equal when they hold the same values in the same order (however they are stored).
    public static func == (lhs: PackedIntegerColumn, rhs: PackedIntegerColumn) -> Bool { lhs.elementsEqual(rhs) }
}

extension PackedIntegerColumn: ExpressibleByArrayLiteral {
    /// A column of the listed values.
    public init(arrayLiteral elements: Int64...) { self.init(elements) }
}
