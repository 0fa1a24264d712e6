import CorridorGeo
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorNetwork

/// Automatic crossings merged along a line (issue 12: Natural Earth roads wiggling along the Amur, chords crossing
/// the Tumen back and forth) and published lengths shared by the pieces of a line.
@Suite struct BorderMergeAndLengthTests {
    /// Country AA is lon 0...1, BB lon 1...2 (lat 0...1); at lat 0.5 one degree of longitude is ~111 km.
    static let countries = RegionPolygons(target: .country, name: "test", features: [
        .init(value: "AA", polygons: [[[ll(0, 0), ll(1, 0), ll(1, 1), ll(0, 1), ll(0, 0)]]]),
        .init(value: "BB", polygons: [[[ll(1, 0), ll(2, 0), ll(2, 1), ll(1, 1), ll(1, 0)]]]),
    ])

    static func build(_ lines: [[LonLat]], merge: Double, lengthKm: Double? = nil) throws -> Network {
        let b = NetworkBuilder(options: NetworkBuildOptions(autoCrossingMergeMeters: merge))
        for (i, line) in lines.enumerated() {
            var attributes = road()
            attributes.lengthMeters = lengthKm.map { $0 * 1000 }
            b.addLine(line, attributes: attributes, source: 0, fid: Int64(i))
        }
        b.regions = [countries]
        return try b.build()
    }

    static func crossings(_ n: Network) -> Int { (0..<n.edgeCount).filter { n.edgeKind[$0] == .crossing }.count }

    /// A line in AA that dips ~2 km into BB and comes back: no crossing with merging, two without.
    @Test func wiggleAlongBorderMakesNoCrossing() throws {
        let wiggle = [ll(0.5, 0.5), ll(0.99, 0.5), ll(1.01, 0.51), ll(0.99, 0.52), ll(0.5, 0.6)]
        let merged = try Self.build([wiggle], merge: 5000)
        #expect(Self.crossings(merged) == 0)
        #expect(merged.edgeCount == 1 && merged.country(ofEdge: 0) == "AA")
        let kept = try Self.build([wiggle], merge: 0)
        #expect(Self.crossings(kept) == 2)
        #expect((0..<kept.edgeCount).filter { kept.isLine($0) }.map { kept.country(ofEdge: $0) } == ["AA", "BB", "AA"])
        // Merging moves no length: the line keeps its whole geodesic length either way.
        let whole = Geodesic.length(wiggle)
        #expect(abs(merged.edgeLengthMeters[0] - whole) < 1)
        checkArcInvariants(merged)
    }

    /// AA → BB → AA → BB with the middle two pieces ~1 km each: one crossing, where the line changes side for good.
    @Test func backAndForthCrossingsMergeIntoOne() throws {
        let line = [ll(0.5, 0.5), ll(1.01, 0.5), ll(0.99, 0.505), ll(1.5, 0.51)]
        let merged = try Self.build([line], merge: 5000)
        #expect(Self.crossings(merged) == 1)
        #expect((0..<merged.edgeCount).filter { merged.isLine($0) }.map { merged.country(ofEdge: $0) } == ["AA", "BB"])
        #expect(Self.crossings(try Self.build([line], merge: 0)) == 3)
    }

    /// Schematic data: each segment its own 2-point feature. A chain of segments that dips ~1 km into BB across a
    /// segment joint makes no crossing with merging (the chain is followed through joints of two line ends).
    @Test func wiggleAcrossSegmentJointsMakesNoCrossing() throws {
        let segments = [[ll(0.5, 0.5), ll(1.01, 0.5)], [ll(1.01, 0.5), ll(0.5, 0.6)]]
        #expect(Self.crossings(try Self.build(segments, merge: 5000)) == 0)
        #expect(Self.crossings(try Self.build(segments, merge: 0)) == 2)
        // Reversed digitization of one segment does not matter.
        let flipped = [segments[0], Array(segments[1].reversed())]
        #expect(Self.crossings(try Self.build(flipped, merge: 5000)) == 0)
        // Chord by chord back and forth over the border (AA → BB → AA → BB): one crossing.
        let tumen = [[ll(0.5, 0.5), ll(1.01, 0.5)], [ll(1.01, 0.5), ll(0.99, 0.505)], [ll(0.99, 0.505), ll(1.5, 0.51)]]
        #expect(Self.crossings(try Self.build(tumen, merge: 5000)) == 1)
        #expect(Self.crossings(try Self.build(tumen, merge: 0)) == 3)
    }

