import CorridorGraph
import CorridorSolver
import Foundation
import Testing
import PythonPeers
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Random multimodal networks with every kind of shared capacity (dual-gauge pieces, single track, crossings
/// joining road and rail, transfer terminals joining both gauges, one-way lines, closed edges), and OD demands
/// between their places, some restricted to rail.
struct MulticommodityInstance {
    var network: Network
    var demands: [ODDemand]

    static func make(seed: UInt64) -> MulticommodityInstance {
        var rng = SplitMix64(seed: seed)
        var f = FlowFixture()
        let positions = Int.random(in: 3...6, using: &rng)
        var road: [UInt32] = [], broad: [UInt32?] = [], standard: [UInt32?] = []
        for i in 0..<positions {
            let lon = 130 + Double(i) * 0.4, lat = 43 + Double(i % 3) * 0.3
            road.append(f.node(lon, lat, .road, place: "P\(i)"))
            broad.append(Bool.random(using: &rng) ? f.node(lon, lat + 0.0001, .rail1520) : nil)
            standard.append(Int.random(in: 0..<3, using: &rng) == 0 ? f.node(lon, lat + 0.0002, .rail1435) : nil)
        }
        func capacity() -> Int64 { Int64.random(in: 0...60, using: &rng) }
        func km() -> Double { Double(Int.random(in: 10...150, using: &rng)) }
        // A road chain keeps most instances connected; the random edges below add alternatives and sharing.
        for i in 0..<(positions - 1) where Int.random(in: 0..<4, using: &rng) != 0 {
            f.line(road[i], road[i + 1], km: km(), capacity: Int64.random(in: 10...60, using: &rng), mode: .road)
        }
        for _ in 0..<Int.random(in: positions...(3 * positions), using: &rng) {
            let i = Int.random(in: 0..<positions, using: &rng)
            var j = Int.random(in: 0..<(positions - 1), using: &rng)
            if j >= i { j += 1 }
            switch Int.random(in: 0..<7, using: &rng) {
            case 0, 1:
                f.line(road[i], road[j], km: km(), capacity: capacity(), mode: .road, oneway: Int.random(in: 0..<5, using: &rng) == 0)
            case 2, 3:
                if let a = broad[i], let b = broad[j] {
                    f.line(a, b, km: km(), capacity: capacity(), tracks: UInt8.random(in: 1...2, using: &rng))
                }
            case 4:
                if let a = broad[i], let b = broad[j], let c = standard[i], let d = standard[j] {
                    f.dualLine(a, b, c, d, km: km(), capacity: capacity(), name: "dual \(i)-\(j)", tracks: UInt8.random(in: 1...2, using: &rng))
                } else if let a = standard[i], let b = standard[j] {
                    f.line(a, b, km: km(), capacity: capacity())
                }
            case 5:
                if let a = broad[i], let b = broad[j] {
                    f.sharedCrossing("X\(f.crossings.count)", [(road[i], road[j]), (a, b)], capacity: capacity(),
                                     cost: Double(Int.random(in: 0...4, using: &rng)))
                } else {
                    f.crossing("X\(f.crossings.count)", road[i], road[j], capacity: capacity(), cost: Double(Int.random(in: 0...4, using: &rng)))
                }
            default:
                if let a = broad[i], let b = standard[i] {
                    if Bool.random(using: &rng) {
                        f.transferTerminal("P\(i)", road: road[i], rails: [a, b], capacity: capacity(), cost: 1)
                    } else {
                        f.terminal("P\(i) yard", a, b, capacity: capacity(), cost: 2)
                    }
                } else if let a = broad[i] {
                    f.transferTerminal("P\(i)", road: road[i], rails: [a], capacity: capacity(), cost: 1)
                }
            }
        }
        var demands: [ODDemand] = []
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let i = Int.random(in: 0..<positions, using: &rng)
            var j = Int.random(in: 0..<(positions - 1), using: &rng)
            if j >= i { j += 1 }
            let modes: Set<TransportMode>? = Int.random(in: 0..<4, using: &rng) == 0 ? [.rail] : nil
            demands.append(ODDemand(origin: .place("P\(i)"), destination: .place("P\(j)"),
                                    tonnesPerDay: Int64.random(in: 0...80, using: &rng), modes: modes))
        }
        return MulticommodityInstance(network: f.build(), demands: demands)
    }
}

