import CorridorAnalysis
import CorridorGeo
import CorridorNetwork
import Foundation

/// A lon/lat rectangle in degrees.
public struct MapBBox: Sendable, Equatable {
    /// Western, southern, eastern and northern bounds, degrees.
    public var minLon, minLat, maxLon, maxLat: Double
    /// Memberwise initializer.
    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon; self.minLat = minLat; self.maxLon = maxLon; self.maxLat = maxLat
    }
}

/// Options of an SVG map.
public struct SVGMapOptions: Sendable {
    /// Width of the SVG in pixels; the height follows from the projected extent.
    public var width: Int = 1200
    /// Area to show; default: the extent of the network and the results, with a margin.
    public var bbox: MapBBox?
    /// A PROJ string, `EPSG:NNNN` or WKT; default: Lambert azimuthal equal-area centred on the extent.
    public var projection: String?
    /// Title drawn above the map; nil for none.
    public var title: String?
    /// At most this many place labels.
    public var maxLabels: Int = 40
    /// The default options.
    public init() {}

    /// Parses `minLon,minLat,maxLon,maxLat` (degrees, min < max).
    public static func parseBBox(_ text: String) throws(RenderError) -> MapBBox {
        let v = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4, let a = v[0], let b = v[1], let c = v[2], let d = v[3],
              a.isFinite, b.isFinite, c.isFinite, d.isFinite,
              a < c, b < d, a >= -180, c <= 180, b >= -90, d <= 90 else { throw .emptyBBox(text) }
        return MapBBox(minLon: a, minLat: b, maxLon: c, maxLat: d)
    }
}

/// Draws networks and Corridor results as a standalone SVG map: background polygons, network lines by mode, gauge
/// and class, routes by rank, flows (width ∝ tonnes/day, colour by utilization), minimum-cut members, numbered
/// chokepoint markers (moved aside with a leader line when they would overlap), sites, place labels placed greedily
/// without overlap, a legend in the emptiest corner, a scale bar and a north arrow. Coordinates go through a PROJ
/// projection (default: Lambert azimuthal equal-area centred on the map) and are clipped to the map frame.
/// Deterministic: the same input gives the same bytes (defined orders, fixed one-decimal number formatting).
public enum SVGMap {
    static let routeColors = ["#e6550d", "#1f78b4", "#33a02c", "#6a3d9a", "#b15928", "#e7298a"]
    static let gauge1520 = "#9c6b4e", gauge1435 = "#5b7fae", gaugeDual = "#9a6fb0", road = "#c7ad7f"
    static let chokepointColor = "#a50f15", cutColor = "#111111", siteColor = "#111111"

