import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// The minimum cut of the network with shared capacities (joint rows), read from the joint max-flow LP's optimal
/// dual (`JointMaxFlow.cut`), and the cut `interdict` prints for the network its best set leaves.
@Suite("Minimum cut with joint capacities")
struct JointCutTests {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(1, abs(b)) }

    /// `interdict` at budget 0 from the place "Origin" to "Dest" on `f`'s network, with `chokepoints` of the same
    /// sites: its cut is the layered network's, which counts each gauge of a shared piece at its own capacity.
    func interdictOriginToDest(_ f: FlowFixture) throws -> (InterdictionResult, layered: ChokepointResult) {
        let analyzer = FlowAnalyzer(network: f.build())
        let request = InterdictionRequest(origins: [FlowSite(.place("Origin"))], destinations: [FlowSite(.place("Dest"))],
                                          budget: 0, curve: false)
        let layered = try analyzer.chokepoints(ChokepointRequest(origins: request.origins,
                                                                 destinations: request.destinations, top: 0))
        return (try analyzer.interdict(request), layered)
    }

    /// On random multimodal networks with shared capacities and random removed arcs: the dual objective
    /// (Σ β · capacity + Σ γ · shared capacity) equals the maximum flow left, so does the cut's capacity, and removing
    /// the cut's arcs and the member arcs of its joint rows leaves nothing (by the LP and by push-relabel on the
    /// layered network, which ignores the joint rows).
    @Test func dualCutOfRandomNetworks() throws {
        var withRows = 0, sharedCuts = 0, fractional = 0, checked = 0
        var rng = SplitMix64(seed: 14_014)
        for c in JointInterdictionTests.cases {
            guard let evaluator = JointInterdictionTests.setUp(c, amount: 500)?.evaluator else { continue }
            let model = evaluator.base
            let rows = JointCapacities(view: evaluator.view, model: model)
            guard !rows.isEmpty else { continue }
            withRows += 1
            let joint = JointMaxFlow(network: model.network, source: model.source, sink: model.sink, joint: rows)
            let rowCapacity = rows.capacities(model.network.capacities)
            for trial in 0..<8 {
                // Trial 0: the intact network; then a few random arcs removed.
                let removed: [UInt32] = trial == 0 ? [] : (0..<model.network.arcCount).filter { _ in rng.next() % 12 == 0 }.map(UInt32.init)
                let solution = try joint.solve(removing: removed)
                var upper = model.network.capacities
                for a in removed { upper[Int(a)] = 0 }
                var dual = 0.0
                for a in 0..<upper.count where upper[a] != FlowNetwork.infiniteCapacity { dual += solution.arcDual[a] * Double(upper[a]) }
                for g in rows.rows.indices { dual += solution.jointDual[g] * Double(rowCapacity[g]) }
                #expect(close(dual, solution.value), "dual objective \(dual) vs flow \(solution.value) (removed \(removed))")
                let cut = joint.cut(solution, removing: removed)
                #expect(close(cut.capacity, solution.value), "cut capacity \(cut.capacity) vs flow \(solution.value)")
                if !cut.rows.isEmpty { sharedCuts += 1 }
                if !cut.whole { fractional += 1 }
                let blocked = removed + cut.arcs.map(\.arc) + cut.rows.flatMap { rows.rows[$0.row].arcs }
                #expect(try joint.solve(removing: blocked).value <= 1e-6, "the cut's arcs and rows removed, flow is left")
                var layered = model.network
                for a in blocked { layered.capacities[Int(a)] = 0 }
                #expect(try MaxFlow.solve(layered, source: model.source, sink: model.sink).value == 0)
                checked += 1
            }
        }
        #expect(withRows >= 4 && sharedCuts > 0, "cases with joint rows \(withRows), cuts with a shared element \(sharedCuts)")
        print("JointCutTests: \(checked) networks, \(sharedCuts) cuts with a shared element, \(fractional) fractional")
    }

    /// `interdict` on the same networks: the printed cut's capacity (Σ weight · capacity of its elements) equals the
    /// throughput left, and closing the best set's and the cut's edges leaves nothing (the flow LP, every shared
    /// capacity jointly, as the peer of `JointInterdictionTests`).
    @Test func printedCutOfInterdiction() throws {
        var sharedCuts = 0
        for (i, c) in JointInterdictionTests.cases.enumerated() {
            let analyzer = FlowAnalyzer(network: c.network)
            let origins = c.origins.map { FlowSite(.place($0), tonnesPerDay: 500) }
            let destinations = c.destinations.map { FlowSite(.place($0), tonnesPerDay: 500) }
            for budget in [0.0, 1, 2] {
                guard let r = try? analyzer.interdict(InterdictionRequest(origins: origins, destinations: destinations,
                                                                          budget: budget, curve: false)) else { continue }
                let capacity = r.remainingCut.reduce(0.0) { $0 + $1.weight * Double($1.capacityTonnesPerDay) }
                #expect(close(capacity, r.remainingCutCapacityTonnesPerDay), "case \(i) k=\(budget): \(capacity) vs \(r.remainingCutCapacityTonnesPerDay)")
                #expect(abs(r.remainingCutCapacityTonnesPerDay - Double(r.best.throughputLeftTonnesPerDay)) <= 0.5,
                        "case \(i) k=\(budget): cut \(r.remainingCutCapacityTonnesPerDay) vs left \(r.best.throughputLeftTonnesPerDay)")
                if r.remainingCut.contains(where: \.shared) { sharedCuts += 1 }
                let closed = (r.best.elements.flatMap(\.edges) + r.remainingCut.flatMap(\.edges)).reduce(into: Set<Int>()) { $0.insert(Int($1)) }
                let left = try JointInterdictionTests.peer(c.network, closed: closed, origins: c.origins,
                                                           destinations: c.destinations, amount: 500)
                #expect(left <= 1e-6, "case \(i) k=\(budget): \(left) t/day get past the cut")
            }
        }
        #expect(sharedCuts > 0)
    }

    /// Origin → dual-gauge piece (1520 and 1435 edges, 50 t/day shared) → Dest, each gauge reached through a
    /// transshipment at either end. The layered cut is the piece at 100 (each gauge at its full 50); the true cut is
    /// the shared piece at 50, which the output marks as shared.
    @Test func dualGaugePieceIsTheCut() throws {
        var f = FlowFixture()
        let o = f.node(130.0, 43.0, place: "Origin"), oStd = f.node(130.0, 43.0001, .rail1435)
        let a = f.node(130.3, 43.0), aStd = f.node(130.3, 43.0001, .rail1435)
        let b = f.node(130.6, 43.0), bStd = f.node(130.6, 43.0001, .rail1435)
        let d = f.node(130.9, 43.0, place: "Dest"), dStd = f.node(130.9, 43.0001, .rail1435)
        f.terminal("Origin", o, oStd, capacity: 100, cost: 1)
        f.terminal("Dest", dStd, d, capacity: 100, cost: 1)
        f.line(o, a, km: 30, capacity: 100)
        f.line(oStd, aStd, km: 30, capacity: 100)
        let (e1520, _) = f.dualLine(a, b, aStd, bStd, km: 30, capacity: 50, name: "Dual piece")
        f.line(b, d, km: 30, capacity: 100)
        f.line(bStd, dStd, km: 30, capacity: 100)
        let (r, layered) = try interdictOriginToDest(f)
        #expect(r.best.throughputLeftTonnesPerDay == 50)
        #expect(r.remainingCutCapacityTonnesPerDay == 50)
        #expect(r.remainingCut.count == 1)
        let cut = try #require(r.remainingCut.first)
        #expect(cut.kind == .edge && cut.id == e1520 && cut.shared && cut.capacityTonnesPerDay == 50 && cut.weight == 1,
                "\(cut)")
        #expect(cut.name.hasPrefix("Dual piece"), "\(cut.name)")
        // The layered network's cut would be the same piece at 100 t/day: wrong for the network with the shared piece.
        #expect(layered.cutCapacityTonnesPerDay == 100 && layered.maxThroughputTonnesPerDay == 50)
        #expect(layered.cut.map(\.capacityTonnesPerDay) == [100] && layered.cut.allSatisfy { !$0.shared })
        // The outputs name it shared.
        let json = InterdictionOutput.json(r)
        #expect(json.contains("\"remaining_cut_capacity_tpd\":50"), "\(json)")
        #expect(json.contains("\"shared\":true"), "\(json)")
        let text = InterdictionOutput.text(r)
        #expect(text.contains("Minimum cut of what is left (1 element, capacity 50 t/day = throughput left)"), "\(text)")
    }

    /// A fractional cut: Origin → piece A on broad gauge → back round through a transshipment → the same piece A, same
    /// direction, on standard gauge → Dest, the only route; A is a dual-gauge piece at 100 t/day shared, every other
    /// arc at 100 or more. The one path crosses A's joint row twice, so 50 t/day get through, and the joint LP's only
    /// optimal dual is γ_A = ½ (½ · 100 = 50; any dual of 0s and 1s costs at least 100): the printed cut is A, shared,
    /// with weight 0.5, its capacity 0.5 · 100 = 50 = the throughput left (the branch of `JointMaxFlow.cut` and the
    /// text output for a dual that is not 0/1).
    @Test func pieceCrossedTwiceIsAFractionalCut() throws {
        var f = FlowFixture()
        let o = f.node(130.0, 43.0, place: "Origin")
        let a = f.node(130.3, 43.0), aStd = f.node(130.3, 43.0001, .rail1435)
        let b = f.node(130.6, 43.0), bStd = f.node(130.6, 43.0001, .rail1435)
        let c = f.node(130.6, 42.6), cStd = f.node(130.6, 42.6001, .rail1435)
        let d = f.node(130.9, 43.0001, .rail1435, place: "Dest")
        f.line(o, a, km: 30, capacity: 100)
        let (piece, _) = f.dualLine(a, b, aStd, bStd, km: 30, capacity: 100, name: "Piece A")
        f.line(b, c, km: 45, capacity: 100)
        f.terminal("Turn", c, cStd, capacity: 100, cost: 1)
        f.line(cStd, aStd, km: 55, capacity: 100)
        f.line(bStd, d, km: 30, capacity: 100)
        let (r, layered) = try interdictOriginToDest(f)
        #expect(r.best.throughputLeftTonnesPerDay == 50)
        #expect(close(r.remainingCutCapacityTonnesPerDay, 50), "\(r.remainingCutCapacityTonnesPerDay)")
        #expect(r.remainingCut.count == 1, "\(r.remainingCut)")
        let cut = try #require(r.remainingCut.first)
        #expect(cut.kind == .edge && cut.id == piece && cut.shared && cut.capacityTonnesPerDay == 100, "\(cut)")
        #expect(close(cut.weight, 0.5), "\(cut.weight)")
        #expect(close(r.remainingCut.reduce(0.0) { $0 + $1.weight * Double($1.capacityTonnesPerDay) }, 50))
        // The layered network's cut (each gauge's edge at its own 100) is 100; the throughput with the shared piece 50.
        #expect(layered.cutCapacityTonnesPerDay == 100 && layered.maxThroughputTonnesPerDay == 50)
        let text = InterdictionOutput.text(r)
        #expect(text.contains("a fractional cut: each capacity counts with its weight"), "\(text)")
        #expect(text.contains("0.5"), "\(text)")
    }
}
