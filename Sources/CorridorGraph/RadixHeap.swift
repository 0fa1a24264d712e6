/// What Dijkstra's loop needs of a monotone `(key, node)` heap: after `prepareMin()`, the smallest
/// entry is `(last, topNode)`.
protocol MonotoneHeap {
    var last: UInt64 { get }
    var count: Int { get }
    var topNode: UInt32 { get }
    mutating func push(_ key: UInt64, _ node: UInt32)
    mutating func prepareMin()
    mutating func removeTop()
}

/// A monotone radix heap of `(key, node)` entries for Dijkstra with integer distances.
///
/// Keys pushed must be `>= ` the last popped key (true in Dijkstra with non-negative weights).
/// Entries live in 65 buckets by the highest bit in which their key differs from the last popped
/// key; bucket 0 holds the keys equal to it, kept sorted by node id so that entries pop in exactly
/// the `(key, node)` order of `IndexedHeap` — searches give identical results with either heap.
/// There is no decrease-key: a search pushes a node again and skips stale entries when popped.
///
/// Complexity: `push` O(1) (O(size of bucket 0) when the key equals the last popped one, which
/// needs zero-weight arcs); `pop` amortised O(log C) for keys spanning C (each entry moves to a
/// lower bucket at most 64 times, usually a few). Not thread-safe; storage is
/// shared between copies (one owner frees it).
struct RadixHeap: MonotoneHeap {
    typealias Entry = IndexedHeap.Entry

    struct Bucket {
        var base: UnsafeMutablePointer<Entry>
        var count: Int
        var capacity: Int
    }

    let buckets: UnsafeMutablePointer<Bucket>
    /// The last popped key (all entries are `>= last`).
    var last: UInt64 = 0
    /// Number of entries, stale ones included.
    var count: Int = 0

    init() {
        buckets = .allocate(capacity: 65)
        for i in 0..<65 {
            buckets[i] = Bucket(base: .allocate(capacity: 16), count: 0, capacity: 16)
        }
    }

    /// Frees the buckets (a value type cannot do it in deinit; the owning query calls this).
    func deallocate() {
        for i in 0..<65 { buckets[i].base.deallocate() }
        buckets.deallocate()
    }

    mutating func removeAll() {
        for i in 0..<65 { buckets[i].count = 0 }
        count = 0
        last = 0
    }

    @inline(__always) static func bucketIndex(_ key: UInt64, _ last: UInt64) -> Int {
        key == last ? 0 : 64 &- (key ^ last).leadingZeroBitCount
    }

    @inline(__always) func append(_ e: Entry, to b: Int) {
        let bucket = buckets + b
        if bucket.pointee.count == bucket.pointee.capacity { grow(bucket) }
        bucket.pointee.base[bucket.pointee.count] = e
        bucket.pointee.count &+= 1
    }

    private func grow(_ bucket: UnsafeMutablePointer<Bucket>) {
        let capacity = bucket.pointee.capacity * 2
        let fresh = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        fresh.moveInitialize(from: bucket.pointee.base, count: bucket.pointee.count)
        bucket.pointee.base.deallocate()
        bucket.pointee.base = fresh
        bucket.pointee.capacity = capacity
    }

    /// Adds an entry. - Precondition: `key >= last`.
    @inline(__always) mutating func push(_ key: UInt64, _ node: UInt32) {
        let b = RadixHeap.bucketIndex(key, last)
        count &+= 1
        if b != 0 {
            append(Entry(key: key, node: node), to: b)
        } else {
            insertIntoBucketZero(Entry(key: key, node: node))
        }
    }

    /// Bucket 0 is sorted by decreasing node, so the smallest node is at the end.
    private func insertIntoBucketZero(_ e: Entry) {
        append(e, to: 0)
        let base = buckets[0].base
        var i = buckets[0].count - 1
        while i > 0 && base[i - 1].node < e.node {
            base[i] = base[i - 1]
            i -= 1
        }
        base[i] = e
    }

    /// Makes bucket 0 non-empty (redistributing the lowest non-empty bucket). - Precondition: count > 0.
    @inline(__always) mutating func prepareMin() {
        if buckets[0].count > 0 { return }
        var b = 1
        while buckets[b].count == 0 { b &+= 1 }
        let bucket = buckets + b
        let base = bucket.pointee.base
        let n = bucket.pointee.count
        var newLast = UInt64.max
        for i in 0..<n where base[i].key < newLast { newLast = base[i].key }
        last = newLast
        bucket.pointee.count = 0
        var zeroCount = 0
        for i in 0..<n {
            let e = base[i]
            let nb = RadixHeap.bucketIndex(e.key, newLast)
            append(e, to: nb)
            if nb == 0 { zeroCount &+= 1 }
        }
        if zeroCount > 1 {
            // Sort bucket 0 by decreasing node (insertion sort: it is almost always tiny).
            let z = buckets[0].base
            for i in 1..<zeroCount {
                let e = z[i]
                var j = i
                while j > 0 && z[j - 1].node < e.node { z[j] = z[j - 1]; j -= 1 }
                z[j] = e
            }
        }
    }

