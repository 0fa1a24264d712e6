import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

/// A chokepoint question: how much can move from the origins to the destinations per day, what limits it, and
/// which elements matter most.
public struct ChokepointRequest: Sendable, Equatable {
    /// Origins; an amount caps what the origin can supply, `nil` means unlimited.
    public var origins: [FlowSite]
    /// Destinations; an amount caps what the destination can take, `nil` means unlimited.
    public var destinations: [FlowSite]
    /// Allowed modes, avoided countries and regions, and closed elements.
    public var restrictions: Restrictions
    /// How many ranked elements to keep (0 = skip the ranking).
    public var top: Int
    /// Sites farther than this from every usable node are an error, metres.
    public var maxSnapMeters: Double
    /// Whether both directions of a single-track line share its capacity (see `FlowRequest`).
    public var singleTrackSharesDirections: Bool

    /// Memberwise initializer; by default nothing is restricted, 10 elements are ranked, sites snap within 25 km and
    /// single track is shared by both directions.
    public init(origins: [FlowSite], destinations: [FlowSite], restrictions: Restrictions = .none, top: Int = 10,
                maxSnapMeters: Double = 25_000, singleTrackSharesDirections: Bool = true) {
        self.origins = origins; self.destinations = destinations; self.restrictions = restrictions; self.top = top
        self.maxSnapMeters = maxSnapMeters; self.singleTrackSharesDirections = singleTrackSharesDirections
    }
}

/// What a network element is, for cuts and rankings.
public enum ElementKind: String, Sendable, Equatable, Codable {
    /// A physical line piece (both directions and, for dual gauge, both gauge edges).
    case edge
    /// A border crossing (all its connector edges).
    case crossing
    /// A transfer or transshipment terminal (all its connector edges).
    case terminal
    /// A junction node (degree ≥ 3): removing it removes every edge touching it.
    case node
    /// The amount given for an origin or destination (the site itself is the limit).
    case site
}

/// One element of a minimum cut.
public struct CutElement: Sendable, Equatable {
    /// What the element is.
    public var kind: ElementKind
    /// Edge id for `.edge`, index into `network.crossings`/`terminals` for those, request site index for `.site`.
    public var id: Int
    /// Crossing name, terminal place, line name (or its source feature), or site name.
    public var name: String
    /// Capacity of the cut arcs of this element, tonnes/day (what it contributes to the cut); for a shared element,
    /// the shared capacity.
    public var capacityTonnesPerDay: Int64
    /// Network edges of the cut that belong to this element, sorted.
    public var edges: [UInt32]
    /// Location (the crossing or terminal point, the edge's midpoint, the site).
    public var location: LonLat
    /// Whether the element is a shared capacity (a joint row of the network with shared capacities: both gauges of
    /// a dual-gauge piece, the layers of a crossing or terminal, both directions of single track) rather than arcs
    /// at their own capacities. Always false in the layered network's cut.
    public var shared: Bool = false
    /// The element's weight in the cut: its LP dual (over its arcs, weighted by capacity), 1 in a whole cut. A
    /// minimum cut of a network with shared capacities may be fractional (no whole cut has the maximum flow's
    /// capacity); then the cut's capacity is Σ weight · capacity.
    public var weight: Double = 1
}

/// An element ranked by how much throughput is lost (and cost added) when it is removed.
public struct CriticalElement: Sendable, Equatable {
    /// Position in the ranking, 1 for the most critical.
    public var rank: Int
    /// What the element is.
    public var kind: ElementKind
    /// Edge id, crossing index, terminal index or node id.
    public var id: Int
    /// Crossing name, terminal place and kind, line name (or its source feature), or junction description.
    public var name: String
    /// Maximum throughput without the element minus with it, tonnes/day.
    public var throughputLostTonnesPerDay: Int64
    /// Extra cost per day of shipping the (reduced) maximum throughput at minimum cost without the element,
    /// compared with shipping the same amount with it (cost units); `nil` when not computed.
    public var costAdded: Double?
    /// Network edges removed with the element, sorted.
    public var edges: [UInt32]
    /// Location (the crossing or terminal point, the edge's midpoint, the node).
    public var location: LonLat
}

