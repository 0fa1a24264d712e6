import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Routes on an exported random network against NetworkX (Tools/crosscheck/route_crosscheck.py); skipped when
/// python3 with networkx is missing.
@Suite("Routing cross-check")
struct RoutingCrossCheckTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let networkxAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import networkx"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test(.enabled(if: networkxAvailable, "needs python3 with networkx"), arguments: [Metric.time, .distance])
    func routeWeightsMatchNetworkX(metric: Metric) throws {
        let n = try RoutingTestNetworks.randomGrid(seed: 21, size: 10)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("routing-crosscheck-\(getpid())-\(metric)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let edges = dir.appendingPathComponent("edges.geojson"), pairs = dir.appendingPathComponent("pairs.txt")
        let out = dir.appendingPathComponent("out.txt")
        try NetworkGeoJSON.edges(n).write(to: edges, atomically: true, encoding: .utf8)
        var rng = SplitMix64(seed: 99)
        var list: [(UInt32, UInt32)] = []
        for _ in 0..<300 {
            // Few sources, many targets each, so NetworkX runs few searches.
            let s = UInt32(rng.next() % 12) * UInt32(n.nodeCount / 12)
            list.append((s, UInt32(rng.next() % UInt64(n.nodeCount))))
        }
        try list.map { "\($0.0) \($0.1)" }.joined(separator: "\n").write(to: pairs, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("Tools/crosscheck/route_crosscheck.py").path,
                             edges.path, pairs.path, out.path, metric.rawValue]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let peer = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map { Double($0)! }
        let router = Router(network: n)
        var reachable = 0
        for (i, (s, t)) in list.enumerated() {
            let route = try? router.route(RouteRequest(from: .node(s), to: .node(t), metric: metric)).routes[0]
            if peer[i] < 0 {
                #expect(route == nil, "\(s)->\(t)")
                continue
            }
            reachable += 1
            let r = try #require(route, "\(s)->\(t) reachable for NetworkX")
            switch metric {
            case .time: #expect(Double(r.weight) == peer[i], "\(s)->\(t)")
            default:
                // Export rounds lengths to 0.1 m; weights round to 1 m per arc, at least 1 m.
                #expect(abs(r.distanceMeters - peer[i]) <= 1.1 * Double(r.arcs.count) + 0.1, "\(s)->\(t)")
            }
        }
        #expect(reachable > 150)
    }
}
