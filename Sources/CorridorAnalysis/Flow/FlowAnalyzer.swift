import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

/// A min-cost flow question: ship goods from origins to destinations (tonnes per day) at minimum cost.
public struct FlowRequest: Sendable, Equatable {
    /// Origins with the tonnes per day each can supply (required).
    public var origins: [FlowSite]
    /// Destinations with the tonnes per day each demands (required).
    public var destinations: [FlowSite]
    /// Allowed modes, avoided countries and regions, and closed elements.
    public var restrictions: Restrictions
    /// Sites farther than this from every usable node are an error.
    public var maxSnapMeters: Double
    /// When true, a request that cannot be delivered in full throws `AnalysisError.infeasible`
    /// instead of returning the best partial flow.
    public var requireFullDelivery: Bool

    /// Memberwise initializer; by default nothing is restricted, sites snap within 25 km, partial delivery is allowed.
    public init(origins: [FlowSite], destinations: [FlowSite], restrictions: Restrictions = .none,
                maxSnapMeters: Double = 25_000, requireFullDelivery: Bool = false) {
        self.origins = origins; self.destinations = destinations; self.restrictions = restrictions
        self.maxSnapMeters = maxSnapMeters; self.requireFullDelivery = requireFullDelivery
    }
}

/// How much of a site's amount was shipped or received.
public struct SiteFlow: Sendable, Equatable {
    /// The requested site, snapped to the network.
    public var site: ResolvedSite
    /// Amount asked for (supply at an origin, demand at a destination), tonnes/day.
    public var requestedTonnesPerDay: Int64
    /// Amount actually sent (origin) or received (destination), tonnes/day.
    public var tonnesPerDay: Int64
    /// `requested − actual`.
    public var shortfallTonnesPerDay: Int64 { requestedTonnesPerDay - tonnesPerDay }
}

/// One path of the flow decomposition: a route carrying a constant amount from one origin to one destination.
public struct FlowPath: Sendable, Equatable {
    /// Index into the request's origins / destinations.
    public var origin: Int
    /// Index into the request's destinations.
    public var destination: Int
    /// Network arcs in travel order.
    public var arcs: [UInt32]
    /// Network edge of each arc, same order.
    public var edges: [UInt32]
    /// Amount carried along the path, tonnes/day.
    public var tonnesPerDay: Int64
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
    public var tonnesPerDay: Int64
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

/// The answer to a `FlowRequest`.
public struct FlowResult: Sendable {
    /// The request answered.
    public var request: FlowRequest
    /// The analysed network (for names and geometry in outputs).
    public var network: Network
    /// Whether the demand was met in full, in part, or not at all.
    public var status: FlowStatus
    /// Supply and amount shipped per origin, in request order.
    public var origins: [SiteFlow]
    /// Demand and amount received per destination, in request order.
    public var destinations: [SiteFlow]
    /// Sum of the destinations' demands, tonnes/day.
    public var requestedTonnesPerDay: Int64
    /// Sum of the origins' supplies, tonnes/day.
    public var suppliedTonnesPerDay: Int64
    /// Sum received by the destinations, tonnes/day.
    public var deliveredTonnesPerDay: Int64
    /// Total cost of the delivered flow per day (cost units = per-tonne cost × tonnes).
    public var totalCost: Double
    /// Flow on each network arc, tonnes/day.
    public var arcFlow: [Int64]
    /// Flow on each edge, both directions summed, tonnes/day.
    public var edgeFlow: [Int64]
    /// Capacity of each arc in the analysed view, tonnes/day (0 when closed).
    public var arcCapacity: [Int64]
    /// Cost per tonne of each arc in milli-units (`UInt32.max` when closed).
    public var arcCostMilli: [UInt32]
    /// Flow decomposition, deterministic (origins in request order, arcs by id).
    public var paths: [FlowPath]
    /// Corridors by decreasing volume (ties by name).
    public var corridors: [FlowCorridor]
    /// What the restrictions matched.
    public var notes: [String]
    /// Shared capacities (dual-gauge pieces, multi-layer crossings and terminals) this flow overloads: each member
    /// edge has the full capacity, so their sum may exceed it (see `SharedCapacityGroup`). Empty when the flow is
    /// physically feasible.
    public var sharedCapacityWarnings: [SharedCapacityWarning]

