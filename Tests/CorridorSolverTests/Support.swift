import Foundation
import Testing
@testable import CorridorSolver

/// Small deterministic generator for test instances (SplitMix64).
struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// What a random instance is built to be.
enum Shape: CaseIterable {
    /// Feasible by construction (a known point satisfies every row); bounded or not, as it falls.
    case feasible
    /// Two rows with the same coefficients demand `≥ s + 1` and `≤ s`.
    case infeasible
    /// Feasible, plus a free column that improves the objective and appears in no row.
    case unbounded
}

/// Random LP (or MIP with `integerShare` > 0) with integer data: every bound kind (finite, one-sided, free, fixed),
/// every row kind (≤, ≥, =, ranged, free), sparse integer coefficients. A point x0 (integral on integer columns)
/// satisfies every row, so `.feasible` instances are feasible.
func randomModel(seed: UInt64, shape: Shape = .feasible, sense: LinearModel.Sense? = nil,
                 maxColumns: Int = 30, maxRows: Int = 25, integerShare: Int = 0) -> LinearModel {
    var rng = TestRandom(seed: seed)
    var model = LinearModel(sense: sense ?? (rng.chance(50) ? .minimize : .maximize), name: "random\(seed)")
    let n = rng.int(2...maxColumns), m = rng.int(1...maxRows)
    var x0: [Double] = []
    for j in 0..<n {
        let integral = rng.chance(integerShare)
        let kind: LinearModel.Kind = integral ? (rng.chance(30) ? .binary : .integer) : .continuous
        var lower: Double, upper: Double
        switch rng.below(8) {
        case 0: (lower, upper) = (-.infinity, .infinity)
        case 1: (lower, upper) = (-.infinity, Double(rng.int(-5...10)))
        case 2: (lower, upper) = (Double(rng.int(-10...5)), .infinity)
        case 3: lower = Double(rng.int(-5...5)); upper = lower
        case 4: (lower, upper) = (0, .infinity)
        default: lower = Double(rng.int(-10...5)); upper = lower + Double(rng.int(1...15))
        }
        if kind == .binary { (lower, upper) = (0, 1) }
        let cost = Double(rng.int(-9...9))
        let column = model.addColumn(name: "x\(j)", lower: lower, upper: upper, objective: cost, kind: kind)
        let lo = lower.isFinite ? lower : (upper.isFinite ? upper - 8 : -4)
        let hi = upper.isFinite ? upper : lo + 8
        var value = lo + Double(rng.int(0...Int(hi - lo)))
        if kind == .continuous && hi > lo && rng.chance(40) { value = min(hi, value + 0.5) }
        x0.append(value)
        _ = column
    }
    for i in 0..<m {
        var terms: [(column: LinearModel.Column, coefficient: Double)] = []
        for j in 0..<n where rng.chance(30) { terms.append((LinearModel.Column(j), Double(rng.int(-5...5)))) }
        if terms.isEmpty { terms.append((LinearModel.Column(rng.below(n)), Double(rng.int(1...5)))) }
        let s = terms.reduce(0.0) { $0 + $1.coefficient * x0[$1.column.index] }
        let lower: Double, upper: Double
        switch rng.below(6) {
        case 0: (lower, upper) = (-.infinity, s + Double(rng.int(0...6)))
        case 1: (lower, upper) = (s - Double(rng.int(0...6)), .infinity)
        case 2: (lower, upper) = (s, s)
        case 3: (lower, upper) = (s - Double(rng.int(0...4)), s + Double(rng.int(1...4)))
        case 4 where rng.chance(20): (lower, upper) = (-.infinity, .infinity)
        default: (lower, upper) = (-.infinity, s + Double(rng.int(0...3)))
        }
        model.addRow(name: "r\(i)", lower: lower, upper: upper, terms: terms)
        // Occasionally a duplicate coefficient, which the model must sum.
        if rng.chance(10), let first = terms.first {
            model.addCoefficient(row: LinearModel.Row(i), column: first.column, value: 1)
            model.addCoefficient(row: LinearModel.Row(i), column: first.column, value: -1)
        }
    }
    switch shape {
    case .feasible: break
    case .infeasible:
        var terms: [(column: LinearModel.Column, coefficient: Double)] = []
        for j in 0..<n where rng.chance(50) { terms.append((LinearModel.Column(j), Double(rng.int(1...4)))) }
        if terms.isEmpty { terms.append((LinearModel.Column(0), 1)) }
        let s = Double(rng.int(-5...5))
        model.addRow(name: "atLeast", lower: s + 1, upper: .infinity, terms: terms)
        model.addRow(name: "atMost", lower: -.infinity, upper: s, terms: terms)
    case .unbounded:
        model.addColumn(name: "ray", lower: -.infinity, upper: .infinity, objective: 1)
    }
    return model
}

