import CorridorCore
import CorridorGeo
import CorridorNetwork
import CorridorYAML
import Foundation
import Yams

/// A network manifest (YAML), paths resolved relative to the manifest's directory. Format: docs/FORMATS.md,
/// plus optional `regions:` (`- {path, layer, field, target: country|region}`), `assume_crs:`, `search_radius_m:`,
/// `auto_border_crossings: true|false` and per-source `assume_crs:`.
public struct NetworkManifest: Sendable {
    /// A crossing or terminal location: a gazetteer place or explicit coordinates.
    public enum Location: Sendable, Equatable {
        /// A gazetteer place, with its line and column in the manifest for error messages.
        case place(String, line: Int, column: Int)
        /// Explicit `lon:`/`lat:` coordinates.
        case coordinate(LonLat)
    }
    /// A `crossings:` entry: a border crossing to build.
    public struct Crossing: Sendable {
        /// Name (`name:`, else the place), location, modes whose layers it joins, and the two ISO countries.
        public var name: String; public var location: Location; public var modes: [TransportMode]; public var countries: [String]
        /// Capacity per direction in tonnes per day, delay in seconds (`delay_h` × 3600), cost per tonne, and a note.
        public var capacityTonnesPerDay: Int64; public var delaySeconds: Double; public var cost: Double; public var note: String
        /// `layers:` of a transfer (`rail-1520`, `rail-1435`): the rail layers it serves; nil for all present.
        public var railLayers: Set<NetworkLayer>? = nil
        /// Ranges of capacity, delay (seconds) and cost, where the entry gives `low`/`high`.
        public var ranges = ConnectorRanges()
    }
    /// A `terminals:` entry: a transfer or transshipment terminal to build.
    public struct Terminal: Sendable {
        /// Name (`name:`, else the place), location, and `.transfer` or `.transshipment`.
        public var name: String; public var location: Location; public var kind: EdgeKind
        /// Capacity per direction in tonnes per day, delay in seconds (`delay_h` × 3600), cost per tonne, and a note.
        public var capacityTonnesPerDay: Int64; public var delaySeconds: Double; public var cost: Double; public var note: String
        /// `layers:` of a transfer (`rail-1520`, `rail-1435`): the rail layers it serves; nil for all present.
        public var railLayers: Set<NetworkLayer>? = nil
        /// Ranges of capacity, delay (seconds) and cost, where the entry gives `low`/`high`.
        public var ranges = ConnectorRanges()
    }
    /// `auto_crossings:`, the attributes of automatic border crossings (each nil: the build default).
    public struct AutoCrossings: Sendable, Equatable {
        /// `capacity_tpd:`, tonnes per day.
        public var capacityTonnesPerDay: Int64?
        /// `delay_h:` in seconds.
        public var delaySeconds: Double?
        /// `cost:` per tonne.
        public var cost: Double?
        /// `merge_m:`, crossings closer than this along a line merge (metres).
        public var mergeMeters: Double?
        /// Memberwise initializer; nil leaves the build default.
        public init(capacityTonnesPerDay: Int64? = nil, delaySeconds: Double? = nil, cost: Double? = nil, mergeMeters: Double? = nil) {
            self.capacityTonnesPerDay = capacityTonnesPerDay; self.delaySeconds = delaySeconds; self.cost = cost
            self.mergeMeters = mergeMeters
        }
    }
    /// Path of the manifest file.
    public var path: String
    /// Network name: `name:`, else the manifest's file name without extension.
    public var name: String
    /// `profile:`, a built-in profile name or the resolved path of a profile file; nil to detect per layer.
    public var profile: String?
    /// `snap_tolerance_m:`, metres; nil for the build default.
    public var snapToleranceMeters: Double?
    /// `search_radius_m:`, how far from a crossing's or terminal's point its nodes may be, metres; nil for the default.
    public var searchRadiusMeters: Double?
    /// `auto_border_crossings:`; nil for the build default.
    public var autoBorderCrossings: Bool?
    /// `node_t_junctions:`, whether a line end on another line's segment splits it there; nil for the default (no).
    public var nodeTJunctions: Bool?
    /// `auto_crossings:` defaults of automatic border crossings.
    public var autoCrossings = AutoCrossings()
    /// `assume_crs:`, the CRS for sources that have none and set none themselves.
    public var assumeCRS: String?
    /// `sources:`, the line layers to read, in order, paths resolved.
    public var sources: [SourceSpec]
    /// `places:`, the resolved path of the gazetteer CSV; nil for none.
    public var placesPath: String?
    /// `crossings:` entries, in file order.
    public var crossings: [Crossing]
    /// `terminals:` entries, in file order.
    public var terminals: [Terminal]
    /// `regions:`, polygon layers that tag edges with countries or regions.
    public var regions: [RegionSpec]

