import CorridorNetwork
import CorridorSolver
import Foundation

/// How a `FlowProgram` is solved.
enum FlowProgramMethod: Sendable, Equatable {
    /// The arc formulation (one column per commodity and kept arc) in one CLP solve: fastest for small programs.
    case arcs
    /// The arc formulation solved by CLP's barrier with crossover (`LPAlgorithm.barrier`): the same optimum, with
    /// basic duals; the cost program is then re-solved from the throughput optimum's basis as with `.arcs`.
    case arcsByBarrier
    /// Column generation on paths (`PathGeneration`): the same optimum, for large programs.
    case paths
    /// `.paths` from `FlowProgram.pathThreshold` arc columns on, else `.arcs`.
    case automatic
}

/// The flow program solved by column generation on paths (Ford–Fulkerson's decomposition, priced by shortest paths
/// on reduced costs): the master LP has one column per generated source–sink path of a commodity, the supply and
/// demand (or, for λ, share) rows, and a capacity row for each class of constraints the paths cross alike (`classOf`:
/// the smallest capacity of constraints crossed by exactly the same paths stands for all of them); after each master solve
/// every commodity's shortest paths under the duals (arc length = Σ capacity duals of its constraints, plus its cost
/// in the cost phase; the supply dual at the start, the sink's dual at the end) are added if they improve the
/// objective, together with a greedy packing of improving paths into the capacity the master's solution leaves free.
///
/// Exact: a path with a better reduced cost exists exactly when the master's duals are infeasible for the arc
/// formulation's dual (the shortest-path distances are its node potentials), so at termination the master's primal
/// (its paths summed per arc) and duals are optimal for the arc formulation — the same optimum and shadow prices
/// that satisfy complementary slackness with it (tests check both against the arc formulation and HiGHS). Capacity
/// rows of constraints no path crosses are left out, and so are those a class's representative implies: their dual
/// is 0, which the arc formulation's dual feasibility allows since no path through them prices better.
///
/// - Complexity: per iteration one master re-solve (primal simplex from the last basis) and, per commodity, one
///   Dijkstra, one reverse Dijkstra (the packing's A* bound) and at most `packingLimit` A* searches for the packing,
///   each O(kept arcs · log nodes), stopped once the sinks are settled; the number of iterations is that of column
///   generation (in practice a few to a few hundred; bounded by a safety limit with an error, never a silent inexact
///   result).
final class PathGeneration {
    let program: FlowProgram
    private let network: Network
    /// Per commodity, kept arcs by tail (CSR over nodes).
    private var outStart: [[Int32]] = []
    private var outArc: [[UInt32]] = []
    /// Per commodity, kept arcs by head (CSR over nodes): the reverse searches of the packing's A* bound.
    private var inStart: [[Int32]] = []
    private var inArc: [[UInt32]] = []
    /// Per commodity, position of each network arc in `keptArcs[k]`, or −1.
    private var keptPosition: [[Int32]] = []
    /// The searches' node arrays, reused.
    private var workspace = SearchWorkspace()

    /// A generated path.
    struct Path {
        var commodity: Int
        var source: Int
        var sourceNode: UInt32
        var sink: Int
        var sinkNode: UInt32
        var arcs: [UInt32]
        var costMilli: Double
    }
    private(set) var paths: [Path] = []
    private var known: Set<[UInt32]> = []

    /// Master rows of the current phase.
    private var session: LPSession?
    /// Capacity rows by pattern: constraints crossed by exactly the same master columns, each the same number of
    /// times, form a class that has one row, the one of its smallest capacity (its representative; ties: the lowest
    /// constraint id), which implies the others. On a road grid most constraints lie on stretches a few paths share,
    /// so this keeps a master of thousands of rows instead of tens of thousands (CLP's pivots cost per row). The
    /// representative's dual is the class's, the others' 0: an optimal dual of the master with every row, so pricing
    /// and the shadow prices are unchanged in kind. A class splits when a new path crosses only part of it (or some
    /// members more often); the part without the representative gets a row of its own, which the current solution
    /// satisfies (its load is the class's, at most the representative's capacity), so the warm start stays feasible.
    private var classOf: [Int32] = []
    private var classMembers: [[Int32]] = []
    private var classRow: [Int32] = []
    private var classRepresentative: [Int32] = []
    /// Per constraint, the paths with a master column that cross it (each once, in the order they joined).
    private var crossedBy: [[Int32]] = []
    /// The current master's capacity rows (one per class) and the constraints its paths cross: how far the classes
    /// shrink the master (the trace, tests).
    var capacityRowCount: Int { classRow.count }
    var crossedConstraintCount: Int { classMembers.reduce(0) { $0 + $1.count } }
    private var supplyRow: [[Int32]] = []
    private var sinkRow: [[Int32]] = []
    private var deliveryRow: Int32 = -1
    private var lambdaColumn: Int32 = -1
    private var phase: FlowObjective = .throughput
    /// Master column of each path (parallel to `paths`), in the current session; −1 before it joins.
    private var pathColumn: [Int32] = []

