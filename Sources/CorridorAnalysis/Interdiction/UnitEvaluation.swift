import CorridorGraph
import CorridorNetwork
import Foundation

/// What one unit of a sweep or of an uncertainty analysis leaves: one scenario, one parameter sample or one failure
/// set, evaluated exactly.
public struct UnitEvaluation: Sendable, Equatable {
    /// Maximum throughput from the origins to the destinations, tonnes/day (origin and destination amounts cap it).
    public var throughputTonnesPerDay: Int64
    /// Tonnes/day delivered when shipping as much as possible (at most the throughput) at minimum cost; nil unless
    /// the cost was asked for.
    public var deliveredTonnesPerDay: Int64?
    /// Cost per day of that flow (cost units); nil unless asked for.
    public var costPerDay: Double?
    /// Elements with an arc in at least one minimum cut (Picard–Queyranne: every minimum cut, not only the one a
    /// max-flow run reports), by kind then id; sites stand for their supply or demand limit (`site:I`, origins first).
    public var bindingElements: [ElementReference]
}

/// Evaluates many units against one set of sites quickly: the sites are snapped once, and each unit only changes
/// capacities (a sample's factors, removed elements) before one max flow (and, if asked, one min-cost flow).
///
/// Shared capacities (dual-gauge track, multi-layer crossings and terminals, single track both ways) hold jointly,
/// as in `flow`: when the network has any, the throughput (and the cost) is that of the LP with the joint rows
/// (`JointMaxFlow`, one warm re-solve per unit), and when the joint throughput is below the layered network's
/// maximum flow, the binding elements are those of the full joint rows (what holds it below the cut), as in sweeps.
/// Safe to share across threads; `evaluate` is deterministic.
///
/// Used by `interdict`/`chokepoints` sampling (`UncertaintySampling`) and by sweeps (issue 17).
public struct UnitEvaluator: Sendable {
    /// The view the sites were snapped in (restrictions applied).
    public let view: NetworkView
    /// The sites as snapped.
    public let origins: [ResolvedSite]
    public let destinations: [ResolvedSite]
    /// Every element a unit may remove (crossings, terminals, physical line pieces, junctions), as in chokepoints.
    public let elements: [ElementReference]
    let elementArcs: [ElementReference: [UInt32]]
    let base: ThroughputModel
    let owners: ElementOwners
    /// The joint-capacity maximum flow (shared capacities as in `flow`), nil when the sites' network has none.
    let joint: JointMaxFlow?

    /// Snaps the sites in `analyzer`'s view with `restrictions` applied.
    /// - Throws: `AnalysisError` for unknown places, sites off the network, unknown restriction names.
    public init(analyzer: FlowAnalyzer, origins: [FlowSite], destinations: [FlowSite], restrictions: Restrictions = .none,
                maxSnapMeters: Double = 25_000) throws(AnalysisError) {
        guard !origins.isEmpty, !destinations.isEmpty else {
            throw .invalidRequest("an evaluation needs at least one origin and one destination")
        }
        let view = try analyzer.baseView.applying(restrictions)
        self.view = view
        self.origins = try view.resolve(origins, maxSnapMeters: maxSnapMeters)
        self.destinations = try view.resolve(destinations, maxSnapMeters: maxSnapMeters)
        base = ThroughputModel(view: view, origins: self.origins, destinations: self.destinations)
        let found = analyzer.failureElements(model: base.base)
        elements = found.map { ElementReference(kind: $0.kind, id: $0.id) }
        elementArcs = Dictionary(uniqueKeysWithValues: found.map { (ElementReference(kind: $0.kind, id: $0.id), $0.arcs) })
        owners = ElementOwners(network: view.network)
        let rows = JointCapacities(view: view, model: base)
        joint = rows.isEmpty ? nil : JointMaxFlow(network: base.network, source: base.source, sink: base.sink, joint: rows)
    }