    /// Loads and validates a manifest; every error names `file:line:column`.
    public static func load(path: String) throws(NetworkLoadError) -> NetworkManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .fileNotFound(what: "network manifest", path: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .manifest(reason: "manifest is not UTF-8", path: path, line: 1, column: 1)
        }
        return try parse(text, path: path)
    }

    /// Parses manifest text; relative paths are resolved against the directory of `path`.
    public static func parse(_ text: String, path: String) throws(NetworkLoadError) -> NetworkManifest {
        let document: YAMLDocument
        do { document = try YAMLDocument.parse(text, path: path) }
        catch { throw .manifest(reason: error.reason, path: path, line: error.line, column: error.column) }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String {
            if p.hasPrefix("/") || !VectorDataset.isPlainPath(p) { return p }
            return base.appendingPathComponent(p).standardizedFileURL.path
        }
        func fail(_ reason: String, _ node: Node) -> NetworkLoadError {
            let p = node.position
            return .manifest(reason: reason, path: path, line: p.line, column: p.column)
        }
        func string(_ node: Node, _ what: String) throws(NetworkLoadError) -> String {
            guard let s = node.scalarText, !s.isEmpty else { throw fail("\(what) must be text", node) }
            return s
        }
        /// A number checked against `rule` (`InputRules`; by default finite in 0…10^12, so `Int64(x)` never traps).
        func number(_ node: Node, _ what: String, _ rule: NumberRule = Quantity.defaultRule) throws(NetworkLoadError) -> Double {
            do { return try node.number(rule) } catch { throw fail("\(what) \(error)", node) }
        }
        func quantity(_ node: Node, _ what: String, _ rule: NumberRule = Quantity.defaultRule) throws(NetworkLoadError) -> Quantity {
            try Quantity.parse(node, what, rule: rule, fail: fail)
        }
        func list(_ node: Node, _ what: String) throws(NetworkLoadError) -> [Node] {
            if let s = node.sequence { return Array(s) }
            if node.scalar != nil { return [node] }
            throw fail("\(what) must be a list", node)
        }
        func modes(_ node: Node) throws(NetworkLoadError) -> [TransportMode] {
            var out: [TransportMode] = []
            for item in try list(node, "modes") {
                guard let s = item.scalarText, let m = TransportMode(name: s) else { throw fail("mode must be road or rail", item) }
                if !out.contains(m) { out.append(m) }
            }
            return out
        }
        func location(_ entry: [(key: String, keyNode: Node, value: Node)], _ owner: Node, _ what: String) throws(NetworkLoadError) -> Location {
            if let place = entry.first(where: { $0.key == "place" }) {
                let p = place.value.position
                return .place(try string(place.value, "place"), line: p.line, column: p.column)
            }
            guard let lonNode = entry.first(where: { $0.key == "lon" })?.value,
                  let latNode = entry.first(where: { $0.key == "lat" })?.value else {
                throw fail("\(what) needs `place:` or `lon:` and `lat:`", owner)
            }
            guard let lon = lonNode.number, (-180...180).contains(lon) else { throw fail("lon must be a number in -180...180", lonNode) }
            guard let lat = latNode.number, (-90...90).contains(lat) else { throw fail("lat must be a number in -90...90", latNode) }
            return .coordinate(LonLat(lon: lon, lat: lat))
        }

        guard let top = document.root.pairs else { throw fail("manifest must be a mapping", document.root) }
        var m = NetworkManifest(path: path, name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                                profile: nil, snapToleranceMeters: nil, searchRadiusMeters: nil, autoBorderCrossings: nil,
                                assumeCRS: nil, sources: [], placesPath: nil, crossings: [], terminals: [], regions: [])
        var sawSources = false
        for (key, keyNode, value) in top {
            switch key {
            case "name": m.name = try string(value, "name")
            case "description", "note", "notes", "defs": continue   // defs: YAML anchors shared by entries
            case "auto_crossings":
                guard let entry = value.pairs else { throw fail("auto_crossings must be a mapping", value) }
                for (k, kNode, v) in entry {
                    switch k {
                    case "capacity_tpd": m.autoCrossings.capacityTonnesPerDay = Int64(try number(v, "capacity_tpd", InputRules.capacityTonnesPerDay))
                    case "delay_h": m.autoCrossings.delaySeconds = try number(v, "delay_h", InputRules.delayHours) * 3600
                    case "cost": m.autoCrossings.cost = try number(v, "cost", InputRules.cost)
                    case "merge_m": m.autoCrossings.mergeMeters = try number(v, "merge_m", InputRules.toleranceMeters)
                    default: throw fail(unknownKey(k, in: "auto_crossings", allowed: ["capacity_tpd", "delay_h", "cost", "merge_m"]), kNode)
                    }
                }
            case "profile":
                let p = try string(value, "profile")
                m.profile = Profile.builtin(p) != nil ? p : resolve(p)
            case "snap_tolerance_m": m.snapToleranceMeters = try number(value, "snap_tolerance_m", InputRules.toleranceMeters)
            case "search_radius_m": m.searchRadiusMeters = try number(value, "search_radius_m", InputRules.toleranceMeters)
            case "auto_border_crossings":
                guard let b = value.scalarText.flatMap(parseBool) else { throw fail("auto_border_crossings must be true or false", value) }
                m.autoBorderCrossings = b
            case "node_t_junctions":
                guard let b = value.scalarText.flatMap(parseBool) else { throw fail("node_t_junctions must be true or false", value) }
                m.nodeTJunctions = b
            case "assume_crs": m.assumeCRS = try string(value, "assume_crs")
            case "places": m.placesPath = resolve(try string(value, "places"))
            case "sources":
                sawSources = true
                for item in try list(value, "sources") {
                    if let s = item.scalarText { m.sources.append(SourceSpec(path: resolve(s))); continue }
                    guard let entry = item.pairs else { throw fail("source must be a path or a mapping", item) }
                    var source = SourceSpec(path: "")
                    for (k, kNode, v) in entry {
                        switch k {
                        case "path": source.path = resolve(try string(v, "path"))
                        case "layer": source.layer = try string(v, "layer")
                        case "mode":
                            guard let s = v.scalarText, let mode = TransportMode(name: s) else { throw fail("mode must be road or rail", v) }
                            source.mode = mode
                        case "assume_crs": source.assumeCRS = try string(v, "assume_crs")
                        case "note", "description": continue
                        default: throw fail(unknownKey(k, in: "source", allowed: ["path", "layer", "mode", "assume_crs", "note"]), kNode)
                        }
                    }
                    guard !source.path.isEmpty else { throw fail("source needs `path:`", item) }
                    m.sources.append(source)
                }
            case "crossings":
                var names = Set<String>()
                for item in try list(value, "crossings") {
                    guard let entry = item.pairs else { throw fail("crossing must be a mapping", item) }
                    var c = Crossing(name: "", location: .coordinate(LonLat(lon: 0, lat: 0)), modes: [], countries: [],
                                     capacityTonnesPerDay: 0, delaySeconds: 0, cost: 0, note: "")
                    for (k, kNode, v) in entry {
                        switch k {
                        case "name": c.name = try string(v, "name")
                        case "place", "lon", "lat": continue
                        case "modes", "mode": c.modes = try modes(v)
                        case "countries":
                            c.countries = []
                            for country in try list(v, "countries") { c.countries.append(try string(country, "country").uppercased()) }
                        case "capacity_tpd":
                            let q = try quantity(v, "capacity_tpd", InputRules.capacityTonnesPerDay)
                            c.capacityTonnesPerDay = Int64(q.base.rounded()); c.ranges.capacity = q.range
                        case "delay_h":
                            let q = try quantity(v, "delay_h", InputRules.delayHours)
                            c.delaySeconds = q.base * 3600; c.ranges.delaySeconds = q.range.map { ValueRange(low: $0.low * 3600, high: $0.high * 3600) }
                        case "cost":
                            let q = try quantity(v, "cost", InputRules.cost)
                            c.cost = q.base; c.ranges.cost = q.range
                        case "note": c.note = v.scalarText ?? ""
                        default: throw fail(unknownKey(k, in: "crossing", allowed: ["name", "place", "lon", "lat", "modes", "countries", "capacity_tpd", "delay_h", "cost", "note"]), kNode)
                        }
                    }
                    c.location = try location(entry, item, "crossing")
                    if c.name.isEmpty, case .place(let p, _, _) = c.location { c.name = p }
                    guard !c.name.isEmpty else { throw fail("crossing needs `name:`", item) }
                    guard names.insert(c.name).inserted else { throw fail("duplicate crossing name '\(c.name)'", item) }
                    guard !c.modes.isEmpty else { throw fail("crossing \(c.name) needs `modes:` (road, rail)", item) }
                    guard c.countries.count == 2, c.countries[0] != c.countries[1] else {
                        throw fail("crossing \(c.name) needs `countries:` with two different countries", item)
                    }
                    m.crossings.append(c)
                }
            case "terminals":
                for item in try list(value, "terminals") {
                    guard let entry = item.pairs else { throw fail("terminal must be a mapping", item) }
                    var t = Terminal(name: "", location: .coordinate(LonLat(lon: 0, lat: 0)), kind: .transfer,
                                     capacityTonnesPerDay: 0, delaySeconds: 0, cost: 0, note: "")
                    var sawKind = false
                    for (k, kNode, v) in entry {
                        switch k {
                        case "name": t.name = try string(v, "name")
                        case "place", "lon", "lat": continue
                        case "kind":
                            switch v.scalarText?.lowercased() {
                            case "transshipment": t.kind = .transshipment
                            case "transfer": t.kind = .transfer
                            default: throw fail("terminal kind must be transshipment or transfer", v)
                            }
                            sawKind = true
                        case "capacity_tpd":
                            let q = try quantity(v, "capacity_tpd", InputRules.capacityTonnesPerDay)
                            t.capacityTonnesPerDay = Int64(q.base.rounded()); t.ranges.capacity = q.range
                        case "delay_h":
                            let q = try quantity(v, "delay_h", InputRules.delayHours)
                            t.delaySeconds = q.base * 3600; t.ranges.delaySeconds = q.range.map { ValueRange(low: $0.low * 3600, high: $0.high * 3600) }
                        case "cost":
                            let q = try quantity(v, "cost", InputRules.cost)
                            t.cost = q.base; t.ranges.cost = q.range
                        case "note": t.note = v.scalarText ?? ""
                        case "layers":
                            var layers = Set<NetworkLayer>()
                            for item in v.sequence.map(Array.init) ?? [v] {
                                guard let layer = NetworkLayer.allCases.first(where: { $0.description == item.scalarText?.lowercased() }),
                                      layer != .road else {
                                    throw fail("terminal layers must be rail-1520 and/or rail-1435", item)
                                }
                                layers.insert(layer)
                            }
                            t.railLayers = layers
                        default: throw fail(unknownKey(k, in: "terminal", allowed: ["name", "place", "lon", "lat", "kind", "layers", "capacity_tpd", "delay_h", "cost", "note"]), kNode)
                        }
                    }
                    t.location = try location(entry, item, "terminal")
                    if t.name.isEmpty, case .place(let p, _, _) = t.location { t.name = p }
                    guard !t.name.isEmpty else { throw fail("terminal needs `name:` or `place:`", item) }
                    guard sawKind else { throw fail("terminal \(t.name) needs `kind:` (transshipment or transfer)", item) }
                    m.terminals.append(t)
                }
            case "regions":
                for item in try list(value, "regions") {
                    guard let entry = item.pairs else { throw fail("region source must be a mapping", item) }
                    var r = RegionSpec(path: "", field: "", target: .country)
                    for (k, kNode, v) in entry {
                        switch k {
                        case "path": r.path = resolve(try string(v, "path"))
                        case "layer": r.layer = try string(v, "layer")
                        case "field": r.field = try string(v, "field")
                        case "target", "attribute":
                            guard let s = v.scalarText, let target = RegionPolygons.Target(rawValue: s) else {
                                throw fail("region target must be country or region", v)
                            }
                            r.target = target
                        default: throw fail(unknownKey(k, in: "region", allowed: ["path", "layer", "field", "target"]), kNode)
                        }
                    }
                    guard !r.path.isEmpty, !r.field.isEmpty else { throw fail("region source needs `path:` and `field:`", item) }
                    m.regions.append(r)
                }
            default:
                throw fail(unknownKey(key, in: "manifest", allowed: ["name", "description", "defs", "profile", "snap_tolerance_m", "search_radius_m", "auto_border_crossings", "node_t_junctions", "auto_crossings", "assume_crs", "places", "sources", "crossings", "terminals", "regions"]), keyNode)
            }
        }
        guard sawSources, !m.sources.isEmpty else { throw fail("manifest needs `sources:` with at least one source", document.root) }
        return m
    }
}
