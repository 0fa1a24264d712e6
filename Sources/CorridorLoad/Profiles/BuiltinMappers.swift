import CorridorGeo
import CorridorNetwork

// MARK: - Natural Earth

/// `natural-earth`: ne_10m_roads (`featurecla`, `type`, `expressway`, `level`, `sov_a3`/`iso_a2`, `name`) and
/// ne_10m_railroads (`featurecla`, `mult_track`, `electric`, `category`, `sov_a3`).
///
/// Road classes: `type` "Major Highway" → `motorway` if `expressway` = 1, else `trunk`; "Beltway" → `motorway`;
/// "Bypass" → `trunk`; "Secondary Highway" → `primary`; "Road" → `secondary`; "Track" → `track`; "Ferry…" or
/// `featurecla` "Ferry…" → `ferry`; other/unknown → `road`. Rail classes: `mult_track` = 1 → `trunk` (2 tracks);
/// else `category` 1 → `main`, 2 or more → `secondary`; missing → `main`. Gauge is left to the builder (by country).
struct NaturalEarthMapper: LayerMapper {
    let featurecla, type, expressway, level, sovA3, isoA2, name, label, multTrack, electric, category: Int?
    let fixedMode: TransportMode?
    let defaults: [String: ClassDefault]

    init(schema: LayerSchema, mode: TransportMode?, defaults: [String: ClassDefault]) throws(ProfileError) {
        featurecla = schema.index(of: "featurecla"); type = schema.index(of: "type")
        expressway = schema.index(of: "expressway"); level = schema.index(of: "level")
        sovA3 = schema.index(of: "sov_a3"); isoA2 = schema.index(of: "iso_a2"); name = schema.index(of: "name")
        label = schema.index(of: "label"); multTrack = schema.index(of: "mult_track")
        electric = schema.index(of: "electric"); category = schema.index(of: "category")
        self.defaults = defaults
        if let mode { fixedMode = mode }
        else if featurecla != nil { fixedMode = nil }
        else if multTrack != nil || electric != nil { fixedMode = .rail }
        else if type != nil || expressway != nil { fixedMode = .road }
        else { throw .unknownMode(source: schema.path, layer: schema.layer) }
    }

    func map(_ f: any FeatureFieldValues) -> ProfileOutcome {
        let cla = text(f, featurecla)?.lowercased() ?? ""
        let mode: TransportMode
        if let fixedMode { mode = fixedMode }
        else if cla.contains("rail") { mode = .rail }
        else if cla.contains("road") || cla.contains("ferry") || cla.contains("highway") { mode = .road }
        else { return .skip(cla.isEmpty ? "no featurecla" : "featurecla '\(cla)' is not a road or railroad") }
        let t = text(f, type)?.lowercased() ?? ""
        if t.contains("construction") || t.contains("proposed") { return .skip("under construction or proposed") }
        var country = text(f, isoA2).map { $0.uppercased() } ?? ""
        if country.count != 2 || country == "-9" || country == "-99" { country = text(f, sovA3).map(alpha2(fromAlpha3:)) ?? "" }
        let lineName = text(f, name) ?? text(f, label) ?? ""
        switch mode {
        case .road:
            let roadClass: String
            if cla.contains("ferry") || t.contains("ferry") { roadClass = "ferry" }
            else if t.contains("major highway") { roadClass = f.int(expressway ?? -1) == 1 ? "motorway" : "trunk" }
            else if t.contains("beltway") { roadClass = "motorway" }
            else if t.contains("bypass") { roadClass = "trunk" }
            else if t.contains("secondary highway") { roadClass = "primary" }
            else if t == "road" { roadClass = "secondary" }
            else if t.contains("track") { roadClass = "track" }
            else if f.int(expressway ?? -1) == 1 { roadClass = "motorway" }
            else { roadClass = "road" }
            return .line(attributes(mode: .road, roadClass: roadClass, name: lineName, defaults: defaults, country: country),
                         reversed: false)
        case .rail:
            let multiple = multTrack.flatMap { f.int($0) } == 1
            let electrified = electric.flatMap { f.int($0) } == 1
            let roadClass: String
            if cla.contains("ferry") { roadClass = "ferry" }
            else if multiple { roadClass = "trunk" }
            else if let c = category.flatMap({ f.int($0) }), c >= 2 { roadClass = "secondary" }
            else { roadClass = "main" }
            return .line(attributes(mode: .rail, roadClass: roadClass, name: lineName, defaults: defaults,
                                    tracks: multiple ? 2 : nil, electrified: electrified, country: country),
                         reversed: false)
        }
    }
}

// MARK: - Classes shared by Geofabrik and OSM

/// Road classes not usable by freight vehicles.
let nonMotorRoadClasses: Set<String> = [
    "footway", "path", "cycleway", "bridleway", "steps", "pedestrian", "corridor", "via_ferrata", "elevator",
    "platform", "proposed", "construction", "abandoned", "disused", "raceway", "escape", "bus_guideway", "busway",
]

/// Railway values that are not freight lines of the 1520/1435 networks.
let nonFreightRailClasses: Set<String> = [
    "light_rail", "subway", "tram", "monorail", "funicular", "miniature", "miniature_railway", "rack", "drag_lift",
    "chair_lift", "cable_car", "gondola", "aerialway", "platform", "station", "halt", "turntable",
]

