import CCLP

/// Which simplex (or interior-point) method CLP runs.
public enum LPAlgorithm: Sendable, Equatable {
    /// CLP's own choice, after presolve (`ClpSimplex::initialSolve`).
    case automatic
    case dualSimplex
    case primalSimplex
    /// CLP's interior-point method (`ClpSimplex::barrier`) followed by crossover to a basic optimal solution, so the
    /// duals and reduced costs are basic ones like the simplex's and warm re-solves start from a basis. Faster than
    /// the simplex on large sparse programs such as multicommodity flows in the arc formulation (BENCHMARKS.md).
    /// Only for models without free columns: Debian's CLP (1.17) aborts on an internal assertion in its barrier for
    /// some models with free columns, and an abort cannot be caught, so a model with a free column (both bounds
    /// infinite) is solved as `.automatic` instead. CLP's barrier alone calls unbounded programs optimal, so its
    /// result is confirmed by the primal simplex from crossover's basis (no pivots at a true optimum).
    case barrier
}

/// Settings of one LP solve.
public struct LPOptions: Sendable {
    public var algorithm: LPAlgorithm
    /// Whether CLP may presolve (reduce) the model first; results are always in terms of the original model.
    public var presolve: Bool
    /// Wall-clock limit in seconds; `nil` for none.
    public var timeLimit: Double?
    /// Simplex iteration limit; `nil` for none.
    public var iterationLimit: Int?
    /// Whether CLP perturbs the bounds and costs from the first pivot (`Clp_setPerturbation(50)`) instead of only once
    /// it detects stalling (CLP's default, 100). It changes the pivot path through degenerate vertices, not the optimum:
    /// CLP removes the perturbation and cleans up before it reports optimal.
    public var alwaysPerturb: Bool

    public init(algorithm: LPAlgorithm = .automatic, presolve: Bool = true, timeLimit: Double? = nil,
                iterationLimit: Int? = nil, alwaysPerturb: Bool = false) {
        self.algorithm = algorithm
        self.presolve = presolve
        self.timeLimit = timeLimit
        self.iterationLimit = iterationLimit
        self.alwaysPerturb = alwaysPerturb
    }
}

/// The result of an LP solve. Values are meaningful only when `status == .optimal` (`LPSolver.solve` guarantees it;
/// `LPSolver.attempt` returns whatever CLP ended with).
///
/// Sign convention, the same for minimisation and maximisation: a row's dual is the rate of change of the optimal
/// objective as that row's binding bound rises (its shadow price), and a column's reduced cost is the rate as that
/// column's binding bound rises. So `objective = Σ dual·(binding row bound) + Σ reducedCost·(binding column bound)`
/// at an optimum (LP duality), and a basic row or column has dual or reduced cost 0.
public struct LPSolution: Sendable {
    public let status: SolveStatus
    public let objectiveValue: Double
    /// Column values x.
    public let values: [Double]
    /// Row activities A·x.
    public let rowActivities: [Double]
    /// Row duals (shadow prices), see the sign convention above.
    public let rowDuals: [Double]
    /// Column reduced costs, see the sign convention above.
    public let reducedCosts: [Double]
    /// Simplex iterations CLP took.
    public let iterations: Int

    public subscript(column: LinearModel.Column) -> Double { values[column.index] }
    public func activity(_ row: LinearModel.Row) -> Double { rowActivities[row.index] }
    public func dual(_ row: LinearModel.Row) -> Double { rowDuals[row.index] }
    public func reducedCost(_ column: LinearModel.Column) -> Double { reducedCosts[column.index] }
}

/// Solves linear programs with COIN-OR CLP. The only code that calls CLP: a fresh CLP model is made for each solve
/// and freed before it returns, so separate solves may run on separate threads. CLP prints nothing (log level 0).
public enum LPSolver {
    /// Solves `model` (integrality is ignored: this is its LP relaxation) and returns the optimum.
    /// - Throws: `SolverError.notSolved` for any status but optimal (infeasible, unbounded, a limit, numerical
    ///   trouble); `SolverError.invalidModel` for a malformed model.
    public static func solve(_ model: LinearModel, options: LPOptions = LPOptions()) throws(SolverError) -> LPSolution {
        let solution = try attempt(model, options: options)
        guard solution.status == .optimal else { throw .notSolved(solution.status) }
        return solution
    }

    /// Solves `model` and returns whatever CLP ended with, optimal or not; check `status`.
    /// - Throws: `SolverError.invalidModel` for a malformed model.
    public static func attempt(_ model: LinearModel, options: LPOptions = LPOptions()) throws(SolverError) -> LPSolution {
        try model.validate()
        let matrix = try CoinMatrix(model)
        var clp = try load(model, matrix, options)
        defer { Clp_deleteModel(clp) }

        run(clp, options)

        let n = model.columnCount, m = model.rowCount
        var status = lpStatus(clp)
        if status == .infeasible || status == .unbounded {
            let (settled, fresh) = settleInfeasibleOrUnbounded(model, matrix, options)
            status = settled
            if let fresh {
                Clp_deleteModel(clp)
                clp = fresh
            }
        }
        return read(clp, status: status, columns: n, rows: m)
    }

