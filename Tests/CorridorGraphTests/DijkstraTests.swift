import Dispatch
import Testing
@testable import CorridorGraph

@Suite struct IndexedHeapTests {
    @Test func popsInKeyThenNodeOrderWithDecreaseKey() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let n = 1 + rng.below(60)
            let heap = IndexedHeap(capacity: n)
            var model: [UInt32: UInt64] = [:]
            for _ in 0..<(3 * n) {
                let v = UInt32(rng.below(n))
                let k = UInt64(rng.below(20))
                if let old = model[v] {
                    if k < old { heap.decreaseKey(v, to: k); model[v] = k }
                } else { heap.insert(v, key: k); model[v] = k }
                #expect(heap.key(of: v) == model[v])
                if rng.below(4) == 0, let top = heap.popMin() {
                    let expected = model.min { ($0.value, $0.key) < ($1.value, $1.key) }!
                    #expect(top.node == expected.key && top.key == expected.value)
                    model[top.node] = nil
                    #expect(!heap.contains(top.node))
                }
            }
            #expect(heap.count == model.count)
            heap.removeAll()
            #expect(heap.isEmpty && (0..<UInt32(n)).allSatisfy { !heap.contains($0) })
        }
    }
}

@Suite struct DijkstraTests {
    @Test func oneToAllMatchesBellmanFordOnRandomGraphs() {
        var rng = SplitMix64(seed: 1)
        for round in 0..<2000 {
            let n = 1 + rng.below(25)
            let wg = randomGraph(&rng, nodes: n, arcs: rng.below(4 * n + 1))
            let q = DijkstraQuery(graph: wg.graph)
            // Several sources with initial distances, both directions; the query object is reused.
            let sourceCount = 1 + rng.below(3)
            let sources = (0..<sourceCount).map { _ in (node: UInt32(rng.below(n)), initialDistance: UInt64(rng.below(5))) }
            for reverse in [false, true] {
                q.run(sources: sources, weights: wg.weights, direction: reverse ? .reverse : .forward)
                let bf = bellmanFord(wg.graph, wg.weights, sources: sources.map { ($0.node, $0.initialDistance) }, reverse: reverse)
                let got = (0..<UInt32(n)).map { q.distance(to: $0) }
                #expect(got == bf, "round \(round) reverse \(reverse)")
                // Paths: contiguous, right ends, length consistent with distances.
                for v in 0..<UInt32(n) where bf[Int(v)] != .max {
                    guard let p = q.path(to: v) else { Issue.record("no path to reached node"); continue }
                    let start = reverse ? p.end : p.start
                    let d0 = sources.filter { $0.node == start }.map(\.initialDistance).min()
                    #expect(d0 != nil)
                    #expect(isValidPath(p, wg.graph, wg.weights, from: p.start, to: p.end))
                    #expect((reverse ? p.start : p.end) == v)
                    #expect(p.length + (d0 ?? 0) == bf[Int(v)])
                }
                // Settled order: non-decreasing distance, each reached node exactly once.
                let keys = q.settledNodes.map { q.distance(to: $0) }
                #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
                #expect(q.settledNodes.sorted() == (0..<UInt32(n)).filter { bf[Int($0)] != .max })
            }
        }
    }

