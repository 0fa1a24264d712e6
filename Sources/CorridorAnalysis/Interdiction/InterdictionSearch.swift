import CorridorGraph
import CorridorSolver
import Dispatch
import Foundation

/// An element the search may remove: the flow arcs that fail with it and its interdiction cost.
struct InterdictionCandidate: Sendable {
    var reference: ElementReference
    var arcs: [UInt32]
    var cost: Double
}

/// What a set of removed candidates leaves.
struct InterdictionValue: Sendable {
    /// The objective: throughput left (minimised) or total cost (maximised).
    var objective: Double
    /// Candidates (indices) with an arc carrying flow in the optimal flow found: only they can change the optimum.
    var carriers: [Int]
    /// Throughput objective: per carrier, the flow on its arcs, which bounds what removing it can cost (the paths
    /// through it carry no more); empty for the cost objective (no bound).
    var loads: [Double] = []
    /// Cost objective: tonnes delivered and the cost of the delivered flow.
    var delivered: Int64?
    var flowCost: Double?
}

/// A MIP solve's verdict on one budget.
struct MIPOutcome {
    var set: [Int]
    var status: String
    var proven: Bool
    var bound: Double
    var nodes: Int
}

/// The part of an interdiction that depends on the objective: evaluating a set exactly and the MIP.
protocol InterdictionModel: Sendable {
    /// The candidates the search chooses from (undominated).
    var candidates: [InterdictionCandidate] { get }
    /// Candidates on some origin–destination path within the budget, before the dominance reduction.
    var relevantCount: Int { get }
    /// True when the interdictor minimises `objective` (throughput), false when it maximises it (cost).
    var minimizes: Bool { get }
    func evaluate(_ set: [Int]) throws(AnalysisError) -> InterdictionValue
    func solveMIP(budget: Double, start: [Int], timeLimit: Double?) throws(AnalysisError) -> MIPOutcome
}

/// A set, its exact value and how it was proven.
struct SearchPlan {
    var set: [Int]
    var value: InterdictionValue
    var proof: InterdictionProof
}

/// Greedy sequences, exact enumeration and the MIP loop, shared by both objectives.
struct InterdictionSearch<Model: InterdictionModel> {
    let model: Model
    /// Slack for comparing floating budgets (costs are user numbers like 0.1).
    static var budgetSlack: Double { 1e-9 }

    /// Whether `a` is strictly better for the interdictor than `b`.
    func better(_ a: Double, than b: Double) -> Bool {
        let tolerance = 1e-9 * max(1, abs(a), abs(b))
        return model.minimizes ? a < b - tolerance : a > b + tolerance
    }

    func cost(_ set: [Int]) -> Double { set.reduce(0) { $0 + model.candidates[$1].cost } }

    /// The greedy sequence: at each step the affordable carrier whose removal helps most (ties: lowest index); stops
    /// when nothing affordable helps. A heuristic: printed beside the exact answer, never as it.
    func greedy(budget: Double) throws(AnalysisError) -> [(pick: Int, set: [Int], value: InterdictionValue)] {
        var chosen: [Int] = []
        var current = try model.evaluate([])
        var steps: [(pick: Int, set: [Int], value: InterdictionValue)] = []
        while true {
            let spent = cost(chosen)
            let options = current.carriers.filter { !chosen.contains($0) && spent + model.candidates[$0].cost <= budget + Self.budgetSlack }
            guard !options.isEmpty else { break }
            let values = try evaluateAll(options.map { (chosen + [$0]).sorted() })
            var best: Int?
            for (i, v) in values.enumerated() where better(v.objective, than: best.map { values[$0].objective } ?? current.objective) {
                best = i
            }
            guard let pick = best else { break }
            chosen = (chosen + [options[pick]]).sorted()
            current = values[pick]
            steps.append((options[pick], chosen, current))
        }
        return steps
    }

    /// Evaluates several sets in parallel; results in input order.
    func evaluateAll(_ sets: [[Int]]) throws(AnalysisError) -> [InterdictionValue] {
        let slots = ParallelSlots<Result<InterdictionValue, AnalysisError>>(count: sets.count)
        let model = self.model
        DispatchQueue.concurrentPerform(iterations: sets.count) { i in
            slots.store(i, Result { () throws(AnalysisError) -> InterdictionValue in try model.evaluate(sets[i]) })
        }
        var out: [InterdictionValue] = []
        for i in 0..<sets.count {
            switch slots.take(i)! {
            case .success(let v): out.append(v)
            case .failure(let e): throw e
            }
        }
        return out
    }

    /// The exact optimum by enumeration. From a set T, only a candidate carrying flow in T's optimal flow can change
    /// the value (a flow avoiding the removed arcs stays feasible and optimal), and if no member of an optimal set S ⊇ T
    /// carries flow, T is itself optimal; so branching on carriers alone, each distinct set once, visits an optimal
    /// set. Stops (unproven) after `limit` evaluations or when `deadline` passes.
    func enumerate(budget: Double, incumbent: (set: [Int], value: InterdictionValue), limit: Int = 2_000_000,
                   deadline: Date? = nil) throws(AnalysisError) -> SearchPlan {
        var best = incumbent
        var visited = Set<[Int]>()
        var stack: [[Int]] = [[]]
        var evaluations = 0
        var complete = true
        var stopped = ""
        visited.insert([])
        while let set = stack.popLast() {
            if evaluations >= limit { complete = false; stopped = "stopped at the search limit (\(limit) sets)"; break }
            if let deadline, Date() > deadline { complete = false; stopped = "stopped at the time limit"; break }
            let value = try model.evaluate(set)
            evaluations += 1
            // Ties keep the set found first (the search order is deterministic).
            if better(value.objective, than: best.value.objective) { best = (set, value) }
            let spent = cost(set)
            // No superset within the budget can do better than the bound: its children need no visit.
            if let floor = floor(value, set: set, remaining: budget - spent), !better(floor, than: best.value.objective) {
                continue
            }
            for c in value.carriers.reversed() where !set.contains(c) && spent + model.candidates[c].cost <= budget + Self.budgetSlack {
                let child = (set + [c]).sorted()
                if visited.insert(child).inserted { stack.append(child) }
            }
        }
        let objective = best.value.objective
        let bound = complete ? objective : (model.minimizes ? 0 : Double.infinity)
        return SearchPlan(set: best.set, value: best.value,
                          proof: InterdictionProof(status: complete ? "optimal" : stopped, proven: complete,
                                                   method: "enumeration", bound: bound, absoluteGap: abs(objective - bound),
                                                   relativeGap: relativeGap(objective, bound), work: evaluations))
    }

