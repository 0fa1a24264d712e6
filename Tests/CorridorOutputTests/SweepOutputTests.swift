import CorridorGeo
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorOutput

/// Part files read back exactly, and merging shards (in any order) writes the same bytes as the whole sweep, on the
/// regional network (skipped without it).
@Suite(.enabled(if: RegionalData.available, "regional network missing")) struct SweepOutputTests {
    static let network: Network? = try? NetworkLoader.load(NetworkSpec(manifestPath: RegionalData.manifest))

    static func plan() throws -> SweepPlan {
        let file = try SweepFile.parse("""
            network: unused.corridor
            origins: {Vladivostok: 20000, Khabarovsk: 10000}
            destinations: {Pyongyang: 15000, Chongjin: 8000}
            demands:
              - {from: Vladivostok, to: Pyongyang, tonnes_per_day: 15000}
            axes:
              deny: {regions: [Jilin, Primorsky Krai]}
              fail: {elements: crossings, k: [1, 2]}
              samples: {count: 2, seed: 9}
            """, path: "/tmp/sweep-output-test.yaml")
        let network = try #require(network)
        return try SweepPlan(file: file, network: network, checksum: try NetworkCache.fingerprint(of: network))
    }

    static func records(_ p: SweepPlan, _ shard: SweepShard) -> [SweepRecord] {
        var out: [SweepRecord] = []
        p.run(shard, threads: 2, deliver: { out += $0 })
        return out
    }

    @Test func partsReadBackExactly() throws {
        let p = try Self.plan()
        let records = Self.records(p, SweepShard(index: 1, count: 3))
        #expect(!records.isEmpty && records.map(\.unit) == Array(p.units(of: SweepShard(index: 1, count: 3))))
        #expect(records.contains { $0.measure.lambdaMicro != nil && $0.measure.lambdaMicro! > 0 })
        let header = p.header(shard: SweepShard(index: 1, count: 3))
        let text = SweepPartFile.text(header: header, records: records)
        let parsed = try SweepPartFile.parse(Data(text.utf8), path: "part.ndjson")
        #expect(parsed.header == header)
        #expect(parsed.records == records)
        #expect(SweepPartFile.text(header: parsed.header, records: parsed.records) == text)
    }

    @Test func mergedShardsWriteTheBytesOfTheWholeSweepInAnyOrder() throws {
        let p = try Self.plan()
        let network = try #require(Self.network)
        func files(_ parts: [(SweepHeader, [SweepRecord])]) throws -> [String] {
            var all: [(record: SweepRecord, source: String)] = []
            for (i, (h, r)) in parts.enumerated() {
                let parsed = try SweepPartFile.parse(Data(SweepPartFile.text(header: h, records: r).utf8), path: "p\(i)")
                all += parsed.records.map { ($0, "p\(i)") }
            }
            var header = parts[0].0
            header.shard = .whole
            return SweepOutput.files(try SweepSummary(header: header, records: all, network: network), network: network).map(\.text)
        }
        let whole = try files([(p.header(shard: .whole), Self.records(p, .whole))])
        let shards = (0..<4).map { i in (p.header(shard: SweepShard(index: i, count: 4)), Self.records(p, SweepShard(index: i, count: 4))) }
        #expect(try files(shards.reversed()) == whole)
        #expect(try files([shards[2], shards[0], shards[3], shards[1]]) == whole)
        // The GeoJSON is valid JSON with one feature per element that has a place.
        let geojson = try #require(try JSONSerialization.jsonObject(with: Data(whole[3].utf8)) as? [String: Any])
        let features = try #require(geojson["features"] as? [[String: Any]])
        #expect(!features.isEmpty)
        #expect(features.allSatisfy { ($0["properties"] as? [String: Any])?["feature"] as? String == "element" })
    }

    @Test func mergeNamesMissingAndDuplicateUnits() throws {
        let p = try Self.plan()
        let network = try #require(Self.network)
        let a = Self.records(p, SweepShard(index: 0, count: 2)), b = Self.records(p, SweepShard(index: 1, count: 2))
        let header = p.header(shard: .whole)
        do {
            _ = try SweepSummary(header: header, records: a.map { ($0, "a") } + b.dropLast(3).map { ($0, "b") }, network: network)
            Issue.record("missing units accepted")
        } catch {
            let last = b.suffix(3).map { String($0.unit) }
            #expect(error.description.hasPrefix("missing 3 of \(p.unitCount) units: ") && last.allSatisfy(error.description.contains), "\(error)")
            #expect(error.exitStatus == .dataError)
        }
        do {
            _ = try SweepSummary(header: header, records: (a + b + [b[0]]).map { ($0, "x") }, network: network)
            Issue.record("duplicate unit accepted")
        } catch {
            #expect(error.description.hasPrefix("duplicate units: \(b[0].unit) "), "\(error)")
        }
    }

    @Test func badPartsAreOneLine() {
        for (text, message) in [("", "empty sweep part"), ("{\"unit\":1}\n", "not a sweep part"), ("not json\n", "not a JSON object"),
                                ("{\"corridor_sweep\":1}\n", "sweep part member")] {
            do {
                _ = try SweepPartFile.parse(Data(text.utf8), path: "p.ndjson")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.description.contains(message) && !error.description.contains("\n"), "\(error)")
            }
        }
    }
}
