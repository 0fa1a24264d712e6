import CorridorKit
import Foundation
import Testing

/// `corridor interdict` end to end: the three formats agree, the curve is monotone and exact, outputs are written
/// together, bad input is one line with exit 64.
@Suite("interdict command")
struct InterdictCommandTests {
    static let base = ["interdict", "--from", "Vladivostok", "--to", "Pyongyang", "--avoid-country", "CN", "--quiet"]

    @Test func formatsAgreeAndTheCurveFalls() throws {
        let s = try Scratch()
        let json = try corridor(Self.base + ["--budget", "2", "--format", "json"])
        #expect(json.code == 0, "\(json.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let curve = try #require(root["resilience_curve"] as? [[String: Any]])
        #expect(curve.count == 3)
        let left = curve.compactMap { ($0["throughput_left_tpd"] as? NSNumber)?.int64Value }
        #expect(left.count == 3 && left[0] == (root["intact_throughput_tpd"] as? NSNumber)?.int64Value)
        #expect(zip(left, left.dropFirst()).allSatisfy { $0 >= $1 })
        for plan in curve { #expect((plan["proof"] as? [String: Any])?["proven"] as? Bool == true) }
        // Same numbers through the library (a peer path: no CLI).
        let best = try #require(root["best"] as? [String: Any])
        #expect((best["throughput_left_tpd"] as? NSNumber)?.int64Value == left.last)
        // GeoJSON and SVG together; the GeoJSON's query record names the command and its summary matches.
        let out = s.path("i.geojson"), svg = s.path("i.svg")
        let g = try corridor(Self.base + ["--budget", "2", "-o", out, "--svg", svg])
        #expect(g.code == 0, "\(g.stderr)")
        #expect(s.files == ["i.geojson", "i.svg"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let record = try #require(doc["corridor"] as? [String: Any])
        #expect(record["command"] as? String == "interdict")
        let features = try #require(doc["features"] as? [[String: Any]])
        let removed = features.compactMap { $0["properties"] as? [String: Any] }.filter { $0["feature"] as? String == "interdicted" }
        #expect(removed.count == (best["element_ids"] as? [Any])?.count)
        // Text says what the greedy sequence is.
        let text = try corridor(Self.base + ["--budget", "2", "--format", "text"])
        #expect(text.code == 0 && text.stdout.contains("Resilience curve") && text.stdout.contains("heuristic"))
        // Deterministic.
        #expect(try corridor(Self.base + ["--budget", "2", "--format", "json"]).stdout == json.stdout)
    }

    /// The shared output path: the GIS formats by extension (the removed elements and the cut as layers or one file
    /// per role, the query record in each), counts equal to the GeoJSON's; formats that cannot hold a result are
    /// refused with exit 64 before anything is computed or written.
    @Test func gisOutputsByExtensionAndRefusals() throws {
        let s = try Scratch()
        let args = Self.base + ["--budget", "2", "--no-greedy"]
        let g = try corridor(args + ["-o", s.path("i.geojson")])
        #expect(g.code == 0, "\(g.stderr)")
        let features = try geoJSONFeatures(s.path("i.geojson"))
        let removed = features.filter { $0["feature"] as? String == "interdicted" }.count
        let cut = features.filter { $0["feature"] as? String == "cut" }.count
        #expect(removed > 0)
        let gpkg = try corridor(args + ["-o", s.path("i.gpkg")])
        #expect(gpkg.code == 0, "\(gpkg.stderr)")
        let info = try OGRSummary(s.path("i.gpkg"))
        #expect(info.driver == "GPKG")
        #expect(info.layers["interdicted"]?.count == removed && (info.layers["cut"]?.count ?? 0) == cut, "\(info.layerOrder)")
        let fields = info.layers["interdicted"]?.fields.map(\.name) ?? []
        #expect(fields.contains("interdiction_cost") && fields == OutputSchema.properties(of: .interdicted).filter(Set(fields).contains), "\(fields)")
        let described = try gdalTool("ogrinfo", ["-ro", "-q", s.path("i.gpkg"), "-sql",
                                                 "SELECT description FROM gpkg_contents WHERE table_name = 'interdicted'"])
        #expect(described.stdout.contains("\"command\":\"interdict\""), "\(described.stdout)")
        let fgb = try corridor(args + ["-o", s.path("i.fgb")])
        #expect(fgb.code == 0, "\(fgb.stderr)")
        #expect(try OGRSummary(s.path("i.fgb")).layers.values.first?.count == removed)
        let csv = try corridor(args + ["-o", s.path("i.csv")])
        #expect(csv.code == 0, "\(csv.stderr)")
        let table = try String(contentsOfFile: s.path("i.csv"), encoding: .utf8)
        #expect(table.hasPrefix("feature,seq,element_id,kind,name,interdiction_cost"), "\(table.prefix(120))")
        #expect(table.split(separator: "\n").count == removed + 1)
        let shp = try corridor(args + ["-o", s.path("i.shp")])
        #expect(shp.code == 0, "\(shp.stderr)")
        let shpFields = try OGRSummary(s.path("i.shp")).layers.values.first?.fields.map(\.name) ?? []
        #expect(shpFields.contains("int_cost") && shpFields.allSatisfy { $0.count <= 10 }, "\(shpFields)")

        // Refused, exit 64, one line, nothing written: an unknown extension, a contradiction, a binary format on
        // standard output, samples in features, a map not named .svg; build-up's curve as features.
        let refused: [[String]] = [
            args + ["-o", s.path("no.xlsx")], args + ["-o", s.path("no.gpkg"), "--format", "json"],
            args + ["--format", "gpkg"], args + ["--samples", "5", "-o", s.path("no2.gpkg")],
            args + ["-o", s.path("no3.json"), "--svg", s.path("no.png")],
            ["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--horizon", "5d", "-o", s.path("no4.gpkg")],
            ["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--horizon", "5d", "-o", s.path("no5.geojson")],
            ["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--horizon", "5d", "--format", "geojson"],
        ]
        let before = s.files
        for c in refused {
            let r = try corridor(c + ["--quiet"])
            #expect(r.code == 64, "\(c): \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("corridor: "), "\(c): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(c)")
        }
        #expect(s.files == before)
        // Build-up by extension: the CSV and JSON of the curve.
        let b = try corridor(["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--horizon", "5d", "--quiet", "-o", s.path("b.csv")])
        #expect(b.code == 0, "\(b.stderr)")
        #expect(try String(contentsOfFile: s.path("b.csv"), encoding: .utf8).hasPrefix("day,arrived_t,cumulative_t\n"))
        let bj = try corridor(["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--horizon", "5d", "--quiet", "-o", s.path("b.json")])
        #expect(bj.code == 0, "\(bj.stderr)")
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("b.json")))) is [String: Any])
    }

    /// `analyses: {interdict: {budget: B}}` in a scenario file: compare's table, CSV and JSON carry the throughput
    /// the best set leaves and the set, equal to `corridor interdict` under the same restrictions (a peer path:
    /// the command, not the runner); the interdicted features are in the all-scenarios GeoJSON; a bad budget is
    /// exit 65 naming its line:column.
    @Test func compareRunsTheInterdictionOfAScenarioFile() throws {
        let s = try Scratch()
        let file = try s.write("i.yaml", """
            network: \(regionalManifest)
            origins: {Vladivostok: 20000, Khabarovsk: 10000}
            destinations: {Pyongyang: 15000}
            analyses:
              chokepoints: {top: 1}
              interdict: {budget: 1}
            scenarios:
              - name: no-china
                deny_countries: [CN]
              - name: no-china-no-khasan
                deny_countries: [CN]
                close: [Khasan-Tumangang]
            """)
        let json = try corridor(["compare", file, "--format", "json", "--quiet"])
        #expect(json.code == 0, "\(json.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let scenarios = try #require(root["scenarios"] as? [[String: Any]])
        #expect(scenarios.count == 2)
        let first = try #require(scenarios.first?["interdiction"] as? [String: Any])
        let peer = try corridor(["interdict", "--from", "Vladivostok", "--from", "Khabarovsk", "--to", "Pyongyang",
                                 "--avoid-country", "CN", "--budget", "1", "--format", "json", "--quiet", "--no-greedy"])
        #expect(peer.code == 0, "\(peer.stderr)")
        let peerRoot = try #require(try JSONSerialization.jsonObject(with: Data(peer.stdout.utf8)) as? [String: Any])
        let peerBest = try #require(peerRoot["best"] as? [String: Any])
        #expect((first["throughput_left_tpd"] as? NSNumber)?.doubleValue == (peerBest["throughput_left_tpd"] as? NSNumber)?.doubleValue)
        #expect(first["element_ids"] as? [String] == peerBest["element_ids"] as? [String])
        #expect(first["proven"] as? Bool == true && (first["budget"] as? NSNumber)?.doubleValue == 1)
        // Removing one more element never leaves more than the chokepoints' maximum throughput.
        for sc in scenarios {
            let left = ((sc["interdiction"] as? [String: Any])?["throughput_left_tpd"] as? NSNumber)?.doubleValue ?? -1
            let max = (sc["max_throughput_tpd"] as? NSNumber)?.doubleValue ?? -2
            #expect(left >= 0 && left <= max, "\(sc["scenario"] ?? "")")
        }
        let table = try corridor(["compare", file, "--quiet"])
        #expect(table.code == 0 && table.stdout.contains("left after 1 removed t/d") && table.stdout.contains("removed"), "\(table.stdout)")
        let csv = try corridor(["compare", file, "--format", "csv", "--quiet"])
        #expect(csv.stdout.split(separator: "\n").first?.hasSuffix(",interdicted_throughput_tpd,interdicted_elements") == true)
        let out = try corridor(["compare", file, "-o", s.path("c"), "--no-svg", "--quiet"])
        #expect(out.code == 0, "\(out.stderr)")
        let features = try geoJSONFeatures(s.path("c/all-scenarios.geojson"))
        let removed = features.filter { $0["feature"] as? String == "interdicted" }
        #expect(!removed.isEmpty && removed.allSatisfy { $0["analysis"] as? String == "interdict" })
        #expect(Set(removed.compactMap { $0["scenario"] as? String }).contains("no-china"))
        // A file without the analysis keeps its table columns (no interdiction column).
        let plain = try corridor(["compare", regionalScenarios, "--format", "csv", "--quiet"])
        #expect(plain.code == 0 && plain.stdout.split(separator: "\n").first?.hasSuffix(",shadow_prices") == true)
        // Bad budgets: one line, exit 65, the position.
        for (value, where_) in [("-1", "6:23"), ("x", "6:23"), ("nan", "6:23")] {
            let bad = try s.write("bad.yaml", """
                network: \(regionalManifest)
                origins: {Vladivostok: 20000}
                destinations: {Pyongyang: 15000}
                analyses:
                  chokepoints: true
                  interdict: {budget: \(value)}
                scenarios:
                  - name: a
                """)
            let r = try corridor(["compare", bad, "-o", s.path("never"), "--quiet"])
            #expect(r.code == 65, "\(value): \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("bad.yaml:\(where_)"), "\(value): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.path("never")))
        }
    }

    @Test func costsFromFlagsAndFilesProtectElements() throws {
        let s = try Scratch()
        // Protecting everything leaves the intact network.
        let file = try s.write("costs.csv", "# every element\nkind:edge,inf\nkind:crossing, inf\nkind:terminal,inf\nkind:node,inf\n")
        let r = try corridor(Self.base + ["--budget", "3", "--costs", file, "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let best = try #require(root["best"] as? [String: Any])
        #expect((best["element_ids"] as? [Any])?.isEmpty == true)
        #expect((best["throughput_left_tpd"] as? NSNumber) == (root["intact_throughput_tpd"] as? NSNumber))
    }

    @Test func badInputIsOneLineExit64() throws {
        let s = try Scratch()
        let bad = try s.write("bad.csv", "kind:edge,-2\n")
        let cases: [[String]] = [
            ["--budget", "-1"], ["--budget", "nan"], ["--budget", "x"], ["--budget", "1", "--cost", "kind:edge=-1"],
            ["--budget", "1", "--default-cost", "-0.5"], ["--budget", "1", "--costs", bad], ["--budget", "1", "--time-limit", "-3"],
            ["--budget", "1", "--cost", "Nowhere Bridge=1"],
        ]
        for c in cases {
            let out = s.path("never.json")
            let r = try corridor(Self.base + c + ["-o", out])
            #expect(r.code == 64, "\(c): \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("corridor: "), "\(c): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test func buildupCurveAndSamplesThroughTheCLI() throws {
        let csv = try corridor(["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--avoid-country", "CN", "--horizon", "10d",
                                "--format", "csv", "--quiet"])
        #expect(csv.code == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "day,arrived_t,cumulative_t" && rows.count == 11)
        let cumulative = rows.dropFirst().compactMap { Double($0.split(separator: ",")[2]) }
        #expect(cumulative.count == 10 && zip(cumulative, cumulative.dropFirst()).allSatisfy { $0 <= $1 })
        let json = try corridor(["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--horizon", "240h", "--deliver", "1000",
                                 "--format", "json", "--quiet"])
        #expect(json.code == 0, "\(json.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((root["days"] as? [Any])?.count == 10 && root["earliest_delivery_day"] is NSNumber)
        // Samples: deterministic for a seed, different for another.
        let a = try corridor(["chokepoints", "--from", "Vladivostok", "--to", "Pyongyang", "--samples", "20", "--seed", "3", "--format", "json", "--quiet"])
        #expect(a.code == 0, "\(a.stderr)")
        let b = try corridor(["chokepoints", "--from", "Vladivostok", "--to", "Pyongyang", "--samples", "20", "--seed", "3", "--format", "json", "--quiet"])
        #expect(a.stdout == b.stdout && a.stdout.contains("\"uncertainty\""))
        let i = try corridor(Self.base + ["--budget", "1", "--samples", "10", "--seed", "3", "--format", "text"])
        #expect(i.code == 0 && i.stdout.contains("P10"), "\(i.stderr)")
    }

    @Test func badBuildupAndSamplingInputIsOneLineExit64() throws {
        let cases: [[String]] = [
            ["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--horizon", "30"],
            ["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--horizon", "1.5d"],
            ["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--horizon", "30km"],
            ["buildup", "--from", "Vladivostok", "--to", "Pyongyang", "--deliver", "-5"],
            ["chokepoints", "--from", "Vladivostok", "--to", "Pyongyang", "--samples", "0"],
            ["chokepoints", "--from", "Vladivostok", "--to", "Pyongyang", "--samples", "10", "--seed", "x"],
            ["chokepoints", "--from", "Vladivostok", "--to", "Pyongyang", "--samples", "10", "--seed", "1.5"],
            ["interdict", "--from", "Vladivostok", "--to", "Pyongyang", "--budget", "1", "--samples", "-3"],
        ]
        for c in cases {
            let r = try corridor(c + ["--quiet"])
            #expect(r.code == 64, "\(c): \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("corridor: "), "\(c): \(r.stderr)")
        }
    }
}
