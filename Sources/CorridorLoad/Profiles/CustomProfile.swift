import CorridorCore
import CorridorNetwork
import CorridorYAML
import Foundation
import Yams

/// A user profile read from YAML (format in docs/FORMATS.md):
///
/// ```yaml
/// name: my-profile
/// mode: rail                    # optional constant mode (road|rail) when no `mode` field
/// fields: { class: fclass, name: name, speed_kmh: maxspeed, oneway: oneway, gauge_mm: gauge, ... }
/// values: { class: { "Major Highway": motorway }, oneway: { T: reverse } }
/// classes: { rail/trunk: { speed_kmh: 60, capacity_tpd: 60000, tracks: 2 } }
/// costs: { per_km: { rail: 0.03, road: 0.09, road/motorway: 0.08 } }
/// ```
/// Oneway values: yes/true/1/T/F... → forward, no/false/0/B → both, -1/reverse → against the digitization.
/// (Geofabrik's `oneway` uses T for "against": map it with `values: { oneway: { T: reverse, F: yes } }`.)
public struct CustomProfile: Sendable {
    /// One `fields:` entry with its position in the profile file.
    public struct FieldBinding: Sendable, Equatable {
        /// The edge attribute mapped (`class`, `speed_kmh`, ...).
        public var attribute: String
        /// The layer field it is read from.
        public var field: String
        /// Line of the entry in the profile file.
        public var line: Int
        /// Column of the entry in the profile file.
        public var column: Int
    }
    /// Path of the profile file (for messages).
    public var path: String
    /// The `fields:` entries, in file order.
    public var fields: [FieldBinding]
    /// attribute → (data value → value to use).
    public var values: [String: [String: String]]
    /// The profile's constant `mode:`, used when no `mode` field is mapped; nil if not given.
    public var constantMode: TransportMode?

    /// Attributes a profile can map. `source_id` (a stable feature id field) is accepted and checked but not used
    /// yet: edges keep the OGR feature id. `length_km` is the published length of the whole feature (pieces get
    /// shares in proportion to geodesic length; empty or 0: geodesic); `*_low`/`*_high` give the range of a mapped
    /// speed or capacity, kept for uncertainty sampling.
    public static let attributes = ["mode", "class", "name", "speed_kmh", "oneway", "gauge_mm", "tracks", "electrified",
                                    "capacity_tpd", "country", "region", "source_id", "length_km",
                                    "capacity_tpd_low", "capacity_tpd_high", "speed_kmh_low", "speed_kmh_high"]
}

