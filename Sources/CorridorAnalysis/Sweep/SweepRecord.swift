import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// One unit's result: its axis values and what it measured (one NDJSON line of a part file).
public struct SweepRecord: Sendable, Equatable {
    /// The unit's number.
    public var unit: Int
    /// Scenario name; nil without a scenarios axis.
    public var scenario: String?
    /// `region:NAME` or `country:CODE`; nil without a deny axis.
    public var denial: String?
    /// Element ids failed together (empty: the reference unit); nil without a fail axis.
    public var failed: [String]?
    /// Sample number; nil without a samples axis.
    public var sample: Int?
    /// Throughput, cost, binding elements, λ.
    public var measure: SweepMeasure

    /// Memberwise initializer.
    public init(unit: Int, scenario: String?, denial: String?, failed: [String]?, sample: Int?, measure: SweepMeasure) {
        self.unit = unit; self.scenario = scenario; self.denial = denial; self.failed = failed; self.sample = sample
        self.measure = measure
    }
}

/// What every part of a sweep records besides its units (the first line of a part file): the sweep's identity and
/// everything `merge` needs to write its outputs without the sweep file.
public struct SweepHeader: Sendable, Equatable {
    /// One axis: its key, number of values and a description of them.
    public struct Axis: Sendable, Equatable {
        /// `scenarios`, `deny`, `fail` or `samples`.
        public var name: String
        /// Number of values.
        public var size: Int
        /// The values, described.
        public var detail: String
        /// Memberwise initializer.
        public init(name: String, size: Int, detail: String) { self.name = name; self.size = size; self.detail = detail }
    }
    /// The sweep's identity (`SweepIdentity.description`).
    public var sweep: String
    /// The sweep's title.
    public var title: String
    /// The network path as the task resolved it (merge opens it unless told otherwise; its checksum must match).
    public var network: String
    /// Number of units of the whole sweep.
    public var unitCount: Int
    /// This part's shard (not compared between parts).
    public var shard: SweepShard
    /// The axes present, in combination order.
    public var axes: [Axis]
    /// Origins and their supply.
    public var origins: [PlaceAmount]
    /// Destinations and their demand.
    public var destinations: [PlaceAmount]
    /// OD demands.
    public var demands: [SweepDemand]
    /// The baseline (no axis applied).
    public var baseline: SweepMeasure
    /// The fail axis's elements, in order.
    public var failElements: [String]
    /// Memberwise initializer.
    public init(sweep: String, title: String, network: String, unitCount: Int, shard: SweepShard, axes: [Axis],
                origins: [PlaceAmount], destinations: [PlaceAmount], demands: [SweepDemand], baseline: SweepMeasure,
                failElements: [String]) {
        self.sweep = sweep; self.title = title; self.network = network; self.unitCount = unitCount; self.shard = shard
        self.axes = axes; self.origins = origins; self.destinations = destinations; self.demands = demands
        self.baseline = baseline; self.failElements = failElements
    }

    /// Whether `other` describes the same sweep (everything but the shard and the network's path).
    public func sameSweep(as other: SweepHeader) -> Bool {
        var a = self, b = other
        a.shard = .whole; b.shard = .whole
        a.network = ""; b.network = ""
        return a == b
    }

    /// The network's checksum, from the identity (`<file hash>-<network checksum>`).
    public var networkChecksum: UInt64? {
        sweep.split(separator: "-").last.flatMap { UInt64($0, radix: 16) }
    }
}

/// Per-element statistics over all units of a sweep.
public struct SweepElementStatistics: Sendable, Equatable {
    /// `KIND:ID`.
    public var elementID: String
    /// What the element is.
    public var kind: ElementKind
    /// Crossing name, terminal place, line name, or site.
    public var name: String
    /// Network edges of the element, sorted (empty for a site).
    public var edges: [UInt32]
    /// Where it is drawn: the crossing or terminal point, the line's geometry, the site's place.
    public var geometry: [[LonLat]]
    /// Units in which it is part of the minimum cut.
    public var bindingCount: Int
    /// `bindingCount` / units.
    public var bindingShare: Double
    /// Units that fail it alone.
    public var aloneCount: Int
    /// Mean and largest throughput lost when it fails alone (against the unit's reference: same other axis values,
    /// nothing failed), thousandths of a t/day; nil without such units.
    public var lostAloneMean: Double?, lostAloneMax: Int64?
    /// Units that fail it with one other element.
    public var pairCount: Int
    /// Mean and largest throughput lost when it fails in a pair, thousandths of a t/day; nil without such units.
    public var lostPairMean: Double?, lostPairMax: Int64?
    /// The partner of its worst pair (ties: the lower unit).
    public var worstPartner: String?
}

