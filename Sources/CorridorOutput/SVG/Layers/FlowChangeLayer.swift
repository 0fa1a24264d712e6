import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// Flow change against a baseline (difference maps): width proportional to the change in tonnes per day,
    /// colour on the diverging ramp (loss orange, gain purple; the darker class from half the largest change).
    static func drawFlowChanges(_ features: [MapFeature], canvas: Canvas, svg: inout SVGText, legend: inout Legend) {
        let changes = features.compactMap { r -> (MapFeature, Double, Double, Double)? in
            if case let .flowChange(delta, before, after) = r.kind { return (r, delta, before, after) }; return nil
        }
        guard let largest = changes.map({ abs($0.1) }).max(), largest > 0 else { return }
        let maxWidth = 12.0
        svg.line("<g class=\"flow-changes\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
        let ordered = changes.enumerated().sorted { (abs($0.element.1), $0.offset) < (abs($1.element.1), $1.offset) }.map(\.element)
        for (feature, delta, before, after) in ordered {
            let d = feature.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
            if d.isEmpty { continue }
            let w = max(1.5, maxWidth * abs(delta) / largest)
            let sign = delta > 0 ? "+" : "−"
            svg.line("<path class=\"flow-change\" data-change-tpd=\"\(Int(delta.rounded()))\" d=\"\(d)\" stroke=\"\(MapPalette.change(delta, largest: largest))\" stroke-width=\"\(f(w))\"><title>\(escape(feature.label)): \(sign)\(Int(abs(delta).rounded())) t/day (\(Int(before.rounded())) → \(Int(after.rounded())))</title></path>")
        }
        svg.line("</g>")
        let half = Int((largest / 2).rounded()), full = Int(largest.rounded())
        legend.add(.none, "flow change against the baseline (t/day):")
        legend.add(.line(MapPalette.change[0], 8, dash: nil), "loss of \(half) to \(full)")
        legend.add(.line(MapPalette.change[1], 4, dash: nil), "loss under \(half)")
        legend.add(.line(MapPalette.change[2], 4, dash: nil), "gain under \(half)")
        legend.add(.line(MapPalette.change[3], 8, dash: nil), "gain of \(half) to \(full)")
        legend.add(.line("#777777", maxWidth, dash: nil), "\(full) t/day (width ∝ change)")
    }
}
