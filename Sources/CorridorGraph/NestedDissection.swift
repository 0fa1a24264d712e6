/// A nested-dissection contraction order for `CustomizableContractionHierarchy`.
///
/// First the graph (directions, weights and parallel arcs ignored) is reduced to its core: trees hanging off it
/// (repeatedly, nodes of degree ≤ 1) are contracted first, leaves first, which adds no edge; then chains of
/// degree-2 nodes, each in bisection order (its middle last, so the chain adds O(log length) to the elimination
/// tree's height), which adds only the edge between the chain's ends. On road graphs that removes ~40 % of the
/// nodes before any flow is computed. The core is then split recursively: each connected part finds a
/// small balanced vertex separator (`VertexSeparator`: minimum vertex cuts between the two ends of a few
/// projections, inertial flow on coordinates when given, hop-distance projections otherwise), the separator
/// takes the highest ranks of the part, and the components left after removing it are ordered recursively in
/// the ranks below. Small parts (at most `leafSize` nodes) are ordered by minimum degree with exact fill.
/// Every part occupies a contiguous range of ranks, so the elimination tree's subtrees are contiguous too.
///
/// The order depends only on the graph's topology (and coordinates), never on weights: it is computed once and
/// serves every metric. Deterministic: equal input gives the same order.
///
/// Complexity: O(L · (n log n + P · (n + e))) time for L = O(log n) recursion levels and P flow phases per cut
/// (a few dozen), O(n + e) memory.
public enum NestedDissection {
    /// Parts of at most this many nodes are ordered by minimum degree instead of being dissected.
    static let leafSize = 16

    /// The contraction order: `order[rank]` is the node contracted at that rank (a permutation of the nodes).
    ///
    /// - Parameters:
    ///   - graph: the graph to order (arc directions ignored).
    ///   - coordinates: optional planar position of each node (e.g. projected metres or longitude/latitude):
    ///     separators then come from projections along four directions (inertial flow); without them, from
    ///     hop-distance projections.
    /// - Complexity: see the type.
    public static func order(graph: CSRGraph, coordinates: (x: [Double], y: [Double])? = nil) -> [UInt32] {
        if let coordinates {
            precondition(coordinates.x.count == graph.nodeCount && coordinates.y.count == graph.nodeCount,
                         "one coordinate per node")
        }
        let full = SymmetricGraph(graph)
        let (prefix, core, coreGraph) = reduceToCore(full)
        if core.isEmpty { return prefix }
        let coreCoordinates = coordinates.map { c in (x: core.map { c.x[Int($0)] }, y: core.map { c.y[Int($0)] }) }
        return prefix + order(coreGraph, coordinates: coreCoordinates).map { core[Int($0)] }
    }

