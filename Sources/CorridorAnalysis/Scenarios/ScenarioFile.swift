import CorridorCore
import CorridorGeo
import CorridorNetwork
import CorridorYAML
import Foundation
import Yams

/// A place with an amount in tonnes per day (an origin's supply or a destination's demand).
public struct PlaceAmount: Sendable, Equatable, Codable {
    /// Name of the place.
    public var place: String
    /// Amount in tonnes per day.
    public var tonnesPerDay: Int64
    /// An amount of `tonnesPerDay` tonnes per day at `place`.
    public init(place: String, tonnesPerDay: Int64) { self.place = place; self.tonnesPerDay = tonnesPerDay }
}

/// An origin–destination demand of a scenario file: tonnes per day from one place to another, optionally on some
/// modes only.
public struct PlaceDemand: Sendable, Equatable {
    /// Origin place.
    public var from: String
    /// Destination place.
    public var to: String
    /// Tonnes per day.
    public var tonnesPerDay: Int64
    /// Modes the pair may use; nil: any.
    public var modes: Set<TransportMode>?
    /// A demand of `tonnesPerDay` from `from` to `to` on `modes` (nil: any).
    public init(from: String, to: String, tonnesPerDay: Int64, modes: Set<TransportMode>? = nil) {
        self.from = from; self.to = to; self.tonnesPerDay = tonnesPerDay; self.modes = modes
    }
    /// As a flow request's demand.
    public var demand: ODDemand {
        ODDemand(origin: Endpoint(parsing: from), destination: Endpoint(parsing: to), tonnesPerDay: tonnesPerDay, modes: modes)
    }
}

/// Selects edges by attributes; every given key must match (keys: mode, class, kind, gauge_mm, country, region,
/// name, crossing, terminal).
public struct EdgeFilter: Sendable, Equatable, Codable {
    /// Transport mode (`mode`).
    public var mode: TransportMode?
    /// Road or rail class (`class`), compared case- and diacritic-insensitively.
    public var roadClass: String?
    /// Edge kind (`kind`): line, crossing, transfer or transshipment.
    public var kind: EdgeKind?
    /// Rail gauge (`gauge_mm`); a dual-gauge edge matches either gauge.
    public var gauge: GaugeSpec?
    /// ISO country code (`country`), case-insensitive.
    public var country: String?
    /// Region name (`region`), case- and diacritic-insensitive.
    public var region: String?
    /// Edge name (`name`), case- and diacritic-insensitive.
    public var name: String?
    /// A crossing's name: its connector edges.
    public var crossing: String?
    /// A terminal's place: its connector edges.
    public var terminal: String?
    /// A filter with no key set.
    public init() {}

    /// Edges of `network` that match every given key.
    public func matchingEdges(in network: Network) -> [Int] {
        let fold = Gazetteer.fold
        var crossingEdges: Set<UInt32>?
        if let c = crossing {
            crossingEdges = Set(network.crossings.filter { fold($0.name) == fold(c) }.flatMap(\.edges))
        }
        var terminalEdges: Set<UInt32>?
        if let t = terminal {
            terminalEdges = Set(network.terminals.filter { fold($0.place) == fold(t) }.flatMap(\.edges))
        }
        return (0..<network.edgeCount).filter { e in
            if let m = mode, network.edgeMode[e] != m { return false }
            if let k = kind, network.edgeKind[e] != k { return false }
            if let c = roadClass, fold(network.className(ofEdge: e)) != fold(c) { return false }
            if let g = gauge, network.edgeGauge[e] != g && !(network.edgeGauge[e] == .dual && g != .none) { return false }
            if let c = country, network.country(ofEdge: e).uppercased() != c.uppercased() { return false }
            if let r = region, fold(network.region(ofEdge: e)) != fold(r) { return false }
            if let n = name, fold(network.name(ofEdge: e)) != fold(n) { return false }
            if let s = crossingEdges, !s.contains(UInt32(e)) { return false }
            if let s = terminalEdges, !s.contains(UInt32(e)) { return false }
            return true
        }
    }
}

