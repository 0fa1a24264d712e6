import CorridorGraph
import CorridorSolver
import Foundation

/// Min-cost-flow interdiction: remove a set of elements within the budget so that delivering the demand costs as much
/// as possible, every tonne per day not delivered costing `unmetCost`.
///
/// The inner problem is a balanced min-cost flow: origin hubs supply their amount (or the whole demand when
/// unlimited), destination hubs demand theirs; a node Z supplies the whole demand and reaches each destination hub at
/// the unmet cost per tonne (the tonnes not delivered) and a sink X (cost 0), which also takes what the origins do not
/// ship. Removing an element raises the cost of its arcs by `d` = unmet cost + 1: a tonne routed over such an arc
/// costs more than not delivering it, so no optimal flow uses it and the inner optimum is that of the network without
/// the element. Its LP dual (potentials π, capacity duals μ) turns the max–min into one MIP (`d·x` keeps it linear):
///
///     maximise    Σ_v b_v · π_v − Σ_a capacity_a · μ_a
///     subject to  π_tail(a) − π_head(a) − μ_a − d · Σ_{k ∋ a} x_k ≤ cost_a     every arc a (μ absent on infinite arcs)
///                 Σ cost_k · x_k ≤ budget,   π_X = 0,   μ ≥ 0,   x binary
///
/// For fixed `x` the rest is the dual of the inner min-cost flow, so only `x` needs to be integer. Costs in the MIP
/// are cost units per tonne (the flow's milli-units / 1000); every plan is re-evaluated exactly by `MinCostFlow`.
///
/// With joint capacities (`JointCapacities`: both gauges of a dual-gauge piece, the layers of one crossing or
/// terminal, both directions of single track), the inner problem is the min-cost flow with the joint rows
/// `Σ_{a ∈ g} f_a ≤ capacity_g` (an LP), and its dual has one more column `γ_g ≥ 0` per joint row (objective
/// `−capacity_g`), subtracted in the row of every member arc:
///
///     π_tail(a) − π_head(a) − μ_a − Σ_{g ∋ a} γ_g − d · Σ_{k ∋ a} x_k ≤ cost_a
///
/// The penalty still removes an element exactly: a flow through a penalised arc is replaced by not delivering
/// those tonnes (origin → X, Z → destination), which only lowers the load of every joint row. So the max–min stays
/// one MIP; every plan is re-evaluated by the joint LP (`JointMinCostFlow`, re-solved warm), whose optimum may be
/// fractional (delivered tonnes are printed rounded, as the throughput objective's).
///
/// Complexity: one min-cost flow (or one warm LP re-solve) per evaluation; the MIP has
/// O(n + m + elements + joint rows) columns and O(m) rows.
struct CostInterdictionModel: InterdictionModel {
    /// The balanced flow network: the flow model's nodes and arcs, then Z and X and their arcs.
    let network: FlowNetwork
    let candidates: [InterdictionCandidate]
    let relevantCount: Int
    var minimizes: Bool { false }
    /// Arcs Z → destination hub (their flow is the unmet demand).
    let unmetArcs: [Int]
    /// Cost of a tonne not delivered, milli-units.
    let unmetCostMilli: Int64
    /// Total demand, tonnes/day.
    let demand: Int64
    let relevantArc: [Bool]
    let relevantNode: [Bool]
    let sinkNode: Int
    /// The joint-capacity minimum-cost flow, nil when no shared capacity lies on the network (then `MinCostFlow`).
    let joint: JointMinCostFlow?

