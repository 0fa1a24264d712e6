import Foundation
import Testing
import Yams
import CorridorKit
import CorridorTestSupport
@testable import CorridorLoad

/// Every number of the Far East data has a source or a range with its reasoning (issue 12), read from the
/// authored files (GeoData/far-east/source/*.yaml), and the ranges reach the built network.
@Suite("GeoData: provenance of every parameter")
struct GeoDataProvenanceTests {
    static let sourceDir = RegionalData.root.appendingPathComponent("GeoData/far-east/source")
    static let available = FileManager.default.fileExists(atPath: sourceDir.appendingPathComponent("sources.yaml").path)
    /// Keys whose value is a parameter of the model (capacity, speed, dwell/transshipment time, cost).
    static let parameterKeys: Set<String> = ["capacity_tpd", "speed_kmh", "delay_h", "cost"]

    static func load(_ name: String) throws -> Any {
        let text = try String(contentsOf: sourceDir.appendingPathComponent(name), encoding: .utf8)
        return try #require(try Yams.load(yaml: text))   // resolves the files' YAML anchors (`defs:`)
    }

    static func number(_ x: Any?) -> Double? { (x as? NSNumber)?.doubleValue }

    /// Problems with one parameter value: empty when it is cited (`value` + known `source` + `conversion`) or an
    /// assumption (`base`, `low`, `high`, `assumption`), with low <= base <= high.
    static func problems(_ value: Any, at path: String, sources: [String: Any]) -> [String] {
        guard let q = value as? [String: Any] else { return ["\(path): a bare number (\(value)) with neither source nor range"] }
        var found: [String] = []
        let base: Double?
        let ids: [String] = (q["source"] as? String).map { [$0] } ?? (q["source"] as? [String] ?? [])
        for id in ids {
            guard let s = sources[id] as? [String: Any] else { found.append("\(path): unknown source '\(id)'"); continue }
            for key in ["title", "url", "quote"] where ((s[key] as? String) ?? "").isEmpty {
                found.append("\(path): source '\(id)' has no \(key)")
            }
        }
        func sentence(_ key: String) -> Bool { ((q[key] as? String) ?? "").split(separator: " ").count >= 3 }
        if let v = number(q["value"]) {
            base = v
            if ids.isEmpty { found.append("\(path): a value without a source") }
            if !sentence("conversion") { found.append("\(path): cited without how it converts") }
        } else if let b = number(q["base"]) {
            base = b
            if number(q["low"]) == nil || number(q["high"]) == nil { found.append("\(path): an assumption needs low and high") }
            // Its reasoning: `assumption`, or a cited bound (`source` + `conversion` saying what the source bounds).
            if !sentence("assumption") && !(!ids.isEmpty && sentence("conversion")) {
                found.append("\(path): an assumption needs its reasoning")
            }
        } else {
            return ["\(path): neither value (cited) nor base (assumption)"]
        }
        if let base, let low = number(q["low"]) ?? base as Double?, let high = number(q["high"]) ?? base as Double? {
            if !(low <= base && base <= high) { found.append("\(path): needs low <= base <= high (\(low), \(base), \(high))") }
        }
        return found
    }

    /// All parameter values under `node` (lines, stops' changes, crossings, terminals, class defaults, per-km costs).
    static func parameters(_ node: Any, _ path: String, into out: inout [(String, Any)]) {
        if let map = node as? [String: Any] {
            for (key, value) in map.sorted(by: { $0.key < $1.key }) {
                if key == "fields" || key == "defs" { continue }   // field names; anchors are checked where used
                if parameterKeys.contains(key) || path.hasSuffix(".per_km") { out.append(("\(path).\(key)", value)) }
                else { parameters(value, "\(path).\(key)", into: &out) }
            }
        } else if let list = node as? [Any] {
            for (i, x) in list.enumerated() { parameters(x, "\(path)[\(i)]", into: &out) }
        }
    }

    @Test(.enabled(if: available)) func everyParameterIsCitedOrARangeWithReasoning() throws {
        let sources = try #require((try Self.load("sources.yaml") as? [String: Any])?["sources"] as? [String: Any])
        var all: [(String, Any)] = []
        for file in ["rail.yaml", "road.yaml", "network.yaml", "profile.yaml"] {
            Self.parameters(try Self.load(file), file, into: &all)
        }
        let problems = all.flatMap { Self.problems($0.1, at: $0.0, sources: sources) }
        #expect(problems.isEmpty, "\(problems.count) uncited parameters:\n\(problems.prefix(20).joined(separator: "\n"))")
        // Every kind of parameter is present, so a file that stopped being read would not pass silently.
        for key in Self.parameterKeys { #expect(all.contains { $0.0.hasSuffix(".\(key)") }, "no \(key) found") }
        #expect(all.count > 200)
    }

    /// The checker itself: a bare number, a base without range or reasoning, and an unknown source all fail.
    @Test func uncitedShapesAreCaught() {
        let sources: [String: Any] = ["s": ["title": "T", "url": "https://example.org", "quote": "5 Mt"]]
        #expect(!Self.problems(12000, at: "x", sources: sources).isEmpty)
        #expect(!Self.problems(["base": 12000], at: "x", sources: sources).isEmpty)
        #expect(!Self.problems(["base": 12000, "low": 8000, "high": 15000], at: "x", sources: sources).isEmpty)
        #expect(!Self.problems(["base": 20000, "low": 8000, "high": 15000, "assumption": "a guess for this test"], at: "x", sources: sources).isEmpty)
        #expect(!Self.problems(["value": 13700, "source": "nope", "conversion": "5 Mt / 365"], at: "x", sources: sources).isEmpty)
        #expect(!Self.problems(["value": 13700, "source": "s"], at: "x", sources: sources).isEmpty)
        #expect(Self.problems(["value": 13700, "source": "s", "conversion": "5 Mt/yr / 365"], at: "x", sources: sources).isEmpty)
        #expect(Self.problems(["base": 12000, "low": 8000, "high": 15000, "assumption": "a guess for this test"], at: "x", sources: sources).isEmpty)
    }

    /// The authored ranges of crossings reach the network built from the generated manifest.
    @Test(.enabled(if: available && RegionalData.available)) func crossingRangesReachTheNetwork() throws {
        let source = try #require((try Self.load("network.yaml") as? [String: Any])?["crossings"] as? [[String: Any]])
        let n = try NetworkLoader.load(NetworkSpec(manifestPath: RegionalData.manifest))
        var withRange = 0
        for entry in source {
            let name = try #require(entry["name"] as? String)
            let crossing = try #require(n.crossings.first { $0.name == name }, "\(name)")
            let q = try #require(entry["capacity_tpd"] as? [String: Any])
            let base = try #require(Self.number(q["value"] ?? q["base"]))
            let low = Self.number(q["low"]) ?? base, high = Self.number(q["high"]) ?? base
            #expect(Double(crossing.capacityTonnesPerDay) == base.rounded(), "\(name)")
            for e in crossing.edges.map(Int.init) {
                #expect(n.ranges.capacityLow[e] == low && n.ranges.capacityHigh[e] == high, "\(name)")
            }
            if low < high { withRange += 1 }
        }
        #expect(withRange > 5)
    }
}
