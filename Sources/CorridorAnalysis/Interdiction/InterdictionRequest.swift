import CorridorGeo
import CorridorNetwork
import Foundation

/// What an interdiction tries to hurt.
public enum InterdictionObjective: String, Sendable, Equatable, CaseIterable, Codable {
    /// Minimise the maximum throughput left from the origins to the destinations (max-flow interdiction, Wood 1993).
    case throughput
    /// Maximise the minimum cost of delivering the destinations' demand (min-cost-flow interdiction); every tonne per
    /// day that cannot be delivered costs `InterdictionRequest.unmetCostPerTonne`.
    case cost
}

/// How the optimal set is found. Both are exact; neither is a heuristic.
public enum InterdictionMethod: String, Sendable, Equatable, CaseIterable, Codable {
    /// A mixed-integer program solved by COIN-OR CBC (Wood's single-level model for throughput; for cost, the
    /// single-level model from the inner min-cost flow's LP dual). Proven optimal unless a time limit stops it.
    case mip
    /// Exhaustive search branching only on elements that carry flow in an optimal flow of the network left (an element
    /// carrying none cannot change the optimum), with every set visited once: exact, exponential in the budget.
    case enumeration
}

/// A network element that can be removed: its kind and id as in chokepoint results (`CutElement`, `CriticalElement`).
public struct ElementReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Crossing, terminal, edge (a physical line piece) or node (a junction).
    public var kind: ElementKind
    /// Index into `network.crossings` / `network.terminals`, the lower edge id of a piece, or the node id.
    public var id: Int

    /// An element of `kind` with `id`.
    public init(kind: ElementKind, id: Int) { self.kind = kind; self.id = id }

    /// Parses `KIND:ID` (`crossing:3`, `edge:199`, `node:77`, `terminal:4`).
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = ElementKind(rawValue: parts[0]), kind != .site, let id = Int(parts[1]), id >= 0 else {
            return nil
        }
        self.init(kind: kind, id: id)
    }

    /// `KIND:ID`, stable for one network build (the form sweeps shard on).
    public var description: String { "\(kind.rawValue):\(id)" }

    /// Crossings, terminals, edges, nodes; then id.
    public static func < (a: ElementReference, b: ElementReference) -> Bool {
        (a.kind.order, a.id) < (b.kind.order, b.id)
    }
}

extension ElementKind {
    /// Report order: crossings, terminals, edges, nodes, sites.
    var order: Int {
        switch self {
        case .crossing: 0
        case .terminal: 1
        case .edge: 2
        case .node: 3
        case .site: 4
        }
    }
}

/// One interdiction-cost rule: the elements a selector names get `cost` (`.infinity`: never removed).
///
/// Selectors: `kind:KIND` (every crossing, terminal, edge or node), `crossing:ID`, `terminal:ID`, `edge:ID`, `node:ID`,
/// or a name: a crossing's name, a terminal's place (every terminal there) or a line's name (every piece of it),
/// matched case- and diacritic-insensitively.
public struct InterdictionCostRule: Sendable, Equatable {
    /// What the rule applies to.
    public var selector: String
    /// Interdiction cost, ≥ 0; `.infinity` protects the elements.
    public var cost: Double
    /// Where the rule came from (`file:line`), for messages; nil for command-line rules.
    public var origin: String?
    /// A rule giving the elements `selector` names the interdiction cost `cost`.
    public init(selector: String, cost: Double, origin: String? = nil) {
        self.selector = selector; self.cost = cost; self.origin = origin
    }
}

/// Interdiction costs: every element costs `defaultCost` unless a rule says otherwise (rules in order, later winning).
public struct InterdictionCosts: Sendable, Equatable {
    /// Cost of an element no rule names (default 1: the budget counts elements).
    public var defaultCost: Double
    /// Rules in order; a later rule overrides an earlier one for the elements both name.
    public var rules: [InterdictionCostRule]
    /// Costs with a default and rules.
    public init(defaultCost: Double = 1, rules: [InterdictionCostRule] = []) {
        self.defaultCost = defaultCost; self.rules = rules
    }
}

