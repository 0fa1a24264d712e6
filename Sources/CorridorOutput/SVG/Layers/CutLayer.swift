import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// Minimum cut members: lines dashed black, points as hollow squares.
    static func drawCut(_ features: [MapFeature], canvas: Canvas, svg: inout SVGText, legend: inout Legend, occupied: inout [Rect]) {
        let cuts = features.filter { if case .cutMember = $0.kind { return true }; return false }
        if !cuts.isEmpty {
            svg.line("<g class=\"cut-members\" fill=\"none\" stroke=\"\(MapPalette.ink)\">")
            for c in cuts {
                if c.parts.allSatisfy({ $0.count == 1 }) {
                    guard let p = c.parts.first.flatMap({ $0.first }).flatMap(canvas.point), canvas.frame.contains(p) else { continue }
                    svg.line("<rect class=\"cut\" x=\"\(f(p.x - 8))\" y=\"\(f(p.y - 8))\" width=\"16\" height=\"16\" stroke-width=\"2\"><title>minimum cut: \(escape(c.label))</title></rect>")
                    occupied.append(Rect(x: p.x - 9, y: p.y - 9, w: 18, h: 18))
                } else {
                    let d = c.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                    if d.isEmpty { continue }
                    svg.line("<path class=\"cut\" d=\"\(d)\" stroke-width=\"3\" stroke-dasharray=\"4 3\"><title>minimum cut: \(escape(c.label))</title></path>")
                }
            }
            svg.line("</g>")
            legend.add(.cut, "minimum cut (sums to the max. throughput)")
            for c in cuts { legend.add(.indent, c.label) }
        }
    }
}
