import CorridorGeo
import CorridorNetwork
import Foundation

/// A point in SVG pixels.
struct Point: Equatable { var x, y: Double }

/// A rectangle in SVG pixels.
struct Rect {
    var x, y, w, h: Double
    func intersects(_ o: Rect) -> Bool { x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h }
    func contains(_ p: Point) -> Bool { p.x >= x && p.y >= y && p.x <= x + w && p.y <= y + h }
    func contains(_ r: Rect) -> Bool { r.x >= x && r.y >= y && r.x + r.w <= x + w && r.y + r.h <= y + h }
}


/// Maps lon/lat to SVG pixels through the projection and clips to the frame.
struct Canvas {
    let transform: CoordinateTransform
    let x0: Double, y1: Double, scale: Double
    let frame: Rect

    /// Lines and polygons are clipped to the frame grown by this much, so strokes along the cut stay hidden.
    var clip: Rect { Rect(x: frame.x - 3, y: frame.y - 3, w: frame.w + 6, h: frame.h + 6) }

    func point(_ p: LonLat) -> Point? {
        guard let q = transform.forward(p.lon, p.lat) else { return nil }
        return pixel(q)
    }

    func pixel(_ q: (x: Double, y: Double)) -> Point { Point(x: frame.x + (q.x - x0) * scale, y: frame.y + (y1 - q.y) * scale) }
    func projected(_ p: Point) -> (x: Double, y: Double) { ((p.x - frame.x) / scale + x0, y1 - (p.y - frame.y) / scale) }

    func points<C: Collection>(_ line: C) -> [Point] where C.Element == LonLat {
        let array = Array(line)
        if let all = transform.forward(array) { return all.map(pixel) }
        return array.compactMap(point)
    }

    /// Where a feature's marker goes: a point's position, or the middle (by length) of its longest part.
    func anchor(of parts: [[LonLat]]) -> Point? {
        let lines = parts.map { points($0) }.filter { !$0.isEmpty }
        func length(_ l: [Point]) -> Double { zip(l, l.dropFirst()).reduce(0) { $0 + hypot($1.1.x - $1.0.x, $1.1.y - $1.0.y) } }
        guard let longest = lines.enumerated().max(by: { (length($0.element), -$0.offset) < (length($1.element), -$1.offset) })?.element else { return nil }
        var remaining = length(longest) / 2
        var result = longest[0]
        for (a, b) in zip(longest, longest.dropFirst()) {
            let d = hypot(b.x - a.x, b.y - a.y)
            if d >= remaining && d > 0 {
                result = Point(x: a.x + (b.x - a.x) * remaining / d, y: a.y + (b.y - a.y) * remaining / d)
                remaining = -1
                break
            }
            remaining -= d
        }
        if remaining >= 0 { result = longest[longest.count - 1] }
        return frame.contains(result) ? result : nil
    }

    /// SVG path data of a polyline clipped to the frame (several subpaths where it leaves and re-enters);
    /// consecutive points closer than a third of a pixel are merged.
    func linePath<C: Collection>(_ line: C) -> String where C.Element == LonLat {
        let pts = points(line)
        if pts.count == 1 || (pts.count >= 2 && pts.allSatisfy({ abs($0.x - pts[0].x) < 0.34 && abs($0.y - pts[0].y) < 0.34 })) {
            // Shorter than a pixel: still a dot.
            return clip.contains(pts[0]) ? "M\(SVGMap.f(pts[0].x)) \(SVGMap.f(pts[0].y))h0.1" : ""
        }
        var d = ""
        var open = false
        var last = Point(x: 0, y: 0)
        for (a, b) in zip(pts, pts.dropFirst()) {
            guard let (p, q) = clipSegment(a, b) else { open = false; continue }
            if !open {
                d += "M\(SVGMap.f(p.x)) \(SVGMap.f(p.y))"
                last = p
                open = true
            }
            let leaves = q != b
            // Merge points closer than a third of a pixel, but never drop the point where the line leaves.
            if !leaves && abs(last.x - q.x) < 0.34 && abs(last.y - q.y) < 0.34 { continue }
            d += "L\(SVGMap.f(q.x)) \(SVGMap.f(q.y))"
            last = q
            if leaves { open = false }
        }
        return d
    }

