import CorridorGeo
import Foundation

/// One drawable feature of a Corridor result file (route, flow, chokepoint, crossing, reach).
public struct MapFeature: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A whole route, ranked 1 = best.
        case route(rank: Int)
        /// An edge with flow: tonnes per day and utilization (flow / capacity).
        case flow(tonnesPerDay: Double, utilization: Double)
        /// A critical element or min-cut member, ranked 1 = most critical (0 = unranked cut member).
        case chokepoint(rank: Int, name: String)
        /// A reached edge of an isochrone.
        case reach
    }
    public var kind: Kind
    /// Line parts, or one single-vertex part for a point.
    public var parts: [[LonLat]]
}

/// Errors of `corridor render`.
public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    case notCorridorOutput(path: String, reason: String)
    case emptyBBox(String)
    case unknownProjection(definition: String, reason: String)
    case nothingToDraw
    case invalidOption(String)

    public var description: String {
        switch self {
        case let .notCorridorOutput(path, reason): return "not a Corridor result GeoJSON (\(reason)): \(path)"
        case let .emptyBBox(text): return "empty or invalid bounding box '\(text)' (expected minLon,minLat,maxLon,maxLat with min < max)"
        case let .unknownProjection(definition, reason): return "unknown projection '\(definition)': \(reason)"
        case .nothingToDraw: return "nothing to draw: no network and no result features"
        case let .invalidOption(text): return text
        }
    }
}

/// Reads Corridor's own GeoJSON outputs (route, flow, chokepoints, reach) into drawable features.
public enum MapResultReader {
    /// Parses one Corridor result file.
    /// - Throws: `RenderError.notCorridorOutput` when the file is not a FeatureCollection or none of its features carries
    ///   the properties Corridor writes (`rank`+`distance_km`, `flow_tpd`, `throughput_lost`/`in_cut`, `reached`).
    public static func read(path: String) throws(RenderError) -> [MapFeature] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notCorridorOutput(path: path, reason: "cannot read file")
        }
        return try parse(data, path: path)
    }

    /// Parses GeoJSON bytes; see `read(path:)`.
    public static func parse(_ data: Data, path: String) throws(RenderError) -> [MapFeature] {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .notCorridorOutput(path: path, reason: "not JSON")
        }
        guard let root = object as? [String: Any], root["type"] as? String == "FeatureCollection",
              let features = root["features"] as? [[String: Any]] else {
            throw .notCorridorOutput(path: path, reason: "not a GeoJSON FeatureCollection")
        }
        var out: [MapFeature] = []
        for feature in features {
            let props = feature["properties"] as? [String: Any] ?? [:]
            guard let kind = kind(of: props), let geometry = feature["geometry"] as? [String: Any],
                  let parts = parts(of: geometry) else { continue }
            out.append(MapFeature(kind: kind, parts: parts))
        }
        if out.isEmpty && !features.isEmpty {
            throw .notCorridorOutput(path: path, reason: "no feature carries Corridor's route, flow, chokepoint or reach properties")
        }
        return out
    }

    private static func number(_ any: Any?) -> Double? {
        if let n = any as? NSNumber { return n.doubleValue }
        return nil
    }

    private static func kind(of p: [String: Any]) -> MapFeature.Kind? {
        if let flow = number(p["flow_tpd"]) {
            return .flow(tonnesPerDay: flow, utilization: number(p["utilization"]) ?? 0)
        }
        if p["throughput_lost"] != nil || p["in_cut"] != nil || p["cut"] != nil || (p["feature"] as? String) == "chokepoint" {
            let name = (p["name"] as? String) ?? ""
            return .chokepoint(rank: Int(number(p["rank"]) ?? 0), name: name)
        }
        if let rank = number(p["rank"]), p["distance_km"] != nil, p["edge_id"] == nil {
            return .route(rank: Int(rank))
        }
        if p["reached"] != nil || p["reach_s"] != nil || p["reach_m"] != nil || (p["feature"] as? String) == "reach" {
            return .reach
        }
        return nil
    }

    private static func parts(of g: [String: Any]) -> [[LonLat]]? {
        func point(_ any: Any) -> LonLat? {
            guard let a = any as? [Any], a.count >= 2, let x = number(a[0]), let y = number(a[1]),
                  x.isFinite, y.isFinite, abs(x) <= 180, abs(y) <= 90 else { return nil }
            return LonLat(lon: x, lat: y)
        }
        func line(_ any: Any) -> [LonLat]? {
            guard let a = any as? [Any] else { return nil }
            let pts = a.compactMap(point)
            return pts.count == a.count ? pts : nil
        }
        switch g["type"] as? String {
        case "Point": return (g["coordinates"]).flatMap(point).map { [[$0]] }
        case "LineString": return (g["coordinates"]).flatMap(line).map { [$0] }
        case "MultiLineString":
            guard let a = g["coordinates"] as? [Any] else { return nil }
            let lines = a.compactMap(line)
            return lines.count == a.count ? lines : nil
        case "MultiPoint":
            guard let a = g["coordinates"] as? [Any] else { return nil }
            return a.compactMap(point).map { [$0] }
        default: return nil
        }
    }
}
