import Foundation
import Testing
@testable import CorridorSolver

@Suite struct LPSolverTests {
    /// max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 (the textbook Wyndor problem): optimum 36 at (2, 6), shadow
    /// prices 0, 3/2, 1.
    @Test func textbookOptimumAndShadowPrices() throws {
        var model = LinearModel(sense: .maximize)
        let x = model.addColumn(name: "x", objective: 3)
        let y = model.addColumn(name: "y", objective: 5)
        let plant1 = model.addRow(name: "plant1", lower: -.infinity, upper: 4, terms: [(x, 1)])
        let plant2 = model.addRow(name: "plant2", lower: -.infinity, upper: 12, terms: [(y, 2)])
        let plant3 = model.addRow(name: "plant3", lower: -.infinity, upper: 18, terms: [(x, 3), (y, 2)])
        for algorithm in [LPAlgorithm.automatic, .dualSimplex, .primalSimplex, .barrier] {
            let solution = try LPSolver.solve(model, options: LPOptions(algorithm: algorithm))
            #expect(abs(solution.objectiveValue - 36) < 1e-9, "\(algorithm)")
            #expect(abs(solution[x] - 2) < 1e-9 && abs(solution[y] - 6) < 1e-9, "\(algorithm)")
            #expect(abs(solution.dual(plant1)) < 1e-9, "\(algorithm)")
            #expect(abs(solution.dual(plant2) - 1.5) < 1e-9, "\(algorithm)")
            #expect(abs(solution.dual(plant3) - 1) < 1e-9, "\(algorithm)")
            #expect(optimalityViolations(model, solution).isEmpty, "\(algorithm)")
        }
        // The same problem as a minimisation of the negated objective: duals change sign with the objective.
        var minimise = model
        minimise.sense = .minimize
        minimise.setObjective(x, -3)
        minimise.setObjective(y, -5)
        let solution = try LPSolver.solve(minimise)
        #expect(abs(solution.objectiveValue + 36) < 1e-9)
        #expect(abs(solution.dual(plant2) + 1.5) < 1e-9 && abs(solution.dual(plant3) + 1) < 1e-9)
    }

    /// A dual is the change of the optimum per unit of the row's bound: re-solving with the bound moved by a small
    /// step changes the objective by dual × step (checked where the basis does not change: a unique, non-degenerate
    /// optimum of the textbook problem).
    @Test func dualIsTheObjectiveRateOfTheBound() throws {
        var model = LinearModel(sense: .maximize)
        let x = model.addColumn(objective: 3), y = model.addColumn(objective: 5)
        model.addRow(lower: -.infinity, upper: 4, terms: [(x, 1)])
        model.addRow(lower: -.infinity, upper: 12, terms: [(y, 2)])
        let last = model.addRow(lower: -.infinity, upper: 18, terms: [(x, 3), (y, 2)])
        let base = try LPSolver.solve(model)
        for row in 0..<model.rowCount {
            var moved = model
            let r = LinearModel.Row(row)
            moved.setBounds(r, lower: -.infinity, upper: model.rowUpper[row] + 0.25)
            let after = try LPSolver.solve(moved)
            #expect(abs(after.objectiveValue - base.objectiveValue - 0.25 * base.dual(r)) < 1e-9, "row \(row)")
        }
        _ = last
    }

    @Test func randomLPsSatisfyDualityAndComplementarySlackness() throws {
        var optimal = 0
        for seed in UInt64(0)..<300 {
            let model = randomModel(seed: 10_000 + seed)
            let solution = try LPSolver.attempt(model)
            guard solution.status == .optimal else {
                #expect(solution.status == .unbounded || solution.status == .infeasible, "seed \(seed): \(solution.status)")
                continue
            }
            optimal += 1
            let problems = optimalityViolations(model, solution)
            #expect(problems.isEmpty, "seed \(seed): \(problems.prefix(3))")
        }
        #expect(optimal > 100, "too few optimal instances (\(optimal)) to say much")
    }

