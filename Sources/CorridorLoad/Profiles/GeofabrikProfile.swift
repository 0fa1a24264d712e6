import CorridorGeo
import CorridorNetwork

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

    var fieldsRead: [Int]? { [fclass, maxspeed, oneway, name, ref].compactMap { $0 } }

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

/// The built-in `geofabrik` profile: Geofabrik's OSM shapefiles (detected by `fclass`).
enum GeofabrikProfile: BuiltinProfile {
    static let names = ["geofabrik"]
    static let detectionPriority = 1
    static func fits(_ schema: LayerSchema, driver: String) -> Bool { schema.has("fclass") }
    static let typicalFields = ["fclass", "code", "osm_id", "ref", "oneway", "maxspeed", "layer", "bridge", "tunnel"]
    static func mapper(for schema: LayerSchema, mode: TransportMode?, defaults: [String: ClassDefault]) throws(ProfileError) -> any LayerMapper {
        GeofabrikMapper(schema: schema, mode: mode, defaults: defaults)
    }
}
