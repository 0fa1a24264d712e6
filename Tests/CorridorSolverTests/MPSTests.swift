import Foundation
import Testing
import PythonPeers
@testable import CorridorSolver

@Suite struct MPSTests {
    /// What `mps()` writes, read back by CLP's own MPS reader (CoinMpsIO, not our code), is the same model: every
    /// bound, coefficient, name and integrality, and the same optimum.
    @Test func exportReadsBackThroughCoinMpsIO() throws {
        let directory = try temporaryDirectory("mps")
        defer { try? FileManager.default.removeItem(at: directory) }
        for seed in UInt64(0)..<80 {
            let original = randomModel(seed: 90_000 + seed, integerShare: seed % 2 == 0 ? 0 : 40)
            let path = directory.appendingPathComponent("m\(seed).mps").path
            try original.writeMPS(to: path)
            let back = try LinearModel.readMPS(path: path)
            // Readers drop free rows (type N after the objective); they constrain nothing.
            let model = withoutFreeRows(original)
            #expect(back.columnCount == model.columnCount && back.rowCount == model.rowCount, "seed \(seed)")
            guard back.columnCount == model.columnCount, back.rowCount == model.rowCount else { continue }
            #expect(back.columnNames == model.columnNames && back.rowNames == model.rowNames, "seed \(seed)")
            #expect(back.objective == model.objective, "seed \(seed)")
            #expect(back.columnLower == model.columnLower && back.columnUpper == model.columnUpper, "seed \(seed)")
            #expect(back.rowLower == model.rowLower && back.rowUpper == model.rowUpper, "seed \(seed)")
            #expect(back.columnKinds.map { $0 != .continuous } == model.columnKinds.map { $0 != .continuous }, "seed \(seed)")
            let a = model.columnMajor(), b = back.columnMajor()
            #expect(a.starts == b.starts && a.rows == b.rows && a.values == b.values, "seed \(seed)")
            // CoinMpsIO ignores OBJSENSE (it reads every model as a minimisation), so the sense is not compared.
            var sameSense = back
            sameSense.sense = model.sense
            let x = try LPSolver.attempt(model), y = try LPSolver.attempt(sameSense)
            #expect(x.status == y.status && (x.status != .optimal || x.objectiveValue == y.objectiveValue), "seed \(seed)")
        }
    }

    @Test func textIsDeterministicAndNamed() throws {
        var model = LinearModel(sense: .maximize, name: "tiny")
        let x = model.addColumn(name: "x", upper: 4, objective: 3)
        let y = model.addColumn(objective: 5, kind: .integer)
        let z = model.addColumn(name: "z", lower: -.infinity, upper: .infinity)
        model.addRow(name: "OBJ", lower: 1, upper: 7.5, terms: [(x, 1), (y, 0.1), (z, 1)])
        model.addRow(lower: -.infinity, upper: 12, terms: [(y, 2)])
        let text = try model.mps()
        #expect(text == (try model.mps()))
        let expected = """
            NAME tiny FREE
            OBJSENSE
                MAX
            ROWS
             N OBJ_
             L OBJ
             L R1
            COLUMNS
                x OBJ_ 3
                x OBJ 1
                MARKER0 'MARKER' 'INTORG'
                C1 OBJ_ 5
                C1 OBJ 0.1
                C1 R1 2
                MARKER1 'MARKER' 'INTEND'
                z OBJ 1
            RHS
                RHS OBJ 7.5
                RHS R1 12
            RANGES
                RNG OBJ 6.5
            BOUNDS
             UP BND x 4
             LO BND C1 0
             PL BND C1
             FR BND z
            ENDATA

            """
        #expect(text == expected)
    }

    @Test func unwritableNamesAreRejected() {
        var spaced = LinearModel()
        spaced.addColumn(name: "a b")
        #expect(throws: SolverError.self) { try spaced.mps() }
        var twice = LinearModel()
        twice.addColumn(name: "a")
        twice.addColumn(name: "a")
        #expect(throws: SolverError.self) { try twice.mps() }
        var clash = LinearModel()
        clash.addColumn(name: "C1")
        clash.addColumn()
        #expect(throws: SolverError.self) { try clash.mps() }
        #expect(throws: SolverError.self) { try LinearModel().writeMPS(to: "/nonexistent-dir/x.mps") }
    }
}

