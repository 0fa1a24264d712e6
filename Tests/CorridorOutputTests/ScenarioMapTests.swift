import CorridorGeo
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorOutput

/// Scenario maps mark what each scenario changed, and difference maps show the flow change: checked on the regional
/// scenario file against facts computed here from the network and the flows, not from the map code.
@Suite("Scenario and difference maps")
struct ScenarioMapTests {
    static let network: Network? = RegionalData.available ? try? NetworkLoader.load(NetworkSpec(manifestPath: RegionalData.manifest)) : nil
    static let comparison: Comparison? = network.flatMap { n in
        (try? ScenarioFile.load(path: RegionalData.root.appendingPathComponent("GeoData/scenarios/far-east.yaml").path))
            .map { ScenarioRunner.run($0, on: n) }
    }

    func outcome(_ name: String) throws -> ScenarioOutcome {
        try #require(Self.comparison?.outcomes.first { $0.scenario.name == name })
    }

    @Test(.enabled(if: RegionalData.available)) func changesAreTheScenariosOwn() throws {
        let base = try #require(Self.network)
        let baseline = try outcome("baseline")
        #expect(MapScenarioChanges(scenario: baseline.scenario, network: base).isEmpty)

        // Denied provinces: every line edge in them is unusable, and no line edge outside them.
        let denied = try outcome("china-transit-denied")
        let d = MapScenarioChanges(scenario: denied.scenario, network: try #require(denied.network))
        let provinces: Set<String> = ["Heilongjiang", "Jilin", "Liaoning", "Inner Mongolia"]
        for e in 0..<base.edgeCount where base.edgeKind[e] == .line {
            #expect(d.unusableEdges.contains(e) == provinces.contains(base.region(ofEdge: e)), "edge \(e) \(base.region(ofEdge: e))")
        }
        #expect(d.closed.isEmpty && d.added.isEmpty && d.deniedCountries.isEmpty)

        // Road only: every rail line is unusable, no road.
        let road = MapScenarioChanges(scenario: try outcome("road-only").scenario, network: base)
        for e in 0..<base.edgeCount where base.edgeKind[e] == .line {
            #expect(road.unusableEdges.contains(e) == (base.edgeMode[e] == .rail))
        }

        // The closed bridge: one mark, on the crossing's own edges, at the crossing.
        let closed = MapScenarioChanges(scenario: try outcome("khasan-tumangang-closed").scenario, network: base)
        let crossing = try #require(base.crossings.first { $0.name == "Khasan-Tumangang" })
        #expect(closed.closed.count == 1)
        #expect(Set(crossing.edges.map(Int.init)).isSubset(of: Set(closed.closed[0].edges)))

        // The added road bridge: exactly the edges the overlay appended to the baseline.
        let bridge = try outcome("khasan-road-bridge-opens")
        let overlay = try #require(bridge.network)
        let b = MapScenarioChanges(scenario: bridge.scenario, network: overlay)
        #expect(b.added.count == 1 && Set(b.added[0].edges) == Set(base.edgeCount..<overlay.edgeCount))
        #expect(b.unusableEdges.isDisjoint(with: Set(base.edgeCount..<overlay.edgeCount)))

        // Halved transshipment: every transshipment edge, scaled by 0.5.
        let halved = MapScenarioChanges(scenario: try outcome("transshipment-halved").scenario, network: base)
        #expect(halved.scaled.count == 1 && halved.scaledBadges == ["cap ×0.5"])
        #expect(Set(halved.scaled[0].edges) == Set((0..<base.edgeCount).filter { base.edgeKind[$0] == .transshipment }))
    }

    @Test(.enabled(if: RegionalData.available)) func scenarioMapsDrawTheChanges() throws {
        let c = try #require(Self.comparison)
        let maps = Dictionary(uniqueKeysWithValues: ComparisonReport.scenarioMaps(c).map { ($0.name, SVGDocument($0.svg)) })
        for (name, doc) in maps { #expect(doc.error == nil, "\(name)") }
        let closed = try #require(maps["khasan-tumangang-closed.svg"])
        #expect(closed.with(class: "closed").count == 1)
        #expect(try #require(maps["baseline.svg"]).with(class: "closed").isEmpty)
        #expect(try #require(maps["baseline.svg"]).with(class: "unusable").isEmpty)
        let denied = try #require(maps["china-transit-denied.svg"])
        #expect(!denied.with(class: "unusable").isEmpty)
        #expect(try #require(maps["khasan-road-bridge-opens.svg"]).with(class: "added").count == 1)
        #expect(!(try #require(maps["transshipment-halved.svg"])).with(class: "scaled").isEmpty)
        // Every origin and destination of the scenario file is labelled on every scenario map; no legend text is cut.
        let sites = Set(c.file.origins.map(\.place) + c.file.destinations.map(\.place))
        for (name, doc) in maps where !name.hasSuffix("-change.svg") {
            let labels = Set(doc.with(class: "label").map(\.text))
            #expect(sites.isSubset(of: labels), "\(name): unlabelled \(sites.subtracting(labels).sorted())")
        }
        for (name, doc) in maps {
            let legend = doc.elements.filter { $0.name == "text" }.map(\.text)
            #expect(!legend.contains { $0.contains("…") }, "\(name)")
        }
        // The ranked chokepoints' full names are in the legend.
        let baseline = try outcome("baseline")
        let legendText = try #require(maps["baseline.svg"]).elements.filter { $0.name == "text" }.map(\.text).joined(separator: " ")
        for element in try #require(baseline.chokepoints).ranking {
            #expect(legendText.replacingOccurrences(of: "   ", with: " ").contains(element.name.split(separator: " ").prefix(3).joined(separator: " ")))
        }
    }

    @Test(.enabled(if: RegionalData.available)) func differenceMapsShowEachEdgesFlowChange() throws {
        let c = try #require(Self.comparison)
        let baseline = try #require(c.outcomes.first?.flow)
        let maps = Dictionary(uniqueKeysWithValues: ComparisonReport.scenarioMaps(c).map { ($0.name, $0.svg) })
        #expect(maps["baseline-change.svg"] == nil)
        for o in c.outcomes.dropFirst() {
            let flow = try #require(o.flow)
            let network = try #require(o.network)
            let changed = (0..<network.edgeCount).filter { e in
                network.edgeKind[e] == .line && (e < baseline.edgeFlow.count ? baseline.edgeFlow[e] : 0) != flow.edgeFlow[e]
            }
            let doc = SVGDocument(try #require(maps[ComparisonReport.fileName(o.scenario.name) + "-change.svg"]))
            let drawn = doc.with(class: "flow-change")
            #expect(drawn.count == changed.count, "\(o.scenario.name)")
            let total: Double = changed.reduce(0.0) { sum, e in
                sum + flow.edgeFlow[e] - (e < baseline.edgeFlow.count ? baseline.edgeFlow[e] : 0)
            }
            let drawnTotal = Double(drawn.compactMap { Int($0.attributes["data-change-tpd"] ?? "") }.reduce(0, +))
            #expect(abs(drawnTotal - total) <= 0.5 * Double(max(1, changed.count)), "\(o.scenario.name)")
            // Losses orange, gains purple.
            for element in drawn {
                let delta = Int(element.attributes["data-change-tpd"]!)!
                let stroke = element.attributes["stroke"]!
                #expect(delta < 0 ? MapPalette.change.prefix(2).contains(stroke) : MapPalette.change.suffix(2).contains(stroke))
            }
        }
    }
}