    /// A new CLP model holding `model` (its matrix already converted to `matrix`), silent, with the sense and the
    /// limits of `options`; with `zeroObjective`, every objective coefficient 0 (a pure feasibility problem). The one
    /// place a CLP model is made (`attempt`, the infeasible/unbounded settlement, `LPSession`); the caller frees it.
    static func load(_ model: LinearModel, _ matrix: CoinMatrix, _ options: LPOptions,
                     zeroObjective: Bool = false) throws(SolverError) -> UnsafeMutableRawPointer {
        guard let clp = Clp_newModel() else { throw .notSolved(.other("CLP could not create a model")) }
        Clp_setLogLevel(clp, 0)
        let zeros = zeroObjective ? [Double](repeating: 0, count: matrix.objective.count) : []
        matrix.withBuffers { starts, rows, values, columnLower, columnUpper, objective, rowLower, rowUpper in
            (zeroObjective ? zeros : matrix.objective).withNonEmptyPointer { cost in
                Clp_loadProblem(clp, Int32(model.columnCount), Int32(model.rowCount), starts, rows, values,
                                columnLower, columnUpper, zeroObjective ? cost : objective, rowLower, rowUpper)
            }
        }
        Clp_setOptimizationDirection(clp, model.sense == .maximize ? -1 : 1)
        if let seconds = options.timeLimit { Clp_setMaximumSeconds(clp, max(seconds, 0)) }
        if let iterations = options.iterationLimit { Clp_setMaximumIterations(clp, Int32(clamping: max(iterations, 0))) }
        if options.alwaysPerturb { Clp_setPerturbation(clp, 50) }
        return clp
    }

    /// A bound as CLP takes it: ±`greatestFiniteMagnitude` for an infinite one.
    static func coin(_ bound: Double) -> Double {
        bound == .infinity ? .greatestFiniteMagnitude : (bound == -.infinity ? -.greatestFiniteMagnitude : bound)
    }

    /// The solution CLP holds. CLP reports duals and reduced costs in the model's own sense: d(objective)/d(bound)
    /// for both.
    static func read(_ clp: UnsafeMutableRawPointer, status: SolveStatus, columns n: Int, rows m: Int) -> LPSolution {
        LPSolution(
            status: status,
            objectiveValue: Clp_getObjValue(clp),
            values: copy(Clp_getColSolution(clp), n),
            rowActivities: copy(Clp_getRowActivity(clp), m),
            rowDuals: copy(Clp_getRowPrice(clp), m),
            reducedCosts: copy(Clp_getReducedCost(clp), n),
            iterations: Int(Clp_getIterationCount(clp)))
    }

    static func run(_ clp: UnsafeMutableRawPointer, _ options: LPOptions) {
        let method: Int32
        switch options.algorithm {
        case .automatic: method = 5
        case .dualSimplex: method = 0
        case .primalSimplex: method = 1
        case .barrier: method = hasFreeColumn(clp) ? 5 : 3
        }
        guard let solve = ClpSolve_new() else {
            _ = Clp_initialSolve(clp)
            return
        }
        defer { ClpSolve_delete(solve) }
        ClpSolve_setSolveType(solve, method, -1)
        ClpSolve_setPresolveType(solve, options.presolve ? 0 : 1, -1)
        _ = Clp_initialSolveWithOptions(clp, solve)
        if method == 3 && Clp_status(clp) == 0 {
            // CLP's barrier bounds the problem internally and calls an unbounded LP optimal (measured on random
            // models): the primal simplex from crossover's basis confirms the optimum (no iterations when it is one)
            // or finds the unbounded ray, so `.barrier` never returns a false optimum.
            _ = Clp_primal(clp, 0)
        }
    }

    /// Whether a column of CLP's model has both bounds infinite (CLP's barrier must not see one, `LPAlgorithm.barrier`).
    static func hasFreeColumn(_ clp: UnsafeMutableRawPointer) -> Bool {
        let n = Int(Clp_numberColumns(clp))
        guard n > 0, let lower = Clp_getColLower(clp), let upper = Clp_getColUpper(clp) else { return false }
        let infinity = 1e30 // CLP's own infinity threshold (`ClpModel::infinity` is COIN_DBL_MAX, anything past 1e30 counts)
        for j in 0..<n where lower[j] <= -infinity && upper[j] >= infinity { return true }
        return false
    }

