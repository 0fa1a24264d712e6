import CorridorCore
import CorridorAnalysis
import CorridorCore
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

/// The detail inset of a map: an enlarged view of a small area, drawn in a box over an empty part of the map and
/// outlined where it belongs.
public enum MapInset: Sendable, Equatable {
    /// Where the result's chokepoints, cut members, crossings, sites and scenario changes crowd into a small area
    /// (at least four of them within about 40 px, a scenario change counting three times), if any.
    case automatic
    /// No inset.
    case none
    /// The given lon/lat area (drawn whenever it lies inside the map).
    case area(MapBBox)
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
    /// Draw the network in neutral greys (difference maps, where colour is the change); default: by gauge and mode.
    public var mutedNetwork = false
    /// The detail inset: automatic (where the result's marks crowd), none, or of a given area.
    public var inset: MapInset = .automatic
    /// The default options.
    public init() {}

    /// Parses an inset: `auto`, `none` or an area `minLon,minLat,maxLon,maxLat`.
    public static func parseInset(_ text: String) throws(RenderError) -> MapInset {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "auto", "automatic": return .automatic
        case "none", "no", "off": return .none
        default:
            do { return .area(try parseBBox(text)) } catch {
                throw .invalidOption("--inset must be auto, none or an area minLon,minLat,maxLon,maxLat (degrees, min < max): \(text)")
            }
        }
    }

    /// Parses `minLon,minLat,maxLon,maxLat` (degrees, min < max).
    public static func parseBBox(_ text: String) throws(RenderError) -> MapBBox {
        let v = text.split(separator: ",", omittingEmptySubsequences: false).map { NumberSyntax.parse($0.trimmingCharacters(in: .whitespaces)) }
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
            ?? "+proj=laea +lat_0=\(NumberFormat.fixed(center.lat, decimals: 4)) +lon_0=\(NumberFormat.fixed(center.lon, decimals: 4)) +datum=WGS84 +units=m +no_defs"
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
        svg.line("<rect class=\"sea\" x=\"\(f(frame.x))\" y=\"\(f(frame.y))\" width=\"\(f(frame.w))\" height=\"\(f(frame.h))\" fill=\"\(backgrounds.isEmpty ? MapPalette.land : MapPalette.sea)\"/>")
        if let title = options.title {
            // Bold text is about 10% wider than the estimate for regular text; shrink long titles to fit.
            let size = max(9, min(20, (width - 2 * margin) / max(1, textWidth(title, size: 1) * 1.1)))
            svg.line("<text class=\"title\" x=\"\(f(margin))\" y=\"\(f(margin + 22))\" font-size=\"\(f(size))\" font-weight=\"bold\" fill=\"#222\">\(escape(title))</text>")
        }
        svg.line("<g clip-path=\"url(#map-frame)\">")

        // Legend lines wrap at about 60% of the map width (never cut).
        var legend = Legend(maxTextWidth: min(frame.w - 70, max(360, frame.w * 0.6)))
        var occupied: [Rect] = []
        let body = drawBody(network: network, backgrounds: backgrounds, results: results, muted: options.mutedNetwork,
                            canvas: canvas, svg: &svg, legend: &legend, occupied: &occupied)
        let vertices = body.vertices, sites = body.sites
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

        // The detail inset (where the result's marks crowd, or the area asked for), placed before the labels so
        // that they keep clear of it.
        let inset = planInset(options.inset, results: results, network: network, canvas: canvas, inverse: inverse, vertices: vertices,
                              occupied: occupied, reserved: reserved)
        if let inset { reserved.append(inset.box); reserved.append(inset.area) }

        // Place labels: greedy, most important first, eight candidate positions, no overlaps with each other,
        // markers, sites or the map furniture.
        if let n = network, options.maxLabels > 0 {
            let labels = placeLabels(network: n, sites: sites, named: results.namedPlaces, canvas: canvas, obstacles: occupied + reserved,
                                     maxLabels: options.maxLabels)
            drawLabels(labels, svg: &svg)
        }
        if let inset {
            drawInset(inset, network: network, backgrounds: backgrounds, results: results, options: options,
                      hatchDefined: body.hatchDefined, svg: &svg)
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

    // MARK: Extent

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


    /// Fixed one-decimal formatting (deterministic, locale-free).
    static func f(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 1) }

    /// A value rounded to a whole number, as text: no integer conversion that could trap on a result file's numbers.
    static func whole(_ v: Double) -> String { NumberFormat.fixed(v.rounded(), decimals: 0) }

    static func formatNumber(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : NumberFormat.fixed(v, decimals: v < 1 ? 2 : 1)
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

