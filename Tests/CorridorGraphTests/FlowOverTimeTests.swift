import Testing
@testable import CorridorGraph

/// Small random networks with integer transit times (costs), for flows over time and cut membership.
enum TransitNetworks {
    static func make(seed: UInt64, maxNodes: Int = 9, maxTransit: Int64 = 4, zeroCapacities: Bool = true) -> (FlowNetwork, UInt32, UInt32) {
        var rng = SplitMix64(seed: seed)
        let n = Int.random(in: 2...maxNodes, using: &rng)
        let m = Int.random(in: 1...(3 * n), using: &rng)
        var net = FlowNetwork(nodeCount: n)
        for _ in 0..<m {
            let u = UInt32.random(in: 0..<UInt32(n), using: &rng)
            var v = UInt32.random(in: 0..<UInt32(n), using: &rng)
            if v == u { v = (u + 1) % UInt32(n) }
            let cap = zeroCapacities && rng.below(8) == 0 ? 0 : Int64.random(in: 1...9, using: &rng)
            net.addArc(from: u, to: v, capacity: cap, cost: Int64.random(in: 0...maxTransit, using: &rng))
        }
        let s = UInt32(rng.below(n))
        var t = UInt32(rng.below(n))
        if t == s { t = (s + 1) % UInt32(n) }
        return (net, s, t)
    }
}

