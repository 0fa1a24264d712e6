import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

extension FlowAnalyzer {
    /// The set of at most `budget` (interdiction cost) elements whose removal hurts most, for every budget up to
    /// `request.budget` (the resilience curve), with a proof of optimality or the gap at which a limit stopped it.
    ///
    /// Elements are those of the chokepoint ranking (crossings, terminals, physical line pieces with their dual-gauge
    /// twin, junctions of three or more edges other than the sites' own nodes), restricted to `request.kinds`; only
    /// those on some origin–destination path can matter and are offered to the search.
    ///
    /// - Throws: `AnalysisError` for unknown places or cost selectors, sites off the network, a negative or non-finite
    ///   budget or interdiction cost, a cost objective without destination amounts.
    /// - Complexity: one MIP (or enumeration) per point of the curve, each re-evaluated by max flow or min-cost flow;
    ///   the greedy sequence costs one evaluation per flow-carrying candidate and step (in parallel).
    public func interdict(_ request: InterdictionRequest) throws(AnalysisError) -> InterdictionResult {
        try interdict(request, sharedCapacities: true)
    }

    /// `interdict(_:)`; with `sharedCapacities` false, the cost objective on the layered network (each arc at its own
    /// capacity only), for tests that show where the joint rows matter.
    func interdict(_ request: InterdictionRequest, sharedCapacities: Bool) throws(AnalysisError) -> InterdictionResult {
        guard !request.origins.isEmpty, !request.destinations.isEmpty else {
            throw .invalidRequest("interdiction needs at least one origin and one destination")
        }
        guard request.budget.isFinite, request.budget >= 0 else {
            throw .invalidRequest("the interdiction budget must be a non-negative number: \(request.budget)")
        }
        if let limit = request.timeLimitSeconds, !(limit.isFinite && limit >= 0) {
            throw .invalidRequest("the time limit must be a non-negative number of seconds: \(limit)")
        }
        if request.objective == .cost, let site = request.destinations.first(where: { $0.tonnesPerDay == nil }) {
            throw .invalidRequest("the cost objective needs the demand of every destination: \(site.endpoint)=TONNES")
        }
        let view = try baseView.applying(request.restrictions)
        let origins = try view.resolve(request.origins, maxSnapMeters: request.maxSnapMeters)
        let destinations = try view.resolve(request.destinations, maxSnapMeters: request.maxSnapMeters)
        let throughputModel = ThroughputModel(view: view, origins: origins, destinations: destinations)
        let owners = ElementOwners(network: network)
        let elements = failureElements(model: throughputModel.base).filter { request.kinds.contains($0.kind) }
        let costs = try interdictionCosts(request.costs, elements: elements.map { ElementReference(kind: $0.kind, id: $0.id) }, owners: owners)
        let all = zip(elements, costs).compactMap { e, cost -> InterdictionCandidate? in
            cost.isFinite ? InterdictionCandidate(reference: ElementReference(kind: e.kind, id: e.id), arcs: e.arcs, cost: cost) : nil
        }
        // Shared capacities (dual-gauge track, multi-layer crossings and terminals, single track) jointly, as in flow.
        let throughput = ThroughputInterdictionModel(network: throughputModel.network, source: throughputModel.source,
                                                     sink: throughputModel.sink, elements: all, budget: request.budget,
                                                     joint: JointCapacities(view: view, model: throughputModel))
        let intactThroughput = try throughput.throughput(without: [])
        func element(_ c: InterdictionCandidate) -> InterdictedElement {
            let r = c.reference
            return InterdictedElement(reference: r, name: owners.name(kind: r.kind, id: r.id), interdictionCost: c.cost,
                                      edges: owners.edges(kind: r.kind, id: r.id), location: owners.location(kind: r.kind, id: r.id))
        }
        // What a set of elements leaves, by reference (each model keeps its own candidates).
        let arcsOf = Dictionary(uniqueKeysWithValues: all.map { ($0.reference, $0.arcs) })
        /// The minimum cut of what `references` leave and its capacity (= the throughput left): the layered network's
        /// cut when its capacity is the throughput left (then it is a minimum cut with the shared capacities too, and
        /// the output is the layered one's), else the cut of the joint LP's optimal dual, shared elements included.
        func remainingCut(_ references: [ElementReference]) throws(AnalysisError) -> (cut: [CutElement], capacity: Double) {
            let removed = references.flatMap { arcsOf[$0] ?? [] }
            let layered = try throughput.maxFlow(removingArcs: removed)
            if let joint = throughput.joint {
                let solution = try joint.solve(removing: removed)
                if Double(layered.value) > solution.value + 1e-6 * max(1, solution.value) {
                    let cut = joint.cut(solution, removing: removed)
                    return (describeJointCut(model: throughputModel, joint: joint.joint, cut: cut), cut.capacity)
                }
            }
            return (describeCut(model: throughputModel, cutArcs: layered.cutArcs).0, Double(layered.value))
        }
        /// Throughput left, whole tonnes/day (a joint-capacity optimum may be fractional: rounded).
        func throughputLeft(_ references: [ElementReference]) throws(AnalysisError) -> Int64 {
            Int64(try throughput.throughput(removingArcs: references.flatMap { arcsOf[$0] ?? [] }).rounded())
        }

        let budgets = curveBudgets(request.budget, curve: request.curve)
        var plans: [InterdictionPlan] = []
        var greedySteps: [GreedyStep] = []
        var bestSet: [ElementReference] = []
        var intactCost: Double?
        var unmetCost: Double?
        var candidateCount = 0, searchedCount = 0

        func run<M: InterdictionModel>(_ model: M, _ describePlan: (SearchPlan, Double) throws(AnalysisError) -> InterdictionPlan)
            throws(AnalysisError) {
            let search = InterdictionSearch(model: model)
            candidateCount = model.relevantCount
            searchedCount = model.candidates.count
            // The greedy sets start each exact search (a MIP start, the enumeration's first incumbent).
            let greedy = try search.greedy(budget: request.budget)
            if request.greedy {
                for step in greedy {
                    let added = step.pick
                    let left = try throughputLeft(step.set.map { model.candidates[$0].reference })
                    greedySteps.append(GreedyStep(element: element(model.candidates[added]), spent: search.cost(step.set),
                                                  throughputLeftTonnesPerDay: left,
                                                  totalCost: model.minimizes ? nil : step.value.objective))
                }
            }
            let intact = try model.evaluate([])
            var previous: (set: [Int], value: InterdictionValue) = ([], intact)
            for b in budgets {
                let plan: SearchPlan
                if !model.candidates.contains(where: { $0.cost <= b + InterdictionSearch<M>.budgetSlack }) {
                    // Nothing affordable: the intact network is the answer.
                    let proof = InterdictionProof(status: "optimal", proven: true, method: "none", bound: intact.objective,
                                                  absoluteGap: 0, relativeGap: 0, work: 0)
                    plan = SearchPlan(set: [], value: intact, proof: proof)
                } else if model.minimizes && previous.value.objective <= 0 {
                    // Nothing gets through any more: no throughput is lower, so a smaller budget's set is optimal.
                    let proof = InterdictionProof(status: "optimal", proven: true, method: "none", bound: 0,
                                                  absoluteGap: 0, relativeGap: 0, work: 0)
                    plan = SearchPlan(set: previous.set, value: previous.value, proof: proof)
                } else {
                    let step = greedy.last { search.cost($0.set) <= b + InterdictionSearch<M>.budgetSlack }
                    switch request.method {
                    case .mip:
                        plan = try search.solveMIP(budget: b, starts: [previous.set, step?.set ?? []], timeLimit: request.timeLimitSeconds)
                    case .enumeration:
                        let deadline = request.timeLimitSeconds.map { Date().addingTimeInterval($0) }
                        var incumbent = previous
                        if let step, search.better(step.value.objective, than: previous.value.objective) { incumbent = (step.set, step.value) }
                        plan = try search.enumerate(budget: b, incumbent: incumbent, deadline: deadline)
                    }
                }
                previous = (plan.set, plan.value)
                plans.append(try describePlan(plan, b))
            }
            bestSet = previous.set.map { model.candidates[$0].reference }
        }

        switch request.objective {
        case .throughput:
            try run(throughput) { plan, b throws(AnalysisError) in
                let chosen = plan.set.map { throughput.candidates[$0] }
                return InterdictionPlan(budget: b, elements: chosen.map(element).sorted { $0.reference < $1.reference },
                                        spent: chosen.reduce(0) { $0 + $1.cost },
                                        throughputLeftTonnesPerDay: Int64(plan.value.objective.rounded()), deliveredTonnesPerDay: nil,
                                        flowCost: nil, totalCost: nil, proof: plan.proof)
            }
        case .cost:
            let flowModel = FlowModel(view: view, origins: origins, destinations: destinations)
            let model = try CostInterdictionModel(
                base: flowModel.network, originHubs: origins.indices.map { flowModel.originHub($0) },
                supplies: origins.map(\.tonnesPerDay), destinationHubs: destinations.indices.map { flowModel.destinationHub($0) },
                demands: destinations.map { $0.tonnesPerDay! }, elements: all, budget: request.budget,
                unmetCost: request.unmetCostPerTonne,
                joint: sharedCapacities ? JointCapacities(view: view, networkArc: flowModel.networkArc,
                                                          arcCount: flowModel.network.arcCount) : nil)
            unmetCost = model.unmetCost
            intactCost = try model.evaluate([]).objective
            try run(model) { plan, b throws(AnalysisError) in
                let chosen = plan.set.map { model.candidates[$0] }
                let left = try throughputLeft(chosen.map(\.reference))
                return InterdictionPlan(budget: b, elements: chosen.map(element).sorted { $0.reference < $1.reference },
                                        spent: chosen.reduce(0) { $0 + $1.cost }, throughputLeftTonnesPerDay: left,
                                        deliveredTonnesPerDay: plan.value.delivered, flowCost: plan.value.flowCost,
                                        totalCost: plan.value.objective, proof: plan.proof)
            }
        }
        let (cut, cutCapacity) = try remainingCut(bestSet)
        return InterdictionResult(request: request, origins: origins, destinations: destinations,
                                  intactThroughputTonnesPerDay: Int64(intactThroughput.rounded()), intactTotalCost: intactCost,
                                  unmetCostPerTonne: unmetCost, best: plans.last!, curve: request.curve ? plans : [plans.last!],
                                  greedy: greedySteps, remainingCut: cut,
                                  remainingCutCapacityTonnesPerDay: FlowProgram.clean(cutCapacity), candidateCount: candidateCount, undominatedCount: searchedCount, notes: view.notes)
    }