/// The answer to a `ChokepointRequest`.
public struct ChokepointResult: Sendable {
    /// The request answered.
    public var request: ChokepointRequest
    /// The origins snapped to the network, in request order.
    public var origins: [ResolvedSite]
    /// The destinations snapped to the network, in request order.
    public var destinations: [ResolvedSite]
    /// Maximum throughput from the origins to the destinations, tonnes/day, every shared capacity respected.
    public var maxThroughputTonnesPerDay: Double
    /// Capacity of the minimum cut of the layered network (where each gauge or layer of a shared facility has its
    /// full capacity), tonnes/day: the maximum throughput unless a shared capacity holds it lower.
    public var cutCapacityTonnesPerDay: Int64
    /// The shared capacities that hold the maximum throughput below the cut's capacity, with what one more t/day
    /// of each adds (LP duals), most valuable first; empty when none binds.
    public var sharedLimits: [ShadowPrice]
    /// Minimum-cut elements of the layered network, by kind then id; their capacities sum to
    /// `cutCapacityTonnesPerDay`.
    public var cut: [CutElement]
    /// Network edges of the minimum cut, sorted.
    public var cutEdges: [UInt32]
    /// Nodes on the origin side of the cut incident to a cut edge, sorted.
    public var cutNodes: [UInt32]
    /// Flow on each network arc of a maximum flow at minimum cost (every shared capacity respected), tonnes/day.
    public var arcFlow: [Double]
    /// Most critical elements first (throughput lost, then cost added, then kind and id).
    public var ranking: [CriticalElement]
    /// Wall time of the criticality ranking in seconds (never written to outputs, which stay deterministic).
    public var rankingSeconds: Double
    /// What the restrictions matched.
    public var notes: [String]
}

/// The max-flow network of a view: the flow model's hubs fed by a super source and drained into a super sink.
///
/// A site without an amount gets, as its bound, one more than the total capacity of the network arcs leaving (origin)
/// or entering (destination) its nodes: it can never ship that much, so its arc is never part of a minimum cut, and
/// the bound keeps every sum finite for the min-cost solver.
struct ThroughputModel {
    var base: FlowModel
    /// `base.network` plus super source and sink (for `MaxFlow`).
    var network: FlowNetwork
    let source: UInt32
    let sink: UInt32

    init(view: NetworkView, origins: [ResolvedSite], destinations: [ResolvedSite]) {
        func bound(_ site: ResolvedSite, outgoing: Bool) -> Int64 {
            if let amount = site.tonnesPerDay { return amount }
            let g = view.network.graph
            var total: Int64 = 0
            for v in site.nodes {
                if outgoing {
                    for a in g.outArcs(of: v) { total = total.addingReportingOverflow(view.capacity(ofEdge: Int(view.network.arcEdge[a]))).partialValue }
                } else {
                    for p in g.inArcPositions(of: v) {
                        total = total.addingReportingOverflow(view.capacity(ofEdge: Int(view.network.arcEdge[Int(g.inArcs[p])]))).partialValue
                    }
                }
            }
            return max(total, 0) + 1
        }
        var bounded = origins, boundedDestinations = destinations
        for i in bounded.indices { bounded[i].tonnesPerDay = bound(origins[i], outgoing: true) }
        for j in boundedDestinations.indices { boundedDestinations[j].tonnesPerDay = bound(destinations[j], outgoing: false) }
        base = FlowModel(view: view, origins: bounded, destinations: boundedDestinations)
        var fn = base.network
        let s = UInt32(fn.nodeCount), t = UInt32(fn.nodeCount + 1)
        for (i, o) in bounded.enumerated() { fn.addArc(from: s, to: base.originHub(i), capacity: o.tonnesPerDay!) }
        for (j, d) in boundedDestinations.enumerated() { fn.addArc(from: base.destinationHub(j), to: t, capacity: d.tonnesPerDay!) }
        fn.nodeCount += 2
        fn.supplies = [Int64](repeating: 0, count: fn.nodeCount)
        network = fn
        source = s; sink = t
    }

