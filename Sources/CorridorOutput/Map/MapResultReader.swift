import CorridorCore
import CorridorGeo
import Foundation

/// Reads Corridor's own GeoJSON and GeoJSONSeq outputs into drawable features. Each feature is recognised by its
/// `feature` property (docs/FORMATS.md, "Outputs") and the properties its role carries:
///
/// | `feature` | drawn as | needs |
/// | --- | --- | --- |
/// | `route` | a route by rank | `rank`, `length_m` |
/// | `flow` | a flow | `edge_id`, `flow_tpd`, `capacity_tpd` (`utilization`) |
/// | `chokepoint` | a ranked element | `rank`, `kind`, `name`, `throughput_lost_tpd` |
/// | `cut` | a minimum-cut member | `kind`, `name`, `capacity_tpd` |
/// | `reach` | reached line | `edge_id`, `whole`, `fraction`, `entry_time_h` or `entry_length_m` |
/// | `edge` (export) | a network line | `edge_id`, `mode` |
/// | `leg`, `segment`, `node` | (not drawn) | |
///
/// A feature that matches none of these makes the whole file "not Corridor output": mixing foreign data into a
/// map silently would be worse than refusing it.
public enum MapResultReader {
    /// Reads and parses one result file; `-` reads standard input.
    public static func read(path: String) throws(RenderError) -> MapResults {
        if path == "-" || path == "/dev/stdin" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return try parse(data, path: path == "-" ? "standard input" : path)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .fileNotFound(path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notCorridorOutput(path: path, reason: "cannot read file")
        }
        return try parse(data, path: path)
    }

    /// Parses GeoJSON or GeoJSONSeq bytes (`path` only names the source in errors); see the type's documentation.
    public static func parse(_ data: Data, path: String) throws(RenderError) -> MapResults {
        let features: [Any]
        var summary: [String: Any]?
        if let object = try? JSONSerialization.jsonObject(with: data),
           (object as? [String: Any])?["type"] as? String != "Feature" {
            guard let root = object as? [String: Any], root["type"] as? String == "FeatureCollection",
                  let list = root["features"] as? [Any] else {
                throw .notCorridorOutput(path: path, reason: "not a GeoJSON FeatureCollection")
            }
            features = list
            summary = root["corridor"] as? [String: Any]
        } else if let sequence = sequenceFeatures(data) {
            features = sequence
            summary = sequence.lazy.compactMap { ($0 as? [String: Any])?["corridor"] as? [String: Any] }.first
        } else {
            throw .notCorridorOutput(path: path, reason: "not JSON")
        }
        var out = MapResults()
        if let record = summary?["summary"] as? [String: Any] { readSummary(record, into: &out) }
        if summary?["command"] as? String == "reach", let from = (summary?["request"] as? [String: Any])?["from"] as? [String] {
            for name in from where !out.sites.contains(where: { $0.name == name }) { out.sites.append(MapSite(name: name)) }
            out.reachSource = from.joined(separator: ", ")
        }
        for (index, any) in features.enumerated() {
            guard let feature = any as? [String: Any], feature["type"] as? String == "Feature" else {
                throw .notCorridorOutput(path: path, reason: "feature \(index + 1) is not a GeoJSON Feature")
            }
            let props = feature["properties"] as? [String: Any] ?? [:]
            let recognised: (MapFeature.Kind, String)??
            do { recognised = try kind(of: props) } catch {
                throw .notCorridorOutput(path: path, reason: "feature \(index + 1): \(error)")
            }
            guard let recognised else {
                throw .notCorridorOutput(path: path, reason: "feature \(index + 1) has none of the properties of a Corridor route, flow, chokepoint, reach or network feature")
            }
            guard recognised != nil else { continue }  // recognised but not drawn (legs, segments, nodes)
            guard let geometry = feature["geometry"] as? [String: Any], let parts = parts(of: geometry), !parts.isEmpty else {
                throw .notCorridorOutput(path: path, reason: "feature \(index + 1) has no valid Point or LineString geometry in lon/lat degrees")
            }
            add(props, parts: parts, into: &out)
        }
        return out
    }

    /// Adds the drawable feature of a Corridor feature's properties and geometry parts (and a route's endpoints and
    /// via places as sites): one interpretation for files (`parse`) and typed results (`MapResults(route:…)`).
    static func add(_ props: [String: Any], parts: [[LonLat]], into out: inout MapResults) {
        // Typed results carry valid ranks; a crafted file was refused by `parse` before it got here.
        guard let recognised = try? kind(of: props), let (kind, label) = recognised else { return }
        out.features.append(MapFeature(kind: kind, parts: parts, label: label))
        guard case .route = kind else { return }
        // Route endpoints: the geometry's ends, named after the request.
        if let from = props["from"] as? String, let first = parts.first?.first, !out.sites.contains(where: { $0.name == from }) {
            out.sites.append(MapSite(name: from, location: first))
        }
        if let to = props["to"] as? String, let last = parts.last?.last, !out.sites.contains(where: { $0.name == to }) {
            out.sites.append(MapSite(name: to, location: last))
        }
        let via = (props["via"] as? String).map { $0.split(separator: ";").map(String.init) } ?? []
        for name in via where !out.sites.contains(where: { $0.name == name }) {
            out.sites.append(MapSite(name: name))
        }
        let crossings = (props["crossings"] as? String).map { $0.split(separator: ";").map(String.init) } ?? []
        for name in crossings where !out.namedPlaces.contains(name) { out.namedPlaces.append(name) }
    }

