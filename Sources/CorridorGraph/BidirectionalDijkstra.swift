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
/// Complexity: O((n' + m') log n') for the nodes the two searches settle, typically far fewer
/// than a one-directional search on road networks.
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
    public var settledNodeCount: Int { forward.settledNodes.count + backward.settledNodes.count }

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
        var heaps = [forward.compactRadix ?? CompactRadixHeap(), backward.compactRadix ?? CompactRadixHeap()]
        defer { forward.compactRadix = heaps[0]; backward.compactRadix = heaps[1] }
        for i in 0..<2 { heaps[i].removeAll(); heaps[i].last = 0 }
        let sides = [forward, backward]
        for (i, (side, node)) in [(forward, source), (backward, target)].enumerated() {
            side.state[Int(node)] = DijkstraQuery.NodeState(distance: 0, parentArc: .max, mark: side.stamp)
            heaps[i].push(0, node)
        }
        var best = UInt64.max
        var meetArc = UInt32.max  // arc joining the forward tree (at its tail) to the backward tree (at its head)
        weights.withUnsafeBufferPointer { wBuf in
        graph.firstOut.withUnsafeBufferPointer { firstOut in
        graph.head.withUnsafeBufferPointer { head in
        graph.firstIn.withUnsafeBufferPointer { firstIn in
        graph.inArcs.withUnsafeBufferPointer { inArcs in
        graph.tail.withUnsafeBufferPointer { tail in
            while heaps[0].count > 0 && heaps[1].count > 0 {
                heaps[0].prepareMin()
                heaps[1].prepareMin()
                let topF = heaps[0].last, topB = heaps[1].last
                // Stale entries can only make the tops smaller than the true minima: the test stays correct.
                let sum = topF &+ topB
                if sum >= best || sum < topF { break }
                // Expand the side with the smaller key (ties: forward), which balances the two radii.
                let s = topF <= topB ? 0 : 1
                let side = sides[s], other = sides[1 - s]
                let du = heaps[s].last
                let u = heaps[s].topNode
                heaps[s].removeTop()
                let su = side.state + Int(u)
                let settled = side.stamp &+ 1
                if su.pointee.mark == settled || su.pointee.distance != du { continue }  // stale
                su.pointee.mark = settled
                side.settledNodes.append(u)
                let reverse = s == 1
                let first = reverse ? firstIn : firstOut
                let otherReached = other.stamp, otherSettled = other.stamp &+ 1
                for p in Int(first[Int(u)])..<Int(first[Int(u) + 1]) {
                    let a = reverse ? Int(inArcs[p]) : p
                    let wa = wBuf[a]
                    if wa == .max { continue }
                    let nd = du &+ UInt64(wa)
                    if nd < du { continue }
                    let v = reverse ? tail[a] : head[a]
                    let sv = side.state + Int(v)
                    if sv.pointee.mark == settled { continue }
                    if sv.pointee.mark == side.stamp {
                        if nd >= sv.pointee.distance { continue }
                        sv.pointee.distance = nd
                        sv.pointee.parentArc = UInt32(a)
                    } else {
                        sv.pointee = DijkstraQuery.NodeState(distance: nd, parentArc: UInt32(a), mark: side.stamp)
                    }
                    heaps[s].push(nd, v)
                    let ov = other.state[Int(v)]
                    if ov.mark == otherReached || ov.mark == otherSettled {
                        let total = nd &+ ov.distance
                        if total >= nd && total < best {
                            best = total
                            meetArc = UInt32(a)
                        }
                    }
                }
            }
        }}}}}}
        if best == .max { return nil }
        // Forward tree up to the meeting arc's tail, the arc, then the backward tree from its head.
        var arcs = treePath(forward, from: graph.tail[Int(meetArc)], towardRootBy: { graph.tail[Int($0)] })
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
