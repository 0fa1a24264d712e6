import CorridorGeo
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Sweep files, unit numbering, shards, samples and the per-unit evaluation, on the two-corridor network of the
/// scenario tests (O → D over crossings X1 30 t/d and X2 50 t/d, and a 10 t/d road: 90 t/d in all).
@Suite("Sweeps") struct SweepTests {
    let network: Network
    init() throws { network = try ScenarioTestNetwork.build() }

    static func file(_ axes: String, extra: String = "") throws(ScenarioFileError) -> SweepFile {
        try SweepFile.parse("""
            network: unused.corridor
            origins: {O: 500}
            destinations: {D: 500}
            \(extra)axes:
            \(axes)
            """, path: "/tmp/sweep-test.yaml")
    }

    func plan(_ axes: String, extra: String = "") throws -> SweepPlan {
        try SweepPlan(file: try Self.file(axes, extra: extra), network: network, checksum: 7)
    }

    /// Throughput with the given edges closed, by a chokepoint run of its own (the brute-force check).
    func throughput(closing edges: [UInt32], restrictions: Restrictions = .none) throws -> Int64 {
        Int64((try chokepointThroughput(closing: edges, restrictions: restrictions) * 1000).rounded())
    }

    func chokepointThroughput(closing edges: [UInt32], restrictions: Restrictions) throws -> Double {
        var r = restrictions
        r.close += edges.map { "edge:\($0)" }
        return try FlowAnalyzer(network: network).chokepoints(ChokepointRequest(origins: [FlowSite(Endpoint(parsing: "O"), tonnesPerDay: 500)],
                                                                                destinations: [FlowSite(Endpoint(parsing: "D"), tonnesPerDay: 500)],
                                                                                restrictions: r, top: 0)).maxThroughputTonnesPerDay
    }

    @Test func failureSetsAreEverySubsetInLexicographicOrderAfterTheReference() throws {
        let p = try plan("  fail: {elements: all, k: [1, 2]}")
        #expect(p.baseline.throughputMilli == 90_000)
        let m = p.failElements.count
        #expect(m == 7, "two crossings and five line pieces carry flow: \(p.failElements.map(\.elementID))")
        #expect(p.failElements.prefix(2).map(\.kind) == [.crossing, .crossing])
        #expect(p.unitCount == 1 + m + m * (m - 1) / 2)
        var expected: [[Int]] = [[]] + (0..<m).map { [$0] }
        for a in 0..<m { for b in (a + 1)..<m { expected.append([a, b]) } }
        #expect((0..<p.unitCount).map { p.unit($0).failed! } == expected)
    }

