import CorridorGeo
import CorridorKit
import Foundation
import Testing

/// The built `corridor` binary next to the test bundle (same scratch path as this test run).
let corridorBinary: URL? = {
    var candidates: [URL] = []
    if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("corridor")) }
    if let arg0 = CommandLine.arguments.first { candidates.append(URL(fileURLWithPath: arg0).deletingLastPathComponent().appendingPathComponent("corridor")) }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

struct RunResult { var code: Int32; var stdout: String; var stderr: String }

func corridor(_ arguments: [String], cwd: String? = nil, input: Data? = nil, environment: [String: String] = [:]) throws -> RunResult {
    // Standard input is always a pipe, closed after `input`: the binary never waits on the test's terminal.
    try runProgram(try #require(corridorBinary), arguments, cwd: cwd, input: input ?? Data(), environment: environment)
}

/// Runs `executable` with `arguments` (in `cwd`, with `environment` over the test's own) and returns its exit status,
/// standard output and standard error; `input`, when given, is its standard input (else it inherits the test's).
func runProgram(_ executable: URL, _ arguments: [String], cwd: String? = nil, input: Data? = nil,
                environment: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let stdin = input.map { _ in Pipe() }
    if let stdin { process.standardInput = stdin }
    try process.run()
    if let stdin, let input {
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(code: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("corridor-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    @discardableResult func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }
    var files: [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path))?.sorted() ?? [] }
}

/// A Geofabrik-schema roads shapefile: three connected trunk roads; `crs: nil` writes no .prj.
func writeRoads(_ s: Scratch, name: String = "gis_osm_roads_free_1", crs: String? = "EPSG:4326") throws -> String {
    let path = s.path("\(name).shp")
    let w = try VectorWriter(path: path, driver: "ESRI Shapefile")
    try w.addLayer(name: name, geometry: .lineString, crs: crs, fields: [
        FieldDefinition(name: "osm_id", type: .string), FieldDefinition(name: "code", type: .integer),
        FieldDefinition(name: "fclass", type: .string), FieldDefinition(name: "name", type: .string),
        FieldDefinition(name: "oneway", type: .string), FieldDefinition(name: "maxspeed", type: .integer),
    ])
    for (i, wkt) in ["LINESTRING (131 43,131.1 43)", "LINESTRING (131.1 43,131.2 43.05)", "LINESTRING (131.1 43,131.1 43.1)"].enumerated() {
        try w.addFeature(layer: name, wkt: wkt, attributes: [
            "osm_id": "\(i)", "code": "5112", "fclass": "trunk", "name": "road \(i)", "oneway": i == 2 ? "F" : "B", "maxspeed": "0",
        ])
    }
    try w.commit()
    return path
}

@Suite(.enabled(if: corridorBinary != nil, "corridor binary not built")) struct CLITests {
    @Test func infoTextAndJSON() throws {
        let s = try Scratch()
        let roads = try writeRoads(s)
        let text = try corridor(["info", "--network", roads, "--quiet"])
        #expect(text.code == 0, "\(text.stderr)")
        #expect(text.stdout.contains("nodes: 4 (road 4, rail-1520 0, rail-1435 0)"))
        #expect(text.stdout.contains("edges: 3 (line 3, crossing 0, transshipment 0, transfer 0); arcs: 5"))
        #expect(text.stdout.contains("profile geofabrik"))
        let json = try corridor(["info", "--network", roads, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["node_count"] as? Int == 4 && object["arc_count"] as? Int == 5 && object["component_count"] as? Int == 1)
        #expect(json.stderr.isEmpty)
    }

    @Test func exportGeoJSON() throws {
        let s = try Scratch()
        let roads = try writeRoads(s)
        let r = try corridor(["export", "--network", roads, "--edges", s.path("edges.geojson"), "--nodes", s.path("nodes.geojson")])
        #expect(r.code == 0, "\(r.stderr)")
        let edges = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("edges.geojson")))) as? [String: Any])
        #expect(edges["type"] as? String == "FeatureCollection" && edges["crs"] == nil)
        #expect((edges["bbox"] as? [Double]) == [131, 43, 131.2, 43.1])
        let features = try #require(edges["features"] as? [[String: Any]])
        #expect(features.count == 3)
        let props = try #require(features[2]["properties"] as? [String: Any])
        for key in ["edge_id", "source_node_id", "target_node_id", "oneway", "mode", "class", "kind", "name", "length_m", "time_h",
                    "capacity_tpd", "gauge_mm", "dual_gauge", "country", "region", "cost", "reverse_cost"] {
            #expect(props[key] != nil, "missing \(key)")
        }
        #expect(props["oneway"] as? Bool == true && props["class"] as? String == "trunk" && props["gauge_mm"] is NSNull)
        #expect((props["reverse_cost"] as? NSNumber)?.doubleValue == -1 && (props["cost"] as? NSNumber)?.doubleValue ?? 0 > 0)
        let nodes = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("nodes.geojson")))) as? [String: Any])
        #expect((nodes["features"] as? [Any])?.count == 4)
        #expect(s.files.filter { $0.contains(".tmp") }.isEmpty)
    }

    func expectFailure(_ args: [String], code: Int32, contains: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try corridor(args)
        #expect(r.code == code, "exit \(r.code): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("corridor: "), "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(contains), "\(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)", sourceLocation: sourceLocation)
    }

    @Test func missingAndUnreadableInputs() throws {
        let s = try Scratch()
        try expectFailure(["info", "--network", s.path("nope.shp")], code: 66, contains: "file not found: \(s.path("nope.shp"))")
        let junk = try s.write("junk.geojson", "this is not json")
        try expectFailure(["info", "--network", junk], code: 65, contains: "cannot open vector data")
        let roads = try writeRoads(s)
        // Truncated .shp.
        let data = try Data(contentsOf: URL(fileURLWithPath: roads))
        try data.prefix(data.count - 20).write(to: URL(fileURLWithPath: s.path("trunc.shp")))
        for ext in ["shx", "dbf", "prj"] {
            try FileManager.default.copyItem(atPath: s.path("gis_osm_roads_free_1.\(ext)"), toPath: s.path("trunc.\(ext)"))
        }
        try expectFailure(["info", "--network", s.path("trunc.shp")], code: 65, contains: "trunc.shp")
        // Missing .shx, missing .dbf.
        for missing in ["shx", "dbf"] {
            let stem = "no\(missing)"
            for ext in ["shp", "shx", "dbf", "prj"] where ext != missing {
                try FileManager.default.copyItem(atPath: s.path("gis_osm_roads_free_1.\(ext)"), toPath: s.path("\(stem).\(ext)"))
            }
            try expectFailure(["info", "--network", s.path("\(stem).shp")], code: 65, contains: stem)
        }
    }

    @Test func layersWithoutLinesEmptyAndLayerNames() throws {
        let s = try Scratch()
        let points = try s.write("points.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"fclass":"x"},"geometry":{"type":"Point","coordinates":[131,43]}}]}"#)
        try expectFailure(["info", "--network", points], code: 65, contains: "layer has no line features")
        let empty = s.path("empty.gpkg")
        let w = try VectorWriter(path: empty, driver: "GPKG")
        try w.addLayer(name: "roads", geometry: .lineString, crs: "EPSG:4326", fields: [FieldDefinition(name: "fclass", type: .string)])
        try w.commit()
        try expectFailure(["info", "--network", empty], code: 65, contains: "layer has no features: \(empty), layer roads")
        try expectFailure(["info", "--network", "\(empty)@nosuch"], code: 66, contains: "no layer named 'nosuch'")
    }

    @Test func missingCRSAndAssumeCRS() throws {
        let s = try Scratch()
        let roads = try writeRoads(s, name: "nocrs", crs: nil)
        try expectFailure(["info", "--network", roads], code: 65, contains: "layer has no CRS (pass --assume-crs EPSG:NNNN)")
        let r = try corridor(["info", "--network", roads, "--assume-crs", "EPSG:4326"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("EPSG:4326 (assumed)"))
    }

    @Test func invalidCoordinates() throws {
        let s = try Scratch()
        let bad = try s.write("bad.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"fclass":"trunk"},"geometry":{"type":"LineString","coordinates":[[131,43],[131,95]]}}]}"#)
        try expectFailure(["info", "--network", bad], code: 65, contains: "invalid coordinate")
        // GDAL refuses to write NaN, so patch the first record's second point in a valid shapefile: header 100 bytes,
        // record header 8, shape type 4, bbox 32, part and point counts 8, one part index 4, then 16-byte points.
        let nan = try writeRoads(s, name: "nan")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: nan))
        withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { bytes.replaceSubrange(172..<180, with: $0) }
        try bytes.write(to: URL(fileURLWithPath: nan))
        try expectFailure(["info", "--network", nan], code: 65, contains: "invalid coordinate")
    }

    @Test func profileErrorsAndNoPartialOutput() throws {
        let s = try Scratch()
        let roads = try writeRoads(s)
        let profile = try s.write("profile.yaml", "name: p\nfields:\n  mode: fclass\n  class: fclas\n")
        let edges = s.path("edges.geojson")
        try expectFailure(["export", "--network", roads, "--profile", profile, "--edges", edges], code: 65,
                          contains: "profile field 'fclas' (class) not found in layer gis_osm_roads_free_1 of gis_osm_roads_free_1.shp (fields: osm_id, code, fclass, name, oneway, maxspeed): \(profile):4:10")
        #expect(!FileManager.default.fileExists(atPath: edges))
        let malformed = try s.write("bad.yaml", "fields:\n  class: [fclass\n  mode: x\n")
        try expectFailure(["info", "--network", roads, "--profile", malformed], code: 65, contains: "malformed YAML")
        let r = try corridor(["info", "--network", roads, "--profile", malformed])
        #expect(r.stderr.range(of: #"bad\.yaml:\d+:\d+\n$"#, options: .regularExpression) != nil, "\(r.stderr)")
        try expectFailure(["info", "--network", roads, "--profile", "nonesuch"], code: 64, contains: "unknown profile")
        // Unwritable destination: I/O error, nothing left behind.
        try expectFailure(["export", "--network", roads, "--edges", s.path("no/such/dir/e.geojson")], code: 74, contains: "cannot write output")
        #expect(s.files.filter { $0.contains(".tmp") }.isEmpty)
    }

    @Test func usageErrors() throws {
        let s = try Scratch()
        let roads = try writeRoads(s)
        try expectFailure(["info", "--network", s.path("a.yaml"), "--network", roads], code: 64, contains: "either one manifest")
        try expectFailure(["info", "--network", s.path("missing.yaml")], code: 66, contains: "network manifest not found")
        let r = try corridor(["export", "--network", roads])
        #expect(r.code == 64)
    }
}