func relativeDifference(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(1, abs(a), abs(b))
}

/// Checks LP optimality independently of the solver: primal feasibility, dual feasibility (signs), reduced costs
/// equal to `c − Aᵀy`, complementary slackness, and equal primal and dual objectives. Returns the failures.
func optimalityViolations(_ model: LinearModel, _ solution: LPSolution, tolerance: Double = 1e-7) -> [String] {
    var problems: [String] = []
    let n = model.columnCount, m = model.rowCount
    let activity = model.rowActivities(of: solution.values)
    // With the d(objective)/d(bound) convention, a positive multiplier means the lower bound binds in a
    // minimisation and the upper bound in a maximisation.
    let positiveBindsLower = model.sense == .minimize
    func bound(of multiplier: Double, lower: Double, upper: Double) -> Double? {
        if abs(multiplier) <= tolerance { return nil }
        return (multiplier > 0) == positiveBindsLower ? lower : upper
    }
    var dualObjective = 0.0
    for i in 0..<m {
        let a = activity[i]
        if a < model.rowLower[i] - tolerance * max(1, abs(a)) || a > model.rowUpper[i] + tolerance * max(1, abs(a)) {
            problems.append("row \(i) activity \(a) outside \(model.rowLower[i]) ... \(model.rowUpper[i])")
        }
        if abs(a - solution.rowActivities[i]) > tolerance * max(1, abs(a)) {
            problems.append("row \(i) activity reported \(solution.rowActivities[i]), computed \(a)")
        }
        let y = solution.rowDuals[i]
        if let b = bound(of: y, lower: model.rowLower[i], upper: model.rowUpper[i]) {
            if !b.isFinite { problems.append("row \(i) dual \(y) prices an infinite bound") }
            else {
                if abs(a - b) > 1e-6 * max(1, abs(b)) { problems.append("row \(i) dual \(y) but activity \(a) ≠ bound \(b)") }
                dualObjective += y * b
            }
        }
    }
    // Reduced costs d = c − Aᵀy.
    var reduced = model.objective
    let matrix = model.columnMajor()
    for j in 0..<n {
        for k in Int(matrix.starts[j])..<Int(matrix.starts[j + 1]) {
            reduced[j] -= matrix.values[k] * solution.rowDuals[Int(matrix.rows[k])]
        }
    }
    for j in 0..<n {
        let x = solution.values[j]
        if x < model.columnLower[j] - tolerance * max(1, abs(x)) || x > model.columnUpper[j] + tolerance * max(1, abs(x)) {
            problems.append("column \(j) value \(x) outside \(model.columnLower[j]) ... \(model.columnUpper[j])")
        }
        let d = solution.reducedCosts[j]
        if abs(d - reduced[j]) > 1e-6 * max(1, abs(model.objective[j])) {
            problems.append("column \(j) reduced cost \(d), c − Aᵀy = \(reduced[j])")
        }
        if let b = bound(of: d, lower: model.columnLower[j], upper: model.columnUpper[j]) {
            if !b.isFinite { problems.append("column \(j) reduced cost \(d) prices an infinite bound") }
            else {
                if abs(x - b) > 1e-6 * max(1, abs(b)) { problems.append("column \(j) reduced cost \(d) but value \(x) ≠ bound \(b)") }
                dualObjective += d * b
            }
        }
    }
    let primal = model.objectiveValue(of: solution.values)
    if relativeDifference(primal, solution.objectiveValue) > 1e-9 {
        problems.append("objective reported \(solution.objectiveValue), c·x = \(primal)")
    }
    if relativeDifference(primal, dualObjective) > 1e-9 {
        problems.append("primal objective \(primal) ≠ dual objective \(dualObjective)")
    }
    return problems
}

/// A temporary directory removed when the value is dropped by the caller's `defer`.
func temporaryDirectory(_ tag: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("corridor-solver-\(tag)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
