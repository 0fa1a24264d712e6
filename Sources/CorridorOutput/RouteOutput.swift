import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Writers for routing results: GeoJSON (RFC 7946), GeoJSON text sequences (RFC 8142), a JSON report and a
/// readable itinerary. Output is deterministic: fixed key order and number formatting.
public enum RouteOutput {
    /// The result as features: one `route` per route, its `leg`s and, with `segments`, one `segment` per traversed
    /// edge (connectors as points), with the query record (docs/FORMATS.md, "Outputs").
    public static func document(_ result: RouteResult, network: Network, segments: Bool = false,
                                scenario: String? = nil) -> ResultDocument {
        ResultDocument(command: "route", roles: segments ? [.route, .leg, .segment] : [.route, .leg],
                       features: features(result, network: network, segments: segments),
                       corridor: record(result, network: network, scenario: scenario))
    }

    /// A FeatureCollection of `document(_:network:segments:)`.
    public static func geoJSON(_ result: RouteResult, network: Network, segments: Bool = false) -> String {
        GeoJSONOutput.collection(document(result, network: network, segments: segments))
    }

    /// RFC 8142: each Feature prefixed by RS (0x1E) and terminated by a newline.
    public static func geoJSONSeq(_ result: RouteResult, network: Network, segments: Bool = false) -> String {
        GeoJSONOutput.sequence(document(result, network: network, segments: segments))
    }