    /// Network arc of flow arc `a`, or nil for hub and super arcs.
    func networkArc(_ a: Int) -> Int? {
        a < base.networkArc.count && base.networkArc[a] != .max ? Int(base.networkArc[a]) : nil
    }
}

extension FlowAnalyzer {
    /// Maximum throughput, minimum cut and criticality ranking.
    ///
    /// - Throws: `AnalysisError` for unknown places or sites off the network; `.invalidRequest` when an origin and a
    ///   destination share a node with no amount to bound the flow.
    /// - Complexity: one push-relabel max flow, plus (for the ranking) one max flow and one min-cost flow per
    ///   candidate element, in parallel.
    public func chokepoints(_ request: ChokepointRequest) throws(AnalysisError) -> ChokepointResult {
        guard !request.origins.isEmpty, !request.destinations.isEmpty else {
            throw .invalidRequest("chokepoints need at least one origin and one destination")
        }
        let view = try baseView.applying(request.restrictions)
        let origins = try view.resolve(request.origins, maxSnapMeters: request.maxSnapMeters)
        let destinations = try view.resolve(request.destinations, maxSnapMeters: request.maxSnapMeters)
        let model = ThroughputModel(view: view, origins: origins, destinations: destinations)
        let solved: MaxFlowResult
        do {
            solved = try MaxFlow.solve(model.network, source: model.source, sink: model.sink)
        } catch {
            throw Self.analysisError(error)
        }
        // Report the maximum shipped at minimum cost: the push-relabel flow may take detours that load shared
        // capacities (dual-gauge pieces, multi-layer crossings) for nothing and would raise spurious warnings.
        let cheapest: MinCostFlowResult
        do {
            cheapest = try MinCostFlow.maximumFlowAtMinimumCost(model.base.network)
        } catch {
            throw Self.analysisError(error)
        }
        guard case .optimal = cheapest.status, cheapest.shipped == solved.value else {
            throw .infeasible(reason: "internal: min-cost throughput \(cheapest.shipped) differs from max flow \(solved.value)")
        }
        var arcFlow = [Double](repeating: 0, count: network.arcCount)
        for a in 0..<model.base.network.arcCount { if let na = model.networkArc(a) { arcFlow[na] = Double(cheapest.flow[a]) } }
        // The layered network gives each gauge or layer of a shared facility its full capacity; when the cheapest
        // maximum flow overloads one, the exact maximum comes from the linear program with the joint constraints.
        var maximum = Double(solved.value)
        var sharedLimits: [ShadowPrice] = []
        let (costMilli, _, open) = FlowPlan.openArcs(view)
        let (constraints, ofArc) = CapacityConstraints.build(view: view, open: open,
                                                             singleTrackSharesDirections: request.singleTrackSharesDirections)
        let load = CapacityConstraints.load(constraints, arcFlow: arcFlow)
        if constraints.indices.contains(where: { load[$0] > Double(constraints[$0].capacityTonnesPerDay) }) {
            let commodity = Commodity(
                name: "all",
                sources: model.base.origins.enumerated().map { CommodityEnd(site: $0, nodes: $1.nodes, amount: Double($1.tonnesPerDay!)) },
                sinks: model.base.destinations.enumerated().map { CommodityEnd(site: $0, nodes: $1.nodes, amount: Double($1.tonnesPerDay!)) },
                open: open)
            let program = FlowProgram(network: network, commodities: [commodity], constraints: constraints,
                                      constraintsOfArc: ofArc, arcCostMilli: costMilli)
            let (throughput, cost) = try program.solveThroughputThenCost()
            maximum = throughput.value
            arcFlow = [Double](repeating: 0, count: network.arcCount)
            for (i, a) in program.keptArcs[0].enumerated() { arcFlow[Int(a)] = cost.arcFlow[0][i] }
            let exactLoad = CapacityConstraints.load(constraints, arcFlow: arcFlow)
            sharedLimits = constraints.indices
                .filter { constraints[$0].sharing != .none && throughput.constraintDual[$0] > 0 }
                .map { ShadowPrice(rank: 0, constraint: constraints[$0], flowTonnesPerDay: exactLoad[$0],
                                   deliveryPerTonne: throughput.constraintDual[$0],
                                   costPerTonne: cost.constraintDual[$0] / 1000, concurrentPerTonne: nil) }
                .sorted { ($0.deliveryPerTonne, $1.constraint.name) > ($1.deliveryPerTonne, $0.constraint.name) }
            for i in sharedLimits.indices { sharedLimits[i].rank = i + 1 }
        }
        let (cut, cutEdges, cutNodes) = describeCut(model: model, cutArcs: solved.cutArcs)
        let started = Date()
        let ranking = try rank(model: model, maxThroughput: solved.value, top: request.top)
        let seconds = Date().timeIntervalSince(started)
        return ChokepointResult(request: request, origins: origins, destinations: destinations,
                                maxThroughputTonnesPerDay: maximum, cutCapacityTonnesPerDay: solved.value,
                                sharedLimits: sharedLimits, cut: cut, cutEdges: cutEdges, cutNodes: cutNodes,
                                arcFlow: arcFlow, ranking: ranking, rankingSeconds: seconds, notes: view.notes)
    }

