import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Min-cost-flow interdiction with joint capacities (dual-gauge pieces, single track, crossings and terminals joining
/// layers) against brute force whose evaluator is the flow LP (`FlowAnalyzer.flow` forced to the arc formulation
/// with every capacity constraint: the most tonnes delivered, at least cost) on the view without the removed
/// elements' edges; the objective is its cost plus the unmet tonnes at the unmet cost.
@Suite("Cost interdiction with joint capacities")
struct CostJointInterdictionTests {
    /// The peer's total cost (flow cost + unmet tonnes · `unmetCost`) with the edges of `closed` at capacity 0.
    static func peer(_ net: Network, closed: Set<Int>, origins: [FlowSite], destinations: [FlowSite], demand: Double,
                     unmetCost: Double) throws -> Double {
        var view = NetworkView(network: net)
        for e in closed { view.scaleCapacity(ofEdge: e, by: 0) }
        let request = FlowRequest(origins: origins, destinations: destinations)
        // Every edge at a site closed: nothing delivered.
        guard let flow = try? FlowAnalyzer(view: view).flow(request, forceLinearProgram: true) else { return demand * unmetCost }
        return flow.totalCost + (demand - flow.deliveredTonnesPerDay) * unmetCost
    }

    /// The resilience curve (k = 0, 1, 2) of the MIP and of the enumeration equals brute force over every subset of
    /// at most k elements, and the chosen set's cost is the peer's; on some instances the shared capacities change
    /// the answer (the layered network's is lower), and where nothing is shared the layered answer is the same.
    @Test func curveEqualsBruteForce() throws {
        var sharedMatters = 0, unshared = 0, checked = 0
        for (i, c) in JointInterdictionTests.cases.enumerated() {
            let amount: Int64 = 500
            guard case let (analyzer, origins, destinations, evaluator, elements)? = JointInterdictionTests.setUp(c, amount: amount) else { continue }
            let shared = !JointCapacities(view: evaluator.view, model: evaluator.base).isEmpty
            let demand = Double(amount) * Double(destinations.count)
            var layeredResult: InterdictionResult?
            var memo: [Set<Int>: Double] = [:]
            for method in InterdictionMethod.allCases {
                let request = InterdictionRequest(origins: origins, destinations: destinations, budget: 2,
                                                  objective: .cost, method: method)
                let result = try analyzer.interdict(request)
                let unmetCost = try #require(result.unmetCostPerTonne)
                func value(_ closed: Set<Int>) throws -> Double {
                    if let v = memo[closed] { return v }
                    let v = try Self.peer(c.network, closed: closed, origins: origins, destinations: destinations,
                                          demand: demand, unmetCost: unmetCost)
                    memo[closed] = v
                    return v
                }
                func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(1, abs(b)) }
                let intact = try value([])
                #expect(close(try #require(result.intactTotalCost), intact), "case \(i) \(method): intact \(result.intactTotalCost ?? -1) vs \(intact)")
                for plan in result.curve {
                    var best = intact
                    for j in elements.indices where plan.budget >= 1 {
                        best = max(best, try value(elements[j].1))
                        for l in (j + 1)..<elements.count where plan.budget >= 2 {
                            best = max(best, try value(elements[j].1.union(elements[l].1)))
                        }
                    }
                    let total = try #require(plan.totalCost)
                    #expect(close(total, best), "case \(i) \(method) k=\(plan.budget): \(total) vs brute force \(best)")
                    #expect(plan.proof.proven, "case \(i) \(method) k=\(plan.budget): \(plan.proof)")
                    let closed = plan.elements.reduce(into: Set<Int>()) { $0.formUnion($1.edges.map(Int.init)) }
                    #expect(close(total, try value(closed)), "case \(i) \(method) k=\(plan.budget): the set's cost")
                    checked += 1
                }
                if method == .mip {
                    let layered = try analyzer.interdict(request, sharedCapacities: false)
                    layeredResult = layered
                    let differs = zip(layered.curve, result.curve).contains { !close($0.totalCost ?? -1, $1.totalCost ?? -1) }
                        || !close(layered.intactTotalCost ?? -1, result.intactTotalCost ?? -1)
                    if differs { sharedMatters += 1 }
                    if !shared {
                        unshared += 1
                        #expect(!differs, "case \(i): nothing shared, yet the layered answer differs")
                    }
                }
            }
            _ = layeredResult
        }
        #expect(checked > 40)
        #expect(sharedMatters >= 2, "shared capacities changed the answer in \(sharedMatters) cases")
        print("cost interdiction with joint capacities: \(checked) plans, shared capacities mattered in \(sharedMatters) cases, \(unshared) unshared")
    }
}
