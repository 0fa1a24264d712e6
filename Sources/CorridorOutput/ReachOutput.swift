import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Writers for reachability results: reached edges as GeoJSON (partial edges cut at the budget), a JSON report
/// and a text summary.
public enum ReachOutput {
    /// One `reach` feature per reached line edge (a MultiLineString when reached from both ends without
    /// meeting), with the query record (its budget included).
    public static func document(_ result: ReachResult, network: Network, scenario: String? = nil) -> ResultDocument {
        let corridor = QueryRecord.json(command: "reach", network: network, scenario: scenario,
                                        restrictions: result.restrictions, notes: result.restrictionNotes) { w in
            w.field("from", strings: result.sources.map(\.text))
            w.key("budget"); w.beginObject(); writeBudget(result.budget, to: &w); w.endObject()
        } summary: { w in
            w.field("reached_node_count", result.reachedNodeCount)
            w.field("reached_edge_count", result.edges.count)
            w.field("whole_edge_count", result.edges.filter(\.isWhole).count)
        }
        return ResultDocument(command: "reach", roles: [.reach], features: features(result, network: network),
                              corridor: corridor)
    }

    /// A FeatureCollection of `document(_:network:)`.
    public static func geoJSON(_ result: ReachResult, network: Network) -> String {
        GeoJSONOutput.collection(document(result, network: network))
    }

    /// RFC 8142 sequence of the same features.
    public static func geoJSONSeq(_ result: ReachResult, network: Network) -> String {
        GeoJSONOutput.sequence(document(result, network: network))
    }

    /// A JSON summary: sources, budget, counts and the places reached.
    public static func json(_ result: ReachResult, network: Network) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("sources")
        w.beginArray()
        for s in result.sources { RouteOutput.writeEndpoint(s, network: network, to: &w) }
        w.endArray()
        w.key("budget"); w.beginObject(); writeBudget(result.budget, to: &w); w.endObject()
        w.key("restrictions")
        QueryRecord.writeRestrictions(result.restrictions, notes: result.restrictionNotes, to: &w)
        w.field("reached_node_count", result.reachedNodeCount)
        w.field("reached_edge_count", result.edges.count)
        w.field("whole_edge_count", result.edges.filter(\.isWhole).count)
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

    /// `metric` and `time_h` or `length_m`.
    static func writeBudget(_ budget: ReachBudget, to w: inout JSONWriter) {
        switch budget {
        case let .seconds(s): w.field("metric", "time"); w.field("time_h", s / 3600, decimals: 6)
        case let .meters(m): w.field("metric", "distance"); w.field("length_m", m, decimals: 1)
        }
    }

    static func writeValue(_ value: Double, budget: ReachBudget, to w: inout JSONWriter) {
        switch budget {
        case .seconds: w.field("time_h", value / 3600, decimals: 4)
        case .meters: w.field("length_m", value, decimals: 1)
        }
    }

    static func features(_ result: ReachResult, network n: Network) -> [OutputFeature] {
        result.edges.map { reached in
            let e = Int(reached.edge)
            var line = Array(n.edgeGeometry(e))
            if line.count < 2 { line = [n.nodeLocation[Int(n.edgeSource[e])], n.nodeLocation[Int(n.edgeTarget[e])]] }
            // Pieces stay separate parts even when adjacent, so partial coverage from both ends is visible.
            let parts = reached.pieces.compactMap { piece -> [LonLat]? in
                guard case let .lines(l)? = OutputGeometry(pieces: [PolylineCut.slice(line, from: piece.lowerBound, to: piece.upperBound)])
                else { return nil }
                return l[0]
            }
            var p = PropertyList()
            EdgeFeatures.add(edge: e, of: n, to: &p)
            p.add("whole", reached.isWhole)
            p.add("fraction", reached.pieces.reduce(0) { $0 + $1.upperBound - $1.lowerBound }, decimals: 4)
            switch result.budget {
            case .seconds: p.add("entry_time_h", reached.entryValue / 3600, decimals: 4)
            case .meters: p.add("entry_length_m", reached.entryValue, decimals: 1)
            }
            let geometry: OutputGeometry = parts.isEmpty ? .point(line[0]) : .lines(parts)
            return OutputFeature(role: .reach, geometry: geometry, properties: p.items, id: e)
        }
    }
}
