import CorridorKit
import Foundation
import Testing

/// Runs a GDAL command-line tool (`ogrinfo`, `ogr2ogr`): the independent reader of Corridor's GIS outputs.
func gdalTool(_ tool: String, _ arguments: [String], cwd: String? = nil) throws -> RunResult {
    try runProgram(URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments, cwd: cwd)
}

let gdalToolsPresent: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/ogr2ogr")
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/ogrinfo")
let regionalManifest = repositoryRoot.appendingPathComponent("GeoData/far-east/network.yaml").path

struct ToolFailure: Error { var message: String }

/// What `ogrinfo -ro -so -al` says of a dataset: its driver and, per layer, the feature count, geometry type and
/// fields with their OGR types.
struct OGRSummary {
    struct Layer { var count = 0; var geometry = ""; var fields: [(name: String, type: String)] = [] }
    var driver = ""
    var layers: [String: Layer] = [:]
    var layerOrder: [String] = []

    init(_ path: String) throws {
        let r = try gdalTool("ogrinfo", ["-ro", "-so", "-al", path])
        guard r.code == 0 else { throw ToolFailure(message: "ogrinfo \(path): \(r.stderr)") }
        var current: String?
        var inFields = false
        for line in r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("      using driver `"), let end = line.dropFirst(20).firstIndex(of: "'") {
                driver = String(line.dropFirst(20)[..<end])
            } else if line.hasPrefix("Layer name: ") {
                current = String(line.dropFirst(12)); layerOrder.append(current!); layers[current!] = Layer(); inFields = false
            } else if let c = current, line.hasPrefix("Feature Count: ") {
                layers[c]!.count = Int(line.dropFirst(15)) ?? -1
            } else if let c = current, line.hasPrefix("Geometry: ") {
                layers[c]!.geometry = String(line.dropFirst(10))
            } else if line.hasPrefix("Data axis to CRS axis mapping") || line.hasPrefix("FID Column") || line.hasPrefix("Geometry Column") {
                inFields = true
            } else if let c = current, let colon = line.range(of: ": "), !line.hasPrefix(" "),
                      inFields || layers[c]!.geometry == "None",
                      line.hasSuffix(")"), let paren = line.range(of: " (", options: .backwards) {
                let name = String(line[..<colon.lowerBound])
                let type = String(line[colon.upperBound..<paren.lowerBound])
                layers[c]!.fields.append((name, type))
            }
        }
    }
}

/// The features of a GeoJSON output (FeatureCollection or GeoJSONSeq) as property dictionaries.
func geoJSONFeatures(_ path: String) throws -> [[String: Any]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let trimmed = text.drop { $0 == "\u{1E}" || $0 == " " || $0 == "\n" }
    if trimmed.hasPrefix("{\"type\":\"FeatureCollection\"") || text.hasPrefix("{\n") {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return (root["features"] as? [[String: Any]] ?? []).map { $0["properties"] as? [String: Any] ?? [:] }
    }
    return try text.split(whereSeparator: { $0 == "\n" || $0 == "\u{1E}" }).map { line in
        let f = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return f["properties"] as? [String: Any] ?? [:]
    }
}

/// GIS outputs end to end on the regional network: formats by extension, real GeoPackages, Shapefile names,
/// refused extensions, all or nothing, and every output converted by `ogr2ogr`.
@Suite(.enabled(if: corridorBinary != nil && gdalToolsPresent && FileManager.default.fileExists(atPath: regionalManifest),
                "binary, ogr2ogr/ogrinfo or the regional data missing"))
struct GISOutputTests {
    static let net = ["--network", regionalManifest, "--quiet"]
    static let flowPlaces = ["--from", "Vladivostok=20000", "--from", "Khabarovsk=10000", "--to", "Pyongyang=15000", "--to", "Chongjin=8000"]

