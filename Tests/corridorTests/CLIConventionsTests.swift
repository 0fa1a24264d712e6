import Foundation
import Testing

/// The conventions every subcommand shares (issue 18): one meaning of `--format`, `--quiet` everywhere, typo'd
/// subcommands named as such, `CORRIDOR_DATA` as a directory.
@Suite(.enabled(if: corridorBinary != nil, "corridor binary not built")) struct CLIConventionsTests {
    static let farEast = repositoryRoot.appendingPathComponent("GeoData/far-east").path
    static var farEastReady: Bool { FileManager.default.fileExists(atPath: farEast + "/network.yaml") }

    @Test func aTypoedSubcommandIsNamedWithTheNearest() throws {
        let r = try corridor(["routes", "--from", "Vladivostok", "--to", "Pyongyang"])
        #expect(r.code == 64)
        #expect(r.stderr == "corridor: unknown subcommand 'routes'; did you mean 'route'?\n", "\(r.stderr)")
        let far = try corridor(["frobnicate"])
        #expect(far.code == 64 && far.stderr.hasPrefix("corridor: unknown subcommand 'frobnicate'; subcommands: info, "), "\(far.stderr)")
        #expect(!far.stderr.contains("bench"))
        // Options and real subcommands are left to the parser.
        #expect(try corridor(["--version"]).code == 0)
        #expect(try corridor(["help", "route"]).stdout.contains("--from"))
    }

    @Test func solveTakesItsProblemTypeAsProblemAndNamesTheOldSpelling() throws {
        let min = "p min 2 1\nn 1 5\nn 2 -5\na 1 2 0 9 3\n"
        let r = try corridor(["solve", "-", "--problem", "min", "--quiet"], input: Data(min.utf8))
        #expect(r.code == 0 && r.stdout.hasPrefix("s 15"), "\(r.stderr)")
        let old = try corridor(["solve", "-", "--format", "min"], input: Data(min.utf8))
        #expect(old.code == 64 && old.stdout.isEmpty)
        #expect(old.stderr.contains("--problem min") && old.stderr.hasPrefix("corridor: "), "\(old.stderr)")
        let unknown = try corridor(["solve", "-", "--problem", "tw"], input: Data(min.utf8))
        #expect(unknown.code == 64 && unknown.stderr.contains("unknown --problem 'tw'"))
    }

    @Test(.enabled(if: farEastReady)) func infoTakesFormatJSONAndTheDataDirectory() throws {
        let json = try corridor(["info", "--format", "json", "--quiet"])
        #expect(json.code == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["edge_count"] as? Int ?? 0) > 0)
        #expect(try corridor(["info", "--json", "--quiet"]).stdout == json.stdout)
        #expect(try corridor(["info", "--format", "text", "--quiet"]).stdout.hasPrefix("sources:"))
        // CORRIDOR_DATA: the network's directory, GeoData, the manifest: one network.
        for data in [Self.farEast, (Self.farEast as NSString).deletingLastPathComponent, Self.farEast + "/network.yaml"] {
            let r = try corridor(["info", "--format", "json", "--quiet"], environment: ["CORRIDOR_DATA": data])
            #expect(r.code == 0 && r.stdout == json.stdout, "\(data): \(r.stderr)")
        }
        let missing = try corridor(["info", "--quiet"], environment: ["CORRIDOR_DATA": "/nonexistent/far-east"])
        #expect(missing.code == 66 && missing.stderr.contains("CORRIDOR_DATA=/nonexistent/far-east"), "\(missing.stderr)")
    }

    /// One default format rule (README "Commands", `corridor --help`): without `--format` or an extension, a result
    /// with geometry is GeoJSON and a table is text, on standard output and in a file alike.
    @Test(.enabled(if: farEastReady)) func oneDefaultFormatRule() throws {
        let s = try Scratch()
        let help = try corridor(["--help"], environment: ["COLUMNS": "500"])
        #expect(help.stdout.contains("GeoJSON for a result with geometry (route, reach, flow, chokepoints, interdict, export)"))
        let geometry: [[String]] = [
            ["route", "--from", "Vladivostok", "--to", "Ussuriysk"],
            ["reach", "--from", "Vladivostok", "--within", "2h"],
            ["flow", "--from", "Vladivostok=100", "--to", "Ussuriysk=100", "--no-shadow-prices", "--no-concurrent"],
            ["chokepoints", "--from", "Vladivostok", "--to", "Ussuriysk", "--top", "0"],
            ["interdict", "--from", "Vladivostok", "--to", "Ussuriysk", "--budget", "1", "--no-curve", "--no-greedy"],
        ]
        for (i, command) in geometry.enumerated() {
            let plain = try corridor(command + ["--quiet"])
            #expect(plain.code == 0 && plain.stdout.hasPrefix("{\"type\":\"FeatureCollection\""), "\(command[0]): \(plain.stderr)")
            #expect(try corridor(command + ["--format", "geojson", "--quiet"]).stdout == plain.stdout, "\(command[0])")
            let text = try corridor(command + ["--format", "text", "--quiet"])
            #expect(text.code == 0 && !text.stdout.hasPrefix("{") && !text.stdout.isEmpty, "\(command[0])")
            let file = s.path("out-\(i)")
            #expect(try corridor(command + ["-o", file, "--quiet"]).code == 0)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == plain.stdout, "\(command[0]): a file without an extension")
        }
        let edges = try corridor(["export", "--edges", "-", "--quiet"])
        #expect(edges.code == 0 && edges.stdout.hasPrefix("{\"type\":\"FeatureCollection\""))
        // Tables are text.
        let buildup = try corridor(["buildup", "--from", "Vladivostok", "--to", "Ussuriysk", "--horizon", "2d", "--quiet"])
        #expect(buildup.code == 0 && !buildup.stdout.hasPrefix("{") && !buildup.stdout.isEmpty, "\(buildup.stderr)")
        #expect(try corridor(["info", "--quiet"]).stdout.hasPrefix("sources:"))
    }

    /// Every visible subcommand documents --quiet in its help.
    @Test func everySubcommandAcceptsQuiet() throws {
        for name in ["info", "export", "route", "reach", "flow", "chokepoints", "compare", "build", "render", "solve"] {
            let r = try corridor([name, "--help"])
            #expect(r.code == 0 && r.stdout.contains("--quiet"), "\(name): \(r.stderr)")
        }
    }

    /// A DIMACS road graph (`.gr` with its `.co` beside it, or `:co=`) is a network: info and routes with
    /// alternatives run on it.
    @Test func aDIMACSRoadGraphIsANetwork() throws {
        let s = try Scratch()
        // A 3 × 3 grid 0.01° apart near Rome, both ways, and one one-way arc 9 → 1 (the diagonal).
        var co = "p aux sp co 9\n", gr = "", arcs = 0
        for i in 0..<9 { co += "v \(i + 1) \(12_480_000 + (i % 3) * 10_000) \(41_890_000 + (i / 3) * 10_000)\n" }
        for i in 0..<9 {
            for j in [i + 1, i + 3] where j < 9 && (j != i + 1 || j % 3 != 0) { gr += "a \(i + 1) \(j + 1) 1\na \(j + 1) \(i + 1) 1\n"; arcs += 2 }
        }
        gr += "a 9 1 1\n"; arcs += 1
        let graph = try s.write("rome.gr", "c test\np sp 9 \(arcs)\n" + gr)
        try s.write("rome.co", co)
        let info = try corridor(["info", "--network", graph, "--format", "json", "--quiet"])
        #expect(info.code == 0, "\(info.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        #expect(object["edge_count"] as? Int == 13 && object["component_count"] as? Int == 1)
        let moved = s.path("elsewhere.co")
        try FileManager.default.moveItem(atPath: s.path("rome.co"), toPath: moved)
        let route = try corridor(["route", "--network", "\(graph):co=\(moved)", "--from", "41.91,12.5", "--to", "41.89,12.48",
                                  "--metric", "distance", "--alternatives", "2", "--format", "json", "--quiet"])
        #expect(route.code == 0, "\(route.stderr)")
        let routes = try #require((try JSONSerialization.jsonObject(with: Data(route.stdout.utf8)) as? [String: Any])?["routes"] as? [[String: Any]])
        // The one-way diagonal 9 → 1 (about 2.8 km) beats the 3.9 km along the grid, which is the way back.
        let best = try #require(routes.first?["length_m"] as? Double)
        #expect(best > 2700 && best < 2900 && routes.count == 2, "\(route.stdout.prefix(400))")
        let back = try corridor(["route", "--network", "\(graph):co=\(moved)", "--from", "41.89,12.48", "--to", "41.91,12.5",
                                 "--metric", "distance", "--format", "json", "--quiet"])
        let backRoutes = (try JSONSerialization.jsonObject(with: Data(back.stdout.utf8)) as? [String: Any])?["routes"] as? [[String: Any]]
        #expect(back.code == 0 && (backRoutes?.first?["length_m"] as? Double ?? 0) > 3800, "\(back.stderr)")
        let missing = try corridor(["info", "--network", graph, "--quiet"])
        #expect(missing.code == 66 && missing.stderr.contains("rome.co"), "\(missing.stderr)")
    }

    /// compare: -o must name a directory; --network repeats and --profile reaches the loader; stale outputs of an
    /// earlier run go.
    @Test(.enabled(if: farEastReady)) func compareOutputsAndNetworks() throws {
        let s = try Scratch()
        let scenarios = repositoryRoot.appendingPathComponent("GeoData/scenarios/far-east.yaml").path
        let file = try corridor(["compare", scenarios, "-o", s.path("x.geojson"), "--quiet"])
        #expect(file.code == 64 && file.stderr.contains("not a file"), "\(file.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.path("x.geojson")))
        let roads = try writeRoads(s)
        let second = try corridor(["compare", scenarios, "--network", roads, "--network", s.path("missing.shp"), "--quiet"])
        #expect(second.code == 66 && second.stderr.contains("missing.shp"), "\(second.stderr)")
        let profile = try corridor(["compare", scenarios, "--network", roads, "--profile", "no-such-profile", "--quiet"])
        #expect(profile.code == 64 && profile.stderr.contains("no-such-profile"), "\(profile.stderr)")
    }

    /// `--network -` reads line data from standard input.
    @Test func aNetworkFromStandardInput() throws {
        let features = [("LINESTRING", "[[131, 43], [131.1, 43]]"), ("LINESTRING", "[[131.1, 43], [131.2, 43.05]]")].enumerated().map { i, f in
            #"{"type": "Feature", "properties": {"osm_id": "\#(i)", "fclass": "primary", "name": "R\#(i)"}, "geometry": {"type": "LineString", "coordinates": \#(f.1)}}"#
        }
        let geojson = #"{"type": "FeatureCollection", "features": ["# + features.joined(separator: ", ") + "]}"
        let r = try corridor(["info", "--network", "-", "--format", "json", "--quiet"], input: Data(geojson.utf8))
        #expect(r.code == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["edge_count"] as? Int == 2)
        #expect(((object["sources"] as? [[String: Any]])?.first?["path"] as? String) == "-")
        let empty = try corridor(["info", "--network", "-", "--quiet"], input: Data())
        // Empty standard input is an empty input file (65), as for `solve -` and an empty manifest.
        #expect(empty.code == 65 && empty.stderr.contains("empty input: --network -"), "\(empty.stderr)")
    }

    /// Completion: scripts for the three shells; place names of the network named so far.
    @Test(.enabled(if: farEastReady)) func completionOffersPathsAndPlaceNames() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try corridor(["--generate-completion-script", shell])
            #expect(script.code == 0 && script.stdout.contains("---completion"), "\(shell)")
        }
        let zsh = try corridor(["--generate-completion-script", "zsh"]).stdout
        #expect(zsh.contains("_files"))
        let names = try corridor(["complete-places", "vla"]).stdout.split(separator: "\n")
        #expect(names.contains("Vladivostok"), "\(names)")
        #expect(names.allSatisfy { $0.lowercased().hasPrefix("vla") })
        let manifest = Self.farEast + "/network.yaml"
        #expect(try corridor(["complete-places", "--network", manifest, "Pyong"]).stdout.split(separator: "\n").contains("Pyongyang"))
        #expect(try corridor(["complete-places", "--network", manifest, "zzz"]).stdout.isEmpty)
        // What the shell scripts run: the place names for --from of route, given the words typed so far (the word's
        // index, the cursor's index in it, the words).
        let custom = try corridor(["---completion", "route", "--", "--from", "5", "4", "corridor", "route", "--network", manifest, "--from", "Khab"])
        #expect(custom.stdout.contains("Khabarovsk"), "\(custom.stdout) \(custom.stderr)")
        // Sites (PLACE or PLACE=TONNES) of flow, chokepoints, interdict and buildup: the same names, none once the
        // amount is being typed.
        for command in ["flow", "chokepoints", "interdict", "buildup"] {
            for option in ["--from", "--to"] {
                let site = try corridor(["---completion", command, "--", option, "5", "4", "corridor", command, "--network", manifest, option, "Khab"])
                #expect(site.stdout.split(separator: "\n").contains("Khabarovsk"), "\(command) \(option): \(site.stdout) \(site.stderr)")
                let amount = try corridor(["---completion", command, "--", option, "5", "12", "corridor", command, "--network", manifest, option, "Khabarovsk=1"])
                #expect(amount.code == 0 && amount.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(command) \(option): \(amount.stdout)")
            }
        }
        let close = try corridor(["---completion", "flow", "--", "--close", "5", "4", "corridor", "flow", "--network", manifest, "--close", "Khab"])
        #expect(close.stdout.contains("Khabarovsk"), "\(close.stdout)")
    }
}