/// A planned edge added by a scenario: a straight link between two places (or given coordinates) on one layer.
public struct AddedEdge: Sendable, Equatable, Codable {
    /// Name of the new edge.
    public var name: String
    /// Place where the edge starts.
    public var from: String
    /// Place where the edge ends.
    public var to: String
    /// Mode, class, speed, capacity and other attributes of the new edge.
    public var attributes: EdgeAttributes
    /// When set, the new edge is a border crossing with this delay (hours) and fixed cost per tonne.
    public var crossingDelayHours: Double?
    /// Fixed cost per tonne of the crossing (cost units per tonne); see `crossingDelayHours`.
    public var crossingCost: Double?
    /// Optional explicit polyline (lon/lat), overriding the straight line between the places.
    public var line: [LonLat]?
    /// A planned edge from `from` to `to` with `attributes`; a crossing when a delay or cost is given.
    public init(name: String, from: String, to: String, attributes: EdgeAttributes, crossingDelayHours: Double? = nil,
                crossingCost: Double? = nil, line: [LonLat]? = nil) {
        self.name = name; self.from = from; self.to = to; self.attributes = attributes
        self.crossingDelayHours = crossingDelayHours; self.crossingCost = crossingCost; self.line = line
    }
}

/// One change of a scenario against the baseline.
public enum ScenarioChange: Sendable, Equatable {
    /// Close named elements (crossings, terminals, places, `edge:ID`, `node:ID`); `close`.
    case close([String])
    /// Close every edge the filter matches; `close_where`.
    case closeWhere(EdgeFilter)
    /// Close the edges of these countries (ISO codes); `deny_countries`.
    case denyCountries([String])
    /// Close the edges of these regions; `deny_regions`.
    case denyRegions([String])
    /// Allow only these modes; `modes`.
    case restrictModes(Set<TransportMode>)
    /// Multiply the capacity of the matched edges by `factor`; `scale_capacity`.
    case scaleCapacity(EdgeFilter, factor: Double)
    /// Multiply the cost of the matched edges by `factor`; `scale_cost`.
    case scaleCost(EdgeFilter, factor: Double)
    /// Add a planned edge; `add_edges`.
    case addEdge(AddedEdge)
    /// Replace the file's origins; `origins`.
    case setOrigins([PlaceAmount])
    /// Replace the file's destinations; `destinations`.
    case setDestinations([PlaceAmount])
    /// Replace the file's OD demands; `demands`.
    case setDemands([PlaceDemand])
}

/// A named scenario: a list of changes to the baseline.
public struct Scenario: Sendable, Equatable {
    /// Scenario name (unique in the file).
    public var name: String
    /// Free-text description.
    public var description: String
    /// The changes against the baseline, in file order.
    public var changes: [ScenarioChange]
    /// Line and column of each change in the scenario file (parallel to `changes`), for error messages.
    public var positions: [SourcePosition]
    /// The file-system-safe stem of a scenario's output files (`compare -o DIR` writes `<stem>.geojson` and
    /// `<stem>.svg`): letters, digits, `-`, `_` and `.` kept, anything else `-`; a name that is only dots, or
    /// empty, becomes `scenario`. The scenario parser rejects two names with one stem.
    public static func fileStem(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let mapped = String(name.map { allowed.contains($0) ? $0 : "-" })
        return mapped.allSatisfy({ $0 == "." }) ? "scenario" : mapped
    }

    /// A scenario with the given name, description, changes and their positions.
    public init(name: String, description: String = "", changes: [ScenarioChange] = [], positions: [SourcePosition] = []) {
        self.name = name; self.description = description; self.changes = changes; self.positions = positions
    }
}

/// A 1-based line and column in a text file.
public struct SourcePosition: Sendable, Equatable {
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// The position at `line`, `column`.
    public init(line: Int, column: Int) { self.line = line; self.column = column }
}

/// The analyses a comparison runs for every scenario.
public struct AnalysisPlan: Sendable, Equatable {
    /// The route analysis to run (`analyses.route`).
    public struct RouteQuery: Sendable, Equatable {
        /// Start place.
        public var from: String
        /// End place.
        public var to: String
        /// Places to pass through, in order (with any, only the best route is searched).
        public var via: [String] = []
        /// Modes allowed; nil means any.
        public var modes: Set<TransportMode>?
        /// What the route minimizes: time, distance or cost.
        public var metric: Metric = .time
        /// Number of routes wanted (1 = the best only).
        public var alternatives: Int = 3
        /// Largest shared fraction of an alternative's length with a better route, in [0, 1].
        public var maxOverlap: Double = 0.5
    }
    /// The route analysis; nil: none.
    public var route: RouteQuery?
    /// Whether to run the min-cost flow from origins to destinations (or of the OD demands).
    public var flow: Bool = true
    /// How the flow keeps goods apart (`analyses.flow.commodities`); nil: od with demands, else pooled.
    public var flowCommodities: CommodityModel?
    /// Whether both directions of single track share its capacity (`analyses.flow.single_track`: shared or
    /// per-direction).
    public var singleTrackSharesDirections: Bool = true
    /// Whether to run the chokepoint (maximum throughput and min-cut) analysis.
    public var chokepoints: Bool = true
    /// Number of chokepoints to rank.
    public var chokepointsTop: Int = 10
    /// The interdiction analysis (`analyses.interdict: {budget: 3}`): the set of at most `budget` elements (unit
    /// interdiction costs) whose removal cuts the maximum throughput most, exact; nil: none.
    public var interdict: InterdictQuery?
    /// Uncertainty samples of every scenario (`analyses.samples: 200`, `analyses.seed: 7`, or `compare --samples N
    /// --seed S`); nil: none.
    public var sampling: SamplingPlan?

