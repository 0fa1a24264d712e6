import Testing
@testable import CorridorGraph

@Suite struct KShortestPathsTests {
    @Test func yenMatchesBruteForceOnSmallGraphs() {
        var rng = SplitMix64(seed: 11)
        var instancesWithSeveralPaths = 0
        for round in 0..<1500 {
            // Dense-ish small multigraphs (plus the generic generator now and then) so that
            // most instances have several simple paths.
            let n = 1 + rng.below(8)
            let wg = round % 4 == 0
                ? randomGraph(&rng, nodes: n, arcs: n + rng.below(3 * n + 1), maxWeight: 6, closedShare: 5)
                : denseGraph(&rng, nodes: n)
            let s = UInt32(rng.below(n)), t = UInt32(rng.below(n))
            let k = 1 + rng.below(12)
            let yen = KShortestPaths.yen(graph: wg.graph, from: s, to: t, k: k, weights: wg.weights)
            let all = allSimplePaths(wg.graph, wg.weights, from: s, to: t).sorted(by: Path.precedes)
            let expectedCount = min(k, all.count)
            if expectedCount >= 3 { instancesWithSeveralPaths += 1 }
            #expect(yen.count == expectedCount, "round \(round)")
            // Same lengths as the k best simple paths (which tied paths appear at the cut may differ).
            #expect(yen.map(\.length) == all.prefix(expectedCount).map(\.length), "round \(round)")
            for p in yen {
                #expect(isValidPath(p, wg.graph, wg.weights, from: s, to: t))
                #expect(Set(p.nodes).count == p.nodes.count, "loopless")
            }
            #expect(Set(yen.map(\.arcs)).count == yen.count, "distinct")
            #expect(zip(yen, yen.dropFirst()).allSatisfy { Path.precedes($0, $1) }, "sorted")
        }
        #expect(instancesWithSeveralPaths > 150)  // the random instances do exercise Yen
    }

    func denseGraph(_ rng: inout SplitMix64, nodes n: Int) -> WeightedGraph {
        var tails = [UInt32](), heads = [UInt32](), ws = [UInt32]()
        for u in 0..<UInt32(n) { for v in 0..<UInt32(n) where rng.below(100) < 35 {
            let copies = rng.below(6) == 0 ? 2 : 1  // parallel arcs
            for _ in 0..<copies {
                tails.append(u); heads.append(v)
                ws.append(rng.below(20) == 0 ? .max : UInt32(rng.below(7)))
            }
        } }
        let (g, order) = CSRGraph.build(nodeCount: n, tails: tails, heads: heads)
        return WeightedGraph(graph: g, weights: order.map { ws[Int($0)] })
    }

    @Test func handBuiltDiamond() {
        // 0→1 (1), 0→2 (2), 1→3 (1), 2→3 (1), 1→2 (0): paths 0-1-3 (2), 0-1-2-3 (2), 0-2-3 (3).
        let (g, order) = CSRGraph.build(nodeCount: 4, tails: [0, 0, 1, 2, 1], heads: [1, 2, 3, 3, 2])
        let w0: [UInt32] = [1, 2, 1, 1, 0]
        let w = order.map { w0[Int($0)] }
        let paths = KShortestPaths.yen(graph: g, from: 0, to: 3, k: 5, weights: w)
        #expect(paths.map(\.nodes) == [[0, 1, 2, 3], [0, 1, 3], [0, 2, 3]] || paths.map(\.nodes) == [[0, 1, 3], [0, 1, 2, 3], [0, 2, 3]])
        #expect(paths.map(\.length) == [2, 2, 3])
    }

    @Test func largeGridStaysCheap() {
        // A 300x300 grid: k = 10 must not copy per-node arrays per path.
        let side = 300
        var tails = [UInt32](), heads = [UInt32](), ws = [UInt32]()
        var rng = SplitMix64(seed: 5)
        for r in 0..<side { for c in 0..<side {
            let v = UInt32(r * side + c)
            if c + 1 < side { tails += [v, v + 1]; heads += [v + 1, v]; let x = UInt32(1 + rng.below(100)); ws += [x, x] }
            if r + 1 < side { tails += [v, v + UInt32(side)]; heads += [v + UInt32(side), v]; let x = UInt32(1 + rng.below(100)); ws += [x, x] }
        } }
        let (g, order) = CSRGraph.build(nodeCount: side * side, tails: tails, heads: heads)
        let w = order.map { ws[Int($0)] }
        let paths = KShortestPaths.yen(graph: g, from: 0, to: UInt32(side * 10 + 10), k: 10, weights: w)
        #expect(paths.count == 10)
        #expect(zip(paths, paths.dropFirst()).allSatisfy { $0.length <= $1.length })
    }
}
