import CorridorGeo
import Foundation
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorNetwork

/// `nodeTJunctions`: a line end on another line's segment splits it and joins it, on hand-drawn networks and
/// against a brute-force check on random ones.
@Suite struct TJunctionTests {
    /// 1 m of latitude in degrees.
    static let metre = 1 / 110_574.0

    static func build(_ lines: [([LonLat], EdgeAttributes)], snap: Double = 1, noding: Bool = true) throws -> Network {
        var options = NetworkBuildOptions(snapToleranceMeters: snap, autoBorderCrossings: false)
        options.nodeTJunctions = noding
        let b = NetworkBuilder(options: options)
        for (i, line) in lines.enumerated() { b.addLine(line.0, attributes: line.1, source: 0, fid: Int64(i)) }
        return try b.build()
    }

    @Test func anEndOnASegmentSplitsItOnlyWithTheOption() throws {
        let lines = [([ll(130, 43), ll(130.1, 43)], road()), ([ll(130.05, 43.05), ll(130.05, 43)], road())]
        let plain = try Self.build(lines, noding: false)
        #expect(plain.edgeCount == 2 && Set(undirectedComponents(plain)).count == 2 && plain.report.tJunctionsNoded == nil)
        let noded = try Self.build(lines)
        #expect(noded.edgeCount == 3 && noded.nodeCount == 4 && Set(undirectedComponents(noded)).count == 1)
        #expect(noded.report.tJunctionsNoded == 1)
        // The junction is a node of degree 3 at the end's coordinate; the split pieces keep the segment's line.
        let junction = try #require(noded.nodeLocation.firstIndex(of: ll(130.05, 43)))
        #expect(noded.graph.outDegree(UInt32(junction)) == 3)
        let pieces = (0..<noded.edgeCount).filter { noded.edgeSourceFID[$0] == 0 }
        #expect(pieces.count == 2)
        // Geodesic pieces of a segment straight in lon/lat: the split point lies on the parallel, not on the great
        // circle, so the pieces are a fraction of a millimetre longer than the whole.
        let total = pieces.map { noded.edgeLengthMeters[$0] }.reduce(0, +)
        #expect(abs(total - Geodesic.length([ll(130, 43), ll(130.1, 43)])) < 0.001)
        checkArcInvariants(noded)
    }

    @Test func theToleranceAndTheSegmentsExtentDecide() throws {
        // An end 0.5 m off the segment joins at 1 m, not at 0.3 m; an end beyond the segment's end never joins it
        // this way (it is 30 m from the vertex).
        let near = [([ll(130, 43), ll(130.1, 43)], road()), ([ll(130.05, 43.05), ll(130.05, 43 + 0.5 * Self.metre)], road())]
        #expect(Set(undirectedComponents(try Self.build(near, snap: 1))).count == 1)
        #expect(Set(undirectedComponents(try Self.build(near, snap: 0.3))).count == 2)
        let beyond = [([ll(130, 43), ll(130.1, 43)], road()), ([ll(130.2, 43.05), ll(130.1 + 0.0004, 43)], road())]
        #expect(Set(undirectedComponents(try Self.build(beyond, snap: 1))).count == 2)
        // At tolerance 0 an end exactly on the segment still joins.
        let exact = [([ll(130, 43), ll(130.1, 43)], road()), ([ll(130.03, 43.05), ll(130.03, 43)], road())]
        #expect(Set(undirectedComponents(try Self.build(exact, snap: 0))).count == 1)
    }

    @Test func onlyLinesOfOneLayerJoin() throws {
        // A rail end on a road, a 1435 end on a 1520 line: apart. A 1520 end on a dual-gauge line: joined in 1520.
        let lines = [([ll(130, 43), ll(130.1, 43)], road()), ([ll(130.05, 43.05), ll(130.05, 43)], rail(.broad1520))]
        #expect(Set(undirectedComponents(try Self.build(lines))).count == 2)
        let gauges = [([ll(130, 43), ll(130.1, 43)], rail(.broad1520)), ([ll(130.05, 43.05), ll(130.05, 43)], rail(.standard1435))]
        #expect(Set(undirectedComponents(try Self.build(gauges))).count == 2)
        let dual = try Self.build([([ll(130, 43), ll(130.1, 43)], rail(.dual)), ([ll(130.05, 43.05), ll(130.05, 43)], rail(.broad1520))])
        let rail1520 = (0..<dual.edgeCount).filter { dual.nodeLayer[Int(dual.edgeSource[$0])] == .rail1520 }
        #expect(rail1520.count == 3)
        // The dual line's 1435 twin is not split (nothing of 1435 meets it).
        #expect(dual.edgeCount - rail1520.count == 1)
    }

    @Test func severalEndsOnOneSegmentSplitItInOrder() throws {
        var lines = [([ll(130, 43), ll(130.1, 43)], road())]
        for lon in [130.08, 130.02, 130.05] { lines.append(([ll(lon, 43.05), ll(lon, 43)], road())) }
        let n = try Self.build(lines)
        let pieces = (0..<n.edgeCount).filter { n.edgeSourceFID[$0] == 0 }
        #expect(pieces.count == 4 && Set(undirectedComponents(n)).count == 1)
        let starts = pieces.map { n.edgeGeometry($0).first!.lon }, ends = pieces.map { n.edgeGeometry($0).last!.lon }
        #expect(starts == [130, 130.02, 130.05, 130.08] && ends == [130.02, 130.05, 130.08, 130.1])
        // A line ending on its own first segment (a "P") joins itself: a stem and a loop from the junction.
        let loop = try Self.build([([ll(130, 43), ll(130.1, 43), ll(130.1, 43.05), ll(130.05, 43.05), ll(130.05, 43)], road())])
        #expect(loop.edgeCount == 2 && loop.report.tJunctionsNoded == 1)
        #expect((0..<2).filter { loop.edgeSource[$0] == loop.edgeTarget[$0] }.count == 1)
    }

