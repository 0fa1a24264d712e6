/// Bidirectional Dijkstra for one-to-one shortest paths: a forward search from the source and a
/// reverse search (along `inArcs`) from the target.
///
/// Whenever either search relaxes an arc into a node already reached by the other search, the
/// concatenated path is a candidate; the best candidate length is `best`. The searches stop when
/// `topForward + topBackward >= best` (either queue empty counts as infinite), which is the
/// standard correct criterion: any shorter path would have to pass through a node that neither
/// search has settled, whose distances would sum to at least the two queue keys.
///
/// The side with the smaller queue key expands next (forward on ties), each on a monotone radix heap.
/// Determinism: the first strictly better candidate is kept.
/// Not thread-safe; one object per thread. Memory O(n), allocated once.
///
/// Complexity: O(n' + m' log C) for the n' nodes and m' arcs the two searches reach (radix heaps, keys up to
/// C), typically about half of a one-directional search's; measured with the bench weights and pairs
/// (Tools/bench p2p; 1,000 on NY-w, the first 200 on FLA-w): median 0.88 × the one-directional search on NY-w,
/// 0.68 × on FLA-w.
public final class BidirectionalDijkstra {
    /// The graph searched.
    public let graph: CSRGraph
    private let forward: DijkstraQuery
    private let backward: DijkstraQuery

    /// Creates the two half-searches. O(n).
    public init(graph: CSRGraph) {
        self.graph = graph
        forward = DijkstraQuery(graph: graph)
        backward = DijkstraQuery(graph: graph)
    }

    /// Number of nodes settled by both halves in the last query.
    public var settledNodeCount: Int { lastSettledCount }
    private var lastSettledCount = 0