    /// A junction ~1 km across the border (as Natural Earth puts Namyang in China): the short runs of the lines
    /// arriving from AA give way, so the crossing sits at the junction, where the BB branch really begins; the
    /// branch itself is not merged away.
    @Test func shortRunsAtAJunctionMoveTheCrossingToIt() throws {
        let junction = ll(1.01, 0.5)
        let lines = [[ll(0.5, 0.5), junction], [junction, ll(0.5, 0.6)], [junction, ll(1.01, 0.49)]]
        let n = try Self.build(lines, merge: 5000)
        #expect(Self.crossings(n) == 1)
        let crossing = try #require((0..<n.edgeCount).first { n.edgeKind[$0] == .crossing })
        #expect(Geodesic.distance(n.nodeLocation[Int(n.edgeSource[crossing])], junction) < 1)
        #expect((0..<n.edgeCount).filter { n.isLine($0) }.map { n.country(ofEdge: $0) }.sorted() == ["AA", "AA", "BB"])
        // Without merging: the two AA lines cross into BB before the junction.
        #expect(Self.crossings(try Self.build(lines, merge: 0)) == 2)
    }

    /// A line that ends 1 km across the border keeps its end piece (its end may be a station over there).
    @Test func shortEndPieceIsKept() throws {
        let n = try Self.build([[ll(0.5, 0.5), ll(1.01, 0.5)]], merge: 5000)
        #expect(Self.crossings(n) == 1)
    }

    /// A published length is shared by the pieces in proportion to their geodesic length, and times follow it.
    @Test func publishedLengthSharedByPieces() throws {
        let line = [ll(0.5, 0.5), ll(1.0, 0.5), ll(1.25, 0.5)]
        let n = try Self.build([line], merge: 5000, lengthKm: 150)
        let pieces = (0..<n.edgeCount).filter { n.isLine($0) }
        #expect(pieces.count == 2)
        let total = pieces.reduce(0.0) { $0 + n.edgeLengthMeters[$1] }
        #expect(abs(total - 150_000) < 1e-6 * 150_000)
        let geodesic = pieces.map { Geodesic.length(n.edgeGeometry($0)) }
        for (p, g) in zip(pieces, geodesic) {
            #expect(abs(n.edgeLengthMeters[p] / 150_000 - g / geodesic.reduce(0, +)) < 1e-9)
            #expect(abs(n.edgeTimeSeconds[p] - n.edgeLengthMeters[p] / (n.edgeSpeedKmh[p] / 3.6)) < 1e-6)
        }
        // Without a published length the pieces keep their geodesic lengths.
        let plain = try Self.build([line], merge: 5000)
        #expect(abs(plain.edgeLengthMeters.prefix(2).reduce(0, +) - Geodesic.length(line)) < 1)
    }

    /// Ranges given on attributes and connectors reach the network's range columns; without them low = high = base.
    @Test func rangesReachTheNetwork() throws {
        let b = NetworkBuilder()
        var a = rail(.broad1520, country: "RU", capacity: 10_000)
        a.capacityRange = ValueRange(low: 8_000, high: 12_000)
        a.speedRange = ValueRange(low: 30, high: 60)
        b.addLine([ll(131, 43), ll(131.5, 43)], attributes: a, source: 0, fid: 1)
        b.addLine([ll(131.5, 43), ll(132, 43)], attributes: rail(.broad1520, country: "RU"), source: 0, fid: 2)
        let n = try b.build()
        let r = n.ranges
        #expect(r.capacityLow[0] == 8_000 && r.capacityHigh[0] == 12_000)
        // Time range from the speed range: slowest speed gives the longest time.
        #expect(abs(r.timeHighSeconds[0] - n.edgeLengthMeters[0] / (30 / 3.6)) < 1e-6)
        #expect(abs(r.timeLowSeconds[0] - n.edgeLengthMeters[0] / (60 / 3.6)) < 1e-6)
        #expect(r.capacityLow[1] == Double(n.edgeCapacityTonnesPerDay[1]) && r.capacityHigh[1] == r.capacityLow[1])
        #expect(r.timeLowSeconds[1] == n.edgeTimeSeconds[1] && r.timeHighSeconds[1] == n.edgeTimeSeconds[1])
    }
}
