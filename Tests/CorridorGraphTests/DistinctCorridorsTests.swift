import Testing
@testable import CorridorGraph

@Suite struct DistinctCorridorsTests {
    /// Independent overlap measure: share of `c`'s (group-deduplicated) length on groups used by `a`.
    func overlap(_ c: Path, _ a: Path, group: [UInt32], length: [UInt64]) -> Double {
        let aGroups = Set(a.arcs.map { group[Int($0)] })
        var seen = Set<UInt32>(), total: UInt64 = 0, shared: UInt64 = 0
        for x in c.arcs where seen.insert(group[Int(x)]).inserted {
            total += length[Int(x)]
            if aGroups.contains(group[Int(x)]) { shared += length[Int(x)] }
        }
        return total == 0 ? 0 : Double(shared) / Double(total)
    }

    @Test func respectOverlapBoundAndStartWithShortest() {
        var rng = SplitMix64(seed: 21)
        var instancesWithAlternatives = 0
        for _ in 0..<600 {
            let n = 2 + rng.below(30)
            let wg = randomGraph(&rng, nodes: n, arcs: rng.below(5 * n + 1), maxWeight: 30, closedShare: 5)
            let m = wg.graph.arcCount
            let lengths = (0..<m).map { _ in UInt64(1 + rng.below(50)) }
            // Group arcs u→v and v→u together (one undirected road) by their unordered end pair.
            let groups = (0..<m).map { a -> UInt32 in
                let u = wg.graph.tail[a], v = wg.graph.head[a]
                return min(u, v) * UInt32(n) + max(u, v)
            }
            let s = UInt32(rng.below(n)), t = UInt32(rng.below(n))
            let k = 1 + rng.below(4)
            let maxOverlap = [0.0, 0.3, 0.5, 0.8][rng.below(4)]
            let found = DistinctCorridors.find(graph: wg.graph, from: s, to: t, k: k, weights: wg.weights,
                                               overlapLength: lengths, groupOfArc: groups, maxOverlap: maxOverlap)
            let bf = bellmanFord(wg.graph, wg.weights, sources: [(s, 0)])[Int(t)]
            if bf == .max { #expect(found.isEmpty); continue }
            #expect(!found.isEmpty && found.count <= k)
            #expect(found.first?.length == bf)
            for (i, p) in found.enumerated() {
                #expect(isValidPath(p, wg.graph, wg.weights, from: s, to: t))
                for a in found[..<i] where s != t {
                    #expect(overlap(p, a, group: groups, length: lengths) <= maxOverlap)
                }
            }
            #expect(Set(found.map(\.arcs)).count == found.count)
            if found.count >= 2 { instancesWithAlternatives += 1 }
        }
        #expect(instancesWithAlternatives > 50)
    }

    @Test func handBuiltParallelRoutes() {
        // Two disjoint routes 0-1-3 (length 2) and 0-2-3 (length 4), plus a shortcut 1→2 (0).
        let tails: [UInt32] = [0, 0, 1, 1, 2]
        let heads: [UInt32] = [1, 2, 2, 3, 3]
        let g = CSRGraph(nodeCount: 4, sortedTails: tails, heads: heads)
        let w: [UInt32] = [1, 2, 0, 1, 2]
        let found = DistinctCorridors.find(graph: g, from: 0, to: 3, k: 3, weights: w,
                                           overlapLength: [10, 10, 1, 10, 10], maxOverlap: 0.0, penaltyFactor: 2)
        #expect(found.map(\.nodes) == [[0, 1, 3], [0, 2, 3]])
        #expect(found.map(\.length) == [2, 4])
    }
}