    /// `--samples N --seed S` of a comparison: the network's throughput (the chokepoints' sites, unlimited) and its
    /// cost under N draws of the data's ranges, with the same draws in every scenario.
    public struct SamplingPlan: Sendable, Equatable {
        /// Number of samples, 1–1,000,000.
        public var samples: Int
        /// Seed of the draws.
        public var seed: UInt64
        /// `samples` draws seeded with `seed`.
        public init(samples: Int, seed: UInt64 = 1) { self.samples = samples; self.seed = seed }
    }

    /// Whether an analysis needs sites (origins and destinations, or demands): all but the route.
    public var needsSites: Bool { flow || chokepoints || interdict != nil || sampling != nil }

    /// The interdiction analysis of a comparison.
    public struct InterdictQuery: Sendable, Equatable {
        /// Total interdiction cost allowed (with unit costs: the number of elements removed).
        public var budget: Double
        /// The exact method (MIP through CBC, or enumeration).
        public var method: InterdictionMethod = .mip
    }
}

/// A parsed scenario file: the network, origins and destinations, the analyses and the scenarios.
public struct ScenarioFile: Sendable {
    /// Path of the scenario file.
    public var path: String
    /// Title: the file's `title:` or `name:`, else its file name without extension.
    public var title: String
    /// The network manifest or cache, resolved against the scenario file's directory.
    public var network: String
    /// Baseline origins (supply in tonnes per day).
    public var origins: [PlaceAmount]
    /// Baseline destinations (demand in tonnes per day).
    public var destinations: [PlaceAmount]
    /// Baseline OD demands (instead of, or besides, origins and destinations: the flow uses them when present).
    public var demands: [PlaceDemand] = []
    /// The analyses run for every scenario.
    public var analyses: AnalysisPlan
    /// The scenarios, in file order.
    public var scenarios: [Scenario]
}

/// A problem in a scenario file, with its position.
public struct ScenarioFileError: CorridorError, Sendable, Equatable {
    /// Path of the scenario file.
    public var path: String
    /// 1-based line of the problem (0 when the file itself cannot be read).
    public var line: Int
    /// 1-based column of the problem (0 when the file itself cannot be read).
    public var column: Int
    /// What is wrong.
    public var reason: String
    /// Bad data (65) for a problem in the file, missing input (66) for a file that is not there or unreadable.
    public var exitStatus: ExitStatus
    /// A problem at `line`:`column` (bad data).
    public init(path: String, line: Int, column: Int, reason: String) {
        self.path = path; self.line = line; self.column = column; self.reason = reason; self.exitStatus = .dataError
    }
    /// A problem with the file as a whole (no position).
    public init(path: String, reason: String, exitStatus: ExitStatus) {
        self.path = path; self.line = 0; self.column = 0; self.reason = reason; self.exitStatus = exitStatus
    }
    /// `reason: path:line:column`, or `reason: path` without a position.
    public var description: String { line > 0 ? "\(reason): \(path):\(line):\(column)" : "\(reason): \(path)" }
}

extension ScenarioFileError {
    /// The UTF-8 text of the YAML file at `path`, which is a `kind` file ("scenario", "sweep"): one reader, so every
    /// file kind fails with the same message shape: `cannot read KIND file (no such file | a directory | strerror)`
    /// (exit 66), or `KIND file is not UTF-8 text` at 1:1 (exit 65).
    public static func readText(path: String, kind: String) throws(ScenarioFileError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioFileError(path: path, reason: "cannot read \(kind) file (no such file)", exitStatus: .noInput)
        }
        guard !isDirectory.boolValue else {
            throw ScenarioFileError(path: path, reason: "cannot read \(kind) file (a directory)", exitStatus: .noInput)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, R_OK) != 0 ? String(cString: strerror(errno)) : "cannot read"
            throw ScenarioFileError(path: path, reason: "cannot read \(kind) file (\(reason))", exitStatus: .noInput)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioFileError(path: path, line: 1, column: 1, reason: "\(kind) file is not UTF-8 text")
        }
        return text
    }
}