    /// Destinations that did not receive their full demand: (canonical name, missing tonnes/day).
    public var unmetDemand: [(place: String, tonnesPerDay: Int64)] {
        destinations.filter { $0.shortfallTonnesPerDay > 0 }.map { ($0.site.name, $0.shortfallTonnesPerDay) }
    }
}

/// Min-cost flow and chokepoint analysis on a network. Immutable; safe to share across threads.
public final class FlowAnalyzer: Sendable {
    /// The network analysed (that of `baseView`).
    public let network: Network
    /// The view every request starts from (a scenario's closures and capacity/cost factors).
    public let baseView: NetworkView

    /// An analyzer over the whole, unrestricted network.
    public convenience init(network: Network) { self.init(view: NetworkView(network: network)) }

    /// An analyzer over `view`: its closures and factors hold for every request; request restrictions apply on top.
    public init(view: NetworkView) {
        self.network = view.network
        self.baseView = view
    }

    /// Ships the requested tonnes at minimum cost; when demand exceeds what the network (or supply) allows, ships as
    /// much as possible at minimum cost and reports the unmet demand per destination.
    ///
    /// - Throws: `AnalysisError` for unknown places, sites off the network, negative or overflowing amounts, and
    ///   `.infeasible` when `requireFullDelivery` is set and the demand cannot be met.
    /// - Complexity: one network simplex solve on (nodes + sites, open arcs + site arcs), plus O(paths · length) for
    ///   the decomposition.
    public func flow(_ request: FlowRequest) throws(AnalysisError) -> FlowResult {
        guard !request.origins.isEmpty, !request.destinations.isEmpty else {
            throw .invalidRequest("a flow needs at least one origin and one destination")
        }
        for s in request.origins + request.destinations where s.tonnesPerDay == nil {
            throw .invalidRequest("flow sites need an amount: \(s.endpoint)=TONNES")
        }
        let view = try baseView.applying(request.restrictions)
        let origins = try view.resolve(request.origins, maxSnapMeters: request.maxSnapMeters)
        let destinations = try view.resolve(request.destinations, maxSnapMeters: request.maxSnapMeters)
        let model = FlowModel(view: view, origins: origins, destinations: destinations)
        let solved: MinCostFlowResult
        do {
            solved = try MinCostFlow.maximumFlowAtMinimumCost(model.network)
        } catch {
            throw .overflow("\(error)")
        }
        guard case .optimal = solved.status else {
            throw .infeasible(reason: "the flow solver found no optimal flow (\(solved.status))")
        }
        return try FlowResult(model: model, flow: solved.flow, request: request, notes: view.notes)
    }
}

/// The flow network of a view: one flow arc per open network arc, plus hub nodes for the sites (hidden from users).
///
/// Node ids: network nodes `0..<N`, then one hub per origin, then one hub per destination. An origin hub has the
/// origin's supply and uncapacitated zero-cost arcs to the origin's snapped nodes; a destination hub has the
/// destination's demand and arcs from its nodes.
struct FlowModel {
    let view: NetworkView
    let origins: [ResolvedSite]
    let destinations: [ResolvedSite]
    var network: FlowNetwork
    /// Network arc of each flow arc, or `UInt32.max` for hub arcs.
    var networkArc: [UInt32]
    let arcCapacity: [Int64]
    let arcCostMilli: [UInt32]

    var networkNodeCount: Int { view.network.nodeCount }
    func originHub(_ i: Int) -> UInt32 { UInt32(networkNodeCount + i) }
    func destinationHub(_ j: Int) -> UInt32 { UInt32(networkNodeCount + origins.count + j) }