    /// Renders the map.
    /// - Complexity: O(V + P·L) for V vertices drawn, P places considered for labels and L labels placed.
    public static func render(network: Network?, backgrounds: [BackgroundLayer] = [], results: MapResults = MapResults(),
                              options: SVGMapOptions = SVGMapOptions()) throws(RenderError) -> String {
        guard network != nil || !results.features.isEmpty else { throw .nothingToDraw }
        guard options.width >= 300 && options.width <= 20_000 else {
            throw .invalidOption("--width must be between 300 and 20000 pixels")
        }
        guard options.maxLabels >= 0 else { throw .invalidOption("--labels must be >= 0") }
        let extent = try self.extent(network: network, results: results, options: options)
        let center = LonLat(lon: (extent.minLon + extent.maxLon) / 2, lat: (extent.minLat + extent.maxLat) / 2)
        let definition = options.projection
            ?? "+proj=laea +lat_0=\(fixed(center.lat, 4)) +lon_0=\(fixed(center.lon, 4)) +datum=WGS84 +units=m +no_defs"
        let transform: CoordinateTransform, inverse: CoordinateTransform
        do {
            transform = try CoordinateTransform(from: "EPSG:4326", to: definition)
            inverse = try CoordinateTransform(from: definition, to: "EPSG:4326")
        } catch {
            throw .unknownProjection(definition: definition, reason: error.description)
        }
        // Projected extent from a densified outline of the bbox.
        var outline: [LonLat] = []
        for i in 0...32 {
            let t = Double(i) / 32
            let lon = extent.minLon + (extent.maxLon - extent.minLon) * t
            let lat = extent.minLat + (extent.maxLat - extent.minLat) * t
            outline += [LonLat(lon: lon, lat: extent.minLat), LonLat(lon: lon, lat: extent.maxLat),
                        LonLat(lon: extent.minLon, lat: lat), LonLat(lon: extent.maxLon, lat: lat)]
        }
        let projectedOutline = outline.compactMap { transform.forward($0.lon, $0.lat) }
        guard projectedOutline.count > 4, let x0 = projectedOutline.map(\.x).min(), let x1 = projectedOutline.map(\.x).max(),
              let y0 = projectedOutline.map(\.y).min(), let y1 = projectedOutline.map(\.y).max(), x1 > x0, y1 > y0,
              (y1 - y0) / (x1 - x0) < 20, (x1 - x0) / (y1 - y0) < 20 else {
            throw .unknownProjection(definition: definition, reason: "the map extent cannot be projected to a usable map")
        }
        let margin = 16.0, titleHeight = options.title == nil ? 0.0 : 36.0
        let width = Double(options.width)
        let scale = (width - 2 * margin) / (x1 - x0)
        let mapHeight = (y1 - y0) * scale
        let height = (mapHeight + 2 * margin + titleHeight).rounded(.up)
        let frame = Rect(x: margin, y: margin + titleHeight, w: width - 2 * margin, h: mapHeight)
        let canvas = Canvas(transform: transform, x0: x0, y1: y1, scale: scale, frame: frame)

        // The body first: the page grows below the map when the legend does not fit inside it.
        var pageHeight = height
        var svg = SVGText()
        svg.line("<defs><clipPath id=\"map-frame\"><rect x=\"\(f(frame.x))\" y=\"\(f(frame.y))\" width=\"\(f(frame.w))\" height=\"\(f(frame.h))\"/></clipPath></defs>")
        svg.line("<rect class=\"sea\" x=\"\(f(frame.x))\" y=\"\(f(frame.y))\" width=\"\(f(frame.w))\" height=\"\(f(frame.h))\" fill=\"\(backgrounds.isEmpty ? "#f4f1ea" : "#dce9f2")\"/>")
        if let title = options.title {
            // Bold text is about 10% wider than the estimate for regular text; shrink long titles to fit.
            let size = max(9, min(20, (width - 2 * margin) / max(1, textWidth(title, size: 1) * 1.1)))
            svg.line("<text class=\"title\" x=\"\(f(margin))\" y=\"\(f(margin + 22))\" font-size=\"\(f(size))\" font-weight=\"bold\" fill=\"#222\">\(escape(title))</text>")
        }
        svg.line("<g clip-path=\"url(#map-frame)\">")

        // Background polygons, clipped to the frame.
        if !backgrounds.isEmpty {
            svg.line("<g class=\"backgrounds\" fill=\"#f4f1ea\" stroke=\"#a39d92\" stroke-width=\"0.8\" fill-rule=\"evenodd\" stroke-linejoin=\"round\">")
            for layer in backgrounds {
                for polygon in layer.polygons {
                    let d = polygon.map { canvas.polygonPath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                    if !d.isEmpty { svg.line("<path class=\"region\" d=\"\(d)\"/>") }
                }
            }
            svg.line("</g>")
        }

        var legend = Legend(maxTextWidth: frame.w - 70)
        // Network: roads under rail, wider for higher classes.
        if let n = network {
            var roadLines: [String] = [], railLines: [String] = []
            var hasRoad = false, has1520 = false, has1435 = false, hasDual = false
            for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
                if n.edgeTwin[e] != UInt32.max && n.edgeTwin[e] < UInt32(e) { continue } // a dual-gauge piece once
                let d = canvas.linePath(n.edgeGeometry(e))
                if d.isEmpty { continue }
                let cls = n.className(ofEdge: e)
                if n.edgeMode[e] == .road {
                    hasRoad = true
                    let w = ["motorway": 1.6, "trunk": 1.3, "primary": 1.0][cls] ?? 0.7
                    roadLines.append("<path class=\"network road\" d=\"\(d)\" stroke-width=\"\(f(w))\"/>")
                } else {
                    let g = n.edgeGauge[e]
                    let twinDual = n.edgeTwin[e] != UInt32.max
                    let color: String
                    if g == .dual || twinDual { color = gaugeDual; hasDual = true }
                    else if g == .broad1520 { color = gauge1520; has1520 = true }
                    else { color = gauge1435; has1435 = true }
                    let w = (n.edgeTracks[e] >= 2 ? 1.8 : 1.2) + (cls == "trunk" || cls == "main" ? 0.2 : 0)
                    railLines.append("<path class=\"network rail\" d=\"\(d)\" stroke=\"\(color)\" stroke-width=\"\(f(w))\"/>")
                }
            }
            svg.line("<g class=\"network\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
            if !roadLines.isEmpty {
                svg.line("<g stroke=\"\(road)\" stroke-dasharray=\"5 2\">")
                for l in roadLines { svg.line(l) }
                svg.line("</g>")
            }
            for l in railLines { svg.line(l) }
            svg.line("</g>")
            if has1520 { legend.add(.line(gauge1520, 1.8, dash: nil), "rail, 1520 mm gauge") }
            if has1435 { legend.add(.line(gauge1435, 1.8, dash: nil), "rail, 1435 mm gauge") }
            if hasDual { legend.add(.line(gaugeDual, 1.8, dash: nil), "rail, dual gauge") }
            if hasRoad { legend.add(.line(road, 1.3, dash: "5 2"), "road (width by class)") }
        }

        let features = results.features
        // Reach.
        let reach = features.filter { $0.kind == .reach }
        if !reach.isEmpty {
            svg.line("<g fill=\"none\" stroke=\"#00a6a6\" stroke-width=\"3.5\" stroke-opacity=\"0.75\" stroke-linecap=\"round\">")
            for r in reach {
                let d = r.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if !d.isEmpty { svg.line("<path class=\"reach\" d=\"\(d)\"/>") }
            }
            svg.line("</g>")
            legend.add(.line("#00a6a6", 3.5, dash: nil), "reached within the budget")
        }
        // Flows: width proportional to tonnes/day, colour by utilization; the largest on top.
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
                svg.line("<path class=\"flow\" data-tpd=\"\(Int(tonnes.rounded()))\" d=\"\(d)\" stroke=\"\(utilizationColor(utilization))\" stroke-width=\"\(f(w))\"><title>\(escape(feature.label)): \(Int(tonnes.rounded())) t/day, \(Int((utilization * 100).rounded()))% of capacity</title></path>")
            }
            svg.line("</g>")
            legend.add(.line(utilizationColor(0.3), 5, dash: nil), "flow, utilization < 50%")
            legend.add(.line(utilizationColor(0.7), 5, dash: nil), "flow, utilization 50–90%")
            legend.add(.line(utilizationColor(0.95), 5, dash: nil), "flow, utilization ≥ 90%")
            legend.add(.line("#777777", maxWidth, dash: nil), "\(Int(maxFlow.rounded())) t/day (width ∝ flow)")
        }
        // Routes, worst rank first so the best is on top.
        let routes = features.compactMap { r -> (MapFeature, Int)? in if case let .route(rank) = r.kind { return (r, rank) }; return nil }
        if !routes.isEmpty {
            svg.line("<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
            for (feature, rank) in routes.enumerated().sorted(by: { ($0.element.1, $0.offset) > ($1.element.1, $1.offset) }).map(\.element) {
                let d = feature.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if d.isEmpty { continue }
                let w = rank <= 1 ? 5.0 : 3.5
                svg.line("<path class=\"route-halo\" d=\"\(d)\" stroke=\"#ffffff\" stroke-width=\"\(f(w + 3))\" stroke-opacity=\"0.9\"/>")
                svg.line("<path class=\"route\" data-rank=\"\(rank)\" d=\"\(d)\" stroke=\"\(routeColor(rank))\" stroke-width=\"\(f(w))\" stroke-opacity=\"0.9\"><title>route \(rank): \(escape(feature.label))</title></path>")
            }
            svg.line("</g>")
            for (feature, rank) in routes.enumerated().sorted(by: { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }).map(\.element) {
                legend.add(.line(routeColor(rank), rank <= 1 ? 5 : 3.5, dash: nil), (rank <= 1 ? "best route" : "route \(rank)") + (feature.label.isEmpty ? "" : ": \(feature.label)"))
            }
        }
        var occupied: [Rect] = []
        // Crossings of the network as small diamonds.
        if let n = network, !n.crossings.isEmpty {
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
        // Ranked chokepoints: edge elements highlighted, then numbered markers, most critical placed first.
        let chokepoints = features.enumerated().compactMap { i, r -> (MapFeature, Int, Int)? in
            if case let .chokepoint(rank, _) = r.kind { return (r, rank, i) }; return nil
        }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }
        if !chokepoints.isEmpty {
            svg.line("<g class=\"chokepoint-lines\" fill=\"none\" stroke=\"\(chokepointColor)\" stroke-width=\"7\" stroke-opacity=\"0.45\" stroke-linecap=\"round\">")
            for (feature, _, _) in chokepoints where feature.parts.contains(where: { $0.count > 1 }) {
                let d = feature.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if !d.isEmpty { svg.line("<path d=\"\(d)\"/>") }
            }
            svg.line("</g>")
        }
        // Minimum cut members: lines dashed black, points as hollow squares.
        let cuts = features.filter { if case .cutMember = $0.kind { return true }; return false }
        if !cuts.isEmpty {
            svg.line("<g class=\"cut-members\" fill=\"none\" stroke=\"\(cutColor)\">")
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
            for c in cuts.prefix(4) { legend.add(.indent, c.label) }
            if cuts.count > 4 { legend.add(.indent, "… \(cuts.count - 4) more") }
        }
        var markers: [(feature: MapFeature, rank: Int, anchor: Point, at: Point)] = []
        for (feature, rank, _) in chokepoints {
            guard let anchor = canvas.anchor(of: feature.parts) else { continue }
            let radius = 9.0
            var chosen: Point?
            let rings: [Double] = [0, 26, 46, 66, 86]
            search: for ring in rings {
                let steps = ring == 0 ? 1 : 12
                for k in 0..<steps {
                    let angle = (-60.0 + 30.0 * Double(k)) * .pi / 180
                    let p = Point(x: anchor.x + ring * cos(angle), y: anchor.y - ring * sin(angle))
                    let r = Rect(x: p.x - radius - 1, y: p.y - radius - 1, w: 2 * radius + 2, h: 2 * radius + 2)
                    guard frame.contains(r), !markers.contains(where: { hypot($0.at.x - p.x, $0.at.y - p.y) < 2 * radius + 3 }) else { continue }
                    chosen = p
                    break search
                }
            }
            let at = chosen ?? anchor
            markers.append((feature, rank, anchor, at))
            occupied.append(Rect(x: at.x - radius, y: at.y - radius, w: 2 * radius, h: 2 * radius))
        }
        if !markers.isEmpty {
            svg.line("<g class=\"chokepoints\">")
            for m in markers where m.at != m.anchor {
                svg.line("<path class=\"leader\" d=\"M\(f(m.anchor.x)) \(f(m.anchor.y))L\(f(m.at.x)) \(f(m.at.y))\" stroke=\"\(chokepointColor)\" stroke-width=\"1\" fill=\"none\"/><circle cx=\"\(f(m.anchor.x))\" cy=\"\(f(m.anchor.y))\" r=\"2\" fill=\"\(chokepointColor)\"/>")
            }
            for m in markers {
                svg.line("<g class=\"chokepoint\" data-rank=\"\(m.rank)\"><title>\(m.rank). \(escape(m.feature.label))</title><circle cx=\"\(f(m.at.x))\" cy=\"\(f(m.at.y))\" r=\"9\" fill=\"\(chokepointColor)\" stroke=\"#ffffff\" stroke-width=\"1.5\"/><text x=\"\(f(m.at.x))\" y=\"\(f(m.at.y + 3.8))\" font-size=\"\(m.rank >= 10 ? 9 : 11)\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">\(m.rank)</text></g>")
            }
            svg.line("</g>")
            let shown = markers.prefix(10)
            legend.add(.none, "most critical (throughput lost when removed):")
            for m in shown { legend.add(.marker(m.rank), m.feature.label) }
            if markers.count > shown.count { legend.add(.indent, "… \(markers.count - shown.count) more") }
        }
        for note in results.notes { legend.add(.none, note) }

        // Sites of the results.
        let sites = resolveSites(results.sites, network: network)
        if !sites.isEmpty {
            svg.line("<g class=\"sites\" fill=\"#ffffff\" stroke=\"\(siteColor)\" stroke-width=\"2\">")
            for s in sites {
                guard let p = canvas.point(s.location), frame.contains(p) else { continue }
                svg.line("<circle class=\"site\" cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"5\"><title>\(escape(s.name))</title></circle>")
                occupied.append(Rect(x: p.x - 5, y: p.y - 5, w: 10, h: 10))
            }
            svg.line("</g>")
            legend.add(.site, "origin / destination")
        }
        svg.line("</g>")

        // Fixed furniture: north arrow top right, scale bar bottom right, legend in the emptiest free corner.
        let northRect = Rect(x: frame.x + frame.w - 44, y: frame.y + 6, w: 38, h: 52)
        let scaleBar = self.scaleBar(canvas: canvas, center: center)
        let scaleRect = scaleBar.map { Rect(x: frame.x + frame.w - $0.lengthPx - 50, y: frame.y + frame.h - 40, w: $0.lengthPx + 44, h: 34) }
        let legendSize = legend.size
        var legendRect: Rect?
        if !legend.entries.isEmpty {
            let gap = 8.0
            let candidates = [
                Rect(x: frame.x + gap, y: frame.y + frame.h - legendSize.h - gap, w: legendSize.w, h: legendSize.h),
                Rect(x: frame.x + gap, y: frame.y + gap, w: legendSize.w, h: legendSize.h),
                Rect(x: frame.x + frame.w - legendSize.w - gap, y: (scaleRect?.y ?? frame.y + frame.h) - legendSize.h - gap, w: legendSize.w, h: legendSize.h),
                Rect(x: frame.x + frame.w - legendSize.w - gap, y: northRect.y + northRect.h + gap, w: legendSize.w, h: legendSize.h),
            ].filter { frame.contains($0) }
            // Fewest drawn vertices under the box; ties keep the listed order (bottom left first).
            let vertices = canvas.sampleVertices(network: network, features: features)
            let best = candidates.enumerated().map { c in (count: vertices.filter { c.element.contains($0) }.count, order: c.offset, rect: c.element) }
                .min { ($0.count, $0.order) < ($1.count, $1.order) }
            // Inside the map only when it hides little: under a fifth of the map and about 1% of what is drawn.
            if let best, best.rect.w * best.rect.h <= 0.2 * frame.w * frame.h, best.count <= max(3, vertices.count / 100) {
                legendRect = best.rect
            }
            if legendRect == nil {
                // Too big for the map: below it, on a taller page.
                let r = Rect(x: frame.x, y: frame.y + frame.h + gap, w: legendSize.w, h: legendSize.h)
                legendRect = r
                pageHeight = (r.y + r.h + margin).rounded(.up)
            }
        }
        var reserved = [northRect]
        if let r = scaleRect { reserved.append(r) }
        if let r = legendRect { reserved.append(r) }

        // Place labels: greedy, most important first, eight candidate positions, no overlaps with each other,
        // markers, sites or the map furniture.
        if let n = network, options.maxLabels > 0 {
            let labels = placeLabels(network: n, sites: sites, canvas: canvas, obstacles: occupied + reserved, maxLabels: options.maxLabels)
            if !labels.isEmpty {
                svg.line("<g class=\"labels\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">")
                for l in labels {
                    if l.dot { svg.line("<circle class=\"place\" cx=\"\(f(l.point.x))\" cy=\"\(f(l.point.y))\" r=\"2.2\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>") }
                    let weight = l.bold ? " font-weight=\"bold\"" : ""
                    let style = l.italic ? " font-style=\"italic\"" : ""
                    svg.line("<text class=\"label\" x=\"\(f(l.x))\" y=\"\(f(l.y))\" font-size=\"\(f(l.size))\" text-anchor=\"\(l.anchor)\"\(weight)\(style)>\(escape(l.text))</text>")
                }
                svg.line("</g>")
            }
        }

        if let r = legendRect { legend.draw(into: &svg, at: r) }
        if let bar = scaleBar, let r = scaleRect {
            let x = r.x + 10, y = r.y + 24, len = bar.lengthPx
            svg.line("<g class=\"scalebar\" font-size=\"10\" fill=\"#222\">")
            svg.line("<rect x=\"\(f(r.x))\" y=\"\(f(r.y))\" width=\"\(f(r.w))\" height=\"\(f(r.h))\" fill=\"#ffffff\" fill-opacity=\"0.85\" rx=\"3\"/>")
            svg.line("<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(len / 2))\" height=\"4\" fill=\"#222\" stroke=\"#222\" stroke-width=\"0.8\"/>")
            svg.line("<rect x=\"\(f(x + len / 2))\" y=\"\(f(y))\" width=\"\(f(len / 2))\" height=\"4\" fill=\"#ffffff\" stroke=\"#222\" stroke-width=\"0.8\"/>")
            svg.line("<text x=\"\(f(x))\" y=\"\(f(y - 4))\" text-anchor=\"middle\">0</text>")
            svg.line("<text x=\"\(f(x + len / 2))\" y=\"\(f(y - 4))\" text-anchor=\"middle\">\(formatNumber(bar.km / 2))</text>")
            svg.line("<text x=\"\(f(x + len))\" y=\"\(f(y - 4))\" text-anchor=\"middle\">\(formatNumber(bar.km))</text>")
            svg.line("<text x=\"\(f(x + len + 6))\" y=\"\(f(y + 5))\">km</text>")
            svg.line("</g>")
        }
        // North arrow: the direction of the meridian at the arrow's own position.
        let arrowCenter = Point(x: northRect.x + northRect.w / 2, y: northRect.y + 30)
        if let angle = northAngle(at: arrowCenter, canvas: canvas, inverse: inverse) {
            svg.line("<g class=\"north-arrow\" transform=\"translate(\(f(arrowCenter.x)) \(f(arrowCenter.y))) rotate(\(f(angle)))\"><path d=\"M0 -16L6 8L0 3L-6 8Z\" fill=\"#222\" stroke=\"#ffffff\" stroke-width=\"1\"/><text x=\"0\" y=\"-19\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#222\" stroke=\"#ffffff\" stroke-width=\"2.5\" paint-order=\"stroke\">N</text></g>")
        }
        svg.line("<rect class=\"frame\" x=\"\(f(frame.x))\" y=\"\(f(frame.y))\" width=\"\(f(frame.w))\" height=\"\(f(frame.h))\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1\"/>")
        svg.line("</svg>")
        var page = SVGText()
        page.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        page.line("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(pageHeight))\" viewBox=\"0 0 \(Int(width)) \(Int(pageHeight))\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">")
        page.line("<desc>Projection: \(escape(definition))</desc>")
        page.line("<rect class=\"page\" x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(pageHeight))\" fill=\"#ffffff\"/>")
        return page.text + svg.text
    }

    // MARK: Extent, scale, north

    static func extent(network: Network?, results: MapResults, options: SVGMapOptions) throws(RenderError) -> MapBBox {
        if let b = options.bbox { return b }
        var box = (minLon: Double.infinity, minLat: Double.infinity, maxLon: -Double.infinity, maxLat: -Double.infinity)
        func add(_ p: LonLat) {
            box.minLon = min(box.minLon, p.lon); box.maxLon = max(box.maxLon, p.lon)
            box.minLat = min(box.minLat, p.lat); box.maxLat = max(box.maxLat, p.lat)
        }
        if let n = network { for p in n.nodeLocation { add(p) } }
        for f in results.features { for part in f.parts { for p in part { add(p) } } }
        guard box.minLon <= box.maxLon else { throw .nothingToDraw }
        let mx = max((box.maxLon - box.minLon) * 0.04, 0.05), my = max((box.maxLat - box.minLat) * 0.04, 0.05)
        return MapBBox(minLon: max(box.minLon - mx, -180), minLat: max(box.minLat - my, -90),
                       maxLon: min(box.maxLon + mx, 180), maxLat: min(box.maxLat + my, 90))
    }

    /// A round length of about a fifth of the map width (at most 180 px), measured along the geodesic east of the
    /// map centre (an equal-area projection keeps true scale there).
    static func scaleBar(canvas: Canvas, center: LonLat) -> (km: Double, lengthPx: Double)? {
        guard let a = canvas.point(center), let b = canvas.point(Geodesic.direct(center, azimuth: 90, distance: 100_000)) else { return nil }
        let pixelsPerKm = hypot(b.x - a.x, b.y - a.y) / 100
        guard pixelsPerKm > 0, pixelsPerKm.isFinite else { return nil }
        let target = min(canvas.frame.w / 5, 180) / pixelsPerKm
        let nice = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000]
        let km = nice.last { $0 <= target } ?? nice[0]
        return (km, km * pixelsPerKm)
    }

    /// Degrees clockwise from the page's up to geographic north at a pixel position.
    static func northAngle(at p: Point, canvas: Canvas, inverse: CoordinateTransform) -> Double? {
        let q = canvas.projected(p)
        guard let ll = inverse.forward(q.x, q.y) else { return nil }
        let here = LonLat(lon: ll.x, lat: ll.y)
        guard let a = canvas.point(here), let b = canvas.point(Geodesic.direct(here, azimuth: 0, distance: 20_000)) else { return nil }
        return atan2(b.x - a.x, -(b.y - a.y)) * 180 / .pi
    }

    // MARK: Sites and labels

    struct ResolvedSite { var name: String; var location: LonLat }

    static func resolveSites(_ sites: [MapSite], network: Network?) -> [ResolvedSite] {
        sites.compactMap { s in
            if let l = s.location { return ResolvedSite(name: s.name, location: l) }
            if let p = try? network?.places.place(named: s.name) { return ResolvedSite(name: p.name, location: p.location) }
            return nil
        }
    }

    struct Label { var text: String; var point: Point; var x: Double; var y: Double; var anchor: String; var size: Double; var bold: Bool; var italic: Bool; var dot: Bool }

    /// Greedy label placement: sites first, then cities by how many lines meet there, ports, crossings and
    /// junctions; each tries eight positions around its point and takes the first that overlaps nothing placed.
    static func placeLabels(network n: Network, sites: [ResolvedSite], canvas: Canvas, obstacles: [Rect], maxLabels: Int) -> [Label] {
        let degree = lineDegreeNearPlaces(n)
        let kindPriority = ["city": 1, "port": 1, "crossing": 2, "junction": 3]
        var candidates: [(priority: Int, importance: Int, order: Int, name: String, location: LonLat, kind: String)] = []
        for (i, s) in sites.enumerated() { candidates.append((0, 0, i, s.name, s.location, "site")) }
        let siteNames = Set(sites.map(\.name))
        for (i, p) in n.places.places.enumerated() where !siteNames.contains(p.name) {
            guard let priority = kindPriority[p.kind] else { continue }
            candidates.append((priority, -degree[i], i, p.name, p.location, p.kind))
        }
        candidates.sort { ($0.priority, $0.importance, $0.order) < ($1.priority, $1.importance, $1.order) }
        var placed: [Rect] = obstacles
        var labels: [Label] = []
        var dots: [Rect] = []
        for c in candidates where labels.count < maxLabels {
            guard let p = canvas.point(c.location), canvas.frame.contains(p) else { continue }
            let size = c.kind == "site" ? 12.0 : (c.kind == "city" || c.kind == "port" ? 11.0 : 9.5)
            let w = textWidth(c.name, size: size), h = size * 1.05
            let dotRect = Rect(x: p.x - 2.5, y: p.y - 2.5, w: 5, h: 5)
            let pad = c.kind == "site" ? 7.0 : 4.0
            // (x, baseline y, anchor) for E, W, NE, NW, SE, SW, N, S.
            let options: [(Double, Double, String)] = [
                (p.x + pad, p.y + h * 0.35, "start"), (p.x - pad, p.y + h * 0.35, "end"),
                (p.x + pad * 0.7, p.y - pad * 0.7, "start"), (p.x - pad * 0.7, p.y - pad * 0.7, "end"),
                (p.x + pad * 0.7, p.y + pad * 0.7 + h * 0.75, "start"), (p.x - pad * 0.7, p.y + pad * 0.7 + h * 0.75, "end"),
                (p.x, p.y - pad - 1, "middle"), (p.x, p.y + pad + h * 0.8, "middle"),
            ]
            for (tx, ty, anchor) in options {
                let left = anchor == "start" ? tx : (anchor == "end" ? tx - w : tx - w / 2)
                let rect = Rect(x: left - 1, y: ty - h * 0.8, w: w + 2, h: h)
                guard canvas.frame.contains(rect), !placed.contains(where: { $0.intersects(rect) }),
                      !dots.contains(where: { $0.intersects(rect) }) else { continue }
                placed.append(rect)
                let drawDot = c.kind != "site" && c.kind != "crossing"
                if drawDot { placed.append(dotRect) }
                dots.append(dotRect)
                labels.append(Label(text: c.name, point: p, x: tx, y: ty, anchor: anchor, size: size,
                                    bold: c.kind == "site", italic: c.kind == "crossing", dot: drawDot))
                break
            }
        }
        return labels
    }

    /// For each gazetteer place, the number of line edges at the network node nearest to it (within about 5 km),
    /// as a proxy for how important a hub it is.
    static func lineDegreeNearPlaces(_ n: Network) -> [Int] {
        var degree = [Int](repeating: 0, count: n.nodeCount)
        for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
            degree[Int(n.edgeSource[e])] += 1
            degree[Int(n.edgeTarget[e])] += 1
        }
        // Grid of nodes, 0.05° cells.
        let cell = 0.05
        var grid: [Int64: [Int]] = [:]
        func key(_ lon: Double, _ lat: Double) -> Int64 { Int64((lon / cell).rounded(.down)) &* 100_000 &+ Int64((lat / cell).rounded(.down)) }
        for (i, p) in n.nodeLocation.enumerated() where degree[i] > 0 { grid[key(p.lon, p.lat), default: []].append(i) }
        return n.places.places.map { place in
            var best = (distance: Double.infinity, node: -1)
            let cx = Int64((place.location.lon / cell).rounded(.down)), cy = Int64((place.location.lat / cell).rounded(.down))
            for dx in -1...1 { for dy in -1...1 {
                for v in grid[(cx + Int64(dx)) &* 100_000 &+ (cy + Int64(dy))] ?? [] {
                    let q = n.nodeLocation[v]
                    let d = hypot((q.lon - place.location.lon) * cos(place.location.lat * .pi / 180), q.lat - place.location.lat)
                    if (d, v) < (best.distance, best.node) || best.node < 0 { best = (d, v) }
                }
            } }
            return best.node >= 0 ? degree[best.node] : 0
        }
    }

    /// Approximate advance width of `text` in DejaVu Sans (wider than most fallbacks, so an overestimate).
    static func textWidth(_ text: String, size: Double) -> Double {
        var em = 0.0
        for ch in text {
            switch ch {
            case "i", "l", "j", "'", "|", "!", ".", ",", ":", ";": em += 0.29
            case "f", "t", "r", "I", " ", "(", ")", "-", "[", "]": em += 0.37
            case "m", "w", "M", "W", "—", "−": em += 0.92
            case "a"..."z": em += 0.62
            case "A"..."Z": em += 0.72
            case "0"..."9": em += 0.64
            default: em += ch.unicodeScalars.first.map { $0.value > 0x2E80 } == true ? 1.0 : 0.7
            }
        }
        return em * size
    }

    // MARK: Formatting

    static func routeColor(_ rank: Int) -> String { routeColors[(max(rank, 1) - 1) % routeColors.count] }

    static func utilizationColor(_ u: Double) -> String {
        if u >= 0.9 { return "#d7191c" }
        if u >= 0.5 { return "#f28e2b" }
        return "#1a9641"
    }

    /// Fixed one-decimal formatting (deterministic, locale-free).
    static func f(_ v: Double) -> String { fixed(v, 1) }

    static func fixed(_ v: Double, _ decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", v)
        return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
    }

    static func formatNumber(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : fixed(v, v < 1 ? 2 : 1)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // Control characters are not allowed in XML 1.0.
                if let v = ch.unicodeScalars.first?.value, v < 0x20, ch != "\t", ch != "\n" { out += " " } else { out.append(ch) }
            }
        }
        return out
    }
}

