import CorridorKit
import Foundation
import Testing

/// `corridor flow` with OD demands, commodity models, MPS export and their errors; scenario files with demands in
/// `corridor compare`.
@Suite("flow command")
struct FlowCommandTests {
    static let demands = ["--demand", "Vladivostok:Pyongyang=6000", "--demand", "Khabarovsk:Rajin=2000",
                          "--demand", "Harbin:Pyongyang=4000@rail", "--demand", "Pyongyang:Vladivostok=1000"]

    @Test func odDemandsKeepPairsApart() throws {
        let s = try Scratch()
        let r = try corridor(["flow"] + Self.demands + ["--format", "text", "--quiet"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Flow of 4 OD pairs (t/day), 4 commodities (od)"))
        #expect(r.stdout.contains("Maximum concurrent flow: λ = "))
        #expect(r.stdout.contains("Harbin → Pyongyang") && r.stdout.contains("rail"))
        #expect(r.stdout.contains("Solver: linear program (CLP)"))
        #expect(r.stderr.isEmpty, "solver noise on stderr: \(r.stderr)")
        // Origin commodities: the same optimum, written the same way apart from the commodity lines.
        let byOrigin = try corridor(["flow"] + Self.demands + ["--commodities", "origin", "--format", "json", "--quiet"])
        let byPair = try corridor(["flow"] + Self.demands + ["--format", "json", "--quiet"])
        func summary(_ text: String) throws -> [String: Any] {
            let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return try #require(root["summary"] as? [String: Any])
        }
        let a = try summary(byPair.stdout), b = try summary(byOrigin.stdout)
        #expect(a["delivered_tpd"] as? NSNumber == b["delivered_tpd"] as? NSNumber)
        #expect(a["cost_per_day"] as? NSNumber == b["cost_per_day"] as? NSNumber)
        #expect((b["commodities"] as? [Any])?.count == 4)  // Vladivostok, Khabarovsk, Harbin (rail), Pyongyang
        #expect(b["commodity_model"] as? String == "origin")
        // GeoJSON to a file, the SVG map and the three programs as MPS; deterministic.
        let out = s.path("f.geojson"), mps = s.path("lp")
        let g = try corridor(["flow"] + Self.demands + ["-o", out, "--svg", s.path("f.svg"), "--mps", mps, "--quiet"])
        #expect(g.code == 0, "\(g.stderr)")
        #expect(s.files == ["f.geojson", "f.svg", "lp-concurrent.mps", "lp-cost.mps", "lp-throughput.mps"])
        let again = try corridor(["flow"] + Self.demands + ["--format", "geojson", "--quiet"])
        #expect(again.stdout == (try String(contentsOfFile: out, encoding: .utf8)))
        let throughputMPS = try String(contentsOfFile: "\(mps)-throughput.mps", encoding: .utf8)
        #expect(throughputMPS.hasPrefix("NAME corridor-flow FREE\nOBJSENSE\n    MAX\n") && throughputMPS.contains(" cap_"))
    }

    @Test func pooledSitesAreTodaysFlowWithExactSharedCapacity() throws {
        let r = try corridor(["flow", "--from", "Vladivostok=20000", "--from", "Khabarovsk=10000",
                              "--to", "Pyongyang=15000", "--to", "Rajin=5000", "--format", "text", "--quiet"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("WARNING") && !r.stdout.contains("OD pairs:"))
        #expect(r.stdout.contains("Maximum concurrent flow: λ = 1.5"))
        let fast = try corridor(["flow", "--from", "Vladivostok=20000", "--to", "Pyongyang=15000",
                                 "--no-shadow-prices", "--no-concurrent", "--format", "text", "--quiet"])
        #expect(fast.code == 0 && !fast.stdout.contains("λ") && !fast.stdout.contains("Binding capacities"))
        #expect(fast.stdout.contains("Solver: network simplex"))
    }

    @Test func badFlowRequestsAreOneLineWithTheirStatus() throws {
        let cases: [([String], Int32, String)] = [
            (["flow", "--from", "Vladivostok=1", "--to", "Pyongyang=1", "--demand", "Vladivostok:Pyongyang=1"], 64,
             "either --from/--to (pooled sites) or --demand"),
            (["flow", "--from", "Vladivostok=1", "--to", "Pyongyang=1", "--commodities", "od"], 64, "needs OD demands"),
            (["flow", "--demand", "Vladivostok-Pyongyang=5"], 64, "expected ORIGIN:DESTINATION=TONNES"),
            (["flow", "--demand", "Vladivostok:Pyongyang=5@ship"], 64, "unknown mode 'ship'"),
            (["flow", "--demand", "Vladivostok:Pyongyng=5"], 64, "Pyongyang"),
            (["flow", "--demand", "Vladivostok:Pyongyang=5", "--commodities", "fleet"], 64, "fleet"),
            (["flow", "--demand", "Vladivostok:Pyongyang=5", "--demand", "Harbin:Pyongyang=1@rail", "--commodities", "pooled"], 64,
             "pooled commodities cannot keep each pair's modes apart"),
            // Nothing deliverable: every pair named, exit 1.
            (["flow", "--demand", "Vladivostok:Pyongyang=500", "--demand", "Khabarovsk:Rajin=200", "--avoid-country", "CN",
              "--close", "Khasan-Tumangang"], 1,
             "nothing can be delivered with these restrictions: Vladivostok → Pyongyang (500 t/day), Khabarovsk → Rajin (200 t/day)"),
            // Not in full with --strict: the short pairs named.
            (["flow", "--demand", "Vladivostok:Pyongyang=50000", "--demand", "Vladivostok:Chongjin=10", "--avoid-country", "CN",
              "--strict"], 1, "unmet: Vladivostok → Pyongyang"),
        ]
        for (arguments, code, message) in cases {
            let r = try corridor(arguments + ["--quiet"])
            #expect(r.code == code, "\(arguments): \(r.code) \(r.stderr)")
            #expect(r.stderr.hasPrefix("corridor: ") && r.stderr.contains(message), "\(arguments): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(arguments): \(r.stderr)")
        }
    }

    @Test func scenarioFilesTakeDemandsAndCompareShowsLambdaPairsAndShadowPrices() throws {
        let s = try Scratch()
        let manifest = repositoryRoot.appendingPathComponent("GeoData/far-east/network.yaml").path
        let file = try s.write("od.yaml", """
            network: \(manifest)
            demands:
              - {from: Vladivostok, to: Pyongyang, tonnes_per_day: 9000}
              - {from: Harbin, to: Pyongyang, tonnes_per_day: 4000, modes: rail}
              - "Khabarovsk:Rajin=3000"
            analyses:
              flow: {commodities: od, single_track: shared}
              chokepoints: {top: 3}
            scenarios:
              - name: baseline
              - name: khasan-closed
                close: [Khasan-Tumangang]
              - name: fewer
                demands: ["Vladivostok:Pyongyang=1000"]
            """)
        let r = try corridor(["compare", file, "--quiet"])
        #expect(r.code == 0, "\(r.stderr)\(r.stdout)")
        #expect(r.stdout.contains(" λ "))
        #expect(r.stdout.contains("Delivered per OD pair (t/day):") && r.stdout.contains("Harbin → Pyongyang"))
        #expect(r.stdout.contains("Top shadow prices"))
        let json = try corridor(["compare", file, "--format", "json", "--quiet"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(root["scenarios"] as? [[String: Any]])
        #expect((rows[0]["od_pairs"] as? [Any])?.count == 3 && (rows[2]["od_pairs"] as? [Any])?.count == 1)
        #expect(rows[0]["concurrent_lambda"] is NSNumber)
        // Bad demand entries name their line and column.
        for (text, where_) in [("demands:\n  - {from: A, to: B}\n", "3:5"), ("demands: {A: 5}\n", "2:10"),
                               ("demands: [\"A-B=5\"]\n", "2:11"), ("demands:\n  - {from: A, to: B, tonnes: 5}\n", "3:22"),
                               ("analyses: {flow: {commodities: fleet}}\ndemands: [\"A:B=1\"]\n", "2:32")] {
            let bad = try s.write("bad.yaml", "network: \(manifest)\n\(text)scenarios:\n  - name: a\n")
            let e = try corridor(["compare", bad, "--quiet"])
            #expect(e.code == 65 && e.stderr.contains("bad.yaml:\(where_)"), "\(text): \(e.stderr)")
        }
    }
}
