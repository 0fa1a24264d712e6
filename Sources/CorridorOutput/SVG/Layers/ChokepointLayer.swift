import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// The ranked chokepoints, most critical first (ties by position in the results).
    static func rankedChokepoints(_ features: [MapFeature]) -> [(MapFeature, Int, Int)] {
        return features.enumerated().compactMap { i, r -> (MapFeature, Int, Int)? in
            if case let .chokepoint(rank, _) = r.kind { return (r, rank, i) }; return nil
        }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }
    }

    /// Ranked chokepoints' edge elements, highlighted under everything drawn after them.
    static func drawChokepointLines(_ chokepoints: [(MapFeature, Int, Int)], canvas: Canvas, svg: inout SVGText) {
        if !chokepoints.isEmpty {
            svg.line("<g class=\"chokepoint-lines\" fill=\"none\" stroke=\"\(chokepointColor)\" stroke-width=\"7\" stroke-opacity=\"0.45\" stroke-linecap=\"round\">")
            for (feature, _, _) in chokepoints where feature.parts.contains(where: { $0.count > 1 }) {
                let d = feature.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if !d.isEmpty { svg.line("<path d=\"\(d)\"/>") }
            }
            svg.line("</g>")
        }
    }

    /// Numbered markers of the ranked chokepoints, placed most critical first and moved aside (with a leader line)
    /// when they would overlap.
    static func drawChokepointMarkers(_ chokepoints: [(MapFeature, Int, Int)], canvas: Canvas, svg: inout SVGText,
                                      legend: inout Legend, occupied: inout [Rect]) {
        var markers: [(feature: MapFeature, rank: Int, anchor: Point, at: Point)] = []
        for (feature, rank, _) in chokepoints {
            guard let anchor = canvas.anchor(of: feature.parts) else { continue }
            let radius = 9.0
            var chosen: Point?
            let rings: [Double] = [0, 26, 46, 66, 86]
            search: for ring in rings {
                let steps = ring == 0 ? 1 : 12
                for k in 0..<steps {
                    let angle = (-60.0 + 30.0 * Double(k)) * .pi / 180
                    let p = Point(x: anchor.x + ring * cos(angle), y: anchor.y - ring * sin(angle))
                    let r = Rect(x: p.x - radius - 1, y: p.y - radius - 1, w: 2 * radius + 2, h: 2 * radius + 2)
                    guard canvas.frame.contains(r), !markers.contains(where: { hypot($0.at.x - p.x, $0.at.y - p.y) < 2 * radius + 3 }) else { continue }
                    chosen = p
                    break search
                }
            }
            let at = chosen ?? anchor
            markers.append((feature, rank, anchor, at))
            occupied.append(Rect(x: at.x - radius, y: at.y - radius, w: 2 * radius, h: 2 * radius))
        }
        if !markers.isEmpty {
            svg.line("<g class=\"chokepoints\">")
            for m in markers where m.at != m.anchor {
                svg.line("<path class=\"leader\" d=\"M\(f(m.anchor.x)) \(f(m.anchor.y))L\(f(m.at.x)) \(f(m.at.y))\" stroke=\"\(chokepointColor)\" stroke-width=\"1\" fill=\"none\"/><circle cx=\"\(f(m.anchor.x))\" cy=\"\(f(m.anchor.y))\" r=\"2\" fill=\"\(chokepointColor)\"/>")
            }
            for m in markers {
                svg.line("<g class=\"chokepoint\" data-rank=\"\(m.rank)\"><title>\(m.rank). \(escape(m.feature.label))</title><circle cx=\"\(f(m.at.x))\" cy=\"\(f(m.at.y))\" r=\"9\" fill=\"\(chokepointColor)\" stroke=\"#ffffff\" stroke-width=\"1.5\"/><text x=\"\(f(m.at.x))\" y=\"\(f(m.at.y + 3.8))\" font-size=\"\(m.rank >= 10 ? 9 : 11)\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">\(m.rank)</text></g>")
            }
            svg.line("</g>")
            let shown = markers.prefix(10)
            legend.add(.none, "most critical (throughput lost when removed):")
            for m in shown { legend.add(.marker(m.rank), m.feature.label) }
            if markers.count > shown.count { legend.add(.indent, "… \(markers.count - shown.count) more") }
        }
    }
}
