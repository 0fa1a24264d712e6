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
