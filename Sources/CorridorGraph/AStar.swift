extension DijkstraQuery {
    /// A* search: shortest path from `source` to `target` guided by a potential `h`.
    ///
    /// The caller guarantees `h` is a consistent lower bound on the distance to `target`:
    /// `h(target) == 0` (or at most the true 0) and `h(u) <= w(u,v) + h(v)` for every open arc.
    /// `h(v) == UInt64.max` declares `v` unable to reach `target` (it is then never expanded).
    /// With such an `h` the returned length equals Dijkstra's; the path may be a different
    /// shortest path. Nodes are expanded in increasing `(distance + h, node id)`.
    ///
    /// After the call, `distance(to:)`/`path(to:)` answer for the nodes expanded (their
    /// distances are exact by consistency); `settledNodes` lists them in expansion order.
    ///
    /// `h` is evaluated lazily, at most once per node and search: the values are cached in the query object,
    /// stamped with the search (no O(n) reset), so an expensive potential (a geodesic, say) costs only the nodes
    /// the search touches.
    ///
    /// - Returns: nil when `target` is unreachable.
    /// - Complexity: O((n' + m') log n') for the n' nodes expanded and m' arcs relaxed; `h` is called at most
    ///   once per node reached.
    public func shortestPath(from source: UInt32, to target: UInt32, weights: [UInt32],
                             potential h: (UInt32) -> UInt64) -> Path? {
        precondition(weights.count == graph.arcCount, "weights must have one entry per arc")
        precondition(Int(target) < graph.nodeCount, "target out of range")
        begin(direction: .forward)
        let cache = potentialCache()
        let search = stamp
        @inline(__always) func potential(_ v: UInt32) -> UInt64 {
            let c = cache + Int(v)
            if c.pointee.stamp == search { return c.pointee.value }
            let value = h(v)
            c.pointee = PotentialEntry(value: value, stamp: search)
            return value
        }
        let hs = potential(source)
        if hs == .max { return nil }
        state[Int(source)] = NodeState(distance: 0, parentArc: .max, mark: stamp)
        heap.insert(source, key: hs)
        let reached = stamp
        let settled = stamp &+ 1
        var settledList = settledNodes
        settledNodes = []
        defer { settledNodes = settledList }
        while let top = heap.popMin() {
            let u = top.node
            state[Int(u)].mark = settled
            settledList.append(u)
            if u == target { break }
            let du = state[Int(u)].distance
            for a in graph.outArcs(of: u) {
                let wa = weights[a]
                if wa == .max { continue }
                let nd = du &+ UInt64(wa)
                if nd < du { continue }
                let v = graph.head[a]
                let sv = state + Int(v)
                if sv.pointee.mark == settled { continue }
                if sv.pointee.mark == reached && nd >= sv.pointee.distance { continue }
                let hv = potential(v)
                if hv == .max { continue }
                let key = nd &+ hv < nd ? UInt64.max - 1 : nd &+ hv
                if sv.pointee.mark == reached {
                    sv.pointee.distance = nd
                    sv.pointee.parentArc = UInt32(a)
                    heap.decreaseKey(v, to: key)
                } else {
                    sv.pointee = NodeState(distance: nd, parentArc: UInt32(a), mark: reached)
                    heap.insert(v, key: key)
                }
            }
        }
        return path(to: target)
    }
}

/// A cached potential value and the search that computed it.
struct PotentialEntry {
    var value: UInt64
    var stamp: UInt32
}

extension DijkstraQuery {
    /// The per-node potential cache of A* (allocated on first use; entries are valid for the search whose
    /// stamp they carry, so no reset is needed).
    func potentialCache() -> UnsafeMutablePointer<PotentialEntry> {
        if let potentials { return potentials }
        let n = Swift.max(graph.nodeCount, 1)
        let cache = UnsafeMutablePointer<PotentialEntry>.allocate(capacity: n)
        cache.initialize(repeating: PotentialEntry(value: 0, stamp: 0), count: n)
        potentials = cache
        return cache
    }
}
