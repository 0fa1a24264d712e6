import Foundation
import Testing
@testable import CorridorGraph
import PythonPeers

/// Compares optimal values with an independent solver (OR-Tools, or NetworkX) through
/// `Tools/crosscheck/flows.py`. Skipped when python3 has neither.
@Suite(.enabled(if: PythonPeer.flows.available, "needs python3 with ortools or networkx"))
struct FlowCrosscheckTests {
    @Test func randomInstancesAgreeWithPeer() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("corridor-flows-crosscheck-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        var expected: [String] = []
        for seed in UInt64(0)..<50 {
            if seed % 2 == 0 {
                let net = FlowRandomNetworks.make(seed: 90_000 + seed, balance: seed % 6 == 0 ? 1 : 0)
                let path = directory.appendingPathComponent("r\(seed).min").path
                try DIMACS.writeMinCostFlow(net).write(toFile: path, atomically: true, encoding: .utf8)
                files.append(path)
                let result = try MinCostFlow.solve(net)
                switch result.status {
                case .optimal: expected.append("s \(result.totalCost)")
                default: expected.append("s INFEASIBLE")
                }
            } else {
                let net = FlowRandomNetworks.make(seed: 90_000 + seed, lowerBounds: false)
                let t = UInt32(net.nodeCount - 1)
                let path = directory.appendingPathComponent("r\(seed).max").path
                try DIMACS.writeMaxFlow(net, source: 0, sink: t).write(toFile: path, atomically: true, encoding: .utf8)
                files.append(path)
                expected.append("s \(try MaxFlow.solve(net, source: 0, sink: t).value)")
            }
        }
        let (lines, status) = try PythonPeer.flows.run(files)
        #expect(status == 0, "flows.py exited \(status)")
        #expect(lines.count == files.count)
        for (i, (got, want)) in zip(lines, expected).enumerated() {
            #expect(got == want, "instance \(i) (\(files[i]))")
        }
    }
}