    /// - Parameters:
    ///   - base: the flow model's network (hubs with supplies and demands, arcs with milli-unit costs).
    ///   - originHubs / destinationHubs: hub nodes; `supplies` of origins (nil: unlimited) and `demands` of destinations.
    ///   - unmetCost: cost per tonne not delivered (cost units); nil: one more than the sum of all arc costs.
    ///   - joint: the shared capacities over `base`'s arcs (nil or empty: each arc at its own capacity only).
    ///   - reduce: drop candidates dominated at no greater cost (`undominated`; exact: a flow without the dominating
    ///     element carries nothing over the dominated one but cycles, and dropping them only unloads joint rows).
    init(base: FlowNetwork, originHubs: [UInt32], supplies: [Int64?], destinationHubs: [UInt32], demands: [Int64],
         elements: [InterdictionCandidate], budget: Double, unmetCost: Double?, joint: JointCapacities? = nil,
         reduce: Bool = true) throws(AnalysisError) {
        var net = base
        var total: Int64 = 0
        for d in demands {
            let (s, o) = total.addingReportingOverflow(d)
            if o { throw .overflow("total demand") }
            total = s
        }
        demand = total
        let z = UInt32(net.nodeCount), x = UInt32(net.nodeCount + 1)
        net.nodeCount += 2
        net.supplies = [Int64](repeating: 0, count: net.nodeCount)
        var originTotal: Int64 = 0
        for (i, hub) in originHubs.enumerated() {
            let s = supplies[i] ?? total
            net.supplies[Int(hub)] = s
            let (sum, o) = originTotal.addingReportingOverflow(s)
            if o { throw .overflow("total supply") }
            originTotal = sum
            net.addArc(from: hub, to: x, capacity: FlowNetwork.infiniteCapacity)
        }
        for (j, hub) in destinationHubs.enumerated() { net.supplies[Int(hub)] = -demands[j] }
        // The default unmet cost exceeds the cost of any simple path, so delivering always beats not delivering.
        var pathBound: Int64 = 1000
        for c in base.costs where c > 0 {
            let (s, o) = pathBound.addingReportingOverflow(c)
            if o { throw .overflow("sum of arc costs") }
            pathBound = s
        }
        let unmetMilli: Int64
        if let unmetCost {
            guard unmetCost.isFinite, unmetCost >= 0, unmetCost * 1000 < 1e15 else {
                throw .invalidRequest("the unmet-demand cost must be a non-negative number: \(unmetCost)")
            }
            unmetMilli = Int64((unmetCost * 1000).rounded())
        } else {
            unmetMilli = pathBound
        }
        unmetCostMilli = unmetMilli
        var unmet: [Int] = []
        for hub in destinationHubs {
            unmet.append(Int(net.addArc(from: z, to: hub, capacity: FlowNetwork.infiniteCapacity, cost: unmetMilli)))
        }
        net.addArc(from: z, to: x, capacity: FlowNetwork.infiniteCapacity)
        net.supplies[Int(z)] = total
        net.supplies[Int(x)] = -originTotal
        unmetArcs = unmet
        network = net
        sinkNode = Int(x)
        let sources = (0..<net.nodeCount).filter { net.supplies[$0] > 0 }.map(UInt32.init)
        let sinks = (0..<net.nodeCount).filter { net.supplies[$0] < 0 }.map(UInt32.init)
        let (arcs, nodes) = relevantSubnetwork(net, sources: sources, sinks: sinks)
        relevantArc = arcs; relevantNode = nodes
        self.joint = joint.flatMap { j in
            j.isEmpty ? nil : JointMinCostFlow(network: net, joint: j, freeNode: Int(x), relevantArc: arcs, relevantNode: nodes)
        }
        let relevant = elements.filter { e in
            e.cost <= budget + InterdictionSearch<Self>.budgetSlack && e.arcs.contains { Int($0) < arcs.count && arcs[Int($0)] }
        }
        relevantCount = relevant.count
        // Dominance needs costs ≥ 0 (a flow without its cycles costs no more).
        let reducible = reduce && net.costs.allSatisfy { $0 >= 0 }
        candidates = reducible ? undominated(relevant, network: net, sources: sources, sinks: sinks) : relevant
    }

    /// Cost per tonne not delivered, cost units.
    var unmetCost: Double { Double(unmetCostMilli) / 1000 }

    func solve(without set: [Int]) throws(AnalysisError) -> MinCostFlowResult {
        var net = network
        for k in set { for a in candidates[k].arcs { net.capacities[Int(a)] = 0 } }
        let solved: MinCostFlowResult
        do { solved = try MinCostFlow.solve(net) } catch { throw FlowAnalyzer.analysisError(error) }
        guard case .optimal = solved.status else {
            throw .infeasible(reason: "internal: the interdiction's cost network has no optimal flow (\(solved.status))")
        }
        return solved
    }

    func evaluate(_ set: [Int]) throws(AnalysisError) -> InterdictionValue {
        if let joint {
            let solved = try joint.solve(removing: set.flatMap { candidates[$0].arcs })
            let unmet = unmetArcs.reduce(0.0) { $0 + solved.flow[$1] }
            let carriers = candidates.indices.filter { k in candidates[k].arcs.contains { solved.flow[Int($0)] > 1e-9 } }
            return InterdictionValue(objective: solved.costMilli / 1000, carriers: carriers,
                                     delivered: Int64((Double(demand) - unmet).rounded()),
                                     flowCost: FlowProgram.clean((solved.costMilli - unmet * Double(unmetCostMilli)) / 1000))
        }
        let solved = try solve(without: set)
        let unmet = unmetArcs.reduce(Int64(0)) { $0 + solved.flow[$1] }
        let carriers = candidates.indices.filter { k in candidates[k].arcs.contains { solved.flow[Int($0)] > 0 } }
        let total = Double(solved.totalCost) / 1000
        return InterdictionValue(objective: total, carriers: carriers, delivered: demand - unmet,
                                 flowCost: Double(solved.totalCost - unmet * unmetCostMilli) / 1000)
    }

