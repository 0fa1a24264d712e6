import CorridorGraph
import CorridorSolver
import Foundation

/// Max-flow interdiction (Wood 1993) on a throughput network (super source and sink, site bounds).
///
/// The single-level MIP: remove a set of elements within the budget so that the minimum cut of what is left is as
/// small as possible. With `α_v` = 1 for nodes on the sink side, `β_a` = 1 for arcs counted in the cut and `x_k` = 1
/// for removed elements:
///
///     minimise    Σ capacity_a · β_a
///     subject to  α_head(a) − α_tail(a) − β_a − Σ_{k ∋ a} x_k ≤ 0      every arc a (β absent on infinite arcs)
///                 Σ cost_k · x_k ≤ budget,   α_source = 0,   α_sink = 1,   0 ≤ α, β ≤ 1,   x binary
///
/// For fixed `x` the rest is the min-cut LP of the arcs not removed (its optimum is the maximum flow left), so only
/// `x` needs to be integer. The objective is integral (capacities are whole tonnes), so CBC may stop once the gap is
/// below one tonne: that is a proof. Only nodes and arcs on some source–sink path take part (others carry nothing).
///
/// With joint capacities (`JointCapacities`: dual-gauge track, multi-layer crossings and terminals, single track both
/// ways), the inner problem is the maximum flow with the joint rows `Σ_{a ∈ g} f_a ≤ capacity_g`, and the MIP is the
/// dual of that LP in the same way: a column `γ_g` (objective `capacity_g`, 0 ≤ γ ≤ 1) per joint row, subtracted in
/// the row of every member arc:
///
///     α_head(a) − α_tail(a) − β_a − Σ_{g ∋ a} γ_g − Σ_{k ∋ a} x_k ≤ 0
///
/// For fixed `x` this is exactly the LP dual of the joint maximum flow without the removed arcs (a removed arc's row
/// is slack for any α, β, γ in [0, 1]); the bounds lose nothing, since an optimal dual may take α_v =
/// min(1, distance from the source under the lengths β + Σγ) and γ, β ≤ 1. The maximum flow left may then be
/// fractional, so the MIP runs to a relative gap of 1e-9 instead of one tonne, and every set is evaluated by the
/// joint LP (`JointMaxFlow`, re-solved warm by the dual simplex).
///
/// Complexity: one max flow (or one warm LP re-solve) per evaluation; the MIP has O(n + m + elements + joint rows)
/// columns and O(m) rows.
struct ThroughputInterdictionModel: InterdictionModel {
    let network: FlowNetwork
    let source: UInt32, sink: UInt32
    let candidates: [InterdictionCandidate]
    var minimizes: Bool { true }
    /// Arcs on some source–sink path (positive capacity, tail reached from the source, head reaching the sink).
    let relevantArc: [Bool]
    let relevantNode: [Bool]
    /// The joint-capacity maximum flow, nil when no shared capacity lies on the network (then push-relabel).
    let joint: JointMaxFlow?

    /// Elements with an arc on some source–sink path and a cost within the budget (before the dominance reduction).
    let relevantCount: Int

    /// Keeps the elements with an arc on some source–sink path and a cost within `budget`, and of those (unless
    /// `reduce` is false) the ones no other element dominates at no greater cost (`undominated`): exact.
    init(network: FlowNetwork, source: UInt32, sink: UInt32, elements: [InterdictionCandidate], budget: Double,
         joint: JointCapacities? = nil, reduce: Bool = true) {
        self.network = network; self.source = source; self.sink = sink
        self.joint = joint.flatMap { $0.isEmpty ? nil : JointMaxFlow(network: network, source: source, sink: sink, joint: $0) }
        let (arcs, nodes) = relevantSubnetwork(network, sources: [source], sinks: [sink])
        relevantArc = arcs; relevantNode = nodes
        let relevant = elements.filter { e in
            e.cost <= budget + InterdictionSearch<Self>.budgetSlack && e.arcs.contains { Int($0) < arcs.count && arcs[Int($0)] }
        }
        relevantCount = relevant.count
        candidates = reduce ? undominated(relevant, network: network, sources: [source], sinks: [sink]) : relevant
    }

    func damaged(_ set: [Int]) -> FlowNetwork { damaged(removingArcs: set.flatMap { candidates[$0].arcs }) }

