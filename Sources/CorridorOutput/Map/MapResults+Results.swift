import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork

/// Map results straight from typed analysis results, as `--svg` and `compare` draw them: the same features, sites
/// and notes `MapResultReader` reads back from the result's GeoJSON file. Positions and the numbers a map shows
/// (route length, utilization) are rounded to the precision the GeoJSON writers use, so a map drawn from a result
/// and one drawn from its file by `corridor render` are the same picture, byte for byte.
extension MapResults {
    /// The routes (ranked; labelled with their length and crossings) and their endpoints and via places as sites.
    public init(route result: RouteResult, network: Network) {
        self.init()
        for route in result.routes {
            let parts = MapResults.written(RouteOutput.geometry(of: route, network: network).parts)
            var label = "\(MapResultReader.formatKm(MapResults.written(route.distanceMeters / 1000, decimals: 3))) km"
            if !route.crossings.isEmpty { label += " via " + route.crossings.joined(separator: ", ") }
            features.append(MapFeature(kind: .route(rank: route.rank), parts: parts, label: label))
            // Route endpoints: the geometry's ends, named after the request.
            let from = result.from.label, to = result.to.label
            if let first = parts.first?.first, !sites.contains(where: { $0.name == from }) {
                sites.append(MapSite(name: from, location: first))
            }
            if let last = parts.last?.last, !sites.contains(where: { $0.name == to }) {
                sites.append(MapSite(name: to, location: last))
            }
            for via in result.via.map(\.label) where !sites.contains(where: { $0.name == via }) {
                sites.append(MapSite(name: via))
            }
        }
    }

    /// The edges with flow (width by tonnes per day, colour by utilization) and, with `summary`, the origins and
    /// destinations as sites and the delivered tonnes as a note (the `corridor` member of the flow's GeoJSON).
    public init(flow r: FlowResult, summary: Bool = true) {
        self.init()
        if summary {
            addSites((r.origins + r.destinations).map(\.site.name))
            notes.append("delivered \(r.deliveredTonnesPerDay) of \(r.requestedTonnesPerDay) t/day")
        }
        for e in FlowOutput.flowEdges(r) {
            let parts = MapResults.written(ElementGeometry.line(Array(r.network.edgeGeometry(e.edge))).parts)
            features.append(MapFeature(kind: .flow(tonnesPerDay: Double(e.flow),
                                                   utilization: MapResults.written(e.utilization, decimals: 4)),
                                       parts: parts, label: r.network.name(ofEdge: e.edge)))
        }
    }

    /// The minimum cut's members and the ranked elements (numbered markers) and, with `summary`, the origins and
    /// destinations as sites and the maximum throughput as a note.
    public init(chokepoints r: ChokepointResult, network: Network, summary: Bool = true) {
        self.init()
        if summary {
            addSites((r.origins + r.destinations).map(\.name))
            notes.append("maximum throughput \(r.maxThroughputTonnesPerDay) t/day")
        }
        for c in r.cut {
            let geometry = ElementGeometry.element(network, kind: c.kind, edges: c.edges, location: c.location)
            features.append(MapFeature(kind: .cutMember(element: c.kind.rawValue), parts: MapResults.written(geometry.parts),
                                       label: "\(c.name) (\(c.capacityTonnesPerDay) t/day)"))
        }
        for c in r.ranking {
            let geometry = ElementGeometry.element(network, kind: c.kind, edges: c.edges, location: c.location)
            features.append(MapFeature(kind: .chokepoint(rank: c.rank, element: c.kind.rawValue),
                                       parts: MapResults.written(geometry.parts),
                                       label: "\(c.name) (−\(c.throughputLostTonnesPerDay) t/day)"))
        }
    }

    /// The reached edges, cut where the budget runs out.
    public init(reach result: ReachResult, network: Network) {
        self.init()
        for reached in result.edges {
            features.append(MapFeature(kind: .reach,
                                       parts: MapResults.written(ReachOutput.geometry(of: reached, network: network).parts),
                                       label: network.name(ofEdge: Int(reached.edge))))
        }
    }

    private mutating func addSites(_ names: [String]) {
        for name in names where !sites.contains(where: { $0.name == name }) { sites.append(MapSite(name: name)) }
    }

    /// `value` as its GeoJSON text reads back: at most `decimals` fractional digits.
    static func written(_ value: Double, decimals: Int) -> Double {
        Double(NumberFormat.trimmed(value, decimals: decimals)) ?? value
    }

    /// Positions as their GeoJSON text reads back (7 decimals).
    static func written(_ parts: [[LonLat]]) -> [[LonLat]] {
        parts.map { part in part.map { LonLat(lon: written($0.lon, decimals: 7), lat: written($0.lat, decimals: 7)) } }
    }
}
