import CorridorNetwork
import CorridorSolver
import Foundation

/// Where a commodity enters (a source) or leaves (a sink) the network.
struct CommodityEnd: Sendable {
    /// Index of the site in the result's origins (sources) or destinations (sinks).
    var site: Int
    /// Network nodes the site snapped to (those of the commodity's layers).
    var nodes: [UInt32]
    /// Sources: the most the site supplies (`nil`: no limit). Sinks: the demand.
    var amount: Double?
    /// Sinks of OD and origin commodities: the OD pair the sink serves.
    var pair: Int?
}

/// One commodity of a flow program: goods that may only move on `open` arcs from its sources to its sinks.
struct Commodity: Sendable {
    /// `Vladivostok → Pyongyang`, `from Vladivostok`, or `all`.
    var name: String
    var sources: [CommodityEnd]
    var sinks: [CommodityEnd]
    /// Per network arc: usable by this commodity (open in the view and on one of its layers).
    var open: [Bool]
}

/// What a flow program optimises.
enum FlowObjective: Sendable, Equatable {
    /// Maximise the total delivered (each sink at most its demand).
    case throughput
    /// Maximise λ such that every sink receives λ × its demand.
    case concurrent
    /// Minimise the cost (milli-units) of delivering at least `minimumDelivered` in total.
    case cost(minimumDelivered: Double)
}

/// The linear program of a multicommodity flow on a view: a flow per commodity on the arcs it may use, conserved at
/// every node, with every capacity constraint (`CapacityConstraint`, shared elements jointly) on the sum over the
/// commodities.
///
/// Each commodity keeps only the arcs that lie on some path from one of its sources to one of its sinks (forward
/// reachability from the sources times backward reachability from the sinks): an arc outside that set carries no
/// flow of the commodity in any optimal solution (costs are non-negative), so the pruning is exact.
///
/// Columns: per commodity, one per kept arc, one per (source, node) injection and one per (sink, node) extraction;
/// for `.concurrent`, one λ. Rows: per commodity, one per kept node (conservation), one per bounded source and one
/// per sink; one per capacity constraint with two or more columns (a constraint on a single column is its upper
/// bound); for `.cost`, one delivery row.
/// - Complexity: building is O(Σ_k kept arcs of k + constraints); solving is CLP's simplex.
struct FlowProgram: Sendable {
    let network: Network
    let commodities: [Commodity]
    let constraints: [CapacityConstraint]
    let constraintsOfArc: [[Int32]]
    /// Cost per tonne of each arc, milli-units.
    let arcCostMilli: [UInt32]
    /// Per commodity, the network arcs it keeps, ascending.
    let keptArcs: [[UInt32]]
    /// Per commodity, per source (sink), the nodes it keeps.
    let keptSourceNodes: [[[UInt32]]]
    let keptSinkNodes: [[[UInt32]]]
    /// How `solve` and `solveThroughputThenCost` solve the program.
    var method: FlowProgramMethod = .automatic

    /// Arc columns from which `.automatic` solves by paths: below it the arc formulation's one CLP solve is fast
    /// (0.07 s at 17k columns), above it CLP's simplex time grows much faster than the program (BENCHMARKS.md).
    static let pathThreshold = 40_000

    /// Whether the program is solved by column generation on paths.
    var solvesByPaths: Bool {
        switch method {
        case .arcs, .arcsByBarrier: return false
        case .paths: return true
        case .automatic: return keptArcs.reduce(0) { $0 + $1.count } >= Self.pathThreshold
        }
    }

    /// CLP's settings for the arc formulation under `method`.
    var arcOptions: LPOptions { method == .arcsByBarrier ? LPOptions(algorithm: .barrier) : LPOptions() }

