import CorridorCore
import CorridorGeo
import CorridorGraph
import CorridorNetwork
import CorridorSolver
import Foundation

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

    /// Ships the requested tonnes at minimum cost, each commodity apart and every shared capacity respected; when
    /// demand exceeds what the network (or supply) allows, ships as much as possible in total at minimum cost and
    /// reports the unmet demand per OD pair (pooled: per destination). Also, unless switched off in the request, the
    /// maximum concurrent flow λ and the shadow prices of the binding capacities.
    ///
    /// A pooled request is solved by the network simplex when its optimum respects every shared capacity (the
    /// relaxation's optimum is then optimal), else by the linear program; OD and origin requests by the linear
    /// program (see `FlowProgram`): maximum throughput, then minimum cost at that throughput.
    ///
    /// - Throws: `AnalysisError` for unknown places, sites off the network, negative or overflowing amounts, a request
    ///   that mixes pooled sites with OD demands, `.infeasible` when `requireFullDelivery` is set and the demand cannot
    ///   be met (naming each OD pair short), and `.solverFailed` when the LP solver ends without an optimum.
    /// - Complexity: one network simplex solve, or two to four CLP solves of the program (whose size is the sum over
    ///   the commodities of the arcs on their origin–destination paths), plus O(paths · length) for the decomposition.
    public func flow(_ request: FlowRequest) throws(AnalysisError) -> FlowResult {
        try flow(request, forceLinearProgram: false)
    }

    /// The linear programs `flow` solves for `request`, named, for export (MPS) and cross-checks: `throughput`
    /// (maximum delivered), `concurrent` (maximum λ) and `cost` (minimum cost at the maximum throughput; its
    /// delivery bound is that optimum, from CLP). Without `cost`, only the first two, which need no solve.
    public func linearPrograms(_ request: FlowRequest, cost: Bool = true) throws(AnalysisError) -> [(name: String, model: LinearModel)] {
        let plan = try FlowPlan(request: request, base: baseView)
        var programs = [("throughput", plan.program.model(.throughput, named: true).0),
                        ("concurrent", plan.program.model(.concurrent, named: true).0)]
        if cost {
            let throughput = try plan.program.solve(.throughput)
            programs.append(("cost", plan.program.model(.cost(minimumDelivered: plan.deliveryBound(throughput)), named: true).0))
        }
        return programs
    }

    /// The maximum total throughput of `request` (t/day) alone: the first program `flow` solves, the same way (by
    /// column generation on paths for large programs), without the cost phase, λ, shadow prices or decomposition; the
    /// solver's optimum unrounded, for benchmarks against another solver on the exported `throughput` program.
    /// - Throws: as `flow`.
    public func maximumThroughput(_ request: FlowRequest) throws(AnalysisError) -> Double {
        try FlowPlan(request: request, base: baseView).program.solve(.throughput).rawValue
    }

    /// `flow(_:)`, optionally forcing the linear program (not the network simplex) and a way to solve it.
    func flow(_ request: FlowRequest, forceLinearProgram: Bool,
              method: FlowProgramMethod = .automatic) throws(AnalysisError) -> FlowResult {
        var plan = try FlowPlan(request: request, base: baseView)
        plan.program.method = method
        let program = plan.program
        let wantsDuals = request.shadowPrices
        var values: [CommodityValues]
        var solver = program.solvesByPaths ? "linear program (CLP, paths)"
            : (method == .arcsByBarrier ? "linear program (CLP, barrier)" : "linear program (CLP)")
        var throughput: FlowProgram.Solution?
        var cost: FlowProgram.Solution?
        if plan.model == .pooled && !forceLinearProgram, let simplex = try plan.networkSimplexFlow() {
            values = [simplex]
            solver = "network simplex"
            if wantsDuals { (throughput, cost) = try program.solveThroughputThenCost() }
        } else {
            let (a, b) = try program.solveThroughputThenCost()
            throughput = a
            cost = b
            values = plan.values(of: b)
        }
        let concurrent = request.concurrentFlow ? try program.solve(.concurrent) : nil
        return try FlowResult(plan: plan, values: values, throughput: wantsDuals ? throughput : nil,
                              cost: wantsDuals ? cost : nil, concurrent: concurrent, solver: solver)
    }
}

/// A commodity's flow: per network arc, and where it entered and left.
struct CommodityValues {
    /// Flow on each network arc (dense), tonnes/day.
    var arcFlow: [Double]
    /// Per source, (node, amount) injected.
    var injected: [[(node: UInt32, amount: Double)]]
    /// Per sink, (node, amount) extracted.
    var extracted: [[(node: UInt32, amount: Double)]]
}

