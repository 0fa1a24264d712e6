import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// Origins and destinations of the results.
    static func drawSites(_ sites: [ResolvedSite], reachSource: String? = nil, canvas: Canvas, svg: inout SVGText, legend: inout Legend, occupied: inout [Rect]) {
        if !sites.isEmpty {
            svg.line("<g class=\"sites\" fill=\"#ffffff\" stroke=\"\(MapPalette.ink)\" stroke-width=\"2\">")
            for s in sites {
                guard let p = canvas.point(s.location), canvas.frame.contains(p) else { continue }
                svg.line("<circle class=\"site\" cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"5\"><title>\(escape(s.name))</title></circle>")
                occupied.append(Rect(x: p.x - 5, y: p.y - 5, w: 10, h: 10))
            }
            svg.line("</g>")
            legend.add(.site, reachSource.map { "reach source: \($0)" } ?? "origin / destination")
        }
    }
}
