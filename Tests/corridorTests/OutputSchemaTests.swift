import CorridorKit
import Foundation
import Testing

/// A JSON value with its type kept (JSONDecoder refuses a number as a Bool, a fraction as an integer).
enum JSONScalar: Decodable, Equatable {
    case boolean(Bool), integer(Int64), real(Double), text(String), null, other

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .boolean(b) }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .real(d) }
        else if let s = try? c.decode(String.self) { self = .text(s) }
        else { self = .other }
    }

    /// Whether the value can be a property of `type` (null stands for a missing number or id).
    func fits(_ type: OutputSchema.PropertyType) -> Bool {
        switch (self, type) {
        case (.boolean, .boolean), (.integer, .integer), (.integer, .real), (.real, .real), (.text, .text), (.text, .list): return true
        case (.null, .integer), (.null, .real): return true
        default: return false
        }
    }
}

/// The schema page of docs/FORMATS.md ("Outputs: one schema for every command") against `OutputSchema` and against
/// real outputs of every command: every property documented for its role, of its type, the Shapefile names as
/// documented, and the same edge carrying the same id and attributes under the same names in every output of a run.
@Suite(.enabled(if: corridorBinary != nil && gdalToolsPresent && FileManager.default.fileExists(atPath: regionalManifest),
                "binary, ogrinfo or the regional data missing"))
struct OutputSchemaTests {
    static let page = (try? String(contentsOf: repositoryRoot.appendingPathComponent("docs/FORMATS.md"), encoding: .utf8)) ?? ""

    /// The page's text between two headings.
    static func section(_ from: String, _ to: String) -> String {
        guard let a = page.range(of: from), let b = page.range(of: to, range: a.upperBound..<page.endIndex) else { return "" }
        return String(page[a.upperBound..<b.lowerBound])
    }

    /// The backticked names of `text` outside parentheses (the parentheses hold values and remarks).
    static func names(_ text: String) -> [String] {
        var depth = 0, inTick = false, current = "", out: [String] = []
        for ch in text {
            switch ch {
            case "(" where !inTick: depth += 1
            case ")" where !inTick: depth = max(0, depth - 1)
            case "`":
                if inTick, depth == 0 { out.append(current) }
                inTick.toggle(); current = ""
            default: if inTick { current.append(ch) }
            }
        }
        return out
    }

