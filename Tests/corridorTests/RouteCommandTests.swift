import Foundation
import Testing

/// End-to-end tests of `corridor route` and `corridor reach` on the regional network (skipped without it).
@Suite("corridor route / reach")
struct RouteCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let manifest = root.appendingPathComponent("GeoData/far-east/network.yaml").path
    /// The `corridor` binary next to the test bundle.
    static let binary: URL? = {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("corridor")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        for b in Bundle.allBundles {
            let candidate = b.bundleURL.deletingLastPathComponent().appendingPathComponent("corridor")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()
    static let ready = binary != nil && FileManager.default.fileExists(atPath: manifest)

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = binary!
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// `../shared/geodata` of the repository (as `sharedGeodata` of the test support; absent: the test skips).
    static let countries = root.deletingLastPathComponent().appendingPathComponent("shared/geodata/natural-earth-region.gpkg").path

    /// Automatic crossings from real polygons on the embedded layers: none with --no-auto-crossings, the given
    /// capacity, delay and cost otherwise; a bad value is a usage error.
    @Test(.enabled(if: ready && FileManager.default.fileExists(atPath: countries))) func autoCrossingOptions() throws {
        let data = Self.root.appendingPathComponent("GeoData/far-east").path
        let base = ["info", "--network", data + "/rail.shp:rail", "--network", data + "/road.shp:road",
                    "--profile", data + "/profile.yaml", "--country-polygons", "ISO_A2=\(Self.countries)@countries", "--json", "--quiet"]
        func crossings(_ extra: [String]) throws -> [[String: Any]] {
            let r = try Self.run(base + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let info = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try #require(info["crossings"] as? [[String: Any]])
        }
        let automatic = try crossings(["--auto-crossing-capacity", "777", "--auto-crossing-delay", "3", "--auto-crossing-cost", "2.5"])
        #expect(automatic.count > 5)
        for c in automatic {
            #expect((c["capacity_tpd"] as? NSNumber)?.intValue == 777)
            #expect((c["delay_s"] as? NSNumber)?.doubleValue == Double(3 * 3600))
            #expect((c["cost"] as? NSNumber)?.doubleValue == 2.5)
        }
        #expect(try crossings(["--no-auto-crossings"]).isEmpty)
        #expect(try crossings(["--auto-crossing-merge", "0"]).count >= automatic.count)
        let bad = try Self.run(base + ["--auto-crossing-merge=-1"])
        #expect(bad.status == 64 && bad.stderr.contains("--auto-crossing-merge"), "\(bad.stderr)")
    }

    @Test(.enabled(if: ready)) func routeWritesGeoJSON() throws {
        let r = try Self.run(["route", "--network", Self.manifest, "--from", "Vladivostok", "--to", "Pyongyang", "--mode", "rail",
                              "--avoid-country", "CN", "--segments", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(root["type"] as? String == "FeatureCollection")
        #expect(root["crs"] == nil)
        let features = try #require(root["features"] as? [[String: Any]])
        let route = try #require(features.first?["properties"] as? [String: Any])
        #expect(route["countries"] as? String == "RU;KP")
        // The route records its query: the restrictions (--avoid-country CN) and the version.
        let record = try #require(root["corridor"] as? [String: Any])
        #expect((record["restrictions"] as? [String: Any])?["avoid_countries"] as? [String] == ["CN"])
        #expect(record["command"] as? String == "route" && record["version"] as? String != nil)
        #expect(features.count > 2)
    }

    @Test(.enabled(if: ready)) func routeWritesFileAtomicallyAndText() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("route-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("route.txt").path
        let r = try Self.run(["route", "--network", Self.manifest, "--from", "Harbin", "--to", "Vladivostok", "--format", "text",
                              "-o", file, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("Route 1: Harbin → Vladivostok"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["route.txt"])
    }

    @Test(.enabled(if: ready)) func noRouteExitsOneWithOneLine() throws {
        let r = try Self.run(["route", "--network", Self.manifest, "--from", "Vladivostok", "--to", "Pyongyang", "--mode", "rail",
                              "--avoid-country", "CN", "--close", "Khasan-Tumangang", "--quiet"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("corridor: no route from Vladivostok to Pyongyang: blocked by") == true)
    }

    @Test(.enabled(if: ready)) func unknownPlaceIsAUsageError() throws {
        let r = try Self.run(["route", "--network", Self.manifest, "--from", "Vladivostk", "--to", "Pyongyang", "--quiet"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("did you mean 'Vladivostok'"))
    }

    @Test(.enabled(if: ready)) func reachWithinBudget() throws {
        let r = try Self.run(["reach", "--network", Self.manifest, "--from", "Vladivostok", "--within", "12h", "--mode", "rail",
                              "--format", "geojsonseq", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let records = r.stdout.split(separator: "\u{1E}")
        #expect(records.count > 3)
        for record in records {
            let feature = try #require(try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])
            let properties = try #require(feature["properties"] as? [String: Any])
            #expect((properties["entry_time_h"] as? Double ?? 99) <= 12)
        }
        let bad = try Self.run(["reach", "--network", Self.manifest, "--from", "Vladivostok", "--within", "12 parsecs"])
        #expect(bad.status == 64)
    }
}
