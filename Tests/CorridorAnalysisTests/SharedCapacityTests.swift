import CorridorGeo
import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Shared capacities: every layer's edge of a dual-gauge piece, a multi-layer crossing or a transfer terminal gets the
/// full capacity; results warn when the layers together exceed it.
@Suite("Shared capacity")
struct SharedCapacityTests {
    /// Russia (1520 only) and China (1435 only) both reach a dual-gauge piece A–B (capacity 100, each gauge given
    /// 100); Port at B snaps to both gauge layers. Feeder lines carry 1000.
    static func dualPiece(reversed1435: Bool = false) -> (Network, e1520: Int, e1435: Int) {
        var f = FlowFixture()
        let russia = f.node(130.0, 44.0, .rail1520, place: "Russia")
        let china = f.node(129.0, 42.0, .rail1435, place: "China")
        let a20 = f.node(130.5, 43.0, .rail1520), a35 = f.node(130.5, 43.0001, .rail1435)
        let b20 = f.node(131.0, 43.0, .rail1520, place: "Port"), b35 = f.node(131.0, 43.0001, .rail1435)
        f.line(russia, a20, km: 100, capacity: 1000, name: "Russian feeder")
        f.line(china, a35, km: 100, capacity: 1000, name: "Chinese feeder", country: "CN")
        let (e1, e2) = reversed1435
            ? f.dualLine(a20, b20, b35, a35, km: 50, capacity: 100, name: "Dual Bridge Line")
            : f.dualLine(a20, b20, a35, b35, km: 50, capacity: 100, name: "Dual Bridge Line")
        return (f.build(), e1, e2)
    }

    func flow(_ n: Network, russia: Int64, china: Int64) throws -> FlowResult {
        var origins: [FlowSite] = []
        if russia > 0 { origins.append(FlowSite(.place("Russia"), tonnesPerDay: russia)) }
        if china > 0 { origins.append(FlowSite(.place("China"), tonnesPerDay: china)) }
        return try FlowAnalyzer(network: n).flow(FlowRequest(origins: origins,
                                                             destinations: [FlowSite(.place("Port"), tonnesPerDay: russia + china)]))
    }

    /// Combined flow of `group` per group direction, summed from the decomposed paths (independent of `arcFlow`).
    func directionalFlowFromPaths(_ r: FlowResult, _ group: SharedCapacityGroup) -> [Int64] {
        var total: [Int64] = [0, 0]
        for p in r.paths {
            for a in p.arcs {
                let e = r.network.arcEdge[Int(a)]
                guard let k = group.edges.firstIndex(of: e) else { continue }
                let forward = r.network.arcForward[Int(a)] == group.aligned[k]
                total[forward ? 0 : 1] += p.tonnesPerDay
            }
        }
        return total
    }

