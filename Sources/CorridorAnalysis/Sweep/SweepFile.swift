import CorridorCore
import CorridorNetwork
import CorridorYAML
import Foundation
import Yams

/// One origin–destination demand of a sweep (`demands:`): what the maximum concurrent flow λ is measured against.
public struct SweepDemand: Sendable, Equatable {
    /// Origin place.
    public var from: String
    /// Destination place.
    public var to: String
    /// Demand, tonnes per day (> 0).
    public var tonnesPerDay: Int64
    /// A demand of `tonnesPerDay` from `from` to `to`.
    public init(from: String, to: String, tonnesPerDay: Int64) { self.from = from; self.to = to; self.tonnesPerDay = tonnesPerDay }
}

/// A region or a country denied by one value of the `deny` axis.
public enum SweepDenial: Sendable, Equatable, Hashable {
    /// Every edge of the region is closed (as `deny_regions`).
    case region(String)
    /// Every edge of the country, and its crossings, are closed (as `deny_countries`).
    case country(String)

    /// `region:Jilin`, `country:CN`: the axis value as records name it.
    public var label: String {
        switch self {
        case let .region(r): return "region:\(r)"
        case let .country(c): return "country:\(c)"
        }
    }
}

/// Which elements the `fail` axis draws its subsets from.
public enum SweepElementClass: String, Sendable, Equatable, CaseIterable {
    /// Border crossings (all connector edges of one crossing fail together).
    case crossings
    /// Transshipment and transfer terminals.
    case terminals
    /// Physical line pieces (both directions and the dual-gauge twin).
    case lines
}

/// The axes of a sweep; an absent axis has one value (none). Units are the cross product, in the fixed order
/// scenarios → deny → fail → samples (the last varies fastest).
public struct SweepAxes: Sendable {
    /// `scenarios:`: scenarios in file order (same keys as a scenario file's), or nil.
    public var scenarios: [Scenario]?
    /// `deny:`: listed regions and countries (or `all`, resolved against the network), each denied alone.
    public var deny: DenyAxis?
    /// `fail:`: every subset of the given sizes of the flow-carrying elements of the given classes.
    public var fail: FailAxis?
    /// `samples:`: uncertainty samples of capacities and fixed costs from the network's low/base/high ranges.
    public var samples: SampleAxis?

    /// The `deny` axis as written; `all` is resolved when the sweep is planned on its network.
    public struct DenyAxis: Sendable, Equatable {
        /// Listed regions (names as written).
        public var regions: [String] = []
        /// Every region of the network, sorted by name.
        public var allRegions = false
        /// Listed countries (ISO codes).
        public var countries: [String] = []
        /// Every country of the network, sorted by code.
        public var allCountries = false
    }

    /// The `fail` axis.
    public struct FailAxis: Sendable, Equatable {
        /// Element classes the subsets are drawn from.
        public var classes: [SweepElementClass]
        /// Subset sizes, ascending, each ≥ 1.
        public var sizes: [Int]
    }

    /// The `samples` axis.
    public struct SampleAxis: Sendable, Equatable {
        /// Number of samples (≥ 1).
        public var count: Int
        /// Seed of the sample generator.
        public var seed: UInt64
    }
}

/// A parsed sweep file (docs/FORMATS.md, "Sweep file"): the network, the sites, the OD demands and the axes.
public struct SweepFile: Sendable {
    /// Path of the sweep file.
    public var path: String
    /// The file's bytes hashed (FNV-1a 64): with the network's checksum, the sweep's identity.
    public var contentHash: UInt64
    /// `title:` or `name:`, else the file name without extension.
    public var title: String
    /// The network manifest or `.corridor` cache, resolved against the sweep file's directory.
    public var network: String
    /// `network_checksum:` (16 hex digits, as `corridor sweep --plan` prints): the network must have it.
    public var networkChecksum: UInt64?
    /// Origins with their supply, tonnes/day.
    public var origins: [PlaceAmount]
    /// Destinations with their demand, tonnes/day.
    public var destinations: [PlaceAmount]
    /// OD demands (λ is measured against them); may be empty.
    public var demands: [SweepDemand]
    /// The axes.
    public var axes: SweepAxes
    /// Position of each axis key in the file (`scenarios`, `deny`, `fail`, `samples`), for errors found later.
    public var axisPositions: [String: SourcePosition]
}

extension SweepFile {
    /// The axis keys, in the order their values are combined (the last varies fastest).
    public static let axisOrder = ["scenarios", "deny", "fail", "samples"]

    /// Reads and validates a sweep file; every error names the file, line and column (exit 65; 66 when unreadable).
    public static func load(path: String) throws(ScenarioFileError) -> SweepFile {
        try parse(ScenarioFileError.readText(path: path, kind: "sweep"), path: path)
    }

    /// Parses sweep YAML `text`; `path` is used for messages and to resolve the network path.
    public static func parse(_ text: String, path: String) throws(ScenarioFileError) -> SweepFile {
        let document: YAMLDocument
        do { document = try YAMLDocument.parse(text, path: path) } catch {
            throw ScenarioFileError(path: path, line: error.line, column: error.column, reason: error.reason)
        }
        var parser = SweepParser(base: ScenarioParser(path: path))
        var file = try parser.file(document.root)
        file.contentHash = SweepIdentity.fnv1a(Array(text.utf8))
        return file
    }
}

