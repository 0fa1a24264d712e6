import CorridorCore
import CorridorGeo
import CorridorNetwork

/// Attribute access by field index, as a feature reader offers it. `FeatureRecord` (CorridorGeo) conforms; tests can
/// use `FieldValues`.
public protocol FeatureFieldValues {
    func string(_ field: Int) -> String?
    func int(_ field: Int) -> Int64?
    func double(_ field: Int) -> Double?
    /// Text without leading/trailing `CharacterSet.whitespaces`, nil if unset or empty after trimming. Readers can
    /// provide a faster equivalent of the default (`FeatureRecord` trims bytes before making a `String`).
    func trimmedText(_ field: Int) -> String?
}

extension FeatureFieldValues {
    /// Default: `string(field)` trimmed of whitespace; nil if unset or empty after trimming.
    public func trimmedText(_ field: Int) -> String? {
        guard let s = string(field) else { return nil }
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }
}

/// A dictionary-free, index-addressed attribute row, for tests and in-memory features.
public struct FieldValues: FeatureFieldValues, Sendable {
    /// The field values, by field index (nil = unset).
    public var values: [String?]
    /// A row with these values, by field index.
    public init(_ values: [String?]) { self.values = values }
    /// The value of `field`; nil if unset or out of range.
    public func string(_ field: Int) -> String? { field < values.count ? values[field] : nil }
    /// The value of `field` as an integer (integral decimals accepted); nil if unset or not integral.
    public func int(_ field: Int) -> Int64? {
        guard let s = string(field)?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let i = Int64(s) { return i }
        if let d = Double(s), d.isFinite, d.rounded() == d, abs(d) < 9e18 { return Int64(d) }
        return nil
    }
    /// The value of `field` as a number; nil if unset or unparseable.
    public func double(_ field: Int) -> Double? { string(field).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
}

/// The fields of one layer a profile is bound to.
public struct LayerSchema: Sendable, Equatable {
    /// Source path (for messages).
    public var path: String
    /// Layer name.
    public var layer: String
    /// Field names, in field-index order.
    public var fields: [String]
    /// A schema for layer `layer` of `path` with these fields.
    public init(path: String, layer: String, fields: [String]) { self.path = path; self.layer = layer; self.fields = fields }
    /// Index of a field, case-insensitively.
    public func index(of name: String) -> Int? {
        if let i = fields.firstIndex(of: name) { return i }
        let lower = name.lowercased()
        return fields.firstIndex { $0.lowercased() == lower }
    }
    /// Whether the layer has a field called `name` (case-insensitive).
    public func has(_ name: String) -> Bool { index(of: name) != nil }
}

/// What a profile makes of one feature.
public enum ProfileOutcome: Sendable, Equatable {
    /// Use the feature's lines with these attributes; `reversed` = the direction of travel of a oneway runs against
    /// the digitization, so the geometry must be reversed.
    case line(EdgeAttributes, reversed: Bool)
    /// Skip the feature, for this reason (counted in the build report).
    case skip(String)
}

/// A profile bound to a layer's schema: field indices are resolved once, then each feature is mapped.
public protocol LayerMapper {
    func map(_ feature: any FeatureFieldValues) -> ProfileOutcome
}

/// Maps the fields of line layers to edge attributes. Built-ins: `natural-earth`, `geofabrik`, `osm`; or a YAML file.
public struct Profile: Sendable {
    /// Which mapping a profile applies.
    public enum Kind: Sendable {
        /// The built-in `natural-earth`, `geofabrik` and `osm` mappings.
        case naturalEarth, geofabrik, osm
        /// A profile read from a YAML file.
        case custom(CustomProfile)
    }
    /// `natural-earth`, `geofabrik`, `osm` or the YAML profile's `name:`.
    public var name: String
    /// Which mapping the profile applies.
    public var kind: Kind
    /// Class defaults that override `ClassDefaults.standard`, keyed `mode/class`.
    public var classOverrides: [String: ClassDefault]
    /// Cost weights per tonne (a YAML profile's `costs:`; default `CostModel()`).
    public var costModel: CostModel

    /// A profile with the given mapping, class overrides and cost model.
    public init(name: String, kind: Kind, classOverrides: [String: ClassDefault] = [:], costModel: CostModel = CostModel()) {
        self.name = name; self.kind = kind; self.classOverrides = classOverrides; self.costModel = costModel
    }