struct Point: Equatable { var x, y: Double }

struct Rect {
    var x, y, w, h: Double
    func intersects(_ o: Rect) -> Bool { x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h }
    func contains(_ p: Point) -> Bool { p.x >= x && p.y >= y && p.x <= x + w && p.y <= y + h }
    func contains(_ r: Rect) -> Bool { r.x >= x && r.y >= y && r.x + r.w <= x + w && r.y + r.h <= y + h }
}

/// The legend: symbols with one line of text each, sized to its longest line.
struct Legend {
    enum Symbol { case line(String, Double, dash: String?), diamond, marker(Int), cut, site, indent, none }
    var entries: [(Symbol, String)] = []
    /// Longer lines are cut with an ellipsis (at most 64 characters in any case).
    var maxTextWidth: Double
    static let rowHeight = 16.0, fontSize = 11.0, maxChars = 64

    mutating func add(_ symbol: Symbol, _ text: String) {
        var t = text.count > Self.maxChars ? String(text.prefix(Self.maxChars - 1)) + "…" : text
        while t.count > 2 && SVGMap.textWidth(t, size: Self.fontSize) > maxTextWidth { t = String(t.dropLast(2)) + "…" }
        entries.append((symbol, t))
    }

    var size: (w: Double, h: Double) {
        let textW = entries.map { SVGMap.textWidth($0.1, size: Self.fontSize) + (isIndented($0.0) ? 0 : 36) }.max() ?? 0
        return (textW + 20, Double(entries.count) * Self.rowHeight + 12)
    }

