import Foundation
import Testing

/// The PostGIS round trip against a real local PostgreSQL + PostGIS (Tools/pg-test-server: its own cluster on a
/// Unix socket in a scratch directory, stopped afterwards; the test is cancelled, with the reason, only where the
/// server cannot start): the regional network is loaded with `ogr2ogr`, `route` and `flow` read it from the
/// database and write their results back, and everything equals the file-based run.
@Suite(.enabled(if: corridorBinary != nil && gdalToolsPresent && FileManager.default.fileExists(atPath: regionalManifest),
                "binary, ogr2ogr or the regional data missing"))
struct PostGISTests {
    static let server = repositoryRoot.appendingPathComponent("Tools/pg-test-server").path
    static let farEast = repositoryRoot.appendingPathComponent("GeoData/far-east").path

    /// Runs a program and returns its result.
    static func run(_ program: String, _ arguments: [String]) throws -> RunResult {
        try runProgram(URL(fileURLWithPath: program), arguments)
    }

    /// The features (properties and geometry) of one layer, as GDAL reads it, in order.
    static func layer(_ dataset: String, _ name: String) throws -> [NSDictionary] {
        let r = try gdalTool("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", dataset, name])
        guard r.code == 0 else { throw ToolFailure(message: "ogr2ogr \(name): \(r.stderr)") }
        let root = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return (root?["features"] as? [[String: Any]] ?? []).map { f in
            NSDictionary(dictionary: ["properties": f["properties"] ?? NSNull(), "geometry": f["geometry"] ?? NSNull()])
        }
    }

    /// The `features` of a GeoJSON file (without the `corridor` record, which names the sources).
    static func features(_ path: String) throws -> NSArray {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        return (root?["features"] as? [Any] ?? []) as NSArray
    }

    @Test func routeAndFlowReadFromAndWriteToPostGIS() throws {
        let s = try Scratch()
        let dir = s.path("pg")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let started = try Self.run(Self.server, ["start", dir])
        defer { _ = try? Self.run(Self.server, ["stop", dir]) }
        if started.code == 69 { try Test.cancel("PostGIS unavailable: \(started.stderr.trimmingCharacters(in: .whitespacesAndNewlines))") }
        try #require(started.code == 0, "\(started.stderr)")
        let pg = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(pg.hasPrefix("PG:host="))

        // The regional lines into the database, and a manifest that reads them from it.
        for layer in ["rail", "road"] {
            let r = try gdalTool("ogr2ogr", ["-f", "PostgreSQL", pg, "\(Self.farEast)/\(layer).shp", "-nln", layer, "-nlt", "PROMOTE_TO_MULTI"])
            try #require(r.code == 0, "\(r.stderr)")
        }
        var manifest = try String(contentsOfFile: regionalManifest, encoding: .utf8)
        for layer in ["rail", "road"] {
            manifest = manifest.replacingOccurrences(of: "  - path: \(layer).shp\n", with: "  - path: '\(pg)'\n    layer: \(layer)\n")
        }
        manifest = manifest.replacingOccurrences(of: "profile: profile.yaml", with: "profile: \(Self.farEast)/profile.yaml")
            .replacingOccurrences(of: "places: places.csv", with: "places: \(Self.farEast)/places.csv")
        #expect(manifest.contains("layer: road") && manifest.contains("layer: rail"))
        let pgManifest = try s.write("pg-network.yaml", manifest)

        // Sources given on the command line (`PG:…:MODE@TABLE`) read like the files they were loaded from.
        let cli = ["route", "--from", "43.12,131.9", "--to", "39.03,125.75", "--segments", "--quiet",
                   "--profile", "\(Self.farEast)/profile.yaml"]
        let cliFiles = try corridor(cli + ["--network", "\(Self.farEast)/rail.shp:rail", "--network", "\(Self.farEast)/road.shp:road",
                                           "-o", s.path("cli-files.geojson")])
        let cliDB = try corridor(cli + ["--network", "\(pg):rail@rail", "--network", "\(pg):road@road", "-o", s.path("cli-db.geojson")])
        #expect(cliFiles.code == 0 && cliDB.code == 0, "\(cliFiles.stderr) \(cliDB.stderr)")
        #expect(try Self.features(s.path("cli-db.geojson")) == (try Self.features(s.path("cli-files.geojson"))))
        #expect(try Self.features(s.path("cli-db.geojson")).count > 0)

        // export to one database: tables NAME (edges, with pgRouting's columns) and NAME_nodes, as the GeoPackage.
        let exported = try corridor(["export", "--network", pgManifest, "--edges", pg, "--nodes", pg, "--layer", "net"])
        #expect(exported.code == 0, "\(exported.stderr)")
        let exportGPKG = try corridor(["export", "--network", regionalManifest, "--edges", s.path("net.gpkg"), "--nodes", s.path("net.gpkg")])
        #expect(exportGPKG.code == 0, "\(exportGPKG.stderr)")
        for (table, layer) in [("net", "edges"), ("net_nodes", "nodes")] {
            let rows = try Self.layer(pg, table)
            let expected = try Self.layer(s.path("net.gpkg"), layer)
            #expect(rows.count > 0 && rows == expected, "\(table)")
        }
        let pgr = try gdalTool("ogrinfo", ["-ro", "-q", pg, "-sql",
                                           "SELECT count(*) AS n FROM net WHERE cost IS NULL OR reverse_cost IS NULL OR source_node_id IS NULL"])
        #expect(pgr.code == 0 && pgr.stdout.contains("n (Integer64) = 0"), "\(pgr.stdout) \(pgr.stderr)")

        let route = ["route", "--from", "Vladivostok", "--to", "Pyongyang", "--alternatives", "2", "--segments", "--quiet"]
        let flow = ["flow", "--from", "Vladivostok=20000", "--from", "Khabarovsk=10000", "--to", "Pyongyang=15000",
                    "--to", "Chongjin=8000", "--quiet"]
        for (name, args, roles) in [("route", route, ["routes", "legs", "segments"]), ("flow", flow, ["flows"])] {
            // Read from the database: the same features as from the files.
            let fromFiles = try corridor(args + ["--network", regionalManifest, "-o", s.path("\(name)-files.geojson")])
            let fromDB = try corridor(args + ["--network", pgManifest, "-o", s.path("\(name)-db.geojson")])
            #expect(fromFiles.code == 0 && fromDB.code == 0, "\(fromFiles.stderr) \(fromDB.stderr)")
            let expected = try Self.features(s.path("\(name)-files.geojson"))
            #expect(expected.count > 0)
            #expect(try Self.features(s.path("\(name)-db.geojson")) == expected, "\(name): the database network differs")
            let record = try String(contentsOfFile: s.path("\(name)-db.geojson"), encoding: .utf8)
            #expect(record.contains("\"driver\":\"PostgreSQL\""))

            // Written back to tables NAME, NAME_<layer>: the same rows as the GeoPackage of the file-based run.
            let table = "result_\(name)"
            let toDB = try corridor(args + ["--network", pgManifest, "-o", pg, "--layer", table])
            #expect(toDB.code == 0 && toDB.stdout.isEmpty, "\(toDB.stderr)")
            let gpkg = try corridor(args + ["--network", regionalManifest, "-o", s.path("\(name).gpkg")])
            #expect(gpkg.code == 0)
            for (i, role) in roles.enumerated() {
                let tableName = i == 0 ? table : "\(table)_\(role)"
                let rows = try Self.layer(pg, tableName)
                #expect(rows.count > 0)
                #expect(rows == (try Self.layer(s.path("\(name).gpkg"), role)), "\(tableName) differs from the GeoPackage's \(role)")
            }

            // All or nothing: when another output fails, no table is created and an existing one is kept.
            let before = try Self.layer(pg, table)
            for target in [table, "\(table)_new"] {
                let failed = try corridor(args + ["--network", pgManifest, "-o", pg, "--layer", target, "--svg", s.path("missing/map.svg")])
                #expect(failed.code == 74, "\(failed.stderr)")
            }
            #expect(try Self.layer(pg, table) == before)
            let absent = try gdalTool("ogrinfo", ["-ro", "-so", pg, "\(table)_new"])
            #expect(absent.code != 0, "\(table)_new was created")
        }
    }
}