    /// The built-in profile for Natural Earth roads and railroads.
    public static let naturalEarth = Profile(name: "natural-earth", kind: .naturalEarth)
    /// The built-in profile for Geofabrik shapefiles.
    public static let geofabrik = Profile(name: "geofabrik", kind: .geofabrik)
    /// The built-in profile for OSM data read by GDAL's OSM driver.
    public static let osm = Profile(name: "osm", kind: .osm)
    /// The built-in profile names.
    public static let builtinNames = ["natural-earth", "geofabrik", "osm"]

    /// The built-in profile called `name`, or nil.
    public static func builtin(_ name: String) -> Profile? {
        switch name.lowercased() {
        case "natural-earth", "naturalearth", "ne": return .naturalEarth
        case "geofabrik": return .geofabrik
        case "osm", "openstreetmap": return .osm
        default: return nil
        }
    }

    /// The built-in profile that fits a layer: `geofabrik` if it has `fclass`, `natural-earth` if `featurecla`,
    /// `osm` for the GDAL OSM driver (or `highway`/`railway`/`other_tags` columns); nil if none fits.
    public static func detect(schema: LayerSchema, driver: String) -> Profile? {
        if schema.has("fclass") { return .geofabrik }
        if schema.has("featurecla") { return .naturalEarth }
        if driver == "OSM" || schema.has("other_tags") || schema.has("highway") || schema.has("railway") { return .osm }
        return nil
    }

    /// Binds the profile to a layer. `mode` is the mode the user stated for the source (overrides the data).
    public func mapper(for schema: LayerSchema, mode: TransportMode?) throws(ProfileError) -> any LayerMapper {
        switch kind {
        case .naturalEarth: return try NaturalEarthMapper(schema: schema, mode: mode, defaults: classOverrides)
        case .geofabrik: return GeofabrikMapper(schema: schema, mode: mode, defaults: classOverrides)
        case .osm: return OSMMapper(schema: schema, mode: mode, defaults: classOverrides)
        case .custom(let custom): return CustomMapper(profile: custom, schema: schema, mode: mode, defaults: classOverrides)
        }
    }
}

/// Errors in profiles and their binding to layers.
public enum ProfileError: CorridorError, Sendable, Equatable {
    /// `name` is neither a built-in profile nor a profile file.
    case unknownProfile(name: String)
    /// The profile file cannot be read.
    case cannotRead(path: String, reason: String)
    /// Malformed YAML or an invalid entry, at `path:line:column`.
    case invalid(reason: String, path: String, line: Int, column: Int)
    /// A field named in `fields:` that no layer of the sources has.
    case fieldNotFound(field: String, attribute: String, layer: String, source: String, fields: [String],
                       profilePath: String, line: Int, column: Int)
    /// No way to tell roads from railroads in a layer.
    case unknownMode(source: String, layer: String)
    /// No built-in profile fits a layer and none was given.
    case noProfileFits(source: String, layer: String, fields: [String])

    /// A one-line message for the error.
    public var description: String {
        switch self {
        case .unknownProfile(let name):
            return "unknown profile (built-ins: \(Profile.builtinNames.joined(separator: ", ")), or a YAML file): \(name)"
        case let .cannotRead(path, reason):
            return "cannot read profile (\(reason)): \(path)"
        case let .invalid(reason, path, line, column):
            return "\(reason): \(path):\(line):\(column)"
        case let .fieldNotFound(field, attribute, layer, source, fields, profilePath, line, column):
            let shown = fields.prefix(12).joined(separator: ", ") + (fields.count > 12 ? ", ..." : "")
            return "profile field '\(field)' (\(attribute)) not found in layer \(layer) of \(source) (fields: \(shown)): \(profilePath):\(line):\(column)"
        case let .unknownMode(source, layer):
            return "cannot tell roads from railroads (state the mode: --network \(source):rail or manifest `mode:`): \(source), layer \(layer)"
        case let .noProfileFits(source, layer, fields):
            let shown = fields.prefix(12).joined(separator: ", ") + (fields.count > 12 ? ", ..." : "")
            return "no built-in profile fits this layer (fields: \(shown); pass --profile FILE.yaml): \(source), layer \(layer)"
        }
    }

