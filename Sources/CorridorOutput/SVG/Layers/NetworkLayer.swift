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

    /// Network lines read from `export --edges` files: roads dashed under rail, in the network's road colour and
    /// a neutral grey for rail (the file gives no track count to draw widths from).
    static func drawExportedNetwork(_ features: [MapFeature], canvas: Canvas, svg: inout SVGText, legend: inout Legend) {
        let exported = features.compactMap { r -> (MapFeature, String)? in
            if case let .networkEdge(mode) = r.kind { return (r, mode) }; return nil
        }.enumerated().sorted { ($0.element.1 == "road" ? 0 : 1, $0.offset) < ($1.element.1 == "road" ? 0 : 1, $1.offset) }
            .map(\.element)
        guard !exported.isEmpty else { return }
        svg.line("<g class=\"network\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
        for (feature, mode) in exported {
            let d = feature.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
            if d.isEmpty { continue }
            if mode == "road" {
                svg.line("<path class=\"network road\" d=\"\(d)\" stroke=\"\(road)\" stroke-dasharray=\"5 2\" stroke-width=\"0.9\"/>")
            } else {
                svg.line("<path class=\"network rail\" d=\"\(d)\" stroke=\"#555555\" stroke-width=\"1.2\"/>")
            }
        }
        svg.line("</g>")
        if exported.contains(where: { $0.1 != "road" }) { legend.add(.line("#555555", 1.2, dash: nil), "rail (exported network)") }
        if exported.contains(where: { $0.1 == "road" }) { legend.add(.line(road, 0.9, dash: "5 2"), "road (exported network)") }
    }
}