    @Test func publishedLengthsStaySharedWhenAPieceIsSplit() throws {
        // A line with a published length of 12 km (geodesic about 8.1 km) split by a T and by a shared vertex:
        // its pieces sum to 12 km, each in proportion to its geodesic length.
        var published = road(); published.lengthMeters = 12_000
        let line = [ll(130, 43), ll(130.04, 43), ll(130.1, 43)]
        let n = try Self.build([(line, published), ([ll(130.07, 43.05), ll(130.07, 43)], road()),
                                ([ll(130.04, 42.95), ll(130.04, 43)], road())])
        let pieces = (0..<n.edgeCount).filter { n.edgeSourceFID[$0] == 0 }
        #expect(pieces.count == 3)
        let lengths = pieces.map { n.edgeLengthMeters[$0] }
        #expect(abs(lengths.reduce(0, +) - 12_000) < 1e-6)
        let geodesic = pieces.map { Geodesic.length(Array(n.edgeGeometry($0))) }
        for i in pieces.indices { #expect(abs(lengths[i] / 12_000 - geodesic[i] / geodesic.reduce(0, +)) < 1e-12) }
        // An end 0.8 m off the line moves the inserted vertex off it: the sum is still the published length.
        let off = try Self.build([(line, published), ([ll(130.07, 43.05), ll(130.07, 43 + 0.8 * Self.metre)], road())])
        let offPieces = (0..<off.edgeCount).filter { off.edgeSourceFID[$0] == 0 }
        #expect(offPieces.count == 2 && abs(offPieces.map { off.edgeLengthMeters[$0] }.reduce(0, +) - 12_000) < 1e-6)
    }

    /// Random lines, about half of them ending within 0.8 × the tolerance of a random point of an earlier line's
    /// segment: the network's components equal a brute-force union over shared vertices, vertices within the
    /// tolerance, and ends within the tolerance of a segment's interior.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64]) func componentsMatchBruteForce(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let tolerance = 5.0
        var lines: [[LonLat]] = []
        for i in 0..<40 {
            var points: [LonLat] = [ll(130 + rng.unit() * 0.2, 43 + rng.unit() * 0.2)]
            for _ in 0..<(1 + Int(rng.unit() * 3)) { points.append(ll(points.last!.lon + (rng.unit() - 0.5) * 0.05, points.last!.lat + (rng.unit() - 0.5) * 0.05)) }
            if i > 0 && rng.unit() < 0.5 {
                let other = lines[Int(rng.unit() * Double(lines.count))]
                let j = Int(rng.unit() * Double(other.count - 1))
                let t = 0.1 + 0.8 * rng.unit(), angle = rng.unit() * 2 * .pi, offset = 0.8 * tolerance * rng.unit()
                let target = ll(other[j].lon + t * (other[j + 1].lon - other[j].lon) + offset * cos(angle) / (111_320 * cos(43.1 * .pi / 180)),
                                other[j].lat + t * (other[j + 1].lat - other[j].lat) + offset * sin(angle) * Self.metre)
                if rng.unit() < 0.5 { points.append(target) } else { points.insert(target, at: 0) }
            }
            lines.append(points)
        }
        let network = try Self.build(lines.map { ($0, road()) }, snap: tolerance)

        var parent = Array(lines.indices)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { x = parent[x] }; return x }
        func union(_ a: Int, _ b: Int) { let (ra, rb) = (find(a), find(b)); if ra != rb { parent[max(ra, rb)] = min(ra, rb) } }
        func metres(_ a: LonLat, _ b: LonLat) -> Double {
            let dx = (a.lon - b.lon) * 111_320 * cos((a.lat + b.lat) / 2 * .pi / 180), dy = (a.lat - b.lat) * 110_574
            return (dx * dx + dy * dy).squareRoot()
        }
        for a in lines.indices {
            for b in lines.indices where a != b {
                // Vertices within the tolerance.
                if lines[a].contains(where: { p in lines[b].contains { metres(p, $0) <= tolerance } }) { union(a, b) }
                // An end of a within the tolerance of a segment of b, away from its vertices.
                for end in [lines[a].first!, lines[a].last!] {
                    for j in 0..<(lines[b].count - 1) where NetworkBuilder.interiorParameter(of: end, on: lines[b][j], lines[b][j + 1], tolerance: tolerance) != nil {
                        union(a, b)
                    }
                }
            }
        }
        let expected = Set(lines.indices.map(find)).count
        // Component of each line = that of its first edge's source; count distinct among lines.
        let components = undirectedComponents(network)
        var lineComponent: [Int64: Int] = [:]
        for e in 0..<network.edgeCount { lineComponent[network.edgeSourceFID[e]] = components[Int(network.edgeSource[e])] }
        #expect(lineComponent.count == lines.count)
        #expect(Set(lineComponent.values).count == expected, "seed \(seed)")
        #expect(network.report.tJunctionsNoded ?? 0 > 0)
        checkArcInvariants(network)
    }
}
