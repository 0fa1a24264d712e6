import CorridorGeo
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorOutput

/// Structural RFC 7946 checks on a parsed GeoJSON FeatureCollection; returns the features.
func checkFeatureCollection(_ text: String) throws -> [[String: Any]] {
    let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(root["type"] as? String == "FeatureCollection")
    #expect(root["crs"] == nil)
    let features = try #require(root["features"] as? [[String: Any]])
    let collectionBox = try #require(root["bbox"] as? [Double])
    #expect(collectionBox.count == 4)
    for f in features { try checkFeature(f, within: collectionBox) }
    try checkDecimals(text)
    return features
}

func checkFeature(_ f: [String: Any], within outer: [Double]? = nil) throws {
    #expect(f["type"] as? String == "Feature")
    #expect(f["crs"] == nil)
    #expect(f["properties"] is [String: Any])
    let geometry = try #require(f["geometry"] as? [String: Any])
    let type = try #require(geometry["type"] as? String)
    var lines: [[[Double]]] = []
    switch type {
    case "LineString": lines = [try #require(geometry["coordinates"] as? [[Double]])]
    case "MultiLineString": lines = try #require(geometry["coordinates"] as? [[[Double]]])
    case "Point": lines = [[try #require(geometry["coordinates"] as? [Double])]]
    default: Issue.record("unexpected geometry \(type)")
    }
    let box = try #require(f["bbox"] as? [Double])
    #expect(box.count == 4 && box[0] <= box[2] && box[1] <= box[3])
    for line in lines {
        // A line has two or more distinct positions (GEOS-valid); a point is one position.
        #expect(type == "Point" ? line.count == 1 : line.count >= 2 && line.contains { $0 != line[0] })
        for p in line {
            #expect(p.count == 2)
            #expect(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90)
            #expect(p[0] >= box[0] && p[0] <= box[2] && p[1] >= box[1] && p[1] <= box[3])
            if let outer { #expect(p[0] >= outer[0] && p[0] <= outer[2] && p[1] >= outer[1] && p[1] <= outer[3]) }
        }
    }
}

/// No number in the text has more than 7 decimals.
func checkDecimals(_ text: String) throws {
    let regex = try NSRegularExpression(pattern: "[0-9]\\.[0-9]{8,}")
    #expect(regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil)
}

@Suite("Routing output")
struct RoutingOutputTests {
    static let network: Network = try! RoutingTestNetworks.corridors()

    static func result(alternatives: Int = 2) throws -> RouteResult {
        try Router(network: network).route(RouteRequest(from: .place("Ussur"), to: .place("Chongjin"),
                                                        restrictions: Restrictions(modes: [.rail]), alternatives: alternatives))
    }

    @Test func geoJSONIsRFC7946() throws {
        let result = try Self.result()
        let text = RouteOutput.geoJSON(result, network: Self.network, segments: true)
        let features = try checkFeatureCollection(text)
        let routes = features.filter { ($0["properties"] as? [String: Any])?["feature"] as? String == "route" }
        #expect(routes.count == result.routes.count)
        let first = try #require(routes.first?["properties"] as? [String: Any])
        #expect(first["rank"] as? Int == 1)
        #expect(first["crossings"] as? String == result.routes[0].crossings.joined(separator: ";"))
        #expect(first["transshipments"] as? String == result.routes[0].transshipments.joined(separator: ";"))
        #expect(first["countries"] as? String == "RU;CN;KP")
        let lengthM = try #require((first["length_m"] as? NSNumber)?.doubleValue)
        #expect(abs(lengthM - result.routes[0].distanceMeters) < 0.06)
        #expect(first["legs"] == nil && first["edge_count"] as? Int == result.routes[0].edges.count)
        // One leg feature per leg, in order, after the routes.
        let legs = features.compactMap { $0["properties"] as? [String: Any] }.filter { $0["feature"] as? String == "leg" && $0["route"] as? Int == 1 }
        #expect(legs.map { $0["seq"] as? Int } == Array(1...result.routes[0].legs.count).map { $0 })
        #expect(legs.map { $0["layer"] as? String } == result.routes[0].legs.map { $0.layer.description })
        // One segment per traversed edge, numbered in order, lengths adding up to the route's distance.
        let segments = features.compactMap { $0["properties"] as? [String: Any] }.filter { $0["feature"] as? String == "segment" && $0["route"] as? Int == 1 }
        #expect(segments.count == result.routes[0].edges.count)
        #expect(segments.map { $0["edge_id"] as? Int } == result.routes[0].edges.map { Int($0) })
        // Connectors (the border crossing, the transshipment) are points, never zero-length lines.
        let connectorGeometries = features.filter {
            let p = $0["properties"] as? [String: Any]
            return p?["feature"] as? String == "segment" && p?["kind"] as? String != "line"
        }.compactMap { ($0["geometry"] as? [String: Any])?["type"] as? String }
        #expect(!connectorGeometries.isEmpty && connectorGeometries.allSatisfy { $0 == "Point" })
        let sum = segments.reduce(0.0) { $0 + (($1["length_m"] as? Double) ?? 0) }
        #expect(abs(sum - result.routes[0].distanceMeters) < Double(segments.count) * 0.05 + 0.01)
        // The route line starts at Ussur and ends at Chongjin.
        let geometry = try #require(routes[0]["geometry"] as? [String: Any])
        let coordinates = try #require(geometry["coordinates"] as? [[Double]])
        #expect(coordinates.first == [130.0, 43.3] && coordinates.last == [130.0, 42.9])
        // Deterministic.
        let again = try Self.result()
        #expect(RouteOutput.geoJSON(again, network: Self.network, segments: true) == text)
    }

    @Test func geoJSONSeqIsRFC8142() throws {
        let result = try Self.result()
        let text = RouteOutput.geoJSONSeq(result, network: Self.network, segments: false)
        let records = text.split(separator: "\u{1E}", omittingEmptySubsequences: false)
        #expect(records.first == "")  // starts with RS
        #expect(records.count == result.routes.count + result.routes.reduce(0) { $0 + $1.legs.count } + 1)
        for record in records.dropFirst() {
            #expect(record.hasSuffix("\n"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])
            try checkFeature(object)
        }
    }

    @Test func jsonAndTextReports() throws {
        let result = try Self.result(alternatives: 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(RouteOutput.json(result, network: Self.network).utf8)) as? [String: Any])
        let routes = try #require(json["routes"] as? [[String: Any]])
        #expect(routes.count == 1)
        #expect((routes[0]["edge_ids"] as? [Int])?.count == result.routes[0].edges.count)
        #expect((routes[0]["legs"] as? [[String: Any]])?.count == result.routes[0].legs.count)
        let from = try #require(json["from"] as? [String: Any])
        #expect(from["place"] as? String == "Ussur")
        let text = RouteOutput.text(result, network: Self.network)
        #expect(text.contains("Route 1: Ussur → Chongjin"))
        #expect(text.contains("border crossing Grod–Pogr"))
        #expect(text.contains("transshipment at Pogr"))
        #expect(text.contains("rail-1435 CN  Pogr → Tumen"))
    }

    @Test func routeWithAGapBecomesMultiLineString() {
        let a = LonLat(lon: 130, lat: 43), b = LonLat(lon: 130.1, lat: 43), c = LonLat(lon: 130.2, lat: 43.1)
        #expect(LineGeometry(pieces: [[a, b], [b, c]]).parts.count == 1)
        #expect(LineGeometry(pieces: [[a, b], [c, a]]).parts.count == 2)
    }

    @Test func polylineCutByLengthFraction() {
        let line = [LonLat(lon: 130, lat: 43), LonLat(lon: 130.1, lat: 43), LonLat(lon: 130.1, lat: 43.2)]
        let total = Geodesic.length(line)
        for (f0, f1) in [(0.0, 0.25), (0.1, 0.9), (0.5, 1.0), (0.3, 0.3)] {
            let piece = PolylineCut.slice(line, from: f0, to: f1)
            #expect(abs(Geodesic.length(piece) - (f1 - f0) * total) < 0.01 * total / 100 + 0.5)
        }
        #expect(PolylineCut.slice(line, from: 0, to: 1) == line)
    }

    @Test func reachCutsPartialEdgesAtTheBudget() throws {
        let n = Self.network
        let router = Router(network: n)
        // 5 km of road from Port: into the oneway towards Nakhodka, back along the trunk towards Vlad, and towards
        // Partizansk; nothing whole (every road edge out of Port is longer than 5 km).
        let result = try router.reach(from: [.place("Port")], within: .meters(5_000), restrictions: Restrictions(modes: [.road]))
        #expect(result.edges.count == 3)
        for reached in result.edges {
            let e = Int(reached.edge)
            #expect(!reached.isWhole)
            let covered = reached.pieces.reduce(0.0) { $0 + $1.upperBound - $1.lowerBound }
            #expect(abs(covered * n.edgeLengthMeters[e] - 5_000) < 1, "\(n.name(ofEdge: e))")
            // The piece touches Port's end of the edge.
            let portEnd = n.edgeSource[e] == result.sources[0].nodes[0] ? 0.0 : 1.0
            #expect(reached.pieces.contains { $0.lowerBound == portEnd || $0.upperBound == portEnd })
        }
        let text = ReachOutput.geoJSON(result, network: n)
        let features = try checkFeatureCollection(text)
        for f in features {
            let geometry = try #require(f["geometry"] as? [String: Any])
            let coordinates = try #require(geometry["coordinates"] as? [[Double]])
            let length = Geodesic.length(coordinates.map { LonLat(lon: $0[0], lat: $0[1]) })
            #expect(abs(length - 5_000) < 2)
        }
        // Reaching both ends of an edge that does not meet in the middle yields two pieces.
        let both = try router.reach(from: [.place("Ussur"), .place("Vlad")], within: .meters(5_000),
                                    restrictions: Restrictions(modes: [.road]))
        let straight = try #require(both.edges.first { n.name(ofEdge: Int($0.edge)) == "Ussur-Vlad road" })
        #expect(straight.pieces.count == 2)
        // A time budget large enough reaches everything in the road component, whole.
        let all = try router.reach(from: [.place("Port")], within: .seconds(48 * 3600), restrictions: Restrictions(modes: [.road]))
        #expect(all.edges.allSatisfy { $0.isWhole })
        #expect(all.edges.count == (0..<n.edgeCount).filter { n.isLine($0) && n.edgeMode[$0] == .road }.count)
        #expect(all.places.contains { $0.name == "Artem" })
    }
}
