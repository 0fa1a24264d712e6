import CorridorGeo
import Foundation
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorLoad

/// DIMACS road graphs (`.gr` + `.co`, the 9th DIMACS Challenge's format) load as networks: on small generated
/// graphs, shortest routes equal a brute-force Dijkstra over the same rounded geodesic arc weights, one-way arcs stay
/// one-way, alternatives run, and malformed or missing files are named.
@Suite struct DIMACSRoadGraphTests {
    /// A jittered `side × side` grid near New York in millionths of degrees; neighbours joined both ways (80 %) or one
    /// way, plus a self-loop and a repeated arc. Returns the file texts, coordinates and directed arcs.
    static func generate(seed: UInt64, side: Int = 12) -> (gr: String, co: String, points: [LonLat], arcs: [(Int, Int)]) {
        var rng = SplitMix64(seed: seed)
        var points: [LonLat] = []
        var co = "c generated\np aux sp co \(side * side)\n"
        for i in 0..<(side * side) {
            let x = -73_900_000 + (i % side) * 1_000 + Int(rng.unit() * 400)
            let y = 40_700_000 + (i / side) * 1_000 + Int(rng.unit() * 400)
            co += "v \(i + 1) \(x) \(y)\n"
            points.append(LonLat(lon: Double(x) / 1e6, lat: Double(y) / 1e6))
        }
        var arcs: [(Int, Int)] = []
        for i in 0..<(side * side) {
            for j in [i + 1, i + side] where j < side * side && (j != i + 1 || j % side != 0) {
                if rng.unit() < 0.1 { continue }
                if rng.unit() < 0.8 { arcs.append((i, j)); arcs.append((j, i)) }
                else if rng.unit() < 0.5 { arcs.append((i, j)) } else { arcs.append((j, i)) }
            }
        }
        var all = arcs
        all.append((5, 5)); all.append(arcs[0])
        var gr = "c generated\np sp \(side * side) \(all.count)\n"
        for (u, v) in all { gr += "a \(u + 1) \(v + 1) \(Int(Geodesic.length([points[u], points[v]]) * 10))\n" }
        return (gr, co, points, arcs)
    }

    /// Dijkstra over the rounded metre weights the router uses (`max(1, round(length))`), O(n²).
    static func bruteForce(_ n: Int, _ arcs: [(Int, Int)], _ points: [LonLat], from s: Int) -> [UInt64?] {
        var dist = [UInt64?](repeating: nil, count: n), done = [Bool](repeating: false, count: n)
        dist[s] = 0
        for _ in 0..<n {
            guard let u = (0..<n).filter({ !done[$0] && dist[$0] != nil }).min(by: { dist[$0]! < dist[$1]! }) else { break }
            done[u] = true
            for (a, b) in arcs where a == u {
                let w = UInt64(max(1, Geodesic.length([points[a], points[b]]).rounded()))
                if dist[b] == nil || dist[u]! + w < dist[b]! { dist[b] = dist[u]! + w }
            }
        }
        return dist
    }

    static func endpoint(_ p: LonLat) -> Endpoint { Endpoint(parsing: "\(p.lat),\(p.lon)") }

    @Test(arguments: [1, 2, 3] as [UInt64]) func routesEqualBruteForce(seed: UInt64) throws {
        let dir = try TempDirectory()
        let g = Self.generate(seed: seed)
        let gr = try dir.write("graph.gr", g.gr)
        _ = try dir.write("graph.co", g.co)
        let network = try NetworkLoader.load(try NetworkSpec.fromArguments([gr]))
        let source = try #require(network.report.sources.first)
        #expect(source.driver == "DIMACS" && source.featuresRead == g.arcs.count + 2 && source.featuresUsed == g.arcs.count)
        #expect(source.skipped == ["self-loop": 1, "repeated arc": 1])
        #expect(network.report.snapToleranceMeters == 0)
        let pairs = Set(g.arcs.map { [min($0.0, $0.1), max($0.0, $0.1)] })
        #expect(network.edgeCount == pairs.count)

        var rng = SplitMix64(seed: seed ^ 0x5eed)
        let router = Router(network: network)
        for _ in 0..<8 {
            let s = rng.below(g.points.count), t = rng.below(g.points.count)
            guard s != t else { continue }
            let expected = Self.bruteForce(g.points.count, g.arcs, g.points, from: s)[t]
            let request = RouteRequest(from: Self.endpoint(g.points[s]), to: Self.endpoint(g.points[t]), metric: .distance, alternatives: 3)
            do {
                let result = try router.route(request)
                let best = try #require(result.routes.first)
                #expect(best.weight == expected, "seed \(seed) \(s)→\(t)")
                #expect(result.routes.allSatisfy { $0.distanceMeters >= best.distanceMeters - 1e-6 })
                // Every edge is traversed in a direction its arcs allow.
                // (Stored coordinates may differ from the file's in the last bit.)
                let arcSet = Set(g.arcs.map { [$0.0, $0.1] })
                func index(_ p: LonLat) -> Int {
                    g.points.firstIndex { abs($0.lon - p.lon) < 1e-9 && abs($0.lat - p.lat) < 1e-9 } ?? -1
                }
                var allowed = true
                for i in best.edges.indices {
                    let u = index(network.nodeLocation[Int(best.nodes[i])]), v = index(network.nodeLocation[Int(best.nodes[i + 1])])
                    if !arcSet.contains([u, v]) { allowed = false }
                }
                #expect(allowed, "seed \(seed) \(s)→\(t): an edge against its arcs")
            } catch let error as AnalysisError {
                #expect(expected == nil, "seed \(seed) \(s)→\(t): \(error)")
            }
        }
    }