    func isIndented(_ s: Symbol) -> Bool { if case .none = s { return true }; return false }

    func draw(into svg: inout SVGText, at r: Rect) {
        let f = SVGMap.f
        svg.line("<g class=\"legend\" font-size=\"\(Int(Self.fontSize))\" fill=\"#222\">")
        svg.line("<rect x=\"\(f(r.x))\" y=\"\(f(r.y))\" width=\"\(f(r.w))\" height=\"\(f(r.h))\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#999999\" rx=\"3\"/>")
        for (i, (symbol, text)) in entries.enumerated() {
            let baseline = r.y + 6 + Self.rowHeight * Double(i) + 12
            let mid = baseline - 4, x = r.x + 10
            var textX = x + 36
            switch symbol {
            case let .line(color, width, dash):
                let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
                svg.line("<line x1=\"\(f(x))\" y1=\"\(f(mid))\" x2=\"\(f(x + 26))\" y2=\"\(f(mid))\" stroke=\"\(color)\" stroke-width=\"\(f(min(width, 12)))\"\(dashAttr)/>")
            case .diamond:
                svg.line("<path d=\"M\(f(x + 13)) \(f(mid - 4.5))L\(f(x + 17.5)) \(f(mid))L\(f(x + 13)) \(f(mid + 4.5))L\(f(x + 8.5)) \(f(mid))Z\" fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"1.2\"/>")
            case let .marker(rank):
                svg.line("<circle cx=\"\(f(x + 13))\" cy=\"\(f(mid))\" r=\"7\" fill=\"\(SVGMap.chokepointColor)\"/><text x=\"\(f(x + 13))\" y=\"\(f(mid + 3.3))\" font-size=\"\(rank >= 10 ? 8 : 9)\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">\(rank)</text>")
            case .cut:
                svg.line("<line x1=\"\(f(x))\" y1=\"\(f(mid))\" x2=\"\(f(x + 12))\" y2=\"\(f(mid))\" stroke=\"\(SVGMap.cutColor)\" stroke-width=\"3\" stroke-dasharray=\"4 3\"/><rect x=\"\(f(x + 16))\" y=\"\(f(mid - 5))\" width=\"10\" height=\"10\" fill=\"none\" stroke=\"\(SVGMap.cutColor)\" stroke-width=\"2\"/>")
            case .indent:
                break
            case .site:
                svg.line("<circle cx=\"\(f(x + 13))\" cy=\"\(f(mid))\" r=\"5\" fill=\"#ffffff\" stroke=\"\(SVGMap.siteColor)\" stroke-width=\"2\"/>")
            case .none:
                textX = x
            }
            svg.line("<text x=\"\(f(textX))\" y=\"\(f(baseline))\">\(SVGMap.escape(text))</text>")
        }
        svg.line("</g>")
    }
}

/// Maps lon/lat to SVG pixels through the projection and clips to the frame.
struct Canvas {
    let transform: CoordinateTransform
    let x0: Double, y1: Double, scale: Double
    let frame: Rect

