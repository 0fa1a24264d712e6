import CorridorGraph
import CorridorSolver
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// A k × k grid of two-way roads with a dual-gauge rail line across its middle row (shared capacity) and random
/// capacities and lengths, with OD demands between random places: larger programs than `MulticommodityInstance`.
func gridInstance(seed: UInt64, side k: Int, pairs: Int) -> MulticommodityInstance {
    var rng = SplitMix64(seed: seed)
    var f = FlowFixture()
    var road: [[UInt32]] = []
    for r in 0..<k {
        road.append((0..<k).map { c in f.node(130 + Double(c) * 0.2, 43 + Double(r) * 0.2, .road, place: "G\(r)_\(c)") })
    }
    func capacity() -> Int64 { Int64.random(in: 5...60, using: &rng) }
    func km() -> Double { Double(Int.random(in: 15...40, using: &rng)) }
    for r in 0..<k {
        for c in 0..<k {
            if c + 1 < k { f.line(road[r][c], road[r][c + 1], km: km(), capacity: capacity(), mode: .road) }
            if r + 1 < k { f.line(road[r][c], road[r + 1][c], km: km(), capacity: capacity(), mode: .road) }
        }
    }
    let middle = k / 2
    let broad = (0..<k).map { c in f.node(130 + Double(c) * 0.2, 43 + Double(middle) * 0.2 + 0.0001, .rail1520) }
    let standard = (0..<k).map { c in f.node(130 + Double(c) * 0.2, 43 + Double(middle) * 0.2 + 0.0002, .rail1435) }
    for c in 0..<(k - 1) {
        f.dualLine(broad[c], broad[c + 1], standard[c], standard[c + 1], km: km(), capacity: 3 * capacity(),
                   name: "dual \(c)", tracks: UInt8.random(in: 1...2, using: &rng))
    }
    for c in [0, k - 1] {
        f.transferTerminal("G\(middle)_\(c)", road: road[middle][c], rails: [broad[c], standard[c]], capacity: 4 * capacity(), cost: 1)
    }
    var demands: [ODDemand] = []
    for _ in 0..<pairs {
        let a = (Int.random(in: 0..<k, using: &rng), Int.random(in: 0..<k, using: &rng))
        var b = (Int.random(in: 0..<k, using: &rng), Int.random(in: 0..<k, using: &rng))
        if a == b { b.0 = (b.0 + 1) % k }
        demands.append(ODDemand(origin: .place("G\(a.0)_\(a.1)"), destination: .place("G\(b.0)_\(b.1)"),
                                tonnesPerDay: Int64.random(in: 20...200, using: &rng), modes: nil))
    }
    return MulticommodityInstance(network: f.build(), demands: demands)
}

/// The column generation on paths against the arc formulation (same CLP) and SciPy's HiGHS, and its shadow prices
/// against LP duality.
@Suite("Flow program by paths")
struct PathGenerationTests {
    static func instances() -> [(String, MulticommodityInstance)] {
        (UInt64(0)..<40).map { ("small \($0)", MulticommodityInstance.make(seed: 7_000 + $0)) }
            + (UInt64(0)..<6).map { ("grid \($0)", gridInstance(seed: 7_500 + $0, side: 4 + Int($0), pairs: 2 + Int($0))) }
    }

    /// Throughput, cost at it and λ equal the arc formulation's to 1e-7 (relative), and the whole flow by paths
    /// passes the GeoJSON checks of capacity and conservation.
    @Test func sameOptimaAsTheArcFormulation() throws {
        let (compared, _) = try Self.expectSimplexOptima(.paths, tolerance: 1e-7, lambda: \.value,
                                                         solver: "linear program (CLP, paths)", optimalDuals: false)
        #expect(compared > 50)
    }

