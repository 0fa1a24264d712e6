import Foundation
import Testing
@testable import CorridorGraph

/// Compares optimal values with an independent solver (OR-Tools, or NetworkX) through
/// `Tools/crosscheck/flows.py`. Skipped when python3 has neither.
@Suite(.enabled(if: FlowPeer.available, "needs python3 with ortools or networkx"))
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
        let output = try FlowPeer.run(files)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == files.count)
        for (i, (got, want)) in zip(lines, expected).enumerated() {
            #expect(got == want, "instance \(i) (\(files[i]))")
        }
    }
}

enum FlowPeer {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tools/crosscheck/flows.py").path

    static let available: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import importlib.util as u, sys; "
            + "sys.exit(0 if u.find_spec('ortools') or u.find_spec('networkx') else 1)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0 && FileManager.default.fileExists(atPath: script)
    }()

    static func run(_ files: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
