import CorridorCore
import CorridorGeo

/// Writes a `ResultDocument` as GeoJSON (RFC 7946, the query record as the collection's `corridor` member) or as
/// a GeoJSON text sequence (RFC 8142, the record on the first feature). Deterministic: properties in schema
/// order, 7-decimal coordinates, numbers through `NumberFormat`.
public enum GeoJSONOutput {
    /// An RFC 7946 FeatureCollection with a `bbox` over all features and the `corridor` member.
    public static func collection(_ document: ResultDocument, tags: [(String, String)] = []) -> String {
        collection(document.features, tags: Array(repeating: tags, count: document.features.count), corridor: document.corridor)
    }

    /// A FeatureCollection of `features`, each with its own `tags` (first among its properties), with a `bbox` over
    /// all features and `corridor` as its member.
    static func collection(_ features: [OutputFeature], tags: [[(String, String)]], corridor: String) -> String {
        let texts = zip(features, tags).map { feature($0, tags: $1) }
        var box = BoundingBox()
        for t in texts { box.add(t.bbox) }
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "FeatureCollection")
        box.write(to: &w)
        w.key("corridor"); w.raw(corridor)
        w.key("features")
        w.beginArray()
        for t in texts { w.raw(t.json) }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    /// RFC 8142: each Feature prefixed by RS (0x1E) and terminated by a newline; the first carries `corridor`.
    public static func sequence(_ document: ResultDocument) -> String {
        var out = ""
        for (i, f) in document.features.enumerated() {
            out += "\u{1E}" + feature(f, corridor: i == 0 ? document.corridor : nil).json + "\n"
        }
        return out
    }

    /// One Feature: `type`, `id` (when the feature has one), `bbox`, `properties` (`tags`, `feature`, then the
    /// feature's), `geometry`, and `corridor` when given.
    static func feature(_ f: OutputFeature, tags: [(String, String)] = [], corridor: String? = nil) -> FeatureText {
        var box = BoundingBox()
        // Part by part, so a segment across ±180° gives an RFC 7946 §5.2 box (west > east).
        switch f.geometry {
        case let .lines(parts): for part in parts { box.add(line: part) }
        case let .point(p): box.add(p)
        }
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "Feature")
        if let id = f.id { w.field("id", id) }
        box.write(to: &w)
        w.key("properties")
        w.beginObject()
        for (k, v) in tags { w.field(k, v) }
        w.field("feature", f.role.rawValue)
        for p in f.properties { w.key(p.name); write(p.value, to: &w) }
        w.endObject()
        write(f.geometry, to: &w)
        if let corridor { w.key("corridor"); w.raw(corridor) }
        w.endObject()
        return FeatureText(json: w.text, bbox: box)
    }

    static func write(_ value: PropertyValue, to w: inout JSONWriter) {
        switch value {
        case let .integer(v): w.int(v)
        case let .real(v, decimals): w.number(v, decimals: decimals)
        case let .text(v): w.string(v)
        case let .boolean(v): w.bool(v)
        case let .list(items): w.string(PropertyValue.joined(items))
        case .null: w.null()
        }
    }

    static func write(_ geometry: OutputGeometry, to w: inout JSONWriter) {
        w.key("geometry")
        w.beginObject()
        switch geometry {
        case let .point(p):
            w.field("type", "Point")
            w.key("coordinates"); w.position(p)
        case let .lines(parts) where parts.count == 1:
            w.field("type", "LineString")
            w.key("coordinates")
            w.beginArray(); for p in parts[0] { w.position(p) }; w.endArray()
        case let .lines(parts):
            w.field("type", "MultiLineString")
            w.key("coordinates")
            w.beginArray()
            for part in parts { w.beginArray(); for p in part { w.position(p) }; w.endArray() }
            w.endArray()
        }
        w.endObject()
    }
}