extension ScenarioFile {
    /// Reads and validates a scenario file. Every error names the file, line and column.
    public static func load(path: String) throws(ScenarioFileError) -> ScenarioFile {
        try parse(ScenarioFileError.readText(path: path, kind: "scenario"), path: path)
    }

    /// Parses scenario YAML `text`; `path` is used for messages and to resolve the network path.
    public static func parse(_ text: String, path: String) throws(ScenarioFileError) -> ScenarioFile {
        let document: YAMLDocument
        do { document = try YAMLDocument.parse(text, path: path) } catch {
            throw ScenarioFileError(path: path, line: error.line, column: error.column, reason: error.reason)
        }
        var p = ScenarioParser(path: path)
        return try p.file(document.root)
    }
}

/// Walks the YAML node tree; each accessor reports the offending node's position.
struct ScenarioParser {
    let path: String

    func fail(_ node: Node, _ reason: String) -> ScenarioFileError {
        let (line, column) = node.position
        return ScenarioFileError(path: path, line: line, column: column, reason: reason)
    }

    func mapping(_ node: Node, _ what: String, allowed: [String]) throws(ScenarioFileError) -> [(key: String, keyNode: Node, value: Node)] {
        guard let pairs = node.pairs else { throw fail(node, "\(what) must be a mapping") }
        for pair in pairs where !allowed.contains(pair.key) {
            let hint = nearestKey(pair.key, allowed: allowed)
            let suffix = hint.map { " (did you mean '\($0)'?)" } ?? "; allowed: \(allowed.joined(separator: ", "))"
            throw fail(pair.keyNode, "unknown key '\(pair.key)' in \(what)\(suffix)")
        }
        return pairs
    }

    func string(_ node: Node, _ what: String) throws(ScenarioFileError) -> String {
        guard let s = node.scalarText, !s.isEmpty else { throw fail(node, "\(what) must be a non-empty text") }
        return s
    }

    func optionalString(_ node: Node?, _ what: String) throws(ScenarioFileError) -> String? {
        guard let node else { return nil }
        return try string(node, what)
    }

    /// A number checked against `rule` (`InputRules`): the message names the key, the value and the accepted range.
    func number(_ node: Node, _ what: String, _ rule: NumberRule) throws(ScenarioFileError) -> Double {
        do { return try node.number(rule) } catch { throw fail(node, "\(what) \(error)") }
    }

    /// A whole number checked against `rule` and converted to `T`.
    func integer<T: FixedWidthInteger>(_ node: Node, _ what: String, _ rule: NumberRule, as type: T.Type = Int.self) throws(ScenarioFileError) -> T {
        do { return try node.integer(rule, as: T.self) } catch { throw fail(node, "\(what) \(error)") }
    }

    /// An optional boolean (`true`/`false`, `yes`/`no`, `on`/`off`); absent is false.
    func flag(_ node: Node?, _ what: String) throws(ScenarioFileError) -> Bool {
        guard let node else { return false }
        guard let b = node.boolean else { throw fail(node, "\(what) must be true or false") }
        return b
    }

    func strings(_ node: Node, _ what: String) throws(ScenarioFileError) -> [String] {
        if node.scalar != nil { return [try string(node, what)] }
        guard let seq = node.sequence else { throw fail(node, "\(what) must be a list") }
        var out: [String] = []
        for item in seq { out.append(try string(item, what)) }
        return out
    }

    func amounts(_ node: Node, _ what: String) throws(ScenarioFileError) -> [PlaceAmount] {
        // Either a mapping `Place: tonnes` or a list of `{place: X, tonnes_per_day: N}`.
        if let pairs = node.pairs {
            var out: [PlaceAmount] = []
            for p in pairs {
                let v = try integer(p.value, "amount of \(p.key) (tonnes/day)", InputRules.tonnesPerDay, as: Int64.self)
                out.append(PlaceAmount(place: p.key, tonnesPerDay: v))
            }
            return out
        }
        guard let seq = node.sequence else { throw fail(node, "\(what) must be a mapping of place: tonnes/day") }
        var out: [PlaceAmount] = []
        for item in seq {
            let pairs = try mapping(item, "an entry of \(what)", allowed: ["place", "tonnes_per_day"])
            guard let place = pairs.first(where: { $0.key == "place" }) else { throw fail(item, "\(what) entry needs 'place'") }
            guard let amount = pairs.first(where: { $0.key == "tonnes_per_day" }) else { throw fail(item, "\(what) entry needs 'tonnes_per_day'") }
            out.append(PlaceAmount(place: try string(place.value, "place"),
                                   tonnesPerDay: try integer(amount.value, "tonnes_per_day", InputRules.tonnesPerDay, as: Int64.self)))
        }
        return out
    }

