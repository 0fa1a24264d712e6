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
        var compared = 0
        for (label, inst) in Self.instances() {
            for model in [CommodityModel.od, .origin] {
                let request = FlowRequest(demands: inst.demands, commodities: model)
                var plan: FlowPlan
                do { plan = try FlowPlan(request: request, base: NetworkView(network: inst.network)) } catch { continue }
                plan.program.method = .arcs
                let arcs = try plan.program.solveThroughputThenCost()
                let arcLambda = try plan.program.solve(.concurrent).value
                plan.program.method = .paths
                let paths = try plan.program.solveThroughputThenCost()
                let pathLambda = try plan.program.solve(.concurrent).value
                #expect(relativeGap(arcs.throughput.rawValue, paths.throughput.rawValue) <= 1e-7, "\(label) \(model)")
                #expect(relativeGap(arcs.cost.rawValue, paths.cost.rawValue) <= 1e-7,
                        "\(label) \(model): cost \(arcs.cost.rawValue) vs \(paths.cost.rawValue)")
                #expect(arcLambda == pathLambda || relativeGap(arcLambda, pathLambda) <= 1e-7,
                        "\(label) \(model): λ \(arcLambda) vs \(pathLambda)")
                let analyzer = FlowAnalyzer(network: inst.network)
                let whole = try analyzer.flow(request, forceLinearProgram: true, method: .paths)
                try verifyFromGeoJSON(whole, "\(label) \(model) by paths")
                #expect(relativeGap(whole.deliveredTonnesPerDay, arcs.throughput.rawValue) <= 1e-7, "\(label) \(model)")
                compared += 1
            }
        }
        #expect(compared > 50)
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
        var compared = 0, priced = 0
        for (label, inst) in Self.instances() {
            for model in [CommodityModel.od, .origin] {
                let request = FlowRequest(demands: inst.demands, commodities: model)
                var plan: FlowPlan
                do { plan = try FlowPlan(request: request, base: NetworkView(network: inst.network)) } catch { continue }
                plan.program.method = .arcs
                let simplex = try plan.program.solveThroughputThenCost()
                let simplexLambda = try plan.program.solve(.concurrent).rawValue
                plan.program.method = .arcsByBarrier
                let barrier = try plan.program.solveThroughputThenCost()
                let barrierLambda = try plan.program.solve(.concurrent).rawValue
                #expect(relativeGap(simplex.throughput.rawValue, barrier.throughput.rawValue) <= 1e-9, "\(label) \(model)")
                #expect(relativeGap(simplex.cost.rawValue, barrier.cost.rawValue) <= 1e-9,
                        "\(label) \(model): cost \(simplex.cost.rawValue) vs \(barrier.cost.rawValue)")
                #expect(simplexLambda == barrierLambda || relativeGap(simplexLambda, barrierLambda) <= 1e-9,
                        "\(label) \(model): λ \(simplexLambda) vs \(barrierLambda)")
                if model == .od {
                    priced += try Self.expectOptimalDual(plan.program, barrier.throughput, inst, "\(label) barrier")
                }
                let whole = try FlowAnalyzer(network: inst.network).flow(request, forceLinearProgram: true, method: .arcsByBarrier)
                #expect(whole.solver == "linear program (CLP, barrier)")
                try verifyFromGeoJSON(whole, "\(label) \(model) by barrier")
                #expect(relativeGap(whole.deliveredTonnesPerDay, simplex.throughput.rawValue) <= 1e-9, "\(label) \(model)")
                compared += 1
            }
        }
        #expect(compared > 50)
        #expect(priced > 20)
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
