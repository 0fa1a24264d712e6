import CorridorGeo
import CorridorNetwork
import Foundation

/// How much of a site's amount was shipped or received.
public struct SiteFlow: Sendable, Equatable {
    /// The requested site, snapped to the network.
    public var site: ResolvedSite
    /// Amount asked for (supply at an origin, demand at a destination), tonnes/day.
    public var requestedTonnesPerDay: Int64
    /// Amount actually sent (origin) or received (destination), tonnes/day.
    public var tonnesPerDay: Double
    /// `requested − actual`.
    public var shortfallTonnesPerDay: Double { max(0, Double(requestedTonnesPerDay) - tonnesPerDay) }
}

/// What an OD pair asked for and received.
public struct ODPairFlow: Sendable, Equatable {
    /// Index into `FlowResult.origins`.
    public var origin: Int
    /// Index into `FlowResult.destinations`.
    public var destination: Int
    /// `Vladivostok → Pyongyang`.
    public var name: String
    /// Modes the pair may use; `nil`: any the request allows.
    public var modes: Set<TransportMode>?
    /// Demand, tonnes/day.
    public var requestedTonnesPerDay: Int64
    /// Delivered by the maximum-throughput, minimum-cost flow, tonnes/day.
    public var deliveredTonnesPerDay: Double
    /// `requested − delivered`.
    public var shortfallTonnesPerDay: Double { max(0, Double(requestedTonnesPerDay) - deliveredTonnesPerDay) }
}

/// One path of the flow decomposition: a route carrying a constant amount from one origin to one destination.
public struct FlowPath: Sendable, Equatable {
    /// Index into the result's origins.
    public var origin: Int
    /// Index into the result's destinations.
    public var destination: Int
    /// Index into `FlowResult.commodities`.
    public var commodity: Int
    /// The OD pair served (index into `FlowResult.pairs`); `nil` for pooled flows.
    public var pair: Int?
    /// Network arcs in travel order.
    public var arcs: [UInt32]
    /// Network edge of each arc, same order.
    public var edges: [UInt32]
    /// Amount carried along the path, tonnes/day.
    public var tonnesPerDay: Double
    /// Cost per tonne along the path (cost units).
    public var costPerTonne: Double
    /// Border crossings traversed, in order.
    public var crossings: [String]
    /// Countries of line edges, in order, consecutive duplicates removed.
    public var countries: [String]
    /// Regions of line edges, in order, consecutive duplicates removed.
    public var regions: [String]
    /// Gauge-change terminals used, in order.
    public var transshipments: [String]
}

/// Flow paths grouped by the border crossings they use (or, for domestic flows, the regions they cross).
public struct FlowCorridor: Sendable, Equatable {
    /// `RU → Khasan–Tumangang → KP`, or the regions crossed for a domestic corridor.
    public var name: String
    /// Border crossings the corridor's paths use, in order (empty for a domestic corridor).
    public var crossings: [String]
    /// Countries and regions of the corridor's largest path.
    public var countries: [String]
    /// Regions of the corridor's largest path (see `countries`).
    public var regions: [String]
    /// Combined amount of the corridor's paths, tonnes/day.
    public var tonnesPerDay: Double
    /// Total cost per day of the corridor's flow (cost units).
    public var cost: Double
    /// Indices into `FlowResult.paths`, largest first.
    public var paths: [Int]
}

/// Whether a flow request was met.
public enum FlowStatus: String, Sendable, Equatable {
    /// Every destination received its demand.
    case complete
    /// Some but not all of the demand could be delivered (network capacity or supply too small).
    case partial
    /// Nothing could be delivered.
    case infeasible
}

/// One commodity of a flow: its name and what it asked for and received.
public struct CommodityFlow: Sendable, Equatable {
    /// `Vladivostok → Pyongyang` (OD), `from Vladivostok` (origin), `all` (pooled).
    public var name: String
    /// Demand of the commodity's destinations, tonnes/day.
    public var requestedTonnesPerDay: Int64
    /// Delivered, tonnes/day.
    public var deliveredTonnesPerDay: Double
}

/// The largest fraction λ of every demand that the network can deliver at once.
public struct ConcurrentFlow: Sendable, Equatable {
    /// λ: every OD pair (pooled: every destination) can receive λ × its demand at the same time; > 1 when the
    /// network has room to spare; `.infinity` when nothing limits it (every pair's origin and destination share a
    /// node).
    public var lambda: Double
    /// The capacities that limit λ, most limiting first (see `ShadowPrice.concurrentPerTonne`).
    public var limitedBy: [String]
}

