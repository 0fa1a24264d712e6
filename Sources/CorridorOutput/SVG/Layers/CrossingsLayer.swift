import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// The network's border crossings as small diamonds.
    static func drawCrossings(_ n: Network, canvas: Canvas, svg: inout SVGText, legend: inout Legend, occupied: inout [Rect]) {
        var drawn = false
        svg.line("<g class=\"crossings\" fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"1.2\">")
        for c in n.crossings.enumerated().sorted(by: { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }).map(\.element) {
            guard let p = canvas.point(c.location), canvas.frame.contains(p) else { continue }
            svg.line("<path class=\"crossing\" d=\"M\(f(p.x)) \(f(p.y - 4.5))L\(f(p.x + 4.5)) \(f(p.y))L\(f(p.x)) \(f(p.y + 4.5))L\(f(p.x - 4.5)) \(f(p.y))Z\"><title>\(escape(c.name))</title></path>")
            occupied.append(Rect(x: p.x - 4.5, y: p.y - 4.5, w: 9, h: 9))
            drawn = true
        }
        svg.line("</g>")
        if drawn { legend.add(.diamond, "border crossing") }
    }
}
