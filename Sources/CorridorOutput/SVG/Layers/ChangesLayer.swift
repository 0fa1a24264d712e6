import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// What a scenario changed, under the results: added links as a cased line (ink casing, white core: the
    /// cartographic "new or planned" line), closed lines dashed in ink.
    static func drawChangeLines(_ changes: MapScenarioChanges, canvas: Canvas, svg: inout SVGText, legend: inout Legend) {
        guard !changes.added.isEmpty || !changes.closed.isEmpty else { return }
        svg.line("<g class=\"changes\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
        for mark in changes.added {
            let d = mark.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
            if d.isEmpty { continue }
            svg.line("<path class=\"added-casing\" d=\"\(d)\" stroke=\"\(MapPalette.ink)\" stroke-width=\"7\"/>")
            svg.line("<path class=\"added\" d=\"\(d)\" stroke=\"#FFFFFF\" stroke-width=\"3.5\"><title>added: \(escape(mark.label))</title></path>")
        }
        for mark in changes.closed {
            let lines = mark.parts.filter { $0.count > 1 }
            let d = lines.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
            if d.isEmpty { continue }
            svg.line("<path class=\"closed-line\" d=\"\(d)\" stroke=\"\(MapPalette.ink)\" stroke-width=\"2\" stroke-dasharray=\"2 3\"/>")
        }
        svg.line("</g>")
        for mark in changes.added { legend.add(.added, "added: \(mark.label)") }
    }

    /// Markers over everything: a cross at each closed element, a factor badge at each scaled one (one per place).
    static func drawChangeMarkers(_ changes: MapScenarioChanges, canvas: Canvas, svg: inout SVGText, legend: inout Legend,
                                  occupied: inout [Rect]) {
        guard !changes.closed.isEmpty || !changes.scaled.isEmpty else { return }
        svg.line("<g class=\"change-markers\">")
        for mark in changes.closed {
            guard let p = canvas.anchor(of: mark.parts) else { continue }
            let arms = "M\(f(p.x - 7)) \(f(p.y - 7))L\(f(p.x + 7)) \(f(p.y + 7))M\(f(p.x + 7)) \(f(p.y - 7))L\(f(p.x - 7)) \(f(p.y + 7))"
            svg.line("<g class=\"closed\"><title>closed: \(escape(mark.label))</title><path d=\"\(arms)\" stroke=\"#FFFFFF\" stroke-width=\"6\" stroke-linecap=\"round\"/><path d=\"\(arms)\" stroke=\"\(MapPalette.ink)\" stroke-width=\"3\" stroke-linecap=\"round\"/></g>")
            occupied.append(Rect(x: p.x - 8, y: p.y - 8, w: 16, h: 16))
        }
        for (mark, badge) in zip(changes.scaled, changes.scaledBadges) {
            var seen: [Point] = []
            for part in mark.parts {
                guard let p = canvas.anchor(of: [part]), !seen.contains(where: { hypot($0.x - p.x, $0.y - p.y) < 30 }) else { continue }
                seen.append(p)
                let w = textWidth(badge, size: 9) + 6
                let r = Rect(x: p.x + 5, y: p.y - 16, w: w, h: 13)
                svg.line("<g class=\"scaled\"><title>\(escape(mark.label))</title><path d=\"M\(f(p.x)) \(f(p.y))L\(f(r.x)) \(f(r.y + r.h))\" stroke=\"\(MapPalette.ink)\" stroke-width=\"0.8\"/><rect x=\"\(f(r.x))\" y=\"\(f(r.y))\" width=\"\(f(r.w))\" height=\"\(f(r.h))\" rx=\"2\" fill=\"#FFFFFF\" stroke=\"\(MapPalette.ink)\" stroke-width=\"0.8\"/><text x=\"\(f(r.x + 3))\" y=\"\(f(r.y + 9.8))\" font-size=\"9\" fill=\"\(MapPalette.ink)\">\(escape(badge))</text></g>")
                occupied.append(r)
            }
        }
        svg.line("</g>")
        for mark in changes.closed { legend.add(.cross, "closed: \(mark.label)") }
        for (mark, badge) in zip(changes.scaled, changes.scaledBadges) { legend.add(.badge(badge), mark.label) }
    }
}