extension Profile {
    /// Loads a YAML profile. Every error names `file:line:column`.
    public static func load(path: String) throws(ProfileError) -> Profile {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .cannotRead(path: path, reason: FileManager.default.fileExists(atPath: path) ? "unreadable or not UTF-8" : "no such file")
        }
        return try parse(text, path: path)
    }

    /// Parses YAML profile text; `path` is used in messages.
    public static func parse(_ text: String, path: String) throws(ProfileError) -> Profile {
        let document: YAMLDocument
        do { document = try YAMLDocument.parse(text, path: path) }
        catch { throw .invalid(reason: error.reason, path: path, line: error.line, column: error.column) }
        func fail(_ reason: String, _ node: Node) -> ProfileError {
            let p = node.position
            return .invalid(reason: reason, path: path, line: p.line, column: p.column)
        }
        guard let top = document.root.pairs else { throw fail("profile must be a mapping", document.root) }
        var name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var fields: [CustomProfile.FieldBinding] = []
        var values: [String: [String: String]] = [:]
        var constantMode: TransportMode?
        var classes: [String: ClassDefault] = [:]
        var classNodes: [(key: String, node: Node)] = []
        var costs = CostModel()
        for (key, keyNode, value) in top {
            switch key {
            case "name":
                guard let s = value.scalarText else { throw fail("profile name must be text", value) }
                name = s
            case "description", "note", "notes":
                continue
            case "mode":
                guard let s = value.scalarText, let m = TransportMode(name: s) else { throw fail("mode must be road or rail", value) }
                constantMode = m
            case "fields":
                guard let entries = value.pairs else { throw fail("fields must map attributes to field names", value) }
                for (attribute, attributeNode, fieldNode) in entries {
                    guard CustomProfile.attributes.contains(attribute) else {
                        throw fail("unknown attribute '\(attribute)' in fields (expected one of: \(CustomProfile.attributes.joined(separator: ", ")))", attributeNode)
                    }
                    guard let field = fieldNode.scalarText, !field.isEmpty else { throw fail("field name for '\(attribute)' must be text", fieldNode) }
                    let p = fieldNode.position
                    fields.append(.init(attribute: attribute, field: field, line: p.line, column: p.column))
                }
            case "values":
                guard let entries = value.pairs else { throw fail("values must map attributes to value tables", value) }
                for (attribute, attributeNode, table) in entries {
                    guard CustomProfile.attributes.contains(attribute) else {
                        throw fail("unknown attribute '\(attribute)' in values", attributeNode)
                    }
                    guard let rows = table.pairs else { throw fail("values of '\(attribute)' must be a mapping", table) }
                    var map: [String: String] = [:]
                    for (from, _, to) in rows {
                        guard let target = to.scalarText else { throw fail("value for '\(from)' must be text", to) }
                        map[from] = target
                    }
                    values[attribute] = map
                }
            case "classes":
                guard let entries = value.pairs else { throw fail("classes must map mode/class keys to defaults", value) }
                for (classKey, classNode, body) in entries {
                    let parts = classKey.split(separator: "/", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let mode = TransportMode(name: parts[0]), !parts[1].isEmpty else {
                        throw fail("class key '\(classKey)' must be mode/class (e.g. rail/main)", classNode)
                    }
                    guard let settings = body.pairs else { throw fail("defaults of '\(classKey)' must be a mapping", body) }
                    var d = ClassDefault()
                    for (setting, settingNode, number) in settings {
                        // A default is a number or a quantity {value|base, low, high, source|assumption}.
                        let rule: NumberRule
                        switch setting {
                        case "speed_kmh": rule = InputRules.speedKmh
                        case "capacity_tpd": rule = InputRules.capacityTonnesPerDay
                        case "tracks": rule = InputRules.tracks
                        default: throw fail("unknown class default '\(setting)' (expected speed_kmh, capacity_tpd, tracks)", settingNode)
                        }
                        let q = try Quantity.parse(number, "class default '\(setting)' of '\(classKey)'",
                                                   allowZero: setting != "speed_kmh", rule: rule, fail: fail)
                        let x = q.base
                        switch setting {
                        case "speed_kmh": d.speedKmh = x; d.speedRange = q.range
                        case "capacity_tpd": d.capacityTonnesPerDay = Int64(x.rounded()); d.capacityRange = q.range
                        case "tracks": d.tracks = Int(x.rounded())
                        default: throw fail("unknown class default '\(setting)' (expected speed_kmh, capacity_tpd, tracks)", settingNode)
                        }
                    }
                    classes["\(mode)/\(parts[1].lowercased())"] = d
                    classNodes.append((key: "\(mode)/\(parts[1].lowercased())", node: classNode))
                }
            case "costs":
                guard let entries = value.pairs else { throw fail("costs must be a mapping", value) }
                for (costKey, costNode, body) in entries {
                    guard costKey == "per_km" else { throw fail("unknown cost '\(costKey)' (expected per_km)", costNode) }
                    guard let rows = body.pairs else { throw fail("per_km must map modes to costs", body) }
                    for (target, targetNode, number) in rows {
                        let q = try Quantity.parse(number, "cost of '\(target)'", rule: InputRules.cost, fail: fail)
                        let x = q.base
                        let key: String
                        if target == "road" { costs.perKmRoad = x; key = "road" }
                        else if target == "rail" { costs.perKmRail = x; key = "rail" }
                        else if target.contains("/"), let m = TransportMode(name: String(target.split(separator: "/")[0])) {
                            key = "\(m)/\(target.split(separator: "/", maxSplits: 1)[1].lowercased())"
                            costs.perKmByClass[key] = x
                        } else { throw fail("cost key '\(target)' must be road, rail or mode/class", targetNode) }
                        if let r = q.range { costs.perKmRanges = (costs.perKmRanges ?? [:]).merging([key: r]) { $1 } }
                    }
                }
            default:
                throw fail(unknownKey(key, in: "profile", allowed: ["name", "description", "mode", "fields", "values", "classes", "costs"]), keyNode)
            }
        }
        // A class key one typo away from a known class (built in, or a class the `values:` table maps to) and not
        // known itself is a misspelling: its defaults would silently never apply.
        let mapped = Set((values["class"] ?? [:]).values.map { $0.lowercased() })
        let known = Set(ClassDefaults.standard.keys).union(TransportMode.allCases.flatMap { m in mapped.map { "\(m)/\($0)" } })
        for (key, node) in classNodes where !known.contains(key) {
            let mode = key.split(separator: "/").first.map(String.init) ?? ""
            let sameMode = known.filter { $0.hasPrefix(mode + "/") }.sorted()
            if let best = NameMatching.suggestions(for: key, among: sameMode, limit: 1).first,
               NameMatching.editDistance(Array(key), Array(best)) <= 2 {
                throw fail("unknown class '\(key)' (did you mean '\(best)'? a class of your own data needs a `values: class:` entry)", node)
            }
        }
        let custom = CustomProfile(path: path, fields: fields, values: values, constantMode: constantMode)
        return Profile(name: name, kind: .custom(custom), classOverrides: classes, costModel: costs)
    }

    /// Checks that every field named in a custom profile's `fields:` exists in at least one of `schemas`.
    /// - Throws: `ProfileError.fieldNotFound` naming the first layer and the profile position.
    public func validateFields(against schemas: [LayerSchema]) throws(ProfileError) {
        guard case .custom(let custom) = kind, let first = schemas.first else { return }
        for binding in custom.fields where !schemas.contains(where: { $0.has(binding.field) }) {
            throw .fieldNotFound(field: binding.field, attribute: binding.attribute, layer: first.layer,
                                 source: URL(fileURLWithPath: first.path).lastPathComponent, fields: first.fields,
                                 profilePath: custom.path, line: binding.line, column: binding.column)
        }
    }
}