/// A request resolved on a view: sites, OD pairs, commodities, capacity constraints and the flow program.
struct FlowPlan {
    let request: FlowRequest
    let model: CommodityModel
    let view: NetworkView
    let origins: [ResolvedSite]
    let destinations: [ResolvedSite]
    /// OD pairs: origin index, destination index, demand, modes.
    let pairs: [(origin: Int, destination: Int, demand: Int64, modes: Set<TransportMode>?)]
    var program: FlowProgram
    let arcCapacity: [Int64]
    let arcCostMilli: [UInt32]

    init(request: FlowRequest, base: NetworkView) throws(AnalysisError) {
        self.request = request
        model = request.commodityModel
        let pooledSites = !request.origins.isEmpty || !request.destinations.isEmpty
        if pooledSites && !request.demands.isEmpty {
            throw .invalidRequest("give either origins and destinations (pooled) or OD demands, not both")
        }
        if model != .pooled && request.demands.isEmpty {
            throw .invalidRequest("\(model.rawValue) commodities need OD demands (ORIGIN:DESTINATION=TONNES)")
        }
        let view = try base.applying(request.restrictions)
        self.view = view
        var originSites: [FlowSite] = [], destinationSites: [FlowSite] = []
        var pairs: [(origin: Int, destination: Int, demand: Int64, modes: Set<TransportMode>?)] = []
        if request.demands.isEmpty {
            guard !request.origins.isEmpty, !request.destinations.isEmpty else {
                throw .invalidRequest("a flow needs at least one origin and one destination")
            }
            for s in request.origins + request.destinations where s.tonnesPerDay == nil {
                throw .invalidRequest("flow sites need an amount: \(s.endpoint)=TONNES")
            }
            originSites = request.origins
            destinationSites = request.destinations
        } else {
            // Sites in order of first appearance, each once; a site's amount is the sum of its pairs'.
            var originIndex: [String: Int] = [:], destinationIndex: [String: Int] = [:]
            for d in request.demands {
                guard d.tonnesPerDay >= 0 else { throw .invalidRequest("negative demand \(d.tonnesPerDay) t/day") }
                let o: Int
                if let known = originIndex[d.origin.description] { o = known } else {
                    o = originSites.count; originIndex[d.origin.description] = o; originSites.append(FlowSite(d.origin, tonnesPerDay: 0))
                }
                let t: Int
                if let known = destinationIndex[d.destination.description] { t = known } else {
                    t = destinationSites.count; destinationIndex[d.destination.description] = t
                    destinationSites.append(FlowSite(d.destination, tonnesPerDay: 0))
                }
                let (os, o1) = originSites[o].tonnesPerDay!.addingReportingOverflow(d.tonnesPerDay)
                let (ds, o2) = destinationSites[t].tonnesPerDay!.addingReportingOverflow(d.tonnesPerDay)
                if o1 || o2 { throw .overflow("sum of OD demands") }
                originSites[o].tonnesPerDay = os
                destinationSites[t].tonnesPerDay = ds
                pairs.append((o, t, d.tonnesPerDay, d.modes))
            }
            if model == .pooled, Set(pairs.map { $0.modes }).count > 1 {
                throw .invalidRequest("pooled commodities cannot keep each pair's modes apart: use od or origin commodities")
            }
        }
        origins = try view.resolve(originSites, maxSnapMeters: request.maxSnapMeters)
        destinations = try view.resolve(destinationSites, maxSnapMeters: request.maxSnapMeters)
        self.pairs = pairs

        let n = view.network
        let (weights, capacity, open) = Self.openArcs(view)
        arcCapacity = capacity
        arcCostMilli = weights
        let (constraints, ofArc) = CapacityConstraints.build(view: view, open: open,
                                                             singleTrackSharesDirections: request.singleTrackSharesDirections)
        // Arcs each mode set may use (on top of the view): the view restricted to those modes.
        var openByModes: [Set<TransportMode>?: [Bool]] = [nil: open]
        for modes in Set(pairs.map(\.modes)) where modes != nil {
            let restricted = try view.applying(Restrictions(modes: modes))
            openByModes[modes] = (0..<n.arcCount).map { open[$0] && !restricted.closedEdge[Int(n.arcEdge[$0])] }
        }
        func nodes(_ site: ResolvedSite, _ modes: Set<TransportMode>?) -> [UInt32] {
            site.nodes.filter { modes?.contains(n.nodeLayer[Int($0)].mode) ?? true }
        }
        let origins = self.origins, destinations = self.destinations
        var commodities: [Commodity] = []
        switch model {
        case .pooled:
            let modes = pairs.first?.modes ?? nil
            commodities.append(Commodity(
                name: "all",
                sources: origins.enumerated().map { CommodityEnd(site: $0, nodes: nodes($1, modes), amount: Double($1.tonnesPerDay ?? 0)) },
                sinks: destinations.enumerated().map { CommodityEnd(site: $0, nodes: nodes($1, modes), amount: Double($1.tonnesPerDay ?? 0)) },
                open: openByModes[modes]!))
        case .od:
            for (k, p) in pairs.enumerated() {
                let suffix = p.modes.map { " (\($0.map(\.description).sorted().joined(separator: ", ")))" } ?? ""
                commodities.append(Commodity(
                    name: "\(origins[p.origin].name) → \(destinations[p.destination].name)" + suffix,
                    sources: [CommodityEnd(site: p.origin, nodes: nodes(origins[p.origin], p.modes), amount: nil)],
                    sinks: [CommodityEnd(site: p.destination, nodes: nodes(destinations[p.destination], p.modes),
                                         amount: Double(p.demand), pair: k)],
                    open: openByModes[p.modes]!))
            }
        case .origin:
            // One commodity per (origin, modes), in order of first appearance; each pair stays a sink of its own.
            var groupOf: [String: Int] = [:]
            for (k, p) in pairs.enumerated() {
                let key = "\(p.origin)|\(p.modes.map { $0.map(\.description).sorted().joined(separator: ",") } ?? "any")"
                let sink = CommodityEnd(site: p.destination, nodes: nodes(destinations[p.destination], p.modes),
                                        amount: Double(p.demand), pair: k)
                if let g = groupOf[key] {
                    commodities[g].sinks.append(sink)
                } else {
                    groupOf[key] = commodities.count
                    let suffix = p.modes.map { " (\($0.map(\.description).sorted().joined(separator: ", ")))" } ?? ""
                    commodities.append(Commodity(
                        name: "from \(origins[p.origin].name)" + suffix,
                        sources: [CommodityEnd(site: p.origin, nodes: nodes(origins[p.origin], p.modes), amount: nil)],
                        sinks: [sink], open: openByModes[p.modes]!))
                }
            }
        }
        // Names identify commodities in outputs: a repeated one (the same pair twice) gets its ordinal.
        var seen: [String: Int] = [:]
        for k in commodities.indices {
            let count = seen[commodities[k].name, default: 0] + 1
            seen[commodities[k].name] = count
            if count > 1 { commodities[k].name += " (\(count))" }
        }
        program = FlowProgram(network: n, commodities: commodities, constraints: constraints, constraintsOfArc: ofArc,
                              arcCostMilli: weights)
    }