    /// The features of a GeoJSON text sequence (RFC 8142, or one Feature per line); nil if it is not one.
    static func sequenceFeatures(_ data: Data) -> [Any]? {
        var features: [Any] = []
        for record in data.split(whereSeparator: { $0 == 0x1E || $0 == 0x0A }) {
            let trimmed = record.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if trimmed.isEmpty || trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed)) else { return nil }
            features.append(object)
        }
        return features.isEmpty ? nil : features
    }

    /// The collection-level `corridor` member of flow and chokepoint results: sites and headline numbers.
    static func readSummary(_ s: [String: Any], into out: inout MapResults) {
        for key in ["origins", "destinations"] {
            for site in s[key] as? [[String: Any]] ?? [] {
                if let name = site["name"] as? String, !out.sites.contains(where: { $0.name == name }) {
                    out.sites.append(MapSite(name: name))
                }
            }
        }
        if let max = number(s["max_throughput_tpd"]) {
            out.notes.append(throughputNote(max))
        }
        if let delivered = number(s["delivered_tpd"]), let requested = number(s["requested_tpd"]) {
            out.notes.append(deliveredNote(delivered, of: requested))
        }
    }

    /// The map note of a flow (typed results and files alike): tonnes as written, at most 3 decimals.
    static func deliveredNote(_ delivered: Double, of requested: Double) -> String {
        "delivered \(NumberFormat.trimmed(delivered, decimals: 3)) of \(NumberFormat.trimmed(requested, decimals: 3)) t/day"
    }

    /// The map note of a chokepoint result.
    static func throughputNote(_ tonnes: Double) -> String { "maximum throughput \(NumberFormat.trimmed(tonnes, decimals: 3)) t/day" }

    private static func number(_ any: Any?) -> Double? {
        guard let n = any as? NSNumber, n.doubleValue.isFinite else { return nil }
        return n.doubleValue
    }

    /// A number for a label, rounded to whole units (any finite value: no integer conversion that could trap).
    static func whole(_ x: Double) -> String { NumberFormat.fixed(x.rounded(), decimals: 0) }

    /// Ranks Corridor writes: whole numbers from 1 (checked, so a crafted `rank: 1e300` is refused, not a crash).
    static let rankRule = NumberRule.whole(1...1_000_000)

    /// `value` checked against `rule`, the problem naming the property.
    static func named(_ property: String, _ rule: NumberRule, _ value: Double) throws(NumberProblem) -> Double {
        do { return try rule.check(value) } catch {
            throw NumberProblem(text: error.text, problem: error.problem, expected: "\(property) as \(error.expected)")
        }
    }

    static func rank(_ x: Double) throws(NumberProblem) -> Int {
        do { return try rankRule.check(x, as: Int.self) } catch {
            throw NumberProblem(text: error.text, problem: error.problem, expected: "a rank, \(error.expected)")
        }
    }

    /// nil: not Corridor's; .some(nil): Corridor's but not drawn; .some(kind, label): drawn.
    /// - Throws: `NumberProblem` for a recognised feature whose rank is not a valid rank.
    static func kind(of p: [String: Any]) throws(NumberProblem) -> (MapFeature.Kind, String)?? {
        switch p["feature"] as? String {
        case "leg", "segment":
            return number(p["route"]) != nil && number(p["seq"]) != nil ? .some(nil) : nil
        case "node":
            return number(p["node_id"]) != nil ? .some(nil) : nil
        case "route":
            guard let rank = number(p["rank"]), let meters = number(p["length_m"]) else { return nil }
            var label = "\(formatKm(meters / 1000)) km"
            if let crossings = p["crossings"] as? String, !crossings.isEmpty {
                label += " via " + crossings.split(separator: ";").joined(separator: ", ")
            }
            return .some((.route(rank: try Self.rank(rank)), label))
        case "flow":
            guard number(p["edge_id"]) != nil, let flow = number(p["flow_tpd"]), number(p["capacity_tpd"]) != nil else { return nil }
            // Tonnes as Corridor writes them (at most 10^12 t/day); utilization a finite share (a crafted 1e19 is refused).
            let tonnes = try named("flow_tpd", InputRules.capacityTonnesPerDay, flow)
            let utilization = try named("utilization", NumberRule.real(0...1_000_000), number(p["utilization"]) ?? 0)
            return .some((.flow(tonnesPerDay: tonnes, utilization: utilization), (p["name"] as? String) ?? ""))
        case "chokepoint":
            guard let rank = number(p["rank"]), let element = p["kind"] as? String, let name = p["name"] as? String,
                  let lost = number(p["throughput_lost_tpd"]) else { return nil }
            return .some((.chokepoint(rank: try Self.rank(rank), element: element), "\(name) (−\(whole(lost)) t/day)"))
        case "interdicted":
            guard let seq = number(p["seq"]), let element = p["kind"] as? String, let name = p["name"] as? String else { return nil }
            return .some((.chokepoint(rank: try Self.rank(seq), element: element), "\(name) (removed)"))
        case "cut":
            guard let element = p["kind"] as? String, let name = p["name"] as? String,
                  let capacity = number(p["capacity_tpd"]) else { return nil }
            return .some((.cutMember(element: element), "\(name) (\(whole(capacity)) t/day)"))
        case "reach":
            guard number(p["edge_id"]) != nil, p["whole"] is Bool, number(p["fraction"]) != nil,
                  number(p["entry_time_h"]) != nil || number(p["entry_length_m"]) != nil else { return nil }
            return .some((.reach, (p["name"] as? String) ?? ""))
        case "edge":
            guard number(p["edge_id"]) != nil, let mode = p["mode"] as? String else { return nil }
            return .some((.networkEdge(mode: mode), (p["name"] as? String) ?? ""))
        default:
            return nil
        }
    }

    static func formatKm(_ km: Double) -> String { whole(km) }

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