    @Test func gpkgIsARealGeoPackageWithOneLayerPerRoleAndTheSameFeatures() throws {
        let s = try Scratch()
        let args = ["route", "--from", "Vladivostok", "--to", "Pyongyang", "--alternatives", "2", "--segments"] + Self.net
        let gpkg = try corridor(args + ["-o", s.path("r.gpkg")])
        #expect(gpkg.code == 0, "\(gpkg.stderr)")
        #expect(gpkg.stdout.isEmpty)
        let geojson = try corridor(args + ["-o", s.path("r.geojson")])
        #expect(geojson.code == 0)
        let info = try OGRSummary(s.path("r.gpkg"))
        #expect(info.driver == "GPKG")
        #expect(info.layerOrder == ["routes", "legs", "segments"])
        let features = try geoJSONFeatures(s.path("r.geojson"))
        for (role, layer) in [("route", "routes"), ("leg", "legs"), ("segment", "segments")] {
            let ofRole = features.filter { $0["feature"] as? String == role }
            #expect(ofRole.count > 0)
            #expect(info.layers[layer]?.count == ofRole.count, "\(layer)")
            // Every property of the GeoJSON is a field of the layer, in the schema's order.
            let keys = Set(ofRole.flatMap { $0.keys })
            let fields = info.layers[layer]?.fields.map(\.name) ?? []
            #expect(Set(fields) == keys, "\(layer): \(fields) vs \(keys.sorted())")
            #expect(fields == OutputSchema.properties(of: FeatureRole(rawValue: role)!).filter { keys.contains($0) })
        }
        // The query record is each layer's description.
        let described = try gdalTool("ogrinfo", ["-ro", "-q", s.path("r.gpkg"), "-sql",
                                                 "SELECT description FROM gpkg_contents WHERE table_name = 'legs'"])
        #expect(described.stdout.contains("\"command\":\"route\""), "\(described.stdout)")
        // Byte-identical for the same input.
        let again = try corridor(args + ["-o", s.path("r2.gpkg")])
        #expect(again.code == 0)
        #expect(FileManager.default.contents(atPath: s.path("r.gpkg")) == FileManager.default.contents(atPath: s.path("r2.gpkg")))
    }