/// Applies a custom profile to one layer.
struct CustomMapper: LayerMapper {
    let index: [String: Int]
    let values: [String: [String: String]]
    let fixedMode: TransportMode?
    let constantMode: TransportMode?
    let defaults: [String: ClassDefault]

    init(profile: CustomProfile, schema: LayerSchema, mode: TransportMode?, defaults: [String: ClassDefault]) {
        var index: [String: Int] = [:]
        for b in profile.fields { if let i = schema.index(of: b.field) { index[b.attribute] = i } }
        self.index = index; values = profile.values; fixedMode = mode; constantMode = profile.constantMode
        self.defaults = defaults
    }

    var fieldsRead: [Int]? { index.values.sorted() }

    func value(_ f: any FeatureFieldValues, _ attribute: String) -> String? {
        guard let raw = text(f, index[attribute]) else { return nil }
        if let table = values[attribute] {
            if let v = table[raw] { return v.isEmpty ? nil : v }
            if let v = table.first(where: { $0.key.lowercased() == raw.lowercased() })?.value { return v.isEmpty ? nil : v }
        }
        return raw
    }

    /// A mapped numeric field; nil when unmapped, empty, not a number, or not positive.
    func number(_ f: any FeatureFieldValues, _ attribute: String) -> Double? {
        guard let x = value(f, attribute).flatMap({ NumberSyntax.parse($0.trimmingCharacters(in: .whitespaces)) }), x.isFinite, x > 0 else { return nil }
        return x
    }

    /// A range from a low and a high field; nil unless both are given.
    func range(_ low: Double?, _ high: Double?) -> ValueRange? {
        guard let low, let high else { return nil }
        return ValueRange(low: low, high: high)
    }

    func map(_ f: any FeatureFieldValues) -> ProfileOutcome {
        let mode: TransportMode
        if let fixedMode { mode = fixedMode }
        else if let s = value(f, "mode") {
            guard let m = TransportMode(name: s) else { return .skip("mode '\(s)' is neither road nor rail") }
            mode = m
        } else if let constantMode { mode = constantMode }
        else { return .skip("mode unknown") }
        let roadClass = value(f, "class")?.lowercased() ?? ClassDefaults.fallbackClass(mode)
        var gauge = GaugeSpec.none
        if mode == .rail, let g = value(f, "gauge_mm") {
            guard let spec = GaugeSpec(text: g) else { return .skip("gauge \(g) mm (neither 1520 nor 1435)") }
            gauge = spec
        }
        var direction = OnewayValue.both
        if let o = value(f, "oneway")?.lowercased() {
            switch o {
            case "-1", "reverse", "reversed", "backward": direction = .reversed
            case "b", "both": direction = .both
            default: direction = parseBool(o) == true ? .forward : .both
            }
        }
        let attrs = attributes(
            mode: mode, roadClass: roadClass, name: value(f, "name") ?? "", defaults: defaults,
            speedKmh: value(f, "speed_kmh").flatMap(parseMaxspeed), oneway: direction != .both, gauge: gauge,
            tracks: value(f, "tracks").flatMap { try? InputRules.tracks.parse($0, as: Int.self) },
            electrified: value(f, "electrified").flatMap(parseBool) ?? false,
            capacity: value(f, "capacity_tpd").flatMap { try? InputRules.capacityTonnesPerDay.parse($0, as: Int64.self) },
            country: value(f, "country")?.uppercased() ?? "", region: value(f, "region") ?? "",
            lengthKm: number(f, "length_km"),
            capacityRange: range(number(f, "capacity_tpd_low"), number(f, "capacity_tpd_high")),
            speedRange: range(number(f, "speed_kmh_low"), number(f, "speed_kmh_high")))
        return .line(attrs, reversed: direction == .reversed)
    }
}