    @Test func algorithmsAgree() throws {
        for seed in UInt64(0)..<60 {
            let model = randomModel(seed: 20_000 + seed)
            let reference = try LPSolver.attempt(model, options: LPOptions(algorithm: .dualSimplex, presolve: false))
            for options in [LPOptions(), LPOptions(algorithm: .primalSimplex), LPOptions(algorithm: .dualSimplex),
                            LPOptions(algorithm: .barrier), LPOptions(algorithm: .barrier, presolve: false)] {
                let other = try LPSolver.attempt(model, options: options)
                #expect(other.status == reference.status, "seed \(seed) \(options.algorithm)")
                if other.status == .optimal && reference.status == .optimal {
                    #expect(relativeDifference(other.objectiveValue, reference.objectiveValue) < 1e-9,
                            "seed \(seed) \(options.algorithm)")
                    #expect(optimalityViolations(model, other).isEmpty, "seed \(seed) \(options.algorithm)")
                }
            }
        }
    }

    /// The barrier (with crossover) on random models without free columns, the models it runs on (a free column
    /// makes `.barrier` fall back to `.automatic`, covered by `algorithmsAgree`): the same status and optimum as the
    /// dual simplex to 1e-9, and its duals and reduced costs pass the complementary-slackness and dual-feasibility
    /// checks, so they are an optimal dual (crossover leaves a basic solution).
    @Test func barrierMatchesTheSimplexWithOptimalDuals() throws {
        var optimal = 0
        for seed in UInt64(0)..<120 {
            var model = randomModel(seed: 25_000 + seed, maxColumns: 60, maxRows: 50)
            for j in 0..<model.columnCount where model.columnLower[j] == -.infinity && model.columnUpper[j] == .infinity {
                model.setBounds(LinearModel.Column(j), lower: -20, upper: .infinity)
            }
            #expect(!model.columnLower.indices.contains { model.columnLower[$0] == -.infinity && model.columnUpper[$0] == .infinity })
            let reference = try LPSolver.attempt(model, options: LPOptions(algorithm: .dualSimplex, presolve: false))
            for presolve in [true, false] {
                let barrier = try LPSolver.attempt(model, options: LPOptions(algorithm: .barrier, presolve: presolve))
                #expect(barrier.status == reference.status, "seed \(seed) presolve \(presolve)")
                guard barrier.status == .optimal, reference.status == .optimal else { continue }
                optimal += 1
                #expect(relativeDifference(barrier.objectiveValue, reference.objectiveValue) < 1e-9,
                        "seed \(seed) presolve \(presolve): \(barrier.objectiveValue) vs \(reference.objectiveValue)")
                let problems = optimalityViolations(model, barrier)
                #expect(problems.isEmpty, "seed \(seed) presolve \(presolve): \(problems.prefix(3))")
            }
        }
        #expect(optimal > 80, "too few optimal instances (\(optimal))")
    }

    @Test func infeasibleAndUnboundedAreDetectedAndThrown() throws {
        for seed in UInt64(0)..<80 {
            for shape in [Shape.infeasible, .unbounded] {
                let model = randomModel(seed: 30_000 + seed, shape: shape)
                let solution = try LPSolver.attempt(model)
                if shape == .infeasible {
                    #expect(solution.status == .infeasible, "seed \(seed): \(solution.status)")
                } else {
                    // Feasible with a free improving column: unbounded, unless the rest is infeasible (it is not:
                    // the random part is feasible by construction).
                    #expect(solution.status == .unbounded, "seed \(seed): \(solution.status)")
                }
                #expect(throws: SolverError.notSolved(solution.status)) { try LPSolver.solve(model) }
            }
        }
    }

    @Test func iterationLimitIsAStatusNotAResult() throws {
        var found = false
        for seed in UInt64(0)..<40 {
            let model = randomModel(seed: 40_000 + seed, maxColumns: 40, maxRows: 40)
            let full = try LPSolver.attempt(model, options: LPOptions(algorithm: .dualSimplex, presolve: false))
            guard full.status == .optimal, full.iterations > 3 else { continue }
            let limited = try LPSolver.attempt(model, options: LPOptions(algorithm: .dualSimplex, presolve: false,
                                                                          iterationLimit: 1))
            #expect(limited.status == .iterationLimit, "seed \(seed): \(limited.status)")
            #expect(throws: SolverError.notSolved(.iterationLimit)) {
                try LPSolver.solve(model, options: LPOptions(algorithm: .dualSimplex, presolve: false, iterationLimit: 1))
            }
            found = true
        }
        #expect(found)
    }

    @Test func emptyAndDegenerateShapes() throws {
        // No rows: each column sits at its better bound.
        var model = LinearModel()
        let a = model.addColumn(lower: -2, upper: 3, objective: 1)
        let b = model.addColumn(lower: -2, upper: 3, objective: -1)
        let c = model.addColumn(lower: 1, upper: 1, objective: 5)
        let solution = try LPSolver.solve(model)
        #expect(solution[a] == -2 && solution[b] == 3 && solution[c] == 1)
        #expect(solution.objectiveValue == -2 - 3 + 5)
        #expect(solution.reducedCost(a) == 1 && solution.reducedCost(b) == -1)
        // No columns, one empty row: feasible iff 0 is within its bounds.
        var empty = LinearModel()
        empty.addRow(lower: -1, upper: 1)
        #expect(try LPSolver.solve(empty).objectiveValue == 0)
        var emptyInfeasible = LinearModel()
        emptyInfeasible.addRow(lower: 1, upper: 2)
        #expect(try LPSolver.attempt(emptyInfeasible).status == .infeasible)
        // Crossed bounds are infeasible, not a crash.
        var crossed = LinearModel()
        crossed.addColumn(lower: 2, upper: 1)
        #expect(try LPSolver.attempt(crossed).status == .infeasible)
    }

    @Test func malformedModelsAreRejected() {
        var nan = LinearModel()
        let x = nan.addColumn(objective: .nan)
        #expect(throws: SolverError.self) { try LPSolver.solve(nan) }
        var infiniteCoefficient = LinearModel()
        let y = infiniteCoefficient.addColumn()
        infiniteCoefficient.addRow(lower: 0, upper: 1, terms: [(y, .infinity)])
        #expect(throws: SolverError.self) { try LPSolver.solve(infiniteCoefficient) }
        var lowerInfinity = LinearModel()
        lowerInfinity.addColumn(lower: .infinity, upper: .infinity)
        #expect(throws: SolverError.self) { try LPSolver.solve(lowerInfinity) }
        #expect(throws: SolverError.self) { try MIPSolver.solve(nan) }
        _ = x
    }

    /// Separate models solved at once on several threads give exactly the results of solving them one by one.
    @Test func concurrentSolvesMatchSerialOnes() throws {
        let models = (0..<48).map { randomModel(seed: 50_000 + UInt64($0), maxColumns: 60, maxRows: 50) }
        let serial = try models.map { try LPSolver.attempt($0) }
        let results = ConcurrentResults<LPSolution>(count: models.count)
        DispatchQueue.concurrentPerform(iterations: models.count) { i in
            results.set(i, try? LPSolver.attempt(models[i]))
        }
        for (i, parallel) in results.values.enumerated() {
            guard let parallel else { Issue.record("model \(i) failed"); continue }
            #expect(parallel.status == serial[i].status, "model \(i)")
            #expect(parallel.objectiveValue == serial[i].objectiveValue, "model \(i)")
            #expect(parallel.values == serial[i].values, "model \(i)")
            #expect(parallel.rowDuals == serial[i].rowDuals, "model \(i)")
        }
    }
}

