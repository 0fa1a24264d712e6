import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Map results straight from typed analysis results, as `--svg` and `compare` draw them: the features of the
/// result's `ResultDocument`, read as `MapResultReader` reads them back from the written GeoJSON (positions and
/// numbers rounded as written), so a map drawn from a result and one drawn from its file by `corridor render` are
/// the same picture, byte for byte.
extension MapResults {
    /// The routes (ranked; labelled with their length and crossings) and their endpoints and via places as sites.
    public init(route result: RouteResult, network: Network) {
        self.init(document: RouteOutput.document(result, network: network))
    }

    /// The edges with flow (width by tonnes per day, colour by utilization) and, with `summary`, the origins and
    /// destinations as sites and the delivered tonnes as a note (the `corridor` member of the flow's GeoJSON).
    public init(flow r: FlowResult, summary: Bool = true) {
        self.init()
        if summary {
            addSites((r.origins + r.destinations).map(\.site.name))
            notes.append(MapResultReader.deliveredNote(MapResults.written(r.deliveredTonnesPerDay, decimals: 3),
                                                      of: Double(r.requestedTonnesPerDay)))
        }
        append(MapResults(document: FlowOutput.document(r)))
    }

    /// The minimum cut's members and the ranked elements (numbered markers) and, with `summary`, the origins and
    /// destinations as sites and the maximum throughput as a note.
    public init(chokepoints r: ChokepointResult, network: Network, summary: Bool = true) {
        self.init()
        if summary {
            addSites((r.origins + r.destinations).map(\.name))
            notes.append(MapResultReader.throughputNote(MapResults.written(r.maxThroughputTonnesPerDay, decimals: 3)))
        }
        append(MapResults(document: FlowOutput.document(r, network: network)))
    }

    /// The removed elements of the best plan (numbered markers), the minimum cut of what they leave, the sites and
    /// the throughput left as a note.
    public init(interdiction r: InterdictionResult, network: Network) {
        self.init()
        addSites((r.origins + r.destinations).map(\.name))
        notes.append("throughput left \(r.best.throughputLeftTonnesPerDay) of \(r.intactThroughputTonnesPerDay) t/day")
        append(MapResults(document: InterdictionOutput.document(r, network: network)))
    }

    /// The reached edges, cut where the budget runs out, and the sources as sites (named as the request names them,
    /// like the `corridor` member of the reach GeoJSON).
    public init(reach result: ReachResult, network: Network) {
        self.init()
        addSites(result.sources.map(\.text))
        reachSource = result.sources.map(\.text).joined(separator: ", ")
        append(MapResults(document: ReachOutput.document(result, network: network)))
    }

    /// The drawable features of a result document (without its summary).
    init(document: ResultDocument) {
        self.init()
        for f in document.features {
            var props: [String: Any] = ["feature": f.role.rawValue]
            for p in f.properties {
                switch p.value {
                case let .integer(v): props[p.name] = NSNumber(value: v)
                case let .real(v, decimals): props[p.name] = NSNumber(value: MapResults.written(v, decimals: decimals))
                case let .text(v): props[p.name] = v
                case let .boolean(v): props[p.name] = v
                case let .list(items): props[p.name] = PropertyValue.joined(items)
                case .null: props[p.name] = NSNull()
                }
            }
            let parts: [[LonLat]]
            switch f.geometry {
            case let .lines(l): parts = l
            case let .point(p): parts = [[p]]
            }
            MapResultReader.add(props, parts: MapResults.written(parts), into: &self)
        }
    }

    /// Flow change of every edge between a baseline flow and a scenario's (edge ids of the baseline are stable
    /// across scenarios; added edges come last), for a difference map.
    public init(flowChange scenario: FlowResult, baseline: FlowResult) {
        self.init()
        let n = scenario.network
        let count = max(scenario.edgeFlow.count, baseline.edgeFlow.count)
        for e in 0..<min(count, n.edgeCount) where n.edgeKind[e] == .line {
            let before = e < baseline.edgeFlow.count ? baseline.edgeFlow[e] : 0
            let after = e < scenario.edgeFlow.count ? scenario.edgeFlow[e] : 0
            guard before != after else { continue }
            let parts = MapResults.written([Array(n.edgeGeometry(e))])
            features.append(MapFeature(kind: .flowChange(deltaTonnesPerDay: Double(after - before),
                                                         beforeTonnesPerDay: Double(before), afterTonnesPerDay: Double(after)),
                                       parts: parts, label: n.name(ofEdge: e)))
        }
        notes.append("delivered \(NumberFormat.grouped(scenario.deliveredTonnesPerDay, decimals: 0)) t/day (baseline \(NumberFormat.grouped(baseline.deliveredTonnesPerDay, decimals: 0)))")
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