    /// A safety limit on master solves per phase.
    static let iterationLimit = 5_000
    /// `CORRIDOR_PATHGEN_TRACE=1`: one line per round on standard error (master size and time, pricing time, paths
    /// added, objective), for benchmarking; results are unaffected.
    static let trace = ProcessInfo.processInfo.environment["CORRIDOR_PATHGEN_TRACE"] == "1"
    /// `CORRIDOR_PATHGEN_PERTURB=1`: the master's CLP perturbs from the first pivot (`LPOptions.alwaysPerturb`), for
    /// benchmarking the degenerate re-solves; the optimum is the same.
    static let perturb = ProcessInfo.processInfo.environment["CORRIDOR_PATHGEN_PERTURB"] == "1"
    /// The process's CPU time (user + system) in seconds, for the trace.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// `arcs` grouped by their endpoint node (`endpoint[a]`, the tail or the head) in CSR form, each group in the
    /// order of `arcs`: a counting sort, O(arcs + nodes).
    private static func bucket(_ arcs: [UInt32], by endpoint: [UInt32], nodeCount: Int) -> (start: [Int32], arcs: [UInt32]) {
        var start = [Int32](repeating: 0, count: nodeCount + 1)
        for a in arcs { start[Int(endpoint[Int(a)]) + 1] += 1 }
        for v in 0..<nodeCount { start[v + 1] += start[v] }
        var next = start
        var grouped = [UInt32](repeating: 0, count: arcs.count)
        for a in arcs {
            let v = Int(endpoint[Int(a)])
            grouped[Int(next[v])] = a
            next[v] += 1
        }
        return (start, grouped)
    }

    init(_ program: FlowProgram) {
        self.program = program
        network = program.network
        let tail = network.graph.tail, head = network.graph.head
        for arcs in program.keptArcs {
            let (start, out) = Self.bucket(arcs, by: tail, nodeCount: network.nodeCount)
            outStart.append(start)
            outArc.append(out)
            let (inFirst, into) = Self.bucket(arcs, by: head, nodeCount: network.nodeCount)
            inStart.append(inFirst)
            inArc.append(into)
            var position = [Int32](repeating: -1, count: network.arcCount)
            for (i, a) in arcs.enumerated() { position[Int(a)] = Int32(i) }
            keptPosition.append(position)
        }
    }

    // MARK: Phases

    /// Maximum total throughput.
    func maximizeThroughput() throws(AnalysisError) -> FlowProgram.Solution {
        try startMaster(.throughput)
        return try generate()
    }

    /// Minimum cost of delivering at least `minimumDelivered`, continuing the throughput master (call after
    /// `maximizeThroughput`): its optimum is feasible for this phase.
    func minimizeCost(delivering minimumDelivered: Double) throws(AnalysisError) -> FlowProgram.Solution {
        guard let session, phase == .throughput else { throw .solverFailed("internal: the cost phase needs the throughput master") }
        return try AnalysisError.solving {
            var costs = [Double](repeating: 0, count: session.model.columnCount)
            for (p, c) in pathColumn.enumerated() where c >= 0 { costs[Int(c)] = paths[p].costMilli }
            try session.setObjective(costs, sense: .minimize)
            let terms = pathColumn.filter { $0 >= 0 }.map { (column: LinearModel.Column(Int($0)), coefficient: 1.0) }
            deliveryRow = Int32(try session.addRow(name: "delivered", lower: minimumDelivered, upper: .infinity, terms: terms).index)
            phase = .cost(minimumDelivered: minimumDelivered)
            var lp = try session.attempt()
            if lp.status == .infeasible {
                // CLP found the bound a hair out of reach: relax it by a relative 1e-9, as the arc formulation does.
                let relaxed = max(0, minimumDelivered - 1e-9 * max(1, minimumDelivered))
                try session.setBounds(LinearModel.Row(Int(deliveryRow)), lower: relaxed, upper: .infinity)
                lp = try session.attempt()
            }
            return try generate(first: lp)
        }
    }

    /// Maximum concurrent flow λ, in a master of its own seeded with every path found so far.
    func maximizeConcurrent() throws(AnalysisError) -> FlowProgram.Solution {
        let demands = program.commodities.flatMap { $0.sinks.map { $0.amount ?? 0 } }
        if !demands.contains(where: { $0 > 0 }) {
            // No share row: nothing limits λ (the arc formulation is unbounded).
            return zeroSolution(.concurrent, value: .infinity)
        }
        try startMaster(.concurrent)
        return try generate()
    }

    // MARK: Master

