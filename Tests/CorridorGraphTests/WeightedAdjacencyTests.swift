import Testing
@testable import CorridorGraph

@Suite struct WeightedAdjacencyTests {
    /// Everything a run exposes: settle order, distances, parents.
    func snapshot(_ q: DijkstraQuery, _ n: Int) -> [String] {
        [q.settledNodes.map(String.init).joined(separator: ","),
         (0..<UInt32(n)).map { String(q.distance(to: $0)) }.joined(separator: ","),
         (0..<UInt32(n)).map { q.parentArc(of: $0).map(String.init) ?? "-" }.joined(separator: ",")]
    }

    @Test func preparedRunsEqualRunsOnTheWeightsAndBellmanFord() {
        var rng = SplitMix64(seed: 11)
        for round in 0..<400 {
            let n = 1 + rng.below(25)
            var wg = randomGraph(&rng, nodes: n, arcs: rng.below(4 * n + 1), maxWeight: rng.below(3) == 0 ? 3 : 1000)
            // Some rounds with weights near 2³² (compact heap keys wrap their low 32 bits).
            if round % 5 == 0 {
                for a in wg.weights.indices where wg.weights[a] != .max && rng.below(2) == 0 {
                    wg.weights[a] = UInt32.max - 1 - UInt32(rng.below(3))
                }
            }
            let adjacency = WeightedAdjacency(graph: wg.graph, weights: wg.weights)
            let reference = DijkstraQuery(graph: wg.graph)
            let prepared = DijkstraQuery(graph: wg.graph)
            for _ in 0..<3 {  // reuse both query objects
                let sources = (0..<(1 + rng.below(3))).map { _ -> (node: UInt32, initialDistance: UInt64) in
                    let d: UInt64
                    switch rng.below(4) {
                    case 0: d = UInt64(rng.below(5))
                    case 1: d = (UInt64(1) << 32) - 2 + UInt64(rng.below(5))  // seeds across a 2³² boundary
                    case 2: d = (UInt64(1) << 40) + UInt64(rng.below(5))  // seeds spanning ≥ 2³²: fallback
                    default: d = UInt64.max - UInt64(rng.below(1 << 20))  // may overflow: fallback
                    }
                    return (UInt32(rng.below(n)), d)
                }
                let budget: UInt64 = rng.below(3) == 0 ? sources[0].initialDistance &+ UInt64(rng.below(3000)) : .max
                for direction in [DijkstraQuery.Direction.forward, .reverse] {
                    reference.run(sources: sources, weights: wg.weights, direction: direction, budget: budget)
                    prepared.run(sources: sources, adjacency: adjacency, direction: direction, budget: budget)
                    #expect(snapshot(prepared, n) == snapshot(reference, n), "round \(round) \(direction)")
                    if budget == .max && sources.allSatisfy({ $0.initialDistance < 1 << 41 }) {  // the reference sums without overflow checks
                        let bf = bellmanFord(wg.graph, wg.weights, sources: sources.map { ($0.node, $0.initialDistance) },
                                             reverse: direction == .reverse)
                        #expect((0..<UInt32(n)).map { prepared.distance(to: $0) } == bf)
                    }
                }
                let s = UInt32(rng.below(n))
                reference.run(from: s, weights: wg.weights)
                prepared.run(from: s, adjacency: adjacency)
                #expect(snapshot(prepared, n) == snapshot(reference, n))
            }
            #expect(adjacency.maxWeight == wg.weights.filter { $0 != .max }.max() ?? 0)
            #expect(adjacency.weights == wg.weights)
        }
    }

    @Test func compactRadixHeapPopsInKeyThenNodeOrder() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<400 {
            var heap = CompactRadixHeap()
            defer { heap.deallocate() }
            var model: [(key: UInt64, node: UInt32)] = []
            let start = rng.below(2) == 0 ? UInt64(rng.below(100)) : (UInt64(1) << 32) - UInt64(rng.below(100)) + (UInt64(rng.below(4)) << 40)
            heap.last = start
            let span = [3, 50, 5000, Int(UInt32.max - 1)][rng.below(4)]  // one slot, the window, high buckets
            for _ in 0..<(1 + rng.below(200)) {
                if rng.below(3) != 0 || model.isEmpty {
                    let key = heap.last + UInt64(rng.below(span))
                    let node = UInt32(rng.below(40))
                    heap.push(key, node)
                    model.append((key, node))
                } else {
                    heap.prepareMin()
                    let i = model.indices.min { (model[$0].key, model[$0].node) < (model[$1].key, model[$1].node) }!
                    #expect(heap.last == model[i].key && heap.topNode == model[i].node)
                    heap.removeTop()
                    model.remove(at: i)
                }
                #expect(heap.count == model.count)
            }
        }
    }
}