    @Test func oneToOneAndOneToManyAgreeWithOneToAll() {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<1000 {
            let n = 1 + rng.below(30)
            let wg = randomGraph(&rng, nodes: n, arcs: rng.below(3 * n + 1))
            let q = DijkstraQuery(graph: wg.graph)
            let s = UInt32(rng.below(n))
            q.run(from: s, weights: wg.weights)
            let all = (0..<UInt32(n)).map { q.distance(to: $0) }
            let allPaths = (0..<UInt32(n)).map { q.path(to: $0) }
            let t = UInt32(rng.below(n))
            let p = q.shortestPath(from: s, to: t, weights: wg.weights)
            #expect(p?.length ?? .max == all[Int(t)])
            // Early stop settles nodes in the same order, so the path is the same one.
            #expect(p == allPaths[Int(t)])
            if let p { #expect(isValidPath(p, wg.graph, wg.weights, from: s, to: t)) }
            let targets = (0..<rng.below(5)).map { _ in UInt32(rng.below(n)) }
            #expect(q.distances(from: s, to: targets, weights: wg.weights) == targets.map { all[Int($0)] })
            // Many-to-one (reverse) equals one-to-all from each target.
            let back = q.distances(from: s, to: targets, weights: wg.weights, direction: .reverse)
            for (i, t2) in targets.enumerated() {
                q.run(from: t2, weights: wg.weights)
                #expect(back[i] == q.distance(to: s))
            }
        }
    }

    @Test func handBuiltExample() {
        // 0 →(4) 1 →(1) 3,  0 →(1) 2 →(1) 1,  2 →(5) 3,  3 →(1) 0; closed 0 → 3.
        let tails: [UInt32] = [0, 0, 0, 1, 2, 2, 3]
        let heads: [UInt32] = [1, 2, 3, 3, 1, 3, 0]
        let w: [UInt32] = [4, 1, .max, 1, 1, 5, 1]
        let g = CSRGraph(nodeCount: 4, sortedTails: tails, heads: heads)
        let q = DijkstraQuery(graph: g)
        let p = q.shortestPath(from: 0, to: 3, weights: w)
        // By hand: 0→2 (1), 2→1 (1), 1→3 (1) = 3, beating 0→1→3 (5) and 0→2→3 (6).
        #expect(p == Path(arcs: [1, 4, 3], nodes: [0, 2, 1, 3], length: 3))
        q.run(from: 0, weights: w)
        #expect((0..<4).map { q.distance(to: UInt32($0)) } == [0, 2, 1, 3])
        #expect(q.shortestPath(from: 3, to: 3, weights: w) == Path(arcs: [], nodes: [3], length: 0))
        // Closing 1→3 and 2→3 disconnects 3.
        var closed = w
        closed[3] = .max; closed[5] = .max
        #expect(q.shortestPath(from: 0, to: 3, weights: closed) == nil)
        // Ties: two equal routes 0→1→3 and 0→2→3 of length 2; the one through the smaller node wins.
        let g2 = CSRGraph(nodeCount: 4, sortedTails: [0, 0, 1, 2], heads: [2, 1, 3, 3])
        #expect(q.graph.nodeCount == 4)
        let q2 = DijkstraQuery(graph: g2)
        #expect(q2.shortestPath(from: 0, to: 3, weights: [1, 1, 1, 1])?.nodes == [0, 1, 3])
    }

    @Test func hugeWeightsAndInitialDistances() {
        // Exercises the radix heap's high buckets and mixes tiny and huge keys.
        var rng = SplitMix64(seed: 9)
        for _ in 0..<300 {
            let n = 1 + rng.below(20)
            var wg = randomGraph(&rng, nodes: n, arcs: rng.below(4 * n + 1))
            for a in wg.weights.indices where wg.weights[a] != .max && rng.below(2) == 0 {
                wg.weights[a] = UInt32.max - 1 - UInt32(rng.below(1000))
            }
            let sources = (0..<(1 + rng.below(3))).map { _ in
                (node: UInt32(rng.below(n)), initialDistance: rng.below(2) == 0 ? UInt64(rng.below(10)) : (UInt64(1) << 62) + UInt64(rng.below(1 << 40)))
            }
            let q = DijkstraQuery(graph: wg.graph)
            q.run(sources: sources, weights: wg.weights)
            let bf = bellmanFord(wg.graph, wg.weights, sources: sources.map { ($0.node, $0.initialDistance) })
            #expect((0..<UInt32(n)).map { q.distance(to: $0) } == bf)
        }
    }

    @Test func concurrentQueriesOnOneGraph() {
        var rng = SplitMix64(seed: 12)
        let wg = randomGraph(&rng, nodes: 400, arcs: 1600, maxWeight: 100)
        let sources = (0..<16).map { _ in UInt32(rng.below(400)) }
        let expected = sources.map { bellmanFord(wg.graph, wg.weights, sources: [($0, 0)]) }
        final class Results: @unchecked Sendable {  // each slot written by one thread only
            var rows: [[UInt64]]
            init(_ count: Int) { rows = Array(repeating: [], count: count) }
        }
        let results = Results(sources.count)
        let graph = wg.graph, weights = wg.weights
        results.rows.withUnsafeMutableBufferPointer { rows in
            nonisolated(unsafe) let rows = rows
            DispatchQueue.concurrentPerform(iterations: 4) { worker in
                let q = DijkstraQuery(graph: graph)  // one query per thread, shared immutable graph
                for i in stride(from: worker, to: sources.count, by: 4) {
                    q.run(from: sources[i], weights: weights)
                    rows[i] = (0..<UInt32(400)).map { q.distance(to: $0) }
                }
            }
        }
        #expect(results.rows == expected)
    }

    @Test func budgetStopsAtTheBudget() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<500 {
            let n = 1 + rng.below(25)
            let wg = randomGraph(&rng, nodes: n, arcs: rng.below(4 * n + 1))
            let s = UInt32(rng.below(n))
            let budget = UInt64(rng.below(40))
            let bf = bellmanFord(wg.graph, wg.weights, sources: [(s, 0)])
            let q = DijkstraQuery(graph: wg.graph)
            q.run(sources: [(s, 0)], weights: wg.weights, budget: budget)
            #expect((0..<UInt32(n)).map { q.distance(to: $0) } == bf.map { $0 <= budget ? $0 : .max })
        }
    }
}

