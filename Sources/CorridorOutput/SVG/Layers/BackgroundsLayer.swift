import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// Background polygons (countries: land on the sea, their outlines the coastline and borders), clipped to the
    /// frame; polygons of `denied` countries are hatched. Returns whether it defined the hatch pattern (unless
    /// `hatchDefined` says an earlier part of the SVG did).
    @discardableResult
    static func drawBackgrounds(_ backgrounds: [BackgroundLayer], denied: Set<String> = [], hatchDefined: Bool = false,
                                canvas: Canvas, svg: inout SVGText, legend: inout Legend) -> Bool {
        guard !backgrounds.isEmpty else { return false }
        var shaded: [String] = []
        svg.line("<g class=\"backgrounds\" fill=\"\(MapPalette.land)\" stroke=\"\(MapPalette.border)\" stroke-width=\"0.8\" fill-rule=\"evenodd\" stroke-linejoin=\"round\">")
        for layer in backgrounds {
            for (i, polygon) in layer.polygons.enumerated() {
                let d = polygon.map { canvas.polygonPath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if d.isEmpty { continue }
                let code = i < layer.countries.count ? layer.countries[i].uppercased() : ""
                let attr = code.isEmpty ? "" : " data-country=\"\(escape(code))\""
                svg.line("<path class=\"region\"\(attr) d=\"\(d)\"/>")
                if !code.isEmpty && denied.contains(code) { shaded.append(d) }
            }
        }
        svg.line("</g>")
        if !shaded.isEmpty {
            if !hatchDefined { svg.line(deniedHatchDefinition) }
            svg.line("<g class=\"denied-countries\" fill=\"url(#denied-hatch)\" stroke=\"\(MapPalette.border)\" stroke-width=\"0.8\" fill-rule=\"evenodd\">")
            for d in shaded { svg.line("<path class=\"denied-country\" d=\"\(d)\"/>") }
            svg.line("</g>")
            legend.add(.hatch, "denied country: " + denied.sorted().joined(separator: ", "))
            return true
        }
        return false
    }
}