    func damaged(removingArcs arcs: [UInt32]) -> FlowNetwork {
        var net = network
        for a in arcs { net.capacities[Int(a)] = 0 }
        return net
    }

    func maxFlow(without set: [Int]) throws(AnalysisError) -> MaxFlowResult {
        try maxFlow(removingArcs: set.flatMap { candidates[$0].arcs })
    }

    /// The layered network's maximum flow (push-relabel, each arc at its own capacity) without `arcs`.
    func maxFlow(removingArcs arcs: [UInt32]) throws(AnalysisError) -> MaxFlowResult {
        do { return try MaxFlow.solve(damaged(removingArcs: arcs), source: source, sink: sink) } catch {
            throw FlowAnalyzer.analysisError(error)
        }
    }

    /// The maximum flow left without `set`, every joint capacity respected.
    func throughput(without set: [Int]) throws(AnalysisError) -> Double {
        try throughput(removingArcs: set.flatMap { candidates[$0].arcs })
    }

    /// The maximum flow left without `arcs`, every joint capacity respected.
    func throughput(removingArcs arcs: [UInt32]) throws(AnalysisError) -> Double {
        if let joint { return try joint.solve(removing: arcs).value }
        return Double(try maxFlow(removingArcs: arcs).value)
    }

    func evaluate(_ set: [Int]) throws(AnalysisError) -> InterdictionValue {
        if let joint {
            let solved = try joint.solve(removing: set.flatMap { candidates[$0].arcs })
            let carriers = candidates.indices.filter { k in candidates[k].arcs.contains { solved.flow[Int($0)] > 1e-9 } }
            let loads = carriers.map { k in candidates[k].arcs.reduce(0.0) { $0 + solved.flow[Int($1)] } }
            return InterdictionValue(objective: solved.value, carriers: carriers, loads: loads)
        }
        let solved = try maxFlow(without: set)
        let carriers = candidates.indices.filter { k in candidates[k].arcs.contains { solved.flow[Int($0)] > 0 } }
        let loads = carriers.map { k in candidates[k].arcs.reduce(0.0) { $0 + Double(solved.flow[Int($1)]) } }
        return InterdictionValue(objective: Double(solved.value), carriers: carriers, loads: loads)
    }