    func solveMIP(budget: Double, start: [Int], timeLimit: Double?) throws(AnalysisError) -> MIPOutcome {
        var model = LinearModel(sense: .maximize, name: "min-cost-flow-interdiction")
        let n = network.nodeCount, m = network.arcCount
        var pi = [LinearModel.Column?](repeating: nil, count: n)
        for v in 0..<n where relevantNode[v] {
            let fixed = v == sinkNode
            pi[v] = model.addColumn(name: "pi_\(v)", lower: fixed ? 0 : -.infinity, upper: fixed ? 0 : .infinity,
                                    objective: Double(network.supplies[v]))
        }
        var mu = [LinearModel.Column?](repeating: nil, count: m)
        for a in 0..<m where relevantArc[a] && network.capacities[a] != FlowNetwork.infiniteCapacity {
            mu[a] = model.addColumn(name: "mu_\(a)", lower: 0, upper: .infinity, objective: -Double(network.capacities[a]))
        }
        var x: [LinearModel.Column] = []
        var candidatesOfArc = [[Int]](repeating: [], count: m)
        for (k, c) in candidates.enumerated() {
            x.append(model.addColumn(name: "x_\(c.reference.kind.rawValue)_\(c.reference.id)", kind: .binary))
            for a in c.arcs where relevantArc[Int(a)] { candidatesOfArc[Int(a)].append(k) }
        }
        // Joint rows: γ_g in the row of each member arc.
        var gamma = [LinearModel.Column?](repeating: nil, count: joint?.joint.rows.count ?? 0)
        var gammaOfArc = [[Int]](repeating: [], count: m)
        if let joint {
            let capacity = joint.joint.capacities(network.capacities)
            for (g, row) in joint.joint.rows.enumerated() where joint.jointRow[g] >= 0 {
                gamma[g] = model.addColumn(name: "gamma_\(g)", lower: 0, upper: .infinity, objective: -Double(capacity[g]))
                for a in row.arcs where relevantArc[Int(a)] { gammaOfArc[Int(a)].append(g) }
            }
        }
        let penalty = unmetCost + 1
        for a in 0..<m where relevantArc[a] {
            guard let t = pi[Int(network.tails[a])], let h = pi[Int(network.heads[a])] else { continue }
            var terms: [(column: LinearModel.Column, coefficient: Double)] = [(t, 1), (h, -1)]
            if let u = mu[a] { terms.append((u, -1)) }
            for g in gammaOfArc[a] { if let c = gamma[g] { terms.append((c, -1)) } }
            for k in candidatesOfArc[a] { terms.append((x[k], -penalty)) }
            model.addRow(name: "dual_\(a)", lower: -.infinity, upper: Double(network.costs[a]) / 1000, terms: terms)
        }
        model.addRow(name: "budget", lower: -.infinity, upper: budget, terms: candidates.indices.map { (x[$0], candidates[$0].cost) })

        // Start: the set, the potentials of its optimal flow (and the joint rows' duals), and the capacity duals
        // they need (so every row holds).
        var point = [Double](repeating: 0, count: model.columnCount)
        let potential: (Int) -> Double
        var shared = [Double](repeating: 0, count: m)
        if let joint {
            let startFlow = try joint.solve(removing: start.flatMap { candidates[$0].arcs })
            potential = { startFlow.potential[$0] / 1000 }
            for (g, c) in gamma.enumerated() {
                guard let c else { continue }
                point[c.index] = startFlow.jointDual[g] / 1000
                for a in joint.joint.rows[g].arcs where Int(a) < m { shared[Int(a)] += startFlow.jointDual[g] / 1000 }
            }
        } else {
            let startFlow = try solve(without: start)
            let shift = Double(startFlow.potentials[sinkNode])
            potential = { -(Double(startFlow.potentials[$0]) - shift) / 1000 }
        }
        for v in 0..<n { if let c = pi[v] { point[c.index] = potential(v) } }
        let removed = Set(start)
        for a in 0..<m {
            guard let u = mu[a] else { continue }
            let raise = candidatesOfArc[a].filter(removed.contains).count
            let slack = Double(network.costs[a]) / 1000 + penalty * Double(raise) + shared[a]
            point[u.index] = max(0, potential(Int(network.tails[a])) - potential(Int(network.heads[a])) - slack)
        }
        for k in start { point[x[k].index] = 1 }

        let solution: MIPSolution
        do { solution = try MIPSolver.attempt(model, options: MIPOptions(timeLimit: timeLimit, initialSolution: point)) } catch {
            throw .invalidRequest("interdiction MIP: \(error)")
        }
        let set = solution.hasSolution ? candidates.indices.filter { solution.values[x[$0].index] > 0.5 } : start
        return MIPOutcome(set: set, status: describe(solution.status), proven: solution.status == .optimal && solution.hasSolution,
                          bound: solution.status == .optimal ? (solution.objectiveValue ?? .infinity) : solution.bestBound,
                          nodes: solution.nodeCount)
    }
}