    func modes(_ node: Node) throws(ScenarioFileError) -> Set<TransportMode> {
        var out = Set<TransportMode>()
        for m in try strings(node, "modes") {
            guard let mode = TransportMode(name: m) else { throw fail(node, "unknown mode '\(m)' (use road or rail)") }
            out.insert(mode)
        }
        return out
    }

    mutating func file(_ root: Node) throws(ScenarioFileError) -> ScenarioFile {
        let pairs = try mapping(root, "the scenario file", allowed: ["name", "title", "description", "network", "origins", "destinations", "demands", "analyses", "scenarios"])
        func value(_ key: String) -> Node? { pairs.first(where: { $0.key == key })?.value }
        guard let networkNode = value("network") else { throw fail(root, "the scenario file needs 'network' (a manifest or .corridor file)") }
        let networkText = try string(networkNode, "network")
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        let network = networkText.hasPrefix("/") ? networkText : base.appendingPathComponent(networkText).standardizedFileURL.path
        var title = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if let t = try optionalString(value("name"), "name") { title = t }
        if let t = try optionalString(value("title"), "title") { title = t }
        let origins = try value("origins").map { n throws(ScenarioFileError) in try amounts(n, "origins") } ?? []
        let destinations = try value("destinations").map { n throws(ScenarioFileError) in try amounts(n, "destinations") } ?? []
        let demands = try value("demands").map { n throws(ScenarioFileError) in try demandList(n) } ?? []
        let analyses = try value("analyses").map { n throws(ScenarioFileError) in try analysisPlan(n) } ?? AnalysisPlan()
        guard let scenariosNode = value("scenarios"), let list = scenariosNode.sequence, !list.isEmpty else {
            throw fail(value("scenarios") ?? root, "the scenario file needs a non-empty list 'scenarios'")
        }
        var scenarios: [Scenario] = []
        var names = Set<String>()
        // Output file names (`compare -o DIR`) must not collide either: `a/b` and `a b` both give `a-b`, and
        // `A` and `a` are one file on case-insensitive file systems; the combined file's name is taken.
        var stems: [String: String] = [Scenario.fileStem("all-scenarios").lowercased(): "the combined output all-scenarios"]
        for item in list {
            let s = try scenario(item)
            guard names.insert(s.name).inserted else { throw fail(item, "duplicate scenario name '\(s.name)'") }
            let stem = Scenario.fileStem(s.name)
            if let other = stems[stem.lowercased()] {
                let otherText = other.hasPrefix("the combined") ? other : "scenario '\(other)'"
                throw fail(item, "scenario '\(s.name)' would write its outputs to \(stem).* like \(otherText); rename one of them")
            }
            stems[stem.lowercased()] = s.name
            scenarios.append(s)
        }
        if analyses.needsSites && (origins.isEmpty || destinations.isEmpty) && demands.isEmpty {
            throw fail(root, "flow, chokepoint, interdiction and sampling analyses need 'origins' and 'destinations', or 'demands'")
        }
        if analyses.flow, let model = analyses.flowCommodities, model != .pooled, demands.isEmpty {
            throw fail(root, "\(model.rawValue) commodities need 'demands' (from, to, tonnes_per_day)")
        }
        return ScenarioFile(path: path, title: title, network: network, origins: origins, destinations: destinations,
                            demands: demands, analyses: analyses, scenarios: scenarios)
    }