    /// Shortest path from `source` to `target`, or nil when unreachable.
    public func shortestPath(from source: UInt32, to target: UInt32, weights: [UInt32]) -> Path? {
        precondition(weights.count == graph.arcCount, "weights must have one entry per arc")
        precondition(Int(source) < graph.nodeCount && Int(target) < graph.nodeCount, "node out of range")
        forward.begin(direction: .forward)
        backward.begin(direction: .reverse)
        if source == target { return Path(arcs: [], nodes: [source], length: 0) }
        // Each side runs on its own monotone radix heap (no decrease-key: a node is pushed again when it
        // improves and stale entries are skipped). A pushed key is a popped key plus one 32-bit weight, so the
        // compact heap's 2³² window always holds.
        var forwardHeap = forward.compactRadix ?? CompactRadixHeap()
        var backwardHeap = backward.compactRadix ?? CompactRadixHeap()
        defer { forward.compactRadix = forwardHeap; backward.compactRadix = backwardHeap }
        forwardHeap.removeAll(); forwardHeap.last = 0
        backwardHeap.removeAll(); backwardHeap.last = 0
        let fState = forward.state, bState = backward.state
        let fReached = forward.stamp, bReached = backward.stamp
        fState[Int(source)] = DijkstraQuery.NodeState(distance: 0, parentArc: .max, mark: fReached)
        bState[Int(target)] = DijkstraQuery.NodeState(distance: 0, parentArc: .max, mark: bReached)
        forwardHeap.push(0, source)
        backwardHeap.push(0, target)
        var best = UInt64.max
        var meetArc = UInt32.max  // arc joining the forward tree (at its tail) to the backward tree (at its head)
        var settledCounts = (0, 0)
        weights.withUnsafeBufferPointer { wBuf in
        graph.firstOut.withUnsafeBufferPointer { firstOut in
        graph.head.withUnsafeBufferPointer { head in
        graph.firstIn.withUnsafeBufferPointer { firstIn in
        graph.inArcs.withUnsafeBufferPointer { inArcs in
        graph.tail.withUnsafeBufferPointer { tail in
            let w = wBuf.baseAddress!
            /// Settles the top of `heap` (if current) and relaxes its arcs (in-arcs when `reverse`).
            @inline(__always) func expand(_ heap: inout CompactRadixHeap, _ state: UnsafeMutablePointer<DijkstraQuery.NodeState>,
                                          _ reached: UInt32, _ otherState: UnsafeMutablePointer<DijkstraQuery.NodeState>,
                                          _ otherReached: UInt32, _ reverse: Bool) -> Bool {
                let du = heap.last
                let u = heap.topNode
                heap.removeTop()
                let su = state + Int(u)
                let settled = reached &+ 1
                if su.pointee.mark == settled || su.pointee.distance != du { return false }  // stale
                su.pointee.mark = settled
                let first = reverse ? firstIn.baseAddress! : firstOut.baseAddress!
                var p = Int(first[Int(u)])
                let end = Int(first[Int(u) + 1])
                while p < end {
                    let a = reverse ? Int(inArcs[p]) : p
                    p &+= 1
                    let wa = w[a]
                    if wa == .max { continue }
                    let nd = du &+ UInt64(wa)
                    if nd < du { continue }
                    let v = reverse ? tail[a] : head[a]
                    let sv = state + Int(v)
                    let mark = sv.pointee.mark
                    if mark == settled { continue }
                    if mark == reached {
                        if nd >= sv.pointee.distance { continue }
                        sv.pointee.distance = nd
                        sv.pointee.parentArc = UInt32(truncatingIfNeeded: a)
                    } else {
                        sv.pointee = DijkstraQuery.NodeState(distance: nd, parentArc: UInt32(truncatingIfNeeded: a), mark: reached)
                    }
                    heap.push(nd, v)
                    let ov = otherState + Int(v)
                    if ov.pointee.mark &- otherReached < 2 {  // reached or settled by the other side
                        let total = nd &+ ov.pointee.distance
                        if total >= nd && total < best {
                            best = total
                            meetArc = UInt32(truncatingIfNeeded: a)
                        }
                    }
                }
                return true
            }
            while forwardHeap.count > 0 && backwardHeap.count > 0 {
                forwardHeap.prepareMin()
                backwardHeap.prepareMin()
                let topF = forwardHeap.last, topB = backwardHeap.last
                // Stale entries can only make the tops smaller than the true minima: the test stays correct.
                let sum = topF &+ topB
                if sum >= best || sum < topF { break }
                // Expand the side with the smaller key (ties: forward), which balances the two radii.
                if topF <= topB {
                    if expand(&forwardHeap, fState, fReached, bState, bReached, false) { settledCounts.0 += 1 }
                } else {
                    if expand(&backwardHeap, bState, bReached, fState, fReached, true) { settledCounts.1 += 1 }
                }
            }
        }}}}}}
        lastSettledCount = settledCounts.0 + settledCounts.1
        if best == .max { return nil }
        // Forward tree up to the meeting arc's tail, the arc, then the backward tree from its head.
        let tail = graph.tail
        var arcs = treePath(forward, from: tail[Int(meetArc)], towardRootBy: { tail[Int($0)] })
        arcs.reverse()
        arcs.append(meetArc)
        arcs += treePath(backward, from: graph.head[Int(meetArc)], towardRootBy: { graph.head[Int($0)] })
        var nodes = [source]
        nodes.reserveCapacity(arcs.count + 1)
        for a in arcs { nodes.append(graph.head[Int(a)]) }
        return Path(arcs: arcs, nodes: nodes, length: best)
    }

    /// Parent arcs from `node` up to the root of `query`'s (possibly unsettled) search tree.
    private func treePath(_ query: DijkstraQuery, from node: UInt32, towardRootBy next: (UInt32) -> UInt32) -> [UInt32] {
        var arcs = [UInt32]()
        var at = node
        while true {
            let a = query.state[Int(at)].parentArc
            if a == .max { break }
            arcs.append(a)
            at = next(a)
        }
        return arcs
    }
}