    @Test func coordinatesElsewhereAndBadFilesAreNamed() throws {
        let dir = try TempDirectory()
        let g = Self.generate(seed: 9, side: 4)
        let gr = try dir.write("roads.gr", g.gr)
        let co = try dir.write("coordinates.co", g.co)
        #expect(SourceSpec.parse("\(gr):co=\(co)") == SourceSpec(path: gr, coordinates: co))
        let network = try NetworkLoader.load(try NetworkSpec.fromArguments(["\(gr):co=\(co)"]))
        #expect(network.edgeCount > 0)
        // Without the .co beside it: missing input, naming the expected file.
        func error(_ arguments: [String]) -> NetworkLoadError? {
            do { _ = try NetworkLoader.load(try NetworkSpec.fromArguments(arguments)); return nil }
            catch let e as NetworkLoadError { return e } catch { return nil }
        }
        let missing = try #require(error([gr]))
        #expect(missing.exitStatus == .noInput && missing.description.hasSuffix(dir.path("roads.co")), "\(missing)")
        // A node without coordinates, a bad token, coordinates not in degrees: bad data at the line.
        let short = try dir.write("short.co", g.co.split(separator: "\n").dropLast().joined(separator: "\n") + "\n")
        let e1 = try #require(error(["\(gr):co=\(short)"]))
        #expect(e1.exitStatus == .dataError && e1.description.contains("no coordinates for node 16") && e1.description.hasSuffix("short.co:2"), "\(e1)")
        let bad = try dir.write("bad.co", g.co.replacingOccurrences(of: "v 3 ", with: "v 3 x"))
        #expect(try #require(error(["\(gr):co=\(bad)"])).description.contains("bad token"))
        let planar = try dir.write("planar.co", "p aux sp co 16\n" + (1...16).map { "v \($0) \($0 * 1_000_000_000) 5\n" }.joined())
        #expect(try #require(error(["\(gr):co=\(planar)"])).description.contains("not longitude/latitude"))
        let badGraph = try dir.write("bad.gr", "p sp 16 1\na 1 2\n")
        _ = try dir.write("bad.co", g.co)
        let e2 = try #require(error([badGraph]))
        #expect(e2.exitStatus == .dataError && e2.description.hasSuffix("bad.gr:2"), "\(e2)")
    }

    @Test func theCoordinateReaderChecksItsFormat() throws {
        let c = try DIMACS.readCoordinates(Array("c x\np aux sp co 2\nv 2 -5 7\nv 1 3 -4\n".utf8))
        #expect(c.x == [3, -5] && c.y == [-4, 7])
        for (text, line) in [("v 1 2 3\n", 1), ("p aux sp co 1\nv 2 0 0\n", 2), ("p aux sp co 1\nv 1 0 0\nv 1 0 0\n", 3),
                             ("p sp 1 0\n", 1), ("p aux sp co 1\nv 1 0\n", 2)] {
            #expect(throws: DIMACSError.self) { try DIMACS.readCoordinates(Array(text.utf8)) }
            do { _ = try DIMACS.readCoordinates(Array(text.utf8)) } catch { #expect(error.line == line, "\(text)") }
        }
    }
}
