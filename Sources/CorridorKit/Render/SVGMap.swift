import CorridorGeo
import Foundation

/// A polygon layer drawn as a light background (countries, provinces).
public struct BackgroundLayer: Sendable {
    public var name: String
    /// Polygons as `[outer ring, holes...]`.
    public var polygons: [[[LonLat]]]
    public init(name: String, polygons: [[[LonLat]]]) { self.name = name; self.polygons = polygons }
}

/// Options of an SVG map.
public struct SVGMapOptions: Sendable {
    /// Width of the SVG in pixels; the height follows from the projected extent.
    public var width: Int = 1200
    /// Area to show, lon/lat degrees; default: the extent of what is drawn, with a margin.
    public var bbox: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)?
    /// A PROJ string, `EPSG:NNNN` or WKT; default: Lambert azimuthal equal-area centred on the data.
    public var projection: String?
    public var title: String?
    /// At most this many place labels.
    public var maxLabels: Int = 40
    public init() {}

    /// Parses `minLon,minLat,maxLon,maxLat`.
    public static func parseBBox(_ text: String) throws(RenderError) -> (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        let v = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard v.count == 4, let a = v[0], let b = v[1], let c = v[2], let d = v[3],
              a < c, b < d, a >= -180, c <= 180, b >= -90, d <= 90 else { throw .emptyBBox(text) }
        return (a, b, c, d)
    }
}

/// Draws networks and Corridor results as a standalone SVG map: network lines by mode, gauge and class, optional
/// background polygons, place labels placed greedily without overlap, routes, flows, chokepoints, crossings, a legend,
/// a scale bar and a north arrow. Coordinates go through a PROJ projection (never plate carrée). Output is
/// deterministic: the same input gives the same bytes.
public enum SVGMap {
    static let routeColors = ["#d7301f", "#2166ac", "#1a9850", "#762a83", "#e08214", "#35978f"]
    static let gauge1520 = "#8c2d04", gauge1435 = "#253494", gaugeDual = "#7a0177", road = "#c8a46a"

    /// Renders the map.
    /// - Complexity: O(total vertices drawn + labels²).
    public static func render(network: Network?, backgrounds: [BackgroundLayer] = [], results: [MapFeature] = [],
                              options: SVGMapOptions = SVGMapOptions()) throws(RenderError) -> String {
        guard network != nil || !results.isEmpty else { throw .nothingToDraw }
        guard options.width >= 200 && options.width <= 20_000 else { throw .invalidOption("--width must be between 200 and 20000 pixels") }
        // Extent: explicit, else everything drawn (network and results), with a 4% margin.
        let extent: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)
        if let b = options.bbox {
            extent = b
        } else {
            var lons: [Double] = [], lats: [Double] = []
            if let n = network { for p in n.nodeLocation { lons.append(p.lon); lats.append(p.lat) } }
            for f in results { for part in f.parts { for p in part { lons.append(p.lon); lats.append(p.lat) } } }
            guard let a = lons.min(), let c = lons.max(), let b = lats.min(), let d = lats.max() else { throw .nothingToDraw }
            let mx = max((c - a) * 0.04, 0.05), my = max((d - b) * 0.04, 0.05)
            extent = (max(a - mx, -180), max(b - my, -90), min(c + mx, 180), min(d + my, 90))
        }
        let center = LonLat(lon: (extent.minLon + extent.maxLon) / 2, lat: (extent.minLat + extent.maxLat) / 2)
        let definition = options.projection ?? String(format: "+proj=laea +lat_0=%.4f +lon_0=%.4f +datum=WGS84 +units=m +no_defs", center.lat, center.lon)
        let transform: CoordinateTransform
        do { transform = try CoordinateTransform(from: "EPSG:4326", to: definition) } catch {
            throw .unknownProjection(definition: definition, reason: error.description)
        }
        // Projected extent from a densified outline of the bbox.
        var outline: [LonLat] = []
        for i in 0...20 {
            let t = Double(i) / 20
            let lon = extent.minLon + (extent.maxLon - extent.minLon) * t
            let lat = extent.minLat + (extent.maxLat - extent.minLat) * t
            outline += [LonLat(lon: lon, lat: extent.minLat), LonLat(lon: lon, lat: extent.maxLat),
                        LonLat(lon: extent.minLon, lat: lat), LonLat(lon: extent.maxLon, lat: lat)]
        }
        let projectedOutline = outline.compactMap { transform.forward($0.lon, $0.lat) }
        guard projectedOutline.count > 4, let x0 = projectedOutline.map(\.x).min(), let x1 = projectedOutline.map(\.x).max(),
              let y0 = projectedOutline.map(\.y).min(), let y1 = projectedOutline.map(\.y).max(), x1 > x0, y1 > y0 else {
            throw .unknownProjection(definition: definition, reason: "the map extent cannot be projected")
        }
        let margin = 20.0, titleHeight = options.title == nil ? 0.0 : 34.0
        let width = Double(options.width)
        let scale = (width - 2 * margin) / (x1 - x0)
        let mapHeight = (y1 - y0) * scale
        let height = (mapHeight + 2 * margin + titleHeight).rounded(.up)
        let canvas = Canvas(transform: transform, x0: x0, y1: y1, scale: scale, left: margin, top: margin + titleHeight,
                            right: width - margin, bottom: margin + titleHeight + mapHeight)