    func analysisPlan(_ node: Node) throws(ScenarioFileError) -> AnalysisPlan {
        var plan = AnalysisPlan()
        plan.flow = false
        plan.chokepoints = false
        let pairs = try mapping(node, "analyses", allowed: ["route", "flow", "chokepoints", "interdict", "samples", "seed"])
        let seedNode = pairs.first(where: { $0.key == "seed" })
        if let s = pairs.first(where: { $0.key == "samples" }) {
            plan.sampling = AnalysisPlan.SamplingPlan(samples: try integer(s.value, "samples", InputRules.sampleCount))
            if let seedNode { plan.sampling?.seed = try integer(seedNode.value, "seed", InputRules.seed, as: UInt64.self) }
        } else if let seedNode {
            throw fail(seedNode.keyNode, "analyses.seed seeds analyses.samples, which is missing")
        }
        for p in pairs {
            switch p.key {
            case "route":
                let fields = try mapping(p.value, "analyses.route", allowed: ["from", "to", "via", "mode", "modes", "metric", "alternatives", "max_overlap"])
                func v(_ k: String) -> Node? { fields.first(where: { $0.key == k })?.value }
                guard let from = v("from"), let to = v("to") else { throw fail(p.value, "analyses.route needs 'from' and 'to'") }
                var q = AnalysisPlan.RouteQuery(from: try string(from, "from"), to: try string(to, "to"))
                if let via = v("via") { q.via = try strings(via, "via") }
                if let m = v("mode") ?? v("modes") {
                    let text = m.scalarText?.lowercased()
                    q.modes = text == "any" ? nil : try modes(m)
                }
                if let m = v("metric") {
                    guard let metric = Metric(rawValue: try string(m, "metric")) else { throw fail(m, "metric must be time, distance or cost") }
                    q.metric = metric
                }
                if let k = v("alternatives") { q.alternatives = try integer(k, "alternatives", InputRules.routeCount) }
                if let o = v("max_overlap") { q.maxOverlap = try number(o, "max_overlap", InputRules.fraction) }
                plan.route = q
            case "flow":
                if let b = p.value.boolean {
                    plan.flow = b
                } else {
                    let fields = try mapping(p.value, "analyses.flow", allowed: ["commodities", "single_track"])
                    plan.flow = true
                    for f in fields {
                        let text = try string(f.value, f.key)
                        switch f.key {
                        case "commodities":
                            guard let model = CommodityModel(rawValue: text) else {
                                throw fail(f.value, "analyses.flow.commodities must be od, origin or pooled")
                            }
                            plan.flowCommodities = model
                        default:
                            guard text == "shared" || text == "per-direction" else {
                                throw fail(f.value, "analyses.flow.single_track must be shared or per-direction")
                            }
                            plan.singleTrackSharesDirections = text == "shared"
                            // The sampler keeps single track shared (as `flow --samples` does).
                            if !plan.singleTrackSharesDirections, let s = pairs.first(where: { $0.key == "samples" }) {
                                throw fail(s.keyNode, "analyses.samples keeps single track's capacity shared by both directions; drop single_track: per-direction")
                            }
                        }
                    }
                }
            case "chokepoints":
                if let b = p.value.boolean {
                    plan.chokepoints = b
                } else {
                    let fields = try mapping(p.value, "analyses.chokepoints", allowed: ["top"])
                    plan.chokepoints = true
                    if let top = fields.first(where: { $0.key == "top" }) {
                        plan.chokepointsTop = try integer(top.value, "top", NumberRule.whole(1...Int64(InputRules.rankCount.range.upperBound)))
                    }
                }
            case "interdict":
                let fields = try mapping(p.value, "analyses.interdict", allowed: ["budget", "method"])
                guard let budget = fields.first(where: { $0.key == "budget" }) else { throw fail(p.value, "analyses.interdict needs 'budget'") }
                var q = AnalysisPlan.InterdictQuery(budget: try number(budget.value, "budget", InputRules.interdictionBudget))
                if let m = fields.first(where: { $0.key == "method" }) {
                    guard let method = InterdictionMethod(rawValue: try string(m.value, "method")) else {
                        throw fail(m.value, "analyses.interdict.method must be mip or enumeration")
                    }
                    q.method = method
                }
                plan.interdict = q
            default: break
            }
        }
        return plan
    }

    static let scenarioKeys = ["name", "description", "close", "close_where", "deny_countries", "deny_regions", "modes",
                               "scale_capacity", "scale_cost", "add_edges", "origins", "destinations", "demands"]