    static func analysisError(_ error: FlowError) -> AnalysisError {
        switch error {
        case .overflow(let s): return .overflow(s)
        default: return .invalidRequest("an origin and a destination share a network node and no amount bounds the flow (\(error))")
        }
    }

    /// Maps cut arcs back to crossings, terminals, line edges and site limits.
    func describeCut(model: ThroughputModel, cutArcs: [UInt32]) -> ([CutElement], [UInt32], [UInt32]) {
        let n = network
        let owners = ElementOwners(network: n)
        var elements: [String: CutElement] = [:]
        var edges = Set<UInt32>(), nodes = Set<UInt32>()
        for ca in cutArcs {
            let fa = Int(ca)
            let capacity = model.network.capacities[fa]
            if let a = model.networkArc(fa) {
                let e = Int(n.arcEdge[a])
                edges.insert(UInt32(e))
                nodes.insert(n.arcTail(a))
                let (kind, id) = owners.owner(ofEdge: e)
                let key = "\(kind.rawValue):\(id)"
                var element = elements[key] ?? CutElement(kind: kind, id: id, name: owners.name(kind: kind, id: id),
                                                          capacityTonnesPerDay: 0, edges: [],
                                                          location: owners.location(kind: kind, id: id))
                element.capacityTonnesPerDay += capacity
                if !element.edges.contains(UInt32(e)) { element.edges.append(UInt32(e)) }
                elements[key] = element
            } else if Int(model.network.tails[fa]) == Int(model.source) {
                let i = Int(model.network.heads[fa]) - n.nodeCount
                let site = model.base.origins[i]
                elements["site:o\(i)"] = CutElement(kind: .site, id: i, name: "supply of \(site.name)",
                                                    capacityTonnesPerDay: capacity, edges: [], location: site.location)
            } else if Int(model.network.heads[fa]) == Int(model.sink) {
                let j = Int(model.network.tails[fa]) - n.nodeCount - model.base.origins.count
                let site = model.base.destinations[j]
                elements["site:d\(j)"] = CutElement(kind: .site, id: model.base.origins.count + j,
                                                    name: "demand of \(site.name)", capacityTonnesPerDay: capacity,
                                                    edges: [], location: site.location)
            }
        }
        let order: [ElementKind: Int] = [.crossing: 0, .terminal: 1, .edge: 2, .node: 3, .site: 4]
        let sorted = elements.values.map { e -> CutElement in var e = e; e.edges.sort(); return e }
            .sorted { (order[$0.kind]!, $0.id) < (order[$1.kind]!, $1.id) }
        return (sorted, edges.sorted(), nodes.sorted())
    }
}

