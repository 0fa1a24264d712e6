import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Writers for routing results: GeoJSON (RFC 7946), GeoJSON text sequences (RFC 8142), a JSON report and a
/// readable itinerary. Output is deterministic: fixed key order and number formatting.
public enum RouteOutput {
    /// A FeatureCollection with one Feature per route (and, with `segments`, one per traversed edge after it).
    public static func geoJSON(_ result: RouteResult, network: Network, segments: Bool = false) -> String {
        GeoJSONFeatures.collection(features(result, network: network, segments: segments))
    }

    /// RFC 8142: each Feature prefixed by RS (0x1E) and terminated by a newline.
    public static func geoJSONSeq(_ result: RouteResult, network: Network, segments: Bool = false) -> String {
        GeoJSONFeatures.sequence(features(result, network: network, segments: segments))
    }

    /// A plain JSON report: endpoints with snapping, restrictions, and each route's totals, legs and edges.
    public static func json(_ result: RouteResult, network: Network) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("metric", result.request.metric.rawValue)
        w.key("from"); writeEndpoint(result.from, network: network, to: &w)
        w.key("to"); writeEndpoint(result.to, network: network, to: &w)
        w.key("via"); w.beginArray(); for v in result.via { writeEndpoint(v, network: network, to: &w) }; w.endArray()
        w.field("restrictions", strings: result.restrictionNotes)
        w.key("routes")
        w.beginArray()
        for route in result.routes {
            w.beginObject()
            writeRouteProperties(route, result: result, to: &w)
            w.key("edges"); w.beginArray(); for e in route.edges { w.int(Int(e)) }; w.endArray()
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

    /// The geometry of a route: its arcs' polylines joined (a point for a route that does not move).
    static func geometry(of route: Route, network: Network) -> LineGeometry {
        if route.arcs.isEmpty {
            let p = network.nodeLocation[Int(route.nodes[0])]
            return LineGeometry(pieces: [[p, p]])
        }
        return LineGeometry(pieces: route.arcs.map { network.travelGeometry(arc: $0) })
    }

    /// One feature per route (then, with `segments`, one per traversed edge), each with `tags` first.
    static func features(_ result: RouteResult, network: Network, segments: Bool,
                         tags: [(String, String)] = []) -> [FeatureText] {
        var out: [FeatureText] = []
        let view = segments ? ((try? NetworkView(network: network, restrictions: result.request.restrictions))
            ?? NetworkView(network: network)) : NetworkView(network: network)
        for route in result.routes {
            out.append(GeoJSONFeatures.feature(geometry(of: route, network: network), tags: tags) { w in
                w.field("feature", "route")
                writeRouteProperties(route, result: result, to: &w)
            })
            if segments {
                for (i, arc) in route.arcs.enumerated() {
                    out.append(segmentFeature(route: route, index: i, arc: arc, view: view))
                }
            }
        }
        return out
    }

    static func segmentFeature(route: Route, index: Int, arc: UInt32, view: NetworkView) -> FeatureText {
        let n = view.network
        let e = Int(n.arcEdge[Int(arc)])
        let geometry = LineGeometry(pieces: [n.travelGeometry(arc: arc)])
        return GeoJSONFeatures.feature(geometry) { w in
            w.field("feature", "segment")
            w.field("route", route.rank)
            w.field("seq", index + 1)
            w.field("edge", e)
            w.field("kind", n.edgeKind[e].description)
            w.field("name", n.name(ofEdge: e))
            w.field("mode", n.edgeMode[e].description)
            w.field("class", n.className(ofEdge: e))
            w.field("layer", n.nodeLayer[Int(n.graph.tail[Int(arc)])].description)
            w.field("country", n.country(ofEdge: e))
            w.field("region", n.region(ofEdge: e))
            w.field("length_m", view.value(ofEdge: e, metric: .distance), decimals: 1)
            w.field("time_s", view.value(ofEdge: e, metric: .time), decimals: 1)
            w.field("cost", view.value(ofEdge: e, metric: .cost), decimals: 4)
        }
    }

    static func writeRouteProperties(_ route: Route, result: RouteResult, to w: inout JSONWriter) {
        w.field("rank", route.rank)
        w.field("from", result.from.label)
        w.field("to", result.to.label)
        w.field("via", strings: result.via.map(\.label))
        w.field("metric", result.request.metric.rawValue)
        w.field("distance_km", route.distanceMeters / 1000, decimals: 3)
        w.field("time_h", route.timeSeconds / 3600, decimals: 3)
        w.field("cost", route.cost, decimals: 3)
        w.field("modes", strings: route.modes)
        w.field("countries", strings: route.countries)
        w.field("crossings", strings: route.crossings)
        w.field("transshipments", strings: route.transshipments)
        w.field("transfers", strings: route.transfers)
        w.field("from_snap_m", result.from.snapDistance(of: route.nodes[0]), decimals: 1)
        w.field("to_snap_m", result.to.snapDistance(of: route.nodes[route.nodes.count - 1]), decimals: 1)
        w.key("legs")
        w.beginArray()
        for leg in route.legs {
            w.beginObject()
            w.field("mode", leg.mode.description)
            w.field("layer", leg.layer.description)
            w.field("country", leg.country)
            w.field("from", leg.fromPlace)
            w.field("to", leg.toPlace)
            w.field("distance_km", leg.distanceMeters / 1000, decimals: 3)
            w.field("time_h", leg.timeSeconds / 3600, decimals: 3)
            w.field("cost", leg.cost, decimals: 3)
            w.field("lines", strings: leg.lineNames)
            w.endObject()
        }
        w.endArray()
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
            w.field("node", Int(node))
            w.field("layer", network.nodeLayer[Int(node)].description)
            w.field("snap_m", s.nodeDistancesMeters[i], decimals: 1)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
