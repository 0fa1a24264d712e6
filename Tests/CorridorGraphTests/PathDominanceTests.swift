import Testing
@testable import CorridorGraph

@Suite struct PathDominanceTests {
    /// Every simple path from a source to a sink over arcs of positive capacity (the brute-force peer), as arc lists.
    static func simplePaths(_ net: FlowNetwork, sources: [UInt32], sinks: Set<UInt32>) -> [[Int]] {
        var paths: [[Int]] = []
        func extend(_ v: Int, _ onPath: inout Set<Int>, _ arcs: inout [Int]) {
            if sinks.contains(UInt32(v)) && !arcs.isEmpty { paths.append(arcs) }
            for a in 0..<net.arcCount where Int(net.tails[a]) == v && net.capacities[a] > 0 && !onPath.contains(Int(net.heads[a])) {
                onPath.insert(Int(net.heads[a])); arcs.append(a)
                extend(Int(net.heads[a]), &onPath, &arcs)
                arcs.removeLast(); onPath.remove(Int(net.heads[a]))
            }
        }
        for s in sources {
            var onPath: Set<Int> = [Int(s)], arcs: [Int] = []
            extend(Int(s), &onPath, &arcs)
        }
        return paths
    }

    /// Each reported dominance holds on every simple source–sink path (sound: what the interdiction's exactness needs)
    /// on seeded random small graphs with zero capacities, loops and multi-arc elements. (An element on a walk but
    /// on no simple path, through a cycle, may be reported dominated: then the claim holds for no path at all.)
    @Test func dominanceMatchesPathEnumeration() {
        var reported = 0
        for seed in UInt64(0)..<80 {
            var rng = FlowTestRNG(seed: seed)
            let n = Int.random(in: 3...7, using: &rng)
            var net = FlowNetwork(nodeCount: n)
            for _ in 0..<Int.random(in: n...(3 * n), using: &rng) {
                let t = UInt32.random(in: 0..<UInt32(n), using: &rng), h = UInt32.random(in: 0..<UInt32(n), using: &rng)
                net.addArc(from: t, to: h, capacity: Int64.random(in: 0...3, using: &rng))
            }
            let m = net.arcCount
            var elements: [[UInt32]] = (0..<m).map { [UInt32($0)] }
            for _ in 0..<4 { elements.append((0..<2).map { _ in UInt32.random(in: 0..<UInt32(m), using: &rng) }) }
            let sources: [UInt32] = [0], sinks: [UInt32] = [UInt32(n - 1)]
            let dominators = PathDominance.dominators(net, sources: sources, sinks: sinks, elements: elements)
            let paths = Self.simplePaths(net, sources: sources, sinks: Set(sinks)).map(Set.init)
            for i in elements.indices {
                let through = paths.filter { p in elements[i].contains { p.contains(Int($0)) } }
                for j in dominators[i] {
                    #expect(j != i)
                    for p in through { #expect(elements[j].contains { p.contains(Int($0)) }, "seed \(seed): \(j) ⊁ \(i)") }
                    reported += 1
                }
            }
        }
        #expect(reported > 50)
    }

    /// Pieces in series on one corridor dominate each other; a junction dominates the pieces only reachable through
    /// it; of two parallel corridors, neither dominates the other.
    @Test func seriesParallelAndJunction() {
        // 0 → 1 → 2 → 3 (series), 3 → 4 and 3 → 5 → 4 (parallel after the junction 3), sink 4.
        var net = FlowNetwork(nodeCount: 6)
        for (t, h) in [(0, 1), (1, 2), (2, 3), (3, 4), (3, 5), (5, 4)] { net.addArc(from: UInt32(t), to: UInt32(h), capacity: 5) }
        let junction: [UInt32] = [2, 3, 4]  // the arcs at node 3
        let d = PathDominance.dominators(net, sources: [0], sinks: [4], elements: [[0], [1], [2], [3], [4], [5], junction])
        #expect(d[0] == [1, 2, 6] && d[1] == [0, 2, 6] && d[2] == [0, 1, 6])
        #expect(d[3] == [0, 1, 2, 6] && d[4] == [0, 1, 2, 5, 6] && d[5] == [0, 1, 2, 4, 6])
        #expect(d[6] == [0, 1, 2])
    }
}
