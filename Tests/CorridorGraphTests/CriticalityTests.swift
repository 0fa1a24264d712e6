import Foundation
import Testing
@testable import CorridorGraph

@Suite struct CriticalityTests {
    /// Every element's impact equals recomputing both measures from scratch with the reference solver.
    @Test func impactsMatchRecomputationFromScratch() throws {
        for seed in UInt64(0)..<60 {
            let net = FlowRandomNetworks.make(seed: seed, lowerBounds: false, negativeCosts: false)
            var rng = FlowTestRNG(seed: seed ^ 0xABCD)
            var elements: [[UInt32]] = (0..<net.arcCount).map { [UInt32($0)] }
            for v in 0..<net.nodeCount { elements.append(Criticality.incidentArcs(of: UInt32(v), in: net)) }
            for _ in 0..<5 where net.arcCount > 0 {
                elements.append((0..<3).map { _ in UInt32.random(in: 0..<UInt32(net.arcCount), using: &rng) })
            }
            let report = try Criticality.rank(net, elements: elements)
            let (f0, c0) = FlowReference.maxFlowMinCost(net)
            #expect(report.baselineThroughput == f0 && report.baselineCost == c0, "seed \(seed)")
            #expect(report.ranking.count == elements.count)
            #expect(Set(report.ranking.map(\.element)) == Set(0..<elements.count))
            for impact in report.ranking {
                var damaged = net
                for a in elements[impact.element] { damaged.capacities[Int(a)] = 0 }
                let (f1, c1) = FlowReference.maxFlowMinCost(damaged)
                let intactCost = FlowReference.maxFlowMinCost(net, limit: f1).cost
                #expect(impact.throughputLost == f0 - f1, "seed \(seed) element \(impact.element)")
                #expect(impact.costAdded == c1 - intactCost, "seed \(seed) element \(impact.element)")
            }
            // Ranking order: throughput lost desc, cost added desc, index asc.
            for (x, y) in zip(report.ranking, report.ranking.dropFirst()) {
                #expect((x.throughputLost, x.costAdded, -x.element) > (y.throughputLost, y.costAdded, -y.element))
            }
        }
    }

    @Test func sourcesAndSinksVariantAgreesWithMaxFlow() throws {
        for seed in UInt64(900)..<960 {
            var net = FlowRandomNetworks.make(seed: seed, lowerBounds: false, negativeCosts: false)
            net.supplies = net.supplies.map { _ in 0 }
            let elements = (0..<net.arcCount).map { [UInt32($0)] }
            let t = UInt32(net.nodeCount - 1)
            let report = try Criticality.rank(net, sources: [0], sinks: [t], elements: elements)
            let before = try MaxFlow.solve(net, source: 0, sink: t).value
            #expect(report.baselineThroughput == before)
            for impact in report.ranking {
                var damaged = net
                damaged.capacities[impact.element] = 0
                #expect(impact.throughputLost == before - (try MaxFlow.solve(damaged, source: 0, sink: t).value))
            }
        }
    }

    @Test func flowFreeElementsAreSkipped() throws {
        var net = FlowNetwork(nodeCount: 3)
        net.addArc(from: 0, to: 2, capacity: 5, cost: 1)
        net.addArc(from: 0, to: 1, capacity: 5, cost: 5)
        net.addArc(from: 1, to: 2, capacity: 5, cost: 5)
        net.supplies = [4, 0, -4]
        let report = try Criticality.rank(net, elements: [[1], [0], [2]])
        // Losing the cheap arc (element 1) reroutes 4 units over cost 10 instead of 1.
        #expect(report.ranking.map(\.element) == [1, 0, 2])
        #expect(report.ranking[0] == ElementImpact(element: 1, throughputLost: 0, costAdded: 36, recomputed: true))
        #expect(!report.ranking[1].recomputed && !report.ranking[2].recomputed)
    }

    /// Grid with both arc directions, every edge an element. `side` 40 gives 6,240 arcs (the release-build
    /// benchmark, `CORRIDOR_GRID_SIDE=40`); the debug-build default is 16 (960 arcs).
    @Test func gridRanksQuickly() throws {
        var rng = FlowTestRNG(seed: 42)
        let side = Int(ProcessInfo.processInfo.environment["CORRIDOR_GRID_SIDE"] ?? "") ?? 16
        var net = FlowNetwork(nodeCount: side * side)
        var elements: [[UInt32]] = []
        for r in 0..<side {
            for c in 0..<side {
                let v = UInt32(r * side + c)
                for (dr, dc) in [(0, 1), (1, 0)] where r + dr < side && c + dc < side {
                    let w = UInt32((r + dr) * side + c + dc)
                    let cap = Int64.random(in: 5...50, using: &rng), cost = Int64.random(in: 1...100, using: &rng)
                    let a = net.addArc(from: v, to: w, capacity: cap, cost: cost)
                    let b = net.addArc(from: w, to: v, capacity: cap, cost: cost)
                    elements.append([a, b])
                }
            }
        }
        net.supplies[0] = 200
        net.supplies[side - 1] = 100
        net.supplies[side * side - 1] = -250
        net.supplies[side * (side - 1)] = -100
        let clock = ContinuousClock()
        let started = clock.now
        let report = try Criticality.rank(net, elements: elements)
        let elapsed = clock.now - started
        #expect(report.ranking.count == elements.count)
        #expect(elapsed < .seconds(30))
        print("criticality grid \(side)×\(side), \(net.arcCount) arcs, \(elements.count) elements: \(elapsed)")
        // Spot-check the top element against a from-scratch solve.
        let top = report.ranking[0]
        var damaged = net
        for a in elements[top.element] { damaged.capacities[Int(a)] = 0 }
        let after = try MinCostFlow.maximumFlowAtMinimumCost(damaged)
        #expect(report.baselineThroughput - after.shipped == top.throughputLost)
    }
}