    /// Lines and polygons are clipped to the frame grown by this much, so strokes along the cut stay hidden.
    var clip: Rect { Rect(x: frame.x - 3, y: frame.y - 3, w: frame.w + 6, h: frame.h + 6) }

    func point(_ p: LonLat) -> Point? {
        guard let q = transform.forward(p.lon, p.lat) else { return nil }
        return pixel(q)
    }

    func pixel(_ q: (x: Double, y: Double)) -> Point { Point(x: frame.x + (q.x - x0) * scale, y: frame.y + (y1 - q.y) * scale) }
    func projected(_ p: Point) -> (x: Double, y: Double) { ((p.x - frame.x) / scale + x0, y1 - (p.y - frame.y) / scale) }

    func points<C: Collection>(_ line: C) -> [Point] where C.Element == LonLat {
        let array = Array(line)
        if let all = transform.forward(array) { return all.map(pixel) }
        return array.compactMap(point)
    }

    /// Where a feature's marker goes: a point's position, or the middle (by length) of its longest part.
    func anchor(of parts: [[LonLat]]) -> Point? {
        let lines = parts.map { points($0) }.filter { !$0.isEmpty }
        func length(_ l: [Point]) -> Double { zip(l, l.dropFirst()).reduce(0) { $0 + hypot($1.1.x - $1.0.x, $1.1.y - $1.0.y) } }
        guard let longest = lines.enumerated().max(by: { (length($0.element), -$0.offset) < (length($1.element), -$1.offset) })?.element else { return nil }
        var remaining = length(longest) / 2
        var result = longest[0]
        for (a, b) in zip(longest, longest.dropFirst()) {
            let d = hypot(b.x - a.x, b.y - a.y)
            if d >= remaining && d > 0 {
                result = Point(x: a.x + (b.x - a.x) * remaining / d, y: a.y + (b.y - a.y) * remaining / d)
                remaining = -1
                break
            }
            remaining -= d
        }
        if remaining >= 0 { result = longest[longest.count - 1] }
        return frame.contains(result) ? result : nil
    }

