import Foundation

extension LinearModel {
    /// The model in free-format MPS, readable by CLP, CBC, HiGHS, Gurobi, CPLEX and `Tools/crosscheck/lp.py`.
    ///
    /// Numbers are written in Swift's shortest round-trip form, so a reader recovers every value exactly (a ranged
    /// row's lower bound is `upper − range`, exact to rounding). A maximisation is written with an `OBJSENSE MAX`
    /// section (CoinMpsIO ignores it and reads a minimisation); integer columns between `MARKER` lines, always with explicit bounds. Unnamed rows and columns are
    /// written as `R<index>` and `C<index>`, the objective row as `OBJ` (with `_` appended while it collides).
    /// O(rows + columns + coefficients).
    /// - Throws: `SolverError.invalidModel` for a malformed model, a name with white space, or two rows (or two
    ///   columns) with the same name.
    public func mps() throws(SolverError) -> String {
        try validate()
        let rowName = (0..<rowCount).map { exportName(of: Row($0)) }
        let columnName = (0..<columnCount).map { exportName(of: Column($0)) }
        try Self.checkNames(rowName, "row")
        try Self.checkNames(columnName, "column")
        var objectiveName = "OBJ"
        let rowNameSet = Set(rowName)
        while rowNameSet.contains(objectiveName) { objectiveName += "_" }
        let problemName = name.isEmpty || name.contains(where: \.isWhitespace) ? "corridor" : name

        var out = ""
        out.reserveCapacity(64 + 24 * (rowCount + columnCount) + 28 * coefficientCount)
        // `FREE` tells CoinMpsIO (CLP, CBC) the file is free-format; other readers take it as part of the name.
        out += "NAME \(problemName) FREE\n"
        if sense == .maximize { out += "OBJSENSE\n    MAX\n" }
        out += "ROWS\n N \(objectiveName)\n"
        for i in 0..<rowCount {
            let type: String
            switch (rowLower[i] == -.infinity, rowUpper[i] == .infinity) {
            case (true, true): type = "N"
            case (true, false): type = "L"
            case (false, true): type = "G"
            case (false, false): type = rowLower[i] == rowUpper[i] ? "E" : "L"
            }
            out += " \(type) \(rowName[i])\n"
        }

        out += "COLUMNS\n"
        let matrix = columnMajor()
        var inIntegerBlock = false
        var markers = 0
        for j in 0..<columnCount {
            let integral = columnKinds[j] != .continuous
            if integral != inIntegerBlock {
                out += "    MARKER\(markers) 'MARKER' \(integral ? "'INTORG'" : "'INTEND'")\n"
                markers += 1
                inIntegerBlock = integral
            }
            let begin = Int(matrix.starts[j]), end = Int(matrix.starts[j + 1])
            if objective[j] != 0 { out += "    \(columnName[j]) \(objectiveName) \(Self.number(objective[j]))\n" }
            for k in begin..<end {
                out += "    \(columnName[j]) \(rowName[Int(matrix.rows[k])]) \(Self.number(matrix.values[k]))\n"
            }
            // A column with no entries at all must still be declared.
            if objective[j] == 0 && begin == end { out += "    \(columnName[j]) \(objectiveName) 0\n" }
        }
        if inIntegerBlock { out += "    MARKER\(markers) 'MARKER' 'INTEND'\n" }

        out += "RHS\n"
        for i in 0..<rowCount {
            let rhs: Double
            switch (rowLower[i] == -.infinity, rowUpper[i] == .infinity) {
            case (true, true): continue
            case (true, false), (false, false): rhs = rowUpper[i]
            case (false, true): rhs = rowLower[i]
            }
            if rhs != 0 { out += "    RHS \(rowName[i]) \(Self.number(rhs))\n" }
        }
        var ranges = ""
        for i in 0..<rowCount where rowLower[i].isFinite && rowUpper[i].isFinite && rowLower[i] != rowUpper[i] {
            ranges += "    RNG \(rowName[i]) \(Self.number(rowUpper[i] - rowLower[i]))\n"
        }
        if !ranges.isEmpty { out += "RANGES\n" + ranges }

        out += "BOUNDS\n"
        for j in 0..<columnCount {
            let lower = columnLower[j], upper = columnUpper[j], name = columnName[j]
            let integral = columnKinds[j] != .continuous
            if lower == upper {
                out += " FX BND \(name) \(Self.number(lower))\n"
                continue
            }
            switch (lower == -.infinity, upper == .infinity) {
            case (true, true):
                out += " FR BND \(name)\n"
            case (true, false):
                out += " MI BND \(name)\n UP BND \(name) \(Self.number(upper))\n"
            case (false, true):
                if lower != 0 || integral { out += " LO BND \(name) \(Self.number(lower))\n" }
                // Some readers give a bare integer column an upper bound of 1; say +∞ explicitly.
                if integral { out += " PL BND \(name)\n" }
            case (false, false):
                // Always write LO first: a reader may take a negative UP with no LO as "lower = −∞".
                if lower != 0 || integral || upper < 0 { out += " LO BND \(name) \(Self.number(lower))\n" }
                out += " UP BND \(name) \(Self.number(upper))\n"
            }
        }
        out += "ENDATA\n"
        return out
    }

    /// Writes `mps()` to `path`.
    public func writeMPS(to path: String) throws(SolverError) {
        let text = try mps()
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .io("cannot write \(path): \(error.localizedDescription)")
        }
    }

    private static func checkNames(_ names: [String], _ what: String) throws(SolverError) {
        var seen = Set<String>()
        seen.reserveCapacity(names.count)
        for name in names {
            if name.contains(where: { $0.isWhitespace }) || name.hasPrefix("$") {
                throw .invalidModel("\(what) name '\(name)' cannot be written to MPS (white space or leading $)")
            }
            if !seen.insert(name).inserted { throw .invalidModel("two \(what)s are named '\(name)'") }
        }
    }

    /// Shortest text that reads back as exactly `value`.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