/// Walks a sweep file's nodes with the scenario parser's accessors (same messages, same positions).
struct SweepParser {
    let base: ScenarioParser
    var path: String { base.path }

    mutating func file(_ root: Node) throws(ScenarioFileError) -> SweepFile {
        let pairs = try base.mapping(root, "the sweep file", allowed: ["name", "title", "description", "network",
                                                                       "network_checksum", "origins", "destinations",
                                                                       "demands", "axes"])
        func value(_ key: String) -> Node? { pairs.first(where: { $0.key == key })?.value }
        guard let networkNode = value("network") else { throw base.fail(root, "the sweep file needs 'network' (a manifest or .corridor file)") }
        let networkText = try base.string(networkNode, "network")
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let network = networkText.hasPrefix("/") ? networkText : directory.appendingPathComponent(networkText).standardizedFileURL.path
        var title = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if let t = try base.optionalString(value("name"), "name") { title = t }
        if let t = try base.optionalString(value("title"), "title") { title = t }
        var checksum: UInt64?
        if let node = value("network_checksum") {
            let text = try base.string(node, "network_checksum")
            guard text.count == 16, let v = UInt64(text, radix: 16) else {
                throw base.fail(node, "network_checksum must be 16 hexadecimal digits (as `corridor sweep --plan` prints)")
            }
            checksum = v
        }
        var origins = try value("origins").map { n throws(ScenarioFileError) in try base.amounts(n, "origins") } ?? []
        var destinations = try value("destinations").map { n throws(ScenarioFileError) in try base.amounts(n, "destinations") } ?? []
        let demands = try value("demands").map { n throws(ScenarioFileError) in try self.demands(n) } ?? []
        // Without explicit sites, the demands' ends are the sites (amounts summed per place, in first-seen order).
        if origins.isEmpty && destinations.isEmpty && !demands.isEmpty {
            origins = Self.summed(demands.map { PlaceAmount(place: $0.from, tonnesPerDay: $0.tonnesPerDay) })
            destinations = Self.summed(demands.map { PlaceAmount(place: $0.to, tonnesPerDay: $0.tonnesPerDay) })
        }
        guard !origins.isEmpty, !destinations.isEmpty else {
            throw base.fail(root, "a sweep needs 'origins' and 'destinations' (or 'demands')")
        }
        for (what, list, key) in [("origins", origins, "origins"), ("destinations", destinations, "destinations")] {
            if let zero = list.first(where: { $0.tonnesPerDay <= 0 }) {
                throw base.fail(value(key) ?? root, "\(what): \(zero.place) needs a positive amount (tonnes/day)")
            }
        }
        var axes = SweepAxes()
        var positions: [String: SourcePosition] = [:]
        if let axesNode = value("axes") {
            if axesNode.scalar != nil && (axesNode.scalarText ?? "").isEmpty {
                // `axes:` with nothing after it: no axis, one unit.
            } else {
                let items = try base.mapping(axesNode, "the sweep's axes", allowed: SweepFile.axisOrder + ["seed"])
                func item(_ key: String) -> (key: String, keyNode: Node, value: Node)? { items.first { $0.key == key } }
                for p in items {
                    let (line, column) = p.keyNode.position
                    positions[p.key] = SourcePosition(line: line, column: column)
                }
                if let p = item("scenarios") { axes.scenarios = try scenarios(p.value) }
                if let p = item("deny") { axes.deny = try deny(p.value) }
                if let p = item("fail") { axes.fail = try fail(p.value) }
                if let p = item("samples") { axes.samples = try samples(p.value, seed: item("seed")?.value) }
                if let seed = item("seed"), item("samples") == nil { throw base.fail(seed.keyNode, "'seed' seeds the 'samples' axis, which is missing") }
            }
        }
        return SweepFile(path: path, contentHash: 0, title: title, network: network, networkChecksum: checksum,
                         origins: origins, destinations: destinations, demands: demands, axes: axes, axisPositions: positions)
    }

    static func summed(_ amounts: [PlaceAmount]) -> [PlaceAmount] {
        var order: [String] = [], total: [String: Int64] = [:]
        for a in amounts {
            if total[a.place] == nil { order.append(a.place) }
            total[a.place, default: 0] += a.tonnesPerDay
        }
        return order.map { PlaceAmount(place: $0, tonnesPerDay: total[$0]!) }
    }

    func demands(_ node: Node) throws(ScenarioFileError) -> [SweepDemand] {
        guard let seq = node.sequence, !seq.isEmpty else { throw base.fail(node, "demands must be a non-empty list of {from, to, tonnes_per_day}") }
        var out: [SweepDemand] = []
        for item in seq {
            let pairs = try base.mapping(item, "a demand", allowed: ["from", "to", "tonnes_per_day"])
            func v(_ k: String) -> Node? { pairs.first(where: { $0.key == k })?.value }
            guard let from = v("from"), let to = v("to"), let amount = v("tonnes_per_day") else {
                throw base.fail(item, "a demand needs 'from', 'to' and 'tonnes_per_day'")
            }
            let tonnes = try base.integer(amount, "tonnes_per_day", .whole(1...1_000_000_000_000, unit: "t/day"), as: Int64.self)
            out.append(SweepDemand(from: try base.string(from, "from"), to: try base.string(to, "to"), tonnesPerDay: tonnes))
        }
        return out
    }