    func solveMIP(budget: Double, start: [Int], timeLimit: Double?) throws(AnalysisError) -> MIPOutcome {
        var model = LinearModel(sense: .minimize, name: "max-flow-interdiction")
        var alpha = [LinearModel.Column?](repeating: nil, count: network.nodeCount)
        for v in 0..<network.nodeCount where relevantNode[v] {
            let fixed: Double? = v == Int(source) ? 0 : v == Int(sink) ? 1 : nil
            alpha[v] = model.addColumn(name: "alpha_\(v)", lower: fixed ?? 0, upper: fixed ?? 1)
        }
        var beta = [LinearModel.Column?](repeating: nil, count: network.arcCount)
        for a in 0..<network.arcCount where relevantArc[a] && network.capacities[a] != FlowNetwork.infiniteCapacity {
            beta[a] = model.addColumn(name: "beta_\(a)", lower: 0, upper: 1, objective: Double(network.capacities[a]))
        }
        var x: [LinearModel.Column] = []
        var candidatesOfArc = [[Int]](repeating: [], count: network.arcCount)
        for (k, c) in candidates.enumerated() {
            x.append(model.addColumn(name: "x_\(c.reference.kind.rawValue)_\(c.reference.id)", kind: .binary))
            for a in c.arcs where relevantArc[Int(a)] { candidatesOfArc[Int(a)].append(k) }
        }
        // Joint rows: γ_g in the row of each member arc.
        var gammaOfArc = [[LinearModel.Column]](repeating: [], count: network.arcCount)
        if let joint {
            let capacity = joint.joint.capacities(network.capacities)
            for (g, row) in joint.joint.rows.enumerated() {
                let members = row.arcs.filter { relevantArc[Int($0)] }
                guard members.count >= 2 else { continue }
                let gamma = model.addColumn(name: "gamma_\(g)", lower: 0, upper: 1, objective: Double(capacity[g]))
                for a in members { gammaOfArc[Int(a)].append(gamma) }
            }
        }
        for a in 0..<network.arcCount where relevantArc[a] {
            guard let h = alpha[Int(network.heads[a])], let t = alpha[Int(network.tails[a])] else { continue }
            var terms: [(column: LinearModel.Column, coefficient: Double)] = [(h, 1), (t, -1)]
            if let b = beta[a] { terms.append((b, -1)) }
            for g in gammaOfArc[a] { terms.append((g, -1)) }
            for k in candidatesOfArc[a] { terms.append((x[k], -1)) }
            model.addRow(name: "cut_\(a)", lower: -.infinity, upper: 0, terms: terms)
        }
        model.addRow(name: "budget", lower: -.infinity, upper: budget, terms: candidates.indices.map { (x[$0], candidates[$0].cost) })

        // Start: the given set and the minimum cut of what it leaves.
        let startFlow = try maxFlow(without: start)
        var point = [Double](repeating: 0, count: model.columnCount)
        let removed = Set(start)
        for v in 0..<network.nodeCount { if let c = alpha[v] { point[c.index] = startFlow.sourceSide[v] ? 0 : 1 } }
        for a in 0..<network.arcCount {
            guard let b = beta[a] else { continue }
            let crosses = startFlow.sourceSide[Int(network.tails[a])] && !startFlow.sourceSide[Int(network.heads[a])]
            if crosses && !candidatesOfArc[a].contains(where: removed.contains) { point[b.index] = 1 }
        }
        for k in start { point[x[k].index] = 1 }

        // Whole tonnes without joint rows (any gap below one is a proof); with them the optimum may be fractional.
        let integral = joint == nil
        let options = integral ? MIPOptions(timeLimit: timeLimit, absoluteGap: 1 - 1e-6, initialSolution: point)
            : MIPOptions(timeLimit: timeLimit, relativeGap: 1e-9, absoluteGap: 1e-7, initialSolution: point)
        let solution: MIPSolution
        do { solution = try MIPSolver.attempt(model, options: options) } catch {
            throw .invalidRequest("interdiction MIP: \(error)")
        }
        let set = solution.hasSolution ? candidates.indices.filter { solution.values[x[$0].index] > 0.5 } : start
        // The optimum is a whole number of tonnes: any bound rounds up.
        let bound = solution.bestBound.isFinite ? (integral ? (solution.bestBound - 1e-6).rounded(.up) : solution.bestBound) : 0
        return MIPOutcome(set: set, status: describe(solution.status), proven: solution.status == .optimal && solution.hasSolution,
                          bound: solution.status == .optimal ? (solution.objectiveValue ?? bound) : max(bound, 0),
                          nodes: solution.nodeCount)
    }
}

/// Arcs and nodes of `network` on some path from a node of `sources` to a node of `sinks` through arcs of positive
/// capacity. O(n + m).
func relevantSubnetwork(_ network: FlowNetwork, sources: [UInt32], sinks: [UInt32]) -> (arcs: [Bool], nodes: [Bool]) {
    let n = network.nodeCount, m = network.arcCount
    var out = [[Int]](repeating: [], count: n), into = [[Int]](repeating: [], count: n)
    for a in 0..<m where network.capacities[a] > 0 && network.tails[a] != network.heads[a] {
        out[Int(network.tails[a])].append(a)
        into[Int(network.heads[a])].append(a)
    }
    func search(_ starts: [UInt32], _ next: [[Int]], _ end: (Int) -> Int) -> [Bool] {
        var seen = [Bool](repeating: false, count: n)
        var stack = starts.map(Int.init)
        for s in stack { seen[s] = true }
        while let v = stack.popLast() {
            for a in next[v] where !seen[end(a)] { seen[end(a)] = true; stack.append(end(a)) }
        }
        return seen
    }
    let forward = search(sources, out) { Int(network.heads[$0]) }
    let backward = search(sinks, into) { Int(network.tails[$0]) }
    let nodes = (0..<n).map { forward[$0] && backward[$0] }
    let arcs = (0..<m).map { a in
        network.capacities[a] > 0 && nodes[Int(network.tails[a])] && nodes[Int(network.heads[a])] && network.tails[a] != network.heads[a]
    }
    return (arcs, nodes)
}