/// Railway lifecycle values that are not in service.
let outOfServiceRailClasses: Set<String> = ["abandoned", "disused", "construction", "proposed", "razed", "dismantled", "historic", "preserved"]

/// Normalizes an OSM/Geofabrik highway value to a class, or gives a skip reason.
func highwayClass(_ value: String) -> Result<String, SkipReason> {
    let v = value.lowercased()
    if nonMotorRoadClasses.contains(v) { return .failure(SkipReason("not a road for motor vehicles (\(v))")) }
    if v.hasPrefix("track") { return .success("track") }
    if v == "living_street" { return .success("residential") }
    if v == "unknown" || v == "road" || v.isEmpty { return .success("road") }
    return .success(v)
}

struct SkipReason: Error { let text: String; init(_ text: String) { self.text = text } }

/// Direction of a oneway value: forward, reversed, or two-way.
enum OnewayValue { case forward, reversed, both }

// MARK: - Geofabrik

/// `geofabrik`: Geofabrik shapefiles gis_osm_roads_free_1 (`fclass`, `maxspeed` (0 = unknown), `oneway` F/T/B, `name`,
/// `ref`) and gis_osm_railways_free_1 (`fclass`: only `rail` is a freight line; `narrow_gauge`, trams, subways,
/// light rail are skipped). `maxspeed` caps the class's truck speed (trucks rarely reach car limits).
struct GeofabrikMapper: LayerMapper {
    let fclass, maxspeed, oneway, name, ref: Int?
    let fixedMode: TransportMode?
    let defaults: [String: ClassDefault]
    static let railValues: Set<String> = nonFreightRailClasses.union(outOfServiceRailClasses).union(["rail", "narrow_gauge"])
    /// What a trimmed `fclass` value means, computed once per distinct value (a layer has a few dozen).
    private let classCache = ClassCache()

    private enum ClassOutcome {
        case skip(String)
        /// A rail line: its attributes are fixed apart from the name.
        case rail(EdgeAttributes)
        /// A road of this class; `speedKmh` is the class default speed that `maxspeed` caps.
        case road(EdgeAttributes)
    }

    private final class ClassCache {
        var byTrimmedValue: [String: ClassOutcome] = [:]
    }

    init(schema: LayerSchema, mode: TransportMode?, defaults: [String: ClassDefault]) {
        fclass = schema.index(of: "fclass"); maxspeed = schema.index(of: "maxspeed"); oneway = schema.index(of: "oneway")
        name = schema.index(of: "name"); ref = schema.index(of: "ref")
        fixedMode = mode; self.defaults = defaults
    }

    private func classOutcome(_ value: String) -> ClassOutcome {
        if let known = classCache.byTrimmedValue[value] { return known }
        let cls = value.lowercased()
        let outcome: ClassOutcome
        let mode = fixedMode ?? (GeofabrikMapper.railValues.contains(cls) ? .rail : .road)
        switch mode {
        case .rail:
            if cls == "narrow_gauge" { outcome = .skip("narrow gauge (neither 1520 nor 1435)") }
            else if nonFreightRailClasses.contains(cls) { outcome = .skip("not a freight railway (\(cls))") }
            else if outOfServiceRailClasses.contains(cls) { outcome = .skip("railway not in service (\(cls))") }
            else if cls != "rail" { outcome = .skip("not a freight railway (\(cls))") }
            else { outcome = .rail(attributes(mode: .rail, roadClass: "main", name: "", defaults: defaults)) }
        case .road:
            switch highwayClass(cls) {
            case .success(let roadClass):
                outcome = .road(attributes(mode: .road, roadClass: roadClass, name: "", defaults: defaults))
            case .failure(let reason): outcome = .skip(reason.text)
            }
        }
        classCache.byTrimmedValue[value] = outcome
        return outcome
    }

    func map(_ f: any FeatureFieldValues) -> ProfileOutcome {
        guard let value = text(f, fclass) else { return .skip("no fclass") }
        switch classOutcome(value) {
        case .skip(let reason):
            return .skip(reason)
        case .rail(var attributes):
            attributes.name = text(f, name) ?? text(f, ref) ?? ""
            return .line(attributes, reversed: false)
        case .road(var attributes):
            attributes.name = text(f, name) ?? text(f, ref) ?? ""
            // `attributes` holds the class default speed; a positive maxspeed caps it.
            if let m = maxspeed.flatMap({ f.double($0) }), m > 0 {
                let speed = min(m, attributes.speedKmh)
                if speed > 0, speed.isFinite { attributes.speedKmh = speed }
            }
            let direction: OnewayValue
            switch text(f, oneway) {
            case "F", "f": direction = .forward
            case "T", "t": direction = .reversed
            case let other?:
                // Only "f"/"t" uppercase to "F"/"T"; kept as the general rule for any other text.
                switch other.uppercased() {
                case "F": direction = .forward
                case "T": direction = .reversed
                default: direction = .both
                }
            case nil: direction = .both
            }
            attributes.oneway = direction != .both
            return .line(attributes, reversed: direction == .reversed)
        }
    }
}

// MARK: - OSM

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
