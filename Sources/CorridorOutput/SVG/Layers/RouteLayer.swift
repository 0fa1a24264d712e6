import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// Routes, worst rank first so the best is on top.
    static func drawRoutes(_ features: [MapFeature], canvas: Canvas, svg: inout SVGText, legend: inout Legend) {
        let routes = features.compactMap { r -> (MapFeature, Int)? in if case let .route(rank) = r.kind { return (r, rank) }; return nil }
        if !routes.isEmpty {
            svg.line("<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
            for (feature, rank) in routes.enumerated().sorted(by: { ($0.element.1, $0.offset) > ($1.element.1, $1.offset) }).map(\.element) {
                let d = feature.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if d.isEmpty { continue }
                let w = rank <= 1 ? 5.0 : 3.5
                svg.line("<path class=\"route-halo\" d=\"\(d)\" stroke=\"#ffffff\" stroke-width=\"\(f(w + 3))\" stroke-opacity=\"0.9\"/>")
                svg.line("<path class=\"route\" data-rank=\"\(rank)\" d=\"\(d)\" stroke=\"\(MapPalette.route(rank))\" stroke-width=\"\(f(w))\" stroke-opacity=\"0.9\"><title>route \(rank): \(escape(feature.label))</title></path>")
            }
            svg.line("</g>")
            for (feature, rank) in routes.enumerated().sorted(by: { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }).map(\.element) {
                legend.add(.line(MapPalette.route(rank), rank <= 1 ? 5 : 3.5, dash: nil), (rank <= 1 ? "best route" : "route \(rank)") + (feature.label.isEmpty ? "" : ": \(feature.label)"))
            }
        }
    }
}
