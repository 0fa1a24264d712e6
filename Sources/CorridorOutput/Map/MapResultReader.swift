import CorridorGeo
import Foundation

/// Reads Corridor's own GeoJSON outputs into drawable features. Each feature is recognised by the properties the
/// writers put on it (`RouteOutput`, `FlowOutput`, `ReachOutput`):
///
/// | result | feature properties |
/// | --- | --- |
/// | route | `feature: "route"`, `rank`, `distance_km` (segments, `feature: "segment"`, are skipped) |
/// | flow | `edge_id`, `flow_tpd`, `capacity_tpd`, `utilization` |
/// | chokepoints | `role: "ranked"` with `rank`, `kind`, `name`, `throughput_lost_tpd`; `role: "cut"` with `kind`, `name`, `capacity_tpd` |
/// | reach | `edge`, `whole`, `fraction`, `entry_h` or `entry_km` |
///
/// A feature that matches none of these makes the whole file "not Corridor output": mixing foreign data into a
/// map silently would be worse than refusing it.
public enum MapResultReader {
    /// Reads and parses one result file.
    public static func read(path: String) throws(RenderError) -> MapResults {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .fileNotFound(path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notCorridorOutput(path: path, reason: "cannot read file")
        }
        return try parse(data, path: path)
    }

    /// Parses GeoJSON bytes (`path` only names the source in errors); see the type's documentation.
    public static func parse(_ data: Data, path: String) throws(RenderError) -> MapResults {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .notCorridorOutput(path: path, reason: "not JSON")
        }
        guard let root = object as? [String: Any], root["type"] as? String == "FeatureCollection",
              let features = root["features"] as? [Any] else {
            throw .notCorridorOutput(path: path, reason: "not a GeoJSON FeatureCollection")
        }
        var out = MapResults()
        if let summary = root["corridor"] as? [String: Any] { readSummary(summary, into: &out) }
        for (index, any) in features.enumerated() {
            guard let feature = any as? [String: Any], feature["type"] as? String == "Feature" else {
                throw .notCorridorOutput(path: path, reason: "feature \(index + 1) is not a GeoJSON Feature")
            }
            let props = feature["properties"] as? [String: Any] ?? [:]
            guard let recognised = kind(of: props) else {
                throw .notCorridorOutput(path: path, reason: "feature \(index + 1) has none of the properties of a Corridor route, flow, chokepoint or reach feature")
            }
            guard let (kind, label) = recognised else { continue }  // recognised but not drawn (route segments)
            guard let geometry = feature["geometry"] as? [String: Any], let parts = parts(of: geometry), !parts.isEmpty else {
                throw .notCorridorOutput(path: path, reason: "feature \(index + 1) has no valid Point or LineString geometry in lon/lat degrees")
            }
            out.features.append(MapFeature(kind: kind, parts: parts, label: label))
            if case .route = kind {
                // Route endpoints: the geometry's ends, named after the request.
                if let from = props["from"] as? String, let first = parts.first?.first, !out.sites.contains(where: { $0.name == from }) {
                    out.sites.append(MapSite(name: from, location: first))
                }
                if let to = props["to"] as? String, let last = parts.last?.last, !out.sites.contains(where: { $0.name == to }) {
                    out.sites.append(MapSite(name: to, location: last))
                }
                for via in props["via"] as? [String] ?? [] where !out.sites.contains(where: { $0.name == via }) {
                    out.sites.append(MapSite(name: via))
                }
            }
        }
        return out
    }

    /// The collection-level `corridor` member of flow and chokepoint results: sites and headline numbers.
    private static func readSummary(_ s: [String: Any], into out: inout MapResults) {
        for key in ["origins", "destinations"] {
            for site in s[key] as? [[String: Any]] ?? [] {
                if let name = site["name"] as? String, !out.sites.contains(where: { $0.name == name }) {
                    out.sites.append(MapSite(name: name))
                }
            }
        }
        if let max = number(s["max_throughput_tpd"]) {
            out.notes.append("maximum throughput \(Int(max)) t/day")
        }
        if let delivered = number(s["delivered_tpd"]), let requested = number(s["requested_tpd"]) {
            out.notes.append("delivered \(Int(delivered)) of \(Int(requested)) t/day")
        }
    }

    private static func number(_ any: Any?) -> Double? {
        guard let n = any as? NSNumber, n.doubleValue.isFinite else { return nil }
        return n.doubleValue
    }

    /// nil: not Corridor's; .some(nil): Corridor's but not drawn; .some(kind, label): drawn.
    private static func kind(of p: [String: Any]) -> (MapFeature.Kind, String)?? {
        let feature = p["feature"] as? String
        if feature == "segment", number(p["route"]) != nil, number(p["seq"]) != nil { return .some(nil) }
        if let rank = number(p["rank"]), let km = number(p["distance_km"]), feature == "route" || (feature == nil && p["role"] == nil) {
            var label = "\(formatKm(km)) km"
            if let crossings = p["crossings"] as? [String], !crossings.isEmpty { label += " via " + crossings.joined(separator: ", ") }
            return .some((.route(rank: Int(rank)), label))
        }
        if number(p["edge_id"]) != nil, let flow = number(p["flow_tpd"]), number(p["capacity_tpd"]) != nil {
            let label = (p["name"] as? String) ?? ""
            return .some((.flow(tonnesPerDay: flow, utilization: number(p["utilization"]) ?? 0), label))
        }
        if let role = p["role"] as? String, let element = p["kind"] as? String, let name = p["name"] as? String {
            if role == "ranked", let rank = number(p["rank"]), let lost = number(p["throughput_lost_tpd"]) {
                return .some((.chokepoint(rank: Int(rank), element: element), "\(name) (−\(Int(lost)) t/day)"))
            }
            if role == "cut", let capacity = number(p["capacity_tpd"]) {
                return .some((.cutMember(element: element), "\(name) (\(Int(capacity)) t/day)"))
            }
        }
        if number(p["edge"]) != nil, p["whole"] is Bool, number(p["fraction"]) != nil,
           number(p["entry_h"]) != nil || number(p["entry_km"]) != nil {
            return .some((.reach, (p["name"] as? String) ?? ""))
        }
        return nil
    }

    static func formatKm(_ km: Double) -> String { String(Int(km.rounded())) }

    private static func parts(of g: [String: Any]) -> [[LonLat]]? {
        func point(_ any: Any) -> LonLat? {
            guard let a = any as? [Any], a.count >= 2, let x = number(a[0]), let y = number(a[1]),
                  abs(x) <= 180, abs(y) <= 90 else { return nil }
            return LonLat(lon: x, lat: y)
        }
        func line(_ any: Any) -> [LonLat]? {
            guard let a = any as? [Any], !a.isEmpty else { return nil }
            let pts = a.compactMap(point)
            return pts.count == a.count ? pts : nil
        }
        func lines(_ any: Any?) -> [[LonLat]]? {
            guard let a = any as? [Any] else { return nil }
            let ls = a.compactMap(line)
            return ls.count == a.count ? ls : nil
        }
        switch g["type"] as? String {
        case "Point": return g["coordinates"].flatMap(point).map { [[$0]] }
        case "LineString": return g["coordinates"].flatMap(line).map { [$0] }
        case "MultiLineString": return lines(g["coordinates"])
        case "MultiPoint": return line(g["coordinates"] as Any).map { $0.map { [$0] } }
        default: return nil
        }
    }
}
