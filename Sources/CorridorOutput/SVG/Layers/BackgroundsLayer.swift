import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// Background polygons (countries, provinces), clipped to the frame.
    static func drawBackgrounds(_ backgrounds: [BackgroundLayer], canvas: Canvas, svg: inout SVGText) {
        if !backgrounds.isEmpty {
            svg.line("<g class=\"backgrounds\" fill=\"#f4f1ea\" stroke=\"#a39d92\" stroke-width=\"0.8\" fill-rule=\"evenodd\" stroke-linejoin=\"round\">")
            for layer in backgrounds {
                for polygon in layer.polygons {
                    let d = polygon.map { canvas.polygonPath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                    if !d.isEmpty { svg.line("<path class=\"region\" d=\"\(d)\"/>") }
                }
            }
            svg.line("</g>")
        }
    }
}
