import Foundation

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
