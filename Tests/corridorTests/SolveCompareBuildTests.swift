import CorridorGraph
import CorridorKit
import Foundation
import Testing

/// The repository root, from this file's location.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let regionalScenarios = repositoryRoot.appendingPathComponent("GeoData/scenarios/far-east.yaml").path

@Suite(.enabled(if: corridorBinary != nil, "corridor binary not built")) struct SolveCommandTests {
    /// A random DIMACS shortest-path instance and its distances from node 1 by Bellman–Ford.
    static func instance(seed: UInt64) -> (text: String, distances: [Int64?]) {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let n = 2 + next(40), m = next(4 * n)
        var arcs: [(Int, Int, Int64)] = []
        for _ in 0..<m { arcs.append((next(n), next(n), Int64(next(100)))) }
        var text = "c random\np sp \(n) \(m)\n"
        for (u, v, w) in arcs { text += "a \(u + 1) \(v + 1) \(w)\n" }
        var dist = [Int64?](repeating: nil, count: n)
        dist[0] = 0
        for _ in 0..<n {
            for (u, v, w) in arcs { if let du = dist[u], dist[v] == nil || du + w < dist[v]! { dist[v] = du + w } }
        }
        return (text, dist)
    }

    @Test func shortestPathDistancesMatchBellmanFord() throws {
        let s = try Scratch()
        for seed in 1...30 as ClosedRange<UInt64> {
            let (text, expected) = Self.instance(seed: seed)
            let file = try s.write("g\(seed).gr", text)
            let r = try corridor(["solve", file])
            #expect(r.code == 0, "\(r.stderr)")
            let got = r.stdout.split(separator: "\n").map { $0.split(separator: " ") }
            let want = expected.enumerated().compactMap { v, d in d.map { "d \(v + 1) \($0)" } }
            #expect(got.map { $0.joined(separator: " ") } == want, "seed \(seed)")
        }
    }

    @Test func pairsGiveOneDistanceLinePerPairWithEitherMethod() throws {
        let s = try Scratch()
        for seed in 31...45 as ClosedRange<UInt64> {
            let (text, expected) = Self.instance(seed: seed)
            let file = try s.write("p\(seed).gr", text)
            // Every node from node 1 (Bellman–Ford's answers), then random pairs compared across methods.
            var pairs = "c from node 1\n\n" + expected.indices.map { "1 \($0 + 1)" }.joined(separator: "\n") + "\n"
            var state = seed
            for _ in 0..<60 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let a = Int(state >> 33) % expected.count, b = Int(state >> 13) % expected.count
                pairs += "\(a + 1)\t\(b + 1)\r\n"
            }
            let pairsFile = try s.write("p\(seed).pairs", pairs)
            let want = expected.map { d in d.map { "s \($0)" } ?? "s inf" }
            var outputs: [String] = []
            for method in ["cch", "dijkstra", "auto"] {
                let r = try corridor(["solve", file, "--pairs", pairsFile, "--method", method])
                #expect(r.code == 0, "\(r.stderr)")
                let lines = r.stdout.split(separator: "\n").map(String.init)
                #expect(lines.count == expected.count + 60 && Array(lines.prefix(expected.count)) == want, "seed \(seed) \(method)")
                outputs.append(r.stdout)
            }
            #expect(Set(outputs).count == 1, "methods disagree on seed \(seed)")
        }
        let (text, _) = Self.instance(seed: 3)
        let file = try s.write("t.gr", text)
        let one = try s.write("one.pairs", "1 2\n2 1\n")
        let timed = try corridor(["solve", file, "--pairs", one, "--method", "cch", "--timing", "--flows"])
        #expect(timed.code == 0 && timed.stderr.contains("customization") && timed.stderr.contains("2 queries (cch): median"),
                "\(timed.stderr)")
        // Bad input: a malformed line and an out-of-range node name the line; a missing file; a bad method.
        let bad = try s.write("bad.pairs", "1 2\n1 x\n")
        let r1 = try corridor(["solve", file, "--pairs", bad])
        #expect(r1.code == 65 && r1.stderr.contains("bad.pairs:2") && r1.stdout.isEmpty, "\(r1.stderr)")
        let far = try s.write("far.pairs", "1 2\n\n1 99999\n")
        let r2 = try corridor(["solve", file, "--pairs", far])
        #expect(r2.code == 65 && r2.stderr.contains("far.pairs:3") && r2.stderr.contains("out of range"), "\(r2.stderr)")
        let r3 = try corridor(["solve", file, "--pairs", s.path("none.pairs")])
        #expect(r3.code == 66 && r3.stderr.contains("none.pairs"))
        let r4 = try corridor(["solve", file, "--pairs", one, "--method", "fast"])
        #expect(r4.code == 64 && r4.stderr.contains("--method"))
        let r5 = try corridor(["solve", file, "--pairs", one, "--target", "2"])
        #expect(r5.code == 64)
    }

    @Test func minCostAndMaxFlowFromStandardInput() throws {
        // Two parallel paths 1→2→4 (cap 3, cost 1+1) and 1→3→4 (cap 5, cost 2+2); 6 units must ship.
        let min = "p min 4 4\nn 1 6\nn 4 -6\na 1 2 0 3 1\na 2 4 0 3 1\na 1 3 0 5 2\na 3 4 0 5 2\n"
        let r = try corridor(["solve", "-", "--problem", "min"], input: Data(min.utf8))
        #expect(r.code == 0 && r.stdout.hasPrefix("s 18\n"), "\(r.stdout) \(r.stderr)")
        for algorithm in ["network-simplex", "cost-scaling"] {
            let forced = try corridor(["solve", "-", "--problem", "min", "--algorithm", algorithm], input: Data(min.utf8))
            #expect(forced.code == 0 && forced.stdout.hasPrefix("s 18\n"), "\(algorithm): \(forced.stdout) \(forced.stderr)")
        }
        let unknown = try corridor(["solve", "-", "--problem", "min", "--algorithm", "simplex"], input: Data(min.utf8))
        #expect(unknown.code == 64 && unknown.stderr.contains("--algorithm"), "\(unknown.stderr)")
        let max = "p max 4 4\nn 1 s\nn 4 t\na 1 2 3\na 2 4 3\na 1 3 5\na 3 4 4\n"
        let m = try corridor(["solve", "-", "--problem", "max", "--flows"], input: Data(max.utf8))
        #expect(m.code == 0 && m.stdout.hasPrefix("s 7\n"), "\(m.stdout) \(m.stderr)")
    }

    @Test func malformedAndMissingInputsNameTheLine() throws {
        let s = try Scratch()
        let bad = try s.write("bad.min", "p min 2 1\nn 1 1\na 1 x 0 1 1\n")
        let r = try corridor(["solve", bad])
        #expect(r.code == 65)
        #expect(r.stderr.hasPrefix("corridor: ") && r.stderr.contains("bad.min:3"), "\(r.stderr)")
        let missing = try corridor(["solve", s.path("nothing.max")])
        #expect(missing.code == 66 && missing.stderr.contains("nothing.max"))
        let infeasible = try corridor(["solve", "-", "--problem", "min"], input: Data("p min 2 1\nn 1 5\nn 2 -5\na 1 2 0 3 1\n".utf8))
        #expect(infeasible.code == 1 && infeasible.stderr.contains("infeasible"))
    }

    @Test func benchInstancesSolveToTheirPublishedOptimum() throws {
        let bench = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/bench")
        let cases = [("mincostflow/netgen_8_08a.min.xz", "s 142274536"), ("maxflow/genrmf_long_12.max.xz", "s 257438")]
        for (file, expected) in cases {
            let path = bench.appendingPathComponent(file).path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let r = try corridor(["solve", path])
            #expect(r.code == 0 && r.stdout.hasPrefix(expected + "\n"), "\(file): \(r.stdout.prefix(40)) \(r.stderr)")
        }
    }
}

