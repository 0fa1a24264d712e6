import CorridorGeo
import CorridorNetwork

/// `osm`: the GDAL OSM driver's `lines` layer (`highway`, `railway`, `name`, `other_tags` hstore) or any layer with
/// OSM tags as plain columns (a plain column wins over `other_tags`).
///
/// Rail: `railway=rail` → class from `service=*` (→ `service`), `usage=main` (→ `main`, `trunk` with 2+ `tracks`),
/// `usage=branch` (→ `secondary`), `usage=industrial` (→ `industrial`), none → `main`; gauge from `gauge`
/// (1520/1524/1435, `1520;1435` → dual; any other gauge is skipped). Roads: `highway` as for Geofabrik; `oneway`
/// yes/true/1 → forward, -1/reverse → reversed, no → both; motorways and roundabouts are oneway unless tagged.
/// `maxspeed` "90", "60 mph"; non-numeric values ("RU:urban") are ignored.
struct OSMMapper: LayerMapper {
    let columns: [String: Int]
    let otherTags: Int?
    let fixedMode: TransportMode?
    let defaults: [String: ClassDefault]
    static let tagNames = ["highway", "railway", "name", "ref", "oneway", "maxspeed", "maxspeed:hgv", "gauge", "service",
                           "usage", "tracks", "electrified", "junction", "name:en", "ISO3166-1", "country"]

    init(schema: LayerSchema, mode: TransportMode?, defaults: [String: ClassDefault]) {
        var columns: [String: Int] = [:]
        for tag in OSMMapper.tagNames {
            if let i = schema.index(of: tag) { columns[tag] = i }
            else if let i = schema.index(of: tag.replacingOccurrences(of: ":", with: "_")) { columns[tag] = i }
        }
        self.columns = columns
        otherTags = schema.index(of: "other_tags")
        fixedMode = mode; self.defaults = defaults
    }

    func map(_ f: any FeatureFieldValues) -> ProfileOutcome {
        var parsed: [String: String]? = nil
        func tag(_ key: String) -> String? {
            if let i = columns[key], let v = text(f, i) { return v }
            guard let otherTags else { return nil }
            if parsed == nil { parsed = text(f, otherTags).map(OSMTags.parse) ?? [:] }
            return parsed?[key].flatMap { $0.isEmpty ? nil : $0 }
        }
        let highway = tag("highway")?.lowercased()
        let railway = tag("railway")?.lowercased()
        let mode: TransportMode
        if let fixedMode { mode = fixedMode }
        else if railway != nil && highway == nil { mode = .rail }
        else if highway != nil { mode = .road }
        else { return .skip("not a road or railway") }
        let lineName = tag("name:en") ?? tag("name") ?? tag("ref") ?? ""
        switch mode {
        case .rail:
            guard let railway else { return .skip("not a railway") }
            if railway == "narrow_gauge" { return .skip("narrow gauge (neither 1520 nor 1435)") }
            if outOfServiceRailClasses.contains(railway) { return .skip("railway not in service (\(railway))") }
            if railway != "rail" { return .skip("not a freight railway (\(railway))") }
            var gauge = GaugeSpec.none
            if let g = tag("gauge") {
                guard let spec = GaugeSpec(text: g) else { return .skip("gauge \(g) mm (neither 1520 nor 1435)") }
                gauge = spec
            }
            let tracks = tag("tracks").flatMap { Int($0) }
            let usage = tag("usage")?.lowercased()
            let railClass: String
            if tag("service") != nil { railClass = "service" }
            else if usage == "branch" { railClass = "secondary" }
            else if usage == "industrial" || usage == "military" { railClass = "industrial" }
            else if usage == "main", let tracks, tracks >= 2 { railClass = "trunk" }
            else { railClass = "main" }
            let electrifiedTag = tag("electrified")?.lowercased()
            let electrified = electrifiedTag != nil && electrifiedTag != "no"
            let speed = (tag("maxspeed")).flatMap(parseMaxspeed).map { min($0, ClassDefaults.resolve(mode: .rail, roadClass: railClass, overrides: defaults).speedKmh) }
            return .line(attributes(mode: .rail, roadClass: railClass, name: lineName, defaults: defaults, speedKmh: speed,
                                    gauge: gauge, tracks: tracks, electrified: electrified),
                         reversed: false)
        case .road:
            guard let highway else { return .skip("not a road") }
            let roadClass: String
            switch highwayClass(highway) {
            case .success(let c): roadClass = c
            case .failure(let reason): return .skip(reason.text)
            }
            let classSpeed = ClassDefaults.resolve(mode: .road, roadClass: roadClass, overrides: defaults).speedKmh
            let speed = (tag("maxspeed:hgv") ?? tag("maxspeed")).flatMap(parseMaxspeed).map { min($0, classSpeed) }
            let direction: OnewayValue
            switch tag("oneway")?.lowercased() {
            case "yes", "true", "1": direction = .forward
            case "-1", "reverse": direction = .reversed
            case "no", "false", "0": direction = .both
            default:
                direction = (highway == "motorway" || tag("junction")?.lowercased() == "roundabout") ? .forward : .both
            }
            return .line(attributes(mode: .road, roadClass: roadClass, name: lineName, defaults: defaults, speedKmh: speed,
                                    oneway: direction != .both),
                         reversed: direction == .reversed)
        }
    }
}

