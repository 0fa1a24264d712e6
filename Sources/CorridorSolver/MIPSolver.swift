import CCBC
import Foundation

/// Settings of one MIP solve.
public struct MIPOptions: Sendable {
    /// Wall-clock limit in seconds; `nil` for none.
    public var timeLimit: Double?
    /// Branch-and-bound node limit; `nil` for none.
    public var nodeLimit: Int?
    /// Stop once `|incumbent − bound| ≤ relativeGap · |incumbent|` (0: prove optimality).
    public var relativeGap: Double
    /// Stop once `|incumbent − bound| ≤ absoluteGap` (0: prove optimality).
    public var absoluteGap: Double
    /// A feasible point to start from (one value per column; CBC does not check it). `nil` for none. With a start,
    /// CBC's preprocessing is off (it aborts some solves with a start otherwise).
    public var initialSolution: [Double]?

    public init(timeLimit: Double? = nil, nodeLimit: Int? = nil, relativeGap: Double = 0, absoluteGap: Double = 0,
                initialSolution: [Double]? = nil) {
        self.timeLimit = timeLimit
        self.nodeLimit = nodeLimit
        self.relativeGap = relativeGap
        self.absoluteGap = absoluteGap
        self.initialSolution = initialSolution
    }
}

/// The result of a MIP solve.
///
/// `bestBound` bounds the optimum from the side the solver proves (below for a minimisation, above for a
/// maximisation); when the solve is optimal it equals `objectiveValue`. When it stops early (`status.isLimit`) the
/// incumbent, if any, is feasible and the true optimum lies between `objectiveValue` and `bestBound`.
public struct MIPSolution: Sendable {
    public let status: SolveStatus
    /// The incumbent's objective, `Σ objective · values`; `nil` when no feasible point was found.
    public let objectiveValue: Double?
    /// The incumbent's column values (integer columns rounded to the integer CBC found them within 1e-6 of); empty
    /// when none.
    public let values: [Double]
    /// The proven bound on the optimum; `±.infinity` when nothing is proven.
    public let bestBound: Double
    /// Branch-and-bound nodes explored.
    public let nodeCount: Int

    public var hasSolution: Bool { objectiveValue != nil }

    /// `|objectiveValue − bestBound|`; `nil` without an incumbent.
    public var absoluteGap: Double? {
        guard let objectiveValue else { return nil }
        return bestBound.isFinite ? abs(objectiveValue - bestBound) : .infinity
    }

    /// `absoluteGap / |objectiveValue|` (0 when both are 0, ∞ when only the objective is 0); `nil` without an
    /// incumbent.
    public var relativeGap: Double? {
        guard let objectiveValue, let absolute = absoluteGap else { return nil }
        if absolute == 0 { return 0 }
        return objectiveValue == 0 ? .infinity : absolute / abs(objectiveValue)
    }

    public subscript(column: LinearModel.Column) -> Double { values[column.index] }

    func with(status: SolveStatus) -> MIPSolution {
        MIPSolution(status: status, objectiveValue: objectiveValue, values: values, bestBound: bestBound,
                    nodeCount: nodeCount)
    }
}

/// Solves mixed-integer programs with COIN-OR CBC. The only code that calls CBC. CBC's solve driver keeps
/// process-wide state, so solves are serialised by a lock (separate models are safe to solve from separate threads;
/// they run one at a time). CBC prints nothing (log level 0).
public enum MIPSolver {
    /// Solves `model` (its integer and binary columns integral).
    ///
    /// Returns the optimum, or, when a time or node limit or a gap stopped the search, the incumbent with its bound.
    /// - Throws: `SolverError.notSolved` when the model is infeasible or unbounded, when the solver gave up, or when a
    ///   limit stopped it before any feasible point was found; `SolverError.invalidModel` for a malformed model.
    public static func solve(_ model: LinearModel, options: MIPOptions = MIPOptions()) throws(SolverError) -> MIPSolution {
        let solution = try attempt(model, options: options)
        guard solution.hasSolution, solution.status == .optimal || solution.status.isLimit else {
            throw .notSolved(solution.status)
        }
        return solution
    }

    /// Solves `model` and returns whatever CBC ended with; check `status` and `hasSolution`.
    ///
    /// CBC 2.10 may call a MIP whose relaxation is unbounded infeasible; a verdict of infeasible or unbounded is
    /// therefore settled: the relaxation is solved by `LPSolver` (which settles its own verdicts), and if it is
    /// unbounded, a feasibility solve (zero objective) decides between unbounded and infeasible (for rational data a
    /// feasible MIP with an unbounded relaxation is unbounded).
    /// - Throws: `SolverError.invalidModel` for a malformed model.
    public static func attempt(_ model: LinearModel, options: MIPOptions = MIPOptions()) throws(SolverError) -> MIPSolution {
        try model.validate()
        if let start = options.initialSolution, start.count != model.columnCount {
            throw .invalidModel("initial solution has \(start.count) values for \(model.columnCount) columns")
        }
        let solution = try runCBC(model, options)
        guard solution.status == .infeasible || solution.status == .unbounded else { return solution }
        let relaxation = try LPSolver.attempt(model)
        switch relaxation.status {
        case .infeasible:
            return solution.with(status: .infeasible)
        case .unbounded:
            var feasibility = model
            for j in 0..<model.columnCount { feasibility.setObjective(LinearModel.Column(j), 0) }
            let point = try runCBC(feasibility, MIPOptions(timeLimit: options.timeLimit, nodeLimit: options.nodeLimit))
            if point.hasSolution { return solution.with(status: .unbounded) }
            return solution.with(status: point.status == .infeasible ? .infeasible : point.status)
        case .optimal:
            // A bounded relaxation: "unbounded" cannot be right; "infeasible" is CBC's proof by search.
            return solution.status == .unbounded ? solution.with(status: .numericalTrouble) : solution
        default:
            return solution.with(status: relaxation.status)
        }
    }