/// An interdiction question: which elements, removed together within a budget, hurt the most.
public struct InterdictionRequest: Sendable, Equatable {
    /// Origins; an amount caps (throughput) or is the supply (cost); `nil` is unlimited.
    public var origins: [FlowSite]
    /// Destinations; an amount caps (throughput) or is the demand (cost, required).
    public var destinations: [FlowSite]
    /// Allowed modes, avoided countries and regions, and closed elements (as for chokepoints).
    public var restrictions: Restrictions
    /// Total interdiction cost allowed, ≥ 0 (with unit costs: the number of elements).
    public var budget: Double
    /// Throughput (default) or cost.
    public var objective: InterdictionObjective
    /// Exact method: MIP (default) or enumeration.
    public var method: InterdictionMethod
    /// Interdiction cost of each element.
    public var costs: InterdictionCosts
    /// Kinds of element that may be removed (default: crossings, terminals, line pieces and junctions).
    public var kinds: Set<ElementKind>
    /// Wall-clock limit per solve (each point of the resilience curve), seconds; nil: none.
    public var timeLimitSeconds: Double?
    /// Cost objective: the cost of each tonne per day not delivered; nil: one more than the dearest simple path
    /// could cost (the sum of the per-tonne costs of all usable arcs), so delivering always beats not delivering.
    public var unmetCostPerTonne: Double?
    /// Also compute the greedy sequence (best single removal, then the best next one, ...), labelled a heuristic.
    public var greedy: Bool
    /// Solve every budget 0, 1, ..., ⌊budget⌋ (and `budget`) for the resilience curve; false: only `budget`.
    public var curve: Bool
    /// Sites farther than this from every usable node are an error, metres.
    public var maxSnapMeters: Double

    /// Memberwise initializer with the defaults listed on each property.
    public init(origins: [FlowSite], destinations: [FlowSite], restrictions: Restrictions = .none, budget: Double,
                objective: InterdictionObjective = .throughput, method: InterdictionMethod = .mip,
                costs: InterdictionCosts = InterdictionCosts(), kinds: Set<ElementKind> = [.crossing, .terminal, .edge, .node],
                timeLimitSeconds: Double? = nil, unmetCostPerTonne: Double? = nil, greedy: Bool = true, curve: Bool = true,
                maxSnapMeters: Double = 25_000) {
        self.origins = origins; self.destinations = destinations; self.restrictions = restrictions; self.budget = budget
        self.objective = objective; self.method = method; self.costs = costs; self.kinds = kinds
        self.timeLimitSeconds = timeLimitSeconds; self.unmetCostPerTonne = unmetCostPerTonne; self.greedy = greedy
        self.curve = curve; self.maxSnapMeters = maxSnapMeters
    }
}

/// A removed element, with what it cost to remove.
public struct InterdictedElement: Sendable, Equatable {
    /// Kind and id.
    public var reference: ElementReference
    /// Crossing name, terminal place and kind, line name with its ends, or junction description.
    public var name: String
    /// Its interdiction cost.
    public var interdictionCost: Double
    /// Network edges removed with it, sorted.
    public var edges: [UInt32]
    /// Location (the crossing or terminal point, the edge's midpoint, the node).
    public var location: LonLat
}

/// How sure a plan is: what proved it, or how far from proven it stopped.
public struct InterdictionProof: Sendable, Equatable {
    /// `optimal`, or what stopped the search (`stopped at the time limit`, ...).
    public var status: String
    /// Whether the plan is proven optimal.
    public var proven: Bool
    /// `mip` (CBC), `enumeration`, or `none` (nothing affordable, or nothing gets through at a smaller budget already).
    public var method: String
    /// A proven bound on the optimum: a lower bound on the throughput left, or an upper bound on the cost; equal to
    /// the plan's value when proven.
    public var bound: Double
    /// `|value − bound|`.
    public var absoluteGap: Double
    /// `absoluteGap / |value|` (0 when both are 0).
    public var relativeGap: Double
    /// Branch-and-bound nodes (MIP) or sets evaluated (enumeration).
    public var work: Int
}

