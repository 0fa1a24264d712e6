/// Yen's algorithm for the k shortest loopless (simple) paths between two nodes.
///
/// Each accepted path is a list of "spur" opportunities: for a spur node at position i, the root
/// path (its first i arcs) is fixed, the root's nodes other than the spur node are removed, and
/// the arcs that already-accepted paths with the same root take out of the spur node are closed;
/// a shortest spur path (Dijkstra with early stop) from the spur node to the target then gives a
/// candidate. Candidates are kept deduplicated and sorted; the best becomes the next path.
///
/// Pruning: Lawler's rule (spur only at positions at or after the position where a path left its
/// parent, since earlier spurs were already tried from the parent with fewer closures) and a
/// candidate list capped at the number of paths still needed.
///
/// Removal is done on one working copy of the weights (closing arcs by setting `UInt32.max`; the root's
/// closures grow by one node per spur position and are restored once per accepted path, the next-arc closures
/// after each spur search) and one reused `DijkstraQuery`, so memory is
/// O(n + m + k·L) for paths of at most L arcs — never k copies of per-node arrays. Spur searches
/// are A* searches guided by the exact distances to the target in the unmodified graph (one
/// reverse Dijkstra up front), a consistent potential since closing arcs only lengthens paths.
///
/// Determinism: the result is sorted by (length, then arcs lexicographically). When several paths
/// tie in length at the k-th place, which of them are returned is deterministic but not
/// necessarily the lexicographically smallest.
///
/// Complexity: O(k · L · (m + n log n)) time in the worst case (each spur search is one A* search
/// with early stop); in practice each spur search touches only nodes near the spur path.
public enum KShortestPaths {
    /// Up to `k` shortest loopless paths from `source` to `target`, sorted by (length, arcs).
    /// Returns fewer when fewer simple paths exist; `[]` when `target` is unreachable. When
    /// `source == target` the only simple path is the empty one.
    public static func yen(graph: CSRGraph, from source: UInt32, to target: UInt32, k: Int,
                           weights: [UInt32], query: DijkstraQuery? = nil) -> [Path] {
        precondition(weights.count == graph.arcCount, "weights must have one entry per arc")
        precondition(Int(source) < graph.nodeCount && Int(target) < graph.nodeCount, "node out of range")
        if k <= 0 { return [] }
        let dijkstra = query ?? DijkstraQuery(graph: graph)
        precondition(dijkstra.graph.nodeCount == graph.nodeCount, "query built for another graph")
        guard let first = dijkstra.shortestPath(from: source, to: target, weights: weights) else { return [] }
        if source == target { return [first] }
        // Exact distances to the target in the full graph: closing arcs only lengthens paths, so
        // they are a consistent A* potential for every spur search, which then explores little
        // more than the near-shortest spur paths.
        let toTarget = distancesToTarget(dijkstra, target, weights)

        var accepted: [Path] = [first]
        var deviation: [Int] = [0]  // position where each accepted path left its parent
        var candidates: [(path: Path, deviation: Int)] = []  // sorted by Path.precedes
        var seen = Set<[UInt32]>([first.arcs])  // arcs of accepted paths and current candidates
        var work = weights
        var closed: [Int] = []

        func close(_ a: Int) {
            if work[a] != .max { work[a] = .max; closed.append(a) }
        }

        while accepted.count < k {
            let last = accepted[accepted.count - 1]
            let needed = k - accepted.count
            let firstSpur = deviation[accepted.count - 1]
            // Root closures grow by one node per spur position, so they are applied incrementally and restored
            // once per accepted path (O(L) closures instead of O(L²)); likewise which accepted paths share the
            // current root is updated one arc at a time.
            var rootClosed: [Int] = []
            func closeRoot(_ a: Int) {
                if work[a] != .max { work[a] = .max; rootClosed.append(a) }
            }
            let inArcs = graph.inArcs
            for r in last.nodes[0..<firstSpur] {
                for p in graph.inArcPositions(of: r) { closeRoot(Int(inArcs[p])) }
            }
            var sharesRoot = accepted.map { $0.arcs.count >= firstSpur && $0.arcs[0..<firstSpur] == last.arcs[0..<firstSpur] }
            var rootLength: UInt64 = 0
            for a in last.arcs[0..<firstSpur] { rootLength += UInt64(weights[Int(a)]) }
            for i in firstSpur..<last.arcs.count {
                if i > firstSpur {
                    // Node i − 1 joins the root: no path may revisit it; the root gains arc i − 1.
                    for p in graph.inArcPositions(of: last.nodes[i - 1]) { closeRoot(Int(inArcs[p])) }
                    let a = last.arcs[i - 1]
                    rootLength += UInt64(weights[Int(a)])
                    for j in sharesRoot.indices where sharesRoot[j] {
                        sharesRoot[j] = accepted[j].arcs.count >= i && accepted[j].arcs[i - 1] == a
                    }
                }
                let spur = last.nodes[i]
                // Paths that share this root already used these next arcs.
                for (j, path) in accepted.enumerated() where sharesRoot[j] && path.arcs.count > i {
                    close(Int(path.arcs[i]))
                }
                if toTarget[Int(spur)] != .max,
                   let spurPath = dijkstra.shortestPath(from: spur, to: target, weights: work, potential: { toTarget[Int($0)] }) {
                    let rootArcs = last.arcs[0..<i]
                    let arcs = Array(rootArcs) + spurPath.arcs
                    if !seen.contains(arcs) {
                        let length = rootLength + spurPath.length
                        let nodes = Array(last.nodes[0..<i]) + spurPath.nodes
                        let candidate = Path(arcs: arcs, nodes: nodes, length: length)
                        let worst = candidates.last?.path
                        if candidates.count < needed || Path.precedes(candidate, worst!) {
                            seen.insert(arcs)
                            let at = insertionIndex(candidates, candidate)
                            candidates.insert((candidate, i), at: at)
                            // A dropped candidate is strictly worse than `needed` others, so it can
                            // never be needed; forgetting it keeps memory O(k·L).
                            if candidates.count > needed { seen.remove(candidates.removeLast().path.arcs) }
                        }
                    }
                }
                for a in closed { work[a] = weights[a] }
                closed.removeAll(keepingCapacity: true)
            }
            for a in rootClosed { work[a] = weights[a] }
            if candidates.isEmpty { break }
            let next = candidates.removeFirst()
            accepted.append(next.path)
            deviation.append(next.deviation)
        }
        return accepted.sorted(by: Path.precedes)
    }

    /// Distances from every node to `target` (reverse one-to-all), `UInt64.max` if it cannot reach it.
    static func distancesToTarget(_ query: DijkstraQuery, _ target: UInt32, _ weights: [UInt32]) -> [UInt64] {
        query.run(from: target, weights: weights, direction: .reverse)
        var d = [UInt64](repeating: .max, count: query.graph.nodeCount)
        for v in query.settledNodes { d[Int(v)] = query.distance(to: v) }
        return d
    }

    private static func insertionIndex(_ list: [(path: Path, deviation: Int)], _ p: Path) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Path.precedes(list[mid].path, p) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
