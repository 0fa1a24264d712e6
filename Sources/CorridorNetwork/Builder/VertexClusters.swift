import CorridorGeo
import Foundation

/// Vertex clusters per layer by a grid hash: a vertex joins the nearest existing cluster representative within the
/// tolerance (ties: lowest id), else starts a cluster. Greedy in input order, so deterministic.
///
/// Both lookups (exact coordinate → cluster, grid cell → clusters in it) are open-addressing tables keyed by plain
/// integers with a multiplicative hash: no `Hasher`, no per-cell arrays (a cell's clusters are a linked list through
/// `nextInCell`).
struct VertexClusters {
    let tolerance: Double
    var location: [LonLat] = []
    var uses: [Int32] = []
    var isEnd: [Bool] = []
    private var exact = IntegerPairTable()
    private var cells = IntegerPairTable()
    /// Next cluster in the same grid cell, or -1.
    private var nextInCell: [Int32] = []
    /// One bit per hashed grid cell, set when the cell gets a cluster: most of the 3×3 cells probed around a new
    /// vertex are empty, and this bitset (a few bits per vertex, cache-resident) says so without a random probe of
    /// the much larger `cells` table. A set bit may be a collision; the table decides then.
    private var occupiedCells: [UInt64] = []
    private var occupiedCellsMask = 0
    var count: Int { location.count }

    init(tolerance: Double, expectedVertices: Int = 0) {
        self.tolerance = tolerance.isFinite ? max(0, tolerance) : 0
        if self.tolerance > 0 {
            var bits = 1 << 16
            while bits < 8 * expectedVertices && bits < 1 << 34 { bits <<= 1 }
            occupiedCells = [UInt64](repeating: 0, count: bits / 64)
            occupiedCellsMask = bits - 1
        }
    }

    @inline(__always) private static func localDistance(_ a: LonLat, _ b: LonLat) -> Double {
        NetworkBuildOptions.snapDistanceMeters(a, b)
    }

    /// Grid rows are `tolerance` metres of latitude high; each row's cells are at least `tolerance` metres wide at
    /// every latitude inside the row (their width in degrees uses the row's poleward edge), so all points within
    /// the tolerance of a point lie in the 3 × 3 cells around it, whatever the longitude.
    private var rowHeightDegrees: Double { tolerance / 110_574 }

    @inline(__always) private func cellWidthDegrees(row: Int64) -> Double {
        let h = rowHeightDegrees
        let poleward = max(abs(Double(row) * h), abs(Double(row + 1) * h))
        return tolerance / (111_320 * max(cos(min(poleward, 90) * .pi / 180), 0.01))
    }

    /// Frees the lookup tables; `location`, `uses` and `isEnd` stay.
    mutating func releaseIndex() {
        exact = IntegerPairTable(); cells = IntegerPairTable(); nextInCell = []; occupiedCells = []
    }

    /// Bit index of a cell in `occupiedCells` (high hash bits: the table's slots use the low ones).
    @inline(__always) private func occupancyBit(_ a: UInt64, _ b: UInt64, layer: UInt8) -> Int {
        Int(truncatingIfNeeded: UInt64(bitPattern: Int64(IntegerPairTable.hash(a, b, layer))) >> 29) & occupiedCellsMask
    }