/// The best set for one budget and what the network can still do without it.
public struct InterdictionPlan: Sendable, Equatable {
    /// The budget this plan was solved for.
    public var budget: Double
    /// The removed elements, by kind then id.
    public var elements: [InterdictedElement]
    /// Sum of their interdiction costs.
    public var spent: Double
    /// Maximum throughput left without them, tonnes/day (exact, recomputed by max flow).
    public var throughputLeftTonnesPerDay: Int64
    /// Cost objective: tonnes/day still delivered at minimum cost; nil for throughput.
    public var deliveredTonnesPerDay: Int64?
    /// Cost objective: cost per day of the delivered flow (cost units); nil for throughput.
    public var flowCost: Double?
    /// Cost objective: `flowCost` + unmet tonnes × the unmet cost per tonne (the objective); nil for throughput.
    public var totalCost: Double?
    /// Optimality status, bound and gap.
    public var proof: InterdictionProof

    /// The objective's value: throughput left, or total cost.
    public var value: Double { totalCost ?? Double(throughputLeftTonnesPerDay) }
}

/// One step of the greedy sequence (a heuristic, never claimed optimal).
public struct GreedyStep: Sendable, Equatable {
    /// The element added at this step.
    public var element: InterdictedElement
    /// Total interdiction cost of the sequence so far.
    public var spent: Double
    /// Throughput left after removing the sequence so far, tonnes/day.
    public var throughputLeftTonnesPerDay: Int64
    /// Cost objective: total cost after removing the sequence so far.
    public var totalCost: Double?
}

/// The answer to an `InterdictionRequest`.
public struct InterdictionResult: Sendable {
    /// The request answered.
    public var request: InterdictionRequest
    /// The origins snapped to the network.
    public var origins: [ResolvedSite]
    /// The destinations snapped to the network.
    public var destinations: [ResolvedSite]
    /// Maximum throughput of the intact network (under the restrictions), tonnes/day.
    public var intactThroughputTonnesPerDay: Int64
    /// Cost objective: total cost of delivering the demand in the intact network; nil for throughput.
    public var intactTotalCost: Double?
    /// Cost objective: the unmet-demand cost per tonne used; nil for throughput.
    public var unmetCostPerTonne: Double?
    /// The best plan for the full budget.
    public var best: InterdictionPlan
    /// Resilience curve: the best plan for each budget 0, 1, ..., ⌊budget⌋ (and the budget itself when fractional);
    /// only `best` when the request asked for no curve.
    public var curve: [InterdictionPlan]
    /// The greedy sequence (labelled a heuristic in every output), empty when not asked for.
    public var greedy: [GreedyStep]
    /// Minimum-cut elements of the network left by `best`, every shared capacity respected, by kind then id: the
    /// layered network's minimum cut when its capacity is the throughput left, else the cut of the joint LP's
    /// optimal dual, with the shared capacities (`shared`) that hold the flow and each element's dual (`weight`, 1
    /// in a whole cut).
    public var remainingCut: [CutElement]
    /// Capacity of `remainingCut`, Σ weight · capacity, tonnes/day: the throughput `best` leaves (unrounded).
    public var remainingCutCapacityTonnesPerDay: Double
    /// Number of elements the search could choose from (those on some origin–destination path, within budget).
    public var candidateCount: Int
    /// Of those, the ones the exact search chose from: no other candidate dominates them at no greater cost (every
    /// origin–destination path through a dropped one uses its dominator, so the optimum is the same).
    public var undominatedCount: Int
    /// What the restrictions matched.
    public var notes: [String]
}