        var svg = SVGText()
        svg.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        svg.line("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"DejaVu Sans, Arial, sans-serif\">")
        svg.line("<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#eef3f7\"/>")
        svg.line("<defs><clipPath id=\"map\"><rect x=\"\(f(margin))\" y=\"\(f(margin + titleHeight))\" width=\"\(f(width - 2 * margin))\" height=\"\(f(mapHeight))\"/></clipPath></defs>")
        if let title = options.title {
            svg.line("<text class=\"title\" x=\"\(f(margin))\" y=\"\(f(margin + 20))\" font-size=\"20\" font-weight=\"bold\" fill=\"#222\">\(escape(title))</text>")
        }
        svg.line("<g clip-path=\"url(#map)\">")
        var legend: [(String, String)] = []

        // Background polygons.
        if !backgrounds.isEmpty {
            svg.line("<g class=\"backgrounds\" fill=\"#f7f4ec\" stroke=\"#9c9486\" stroke-width=\"0.8\" fill-rule=\"evenodd\">")
            for layer in backgrounds {
                for polygon in layer.polygons {
                    let d = polygon.map { canvas.path($0, closed: true) }.joined(separator: " ")
                    if !d.isEmpty { svg.line("<path class=\"region\" d=\"\(d)\"/>") }
                }
            }
            svg.line("</g>")
        }

        // Network: roads under rail, wider for higher classes.
        if let n = network {
            var roadLines: [String] = [], railLines: [String] = []
            var gaugesSeen = Set<GaugeSpec>()
            var hasRoad = false
            for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
                if n.edgeTwin[e] != UInt32.max && n.edgeTwin[e] < UInt32(e) { continue } // draw a dual-gauge piece once
                let d = canvas.path(n.edgeGeometry(e), closed: false)
                if d.isEmpty { continue }
                let cls = n.className(ofEdge: e)
                if n.edgeMode[e] == .road {
                    hasRoad = true
                    let w = ["motorway": 1.8, "trunk": 1.4, "primary": 1.1][cls] ?? 0.8
                    roadLines.append("<path class=\"network road\" d=\"\(d)\" stroke=\"\(road)\" stroke-width=\"\(f(w))\"/>")
                } else {
                    let g = n.edgeGauge[e]
                    gaugesSeen.insert(g)
                    let color = g == .dual ? gaugeDual : (g == .broad1520 ? gauge1520 : gauge1435)
                    let w = (n.edgeTracks[e] >= 2 ? 1.9 : 1.3) + (cls == "trunk" ? 0.3 : 0)
                    railLines.append("<path class=\"network rail\" d=\"\(d)\" stroke=\"\(color)\" stroke-width=\"\(f(w))\"/>")
                }
            }
            svg.line("<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
            for l in roadLines { svg.line(l) }
            for l in railLines { svg.line(l) }
            svg.line("</g>")
            if hasRoad { legend.append(("line:\(road):1.5", "road")) }
            if gaugesSeen.contains(.broad1520) { legend.append(("line:\(gauge1520):2", "rail 1520 mm")) }
            if gaugesSeen.contains(.standard1435) { legend.append(("line:\(gauge1435):2", "rail 1435 mm")) }
            if gaugesSeen.contains(.dual) { legend.append(("line:\(gaugeDual):2", "rail dual gauge")) }
        }

