import CorridorGeo
import CorridorGraph
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Two parallel corridors from Origin (RU) to Dest (KP):
/// north: Origin –100 km– A1 =North Bridge (cap 30, cost 2)= B1 –100 km– Dest  → 1 + 2 + 1 = 4 units/t
/// south: Origin –200 km– A2 =South Bridge (cap 50, cost 1)= B2 –200 km– Dest  → 2 + 1 + 2 = 5 units/t
/// Lines carry 100 t/day, so the bridges are the bottlenecks: max throughput 30 + 50 = 80.
func parallelCorridors() -> (Network, lines: [Int]) {
    var f = FlowFixture()
    let o = f.node(130.0, 43.0, place: "Origin")
    let a1 = f.node(130.5, 43.5), b1 = f.node(130.6, 43.5), a2 = f.node(130.5, 42.5), b2 = f.node(130.6, 42.5)
    let d = f.node(131.0, 43.0, place: "Dest")
    let l1 = f.line(o, a1, km: 100, capacity: 100, name: "North Line", region: "Primorsky Krai")
    f.crossing("North Bridge", a1, b1, capacity: 30, cost: 2)
    let l2 = f.line(b1, d, km: 100, capacity: 100, name: "North Line KP", country: "KP", region: "Rason")
    let l3 = f.line(o, a2, km: 200, capacity: 100, name: "South Line", region: "Primorsky Krai")
    f.crossing("South Bridge", a2, b2, capacity: 50, cost: 1)
    let l4 = f.line(b2, d, km: 200, capacity: 100, name: "South Line KP", country: "KP", region: "North Hamgyong")
    return (f.build(), [l1, l2, l3, l4])
}

@Suite("FlowAnalyzer")
struct FlowAnalyzerTests {
    let analyzer = FlowAnalyzer(network: parallelCorridors().0)

    func request(_ supply: Int64, _ demand: Int64, _ restrictions: Restrictions = .none) -> FlowRequest {
        FlowRequest(origins: [FlowSite(.place("Origin"), tonnesPerDay: supply)],
                    destinations: [FlowSite(.place("Dest"), tonnesPerDay: demand)], restrictions: restrictions)
    }

    @Test func cheapCorridorFillsFirst() throws {
        let r = try analyzer.flow(request(40, 40))
        #expect(r.status == .complete)
        #expect(r.deliveredTonnesPerDay == 40)
        #expect(r.unmetDemand.isEmpty)
        // 30 t on the 4-unit north corridor, the remaining 10 t on the 5-unit south corridor.
        #expect(r.totalCost == 30 * 4 + 10 * 5)
        #expect(r.corridors.map(\.tonnesPerDay) == [30, 10])
        #expect(r.corridors.map(\.crossings) == [["North Bridge"], ["South Bridge"]])
        #expect(r.corridors[0].name == "RU → North Bridge → KP")
        #expect(r.corridors[0].cost == 120)
    }

    @Test func demandAboveCapacityShipsMaximumAtMinimumCost() throws {
        let r = try analyzer.flow(request(100, 100))
        #expect(r.status == .partial)
        #expect(r.deliveredTonnesPerDay == 80)
        #expect(r.requestedTonnesPerDay == 100)
        #expect(r.unmetDemand.map(\.place) == ["Dest"])
        #expect(r.unmetDemand.map(\.tonnesPerDay) == [20])
        #expect(r.totalCost == 30 * 4 + 50 * 5)
        #expect(r.origins[0].shortfallTonnesPerDay == 20)
    }

    @Test func supplyBelowDemandLimitsDelivery() throws {
        let r = try analyzer.flow(request(25, 60))
        #expect(r.deliveredTonnesPerDay == 25)
        #expect(r.unmetDemand.map(\.tonnesPerDay) == [35])
        #expect(r.totalCost == 25 * 4)
    }

