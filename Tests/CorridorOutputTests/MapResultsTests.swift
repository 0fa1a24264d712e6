import CorridorGeo
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorOutput

/// Maps are drawn from typed results (`--svg`, `compare`); `render` reads result files. Both must give the same
/// drawable features, sites and notes, so the same picture: checked on every kind of result of the regional network.
@Suite("Map results: typed results equal their GeoJSON read back")
struct MapResultsTests {
    static let network: Network? = RegionalData.available ? try? NetworkLoader.load(NetworkSpec(manifestPath: RegionalData.manifest)) : nil

    func parsed(_ geoJSON: String) throws -> MapResults { try MapResultReader.parse(Data(geoJSON.utf8), path: "<test>") }

    @Test(.enabled(if: RegionalData.available)) func routesFlowsChokepointsAndReach() throws {
        let n = try #require(Self.network)
        let router = Router(network: n)
        for request in [RouteRequest(from: .place("Vladivostok"), to: .place("Pyongyang"), restrictions: Restrictions(modes: [.rail]),
                                     alternatives: 3),
                        RouteRequest(from: .place("Khabarovsk"), to: .place("Rajin"), via: [.place("Ussuriysk")], metric: .cost)] {
            let route = try router.route(request)
            let typed = MapResults(route: route, network: n)
            #expect(typed == (try parsed(RouteOutput.geoJSON(route, network: n))))
            #expect(!typed.features.isEmpty && typed.sites.count >= 2)
        }
        let analyzer = FlowAnalyzer(network: n)
        let flow = try analyzer.flow(FlowRequest(origins: [FlowSite(.place("Vladivostok"), tonnesPerDay: 90_000)],
                                                 destinations: [FlowSite(.place("Pyongyang"), tonnesPerDay: 80_000)]))
        #expect(MapResults(flow: flow) == (try parsed(FlowOutput.geoJSON(flow))))
        #expect(MapResults(flow: flow).notes == ["delivered \(NumberFormat.trimmed(flow.deliveredTonnesPerDay, decimals: 3)) of 80000 t/day"])
        let chokepoints = try analyzer.chokepoints(ChokepointRequest(origins: [FlowSite(.place("Vladivostok"))],
                                                                     destinations: [FlowSite(.place("Pyongyang"))]))
        let typed = MapResults(chokepoints: chokepoints, network: n)
        #expect(typed == (try parsed(FlowOutput.geoJSON(chokepoints, network: n))))
        #expect(typed.features.contains { if case .cutMember = $0.kind { return true }; return false })
        let reach = try router.reach(from: [.place("Vladivostok")], within: .seconds(12 * 3600), restrictions: Restrictions(modes: [.rail]))
        #expect(MapResults(reach: reach, network: n) == (try parsed(ReachOutput.geoJSON(reach, network: n))))
        // Without the summary, as in a comparison's files: the features alone.
        #expect(MapResults(flow: flow, summary: false) == MapResults(features: MapResults(flow: flow).features))
        #expect(MapResults(chokepoints: chokepoints, network: n, summary: false) == MapResults(features: typed.features))
    }

    @Test(.enabled(if: RegionalData.available)) func aComparisonMapIsItsFileReadBack() throws {
        let n = try #require(Self.network)
        let file = try ScenarioFile.load(path: RegionalData.root.appendingPathComponent("GeoData/scenarios/far-east.yaml").path)
        let comparison = ScenarioRunner.run(file, on: n)
        for outcome in comparison.outcomes where !outcome.failed {
            let (features, tags) = ComparisonReport.scenarioFeatures(outcome)
            let text = GeoJSONOutput.collection(features, tags: tags, corridor: "{}")
            #expect(ComparisonReport.scenarioMap(outcome) == (try parsed(text)), "\(outcome.scenario.name)")
        }
    }
}