    @Test func combinationUnrankingMatchesEnumeration() {
        for n in 0...9 {
            for k in 1...4 {
                var all: [[Int]] = []
                func extend(_ prefix: [Int], _ from: Int) {
                    if prefix.count == k { all.append(prefix); return }
                    guard from < n else { return }
                    for c in from..<n { extend(prefix + [c], c + 1) }
                }
                extend([], 0)
                #expect(SweepPlan.binomial(n, k) == all.count)
                for (r, subset) in all.enumerated() { #expect(SweepPlan.combination(rank: r, n: n, k: k) == subset) }
            }
        }
    }

    @Test func everyUnitMatchesItsOwnChokepointRunAndFailingMoreNeverHelps() throws {
        let p = try plan("  fail: {elements: all, k: [1, 2]}")
        var byFailed: [[String]: Int64] = [:]
        for u in 0..<p.unitCount {
            let r = p.evaluate(u)
            let edges = (r.failed ?? []).flatMap { id in p.failElements.first { $0.elementID == id }!.edges }
            #expect(r.measure.throughputMilli == (try throughput(closing: edges)), "unit \(u) \(r.failed ?? [])")
            byFailed[r.failed ?? []] = r.measure.throughputMilli
        }
        for (set, t) in byFailed where set.count == 2 {
            #expect(t <= byFailed[[set[0]]]! && t <= byFailed[[set[1]]]!)
        }
        // X1 alone loses its 30 t/d, X1 and X2 together leave the road's 10.
        let x1 = p.failElements[0].elementID, x2 = p.failElements[1].elementID
        #expect(byFailed[[x1]] == 60_000 && byFailed[[x2]] == 40_000 && byFailed[[x1, x2]] == 10_000)
    }

    @Test func axesCombineScenariosThenDenialsThenFailuresThenSamples() throws {
        let p = try plan("""
              scenarios:
                - name: base
                - name: x1-closed
                  close: [X1]
              deny: {regions: [R1, R2]}
              fail: {elements: crossings, k: 1}
              samples: 3
              seed: 11
            """)
        #expect(p.axisSizes == [2, 2, 3, 3])
        #expect(p.unitCount == 36)
        for id in 0..<p.unitCount {
            let u = p.unit(id)
            #expect(((u.scenario! * 2 + u.denial!) * 3 + (u.failed!.first.map { $0 + 1 } ?? 0)) * 3 + u.sample! == id)
        }
        // Scenario x1-closed, R2 denied: only the road is left (R1's rail is open but X1 is closed).
        let r = p.evaluate(((1 * 2 + 1) * 3 + 0) * 3 + 0)
        #expect(r.scenario == "x1-closed" && r.denial == "region:R2" && r.failed == [] && r.sample == 0)
    }

    @Test func samplesAreDeterministicPerIndexAndStayInTheirRanges() throws {
        let p = try plan("  samples: {count: 5, seed: 3}")
        let a = (0..<5).map { p.evaluate($0) }
        let b = (0..<5).reversed().map { p.evaluate($0) }.reversed()
        #expect(a == Array(b))
        var view = NetworkView(network: network)
        SweepSampling.apply(sample: 2, seed: 3, to: &view)
        let ranges = network.ranges
        for e in 0..<network.edgeCount {
            let c = Double(view.capacity(ofEdge: e))
            #expect(c >= ranges.capacityLow[e].rounded(.down) - 1 && c <= ranges.capacityHigh[e] + 1)
        }
        for _ in 0..<200 {
            let u = Double.random(in: 0..<1)
            let x = SweepSampling.triangular(low: 2, mode: 3, high: 7, u: u)
            #expect(x >= 2 && x <= 7)
        }
        #expect(SweepSampling.triangular(low: 5, mode: 5, high: 5, u: 0.3) == 5)
    }

    @Test func shardsPartitionTheUnits() throws {
        let p = try plan("  fail: {elements: all, k: 2}")
        var seen: [Int] = []
        for i in 0..<4 { seen += Array(p.units(of: SweepShard(index: i, count: 4))) }
        #expect(seen.sorted() == Array(0..<p.unitCount))
        #expect(try SweepShard.parse("2/5") == SweepShard(index: 2, count: 5))
        for bad in ["5/5", "0/0", "-1/3", "1", "a/b", "1/2/3"] {
            #expect(throws: SweepError.self) { try SweepShard.parse(bad) }
        }
        #expect(try SweepShard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"]) == SweepShard(index: 3, count: 4))
        #expect(try SweepShard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"]) == SweepShard(index: 3, count: 4))
        #expect(try SweepShard.fromEnvironment(["JOB_COMPLETION_INDEX": "1", "CORRIDOR_SHARD_COUNT": "2"]) == SweepShard(index: 1, count: 2))
        for env in [[:], ["JOB_COMPLETION_INDEX": "1"], ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"],
                    ["JOB_COMPLETION_INDEX": "0", "CORRIDOR_SHARD_COUNT": "0"]] {
            #expect(throws: SweepError.self) { try SweepShard.fromEnvironment(env) }
        }
    }

    @Test(arguments: [
        ("  fial: {k: 1}", 5, 3, "unknown key 'fial' in the sweep's axes (did you mean 'fail'?)"),
        ("  fail: {elements: bridges, k: 1}", 5, 20, "unknown element class 'bridges'"),
        ("  fail: {elements: all, k: 0}", 5, 28, "axes.fail.k '0' is out of range (expected a whole number in 1…16)"),
        ("  fail: {elements: all, k: 1.5}", 5, 28, "axes.fail.k '1.5'"),
        ("  fail: {elements: all}", 5, 9, "axes.fail needs 'k'"),
        ("  samples: 0", 5, 12, "the number of samples '0' is out of range"),
        ("  samples: {count: 1e20}", 5, 20, "the number of samples '1e20'"),
        ("  seed: 3", 5, 3, "'seed' seeds the 'samples' axis"),
        ("  deny: {provinces: all}", 5, 10, "unknown key 'provinces' in axes.deny"),
        ("  scenarios:\n    - name: a\n      clsoe: [X1]", 7, 7, "unknown key 'clsoe'"),
    ])
    func badSweepFilesNameTheirLineAndColumn(axes: String, line: Int, column: Int, message: String) {
        do {
            _ = try Self.file(axes)
            Issue.record("accepted: \(axes)")
        } catch {
            #expect(error.reason.contains(message), "\(error.description)")
            #expect((error.line, error.column) == (line, column), "\(error.description)")
            #expect(error.exitStatus == .dataError)
        }
    }

    /// Scenario and sweep files share one reader: the same message shape and exit status for each failure to read.
    @Test func unreadableScenarioAndSweepFilesFailAlike() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-read-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let latin1 = dir.appendingPathComponent("latin1.yaml").path
        try Data([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]).write(to: URL(fileURLWithPath: latin1))
        let cases: [(path: String, shape: String, noInput: Bool)] = [
            (dir.appendingPathComponent("missing.yaml").path, "cannot read KIND file (no such file)", true),
            (dir.path, "cannot read KIND file (a directory)", true),
            (latin1, "KIND file is not UTF-8 text", false),
        ]
        for (path, shape, noInput) in cases {
            for kind in ["scenario", "sweep"] {
                do {
                    if kind == "scenario" { _ = try ScenarioFile.load(path: path) } else { _ = try SweepFile.load(path: path) }
                    Issue.record("\(kind) accepted \(path)")
                } catch let error as ScenarioFileError {
                    #expect(error.reason == shape.replacingOccurrences(of: "KIND", with: kind), "\(error.description)")
                    #expect(error.exitStatus == (noInput ? .noInput : .dataError) && error.path == path)
                } catch {
                    Issue.record("\(kind): unexpected \(error)")
                }
            }
        }
    }

