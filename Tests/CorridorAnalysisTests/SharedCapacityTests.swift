import CorridorGeo
import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Shared capacities: every layer's edge of a dual-gauge piece, a multi-layer crossing or a transfer terminal gets the
/// full capacity in the layered network, and flows bound their sum with a joint constraint; single track shares its
/// capacity between both directions. Results are exact: never more than the facility carries.
@Suite("Shared capacity")
struct SharedCapacityTests {
    /// Russia (1520 only) and China (1435 only) both reach a dual-gauge piece A–B (capacity 100, each gauge given
    /// 100); Port at B snaps to both gauge layers. Feeder lines carry 1000.
    static func dualPiece(reversed1435: Bool = false, tracks: UInt8 = 2) -> (Network, e1520: Int, e1435: Int) {
        var f = FlowFixture()
        let russia = f.node(130.0, 44.0, .rail1520, place: "Russia")
        let china = f.node(129.0, 42.0, .rail1435, place: "China")
        let a20 = f.node(130.5, 43.0, .rail1520), a35 = f.node(130.5, 43.0001, .rail1435)
        let b20 = f.node(131.0, 43.0, .rail1520, place: "Port"), b35 = f.node(131.0, 43.0001, .rail1435)
        f.line(russia, a20, km: 100, capacity: 1000, name: "Russian feeder")
        f.line(china, a35, km: 100, capacity: 1000, name: "Chinese feeder", country: "CN")
        let (e1, e2) = reversed1435
            ? f.dualLine(a20, b20, b35, a35, km: 50, capacity: 100, name: "Dual Bridge Line", tracks: tracks)
            : f.dualLine(a20, b20, a35, b35, km: 50, capacity: 100, name: "Dual Bridge Line", tracks: tracks)
        return (f.build(), e1, e2)
    }

    func flow(_ n: Network, russia: Int64, china: Int64, commodities: CommodityModel? = nil) throws -> FlowResult {
        var demands: [ODDemand] = []
        if russia > 0 { demands.append(ODDemand(origin: .place("Russia"), destination: .place("Port"), tonnesPerDay: russia)) }
        if china > 0 { demands.append(ODDemand(origin: .place("China"), destination: .place("Port"), tonnesPerDay: china)) }
        if commodities == .pooled || commodities == nil {
            var origins: [FlowSite] = []
            if russia > 0 { origins.append(FlowSite(.place("Russia"), tonnesPerDay: russia)) }
            if china > 0 { origins.append(FlowSite(.place("China"), tonnesPerDay: china)) }
            return try FlowAnalyzer(network: n).flow(FlowRequest(origins: origins,
                                                                 destinations: [FlowSite(.place("Port"), tonnesPerDay: russia + china)]))
        }
        return try FlowAnalyzer(network: n).flow(FlowRequest(demands: demands, commodities: commodities))
    }

    /// Flow through a constraint, summed from the decomposed paths (independent of `arcFlow`).
    func flowFromPaths(_ r: FlowResult, _ c: CapacityConstraint) -> Double {
        r.paths.reduce(0.0) { sum, p in sum + Double(p.arcs.filter { c.arcs.contains($0) }.count) * p.tonnesPerDay }
    }

    func constraint(_ r: FlowResult, sharing: CapacityConstraint.Sharing, direction: CapacityConstraint.Direction? = nil) throws -> CapacityUse {
        try #require(r.capacities.first { $0.constraint.sharing == sharing && (direction == nil || $0.constraint.direction == direction) })
    }