    init(network: Network, commodities: [Commodity], constraints: [CapacityConstraint], constraintsOfArc: [[Int32]],
         arcCostMilli: [UInt32]) {
        self.network = network
        self.commodities = commodities
        self.constraints = constraints
        self.constraintsOfArc = constraintsOfArc
        self.arcCostMilli = arcCostMilli
        var kept: [[UInt32]] = [], sources: [[[UInt32]]] = [], sinks: [[[UInt32]]] = []
        for k in commodities {
            let (arcs, from, to) = Self.prune(network, k)
            kept.append(arcs)
            sources.append(k.sources.map { $0.nodes.filter { from[Int($0)] } })
            sinks.append(k.sinks.map { s in (s.amount ?? 0) > 0 ? s.nodes.filter { to[Int($0)] && from[Int($0)] } : [] })
        }
        keptArcs = kept
        keptSourceNodes = sources
        keptSinkNodes = sinks
    }

    /// Arcs on a source–sink path of `k`, and the nodes reachable from a source and reaching a sink.
    static func prune(_ n: Network, _ k: Commodity) -> (arcs: [UInt32], fromSource: [Bool], toSink: [Bool]) {
        let g = n.graph
        var from = [Bool](repeating: false, count: n.nodeCount)
        var stack: [UInt32] = []
        for s in k.sources { for v in s.nodes where !from[Int(v)] { from[Int(v)] = true; stack.append(v) } }
        while let v = stack.popLast() {
            for a in g.outArcs(of: v) where k.open[a] {
                let w = g.head[a]
                if !from[Int(w)] { from[Int(w)] = true; stack.append(w) }
            }
        }
        var to = [Bool](repeating: false, count: n.nodeCount)
        for s in k.sinks where (s.amount ?? 0) > 0 { for v in s.nodes where !to[Int(v)] { to[Int(v)] = true; stack.append(v) } }
        let tail = g.tail, inArcs = g.inArcs
        while let v = stack.popLast() {
            for p in g.inArcPositions(of: v) {
                let a = Int(inArcs[p])
                guard k.open[a] else { continue }
                let u = tail[a]
                if !to[Int(u)] { to[Int(u)] = true; stack.append(u) }
            }
        }
        var arcs: [UInt32] = []
        for a in 0..<n.arcCount where k.open[a] && from[Int(tail[a])] && to[Int(g.head[a])] { arcs.append(UInt32(a)) }
        return (arcs, from, to)
    }

    /// Where each part of the program sits in the model.
    struct Layout: Sendable {
        /// Per commodity, the column of each kept arc (parallel to `keptArcs[k]`).
        var arcColumn: [[Int]] = []
        /// Per commodity, per source, the injection columns (parallel to `keptSourceNodes`).
        var sourceColumns: [[[Int]]] = []
        /// Per commodity, per sink, the extraction columns (parallel to `keptSinkNodes`).
        var sinkColumns: [[[Int]]] = []
        /// Row of each capacity constraint, or nil when it is a column bound (`boundColumn`) or has no column.
        var constraintRow: [Int?] = []
        /// The single column a constraint bounds, when it is a bound.
        var boundColumn: [Int?] = []
        /// The λ column of a concurrent program.
        var lambdaColumn: Int?
        /// The total-delivery row of a cost program.
        var deliveryRow: Int?
    }

