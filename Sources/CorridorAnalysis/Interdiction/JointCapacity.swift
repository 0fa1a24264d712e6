import CorridorGraph
import CorridorNetwork
import CorridorSolver
import Foundation

/// The shared physical capacities of a throughput network (`ThroughputModel`) as joint rows over its flow arcs:
/// both gauge edges of a dual-gauge piece per direction, the connectors of a multi-layer crossing or terminal per
/// direction, both directions of single track — the `CapacityConstraint`s of two or more arcs, as `flow` enforces
/// them. Each member arc keeps its own capacity as well (a member scaled below the shared capacity is bounded by
/// it).
struct JointCapacities: Sendable {
    /// Per joint row: its flow arcs (sorted) and the network arcs' constraint.
    var rows: [(arcs: [UInt32], constraint: CapacityConstraint)]
    /// Per flow arc, the joint rows it lies in.
    var rowsOfArc: [[Int32]]

    var isEmpty: Bool { rows.isEmpty }

    /// The joint rows of `model`'s network arcs in `view` (single track both ways, as `FlowRequest`'s default).
    init(view: NetworkView, model: ThroughputModel, singleTrackSharesDirections: Bool = true) {
        self.init(view: view, networkArc: model.base.networkArc, arcCount: model.network.arcCount,
                  singleTrackSharesDirections: singleTrackSharesDirections)
    }

    /// The joint rows of a flow network whose arc `fa` is network arc `networkArc[fa]` (`.max`: a hub or super arc)
    /// and which has `arcCount` arcs (`FlowModel`'s network and arcs appended after it).
    init(view: NetworkView, networkArc: [UInt32], arcCount: Int, singleTrackSharesDirections: Bool = true) {
        let n = view.network
        let (_, _, open) = FlowPlan.openArcs(view)
        let (constraints, _) = CapacityConstraints.build(view: view, open: open, singleTrackSharesDirections: singleTrackSharesDirections)
        var flowArc = [UInt32](repeating: .max, count: n.arcCount)
        for (fa, na) in networkArc.enumerated() where na != .max { flowArc[Int(na)] = UInt32(fa) }
        rows = []
        rowsOfArc = [[Int32]](repeating: [], count: arcCount)
        for c in constraints where c.arcs.count >= 2 {
            let arcs = c.arcs.map { flowArc[Int($0)] }.filter { $0 != .max }.sorted()
            guard arcs.count >= 2 else { continue }
            for a in arcs { rowsOfArc[Int(a)].append(Int32(rows.count)) }
            rows.append((arcs, c))
        }
    }

    /// The capacity of each row with the flow arcs' capacities `capacity` (scaled or not): the largest member's, as
    /// `CapacityConstraints` sets it.
    func capacities(_ capacity: [Int64]) -> [Int64] {
        rows.map { row in row.arcs.map { capacity[Int($0)] }.max() ?? 0 }
    }
}

/// The flow LP with joint capacity rows that `JointMaxFlow` and `JointMinCostFlow` share: one column per arc of
/// `relevantArc` (its capacity as its upper bound, `objective(a)` as its cost), a conservation row per node that has a
/// balance (`Σ out − Σ in = balance(v)`; nil: no row), and each joint row with two or more columns at its largest
/// member's capacity. The owner may add rows to `model` before it makes a `JointFlowSessions` of it.
struct JointFlowProgram {
    var model: LinearModel
    /// Column of each flow arc (−1: not in `relevantArc`).
    let column: [Int32]
    /// Row of each node (−1: no balance).
    let nodeRow: [Int32]
    /// Row of each joint row (−1: fewer than two of its arcs have a column).
    let jointRow: [Int32]