/// Which crossing, terminal or physical edge owns each network edge, and how to name and place them.
struct ElementOwners {
    let network: Network
    var crossingOfEdge: [Int: Int] = [:]
    var terminalOfEdge: [Int: Int] = [:]

    init(network: Network) {
        self.network = network
        for (i, c) in network.crossings.enumerated() { for e in c.edges { crossingOfEdge[Int(e)] = i } }
        for (i, t) in network.terminals.enumerated() { for e in t.edges { terminalOfEdge[Int(e)] = i } }
    }

    /// Crossing or terminal index, else the physical edge (the lower id of a dual-gauge pair).
    func owner(ofEdge e: Int) -> (ElementKind, Int) {
        if let c = crossingOfEdge[e] { return (.crossing, c) }
        if let t = terminalOfEdge[e] { return (.terminal, t) }
        let twin = network.edgeTwin[e]
        return (.edge, twin != .max ? min(e, Int(twin)) : e)
    }

    func edges(kind: ElementKind, id: Int) -> [UInt32] {
        switch kind {
        case .crossing: return network.crossings[id].edges.sorted()
        case .terminal: return network.terminals[id].edges.sorted()
        case .edge:
            let twin = network.edgeTwin[id]
            return twin != .max ? [UInt32(id), twin].sorted() : [UInt32(id)]
        case .node:
            let g = network.graph
            var s = Set<UInt32>()
            for a in g.outArcs(of: UInt32(id)) { s.insert(network.arcEdge[a]) }
            for p in g.inArcPositions(of: UInt32(id)) { s.insert(network.arcEdge[Int(g.inArcs[p])]) }
            return s.sorted()
        case .site: return []
        }
    }

    func name(kind: ElementKind, id: Int) -> String {
        switch kind {
        case .crossing: return network.crossings[id].name
        case .terminal: return "\(network.terminals[id].place) \(network.terminals[id].kind)"
        case .edge:
            // A line's name alone repeats for each of its pieces: add the places at the piece's ends (within 5 km),
            // else the edge id, so every ranked piece can be told apart.
            var name = network.name(ofEdge: id)
            if name.isEmpty {
                let s = network.edgeSourceIndex[id]
                let source = s != .max && Int(s) < network.report.sources.count ? network.report.sources[Int(s)].layer : "source"
                name = "\(network.edgeMode[id]) \(network.className(ofEdge: id)) (\(source) feature \(network.edgeSourceFID[id]))"
            }
            let from = nearestPlace(network.nodeLocation[Int(network.edgeSource[id])], within: 5_000)
            let to = nearestPlace(network.nodeLocation[Int(network.edgeTarget[id])], within: 5_000)
            if let from, let to, from != to { return "\(name) (\(from) – \(to))" }
            return "\(name) (edge \(id))"
        case .node:
            let loc = network.nodeLocation[id]
            if let place = nearestPlace(loc, within: 5_000) { return "junction near \(place) (node \(id))" }
            return "junction node \(id)"
        case .site: return ""
        }
    }

    func location(kind: ElementKind, id: Int) -> LonLat {
        switch kind {
        case .crossing: return network.crossings[id].location
        case .terminal: return network.terminals[id].location
        case .node: return network.nodeLocation[id]
        case .site: return LonLat(lon: 0, lat: 0)
        case .edge:
            let line = network.edgeGeometry(id)
            if line.isEmpty { return network.nodeLocation[Int(network.edgeSource[id])] }
            return line[line.startIndex + line.count / 2]
        }
    }

    func nearestPlace(_ p: LonLat, within meters: Double) -> String? {
        var best: (String, Double)?
        for place in network.places.places {
            let d = NearestNodeIndex.haversineMeters(lon1: p.lon, lat1: p.lat, lon2: place.location.lon, lat2: place.location.lat)
            if d <= meters && d < (best?.1 ?? .infinity) { best = (place.name, d) }
        }
        return best?.0
    }
}