    @Test func requireFullDeliveryThrowsInfeasible() {
        var req = request(100, 100)
        req.requireFullDelivery = true
        #expect(throws: AnalysisError.self) { try analyzer.flow(req) }
        do { _ = try analyzer.flow(req) } catch {
            guard case let .infeasible(reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(reason.contains("80 of 100"))
        }
    }

    @Test func closingBothCrossingsIsInfeasible() throws {
        let r = try analyzer.flow(request(10, 10, Restrictions(close: ["North Bridge", "South Bridge"])))
        #expect(r.status == .infeasible)
        #expect(r.deliveredTonnesPerDay == 0)
        #expect(r.unmetDemand.map(\.tonnesPerDay) == [10])
        #expect(r.paths.isEmpty && r.corridors.isEmpty)
    }

    @Test func unknownPlaceAndMalformedAmounts() {
        #expect(throws: AnalysisError.self) {
            try analyzer.flow(FlowRequest(origins: [FlowSite(.place("Nowhere"), tonnesPerDay: 1)],
                                          destinations: [FlowSite(.place("Dest"), tonnesPerDay: 1)]))
        }
        #expect(throws: AnalysisError.self) { try FlowSite(parsing: "Origin", amountRequired: true) }
        #expect(throws: AnalysisError.self) { try FlowSite(parsing: "Origin=-5", amountRequired: true) }
        #expect((try? FlowSite(parsing: "Khasan=Tumangang=1_000", amountRequired: true)) ==
                FlowSite(.place("Khasan=Tumangang"), tonnesPerDay: 1000))
        #expect((try? FlowSite(parsing: "43.1,131.9", amountRequired: false))?.endpoint ==
                .coordinate(LonLat(lon: 131.9, lat: 43.1)))
    }

    @Test func gaugeTransshipmentLimitsCorridor() throws {
        var f = FlowFixture()
        let o = f.node(130.0, 43.0, .rail1520, place: "Origin")
        let x1520 = f.node(130.5, 43.0, .rail1520), x1435 = f.node(130.5, 43.0001, .rail1435)
        let d = f.node(131.0, 43.0, .rail1435, place: "Dest")
        f.line(o, x1520, km: 50, capacity: 100)
        f.terminal("Gauge Yard", x1520, x1435, capacity: 10, cost: 3)
        f.line(x1435, d, km: 50, capacity: 100)
        let a = FlowAnalyzer(network: f.build())
        let r = try a.flow(FlowRequest(origins: [FlowSite(.place("Origin"), tonnesPerDay: 50)],
                                       destinations: [FlowSite(.place("Dest"), tonnesPerDay: 50)]))
        #expect(r.deliveredTonnesPerDay == 10)
        #expect(r.totalCost == 10 * (0.5 + 3 + 0.5))
        #expect(r.paths.first?.transshipments == ["Gauge Yard"])
        let c = try a.chokepoints(ChokepointRequest(origins: [FlowSite(.place("Origin"))],
                                                   destinations: [FlowSite(.place("Dest"))]))
        #expect(c.maxThroughputTonnesPerDay == 10)
        #expect(c.cut.map(\.kind) == [.terminal])
        #expect(c.cut.map(\.name) == ["Gauge Yard transshipment"])
    }
}

@Suite("Chokepoints")
struct ChokepointTests {
    let analyzer = FlowAnalyzer(network: parallelCorridors().0)
    func request(_ restrictions: Restrictions = .none, top: Int = 10) -> ChokepointRequest {
        ChokepointRequest(origins: [FlowSite(.place("Origin"))], destinations: [FlowSite(.place("Dest"))],
                          restrictions: restrictions, top: top)
    }

    @Test func parallelCorridorsAddUp() throws {
        let r = try analyzer.chokepoints(request())
        #expect(r.maxThroughputTonnesPerDay == 30 + 50)
        #expect(r.cut.map(\.name) == ["North Bridge", "South Bridge"])
        #expect(r.cut.map(\.capacityTonnesPerDay) == [30, 50])
        #expect(r.cut.map(\.capacityTonnesPerDay).reduce(0, +) == r.cutCapacityTonnesPerDay)
        #expect(Double(r.cutCapacityTonnesPerDay) == r.maxThroughputTonnesPerDay && r.sharedLimits.isEmpty)
    }