    /// Maps a cut of the network with joint rows (`JointMaxFlow.Cut`) to elements: its arcs as `describeCut` maps
    /// them (an element's weight the capacity-weighted mean of its arcs' duals), each joint row as the shared element
    /// of its capacity constraint (`shared`, the row's capacity); by kind, id, then the shared element after the
    /// element's own arcs.
    func describeJointCut(model: ThroughputModel, joint: JointCapacities, cut: JointMaxFlow.Cut) -> [CutElement] {
        let owners = ElementOwners(network: network)
        var weighted: [String: Double] = [:]
        var byArcs = describeCut(model: model, cutArcs: cut.arcs.map(\.arc)).0
        for (a, w) in cut.arcs {
            let fa = Int(a)
            let key: String
            if let na = model.networkArc(fa) {
                let (kind, id) = owners.owner(ofEdge: Int(network.arcEdge[na]))
                key = "\(kind.rawValue):\(id)"
            } else if Int(model.network.tails[fa]) == Int(model.source) {
                key = "site:\(Int(model.network.heads[fa]) - network.nodeCount)"
            } else {
                key = "site:\(Int(model.network.tails[fa]) - network.nodeCount)"
            }
            weighted[key, default: 0] += w * Double(model.network.capacities[fa])
        }
        for i in byArcs.indices {
            let e = byArcs[i]
            let w = weighted["\(e.kind.rawValue):\(e.id)"] ?? Double(e.capacityTonnesPerDay)
            byArcs[i].weight = e.capacityTonnesPerDay > 0 ? w / Double(e.capacityTonnesPerDay) : 1
        }
        let rowCapacity = joint.capacities(model.network.capacities)
        let shared = cut.rows.map { g, w -> CutElement in
            let c = joint.rows[g].constraint
            return CutElement(kind: c.kind, id: c.id, name: c.name, capacityTonnesPerDay: rowCapacity[g], edges: c.edges.sorted(),
                              location: owners.location(kind: c.kind, id: c.id), shared: true, weight: w)
        }
        let order: [ElementKind: Int] = [.crossing: 0, .terminal: 1, .edge: 2, .node: 3, .site: 4]
        return (byArcs + shared).sorted {
            (order[$0.kind]!, $0.id, $0.shared ? 1 : 0, $0.name) < (order[$1.kind]!, $1.id, $1.shared ? 1 : 0, $1.name)
        }
    }

