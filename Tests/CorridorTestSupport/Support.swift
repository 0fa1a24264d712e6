import Foundation
import Testing

import CorridorKit

public func ll(_ lon: Double, _ lat: Double) -> LonLat { LonLat(lon: lon, lat: lat) }

public func road(_ cls: String = "primary", oneway: Bool = false, country: String = "") -> EdgeAttributes {
    EdgeAttributes(mode: .road, roadClass: cls, speedKmh: 60, oneway: oneway, capacityTonnesPerDay: 8000, country: country)
}

public func rail(_ gauge: GaugeSpec, country: String = "", capacity: Int64 = 10000) -> EdgeAttributes {
    EdgeAttributes(mode: .rail, roadClass: "main", speedKmh: 50, gauge: gauge, capacityTonnesPerDay: capacity, country: country)
}

/// Connected components of the network ignoring direction (union–find), as a node → representative map.
public func undirectedComponents(_ n: Network) -> [Int] {
    var parent = Array(0..<n.nodeCount)
    func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
    for e in 0..<n.edgeCount {
        let a = find(Int(n.edgeSource[e])), b = find(Int(n.edgeTarget[e]))
        if a != b { parent[max(a, b)] = min(a, b) }
    }
    return (0..<n.nodeCount).map(find)
}

/// Checks the arc arrays against the edges: every edge has its forward arc and, unless oneway, its backward arc.
public func checkArcInvariants(_ n: Network) {
    var forward = [Int](repeating: 0, count: n.edgeCount), backward = forward
    for a in 0..<n.arcCount {
        let e = Int(n.arcEdge[a])
        let (t, h) = (n.graph.tail[a], n.graph.head[a])
        if n.arcForward[a] {
            #expect(t == n.edgeSource[e] && h == n.edgeTarget[e]); forward[e] += 1
        } else {
            #expect(t == n.edgeTarget[e] && h == n.edgeSource[e]); backward[e] += 1
        }
    }
    for e in 0..<n.edgeCount {
        #expect(forward[e] == 1)
        #expect(backward[e] == (n.edgeOneway[e] ? 0 : 1))
        let g = n.edgeGeometry(e)
        #expect(g.count >= 2)
        #expect(g.first == n.nodeLocation[Int(n.edgeSource[e])] && g.last == n.nodeLocation[Int(n.edgeTarget[e])])
    }
}

/// Haversine distance on a sphere of the mean Earth radius: an independent peer for geodesic lengths (±0.5 %).
public func haversine(_ a: LonLat, _ b: LonLat) -> Double {
    let r = 6_371_008.8, rad = Double.pi / 180
    let dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad
    let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * rad) * cos(b.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
    return 2 * r * asin(min(1, h.squareRoot()))
}

/// A fresh temporary directory, removed when released.
public final class TempDirectory {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("corridor-kit-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    public func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
}

/// `<repoRoot>/../shared/geodata`.
public let sharedGeodata: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared/geodata", isDirectory: true)


/// The embedded regional network (`GeoData/far-east/network.yaml`), for tests that skip themselves without it.
public enum RegionalData {
    /// The repository root: two levels above this test directory.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// Path of the Far East manifest.
    public static let manifest = root.appendingPathComponent("GeoData/far-east/network.yaml").path
    /// Whether the manifest is there.
    public static let available = FileManager.default.fileExists(atPath: manifest)
}
