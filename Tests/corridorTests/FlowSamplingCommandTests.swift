import CorridorKit
import Foundation
import Testing

/// `corridor flow --samples N --seed S` (issue 14, part 3): deterministic bytes, every format, and percentiles and
/// binding shares that agree with samples evaluated one at a time through the library.
@Suite("flow --samples")
struct FlowSamplingCommandTests {
    static let manifest = repositoryRoot.appendingPathComponent("GeoData/far-east/network.yaml").path
    static let base = ["flow", "--network", manifest, "--from", "Vladivostok=20000", "--to", "Pyongyang=20000", "--quiet"]

    @Test func samplesAreDeterministicInEveryFormatAndAgreeWithOneByOneEvaluation() throws {
        let n = 8
        let a = try corridor(Self.base + ["--samples", "\(n)", "--seed", "4", "--format", "json"])
        #expect(a.code == 0, "\(a.stderr)")
        let b = try corridor(Self.base + ["--samples", "\(n)", "--seed", "4", "--format", "json"])
        #expect(a.stdout == b.stdout, "same seed, different bytes")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let u = try #require(root["uncertainty"] as? [String: Any])
        #expect((u["samples_count"] as? NSNumber)?.intValue == n && (u["seed"] as? NSNumber)?.intValue == 4)
        let p = try #require(u["throughput_tpd"] as? [String: NSNumber])
        let binding = try #require(u["binding"] as? [[String: Any]])

        // The samples one at a time: the same draws (the sampler's factors), each its own max flow and min cut.
        let net = try NetworkLoader.load(NetworkSpec(manifestPath: Self.manifest))
        let sampling = UncertaintySampling(network: net)
        let evaluator = try UnitEvaluator(analyzer: FlowAnalyzer(network: net),
                                          origins: [try FlowSite(parsing: "Vladivostok=20000", amountRequired: true)],
                                          destinations: [try FlowSite(parsing: "Pyongyang=20000", amountRequired: true)])
        let draws = sampling.uniforms(samples: n, seed: 4)
        var throughputs: [Double] = []
        var count: [String: Int] = [:]
        for i in 0..<n {
            let (capacity, cost) = sampling.factors(sample: i, uniforms: draws)
            let one = try evaluator.evaluate(capacityFactor: capacity, costFactor: cost, cost: true)
            throughputs.append(Double(one.throughputTonnesPerDay))
            for e in one.bindingElements { count[e.description, default: 0] += 1 }
            // A binding element of a minimum cut carries capacity the cut needs: removing it lowers this sample's
            // throughput (checked on a few samples; sites are capped at 20,000, so site limits are skipped).
            if i < 2 {
                for e in one.bindingElements.prefix(4) where e.kind != .site {
                    let without = try evaluator.evaluate(removing: [e], capacityFactor: capacity).throughputTonnesPerDay
                    #expect(without < one.throughputTonnesPerDay, "sample \(i): removing \(e) leaves \(without)")
                }
            }
        }
        let p50 = try #require(p["p50"]).doubleValue
        #expect(p50 >= throughputs.min()! && p50 <= throughputs.max()!)
        #expect(try #require(p["p10"]).doubleValue <= p50 && p50 <= (try #require(p["p90"]).doubleValue))
        #expect(throughputs.contains(p50), "nearest rank: P50 is one of the samples")
        // Shares in [0, 1], and exactly the one-by-one counts.
        var shares: [String: Double] = [:]
        for row in binding {
            let share = try #require(row["share"] as? NSNumber).doubleValue
            #expect(share > 0 && share <= 1)
            shares[try #require(row["element_id"] as? String)] = share
        }
        #expect(Set(shares.keys) == Set(count.keys))
        for (id, k) in count { #expect(abs((shares[id] ?? -1) - Double(k) / Double(n)) < 1e-4, "\(id)") }
        // JSON edges carry their element's share.
        let edges = try #require(root["edges"] as? [[String: Any]])
        #expect(!edges.isEmpty && edges.allSatisfy { ($0["binding_share"] as? NSNumber).map { (0...1).contains($0.doubleValue) } ?? false })

        // Text: the percentile lines; GeoJSON: the section in the query record and a share on every feature,
        // null without --samples.
        let text = try corridor(Self.base + ["--samples", "\(n)", "--seed", "4", "--format", "text"])
        #expect(text.code == 0 && text.stdout.contains("P10") && text.stdout.contains("Uncertainty: \(n) samples"), "\(text.stderr)")
        let geo = try corridor(Self.base + ["--samples", "\(n)", "--seed", "4", "--format", "geojson"])
        #expect(geo.code == 0, "\(geo.stderr)")
        #expect(geo.stdout.contains("\"uncertainty\""))
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(geo.stdout.utf8)) as? [String: Any])
        let features = try #require(doc["features"] as? [[String: Any]])
        let featureShares = features.compactMap { (($0["properties"] as? [String: Any])?["binding_share"] as? NSNumber)?.doubleValue }
        #expect(!features.isEmpty && featureShares.count == features.count && featureShares.contains { $0 > 0 })
        let plain = try corridor(Self.base + ["--format", "geojson"])
        #expect(plain.code == 0 && !plain.stdout.contains("\"uncertainty\"") && plain.stdout.contains("\"binding_share\":null"))
    }

    @Test func badSamplingInputIsOneLineExit64() throws {
        let cases: [[String]] = [
            Self.base + ["--samples", "0"], Self.base + ["--samples", "-2"], Self.base + ["--samples", "3", "--seed", "x"],
            Self.base + ["--samples", "3", "--seed", "1.5"],
            ["flow", "--network", Self.manifest, "--demand", "Vladivostok:Pyongyang=100", "--samples", "3", "--quiet"],
            Self.base + ["--samples", "3", "--single-track", "per-direction"],
        ]
        for c in cases {
            let r = try corridor(c)
            #expect(r.code == 64, "\(c): \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.hasPrefix("corridor: "), "\(c): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(c)")
        }
    }

    /// The sampler keeps single track shared by both directions, so every sampling command with a single-track
    /// setting refuses per-direction with samples (one guard, `SamplingOptions.check`), and runs without samples.
    @Test func everySamplingCommandRefusesPerDirectionSingleTrack() throws {
        let s = try Scratch()
        let file = try s.write("pd.yaml", """
            network: \(Self.manifest)
            origins: {Vladivostok: 20000}
            destinations: {Pyongyang: 20000}
            analyses:
              flow: {single_track: per-direction}
            scenarios:
              - name: a
            """)
        let sites = ["--network", Self.manifest, "--from", "Vladivostok", "--to", "Pyongyang", "--quiet"]
        let commands: [[String]] = [
            Self.base + ["--single-track", "per-direction", "--format", "json"],
            ["chokepoints"] + sites + ["--single-track", "per-direction", "--top", "0", "--format", "json"],
            ["compare", file, "--format", "json", "--quiet"],
        ]
        for c in commands {
            let plain = try corridor(c)
            #expect(plain.code == 0, "\(c): \(plain.stderr)")
            let r = try corridor(c + ["--samples", "2", "-o", s.path("never.json")])
            #expect(r.code == 64 && r.stderr.contains("keeps single track's capacity shared by both directions"), "\(c): \(r.code) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stdout.isEmpty, "\(c): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.path("never.json")), "\(c)")
        }
    }
}