    init(network: FlowNetwork, joint: JointCapacities, name: String, sense: LinearModel.Sense, relevantArc: [Bool],
         objective: (Int) -> Double, balance: (Int) -> Double?) {
        var model = LinearModel(sense: sense, name: name)
        var column = [Int32](repeating: -1, count: network.arcCount)
        for a in 0..<network.arcCount where relevantArc[a] {
            let c = network.capacities[a]
            column[a] = Int32(model.addColumn(lower: 0, upper: c == FlowNetwork.infiniteCapacity ? .infinity : Double(c),
                                              objective: objective(a)).index)
        }
        var nodeRow = [Int32](repeating: -1, count: network.nodeCount)
        for v in 0..<network.nodeCount {
            guard let b = balance(v) else { continue }
            nodeRow[v] = Int32(model.addRow(lower: b, upper: b).index)
        }
        for a in 0..<network.arcCount where column[a] >= 0 {
            let x = LinearModel.Column(Int(column[a]))
            let t = nodeRow[Int(network.tails[a])], h = nodeRow[Int(network.heads[a])]
            if t >= 0 { model.addCoefficient(row: LinearModel.Row(Int(t)), column: x, value: 1) }
            if h >= 0 { model.addCoefficient(row: LinearModel.Row(Int(h)), column: x, value: -1) }
        }
        let capacity = joint.capacities(network.capacities)
        var jointRow = [Int32](repeating: -1, count: joint.rows.count)
        for (i, row) in joint.rows.enumerated() {
            let terms = row.arcs.filter { Int($0) < column.count && column[Int($0)] >= 0 }
                .map { (column: LinearModel.Column(Int(column[Int($0)])), coefficient: 1.0) }
            guard terms.count >= 2 else { continue }
            jointRow[i] = Int32(model.addRow(lower: -.infinity, upper: Double(capacity[i]), terms: terms).index)
        }
        self.model = model
        self.column = column
        self.nodeRow = nodeRow
        self.jointRow = jointRow
    }
}

/// Fresh CLP sessions of one model (no history in CLP), each started from the basis of the model's own optimum
/// (found by the first session, then kept under a lock): every solve after a change of bounds is a dual simplex from
/// that basis, so its result depends on its own bounds only (deterministic output, in any thread order).
final class JointFlowSessions: @unchecked Sendable {
    let model: LinearModel
    private var intactBasis: LPSession.Basis?
    private let lock = NSLock()

    init(_ model: LinearModel) { self.model = model }

    /// A new session at the intact optimum's basis (solving the intact model first if no session has).
    func take() throws(SolverError) -> LPSession {
        let session = try LPSession(model)
        lock.lock()
        var basis = intactBasis
        lock.unlock()
        if basis == nil {
            _ = try session.solve()
            basis = session.basis()
            lock.lock(); intactBasis = basis; lock.unlock()
        }
        session.restore(basis!)
        return session
    }
}

/// The maximum flow of a throughput network with joint capacity rows, as an LP re-solved warm for many variations
/// of one network (removed arcs, scaled capacities): one column per arc on a source–sink path, conservation per node,
/// each arc's capacity as its bound and each joint row. A variation changes bounds only, so each solve is a dual
/// simplex from the intact optimum's basis.
///
/// Each solve loads the model into a fresh CLP model and starts from the intact optimum's basis (loading is O(arcs),
/// far below the solve); `Sendable` (the saved basis is locked).
final class JointMaxFlow: @unchecked Sendable {
    let network: FlowNetwork
    let source: UInt32, sink: UInt32
    let joint: JointCapacities
    private let sessions: JointFlowSessions
    /// Column of each flow arc (−1: on no source–sink path of the intact network).
    private let column: [Int32]
    /// Row of each joint row (−1: fewer than two of its arcs have a column).
    private let jointRow: [Int32]
    /// The total-delivery row (Σ arcs out of the source), free except in `minimumCost`.
    private let deliveryRow: Int
    private let relevantArc: [Bool]

    /// The maximum flow left, the flow on every arc and the LP duals: the dual of the max-flow LP is
    ///
    ///     minimise    Σ_a capacity_a · β_a + Σ_g capacity_g · γ_g
    ///     subject to  α_head(a) − α_tail(a) − β_a − Σ_{g ∋ a} γ_g ≤ 0   every arc,   α_source = 0, α_sink = 1,   β, γ ≥ 0
    ///
    /// (the interdiction MIP's inner problem), so at an optimum `Σ β_a · capacity_a + Σ γ_g · capacity_g = value`.
    struct Solution: Sendable {
        var value: Double
        var flow: [Double]
        /// β per flow arc (≥ 0, t/day more per t/day of the arc's own capacity; 0 off the LP).
        var arcDual: [Double]
        /// γ per joint row of `joint` (≥ 0, t/day more per t/day of the shared capacity; 0 for a row not in the LP).
        var jointDual: [Double]
    }

