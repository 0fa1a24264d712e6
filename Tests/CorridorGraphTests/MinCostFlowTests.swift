import Testing
@testable import CorridorGraph

@Suite struct MinCostFlowTests {
    /// Checks a result against the reference and the optimality conditions.
    func check(_ net: FlowNetwork, seed: UInt64) throws {
        let result = try MinCostFlow.solve(net)
        let reference = FlowReference.minCostFlow(net)
        let total = net.supplies.reduce(0, +)
        switch result.status {
        case .optimal:
            #expect(reference == result.totalCost, "seed \(seed)")
            let flow = result.flow
            for a in 0..<net.arcCount {
                #expect(flow[a] >= net.lowerBounds[a] && flow[a] <= net.capacities[a], "seed \(seed) arc \(a)")
            }
            let net0 = FlowChecks.netOutflow(net, flow)
            for v in 0..<net.nodeCount {
                if total > 0 && net.supplies[v] > 0 {
                    #expect(net0[v] >= 0 && net0[v] <= net.supplies[v], "seed \(seed) node \(v)")
                } else {
                    #expect(net0[v] == net.supplies[v], "seed \(seed) node \(v)")
                }
            }
            #expect(zip(flow, net.costs).map { $0 * $1 }.reduce(0, +) == result.totalCost)
            #expect(FlowChecks.reducedCostViolation(net, flow, result.potentials) == nil, "seed \(seed)")
        case .infeasible(let shortfalls):
            #expect(reference == nil, "seed \(seed): reference found cost \(String(describing: reference))")
            #expect(!shortfalls.isEmpty || total > 0, "seed \(seed)")
            if total <= 0 {
                // The certificate flow is balanced except by exactly the reported shortfalls.
                var amount = [Int64](repeating: 0, count: net.nodeCount)
                for s in shortfalls { amount[Int(s.node)] = s.amount }
                let out = FlowChecks.netOutflow(net, result.flow)
                for v in 0..<net.nodeCount { #expect(out[v] == net.supplies[v] - amount[v], "seed \(seed) node \(v)") }
                for a in 0..<net.arcCount {
                    #expect(result.flow[a] >= net.lowerBounds[a] && result.flow[a] <= net.capacities[a])
                }
            }
        case .unbounded:
            Issue.record("seed \(seed): unbounded with finite capacities")
        }
    }

    @Test func randomBalancedInstancesMatchSuccessiveShortestPaths() throws {
        for seed in UInt64(0)..<1500 { try check(FlowRandomNetworks.make(seed: seed), seed: seed) }
    }

    @Test func randomExcessSupplyInstances() throws {
        for seed in UInt64(10_000)..<10_500 { try check(FlowRandomNetworks.make(seed: seed, balance: 1), seed: seed) }
    }

    @Test func randomExcessDemandInstancesAreInfeasible() throws {
        for seed in UInt64(20_000)..<20_300 {
            let net = FlowRandomNetworks.make(seed: seed, balance: -1)
            try check(net, seed: seed)
            if case .optimal = try MinCostFlow.solve(net).status { Issue.record("seed \(seed) optimal") }
        }
    }

    @Test func maximumFlowAtMinimumCostMatchesReference() throws {
        for seed in UInt64(30_000)..<30_800 {
            let net = FlowRandomNetworks.make(seed: seed, lowerBounds: false, negativeCosts: false, balance: seed % 3 == 0 ? -1 : 0)
            let result = try MinCostFlow.maximumFlowAtMinimumCost(net)
            let reference = FlowReference.maxFlowMinCost(net)
            #expect(result.status == .optimal)
            #expect(result.shipped == reference.flow, "seed \(seed)")
            #expect(result.totalCost == reference.cost, "seed \(seed)")
            #expect(FlowChecks.reducedCostViolation(net, result.flow, result.potentials) == nil, "seed \(seed)")
            let out = FlowChecks.netOutflow(net, result.flow)
            for v in 0..<net.nodeCount {
                let b = net.supplies[v]
                #expect(b > 0 ? (0...b).contains(out[v]) : b < 0 ? (b...0).contains(out[v]) : out[v] == 0, "seed \(seed)")
            }
            // With a limit: the minimum cost of shipping that much.
            if reference.flow > 1 {
                let limit = reference.flow / 2
                let limited = try MinCostFlow.maximumFlowAtMinimumCost(net, flowLimit: limit)
                #expect(limited.shipped == limit)
                #expect(limited.totalCost == FlowReference.maxFlowMinCost(net, limit: limit).cost, "seed \(seed)")
            }
        }
    }

    @Test func maximumFlowAtMinimumCostWithNegativeCostsIsOptimal() throws {
        for seed in UInt64(40_000)..<40_400 {
            let net = FlowRandomNetworks.make(seed: seed, lowerBounds: true, negativeCosts: true)
            let result = try MinCostFlow.maximumFlowAtMinimumCost(net)
            guard result.status == .optimal else { continue }
            #expect(FlowChecks.reducedCostViolation(net, result.flow, result.potentials) == nil, "seed \(seed)")
            // Throughput equals the maximum flow between super terminals when there are no lower bounds.
            if !net.lowerBounds.contains(where: { $0 > 0 }) {
                var zeroCost = net
                zeroCost.costs = zeroCost.costs.map { _ in 0 }
                #expect(result.shipped == FlowReference.maxFlowMinCost(zeroCost).flow, "seed \(seed)")
            }
        }
    }

    @Test func negativeCycleOfInfiniteCapacityIsUnbounded() throws {
        var net = FlowNetwork(nodeCount: 3)
        net.addArc(from: 0, to: 1, capacity: FlowNetwork.infiniteCapacity, cost: 1)
        net.addArc(from: 1, to: 2, capacity: FlowNetwork.infiniteCapacity, cost: -3)
        net.addArc(from: 2, to: 0, capacity: FlowNetwork.infiniteCapacity, cost: 1)
        #expect(try MinCostFlow.solve(net).status == .unbounded)
        // Same cycle with one finite arc: bounded, cost −capacity.
        net.capacities[1] = 7
        let bounded = try MinCostFlow.solve(net)
        #expect(bounded.status == .optimal && bounded.totalCost == -7)
    }

    @Test func infiniteCapacitiesInRandomInstancesAgreeWithLargeFiniteOnes() throws {
        for seed in UInt64(50_000)..<50_300 {
            var net = FlowRandomNetworks.make(seed: seed, lowerBounds: false, negativeCosts: false)
            var finite = net
            for a in 0..<net.arcCount where a % 3 == 0 {
                net.capacities[a] = FlowNetwork.infiniteCapacity
                finite.capacities[a] = 1_000_000
            }
            let r1 = try MinCostFlow.solve(net), r2 = try MinCostFlow.solve(finite)
            #expect(r1.status == r2.status || (r1.status != .optimal && r2.status != .optimal), "seed \(seed)")
            if r1.status == .optimal { #expect(r1.totalCost == r2.totalCost, "seed \(seed)") }
        }
    }

    @Test func overflowIsReportedNotTrapped() {
        var net = FlowNetwork(nodeCount: 2)
        net.addArc(from: 0, to: 1, capacity: 10, cost: Int64.max / 2)
        net.supplies = [1, -1]
        #expect(throws: FlowError.self) { try MinCostFlow.solve(net) }
        var big = FlowNetwork(nodeCount: 3)
        big.supplies = [Int64.max, Int64.max, 0]
        #expect(throws: FlowError.self) { try MinCostFlow.solve(big) }
        var product = FlowNetwork(nodeCount: 2)
        product.addArc(from: 0, to: 1, capacity: Int64.max / 4, cost: 1 << 40)
        product.supplies = [Int64.max / 4, -(Int64.max / 4)]
        #expect(throws: FlowError.overflow("flow × cost on arc 0")) { try MinCostFlow.solve(product) }
    }

    @Test func invalidNetworksAreRejected() {
        var net = FlowNetwork(nodeCount: 2)
        net.addArc(from: 0, to: 5, capacity: 1)
        #expect(throws: FlowError.self) { try MinCostFlow.solve(net) }
        var low = FlowNetwork(nodeCount: 2)
        low.addArc(from: 0, to: 1, lowerBound: 3, capacity: 2)
        #expect(throws: FlowError.self) { try MinCostFlow.solve(low) }
    }

    @Test func emptyAndTrivialNetworks() throws {
        let empty = try MinCostFlow.solve(FlowNetwork(nodeCount: 0))
        #expect(empty.status == .optimal && empty.totalCost == 0)
        var lone = FlowNetwork(nodeCount: 2)
        lone.supplies = [4, -4]
        #expect(try MinCostFlow.solve(lone).status == .infeasible([
            FlowShortfall(node: 0, amount: 4), FlowShortfall(node: 1, amount: -4),
        ]))
    }
}