/// Parser for the OSM driver's `other_tags` (PostgreSQL hstore text): `"key"=>"value","k2"=>"v2"`, with `\"` and
/// `\\` escapes inside quotes; unquoted tokens and `NULL` values are accepted.
public enum OSMTags {
    /// The tags of `text` as key → value (unquoted `NULL` values omitted); empty for empty text.
    public static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        let chars = Array(text.unicodeScalars)
        var i = 0
        func skipSpace() { while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\n" { i += 1 } }
        func token() -> (String, quoted: Bool)? {
            skipSpace()
            guard i < chars.count else { return nil }
            var out = String.UnicodeScalarView()
            if chars[i] == "\"" {
                i += 1
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    out.append(chars[i]); i += 1
                }
                if i < chars.count { i += 1 }  // closing quote (tolerate a missing one at the end)
                return (String(out), true)
            }
            while i < chars.count, chars[i] != ",", chars[i] != "=", chars[i] != " " { out.append(chars[i]); i += 1 }
            return (String(out), false)
        }
        while i < chars.count {
            guard let (key, _) = token() else { break }
            skipSpace()
            // Expect "=>"; on garbage, resynchronize at the next comma.
            if i + 1 < chars.count, chars[i] == "=", chars[i + 1] == ">" {
                i += 2
                if let (value, quoted) = token(), !key.isEmpty {
                    if !(value == "NULL" && !quoted) { result[key] = value }
                }
            }
            while i < chars.count, chars[i] != "," { i += 1 }
            i += 1
        }
        return result
    }
}

/// The built-in `osm` profile: OSM data read by GDAL's OSM driver (or layers with `highway`/`railway`/`other_tags`).
enum OSMProfile: BuiltinProfile {
    static let names = ["osm", "openstreetmap"]
    static let detectionPriority = 3
    static func fits(_ schema: LayerSchema, driver: String) -> Bool {
        driver == "OSM" || schema.has("other_tags") || schema.has("highway") || schema.has("railway")
    }
    static let typicalFields = ["highway", "railway", "other_tags", "osm_id", "z_order", "waterway", "aerialway", "barrier",
                                "man_made", "maxspeed", "oneway", "gauge", "service", "usage", "electrified"]
    static func mapper(for schema: LayerSchema, mode: TransportMode?, defaults: [String: ClassDefault]) throws(ProfileError) -> any LayerMapper {
        OSMMapper(schema: schema, mode: mode, defaults: defaults)
    }
}
