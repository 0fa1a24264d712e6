import CorridorAnalysis
import CorridorGeo
import CorridorNetwork

/// The network as features for `export`: every edge (lines; connectors as points) with pgRouting's `cost` and
/// `reverse_cost`, and every node as a point; each with the nearest place's name.
public enum NetworkGeoJSON {
    /// One `edge` feature per edge (docs/FORMATS.md): edge properties, `source_node_id`, `target_node_id`,
    /// `source_place`, `target_place`, `oneway`, `length_m`, `time_h`, `capacity_tpd`, `cost_per_t`, `cost`,
    /// `reverse_cost`.
    public static func edgeDocument(_ n: Network) -> ResultDocument {
        let view = NetworkView(network: n)
        var placeOfNode: [UInt32: String] = [:]
        func place(_ v: UInt32) -> String {
            if let known = placeOfNode[v] { return known }
            let name = n.placeName(near: v) ?? ""
            placeOfNode[v] = name
            return name
        }
        let features = (0..<n.edgeCount).map { e -> OutputFeature in
            var p = PropertyList()
            EdgeFeatures.add(edge: e, of: n, to: &p)
            p.add("source_node_id", Int(n.edgeSource[e]))
            p.add("target_node_id", Int(n.edgeTarget[e]))
            p.add("source_place", place(n.edgeSource[e]))
            p.add("target_place", place(n.edgeTarget[e]))
            p.add("oneway", n.edgeOneway[e])
            p.add("length_m", n.edgeLengthMeters[e], decimals: 1)
            // Nine decimals (under 2 µs) keep the integer deciseconds of the router exact for peers (Tools/crosscheck).
            p.add("time_h", n.edges.timeSeconds(ofEdge: e) / 3600, decimals: 9)
            p.add("capacity_tpd", n.edgeCapacityTonnesPerDay[e])
            let cost = view.value(ofEdge: e, metric: .cost)
            p.add("cost_per_t", cost, decimals: 4)
            p.add("cost", cost, decimals: 4)
            p.add("reverse_cost", n.edgeOneway[e] ? -1 : cost, decimals: 4)
            return OutputFeature(role: .edge, geometry: n.outputGeometry(ofEdge: e), properties: p.items, id: e)
        }
        return ResultDocument(command: "export", roles: [.edge], features: features, corridor: record(n))
    }

    /// One `node` feature per node: `node_id`, `layer`, `place`.
    public static func nodeDocument(_ n: Network) -> ResultDocument {
        let features = (0..<n.nodeCount).map { v -> OutputFeature in
            var p = PropertyList()
            p.add("node_id", v)
            p.add("layer", n.nodeLayer[v].description)
            p.add("place", n.placeName(near: UInt32(v)) ?? "")
            return OutputFeature(role: .node, geometry: .point(n.nodeLocation[v]), properties: p.items, id: v)
        }
        return ResultDocument(command: "export", roles: [.node], features: features, corridor: record(n))
    }

    /// A FeatureCollection of `edgeDocument(_:)`.
    public static func edges(_ n: Network) -> String { GeoJSONOutput.collection(edgeDocument(n)) }

    /// A FeatureCollection of `nodeDocument(_:)`.
    public static func nodes(_ n: Network) -> String { GeoJSONOutput.collection(nodeDocument(n)) }

    static func record(_ n: Network) -> String {
        QueryRecord.json(command: "export", network: n, scenario: nil, restrictions: nil, notes: []) { _ in }
    }
}