    /// One unit: the elements of `removing` fail (an element the evaluator does not list, e.g. one closed by the
    /// restrictions, changes nothing), and each edge's capacity is multiplied by `capacityFactor[edge]` and its cost
    /// by `costFactor[edge]` (nil: unchanged; one factor per network edge, ≥ 0).
    /// - Throws: `AnalysisError.invalidRequest` for factor arrays of the wrong length or negative/non-finite factors,
    ///   `.overflow`.
    /// - Complexity: one push-relabel max flow and the O(n + m) cut membership; with `cost`, one min-cost flow more.
    public func evaluate(removing: [ElementReference] = [], capacityFactor: [Double]? = nil, costFactor: [Double]? = nil,
                         cost: Bool = false) throws(AnalysisError) -> UnitEvaluation {
        var (net, flowNet) = try scaledNetworks(capacityFactor: capacityFactor, costFactor: costFactor)
        let model = base
        for r in removing {
            for a in elementArcs[r] ?? [] { net.capacities[Int(a)] = 0; flowNet.capacities[Int(a)] = 0 }
        }
        let solved: MaxFlowResult
        do { solved = try MaxFlow.solve(net, source: model.source, sink: model.sink) } catch {
            throw FlowAnalyzer.analysisError(error)
        }
        let member = MinimumCutMembership.arcsInSomeMinimumCut(net, flow: solved.flow, source: model.source, sink: model.sink)
        var binding = Set<ElementReference>()
        let n = view.network
        for a in 0..<net.arcCount where member[a] {
            if let na = model.networkArc(a) {
                let (kind, id) = owners.owner(ofEdge: Int(n.arcEdge[na]))
                binding.insert(ElementReference(kind: kind, id: id))
            } else if net.tails[a] == model.source {
                binding.insert(ElementReference(kind: .site, id: Int(net.heads[a]) - n.nodeCount))
            } else if net.heads[a] == model.sink {
                binding.insert(ElementReference(kind: .site, id: Int(net.tails[a]) - n.nodeCount))
            }
        }
        var delivered: Int64?
        var costPerDay: Double?
        if let joint {
            var throughput = solved.value
            if cost {
                let cheapest = try joint.minimumCost(capacity: net.capacities, costs: net.costs)
                delivered = Int64(cheapest.maximum.value.rounded())
                costPerDay = cheapest.costMilli / 1000
                throughput = Int64(cheapest.maximum.value.rounded())
                if cheapest.maximum.value < Double(solved.value) - 1e-6 {
                    binding = sharedBinding(joint, cheapest.maximum, net.capacities)
                }
            } else {
                let maximum = try joint.solve(capacity: net.capacities)
                throughput = Int64(maximum.value.rounded())
                if maximum.value < Double(solved.value) - 1e-6 { binding = sharedBinding(joint, maximum, net.capacities) }
            }
            return UnitEvaluation(throughputTonnesPerDay: throughput, deliveredTonnesPerDay: delivered, costPerDay: costPerDay,
                                  bindingElements: binding.sorted())
        }
        if cost {
            let cheapest: MinCostFlowResult
            do { cheapest = try MinCostFlow.maximumFlowAtMinimumCost(flowNet) } catch { throw FlowAnalyzer.analysisError(error) }
            guard case .optimal = cheapest.status else {
                throw .infeasible(reason: "internal: no optimal maximum flow at minimum cost (\(cheapest.status))")
            }
            delivered = cheapest.shipped
            costPerDay = Double(cheapest.totalCost) / 1000
        }
        return UnitEvaluation(throughputTonnesPerDay: solved.value, deliveredTonnesPerDay: delivered, costPerDay: costPerDay,
                              bindingElements: binding.sorted())
    }

    /// The elements of the joint rows that are full in `solution`.
    func sharedBinding(_ joint: JointMaxFlow, _ solution: JointMaxFlow.Solution, _ capacity: [Int64]) -> Set<ElementReference> {
        var binding = Set<ElementReference>()
        for row in joint.fullRows(solution, capacity: capacity) {
            let c = joint.joint.rows[row].constraint
            binding.insert(ElementReference(kind: c.kind, id: c.id))
        }
        return binding
    }

    /// The max-flow network (super source and sink) and the min-cost network (hub supplies) with capacities and
    /// costs scaled per edge, on the base model's arcs (arc ids stay those of `elementArcs`): capacity
    /// ⌊base × view factor × factor⌋, cost rounded; an unlimited site's bound is recomputed from the scaled capacities.
    func scaledNetworks(capacityFactor: [Double]?, costFactor: [Double]?) throws(AnalysisError) -> (FlowNetwork, FlowNetwork) {
        var net = base.network, flowNet = base.base.network
        guard capacityFactor != nil || costFactor != nil else { return (net, flowNet) }
        let n = view.network
        let count = n.edgeCount
        for (name, factors) in [("capacity", capacityFactor), ("cost", costFactor)] {
            guard let factors else { continue }
            guard factors.count == count else {
                throw .invalidRequest("\(name) factors: \(factors.count) given for \(count) edges")
            }
            if let bad = factors.first(where: { !($0.isFinite && $0 >= 0) }) {
                throw .invalidRequest("\(name) factors must be finite and >= 0: \(bad)")
            }
        }
        var outCapacity = [Int64](repeating: 0, count: n.nodeCount), inCapacity = outCapacity
        for a in 0..<base.base.networkArc.count {
            guard let na = base.networkArc(a) else { continue }
            let e = Int(n.arcEdge[na])
            if let f = capacityFactor {
                let c = (Double(n.edgeCapacityTonnesPerDay[e]) * view.capacityFactor[e] * f[e]).rounded(.down)
                guard c < 1e15 else { throw .overflow("scaled capacity of edge \(e)") }
                net.capacities[a] = Int64(c); flowNet.capacities[a] = Int64(c)
            }
            if let f = costFactor {
                let c = (Double(flowNet.costs[a]) * f[e]).rounded()
                guard c < 1e15 else { throw .overflow("scaled cost of edge \(e)") }
                net.costs[a] = Int64(c); flowNet.costs[a] = Int64(c)
            }
            outCapacity[Int(net.tails[a])] += net.capacities[a]
            inCapacity[Int(net.heads[a])] += net.capacities[a]
        }
        // Unlimited sites: one more than their nodes can pass, so their limit never binds (as in ThroughputModel).
        let superArcs = base.base.network.arcCount
        for (i, site) in origins.enumerated() where site.tonnesPerDay == nil {
            let bound = site.nodes.reduce(Int64(1)) { $0 + outCapacity[Int($1)] }
            net.capacities[superArcs + i] = bound
            flowNet.supplies[Int(base.base.originHub(i))] = bound
        }
        for (j, site) in destinations.enumerated() where site.tonnesPerDay == nil {
            let bound = site.nodes.reduce(Int64(1)) { $0 + inCapacity[Int($1)] }
            net.capacities[superArcs + origins.count + j] = bound
            flowNet.supplies[Int(base.base.destinationHub(j))] = -bound
        }
        return (net, flowNet)
    }
}
