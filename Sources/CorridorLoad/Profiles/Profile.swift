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
    /// The field indices `map` reads, or nil for any: the loader has the reader skip the others.
    var fieldsRead: [Int]? { get }
}

extension LayerMapper {
    /// Default: any field may be read.
    public var fieldsRead: [Int]? { nil }
}

/// Maps the fields of line layers to edge attributes. Built-ins: `natural-earth`, `geofabrik`, `osm`; or a YAML file.
public struct Profile: Sendable {
    /// Which mapping a profile applies.
    public enum Kind: Sendable {
        /// A built-in mapping (see `Profile.registry`).
        case builtin(any BuiltinProfile.Type)
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

    /// The built-in profiles, in the order they are listed; each lives in a file of its own (`NaturalEarthProfile`,
    /// `GeofabrikProfile`, `OSMProfile`). Adding one is that file and its line here.
    public static let registry: [any BuiltinProfile.Type] = [NaturalEarthProfile.self, GeofabrikProfile.self, OSMProfile.self]

    /// The built-in profile of a registry entry, named by its first name.
    public init(builtin profile: any BuiltinProfile.Type) { self.init(name: profile.names[0], kind: .builtin(profile)) }

    /// The built-in profile for Natural Earth roads and railroads.
    public static let naturalEarth = Profile(builtin: NaturalEarthProfile.self)
    /// The built-in profile for Geofabrik shapefiles.
    public static let geofabrik = Profile(builtin: GeofabrikProfile.self)
    /// The built-in profile for OSM data read by GDAL's OSM driver.
    public static let osm = Profile(builtin: OSMProfile.self)
    /// The built-in profile names.
    public static let builtinNames = registry.map { $0.names[0] }

    /// The built-in profile called `name` (or one of its aliases, case-insensitively), or nil.
    public static func builtin(_ name: String) -> Profile? {
        let key = name.lowercased()
        return registry.first { $0.names.contains(key) }.map { Profile(builtin: $0) }
    }

    /// The built-in profile that fits a layer, trying them by `detectionPriority` (`geofabrik` if it has `fclass`,
    /// `natural-earth` if `featurecla`, `osm` for the GDAL OSM driver or `highway`/`railway`/`other_tags` columns);
    /// nil if none fits.
    public static func detect(schema: LayerSchema, driver: String) -> Profile? {
        registry.sorted { $0.detectionPriority < $1.detectionPriority }.first { $0.fits(schema, driver: driver) }
            .map { Profile(builtin: $0) }
    }

    /// The built-in profile whose characteristic fields (`BuiltinProfile.typicalFields`) a layer shares most, with
    /// at least two in common, for a layer no profile fits (a Natural Earth roads file without `featurecla` still
    /// has `type`, `sov_a3`, `expressway`...); nil when none comes close. Ties go to the earlier registry entry.
    public static func closest(schema: LayerSchema) -> (name: String, shared: [String])? {
        var best: (name: String, shared: [String])? = nil
        for profile in registry {
            let shared = profile.typicalFields.filter { schema.has($0) }
            if shared.count >= 2, shared.count > (best?.shared.count ?? 0) { best = (profile.names[0], shared) }
        }
        return best
    }

    /// Binds the profile to a layer. `mode` is the mode the user stated for the source (overrides the data).
    public func mapper(for schema: LayerSchema, mode: TransportMode?) throws(ProfileError) -> any LayerMapper {
        switch kind {
        case .builtin(let profile): return try profile.mapper(for: schema, mode: mode, defaults: classOverrides)
        case .custom(let custom): return CustomMapper(profile: custom, schema: schema, mode: mode, defaults: classOverrides)
        }
    }
}

/// A built-in profile: its names, how auto-detection recognises its layers, and its mapper. One file each.
public protocol BuiltinProfile: Sendable {
    /// The name (`--profile NAME`, manifest `profile: NAME`) first, then accepted aliases, lowercase.
    static var names: [String] { get }
    /// Order in which auto-detection tries the built-ins (lower first): a distinctive field before a generic one.
    static var detectionPriority: Int { get }
    /// Whether a layer looks like this profile's data.
    static func fits(_ schema: LayerSchema, driver: String) -> Bool
    /// Field names typical of this profile's data beyond the one detection keys on (lowercase; generic names such as
    /// `name` left out): a layer that shares several is suggested this profile when none fits (`Profile.closest`).
    static var typicalFields: [String] { get }
    /// The profile bound to a layer (`defaults`: the class defaults that override `ClassDefaults.standard`).
    static func mapper(for schema: LayerSchema, mode: TransportMode?, defaults: [String: ClassDefault]) throws(ProfileError) -> any LayerMapper
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
    /// No built-in profile fits a layer and none was given; `closest` names the built-in profile whose typical fields
    /// the layer shares most (`Profile.closest`), if any.
    case noProfileFits(source: String, layer: String, fields: [String], closest: String? = nil)

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
        case let .noProfileFits(source, layer, fields, closest):
            let shown = fields.prefix(12).joined(separator: ", ") + (fields.count > 12 ? ", ..." : "")
            let hint = closest.map { "closest built-in: try --profile \($0) (or manifest `profile: \($0)`), else pass --profile FILE.yaml" }
                ?? "pass --profile FILE.yaml"
            return "no built-in profile fits this layer (fields: \(shown); \(hint)): \(source), layer \(layer)"
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