    /// Throughput objective: a lower bound on what any superset of `set` costing at most `remaining` more leaves.
    /// Removing more elements loses at most the flow their paths carry in `value`'s flow, Σ of their loads; the most
    /// the remaining budget buys is bounded by the fractional knapsack (loads per unit cost, best first). Nil for the
    /// cost objective.
    func floor(_ value: InterdictionValue, set: [Int], remaining: Double) -> Double? {
        guard model.minimizes, value.loads.count == value.carriers.count else { return nil }
        var free = 0.0
        var items: [(load: Double, cost: Double)] = []
        for (c, load) in zip(value.carriers, value.loads) where !set.contains(c) && model.candidates[c].cost <= remaining + Self.budgetSlack {
            let cost = model.candidates[c].cost
            if cost <= 0 { free += load } else { items.append((load, cost)) }
        }
        items.sort { $0.load * $1.cost > $1.load * $0.cost }
        var left = max(remaining, 0), lost = free
        for item in items {
            if item.cost <= left { lost += item.load; left -= item.cost } else { lost += item.load * left / item.cost; break }
        }
        return value.objective - lost
    }

    /// The MIP's answer for `budget`, starting from the better of `starts`; the set is re-evaluated exactly and never
    /// reported worse than the start.
    func solveMIP(budget: Double, starts: [[Int]], timeLimit: Double?) throws(AnalysisError) -> SearchPlan {
        var start: (set: [Int], value: InterdictionValue)?
        for s in starts where cost(s) <= budget + Self.budgetSlack {
            let v = try model.evaluate(s)
            if start == nil || better(v.objective, than: start!.value.objective) { start = (s, v) }
        }
        let first: (set: [Int], value: InterdictionValue)
        if let start { first = start } else { first = ([], try model.evaluate([])) }
        let outcome = try model.solveMIP(budget: budget, start: first.set, timeLimit: timeLimit)
        var set = outcome.set.sorted()
        var value = try model.evaluate(set)
        if better(first.value.objective, than: value.objective) || cost(set) > budget + Self.budgetSlack {
            set = first.set
            value = first.value
        }
        var proven = outcome.proven
        var status = outcome.status
        var bound = outcome.bound
        if proven {
            // The MIP proved its own objective; the exact evaluation must agree (else the tolerances betrayed it).
            if abs(value.objective - bound) > 1e-6 * max(1, abs(bound)) + (model.minimizes ? 0.5 : 0) {
                proven = false
                status = "not proven: the MIP's optimum \(bound) differs from the recomputed value \(value.objective)"
                bound = model.minimizes ? min(bound, value.objective) : max(bound, value.objective)
            } else {
                bound = value.objective
            }
        } else {
            bound = model.minimizes ? min(bound, value.objective) : max(bound, value.objective)
        }
        return SearchPlan(set: set, value: value,
                          proof: InterdictionProof(status: status, proven: proven, method: "mip", bound: bound,
                                                   absoluteGap: abs(value.objective - bound),
                                                   relativeGap: relativeGap(value.objective, bound), work: outcome.nodes))
    }

    func relativeGap(_ value: Double, _ bound: Double) -> Double {
        let gap = abs(value - bound)
        if gap == 0 { return 0 }
        return value == 0 ? .infinity : gap / abs(value)
    }
}

/// What CBC's status means for a plan.
func describe(_ status: SolveStatus) -> String { status == .optimal ? "optimal" : status.description }

/// The candidates an exact search needs: every candidate except those dominated (`PathDominance`: every
/// source–sink path through it also uses the other) by a candidate that costs no more. Exact for both objectives: in
/// a set using a dropped candidate, its dominator can take its place (or it can simply go, when the dominator is in the
/// set already) at no greater cost, leaving no more throughput and no cheaper flow (costs ≥ 0). Of candidates that
/// dominate each other at equal cost, the first is kept; so the relation "beats" (dominates, and costs less, or the
/// same and is not dominated back, or is first) has no cycles and every dropped candidate is beaten by a kept one.
///
/// Complexity: `PathDominance.dominators`, O(candidates · (n + m)).
func undominated(_ candidates: [InterdictionCandidate], network: FlowNetwork, sources: [UInt32],
                 sinks: [UInt32]) -> [InterdictionCandidate] {
    guard candidates.count > 1 else { return candidates }
    let dominators = PathDominance.dominators(network, sources: sources, sinks: sinks, elements: candidates.map(\.arcs))
    let dominatorSets = dominators.map(Set.init)
    func beats(_ j: Int, _ i: Int) -> Bool {
        let (cj, ci) = (candidates[j].cost, candidates[i].cost)
        return cj < ci || (cj == ci && (!dominatorSets[j].contains(i) || j < i))
    }
    return candidates.indices.filter { i in !dominators[i].contains { beats($0, i) } }.map { candidates[$0] }
}