    /// The smallest `(key, node)`. - Precondition: `prepareMin()` was called and count > 0.
    @inline(__always) var top: Entry { buckets[0].base[buckets[0].count &- 1] }

    /// The node of `top`; its key is `last` (bucket 0 holds the keys equal to `last`).
    @inline(__always) var topNode: UInt32 { buckets[0].base[buckets[0].count &- 1].node }

    /// Removes `top`. - Precondition: `prepareMin()` was called and count > 0.
    @inline(__always) mutating func removeTop() {
        buckets[0].count &-= 1
        count &-= 1
    }
}

/// A monotone radix heap for Dijkstra with 8-byte entries and exact slots for the keys nearest
/// the minimum. Same pop order as `RadixHeap`: `(key, node)` ascending.
///
/// A key is stored as its low 32 bits and restored from the last popped key, exact while every
/// queued key lies in `last ..< last + 2³²` — true in a Dijkstra search whose seeds span less than
/// 2³² and whose arc weights are below 2³² (a pushed key is the popped key plus one weight).
///
/// Keys that agree with `last` above the low `slotBits` bits (the "window") go to one slot per key
/// value, found by an occupancy bitmap; farther keys go to radix buckets by their highest bit that
/// differs from `last` and move into the window only when it is empty. Each entry thus moves a few
/// times at most (measured: 5.6 moves per push with plain radix buckets on the NY road graph).
/// The slot of `last` is kept sorted by decreasing node, so the smallest node pops first.
///
/// Complexity: `push` O(1) (O(size of the current slot) when the key equals `last`, which needs
/// zero-weight arcs); `pop` amortised O(log C) for keys spanning C. Not thread-safe; storage is
/// shared between copies (one owner frees it).
struct CompactRadixHeap: MonotoneHeap {
    struct Entry {
        var keyLow: UInt32
        var node: UInt32
    }

    struct Bucket {
        var base: UnsafeMutablePointer<Entry>
        var count: Int
        var capacity: Int
    }

    static let slotBits = 10
    static let slotCount = 1 << slotBits
    static let slotMask = UInt64(slotCount - 1)
    /// High buckets 1 ... 64 − slotBits (index 0 unused).
    static let highCount = 65 - slotBits

    let slots: UnsafeMutablePointer<Bucket>
    let high: UnsafeMutablePointer<Bucket>
    /// Bit s set when slot s is non-empty.
    let occupied: UnsafeMutablePointer<UInt64>
    /// The last popped key, or the top key after `prepareMin` (all entries are `>= last`).
    var last: UInt64 = 0
    /// Number of entries, stale ones included.
    var count: Int = 0

    init() {
        slots = .allocate(capacity: Self.slotCount)
        for i in 0..<Self.slotCount { slots[i] = Bucket(base: .allocate(capacity: 4), count: 0, capacity: 4) }
        high = .allocate(capacity: Self.highCount)
        for i in 0..<Self.highCount { high[i] = Bucket(base: .allocate(capacity: 16), count: 0, capacity: 16) }
        occupied = .allocate(capacity: Self.slotCount / 64)
        occupied.initialize(repeating: 0, count: Self.slotCount / 64)
    }

    /// Frees the storage (the owning query calls this).
    func deallocate() {
        for i in 0..<Self.slotCount { slots[i].base.deallocate() }
        for i in 0..<Self.highCount { high[i].base.deallocate() }
        slots.deallocate()
        high.deallocate()
        occupied.deallocate()
    }

    mutating func removeAll() {
        for w in 0..<Self.slotCount / 64 where occupied[w] != 0 {
            for b in 0..<64 { slots[w * 64 + b].count = 0 }
            occupied[w] = 0
        }
        for i in 0..<Self.highCount { high[i].count = 0 }
        count = 0
        last = 0
    }

    @inline(__always) static func append(_ e: Entry, to bucket: UnsafeMutablePointer<Bucket>) {
        if bucket.pointee.count == bucket.pointee.capacity { grow(bucket) }
        bucket.pointee.base[bucket.pointee.count] = e
        bucket.pointee.count &+= 1
    }

    @inline(never) static func grow(_ bucket: UnsafeMutablePointer<Bucket>) {
        let capacity = bucket.pointee.capacity * 2
        let fresh = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        fresh.moveInitialize(from: bucket.pointee.base, count: bucket.pointee.count)
        bucket.pointee.base.deallocate()
        bucket.pointee.base = fresh
        bucket.pointee.capacity = capacity
    }

