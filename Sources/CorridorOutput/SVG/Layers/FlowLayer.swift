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
            svg.line("<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke-opacity=\"0.85\">")
            let byFlow = flows.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element)
            for (feature, tonnes, utilization) in byFlow {
                let d = feature.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if d.isEmpty { continue }
                let w = max(1.0, maxWidth * tonnes / maxFlow)
                svg.line("<path class=\"flow\" data-tpd=\"\(SVGMap.whole(tonnes))\" d=\"\(d)\" stroke=\"\(utilizationColor(utilization))\" stroke-width=\"\(f(w))\"><title>\(escape(feature.label)): \(SVGMap.whole(tonnes)) t/day, \(SVGMap.whole(utilization * 100))% of capacity</title></path>")
            }
            svg.line("</g>")
            legend.add(.line(utilizationColor(0.3), 5, dash: nil), "flow, utilization < 50%")
            legend.add(.line(utilizationColor(0.7), 5, dash: nil), "flow, utilization 50–90%")
            legend.add(.line(utilizationColor(0.95), 5, dash: nil), "flow, utilization ≥ 90%")
            legend.add(.line("#777777", maxWidth, dash: nil), "\(SVGMap.whole(maxFlow)) t/day (width ∝ flow)")
        }
    }
}