@Suite struct FlowOverTimeTests {
    /// The continuous profile, the temporally repeated flow and the time-expanded network agree on every integer
    /// horizon of small random networks (integer transit times).
    @Test func profileEqualsTimeExpandedNetwork() throws {
        for seed in UInt64(0)..<300 {
            let (net, s, t) = TransitNetworks.make(seed: seed)
            let profile = try FlowOverTime.profile(net, source: s, sink: t)
            for horizon in 0...12 {
                let expanded = try TimeExpandedNetwork.maximumFlow(net, source: s, sink: t, horizon: horizon)
                #expect(profile.value(atHorizon: Int64(horizon)) == expanded, "seed \(seed) horizon \(horizon)")
                #expect(profile.value(atHorizon: Double(horizon)) == Double(expanded), "seed \(seed) horizon \(horizon)")
                let repeated = try FlowOverTime.temporallyRepeatedFlow(net, source: s, sink: t, horizon: Int64(horizon))
                #expect(repeated.value == expanded, "seed \(seed) horizon \(horizon)")
                // Every path fits the horizon, and the plan's arrivals by the horizon are its value.
                #expect(repeated.paths.allSatisfy { $0.transit <= Int64(horizon) && $0.rate > 0 })
                #expect(repeated.arrived(by: Double(horizon)) == Double(expanded))
                // The paths carry a flow that respects capacities and is conserved.
                var load = [Int64](repeating: 0, count: net.arcCount)
                for p in repeated.paths {
                    #expect(net.tails[Int(p.arcs.first!)] == s && net.heads[Int(p.arcs.last!)] == t)
                    for (a, b) in zip(p.arcs, p.arcs.dropFirst()) { #expect(net.heads[Int(a)] == net.tails[Int(b)]) }
                    #expect(p.transit == p.arcs.reduce(0) { $0 + net.costs[Int($1)] })
                    for a in p.arcs { load[Int(a)] += p.rate }
                }
                for a in 0..<net.arcCount { #expect(load[a] <= net.capacities[a], "seed \(seed) arc \(a)") }
            }
        }
    }

    /// The long-run rate is the static maximum flow, and beyond the longest step each unit of time adds exactly it.
    @Test func rateTendsToStaticMaximumFlow() throws {
        for seed in UInt64(1000)..<1200 {
            let (net, s, t) = TransitNetworks.make(seed: seed, maxNodes: 14, maxTransit: 30)
            let profile = try FlowOverTime.profile(net, source: s, sink: t)
            let maxFlow = try MaxFlow.solve(net, source: s, sink: t).value
            #expect(profile.maximumRate == maxFlow, "seed \(seed)")
            let last = profile.steps.last?.transit ?? 0
            let a = profile.value(atHorizon: last + 100)!, b = profile.value(atHorizon: last + 101)!
            #expect(b - a == maxFlow)
            // Transits increase strictly and rates are positive.
            #expect(zip(profile.steps, profile.steps.dropFirst()).allSatisfy { $0.transit < $1.transit })
            #expect(profile.steps.allSatisfy { $0.rate > 0 })
            if maxFlow > 0 {
                let big = Double(a) + 12.5
                let when = try #require(profile.earliestHorizon(delivering: big))
                #expect(abs(profile.value(atHorizon: when) - big) < 1e-6 * max(1, big))
                #expect(profile.value(atHorizon: when - 1e-3) < big)
            } else {
                #expect(profile.earliestHorizon(delivering: 1) == nil)
            }
        }
    }

    /// A path network by hand: 2 units per step on a path of transit 3, 1 unit on a parallel one of transit 5.
    @Test func handExample() throws {
        var net = FlowNetwork(nodeCount: 4)
        net.addArc(from: 0, to: 1, capacity: 2, cost: 1)
        net.addArc(from: 1, to: 3, capacity: 2, cost: 2)
        net.addArc(from: 0, to: 2, capacity: 1, cost: 4)
        net.addArc(from: 2, to: 3, capacity: 5, cost: 1)
        let profile = try FlowOverTime.profile(net, source: 0, sink: 3)
        #expect(profile.steps == [.init(transit: 3, rate: 2), .init(transit: 5, rate: 1)])
        #expect(profile.value(atHorizon: Int64(3)) == 0)
        let at10: Int64? = profile.value(atHorizon: Int64(10))
        #expect(at10 == Int64(2 * 7 + 1 * 5))
        #expect(profile.earliestHorizon(delivering: 4) == 5)
        #expect(profile.earliestHorizon(delivering: 7) == 6)
    }

    @Test func invalidInputs() {
        var net = FlowNetwork(nodeCount: 2)
        net.addArc(from: 0, to: 1, capacity: 1, cost: -1)
        #expect(throws: FlowError.self) { try FlowOverTime.profile(net, source: 0, sink: 1) }
        var infinite = FlowNetwork(nodeCount: 2)
        infinite.addArc(from: 0, to: 1, capacity: FlowNetwork.infiniteCapacity, cost: 1)
        #expect(throws: FlowError.unbounded) { try FlowOverTime.profile(infinite, source: 0, sink: 1) }
        #expect(throws: FlowError.unbounded) { try FlowOverTime.temporallyRepeatedFlow(infinite, source: 0, sink: 1, horizon: 5) }
    }
}

@Suite struct MinimumCutMembershipTests {
    /// Against every source-side node set of small random networks: an arc is flagged exactly when some set of
    /// minimum capacity has it leaving.
    @Test func equalsEnumerationOfAllCuts() throws {
        for seed in UInt64(0)..<600 {
            let (net, s, t) = TransitNetworks.make(seed: seed &+ 5000, maxNodes: 8)
            let solved = try MaxFlow.solve(net, source: s, sink: t)
            let flagged = MinimumCutMembership.arcsInSomeMinimumCut(net, flow: solved.flow, source: s, sink: t)
            let n = net.nodeCount
            var best = Int64.max
            var inSome = [Bool](repeating: false, count: net.arcCount)
            for mask in 0..<(1 << n) where mask & (1 << Int(s)) != 0 && mask & (1 << Int(t)) == 0 {
                var capacity: Int64 = 0
                var leaving: [Int] = []
                for a in 0..<net.arcCount where mask & (1 << Int(net.tails[a])) != 0 && mask & (1 << Int(net.heads[a])) == 0 {
                    capacity += net.capacities[a]
                    if net.capacities[a] > 0 { leaving.append(a) }
                }
                if capacity < best { best = capacity; inSome = [Bool](repeating: false, count: net.arcCount) }
                if capacity == best { for a in leaving { inSome[a] = true } }
            }
            #expect(best == solved.value, "seed \(seed)")
            #expect(flagged == inSome, "seed \(seed)")
            // The cut the max flow reports is one of them.
            for a in solved.cutArcs { #expect(flagged[Int(a)], "seed \(seed) arc \(a)") }
        }
    }
}
