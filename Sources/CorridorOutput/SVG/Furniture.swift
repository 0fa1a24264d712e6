import CorridorGeo
import Foundation

/// Map furniture: the scale bar and the north arrow.
extension SVGMap {
    /// A round length of about a fifth of the map width (at most 180 px), measured along the geodesic east of the
    /// map centre (an equal-area projection keeps true scale there).
    static func scaleBar(canvas: Canvas, center: LonLat) -> (km: Double, lengthPx: Double)? {
        guard let a = canvas.point(center), let b = canvas.point(Geodesic.direct(center, azimuth: 90, distance: 100_000)) else { return nil }
        let pixelsPerKm = hypot(b.x - a.x, b.y - a.y) / 100
        guard pixelsPerKm > 0, pixelsPerKm.isFinite else { return nil }
        let target = min(canvas.frame.w / 5, 180) / pixelsPerKm
        let nice = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000]
        let km = nice.last { $0 <= target } ?? nice[0]
        return (km, km * pixelsPerKm)
    }

    /// Degrees clockwise from the page's up to geographic north at a pixel position.
    static func northAngle(at p: Point, canvas: Canvas, inverse: CoordinateTransform) -> Double? {
        let q = canvas.projected(p)
        guard let ll = inverse.forward(q.x, q.y) else { return nil }
        let here = LonLat(lon: ll.x, lat: ll.y)
        guard let a = canvas.point(here), let b = canvas.point(Geodesic.direct(here, azimuth: 0, distance: 20_000)) else { return nil }
        return atan2(b.x - a.x, -(b.y - a.y)) * 180 / .pi
    }
}