    /// Cost (milli-units per tonne), capacity and usability of every arc of `view`: open when its edge is open with a
    /// positive capacity.
    static func openArcs(_ view: NetworkView) -> (costMilli: [UInt32], capacity: [Int64], open: [Bool]) {
        let n = view.network
        let weights = arcWeights(view: view, metric: .cost, floor: 0)
        var capacity = [Int64](repeating: 0, count: n.arcCount)
        var open = [Bool](repeating: false, count: n.arcCount)
        for a in 0..<n.arcCount {
            capacity[a] = view.capacity(ofEdge: Int(n.arcEdge[a]))
            open[a] = capacity[a] > 0 && weights[a] != UInt32.max
        }
        return (weights, capacity, open)
    }

    /// The total delivery a cost program must reach for a throughput optimum: the optimum itself (exact to CLP's
    /// tolerances, which the cost program shares).
    func deliveryBound(_ throughput: FlowProgram.Solution) -> Double { max(0, throughput.rawValue) }

    /// Total demand of the request, t/day.
    var totalDemand: Double { program.commodities.reduce(0) { $0 + $1.sinks.reduce(0) { $0 + ($1.amount ?? 0) } } }

    /// The pooled flow by the network simplex (maximum throughput at minimum cost on the layered network), or nil
    /// when it loads a shared capacity beyond its limit (then only the linear program is exact).
    func networkSimplexFlow() throws(AnalysisError) -> CommodityValues? {
        let n = view.network
        let flowModel = FlowModel(view: view, origins: origins, destinations: destinations)
        let solved: MinCostFlowResult
        do {
            solved = try MinCostFlow.maximumFlowAtMinimumCost(flowModel.network)
        } catch {
            throw .overflow("\(error)")
        }
        guard case .optimal = solved.status else {
            throw .solverFailed("the network simplex found no optimal flow (\(solved.status))")
        }
        var arcFlow = [Double](repeating: 0, count: n.arcCount)
        var injected = origins.map { _ in [(node: UInt32, amount: Double)]() }
        var extracted = destinations.map { _ in [(node: UInt32, amount: Double)]() }
        let fn = flowModel.network
        for fa in 0..<fn.arcCount where solved.flow[fa] > 0 {
            let amount = Double(solved.flow[fa])
            let na = flowModel.networkArc[fa]
            if na != .max {
                arcFlow[Int(na)] = amount
            } else if Int(fn.tails[fa]) >= n.nodeCount {
                injected[Int(fn.tails[fa]) - n.nodeCount].append((fn.heads[fa], amount))
            } else {
                extracted[Int(fn.heads[fa]) - n.nodeCount - origins.count].append((fn.tails[fa], amount))
            }
        }
        let load = CapacityConstraints.load(program.constraints, arcFlow: arcFlow)
        for (i, c) in program.constraints.enumerated() where load[i] > Double(c.capacityTonnesPerDay) { return nil }
        return CommodityValues(arcFlow: arcFlow, injected: injected, extracted: extracted)
    }