    private func startMaster(_ objective: FlowObjective) throws(AnalysisError) {
        phase = objective
        var model = LinearModel(sense: objective == .throughput || objective == .concurrent ? .maximize : .minimize,
                                name: "corridor-flow-paths")
        lambdaColumn = objective == .concurrent ? Int32(model.addColumn(name: "lambda", objective: 1).index) : -1
        classOf = [Int32](repeating: -1, count: program.constraints.count)
        classMembers = []; classRow = []; classRepresentative = []
        crossedBy = [[Int32]](repeating: [], count: program.constraints.count)
        supplyRow = []; sinkRow = []; deliveryRow = -1
        for (k, commodity) in program.commodities.enumerated() {
            supplyRow.append(commodity.sources.enumerated().map { s, source in
                guard let supply = source.amount, !program.keptSourceNodes[k][s].isEmpty else { return -1 }
                return Int32(model.addRow(name: "supply_k\(k)_s\(s)", lower: -.infinity, upper: supply).index)
            })
            sinkRow.append(commodity.sinks.map { sink in
                let demand = sink.amount ?? 0
                guard demand > 0 else { return -1 }
                if objective == .concurrent {
                    // Σ paths to the sink − demand · λ = 0.
                    return Int32(model.addRow(name: "", lower: 0, upper: 0,
                                              terms: [(LinearModel.Column(Int(lambdaColumn)), -demand)]).index)
                }
                return Int32(model.addRow(name: "", lower: -.infinity, upper: demand).index)
            })
        }
        do { session = try LPSession(model, options: LPOptions(alwaysPerturb: Self.perturb)) } catch { throw .solverFailed("\(error)") }
        pathColumn = [Int32](repeating: -1, count: paths.count)
        if paths.isEmpty {
            // Seed: every commodity's cheapest paths (ties: fewest arcs, then the lowest arc ids).
            let lengths = program.arcCostMilli.map { Double($0) }
            let hops = [Double](repeating: 1, count: network.arcCount)
            var found: [Path] = []
            for k in program.commodities.indices {
                found += shortestPaths(k, lengths: lengths, ties: hops, start: { _ in 0 }).compactMap(\.path)
            }
            for p in found where known.insert(arcKey(p)).inserted { paths.append(p); pathColumn.append(-1) }
        }
        dropped += [Bool](repeating: false, count: paths.count - dropped.count)
        idleRounds = [Int32](repeating: 0, count: paths.count)
        try addToMaster(paths.indices.filter { !dropped[$0] })
    }

    private func arcKey(_ p: Path) -> [UInt32] {
        [UInt32(p.commodity), UInt32(p.source), p.sourceNode, UInt32(p.sink), p.sinkNode] + p.arcs
    }

    /// The constraints path `p` crosses, each with how many times, by constraint id.
    private func crossings(_ p: Int) -> [(constraint: Int32, times: Int32)] {
        var all: [Int32] = []
        for a in paths[p].arcs { all += program.constraintsOfArc[Int(a)] }
        all.sort()
        var out: [(constraint: Int32, times: Int32)] = []
        for c in all {
            if let last = out.last, last.constraint == c { out[out.count - 1].times += 1 } else { out.append((c, 1)) }
        }
        return out
    }

    /// The smallest-capacity member of `members` (ties: the lowest id).
    private func representative(_ members: [Int32]) -> Int32 {
        members.min { (program.constraints[Int($0)].capacityTonnesPerDay, $0) < (program.constraints[Int($1)].capacityTonnesPerDay, $1) }!
    }

    /// Adds the given paths as master columns, splitting capacity-row classes (see `classOf`) their crossings
    /// tell apart and adding the rows of new classes first.
    private func addToMaster(_ indices: [Int]) throws(AnalysisError) {
        guard let session, !indices.isEmpty else { return }
        let firstNewClass = classMembers.count
        let pathCrossings = indices.map { crossings($0) }
        var times = [Int32](repeating: 0, count: program.constraints.count)
        for cross in pathCrossings {
            // Constraints no column crossed yet: one new class per crossing count.
            var fresh: [Int32: Int32] = [:]
            var touched: [Int32] = []
            for (c, n) in cross {
                times[Int(c)] = n
                let k = classOf[Int(c)]
                if k >= 0 { touched.append(k); continue }
                let id: Int32
                if let known = fresh[n] { id = known } else {
                    id = Int32(classMembers.count)
                    fresh[n] = id
                    classMembers.append([]); classRow.append(-1); classRepresentative.append(-1)
                }
                classOf[Int(c)] = id
                classMembers[Int(id)].append(c)
            }
            // Existing classes the path crosses: split by crossing count (0 for members it misses). The part with the
            // representative (for a class made in this batch: the first part) keeps the class.
            var splitDone = Set<Int32>()
            for k in touched where splitDone.insert(k).inserted {
                let members = classMembers[Int(k)]
                var groups: [(times: Int32, members: [Int32])] = []
                for c in members {
                    let n = times[Int(c)]
                    if let g = groups.firstIndex(where: { $0.times == n }) { groups[g].members.append(c) } else { groups.append((n, [c])) }
                }
                guard groups.count > 1 else { continue }
                let keep = classRow[Int(k)] >= 0
                    ? groups.firstIndex { $0.members.contains(classRepresentative[Int(k)]) }!
                    : 0
                classMembers[Int(k)] = groups[keep].members
                for (g, group) in groups.enumerated() where g != keep {
                    let id = Int32(classMembers.count)
                    classMembers.append(group.members); classRow.append(-1); classRepresentative.append(-1)
                    for c in group.members { classOf[Int(c)] = id }
                }
            }
            for (c, _) in cross { times[Int(c)] = 0 }
        }
        do {
            var newRows: [(name: String, lower: Double, upper: Double, terms: [(column: LinearModel.Column, coefficient: Double)])] = []
            var rowIndex = session.model.rowCount
            for k in firstNewClass..<classMembers.count {
                let rep = representative(classMembers[k])
                classRepresentative[k] = rep
                classRow[k] = Int32(rowIndex)
                rowIndex += 1
                // Existing columns crossing the class (all of them cross every member alike): those crossing its
                // representative, with the representative's counts.
                var terms: [(column: LinearModel.Column, coefficient: Double)] = []
                for q in crossedBy[Int(rep)] {
                    let n = paths[Int(q)].arcs.reduce(0) { $0 + program.constraintsOfArc[Int($1)].reduce(0) { $0 + ($1 == rep ? 1 : 0) } }
                    terms.append((LinearModel.Column(Int(pathColumn[Int(q)])), Double(n)))
                }
                newRows.append(("cap_\(rep)", -.infinity, Double(program.constraints[Int(rep)].capacityTonnesPerDay), terms))
            }
            try session.addRows(newRows)
            var columns: [(name: String, lower: Double, upper: Double, objective: Double, terms: [(row: LinearModel.Row, coefficient: Double)])] = []
            for (i, p) in indices.enumerated() {
                let path = paths[p]
                var count: [Int32: Double] = [:]
                for (c, n) in pathCrossings[i] where classRepresentative[Int(classOf[Int(c)])] == c {
                    count[classRow[Int(classOf[Int(c)])], default: 0] += Double(n)
                }
                let s = supplyRow[path.commodity][path.source], t = sinkRow[path.commodity][path.sink]
                if s >= 0 { count[s, default: 0] += 1 }
                if t >= 0 { count[t, default: 0] += 1 }
                if deliveryRow >= 0 { count[deliveryRow, default: 0] += 1 }
                let objective: Double
                switch phase {
                case .throughput: objective = 1
                case .concurrent: objective = 0
                case .cost: objective = path.costMilli
                }
                columns.append(("", 0, .infinity, objective, count.keys.sorted().map { (LinearModel.Row(Int($0)), count[$0]!) }))
            }
            let added = try session.addColumns(columns)
            for (p, c) in zip(indices, added) { pathColumn[p] = Int32(c.index) }
            for (i, p) in indices.enumerated() { for (c, _) in pathCrossings[i] { crossedBy[Int(c)].append(Int32(p)) } }
        } catch {
            throw .solverFailed("\(error)")
        }
    }