    /// The cluster of `p` in `layer`, and whether `p` was merged into a cluster at a different coordinate.
    mutating func cluster(_ p: LonLat, layer: NetworkLayer) -> (Int32, snapped: Bool) {
        // -0 and +0 are one coordinate.
        let lonBits = (p.lon + 0).bitPattern, latBits = (p.lat + 0).bitPattern
        let exactSlot = exact.slot(lonBits, latBits, layer: layer.rawValue)
        if let c = exact.value(at: exactSlot) { return (c, false) }
        if tolerance > 0 {
            let cy = Int64((p.lat / rowHeightDegrees).rounded(.down))
            let cx = Int64((p.lon / cellWidthDegrees(row: cy)).rounded(.down))
            var best: (distance: Double, id: Int32)? = nil
            for dy in -1...1 {
                // Each row has its own cell width, so the column is computed per row.
                let row = cy &+ Int64(dy)
                let column = Int64((p.lon / cellWidthDegrees(row: row)).rounded(.down))
                for dx in -1...1 {
                    let key = (UInt64(bitPattern: column &+ Int64(dx)), UInt64(bitPattern: row))
                    let bit = occupancyBit(key.0, key.1, layer: layer.rawValue)
                    if occupiedCells[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { continue }
                    guard var id = cells.value(at: cells.slot(key.0, key.1, layer: layer.rawValue)) else { continue }
                    while id >= 0 {
                        let d = VertexClusters.localDistance(location[Int(id)], p)
                        if d <= tolerance, best.map({ (d, id) < ($0.distance, $0.id) }) ?? true { best = (d, id) }
                        id = nextInCell[Int(id)]
                    }
                }
            }
            if let best {
                exact.insert(best.id, at: exactSlot, lonBits, latBits, layer: layer.rawValue)
                return (best.id, true)
            }
            let id = Int32(location.count)
            let cellKey = (UInt64(bitPattern: cx), UInt64(bitPattern: cy))
            let cellSlot = cells.slot(cellKey.0, cellKey.1, layer: layer.rawValue)
            let bit = occupancyBit(cellKey.0, cellKey.1, layer: layer.rawValue)
            occupiedCells[bit >> 6] |= 1 << UInt64(bit & 63)
            nextInCell.append(cells.value(at: cellSlot) ?? -1)
            cells.insertOrReplace(id, at: cellSlot, cellKey.0, cellKey.1, layer: layer.rawValue)
            exact.insert(id, at: exact.slot(lonBits, latBits, layer: layer.rawValue), lonBits, latBits, layer: layer.rawValue)
            append(p)
            return (id, false)
        }
        let id = Int32(location.count)
        exact.insert(id, at: exactSlot, lonBits, latBits, layer: layer.rawValue)
        append(p)
        return (id, false)
    }

    private mutating func append(_ p: LonLat) {
        location.append(p); uses.append(0); isEnd.append(false)
    }
}

/// Open-addressing hash table from (UInt64, UInt64, layer) to a non-negative Int32, linear probing, load ≤ 1/2.
/// `slot` finds a key's slot (occupied by it, or the empty slot where it belongs); `insert` fills an empty slot
/// found by `slot` (and may grow the table, so slots are not reused across inserts).
struct IntegerPairTable {
    private struct Entry { var a: UInt64; var b: UInt64; var value: Int32; var layer: UInt8 }
    private var entries: [Entry] = []
    private var mask = -1
    private var filled = 0

    @inline(__always) static func hash(_ a: UInt64, _ b: UInt64, _ layer: UInt8) -> Int {
        // splitmix64's finalizer over a combination of the key words.
        var z = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ UInt64(layer) &* 0xD6E8_FEB8_6659_FD93)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: z ^ (z >> 31))
    }

    /// The slot of the key, or -1 while the table is empty.
    @inline(__always) func slot(_ a: UInt64, _ b: UInt64, layer: UInt8) -> Int {
        if entries.isEmpty { return -1 }
        return entries.withUnsafeBufferPointer { table in
            var i = IntegerPairTable.hash(a, b, layer) & mask
            while true {
                let entry = table[i]
                if entry.value < 0 || (entry.a == a && entry.b == b && entry.layer == layer) { return i }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always) func value(at slot: Int) -> Int32? {
        guard slot >= 0 else { return nil }
        let value = entries[slot].value
        return value < 0 ? nil : value
    }

    /// Replaces the value of an occupied slot or fills an empty one.
    mutating func insertOrReplace(_ value: Int32, at slot: Int, _ a: UInt64, _ b: UInt64, layer: UInt8) {
        if slot >= 0, entries[slot].value >= 0 { entries[slot].value = value; return }
        insert(value, at: slot, a, b, layer: layer)
    }

    /// Fills the empty slot `slot` (from `slot(_:_:layer:)`) with a new key.
    mutating func insert(_ value: Int32, at slot: Int, _ a: UInt64, _ b: UInt64, layer: UInt8) {
        if (filled + 1) * 2 > entries.count {
            grow()
            insertFresh(Entry(a: a, b: b, value: value, layer: layer))
        } else {
            entries[slot] = Entry(a: a, b: b, value: value, layer: layer)
        }
        filled += 1
    }

    private mutating func grow() {
        let old = entries
        let capacity = max(1024, entries.count * 2)
        entries = Array(repeating: Entry(a: 0, b: 0, value: -1, layer: 0), count: capacity)
        mask = capacity - 1
        for entry in old where entry.value >= 0 { insertFresh(entry) }
    }

    private mutating func insertFresh(_ entry: Entry) {
        var i = IntegerPairTable.hash(entry.a, entry.b, entry.layer) & mask
        while entries[i].value >= 0 { i = (i + 1) & mask }
        entries[i] = entry
    }
}