    /// The program for `objective` as a linear model; with `named`, every row and column has a name that says what
    /// it is (`x_k0_a12`: commodity 0 on arc 12; `cap_3`: capacity constraint 3; `node_k0_n5`: conservation).
    func model(_ objective: FlowObjective, named: Bool = false) -> (LinearModel, Layout) {
        let n = network
        var model = LinearModel(sense: objective == .throughput || objective == .concurrent ? .maximize : .minimize,
                                name: "corridor-flow")
        var layout = Layout()
        let columnEstimate = keptArcs.reduce(0) { $0 + $1.count }
        model.reserve(columns: columnEstimate + 16, rows: columnEstimate / 2 + constraints.count, coefficients: 3 * columnEstimate)
        if objective == .concurrent { layout.lambdaColumn = model.addColumn(name: "lambda", objective: 1).index }

        // Columns, and for each network arc the columns of every commodity on it.
        var columnsOfArc = [[Int]](repeating: [], count: n.arcCount)
        for (k, arcs) in keptArcs.enumerated() {
            var columns: [Int] = []
            columns.reserveCapacity(arcs.count)
            for a in arcs {
                let cost: Double
                if case .cost = objective { cost = Double(arcCostMilli[Int(a)]) } else { cost = 0 }
                let c = model.addColumn(name: named ? "x_k\(k)_a\(a)" : "", objective: cost).index
                columns.append(c)
                columnsOfArc[Int(a)].append(c)
            }
            layout.arcColumn.append(columns)
            layout.sourceColumns.append(keptSourceNodes[k].enumerated().map { s, nodes in
                nodes.map { v in model.addColumn(name: named ? "in_k\(k)_s\(s)_n\(v)" : "").index }
            })
            layout.sinkColumns.append(keptSinkNodes[k].enumerated().map { t, nodes in
                nodes.map { v in
                    model.addColumn(name: named ? "out_k\(k)_t\(t)_n\(v)" : "", objective: objective == .throughput ? 1 : 0).index
                }
            })
        }

        // Capacity: a constraint on one column (that no other constraint touches) is that column's bound.
        for (i, c) in constraints.enumerated() {
            let columns = c.arcs.flatMap { columnsOfArc[Int($0)] }
            if columns.isEmpty {
                layout.constraintRow.append(nil); layout.boundColumn.append(nil)
            } else if columns.count == 1, c.arcs.count == 1, constraintsOfArc[Int(c.arcs[0])].count == 1 {
                model.setBounds(LinearModel.Column(columns[0]), lower: 0, upper: Double(c.capacityTonnesPerDay))
                layout.constraintRow.append(nil); layout.boundColumn.append(columns[0])
            } else {
                let row = model.addRow(name: named ? "cap_\(i)" : "", lower: -.infinity, upper: Double(c.capacityTonnesPerDay),
                                       terms: columns.map { (LinearModel.Column($0), 1.0) })
                layout.constraintRow.append(row.index); layout.boundColumn.append(nil)
            }
        }

        // Conservation per commodity and node: out − in − injected + extracted = 0.
        var rowOfNode = [Int32](repeating: -1, count: n.nodeCount)
        for (k, arcs) in keptArcs.enumerated() {
            var touched: [UInt32] = []
            func row(_ v: UInt32) -> LinearModel.Row {
                if rowOfNode[Int(v)] < 0 {
                    rowOfNode[Int(v)] = Int32(model.addRow(name: named ? "node_k\(k)_n\(v)" : "", lower: 0, upper: 0).index)
                    touched.append(v)
                }
                return LinearModel.Row(Int(rowOfNode[Int(v)]))
            }
            let tail = n.graph.tail
            for (i, a) in arcs.enumerated() {
                let column = LinearModel.Column(layout.arcColumn[k][i])
                model.addCoefficient(row: row(tail[Int(a)]), column: column, value: 1)
                model.addCoefficient(row: row(n.graph.head[Int(a)]), column: column, value: -1)
            }
            for (s, nodes) in keptSourceNodes[k].enumerated() {
                for (i, v) in nodes.enumerated() {
                    model.addCoefficient(row: row(v), column: LinearModel.Column(layout.sourceColumns[k][s][i]), value: -1)
                }
                if let supply = commodities[k].sources[s].amount, !nodes.isEmpty {
                    model.addRow(name: named ? "supply_k\(k)_s\(s)" : "", lower: -.infinity, upper: supply,
                                 terms: layout.sourceColumns[k][s].map { (LinearModel.Column($0), 1.0) })
                }
            }
            for (t, nodes) in keptSinkNodes[k].enumerated() {
                for (i, v) in nodes.enumerated() {
                    model.addCoefficient(row: row(v), column: LinearModel.Column(layout.sinkColumns[k][t][i]), value: 1)
                }
                let demand = commodities[k].sinks[t].amount ?? 0
                let terms = layout.sinkColumns[k][t].map { (column: LinearModel.Column($0), coefficient: 1.0) }
                if let lambda = layout.lambdaColumn {
                    guard demand > 0 else { continue }
                    // Every sink receives λ × its demand (a sink the commodity cannot reach forces λ = 0).
                    model.addRow(name: named ? "share_k\(k)_t\(t)" : "", lower: 0, upper: 0,
                                 terms: terms + [(LinearModel.Column(lambda), -demand)])
                } else if !terms.isEmpty {
                    model.addRow(name: named ? "demand_k\(k)_t\(t)" : "", lower: -.infinity, upper: demand, terms: terms)
                }
            }
            for v in touched { rowOfNode[Int(v)] = -1 }
        }

        if case let .cost(minimum) = objective {
            let all = layout.sinkColumns.flatMap { $0.flatMap { $0 } }
            layout.deliveryRow = model.addRow(name: "delivered", lower: minimum, upper: .infinity,
                                              terms: all.map { (LinearModel.Column($0), 1.0) }).index
        }
        return (model, layout)
    }