    /// Columns nonbasic at 0 for this many consecutive master solves leave the master (`dropIdleColumns`).
    var dropAfter = 10
    /// Per path, consecutive master solves its column was nonbasic at 0.
    private var idleRounds: [Int32] = []
    /// Paths dropped from the master (kept in `paths`; if pricing finds one again it joins as a new path).
    private var dropped: [Bool] = []
    /// Columns dropped so far, over all phases (tests).
    private(set) var droppedCount = 0

    /// Removes the columns nonbasic at 0 for `dropAfter` solves in a row, after `lp` (the master's last optimum):
    /// the basis stays, so the next solve continues from it. Exact: a dropped path re-enters through pricing
    /// whenever it improves the objective (it leaves `known`), and the optimality test prices every path.
    /// - Returns: how many columns left.
    private func dropIdleColumns(_ lp: LPSolution) throws(AnalysisError) -> Int {
        guard let session else { return 0 }
        idleRounds += [Int32](repeating: 0, count: paths.count - idleRounds.count)
        dropped += [Bool](repeating: false, count: paths.count - dropped.count)
        var leaving: [Int] = []
        for (p, c) in pathColumn.enumerated() where c >= 0 {
            if lp.values[Int(c)] > 0 || session.isBasic(LinearModel.Column(Int(c))) {
                idleRounds[p] = 0
            } else {
                idleRounds[p] += 1
                if idleRounds[p] >= dropAfter { leaving.append(p) }
            }
        }
        guard !leaving.isEmpty else { return 0 }
        droppedCount += leaving.count
        do { try session.removeColumns(leaving.map { LinearModel.Column(Int(pathColumn[$0])) }) } catch { throw .solverFailed("\(error)") }
        var gone = [Bool](repeating: false, count: paths.count)
        for p in leaving {
            gone[p] = true
            dropped[p] = true
            idleRounds[p] = 0
            pathColumn[p] = -1
            known.remove(arcKey(paths[p]))
        }
        // The others move down in CLP's column order.
        var order = pathColumn.enumerated().filter { $0.element >= 0 }.map(\.offset)
        order.sort { pathColumn[$0] < pathColumn[$1] }
        let base = lambdaColumn >= 0 ? lambdaColumn + 1 : 0
        for (i, p) in order.enumerated() { pathColumn[p] = base + Int32(i) }
        var touched = Set<Int32>()
        for p in leaving { for (c, _) in crossings(p) { touched.insert(c) } }
        for c in touched { crossedBy[Int(c)].removeAll { gone[Int($0)] } }
        return leaving.count
    }

    /// Master solves and pricing until no path improves the objective.
    private func generate(first: LPSolution? = nil) throws(AnalysisError) -> FlowProgram.Solution {
        guard let session else { throw .solverFailed("internal: no master") }
        var pending = first
        for round in 0..<Self.iterationLimit {
            let lp: LPSolution
            let started = Self.trace ? ContinuousClock.now : nil
            let startedCPU = Self.trace ? Self.cpuSeconds() : 0
            do { lp = try pending ?? session.attempt() } catch { throw .solverFailed("\(error)") }
            pending = nil
            let masterCPU = Self.trace ? Self.cpuSeconds() - startedCPU : 0
            guard lp.status == .optimal else {
                throw .solverFailed("the flow LP (\(phase), by paths) is \(lp.status)")
            }
            let solved = Self.trace ? ContinuousClock.now : nil
            let pricingCPU = Self.trace ? Self.cpuSeconds() : 0
            let improving = price(lp)
            if let started, let solved {
                let priced = ContinuousClock.now
                FileHandle.standardError.write(Data(("pathgen \(phase) round \(round): master \(session.model.columnCount) × "
                    + "\(session.model.rowCount) \(solved - started) (CPU \(String(format: "%.3f", masterCPU)) s, "
                    + "\(lp.iterations) iterations; \(capacityRowCount) capacity rows for \(crossedConstraintCount) constraints), "
                    + "pricing \(priced - solved) (CPU \(String(format: "%.3f", Self.cpuSeconds() - pricingCPU)) s), "
                    + "+\(improving.count) paths, objective \(lp.objectiveValue)\n").utf8))
            }
            if improving.isEmpty { return solution(lp) }
            var indices: [Int] = []
            for p in improving where known.insert(arcKey(p)).inserted {
                indices.append(paths.count)
                paths.append(p)
                pathColumn.append(-1)
            }
            // Every improving path is already a column: CLP's tolerances, not a better path, separate them.
            if indices.isEmpty { return solution(lp) }
            let dropped = try dropIdleColumns(lp)
            if Self.trace, dropped > 0 {
                FileHandle.standardError.write(Data("pathgen \(phase) round \(round): dropped \(dropped) idle columns\n".utf8))
            }
            idleRounds += [Int32](repeating: 0, count: paths.count - idleRounds.count)
            try addToMaster(indices)
        }
        throw .solverFailed("the flow LP (\(phase), by paths) did not converge in \(Self.iterationLimit) rounds")
    }