    /// Splits off the trees and degree-2 chains of `graph`: returns their nodes in contraction order, the remaining
    /// core nodes (increasing) and the core graph on local ids `0 ..< core.count`, where each chain became an edge
    /// between its two ends. A component that is a cycle keeps one node in the core.
    /// - Complexity: O(n + e).
    static func reduceToCore(_ graph: SymmetricGraph) -> (prefix: [UInt32], core: [UInt32], coreGraph: SymmetricGraph) {
        let n = graph.nodeCount
        var degree = (0..<n).map { Int(graph.firstOut[$0 + 1] - graph.firstOut[$0]) }
        var removed = [Bool](repeating: false, count: n)
        var prefix: [UInt32] = []
        // Trees: repeatedly remove nodes of degree ≤ 1 (a leaf's only neighbour becomes its elimination parent).
        var stack = (0..<n).filter { degree[$0] <= 1 }.reversed().map { UInt32($0) }
        while let v = stack.popLast() {
            if removed[Int(v)] { continue }
            removed[Int(v)] = true
            prefix.append(v)
            for p in Int(graph.firstOut[Int(v)])..<Int(graph.firstOut[Int(v) + 1]) {
                let u = Int(graph.adjacency[p])
                if removed[u] { continue }
                degree[u] -= 1
                if degree[u] == 1 { stack.append(UInt32(u)) }
            }
        }
        // Chains: maximal runs of degree-2 nodes between two core nodes (possibly the same one).
        func liveNeighbours(_ v: Int) -> (Int, Int) {
            var found: [Int] = []
            for p in Int(graph.firstOut[v])..<Int(graph.firstOut[v + 1]) where !removed[Int(graph.adjacency[p])] {
                found.append(Int(graph.adjacency[p]))
            }
            return (found[0], found[1])
        }
        var inChain = [Bool](repeating: false, count: n)
        var chainEdges: [(UInt32, UInt32)] = []
        for start in 0..<n where !removed[start] && degree[start] == 2 && !inChain[start] {
            // Walk both ways from `start` to the ends of its run.
            var run = [start]
            inChain[start] = true
            var ends: [Int] = []
            let (a, b) = liveNeighbours(start)
            for first in [a, b] {
                var previous = start, at = first
                var side: [Int] = []
                while degree[at] == 2 && !inChain[at] {
                    inChain[at] = true
                    side.append(at)
                    let (x, y) = liveNeighbours(at)
                    let next = x == previous ? y : x
                    previous = at
                    at = next
                }
                ends.append(at)
                run = first == a ? side.reversed() + run : run + side
            }
            // Core ends have degree ≥ 3; a degree-2 end means the walk went round a cycle component, whose first
            // node then stays in the core as both ends.
            if degree[ends[0]] == 2 || degree[ends[1]] == 2 {
                let anchor = run.removeFirst()
                inChain[anchor] = false
                ends = [anchor, anchor]
            }
            bisectionOrder(run[...], into: &prefix)
            if ends[0] != ends[1] { chainEdges.append((UInt32(ends[0]), UInt32(ends[1]))) }
        }
        let core = (0..<n).filter { !removed[$0] && !inChain[$0] }.map { UInt32($0) }
        var local = [UInt32](repeating: .max, count: n)
        for (i, v) in core.enumerated() { local[Int(v)] = UInt32(i) }
        var tails: [UInt32] = [], heads: [UInt32] = []
        for v in core {
            for p in Int(graph.firstOut[Int(v)])..<Int(graph.firstOut[Int(v) + 1]) {
                let u = graph.adjacency[p]
                if local[Int(u)] != .max && u > v { tails.append(local[Int(v)]); heads.append(local[Int(u)]) }
            }
        }
        for (u, v) in chainEdges { tails.append(local[Int(u)]); heads.append(local[Int(v)]) }
        let coreGraph = SymmetricGraph(CSRGraph.build(nodeCount: core.count, tails: tails, heads: heads).graph)
        return (prefix, core, coreGraph)
    }

    /// Appends `run` (a path) so that each middle comes after both its halves (recursive bisection).
    static func bisectionOrder(_ run: ArraySlice<Int>, into order: inout [UInt32]) {
        if run.isEmpty { return }
        let mid = run.startIndex + run.count / 2
        bisectionOrder(run[run.startIndex..<mid], into: &order)
        bisectionOrder(run[(mid + 1)...], into: &order)
        order.append(UInt32(run[mid]))
    }