    /// - Parameter unlimited: give sites without an amount (and hub arcs) infinite capacity instead of supplies.
    init(view: NetworkView, origins: [ResolvedSite], destinations: [ResolvedSite]) {
        self.view = view; self.origins = origins; self.destinations = destinations
        let n = view.network
        let weights = arcWeights(view: view, metric: .cost, floor: 0)
        var capacity = [Int64](repeating: 0, count: n.arcCount)
        var fn = FlowNetwork(nodeCount: n.nodeCount + origins.count + destinations.count)
        var networkArc: [UInt32] = []
        let g = n.graph
        for a in 0..<n.arcCount {
            let e = Int(n.arcEdge[a])
            let c = view.capacity(ofEdge: e)
            capacity[a] = c
            guard c > 0, weights[a] != UInt32.max else { continue }
            fn.addArc(from: g.tail[a], to: g.head[a], capacity: c, cost: Int64(weights[a]))
            networkArc.append(UInt32(a))
        }
        for (i, site) in origins.enumerated() {
            let hub = UInt32(n.nodeCount + i)
            for v in site.nodes { fn.addArc(from: hub, to: v, capacity: FlowNetwork.infiniteCapacity); networkArc.append(.max) }
            fn.supplies[Int(hub)] = site.tonnesPerDay ?? 0
        }
        for (j, site) in destinations.enumerated() {
            let hub = UInt32(n.nodeCount + origins.count + j)
            for v in site.nodes { fn.addArc(from: v, to: hub, capacity: FlowNetwork.infiniteCapacity); networkArc.append(.max) }
            fn.supplies[Int(hub)] = -(site.tonnesPerDay ?? 0)
        }
        self.network = fn
        self.networkArc = networkArc
        self.arcCapacity = capacity
        self.arcCostMilli = weights
    }
}

extension FlowResult {
    init(model: FlowModel, flow: [Int64], request: FlowRequest, notes: [String]) throws(AnalysisError) {
        let net = model.view.network
        let paths = FlowDecomposition.decompose(model: model, flow: flow)
        var arcFlow = [Int64](repeating: 0, count: net.arcCount)
        var edgeFlow = [Int64](repeating: 0, count: net.edgeCount)
        var shipped = [Int64](repeating: 0, count: model.origins.count)
        var received = [Int64](repeating: 0, count: model.destinations.count)
        var costMilli: Int64 = 0
        for p in paths {
            shipped[p.origin] += p.tonnesPerDay
            received[p.destination] += p.tonnesPerDay
            for a in p.arcs {
                arcFlow[Int(a)] += p.tonnesPerDay
                edgeFlow[Int(net.arcEdge[Int(a)])] += p.tonnesPerDay
                let (product, o1) = p.tonnesPerDay.multipliedReportingOverflow(by: Int64(model.arcCostMilli[Int(a)]))
                let (sum, o2) = costMilli.addingReportingOverflow(product)
                if o1 || o2 { throw .overflow("total flow cost") }
                costMilli = sum
            }
        }
        func total(_ sites: [ResolvedSite]) throws(AnalysisError) -> Int64 {
            var s: Int64 = 0
            for site in sites {
                let (r, o) = s.addingReportingOverflow(site.tonnesPerDay ?? 0)
                if o { throw .overflow("sum of site amounts") }
                s = r
            }
            return s
        }
        self.request = request
        self.network = net
        self.origins = model.origins.enumerated().map { SiteFlow(site: $1, requestedTonnesPerDay: $1.tonnesPerDay ?? 0, tonnesPerDay: shipped[$0]) }
        self.destinations = model.destinations.enumerated().map { SiteFlow(site: $1, requestedTonnesPerDay: $1.tonnesPerDay ?? 0, tonnesPerDay: received[$0]) }
        self.requestedTonnesPerDay = try total(model.destinations)
        self.suppliedTonnesPerDay = try total(model.origins)
        self.deliveredTonnesPerDay = received.reduce(0, +)
        self.totalCost = Double(costMilli) / 1000
        self.arcFlow = arcFlow
        self.edgeFlow = edgeFlow
        self.arcCapacity = model.arcCapacity
        self.arcCostMilli = model.arcCostMilli
        self.paths = paths
        self.corridors = FlowDecomposition.corridors(of: paths)
        self.notes = notes
        self.sharedCapacityWarnings = SharedCapacity.warnings(network: net, arcFlow: arcFlow, arcCapacity: model.arcCapacity)
        if deliveredTonnesPerDay >= requestedTonnesPerDay {
            status = .complete
        } else {
            status = deliveredTonnesPerDay == 0 && requestedTonnesPerDay > 0 ? .infeasible : .partial
        }
        if request.requireFullDelivery && status != .complete {
            let missing = unmetDemand.map { "\($0.place) \($0.tonnesPerDay) t/day" }.joined(separator: ", ")
            throw .infeasible(reason: "only \(deliveredTonnesPerDay) of \(requestedTonnesPerDay) t/day can be delivered; unmet: \(missing)")
        }
    }
}
