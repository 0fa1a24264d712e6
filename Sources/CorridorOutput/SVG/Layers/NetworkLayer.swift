import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// The network's lines: roads under rail, wider for higher classes; rail coloured by gauge.
    static func drawNetwork(_ n: Network, canvas: Canvas, svg: inout SVGText, legend: inout Legend) {
        var roadLines: [String] = [], railLines: [String] = []
        var hasRoad = false, has1520 = false, has1435 = false, hasDual = false
        for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
            if n.edgeTwin[e] != UInt32.max && n.edgeTwin[e] < UInt32(e) { continue } // a dual-gauge piece once
            let d = canvas.linePath(n.edgeGeometry(e))
            if d.isEmpty { continue }
            let cls = n.className(ofEdge: e)
            if n.edgeMode[e] == .road {
                hasRoad = true
                let w = ["motorway": 1.6, "trunk": 1.3, "primary": 1.0][cls] ?? 0.7
                roadLines.append("<path class=\"network road\" d=\"\(d)\" stroke-width=\"\(f(w))\"/>")
            } else {
                let g = n.edgeGauge[e]
                let twinDual = n.edgeTwin[e] != UInt32.max
                let color: String
                if g == .dual || twinDual { color = gaugeDual; hasDual = true }
                else if g == .broad1520 { color = gauge1520; has1520 = true }
                else { color = gauge1435; has1435 = true }
                let w = (n.edgeTracks[e] >= 2 ? 1.8 : 1.2) + (cls == "trunk" || cls == "main" ? 0.2 : 0)
                railLines.append("<path class=\"network rail\" d=\"\(d)\" stroke=\"\(color)\" stroke-width=\"\(f(w))\"/>")
            }
        }
        svg.line("<g class=\"network\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
        if !roadLines.isEmpty {
            svg.line("<g stroke=\"\(road)\" stroke-dasharray=\"5 2\">")
            for l in roadLines { svg.line(l) }
            svg.line("</g>")
        }
        for l in railLines { svg.line(l) }
        svg.line("</g>")
        if has1520 { legend.add(.line(gauge1520, 1.8, dash: nil), "rail, 1520 mm gauge") }
        if has1435 { legend.add(.line(gauge1435, 1.8, dash: nil), "rail, 1435 mm gauge") }
        if hasDual { legend.add(.line(gaugeDual, 1.8, dash: nil), "rail, dual gauge") }
        if hasRoad { legend.add(.line(road, 1.3, dash: "5 2"), "road (width by class)") }
    }
}
