import Foundation
import Testing
@testable import CorridorGraph

/// Standard instances from `../shared/bench` against the optimal values in its README (min-cost
/// flow by both algorithms).
/// Skipped when the folder or `xz` is missing. The debug-build run covers the instances that solve in
/// about a second in debug (set `CORRIDOR_BENCH_ALL=1` to run all; the release benchmark covers the rest).
@Suite(.enabled(if: FlowBenchFiles.available, "needs ../shared/bench and xz"))
struct FlowBenchInstanceTests {
    static let runAll = ProcessInfo.processInfo.environment["CORRIDOR_BENCH_ALL"] == "1"
    static let minCostFlowFiles =
        ["netgen_8_08a.min", "netgen_8_10a.min", "road_flow_01_DC_a.min"]
        + (runAll ? ["netgen_8_12a.min", "netgen_8_13a.min", "netgen_8_14a.min", "netgen_8_16a.min", "netgen_sr_12a.min"] : [])
    static let maxFlowFiles =
        ["genrmf_long_12.max", "washington_rlg_12.max"]
        + (runAll ? ["genrmf_long_16.max", "washington_rlg_16.max"] : [])

    @Test(arguments: minCostFlowFiles)
    func minCostFlowInstance(_ name: String) throws {
        let expected = try #require(try FlowBenchFiles.expectedValues()[name])
        let net = try DIMACS.readMinCostFlow(try FlowBenchFiles.decompress("mincostflow/\(name).xz"))
        for algorithm in [MinCostFlow.Algorithm.networkSimplex, .costScaling] {
            let result = try MinCostFlow.solve(net, algorithm: algorithm)
            #expect(result.status == .optimal, "\(algorithm)")
            #expect(result.totalCost == expected, "\(algorithm)")
            #expect(FlowChecks.reducedCostViolation(net, result.flow, result.potentials) == nil, "\(algorithm)")
        }
    }

    @Test(arguments: maxFlowFiles)
    func maxFlowInstance(_ name: String) throws {
        let expected = try #require(try FlowBenchFiles.expectedValues()[name])
        let problem = try DIMACS.readMaxFlow(try FlowBenchFiles.decompress("maxflow/\(name).xz"))
        let result = try MaxFlow.solve(problem.network, source: problem.source, sink: problem.sink)
        #expect(result.value == expected)
        #expect(result.cutArcs.map { problem.network.capacities[Int($0)] }.reduce(0, +) == expected)
    }
}