    /// A plain JSON report: endpoints with snapping, restrictions, and each route's totals, legs and edge ids.
    public static func json(_ result: RouteResult, network: Network) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("metric", result.request.metric.rawValue)
        w.key("from"); writeEndpoint(result.from, network: network, to: &w)
        w.key("to"); writeEndpoint(result.to, network: network, to: &w)
        w.key("via"); w.beginArray(); for v in result.via { writeEndpoint(v, network: network, to: &w) }; w.endArray()
        w.key("restrictions")
        QueryRecord.writeRestrictions(result.request.restrictions, notes: result.restrictionNotes, to: &w)
        w.key("routes")
        w.beginArray()
        for route in result.routes {
            w.beginObject()
            for p in routeProperties(route, result: result) {
                w.key(p.name)
                if case let .list(items) = p.value { w.beginArray(); for i in items { w.string(i) }; w.endArray() }
                else { GeoJSONOutput.write(p.value, to: &w) }
            }
            w.key("legs")
            w.beginArray()
            for (i, leg) in route.legs.enumerated() {
                w.beginObject()
                for p in legProperties(leg, index: i, route: route) where p.name != "route" {
                    w.key(p.name)
                    if case let .list(items) = p.value { w.beginArray(); for i in items { w.string(i) }; w.endArray() }
                    else { GeoJSONOutput.write(p.value, to: &w) }
                }
                w.endObject()
            }
            w.endArray()
            w.key("edge_ids"); w.beginArray(); for e in route.edges { w.int(Int(e)) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    /// A readable itinerary: per route, totals, then legs with the crossings and terminals between them.
    public static func text(_ result: RouteResult, network: Network) -> String {
        var out = ""
        let via = result.via.map(\.label)
        let path = ([result.from.label] + via + [result.to.label]).joined(separator: " → ")
        for route in result.routes {
            out += "Route \(route.rank): \(path) (by \(result.request.metric.rawValue))\n"
            out += "  distance \(NumberFormat.fixed(route.distanceMeters / 1000, decimals: 1)) km, time \(NumberFormat.fixed(route.timeSeconds / 3600, decimals: 1)) h"
            out += ", cost \(NumberFormat.fixed(route.cost, decimals: 2)) per tonne\n"
            out += "  modes \(route.modes.joined(separator: ", ")); countries \(route.countries.joined(separator: " → "))\n"
            var legIndex = 0
            var leg = 0
            // Walk edges, printing each leg once at its first edge and connectors where they occur.
            for e in route.edges {
                let edge = Int(e)
                switch network.edgeKind[edge] {
                case .line:
                    if leg < route.legs.count && route.legs[leg].edges.first == e {
                        let l = route.legs[leg]
                        legIndex += 1
                        let lines = l.lineNames.isEmpty ? "" : "  [\(l.lineNames.joined(separator: ", "))]"
                        out += "  \(legIndex). \(l.layer) \(l.country.isEmpty ? "--" : l.country)  \(l.fromPlace) → \(l.toPlace)"
                        out += "  \(NumberFormat.fixed(l.distanceMeters / 1000, decimals: 1)) km, \(NumberFormat.fixed(l.timeSeconds / 3600, decimals: 1)) h\(lines)\n"
                        leg += 1
                    }
                case .crossing:
                    out += "     border crossing \(network.name(ofEdge: edge)) (\(NumberFormat.fixed(network.edgeTimeSeconds[edge] / 3600, decimals: 1)) h)\n"
                case .transshipment:
                    out += "     transshipment at \(network.name(ofEdge: edge)) (\(NumberFormat.fixed(network.edgeTimeSeconds[edge] / 3600, decimals: 1)) h)\n"
                case .transfer:
                    out += "     transfer at \(network.name(ofEdge: edge)) (\(NumberFormat.fixed(network.edgeTimeSeconds[edge] / 3600, decimals: 1)) h)\n"
                }
            }
            if result.from.snapDistanceMeters > 1000 || result.to.snapDistanceMeters > 1000 {
                out += "  (snapped \(NumberFormat.fixed(result.from.snapDistanceMeters / 1000, decimals: 1)) km from the start, "
                out += "\(NumberFormat.fixed(result.to.snapDistanceMeters / 1000, decimals: 1)) km from the end)\n"
            }
        }
        return out
    }

    // MARK: Pieces

    static func record(_ result: RouteResult, network: Network, scenario: String?) -> String {
        let r = result.request
        return QueryRecord.json(command: "route", network: network, scenario: scenario, restrictions: r.restrictions,
                                notes: result.restrictionNotes) { w in
            w.field("from", result.from.text)
            w.field("to", result.to.text)
            w.field("via", strings: result.via.map(\.text))
            w.field("metric", r.metric.rawValue)
            w.field("alternatives", r.alternatives)
            w.field("max_overlap", r.maxOverlap, decimals: 3)
            w.field("alternative_method", r.alternativeMethod.rawValue)
        }
    }

    /// The geometry of a route: its arcs' polylines joined (a point for a route that does not move).
    static func geometry(arcs: [UInt32], start: UInt32, network: Network) -> OutputGeometry {
        OutputGeometry(pieces: arcs.map { network.travelGeometry(arc: $0) }) ?? .point(network.nodeLocation[Int(start)])
    }

    static func features(_ result: RouteResult, network: Network, segments: Bool) -> [OutputFeature] {
        var out: [OutputFeature] = []
        let view = segments ? ((try? NetworkView(network: network, restrictions: result.request.restrictions))
            ?? NetworkView(network: network)) : NetworkView(network: network)
        for route in result.routes {
            out.append(OutputFeature(role: .route, geometry: geometry(arcs: route.arcs, start: route.nodes[0], network: network),
                                     properties: routeProperties(route, result: result)))
        }
        for route in result.routes {
            // A leg's edges are a run of the route's edges, in order.
            var next = 0
            for (i, leg) in route.legs.enumerated() {
                guard let first = leg.edges.first,
                      let start = route.edges[next...].firstIndex(of: first) else { continue }
                let arcs = Array(route.arcs[start..<(start + leg.edges.count)])
                next = start + leg.edges.count
                out.append(OutputFeature(role: .leg, geometry: geometry(arcs: arcs, start: leg.fromNode, network: network),
                                         properties: legProperties(leg, index: i, route: route)))
            }
        }
        if segments {
            for route in result.routes {
                for (i, arc) in route.arcs.enumerated() {
                    out.append(segmentFeature(route: route, index: i, arc: arc, view: view))
                }
            }
        }
        return out
    }

    static func segmentFeature(route: Route, index: Int, arc: UInt32, view: NetworkView) -> OutputFeature {
        let n = view.network
        let e = Int(n.arcEdge[Int(arc)])
        var p = PropertyList()
        p.add("route", route.rank)
        p.add("seq", index + 1)
        EdgeFeatures.add(edge: e, of: n, to: &p)
        p.add("length_m", view.value(ofEdge: e, metric: .distance), decimals: 1)
        p.add("time_h", view.value(ofEdge: e, metric: .time) / 3600, decimals: 6)
        p.add("cost_per_t", view.value(ofEdge: e, metric: .cost), decimals: 4)
        return OutputFeature(role: .segment, geometry: n.outputGeometry(ofEdge: e, forward: n.arcForward[Int(arc)]),
                             properties: p.items)
    }

    static func routeProperties(_ route: Route, result: RouteResult) -> [OutputFeature.Property] {
        var p = PropertyList()
        p.add("rank", route.rank)
        p.add("from", result.from.label)
        p.add("to", result.to.label)
        p.add("via", list: result.via.map(\.label))
        p.add("metric", result.request.metric.rawValue)
        p.add("length_m", route.distanceMeters, decimals: 1)
        p.add("time_h", route.timeSeconds / 3600, decimals: 4)
        p.add("cost_per_t", route.cost, decimals: 3)
        p.add("modes", list: route.modes)
        p.add("countries", list: route.countries)
        p.add("crossings", list: route.crossings)
        p.add("transshipments", list: route.transshipments)
        p.add("transfers", list: route.transfers)
        p.add("from_snap_m", result.from.snapDistance(of: route.nodes[0]), decimals: 1)
        p.add("to_snap_m", result.to.snapDistance(of: route.nodes[route.nodes.count - 1]), decimals: 1)
        p.add("edge_count", route.edges.count)
        return p.items
    }

    static func legProperties(_ leg: RouteLeg, index: Int, route: Route) -> [OutputFeature.Property] {
        var p = PropertyList()
        p.add("route", route.rank)
        p.add("seq", index + 1)
        p.add("mode", leg.mode.description)
        p.add("layer", leg.layer.description)
        p.add("country", leg.country)
        p.add("from", leg.fromPlace)
        p.add("to", leg.toPlace)
        p.add("from_node_id", Int(leg.fromNode))
        p.add("to_node_id", Int(leg.toNode))
        p.add("length_m", leg.distanceMeters, decimals: 1)
        p.add("time_h", leg.timeSeconds / 3600, decimals: 4)
        p.add("cost_per_t", leg.cost, decimals: 3)
        p.add("lines", list: leg.lineNames)
        return p.items
    }

    static func writeEndpoint(_ s: SnappedEndpoint, network: Network, to w: inout JSONWriter) {
        w.beginObject()
        w.field("text", s.text)
        if let name = s.placeName { w.field("place", name) } else { w.key("place"); w.null() }
        w.key("location"); w.position(s.location)
        w.key("candidates")
        w.beginArray()
        for (i, node) in s.nodes.enumerated() {
            w.beginObject()
            w.field("node_id", Int(node))
            w.field("layer", network.nodeLayer[Int(node)].description)
            w.field("snap_m", s.nodeDistancesMeters[i], decimals: 1)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
