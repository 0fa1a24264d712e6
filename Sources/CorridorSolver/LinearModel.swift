/// A sparse linear (or mixed-integer) program:
///
///     minimise or maximise   Σ objective[j] · x[j]
///     subject to             rowLower[i] ≤ Σ a[i][j] · x[j] ≤ rowUpper[i]    for every row i
///                            columnLower[j] ≤ x[j] ≤ columnUpper[j]           for every column j
///                            x[j] integer                                     for integer and binary columns
///
/// Bounds may be infinite (`-.infinity`, `.infinity`). Coefficients are added in any order; two coefficients for the
/// same row and column are summed. A model is a plain value: it holds no solver state, so separate models (or copies
/// of one) may be solved on separate threads.
///
/// Building costs O(1) amortised per column, row and coefficient; `LPSolver`, `MIPSolver` and `mps()` convert it to
/// the column-major form in O(rows + columns + coefficients).
public struct LinearModel: Sendable {
    /// Direction of optimisation.
    public enum Sense: Sendable, Equatable {
        case minimize, maximize
    }

    /// What values a column may take.
    public enum Kind: Sendable, Equatable {
        case continuous
        /// Any integer within the column's bounds.
        case integer
        /// 0 or 1 (the column's bounds are intersected with [0, 1]).
        case binary
    }

    /// A column (variable) of this model; valid only for the model that made it.
    public struct Column: Hashable, Sendable, Comparable {
        public let index: Int
        public init(_ index: Int) { self.index = index }
        public static func < (a: Column, b: Column) -> Bool { a.index < b.index }
    }

    /// A row (constraint) of this model; valid only for the model that made it.
    public struct Row: Hashable, Sendable, Comparable {
        public let index: Int
        public init(_ index: Int) { self.index = index }
        public static func < (a: Row, b: Row) -> Bool { a.index < b.index }
    }

    public var sense: Sense
    /// The problem's name (written to exported files).
    public var name: String

    public private(set) var columnLower: [Double] = []
    public private(set) var columnUpper: [Double] = []
    public private(set) var objective: [Double] = []
    public private(set) var columnKinds: [Kind] = []
    /// Column names; "" for an unnamed column (exported as `C<index>`).
    public private(set) var columnNames: [String] = []

    public private(set) var rowLower: [Double] = []
    public private(set) var rowUpper: [Double] = []
    /// Row names; "" for an unnamed row (exported as `R<index>`).
    public private(set) var rowNames: [String] = []

    /// Coefficients as triplets, in the order they were added.
    private(set) var entryRows: [Int32] = []
    private(set) var entryColumns: [Int32] = []
    private(set) var entryValues: [Double] = []

    public init(sense: Sense = .minimize, name: String = "corridor") {
        self.sense = sense
        self.name = name
    }

    public var columnCount: Int { objective.count }
    public var rowCount: Int { rowLower.count }
    /// Number of coefficients added (before duplicates are summed).
    public var coefficientCount: Int { entryValues.count }
    /// Whether any column is integer or binary.
    public var hasIntegerColumns: Bool { columnKinds.contains { $0 != .continuous } }

    /// Reserves storage for the given numbers of columns, rows and coefficients.
    public mutating func reserve(columns: Int = 0, rows: Int = 0, coefficients: Int = 0) {
        columnLower.reserveCapacity(columns); columnUpper.reserveCapacity(columns)
        objective.reserveCapacity(columns); columnKinds.reserveCapacity(columns); columnNames.reserveCapacity(columns)
        rowLower.reserveCapacity(rows); rowUpper.reserveCapacity(rows); rowNames.reserveCapacity(rows)
        entryRows.reserveCapacity(coefficients); entryColumns.reserveCapacity(coefficients)
        entryValues.reserveCapacity(coefficients)
    }

    /// Adds a column with bounds `lower ... upper` (default `0 ... ∞`) and objective coefficient `objective`.
    @discardableResult
    public mutating func addColumn(name: String = "", lower: Double = 0, upper: Double = .infinity,
                                   objective cost: Double = 0, kind: Kind = .continuous) -> Column {
        let column = Column(objective.count)
        columnLower.append(kind == .binary ? max(lower, 0) : lower)
        columnUpper.append(kind == .binary ? min(upper, 1) : upper)
        objective.append(cost)
        columnKinds.append(kind)
        columnNames.append(name)
        return column
    }

