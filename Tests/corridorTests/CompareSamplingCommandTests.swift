import CorridorKit
import Foundation
import Testing

/// `corridor compare --samples N --seed S` and `analyses.samples`/`analyses.seed` (issue 14, part 3): deterministic
/// bytes, each scenario's summary equal to `chokepoints --samples` on that scenario's network, and bad input refused
/// before anything is written.
@Suite(.enabled(if: corridorBinary != nil, "corridor binary not built")) struct CompareSamplingCommandTests {
    static let sites = ["--from", "Vladivostok", "--from", "Khabarovsk", "--to", "Pyongyang", "--to", "Rajin"]

    /// A file whose only analysis is the sampling (6 samples, seed 3): the baseline and a denial.
    static func file(_ s: Scratch, _ name: String = "u.yaml", analyses: String = "  samples: 6\n  seed: 3") throws -> String {
        try s.write(name, """
            network: \(regionalManifest)
            origins: {Vladivostok: 20000, Khabarovsk: 10000}
            destinations: {Pyongyang: 15000, Rajin: 5000}
            analyses:
            \(analyses)
            scenarios:
              - name: baseline
              - name: northeast-denied
                deny_regions: [Heilongjiang, Jilin]
            """)
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func samplesAreDeterministicAndEqualChokepointsSamplesPerScenario() throws {
        let s = try Scratch()
        let file = try Self.file(s)
        let a = try corridor(["compare", file, "--format", "json", "--quiet"])
        #expect(a.code == 0, "\(a.stderr)")
        let b = try corridor(["compare", file, "--format", "json", "--quiet"])
        let sequential = try corridor(["compare", file, "--format", "json", "--quiet", "--sequential"])
        #expect(a.stdout == b.stdout && a.stdout == sequential.stdout, "same seed, different bytes")
        let scenarios = try #require(try Self.object(a.stdout)["scenarios"] as? [[String: Any]])
        #expect(scenarios.count == 2)
        let summaries = try scenarios.map { try #require($0["uncertainty"] as? [String: Any]) }

        // Each scenario's section is that of chokepoints --samples with the scenario's restriction, byte for byte
        // once parsed (the chokepoints' sites: unlimited).
        let peers = [[String](), ["--avoid-region", "Heilongjiang", "--avoid-region", "Jilin"]]
        for (summary, restriction) in zip(summaries, peers) {
            let peer = try corridor(["chokepoints", "--network", regionalManifest] + Self.sites + restriction
                                    + ["--samples", "6", "--seed", "3", "--format", "json", "--quiet", "--top", "0"])
            #expect(peer.code == 0, "\(peer.stderr)")
            let expected = try #require(try Self.object(peer.stdout)["uncertainty"] as? [String: Any])
            #expect(NSDictionary(dictionary: summary).isEqual(to: expected), "\(restriction)")
        }
        #expect((summaries[0]["samples_count"] as? NSNumber)?.intValue == 6 && (summaries[0]["seed"] as? NSNumber)?.intValue == 3)

        // The baseline's samples one at a time: P50 is one of them (nearest rank), between P10 and P90.
        let net = try NetworkLoader.load(NetworkSpec(manifestPath: regionalManifest))
        let sampling = UncertaintySampling(network: net)
        let evaluator = try UnitEvaluator(analyzer: FlowAnalyzer(network: net),
                                          origins: [FlowSite(Endpoint(parsing: "Vladivostok")), FlowSite(Endpoint(parsing: "Khabarovsk"))],
                                          destinations: [FlowSite(Endpoint(parsing: "Pyongyang")), FlowSite(Endpoint(parsing: "Rajin"))])
        let draws = sampling.uniforms(samples: 6, seed: 3)
        let throughputs = try (0..<6).map { i in
            Double(try evaluator.evaluate(capacityFactor: sampling.factors(sample: i, uniforms: draws).capacity).throughputTonnesPerDay)
        }
        let p = try #require(summaries[0]["throughput_tpd"] as? [String: NSNumber])
        let (p10, p50, p90) = (try #require(p["p10"]).doubleValue, try #require(p["p50"]).doubleValue, try #require(p["p90"]).doubleValue)
        #expect(throughputs.contains(p50) && p10 <= p50 && p50 <= p90, "\(throughputs) \(p)")
        // The same draws in both scenarios, and the denial only removes edges: every percentile is at most the
        // baseline's.
        let denied = try #require(summaries[1]["throughput_tpd"] as? [String: NSNumber])
        for key in ["p10", "p50", "p90"] {
            #expect(try #require(denied[key]).doubleValue <= (try #require(p[key]).doubleValue), "\(key)")
        }

        // The command line overrides the file: --samples and --seed, or --seed alone.
        let override = try Self.object(try corridor(["compare", file, "--format", "json", "--quiet", "--samples", "4", "--seed", "9"]).stdout)
        let o = try #require((override["scenarios"] as? [[String: Any]])?.first?["uncertainty"] as? [String: Any])
        #expect((o["samples_count"] as? NSNumber)?.intValue == 4 && (o["seed"] as? NSNumber)?.intValue == 9)
        let reseeded = try Self.object(try corridor(["compare", file, "--format", "json", "--quiet", "--seed", "9"]).stdout)
        let r = try #require((reseeded["scenarios"] as? [[String: Any]])?.first?["uncertainty"] as? [String: Any])
        #expect((r["samples_count"] as? NSNumber)?.intValue == 6 && (r["seed"] as? NSNumber)?.intValue == 9)

        // Text and CSV carry the percentiles; a file without samples gets them from --samples.
        let text = try corridor(["compare", file, "--quiet"])
        #expect(text.code == 0 && text.stdout.contains("max throughput P10 / P50 / P90 t/d (6 samples)")
                && text.stdout.contains(NumberFormat.grouped(p50, decimals: 0)), "\(text.stdout)")
        let csv = try corridor(["compare", file, "--format", "csv", "--quiet"])
        let header = csv.stdout.split(separator: "\n").first ?? ""
        #expect(header.hasSuffix(",throughput_p10_tpd,throughput_p50_tpd,throughput_p90_tpd,cost_p10_per_day,cost_p50_per_day,cost_p90_per_day,binding_shares"))
        let plain = try Self.file(s, "plain.yaml", analyses: "  chokepoints: {top: 1}")
        let none = try corridor(["compare", plain, "--format", "json", "--quiet"])
        #expect(none.code == 0 && !none.stdout.contains("\"uncertainty\""), "\(none.stderr)")
        let asked = try corridor(["compare", plain, "--format", "json", "--quiet", "--samples", "6", "--seed", "3"])
        let askedFirst = try #require((try Self.object(asked.stdout)["scenarios"] as? [[String: Any]])?.first?["uncertainty"] as? [String: Any])
        #expect(NSDictionary(dictionary: askedFirst).isEqual(to: summaries[0]))
    }

    @Test func badSamplingInputIsOneLineAndWritesNothing() throws {
        let s = try Scratch()
        let file = try Self.file(s)
        let perDirection = try Self.file(s, "pd.yaml", analyses: "  flow: {single_track: per-direction}")
        // Command line: exit 64.
        for args in [[file, "--samples", "0"], [file, "--samples", "-2"], [file, "--samples", "2", "--seed", "x"],
                     [file, "--samples", "2", "--seed", "1.5"], [perDirection, "--samples", "2"]] {
            let r = try corridor(["compare"] + args + ["-o", s.path("never"), "--quiet"])
            #expect(r.code == 64, "\(args): \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("corridor: ") && r.stdout.isEmpty, "\(args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.path("never")))
        }
        // The scenario file: bad data (exit 65, as every scenario-file value), with the line and column.
        let cases: [(String, String)] = [
            ("  samples: 0", "bad.yaml:5:12"), ("  samples: 2.5", "bad.yaml:5:12"), ("  samples: 2\n  seed: x", "bad.yaml:6:9"),
            ("  samples: 2\n  seed: 1.5", "bad.yaml:6:9"), ("  samples: 2\n  seed: -1", "bad.yaml:6:9"), ("  seed: 4", "bad.yaml:5:3"),
            ("  flow: {single_track: per-direction}\n  samples: 2", "bad.yaml:6:3"),
        ]
        for (analyses, position) in cases {
            let bad = try Self.file(s, "bad.yaml", analyses: analyses)
            let r = try corridor(["compare", bad, "-o", s.path("never"), "--quiet"])
            #expect(r.code == 65, "\(analyses): \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasSuffix("\(position)\n") && r.stdout.isEmpty,
                    "\(analyses): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.path("never")))
        }
    }
}
