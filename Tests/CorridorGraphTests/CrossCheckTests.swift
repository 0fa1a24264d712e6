import Foundation
import Testing
@testable import CorridorGraph

/// Cross-check against an independent implementation (SciPy's Dijkstra, via
/// Tools/crosscheck/shortest_paths.py). Skipped, with a clear message, when SciPy is missing.
@Suite struct CrossCheckTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let scipyAvailable: Bool = {
        let ok = run(["python3", "-c", "import scipy"]) == 0
        if !ok {
            FileHandle.standardError.write(Data("CrossCheckTests: SKIPPED, python3 with scipy not available (run Tools/setup --test)\n".utf8))
        }
        return ok
    }()

    @Test(.enabled(if: CrossCheckTests.scipyAvailable, "needs python3 with scipy"))
    func dijkstraMatchesSciPy() throws {
        var rng = SplitMix64(seed: 61)
        let n = 3000
        var tails = [UInt32](), heads = [UInt32](), ws = [UInt32]()
        for _ in 0..<(3 * n) {
            let u = UInt32(rng.below(n)), v = UInt32(rng.below(n - 100))  // the last 100 nodes have no in-arcs
            let r = rng.below(100)
            tails.append(u); heads.append(v)
            ws.append(r < 3 ? .max : (r < 8 ? 0 : UInt32(1 + rng.below(10_000))))
        }
        let (g, order) = CSRGraph.build(nodeCount: n, tails: tails, heads: heads)
        let weights = order.map { ws[Int($0)] }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("corridor-crosscheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = "\(n) \(weights.filter { $0 != .max }.count)\n"
        for a in 0..<g.arcCount where weights[a] != .max { text += "\(g.tail[a]) \(g.head[a]) \(weights[a])\n" }
        let graphFile = dir.appendingPathComponent("graph.txt")
        let sourcesFile = dir.appendingPathComponent("sources.txt")
        let outFile = dir.appendingPathComponent("out.txt")
        try text.write(to: graphFile, atomically: true, encoding: .utf8)
        let sources = (0..<200).map { _ in UInt32(rng.below(n)) }
        try sources.map(String.init).joined(separator: " ").write(to: sourcesFile, atomically: true, encoding: .utf8)
        let script = CrossCheckTests.repoRoot.appendingPathComponent("Tools/crosscheck/shortest_paths.py").path
        let status = CrossCheckTests.run(["python3", script, graphFile.path, sourcesFile.path, outFile.path])
        try #require(status == 0, "shortest_paths.py failed")
        let lines = try String(contentsOf: outFile, encoding: .utf8).split(separator: "\n")
        try #require(lines.count == sources.count)
        let q = DijkstraQuery(graph: g)
        var mismatches = 0, reachedPairs = 0
        for (s, line) in zip(sources, lines) {
            q.run(from: s, weights: weights)
            let expected = line.split(separator: " ").map { Int64($0)! }
            #expect(expected.count == n)
            for v in 0..<n {
                let mine = q.distance(to: UInt32(v))
                let theirs = expected[v] < 0 ? UInt64.max : UInt64(expected[v])
                if mine != theirs { mismatches += 1 }
                if mine != .max { reachedPairs += 1 }
            }
        }
        #expect(mismatches == 0)
        #expect(reachedPairs > 100 * n)  // the comparison covered mostly reachable pairs
    }
}