    /// Adds a row `lower ≤ Σ coefficient · column ≤ upper` (use `-.infinity` / `.infinity` for a one-sided row).
    @discardableResult
    public mutating func addRow(name: String = "", lower: Double, upper: Double,
                                terms: [(column: Column, coefficient: Double)] = []) -> Row {
        let row = Row(rowLower.count)
        rowLower.append(lower)
        rowUpper.append(upper)
        rowNames.append(name)
        for term in terms { addCoefficient(row: row, column: term.column, value: term.coefficient) }
        return row
    }

    /// Adds `value` to the coefficient of `column` in `row`.
    public mutating func addCoefficient(row: Row, column: Column, value: Double) {
        precondition(row.index >= 0 && row.index < rowLower.count, "row \(row.index) is not in this model")
        precondition(column.index >= 0 && column.index < objective.count, "column \(column.index) is not in this model")
        entryRows.append(Int32(truncatingIfNeeded: row.index))
        entryColumns.append(Int32(truncatingIfNeeded: column.index))
        entryValues.append(value)
    }

    public mutating func setObjective(_ column: Column, _ cost: Double) { objective[column.index] = cost }

    /// Removes the given columns and their coefficients; the columns after them move down, keeping their order
    /// (column `j` becomes `j` minus the number of removed columns before it).
    public mutating func removeColumns(_ columns: [Column]) {
        guard !columns.isEmpty else { return }
        var removed = [Bool](repeating: false, count: objective.count)
        for c in columns {
            precondition(c.index >= 0 && c.index < objective.count, "column \(c.index) is not in this model")
            removed[c.index] = true
        }
        var newIndex = [Int32](repeating: -1, count: objective.count)
        var next: Int32 = 0
        for j in 0..<objective.count where !removed[j] { newIndex[j] = next; next += 1 }
        func keep<T>(_ a: [T]) -> [T] { a.indices.compactMap { removed[$0] ? nil : a[$0] } }
        columnLower = keep(columnLower); columnUpper = keep(columnUpper); objective = keep(objective)
        columnKinds = keep(columnKinds); columnNames = keep(columnNames)
        var rows: [Int32] = [], cols: [Int32] = [], values: [Double] = []
        for e in entryValues.indices where !removed[Int(entryColumns[e])] {
            rows.append(entryRows[e]); cols.append(newIndex[Int(entryColumns[e])]); values.append(entryValues[e])
        }
        entryRows = rows; entryColumns = cols; entryValues = values
    }

    public mutating func setBounds(_ column: Column, lower: Double, upper: Double) {
        columnLower[column.index] = lower
        columnUpper[column.index] = upper
    }

    public mutating func setBounds(_ row: Row, lower: Double, upper: Double) {
        rowLower[row.index] = lower
        rowUpper[row.index] = upper
    }

    public mutating func setKind(_ column: Column, _ kind: Kind) {
        columnKinds[column.index] = kind
        if kind == .binary {
            columnLower[column.index] = max(columnLower[column.index], 0)
            columnUpper[column.index] = min(columnUpper[column.index], 1)
        }
    }

    /// Name of a column as exported: its own, or `C<index>`.
    public func exportName(of column: Column) -> String {
        let given = columnNames[column.index]
        return given.isEmpty ? "C\(column.index)" : given
    }

    /// Name of a row as exported: its own, or `R<index>`.
    public func exportName(of row: Row) -> String {
        let given = rowNames[row.index]
        return given.isEmpty ? "R\(row.index)" : given
    }

    /// The objective of the given column values (no feasibility check). O(columns).
    public func objectiveValue(of values: [Double]) -> Double {
        precondition(values.count == columnCount)
        var sum = 0.0
        for j in 0..<columnCount where objective[j] != 0 { sum += objective[j] * values[j] }
        return sum
    }

    /// The row activities `A·x` of the given column values. O(rows + coefficients).
    public func rowActivities(of values: [Double]) -> [Double] {
        precondition(values.count == columnCount)
        var activity = [Double](repeating: 0, count: rowCount)
        let matrix = columnMajor()
        for j in 0..<columnCount where values[j] != 0 {
            for k in Int(matrix.starts[j])..<Int(matrix.starts[j + 1]) {
                activity[Int(matrix.rows[k])] += matrix.values[k] * values[j]
            }
        }
        return activity
    }