    /// OD demands: a list of `{from: A, to: B, tonnes_per_day: N, modes: rail}` or of `A:B=N[@rail]` texts.
    func demandList(_ node: Node) throws(ScenarioFileError) -> [PlaceDemand] {
        guard let seq = node.sequence else {
            throw fail(node, "demands must be a list of {from, to, tonnes_per_day} or ORIGIN:DESTINATION=TONNES")
        }
        var out: [PlaceDemand] = []
        for item in seq {
            if let text = item.scalarText {
                let parsed: ODDemand
                do { parsed = try ODDemand(parsing: text) } catch { throw fail(item, error.description) }
                out.append(PlaceDemand(from: parsed.origin.description, to: parsed.destination.description,
                                       tonnesPerDay: parsed.tonnesPerDay, modes: parsed.modes))
                continue
            }
            let fields = try mapping(item, "a demand", allowed: ["from", "to", "tonnes_per_day", "modes", "mode"])
            func v(_ k: String) -> Node? { fields.first(where: { $0.key == k })?.value }
            guard let from = v("from"), let to = v("to") else { throw fail(item, "a demand needs 'from' and 'to'") }
            guard let amount = v("tonnes_per_day") else { throw fail(item, "a demand needs 'tonnes_per_day'") }
            var modes: Set<TransportMode>?
            if let m = v("modes") ?? v("mode") {
                modes = m.scalarText?.lowercased() == "any" ? nil : try self.modes(m)
            }
            out.append(PlaceDemand(from: try string(from, "from"), to: try string(to, "to"),
                                   tonnesPerDay: try integer(amount, "tonnes_per_day", InputRules.tonnesPerDay, as: Int64.self), modes: modes))
        }
        return out
    }

    func scenario(_ node: Node) throws(ScenarioFileError) -> Scenario {
        let pairs = try mapping(node, "a scenario", allowed: ScenarioParser.scenarioKeys)
        guard let nameNode = pairs.first(where: { $0.key == "name" })?.value else { throw fail(node, "a scenario needs a 'name'") }
        var s = Scenario(name: try string(nameNode, "name"))
        for p in pairs {
            switch p.key {
            case "description": s.description = try string(p.value, "description")
            case "close": s.changes.append(.close(try strings(p.value, "close")))
            case "close_where":
                for f in try filters(p.value, "close_where", factor: false) { s.changes.append(.closeWhere(f.0)) }
            case "deny_countries": s.changes.append(.denyCountries(try strings(p.value, "deny_countries")))
            case "deny_regions": s.changes.append(.denyRegions(try strings(p.value, "deny_regions")))
            case "modes": s.changes.append(.restrictModes(try modes(p.value)))
            case "scale_capacity":
                for (f, factor) in try filters(p.value, "scale_capacity", factor: true) { s.changes.append(.scaleCapacity(f, factor: factor)) }
            case "scale_cost":
                for (f, factor) in try filters(p.value, "scale_cost", factor: true) { s.changes.append(.scaleCost(f, factor: factor)) }
            case "add_edges":
                guard let seq = p.value.sequence else { throw fail(p.value, "add_edges must be a list") }
                for item in seq { s.changes.append(.addEdge(try addedEdge(item))) }
            case "origins": s.changes.append(.setOrigins(try amounts(p.value, "origins")))
            case "destinations": s.changes.append(.setDestinations(try amounts(p.value, "destinations")))
            case "demands": s.changes.append(.setDemands(try demandList(p.value)))
            default: break
            }
            // Every change added for this key points at the key, so errors found when applying it name the line.
            let (line, column) = p.keyNode.position
            while s.positions.count < s.changes.count { s.positions.append(SourcePosition(line: line, column: column)) }
        }
        return s
    }

    /// A filter or a list of filters; with `factor`, each must carry `factor:`.
    func filters(_ node: Node, _ what: String, factor: Bool) throws(ScenarioFileError) -> [(EdgeFilter, Double)] {
        let items = node.sequence.map(Array.init) ?? [node]
        var out: [(EdgeFilter, Double)] = []
        let keys = ["mode", "class", "kind", "gauge_mm", "country", "region", "name", "crossing", "terminal"] + (factor ? ["factor"] : [])
        for item in items {
            let pairs = try mapping(item, "an entry of \(what)", allowed: keys)
            var f = EdgeFilter()
            var scale = 1.0
            var hasFactor = false
            for p in pairs {
                switch p.key {
                case "mode":
                    guard let m = TransportMode(name: try string(p.value, "mode")) else { throw fail(p.value, "unknown mode (use road or rail)") }
                    f.mode = m
                case "class": f.roadClass = try string(p.value, "class")
                case "kind":
                    let text = try string(p.value, "kind")
                    guard let k = [EdgeKind.line, .crossing, .transshipment, .transfer].first(where: { $0.description == text }) else {
                        throw fail(p.value, "unknown kind '\(text)' (line, crossing, transshipment, transfer)")
                    }
                    f.kind = k
                case "gauge_mm":
                    guard let g = GaugeSpec(text: try string(p.value, "gauge_mm")) else { throw fail(p.value, "gauge_mm must be 1520, 1435 or dual") }
                    f.gauge = g
                case "country": f.country = try string(p.value, "country")
                case "region": f.region = try string(p.value, "region")
                case "name": f.name = try string(p.value, "name")
                case "crossing": f.crossing = try string(p.value, "crossing")
                case "terminal": f.terminal = try string(p.value, "terminal")
                case "factor":
                    scale = try number(p.value, "factor", InputRules.factor)
                    hasFactor = true
                default: break
                }
            }
            if factor && !hasFactor { throw fail(item, "\(what) entry needs 'factor'") }
            if pairs.filter({ $0.key != "factor" }).isEmpty { throw fail(item, "\(what) entry selects nothing: give at least one of mode, class, kind, gauge_mm, country, region, name, crossing, terminal") }
            out.append((f, scale))
        }
        return out
    }

