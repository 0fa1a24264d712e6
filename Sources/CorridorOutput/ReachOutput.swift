import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Writers for reachability results: reached edges as GeoJSON (partial edges cut at the budget), a JSON report
/// and a text summary.
public enum ReachOutput {
    /// A FeatureCollection with one Feature per reached line edge (a MultiLineString when reached from both ends
    /// without meeting).
    public static func geoJSON(_ result: ReachResult, network: Network) -> String {
        GeoJSONFeatures.collection(features(result, network: network))
    }

    /// RFC 8142 sequence of the same features.
    public static func geoJSONSeq(_ result: ReachResult, network: Network) -> String {
        GeoJSONFeatures.sequence(features(result, network: network))
    }

    /// A JSON summary: sources, budget, counts and the places reached.
    public static func json(_ result: ReachResult, network: Network) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("sources")
        w.beginArray()
        for s in result.sources { RouteOutput.writeEndpoint(s, network: network, to: &w) }
        w.endArray()
        writeBudget(result.budget, to: &w)
        w.field("restrictions", strings: result.restrictionNotes)
        w.field("reached_nodes", result.reachedNodeCount)
        w.field("reached_edges", result.edges.count)
        w.field("whole_edges", result.edges.filter(\.isWhole).count)
        w.key("places")
        w.beginArray()
        for p in result.places {
            w.beginObject()
            w.field("name", p.name)
            writeValue(p.value, budget: result.budget, to: &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    /// A text summary listing the places reached.
    public static func text(_ result: ReachResult, network: Network) -> String {
        var out = "Reach within \(result.budget) from \(result.sources.map(\.label).joined(separator: ", "))\n"
        out += "  \(result.reachedNodeCount) nodes, \(result.edges.count) edges (\(result.edges.filter(\.isWhole).count) whole)\n"
        for p in result.places {
            switch result.budget {
            case .seconds: out += "  \(NumberFormat.padded(NumberFormat.fixed(p.value / 3600, decimals: 1), width: 7)) h  \(p.name)\n"
            case .meters: out += "  \(NumberFormat.padded(NumberFormat.fixed(p.value / 1000, decimals: 1), width: 7)) km  \(p.name)\n"
            }
        }
        return out
    }

    static func writeBudget(_ budget: ReachBudget, to w: inout JSONWriter) {
        switch budget {
        case let .seconds(s): w.field("budget_h", s / 3600, decimals: 4)
        case let .meters(m): w.field("budget_km", m / 1000, decimals: 3)
        }
    }

    static func writeValue(_ value: Double, budget: ReachBudget, to w: inout JSONWriter) {
        switch budget {
        case .seconds: w.field("time_h", value / 3600, decimals: 3)
        case .meters: w.field("distance_km", value / 1000, decimals: 3)
        }
    }

    /// The reached parts of an edge, cut where the budget runs out. Pieces stay separate parts even when adjacent,
    /// so partial coverage from both ends is visible.
    static func geometry(of reached: ReachedEdge, network n: Network) -> LineGeometry {
        let e = Int(reached.edge)
        var line = Array(n.edgeGeometry(e))
        if line.count < 2 { line = [n.nodeLocation[Int(n.edgeSource[e])], n.nodeLocation[Int(n.edgeTarget[e])]] }
        var geometry = LineGeometry(pieces: [])
        geometry.parts = reached.pieces.map { piece in
            LineGeometry(pieces: [PolylineCut.slice(line, from: piece.lowerBound, to: piece.upperBound)]).parts[0]
        }
        return geometry
    }

    static func features(_ result: ReachResult, network n: Network) -> [FeatureText] {
        result.edges.map { reached in
            let e = Int(reached.edge)
            return GeoJSONFeatures.feature(geometry(of: reached, network: n)) { w in
                w.field("edge", e)
                w.field("name", n.name(ofEdge: e))
                w.field("mode", n.edgeMode[e].description)
                w.field("class", n.className(ofEdge: e))
                w.field("country", n.country(ofEdge: e))
                w.field("whole", reached.isWhole)
                w.field("fraction", reached.pieces.reduce(0) { $0 + $1.upperBound - $1.lowerBound }, decimals: 4)
                switch result.budget {
                case .seconds: w.field("entry_h", reached.entryValue / 3600, decimals: 3)
                case .meters: w.field("entry_km", reached.entryValue / 1000, decimals: 3)
            }
            }
        }
    }
}