@Suite struct AStarAndBidirectionalTests {
    /// Larger graphs with large weights: many radix-heap buckets and window moves on both sides.
    @Test func bidirectionalEqualsDijkstraOnLargerGraphs() {
        var rng = SplitMix64(seed: 19)
        for round in 0..<8 {
            let n = 200 + rng.below(800)
            let wg = randomGraph(&rng, nodes: n, arcs: 3 * n, maxWeight: round % 2 == 0 ? 10_000 : 3)
            let q = DijkstraQuery(graph: wg.graph)
            let bidi = BidirectionalDijkstra(graph: wg.graph)
            for _ in 0..<40 {
                let s = UInt32(rng.below(n)), t = UInt32(rng.below(n))
                let expected = q.shortestPath(from: s, to: t, weights: wg.weights)
                let got = bidi.shortestPath(from: s, to: t, weights: wg.weights)
                #expect(got?.length == expected?.length, "round \(round) \(s) → \(t)")
                if let got { #expect(isValidPath(got, wg.graph, wg.weights, from: s, to: t)) }
            }
        }
    }

    @Test func agreeWithDijkstra() {
        var rng = SplitMix64(seed: 4)
        for _ in 0..<1500 {
            let n = 1 + rng.below(30)
            let wg = randomGraph(&rng, nodes: n, arcs: rng.below(4 * n + 1))
            let q = DijkstraQuery(graph: wg.graph)
            let bidi = BidirectionalDijkstra(graph: wg.graph)
            for _ in 0..<3 {
                let s = UInt32(rng.below(n)), t = UInt32(rng.below(n))
                let toT = bellmanFord(wg.graph, wg.weights, sources: [(t, 0)], reverse: true)
                let expected = bellmanFord(wg.graph, wg.weights, sources: [(s, 0)])[Int(t)]
                // Zero and exact remaining distance are both consistent potentials.
                let zero = q.shortestPath(from: s, to: t, weights: wg.weights, potential: { _ in 0 })
                // The potential is evaluated lazily, at most once per node and search (a fresh count per search).
                var calls = [Int](repeating: 0, count: n)
                let exact = q.shortestPath(from: s, to: t, weights: wg.weights, potential: { calls[Int($0)] += 1; return toT[Int($0)] })
                #expect(calls.allSatisfy { $0 <= 1 })
                calls = [Int](repeating: 0, count: n)
                _ = q.shortestPath(from: s, to: t, weights: wg.weights, potential: { calls[Int($0)] += 1; return toT[Int($0)] })
                #expect(calls.allSatisfy { $0 <= 1 } && (toT[Int(s)] == .max || calls[Int(s)] == 1))
                let b = bidi.shortestPath(from: s, to: t, weights: wg.weights)
                for p in [zero, exact, b] {
                    #expect(p?.length ?? .max == expected)
                    if let p { #expect(isValidPath(p, wg.graph, wg.weights, from: s, to: t)) }
                }
            }
        }
    }
}
