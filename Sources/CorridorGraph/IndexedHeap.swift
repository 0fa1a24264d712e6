/// An addressable 4-ary min-heap over the integers `0 ..< capacity` ("nodes"), keyed by `UInt64`.
///
/// Entries are ordered by `(key, node)`, so equal keys pop the smaller node id first; results
/// built on this heap are therefore reproducible. A position index per node makes
/// `contains`, `key(of:)` and `decreaseKey` direct. Storage is allocated once (O(capacity))
/// and reused: `removeAll()` costs O(count), not O(capacity), so many short searches on a
/// large graph stay cheap.
///
/// Not thread-safe: one heap per thread (it is a class because it owns raw buffers).
///
/// Complexity: `insert`, `decreaseKey`: O(log₄ count); `popMin`: O(4·log₄ count);
/// `min`, `contains`, `key(of:)`: O(1).
public final class IndexedHeap {
    struct Entry {
        var key: UInt64
        var node: UInt32
        init(key: UInt64, node: UInt32) { self.key = key; self.node = node }
    }

    static let absent = UInt32.max

    /// Number of nodes the heap can address (`0 ..< capacity`).
    public let capacity: Int
    let entries: UnsafeMutablePointer<Entry>
    let position: UnsafeMutablePointer<UInt32>
    /// Number of entries in the heap.
    public internal(set) var count: Int = 0

    /// Creates an empty heap for nodes `0 ..< capacity`. Complexity: O(capacity).
    public init(capacity: Int) {
        precondition(capacity >= 0 && capacity < Int(UInt32.max), "capacity out of range")
        self.capacity = capacity
        entries = .allocate(capacity: Swift.max(capacity, 1))
        position = .allocate(capacity: Swift.max(capacity, 1))
        position.initialize(repeating: IndexedHeap.absent, count: Swift.max(capacity, 1))
    }

    deinit {
        entries.deallocate()
        position.deallocate()
    }

    /// True when the heap holds no entry.
    public var isEmpty: Bool { count == 0 }

    /// True when `node` is in the heap. O(1).
    public func contains(_ node: UInt32) -> Bool {
        precondition(Int(node) < capacity, "node out of range")
        return position[Int(node)] != IndexedHeap.absent
    }

    /// The key of `node`, or nil when it is not in the heap. O(1).
    public func key(of node: UInt32) -> UInt64? {
        contains(node) ? entries[Int(position[Int(node)])].key : nil
    }

    /// The entry that `popMin` would return, without removing it. O(1).
    public var min: (node: UInt32, key: UInt64)? {
        count == 0 ? nil : (entries[0].node, entries[0].key)
    }

    /// The smallest key, or `UInt64.max` when empty. O(1).
    public var minKey: UInt64 { count == 0 ? UInt64.max : entries[0].key }

    /// Inserts `node` with `key`. - Precondition: `node` is not in the heap.
    public func insert(_ node: UInt32, key: UInt64) {
        precondition(Int(node) < capacity && position[Int(node)] == IndexedHeap.absent, "node already in heap or out of range")
        count += 1
        siftUp(from: count - 1, Entry(key: key, node: node))
    }

    /// Lowers the key of `node`. - Precondition: `node` is in the heap and `key` is not larger than its key.
    public func decreaseKey(_ node: UInt32, to key: UInt64) {
        precondition(contains(node), "node not in heap")
        let i = Int(position[Int(node)])
        precondition(key <= entries[i].key, "key increased")
        siftUp(from: i, Entry(key: key, node: node))
    }

    /// Inserts `node` or lowers its key if `key` is smaller than its current one.
    /// - Returns: true if the heap changed.
    @discardableResult
    public func insertOrDecrease(_ node: UInt32, key: UInt64) -> Bool {
        if let old = self.key(of: node) {
            if key >= old { return false }
            decreaseKey(node, to: key)
        } else {
            insert(node, key: key)
        }
        return true
    }

    /// Removes and returns the entry with the smallest `(key, node)`.
    public func popMin() -> (node: UInt32, key: UInt64)? {
        if count == 0 { return nil }
        let top = entries[0]
        popMinUnchecked()
        return (top.node, top.key)
    }

    /// Removes every entry. O(count).
    public func removeAll() {
        for i in 0..<count { position[Int(entries[i].node)] = IndexedHeap.absent }
        count = 0
    }

    // MARK: Internals used by the searches (no optional wrapping).

    /// Removes the top entry. - Precondition: not empty.
    @inline(__always) func popMinUnchecked() {
        position[Int(entries[0].node)] = IndexedHeap.absent
        count -= 1
        if count > 0 { siftDown(from: 0, entries[count]) }
    }

    @inline(__always) static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.key < b.key || (a.key == b.key && a.node < b.node)
    }

    @inline(__always) func siftUp(from start: Int, _ e: Entry) {
        IndexedHeap.siftUp(entries, position, from: start, e)
    }

    @inline(__always) func siftDown(from start: Int, _ e: Entry) {
        IndexedHeap.siftDown(entries, position, count: count, from: start, e)
    }

    /// Moves `e` up from slot `start` (a hole) to its place. Pointer-based so hot loops can keep
    /// the buffers and the count in locals (no class-property access per step).
    @inline(__always) static func siftUp(_ entries: UnsafeMutablePointer<Entry>, _ position: UnsafeMutablePointer<UInt32>,
                                         from start: Int, _ e: Entry) {
        var i = start
        while i > 0 {
            let p = (i &- 1) >> 2
            let pe = entries[p]
            if !less(e, pe) { break }
            entries[i] = pe
            position[Int(pe.node)] = UInt32(truncatingIfNeeded: i)
            i = p
        }
        entries[i] = e
        position[Int(e.node)] = UInt32(truncatingIfNeeded: i)
    }

    /// Moves `e` down from slot `start` (a hole) in a heap of `n` entries.
    @inline(__always) static func siftDown(_ entries: UnsafeMutablePointer<Entry>, _ position: UnsafeMutablePointer<UInt32>,
                                           count n: Int, from start: Int, _ e: Entry) {
        var i = start
        while true {
            let c = 4 &* i &+ 1
            if c >= n { break }
            var best = c
            var be = entries[c]
            let end = c &+ 4 < n ? c &+ 4 : n
            var j = c &+ 1
            while j < end {
                let je = entries[j]
                if less(je, be) { best = j; be = je }
                j &+= 1
            }
            if !less(be, e) { break }
            entries[i] = be
            position[Int(be.node)] = UInt32(truncatingIfNeeded: i)
            i = best
        }
        entries[i] = e
        position[Int(e.node)] = UInt32(truncatingIfNeeded: i)
    }
}