    func addedEdge(_ node: Node) throws(ScenarioFileError) -> AddedEdge {
        let pairs = try mapping(node, "an added edge", allowed: ["name", "from", "to", "mode", "class", "speed_kmh", "capacity_tpd",
                                                              "gauge_mm", "oneway", "country", "region", "tracks", "electrified",
                                                              "crossing_delay_h", "crossing_cost", "line"])
        func v(_ k: String) -> Node? { pairs.first(where: { $0.key == k })?.value }
        guard let from = v("from"), let to = v("to") else { throw fail(node, "an added edge needs 'from' and 'to' places") }
        guard let modeNode = v("mode"), let mode = TransportMode(name: try string(modeNode, "mode")) else {
            throw fail(v("mode") ?? node, "an added edge needs 'mode: road' or 'mode: rail'")
        }
        var gauge = GaugeSpec.none
        if mode == .rail {
            guard let g = v("gauge_mm") else { throw fail(node, "an added rail edge needs 'gauge_mm' (1520, 1435 or dual)") }
            guard let parsed = GaugeSpec(text: try string(g, "gauge_mm")) else { throw fail(g, "gauge_mm must be 1520, 1435 or dual") }
            gauge = parsed
        }
        guard let cap = v("capacity_tpd") else { throw fail(node, "an added edge needs 'capacity_tpd'") }
        guard let speed = v("speed_kmh") else { throw fail(node, "an added edge needs 'speed_kmh'") }
        let fromName = try string(from, "from"), toName = try string(to, "to")
        let name = try optionalString(v("name"), "name") ?? "\(fromName)–\(toName)"
        let roadClass = try optionalString(v("class"), "class") ?? (mode == .rail ? "main" : "primary")
        let attributes = EdgeAttributes(
            mode: mode, roadClass: roadClass,
            name: name, speedKmh: try number(speed, "speed_kmh", NumberRule.real(1...InputRules.speedKmh.range.upperBound, unit: "km/h")),
            oneway: try flag(v("oneway"), "oneway"), gauge: gauge,
            tracks: try v("tracks").map { n throws(ScenarioFileError) in try integer(n, "tracks", NumberRule.whole(1...255)) } ?? 1,
            electrified: try flag(v("electrified"), "electrified"),
            capacityTonnesPerDay: Int64(try number(cap, "capacity_tpd", InputRules.capacityTonnesPerDay)),
            country: try v("country").map { n throws(ScenarioFileError) in try string(n, "country") } ?? "",
            region: try v("region").map { n throws(ScenarioFileError) in try string(n, "region") } ?? "")
        var line: [LonLat]?
        if let l = v("line") {
            guard let seq = l.sequence else { throw fail(l, "line must be a list of [lon, lat] pairs") }
            var points: [LonLat] = []
            for item in seq {
                guard let pair = item.sequence, pair.count == 2 else { throw fail(item, "line points must be [lon, lat] in degrees") }
                let lon = try number(pair[0], "longitude", InputRules.longitude)
                let lat = try number(pair[1], "latitude", InputRules.latitude)
                points.append(LonLat(lon: lon, lat: lat))
            }
            guard points.count >= 2 else { throw fail(l, "line needs at least two points") }
            line = points
        }
        return AddedEdge(name: name, from: try string(from, "from"), to: try string(to, "to"), attributes: attributes,
                         crossingDelayHours: try v("crossing_delay_h").map { n throws(ScenarioFileError) in try number(n, "crossing_delay_h", InputRules.delayHours) },
                         crossingCost: try v("crossing_cost").map { n throws(ScenarioFileError) in try number(n, "crossing_cost", InputRules.cost) },
                         line: line)
    }
}
