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
        // Denied provinces are shaded (and said to be approximate), on the scenario and difference maps.
        #expect(denied.with(class: "denied-region").count == 1)
        #expect(denied.elements.contains { $0.name == "text" && $0.text.contains("approximate") })
        #expect(try #require(maps["china-northeast-denied-change.svg"]).with(class: "denied-region").count == 1)
        #expect(try #require(maps["baseline.svg"]).with(class: "denied-region").isEmpty)
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

/// Denied regions are shaded over the land nearest their own lines: every line vertex of a denied region lies in a
/// shaded cell and no vertex of another region of the same country does (a vertex decides its own cell), and
/// without a country polygon to clip to, shading stays within about 40 px of the lines.
@Suite("Denied regions shaded")
struct DeniedRegionShadingTests {
    @Test(.enabled(if: RegionalData.available)) func shadedCellsFollowTheRegionTags() throws {
        let n = try NetworkLoader.load(NetworkSpec(manifestPath: RegionalData.manifest))
        let definition = "+proj=laea +lat_0=45 +lon_0=125 +datum=WGS84 +units=m +no_defs"
        let transform = try CoordinateTransform(from: "EPSG:4326", to: definition)
        let projected = n.nodeLocation.compactMap { transform.forward($0.lon, $0.lat) }
        let x0 = projected.map(\.x).min()!, x1 = projected.map(\.x).max()!, y0 = projected.map(\.y).min()!, y1 = projected.map(\.y).max()!
        let scale = 1000 / (x1 - x0)
        let canvas = Canvas(transform: transform, x0: x0, y1: y1, scale: scale, frame: Rect(x: 0, y: 0, w: 1000, h: (y1 - y0) * scale))
        var svg = SVGText(), legend = Legend(maxTextWidth: 400)
        let regions = ["Heilongjiang", "Jilin"]
        #expect(SVGMap.drawDeniedRegions(regions, network: n, backgrounds: [], ids: "", hatchDefined: false, canvas: canvas, svg: &svg, legend: &legend))
        // The shaded runs: "Mx yHx1Vy2Hx0Z".
        let d = try #require(SVGDocument("<svg>" + svg.text + "</svg>").with(class: "denied-region").first?.attributes["d"])
        var runs: [Rect] = []
        for run in d.split(separator: "M") {
            let v = run.replacingOccurrences(of: "Z", with: "").split(whereSeparator: { $0 == " " || $0 == "H" || $0 == "V" }).compactMap { Double($0) }
            if v.count == 5 { runs.append(Rect(x: v[0], y: v[1], w: v[2] - v[0], h: v[3] - v[1])) }
        }
        #expect(!runs.isEmpty)
        func shaded(_ p: Point) -> Bool { runs.contains { p.x >= $0.x && p.x < $0.x + $0.w && p.y >= $0.y && p.y < $0.y + $0.h } }
        let step = SVGMap.regionCellSize
        func cell(_ p: Point) -> Int { Int((p.x / step).rounded(.down)) * 100_000 + Int((p.y / step).rounded(.down)) }
        var deniedCells = Set<Int>(), usableCells = Set<Int>(), usable: [Point] = [], denied: [Point] = []
        for e in 0..<n.edgeCount where n.edgeKind[e] == .line && n.country(ofEdge: e) == "CN" {
            let points = canvas.densified(canvas.points(n.edgeGeometry(e)), step: step).filter { canvas.frame.contains($0) && $0.x < 999 && $0.y < canvas.frame.h - 1 }
            if regions.contains(n.region(ofEdge: e)) { denied += points; points.forEach { deniedCells.insert(cell($0)) } }
            else { usable += points; points.forEach { usableCells.insert(cell($0)) } }
        }
        #expect(denied.count > 100 && usable.count > 100)
        for p in denied where !usableCells.contains(cell(p)) { #expect(shaded(p), "denied vertex at \(p) not shaded") }
        for p in usable { #expect(!shaded(p), "vertex of another region at \(p) shaded") }
        // Nothing shaded farther than ~40 px (plus a cell) from every denied line vertex.
        for r in runs {
            for p in [Point(x: r.x + 0.5, y: r.y + 0.5), Point(x: r.x + r.w - 0.5, y: r.y + 0.5)] {
                #expect(denied.contains { hypot($0.x - p.x, $0.y - p.y) <= 40 * 1.1 + 2 * step }, "shaded far from the lines at \(p)")
            }
        }
        // No region denied, or a region with no lines: nothing drawn.
        var empty = SVGText()
        #expect(!SVGMap.drawDeniedRegions([], network: n, backgrounds: [], ids: "", hatchDefined: false, canvas: canvas, svg: &empty, legend: &legend))
        #expect(!SVGMap.drawDeniedRegions(["Atlantis"], network: n, backgrounds: [], ids: "", hatchDefined: false, canvas: canvas, svg: &empty, legend: &legend))
        #expect(empty.text.isEmpty)
    }
}