    /// The optimum of one objective.
    struct Solution: Sendable {
        var objective: FlowObjective
        /// Throughput: total delivered; concurrent: λ (`.infinity` when nothing limits it); cost: milli-units. Snapped
        /// to an integer within 1e-6 (relative) of it, as flows are, so outputs do not show solver residue.
        var value: Double
        /// The objective exactly as CLP reported it.
        var rawValue: Double
        /// Per commodity, flow on each kept arc (parallel to `keptArcs[k]`).
        var arcFlow: [[Double]]
        /// Per commodity, per source, per kept source node, amount injected (parallel to `keptSourceNodes`).
        var injected: [[[Double]]]
        /// Per commodity, per sink, per kept sink node, amount extracted (parallel to `keptSinkNodes`).
        var extracted: [[[Double]]]
        /// Per capacity constraint, d(value)/d(capacity): the shadow price (0 for a constraint with no flow column).
        var constraintDual: [Double]
    }

    /// Solves the program for `objective`.
    /// - Throws: `AnalysisError.solverFailed` when CLP ends with anything but an optimum (an unbounded concurrent
    ///   program is not an error: nothing limits λ, reported as `.infinity`).
    func solve(_ objective: FlowObjective) throws(AnalysisError) -> Solution {
        if solvesByPaths {
            let paths = PathGeneration(self)
            switch objective {
            case .throughput: return try paths.maximizeThroughput()
            case .concurrent: return try paths.maximizeConcurrent()
            case .cost(let minimum):
                _ = try paths.maximizeThroughput()
                return try paths.minimizeCost(delivering: minimum)
            }
        }
        let (model, layout) = model(objective)
        let lp: LPSolution
        do {
            lp = try LPSolver.attempt(model, options: arcOptions)
        } catch {
            throw .solverFailed("\(error)")
        }
        return try solution(lp, layout, objective)
    }