extension FlowAnalyzer {
    /// Candidate failure elements: every crossing, every terminal, every physical line edge (both directions and
    /// its dual-gauge twin) and every junction node (≥ 3 distinct incident edges, not a site's own node), in that order, each as the flow
    /// arcs that fail with it. Elements with no open arc are left out.
    func failureElements(model: FlowModel) -> [(kind: ElementKind, id: Int, arcs: [UInt32])] {
        let n = network
        let owners = ElementOwners(network: n)
        var flowArcOfNetworkArc = [UInt32](repeating: .max, count: n.arcCount)
        for (fa, na) in model.networkArc.enumerated() where na != .max { flowArcOfNetworkArc[Int(na)] = UInt32(fa) }
        var arcsOfEdge = [[UInt32]](repeating: [], count: n.edgeCount)
        for a in 0..<n.arcCount where flowArcOfNetworkArc[a] != .max {
            arcsOfEdge[Int(n.arcEdge[a])].append(flowArcOfNetworkArc[a])
        }
        func arcs(_ edges: [UInt32]) -> [UInt32] { edges.flatMap { arcsOfEdge[Int($0)] }.sorted() }
        var elements: [(ElementKind, Int, [UInt32])] = []
        for i in n.crossings.indices { elements.append((.crossing, i, arcs(owners.edges(kind: .crossing, id: i)))) }
        for i in n.terminals.indices { elements.append((.terminal, i, arcs(owners.edges(kind: .terminal, id: i)))) }
        for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
            let (kind, id) = owners.owner(ofEdge: e)
            guard kind == .edge, id == e else { continue }  // twins are listed once, under the lower id
            elements.append((.edge, e, arcs(owners.edges(kind: .edge, id: e))))
        }
        // Hub arcs touching a node fail with it too.
        var hubArcsOfNode: [Int: [UInt32]] = [:]
        for (fa, na) in model.networkArc.enumerated() where na == .max {
            let t = Int(model.network.tails[fa]), h = Int(model.network.heads[fa])
            if t < n.nodeCount { hubArcsOfNode[t, default: []].append(UInt32(fa)) }
            if h < n.nodeCount { hubArcsOfNode[h, default: []].append(UInt32(fa)) }
        }
        // The sites' own nodes are the places themselves, not chokepoints between them.
        let siteNodes = Set((model.origins + model.destinations).flatMap(\.nodes))
        for v in 0..<n.nodeCount where !siteNodes.contains(UInt32(v)) {
            let edges = owners.edges(kind: .node, id: v)
            guard edges.count >= 3 else { continue }
            elements.append((.node, v, (arcs(edges) + (hubArcsOfNode[v] ?? [])).sorted()))
        }
        return elements.filter { !$0.2.isEmpty }.map { (kind: $0.0, id: $0.1, arcs: $0.2) }
    }

    /// Ranks failure elements with `Criticality` (parallel), keeping the `top` with any impact.
    func rank(model: ThroughputModel, maxThroughput: Int64, top: Int) throws(AnalysisError) -> [CriticalElement] {
        guard top > 0 else { return [] }
        let owners = ElementOwners(network: network)
        let elements = failureElements(model: model.base)
        let report: CriticalityReport
        do {
            report = try Criticality.rank(model.base.network, elements: elements.map(\.arcs))
        } catch {
            throw Self.analysisError(error)
        }
        guard report.baselineThroughput == maxThroughput else {
            throw .infeasible(reason: "internal: min-cost throughput \(report.baselineThroughput) differs from max flow \(maxThroughput)")
        }
        var ranking: [CriticalElement] = []
        for impact in report.ranking where impact.throughputLost > 0 || impact.costAdded > 0 {
            if ranking.count == top { break }
            let e = elements[impact.element]
            ranking.append(CriticalElement(rank: ranking.count + 1, kind: e.kind, id: e.id, name: owners.name(kind: e.kind, id: e.id),
                                           throughputLostTonnesPerDay: impact.throughputLost,
                                           costAdded: Double(impact.costAdded) / 1000,
                                           edges: owners.edges(kind: e.kind, id: e.id),
                                           location: owners.location(kind: e.kind, id: e.id)))
        }
        return ranking
    }
}
