import CCLP

/// A linear program kept in CLP between solves, for a sequence of related ones: solve, change bounds, the objective,
/// add rows or columns, and solve again from the last optimal basis.
///
/// The warm re-solve picks the simplex that starts feasible: after changes of bounds or added rows only (the last
/// basis stays dual feasible: e.g. closures or capacity samples of one network), the dual simplex; after a changed
/// objective or added columns (the last basis stays primal feasible when the new rows hold at the last optimum: a
/// second objective with the first's optimum as a bound, or column generation), the primal simplex.
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
    /// Whether the objective changed or columns were added since the last solve (then the primal simplex).
    private var primalChanges = false
    /// Bounds changed in `model` but not yet handed to CLP.
    private var rowBoundsChanged = false, columnBoundsChanged = false

    /// Loads `model` into CLP (nothing is solved yet).
    /// - Throws: `SolverError.invalidModel` for a malformed model.
    public init(_ model: LinearModel, options: LPOptions = LPOptions()) throws(SolverError) {
        try model.validate()
        clp = try LPSolver.load(model, try CoinMatrix(model), options)
        self.model = model
        self.options = options
    }

    deinit { Clp_deleteModel(clp) }

    /// CLP's perturbation setting on the session's model (50 with `LPOptions.alwaysPerturb`, 100 by default; 101
    /// once CLP has perturbed), for tests.
    var clpPerturbation: Int { Int(Clp_perturbation(clp)) }

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
        primalChanges = true
    }

    /// Adds a row `lower ≤ Σ coefficient · column ≤ upper`.
    @discardableResult
    public func addRow(name: String = "", lower: Double, upper: Double,
                       terms: [(column: LinearModel.Column, coefficient: Double)]) throws(SolverError) -> LinearModel.Row {
        try addRows([(name, lower, upper, terms)])[0]
    }

    /// Adds rows in one change of CLP's matrix (one call per batch, not per row: each call copies the matrix).
    @discardableResult
    public func addRows(_ rows: [(name: String, lower: Double, upper: Double,
                                  terms: [(column: LinearModel.Column, coefficient: Double)])]) throws(SolverError) -> [LinearModel.Row] {
        for (i, r) in rows.enumerated() {
            guard !r.lower.isNaN, !r.upper.isNaN, r.lower != .infinity, r.upper != -.infinity,
                  r.terms.allSatisfy({ $0.coefficient.isFinite && $0.column.index >= 0 && $0.column.index < model.columnCount }) else {
                throw .invalidModel("row \(r.name.isEmpty ? "R\(model.rowCount + i)" : r.name) has a bad bound, coefficient or column")
            }
        }
        guard !rows.isEmpty else { return [] }
        flushBounds()
        var lower: [Double] = [], upper: [Double] = [], starts: [CoinBigIndex] = [0], columns: [Int32] = [], values: [Double] = []
        var added: [LinearModel.Row] = []
        for r in rows {
            added.append(model.addRow(name: r.name, lower: r.lower, upper: r.upper, terms: r.terms))
            lower.append(LPSolver.coin(r.lower)); upper.append(LPSolver.coin(r.upper))
            for t in r.terms { columns.append(Int32(t.column.index)); values.append(t.coefficient) }
            starts.append(CoinBigIndex(columns.count))
        }
        starts.withUnsafeBufferPointer { s in
            columns.withNonEmptyPointer { c in
                values.withNonEmptyPointer { v in
                    Clp_addRows(clp, Int32(rows.count), lower, upper, s.baseAddress, c, v)
                }
            }
        }
        return added
    }

    /// Adds a column `lower ≤ x ≤ upper` with objective coefficient `objective` and the given coefficients in
    /// existing rows.
    @discardableResult
    public func addColumn(name: String = "", lower: Double = 0, upper: Double = .infinity, objective: Double = 0,
                          terms: [(row: LinearModel.Row, coefficient: Double)]) throws(SolverError) -> LinearModel.Column {
        try addColumns([(name, lower, upper, objective, terms)])[0]
    }

    /// Adds columns in one change of CLP's matrix.
    @discardableResult
    public func addColumns(_ columns: [(name: String, lower: Double, upper: Double, objective: Double,
                                        terms: [(row: LinearModel.Row, coefficient: Double)])]) throws(SolverError) -> [LinearModel.Column] {
        for (j, c) in columns.enumerated() {
            guard !c.lower.isNaN, !c.upper.isNaN, c.lower != .infinity, c.upper != -.infinity, c.lower <= c.upper,
                  c.objective.isFinite,
                  c.terms.allSatisfy({ $0.coefficient.isFinite && $0.row.index >= 0 && $0.row.index < model.rowCount }) else {
                throw .invalidModel("column \(c.name.isEmpty ? "C\(model.columnCount + j)" : c.name) has a bad bound, cost, coefficient or row")
            }
        }
        guard !columns.isEmpty else { return [] }
        flushBounds()
        var lower: [Double] = [], upper: [Double] = [], costs: [Double] = [], starts: [CoinBigIndex] = [0]
        var rows: [Int32] = [], values: [Double] = []
        var added: [LinearModel.Column] = []
        for c in columns {
            let column = model.addColumn(name: c.name, lower: c.lower, upper: c.upper, objective: c.objective)
            for t in c.terms { model.addCoefficient(row: t.row, column: column, value: t.coefficient) }
            added.append(column)
            lower.append(LPSolver.coin(c.lower)); upper.append(LPSolver.coin(c.upper)); costs.append(c.objective)
            for t in c.terms { rows.append(Int32(t.row.index)); values.append(t.coefficient) }
            starts.append(CoinBigIndex(rows.count))
        }
        starts.withUnsafeBufferPointer { s in
            rows.withNonEmptyPointer { r in
                values.withNonEmptyPointer { v in
                    Clp_addColumns(clp, Int32(columns.count), lower, upper, costs, s.baseAddress, r, v)
                }
            }
        }
        primalChanges = true
        return added
    }

    /// Removes columns (renumbering the later ones down, in order, as `LinearModel.removeColumns`). CLP keeps the
    /// status of the others, so removing nonbasic columns at their lower bound keeps the last basis and its
    /// primal and dual feasibility: the next solve starts where the last one ended.
    public func removeColumns(_ columns: [LinearModel.Column]) throws(SolverError) {
        guard !columns.isEmpty else { return }
        guard columns.allSatisfy({ $0.index >= 0 && $0.index < model.columnCount }), Set(columns).count == columns.count else {
            throw .invalidModel("removeColumns: a column is out of range or repeated")
        }
        flushBounds()
        model.removeColumns(columns)
        let which = columns.map { Int32($0.index) }
        which.withUnsafeBufferPointer { Clp_deleteColumns(clp, Int32(which.count), $0.baseAddress) }
    }

    /// Whether `column` is basic in CLP's last basis.
    public func isBasic(_ column: LinearModel.Column) -> Bool {
        Clp_getColumnStatus(clp, Int32(column.index)) == 1
    }

    /// Changes the bounds of `row` (handed to CLP at the next solve).
    public func setBounds(_ row: LinearModel.Row, lower: Double, upper: Double) throws(SolverError) {
        guard row.index >= 0, row.index < model.rowCount, !lower.isNaN, !upper.isNaN, lower != .infinity,
              upper != -.infinity else { throw .invalidModel("bad bounds \(lower) ... \(upper) for row \(row.index)") }
        model.setBounds(row, lower: lower, upper: upper)
        rowBoundsChanged = true
    }

    /// Changes the bounds of `column` (handed to CLP at the next solve).
    public func setBounds(_ column: LinearModel.Column, lower: Double, upper: Double) throws(SolverError) {
        guard column.index >= 0, column.index < model.columnCount, !lower.isNaN, !upper.isNaN, lower != .infinity,
              upper != -.infinity, lower <= upper else {
            throw .invalidModel("bad bounds \(lower) ... \(upper) for column \(column.index)")
        }
        model.setBounds(column, lower: lower, upper: upper)
        columnBoundsChanged = true
    }

    /// Hands changed bounds to CLP through its change calls (which also tell it to refresh its scaled copies).
    private func flushBounds() {
        if rowBoundsChanged {
            model.rowLower.map(LPSolver.coin).withNonEmptyPointer { Clp_chgRowLower(clp, $0) }
            model.rowUpper.map(LPSolver.coin).withNonEmptyPointer { Clp_chgRowUpper(clp, $0) }
            rowBoundsChanged = false
        }
        if columnBoundsChanged {
            model.columnLower.map(LPSolver.coin).withNonEmptyPointer { Clp_chgColumnLower(clp, $0) }
            model.columnUpper.map(LPSolver.coin).withNonEmptyPointer { Clp_chgColumnUpper(clp, $0) }
            columnBoundsChanged = false
        }
    }

    /// A basis and the solution arrays CLP starts a warm solve from.
    public struct Basis: Sendable {
        fileprivate var status: [UInt8]
        fileprivate var columns: [Double], rows: [Double], duals: [Double]
    }

    /// The current basis (after a solve: the last optimum's), to start later solves from it again.
    public func basis() -> Basis {
        let n = Int(Clp_numberColumns(clp)), m = Int(Clp_numberRows(clp))
        let status = Clp_statusArray(clp).map { Array(UnsafeBufferPointer(start: $0, count: n + m)) } ?? []
        func copy(_ p: UnsafeMutablePointer<Double>?, _ count: Int) -> [Double] {
            p.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        }
        return Basis(status: status, columns: copy(Clp_primalColumnSolution(clp), n), rows: copy(Clp_primalRowSolution(clp), m),
                     duals: copy(Clp_dualRowSolution(clp), m))
    }

    /// Makes `basis` (taken from this session with the same rows, columns and objective) the start of the next solve,
    /// by the dual simplex, so that the result does not depend on the solves in between: a warm solve from a fixed
    /// basis is deterministic.
    public func restore(_ basis: Basis) {
        primalChanges = false
        solved = true
        let n = Int(Clp_numberColumns(clp)), m = Int(Clp_numberRows(clp))
        guard basis.status.count == n + m, basis.columns.count == n, basis.rows.count == m else { return }
        basis.status.withUnsafeBufferPointer { Clp_copyinStatus(clp, $0.baseAddress) }
        func put(_ values: [Double], _ p: UnsafeMutablePointer<Double>?) {
            guard let p else { return }
            for (i, v) in values.enumerated() { p[i] = v }
        }
        put(basis.columns, Clp_primalColumnSolution(clp))
        put(basis.rows, Clp_primalRowSolution(clp))
        put(basis.duals, Clp_dualRowSolution(clp))
    }

    /// Solves (the first time as `LPSolver` does; then warm, by the simplex the changes call for) and returns the
    /// optimum.
    /// - Throws: `SolverError.notSolved` for any status but optimal.
    public func solve() throws(SolverError) -> LPSolution {
        let solution = try attempt()
        guard solution.status == .optimal else { throw .notSolved(solution.status) }
        return solution
    }

    /// Solves and returns whatever CLP ended with; check `status`.
    public func attempt() throws(SolverError) -> LPSolution {
        flushBounds()
        if solved {
            _ = primalChanges ? Clp_primal(clp, 0) : Clp_dual(clp, 0)
        } else {
            LPSolver.run(clp, options)
            solved = true
        }
        primalChanges = false
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
