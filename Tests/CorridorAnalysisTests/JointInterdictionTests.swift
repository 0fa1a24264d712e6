import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Interdiction and the per-unit evaluation on networks with shared capacities (dual-gauge pieces, single track,
/// crossings and terminals joining layers), against brute force whose evaluator is the flow LP (`FlowAnalyzer.
/// evaluate`, the arc formulation with every capacity constraint) on the view without the removed elements' edges.
@Suite("Interdiction with joint capacities")
struct JointInterdictionTests {
    /// The peer: the maximum throughput from `origins` to `destinations` (pooled, `amount` each) with the edges of
    /// `closed` at capacity 0, every shared capacity jointly.
    static func peer(_ net: Network, closed: Set<Int>, origins: [String], destinations: [String], amount: Int64) throws -> Double {
        // Removed edges at capacity 0 rather than closed, so that the sites snap to the same nodes as in the evaluator.
        var view = NetworkView(network: net)
        for e in closed { view.scaleCapacity(ofEdge: e, by: 0) }
        let request = FlowRequest(origins: origins.map { FlowSite(.place($0), tonnesPerDay: amount) },
                                  destinations: destinations.map { FlowSite(.place($0), tonnesPerDay: amount) })
        // Every edge at a site closed: nothing gets through (places are farther apart than the snap limit).
        guard let evaluation = try? FlowAnalyzer(view: view).evaluate(request) else { return 0 }
        return evaluation.maxThroughputTonnesPerDay
    }

    /// Every element as the interdiction lists it, with the edges it removes (`ElementOwners`).
    static func elements(_ evaluator: UnitEvaluator) -> [(ElementReference, Set<Int>)] {
        let owners = ElementOwners(network: evaluator.view.network)
        return evaluator.elements.map { ($0, Set(owners.edges(kind: $0.kind, id: $0.id).map(Int.init))) }
    }

    /// `peer` remembered per closed set.
    final class PeerMemo {
        let network: Network, origins: [String], destinations: [String], amount: Int64
        var known: [Set<Int>: Double] = [:]
        init(network: Network, origins: [String], destinations: [String], amount: Int64) {
            self.network = network; self.origins = origins; self.destinations = destinations; self.amount = amount
        }
        func value(_ closed: Set<Int>) throws -> Double {
            if let v = known[closed] { return v }
            let v = try JointInterdictionTests.peer(network, closed: closed, origins: origins, destinations: destinations, amount: amount)
            known[closed] = v
            return v
        }
    }

    struct Case: Sendable {
        var network: Network
        var origins: [String], destinations: [String]
    }

    /// `c` ready for a test: its analyzer, its sites (`amount` t/day each), the unit evaluator and the elements it
    /// lists; nil when the evaluator cannot be made.
    static func setUp(_ c: Case, amount: Int64) -> (analyzer: FlowAnalyzer, origins: [FlowSite], destinations: [FlowSite],
                                                   evaluator: UnitEvaluator, elements: [(ElementReference, Set<Int>)])? {
        let analyzer = FlowAnalyzer(network: c.network)
        let origins = c.origins.map { FlowSite(.place($0), tonnesPerDay: amount) }
        let destinations = c.destinations.map { FlowSite(.place($0), tonnesPerDay: amount) }
        guard let evaluator = try? UnitEvaluator(analyzer: analyzer, origins: origins, destinations: destinations) else { return nil }
        return (analyzer, origins, destinations, evaluator, elements(evaluator))
    }

    /// Random multimodal instances with two or three sites, built once for both tests.
    static let cases: [Case] = {
        (UInt64(0)..<16).compactMap { seed in
            let inst = MulticommodityInstance.make(seed: 11_000 + seed)
            let places = inst.network.places.places.map(\.name)
            guard places.count >= 3 else { return nil }
            return Case(network: inst.network, origins: [places[0]], destinations: seed % 2 == 0 ? [places.last!] : [places[1], places.last!])
        }
    }()

    /// The resilience curve (k = 0, 1, 2) of the MIP and of the enumeration equals brute force over every subset of
    /// at most k elements, and the throughput intact is the flow LP's; on some instances the shared capacities must
    /// matter (the layered network's maximum flow is higher).
    @Test func curveEqualsBruteForce() throws {
        var sharedMatters = 0, checked = 0
        for (i, c) in Self.cases.enumerated() {
            let amount: Int64 = 500
            guard case let (analyzer, origins, destinations, evaluator, elements)? = Self.setUp(c, amount: amount) else { continue }
            let memo = PeerMemo(network: c.network, origins: c.origins, destinations: c.destinations, amount: amount)
            let intact = try memo.value([])
            let layered = try MaxFlow.solve(evaluator.base.network, source: evaluator.base.source, sink: evaluator.base.sink).value
            if Double(layered) > intact + 1e-6 { sharedMatters += 1 }
            #expect(abs(Double(try evaluator.evaluate().throughputTonnesPerDay) - intact) <= 0.5 + 1e-9, "case \(i)")
            for method in InterdictionMethod.allCases {
                let result = try analyzer.interdict(InterdictionRequest(origins: origins, destinations: destinations,
                                                                        budget: 2, method: method))
                #expect(abs(Double(result.intactThroughputTonnesPerDay) - intact) <= 0.5 + 1e-9, "case \(i) \(method)")
                for plan in result.curve {
                    var best = intact
                    for j in elements.indices where plan.budget >= 1 {
                        best = min(best, try memo.value(elements[j].1))
                        for l in (j + 1)..<elements.count where plan.budget >= 2 {
                            best = min(best, try memo.value(elements[j].1.union(elements[l].1)))
                        }
                    }
                    #expect(abs(Double(plan.throughputLeftTonnesPerDay) - best) <= 0.5 + 1e-9,
                            "case \(i) \(method) k=\(plan.budget): \(plan.throughputLeftTonnesPerDay) vs brute force \(best)")
                    #expect(plan.proof.proven, "case \(i) \(method) k=\(plan.budget): \(plan.proof)")
                    // The chosen set leaves what the peer says.
                    let closed = plan.elements.reduce(into: Set<Int>()) { $0.formUnion($1.edges.map(Int.init)) }
                    let left = try memo.value(closed)
                    #expect(abs(Double(plan.throughputLeftTonnesPerDay) - left) <= 0.5 + 1e-9, "case \(i) \(method) k=\(plan.budget)")
                    checked += 1
                }
            }
        }
        #expect(checked > 40)
        #expect(sharedMatters >= 3, "shared capacities mattered in \(sharedMatters) cases")
    }

    /// Samples and failure sets through the unit evaluator equal the flow LP on the changed view, with and without
    /// the cost; the cost is the minimum-cost flow's at that throughput (`flow` pooled by the LP).
    @Test func unitEvaluationEqualsTheFlowLP() throws {
        var rng = SplitMix64(seed: 4242)
        var compared = 0
        for (i, c) in Self.cases.enumerated() {
            let amount: Int64 = 500
            guard case let (analyzer, origins, destinations, evaluator, elements)? = Self.setUp(c, amount: amount) else { continue }
            // Twice through one evaluator (warm re-solves), different failure sets and factors.
            for _ in 0..<3 {
                let picked = elements.filter { _ in Int.random(in: 0..<4, using: &rng) == 0 }
                let closed = picked.reduce(into: Set<Int>()) { $0.formUnion($1.1) }
                let factor = Double(Int.random(in: 1...6, using: &rng)) / 4
                let unit = try evaluator.evaluate(removing: picked.map(\.0),
                                                  capacityFactor: [Double](repeating: factor, count: c.network.edgeCount), cost: true)
                var view = NetworkView(network: c.network)
                for e in closed { view.scaleCapacity(ofEdge: e, by: 0) }
                for e in 0..<c.network.edgeCount { view.scaleCapacity(ofEdge: e, by: factor) }
                let request = FlowRequest(origins: origins, destinations: destinations)
                // A site whose every edge failed is off the network for the peer: nothing delivered, at no cost.
                let flow = try? FlowAnalyzer(view: view).flow(request, forceLinearProgram: true)
                var expected = 0.0
                if flow != nil { expected = try FlowAnalyzer(view: view).evaluate(request).maxThroughputTonnesPerDay }
                #expect(abs(Double(unit.throughputTonnesPerDay) - expected) <= 0.5 + 1e-9, "case \(i) factor \(factor)")
                let delivered = flow?.deliveredTonnesPerDay ?? 0, flowCost = flow?.totalCost ?? 0
                #expect(abs(Double(unit.deliveredTonnesPerDay ?? -1) - delivered) <= 0.5 + 1e-9, "case \(i)")
                #expect(abs((unit.costPerDay ?? -1) - flowCost) <= 1e-6 * max(1, flowCost),
                        "case \(i): cost \(unit.costPerDay ?? -1) vs \(flowCost)")
                compared += 1
            }
        }
        #expect(compared > 30)
    }
}
