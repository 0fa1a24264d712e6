import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Far East regional checks; skipped when GeoData/far-east/network.yaml is missing.
@Suite("Flow regional (far-east)")
struct FlowRegionalTests {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("GeoData/far-east/network.yaml").path
    static let available = FileManager.default.fileExists(atPath: manifest)

    static let network: Network? = {
        guard available else { return nil }
        return try? NetworkLoader.load(NetworkSpec(manifestPath: manifest))
    }()

    func request(_ restrictions: Restrictions) -> ChokepointRequest {
        ChokepointRequest(origins: ["Vladivostok", "Ussuriysk", "Khabarovsk"].map { FlowSite(.place($0)) },
                          destinations: [FlowSite(.place("Pyongyang"))], restrictions: restrictions, top: 10)
    }

    static func isKhasanTumangang(_ name: String) -> Bool { Gazetteer.fold(name) == Gazetteer.fold("Khasan–Tumangang") }

    func log(_ label: String, _ r: ChokepointResult) {
        print("\(label): max throughput \(r.maxThroughputTonnesPerDay) t/day; cut: "
              + r.cut.map { "\($0.kind.rawValue) \($0.name) \($0.capacityTonnesPerDay)" }.joined(separator: "; ")
              + "; ranking \(String(format: "%.3f", r.rankingSeconds)) s: "
              + r.ranking.prefix(5).map { "\($0.rank). \($0.kind.rawValue) \($0.name) -\($0.throughputLostTonnesPerDay)" }
                  .joined(separator: ", "))
        for p in r.sharedLimits { print("  shared capacity limits it: \(p.constraint.name) +\(p.deliveryPerTonne) t/day per t/day") }
    }

    /// The issue's question: maximum throughput from the Russian Far East to Pyongyang with and without Chinese
    /// transit, and the cut in each case; without China everything crosses Khasan–Tumangang.
    @Test(.enabled(if: available)) func russianFarEastToPyongyangWithAndWithoutChina() throws {
        let network = try #require(Self.network)
        let analyzer = FlowAnalyzer(network: network)
        let withChina = try analyzer.chokepoints(request(.none))
        let withoutChina = try analyzer.chokepoints(request(Restrictions(avoidCountries: ["CN"])))
        log("with China", withChina)
        log("without China", withoutChina)
        for r in [withChina, withoutChina] {
            #expect(r.cut.map(\.capacityTonnesPerDay).reduce(0, +) == r.cutCapacityTonnesPerDay)
            #expect(r.maxThroughputTonnesPerDay <= Double(r.cutCapacityTonnesPerDay))
            #expect(r.sharedLimits.isEmpty == (r.maxThroughputTonnesPerDay == Double(r.cutCapacityTonnesPerDay)))
        }
        #expect(withoutChina.maxThroughputTonnesPerDay > 0)
        #expect(withoutChina.maxThroughputTonnesPerDay <= withChina.maxThroughputTonnesPerDay)

        // Without China every tonne crosses Khasan–Tumangang (the sole RU–KP link): the throughput is at most the
        // bridge's capacity, and the bridge (or its approach line of the same design capacity) is in the minimum cut
        // exactly when nothing downstream is narrower. Which one binds is the data's answer, not the test's.
        let bridge = try #require(network.crossings.first { Self.isKhasanTumangang($0.name) })
        #expect(withoutChina.maxThroughputTonnesPerDay <= Double(bridge.capacityTonnesPerDay))
        let bridgeOrApproach = withoutChina.cut.contains { element in
            let isBridge = element.kind == .crossing && element.name == bridge.name
            let isApproach = element.kind == .edge && element.name.contains("Khasan")
                && element.capacityTonnesPerDay == bridge.capacityTonnesPerDay
            return isBridge || isApproach
        }
        if !bridgeOrApproach {
            #expect(withoutChina.maxThroughputTonnesPerDay < Double(bridge.capacityTonnesPerDay), "\(withoutChina.cut.map(\.name))")
        }
        let khasan = try #require(withoutChina.ranking.first { $0.kind == .crossing && Self.isKhasanTumangang($0.name) })
        #expect(khasan.throughputLostTonnesPerDay == withoutChina.cutCapacityTonnesPerDay)
        #expect(khasan.rank == 1)
        // The exact maximum respects every shared capacity: no overstatement.
        for r in [withChina, withoutChina] { try expectWithinCapacities(network, r.arcFlow) }

        // The min-cost flow of the maximum agrees with the max flow.
        let flow = try analyzer.flow(FlowRequest(
            origins: ["Vladivostok", "Ussuriysk", "Khabarovsk"].map { FlowSite(.place($0), tonnesPerDay: 1_000_000) },
            destinations: [FlowSite(.place("Pyongyang"), tonnesPerDay: 3_000_000)], restrictions: Restrictions(avoidCountries: ["CN"])))
        #expect(flow.deliveredTonnesPerDay == withoutChina.maxThroughputTonnesPerDay)
        #expect(flow.corridors.first?.crossings.contains(where: Self.isKhasanTumangang) ?? false)
    }