    /// The maximum throughput, then the minimum cost of delivering it, in one CLP model: the cost program is the
    /// throughput program with the cost objective and the delivery row, re-solved from the throughput optimum's basis
    /// (which is feasible for it), so the second solve is a short primal phase two. Should CLP find the delivery bound
    /// a hair out of reach, it is relaxed by a relative 1e-9.
    func solveThroughputThenCost() throws(AnalysisError) -> (throughput: Solution, cost: Solution) {
        if solvesByPaths {
            let paths = PathGeneration(self)
            let throughput = try paths.maximizeThroughput()
            return (throughput, try paths.minimizeCost(delivering: max(0, throughput.rawValue)))
        }
        let (model, layout) = model(.throughput)
        return try AnalysisError.solving {
            let session = try LPSession(model, options: arcOptions)
            let throughput = try solution(try session.attempt(), layout, .throughput)
            var costs = [Double](repeating: 0, count: model.columnCount)
            for (k, arcs) in keptArcs.enumerated() {
                for (i, a) in arcs.enumerated() { costs[layout.arcColumn[k][i]] = Double(arcCostMilli[Int(a)]) }
            }
            try session.setObjective(costs, sense: .minimize)
            let bound = max(0, throughput.rawValue)
            let extraction = layout.sinkColumns.flatMap { $0.flatMap { $0 } }.map { (column: LinearModel.Column($0), coefficient: 1.0) }
            let row = try session.addRow(name: "delivered", lower: bound, upper: .infinity, terms: extraction)
            var costLayout = layout
            costLayout.deliveryRow = row.index
            var lp = try session.attempt()
            if lp.status == .infeasible {
                try session.setBounds(row, lower: max(0, bound - 1e-9 * max(1, bound)), upper: .infinity)
                lp = try session.attempt()
            }
            return (throughput, try solution(lp, costLayout, .cost(minimumDelivered: bound)))
        }
    }

    /// `x` snapped to the integer within 1e-6 (relative) of it, if any, so outputs do not show solver residue.
    static func clean(_ x: Double) -> Double {
        let r = x.rounded()
        return abs(x - r) <= 1e-6 * max(1, abs(x)) ? r + 0 : x
    }

    /// The optimum of `lp` in the program's terms.
    func solution(_ lp: LPSolution, _ layout: Layout, _ objective: FlowObjective) throws(AnalysisError) -> Solution {
        if lp.status == .unbounded && objective == .concurrent {
            return Solution(objective: objective, value: .infinity, rawValue: .infinity, arcFlow: keptArcs.map { $0.map { _ in 0 } },
                            injected: keptSourceNodes.map { $0.map { $0.map { _ in 0 } } },
                            extracted: keptSinkNodes.map { $0.map { $0.map { _ in 0 } } },
                            constraintDual: constraints.map { _ in 0 })
        }
        guard lp.status == .optimal else {
            throw .solverFailed("the flow LP (\(objective)) is \(lp.status)")
        }
        let clean = Self.clean
        var duals: [Double] = []
        for i in constraints.indices {
            if let r = layout.constraintRow[i] {
                duals.append(lp.rowDuals[r] + 0)
            } else if let c = layout.boundColumn[i] {
                let atBound = abs(lp.values[c] - Double(constraints[i].capacityTonnesPerDay)) <= 1e-7 * max(1, lp.values[c])
                duals.append(atBound ? lp.reducedCosts[c] + 0 : 0)
            } else {
                duals.append(0)
            }
        }
        return Solution(
            objective: objective,
            value: layout.lambdaColumn.map { clean(lp.values[$0]) } ?? clean(lp.objectiveValue),
            rawValue: layout.lambdaColumn.map { lp.values[$0] } ?? lp.objectiveValue,
            arcFlow: layout.arcColumn.map { $0.map { max(0, clean(lp.values[$0])) } },
            injected: layout.sourceColumns.map { $0.map { $0.map { max(0, clean(lp.values[$0])) } } },
            extracted: layout.sinkColumns.map { $0.map { $0.map { max(0, clean(lp.values[$0])) } } },
            constraintDual: duals.map { abs($0) < 1e-9 ? 0 : clean($0) })
    }
}

extension AnalysisError {
    /// Runs a solve, passing an `AnalysisError` through and reporting any other failure (CLP's `SolverError`
    /// included) as `.solverFailed`, so every LP phase maps solver errors the same way.
    static func solving<T>(_ body: () throws -> T) throws(AnalysisError) -> T {
        do { return try body() } catch let error as AnalysisError { throw error } catch { throw .solverFailed("\(error)") }
    }
}
