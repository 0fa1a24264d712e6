import CPROJ

/// Geodesics on the WGS84 ellipsoid through PROJ's `geod_*` (Karney's algorithms).
public enum Geodesic {
    private static let wgs84: geod_geodesic = {
        var g = geod_geodesic()
        geod_init(&g, 6_378_137.0, 1.0 / 298.257223563)
        return g
    }()

    /// Distance in metres and forward azimuths (degrees) between two points.
    public static func inverse(_ a: LonLat, _ b: LonLat) -> (distance: Double, azimuth1: Double, azimuth2: Double) {
        var g = wgs84
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &s12, &azi1, &azi2)
        return (s12, azi1, azi2)
    }

    /// Geodesic distance in metres.
    public static func distance(_ a: LonLat, _ b: LonLat) -> Double { inverse(a, b).distance }

    /// Length of a polyline in metres (sum of its geodesic segments).
    public static func length<C: Collection>(_ line: C) -> Double where C.Element == LonLat {
        var total = 0.0
        var previous: LonLat?
        for p in line {
            if let q = previous { total += distance(q, p) }
            previous = p
        }
        return total
    }

    /// The point `distance` metres from `a` along `azimuth` (degrees clockwise from north).
    public static func direct(_ a: LonLat, azimuth: Double, distance: Double) -> LonLat {
        var g = wgs84
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        geod_direct(&g, a.lat, a.lon, azimuth, distance, &lat2, &lon2, &azi2)
        return LonLat(lon: lon2, lat: lat2)
    }

    /// The point at fraction `t` in [0, 1] along the geodesic from `a` to `b`.
    public static func interpolate(_ a: LonLat, _ b: LonLat, fraction t: Double) -> LonLat {
        let inv = inverse(a, b)
        return direct(a, azimuth: inv.azimuth1, distance: inv.distance * t)
    }
}