    /// Twenty OD pairs across the region, both directions on some lines, two restricted to rail.
    static let demands: [ODDemand] = [
        "Vladivostok:Pyongyang=6000", "Vladivostok:Chongjin=3000", "Khabarovsk:Rajin=2000", "Ussuriysk:Hamhung=1500",
        "Nakhodka:Wonsan=2000", "Harbin:Pyongyang=4000@rail", "Shenyang:Sinuiju=3000", "Dandong:Pyongyang=2500",
        "Changchun:Hamhung=1500", "Yanji:Chongjin=1000", "Mudanjiang:Rajin=1000", "Chita:Harbin=3000@rail",
        "Harbin:Vladivostok=2000", "Pyongyang:Vladivostok=1000", "Chongjin:Khabarovsk=800", "Jilin:Kanggye=700",
        "Tonghua:Manpo=600", "Blagoveshchensk:Heihe=900", "Birobidzhan:Jiamusi=700", "Qiqihar:Dandong=1200",
    ].map { try! ODDemand(parsing: $0) }

    /// The regional network with 20 OD pairs, with and without China: every constraint holds in the GeoJSON, and
    /// the programs (as exported) have HiGHS's optima.
    @Test(.enabled(if: available)) func twentyODPairs() throws {
        let network = try #require(Self.network)
        let analyzer = FlowAnalyzer(network: network)
        let od = try analyzer.flow(FlowRequest(demands: Self.demands))
        try verifyFromGeoJSON(od, "all")
        #expect(od.shadowPrices.allSatisfy { $0.costPerTonne <= 1e-9 && $0.deliveryPerTonne >= -1e-9 })
        // Without China, the pairs that stay on the network; Russian tonnes for Korea all cross Khasan–Tumangang.
        let russian = Self.demands.filter {
            ["Vladivostok", "Khabarovsk", "Ussuriysk", "Nakhodka", "Pyongyang", "Chongjin"].contains($0.origin.description)
                && !["Harbin", "Heihe", "Jiamusi", "Dandong"].contains($0.destination.description)
        }
        let noChina = try analyzer.flow(FlowRequest(demands: russian, restrictions: Restrictions(avoidCountries: ["CN"])))
        try verifyFromGeoJSON(noChina, "no-china")
        let bridge = try #require(network.crossings.first { Self.isKhasanTumangang($0.name) })
        #expect(noChina.pairs.filter { $0.name.hasSuffix("Khabarovsk") || $0.name.hasSuffix("Vladivostok") }.count == 2)
        #expect(noChina.deliveredTonnesPerDay <= Double(bridge.capacityTonnesPerDay) * 2 + 1800)
        guard HiGHSPeer.available else { return }
        let plan = try FlowPlan(request: od.request, base: NetworkView(network: network))
        let a = try plan.program.solve(.throughput)
        let c = try plan.program.solve(.concurrent)
        let bound = plan.deliveryBound(a)
        let cost = try plan.program.solve(.cost(minimumDelivered: bound))
        try HiGHSPeer.expectSameOptima([("throughput", plan.program.model(.throughput, named: true).0, a.rawValue),
                                        ("concurrent", plan.program.model(.concurrent, named: true).0, c.rawValue),
                                        ("cost", plan.program.model(.cost(minimumDelivered: bound), named: true).0, cost.rawValue)])
    }

    /// The scenario file's pooled flow: the network simplex and the linear program agree.
    @Test(.enabled(if: available)) func pooledRegionalFlowIsTheSameThroughTheLP() throws {
        let network = try #require(Self.network)
        let analyzer = FlowAnalyzer(network: network)
        let request = FlowRequest(
            origins: [("Vladivostok", 20000), ("Khabarovsk", 10000), ("Ussuriysk", 5000), ("Nakhodka", 5000)].map { FlowSite(.place($0.0), tonnesPerDay: $0.1) },
            destinations: [("Pyongyang", 15000), ("Wonsan", 5000), ("Chongjin", 8000), ("Rajin", 5000), ("Sinuiju", 3000)].map { FlowSite(.place($0.0), tonnesPerDay: $0.1) })
        let simplex = try analyzer.flow(request)
        let lp = try analyzer.flow(request, forceLinearProgram: true)
        #expect(relativeGap(simplex.deliveredTonnesPerDay, lp.deliveredTonnesPerDay) <= 1e-9)
        #expect(relativeGap(simplex.totalCost, lp.totalCost) <= 1e-9)
        try verifyFromGeoJSON(simplex, "pooled \(simplex.solver)")
        try verifyFromGeoJSON(lp, "pooled lp")
    }

