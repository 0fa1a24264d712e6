import Foundation
import Testing
@testable import CorridorSolver

/// Small pure-integer model with every column in a short range, so that brute force can enumerate it.
func enumerableModel(seed: UInt64) -> LinearModel {
    var rng = TestRandom(seed: seed)
    var model = LinearModel(sense: rng.chance(50) ? .minimize : .maximize)
    let n = rng.int(1...5)
    for j in 0..<n {
        let lower = Double(rng.int(-2...1))
        let kind: LinearModel.Kind = rng.chance(25) ? .binary : .integer
        model.addColumn(name: "z\(j)", lower: kind == .binary ? 0 : lower,
                        upper: kind == .binary ? 1 : lower + Double(rng.int(0...3)),
                        objective: Double(rng.int(-7...7)), kind: kind)
    }
    for i in 0..<rng.int(1...4) {
        var terms: [(column: LinearModel.Column, coefficient: Double)] = []
        for j in 0..<n where rng.chance(60) { terms.append((LinearModel.Column(j), Double(rng.int(-4...4)))) }
        let pivot = Double(rng.int(-4...6))
        switch rng.below(3) {
        case 0: model.addRow(name: "r\(i)", lower: -.infinity, upper: pivot, terms: terms)
        case 1: model.addRow(name: "r\(i)", lower: pivot - 3, upper: .infinity, terms: terms)
        default: model.addRow(name: "r\(i)", lower: pivot - 2, upper: pivot + 1, terms: terms)
        }
    }
    return model
}

/// The optimum over every integer point in the bounds, or nil when none is feasible.
func bruteForceOptimum(_ model: LinearModel) -> Double? {
    let n = model.columnCount
    var point = model.columnLower
    var best: Double?
    while true {
        let activity = model.rowActivities(of: point)
        if (0..<model.rowCount).allSatisfy({ activity[$0] >= model.rowLower[$0] && activity[$0] <= model.rowUpper[$0] }) {
            let value = model.objectiveValue(of: point)
            if let b = best { best = model.sense == .minimize ? min(b, value) : max(b, value) } else { best = value }
        }
        var j = 0
        while j < n {
            if point[j] < model.columnUpper[j] { point[j] += 1; break }
            point[j] = model.columnLower[j]
            j += 1
        }
        if j == n { return best }
    }
}

/// Cornuéjols–Dawande market split: Σ a_ij x_j = ⌊Σ_j a_ij / 2⌋ with binary x and slack paid for in the
/// objective. Small, but hard for branch and bound, so limits stop it.
func marketSplit(seed: UInt64, rows m: Int = 4, columns: Int? = nil) -> LinearModel {
    var rng = TestRandom(seed: seed)
    let n = columns ?? 10 * (m - 1)
    var model = LinearModel(name: "marketsplit")
    let x = (0..<n).map { model.addColumn(name: "x\($0)", kind: .binary) }
    for i in 0..<m {
        let a = (0..<n).map { _ in Double(rng.int(0...99)) }
        let d = (a.reduce(0, +) / 2).rounded(.down)
        let over = model.addColumn(name: "over\(i)", objective: 1)
        let under = model.addColumn(name: "under\(i)", objective: 1)
        model.addRow(name: "split\(i)", lower: d, upper: d,
                     terms: zip(x, a).map { ($0, $1) } + [(over, -1), (under, 1)])
    }
    return model
}

func isFeasibleInteger(_ model: LinearModel, _ values: [Double]) -> Bool {
    let activity = model.rowActivities(of: values)
    for i in 0..<model.rowCount where activity[i] < model.rowLower[i] - 1e-6 || activity[i] > model.rowUpper[i] + 1e-6 {
        return false
    }
    for j in 0..<model.columnCount {
        if values[j] < model.columnLower[j] - 1e-6 || values[j] > model.columnUpper[j] + 1e-6 { return false }
        if model.columnKinds[j] != .continuous && abs(values[j] - values[j].rounded()) > 1e-6 { return false }
    }
    return true
}

@Suite struct MIPSolverTests {
    @Test func smallIntegerProgramsMatchBruteForce() throws {
        var feasible = 0, infeasible = 0
        for seed in UInt64(0)..<250 {
            let model = enumerableModel(seed: 60_000 + seed)
            let expected = bruteForceOptimum(model)
            let solution = try MIPSolver.attempt(model)
            if let expected {
                feasible += 1
                #expect(solution.status == .optimal, "seed \(seed): \(solution.status)")
                #expect(solution.objectiveValue == expected, "seed \(seed): \(String(describing: solution.objectiveValue)) vs \(expected)")
                #expect(isFeasibleInteger(model, solution.values), "seed \(seed)")
                #expect(solution.bestBound == solution.objectiveValue && solution.relativeGap == 0, "seed \(seed)")
            } else {
                infeasible += 1
                #expect(solution.status == .infeasible, "seed \(seed): \(solution.status)")
                #expect(!solution.hasSolution)
                #expect(throws: SolverError.notSolved(.infeasible)) { try MIPSolver.solve(model) }
            }
        }
        #expect(feasible > 50 && infeasible > 10, "\(feasible) feasible, \(infeasible) infeasible")
    }

