import CorridorAnalysis
import CorridorGeo
import CorridorNetwork

extension Network {
    /// The layer an edge is listed under: its source node's (a connector between layers, its first side).
    func outputLayer(ofEdge e: Int) -> NetworkLayer { nodeLayer[Int(edges.edgeSource[e])] }

    /// The track gauge of edge `e` in millimetres: 1520 or 1435; a dual-gauge edge has its layer's gauge; nil for
    /// roads and for connectors between gauges.
    func gaugeMillimetres(ofEdge e: Int) -> Int? {
        switch edges.edgeGauge[e] {
        case .none: return nil
        case .broad1520: return 1520
        case .standard1435: return 1435
        case .dual:
            switch outputLayer(ofEdge: e) {
            case .rail1520: return 1520
            case .rail1435: return 1435
            case .road: return nil
            }
        }
    }

    /// Where a connector (crossing, transshipment, transfer) is drawn: its nodes' midpoint (they usually coincide).
    func connectorPoint(ofEdge e: Int) -> LonLat {
        let a = nodeLocation[Int(edges.edgeSource[e])], b = nodeLocation[Int(edges.edgeTarget[e])]
        return LonLat(lon: (a.lon + b.lon) / 2, lat: (a.lat + b.lat) / 2)
    }

    /// Edge `e` as a feature geometry: its polyline (reversed when `forward` is false), or a point for a connector
    /// or a line piece without extent.
    func outputGeometry(ofEdge e: Int, forward: Bool = true) -> OutputGeometry {
        if edges.edgeKind[e] != .line { return .point(connectorPoint(ofEdge: e)) }
        var line = Array(edgeGeometry(e))
        if line.count < 2 { line = [nodeLocation[Int(edges.edgeSource[e])], nodeLocation[Int(edges.edgeTarget[e])]] }
        if !forward { line.reverse() }
        return OutputGeometry(pieces: [line]) ?? .point(line[0])
    }
}

extension OutputGeometry {
    /// Polylines joined in order (a gap of more than about a centimetre starts a new part), consecutive duplicate
    /// positions dropped; nil when nothing of extent is left (then the caller draws a point).
    init?(pieces: [[LonLat]]) {
        let joined = LineGeometry(pieces: pieces).parts.filter { part in
            part.count >= 2 && part.contains { !LineGeometry.same($0, part[0]) }
        }
        guard !joined.isEmpty else { return nil }
        self = .lines(joined)
    }
}

enum EdgeFeatures {
    /// The edge properties (docs/FORMATS.md): `edge_id`, `kind`, `name`, `mode`, `class`, `layer`, `gauge_mm`,
    /// `dual_gauge`, `country`, `region`.
    static func add(edge e: Int, of n: Network, to p: inout PropertyList) {
        p.add("edge_id", e)
        p.add("kind", n.edgeKind[e].description)
        p.add("name", n.name(ofEdge: e))
        p.add("mode", n.edgeMode[e].description)
        p.add("class", n.className(ofEdge: e))
        p.add("layer", n.outputLayer(ofEdge: e).description)
        p.add("gauge_mm", optional: n.gaugeMillimetres(ofEdge: e))
        p.add("dual_gauge", n.edgeGauge[e] == .dual)
        p.add("country", n.country(ofEdge: e))
        p.add("region", n.region(ofEdge: e))
    }
}
