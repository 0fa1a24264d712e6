import CPROJ

/// Geodesics on the WGS84 ellipsoid (PROJ's geod_* from Karney's algorithms, accurate to nanometres).
public enum Geodesic {
    /// WGS84 ellipsoid, initialised once; `geod_geodesic` is read-only after `geod_init`, so sharing it is safe.
    private static let wgs84: WGS84 = WGS84()

    /// Heap-allocated once and never freed or mutated after init: concurrent readers are safe.
    private final class WGS84: @unchecked Sendable {
        let geod: UnsafePointer<geod_geodesic>
        init() {
            let storage = UnsafeMutablePointer<geod_geodesic>.allocate(capacity: 1)
            storage.initialize(to: geod_geodesic())
            geod_init(storage, 6_378_137.0, 1.0 / 298.257223563)
            geod = UnsafePointer(storage)
        }
    }

    /// Geodesic distance in metres. O(1).
    public static func distance(_ a: LonLat, _ b: LonLat) -> Double {
        inverse(a, b).distance
    }

    /// Sum of geodesic segment lengths in metres. O(n).
    public static func length(_ line: [LonLat]) -> Double {
        guard line.count > 1 else { return 0 }
        var total = 0.0
        for i in 1..<line.count { total += distance(line[i - 1], line[i]) }
        return total
    }

    /// Sum of geodesic segment lengths in metres of a part of a polyline (same sums as `length(Array(line))`). O(n).
    public static func length(_ line: ArraySlice<LonLat>) -> Double {
        guard line.count > 1 else { return 0 }
        var total = 0.0
        var previous = line[line.startIndex]
        for point in line.dropFirst() {
            total += distance(previous, point)
            previous = point
        }
        return total
    }

    /// Inverse problem: distance (m) and forward azimuths (degrees clockwise from north) at a and at b.
    public static func inverse(_ a: LonLat, _ b: LonLat) -> (distance: Double, azimuth1: Double, azimuth2: Double) {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        geod_inverse(wgs84.geod, a.lat, a.lon, b.lat, b.lon, &s12, &azi1, &azi2)
        return (s12, azi1, azi2)
    }

    /// Direct problem: the point `distance` metres from `a` along initial `azimuth` (degrees).
    public static func direct(_ a: LonLat, azimuth: Double, distance: Double) -> LonLat {
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        geod_direct(wgs84.geod, a.lat, a.lon, azimuth, distance, &lat2, &lon2, &azi2)
        return LonLat(lon: lon2, lat: lat2)
    }

    /// Point at fraction t in [0,1] along the geodesic a->b (for splitting edges). t is clamped to [0,1].
    public static func interpolate(_ a: LonLat, _ b: LonLat, fraction t: Double) -> LonLat {
        let t = min(max(t, 0), 1)
        if t == 0 { return a }
        if t == 1 { return b }
        let inv = inverse(a, b)
        return direct(a, azimuth: inv.azimuth1, distance: inv.distance * t)
    }
}