/// The model with its free rows (both bounds infinite) removed.
func withoutFreeRows(_ model: LinearModel) -> LinearModel {
    var kept = LinearModel(sense: model.sense, name: model.name)
    for j in 0..<model.columnCount {
        kept.addColumn(name: model.columnNames[j], lower: model.columnLower[j], upper: model.columnUpper[j],
                       objective: model.objective[j], kind: model.columnKinds[j])
    }
    var newIndex = [Int?](repeating: nil, count: model.rowCount)
    for i in 0..<model.rowCount where model.rowLower[i].isFinite || model.rowUpper[i].isFinite {
        newIndex[i] = kept.addRow(name: model.rowNames[i], lower: model.rowLower[i], upper: model.rowUpper[i]).index
    }
    let matrix = model.columnMajor()
    for j in 0..<model.columnCount {
        for k in Int(matrix.starts[j])..<Int(matrix.starts[j + 1]) {
            if let i = newIndex[Int(matrix.rows[k])] {
                kept.addCoefficient(row: .init(i), column: .init(j), value: matrix.values[k])
            }
        }
    }
    return kept
}

/// Cross-checks against an independent solver: SciPy's HiGHS (`linprog`, `milp`) on the exported MPS.
@Suite(.enabled(if: PythonPeer.scipyLP.available, "needs python3 with scipy ≥ 1.9"))
struct ScipyCrossCheckTests {
    /// Random LPs (feasible, infeasible and unbounded by construction) and small MIPs, all in one peer run.
    @Test func randomModelsMatchHiGHS() throws {
        var models: [(name: String, model: LinearModel)] = []
        for seed in UInt64(0)..<100 {
            let shape: Shape = seed % 8 == 3 ? .infeasible : (seed % 8 == 5 ? .unbounded : .feasible)
            models.append(("lp\(seed)", randomModel(seed: 100_000 + seed, shape: shape, maxColumns: 40, maxRows: 35)))
        }
        for seed in UInt64(0)..<50 {
            let model = seed % 10 == 9 ? marketSplit(seed: 110_000 + seed, rows: 2, columns: 12)
                : randomModel(seed: 110_000 + seed, shape: seed % 10 == 3 ? .infeasible : .feasible,
                              maxColumns: 15, maxRows: 12, integerShare: 60)
            models.append(("mip\(seed)", model))
        }
        try crossCheck(models) { model in
            if model.hasIntegerColumns {
                let solution = try MIPSolver.attempt(model)
                return (solution.status, solution.objectiveValue ?? .nan)
            }
            let solution = try LPSolver.attempt(model)
            return (solution.status, solution.objectiveValue)
        }
    }

    private func crossCheck(_ models: [(name: String, model: LinearModel)],
                            solve: (LinearModel) throws -> (SolveStatus, Double)) throws {
        let directory = try temporaryDirectory("crosscheck")
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = [], ours: [(SolveStatus, Double)] = []
        for (name, model) in models {
            let path = directory.appendingPathComponent("\(name).mps").path
            try model.writeMPS(to: path)
            files.append(path)
            ours.append(try solve(model))
        }
        let (theirs, status) = try PythonPeer.scipyLP.run(files)
        #expect(status == 0, "lp.py exited \(status)")
        #expect(theirs.count == files.count)
        var optimal = 0
        for (i, line) in theirs.enumerated() where i < ours.count {
            let (status, value) = ours[i]
            let parts = line.split(separator: " ")
            switch parts.first {
            case "optimal":
                optimal += 1
                let peer = Double(parts[1])!
                #expect(status == .optimal, "\(files[i]): ours \(status), HiGHS \(line)")
                #expect(relativeDifference(value, peer) <= 1e-9, "\(files[i]): ours \(value), HiGHS \(peer)")
            case "infeasible": #expect(status == .infeasible, "\(files[i]): ours \(status), HiGHS infeasible")
            case "unbounded": #expect(status == .unbounded, "\(files[i]): ours \(status), HiGHS unbounded")
            default: Issue.record("\(files[i]): HiGHS \(line)")
            }
        }
        #expect(optimal >= files.count / 3, "only \(optimal) optimal instances")
    }
}