    /// Puts an entry whose key differs from `last` by `x = key ^ last` where it belongs.
    @inline(__always) func place(_ e: Entry, key: UInt64, x: UInt64) {
        if x <= Self.slotMask {
            let s = Int(truncatingIfNeeded: key & Self.slotMask)
            let slot = slots + s
            if slot.pointee.count == 0 { occupied[s &>> 6] |= 1 &<< UInt64(s & 63) }
            Self.append(e, to: slot)
        } else {
            Self.append(e, to: high + (64 &- x.leadingZeroBitCount &- Self.slotBits))
        }
    }

    /// Adds an entry. - Precondition: `last <= key < last + 2³²`.
    @inline(__always) mutating func push(_ key: UInt64, _ node: UInt32) {
        count &+= 1
        let e = Entry(keyLow: UInt32(truncatingIfNeeded: key), node: node)
        if key != last {
            place(e, key: key, x: key ^ last)
        } else {
            insertIntoCurrentSlot(e)
        }
    }

    /// The slot of `last` is sorted by decreasing node, so the smallest node is at the end.
    @inline(never) private func insertIntoCurrentSlot(_ e: Entry) {
        let s = Int(truncatingIfNeeded: last & Self.slotMask)
        let slot = slots + s
        if slot.pointee.count == 0 { occupied[s &>> 6] |= 1 &<< UInt64(s & 63) }
        Self.append(e, to: slot)
        let base = slot.pointee.base
        var i = slot.pointee.count - 1
        while i > 0 && base[i - 1].node < e.node {
            base[i] = base[i - 1]
            i -= 1
        }
        base[i] = e
    }

    /// Makes the slot of `last` hold the smallest entries (advancing `last`). - Precondition: count > 0.
    @inline(__always) mutating func prepareMin() {
        if slots[Int(truncatingIfNeeded: last & Self.slotMask)].count == 0 { advance() }
    }

    @inline(never) private mutating func advance() {
        let current = Int(truncatingIfNeeded: last & Self.slotMask)
        var w = current &>> 6
        var bits = occupied[w] & (~0 &<< UInt64(current & 63))
        while bits == 0 && w &+ 1 < Self.slotCount / 64 {
            w &+= 1
            bits = occupied[w]
        }
        if bits != 0 {
            let s = w &* 64 &+ bits.trailingZeroBitCount
            last = (last & ~Self.slotMask) | UInt64(s)
            sortSlot(s)
            return
        }
        // The window is empty: redistribute the lowest non-empty high bucket.
        var b = 1
        while high[b].count == 0 { b &+= 1 }
        let bucket = high + b
        let base = bucket.pointee.base
        let n = bucket.pointee.count
        let lastLow = UInt32(truncatingIfNeeded: last)
        var minOffset = UInt32.max
        for i in 0..<n {
            let offset = base[i].keyLow &- lastLow
            if offset < minOffset { minOffset = offset }
        }
        let oldLast = last
        let newLast = oldLast &+ UInt64(minOffset)
        last = newLast
        bucket.pointee.count = 0
        for i in 0..<n {
            let e = base[i]
            let key = oldLast &+ UInt64(e.keyLow &- lastLow)
            place(e, key: key, x: key ^ newLast)
        }
        sortSlot(Int(truncatingIfNeeded: newLast & Self.slotMask))
    }

    /// Sorts a slot by decreasing node (insertion sort: it almost always holds one entry).
    @inline(__always) private func sortSlot(_ s: Int) {
        let n = slots[s].count
        if n < 2 { return }
        let z = slots[s].base
        for i in 1..<n {
            let e = z[i]
            var j = i
            while j > 0 && z[j - 1].node < e.node { z[j] = z[j - 1]; j -= 1 }
            z[j] = e
        }
    }

    /// The node of the smallest `(key, node)`; its key is `last`. - Precondition: `prepareMin()` was called and count > 0.
    @inline(__always) var topNode: UInt32 {
        let slot = slots + Int(truncatingIfNeeded: last & Self.slotMask)
        return slot.pointee.base[slot.pointee.count &- 1].node
    }

    /// Removes the top entry. - Precondition: `prepareMin()` was called and count > 0.
    @inline(__always) mutating func removeTop() {
        let s = Int(truncatingIfNeeded: last & Self.slotMask)
        let slot = slots + s
        slot.pointee.count &-= 1
        if slot.pointee.count == 0 { occupied[s &>> 6] &= ~(1 &<< UInt64(s & 63)) }
        count &-= 1
    }
}