    /// SVG path data of a polyline clipped to the frame (several subpaths where it leaves and re-enters);
    /// consecutive points closer than a third of a pixel are merged.
    func linePath<C: Collection>(_ line: C) -> String where C.Element == LonLat {
        let pts = points(line)
        if pts.count == 1 || (pts.count >= 2 && pts.allSatisfy({ abs($0.x - pts[0].x) < 0.34 && abs($0.y - pts[0].y) < 0.34 })) {
            // Shorter than a pixel: still a dot.
            return clip.contains(pts[0]) ? "M\(SVGMap.f(pts[0].x)) \(SVGMap.f(pts[0].y))h0.1" : ""
        }
        var d = ""
        var open = false
        var last = Point(x: 0, y: 0)
        for (a, b) in zip(pts, pts.dropFirst()) {
            guard let (p, q) = clipSegment(a, b) else { open = false; continue }
            if !open {
                d += "M\(SVGMap.f(p.x)) \(SVGMap.f(p.y))"
                last = p
                open = true
            }
            let leaves = q != b
            // Merge points closer than a third of a pixel, but never drop the point where the line leaves.
            if !leaves && abs(last.x - q.x) < 0.34 && abs(last.y - q.y) < 0.34 { continue }
            d += "L\(SVGMap.f(q.x)) \(SVGMap.f(q.y))"
            last = q
            if leaves { open = false }
        }
        return d
    }