    /// Per-commodity flows of a program solution.
    func values(of s: FlowProgram.Solution) -> [CommodityValues] {
        let n = view.network
        return program.commodities.indices.map { k in
            var arcFlow = [Double](repeating: 0, count: n.arcCount)
            for (i, a) in program.keptArcs[k].enumerated() { arcFlow[Int(a)] = s.arcFlow[k][i] }
            let injected = program.keptSourceNodes[k].enumerated().map { src, nodes in
                zip(nodes, s.injected[k][src]).filter { $0.1 > 0 }.map { (node: $0.0, amount: $0.1) }
            }
            let extracted = program.keptSinkNodes[k].enumerated().map { t, nodes in
                zip(nodes, s.extracted[k][t]).filter { $0.1 > 0 }.map { (node: $0.0, amount: $0.1) }
            }
            return CommodityValues(arcFlow: arcFlow, injected: injected, extracted: extracted)
        }
    }
}

extension FlowResult {
    init(plan: FlowPlan, values: [CommodityValues], throughput: FlowProgram.Solution?, cost: FlowProgram.Solution?,
         concurrent: FlowProgram.Solution?, solver: String) throws(AnalysisError) {
        let net = plan.view.network
        let program = plan.program
        var paths: [FlowPath] = []
        var arcFlow = [Double](repeating: 0, count: net.arcCount)
        var shipped = [Double](repeating: 0, count: plan.origins.count)
        var received = [Double](repeating: 0, count: plan.destinations.count)
        var pairDelivered = [Double](repeating: 0, count: plan.pairs.count)
        var commodities: [CommodityFlow] = []
        for (k, v) in values.enumerated() {
            let commodity = program.commodities[k]
            for a in 0..<net.arcCount where v.arcFlow[a] != 0 { arcFlow[a] += v.arcFlow[a] }
            for (s, list) in v.injected.enumerated() { shipped[commodity.sources[s].site] += list.reduce(0) { $0 + $1.amount } }
            var delivered = 0.0
            for (t, list) in v.extracted.enumerated() {
                let amount = list.reduce(0) { $0 + $1.amount }
                received[commodity.sinks[t].site] += amount
                if let pair = commodity.sinks[t].pair { pairDelivered[pair] += amount }
                delivered += amount
            }
            commodities.append(CommodityFlow(name: commodity.name,
                                             requestedTonnesPerDay: Int64(commodity.sinks.reduce(0) { $0 + ($1.amount ?? 0) }),
                                             deliveredTonnesPerDay: delivered))
            paths += FlowDecomposition.decompose(network: net, commodityIndex: k, commodity: commodity, values: v,
                                                 arcCostMilli: plan.arcCostMilli)
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
        var edgeFlow = [Double](repeating: 0, count: net.edgeCount)
        var costMilli = 0.0
        for a in 0..<net.arcCount where arcFlow[a] > 0 {
            edgeFlow[Int(net.arcEdge[a])] += arcFlow[a]
            costMilli += arcFlow[a] * Double(plan.arcCostMilli[a])
        }
        let constraints = program.constraints
        let load = CapacityConstraints.load(constraints, arcFlow: arcFlow)

        self.request = plan.request
        self.network = net
        self.commodityModel = plan.model
        self.origins = plan.origins.enumerated().map { SiteFlow(site: $1, requestedTonnesPerDay: $1.tonnesPerDay ?? 0, tonnesPerDay: shipped[$0]) }
        self.destinations = plan.destinations.enumerated().map { SiteFlow(site: $1, requestedTonnesPerDay: $1.tonnesPerDay ?? 0, tonnesPerDay: received[$0]) }
        // Pooled flows do not keep pairs apart: who serves whom is not a pair's delivery.
        self.pairs = plan.model == .pooled ? [] : plan.pairs.enumerated().map { k, p in
            ODPairFlow(origin: p.origin, destination: p.destination,
                       name: "\(plan.origins[p.origin].name) → \(plan.destinations[p.destination].name)", modes: p.modes,
                       requestedTonnesPerDay: p.demand, deliveredTonnesPerDay: pairDelivered[k])
        }
        self.commodities = commodities
        self.requestedTonnesPerDay = try total(plan.destinations)
        self.suppliedTonnesPerDay = try total(plan.origins)
        self.deliveredTonnesPerDay = received.reduce(0, +)
        self.totalCost = costMilli / 1000
        self.arcFlow = arcFlow
        self.commodityArcFlow = values.map(\.arcFlow)
        self.edgeFlow = edgeFlow
        self.arcCapacity = plan.arcCapacity
        self.arcCostMilli = plan.arcCostMilli
        self.capacities = constraints.enumerated().map { i, c in
            CapacityUse(constraint: c, flowTonnesPerDay: load[i],
                        utilization: c.capacityTonnesPerDay > 0 ? load[i] / Double(c.capacityTonnesPerDay) : 0)
        }
        self.capacitiesOfArc = program.constraintsOfArc
        self.paths = paths
        self.corridors = FlowDecomposition.corridors(of: paths)
        self.notes = plan.view.notes
        self.solver = solver

        if let c = concurrent {
            let limits = constraints.indices.filter { c.constraintDual[$0] > 0 }
                .sorted { (c.constraintDual[$0], $1) > (c.constraintDual[$1], $0) }
            self.concurrent = ConcurrentFlow(lambda: c.value, limitedBy: limits.map { constraints[$0].name })
        } else {
            self.concurrent = nil
        }
        var prices: [ShadowPrice] = []
        if let throughput, let cost {
            for i in constraints.indices {
                let delivery = throughput.constraintDual[i], saving = cost.constraintDual[i] / 1000
                let lambda = concurrent?.constraintDual[i]
                guard delivery != 0 || saving != 0 || (lambda ?? 0) != 0 else { continue }
                prices.append(ShadowPrice(rank: 0, constraint: constraints[i], flowTonnesPerDay: load[i],
                                          deliveryPerTonne: delivery, costPerTonne: saving, concurrentPerTonne: lambda))
            }
            prices.sort {
                ($0.deliveryPerTonne, -$0.costPerTonne, $0.concurrentPerTonne ?? 0, $1.constraint.name)
                    > ($1.deliveryPerTonne, -$1.costPerTonne, $1.concurrentPerTonne ?? 0, $0.constraint.name)
            }
            for i in prices.indices { prices[i].rank = i + 1 }
        }
        self.shadowPrices = prices

        let requested = Double(requestedTonnesPerDay)
        if deliveredTonnesPerDay >= requested - 1e-6 * max(1, requested) {
            status = .complete
        } else {
            status = deliveredTonnesPerDay <= 1e-9 && requested > 0 ? .infeasible : .partial
        }
        if plan.request.requireFullDelivery && status != .complete {
            let missing = unmetDemand.map { "\($0.place) \(NumberFormat.grouped($0.tonnesPerDay, decimals: 0)) t/day" }
                .joined(separator: ", ")
            throw .infeasible(reason: "only \(NumberFormat.grouped(deliveredTonnesPerDay, decimals: 0)) of "
                + "\(NumberFormat.grouped(requested, decimals: 0)) t/day can be delivered; unmet: \(missing)")
        }
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
        let g = n.graph, tail = g.tail
        for a in 0..<n.arcCount {
            let e = Int(n.arcEdge[a])
            let c = view.capacity(ofEdge: e)
            capacity[a] = c
            guard c > 0, weights[a] != UInt32.max else { continue }
            fn.addArc(from: tail[a], to: g.head[a], capacity: c, cost: Int64(weights[a]))
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