    /// Liang–Barsky clipping of segment a→b to `clip`.
    func clipSegment(_ a: Point, _ b: Point) -> (Point, Point)? {
        let c = clip
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - c.x), (dx, c.x + c.w - a.x), (-dy, a.y - c.y), (dy, c.y + c.h - a.y)] {
            if p == 0 { if q < 0 { return nil }; continue }
            let r = q / p
            if p < 0 { if r > t1 { return nil }; if r > t0 { t0 = r } } else { if r < t0 { return nil }; if r < t1 { t1 = r } }
        }
        let p = t0 == 0 ? a : Point(x: a.x + t0 * dx, y: a.y + t0 * dy)
        let q = t1 == 1 ? b : Point(x: a.x + t1 * dx, y: a.y + t1 * dy)
        return (p, q)
    }

    /// SVG path data of a polygon ring clipped to `clip` (Sutherland–Hodgman), closed.
    func polygonPath(_ ring: [LonLat]) -> String {
        var pts = points(ring)
        guard pts.count >= 3 else { return "" }
        let c = clip
        let edges: [(Point) -> Bool] = [{ $0.x >= c.x }, { $0.x <= c.x + c.w }, { $0.y >= c.y }, { $0.y <= c.y + c.h }]
        let intersect: [(Point, Point) -> Point] = [
            { a, b in let t = (c.x - a.x) / (b.x - a.x); return Point(x: c.x, y: a.y + t * (b.y - a.y)) },
            { a, b in let t = (c.x + c.w - a.x) / (b.x - a.x); return Point(x: c.x + c.w, y: a.y + t * (b.y - a.y)) },
            { a, b in let t = (c.y - a.y) / (b.y - a.y); return Point(x: a.x + t * (b.x - a.x), y: c.y) },
            { a, b in let t = (c.y + c.h - a.y) / (b.y - a.y); return Point(x: a.x + t * (b.x - a.x), y: c.y + c.h) },
        ]
        for k in 0..<4 {
            guard !pts.isEmpty else { break }
            var out: [Point] = []
            out.reserveCapacity(pts.count)
            var prev = pts[pts.count - 1]
            for cur in pts {
                let curIn = edges[k](cur), prevIn = edges[k](prev)
                if curIn {
                    if !prevIn { out.append(intersect[k](prev, cur)) }
                    out.append(cur)
                } else if prevIn {
                    out.append(intersect[k](prev, cur))
                }
                prev = cur
            }
            pts = out
        }
        var d = ""
        var last: Point?
        var count = 0
        for p in pts {
            if let l = last, abs(l.x - p.x) < 0.34 && abs(l.y - p.y) < 0.34 { continue }
            d += (d.isEmpty ? "M" : "L") + SVGMap.f(p.x) + " " + SVGMap.f(p.y)
            last = p
            count += 1
        }
        return count >= 3 ? d + "Z" : ""
    }

    /// Pixel positions of drawn vertices (network and results), to find the emptiest corner for the legend.
    func sampleVertices(network: Network?, features: [MapFeature]) -> [Point] {
        var out: [Point] = []
        if let n = network {
            for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
                out += densified(points(n.edgeGeometry(e))).filter { frame.contains($0) }
            }
        }
        for f in features { for part in f.parts { out += densified(points(part)).filter { frame.contains($0) } } }
        return out
    }

    /// Points along a pixel polyline every `step` pixels (and its vertices).
    func densified(_ pts: [Point], step: Double = 8) -> [Point] {
        guard var previous = pts.first else { return [] }
        var out = [previous]
        for p in pts.dropFirst() {
            let d = hypot(p.x - previous.x, p.y - previous.y)
            if d > step {
                let n = Int(d / step)
                for k in 1...n { let t = Double(k) / Double(n + 1); out.append(Point(x: previous.x + (p.x - previous.x) * t, y: previous.y + (p.y - previous.y) * t)) }
            }
            out.append(p)
            previous = p
        }
        return out
    }
}

/// SVG text being written, line by line.
struct SVGText {
    var text = ""
    mutating func line(_ s: String) { text += s; text += "\n" }
}
