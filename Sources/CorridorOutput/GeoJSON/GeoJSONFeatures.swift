import CorridorAnalysis
import CorridorGeo
import CorridorNetwork

/// Bounding box accumulator for GeoJSON `bbox` members (positions as written, rounded to 7 decimals).
struct BoundingBox {
    var minLon = Double.infinity, minLat = Double.infinity, maxLon = -Double.infinity, maxLat = -Double.infinity
    var isEmpty: Bool { minLon > maxLon }
    mutating func add(_ p: LonLat) {
        let q = BoundingBox.rounded(p)
        minLon = min(minLon, q.lon); maxLon = max(maxLon, q.lon)
        minLat = min(minLat, q.lat); maxLat = max(maxLat, q.lat)
    }
    mutating func add(_ other: BoundingBox) {
        guard !other.isEmpty else { return }
        minLon = min(minLon, other.minLon); maxLon = max(maxLon, other.maxLon)
        minLat = min(minLat, other.minLat); maxLat = max(maxLat, other.maxLat)
    }
    static func rounded(_ p: LonLat) -> LonLat {
        LonLat(lon: (p.lon * 1e7).rounded() / 1e7, lat: (p.lat * 1e7).rounded() / 1e7)
    }
    func write(to w: inout JSONWriter) {
        guard !isEmpty else { return }
        w.key("bbox")
        w.beginArray()
        for v in [minLon, minLat, maxLon, maxLat] { w.number(v, decimals: 7) }
        w.endArray()
    }
}

/// One GeoJSON Feature already written by `JSONWriter`, with its bounding box.
struct FeatureText {
    var json: String
    var bbox: BoundingBox
}

/// Assembles written features into the two GeoJSON containers Corridor emits.
enum GeoJSONFeatures {
    /// A Feature with its own `bbox`, the `tags` (written first, e.g. a comparison's `scenario`) and the properties
    /// `writeProperties` writes, and `geometry`.
    static func feature(_ geometry: LineGeometry, tags: [(String, String)] = [],
                        properties writeProperties: (inout JSONWriter) -> Void) -> FeatureText {
        let box = geometry.bbox
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "Feature")
        box.write(to: &w)
        w.key("properties")
        w.beginObject()
        for (key, value) in tags { w.field(key, value) }
        writeProperties(&w)
        w.endObject()
        geometry.write(to: &w)
        w.endObject()
        return FeatureText(json: w.text, bbox: box)
    }

    /// An RFC 7946 FeatureCollection with a `bbox` (over all features, unless given) and, when given, a `corridor`
    /// foreign member (a run summary) written by `summary`.
    static func collection(_ features: [FeatureText], bbox: BoundingBox? = nil,
                           summary: ((inout JSONWriter) -> Void)? = nil) -> String {
        var box = BoundingBox()
        if let bbox { box = bbox } else { for f in features { box.add(f.bbox) } }
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "FeatureCollection")
        box.write(to: &w)
        if let summary { w.key("corridor"); summary(&w) }
        w.key("features")
        w.beginArray()
        for f in features { w.raw(f.json) }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    /// RFC 8142: each Feature prefixed by RS (0x1E) and terminated by a newline.
    static func sequence(_ features: [FeatureText]) -> String {
        features.map { "\u{1E}" + $0.json + "\n" }.joined()
    }
}