    /// Budgets of the resilience curve: 0, 1, ..., ⌊budget⌋, and the budget itself when it is not whole.
    func curveBudgets(_ budget: Double, curve: Bool) -> [Double] {
        guard curve else { return [budget] }
        var out = (0...Int(budget.rounded(.down))).map(Double.init)
        if budget != budget.rounded(.down) { out.append(budget) }
        return out
    }

    /// The interdiction cost of each element: the default, then each rule in order.
    /// - Throws: `.invalidRequest` for a negative or NaN cost, `.unknownName` for a selector that names no element of
    ///   the network.
    func interdictionCosts(_ costs: InterdictionCosts, elements: [ElementReference], owners: ElementOwners) throws(AnalysisError) -> [Double] {
        func check(_ cost: Double, _ what: String) throws(AnalysisError) {
            guard cost >= 0, !cost.isNaN else { throw .invalidRequest("an interdiction cost must be >= 0: \(what)") }
        }
        try check(costs.defaultCost, "default \(costs.defaultCost)")
        var result = [Double](repeating: costs.defaultCost, count: elements.count)
        let index = Dictionary(uniqueKeysWithValues: elements.enumerated().map { ($1, $0) })
        for rule in costs.rules {
            try check(rule.cost, "\(rule.selector)=\(rule.cost)" + (rule.origin.map { " (\($0))" } ?? ""))
            for reference in try select(rule.selector, owners: owners, elements: elements) {
                if let i = index[reference] { result[i] = rule.cost }
            }
        }
        return result
    }

