import CorridorAnalysis
import CorridorGeo
import CorridorNetwork

/// Bounding box accumulator for GeoJSON `bbox` members (positions as written, rounded to 7 decimals).
///
/// RFC 7946 §5.2: a geometry that crosses the antimeridian (a segment whose longitudes differ by more than 180°,
/// taken the short way across ±180°) gets a box whose west edge is greater than its east edge, e.g.
/// `[177, -17, -178, -16]`: from the smallest eastern longitude across ±180° to the largest western one.
struct BoundingBox {
    var minLon = Double.infinity, minLat = Double.infinity, maxLon = -Double.infinity, maxLat = -Double.infinity
    /// Smallest longitude ≥ 0 and largest longitude < 0 (the two sides of a box across the antimeridian).
    var minEastLon = Double.infinity, maxWestLon = -Double.infinity
    /// Whether some line added crosses the antimeridian.
    var crossesAntimeridian = false
    var isEmpty: Bool { minLon > maxLon }
    mutating func add(_ p: LonLat) {
        let q = BoundingBox.rounded(p)
        minLon = min(minLon, q.lon); maxLon = max(maxLon, q.lon)
        minLat = min(minLat, q.lat); maxLat = max(maxLat, q.lat)
        if q.lon >= 0 { minEastLon = min(minEastLon, q.lon) } else { maxWestLon = max(maxWestLon, q.lon) }
    }
    /// Adds the positions of one line (consecutive positions are its segments).
    mutating func add<S: Sequence>(line: S) where S.Element == LonLat {
        var previous: LonLat?
        for p in line {
            if let previous, abs(p.lon - previous.lon) > 180 { crossesAntimeridian = true }
            add(p)
            previous = p
        }
    }
    mutating func add(_ other: BoundingBox) {
        guard !other.isEmpty else { return }
        minLon = min(minLon, other.minLon); maxLon = max(maxLon, other.maxLon)
        minLat = min(minLat, other.minLat); maxLat = max(maxLat, other.maxLat)
        minEastLon = min(minEastLon, other.minEastLon); maxWestLon = max(maxWestLon, other.maxWestLon)
        crossesAntimeridian = crossesAntimeridian || other.crossesAntimeridian
    }
    /// `[west, south, east, north]`; west > east across the antimeridian.
    var values: [Double] {
        if crossesAntimeridian && minEastLon.isFinite && maxWestLon.isFinite {
            return [minEastLon, minLat, maxWestLon, maxLat]
        }
        return [minLon, minLat, maxLon, maxLat]
    }
    static func rounded(_ p: LonLat) -> LonLat {
        LonLat(lon: (p.lon * 1e7).rounded() / 1e7, lat: (p.lat * 1e7).rounded() / 1e7)
    }
    func write(to w: inout JSONWriter) {
        guard !isEmpty else { return }
        w.key("bbox")
        w.beginArray()
        for v in values { w.number(v, decimals: 7) }
        w.endArray()
    }
}

/// One GeoJSON Feature already written by `JSONWriter`, with its bounding box.
struct FeatureText {
    var json: String
    var bbox: BoundingBox
}
