import Testing
@testable import CorridorGraph

@Suite struct MaxFlowTests {
    func check(_ net: FlowNetwork, _ s: UInt32, _ t: UInt32, seed: UInt64) throws {
        let result = try MaxFlow.solve(net, source: s, sink: t)
        #expect(result.value == FlowReference.maxFlow(net, Int(s), Int(t)), "seed \(seed)")
        // A valid flow of that value.
        let out = FlowChecks.netOutflow(net, result.flow)
        for v in 0..<net.nodeCount where v != Int(s) && v != Int(t) { #expect(out[v] == 0, "seed \(seed) node \(v)") }
        #expect(out[Int(s)] == result.value && out[Int(t)] == -result.value)
        for a in 0..<net.arcCount { #expect(result.flow[a] >= 0 && result.flow[a] <= net.capacities[a]) }
        // The cut: capacity equals the value, arcs sorted, source side = residual reachability.
        #expect(result.cutArcs.map { net.capacities[Int($0)] }.reduce(0, +) == result.value, "seed \(seed)")
        #expect(result.cutArcs == result.cutArcs.sorted())
        #expect(result.sourceSide[Int(s)] && !result.sourceSide[Int(t)])
        var reach = [Bool](repeating: false, count: net.nodeCount)
        reach[Int(s)] = true
        var changed = true
        while changed {
            changed = false
            for a in 0..<net.arcCount {
                let (u, v) = (Int(net.tails[a]), Int(net.heads[a]))
                if reach[u] && !reach[v] && result.flow[a] < net.capacities[a] { reach[v] = true; changed = true }
                if reach[v] && !reach[u] && result.flow[a] > 0 { reach[u] = true; changed = true }
            }
        }
        #expect(reach == result.sourceSide, "seed \(seed)")
        // Removing the cut arcs disconnects the sink.
        var cutOff = net
        for a in result.cutArcs { cutOff.capacities[Int(a)] = 0 }
        #expect(FlowReference.maxFlow(cutOff, Int(s), Int(t)) == 0, "seed \(seed)")
    }

    @Test func randomInstancesMatchEdmondsKarpAndCut() throws {
        for seed in UInt64(0)..<2000 {
            var rng = FlowTestRNG(seed: seed &+ 777)
            let net = FlowRandomNetworks.make(seed: seed, lowerBounds: false)
            let s = UInt32.random(in: 0..<UInt32(net.nodeCount), using: &rng)
            var t = UInt32.random(in: 0..<UInt32(net.nodeCount), using: &rng)
            if t == s { t = (s + 1) % UInt32(net.nodeCount) }
            try check(net, s, t, seed: seed)
        }
    }

    @Test func layeredInstancesExerciseGapsAndGlobalRelabel() throws {
        for seed in UInt64(0)..<60 {
            var rng = FlowTestRNG(seed: seed)
            let width = Int.random(in: 2...8, using: &rng), layers = Int.random(in: 2...12, using: &rng)
            var net = FlowNetwork(nodeCount: width * layers + 2)
            let s = UInt32(width * layers), t = s + 1
            for i in 0..<width {
                net.addArc(from: s, to: UInt32(i), capacity: Int64.random(in: 1...100, using: &rng))
                net.addArc(from: UInt32((layers - 1) * width + i), to: t, capacity: Int64.random(in: 1...100, using: &rng))
            }
            for l in 0..<(layers - 1) {
                for _ in 0..<(3 * width) {
                    let u = UInt32(l * width + Int.random(in: 0..<width, using: &rng))
                    let v = UInt32((l + 1) * width + Int.random(in: 0..<width, using: &rng))
                    net.addArc(from: u, to: v, capacity: Int64.random(in: 1...60, using: &rng))
                    if Bool.random(using: &rng) { net.addArc(from: v, to: u, capacity: Int64.random(in: 1...30, using: &rng)) }
                }
            }
            try check(net, s, t, seed: seed)
        }
    }

    @Test func multipleSourcesAndSinksMatchSuperTerminals() throws {
        for seed in UInt64(5000)..<5300 {
            let net = FlowRandomNetworks.make(seed: seed, lowerBounds: false)
            guard net.nodeCount >= 4 else { continue }
            let sources: [UInt32] = [0, 1], sinks: [UInt32] = [UInt32(net.nodeCount - 1), UInt32(net.nodeCount - 2)]
            let result = try MaxFlow.solve(net, sources: sources, sinks: sinks)
            var extended = net
            extended.nodeCount += 2
            extended.supplies += [0, 0]
            let big: Int64 = 1_000_000
            for v in sources { extended.addArc(from: UInt32(net.nodeCount), to: v, capacity: big) }
            for v in sinks { extended.addArc(from: v, to: UInt32(net.nodeCount + 1), capacity: big) }
            #expect(result.value == FlowReference.maxFlow(extended, net.nodeCount, net.nodeCount + 1), "seed \(seed)")
            #expect(result.flow.count == net.arcCount && result.sourceSide.count == net.nodeCount)
            #expect(result.cutArcs.map { net.capacities[Int($0)] }.reduce(0, +) == result.value)
        }
    }

    @Test func infiniteCapacities() throws {
        var net = FlowNetwork(nodeCount: 3)
        net.addArc(from: 0, to: 1, capacity: FlowNetwork.infiniteCapacity)
        net.addArc(from: 1, to: 2, capacity: 5)
        net.addArc(from: 1, to: 2, capacity: FlowNetwork.infiniteCapacity / 2)
        let r = try MaxFlow.solve(net, source: 0, sink: 2)
        #expect(r.value == 5 + FlowNetwork.infiniteCapacity / 2)
        net.capacities[2] = FlowNetwork.infiniteCapacity
        #expect(throws: FlowError.unbounded) { try MaxFlow.solve(net, source: 0, sink: 2) }
        var overflow = FlowNetwork(nodeCount: 2)
        overflow.addArc(from: 0, to: 1, capacity: Int64.max - 1)
        overflow.addArc(from: 0, to: 1, capacity: Int64.max - 1)
        #expect(throws: FlowError.self) { try MaxFlow.solve(overflow, source: 0, sink: 1) }
    }

    @Test func badTerminalsAreRejected() {
        let net = FlowNetwork(nodeCount: 2)
        #expect(throws: FlowError.self) { try MaxFlow.solve(net, source: 0, sink: 0) }
        #expect(throws: FlowError.self) { try MaxFlow.solve(net, source: 0, sink: 9) }
        #expect(throws: FlowError.self) { try MaxFlow.solve(net, sources: [0], sinks: [0, 1]) }
    }
}