    /// A minimum cut of the network with joint rows, read from an optimal dual (`Solution`): the arcs with β > 1e-7
    /// and positive capacity, the joint rows with γ > 1e-7, each with its dual as its weight (1 within 1e-6 of 1).
    /// Every source–sink path crosses one of them (along a path the α rise by 1 in all, so β + Σγ sum to at least 1),
    /// and `capacity` = Σ weight · capacity = the maximum flow (LP duality). When every weight is 1 the cut is a whole
    /// one; otherwise (the LP's optimal dual is fractional, as it may be with shared capacities) `capacity` is the
    /// weighted sum, and the plain sum of the members' capacities exceeds the flow.
    struct Cut: Sendable {
        var arcs: [(arc: UInt32, weight: Double)]
        var rows: [(row: Int, weight: Double)]
        /// Σ weight · capacity, t/day.
        var capacity: Double
        /// Whether every weight is 1.
        var whole: Bool { arcs.allSatisfy { $0.weight == 1 } && rows.allSatisfy { $0.weight == 1 } }
    }

    /// The cut of `solution` (solved with the same `removed` and `capacity`), see `Cut`.
    func cut(_ solution: Solution, removing removed: [UInt32] = [], capacity: [Int64]? = nil) -> Cut {
        let capacities = capacity ?? network.capacities
        let rowCapacity = joint.capacities(capacities)
        let gone = Set(removed)
        func weight(_ dual: Double) -> Double? {
            guard dual > 1e-7 else { return nil }
            return abs(dual - 1) <= 1e-6 ? 1 : dual
        }
        var arcs: [(arc: UInt32, weight: Double)] = [], rows: [(row: Int, weight: Double)] = []
        var total = 0.0
        for a in 0..<network.arcCount where column[a] >= 0 && !gone.contains(UInt32(a)) && capacities[a] > 0
            && capacities[a] != FlowNetwork.infiniteCapacity {
            guard let w = weight(solution.arcDual[a]) else { continue }
            arcs.append((UInt32(a), w))
            total += w * Double(capacities[a])
        }
        for g in joint.rows.indices where jointRow[g] >= 0 {
            guard let w = weight(solution.jointDual[g]) else { continue }
            rows.append((g, w))
            total += w * Double(rowCapacity[g])
        }
        return Cut(arcs: arcs, rows: rows, capacity: total)
    }

    /// The solution of a solved max-flow LP.
    private func read(_ lp: LPSolution) -> Solution {
        var flow = [Double](repeating: 0, count: network.arcCount)
        var arcDual = [Double](repeating: 0, count: network.arcCount)
        for a in 0..<network.arcCount where column[a] >= 0 {
            flow[a] = max(0, FlowProgram.clean(lp.values[Int(column[a])]))
            // The reduced cost is d(objective)/d(binding bound) (LPSolution's convention): β at the upper bound.
            arcDual[a] = max(0, lp.reducedCosts[Int(column[a])]) + 0
        }
        let jointDual = jointRow.map { $0 >= 0 ? max(0, lp.rowDuals[Int($0)]) + 0 : 0 }
        return Solution(value: max(0, FlowProgram.clean(lp.objectiveValue)), flow: flow, arcDual: arcDual, jointDual: jointDual)
    }

    init(network: FlowNetwork, source: UInt32, sink: UInt32, joint: JointCapacities) {
        self.network = network; self.source = source; self.sink = sink; self.joint = joint
        let (arcs, nodes) = relevantSubnetwork(network, sources: [source], sinks: [sink])
        relevantArc = arcs
        var program = JointFlowProgram(network: network, joint: joint, name: "joint-max-flow", sense: .maximize, relevantArc: arcs,
                                       objective: { network.tails[$0] == source ? 1 : 0 },
                                       balance: { nodes[$0] && $0 != Int(source) && $0 != Int(sink) ? 0 : nil })
        let column = program.column
        let out = (0..<network.arcCount).filter { column[$0] >= 0 && network.tails[$0] == source }
        deliveryRow = program.model.addRow(name: "delivered", lower: -.infinity, upper: .infinity,
                                           terms: out.map { (LinearModel.Column(Int(column[$0])), 1.0) }).index
        sessions = JointFlowSessions(program.model)
        self.column = column
        self.jointRow = program.jointRow
    }