/// Results written from several threads, one slot each.
final class ConcurrentResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T?) { lock.lock(); slots[i] = value; lock.unlock() }
    var values: [T?] { lock.lock(); defer { lock.unlock() }; return slots }
}

@Suite struct LPSessionTests {
    /// A session's solves equal fresh solves of the same model, after every change: first solve, a new objective,
    /// then a row that keeps the first objective within a hair of its optimum (a lexicographic second phase).
    @Test func resolvesMatchFreshSolves() throws {
        var compared = 0
        for seed in UInt64(0)..<120 {
            var model = randomModel(seed: 60_000 + seed, maxColumns: 30, maxRows: 25)
            let session = try LPSession(model)
            let first = try session.attempt()
            let reference = try LPSolver.attempt(model)
            #expect(first.status == reference.status, "seed \(seed)")
            guard first.status == .optimal, reference.status == .optimal else { continue }
            #expect(relativeDifference(first.objectiveValue, reference.objectiveValue) <= 1e-9, "seed \(seed)")
            // Second phase: hold the first objective, optimise another.
            let firstObjective = model.objective
            var rng = TestRandom(seed: seed)
            let second = (0..<model.columnCount).map { _ in Double(rng.int(-5...5)) }
            let sense: LinearModel.Sense = rng.chance(50) ? .minimize : .maximize
            let hold = model.sense == .maximize
                ? (lower: first.objectiveValue - 1e-7 * max(1, abs(first.objectiveValue)), upper: Double.infinity)
                : (lower: -Double.infinity, upper: first.objectiveValue + 1e-7 * max(1, abs(first.objectiveValue)))
            let terms = firstObjective.enumerated().filter { $0.element != 0 }.map { (LinearModel.Column($0.offset), $0.element) }
            try session.setObjective(second, sense: sense)
            try session.addRow(name: "hold", lower: hold.lower, upper: hold.upper, terms: terms)
            for j in 0..<model.columnCount { model.setObjective(LinearModel.Column(j), second[j]) }
            model.sense = sense
            model.addRow(name: "hold", lower: hold.lower, upper: hold.upper, terms: terms)
            let warm = try session.attempt()
            let fresh = try LPSolver.attempt(model)
            if expectWarmMatchesFresh(warm, fresh, of: model, "seed \(seed)") { compared += 1 }
            #expect(session.model.rowCount == model.rowCount && session.model.objective == model.objective)
        }
        #expect(compared > 40)
    }