func relativeGap(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1, abs(a), abs(b)) }

/// Every capacity constraint and, per commodity, conservation, checked on a flow GeoJSON (what a user gets), not on
/// the result in memory. Numbers there have 3 decimals, hence the tolerance.
func verifyFromGeoJSON(_ r: FlowResult, _ label: String) throws {
    let n = r.network
    let json = try #require(try JSONSerialization.jsonObject(with: Data(FlowOutput.geoJSON(r).utf8)) as? [String: Any])
    let features = try #require(json["features"] as? [[String: Any]])
    let summary = try #require((json["corridor"] as? [String: Any])?["summary"] as? [String: Any])
    var arcFlow = [Double](repeating: 0, count: n.arcCount)
    var commodityArc: [String: [Double]] = [:]
    func arc(_ edge: Int, forward: Bool) -> Int? {
        (0..<n.arcCount).first { Int(n.arcEdge[$0]) == edge && n.arcForward[$0] == forward }
    }
    for feature in features {
        let p = try #require(feature["properties"] as? [String: Any])
        let e = try #require((p["edge_id"] as? NSNumber)?.intValue)
        let forward = (p["flow_forward_tpd"] as? NSNumber)?.doubleValue ?? 0
        let backward = (p["flow_backward_tpd"] as? NSNumber)?.doubleValue ?? 0
        if forward > 0 { arcFlow[try #require(arc(e, forward: true))] += forward }
        if backward > 0 { arcFlow[try #require(arc(e, forward: false))] += backward }
        // Per commodity: parallel `;`-joined lists of names and flows.
        func list(_ key: String) throws -> [String] {
            try #require(p[key] as? String).split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        }
        let names = try list("commodities"), forwards = try list("commodity_flow_forward_tpd")
        let backwards = try list("commodity_flow_backward_tpd"), totals = try list("commodity_flow_tpd")
        #expect(names.count == forwards.count && names.count == backwards.count && names.count == totals.count,
                "\(label): edge \(e) commodity lists")
        var sumForward = 0.0, sumBackward = 0.0
        for (i, name) in names.enumerated() {
            var column = commodityArc[name] ?? [Double](repeating: 0, count: n.arcCount)
            let f = try #require(Double(forwards[i])), b = try #require(Double(backwards[i]))
            #expect(abs(f + b - (Double(totals[i]) ?? -1)) < 0.002, "\(label): edge \(e) \(name) total")
            if f > 0 { column[try #require(arc(e, forward: true))] += f }
            if b > 0 { column[try #require(arc(e, forward: false))] += b }
            sumForward += f; sumBackward += b
            commodityArc[name] = column
        }
        #expect(abs(sumForward - forward) < 0.01 && abs(sumBackward - backward) < 0.01, "\(label): edge \(e) commodities")
    }
    // Capacities, shared ones jointly, in the view the flow ran on.
    var view = NetworkView(network: n)
    try view.apply(r.request.restrictions)
    let (_, _, open) = FlowPlan.openArcs(view)
    let (constraints, _) = CapacityConstraints.build(view: view, open: open,
                                                     singleTrackSharesDirections: r.request.singleTrackSharesDirections)
    var covered = [Bool](repeating: false, count: n.arcCount)
    for c in constraints {
        let load = c.arcs.reduce(0.0) { $0 + arcFlow[Int($1)] }
        #expect(load <= Double(c.capacityTonnesPerDay) + 0.01, "\(label): \(c.name) carries \(load) > \(c.capacityTonnesPerDay)")
        for a in c.arcs { covered[Int(a)] = true }
    }
    for a in 0..<n.arcCount where arcFlow[a] > 0 { #expect(covered[a], "\(label): flow on closed arc \(a)") }
    // Conservation per commodity: balance zero except at its sites; what reaches the destinations is what the
    // summary says was delivered.
    let sites = Set((r.origins.map(\.site) + r.destinations.map(\.site)).flatMap(\.nodes))
    var delivered = 0.0
    for (name, column) in commodityArc {
        var balance = [Double](repeating: 0, count: n.nodeCount)
        for a in 0..<n.arcCount where column[a] > 0 {
            balance[Int(n.graph.tail[a])] -= column[a]
            balance[Int(n.graph.head[a])] += column[a]
        }
        for v in 0..<n.nodeCount where !sites.contains(UInt32(v)) {
            #expect(abs(balance[v]) < 0.01, "\(label): \(name) not conserved at node \(v) (\(balance[v]))")
        }
    }
    // Totals: the sum over OD pairs (or destinations) equals the delivered figure.
    let reported = try #require((summary["delivered_tpd"] as? NSNumber)?.doubleValue)
    if let pairs = summary["od_pairs"] as? [[String: Any]], !pairs.isEmpty {
        delivered = pairs.reduce(0.0) { $0 + (($1["delivered_tpd"] as? NSNumber)?.doubleValue ?? 0) }
    } else {
        let destinations = try #require(summary["destinations"] as? [[String: Any]])
        delivered = destinations.reduce(0.0) { $0 + (($1["flow_tpd"] as? NSNumber)?.doubleValue ?? 0) }
    }
    #expect(abs(delivered - reported) < 0.01, "\(label): pairs deliver \(delivered), summary says \(reported)")
}

@Suite("Multicommodity flow")
struct MulticommodityFlowTests {
    @Test func odAndOriginCommoditiesReachTheSameOptimum() throws {
        var compared = 0
        for seed in UInt64(0)..<120 {
            let inst = MulticommodityInstance.make(seed: 500 + seed)
            let analyzer = FlowAnalyzer(network: inst.network)
            guard let od = try? analyzer.flow(FlowRequest(demands: inst.demands, commodities: .od)) else { continue }
            let origin = try analyzer.flow(FlowRequest(demands: inst.demands, commodities: .origin))
            compared += 1
            #expect(relativeGap(od.deliveredTonnesPerDay, origin.deliveredTonnesPerDay) <= 1e-9, "seed \(seed)")
            #expect(relativeGap(od.totalCost, origin.totalCost) <= 1e-9, "seed \(seed)")
            #expect(relativeGap(od.concurrent!.lambda, origin.concurrent!.lambda) <= 1e-9 || od.concurrent!.lambda == origin.concurrent!.lambda,
                    "seed \(seed)")
            try verifyFromGeoJSON(od, "seed \(seed) od")
            try verifyFromGeoJSON(origin, "seed \(seed) origin")
            // The reusable evaluation (interdiction, sweeps) gives the same two measures as the full flow.
            let evaluation = try analyzer.evaluate(od.request)
            #expect(relativeGap(evaluation.maxThroughputTonnesPerDay, od.deliveredTonnesPerDay) <= 1e-9, "seed \(seed)")
            #expect(evaluation.lambda == od.concurrent?.lambda, "seed \(seed)")
            #expect(evaluation.requestedTonnesPerDay == od.requestedTonnesPerDay, "seed \(seed)")
            // λ: the maximum-throughput flow is itself a concurrent flow, so λ is at least its worst pair's share;
            // when every demand fits at once, everything is delivered.
            let worst = od.pairs.filter { $0.requestedTonnesPerDay > 0 }
                .map { $0.deliveredTonnesPerDay / Double($0.requestedTonnesPerDay) }.min() ?? 1
            #expect(od.concurrent!.lambda >= worst - 1e-9, "seed \(seed)")
            if od.concurrent!.lambda >= 1 { #expect(od.status == .complete, "seed \(seed)") }
            // Pooling relaxes who serves whom: never less delivered, never dearer for as much.
            if Set(inst.demands.map(\.modes)).count == 1 {
                let pooled = try analyzer.flow(FlowRequest(demands: inst.demands, commodities: .pooled))
                #expect(pooled.deliveredTonnesPerDay >= od.deliveredTonnesPerDay - 1e-6, "seed \(seed)")
                if abs(pooled.deliveredTonnesPerDay - od.deliveredTonnesPerDay) < 1e-6 {
                    #expect(pooled.totalCost <= od.totalCost + 1e-6, "seed \(seed)")
                }
                try verifyFromGeoJSON(pooled, "seed \(seed) pooled")
            }
        }
        #expect(compared > 60)
    }

    /// A single-commodity problem solved through the LP (simplex and barrier) gives the network simplex's optimum: random pooled flows
    /// on the invariant tests' networks and on the multimodal ones, several origins and destinations each.
    @Test func singleCommodityLPMatchesTheNetworkSimplex() throws {
        var rng = SplitMix64(seed: 77)
        var simplexUsed = 0
        for seed in UInt64(0)..<150 {
            let network: Network
            var sites: [Endpoint]
            if seed % 2 == 0 {
                let inst = FlowInvariantTests.randomInstance(&rng)
                network = inst.network
                sites = (0..<inst.nodeCount).map { .node(UInt32($0)) }
            } else {
                network = MulticommodityInstance.make(seed: 900 + seed).network
                sites = network.places.places.map { .place($0.name) }
            }
            sites.shuffle(using: &rng)
            guard sites.count >= 2 else { continue }
            let split = Int.random(in: 1..<sites.count, using: &rng)
            let request = FlowRequest(
                origins: sites[..<split].prefix(2).map { FlowSite($0, tonnesPerDay: Int64.random(in: 0...90, using: &rng)) },
                destinations: sites[split...].prefix(2).map { FlowSite($0, tonnesPerDay: Int64.random(in: 0...90, using: &rng)) })
            let analyzer = FlowAnalyzer(network: network)
            guard let simplex = try? analyzer.flow(request) else { continue }
            let lp = try analyzer.flow(request, forceLinearProgram: true)
            if simplex.solver == "network simplex" { simplexUsed += 1 }
            #expect(lp.solver == "linear program (CLP)")
            #expect(relativeGap(simplex.deliveredTonnesPerDay, lp.deliveredTonnesPerDay) <= 1e-9, "seed \(seed)")
            #expect(relativeGap(simplex.totalCost, lp.totalCost) <= 1e-9, "seed \(seed): \(simplex.totalCost) vs \(lp.totalCost)")
            // The same through CLP's barrier with crossover.
            let barrier = try analyzer.flow(request, forceLinearProgram: true, method: .arcsByBarrier)
            #expect(barrier.solver == "linear program (CLP, barrier)")
            #expect(relativeGap(simplex.deliveredTonnesPerDay, barrier.deliveredTonnesPerDay) <= 1e-9, "seed \(seed) barrier")
            #expect(relativeGap(simplex.totalCost, barrier.totalCost) <= 1e-9,
                    "seed \(seed) barrier: \(simplex.totalCost) vs \(barrier.totalCost)")
            try verifyFromGeoJSON(simplex, "seed \(seed) \(simplex.solver)")
        }
        #expect(simplexUsed > 50)
    }

    /// A shadow price is a slope of the optimum in the capacity: for the maximum throughput (concave in it),
    /// V(c) − V(c − 1) ≥ dual ≥ V(c + 1) − V(c); for the minimum cost at fixed delivery (convex), the reverse.
    @Test func shadowPricesAreSlopesOfTheOptimum() throws {
        var checked = 0
        for seed in UInt64(0)..<60 {
            let inst = MulticommodityInstance.make(seed: 2_000 + seed)
            let analyzer = FlowAnalyzer(network: inst.network)
            guard let r = try? analyzer.flow(FlowRequest(demands: inst.demands)) else { continue }
            let plan = try FlowPlan(request: r.request, base: NetworkView(network: inst.network))
            let program = plan.program
            let v0 = try program.solve(.throughput)
            let fixed = plan.deliveryBound(v0)
            let w0 = try program.solve(.cost(minimumDelivered: fixed))
            for (i, c) in program.constraints.enumerated() where v0.constraintDual[i] != 0 || w0.constraintDual[i] != 0 {
                func varied(_ delta: Int64) -> FlowProgram {
                    var constraints = program.constraints
                    constraints[i].capacityTonnesPerDay = max(0, c.capacityTonnesPerDay + delta)
                    return FlowProgram(network: program.network, commodities: program.commodities, constraints: constraints,
                                       constraintsOfArc: program.constraintsOfArc, arcCostMilli: program.arcCostMilli)
                }
                let up = try varied(1).solve(.throughput).value, down = try varied(-1).solve(.throughput).value
                let y = v0.constraintDual[i]
                #expect(v0.value - down >= y - 1e-6 && y >= up - v0.value - 1e-6, "seed \(seed) \(c.name): \(down) \(v0.value) \(up), dual \(y)")
                let costUp = try varied(1).solve(.cost(minimumDelivered: fixed)).value
                let z = w0.constraintDual[i]
                #expect(costUp - w0.value >= z - 1e-6, "seed \(seed) \(c.name): cost \(w0.value) → \(costUp), dual \(z)")
                if c.capacityTonnesPerDay > 0, let costDown = try? varied(-1).solve(.cost(minimumDelivered: min(fixed, down))).value,
                   down >= fixed - 1e-9 {
                    #expect(costDown - w0.value >= -z - 1e-6, "seed \(seed) \(c.name): cost \(w0.value) → \(costDown) below, dual \(z)")
                }
                checked += 1
            }
        }
        #expect(checked > 30)
    }

    @Test func unreachableAndColocatedPairs() throws {
        // Two separate lines: A–B and C–D.
        var f = FlowFixture()
        let a = f.node(130.0, 43.0, place: "A"), b = f.node(130.5, 43.0, place: "B")
        let c = f.node(131.0, 43.0, place: "C"), d = f.node(131.5, 43.0, place: "D")
        f.line(a, b, km: 50, capacity: 100)
        f.line(c, d, km: 50, capacity: 100)
        let analyzer = FlowAnalyzer(network: f.build())
        // Origin and destination on the same place: delivered at no cost, and nothing limits λ.
        let same = try analyzer.flow(FlowRequest(demands: [ODDemand(origin: .place("A"), destination: .place("A"), tonnesPerDay: 50)]))
        #expect(same.status == .complete && same.deliveredTonnesPerDay == 50 && same.totalCost == 0)
        #expect(same.concurrent?.lambda == .infinity)
        #expect(FlowOutput.text(same).contains("unlimited"))
        // Pairs across the gap: infeasible, and λ is 0 as soon as one pair cannot be served at all.
        var apart = FlowRequest(demands: [ODDemand(origin: .place("A"), destination: .place("C"), tonnesPerDay: 10),
                                          ODDemand(origin: .place("B"), destination: .place("D"), tonnesPerDay: 20)])
        let none = try analyzer.flow(apart)
        #expect(none.status == .infeasible && none.deliveredTonnesPerDay == 0)
        #expect(none.unmetDemand.map(\.place) == ["A → C", "B → D"])
        #expect(none.concurrent?.lambda == 0)
        let mixed = try analyzer.flow(FlowRequest(demands: [ODDemand(origin: .place("A"), destination: .place("B"), tonnesPerDay: 30),
                                                            ODDemand(origin: .place("A"), destination: .place("D"), tonnesPerDay: 5)]))
        #expect(mixed.status == .partial && mixed.deliveredTonnesPerDay == 30 && mixed.concurrent?.lambda == 0)
        apart.requireFullDelivery = true
        do {
            _ = try analyzer.flow(apart)
            Issue.record("expected infeasible")
        } catch {
            #expect(error.description == "infeasible: only 0 of 30 t/day can be delivered; unmet: A → C 10 t/day, B → D 20 t/day")
        }
        // Mixed or missing inputs are usage errors.
        var both = FlowRequest(origins: [FlowSite(.place("A"), tonnesPerDay: 1)], destinations: [FlowSite(.place("B"), tonnesPerDay: 1)])
        both.demands = [ODDemand(origin: .place("A"), destination: .place("B"), tonnesPerDay: 1)]
        #expect(throws: AnalysisError.self) { try analyzer.flow(both) }
        var odWithoutDemands = FlowRequest(origins: [FlowSite(.place("A"), tonnesPerDay: 1)], destinations: [FlowSite(.place("B"), tonnesPerDay: 1)])
        odWithoutDemands.commodities = .od
        #expect(throws: AnalysisError.self) { try analyzer.flow(odWithoutDemands) }
        let railAndAny = FlowRequest(demands: [ODDemand(origin: .place("A"), destination: .place("B"), tonnesPerDay: 1, modes: [.rail]),
                                               ODDemand(origin: .place("C"), destination: .place("D"), tonnesPerDay: 1)],
                                     commodities: .pooled)
        #expect(throws: AnalysisError.self) { try analyzer.flow(railAndAny) }
    }

    @Test func demandsParse() throws {
        let plain = try ODDemand(parsing: "Vladivostok:Pyongyang=12_000")
        #expect(plain == ODDemand(origin: .place("Vladivostok"), destination: .place("Pyongyang"), tonnesPerDay: 12000))
        #expect(try ODDemand(parsing: " Harbin : Pyongyang = 800 @rail ").modes == [.rail])
        #expect(try ODDemand(parsing: "A:B=1@any").modes == nil)
        let nodes = try ODDemand(parsing: "node:3:node:5=10@road")
        #expect(nodes.origin == .node(3) && nodes.destination == .node(5) && nodes.modes == [.road])
        let coordinates = try ODDemand(parsing: "43.1,131.9:Pyongyang=5")
        #expect(coordinates.origin == .coordinate(LonLat(lon: 131.9, lat: 43.1)))
        for bad in ["Vladivostok=5", "A:B", "A:B:C=5", "A:B=-1", "A:B=x", ":B=5", "A:B=5@ship", "A:=5"] {
            #expect(throws: AnalysisError.self, "\(bad)") { try ODDemand(parsing: bad) }
        }
    }

    /// The exported programs, solved by SciPy's HiGHS, have the optima CLP found (1e-9), on random instances.
    @Test(.enabled(if: HiGHSPeer.available, "needs python3 with scipy")) func exportedProgramsMatchHiGHS() throws {
        var models: [(String, LinearModel, Double)] = []
        for seed in UInt64(0)..<25 {
            let inst = MulticommodityInstance.make(seed: 4_000 + seed)
            let analyzer = FlowAnalyzer(network: inst.network)
            let request = FlowRequest(demands: inst.demands, commodities: seed % 3 == 0 ? .origin : .od)
            guard let programs = try? analyzer.linearPrograms(request) else { continue }
            let plan = try FlowPlan(request: request, base: NetworkView(network: inst.network))
            let a = try plan.program.solve(.throughput)
            let throughput = a.rawValue
            let concurrent = try plan.program.solve(.concurrent).rawValue
            let cost = try plan.program.solve(.cost(minimumDelivered: plan.deliveryBound(a))).rawValue
            for (name, model) in programs {
                let ours = name == "throughput" ? throughput : (name == "concurrent" ? concurrent : cost)
                models.append(("seed\(seed)-\(name)", model, ours))
            }
        }
        try HiGHSPeer.expectSameOptima(models)
    }
}

/// `Tools/crosscheck/lp.py` (SciPy's HiGHS) on exported models.
enum HiGHSPeer {
    static var available: Bool { PythonPeer.scipyLP.available }

    /// Writes each model, solves them all in one peer run, and expects HiGHS's optimum to equal ours within 1e-9
    /// (relative; absolute below 1). An unbounded concurrent program (λ unlimited) must be unbounded for HiGHS too.
    static func expectSameOptima(_ models: [(name: String, model: LinearModel, ours: Double)], tolerance: Double = 1e-9) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("corridor-flow-lp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [String] = []
        for m in models {
            let path = directory.appendingPathComponent("\(m.name).mps").path
            try m.model.writeMPS(to: path)
            files.append(path)
        }
        let (lines, status) = try PythonPeer.scipyLP.run(files)
        #expect(status == 0, "lp.py exited \(status)")
        #expect(lines.count == models.count)
        for (m, line) in zip(models, lines) {
            if m.ours.isInfinite {
                #expect(line == "unbounded", "\(m.name): HiGHS \(line)")
                continue
            }
            let parts = line.split(separator: " ")
            guard parts.first == "optimal", parts.count == 2, let theirs = Double(parts[1]) else {
                Issue.record("\(m.name): HiGHS \(line)"); continue
            }
            #expect(relativeGap(m.ours, theirs) <= tolerance, "\(m.name): ours \(m.ours), HiGHS \(theirs)")
        }
    }
}