    @Test func planningErrorsNameTheAxis() throws {
        #expect(throws: SweepError.self) { try plan("  deny: {regions: [Atlantis]}") }
        do { _ = try plan("  deny: {regions: [Atlantis]}") } catch let e as SweepError {
            #expect(e.description.contains("Atlantis") && e.description.hasSuffix("/tmp/sweep-test.yaml:5:3"), "\(e.description)")
        }
        do { _ = try plan("  fail: {k: 1}", extra: "network_checksum: 00000000000000ff\n") } catch let e as SweepError {
            #expect(e.description.contains("does not match"), "\(e.description)")
        }
        #expect(throws: ScenarioFileError.self) { try plan("  scenarios:\n    - name: a\n      close: [Nowhere]") }
    }

    @Test func denyAllListsEveryRegionSorted() throws {
        let p = try plan("  deny: {regions: all, countries: all}")
        #expect(p.denials == [.region("K1"), .region("K2"), .region("R1"), .region("R2"), .country("KP"), .country("RU")])
        // Each denial measures what a chokepoint run with the same restriction measures.
        for (i, d) in p.denials.enumerated() {
            let r = p.evaluate(i)
            #expect(r.denial == d.label)
            #expect(r.measure.throughputMilli == (try throughput(closing: [], restrictions: SweepPlan.restrictions(d))), "\(d)")
        }
    }
}