    /// The paths whose reduced cost improves the master's objective: per commodity and sink the shortest under the
    /// duals (the one that decides optimality), then a packing of improving paths on the capacity the master leaves
    /// free (`pack`).
    private func price(_ lp: LPSolution) -> [Path] {
        let minimizing: Bool
        if case .cost = phase { minimizing = true } else { minimizing = false }
        // Dual of a capacity row: ≥ 0 when maximising, ≤ 0 when minimising; its length contribution is ≥ 0 either way.
        var constraintLength = [Double](repeating: 0, count: program.constraints.count)
        for (c, r) in zip(classRepresentative, classRow) where r >= 0 {
            constraintLength[Int(c)] = max(0, minimizing ? -lp.rowDuals[Int(r)] : lp.rowDuals[Int(r)])
        }
        var length = [Double](repeating: 0, count: network.arcCount)
        for a in 0..<network.arcCount {
            var l = minimizing ? Double(program.arcCostMilli[a]) : 0
            for c in program.constraintsOfArc[a] { l += constraintLength[Int(c)] }
            length[a] = l
        }
        // Ties among equally short paths (common: most duals are 0) go to the cheaper path when maximising (it is what
        // the cost phase wants) and to the one with fewer arcs when minimising; then to the lowest arc ids. An arbitrary
        // choice among them made long, crossing paths that kept adding capacity rows and columns to the master.
        let ties = minimizing ? [Double](repeating: 1, count: network.arcCount) : program.arcCostMilli.map { Double($0) }
        let delivery = deliveryRow >= 0 ? lp.rowDuals[Int(deliveryRow)] : 0
        func start(_ k: Int) -> (Int) -> Double {
            let supply = supplyRow[k]
            return { s in
                let r = supply[s]
                guard r >= 0 else { return 0 }
                return max(0, minimizing ? -lp.rowDuals[Int(r)] : lp.rowDuals[Int(r)])
            }
        }
        // Improving iff gain − distance > 0: maximising, gain = objective coefficient − sink dual; minimising,
        // gain = sink dual + delivery dual (the path's cost is in its distance).
        func improving(_ k: Int, _ t: Int, _ distance: Double) -> Bool {
            let r = sinkRow[k][t]
            let sinkDual = r >= 0 ? lp.rowDuals[Int(r)] : 0
            let gain: Double
            switch phase {
            case .throughput: gain = 1 - sinkDual
            case .concurrent: gain = -sinkDual
            case .cost: gain = sinkDual + delivery
            }
            return gain - distance > 1e-9 * max(1, abs(gain), distance)
        }
        var found: [Path] = []
        var needs = Set<Int>()
        for k in program.commodities.indices {
            let best = shortestPaths(k, lengths: length, ties: ties, start: start(k))
            for (t, candidate) in best.enumerated() {
                if let path = candidate.path, improving(k, t, candidate.distance) { found.append(path); needs.insert(k) }
            }
        }
        guard !found.isEmpty else { return [] }
        return found + pack(lp, lengths: length, ties: ties, start: start, improving: improving, needs: needs)
    }

    /// At most this many packing searches per commodity and round: bounds a round's pricing time.
    static let packingLimit = 64