    /// Usage (64) for an unknown profile name, missing input (66) for an unreadable file, bad data (65) otherwise.
    public var exitStatus: ExitStatus {
        switch self {
        case .unknownProfile: return .usage
        case .cannotRead: return .noInput
        case .invalid, .fieldNotFound, .unknownMode, .noProfileFits: return .dataError
        }
    }
}

// MARK: - Helpers shared by mappers

/// Trimmed non-empty text of a field, or nil.
@inline(__always)
func text(_ f: any FeatureFieldValues, _ index: Int?) -> String? {
    guard let index else { return nil }
    return f.trimmedText(index)
}

/// ISO 3166-1 alpha-2 from an alpha-3 code (Natural Earth `sov_a3`/`adm0_a3`) for the countries of the region and
/// its neighbours; other codes give "".
func alpha2(fromAlpha3 code: String) -> String {
    let table: [String: String] = [
        "RUS": "RU", "CHN": "CN", "PRK": "KP", "KOR": "KR", "MNG": "MN", "JPN": "JP", "KAZ": "KZ", "USA": "US",
        "CAN": "CA", "UKR": "UA", "BLR": "BY", "FIN": "FI", "EST": "EE", "LVA": "LV", "LTU": "LT", "POL": "PL",
        "GEO": "GE", "AZE": "AZ", "UZB": "UZ", "KGZ": "KG", "TJK": "TJ", "TKM": "TM", "AFG": "AF", "PAK": "PK",
        "IND": "IN", "NPL": "NP", "BTN": "BT", "MMR": "MM", "LAO": "LA", "VNM": "VN", "TWN": "TW", "HKG": "HK",
        "MAC": "MO", "DEU": "DE", "FRA": "FR", "GBR": "GB", "NOR": "NO", "SWE": "SE",
    ]
    return table[code.uppercased()] ?? ""
}

/// Parses a boolean-ish value: yes/true/1/t/y and no/false/0/f/n.
func parseBool(_ s: String) -> Bool? {
    switch s.lowercased() {
    case "yes", "true", "1", "t", "y": return true
    case "no", "false", "0", "f", "n": return false
    default: return nil
    }
}

/// Parses a speed like `90`, `60 mph`, `90;60` (first value), `RU:urban` (nil: not numeric), in km/h.
func parseMaxspeed(_ s: String) -> Double? {
    let first = s.split(separator: ";").first.map(String.init) ?? s
    let t = first.trimmingCharacters(in: .whitespaces).lowercased()
    var digits = ""
    for ch in t {
        if ch.isNumber || ch == "." { digits.append(ch) } else { break }
    }
    guard let value = Double(digits), value > 0, value.isFinite else { return nil }
    let unit = t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
    if unit.isEmpty || unit == "km/h" || unit == "kmh" || unit == "kph" { return value }
    if unit == "mph" { return value * 1.609344 }
    if unit == "knots" { return value * 1.852 }
    return nil
}

/// Builds attributes from a class and its defaults, overridden by any explicit values.
func attributes(mode: TransportMode, roadClass: String, name: String, defaults: [String: ClassDefault],
                speedKmh: Double? = nil, oneway: Bool = false, gauge: GaugeSpec = .none, tracks: Int? = nil,
                electrified: Bool = false, capacity: Int64? = nil, country: String = "", region: String = "",
                lengthKm: Double? = nil, capacityRange: ValueRange? = nil, speedRange: ValueRange? = nil)
    -> EdgeAttributes
{
    let d = ClassDefaults.resolve(mode: mode, roadClass: roadClass, overrides: defaults)
    let speed: Double
    var speedBand: ValueRange?
    if let s = speedKmh, s > 0, s.isFinite { speed = s; speedBand = speedRange } else { speed = d.speedKmh; speedBand = d.speedRange }
    let t = tracks.flatMap { $0 > 0 ? $0 : nil } ?? d.tracks
    var cap: Int64
    var capBand: ValueRange?
    if let c = capacity, c > 0 { cap = c; capBand = capacityRange } else { cap = d.capacityTonnesPerDay; capBand = d.capacityRange }
    // A line with more tracks than its class assumes carries proportionally more, when capacity is not given.
    if capacity == nil, mode == .rail, let tracks, tracks > d.tracks, d.tracks > 0 {
        cap = cap * Int64(tracks) / Int64(d.tracks)
        let factor = Double(tracks) / Double(d.tracks)
        capBand = capBand.map { ValueRange(low: $0.low * factor, high: $0.high * factor) }
    }
    // A range must contain the value used; one that does not (bad data) is dropped rather than sampled.
    if let b = speedBand, !(b.low <= speed && speed <= b.high && b.low > 0) { speedBand = nil }
    if let b = capBand, !(b.low <= Double(cap) && Double(cap) <= b.high) { capBand = nil }
    let length = lengthKm.flatMap { $0 > 0 && $0.isFinite ? $0 * 1000 : nil }
    return EdgeAttributes(mode: mode, roadClass: roadClass, name: name, speedKmh: speed, oneway: oneway, gauge: gauge,
                          tracks: t, electrified: electrified, capacityTonnesPerDay: cap, country: country, region: region,
                          lengthMeters: length, capacityRange: capBand, speedRange: speedBand)
}
