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
        let text = try corridor(Self.base + ["--budget", "2"])
        #expect(text.code == 0 && text.stdout.contains("Resilience curve") && text.stdout.contains("heuristic"))
        // Deterministic.
        #expect(try corridor(Self.base + ["--budget", "2", "--format", "json"]).stdout == json.stdout)
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
        let i = try corridor(Self.base + ["--budget", "1", "--samples", "10", "--seed", "3"])
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