    /// Paths packed greedily into capacity: per commodity, the shortest paths under the duals on the arcs with room
    /// left, each path's bottleneck taken off every constraint it crosses (and off its sink's demand and its source's
    /// supply), until nothing fits.
    ///
    /// Two packings. First into the capacity the master's solution leaves free, over the commodities in order, with
    /// improving paths only: the columns that raise the objective at once (the master prices free capacity at 0).
    /// One path per round (the shortest) makes column generation take a round per few hundred t/day on a road grid,
    /// where paths carry little each. Then, for a commodity whose improving paths all cross full capacity, a
    /// re-routing of its whole flow into the capacity the other commodities leave (its best response to them): the
    /// alternatives the master needs to move it aside, which one shortest path per round supplies one at a time. Any
    /// path is a valid column, so exactness still rests on the shortest paths alone.
    private func pack(_ lp: LPSolution, lengths: [Double], ties: [Double], start: (Int) -> (Int) -> Double,
                      improving: @escaping (Int, Int, Double) -> Bool, needs: Set<Int>) -> [Path] {
        let capacity = program.constraints.map { Double($0.capacityTonnesPerDay) }
        var free = capacity
        let throughput = phase == .throughput
        let demand = program.commodities.map { $0.sinks.map { $0.amount ?? 0 } }
        let supply = program.commodities.map { $0.sources.map { $0.amount ?? .infinity } }
        var sinkLeft = demand, sourceLeft = supply
        var own = [[(path: Int, amount: Double)]](repeating: [], count: program.commodities.count)
        for (p, c) in pathColumn.enumerated() where c >= 0 {
            let x = lp.values[Int(c)], path = paths[p]
            guard x > 0 else { continue }
            own[path.commodity].append((p, x))
            for a in path.arcs { for c in program.constraintsOfArc[Int(a)] { free[Int(c)] -= x } }
            // Outside the throughput phase deliveries are fixed: a new path replaces flow rather than adds to it.
            if throughput { sinkLeft[path.commodity][path.sink] -= x; sourceLeft[path.commodity][path.source] -= x }
        }
        var open = lengths
        close(&open, where: free)
        var packed: [Path] = []
        var rerouting: [Int] = []
        // Both packings only close arcs of `lengths`, so its distances to the sinks guide their searches (A*).
        let guides = program.commodities.indices.map { guide($0, lengths: lengths, ties: ties) }
        for k in program.commodities.indices {
            let before = packed.count
            packed += greedy(k, residual: &free, open: &open, sinkLeft: &sinkLeft[k], sourceLeft: &sourceLeft[k],
                             ties: ties, guide: guides[k], start: start(k), accept: { t, d in improving(k, t, d) })
            if packed.count == before && needs.contains(k) { rerouting.append(k) }
        }
        for k in rerouting {
            // The capacity left by the others: what is free now (after the packing above) plus k's own flow.
            var residual = free
            for (p, x) in own[k] { for a in paths[p].arcs { for c in program.constraintsOfArc[Int(a)] { residual[Int(c)] += x } } }
            var open = lengths
            close(&open, where: residual)
            var sinks = demand[k], sources = supply[k]
            packed += greedy(k, residual: &residual, open: &open, sinkLeft: &sinks, sourceLeft: &sources,
                             ties: ties, guide: guides[k], start: start(k), accept: { _, _ in true })
        }
        return packed
    }

    /// Whether constraint `c` has no room left in `residual`.
    private func full(_ c: Int, _ residual: [Double]) -> Bool {
        residual[c] <= 1e-9 * max(1, Double(program.constraints[c].capacityTonnesPerDay))
    }

    /// Makes the arcs of every constraint full in `residual` impassable (length ∞) in `open`.
    private func close(_ open: inout [Double], where residual: [Double]) {
        for (c, constraint) in program.constraints.enumerated() where full(c, residual) {
            for a in constraint.arcs { open[Int(a)] = .infinity }
        }
    }

    /// One commodity's greedy packing (`pack`): up to `packingLimit` searches on `open`, keeping the paths `accept`
    /// takes (by sink and distance) while they fit.
    private func greedy(_ k: Int, residual: inout [Double], open: inout [Double], sinkLeft: inout [Double],
                        sourceLeft: inout [Double], ties: [Double], guide: Guide, start: (Int) -> Double,
                        accept: (Int, Double) -> Bool) -> [Path] {
        var packed: [Path] = []
        for _ in 0..<Self.packingLimit {
            var progressed = false
            for (t, candidate) in shortestPaths(k, lengths: open, ties: ties, start: start, guide: guide).enumerated() {
                guard let path = candidate.path, sinkLeft[t] > 1e-9, sourceLeft[path.source] > 1e-9,
                      accept(t, candidate.distance) else { continue }
                var crossings: [Int32: Double] = [:]
                for a in path.arcs { for c in program.constraintsOfArc[Int(a)] { crossings[c, default: 0] += 1 } }
                var bottleneck = min(sinkLeft[t], sourceLeft[path.source])
                for (c, n) in crossings { bottleneck = min(bottleneck, residual[Int(c)] / n) }
                guard bottleneck > 1e-9 else { continue }
                for (c, n) in crossings {
                    residual[Int(c)] -= bottleneck * n
                    if full(Int(c), residual) { for a in program.constraints[Int(c)].arcs { open[Int(a)] = .infinity } }
                }
                sinkLeft[t] -= bottleneck
                sourceLeft[path.source] -= bottleneck
                packed.append(path)
                progressed = true
            }
            if !progressed { break }
        }
        return packed
    }