    static func order(_ graph: SymmetricGraph, coordinates: (x: [Double], y: [Double])?) -> [UInt32] {
        let n = graph.nodeCount
        var order = [UInt32](repeating: 0, count: n)
        var localIndex = [UInt32](repeating: 0, count: n)
        var memberStamp = [UInt32](repeating: 0, count: n)
        var stamp: UInt32 = 0
        // Work list of parts: their nodes (global ids, increasing) and their first rank.
        var parts: [(nodes: [UInt32], firstRank: Int)] = []
        var firstRank = 0
        for component in components(graph, of: Array(0..<UInt32(n)), excluding: nil) {
            parts.append((component, firstRank))
            firstRank += component.count
        }
        while let (nodes, first) = parts.popLast() {
            if nodes.count <= leafSize {
                for (i, v) in minimumDegreeOrder(graph, nodes).enumerated() { order[first + i] = v }
                continue
            }
            stamp += 1
            let local = graph.induced(by: nodes, localIndex: &localIndex, memberStamp: &memberStamp, stamp: stamp)
            let projections: [[Double]]
            if let coordinates {
                projections = VertexSeparator.coordinateProjections(x: nodes.map { coordinates.x[Int($0)] },
                                                                    y: nodes.map { coordinates.y[Int($0)] })
            } else {
                projections = VertexSeparator.hopProjections(local)
            }
            let separator = VertexSeparator.find(local, projections: projections)
            var inSeparator = [Bool](repeating: false, count: nodes.count)
            for s in separator { inSeparator[Int(s)] = true }
            var rank = first + nodes.count - separator.count
            for s in separator { order[rank] = nodes[Int(s)]; rank += 1 }
            var next = first
            for component in components(local, of: Array(0..<UInt32(nodes.count)), excluding: inSeparator) {
                parts.append((component.map { nodes[Int($0)] }, next))
                next += component.count
            }
        }
        return order
    }

    /// Connected components of the subgraph of `graph` induced by `nodes` minus `excluding`, each as increasing ids,
    /// in order of their smallest node. `nodes` must be all nodes of `graph` (ids `0 ..< nodeCount`).
    static func components(_ graph: SymmetricGraph, of nodes: [UInt32], excluding: [Bool]?) -> [[UInt32]] {
        var seen = excluding ?? [Bool](repeating: false, count: graph.nodeCount)
        var result: [[UInt32]] = []
        var queue: [UInt32] = []
        for s in nodes where !seen[Int(s)] {
            seen[Int(s)] = true
            queue.removeAll(keepingCapacity: true)
            queue.append(s)
            var i = 0
            while i < queue.count {
                let v = Int(queue[i])
                i += 1
                for p in Int(graph.firstOut[v])..<Int(graph.firstOut[v + 1]) {
                    let u = Int(graph.adjacency[p])
                    if !seen[u] { seen[u] = true; queue.append(UInt32(u)) }
                }
            }
            result.append(queue.sorted())
        }
        return result
    }

    /// Minimum-degree elimination order of the (small) subgraph induced by `nodes`, simulating fill exactly on
    /// bit sets; ties go to the smallest position in `nodes`. O(k³ / 64) for k ≤ 64 nodes.
    static func minimumDegreeOrder(_ graph: SymmetricGraph, _ nodes: [UInt32]) -> [UInt32] {
        let k = nodes.count
        precondition(k <= 64, "minimum-degree leaves hold at most 64 nodes")
        var position: [UInt32: Int] = [:]
        for (i, v) in nodes.enumerated() { position[v] = i }
        var neighbours = [UInt64](repeating: 0, count: k)
        for (i, v) in nodes.enumerated() {
            for p in Int(graph.firstOut[Int(v)])..<Int(graph.firstOut[Int(v) + 1]) {
                if let j = position[graph.adjacency[p]] { neighbours[i] |= 1 << UInt64(j) }
            }
        }
        var alive: UInt64 = k == 64 ? .max : (1 << UInt64(k)) - 1
        var result: [UInt32] = []
        result.reserveCapacity(k)
        for _ in 0..<k {
            var best = -1, bestDegree = Int.max
            var rest = alive
            while rest != 0 {
                let i = rest.trailingZeroBitCount
                rest &= rest - 1
                let d = (neighbours[i] & alive).nonzeroBitCount
                if d < bestDegree { bestDegree = d; best = i }
            }
            let around = neighbours[best] & alive & ~(1 << UInt64(best))
            var rest2 = around
            while rest2 != 0 {
                let j = rest2.trailingZeroBitCount
                rest2 &= rest2 - 1
                neighbours[j] |= around & ~(1 << UInt64(j))
            }
            alive &= ~(1 << UInt64(best))
            result.append(nodes[best])
        }
        return result
    }
}
