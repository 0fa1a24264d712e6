import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// Flows: width proportional to tonnes/day, colour by utilization; the largest on top.
    static func drawFlows(_ features: [MapFeature], canvas: Canvas, svg: inout SVGText, legend: inout Legend) {
        let flows = features.compactMap { r -> (MapFeature, Double, Double)? in
            if case let .flow(t, u) = r.kind { return (r, t, u) }; return nil
        }
        if let maxFlow = flows.map(\.1).max(), maxFlow > 0 {
            let maxWidth = 12.0
            svg.line("<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
            let byFlow = flows.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element)
            for (feature, tonnes, utilization) in byFlow {
                let d = feature.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if d.isEmpty { continue }
                let w = max(1.5, maxWidth * tonnes / maxFlow)
                // A thin dark casing keeps the light low-utilization class visible on land.
                svg.line("<path class=\"flow-casing\" d=\"\(d)\" stroke=\"#333333\" stroke-opacity=\"0.7\" stroke-width=\"\(f(w + 1.6))\"/>")
                svg.line("<path class=\"flow\" data-tpd=\"\(SVGMap.whole(tonnes))\" d=\"\(d)\" stroke=\"\(MapPalette.utilization(utilization))\" stroke-width=\"\(f(w))\"><title>\(escape(feature.label)): \(SVGMap.whole(tonnes)) t/day, \(SVGMap.whole(utilization * 100))% of capacity</title></path>")
            }
            svg.line("</g>")
            legend.add(.line(MapPalette.utilization[0], 5, dash: nil), "flow, utilization < 50%")
            legend.add(.line(MapPalette.utilization[1], 5, dash: nil), "flow, utilization 50–90%")
            legend.add(.line(MapPalette.utilization[2], 5, dash: nil), "flow, utilization ≥ 90%")
            legend.add(.line("#777777", maxWidth, dash: nil), "\(SVGMap.whole(maxFlow)) t/day (width ∝ flow)")
        }
    }
}