    @Test func oneLayerFormatsWriteOneFilePerRoleAndShapefileNamesAreMapped() throws {
        let s = try Scratch()
        let r = try corridor(["flow"] + Self.flowPlaces + Self.net + ["--avoid-country", "CN", "-o", s.path("f.shp")])
        #expect(r.code == 0, "\(r.stderr)")
        let lines = try OGRSummary(s.path("f.shp"))
        #expect(lines.driver == "ESRI Shapefile")
        let fields = lines.layers.values.first?.fields.map(\.name) ?? []
        #expect(!fields.isEmpty && fields.allSatisfy { $0.count <= 10 }, "\(fields)")
        let expected = OutputSchema.properties(of: .flow).map(OutputSchema.shapefileName)
        #expect(fields == expected)
        // The flow's crossings and terminals (Points) are in their own file; the sidecar has the record and names.
        let points = try OGRSummary(s.path("f-points.shp"))
        #expect(points.layers.values.first?.geometry == "Point")
        #expect(lines.layers.values.first?.geometry.contains("Line") == true)
        let sidecar = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("f.corridor.json")))) as? [String: Any])
        #expect((sidecar["corridor"] as? [String: Any])?["command"] as? String == "flow")
        let names = try #require(sidecar["shapefile_field_names"] as? [String: String])
        #expect(names["flow_forward_tpd"] == "flow_fwd" && names["capacity_tpd"] == "cap_tpd")
        let g = try corridor(["flow"] + Self.flowPlaces + Self.net + ["--avoid-country", "CN", "-o", s.path("f.geojson")])
        #expect(g.code == 0)
        let flows = try geoJSONFeatures(s.path("f.geojson"))
        #expect((lines.layers.values.first?.count ?? 0) + (points.layers.values.first?.count ?? 0) == flows.count)

        // Route: one file per role (FlatGeobuf, CSV) beside the named one.
        let fgb = try corridor(["route", "--from", "Vladivostok", "--to", "Pyongyang", "--segments"] + Self.net + ["-o", s.path("r.fgb")])
        #expect(fgb.code == 0, "\(fgb.stderr)")
        for name in ["r.fgb", "r-legs.fgb", "r-segments.fgb"] { #expect(try OGRSummary(s.path(name)).driver == "FlatGeobuf", "\(name)") }
        let csv = try corridor(["chokepoints", "--from", "Vladivostok", "--to", "Pyongyang"] + Self.net + ["-o", s.path("c.csv")])
        #expect(csv.code == 0, "\(csv.stderr)")
        let table = try String(contentsOfFile: s.path("c.csv"), encoding: .utf8)
        #expect(table.hasPrefix(OutputSchema.properties(of: .chokepoint).joined(separator: ",") + "\n"), "\(table.prefix(200))")
        #expect(FileManager.default.fileExists(atPath: s.path("c-cut.csv")))
    }

    @Test func anExtensionCorridorCannotWriteIsAUsageErrorAndWritesNothing() throws {
        let s = try Scratch()
        let route = ["route", "--from", "Vladivostok", "--to", "Pyongyang"] + Self.net
        let cases: [[String]] = [
            route + ["-o", s.path("r.png")],
            route + ["-o", s.path("r.kml")],
            route + ["--format", "json", "-o", s.path("r.gpkg")],
            route + ["--format", "gpkg"],
            route + ["--format", "shp", "-o", "/dev/stdout"],
            route + ["-o", s.path("r.geojson"), "--layer", "t"],
            route + ["-o", s.path("r.geojson"), "--svg", s.path("map.png")],
            ["export"] + Self.net + ["--edges", s.path("e.txt")],
            ["export"] + Self.net + ["--edges", s.path("e.xlsx")],
            ["render", "--no-network", "-o", s.path("map.png")],
        ]
        for args in cases {
            let r = try corridor(args)
            #expect(r.code == 64, "\(args.suffix(3)): \(r.code) \(r.stderr)")
            #expect(r.stderr.hasPrefix("corridor: ") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(s.files.isEmpty, "\(s.files)")
    }

    @Test func allOrNothingAcrossFormats() throws {
        let s = try Scratch()
        let route = ["route", "--from", "Vladivostok", "--to", "Pyongyang", "--segments"] + Self.net
        try s.write("r.gpkg", "old")
        // The map cannot be written: neither the GeoPackage nor any Shapefile part appears or changes.
        for output in ["r.gpkg", "r.shp"] {
            let r = try corridor(route + ["-o", s.path(output), "--svg", s.path("missing/map.svg")])
            #expect(r.code == 74, "\(r.stderr)")
        }
        #expect(s.files == ["r.gpkg"], "\(s.files)")
        #expect(try String(contentsOfFile: s.path("r.gpkg"), encoding: .utf8) == "old")
    }

    /// `render` reads every Corridor GeoJSON output: `export`'s edges, GeoJSONSeq, and standard input (`-`).
    @Test func renderReadsExportSequencesAndStandardInput() throws {
        let s = try Scratch()
        let export = try corridor(["export"] + Self.net + ["--edges", s.path("edges.geojson")])
        #expect(export.code == 0, "\(export.stderr)")
        let reach = try corridor(["reach", "--from", "Ussuriysk", "--within", "6h"] + Self.net + ["-o", s.path("reach.geojsonl")])
        #expect(reach.code == 0, "\(reach.stderr)")
        let route = try corridor(["route", "--from", "Vladivostok", "--to", "Pyongyang", "--segments", "--format", "geojsonseq"] + Self.net)
        #expect(route.code == 0, "\(route.stderr)")
        func svg(_ args: [String], input: Data? = nil) throws -> String {
            let r = try corridor(["render", "--no-network", "--quiet"] + args, input: input)
            #expect(r.code == 0, "\(args): \(r.stderr)")
            return r.stdout
        }
        let edges = try svg([s.path("edges.geojson"), "-o", "-"])
        let edgeCount = try geoJSONFeatures(s.path("edges.geojson")).count
        #expect(edgeCount > 0 && edges.contains("class=\"network"), "\(edges.prefix(300))")
        let reached = try svg([s.path("reach.geojsonl"), "-o", "-"])
        #expect(reached.contains("class=\"reach"))
        let piped = try svg(["-", "-o", "-"], input: Data(route.stdout.utf8))
        #expect(piped.contains("class=\"route"))
        let fromFile = try s.write("route.geojsonl", route.stdout)
        #expect(try svg([fromFile, "-o", "-"]) == piped)
    }

    /// `ogr2ogr` converts every output to GeoPackage, FlatGeobuf and Shapefile without errors or dropped fields or
    /// features (Shapefile one geometry type at a time where a file has both, as docs/FORMATS.md says).
    @Test func ogr2ogrConvertsEveryOutput() throws {
        let s = try Scratch()
        let runs: [[String]] = [
            ["route", "--from", "Vladivostok", "--to", "Pyongyang", "--alternatives", "3", "--segments", "--avoid-country", "CN", "-o", "route.geojsonl"],
            ["reach", "--from", "Vladivostok", "--within", "12h", "-o", "reach.geojson"],
            ["flow"] + Self.flowPlaces + ["-o", "flow.geojson"],
            ["chokepoints", "--from", "Vladivostok", "--from", "Khabarovsk", "--to", "Pyongyang", "--avoid-country", "CN", "-o", "chokepoints.geojson"],
            ["export", "--edges", "edges.geojson", "--nodes", "nodes.geojson"],
            ["compare", regionalScenarios, "-o", "compare", "--no-svg"],
            ["route", "--from", "Vladivostok", "--to", "Pyongyang", "--segments", "-o", "route.gpkg"],
            ["flow"] + Self.flowPlaces + ["-o", "flow.fgb"],
        ]
        for args in runs {
            let r = try corridor(args + (args[0] == "compare" ? ["--quiet"] : Self.net), cwd: s.url.path)
            #expect(r.code == 0, "\(args): \(r.stderr)")
        }
        var inputs = ["route.geojsonl", "reach.geojson", "flow.geojson",
                      "chokepoints.geojson", "edges.geojson", "nodes.geojson", "route.gpkg", "flow.fgb"]
        let compared = try FileManager.default.contentsOfDirectory(atPath: s.path("compare")).filter { $0.hasSuffix(".geojson") }
        // The file of every scenario and one with nothing delivered (an empty collection).
        for name in ["all-scenarios.geojson", "china-denied-and-khasan-closed.geojson"] {
            #expect(compared.contains(name), "\(compared)")
            inputs.append("compare/\(name)")
        }
        try FileManager.default.createDirectory(atPath: s.path("out"), withIntermediateDirectories: true)
        for (i, input) in inputs.enumerated() {
            let source = try OGRSummary(s.path(input))
            #expect(!source.layers.isEmpty, "\(input)")
            for (layerName, layer) in source.layers {
                #expect(layer.count > 0 || input.contains("khasan-closed"), "\(input) \(layerName) is empty")
                let mixed = !(layer.geometry.contains("Point") || layer.geometry.contains("Line"))
                for target in ["gpkg", "fgb", "shp"] {
                    // Shapefile: points and lines apart when a layer has both (OGR SQL, any source driver), and
                    // UTF-8 (the driver's default is ISO-8859-1, which cannot hold Cyrillic or Hangul names).
                    let subsets: [(String, String?)] = target == "shp" && mixed
                        ? [("p", "OGR_GEOMETRY = 'POINT'"), ("l", "OGR_GEOMETRY IN ('LINESTRING', 'MULTILINESTRING')")]
                        : [("a", nil)]
                    var converted = 0
                    for (tag, filter) in subsets {
                        let out = s.path("out/\(i)-\(layerName)-\(tag).\(target)")
                        var args = [out, s.path(input)]
                        if let filter {
                            args += ["-dialect", "OGRSQL", "-sql", "SELECT * FROM \"\(layerName)\" WHERE \(filter)"]
                        } else {
                            args.append(layerName)
                        }
                        if target == "shp" { args += ["-lco", "ENCODING=UTF-8"] }
                        let r = try gdalTool("ogr2ogr", args)
                        // The only message allowed is the Shapefile driver shortening long names (documented).
                        let messages = r.stderr.split(separator: "\n").filter { !$0.contains("Normalized/laundered field name") }
                        #expect(r.code == 0 && messages.isEmpty, "\(input) \(layerName) → \(target): \(r.stderr)")
                        guard r.code == 0 else { continue }
                        let result = try OGRSummary(out)
                        converted += result.layers.values.reduce(0) { $0 + $1.count }
                        let fields = result.layers.values.first?.fields.map(\.name) ?? []
                        #expect(fields.count == layer.fields.count,
                                "\(input) \(layerName) → \(target): \(fields) vs \(layer.fields.map(\.name))")
                        if target == "shp", !layer.fields.isEmpty {
                            #expect(Set(fields).count == fields.count, "\(input): shortened names collide: \(fields)")
                        }
                    }
                    #expect(converted == layer.count, "\(input) \(layerName) → \(target): \(converted) of \(layer.count) features")
                }
            }
        }
    }

    /// `compare -o DIR --format gpkg|fgb|shp`: the per-scenario and all-scenarios layers in that format (ogrinfo:
    /// the driver, one layer per role, the features of the GeoJSON run with `scenario` and `analysis` first; ogr2ogr
    /// converts them), listed in the output list so that a GeoJSON run into the same directory removes them; without
    /// -o it is a usage error.
    @Test(.enabled(if: gdalToolsPresent && FileManager.default.fileExists(atPath: regionalManifest)))
    func compareWritesItsLayersInTheGISFormats() throws {
        let s = try Scratch()
        let file = try s.write("c.yaml", """
            network: \(regionalManifest)
            origins: {Vladivostok: 20000}
            destinations: {Pyongyang: 15000}
            analyses:
              route: {from: Vladivostok, to: Pyongyang, mode: rail}
              flow: true
              chokepoints: {top: 2}
            scenarios:
              - name: base
              - name: no-china
                deny_countries: [CN]
            """)
        let base = ["compare", file, "--no-svg", "--no-html", "--quiet"]
        let geo = try corridor(base + ["-o", s.path("geojson")])
        #expect(geo.code == 0, "\(geo.stderr)")
        func features(_ name: String) throws -> [[String: Any]] {
            let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("geojson/\(name)")))) as? [String: Any]
            return root?["features"] as? [[String: Any]] ?? []
        }
        let roles = ["routes": "route", "legs": "leg", "flows": "flow", "chokepoints": "chokepoint", "cut": "cut"]

        let gpkg = try corridor(base + ["-o", s.path("gpkg"), "--format", "gpkg"])
        #expect(gpkg.code == 0, "\(gpkg.stderr)")
        #expect(gpkg.stdout == geo.stdout, "the table is the text table")
        #expect(s.files.contains("gpkg"))
        let listed = try String(contentsOfFile: s.path("gpkg/.corridor-compare-outputs"), encoding: .utf8)
        #expect(listed.contains("base.gpkg\n") && listed.contains("no-china.gpkg\n") && listed.contains("all-scenarios.gpkg\n"))
        #expect(!listed.contains(".geojson"))
        for name in ["base", "no-china", "all-scenarios"] {
            let summary = try OGRSummary(s.path("gpkg/\(name).gpkg"))
            #expect(summary.driver == "GPKG", "\(name)")
            #expect(Set(summary.layerOrder) == Set(roles.keys), "\(name): \(summary.layerOrder)")
            let expected = try features("\(name).geojson")
            for (layer, role) in roles {
                let count = expected.filter { ($0["properties"] as? [String: Any])?["feature"] as? String == role }.count
                #expect(summary.layers[layer]?.count == count, "\(name) \(layer)")
                #expect(summary.layers[layer]?.fields.prefix(3).map(\.name) == ["scenario", "analysis", "feature"], "\(name) \(layer)")
            }
            #expect(expected.count > 0)
        }
        let converted = try gdalTool("ogr2ogr", ["-f", "FlatGeobuf", s.path("all.fgb"), s.path("gpkg/all-scenarios.gpkg"), "flows"])
        #expect(converted.code == 0 && converted.stderr.isEmpty, "\(converted.stderr)")

        for format in ["fgb", "shp"] {
            let r = try corridor(base + ["-o", s.path(format), "--format", format])
            #expect(r.code == 0, "\(r.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: s.path(format))
            for name in ["base", "no-china", "all-scenarios"] {
                #expect(files.contains("\(name).\(format)") && files.contains("\(name)-flows.\(format)") && files.contains("\(name).corridor.json"),
                        "\(format): \(files.sorted())")
                // A Shapefile's points of the mixed flows role are in <stem>-points.shp.
                var written = try OGRSummary(s.path("\(format)/\(name)-flows.\(format)")).layers.values.map(\.count).reduce(0, +)
                if files.contains("\(name)-flows-points.shp") {
                    written += try OGRSummary(s.path("\(format)/\(name)-flows-points.shp")).layers.values.map(\.count).reduce(0, +)
                }
                let count = try features("\(name).geojson").filter { ($0["properties"] as? [String: Any])?["feature"] as? String == "flow" }.count
                #expect(written == count, "\(format) \(name)")
                let out = try gdalTool("ogr2ogr", ["-f", "GPKG", s.path("\(format)-\(name).gpkg"), s.path("\(format)/\(name)-flows.\(format)")])
                #expect(out.code == 0, "\(out.stderr)")
            }
        }
        // Back to GeoJSON in the Shapefile directory: the Shapefiles (with .dbf, .shx, .prj) are stale, removed.
        let again = try corridor(base + ["-o", s.path("shp")])
        #expect(again.code == 0, "\(again.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: s.path("shp"))
        #expect(!left.contains { $0.hasSuffix(".shp") || $0.hasSuffix(".dbf") || $0.hasSuffix(".shx") || $0.hasSuffix(".prj") }, "\(left.sorted())")
        #expect(left.contains("all-scenarios.geojson"))
        // A GIS format needs the directory.
        let refused = try corridor(["compare", file, "--format", "gpkg", "--quiet"])
        #expect(refused.code == 64 && refused.stdout.isEmpty && refused.stderr.contains("-o DIR"), "\(refused.stderr)")
    }
}