    /// Whether `values` satisfies every row and column bound within `tolerance` (scaled by the magnitude of the
    /// bound) and is integral within `tolerance` on integer columns. O(rows + columns + coefficients).
    public func isFeasible(_ values: [Double], tolerance: Double = 1e-6) -> Bool {
        guard values.count == columnCount else { return false }
        for j in 0..<columnCount {
            let x = values[j]
            if !x.isFinite { return false }
            if x < columnLower[j] - tolerance * max(1, abs(columnLower[j])) { return false }
            if x > columnUpper[j] + tolerance * max(1, abs(columnUpper[j])) { return false }
            if columnKinds[j] != .continuous && abs(x - x.rounded()) > tolerance { return false }
        }
        let activity = rowActivities(of: values)
        for i in 0..<rowCount {
            if activity[i] < rowLower[i] - tolerance * max(1, abs(rowLower[i])) { return false }
            if activity[i] > rowUpper[i] + tolerance * max(1, abs(rowUpper[i])) { return false }
        }
        return true
    }

    /// Checks that every number is a number and every bound pair is ordered the right way for a solver (a column or
    /// row with lower > upper is reported, not passed on: solvers differ on it).
    func validate() throws(SolverError) {
        func bad(_ what: String) -> SolverError { .invalidModel(what) }
        for j in 0..<columnCount {
            if objective[j].isNaN || !objective[j].isFinite { throw bad("column \(exportName(of: Column(j))) has objective \(objective[j])") }
            if columnLower[j].isNaN || columnUpper[j].isNaN { throw bad("column \(exportName(of: Column(j))) has a NaN bound") }
            if columnLower[j] == .infinity || columnUpper[j] == -.infinity {
                throw bad("column \(exportName(of: Column(j))) has bounds \(columnLower[j]) ... \(columnUpper[j])")
            }
        }
        for i in 0..<rowCount {
            if rowLower[i].isNaN || rowUpper[i].isNaN { throw bad("row \(exportName(of: Row(i))) has a NaN bound") }
            if rowLower[i] == .infinity || rowUpper[i] == -.infinity {
                throw bad("row \(exportName(of: Row(i))) has bounds \(rowLower[i]) ... \(rowUpper[i])")
            }
        }
        for k in 0..<entryValues.count where !entryValues[k].isFinite {
            throw bad("coefficient of column \(exportName(of: Column(Int(entryColumns[k])))) in row "
                + "\(exportName(of: Row(Int(entryRows[k])))) is \(entryValues[k])")
        }
    }

    /// Column-major (compressed sparse column) form, rows ascending within a column, duplicates summed and exact
    /// zeros dropped. Two counting-sort passes: O(rows + columns + coefficients).
    func columnMajor() -> ColumnMajorMatrix {
        let m = rowCount, n = columnCount, nnz = entryValues.count
        // Pass 1: bucket by row (stable), so pass 2 (by column, stable) leaves rows ascending in each column.
        var rowStart = [Int](repeating: 0, count: m + 1)
        for r in entryRows { rowStart[Int(r) + 1] += 1 }
        for i in 0..<m { rowStart[i + 1] += rowStart[i] }
        var byRow = [Int](repeating: 0, count: nnz)
        var next = rowStart
        for k in 0..<nnz {
            let r = Int(entryRows[k])
            byRow[next[r]] = k
            next[r] += 1
        }
        var columnStart = [Int](repeating: 0, count: n + 1)
        for c in entryColumns { columnStart[Int(c) + 1] += 1 }
        for j in 0..<n { columnStart[j + 1] += columnStart[j] }
        var order = [Int](repeating: 0, count: nnz)
        var cursor = columnStart
        for k in byRow {
            let c = Int(entryColumns[k])
            order[cursor[c]] = k
            cursor[c] += 1
        }
        var starts = [Int32](repeating: 0, count: n + 1)
        var rows: [Int32] = []
        var values: [Double] = []
        rows.reserveCapacity(nnz)
        values.reserveCapacity(nnz)
        for j in 0..<n {
            var k = columnStart[j]
            while k < columnStart[j + 1] {
                let r = entryRows[order[k]]
                var sum = 0.0
                while k < columnStart[j + 1] && entryRows[order[k]] == r {
                    sum += entryValues[order[k]]
                    k += 1
                }
                if sum != 0 {
                    rows.append(r)
                    values.append(sum)
                }
            }
            starts[j + 1] = Int32(rows.count)
        }
        return ColumnMajorMatrix(starts: starts, rows: rows, values: values)
    }
}

/// A matrix in compressed sparse column form.
struct ColumnMajorMatrix {
    /// `starts[j] ..< starts[j + 1]` index column j's entries.
    var starts: [Int32]
    var rows: [Int32]
    var values: [Double]
}