/// Everything `merge` (and the unsharded sweep) writes, computed from the header and the complete, ordered records.
public struct SweepSummary: Sendable {
    /// The sweep.
    public var header: SweepHeader
    /// Every unit's record, by unit.
    public var records: [SweepRecord]
    /// Throughput lost against each unit's reference (same other axis values, nothing failed), thousandths of a
    /// t/day, by unit; nil without a fail axis.
    public var lost: [Int64]?
    /// The elements: the fail axis's, then any other that binds in some unit, by (kind, id); sorted by largest loss
    /// alone, then in pairs, then binding count, then id.
    public var elements: [SweepElementStatistics]

    /// Checks completeness (every unit exactly once) and computes the statistics.
    /// - Throws: `SweepError` (65) naming missing or duplicate units.
    public init(header: SweepHeader, records unordered: [(record: SweepRecord, source: String)], network: Network) throws(SweepError) {
        // The unit count comes from a part file: memory follows the records that are there, never the count
        // claimed (a header saying 10^12 units with three records is "missing", not an allocation).
        var slotOfUnit: [Int: Int] = [:]
        slotOfUnit.reserveCapacity(unordered.count)
        var duplicates: [String] = []
        var outside: [String] = []
        for (i, r) in unordered.enumerated() {
            let u = r.record.unit
            guard u >= 0, u < header.unitCount else { outside.append("\(u) (\(r.source))"); continue }
            if let j = slotOfUnit[u] { duplicates.append("\(u) (\(unordered[j].source), \(r.source))") } else { slotOfUnit[u] = i }
        }
        if !outside.isEmpty {
            throw SweepError("units outside 0..<\(header.unitCount): \(Self.listed(outside))")
        }
        if !duplicates.isEmpty {
            throw SweepError("duplicate units: \(Self.listed(duplicates))")
        }
        if slotOfUnit.count < header.unitCount {
            let missing = Self.missingRanges(present: slotOfUnit.keys.sorted(), count: header.unitCount)
            throw SweepError("missing \(header.unitCount - slotOfUnit.count) of \(header.unitCount) units: \(Self.listed(missing))")
        }
        let slots = (0..<header.unitCount).map { slotOfUnit[$0]! }
        self.header = header
        let records = slots.map { unordered[$0].record }
        self.records = records

        let hasFail = header.axes.contains { $0.name == "fail" }
        var lost: [Int64]?
        if hasFail {
            // The reference of a unit is the unit with the same other coordinates and failure set index 0.
            let sizes = ["scenarios", "deny", "fail", "samples"].map { key in header.axes.first { $0.name == key }?.size ?? 1 }
            let stride = sizes[3]
            lost = records.map { r in
                let f = (r.unit / stride) % sizes[2]
                let reference = r.unit - f * stride
                return records[reference].measure.throughputMilli - r.measure.throughputMilli
            }
        }
        self.lost = lost

        // Element universe: the fail axis's elements, then binding ones, by (kind, id).
        var ids = header.failElements
        var seen = Set(ids)
        for r in [header.baseline] + records.map(\.measure) {
            for b in r.binding where seen.insert(b).inserted { ids.append(b) }
        }
        for r in records { for f in r.failed ?? [] where seen.insert(f).inserted { ids.append(f) } }
        var binding: [String: Int] = [:]
        for r in records { for b in Set(r.measure.binding) { binding[b, default: 0] += 1 } }
        var alone: [String: [Int64]] = [:]
        var pairs: [String: [(lost: Int64, partner: String)]] = [:]
        if let lost {
            for r in records {
                guard let f = r.failed else { continue }
                if f.count == 1 { alone[f[0], default: []].append(lost[r.unit]) }
                if f.count == 2 {
                    pairs[f[0], default: []].append((lost[r.unit], f[1]))
                    pairs[f[1], default: []].append((lost[r.unit], f[0]))
                }
            }
        }
        let owners = ElementOwners(network: network)
        let count = max(records.count, 1)
        var out: [SweepElementStatistics] = []
        for id in ids {
            guard let (kind, index) = Self.parse(id) else { continue }
            var stats = SweepElementStatistics(elementID: id, kind: kind, name: "", edges: [], geometry: [],
                                               bindingCount: binding[id] ?? 0,
                                               bindingShare: Double(binding[id] ?? 0) / Double(count),
                                               aloneCount: 0, lostAloneMean: nil, lostAloneMax: nil, pairCount: 0,
                                               lostPairMean: nil, lostPairMax: nil, worstPartner: nil)
            switch kind {
            case .site:
                let o = header.origins.count
                let place = index < o ? header.origins[index].place : (index - o < header.destinations.count ? header.destinations[index - o].place : "")
                stats.name = index < o ? "supply of \(place)" : "demand of \(place)"
                if let p = try? network.places.place(named: place) { stats.geometry = [[p.location]] }
            case .crossing, .terminal, .edge, .node:
                let valid: Bool
                switch kind {
                case .crossing: valid = index < network.crossings.count
                case .terminal: valid = index < network.terminals.count
                case .node: valid = index < network.nodeCount
                default: valid = index < network.edgeCount
                }
                guard valid else { continue }
                stats.name = owners.name(kind: kind, id: index)
                stats.edges = owners.edges(kind: kind, id: index)
                if kind == .edge {
                    stats.geometry = [Array(network.edgeGeometry(index))]
                } else {
                    stats.geometry = [[owners.location(kind: kind, id: index)]]
                }
            }
            if let a = alone[id], !a.isEmpty {
                stats.aloneCount = a.count
                stats.lostAloneMean = a.reduce(0.0) { $0 + Double($1) } / Double(a.count)   // Double: no overflow on crafted parts
                stats.lostAloneMax = a.max()
            }
            if let p = pairs[id], !p.isEmpty {
                stats.pairCount = p.count
                stats.lostPairMean = p.reduce(0.0) { $0 + Double($1.lost) } / Double(p.count)
                let worst = p.max { $0.lost < $1.lost }!   // first of the largest: records are by unit
                let firstWorst = p.first { $0.lost == worst.lost }!
                stats.lostPairMax = worst.lost
                stats.worstPartner = firstWorst.partner
            }
            out.append(stats)
        }
        let order: [ElementKind: Int] = [.crossing: 0, .terminal: 1, .edge: 2, .node: 3, .site: 4]
        out.sort { a, b in
            let ka = (a.lostAloneMax ?? -1, a.lostPairMax ?? -1, a.bindingCount)
            let kb = (b.lostAloneMax ?? -1, b.lostPairMax ?? -1, b.bindingCount)
            if ka != kb { return ka > kb }
            let ia = Self.parse(a.elementID)!, ib = Self.parse(b.elementID)!
            return (order[ia.0]!, ia.1) < (order[ib.0]!, ib.1)
        }
        self.elements = out
    }

    /// `KIND:ID` → (kind, id).
    static func parse(_ id: String) -> (ElementKind, Int)? {
        let parts = id.split(separator: ":")
        guard parts.count == 2, let kind = ElementKind(rawValue: String(parts[0])), let i = Int(parts[1]), i >= 0 else { return nil }
        return (kind, i)
    }

    /// The ranges of 0..<count not in `present` (sorted, distinct, inside 0..<count), as runs `a–b`;
    /// O(present) whatever `count` is.
    static func missingRanges(present: [Int], count: Int) -> [String] {
        var out: [String] = []
        var next = 0
        for u in present + [count] {
            if u > next { out.append(u - 1 == next ? "\(next)" : "\(next)–\(u - 1)") }
            next = u + 1
        }
        return out
    }

    /// The first 20 items, then how many more.
    static func listed(_ items: [String]) -> String {
        items.count <= 20 ? items.joined(separator: ", ") : items.prefix(20).joined(separator: ", ") + " and \(items.count - 20) more"
    }
}