    /// Per sink of commodity `k`, the shortest path (by `lengths`, plus `start(source)` at its first node) from one
    /// of its sources to one of the sink's nodes, or nil when none exists. One multi-source Dijkstra, lexicographic on
    /// (length, `ties` length): distances within a relative 1e-12 of each other count as equal (sums of duals differ
    /// in their last bits by summation order), far below the 1e-9 that makes a path improving.
    ///
    /// With `guide` (the packing's searches), an A* search: `guide` holds, per node, a lower bound on the remaining
    /// (length, tie) to the commodity's nearest sink node, exact for the lengths it was computed on (`guide(_:…)`) and
    /// a lower bound for any lengths at least as long (the packing only closes arcs), so the nodes settled keep their
    /// shortest distances while the search stays near the path; nodes with no finite bound cannot reach a sink.
    func shortestPaths(_ k: Int, lengths: [Double], ties: [Double], start: (Int) -> Double,
                       guide: Guide? = nil) -> [(path: Path?, distance: Double)] {
        let n = network.nodeCount, g = network.graph
        let head = g.head
        // The node arrays outlive the search (allocating and filling them cost more than a packing search on a large
        // grid): taken out of `workspace`, reset where touched, and put back.
        var w = workspace
        workspace = SearchWorkspace()
        w.prepare(n)
        var distance = w.distance, tie = w.tie, settled = w.settled, via = w.via, origin = w.origin, isSink = w.isSink
        var touched = w.touched, heap = w.heap
        w = SearchWorkspace()
        func better(_ d: Double, _ t: Double, than v: Int) -> Bool {
            // A closed arc (length ∞) never relabels: with a finite label the tolerance below would be ∞ and a
            // smaller tie would replace that label by ∞ (the packing then lost nodes and found longer paths).
            guard d.isFinite else { return false }
            let old = distance[v]
            if !old.isFinite { return true }
            let tolerance = 1e-12 * max(1, abs(d))
            if d < old - tolerance { return true }
            return d <= old + tolerance && t < tie[v]
        }
        let toGo = guide?.length ?? [], tieToGo = guide?.tie ?? []
        let guided = guide != nil
        for (s, nodes) in program.keptSourceNodes[k].enumerated() {
            let d0 = start(s)
            for v32 in nodes {
                let v = Int(v32)
                guard !guided || toGo[v].isFinite, better(d0, 0, than: v) else { continue }
                if !distance[v].isFinite { touched.append(v32) }
                distance[v] = d0; tie[v] = 0; origin[v] = Int32(s)
                if guided { heap.push(d0 + toGo[v], tieToGo[v], v32) } else { heap.push(d0, 0, v32) }
            }
        }
        let starts = outStart[k], arcs = outArc[k]
        // The search ends once every sink node is settled: the rest of the tree is not needed.
        var sinksLeft = 0
        for nodes in program.keptSinkNodes[k] {
            for v in nodes where !isSink[Int(v)] { isSink[Int(v)] = true; sinksLeft += 1 }
        }
        while sinksLeft > 0, let (f, ft, v32) = heap.pop() {
            let v = Int(v32)
            guard !settled[v] else { continue }
            let d = distance[v], t = tie[v]
            if guided {
                guard f == d + toGo[v], ft == t + tieToGo[v] else { continue }
            } else {
                guard f == d, ft == t else { continue }
            }
            settled[v] = true
            if isSink[v] { sinksLeft -= 1 }
            for i in Int(starts[v])..<Int(starts[v + 1]) {
                let a = arcs[i]
                let u = Int(head[Int(a)])
                guard !settled[u], !guided || toGo[u].isFinite else { continue }
                let nd = d + lengths[Int(a)], nt = t + ties[Int(a)]
                if better(nd, nt, than: u) {
                    if !distance[u].isFinite { touched.append(UInt32(u)) }
                    distance[u] = nd; tie[u] = nt; via[u] = a; origin[u] = origin[v]
                    if guided { heap.push(nd + toGo[u], nt + tieToGo[u], UInt32(u)) } else { heap.push(nd, nt, UInt32(u)) }
                }
            }
        }
        let found: [(path: Path?, distance: Double)] = program.keptSinkNodes[k].enumerated().map { t, nodes in
            guard let end = nodes.min(by: { (distance[Int($0)], tie[Int($0)], $0) < (distance[Int($1)], tie[Int($1)], $1) }),
                  distance[Int(end)].isFinite else {
                return (nil, .infinity)
            }
            var arcsOnPath: [UInt32] = []
            var v = end
            while via[Int(v)] != .max {
                let a = via[Int(v)]
                arcsOnPath.append(a)
                v = g.tail[Int(a)]
            }
            arcsOnPath.reverse()
            let cost = arcsOnPath.reduce(0.0) { $0 + Double(program.arcCostMilli[Int($1)]) }
            return (Path(commodity: k, source: Int(origin[Int(end)]), sourceNode: v, sink: t, sinkNode: end,
                         arcs: arcsOnPath, costMilli: cost), distance[Int(end)])
        }
        for v32 in touched {
            let v = Int(v32)
            distance[v] = .infinity; tie[v] = .infinity; settled[v] = false; via[v] = .max; origin[v] = -1
        }
        for nodes in program.keptSinkNodes[k] { for v in nodes { isSink[Int(v)] = false } }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
        workspace = SearchWorkspace(distance: distance, tie: tie, settled: settled, via: via, origin: origin,
                                    isSink: isSink, touched: touched, heap: heap)
        return found
    }