    @Test func closingACrossingDropsThroughputByItsCapacity() throws {
        let r = try analyzer.chokepoints(request(Restrictions(close: ["North Bridge"])))
        #expect(r.maxThroughputTonnesPerDay == 80 - 30)
        #expect(r.cut.map(\.name) == ["South Bridge"])
    }

    @Test func bottleneckCrossingRanksFirst() throws {
        let r = try analyzer.chokepoints(request())
        let first = try #require(r.ranking.first)
        #expect(first.rank == 1)
        #expect(first.kind == .crossing && first.name == "South Bridge")
        #expect(first.throughputLostTonnesPerDay == 50)
        // Without South Bridge the remaining 30 t take the north corridor, as they would anyway: nothing added.
        #expect(first.costAdded == 0)
        let north = try #require(r.ranking.first { $0.kind == .crossing && $0.name == "North Bridge" })
        #expect(north.throughputLostTonnesPerDay == 30)
        // Without North Bridge, 50 t cost 5 each (250); intact, 50 t cost 30·4 + 20·5 = 220.
        #expect(north.costAdded == Double(250 - 220))
        #expect(r.ranking.map(\.rank) == Array(1...r.ranking.count))
        // Lines in series with a bridge lose as much as the bridge.
        let southLine = try #require(r.ranking.first { $0.name.hasPrefix("South Line (") })
        #expect(southLine.throughputLostTonnesPerDay == 50)
        #expect(r.ranking.prefix(2).map(\.kind) == [.crossing, .edge] || r.ranking[1].throughputLostTonnesPerDay == 50)
    }

    @Test func topLimitsRanking() throws {
        #expect(try analyzer.chokepoints(request(top: 2)).ranking.count == 2)
        #expect(try analyzer.chokepoints(request(top: 0)).ranking.isEmpty)
    }

    @Test func amountsBoundTheSites() throws {
        let r = try analyzer.chokepoints(ChokepointRequest(origins: [FlowSite(.place("Origin"), tonnesPerDay: 60)],
                                                          destinations: [FlowSite(.place("Dest"))]))
        #expect(r.maxThroughputTonnesPerDay == 60)
        #expect(r.cut.map(\.kind) == [.site])
    }

    @Test func dualGaugeTwinsFailTogether() throws {
        // O(1520) – dual-gauge piece (cap 40, given in full to each gauge) – D; the 1435 layer is reached through
        // West Yard, and Dest snaps to both layers; the only way through is the dual piece, whose two gauge edges are
        // one element. The layered network's cut (40 + 40) overstates the piece: the maximum respects its 40.
        var f = FlowFixture()
        let o = f.node(130.0, 43.0, .rail1520, place: "Origin")
        let o35 = f.node(130.0, 43.0001, .rail1435)
        let d = f.node(131.0, 43.0, .rail1520, place: "Dest")
        let d35 = f.node(131.0, 43.0001, .rail1435)
        f.terminal("West Yard", o, o35, capacity: 100, cost: 1)
        _ = f.dualLine(o, d, o35, d35, km: 100, capacity: 40, name: "Dual Bridge Line", country: "RU")
        let a = FlowAnalyzer(network: f.build())
        let r = try a.chokepoints(ChokepointRequest(origins: [FlowSite(.place("Origin"))],
                                                   destinations: [FlowSite(.place("Dest"))]))
        #expect(r.maxThroughputTonnesPerDay == 40 && r.cutCapacityTonnesPerDay == 80)
        let top = try #require(r.ranking.first)
        #expect(top.kind == .edge && top.throughputLostTonnesPerDay == 80 && top.edges.count == 2)
        #expect(r.sharedLimits.map(\.constraint.sharing) == [.dualGauge])
        #expect(r.sharedLimits.map(\.deliveryPerTonne) == [1])
        // The flow through the piece respects the shared capacity.
        let piece = r.sharedLimits[0].constraint
        #expect(piece.arcs.reduce(0.0) { $0 + r.arcFlow[Int($1)] } == 40)
        #expect(r.ranking.filter { $0.kind == .edge }.count == 1)
    }
}