    @Test func integerOptimumIsNoBetterThanTheRelaxation() throws {
        for seed in UInt64(0)..<60 {
            let model = randomModel(seed: 70_000 + seed, integerShare: 60)
            guard let relaxation = try? LPSolver.solve(model), let mip = try? MIPSolver.solve(model) else { continue }
            #expect(mip.status == .optimal)
            let better = model.sense == .minimize ? mip.objectiveValue! >= relaxation.objectiveValue - 1e-9
                                                  : mip.objectiveValue! <= relaxation.objectiveValue + 1e-9
            #expect(better, "seed \(seed)")
            #expect(isFeasibleInteger(model, mip.values), "seed \(seed)")
        }
    }

    /// A node limit stops the search with a feasible incumbent, a proven bound on the right side of it, and the
    /// gap between them; the optimum of a full solve lies between incumbent and bound.
    @Test func nodeLimitReportsIncumbentBoundAndGap() throws {
        var stoppedEarly = 0
        for seed in UInt64(0)..<3 {
            let model = marketSplit(seed: 80_000 + seed, rows: 3, columns: 14)
            let full = try MIPSolver.solve(model)
            #expect(full.status == .optimal)
            let limited = try MIPSolver.attempt(model, options: MIPOptions(nodeLimit: 2))
            guard limited.status != .optimal else { continue }
            stoppedEarly += 1
            #expect(limited.status == .nodeLimit, "seed \(seed): \(limited.status)")
            #expect(limited.bestBound <= full.objectiveValue! + 1e-9, "seed \(seed)")
            if let incumbent = limited.objectiveValue {
                #expect(incumbent >= full.objectiveValue! - 1e-9, "seed \(seed)")
                #expect(isFeasibleInteger(model, limited.values), "seed \(seed)")
                #expect(limited.absoluteGap! >= 0 && abs(limited.absoluteGap! - (incumbent - limited.bestBound)) < 1e-9)
                #expect(try MIPSolver.solve(model, options: MIPOptions(nodeLimit: 2)).status == .nodeLimit)
            } else {
                #expect(throws: SolverError.notSolved(.nodeLimit)) { try MIPSolver.solve(model, options: MIPOptions(nodeLimit: 2)) }
            }
        }
        #expect(stoppedEarly > 0, "no instance needed more than the node limit")
    }

    /// The time limit stops a hard instance; what comes back is consistent (feasible incumbent, bound below it).
    @Test func timeLimitStopsAHardInstance() throws {
        let model = marketSplit(seed: 81_000, rows: 5)
        let solution = try MIPSolver.attempt(model, options: MIPOptions(timeLimit: 0.5))
        #expect(solution.status == .timeLimit)
        #expect(solution.bestBound >= 0 - 1e-9)  // every objective term is a non-negative slack
        if let incumbent = solution.objectiveValue {
            #expect(isFeasibleInteger(model, solution.values))
            #expect(solution.bestBound <= incumbent + 1e-9)
            #expect(solution.relativeGap! >= 0)
        }
    }

    @Test func relativeGapStopsWithinTheGap() throws {
        for seed in UInt64(0)..<2 {
            let model = marketSplit(seed: 82_000 + seed, rows: 3, columns: 14)
            let full = try MIPSolver.solve(model)
            let loose = try MIPSolver.solve(model, options: MIPOptions(relativeGap: 0.5))
            #expect(loose.objectiveValue! >= full.objectiveValue! - 1e-9)
            #expect(loose.objectiveValue! <= full.objectiveValue! * 2 + 1e-9, "seed \(seed)")
        }
    }

    @Test func initialSolutionIsAccepted() throws {
        let model = marketSplit(seed: 83_000, rows: 3, columns: 14)
        let full = try MIPSolver.solve(model)
        let warm = try MIPSolver.solve(model, options: MIPOptions(initialSolution: full.values))
        #expect(abs(warm.objectiveValue! - full.objectiveValue!) < 1e-9)  // the start turns preprocessing off: same optimum, other rounding
        #expect(throws: SolverError.self) { try MIPSolver.solve(model, options: MIPOptions(initialSolution: [1])) }
    }

    @Test func unboundedRelaxationIsReported() throws {
        var model = LinearModel(sense: .maximize)
        let x = model.addColumn(upper: .infinity, objective: 1, kind: .integer)
        let y = model.addColumn(upper: 3, objective: 1, kind: .integer)
        model.addRow(lower: -.infinity, upper: 2, terms: [(y, 1), (x, -1)])
        let solution = try MIPSolver.attempt(model)
        #expect(solution.status == .unbounded)
        #expect(throws: SolverError.self) { try MIPSolver.solve(model) }
    }

    /// Solves from several threads at once (serialised inside) give the results of solving one by one.
    @Test func concurrentSolvesMatchSerialOnes() throws {
        let models = (0..<16).map { enumerableModel(seed: 84_000 + UInt64($0)) }
            + (0..<2).map { marketSplit(seed: 85_000 + UInt64($0), rows: 3, columns: 12) }
        let serial = try models.map { try MIPSolver.attempt($0) }
        let results = ConcurrentResults<MIPSolution>(count: models.count)
        DispatchQueue.concurrentPerform(iterations: models.count) { i in results.set(i, try? MIPSolver.attempt(models[i])) }
        for (i, parallel) in results.values.enumerated() {
            #expect(parallel?.status == serial[i].status, "model \(i)")
            #expect(parallel?.objectiveValue == serial[i].objectiveValue, "model \(i)")
        }
    }
}
