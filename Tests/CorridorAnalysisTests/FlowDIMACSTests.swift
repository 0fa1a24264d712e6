import CorridorGraph
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

@Suite("Flow DIMACS export")
struct FlowDIMACSTests {
    let analyzer = FlowAnalyzer(network: parallelCorridors().0)

    @Test func minCostExportSolvesToTheSameFlow() throws {
        let origins = [FlowSite(.place("Origin"), tonnesPerDay: 100)], destinations = [FlowSite(.place("Dest"), tonnesPerDay: 100)]
        let text = try analyzer.dimacs(.minCost, origins: origins, destinations: destinations)
        let network = try DIMACS.readMinCostFlow(Array(text.utf8))
        let solved = try MinCostFlow.maximumFlowAtMinimumCost(network)
        let flow = try analyzer.flow(FlowRequest(origins: origins, destinations: destinations))
        #expect(Double(solved.shipped) == flow.deliveredTonnesPerDay)
        #expect(Double(solved.totalCost) / 1000 == flow.totalCost)
    }

    @Test func maxFlowExportSolvesToTheMaximumThroughput() throws {
        let text = try analyzer.dimacs(.maxFlow, restrictions: Restrictions(close: ["North Bridge"]),
                                       origins: [FlowSite(.place("Origin"))], destinations: [FlowSite(.place("Dest"))])
        let problem = try DIMACS.readMaxFlow(Array(text.utf8))
        #expect(try MaxFlow.solve(problem.network, source: problem.source, sink: problem.sink).value == 50)
        #expect(text.contains("c restriction: closed crossing North Bridge"))
    }

    @Test func shortestPathExportHasOpenArcsOnly() throws {
        let text = try analyzer.dimacs(.shortestPath, restrictions: Restrictions(close: ["South Bridge"]))
        let problem = try DIMACS.readShortestPath(Array(text.utf8))
        // 6 two-way edges = 12 arcs, minus the closed bridge's 2.
        #expect(problem.tails.count == 10)
        #expect(throws: AnalysisError.self) { try analyzer.dimacs(.maxFlow) }
        #expect(throws: AnalysisError.self) {
            try analyzer.dimacs(.minCost, origins: [FlowSite(.place("Origin"))], destinations: [])
        }
    }
}