    /// Liang–Barsky clipping of segment a→b to `clip`.
    func clipSegment(_ a: Point, _ b: Point) -> (Point, Point)? {
        let c = clip
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - c.x), (dx, c.x + c.w - a.x), (-dy, a.y - c.y), (dy, c.y + c.h - a.y)] {
            if p == 0 { if q < 0 { return nil }; continue }
            let r = q / p
            if p < 0 { if r > t1 { return nil }; if r > t0 { t0 = r } } else { if r < t0 { return nil }; if r < t1 { t1 = r } }
        }
        let p = t0 == 0 ? a : Point(x: a.x + t0 * dx, y: a.y + t0 * dy)
        let q = t1 == 1 ? b : Point(x: a.x + t1 * dx, y: a.y + t1 * dy)
        return (p, q)
    }

    /// SVG path data of a polygon ring clipped to `clip` (Sutherland–Hodgman), closed.
    func polygonPath(_ ring: [LonLat]) -> String {
        var pts = points(ring)
        guard pts.count >= 3 else { return "" }
        let c = clip
        let edges: [(Point) -> Bool] = [{ $0.x >= c.x }, { $0.x <= c.x + c.w }, { $0.y >= c.y }, { $0.y <= c.y + c.h }]
        let intersect: [(Point, Point) -> Point] = [
            { a, b in let t = (c.x - a.x) / (b.x - a.x); return Point(x: c.x, y: a.y + t * (b.y - a.y)) },
            { a, b in let t = (c.x + c.w - a.x) / (b.x - a.x); return Point(x: c.x + c.w, y: a.y + t * (b.y - a.y)) },
            { a, b in let t = (c.y - a.y) / (b.y - a.y); return Point(x: a.x + t * (b.x - a.x), y: c.y) },
            { a, b in let t = (c.y + c.h - a.y) / (b.y - a.y); return Point(x: a.x + t * (b.x - a.x), y: c.y + c.h) },
        ]
        for k in 0..<4 {
            guard !pts.isEmpty else { break }
            var out: [Point] = []
            out.reserveCapacity(pts.count)
            var prev = pts[pts.count - 1]
            for cur in pts {
                let curIn = edges[k](cur), prevIn = edges[k](prev)
                if curIn {
                    if !prevIn { out.append(intersect[k](prev, cur)) }
                    out.append(cur)
                } else if prevIn {
                    out.append(intersect[k](prev, cur))
                }
                prev = cur
            }
            pts = out
        }
        var d = ""
        var last: Point?
        var count = 0
        for p in pts {
            if let l = last, abs(l.x - p.x) < 0.34 && abs(l.y - p.y) < 0.34 { continue }
            d += (d.isEmpty ? "M" : "L") + SVGMap.f(p.x) + " " + SVGMap.f(p.y)
            last = p
            count += 1
        }
        return count >= 3 ? d + "Z" : ""
    }

    /// Pixel positions of drawn vertices (network and results), to find the emptiest corner for the legend.
    func sampleVertices(network: Network?, features: [MapFeature]) -> [Point] {
        var out: [Point] = []
        if let n = network {
            for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
                out += densified(points(n.edgeGeometry(e))).filter { frame.contains($0) }
            }
        }
        for f in features { for part in f.parts { out += densified(points(part)).filter { frame.contains($0) } } }
        return out
    }

    /// Points along a pixel polyline every `step` pixels (and its vertices).
    func densified(_ pts: [Point], step: Double = 8) -> [Point] {
        guard var previous = pts.first else { return [] }
        var out = [previous]
        for p in pts.dropFirst() {
            let d = hypot(p.x - previous.x, p.y - previous.y)
            if d > step {
                let n = Int(d / step)
                for k in 1...n { let t = Double(k) / Double(n + 1); out.append(Point(x: previous.x + (p.x - previous.x) * t, y: previous.y + (p.y - previous.y) * t)) }
            }
            out.append(p)
            previous = p
        }
        return out
    }
}

struct SVGText {
    var text = ""
    mutating func line(_ s: String) { text += s; text += "\n" }
}
