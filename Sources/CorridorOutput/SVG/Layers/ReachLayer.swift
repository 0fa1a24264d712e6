import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// Reached edges (an isochrone).
    static func drawReach(_ features: [MapFeature], canvas: Canvas, svg: inout SVGText, legend: inout Legend) {
        let reach = features.filter { $0.kind == .reach }
        if !reach.isEmpty {
            svg.line("<g fill=\"none\" stroke=\"#00a6a6\" stroke-width=\"3.5\" stroke-opacity=\"0.75\" stroke-linecap=\"round\">")
            for r in reach {
                let d = r.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if !d.isEmpty { svg.line("<path class=\"reach\" d=\"\(d)\"/>") }
            }
            svg.line("</g>")
            legend.add(.line("\(MapPalette.reach)", 3.5, dash: nil), "reached within the budget")
        }
    }
}
