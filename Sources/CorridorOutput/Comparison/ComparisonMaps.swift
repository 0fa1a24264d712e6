import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// How `compare` draws its maps.
public struct ComparisonMapOptions: Sendable {
    /// Background polygons under every map (default: none; the CLI passes the embedded region background).
    public var backgrounds: [BackgroundLayer] = []
    /// Area shown; default: the extent of the scenario's network and results.
    public var bbox: MapBBox?
    /// The detail inset of each map.
    public var inset: MapInset = .automatic
    /// Width of each map in pixels.
    public var width: Int = 1200
    /// The default options.
    public init() {}
}

extension ComparisonReport {
    /// The maps of a comparison, as (file name, SVG): per scenario `<scenario>.svg` (its routes, flows and
    /// chokepoints, what it changed marked, its origins and destinations labelled) and, for every scenario after
    /// the first with a flow result, `<scenario>-change.svg`: the flow change per edge against the first scenario
    /// on a diverging ramp. Scenarios whose map cannot be drawn (no network) are left out.
    public static func scenarioMaps(_ c: Comparison, options: ComparisonMapOptions = ComparisonMapOptions()) -> [(name: String, svg: String)] {
        var maps: [(name: String, svg: String)] = []
        let base = c.outcomes.first
        for (index, o) in c.outcomes.enumerated() {
            guard let network = o.network else { continue }
            var svgOptions = SVGMapOptions()
            svgOptions.width = options.width
            svgOptions.bbox = options.bbox
            svgOptions.inset = options.inset
            svgOptions.title = "\(c.file.title): \(o.scenario.name)"
            var results = scenarioMap(o)
            let context = scenarioContext(o, network: network)
            results.append(context)
            if let map = try? SVGMap.render(network: network, backgrounds: options.backgrounds, results: results, options: svgOptions) {
                maps.append((fileName(o.scenario.name) + ".svg", map))
            }
            if index > 0, let baseline = base?.flow, let flow = o.flow {
                var change = MapResults(flowChange: flow, baseline: baseline)
                change.append(context)
                svgOptions.title = "\(c.file.title): \(o.scenario.name), flow change against \(base!.scenario.name)"
                svgOptions.mutedNetwork = true
                if let map = try? SVGMap.render(network: network, backgrounds: options.backgrounds, results: change, options: svgOptions) {
                    maps.append((fileName(o.scenario.name) + "-change.svg", map))
                }
            }
        }
        return maps
    }

    /// What a scenario map shows beside its results: the scenario's changes and the origins and destinations of
    /// its flow (or chokepoint) analysis as sites.
    static func scenarioContext(_ o: ScenarioOutcome, network: Network) -> MapResults {
        var context = MapResults()
        context.changes = MapScenarioChanges(scenario: o.scenario, network: network)
        var names: [String] = []
        if let f = o.flow { names = (f.origins + f.destinations).map(\.site.name) }
        else if let k = o.chokepoints { names = (k.origins + k.destinations).map(\.name) }
        for name in names where !context.sites.contains(where: { $0.name == name }) { context.sites.append(MapSite(name: name)) }
        return context
    }
}

extension ComparisonReport {
    /// The interactive page of a comparison (`index.html` of `compare -o DIR`): one view per scenario (its routes,
    /// flows, minimum cut and chokepoints, what it changed, its origins and destinations), the network, the
    /// background and the comparison table (every binding chokepoint listed).
    public static func mapPage(_ c: Comparison, backgrounds: [BackgroundLayer] = []) -> MapPage {
        var page = MapPage(title: c.file.title)
        page.network = c.outcomes.first?.network
        page.backgrounds = backgrounds
        for o in c.outcomes {
            var documents: [ResultDocument] = []
            if let network = o.network {
                if let r = o.route { documents.append(RouteOutput.document(r, network: network, scenario: o.scenario.name)) }
                if let f = o.flow { documents.append(FlowOutput.document(f, scenario: o.scenario.name)) }
                if let k = o.chokepoints { documents.append(FlowOutput.document(k, network: network, scenario: o.scenario.name)) }
            }
            let context = o.network.map { scenarioContext(o, network: $0) } ?? MapResults()
            var description = o.scenario.description.trimmingCharacters(in: .whitespacesAndNewlines)
            if let error = o.error { description += (description.isEmpty ? "" : " ") + "Failed: \(error)" }
            page.views.append(MapPage.View(name: o.scenario.name, description: description, documents: documents,
                                           changes: context.changes, network: o.network, sites: context.sites))
        }
        let rows = rows(c)
        let base = rows.first
        var table: [[String]] = [["scenario", "status", "delivered t/d", "flow cost/day", "best route h", "route km", "corridors",
                                  "max throughput t/d", "binding chokepoints"] + samplingHeader(c)]
        for (i, r) in rows.enumerated() {
            let isBase = i == 0
            table.append([
                r.scenario, r.status,
                cell(r.deliveredTonnesPerDay, base?.deliveredTonnesPerDay, decimals: 0, isBase: isBase),
                cell(r.flowCostPerDay, base?.flowCostPerDay, decimals: 0, isBase: isBase),
                r.noRoute ? "no route" : cell(r.routeTimeHours, base?.routeTimeHours, decimals: 1, isBase: isBase),
                r.noRoute ? "no route" : cell(r.routeDistanceKm, base?.routeDistanceKm, decimals: 0, isBase: isBase),
                r.distinctCorridors.map(String.init) ?? "–",
                cell(r.maxThroughputTonnesPerDay, base?.maxThroughputTonnesPerDay, decimals: 0, isBase: isBase),
                r.bindingChokepoints.isEmpty ? "–" : r.bindingChokepoints.joined(separator: "; "),
            ] + (c.file.analyses.sampling == nil ? [] : [percentilesCell(r.throughputPercentiles), percentilesCell(r.costPercentiles)]))
        }
        page.table = TextTable(table, alignments: table[0].indices.map { (2...7).contains($0) || $0 > 8 ? .right : .left })
        page.notes = ["Changes in parentheses are against '\(base?.scenario ?? "")'. Tonnes per day; cost in cost units per day."]
        return page
    }
}
