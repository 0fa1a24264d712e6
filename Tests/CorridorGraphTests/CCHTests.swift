import Foundation
import Testing
@testable import CorridorGraph

/// Customizable contraction hierarchies against Dijkstra: every pair on small random graphs (zero weights,
/// parallel arcs, self loops, closed arcs, disconnected parts) and grids, many pairs on rome99.
@Suite struct CCHTests {
    /// Checks every (source, target) pair of `sources` × all nodes: distance equal to Dijkstra's, and for every
    /// `pathEvery`-th pair a valid input path of that length (nil exactly when unreachable).
    func checkAgainstDijkstra(_ wg: WeightedGraph, _ query: CCHQuery, sources: [UInt32], pathEvery: Int = 1) {
        let dijkstra = DijkstraQuery(graph: wg.graph)
        var pair = 0
        for s in sources {
            dijkstra.run(from: s, weights: wg.weights)
            for t in 0..<UInt32(wg.graph.nodeCount) {
                let expected = dijkstra.distance(to: t)
                let got = query.distance(from: s, to: t)
                #expect(got == expected, "distance \(s) → \(t)")
                if got != expected { return }
                pair += 1
                if pair % pathEvery == 0 {
                    let path = query.shortestPath(from: s, to: t)
                    if expected == .max {
                        #expect(path == nil)
                    } else {
                        #expect(path.map { isValidPath($0, wg.graph, wg.weights, from: s, to: t) && $0.length == expected } == true,
                                "path \(s) → \(t)")
                    }
                }
            }
        }
    }

    func grid(_ rng: inout SplitMix64, width: Int, height: Int, maxWeight: Int = 100) -> (WeightedGraph, x: [Double], y: [Double]) {
        var tails: [UInt32] = [], heads: [UInt32] = [], ws: [UInt32] = []
        func add(_ u: Int, _ v: Int) {
            tails.append(UInt32(u)); heads.append(UInt32(v)); ws.append(UInt32(1 + rng.below(maxWeight)))
            tails.append(UInt32(v)); heads.append(UInt32(u)); ws.append(UInt32(1 + rng.below(maxWeight)))
        }
        for r in 0..<height {
            for c in 0..<width {
                if c + 1 < width { add(r * width + c, r * width + c + 1) }
                if r + 1 < height { add(r * width + c, (r + 1) * width + c) }
            }
        }
        let (g, order) = CSRGraph.build(nodeCount: width * height, tails: tails, heads: heads)
        let x = (0..<width * height).map { Double($0 % width) }, y = (0..<width * height).map { Double($0 / width) }
        return (WeightedGraph(graph: g, weights: order.map { ws[Int($0)] }), x, y)
    }

    @Test func nestedDissectionOrderIsAPermutationWithContiguousParts() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<60 {
            let n = 1 + rng.below(300)
            let wg = randomGraph(&rng, nodes: n, arcs: rng.below(3 * n + 1))
            let order = NestedDissection.order(graph: wg.graph)
            #expect(order.sorted() == Array(0..<UInt32(n)))
        }
        let (g, x, y) = grid(&rng, width: 30, height: 20)
        for coordinates in [nil, (x: x, y: y)] {
            let order = NestedDissection.order(graph: g.graph, coordinates: coordinates)
            #expect(order.sorted() == Array(0..<UInt32(600)))
            // A grid's top separator is a short line: the elimination tree stays far below n.
            let cch = CustomizableContractionHierarchy(graph: g.graph, order: order)
            #expect(cch.eliminationTreeHeight < 120, "height \(cch.eliminationTreeHeight)")
            #expect(NestedDissection.order(graph: g.graph, coordinates: coordinates) == order, "deterministic")
        }
    }

    @Test func everyPairOnRandomGraphsEqualsDijkstra() throws {
        var rng = SplitMix64(seed: 5)
        for round in 0..<240 {
            let n = 1 + rng.below(round < 200 ? 30 : 100)
            let wg = randomGraph(&rng, nodes: n, arcs: rng.below(4 * n + 1))
            // Nested dissection, and arbitrary orders (the hierarchy is exact for any order).
            var order = NestedDissection.order(graph: wg.graph)
            if round % 3 == 1 { order = Array(0..<UInt32(n)) }
            if round % 3 == 2 { order.shuffle(using: &rng) }
            let cch = CustomizableContractionHierarchy(graph: wg.graph, order: order)
            let metric = try CCHMetric(hierarchy: cch, weights: wg.weights, threads: round % 2 + 1)
            checkAgainstDijkstra(wg, CCHQuery(metric: metric), sources: Array(0..<UInt32(n)), pathEvery: 3)
        }
    }

    @Test func everyPairOnGridsEqualsDijkstraWithAndWithoutCoordinates() throws {
        var rng = SplitMix64(seed: 9)
        for (width, height) in [(1, 1), (1, 9), (7, 5), (13, 11)] {
            let (wg, x, y) = grid(&rng, width: width, height: height)
            for coordinates in [nil, (x: x, y: y)] {
                let cch = CustomizableContractionHierarchy(graph: wg.graph,
                                                           order: NestedDissection.order(graph: wg.graph, coordinates: coordinates))
                let metric = try CCHMetric(hierarchy: cch, weights: wg.weights, threads: 2)
                checkAgainstDijkstra(wg, CCHQuery(metric: metric), sources: Array(0..<UInt32(width * height)), pathEvery: 7)
            }
        }
    }

    @Test func recustomizationWithNewWeightsAndClosures() throws {
        var rng = SplitMix64(seed: 21)
        let (wg, _, _) = grid(&rng, width: 12, height: 10)
        let cch = CustomizableContractionHierarchy(graph: wg.graph, order: NestedDissection.order(graph: wg.graph))
        let metric = try CCHMetric(hierarchy: cch, weights: wg.weights)
        let query = CCHQuery(metric: metric)
        for round in 0..<6 {
            // New weights (zeros included), then a restricted view: closed arcs are infinite weights.
            var weights = wg.weights.map { _ in UInt32(rng.below(50)) }
            if round % 2 == 1 { for a in weights.indices where rng.below(4) == 0 { weights[a] = .max } }
            try metric.customize(weights: weights, threads: round % 2 + 1)
            checkAgainstDijkstra(WeightedGraph(graph: wg.graph, weights: weights), query,
                                 sources: Array(0..<UInt32(wg.graph.nodeCount)), pathEvery: 5)
        }
        // Everything closed: nothing is reachable but the node itself.
        try metric.customize(weights: wg.weights.map { _ in .max })
        #expect(query.distance(from: 0, to: 1) == .max && query.shortestPath(from: 0, to: 1) == nil)
        #expect(query.distance(from: 3, to: 3) == 0 && query.shortestPath(from: 3, to: 3)?.nodes == [3])
    }

    @Test func parallelCustomizationEqualsSerial() throws {
        var rng = SplitMix64(seed: 33)
        let (wg, _, _) = grid(&rng, width: 40, height: 30)
        let cch = CustomizableContractionHierarchy(graph: wg.graph, order: NestedDissection.order(graph: wg.graph))
        let serial = try CCHMetric(hierarchy: cch, weights: wg.weights, threads: 1)
        for threads in [2, 3, 8] {
            let parallel = try CCHMetric(hierarchy: cch, weights: wg.weights, threads: threads)
            #expect((0..<2 * cch.edgeCount).allSatisfy { serial.weight[$0] == parallel.weight[$0] })
        }
        let plan = serial.parallelPlan(threads: 2)
        #expect(plan.pieceOf.contains { $0 >= 0 } && Set(plan.threadOf).count == 2)
    }

    @Test func parallelArcsZeroWeightsAndSelfLoops() throws {
        // 0 ⇄ 1 by three parallel arcs, a zero-weight detour 0 → 2 → 1, a self loop, an isolated node 3.
        let tails: [UInt32] = [0, 0, 0, 1, 0, 2, 2, 1]
        let heads: [UInt32] = [1, 1, 1, 0, 2, 1, 2, 0]
        let ws: [UInt32] = [7, 5, .max, 4, 3, 0, 0, 9]
        let (g, order) = CSRGraph.build(nodeCount: 4, tails: tails, heads: heads)
        let wg = WeightedGraph(graph: g, weights: order.map { ws[Int($0)] })
        let cch = CustomizableContractionHierarchy(graph: g, order: NestedDissection.order(graph: g))
        let query = CCHQuery(metric: try CCHMetric(hierarchy: cch, weights: wg.weights))
        #expect(query.distance(from: 0, to: 1) == 3)
        #expect(query.distance(from: 1, to: 0) == 4)
        #expect(query.distance(from: 0, to: 3) == .max && query.distance(from: 3, to: 0) == .max)
        checkAgainstDijkstra(wg, query, sources: [0, 1, 2, 3])
    }

    @Test func overflowingShortcutsAndBadWeightCountsAreErrors() throws {
        // A path of three arcs of weight 2³¹, the middle node contracted first: the shortcut 0 → 2 needs 33 bits.
        let (g, _) = CSRGraph.build(nodeCount: 4, tails: [0, 1, 2], heads: [1, 2, 3])
        let cch = CustomizableContractionHierarchy(graph: g, order: [1, 0, 2, 3])
        #expect(throws: CCHError.distanceOverflow) { try CCHMetric(hierarchy: cch, weights: [1 << 31, 1 << 31, 1 << 31]) }
        #expect(throws: CCHError.weightCount(expected: 3, got: 2)) { try CCHMetric(hierarchy: cch, weights: [1, 2]) }
        let fine = try CCHMetric(hierarchy: cch, weights: [1 << 30, 1 << 30, 1 << 30])
        #expect(CCHQuery(metric: fine).distance(from: 0, to: 3) == 3 << 30)
        // Query distances are 64-bit: long paths of fitting shortcuts are exact.
        let long = try CCHMetric(hierarchy: CustomizableContractionHierarchy(graph: g, order: [0, 1, 2, 3]),
                                 weights: [1 << 31, 1 << 31, 1 << 31])
        #expect(CCHQuery(metric: long).distance(from: 0, to: 3) == 3 << 31)
    }

    @Test(.enabled(if: FlowBenchFiles.available, "needs ../shared/bench and xz"))
    func rome99PairsEqualDijkstra() throws {
        let problem = try DIMACS.readShortestPath(try FlowBenchFiles.decompress("road/rome99.gr.xz"))
        let (g, order) = CSRGraph.build(nodeCount: problem.nodeCount, tails: problem.tails, heads: problem.heads)
        let wg = WeightedGraph(graph: g, weights: order.map { UInt32(problem.weights[Int($0)]) })
        let cch = CustomizableContractionHierarchy(graph: g, order: NestedDissection.order(graph: g))
        let query = CCHQuery(metric: try CCHMetric(hierarchy: cch, weights: wg.weights, threads: 2))
        // 24 sources spread over the ids × every target (80k pairs), a path checked for every 97th.
        let n = UInt32(g.nodeCount)
        checkAgainstDijkstra(wg, query, sources: (0..<24).map { UInt32($0) * (n / 24) }, pathEvery: 97)
    }
}