    /// CLP (1.17) can call a feasible model infeasible when it has free columns: its composite primal (a big-M
    /// weight on infeasibilities) loses its way when free columns with costs make the dual infeasibilities huge, its
    /// dual simplex misjudges free columns even with a zero objective, and presolve only knows that one of
    /// "infeasible" and "unbounded" holds. So either verdict is settled in two phases on a fresh copy of the model
    /// (the first solve's basis can mislead): feasibility alone (zero objective, primal simplex: pure phase one), then,
    /// if feasible, the primal simplex from that feasible basis, which ends optimal or unbounded. Returns the status
    /// and the CLP model it leaves, if one was made.
    private static func settleInfeasibleOrUnbounded(_ model: LinearModel, _ matrix: CoinMatrix,
                                                   _ options: LPOptions) -> (SolveStatus, UnsafeMutableRawPointer?) {
        guard let clp = try? load(model, matrix, options, zeroObjective: true) else {
            return (.other("CLP could not create a model"), nil)
        }
        _ = Clp_primal(clp, 0)
        let feasibility = lpStatus(clp)
        guard feasibility == .optimal else { return (feasibility, clp) }
        matrix.objective.withNonEmptyPointer { Clp_chgObjCoefficients(clp, $0) }
        _ = Clp_primal(clp, 0)
        let status = lpStatus(clp)
        return (status == .infeasible ? .numericalTrouble : status, clp)
    }

    static func lpStatus(_ clp: UnsafeMutableRawPointer) -> SolveStatus {
        switch Clp_status(clp) {
        case 0: return .optimal
        case 1: return .infeasible
        case 2: return .unbounded
        // Secondary status 9: "stopped on time" (ClpModel.hpp); any other stop is the iteration limit.
        case 3: return Clp_secondaryStatus(clp) == 9 ? .timeLimit : .iterationLimit
        case 4: return .numericalTrouble
        case let code: return .other("CLP status \(code), secondary \(Clp_secondaryStatus(clp))")
        }
    }

    private static func copy(_ pointer: UnsafePointer<Double>?, _ count: Int, scale: Double = 1) -> [Double] {
        guard let pointer, count > 0 else { return [Double](repeating: 0, count: count) }
        let buffer = UnsafeBufferPointer(start: pointer, count: count)
        // `+ 0` turns a negative zero (from negating a zero dual) into 0, for deterministic printing.
        return scale == 1 ? Array(buffer) : buffer.map { $0 * scale + 0 }
    }
}

/// A model's arrays in the form COIN-OR's C interfaces take: column-major matrix with `CoinBigIndex` starts,
/// infinite bounds as `COIN_DBL_MAX`.
struct CoinMatrix {
    var starts: [CoinBigIndex]
    var rows: [Int32]
    var values: [Double]
    var columnLower: [Double], columnUpper: [Double], objective: [Double]
    var rowLower: [Double], rowUpper: [Double]

    init(_ model: LinearModel) throws(SolverError) {
        guard model.columnCount < Int(Int32.max), model.rowCount < Int(Int32.max),
              model.coefficientCount < Int(CoinBigIndex.max) else {
            throw .invalidModel("\(model.columnCount) columns, \(model.rowCount) rows and \(model.coefficientCount) "
                + "coefficients exceed the solver's 32-bit indices")
        }
        let csc = model.columnMajor()
        starts = csc.starts.map { CoinBigIndex($0) }
        rows = csc.rows
        values = csc.values
        columnLower = model.columnLower.map(LPSolver.coin)
        columnUpper = model.columnUpper.map(LPSolver.coin)
        objective = model.objective
        rowLower = model.rowLower.map(LPSolver.coin)
        rowUpper = model.rowUpper.map(LPSolver.coin)
    }

    func withBuffers<R>(_ body: (UnsafePointer<CoinBigIndex>, UnsafePointer<Int32>, UnsafePointer<Double>,
                                 UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>,
                                 UnsafePointer<Double>, UnsafePointer<Double>) -> R) -> R {
        // Empty arrays still need valid (non-null) pointers: CLP treats null as "use the default".
        starts.withUnsafeBufferPointer { s in
            rows.withNonEmptyPointer { r in
                values.withNonEmptyPointer { v in
                    columnLower.withNonEmptyPointer { cl in
                        columnUpper.withNonEmptyPointer { cu in
                            objective.withNonEmptyPointer { o in
                                rowLower.withNonEmptyPointer { rl in
                                    rowUpper.withNonEmptyPointer { ru in
                                        body(s.baseAddress!, r, v, cl, cu, o, rl, ru)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension Array {
    /// Calls `body` with a pointer to the elements, or to one dummy element when the array is empty.
    func withNonEmptyPointer<R>(_ body: (UnsafePointer<Element>) -> R) -> R where Element == Double {
        if isEmpty { return [0.0].withUnsafeBufferPointer { body($0.baseAddress!) } }
        return withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    func withNonEmptyPointer<R>(_ body: (UnsafePointer<Element>) -> R) -> R where Element == Int32 {
        if isEmpty { return [Int32(0)].withUnsafeBufferPointer { body($0.baseAddress!) } }
        return withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