    /// Solves every instance (OD and origin commodities) by `method` and by the arc formulation's simplex: throughput,
    /// cost at it and λ (read by `lambda`) agree to `tolerance` (relative), a whole flow by `method` reports `solver`,
    /// passes the GeoJSON checks and delivers the throughput optimum, and with `optimalDuals` the throughput's shadow
    /// prices by `method` are an optimal dual (`expectOptimalDual`, OD requests). Returns how many requests were
    /// compared and how many positive prices were checked.
    static func expectSimplexOptima(_ method: FlowProgramMethod, tolerance: Double,
                                    lambda: KeyPath<FlowProgram.Solution, Double>, solver: String,
                                    optimalDuals: Bool) throws -> (compared: Int, priced: Int) {
        var compared = 0, priced = 0
        for (label, inst) in instances() {
            for model in [CommodityModel.od, .origin] {
                let request = FlowRequest(demands: inst.demands, commodities: model)
                var plan: FlowPlan
                do { plan = try FlowPlan(request: request, base: NetworkView(network: inst.network)) } catch { continue }
                plan.program.method = .arcs
                let simplex = try plan.program.solveThroughputThenCost()
                let simplexLambda = try plan.program.solve(.concurrent)[keyPath: lambda]
                plan.program.method = method
                let other = try plan.program.solveThroughputThenCost()
                let otherLambda = try plan.program.solve(.concurrent)[keyPath: lambda]
                #expect(relativeGap(simplex.throughput.rawValue, other.throughput.rawValue) <= tolerance, "\(label) \(model) \(method)")
                #expect(relativeGap(simplex.cost.rawValue, other.cost.rawValue) <= tolerance,
                        "\(label) \(model) \(method): cost \(simplex.cost.rawValue) vs \(other.cost.rawValue)")
                #expect(simplexLambda == otherLambda || relativeGap(simplexLambda, otherLambda) <= tolerance,
                        "\(label) \(model) \(method): λ \(simplexLambda) vs \(otherLambda)")
                if optimalDuals && model == .od {
                    priced += try expectOptimalDual(plan.program, other.throughput, inst, "\(label) \(method)")
                }
                let whole = try FlowAnalyzer(network: inst.network).flow(request, forceLinearProgram: true, method: method)
                #expect(whole.solver == solver, "\(label) \(model)")
                try verifyFromGeoJSON(whole, "\(label) \(model) by \(method)")
                #expect(relativeGap(whole.deliveredTonnesPerDay, simplex.throughput.rawValue) <= tolerance, "\(label) \(model) \(method)")
                compared += 1
            }
        }
        return (compared, priced)
    }

    /// The shadow prices reported by paths are an optimal dual of the arc formulation: complementary slackness
    /// (a priced capacity is full) and a dual objective, Σ capacity · price + Σ_sinks demand · max(0, 1 − shortest
    /// path under the prices), equal to the maximum throughput (weak duality makes any other price vector worse).
    @Test func shadowPricesAreAnOptimalDual() throws {
        var priced = 0
        for (label, inst) in Self.instances() {
            let request = FlowRequest(demands: inst.demands, commodities: .od)
            var plan: FlowPlan
            do { plan = try FlowPlan(request: request, base: NetworkView(network: inst.network)) } catch { continue }
            plan.program.method = .paths
            priced += try Self.expectOptimalDual(plan.program, try plan.program.solve(.throughput), inst, label)
        }
        #expect(priced > 20)
    }

    /// Checks that `s`'s shadow prices are an optimal dual of `program`'s throughput (see above); returns how many
    /// are positive.
    static func expectOptimalDual(_ program: FlowProgram, _ s: FlowProgram.Solution, _ inst: MulticommodityInstance,
                                  _ label: String) throws -> Int {
        var priced = 0
        var arcFlow = [Double](repeating: 0, count: inst.network.arcCount)
        for (k, arcs) in program.keptArcs.enumerated() { for (i, a) in arcs.enumerated() { arcFlow[Int(a)] += s.arcFlow[k][i] } }
        let load = CapacityConstraints.load(program.constraints, arcFlow: arcFlow)
        var dualObjective = 0.0
        for (c, constraint) in program.constraints.enumerated() {
            let y = s.constraintDual[c]
            #expect(y >= -1e-9, "\(label): price \(y) of \(constraint.name)")
            if y > 1e-9 {
                priced += 1
                #expect(abs(load[c] - Double(constraint.capacityTonnesPerDay)) <= 1e-6 * max(1, load[c]),
                        "\(label): \(constraint.name) priced \(y) but carries \(load[c]) of \(constraint.capacityTonnesPerDay)")
            }
            dualObjective += y * Double(constraint.capacityTonnesPerDay)
        }
        // Per commodity (one source, one sink), the shortest path under the prices by Bellman–Ford on its arcs.
        let g = inst.network.graph
        for (k, commodity) in program.commodities.enumerated() {
            var distance = [Double](repeating: .infinity, count: inst.network.nodeCount)
            for v in program.keptSourceNodes[k][0] { distance[Int(v)] = 0 }
            for _ in 0..<inst.network.nodeCount {
                var changed = false
                for a in program.keptArcs[k] {
                    let length = program.constraintsOfArc[Int(a)].reduce(0.0) { $0 + s.constraintDual[Int($1)] }
                    let d = distance[Int(g.tail[Int(a)])] + length
                    if d < distance[Int(g.head[Int(a)])] - 1e-12 { distance[Int(g.head[Int(a)])] = d; changed = true }
                }
                if !changed { break }
            }
            let nearest = program.keptSinkNodes[k][0].map { distance[Int($0)] }.min() ?? .infinity
            dualObjective += (commodity.sinks[0].amount ?? 0) * max(0, 1 - nearest)
        }
        #expect(relativeGap(dualObjective, s.rawValue) <= 1e-7, "\(label): dual \(dualObjective) vs primal \(s.rawValue)")
        return priced
    }

    /// The arc formulation solved by CLP's barrier with crossover (`.arcsByBarrier`) has the simplex's optima
    /// (throughput, cost at it, λ) to 1e-9 relative, its throughput shadow prices are an optimal dual (complementary
    /// slackness and the dual objective, as above), and a whole flow by barrier passes the GeoJSON checks.
    @Test func barrierSameOptimaAndOptimalDuals() throws {
        let (compared, priced) = try Self.expectSimplexOptima(.arcsByBarrier, tolerance: 1e-9, lambda: \.rawValue,
                                                              solver: "linear program (CLP, barrier)", optimalDuals: true)
        #expect(compared > 50)
        #expect(priced > 20)
    }

    /// Capacity-row classes (`PathGeneration.classOf`) fire on the grid instances (fewer master rows than crossed
    /// constraints) and the throughput by paths still equals the arc formulation's (1e-9), with an optimal dual.
    @Test func capacityClassesShrinkTheMasterAndKeepTheOptimum() throws {
        var merged = 0
        for (label, inst) in Self.instances() where label.hasPrefix("grid") {
            var plan = try FlowPlan(request: FlowRequest(demands: inst.demands, commodities: .od),
                                    base: NetworkView(network: inst.network))
            plan.program.method = .arcs
            let arcs = try plan.program.solve(.throughput)
            let generation = PathGeneration(plan.program)
            let s = try generation.maximizeThroughput()
            if generation.capacityRowCount < generation.crossedConstraintCount { merged += 1 }
            #expect(relativeGap(arcs.rawValue, s.rawValue) <= 1e-9, "\(label): \(arcs.rawValue) vs \(s.rawValue)")
            _ = try Self.expectOptimalDual(plan.program, s, inst, label)
        }
        #expect(merged >= 3)
    }

    /// Dropping idle columns (`PathGeneration.dropAfter`, here after a single idle solve so that it fires on small
    /// programs) keeps the optima of the arc formulation (throughput, cost at it, λ; 1e-7 relative) and an optimal
    /// dual for the throughput; it must have fired on most instances.
    @Test func droppingIdleColumnsKeepsTheOptima() throws {
        var fired = 0, compared = 0
        for (label, inst) in Self.instances() {
            var plan: FlowPlan
            do {
                plan = try FlowPlan(request: FlowRequest(demands: inst.demands, commodities: .od), base: NetworkView(network: inst.network))
            } catch { continue }
            plan.program.method = .arcs
            let arcs = try plan.program.solveThroughputThenCost()
            let arcLambda = try plan.program.solve(.concurrent).rawValue
            let generation = PathGeneration(plan.program)
            generation.dropAfter = 1
            let throughput = try generation.maximizeThroughput()
            _ = try Self.expectOptimalDual(plan.program, throughput, inst, "\(label) dropping")
            let cost = try generation.minimizeCost(delivering: max(0, throughput.rawValue))
            let lambda = try generation.maximizeConcurrent().rawValue
            #expect(relativeGap(arcs.throughput.rawValue, throughput.rawValue) <= 1e-7, "\(label)")
            #expect(relativeGap(arcs.cost.rawValue, cost.rawValue) <= 1e-7, "\(label): cost \(arcs.cost.rawValue) vs \(cost.rawValue)")
            #expect(arcLambda == lambda || relativeGap(arcLambda, lambda) <= 1e-7, "\(label): λ \(arcLambda) vs \(lambda)")
            if generation.droppedCount > 0 { fired += 1 }
            compared += 1
        }
        #expect(compared > 30)
        #expect(fired > 10, "dropping fired on \(fired) of \(compared)")
    }

    /// The packing's A* searches (guided by the reverse distances on shorter lengths) find the shortest distances
    /// plain Dijkstra finds, on random lengths with random arcs closed (∞) on top of the guide's lengths.
    @Test func guidedSearchesFindTheShortestDistances() throws {
        var compared = 0
        for (label, inst) in Self.instances() where label.hasPrefix("grid") {
            let plan = try FlowPlan(request: FlowRequest(demands: inst.demands, commodities: .od),
                                    base: NetworkView(network: inst.network))
            let generation = PathGeneration(plan.program)
            var rng = SplitMix64(seed: 99)
            let n = inst.network.arcCount
            for round in 0..<5 {
                // Many equal lengths (as with duals), ties by random costs.
                let lengths = (0..<n).map { _ in Double(Int.random(in: 0...3, using: &rng)) * 0.25 }
                let ties = (0..<n).map { _ in Double(Int.random(in: 1...50, using: &rng)) }
                let open = lengths.map { Double.random(in: 0..<1, using: &rng) < 0.15 ? .infinity : $0 }
                for k in plan.program.commodities.indices {
                    let guide = generation.guide(k, lengths: lengths, ties: ties)
                    let plain = generation.shortestPaths(k, lengths: open, ties: ties, start: { _ in 0 })
                    let guided = generation.shortestPaths(k, lengths: open, ties: ties, start: { _ in 0 }, guide: guide)
                    for (p, g) in zip(plain, guided) {
                        #expect(p.distance == g.distance || relativeGap(p.distance, g.distance) <= 1e-12,
                                "\(label) round \(round) k\(k): \(p.distance) vs \(g.distance)")
                        #expect((p.path == nil) == (g.path == nil), "\(label) round \(round) k\(k)")
                        if let path = g.path {
                            let sum = path.arcs.reduce(0.0) { $0 + open[Int($1)] }
                            #expect(abs(sum - g.distance) <= 1e-9, "\(label): path length \(sum) vs \(g.distance)")
                        }
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 50)
    }

    /// Two solves of the same program by paths give the same flows and prices bit for bit (pricing breaks ties
    /// among equally short paths by cost or arc count, then arc id; nothing depends on hashing or timing).
    @Test func deterministic() throws {
        for (label, inst) in Self.instances() where label.hasPrefix("grid") {
            var runs: [[FlowProgram.Solution]] = []
            for _ in 0..<2 {
                var plan = try FlowPlan(request: FlowRequest(demands: inst.demands, commodities: .od),
                                        base: NetworkView(network: inst.network))
                plan.program.method = .paths
                let (throughput, cost) = try plan.program.solveThroughputThenCost()
                runs.append([throughput, cost, try plan.program.solve(.concurrent)])
            }
            for (first, second) in zip(runs[0], runs[1]) {
                #expect(first.rawValue == second.rawValue, "\(label)")
                #expect(first.arcFlow == second.arcFlow, "\(label)")
                #expect(first.constraintDual == second.constraintDual, "\(label)")
            }
        }
    }

    /// The arc formulation exported as MPS and solved by SciPy's HiGHS has the optimum found by paths (1e-7).
    @Test(.enabled(if: HiGHSPeer.available, "needs python3 with scipy")) func pathsMatchHiGHS() throws {
        var models: [(String, LinearModel, Double)] = []
        for (label, inst) in Self.instances() where label.hasPrefix("grid") || label.hasSuffix("0") {
            let request = FlowRequest(demands: inst.demands, commodities: .od)
            var plan: FlowPlan
            do { plan = try FlowPlan(request: request, base: NetworkView(network: inst.network)) } catch { continue }
            plan.program.method = .paths
            let (throughput, cost) = try plan.program.solveThroughputThenCost()
            let lambda = try plan.program.solve(.concurrent).rawValue
            let name = label.replacingOccurrences(of: " ", with: "-")
            models.append(("\(name)-throughput", plan.program.model(.throughput, named: true).0, throughput.rawValue))
            models.append(("\(name)-cost", plan.program.model(.cost(minimumDelivered: throughput.rawValue), named: true).0, cost.rawValue))
            models.append(("\(name)-concurrent", plan.program.model(.concurrent, named: true).0, lambda))
        }
        try HiGHSPeer.expectSameOptima(models, tolerance: 1e-7)
    }
}