    @Test func bothGaugesLoadingADualPieceAreReported() throws {
        let (n, e1, e2) = Self.dualPiece()
        let r = try flow(n, russia: 70, china: 70)
        #expect(r.status == .complete && r.deliveredTonnesPerDay == 140)  // optimistic: the piece takes 100
        let w = try #require(r.sharedCapacityWarnings.first)
        #expect(r.sharedCapacityWarnings.count == 1)
        #expect(w.group.kind == .dualGauge && w.group.edges == [UInt32(e1), UInt32(e2)])
        #expect(w.capacityTonnesPerDay == 100 && w.forwardTonnesPerDay == 140 && w.backwardTonnesPerDay == 0)
        #expect(w.memberTonnesPerDay == [70, 70] && w.memberLayers == ["rail-1520", "rail-1435"])
        #expect(w.excessTonnesPerDay == 40)
        #expect(directionalFlowFromPaths(r, w.group) == [w.forwardTonnesPerDay, w.backwardTonnesPerDay])
        #expect(w.message.contains("Dual Bridge Line") && w.message.contains("140 t/day")
                && w.message.contains("capacity of 100 t/day is shared"))
    }

    @Test func oneGaugeAloneIsExact() throws {
        let (n, _, _) = Self.dualPiece()
        let r = try flow(n, russia: 100, china: 0)
        #expect(r.deliveredTonnesPerDay == 100)
        #expect(r.sharedCapacityWarnings.isEmpty)
        // Above the piece's capacity one gauge is bounded by its own edge: partial, and still no warning.
        let over = try flow(n, russia: 150, china: 0)
        #expect(over.deliveredTonnesPerDay == 100 && over.sharedCapacityWarnings.isEmpty)
    }

    @Test func directionsAreSeparateAndTwinOrientationCounts() throws {
        for reversed in [false, true] {
            let (n, e1, e2) = Self.dualPiece(reversed1435: reversed)
            let group = try #require(n.sharedCapacityGroups.first)
            #expect(group.aligned == [true, !reversed])
            func arcs(_ e: Int, forward: Bool) -> Int {
                (0..<n.arcCount).first { Int(n.arcEdge[$0]) == e && n.arcForward[$0] == forward }!
            }
            let capacity = [Int64](repeating: 100, count: n.arcCount)
            // 80 east on each gauge: the 1435 edge runs east forward unless it was drawn reversed.
            var east = [Int64](repeating: 0, count: n.arcCount)
            east[arcs(e1, forward: true)] = 80
            east[arcs(e2, forward: !reversed)] = 80
            let w = SharedCapacity.warnings(network: n, arcFlow: east, arcCapacity: capacity)
            #expect(w.map(\.excessTonnesPerDay) == [60] && w.map(\.forwardTonnesPerDay) == [160])
            // 80 east on 1520 and 80 west on 1435: each direction within capacity.
            var opposite = [Int64](repeating: 0, count: n.arcCount)
            opposite[arcs(e1, forward: true)] = 80
            opposite[arcs(e2, forward: reversed)] = 80
            #expect(SharedCapacity.warnings(network: n, arcFlow: opposite, arcCapacity: capacity).isEmpty)
            // A view that scaled the capacity down is what counts.
            let half = [Int64](repeating: 50, count: n.arcCount)
            var light = [Int64](repeating: 0, count: n.arcCount)
            light[arcs(e1, forward: true)] = 30
            light[arcs(e2, forward: !reversed)] = 30
            #expect(SharedCapacity.warnings(network: n, arcFlow: light, arcCapacity: capacity).isEmpty)
            #expect(SharedCapacity.warnings(network: n, arcFlow: light, arcCapacity: half).map(\.excessTonnesPerDay) == [10])
        }
    }

    @Test func crossingConnectorsOfSeveralLayersShareTheCrossing() throws {
        // Origin and Dest each have a road and a rail node; one crossing joins both layers (capacity 50 each).
        var f = FlowFixture()
        let oRoad = f.node(130.0, 43.0, .road, place: "Origin"), oRail = f.node(130.0, 43.0001, .rail1520)
        let r1 = f.node(130.5, 43.0, .road), r2 = f.node(130.5, 43.0, .road)
        let s1 = f.node(130.5, 43.0001, .rail1520), s2 = f.node(130.5, 43.0001, .rail1520)
        let dRoad = f.node(131.0, 43.0, .road, place: "Dest"), dRail = f.node(131.0, 43.0001, .rail1520)
        f.line(oRoad, r1, km: 50, capacity: 100, mode: .road)
        f.line(r2, dRoad, km: 50, capacity: 100, country: "KP", mode: .road)
        f.line(oRail, s1, km: 50, capacity: 100)
        f.line(s2, dRail, km: 50, capacity: 100, country: "KP")
        let edges = f.sharedCrossing("Border Bridge", [(r1, r2), (s1, s2)], capacity: 50, cost: 1)
        let analyzer = FlowAnalyzer(network: f.build())
        let r = try analyzer.flow(FlowRequest(origins: [FlowSite(.place("Origin"), tonnesPerDay: 90)],
                                              destinations: [FlowSite(.place("Dest"), tonnesPerDay: 90)]))
        #expect(r.deliveredTonnesPerDay == 90)
        let w = try #require(r.sharedCapacityWarnings.first)
        #expect(w.group.kind == .crossing && w.group.name == "Border Bridge" && w.group.edges == edges.map(UInt32.init))
        #expect(w.forwardTonnesPerDay == 90 && w.excessTonnesPerDay == 40 && w.memberLayers == ["road", "rail-1520"])
        #expect(w.memberTonnesPerDay.reduce(0, +) == 90)
        #expect(directionalFlowFromPaths(r, w.group) == [90, 0])
        let within = try analyzer.flow(FlowRequest(origins: [FlowSite(.place("Origin"), tonnesPerDay: 50)],
                                                   destinations: [FlowSite(.place("Dest"), tonnesPerDay: 50)]))
        #expect(within.deliveredTonnesPerDay == 50 && within.sharedCapacityWarnings.isEmpty)
        // Chokepoints report the same for their maximum flow (100 = 2 × 50, optimistic by 50).
        let c = try analyzer.chokepoints(ChokepointRequest(origins: [FlowSite(.place("Origin"))],
                                                          destinations: [FlowSite(.place("Dest"))], top: 0))
        #expect(c.maxThroughputTonnesPerDay == 100)
        #expect(c.sharedCapacityWarnings.map(\.excessTonnesPerDay) == [50])
        #expect(FlowOutput.text(c).contains("crossing Border Bridge carries 100 t/day"))
    }

    @Test func transferTerminalConnectorsShareTheTerminal() throws {
        // Depot (road) → Hub transfer (capacity 30) → 1520 line to East and 1435 line to West.
        var f = FlowFixture()
        let depot = f.node(130.0, 43.0, .road, place: "Depot")
        let hub = f.node(130.5, 43.0, .road)
        let x = f.node(130.5, 43.0001, .rail1520), y = f.node(130.5, 43.0002, .rail1435)
        let east = f.node(131.5, 43.0, .rail1520, place: "East"), west = f.node(129.5, 42.0, .rail1435, place: "West")
        f.line(depot, hub, km: 50, capacity: 100, mode: .road)
        f.line(x, east, km: 80, capacity: 100)
        f.line(y, west, km: 80, capacity: 100, country: "RU")
        f.transferTerminal("Hub", road: hub, rails: [x, y], capacity: 30, cost: 1)
        let r = try FlowAnalyzer(network: f.build()).flow(FlowRequest(
            origins: [FlowSite(.place("Depot"), tonnesPerDay: 60)],
            destinations: [FlowSite(.place("East"), tonnesPerDay: 30), FlowSite(.place("West"), tonnesPerDay: 30)]))
        #expect(r.deliveredTonnesPerDay == 60)
        let w = try #require(r.sharedCapacityWarnings.first)
        #expect(w.group.kind == .terminal && w.group.name == "Hub transfer")
        #expect(w.forwardTonnesPerDay == 60 && w.backwardTonnesPerDay == 0 && w.excessTonnesPerDay == 30)
        #expect(w.memberLayers == ["rail-1520", "rail-1435"] && w.memberTonnesPerDay == [30, 30])
    }

    @Test func warningsAppearInTextAndGeoJSON() throws {
        let (n, _, _) = Self.dualPiece()
        let r = try flow(n, russia: 70, china: 70)
        let text = FlowOutput.text(r)
        #expect(text.contains("WARNING: shared capacities exceeded"))
        #expect(text.contains(r.sharedCapacityWarnings[0].message))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(FlowOutput.geoJSON(r).utf8)) as? [String: Any])
        let corridor = try #require((json["corridor"] as? [String: Any])?["summary"] as? [String: Any])
        let warnings = try #require(corridor["shared_capacity_warnings"] as? [[String: Any]])
        #expect(warnings.count == 1)
        #expect(warnings.first?["kind"] as? String == "dual-gauge")
        #expect((warnings.first?["excess_tpd"] as? NSNumber)?.int64Value == 40)
        #expect(warnings.first?["message"] as? String == r.sharedCapacityWarnings[0].message)
        // Within capacity: an empty list and no warning line.
        let fine = try flow(n, russia: 60, china: 0)
        #expect(!FlowOutput.text(fine).contains("WARNING"))
        #expect(FlowOutput.json(fine).contains("\"shared_capacity_warnings\":[]"))
    }

    @Test func thousandsAreGrouped() {
        #expect(NumberFormat.grouped(0) == "0" && NumberFormat.grouped(999) == "999")
        #expect(NumberFormat.grouped(13000) == "13,000" && NumberFormat.grouped(1_234_567) == "1,234,567")
        #expect(NumberFormat.grouped(-4000) == "-4,000")
    }
}