    func scenarios(_ node: Node) throws(ScenarioFileError) -> [Scenario] {
        guard let list = node.sequence, !list.isEmpty else { throw base.fail(node, "axes.scenarios must be a non-empty list of scenarios") }
        var out: [Scenario] = []
        var names = Set<String>()
        for item in list {
            let s = try base.scenario(item)
            guard names.insert(s.name).inserted else { throw base.fail(item, "duplicate scenario name '\(s.name)'") }
            out.append(s)
        }
        return out
    }

    func deny(_ node: Node) throws(ScenarioFileError) -> SweepAxes.DenyAxis {
        var axis = SweepAxes.DenyAxis()
        let pairs = try base.mapping(node, "axes.deny", allowed: ["regions", "countries"])
        guard !pairs.isEmpty else { throw base.fail(node, "axes.deny needs 'regions' or 'countries' (a list, or all)") }
        for p in pairs {
            let all = p.value.scalarText?.lowercased() == "all"
            let list = all ? [] : try base.strings(p.value, "axes.deny.\(p.key)")
            if !all && list.isEmpty { throw base.fail(p.value, "axes.deny.\(p.key) must list at least one name, or be all") }
            if p.key == "regions" { axis.regions = list; axis.allRegions = all } else { axis.countries = list; axis.allCountries = all }
        }
        return axis
    }

    func fail(_ node: Node) throws(ScenarioFileError) -> SweepAxes.FailAxis {
        let pairs = try base.mapping(node, "axes.fail", allowed: ["elements", "k"])
        func v(_ k: String) -> Node? { pairs.first(where: { $0.key == k })?.value }
        var classes: [SweepElementClass] = SweepElementClass.allCases
        if let e = v("elements") {
            classes = []
            for name in try base.strings(e, "axes.fail.elements") {
                if name == "all" { classes = SweepElementClass.allCases; break }
                guard let c = SweepElementClass(rawValue: name) else {
                    throw base.fail(e, "unknown element class '\(name)' (crossings, terminals, lines or all)")
                }
                if !classes.contains(c) { classes.append(c) }
            }
            classes.sort { SweepElementClass.allCases.firstIndex(of: $0)! < SweepElementClass.allCases.firstIndex(of: $1)! }
        }
        guard let kNode = v("k") else { throw base.fail(node, "axes.fail needs 'k' (a subset size, or a list of sizes)") }
        var sizes: [Int] = []
        for item in kNode.sequence.map(Array.init) ?? [kNode] {
            sizes.append(try base.integer(item, "axes.fail.k", .whole(1...16)))
        }
        guard !sizes.isEmpty else { throw base.fail(kNode, "axes.fail.k must name at least one size") }
        return SweepAxes.FailAxis(classes: classes, sizes: Array(Set(sizes)).sorted())
    }

    func samples(_ node: Node, seed seedNode: Node?) throws(ScenarioFileError) -> SweepAxes.SampleAxis {
        var countNode = node
        var seedValue = seedNode
        if let pairs = node.pairs {
            let fields = try base.mapping(node, "axes.samples", allowed: ["count", "seed"])
            guard let c = fields.first(where: { $0.key == "count" })?.value else { throw base.fail(node, "axes.samples needs 'count'") }
            countNode = c
            if let s = fields.first(where: { $0.key == "seed" })?.value {
                if let outer = seedNode { throw base.fail(outer, "the samples' seed is given twice") }
                seedValue = s
            }
            _ = pairs
        }
        let count = try base.integer(countNode, "the number of samples", .whole(1...1_000_000_000))
        var seed: UInt64 = 1
        if let s = seedValue { seed = try base.integer(s, "seed", InputRules.seed, as: UInt64.self) }
        return SweepAxes.SampleAxis(count: count, seed: seed)
    }
}

/// The identity of a sweep: its file's content hash and its network's checksum. Parts of one sweep carry the same
/// identity; `merge` refuses parts whose identities differ.
public struct SweepIdentity: Sendable, Equatable, CustomStringConvertible {
    /// FNV-1a 64 of the sweep file's bytes.
    public var fileHash: UInt64
    /// The network's cache checksum (`NetworkCache.fingerprint`).
    public var networkChecksum: UInt64
    /// Memberwise initializer.
    public init(fileHash: UInt64, networkChecksum: UInt64) { self.fileHash = fileHash; self.networkChecksum = networkChecksum }

    /// `<file hash>-<network checksum>`, 16 hex digits each.
    public var description: String { "\(Self.hex(fileHash))-\(Self.hex(networkChecksum))" }

    /// 16 lowercase hex digits.
    public static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// FNV-1a, 64 bits (deterministic across processes, unlike `Hasher`).
    public static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
