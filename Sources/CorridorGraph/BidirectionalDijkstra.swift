/// Bidirectional Dijkstra for one-to-one shortest paths: a forward search from the source and a
/// reverse search (along `inArcs`) from the target, alternating to balance their settled counts.
///
/// Whenever either search relaxes an arc into a node already reached by the other search, the
/// concatenated path is a candidate; the best candidate length is `best`. The searches stop when
/// `topForward + topBackward >= best` (either queue empty counts as infinite), which is the
/// standard correct criterion: any shorter path would have to pass through a node that neither
/// search has settled, whose distances would sum to at least the two queue keys.
///
/// Determinism: the forward side expands when the counts tie; the first strictly better candidate is kept.
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
        forward.seed(source, 0, budget: .max)
        backward.seed(target, 0, budget: .max)
        if source == target { return Path(arcs: [], nodes: [source], length: 0) }
        var best = UInt64.max
        var meetArc = UInt32.max  // arc joining the forward tree (at its tail) to the backward tree (at its head)
        while true {
            let topF = forward.heap.minKey
            let topB = backward.heap.minKey
            if topF == .max || topB == .max { break }
            let sum = topF &+ topB
            if sum >= best || sum < topF { break }
            // Balance the work: expand the side that has settled fewer nodes (robust when one
            // end lies in a much denser region than the other).
            let isForward = forward.settledNodes.count <= backward.settledNodes.count
            let side = isForward ? forward : backward
            let other = isForward ? backward : forward
            let (u, du) = side.heap.popMin()!
            let settled = side.stamp &+ 1
            side.state[Int(u)].mark = settled
            side.settledNodes.append(u)
            let range = isForward ? graph.outArcs(of: u) : graph.inArcPositions(of: u)
            for p in range {
                let a = isForward ? p : Int(graph.inArcs[p])
                let wa = weights[a]
                if wa == .max { continue }
                let nd = du &+ UInt64(wa)
                if nd < du { continue }
                let v = isForward ? graph.head[a] : graph.tail[a]
                let sv = side.state + Int(v)
                if sv.pointee.mark == settled { continue }
                if sv.pointee.mark == side.stamp {
                    if nd >= sv.pointee.distance { continue }
                    sv.pointee.distance = nd
                    sv.pointee.parentArc = UInt32(a)
                    side.heap.decreaseKey(v, to: nd)
                } else {
                    sv.pointee = DijkstraQuery.NodeState(distance: nd, parentArc: UInt32(a), mark: side.stamp)
                    side.heap.insert(v, key: nd)
                }
                let ov = other.state[Int(v)]
                if ov.mark == other.stamp || ov.mark == other.stamp &+ 1 {
                    let total = nd &+ ov.distance
                    if total >= nd && total < best {
                        best = total
                        meetArc = UInt32(a)
                    }
                }
            }
        }
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
