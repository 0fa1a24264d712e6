import CorridorGeo
import CorridorNetwork

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

    var fieldsRead: [Int]? {
        [featurecla, type, expressway, level, sovA3, isoA2, name, label, multTrack, electric, category].compactMap { $0 }
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

/// The built-in `natural-earth` profile: Natural Earth roads and railroads (detected by `featurecla`).
enum NaturalEarthProfile: BuiltinProfile {
    static let names = ["natural-earth", "naturalearth", "ne"]
    static let detectionPriority = 2
    static func fits(_ schema: LayerSchema, driver: String) -> Bool { schema.has("featurecla") }
    static let typicalFields = ["featurecla", "scalerank", "type", "expressway", "level", "sov_a3", "iso_a2", "mult_track",
                                "electric", "category", "labelrank", "length_km", "toll", "continent", "min_zoom",
                                "rwdb_rd_id", "uident", "ne_part"]
    static func mapper(for schema: LayerSchema, mode: TransportMode?, defaults: [String: ClassDefault]) throws(ProfileError) -> any LayerMapper {
        try NaturalEarthMapper(schema: schema, mode: mode, defaults: defaults)
    }
}