    /// A fresh session started from the intact optimum's basis (`JointFlowSessions`).
    private func takeSession() throws(AnalysisError) -> LPSession {
        do {
            return try sessions.take()
        } catch {
            throw .solverFailed("the joint-capacity maximum flow: \(error)")
        }
    }

    /// Sets the arc bounds (capacities, removed arcs at 0) and the joint rows' capacities.
    private func setCapacities(_ session: LPSession, removing removed: [UInt32], capacity: [Int64]?) throws(SolverError) {
        let capacities = capacity ?? network.capacities
        let rowCapacity = joint.capacities(capacities)
        var upper = capacities.map { $0 == FlowNetwork.infiniteCapacity ? Double.infinity : Double($0) }
        for a in removed where Int(a) < upper.count { upper[Int(a)] = 0 }
        for a in 0..<network.arcCount where column[a] >= 0 {
            let c = LinearModel.Column(Int(column[a]))
            if session.model.columnUpper[c.index] != upper[a] { try session.setBounds(c, lower: 0, upper: upper[a]) }
        }
        for (i, r) in jointRow.enumerated() where r >= 0 {
            let row = LinearModel.Row(Int(r))
            if session.model.rowUpper[row.index] != Double(rowCapacity[i]) {
                try session.setBounds(row, lower: -.infinity, upper: Double(rowCapacity[i]))
            }
        }
    }

    /// The maximum flow (as `solve`), then the least cost (Σ cost · flow, the arcs' `costs`) of carrying it.
    func minimumCost(removing removed: [UInt32] = [], capacity: [Int64]? = nil,
                     costs: [Int64]) throws(AnalysisError) -> (maximum: Solution, costMilli: Double, flow: [Double]) {
        let session = try takeSession()
        do {
            try setCapacities(session, removing: removed, capacity: capacity)
            let first = try session.solve()
            let value = max(0, first.objectiveValue)
            let maxObjective = session.model.objective
            var costObjective = [Double](repeating: 0, count: session.model.columnCount)
            for a in 0..<network.arcCount where column[a] >= 0 { costObjective[Int(column[a])] = Double(costs[a]) }
            try session.setObjective(costObjective, sense: .minimize)
            try session.setBounds(LinearModel.Row(deliveryRow), lower: max(0, value - 1e-9 * max(1, value)), upper: .infinity)
            let cheapest = try session.solve()
            try session.setObjective(maxObjective, sense: .maximize)
            try session.setBounds(LinearModel.Row(deliveryRow), lower: -.infinity, upper: .infinity)
            var flow = [Double](repeating: 0, count: network.arcCount)
            for a in 0..<network.arcCount where column[a] >= 0 { flow[a] = max(0, FlowProgram.clean(cheapest.values[Int(column[a])])) }
            var maximum = read(first)
            maximum.value = FlowProgram.clean(value)
            maximum.flow = flow
            return (maximum, cheapest.objectiveValue, flow)
        } catch {
            throw .solverFailed("the joint-capacity minimum-cost flow: \(error)")
        }
    }

    /// The maximum flow with the arcs of `removed` at capacity 0 and, if given, every arc at `capacity[a]` (the
    /// joint rows at their largest member's), with the LP duals (`Solution`).
    /// - Throws: `.solverFailed` when CLP ends without an optimum.
    func solve(removing removed: [UInt32] = [], capacity: [Int64]? = nil) throws(AnalysisError) -> Solution {
        let session = try takeSession()
        do {
            try setCapacities(session, removing: removed, capacity: capacity)
            return read(try session.solve())
        } catch {
            throw .solverFailed("the joint-capacity maximum flow: \(error)")
        }
    }