    /// One CBC solve, under the lock.
    private static func runCBC(_ model: LinearModel, _ options: MIPOptions) throws(SolverError) -> MIPSolution {
        let matrix = try CoinMatrix(model)
        lock.lock()
        defer { lock.unlock() }
        guard let cbc = Cbc_newModel() else { throw .notSolved(.other("CBC could not create a model")) }
        defer { Cbc_deleteModel(cbc) }
        matrix.withBuffers { starts, rows, values, columnLower, columnUpper, objective, rowLower, rowUpper in
            Cbc_loadProblem(cbc, Int32(model.columnCount), Int32(model.rowCount), starts, rows, values,
                            columnLower, columnUpper, objective, rowLower, rowUpper)
        }
        for (j, kind) in model.columnKinds.enumerated() where kind != .continuous { Cbc_setInteger(cbc, Int32(j)) }
        Cbc_setObjSense(cbc, model.sense == .maximize ? -1 : 1)
        Cbc_setLogLevel(cbc, 0)
        Cbc_setParameter(cbc, "log", "0")
        Cbc_setParameter(cbc, "slog", "0")
        Cbc_setAllowableGap(cbc, max(options.absoluteGap, 0))
        Cbc_setAllowableFractionGap(cbc, max(options.relativeGap, 0))
        if let seconds = options.timeLimit { Cbc_setMaximumSeconds(cbc, max(seconds, 0)) }
        if let nodes = options.nodeLimit { Cbc_setMaximumNodes(cbc, Int32(clamping: max(nodes, 0))) }
        if let start = options.initialSolution {
            let indices = (0..<model.columnCount).map(Int32.init)
            indices.withUnsafeBufferPointer { i in
                start.withUnsafeBufferPointer { v in
                    Cbc_setMIPStartI(cbc, Int32(model.columnCount), i.baseAddress, v.baseAddress)
                }
            }
            // CBC 2.10.8 aborts the solve ("Illegal index in ClpModel::getColumnName") when its preprocessing runs
            // with a MIP start on some models with continuous columns (Tests/CorridorSolverTests/MIPStartTests).
            Cbc_setParameter(cbc, "preprocess", "off")
        }

        _ = Cbc_solve(cbc)

        let status = mipStatus(cbc)
        let n = model.columnCount
        var incumbent = Cbc_bestSolution(cbc).map { Array(UnsafeBufferPointer(start: $0, count: n)) }
        // When preprocessing alone proves the optimum, CBC never runs branch and bound and keeps no "best
        // solution"; the point is the solver's current one. Taken only if it is feasible.
        if incumbent == nil, status == .optimal, let current = Cbc_getColSolution(cbc) {
            let point = Array(UnsafeBufferPointer(start: current, count: n))
            if model.isFeasible(point, tolerance: 1e-6) { incumbent = point }
        }
        // Integer columns come back within CBC's integrality tolerance (1e-6) of an integer; they are integers.
        if var point = incumbent {
            for j in 0..<n where model.columnKinds[j] != .continuous { point[j] = point[j].rounded() + 0 }
            incumbent = point
        }
        let objective = incumbent.map { model.objectiveValue(of: $0) }
        var bound = Cbc_getBestPossibleObjValue(cbc)
        if status == .optimal, let objective { bound = objective }  // proven: nothing lies beyond the incumbent
        if abs(bound) >= 1e50 { bound = bound > 0 ? .infinity : -.infinity }
        if model.sense == .minimize && bound == .infinity || model.sense == .maximize && bound == -.infinity {
            bound = model.sense == .minimize ? -.infinity : .infinity  // nothing proven
        }
        return MIPSolution(status: status == .optimal && incumbent == nil ? .other("CBC reported an optimum without a point") : status,
                           objectiveValue: objective, values: incumbent ?? [], bestBound: bound,
                           nodeCount: Int(Cbc_getNodeCount(cbc)))
    }

    private static let lock = NSLock()

    private static func mipStatus(_ cbc: UnsafeMutableRawPointer) -> SolveStatus {
        if Cbc_isProvenOptimal(cbc) != 0 { return .optimal }
        if Cbc_isProvenInfeasible(cbc) != 0 { return .infeasible }
        if Cbc_isContinuousUnbounded(cbc) != 0 { return .unbounded }
        if Cbc_isSecondsLimitReached(cbc) != 0 { return .timeLimit }
        if Cbc_isNodeLimitReached(cbc) != 0 { return .nodeLimit }
        if Cbc_isAbandoned(cbc) != 0 { return .numericalTrouble }
        return .other("CBC status \(Cbc_status(cbc)), secondary \(Cbc_secondaryStatus(cbc))")
    }
}
