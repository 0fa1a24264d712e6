import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// The network's lines: roads under rail, wider for higher classes; rail coloured by gauge (a dual-gauge piece
    /// in both gauge colours, dashed over each other). Edges in `unusable` (a scenario's denials and mode
    /// restrictions) are drawn light grey, so what the analyses could still use stands out.
    /// With `muted`, usable lines are all one neutral grey (difference maps) and unusable ones lighter still.
    static func drawNetwork(_ n: Network, unusable: Set<Int> = [], unusableReasons: [String] = [], muted: Bool = false,
                            canvas: Canvas, svg: inout SVGText, legend: inout Legend) {
        if muted {
            var usable: [String] = [], grey: [String] = []
            for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
                if n.edgeTwin[e] != UInt32.max && n.edgeTwin[e] < UInt32(e) { continue }
                let d = canvas.linePath(n.edgeGeometry(e))
                if d.isEmpty { continue }
                let line = "<path class=\"network \(n.edgeMode[e] == .road ? "road" : "rail")\" d=\"\(d)\"/>"
                if unusable.contains(e) { grey.append(line) } else { usable.append(line) }
            }
            svg.line("<g class=\"network muted\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke-width=\"1.3\">")
            svg.line("<g stroke=\"\(MapPalette.unusable)\">"); for l in grey { svg.line(l) }; svg.line("</g>")
            svg.line("<g stroke=\"\(MapPalette.mutedNetwork)\">"); for l in usable { svg.line(l) }; svg.line("</g>")
            svg.line("</g>")
            legend.add(.line(MapPalette.mutedNetwork, 1.3, dash: nil), "network (rail and road)")
            if !grey.isEmpty {
                legend.add(.line(MapPalette.unusable, 2.5, dash: nil), "unusable in this scenario" + (unusableReasons.isEmpty ? "" : " (\(unusableReasons.joined(separator: "; ")))"))
            }
            return
        }
        var roadLines: [String] = [], railLines: [String] = [], greyLines: [String] = []
        var hasRoad = false, has1520 = false, has1435 = false, hasDual = false
        for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
            if n.edgeTwin[e] != UInt32.max && n.edgeTwin[e] < UInt32(e) { continue } // a dual-gauge piece once
            let d = canvas.linePath(n.edgeGeometry(e))
            if d.isEmpty { continue }
            let cls = n.className(ofEdge: e)
            let twin = n.edgeTwin[e] != UInt32.max ? Int(n.edgeTwin[e]) : nil
            let isUnusable = unusable.contains(e) && (twin.map { unusable.contains($0) } ?? true)
            if n.edgeMode[e] == .road {
                let w = ["motorway": 2.2, "trunk": 1.9, "primary": 1.6][cls] ?? 1.2
                if isUnusable {
                    greyLines.append("<path class=\"network road unusable\" d=\"\(d)\" stroke-width=\"\(f(w))\"/>")
                } else {
                    hasRoad = true
                    roadLines.append("<path class=\"network road\" d=\"\(d)\" stroke-width=\"\(f(w))\"/>")
                }
            } else {
                let w = (n.edgeTracks[e] >= 2 ? 1.8 : 1.2) + (cls == "trunk" || cls == "main" ? 0.2 : 0)
                if isUnusable {
                    greyLines.append("<path class=\"network rail unusable\" d=\"\(d)\" stroke-width=\"\(f(w))\"/>")
                    continue
                }
                let g = n.edgeGauge[e]
                if g == .dual || twin != nil {
                    hasDual = true
                    railLines.append("<path class=\"network rail\" d=\"\(d)\" stroke=\"\(MapPalette.gauge1520)\" stroke-width=\"\(f(w + 0.6))\"/>")
                    railLines.append("<path class=\"network rail-dual\" d=\"\(d)\" stroke=\"\(MapPalette.gauge1435)\" stroke-width=\"\(f(w + 0.6))\" stroke-dasharray=\"6 6\"/>")
                } else if g == .broad1520 {
                    has1520 = true
                    railLines.append("<path class=\"network rail\" d=\"\(d)\" stroke=\"\(MapPalette.gauge1520)\" stroke-width=\"\(f(w))\"/>")
                } else {
                    has1435 = true
                    railLines.append("<path class=\"network rail\" d=\"\(d)\" stroke=\"\(MapPalette.gauge1435)\" stroke-width=\"\(f(w + 0.4))\"/>")
                }
            }
        }
        svg.line("<g class=\"network\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
        if !greyLines.isEmpty {
            svg.line("<g stroke=\"\(MapPalette.unusable)\">")
            for l in greyLines { svg.line(l) }
            svg.line("</g>")
        }
        if !roadLines.isEmpty {
            svg.line("<g stroke=\"\(MapPalette.road)\">")
            for l in roadLines { svg.line(l) }
            svg.line("</g>")
        }
        for l in railLines { svg.line(l) }
        svg.line("</g>")
        if has1520 { legend.add(.line(MapPalette.gauge1520, 1.8, dash: nil), "rail, 1520 mm gauge") }
        if has1435 { legend.add(.line(MapPalette.gauge1435, 2.2, dash: nil), "rail, 1435 mm gauge") }
        if hasDual { legend.add(.dual, "rail, dual gauge (1520 + 1435 mm)") }
        if hasRoad { legend.add(.line(MapPalette.road, 1.9, dash: nil), "road (width by class)") }
        if !greyLines.isEmpty {
            legend.add(.line(MapPalette.unusable, 2.5, dash: nil), "unusable in this scenario" + (unusableReasons.isEmpty ? "" : " (\(unusableReasons.joined(separator: "; ")))"))
        }
    }

    /// Network lines read from `export --edges` files: roads under rail, in the network's road colour and the
    /// 1520 mm colour for rail (the file gives no track count to draw widths from).
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
                svg.line("<path class=\"network road\" d=\"\(d)\" stroke=\"\(MapPalette.road)\" stroke-width=\"1.4\"/>")
            } else {
                svg.line("<path class=\"network rail\" d=\"\(d)\" stroke=\"\(MapPalette.gauge1520)\" stroke-width=\"1.2\"/>")
            }
        }
        svg.line("</g>")
        if exported.contains(where: { $0.1 != "road" }) { legend.add(.line(MapPalette.gauge1520, 1.2, dash: nil), "rail (exported network)") }
        if exported.contains(where: { $0.1 == "road" }) { legend.add(.line(MapPalette.road, 1.4, dash: nil), "road (exported network)") }
    }
}