    /// Removing columns: nonbasic ones at 0 after an optimum leave the optimum and need no pivot; arbitrary ones
    /// give what a fresh solve of the model without them gives; the session's model equals that model (bounds,
    /// objective, coefficients renumbered).
    @Test func removedColumnsMatchFreshSolves() throws {
        var idle = 0, compared = 0
        for seed in UInt64(0)..<120 {
            let model = randomModel(seed: 61_000 + seed, maxColumns: 30, maxRows: 25)
            let session = try LPSession(model)
            let first = try session.attempt()
            guard first.status == .optimal, model.columnCount > 2 else { continue }
            // Nonbasic at 0: removing them keeps the optimum without pivots.
            let nonbasic = (0..<model.columnCount).map { LinearModel.Column($0) }
                .filter { !session.isBasic($0) && first.values[$0.index] == 0 }
            if !nonbasic.isEmpty && nonbasic.count < model.columnCount {
                try session.removeColumns(nonbasic)
                let again = try session.attempt()
                #expect(again.status == .optimal, "seed \(seed)")
                #expect(relativeDifference(again.objectiveValue, first.objectiveValue) <= 1e-9, "seed \(seed)")
                #expect(again.iterations == 0, "seed \(seed): \(again.iterations) pivots after removing nonbasic columns")
                idle += 1
            }
            // Any column: the same as a fresh model without it.
            var rng = TestRandom(seed: seed)
            guard session.model.columnCount > 1 else { continue }
            let column = LinearModel.Column(rng.int(0...(session.model.columnCount - 1)))
            var expected = session.model
            expected.removeColumns([column])
            try session.removeColumns([column])
            #expect(session.model.objective == expected.objective && session.model.columnLower == expected.columnLower
                    && session.model.columnUpper == expected.columnUpper, "seed \(seed)")
            let warm = try session.attempt()
            let fresh = try LPSolver.attempt(expected)
            if expectWarmMatchesFresh(warm, fresh, of: expected, "seed \(seed)") { compared += 1 }
        }
        #expect(idle > 20)
        #expect(compared > 20)
    }

    /// `LinearModel.removeColumns` renumbers the later columns and drops exactly the removed ones' coefficients.
    @Test func linearModelRemovesColumns() {
        var m = LinearModel(sense: .maximize)
        let x = m.addColumn(name: "x", upper: 4, objective: 1)
        let y = m.addColumn(name: "y", upper: 5, objective: 2)
        let z = m.addColumn(name: "z", upper: 6, objective: 3)
        m.addRow(name: "r", lower: -.infinity, upper: 7, terms: [(x, 1), (y, 2), (z, 3)])
        m.removeColumns([y])
        #expect(m.columnCount == 2 && m.columnNames == ["x", "z"] && m.objective == [1, 3] && m.columnUpper == [4, 6])
        #expect(m.entryColumns == [0, 1] && m.entryValues == [1, 3] && m.entryRows == [0, 0])
    }

    /// Changed bounds (re-solved warm by the dual simplex) and added columns (by the primal simplex) give the
    /// optimum of a fresh solve of the changed model, and that optimum passes the independent duality checks.
    @Test func boundChangesAndAddedColumnsMatchFreshSolves() throws {
        var compared = 0
        for seed in UInt64(0)..<120 {
            let full = randomModel(seed: 61_000 + seed, maxColumns: 30, maxRows: 25)
            // The first half of the columns in the session; the rest added later with their coefficients.
            let half = max(1, full.columnCount / 2)
            let matrix = full.columnMajor()
            var model = LinearModel(sense: full.sense)
            for j in 0..<half {
                model.addColumn(lower: full.columnLower[j], upper: full.columnUpper[j], objective: full.objective[j])
            }
            for i in 0..<full.rowCount { model.addRow(lower: full.rowLower[i], upper: full.rowUpper[i]) }
            func terms(_ j: Int) -> [(row: LinearModel.Row, coefficient: Double)] {
                (Int(matrix.starts[j])..<Int(matrix.starts[j + 1])).map { (LinearModel.Row(Int(matrix.rows[$0])), matrix.values[$0]) }
            }
            for j in 0..<half { for t in terms(j) { model.addCoefficient(row: t.row, column: LinearModel.Column(j), value: t.coefficient) } }
            let session = try LPSession(model)
            _ = try session.attempt()
            try session.addColumns((half..<full.columnCount).map {
                ("", full.columnLower[$0], full.columnUpper[$0], full.objective[$0], terms($0))
            })
            var reference = session.model
            var warm = try session.attempt()
            var fresh = try LPSolver.attempt(reference)
            #expect(warm.status == fresh.status, "seed \(seed) columns: \(warm.status) vs \(fresh.status)")
            guard warm.status == .optimal, fresh.status == .optimal else { continue }
            #expect(relativeDifference(warm.objectiveValue, fresh.objectiveValue) <= 1e-9, "seed \(seed) columns")
            // Tighten some column and row bounds around the optimum (stays feasible when it still contains x).
            var rng = TestRandom(seed: seed)
            for _ in 0..<3 {
                let j = rng.below(reference.columnCount)
                let x = warm.values[j]
                let lower = reference.columnLower[j], upper = min(reference.columnUpper[j], max(lower, x - Double(rng.int(0...2))))
                try session.setBounds(LinearModel.Column(j), lower: lower, upper: upper)
                reference.setBounds(LinearModel.Column(j), lower: lower, upper: upper)
                if reference.rowCount > 0 {
                    let i = rng.below(reference.rowCount)
                    let a = warm.rowActivities[i]
                    let up = reference.rowUpper[i].isFinite ? reference.rowUpper[i] - Double(rng.int(0...2)) : a + 1
                    let row = LinearModel.Row(i)
                    let low = min(reference.rowLower[i], up)
                    try session.setBounds(row, lower: low, upper: up)
                    reference.setBounds(row, lower: low, upper: up)
                }
                warm = try session.attempt()
                fresh = try LPSolver.attempt(reference)
                guard expectWarmMatchesFresh(warm, fresh, of: reference, "seed \(seed) bounds") else { break }
                compared += 1
            }
        }
        #expect(compared > 60)
    }

    /// `alwaysPerturb` (CLP's perturbation from the first pivot, set on the session's model): cold solves and warm
    /// re-solves after added columns (column generation) and added rows give a fresh unperturbed solve's status and
    /// optimum (1e-9 relative), and their duals and reduced costs pass the optimality checks, so the perturbation is
    /// removed before CLP reports optimal.
    @Test func perturbedSessionsMatchFreshSolvesWithOptimalDuals() throws {
        var compared = 0
        for seed in UInt64(0)..<150 {
            let full = randomModel(seed: 66_000 + seed, maxColumns: 40, maxRows: 30)
            let half = max(1, full.columnCount / 2)
            let matrix = full.columnMajor()
            func terms(_ j: Int) -> [(row: LinearModel.Row, coefficient: Double)] {
                (Int(matrix.starts[j])..<Int(matrix.starts[j + 1])).map { (LinearModel.Row(Int(matrix.rows[$0])), matrix.values[$0]) }
            }
            var model = LinearModel(sense: full.sense)
            for j in 0..<half {
                model.addColumn(lower: full.columnLower[j], upper: full.columnUpper[j], objective: full.objective[j])
            }
            for i in 0..<full.rowCount { model.addRow(lower: full.rowLower[i], upper: full.rowUpper[i]) }
            for j in 0..<half { for t in terms(j) { model.addCoefficient(row: t.row, column: LinearModel.Column(j), value: t.coefficient) } }
            let session = try LPSession(model, options: LPOptions(alwaysPerturb: true))
            #expect(session.clpPerturbation == 50, "seed \(seed): perturbation \(session.clpPerturbation)")
            _ = expectWarmMatchesFresh(try session.attempt(), try LPSolver.attempt(model), of: model, "seed \(seed) cold")
            try session.addColumns((half..<full.columnCount).map {
                ("", full.columnLower[$0], full.columnUpper[$0], full.objective[$0], terms($0))
            })
            let warm = try session.attempt()
            guard expectWarmMatchesFresh(warm, try LPSolver.attempt(session.model), of: session.model, "seed \(seed) columns") else { continue }
            // A row through the optimum, cut by 1 (the dual simplex re-solve, still perturbed).
            var rng = TestRandom(seed: seed)
            let j = rng.below(session.model.columnCount)
            let x = warm.values[j]
            try session.addRow(lower: -.infinity, upper: x - 1, terms: [(LinearModel.Column(j), 1)])
            _ = expectWarmMatchesFresh(try session.attempt(), try LPSolver.attempt(session.model), of: session.model, "seed \(seed) row")
            compared += 1
        }
        #expect(compared > 60, "too few optimal instances (\(compared))")
    }

    @Test func aContradictingRowMakesItInfeasibleAndTheSessionStaysUsable() throws {
        var model = LinearModel(sense: .maximize)
        let x = model.addColumn(upper: 10, objective: 1)
        model.addRow(lower: -.infinity, upper: 8, terms: [(x, 1)])
        let session = try LPSession(model)
        #expect(try session.solve().objectiveValue == 8)
        try session.addRow(lower: 9, upper: .infinity, terms: [(x, 1)])
        #expect(try session.attempt().status == .infeasible)
        #expect(throws: SolverError.notSolved(.infeasible)) { try session.solve() }
        try session.setObjective([-1], sense: .maximize)
        #expect(try session.attempt().status == .infeasible)
        #expect(throws: SolverError.self) { try session.setObjective([1, 2], sense: .minimize) }
        #expect(throws: SolverError.self) { try session.addRow(lower: .nan, upper: 1, terms: [(x, 1)]) }
    }
}

/// A warm re-solve against a fresh solve of `model`: the same status and, when both are optimal, the same
/// objective (1e-9 relative) and a warm solution optimal for `model`. True when both were optimal.
@discardableResult
func expectWarmMatchesFresh(_ warm: LPSolution, _ fresh: LPSolution, of model: LinearModel, _ label: String) -> Bool {
    #expect(warm.status == fresh.status, "\(label): \(warm.status) vs \(fresh.status)")
    guard warm.status == .optimal, fresh.status == .optimal else { return false }
    #expect(relativeDifference(warm.objectiveValue, fresh.objectiveValue) <= 1e-9, "\(label)")
    #expect(optimalityViolations(model, warm).isEmpty, "\(label)")
    return true
}