/// What one more tonne per day of a binding capacity is worth: the LP duals of the capacity constraint.
///
/// Valid for small changes (an LP dual is the slope of the optimum in the capacity until the optimal basis
/// changes; when the optimum is degenerate it is one of several valid slopes, the one CLP's basis gives).
public struct ShadowPrice: Sendable, Equatable {
    /// Position in the ranking, 1 first.
    public var rank: Int
    /// The capacity constraint.
    public var constraint: CapacityConstraint
    /// Flow through the element, tonnes/day (the maximum-throughput, minimum-cost flow).
    public var flowTonnesPerDay: Double
    /// Extra tonnes per day delivered per extra tonne per day of capacity (maximum throughput).
    public var deliveryPerTonne: Double
    /// Change of the daily cost per extra tonne per day of capacity at the same delivery (≤ 0: a saving).
    public var costPerTonne: Double
    /// Change of λ per extra tonne per day of capacity (maximum concurrent flow); nil when λ was not computed.
    public var concurrentPerTonne: Double?
}

/// Flow through one capacity constraint.
public struct CapacityUse: Sendable, Equatable {
    /// The constraint.
    public var constraint: CapacityConstraint
    /// Flow through it, tonnes/day.
    public var flowTonnesPerDay: Double
    /// `flow / capacity` (0 when the capacity is 0).
    public var utilization: Double
}

/// The answer to a `FlowRequest`.
public struct FlowResult: Sendable {
    /// The request answered.
    public var request: FlowRequest
    /// The analysed network (for names and geometry in outputs).
    public var network: Network
    /// The commodity model used.
    public var commodityModel: CommodityModel
    /// Whether the demand was met in full, in part, or not at all.
    public var status: FlowStatus
    /// Supply and amount shipped per origin site, in request order (OD requests: in order of first appearance).
    public var origins: [SiteFlow]
    /// Demand and amount received per destination site, in request order (OD requests: first appearance).
    public var destinations: [SiteFlow]
    /// OD pairs in request order (empty for a pooled request).
    public var pairs: [ODPairFlow]
    /// The commodities that were kept apart.
    public var commodities: [CommodityFlow]
    /// Sum of the destinations' demands, tonnes/day.
    public var requestedTonnesPerDay: Int64
    /// Sum of the origins' supplies, tonnes/day.
    public var suppliedTonnesPerDay: Int64
    /// Sum received by the destinations, tonnes/day.
    public var deliveredTonnesPerDay: Double
    /// Total cost of the delivered flow per day (cost units = per-tonne cost × tonnes).
    public var totalCost: Double
    /// Maximum concurrent flow; nil when not computed.
    public var concurrent: ConcurrentFlow?
    /// Flow on each network arc, all commodities, tonnes/day.
    public var arcFlow: [Double]
    /// Flow of each commodity on each network arc (parallel to `commodities`), tonnes/day.
    public var commodityArcFlow: [[Double]]
    /// Flow on each edge, both directions summed, tonnes/day.
    public var edgeFlow: [Double]
    /// Capacity of each arc in the analysed view, tonnes/day (0 when closed).
    public var arcCapacity: [Int64]
    /// Cost per tonne of each arc in milli-units (`UInt32.max` when closed).
    public var arcCostMilli: [UInt32]
    /// Every capacity constraint of the view with its flow.
    public var capacities: [CapacityUse]
    /// Indices into `capacities` of the constraints each arc lies in.
    public var capacitiesOfArc: [[Int32]]
    /// Binding capacities, most valuable first (delivery, then cost saving, then λ); empty when not computed.
    public var shadowPrices: [ShadowPrice]
    /// Flow decomposition, deterministic (commodities in order, sources in order, arcs by id).
    public var paths: [FlowPath]
    /// Corridors by decreasing volume (ties by name).
    public var corridors: [FlowCorridor]
    /// What the restrictions matched.
    public var notes: [String]
    /// `network simplex`, `linear program (CLP)` (the arc formulation) or `linear program (CLP, paths)` (column
    /// generation on paths, for large programs): what computed the flow.
    public var solver: String

    /// Destinations (pooled) or OD pairs that did not receive their full demand: (name, missing tonnes/day).
    public var unmetDemand: [(place: String, tonnesPerDay: Double)] {
        if !pairs.isEmpty {
            return pairs.filter { $0.shortfallTonnesPerDay > 1e-6 }.map { ($0.name, $0.shortfallTonnesPerDay) }
        }
        return destinations.filter { $0.shortfallTonnesPerDay > 1e-6 }.map { ($0.site.name, $0.shortfallTonnesPerDay) }
    }
}