    /// Per node, the (length, tie) of the shortest path from it to commodity `k`'s nearest sink node over `k`'s kept
    /// arcs (∞ where none): a reverse Dijkstra, the A* bound of the packing's searches (`shortestPaths(…guide:)`).
    func guide(_ k: Int, lengths: [Double], ties: [Double]) -> Guide {
        let n = network.nodeCount, tail = network.graph.tail
        var length = [Double](repeating: .infinity, count: n)
        var tie = [Double](repeating: .infinity, count: n)
        var settled = [Bool](repeating: false, count: n)
        var heap = DistanceHeap()
        for nodes in program.keptSinkNodes[k] {
            for v in nodes where length[Int(v)] != 0 || tie[Int(v)] != 0 { length[Int(v)] = 0; tie[Int(v)] = 0; heap.push(0, 0, v) }
        }
        let starts = inStart[k], arcs = inArc[k]
        while let (d, t, v32) = heap.pop() {
            let v = Int(v32)
            guard !settled[v], d == length[v], t == tie[v] else { continue }
            settled[v] = true
            for i in Int(starts[v])..<Int(starts[v + 1]) {
                let a = Int(arcs[i])
                let u = Int(tail[a])
                guard !settled[u] else { continue }
                // Exact lexicographic order here (no tolerance): a bound only needs to be a lower bound, and any
                // path's (length, tie) sum is at least the minimum found this way up to rounding, which the A* pop
                // order tolerates (a settled node is never revisited; the path found is valid either way).
                let nd = d + lengths[a], nt = t + ties[a]
                if nd < length[u] || (nd == length[u] && nt < tie[u]) { length[u] = nd; tie[u] = nt; heap.push(nd, nt, UInt32(u)) }
            }
        }
        return Guide(length: length, tie: tie)
    }

    // MARK: Solution

    private func zeroSolution(_ objective: FlowObjective, value: Double) -> FlowProgram.Solution {
        FlowProgram.Solution(objective: objective, value: value, rawValue: value,
                             arcFlow: program.keptArcs.map { $0.map { _ in 0 } },
                             injected: program.keptSourceNodes.map { $0.map { $0.map { _ in 0 } } },
                             extracted: program.keptSinkNodes.map { $0.map { $0.map { _ in 0 } } },
                             constraintDual: program.constraints.map { _ in 0 })
    }

    /// The master optimum in the arc formulation's terms: paths summed per commodity and arc.
    private func solution(_ lp: LPSolution) -> FlowProgram.Solution {
        var s = zeroSolution(phase, value: 0)
        var sourcePosition: [[[UInt32: Int]]] = program.keptSourceNodes.map { $0.map { nodes in
            Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) } }
        var sinkPosition: [[[UInt32: Int]]] = program.keptSinkNodes.map { $0.map { nodes in
            Dictionary(nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) } }
        for (p, c) in pathColumn.enumerated() where c >= 0 {
            let x = lp.values[Int(c)]
            guard x > 0 else { continue }
            let path = paths[p]
            let k = path.commodity
            for a in path.arcs { s.arcFlow[k][Int(keptPosition[k][Int(a)])] += x }
            if let i = sourcePosition[k][path.source][path.sourceNode] { s.injected[k][path.source][i] += x }
            if let i = sinkPosition[k][path.sink][path.sinkNode] { s.extracted[k][path.sink][i] += x }
        }
        sourcePosition = []; sinkPosition = []
        let clean = FlowProgram.clean
        s.arcFlow = s.arcFlow.map { $0.map { max(0, clean($0)) } }
        s.injected = s.injected.map { $0.map { $0.map { max(0, clean($0)) } } }
        s.extracted = s.extracted.map { $0.map { $0.map { max(0, clean($0)) } } }
        for (c, r) in zip(classRepresentative, classRow) where r >= 0 {
            let dual = lp.rowDuals[Int(r)] + 0
            s.constraintDual[Int(c)] = abs(dual) < 1e-9 ? 0 : clean(dual)
        }
        let raw = lambdaColumn >= 0 ? lp.values[Int(lambdaColumn)] : lp.objectiveValue
        s.rawValue = raw
        s.value = clean(raw)
        return s
    }
}

/// The pricing searches' per-node arrays, kept between searches (`PathGeneration.shortestPaths`): at rest every
/// distance and tie is ∞, nothing settled or a sink, `via` .max, `origin` −1, `touched` and the heap empty.
struct SearchWorkspace {
    var distance: [Double] = []
    var tie: [Double] = []
    var settled: [Bool] = []
    var via: [UInt32] = []
    var origin: [Int32] = []
    var isSink: [Bool] = []
    /// Nodes given a finite distance in the current search: the ones to reset.
    var touched: [UInt32] = []
    var heap = DistanceHeap()

    /// Sizes the arrays for `n` nodes (allocating them at rest the first time).
    mutating func prepare(_ n: Int) {
        guard distance.count != n else { return }
        distance = [Double](repeating: .infinity, count: n)
        tie = distance
        settled = [Bool](repeating: false, count: n)
        via = [UInt32](repeating: .max, count: n)
        origin = [Int32](repeating: -1, count: n)
        isSink = settled
        touched = []
        heap = DistanceHeap()
    }
}

/// Per node, a lower bound on the remaining (length, tie) to a commodity's sinks: the A* bound of packing searches.
struct Guide {
    var length: [Double]
    var tie: [Double]
}

/// A binary min-heap of (distance, tie, node), lexicographic, for the pricing Dijkstra (lazy deletion).
struct DistanceHeap {
    private var items: [(Double, Double, UInt32)] = []
    /// Empties the heap, keeping its storage.
    mutating func removeAll() { items.removeAll(keepingCapacity: true) }
    private func less(_ i: Int, _ j: Int) -> Bool { (items[i].0, items[i].1, items[i].2) < (items[j].0, items[j].1, items[j].2) }
    mutating func push(_ d: Double, _ t: Double, _ v: UInt32) {
        items.append((d, t, v))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }
    mutating func pop() -> (Double, Double, UInt32)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && less(l, m) { m = l }
                if r < items.count && less(r, m) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
