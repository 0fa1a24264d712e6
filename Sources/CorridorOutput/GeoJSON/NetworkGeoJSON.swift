import CorridorAnalysis
import CorridorGeo
import CorridorNetwork

/// RFC 7946 GeoJSON of a network: edges as LineStrings, nodes as Points; 7-decimal coordinates, `bbox`, no `crs`.
public enum NetworkGeoJSON {
    /// A FeatureCollection with one LineString per edge. Properties: `id`, `source`, `target`, `oneway`, `mode`,
    /// `class`, `kind`, `name`, `length_m`, `time_s`, `capacity_tpd`, `gauge_mm` ("1520", "1435", "dual" or null),
    /// `country`, `region`.
    public static func edges(_ n: Network) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "FeatureCollection")
        writeBBox(&w, n.geometry)
        w.key("features"); w.beginArray()
        for e in 0..<n.edgeCount {
            let g = Array(n.edgeGeometry(e))
            w.beginObject()
            w.field("type", "Feature")
            w.field("id", e)
            writeBBox(&w, g)
            w.key("geometry"); w.beginObject()
            w.field("type", "LineString")
            w.key("coordinates"); w.beginArray(); for p in g { w.position(p) }; w.endArray()
            w.endObject()
            w.key("properties"); w.beginObject()
            w.field("id", e)
            w.field("source", Int(n.edgeSource[e]))
            w.field("target", Int(n.edgeTarget[e]))
            w.field("oneway", n.edgeOneway[e])
            w.field("mode", n.edgeMode[e].description)
            w.field("class", n.className(ofEdge: e))
            w.field("kind", n.edgeKind[e].description)
            w.field("name", n.name(ofEdge: e))
            w.field("length_m", n.edgeLengthMeters[e], decimals: 1)
            w.field("time_s", n.edgeTimeSeconds[e], decimals: 1)
            w.field("capacity_tpd", n.edgeCapacityTonnesPerDay[e])
            w.key("gauge_mm")
            if n.edgeGauge[e] == .none { w.null() } else { w.string(n.edgeGauge[e].description) }
            w.field("country", n.country(ofEdge: e))
            w.field("region", n.region(ofEdge: e))
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    /// A FeatureCollection with one Point per node; properties `id`, `layer`.
    public static func nodes(_ n: Network) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "FeatureCollection")
        writeBBox(&w, n.nodeLocation)
        w.key("features"); w.beginArray()
        for v in 0..<n.nodeCount {
            w.beginObject()
            w.field("type", "Feature")
            w.field("id", v)
            w.key("geometry"); w.beginObject()
            w.field("type", "Point")
            w.key("coordinates"); w.position(n.nodeLocation[v])
            w.endObject()
            w.key("properties"); w.beginObject()
            w.field("id", v)
            w.field("layer", n.nodeLayer[v].description)
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    static func writeBBox<C: Collection>(_ w: inout JSONWriter, _ points: C) where C.Element == LonLat {
        guard !points.isEmpty else { return }
        var b = [Double.infinity, Double.infinity, -Double.infinity, -Double.infinity]
        for p in points { b[0] = min(b[0], p.lon); b[1] = min(b[1], p.lat); b[2] = max(b[2], p.lon); b[3] = max(b[3], p.lat) }
        w.key("bbox"); w.beginArray(); for x in b { w.number(x, decimals: 7) }; w.endArray()
    }
}
