import CCLP

/// A linear program kept in CLP between solves, for a sequence of related ones: solve, change the objective or add
/// rows, and solve again from the last optimal basis (the primal simplex, which starts feasible when the last
/// optimum satisfies the new rows — e.g. a second objective with the first's optimum as a bound).
///
/// Owns one CLP model, freed with the session; use a session from one thread at a time (separate sessions may run
/// in parallel). Results follow `LPSolver`'s conventions and settle an infeasible or unbounded verdict the same way
/// (on a fresh copy of the model).
public final class LPSession {
    /// The program as it stands (every change applied), e.g. to export it.
    public private(set) var model: LinearModel
    private let options: LPOptions
    private var clp: UnsafeMutableRawPointer
    private var solved = false

    /// Loads `model` into CLP (nothing is solved yet).
    /// - Throws: `SolverError.invalidModel` for a malformed model.
    public init(_ model: LinearModel, options: LPOptions = LPOptions()) throws(SolverError) {
        try model.validate()
        let matrix = try CoinMatrix(model)
        guard let clp = Clp_newModel() else { throw .notSolved(.other("CLP could not create a model")) }
        Clp_setLogLevel(clp, 0)
        matrix.withBuffers { starts, rows, values, columnLower, columnUpper, objective, rowLower, rowUpper in
            Clp_loadProblem(clp, Int32(model.columnCount), Int32(model.rowCount), starts, rows, values,
                            columnLower, columnUpper, objective, rowLower, rowUpper)
        }
        Clp_setOptimizationDirection(clp, model.sense == .maximize ? -1 : 1)
        if let seconds = options.timeLimit { Clp_setMaximumSeconds(clp, max(seconds, 0)) }
        if let iterations = options.iterationLimit { Clp_setMaximumIterations(clp, Int32(clamping: max(iterations, 0))) }
        self.clp = clp
        self.model = model
        self.options = options
    }

    deinit { Clp_deleteModel(clp) }

    /// Replaces the objective (one coefficient per column) and its sense.
    public func setObjective(_ coefficients: [Double], sense: LinearModel.Sense) throws(SolverError) {
        guard coefficients.count == model.columnCount else {
            throw .invalidModel("objective has \(coefficients.count) coefficients for \(model.columnCount) columns")
        }
        guard coefficients.allSatisfy(\.isFinite) else { throw .invalidModel("objective coefficient is not finite") }
        for j in 0..<model.columnCount { model.setObjective(LinearModel.Column(j), coefficients[j]) }
        model.sense = sense
        coefficients.withNonEmptyPointer { Clp_chgObjCoefficients(clp, $0) }
        Clp_setOptimizationDirection(clp, sense == .maximize ? -1 : 1)
    }

    /// Adds a row `lower ≤ Σ coefficient · column ≤ upper`.
    @discardableResult
    public func addRow(name: String = "", lower: Double, upper: Double,
                       terms: [(column: LinearModel.Column, coefficient: Double)]) throws(SolverError) -> LinearModel.Row {
        guard !lower.isNaN, !upper.isNaN, lower != .infinity, upper != -.infinity,
              terms.allSatisfy({ $0.coefficient.isFinite && $0.column.index >= 0 && $0.column.index < model.columnCount }) else {
            throw .invalidModel("row \(name.isEmpty ? "R\(model.rowCount)" : name) has a bad bound, coefficient or column")
        }
        let row = model.addRow(name: name, lower: lower, upper: upper, terms: terms)
        func coin(_ b: Double) -> Double { b == .infinity ? .greatestFiniteMagnitude : (b == -.infinity ? -.greatestFiniteMagnitude : b) }
        var rowLower = coin(lower), rowUpper = coin(upper)
        let starts: [CoinBigIndex] = [0, CoinBigIndex(terms.count)]
        let columns = terms.map { Int32($0.column.index) }
        let values = terms.map(\.coefficient)
        starts.withUnsafeBufferPointer { s in
            columns.withNonEmptyPointer { c in
                values.withNonEmptyPointer { v in
                    Clp_addRows(clp, 1, &rowLower, &rowUpper, s.baseAddress, c, v)
                }
            }
        }
        return row
    }

    /// Changes the bounds of `row`.
    public func setBounds(_ row: LinearModel.Row, lower: Double, upper: Double) throws(SolverError) {
        guard row.index >= 0, row.index < model.rowCount, !lower.isNaN, !upper.isNaN, lower != .infinity,
              upper != -.infinity else { throw .invalidModel("bad bounds \(lower) ... \(upper) for row \(row.index)") }
        model.setBounds(row, lower: lower, upper: upper)
        func coin(_ b: Double) -> Double { b == .infinity ? .greatestFiniteMagnitude : (b == -.infinity ? -.greatestFiniteMagnitude : b) }
        // CLP hands out its bound arrays for in-place changes.
        Clp_rowLower(clp)![row.index] = coin(lower)
        Clp_rowUpper(clp)![row.index] = coin(upper)
    }

    /// Solves (the first time as `LPSolver` does; then by the primal simplex from the last basis) and returns the
    /// optimum.
    /// - Throws: `SolverError.notSolved` for any status but optimal.
    public func solve() throws(SolverError) -> LPSolution {
        let solution = try attempt()
        guard solution.status == .optimal else { throw .notSolved(solution.status) }
        return solution
    }

    /// Solves and returns whatever CLP ended with; check `status`.
    public func attempt() throws(SolverError) -> LPSolution {
        if solved {
            _ = Clp_primal(clp, 0)
        } else {
            LPSolver.run(clp, options)
            solved = true
        }
        let status = LPSolver.lpStatus(clp)
        if status != .optimal && status != .iterationLimit && status != .timeLimit {
            // Settled on a fresh copy, as LPSolver does; the next solve starts over from it.
            let fresh = try LPSolver.attempt(model, options: options)
            let reloaded = try LPSession(model, options: options)
            swap(&clp, &reloaded.clp)
            solved = false
            return fresh
        }
        return LPSolver.read(clp, status: status, columns: model.columnCount, rows: model.rowCount)
    }
}