    @Test func bothGaugesTogetherCarryOnlyTheSharedCapacity() throws {
        let (n, e1, e2) = Self.dualPiece()
        for model in [CommodityModel.pooled, .od, .origin] {
            let r = try flow(n, russia: 70, china: 70, commodities: model)
            #expect(r.status == .partial && r.deliveredTonnesPerDay == 100, "\(model)")
            let piece = try constraint(r, sharing: .dualGauge, direction: .forward)
            #expect(piece.constraint.edges == [UInt32(e1), UInt32(e2)] && piece.constraint.capacityTonnesPerDay == 100)
            #expect(piece.flowTonnesPerDay == 100 && piece.utilization == 1)
            #expect(flowFromPaths(r, piece.constraint) == 100)
            // The piece binds delivery: one more t/day of it delivers one more t/day.
            let price = try #require(r.shadowPrices.first)
            #expect(price.constraint == piece.constraint && price.deliveryPerTonne == 1, "\(model)")
            #expect(r.solver == "linear program (CLP)", "\(model)")
            // Delivery per OD pair sums to the total.
            if model != .pooled { #expect(r.pairs.map(\.deliveredTonnesPerDay).reduce(0, +) == 100) }
        }
    }

    @Test func oneGaugeAloneIsTheNetworkSimplexOptimum() throws {
        let (n, _, _) = Self.dualPiece()
        let r = try flow(n, russia: 100, china: 0)
        #expect(r.deliveredTonnesPerDay == 100 && r.solver == "network simplex")
        let over = try flow(n, russia: 150, china: 0)
        #expect(over.deliveredTonnesPerDay == 100)
        #expect(over.unmetDemand.map(\.tonnesPerDay) == [50])
    }

    @Test func directionsAreSeparateAndTwinOrientationCounts() throws {
        for reversed in [false, true] {
            let (n, e1, e2) = Self.dualPiece(reversed1435: reversed)
            let group = try #require(n.sharedCapacityGroups.first)
            #expect(group.aligned == [true, !reversed])
            func arc(_ e: Int, forward: Bool) -> UInt32 {
                UInt32((0..<n.arcCount).first { Int(n.arcEdge[$0]) == e && n.arcForward[$0] == forward }!)
            }
            let view = NetworkView(network: n)
            let (_, _, open) = FlowPlan.openArcs(view)
            let (constraints, ofArc) = CapacityConstraints.build(view: view, open: open, singleTrackSharesDirections: true)
            let pieces = constraints.filter { $0.sharing == .dualGauge }
            #expect(pieces.map(\.direction) == [.forward, .backward])
            // East on both gauges is one constraint; the 1435 edge runs east forward unless it was drawn reversed.
            #expect(pieces[0].arcs == [arc(e1, forward: true), arc(e2, forward: !reversed)].sorted())
            #expect(pieces[1].arcs == [arc(e1, forward: false), arc(e2, forward: reversed)].sorted())
            // Every open arc lies in exactly one constraint here (no member is scaled below the piece).
            #expect((0..<n.arcCount).allSatisfy { !open[$0] || ofArc[$0].count == 1 })
            // A view that scales one gauge down keeps a constraint of its own for it.
            var scaled = view
            scaled.scaleCapacity(ofEdge: e2, by: 0.5)
            let (withOwn, _) = CapacityConstraints.build(view: scaled, open: open, singleTrackSharesDirections: true)
            #expect(withOwn.filter { $0.sharing == .none && $0.edges == [UInt32(e2)] }.map(\.capacityTonnesPerDay) == [50, 50])
        }
    }

    @Test func crossingConnectorsOfSeveralLayersShareTheCrossing() throws {
        // Origin and Dest each have a road and a rail node; one crossing joins both layers (capacity 50 in all).
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
        #expect(r.deliveredTonnesPerDay == 50)
        let bridge = try constraint(r, sharing: .layers, direction: .forward)
        #expect(bridge.constraint.kind == .crossing && bridge.constraint.edges == edges.map(UInt32.init))
        #expect(bridge.flowTonnesPerDay == 50 && flowFromPaths(r, bridge.constraint) == 50)
        #expect(r.shadowPrices.first?.constraint.name == "Border Bridge (forward)")
        let within = try analyzer.flow(FlowRequest(origins: [FlowSite(.place("Origin"), tonnesPerDay: 50)],
                                                   destinations: [FlowSite(.place("Dest"), tonnesPerDay: 50)]))
        #expect(within.deliveredTonnesPerDay == 50 && within.status == .complete)
        // Chokepoints: the layered cut says 100 (2 × 50); the exact maximum is the bridge's 50.
        let c = try analyzer.chokepoints(ChokepointRequest(origins: [FlowSite(.place("Origin"))],
                                                          destinations: [FlowSite(.place("Dest"))], top: 0))
        #expect(c.cutCapacityTonnesPerDay == 100 && c.maxThroughputTonnesPerDay == 50)
        #expect(c.sharedLimits.map(\.constraint.name) == ["Border Bridge (forward)"])
        #expect(FlowOutput.text(c).contains("Shared capacities hold it below the minimum cut's 100 t/day"))
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
        let analyzer = FlowAnalyzer(network: f.build())
        let r = try analyzer.flow(FlowRequest(demands: [
            ODDemand(origin: .place("Depot"), destination: .place("East"), tonnesPerDay: 30),
            ODDemand(origin: .place("Depot"), destination: .place("West"), tonnesPerDay: 30)]))
        #expect(r.deliveredTonnesPerDay == 30)
        let hubUse = try constraint(r, sharing: .layers, direction: .forward)
        #expect(hubUse.constraint.kind == .terminal && hubUse.constraint.name == "Hub transfer (forward)")
        #expect(hubUse.flowTonnesPerDay == 30 && hubUse.utilization == 1)
        // λ: both pairs at once get half their demand.
        #expect(r.concurrent?.lambda == 0.5)
        #expect(r.concurrent?.limitedBy == ["Hub transfer (forward)"])
        // Origin commodities (one commodity, two sinks) give the same optimum.
        var byOrigin = r.request
        byOrigin.commodities = .origin
        let o = try analyzer.flow(byOrigin)
        #expect(o.commodities.count == 1 && o.deliveredTonnesPerDay == 30 && o.totalCost == r.totalCost)
    }

    @Test func singleTrackSharesItsCapacityBetweenDirections() throws {
        // West — single track (capacity 100) — East, OD demands both ways.
        for tracks in [UInt8(1), 2] {
            var f = FlowFixture()
            let west = f.node(130.0, 43.0, place: "West"), east = f.node(131.0, 43.0, place: "East")
            let line = f.line(west, east, km: 100, capacity: 100, name: "Branch", tracks: tracks)
            let analyzer = FlowAnalyzer(network: f.build())
            var request = FlowRequest(demands: [ODDemand(origin: .place("West"), destination: .place("East"), tonnesPerDay: 70),
                                                ODDemand(origin: .place("East"), destination: .place("West"), tonnesPerDay: 70)])
            let shared = try analyzer.flow(request)
            #expect(shared.deliveredTonnesPerDay == (tracks == 1 ? 100 : 140), "tracks \(tracks)")
            if tracks == 1 {
                let use = try constraint(shared, sharing: .singleTrack)
                #expect(use.constraint.direction == .both && use.constraint.edges == [UInt32(line)] && use.flowTonnesPerDay == 100)
                #expect(shared.concurrent?.lambda == Double(100) / 140)
            }
            request.singleTrackSharesDirections = false
            #expect(try analyzer.flow(request).deliveredTonnesPerDay == 140)
        }
        // Dual-gauge single track: both gauges and both directions share one capacity.
        let (n, e1, e2) = Self.dualPiece(tracks: 1)
        let r = try flow(n, russia: 70, china: 70, commodities: .od)
        let piece = try constraint(r, sharing: .dualGaugeSingleTrack)
        #expect(piece.constraint.direction == .both && piece.constraint.edges == [UInt32(e1), UInt32(e2)])
        #expect(piece.constraint.arcs.count == 4 && r.deliveredTonnesPerDay == 100)
    }

    @Test func edgeFlowsAndElementsAppearInGeoJSON() throws {
        let (n, e1, e2) = Self.dualPiece()
        let r = try flow(n, russia: 70, china: 70, commodities: .od)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(FlowOutput.geoJSON(r).utf8)) as? [String: Any])
        let features = try #require(json["features"] as? [[String: Any]])
        let pieceFeatures = features.compactMap { $0["properties"] as? [String: Any] }
            .filter { [e1, e2].contains(($0["edge_id"] as? NSNumber)?.intValue ?? -1) }
        #expect(pieceFeatures.count == 2)
        for p in pieceFeatures {
            #expect(p["element_sharing"] as? String == "dual-gauge")
            #expect((p["element_capacity_tpd"] as? NSNumber)?.doubleValue == 100)
            #expect((p["element_flow_tpd"] as? NSNumber)?.doubleValue == 100)
            #expect((p["element_utilization"] as? NSNumber)?.doubleValue == 1)
            // Per-commodity flows: names and amounts as parallel `;`-joined lists that sum to the total.
            let names = try #require(p["commodities"] as? String).split(separator: ";")
            let amounts = try #require(p["commodity_flow_tpd"] as? String).split(separator: ";").compactMap { Double($0) }
            #expect(names.count == amounts.count && !names.isEmpty)
            #expect(amounts.reduce(0, +) == (p["flow_tpd"] as? NSNumber)?.doubleValue)
        }
        let corridor = try #require((json["corridor"] as? [String: Any])?["summary"] as? [String: Any])
        #expect(corridor["shared_capacity_warnings"] == nil)
        let prices = try #require(corridor["shadow_prices"] as? [[String: Any]])
        #expect(prices.first?["sharing"] as? String == "dual-gauge")
        #expect(!FlowOutput.text(r).contains("WARNING"))
    }

    @Test func thousandsAreGrouped() {
        #expect(NumberFormat.grouped(0) == "0" && NumberFormat.grouped(999) == "999")
        #expect(NumberFormat.grouped(13000) == "13,000" && NumberFormat.grouped(1_234_567) == "1,234,567")
        #expect(NumberFormat.grouped(-4000) == "-4,000")
    }
}