    /// The joint rows that are full in `solution` (within 1e-7): the shared capacities that may hold the flow below
    /// the layered network's cut.
    func fullRows(_ solution: Solution, capacity: [Int64]? = nil) -> [Int] {
        let rowCapacity = joint.capacities(capacity ?? network.capacities)
        return joint.rows.indices.filter { i in
            guard jointRow[i] >= 0 else { return false }
            let load = joint.rows[i].arcs.reduce(0.0) { $0 + solution.flow[Int($1)] }
            return load >= Double(rowCapacity[i]) - 1e-7 * max(1, load)
        }
    }
}

/// The minimum-cost flow of a balanced flow network (`CostInterdictionModel`'s) with joint capacity rows, as an LP
/// re-solved warm for many sets of removed arcs: one column per arc on a supply–demand path (its capacity as its
/// bound, its cost in milli-units), conservation per node (`Σ out − Σ in = supply`; the row of `freeNode` is left out,
/// it is implied), each joint row at its largest member's capacity. Removing arcs changes column bounds only (a
/// joint row keeps its capacity: what it shares is physical), so each solve is a dual simplex from the intact
/// optimum's basis, in a fresh CLP model (deterministic in any thread order).
final class JointMinCostFlow: @unchecked Sendable {
    let network: FlowNetwork
    let joint: JointCapacities
    let freeNode: Int
    private let sessions: JointFlowSessions
    /// Column of each arc (−1: on no supply–demand path).
    private let column: [Int32]
    /// Row of each node (−1: none, or `freeNode`).
    private let nodeRow: [Int32]
    /// Row of each joint row (−1: fewer than two of its arcs have a column).
    let jointRow: [Int32]

    /// An optimum: the cost (milli-units), the flow per arc, the duals of the node rows (π, milli-units per tonne,
    /// π_freeNode = 0) and of the joint rows (γ ≥ 0, milli-units per tonne: the shadow price of each shared capacity).
    struct Solution: Sendable {
        var costMilli: Double
        var flow: [Double]
        var potential: [Double]
        var jointDual: [Double]
    }

    init(network: FlowNetwork, joint: JointCapacities, freeNode: Int, relevantArc: [Bool], relevantNode: [Bool]) {
        self.network = network; self.joint = joint; self.freeNode = freeNode
        let program = JointFlowProgram(network: network, joint: joint, name: "joint-min-cost-flow", sense: .minimize,
                                       relevantArc: relevantArc, objective: { Double(network.costs[$0]) },
                                       balance: { relevantNode[$0] && $0 != freeNode ? Double(network.supplies[$0]) : nil })
        sessions = JointFlowSessions(program.model)
        self.column = program.column
        self.nodeRow = program.nodeRow
        self.jointRow = program.jointRow
    }

    /// The minimum-cost flow with the arcs of `removed` at capacity 0.
    /// - Throws: `.solverFailed` when CLP ends without an optimum (the network is balanced and has an uncapacitated
    ///   way for every supply, so it is always feasible).
    func solve(removing removed: [UInt32] = []) throws(AnalysisError) -> Solution {
        do {
            let session = try sessions.take()
            for a in Set(removed) where Int(a) < column.count && column[Int(a)] >= 0 {
                try session.setBounds(LinearModel.Column(Int(column[Int(a)])), lower: 0, upper: 0)
            }
            let lp = try session.solve()
            var flow = [Double](repeating: 0, count: network.arcCount)
            for a in 0..<network.arcCount where column[a] >= 0 { flow[a] = max(0, FlowProgram.clean(lp.values[Int(column[a])])) }
            var potential = [Double](repeating: 0, count: network.nodeCount)
            for v in 0..<network.nodeCount where nodeRow[v] >= 0 { potential[v] = lp.rowDuals[Int(nodeRow[v])] }
            let jointDual = jointRow.map { $0 >= 0 ? max(0, -lp.rowDuals[Int($0)]) : 0 }
            return Solution(costMilli: lp.objectiveValue, flow: flow, potential: potential, jointDual: jointDual)
        } catch {
            throw .solverFailed("the joint-capacity minimum-cost flow: \(error)")
        }
    }
}