        // Results: reach, flows, routes (worst rank first so the best is on top), chokepoints.
        let reach = results.filter { if case .reach = $0.kind { return true }; return false }
        if !reach.isEmpty {
            svg.line("<g fill=\"none\" stroke=\"#00a6a6\" stroke-width=\"3\" stroke-opacity=\"0.7\" stroke-linecap=\"round\">")
            for r in reach { let d = r.parts.map { canvas.path($0, closed: false) }.joined(separator: " "); if !d.isEmpty { svg.line("<path class=\"reach\" d=\"\(d)\"/>") } }
            svg.line("</g>")
            legend.append(("line:#00a6a6:3", "reached"))
        }
        let flows = results.compactMap { r -> (MapFeature, Double, Double)? in
            if case let .flow(t, u) = r.kind { return (r, t, u) }; return nil
        }
        if let maxFlow = flows.map(\.1).max(), maxFlow > 0 {
            svg.line("<g fill=\"none\" stroke-linecap=\"round\" stroke-opacity=\"0.85\">")
            for (feature, tonnes, utilization) in flows.sorted(by: { $0.1 < $1.1 }) {
                let d = feature.parts.map { canvas.path($0, closed: false) }.joined(separator: " ")
                if d.isEmpty { continue }
                let w = 1.5 + 10 * tonnes / maxFlow
                svg.line("<path class=\"flow\" data-tpd=\"\(Int(tonnes.rounded()))\" d=\"\(d)\" stroke=\"\(utilizationColor(utilization))\" stroke-width=\"\(f(w))\"/>")
            }
            svg.line("</g>")
            legend.append(("line:\(utilizationColor(0.3)):4", "flow, utilization < 50%"))
            legend.append(("line:\(utilizationColor(0.7)):4", "flow, 50–90%"))
            legend.append(("line:\(utilizationColor(0.99)):4", "flow, ≥ 90% (saturated)"))
            legend.append(("text", "flow width ∝ tonnes/day (max \(Int(maxFlow.rounded())) t/d)"))
        }
        let routes = results.compactMap { r -> (MapFeature, Int)? in if case let .route(rank) = r.kind { return (r, rank) }; return nil }
        if !routes.isEmpty {
            svg.line("<g fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">")
            for (feature, rank) in routes.sorted(by: { $0.1 > $1.1 }) {
                let d = feature.parts.map { canvas.path($0, closed: false) }.joined(separator: " ")
                if d.isEmpty { continue }
                let color = routeColors[(max(rank, 1) - 1) % routeColors.count]
                let w = rank <= 1 ? 5.0 : 3.5
                svg.line("<path class=\"route-halo\" d=\"\(d)\" stroke=\"#ffffff\" stroke-width=\"\(f(w + 3))\" stroke-opacity=\"0.8\"/>")
                svg.line("<path class=\"route\" data-rank=\"\(rank)\" d=\"\(d)\" stroke=\"\(color)\" stroke-width=\"\(f(w))\" stroke-opacity=\"0.9\"/>")
            }
            svg.line("</g>")
            for rank in Set(routes.map(\.1)).sorted() {
                legend.append(("line:\(routeColors[(max(rank, 1) - 1) % routeColors.count]):4", rank <= 1 ? "best route" : "alternative \(rank)"))
            }
        }
        // Crossings of the network as small diamonds (under chokepoint markers).
        var occupied: [Rect] = []
        if let n = network, !n.crossings.isEmpty {
            svg.line("<g class=\"crossings\" fill=\"#ffffff\" stroke=\"#333\" stroke-width=\"1.2\">")
            for c in n.crossings.sorted(by: { $0.name < $1.name }) {
                guard let p = canvas.point(c.location) else { continue }
                svg.line("<path class=\"crossing\" d=\"M\(f(p.x)) \(f(p.y - 5))L\(f(p.x + 5)) \(f(p.y))L\(f(p.x)) \(f(p.y + 5))L\(f(p.x - 5)) \(f(p.y))Z\"><title>\(escape(c.name))</title></path>")
                occupied.append(Rect(x: p.x - 5, y: p.y - 5, w: 10, h: 10))
            }
            svg.line("</g>")
            legend.append(("diamond", "border crossing"))
        }
        let chokepoints = results.compactMap { r -> (MapFeature, Int, String)? in
            if case let .chokepoint(rank, name) = r.kind { return (r, rank, name) }; return nil
        }
        if !chokepoints.isEmpty {
            svg.line("<g class=\"chokepoints\">")
            for (feature, rank, name) in chokepoints.sorted(by: { ($0.1 == 0 ? Int.max : $0.1, $0.2) > ($1.1 == 0 ? Int.max : $1.1, $1.2) }) {
                // Marker at the middle vertex of the feature.
                let all = feature.parts.flatMap { $0 }
                guard !all.isEmpty, let p = canvas.point(all[all.count / 2]) else { continue }
                svg.line("<g class=\"chokepoint\" data-rank=\"\(rank)\"><title>\(escape(name))</title><circle cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"9\" fill=\"#b2182b\" stroke=\"#ffffff\" stroke-width=\"1.5\"/><text x=\"\(f(p.x))\" y=\"\(f(p.y + 3.5))\" font-size=\"10\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">\(rank > 0 ? String(rank) : "×")</text></g>")
                occupied.append(Rect(x: p.x - 9, y: p.y - 9, w: 18, h: 18))
            }
            svg.line("</g>")
            legend.append(("circle", "chokepoint (rank)"))
        }

        // Place labels: greedy, most important first, four candidate positions, no overlaps.
        if let n = network {
            svg.line("<g class=\"labels\" font-size=\"11\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">")
            let kindPriority = ["city": 0, "port": 1, "crossing": 2, "junction": 3, "station": 4]
            let ordered = n.places.places.enumerated().sorted {
                let a = kindPriority[$0.element.kind] ?? 5, b = kindPriority[$1.element.kind] ?? 5
                return (a, $0.offset) < (b, $1.offset)
            }
            var placed = 0
            for (_, place) in ordered where placed < options.maxLabels {
                guard let p = canvas.point(place.location), canvas.inside(p) else { continue }
                let textWidth = Double(place.name.count) * 6.2, textHeight = 11.0
                let candidates = [(p.x + 5, p.y + 4, "start"), (p.x - 5, p.y + 4, "end"), (p.x, p.y - 6, "middle"), (p.x, p.y + 15, "middle")]
                for (tx, ty, anchor) in candidates {
                    let left = anchor == "start" ? tx : (anchor == "end" ? tx - textWidth : tx - textWidth / 2)
                    let rect = Rect(x: left, y: ty - textHeight + 2, w: textWidth, h: textHeight)
                    guard canvas.inside(rect), !occupied.contains(where: { $0.intersects(rect) }) else { continue }
                    occupied.append(rect)
                    occupied.append(Rect(x: p.x - 2, y: p.y - 2, w: 4, h: 4))
                    svg.line("<circle class=\"place\" cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"2.2\" fill=\"#1a1a1a\" stroke=\"none\"/>")
                    svg.line("<text class=\"label\" x=\"\(f(tx))\" y=\"\(f(ty))\" text-anchor=\"\(anchor)\">\(escape(place.name))</text>")
                    placed += 1
                    break
                }
            }
            svg.line("</g>")
        }
        svg.line("</g>")

        // Legend (bottom left), scale bar and north arrow (bottom right).
        let mapBottom = margin + titleHeight + mapHeight
        if !legend.isEmpty {
            let boxHeight = Double(legend.count) * 17 + 10
            let top = mapBottom - boxHeight - 8
            svg.line("<g class=\"legend\" font-size=\"11\" fill=\"#222\">")
            svg.line("<rect x=\"\(f(margin + 8))\" y=\"\(f(top))\" width=\"230\" height=\"\(f(boxHeight))\" fill=\"#ffffff\" fill-opacity=\"0.88\" stroke=\"#999\"/>")
            for (i, (symbol, label)) in legend.enumerated() {
                let y = top + 17 * Double(i) + 17
                let x = margin + 16
                if symbol.hasPrefix("line:") {
                    let parts = symbol.split(separator: ":")
                    svg.line("<line x1=\"\(f(x))\" y1=\"\(f(y - 4))\" x2=\"\(f(x + 24))\" y2=\"\(f(y - 4))\" stroke=\"\(parts[1])\" stroke-width=\"\(parts[2])\"/>")
                } else if symbol == "diamond" {
                    svg.line("<path d=\"M\(f(x + 12)) \(f(y - 9))L\(f(x + 17)) \(f(y - 4))L\(f(x + 12)) \(f(y + 1))L\(f(x + 7)) \(f(y - 4))Z\" fill=\"#fff\" stroke=\"#333\"/>")
                } else if symbol == "circle" {
                    svg.line("<circle cx=\"\(f(x + 12))\" cy=\"\(f(y - 4))\" r=\"6\" fill=\"#b2182b\"/>")
                }
                svg.line("<text x=\"\(f(symbol == "text" ? x : x + 32))\" y=\"\(f(y))\">\(escape(label))</text>")
            }
            svg.line("</g>")
        }
        // Scale bar: pixels per km measured along a geodesic at the centre of the extent.
        if let a = canvas.point(center), let b = canvas.point(Geodesic.direct(center, azimuth: 90, distance: 100_000)) {
            let pixelsPerKm = hypot(b.x - a.x, b.y - a.y) / 100
            if pixelsPerKm > 0 {
                let target = 150 / pixelsPerKm
                let niceKm = [1.0, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000].last { $0 <= target } ?? 1
                let length = niceKm * pixelsPerKm
                let x = width - margin - 16 - length, y = mapBottom - 18
                svg.line("<g class=\"scalebar\" font-size=\"11\" fill=\"#222\"><rect x=\"\(f(x - 6))\" y=\"\(f(y - 18))\" width=\"\(f(length + 12))\" height=\"28\" fill=\"#ffffff\" fill-opacity=\"0.8\"/><path d=\"M\(f(x)) \(f(y - 4))V\(f(y + 2))H\(f(x + length))V\(f(y - 4))\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\"/><text x=\"\(f(x + length / 2))\" y=\"\(f(y - 7))\" text-anchor=\"middle\">\(Int(niceKm)) km</text></g>")
            }
        }
        if let a = canvas.point(center), let b = canvas.point(Geodesic.direct(center, azimuth: 0, distance: 50_000)) {
            let angle = atan2(b.x - a.x, -(b.y - a.y)) * 180 / .pi
            let cx = width - margin - 30, cy = margin + titleHeight + 36
            svg.line("<g class=\"north-arrow\" transform=\"translate(\(f(cx)) \(f(cy))) rotate(\(f(angle)))\"><path d=\"M0 -18L7 10L0 4L-7 10Z\" fill=\"#222\"/><text x=\"0\" y=\"-22\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#222\">N</text></g>")
        }
        svg.line("</svg>")
        return svg.text
    }

    static func utilizationColor(_ u: Double) -> String {
        if u >= 0.9 { return "#d7191c" }
        if u >= 0.5 { return "#fdae61" }
        return "#1a9641"
    }

    /// Fixed one-decimal formatting (deterministic, locale-free).
    static func f(_ v: Double) -> String {
        let s = String(format: "%.1f", v)
        return s == "-0.0" ? "0.0" : s
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

struct Rect {
    var x, y, w, h: Double
    func intersects(_ o: Rect) -> Bool { x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h }
}

/// Maps lon/lat to SVG pixels through the projection.
struct Canvas {
    let transform: CoordinateTransform
    let x0: Double, y1: Double, scale: Double, left: Double, top: Double, right: Double, bottom: Double

    func point(_ p: LonLat) -> (x: Double, y: Double)? {
        guard let q = transform.forward(p.lon, p.lat) else { return nil }
        return (left + (q.x - x0) * scale, top + (y1 - q.y) * scale)
    }

    func inside(_ p: (x: Double, y: Double)) -> Bool { p.x >= left && p.y >= top && p.x <= right && p.y <= bottom }
    func inside(_ r: Rect) -> Bool { r.x >= left && r.y >= top && r.x + r.w <= right && r.y + r.h <= bottom }

    /// SVG path data; consecutive points closer than a third of a pixel are merged.
    func path<C: Collection>(_ points: C, closed: Bool) -> String where C.Element == LonLat {
        var d = ""
        var last: (x: Double, y: Double)?
        var count = 0
        for p in points {
            guard let q = point(p) else { continue }
            if let l = last, abs(l.x - q.x) < 0.34 && abs(l.y - q.y) < 0.34 { continue }
            d += (d.isEmpty ? "M" : "L") + SVGMap.f(q.x) + " " + SVGMap.f(q.y)
            last = q
            count += 1
        }
        if count < 2 && !closed {
            // A line shorter than a pixel still shows as a dot.
            if let l = last { return "M\(SVGMap.f(l.x)) \(SVGMap.f(l.y))l0.1 0" }
            return ""
        }
        return closed && count > 2 ? d + "Z" : (count >= 2 ? d : "")
    }
}

struct SVGText {
    var text = ""
    mutating func line(_ s: String) { text += s; text += "\n" }
}