    /// Every capacity constraint of the unrestricted view, shared ones jointly, holds for `arcFlow`.
    func expectWithinCapacities(_ network: Network, _ arcFlow: [Double]) throws {
        let view = NetworkView(network: network)
        let (_, _, open) = FlowPlan.openArcs(view)
        let (constraints, _) = CapacityConstraints.build(view: view, open: open, singleTrackSharesDirections: true)
        for c in constraints {
            let load = c.arcs.reduce(0.0) { $0 + arcFlow[Int($1)] }
            #expect(load <= Double(c.capacityTonnesPerDay) + 1e-6, "\(c.name): \(load) > \(c.capacityTonnesPerDay)")
        }
    }

    /// With China denied, closing Khasan–Tumangang cuts Russia off from North Korea by rail (and entirely, as no
    /// RU–KP road crossing exists).
    @Test(.enabled(if: available)) func closingKhasanTumangangWithoutChinaCutsRussiaOff() throws {
        let network = try #require(Self.network)
        let analyzer = FlowAnalyzer(network: network)
        func throughput(_ modes: Set<TransportMode>?) throws -> Double {
            var r = request(Restrictions(modes: modes, avoidCountries: ["CN"], close: ["Khasan–Tumangang"]))
            r.top = 0
            let result = try analyzer.chokepoints(r)
            log("without China, Khasan–Tumangang closed, modes \(modes.map { $0.map(\.description).sorted() } ?? ["all"])", result)
            return result.maxThroughputTonnesPerDay
        }
        // Rail origins and destination stay reachable by rail (the answer is 0 because of the border, not snapping).
        #expect(try analyzer.chokepoints({ var r = request(Restrictions(modes: [.rail], avoidCountries: ["CN"])); r.top = 0; return r }())
            .maxThroughputTonnesPerDay > 0)
        #expect(try throughput([.rail]) == 0)
        let roadLinkRUKP = network.crossings.contains { Set($0.countries) == ["RU", "KP"] && $0.modes.contains(.road) }
        #expect(!roadLinkRUKP)  // the dataset has none; if one is added, only the rail figure must be 0
        if !roadLinkRUKP { #expect(try throughput(nil) == 0) }
    }

    /// The OD scenario file (GeoData/scenarios/far-east-od.yaml): every scenario's flow keeps the file's pairs apart,
    /// no pair receives more than it asked for, the pairs add up to the total, every capacity and per-commodity
    /// conservation holds in the GeoJSON, and without Chinese transit the pairs from Harbin get nothing (so λ = 0).
    @Test(.enabled(if: available)) func odScenarioFileKeepsPairsApart() throws {
        let network = try #require(Self.network)
        let path = URL(fileURLWithPath: Self.manifest).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/far-east-od.yaml").path
        let file = try ScenarioFile.load(path: path)
        let comparison = ScenarioRunner.run(file, on: network)
        #expect(comparison.outcomes.count == file.scenarios.count)
        for o in comparison.outcomes {
            let flow = try #require(o.flow, "\(o.scenario.name): \(o.flowError ?? o.error ?? "no flow")")
            #expect(flow.commodityModel == .od && flow.pairs.count == file.demands.count, "\(o.scenario.name)")
            for p in flow.pairs { #expect(p.deliveredTonnesPerDay <= Double(p.requestedTonnesPerDay) + 1e-6, "\(p.name)") }
            #expect(abs(flow.pairs.map(\.deliveredTonnesPerDay).reduce(0, +) - flow.deliveredTonnesPerDay) < 1e-6)
            try verifyFromGeoJSON(flow, o.scenario.name)
            if o.scenario.name == "china-transit-denied" {
                let harbin = flow.pairs.filter { $0.name.hasPrefix("Harbin") }
                #expect(!harbin.isEmpty && harbin.allSatisfy { $0.deliveredTonnesPerDay == 0 })
                #expect(flow.concurrent?.lambda == 0)
            }
        }
    }
}