    /// The elements a cost selector names (see `InterdictionCostRule`); may include elements not offered to the search.
    func select(_ selector: String, owners: ElementOwners, elements: [ElementReference]) throws(AnalysisError) -> [ElementReference] {
        let n = network
        let text = selector.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("kind:") {
            let name = String(text.dropFirst(5))
            guard let kind = ElementKind(rawValue: name), kind != .site else {
                throw .unknownName(kind: "element kind", name: name, suggestions: ["crossing", "terminal", "edge", "node"])
            }
            return elements.filter { $0.kind == kind }
        }
        if let reference = ElementReference(parsing: text) {
            switch reference.kind {
            case .crossing: guard reference.id < n.crossings.count else { break }; return [reference]
            case .terminal: guard reference.id < n.terminals.count else { break }; return [reference]
            case .node: guard reference.id < n.nodeCount else { break }; return [reference]
            case .edge:
                guard reference.id < n.edgeCount else { break }
                let (kind, id) = owners.owner(ofEdge: reference.id)
                return [ElementReference(kind: kind, id: id)]
            case .site: break
            }
            throw .unknownName(kind: reference.kind.rawValue, name: text, suggestions: [])
        }
        var name = text
        for prefix in ["crossing:", "terminal:"] where text.hasPrefix(prefix) { name = String(text.dropFirst(prefix.count)) }
        let key = Gazetteer.fold(name)
        if !text.hasPrefix("terminal:") {
            let crossings = n.crossings.indices.filter { Gazetteer.fold(n.crossings[$0].name) == key }
            if !crossings.isEmpty { return crossings.map { ElementReference(kind: .crossing, id: $0) } }
        }
        if !text.hasPrefix("crossing:") {
            let terminals = n.terminals.indices.filter { Gazetteer.fold(n.terminals[$0].place) == key }
            if !terminals.isEmpty { return terminals.map { ElementReference(kind: .terminal, id: $0) } }
        }
        if !text.hasPrefix("crossing:") && !text.hasPrefix("terminal:") {
            var pieces = Set<ElementReference>()
            for e in 0..<n.edgeCount where n.edgeKind[e] == .line && Gazetteer.fold(n.name(ofEdge: e)) == key {
                let (kind, id) = owners.owner(ofEdge: e)
                pieces.insert(ElementReference(kind: kind, id: id))
            }
            if !pieces.isEmpty { return pieces.sorted() }
        }
        var candidates = n.crossings.map(\.name) + n.terminals.map(\.place)
        candidates += Set((0..<n.edgeCount).filter { n.edgeKind[$0] == .line }.map { n.name(ofEdge: $0) }).filter { !$0.isEmpty }.sorted()
        throw .unknownName(kind: "crossing, terminal or line", name: name, suggestions: NetworkView.nearest(name, in: candidates))
    }
}