@Suite(.enabled(if: corridorBinary != nil && FileManager.default.fileExists(atPath: regionalScenarios), "binary or regional data missing"))
struct CompareAndBuildCommandTests {
    @Test func compareRunsTheRegionalScenariosDeterministically() throws {
        let s = try Scratch()
        let a = try corridor(["compare", regionalScenarios, "-o", s.path("a"), "--quiet"])
        let b = try corridor(["compare", regionalScenarios, "-o", s.path("b"), "--quiet", "--sequential"])
        #expect(a.code == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        let names = try FileManager.default.contentsOfDirectory(atPath: s.path("a")).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: s.path("b")).sorted()))
        for n in names {
            #expect(FileManager.default.contents(atPath: s.path("a/\(n)")) == FileManager.default.contents(atPath: s.path("b/\(n)")), "\(n)")
        }
        // Region facts the table must show: denying China cannot raise throughput, and closing Khasan–Tumangang
        // with China denied cuts Russia off from North Korea.
        let json = try corridor(["compare", regionalScenarios, "--format", "json", "--quiet"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(root["scenarios"] as? [[String: Any]])
        func value(_ scenario: String, _ key: String) -> Double? {
            (rows.first { $0["scenario"] as? String == scenario }?[key] as? NSNumber)?.doubleValue
        }
        let base = try #require(value("baseline", "max_throughput_tpd"))
        let denied = try #require(value("china-transit-denied", "max_throughput_tpd"))
        #expect(denied <= base && denied > 0)
        #expect(value("china-denied-and-khasan-closed", "max_throughput_tpd") == 0)
        #expect(value("china-denied-and-khasan-closed", "delivered_tpd") == 0)
        let cut = rows.first { $0["scenario"] as? String == "china-transit-denied" }?["binding_chokepoints"] as? [String]
        // The bridge, or the line piece up to it when that piece has the same capacity (both carry the Khasan–Rajin
        // line's 5 Mt/yr design, GeoData/far-east/source/network.yaml): the minimum cut is then not unique.
        #expect(cut?.contains { $0.contains("Khasan-Tumangang") } == true, "\(cut ?? [])")
    }

    @Test func aFailingScenarioExitsNonZeroWhileTheOthersComplete() throws {
        let s = try Scratch()
        let manifest = repositoryRoot.appendingPathComponent("GeoData/far-east/network.yaml").path
        let file = try s.write("s.yaml", """
            network: \(manifest)
            origins: {Vladivostok: 1000}
            destinations: {Pyongyang: 1000}
            analyses: {flow: true}
            scenarios:
              - name: baseline
              - name: typo
                close: [Khasan-Tumangan]
            """)
        let r = try corridor(["compare", file, "--quiet"])
        #expect(r.code == 1)
        #expect(r.stdout.contains("baseline") && r.stdout.contains("Failed scenarios"))
        #expect(r.stdout.contains("s.yaml:8:5") && r.stdout.contains("did you mean 'Khasan-Tumangang'"), "\(r.stdout)")
        let bad = try s.write("bad.yaml", "network: x.yaml\nscenarios:\n  - name: a\n    clos: [X]\n")
        let e = try corridor(["compare", bad])
        #expect(e.code == 65 && e.stderr.contains("bad.yaml:4:5"), "\(e.stderr)")
    }

    @Test func buildWritesACacheThatEveryCommandOpens() throws {
        let s = try Scratch()
        let cache = s.path("far-east.corridor")
        let b = try corridor(["build", "-o", cache, "--quiet"])
        #expect(b.code == 0, "\(b.stderr)")
        let fromCache = try corridor(["route", "--network", cache, "--from", "Vladivostok", "--to", "Pyongyang", "--mode", "rail", "--format", "json"])
        let fromSource = try corridor(["route", "--from", "Vladivostok", "--to", "Pyongyang", "--mode", "rail", "--format", "json"])
        #expect(fromCache.code == 0 && fromCache.stdout == fromSource.stdout)
        let info = try corridor(["info", "--network", cache])
        let infoFromSource = try corridor(["info"])
        #expect(info.code == 0 && info.stdout == infoFromSource.stdout)
        // A truncated cache is one clear line and exit 65, never a crash.
        let bytes = try #require(FileManager.default.contents(atPath: cache))
        let truncated = s.path("cut.corridor")
        FileManager.default.createFile(atPath: truncated, contents: bytes.prefix(bytes.count / 3))
        let t = try corridor(["info", "--network", truncated])
        #expect(t.code == 65 && t.stderr.contains("truncated") && t.stderr.hasSuffix("cut.corridor\n"), "\(t.stderr)")
    }
}

@Suite(.enabled(if: corridorBinary != nil && FileManager.default.fileExists(atPath: regionalScenarios), "binary or regional data missing"))
struct ExportDIMACSTests {
    /// The regional max-flow problem exported as DIMACS gives the same throughput through `corridor solve`, through
    /// an independent solver (OR-Tools or NetworkX, when installed), and through `corridor chokepoints`.
    @Test func regionalThroughputAgreesAcrossSolvers() throws {
        let s = try Scratch()
        for restriction in [[], ["--avoid-country", "CN"]] {
            let sites = ["--from", "Vladivostok", "--from", "Ussuriysk", "--from", "Khabarovsk", "--to", "Pyongyang"]
            let file = s.path("fe\(restriction.count).max")
            let export = try corridor(["export", "--dimacs", file, "--dimacs-kind", "max", "--quiet"] + sites + restriction)
            #expect(export.code == 0, "\(export.stderr)")
            let solved = try corridor(["solve", file])
            let chokepoints = try corridor(["chokepoints", "--format", "json", "--top", "0", "--quiet"] + sites + restriction)
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(chokepoints.stdout.utf8)) as? [String: Any])
            let throughput = try #require((summary["max_throughput_tpd"] as? NSNumber)?.intValue)
            #expect(solved.stdout == "s \(throughput)\n")
            let peer = Process()
            peer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            peer.arguments = ["python3", repositoryRoot.appendingPathComponent("Tools/crosscheck/flows.py").path, file]
            let out = Pipe()
            peer.standardOutput = out
            peer.standardError = Pipe()
            try peer.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            peer.waitUntilExit()
            if peer.terminationStatus == 3 { print("skipping peer check: neither OR-Tools nor NetworkX installed"); continue }
            #expect(peer.terminationStatus == 0 && text == "s \(throughput)\n", "peer said \(text)")
        }
    }
}

@Suite(.enabled(if: corridorBinary != nil, "corridor binary not built")) struct SourceSyntaxTests {
    @Test func aBadModeSuffixIsAUsageErrorNotAMissingFile() throws {
        let s = try Scratch()
        let roads = try writeRoads(s)
        let r = try corridor(["info", "--network", roads + ":ship"])
        #expect(r.code == 64)
        #expect(r.stderr == "corridor: unknown mode 'ship' in '\(roads):ship' (a source is PATH[:road|rail][@LAYER])\n", "\(r.stderr)")
        let ok = try corridor(["info", "--network", roads + ":road", "--quiet"])
        #expect(ok.code == 0, "\(ok.stderr)")
    }
}