    /// The documented properties of each role (without `feature`).
    static func documentedRoles() -> [String: Set<String>] {
        let text = section("### Feature properties by role", "### Output formats")
        guard let start = text.range(of: "Edge properties, on every feature"), let colon = text.range(of: "): ", range: start.upperBound..<text.endIndex),
              let end = text.range(of: "\n\n", range: colon.upperBound..<text.endIndex) else { return [:] }
        let edge = names(String(text[colon.upperBound..<end.lowerBound]))
        var roles: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, let role = names(cells[0]).first ?? cells[0].split(separator: "`").first.map(String.init) else { continue }
            var set = Set(names(cells[1]))
            if cells[1].contains("edge properties") { set.formUnion(edge) }
            roles[role] = set
        }
        return roles
    }

    @Test func thePageDocumentsTheSchema() throws {
        let documented = Self.documentedRoles()
        for role in FeatureRole.allCases {
            let schema = Set(OutputSchema.properties(of: role)).subtracting(["feature"])
            #expect(documented[role.rawValue] == schema, "\(role): page \(documented[role.rawValue]?.sorted() ?? []) vs schema \(schema.sorted())")
        }
        #expect(Set(OutputSchema.edgeProperties).isSubset(of: documented["flow"] ?? []))
        // Every property has one type, and every name longer than 10 characters a Shapefile name, as in the table.
        let all = Set(FeatureRole.allCases.flatMap { OutputSchema.properties(of: $0) }).union(OutputSchema.tagProperties)
        for name in all { #expect(OutputSchema.types[name] != nil, "\(name) has no type") }
        let table = Self.section("**Shapefile field names**", "Text longer than 254 bytes")
        var mapped: [String: String] = [:]
        for line in table.split(separator: "\n") where line.hasPrefix("| `") {
            let pair = Self.names(String(line))
            for i in stride(from: 0, to: pair.count - 1, by: 2) { mapped[pair[i]] = pair[i + 1] }
        }
        #expect(mapped == OutputSchema.shapefileNames)
        for name in all {
            let short = OutputSchema.shapefileName(name)
            #expect(short.count <= 10, "\(name) → \(short)")
        }
        for role in FeatureRole.allCases {
            let shorts = OutputSchema.properties(of: role).map(OutputSchema.shapefileName)
            #expect(Set(shorts).count == shorts.count, "\(role): two properties share a Shapefile name")
        }
    }

    @Test func realOutputsFollowTheSchema() throws {
        let s = try Scratch()
        let flow = ["--from", "Vladivostok=20000", "--from", "Khabarovsk=10000", "--to", "Pyongyang=15000", "--to", "Chongjin=8000"]
        let runs: [(String, [String])] = [
            ("route.geojson", ["route", "--from", "Vladivostok", "--to", "Pyongyang", "--alternatives", "3", "--segments", "--mode", "rail"]),
            ("route-via.geojsonl", ["route", "--from", "Khabarovsk", "--to", "Rajin", "--via", "Ussuriysk", "--metric", "cost", "--segments"]),
            ("reach.geojson", ["reach", "--from", "Vladivostok", "--within", "12h"]),
            ("reach-km.geojsonl", ["reach", "--from", "Pyongyang", "--within", "300km"]),
            ("flow.geojson", ["flow"] + flow + ["--avoid-country", "CN"]),
            ("chokepoints.geojson", ["chokepoints", "--from", "Vladivostok", "--from", "Khabarovsk", "--to", "Pyongyang"]),
            ("route.gpkg", ["route", "--from", "Vladivostok", "--to", "Pyongyang", "--alternatives", "2", "--segments"]),
            ("flow.gpkg", ["flow"] + flow),
            ("chokepoints.gpkg", ["chokepoints", "--from", "Vladivostok", "--to", "Pyongyang"]),
            ("interdict.geojson", ["interdict", "--from", "Vladivostok", "--to", "Pyongyang", "--avoid-country", "CN", "--budget", "2"]),
            ("interdict.gpkg", ["interdict", "--from", "Vladivostok", "--to", "Pyongyang", "--avoid-country", "CN", "--budget", "2", "--no-greedy"]),
        ]
        for (output, args) in runs {
            let r = try corridor(args + ["--network", regionalManifest, "--quiet", "-o", s.path(output)])
            #expect(r.code == 0, "\(args): \(r.stderr)")
        }
        let export = try corridor(["export", "--network", regionalManifest, "--edges", s.path("edges.geojson"), "--nodes", s.path("nodes.geojson")])
        #expect(export.code == 0, "\(export.stderr)")
        let exportGPKG = try corridor(["export", "--network", regionalManifest, "--edges", s.path("network.gpkg"), "--nodes", s.path("network.gpkg")])
        #expect(exportGPKG.code == 0, "\(exportGPKG.stderr)")
        let compare = try corridor(["compare", regionalScenarios, "-o", s.path("compare"), "--no-svg", "--quiet"])
        #expect(compare.code == 0, "\(compare.stderr)")
        let sweepSpec = try s.write("sweep.yaml", """
            network: \(regionalManifest)
            origins: {Vladivostok: 20000, Khabarovsk: 10000}
            destinations: {Pyongyang: 15000, Chongjin: 8000}
            axes:
              fail: {elements: crossings, k: [1, 2]}
            """)
        let sweep = try corridor(["sweep", sweepSpec, "-o", s.path("sweep"), "--quiet"])
        #expect(sweep.code == 0, "\(sweep.stderr)")

        // Every GeoJSON feature: a known role, only its schema's properties (compare adds its tags), all of them
        // (a reach has the entry of its budget's metric), each of its type.
        let files = ["route.geojson", "route-via.geojsonl", "reach.geojson", "reach-km.geojsonl", "flow.geojson",
                     "chokepoints.geojson", "edges.geojson", "nodes.geojson", "compare/all-scenarios.geojson", "sweep/elements.geojson",
                     "interdict.geojson"]
        var edgeAttributes: [Int64: [String: JSONScalar]] = [:]
        var seenRoles = Set<String>()
        var uses: [(file: String, id: Int64, attributes: [String: JSONScalar])] = []
        for file in files {
            let features = try Self.features(s.path(file))
            #expect(!features.isEmpty, "\(file)")
            for properties in features {
                guard case let .text(roleName)? = properties["feature"], let role = FeatureRole(rawValue: roleName) else {
                    Issue.record("\(file): a feature without a known role: \(properties)"); continue
                }
                seenRoles.insert(roleName)
                var schema = Set(OutputSchema.properties(of: role))
                if file.hasPrefix("compare/") { schema.formUnion(OutputSchema.tagProperties) }
                let keys = Set(properties.keys)
                #expect(keys.isSubset(of: schema), "\(file) \(roleName): undocumented \(keys.subtracting(schema).sorted())")
                var required = schema
                if role == .reach { required.subtract(file.contains("km") ? ["entry_time_h"] : ["entry_length_m"]) }
                #expect(required.isSubset(of: keys), "\(file) \(roleName): missing \(required.subtracting(keys).sorted())")
                for (name, value) in properties {
                    guard let type = OutputSchema.types[name] else { continue }
                    #expect(value.fits(type) || (name == "gauge_mm" && value == .null), "\(file) \(roleName).\(name) = \(value) is not \(type)")
                }
                guard OutputSchema.properties(of: role).contains("edge_id"), case let .integer(id)? = properties["edge_id"] else { continue }
                let attributes = properties.filter { OutputSchema.edgeProperties.contains($0.key) }
                if role == .edge { edgeAttributes[id] = attributes } else { uses.append((file, id, attributes)) }
            }
        }
        #expect(seenRoles == Set(FeatureRole.allCases.map(\.rawValue)), "roles seen: \(seenRoles.sorted())")
        // The same edge: the same id and the same attributes under the same names in every output.
        #expect(!uses.isEmpty && edgeAttributes.count > 0)
        for use in uses {
            // A scenario's added edges (compare) are appended after the network's own and exist only there.
            if use.file.hasPrefix("compare/"), edgeAttributes[use.id] == nil, use.id >= Int64(edgeAttributes.count) { continue }
            #expect(edgeAttributes[use.id] == use.attributes, "\(use.file): edge \(use.id) differs from export's")
        }

        // The GeoPackage fields have the schema's types.
        for gpkg in ["route.gpkg", "flow.gpkg", "chokepoints.gpkg", "network.gpkg", "interdict.gpkg"] {
            let info = try OGRSummary(s.path(gpkg))
            #expect(info.driver == "GPKG")
            for (layer, summary) in info.layers {
                for field in summary.fields {
                    let expected: String
                    switch OutputSchema.types[field.name] {
                    case .integer?: expected = "Integer64"
                    case .real?: expected = "Real"
                    case .text?, .list?: expected = "String"
                    case .boolean?: expected = "Integer(Boolean)"
                    case nil: Issue.record("\(gpkg) \(layer): undocumented field \(field.name)"); continue
                    }
                    #expect(field.type == expected, "\(gpkg) \(layer).\(field.name): \(field.type), not \(expected)")
                }
            }
        }
    }

    /// The properties of every feature of a GeoJSON or GeoJSONSeq file, typed.
    static func features(_ path: String) throws -> [[String: JSONScalar]] {
        struct Feature: Decodable { var properties: [String: JSONScalar] }
        struct Collection: Decodable { var features: [Feature] }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if path.hasSuffix(".geojson") { return try JSONDecoder().decode(Collection.self, from: data).features.map(\.properties) }
        return try data.split(whereSeparator: { $0 == 0x0A || $0 == 0x1E }).map {
            try JSONDecoder().decode(Feature.self, from: Data($0)).properties
        }
    }
}
