import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// The map body (everything inside the frame but the labels) and the detail inset, an enlarged copy of the body for
/// a small area where the result's marks would otherwise sit on top of each other.
extension SVGMap {
    /// What drawing the body leaves for the rest of the map.
    struct Body {
        /// Pixel positions of drawn vertices (to keep the legend and the inset off the drawing).
        var vertices: [Point]
        /// The sites drawn (labelled first).
        var sites: [ResolvedSite]
        /// Whether the hatch pattern of denied land was defined (it is defined once per SVG).
        var hatchDefined: Bool
    }

    /// Draws the layers in their order, bottom to top: backgrounds, denied regions, network, scenario lines, reach, flow change,
    /// flows, routes, crossings, chokepoint lines, cut, change markers, chokepoint markers, sites. Markers and sites
    /// add their boxes to `occupied`.
    static func drawBody(network: Network?, backgrounds: [BackgroundLayer], results: MapResults, muted: Bool,
                         hatchDefined: Bool = false, ids: String = "", canvas: Canvas, svg: inout SVGText, legend: inout Legend,
                         occupied: inout [Rect]) -> Body {
        let changes = results.changes
        // Background polygons, clipped to the frame; denied countries hatched.
        var hatch = drawBackgrounds(backgrounds, denied: changes.deniedCountries, hatchDefined: hatchDefined,
                                    canvas: canvas, svg: &svg, legend: &legend)
        if let n = network {
            // Denied provinces shaded under the network (their lines are greyed by drawNetwork).
            hatch = drawDeniedRegions(changes.deniedRegions, network: n, backgrounds: backgrounds, ids: ids,
                                      hatchDefined: hatchDefined || hatch, canvas: canvas, svg: &svg, legend: &legend) || hatch
            drawNetwork(n, unusable: changes.unusableEdges, unusableReasons: changes.unusableReasons, muted: muted,
                        canvas: canvas, svg: &svg, legend: &legend)
        }
        let features = results.features
        drawExportedNetwork(features, canvas: canvas, svg: &svg, legend: &legend)
        drawChangeLines(changes, canvas: canvas, svg: &svg, legend: &legend)
        let vertices = canvas.sampleVertices(network: network, features: features)
        drawReach(features, canvas: canvas, svg: &svg, legend: &legend)
        drawFlowChanges(features, canvas: canvas, svg: &svg, legend: &legend)
        drawFlows(features, canvas: canvas, svg: &svg, legend: &legend)
        drawRoutes(features, canvas: canvas, svg: &svg, legend: &legend)
        if let n = network, !n.crossings.isEmpty {
            drawCrossings(n, canvas: canvas, svg: &svg, legend: &legend, occupied: &occupied)
        }
        let chokepoints = rankedChokepoints(features)
        drawChokepointLines(chokepoints, canvas: canvas, svg: &svg)
        drawCut(features, canvas: canvas, svg: &svg, legend: &legend, occupied: &occupied)
        drawChangeMarkers(changes, canvas: canvas, svg: &svg, legend: &legend, occupied: &occupied)
        drawChokepointMarkers(chokepoints, canvas: canvas, avoid: vertices, svg: &svg, legend: &legend, occupied: &occupied)
        for note in results.notes { legend.add(.none, note) }
        let sites = resolveSites(results.sites, network: network)
        drawSites(sites, reachSource: results.reachSource, canvas: canvas, svg: &svg, legend: &legend, occupied: &occupied)
        return Body(vertices: vertices, sites: sites, hatchDefined: hatchDefined || hatch)
    }

    /// Place labels with their leader lines and dots.
    static func drawLabels(_ labels: [Label], svg: inout SVGText) {
        guard !labels.isEmpty else { return }
        svg.line("<g class=\"labels\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">")
        for l in labels {
            if let to = l.leader {
                svg.line("<path class=\"label-leader\" d=\"M\(f(l.point.x)) \(f(l.point.y))L\(f(to.x)) \(f(to.y))\" stroke=\"#1a1a1a\" stroke-width=\"0.8\" fill=\"none\"/>")
            }
            if l.dot { svg.line("<circle class=\"place\" cx=\"\(f(l.point.x))\" cy=\"\(f(l.point.y))\" r=\"2.2\" fill=\"#1a1a1a\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>") }
            let weight = l.bold ? " font-weight=\"bold\"" : ""
            let style = l.italic ? " font-style=\"italic\"" : ""
            svg.line("<text class=\"label\" x=\"\(f(l.x))\" y=\"\(f(l.y))\" font-size=\"\(f(l.size))\" text-anchor=\"\(l.anchor)\"\(weight)\(style)>\(escape(l.text))</text>")
        }
        svg.line("</g>")
    }

    /// Where an inset goes: `area`, the part of the main map it enlarges (pixels), `box`, where it is drawn, and the
    /// canvas that maps lon/lat into the box (the main map's projection, `zoom` times its scale).
    struct InsetPlan {
        var area: Rect
        var box: Rect
        var canvas: Canvas
        var zoom: Double
        var center: LonLat
    }

    /// A mark the automatic inset looks at, with its weight.
    struct FocusPoint { var point: Point; var weight: Int }

    /// The marks of a result that must stay legible: chokepoints, cut members, the crossings the result names, its
    /// sites (weight 1) and what its scenario changed (weight 3: the change is what the scenario map is about).
    static func focusPoints(results: MapResults, network: Network?, canvas: Canvas) -> [FocusPoint] {
        var out: [FocusPoint] = []
        for feature in results.features {
            switch feature.kind {
            case .chokepoint, .cutMember:
                if let p = canvas.anchor(of: feature.parts) { out.append(FocusPoint(point: p, weight: 1)) }
            default: break
            }
        }
        let changes = results.changes
        for mark in changes.closed + changes.added + changes.scaled {
            if let p = canvas.anchor(of: mark.parts) { out.append(FocusPoint(point: p, weight: 3)) }
        }
        if let n = network {
            for name in results.namedPlaces {
                if let c = n.crossings.first(where: { $0.name == name }), let p = canvas.point(c.location), canvas.frame.contains(p) {
                    out.append(FocusPoint(point: p, weight: 1))
                }
            }
        }
        for s in resolveSites(results.sites, network: network) {
            if let p = canvas.point(s.location), canvas.frame.contains(p) { out.append(FocusPoint(point: p, weight: 1)) }
        }
        return out
    }

    /// Radius (pixels of the main map) within which marks count as crowded.
    static let insetClusterRadius = 40.0

    /// Plans the inset: for `.automatic`, around the heaviest group of focus points within `insetClusterRadius` of
    /// one of them (weight at least 4, two points or more; ties: the first), enlarged at least 2.5 times; for
    /// `.area`, that area. The box goes where it hides the fewest drawn vertices and marks, clear of the legend,
    /// scale bar, north arrow and the area itself; none when nothing fits.
    /// - Complexity: O(F² + C·V) for F focus points, C candidate boxes and V sampled vertices.
    static func planInset(_ mode: MapInset, results: MapResults, network: Network?, canvas: Canvas, inverse: CoordinateTransform,
                          vertices: [Point], occupied: [Rect], reserved: [Rect]) -> InsetPlan? {
        let frame = canvas.frame
        var area: Rect
        switch mode {
        case .none:
            return nil
        case let .area(b):
            var pts: [Point] = []
            for i in 0...16 {
                let t = Double(i) / 16
                let lon = b.minLon + (b.maxLon - b.minLon) * t, lat = b.minLat + (b.maxLat - b.minLat) * t
                for ll in [LonLat(lon: lon, lat: b.minLat), LonLat(lon: lon, lat: b.maxLat), LonLat(lon: b.minLon, lat: lat), LonLat(lon: b.maxLon, lat: lat)] {
                    if let p = canvas.point(ll) { pts.append(p) }
                }
            }
            guard let x0 = pts.map(\.x).min(), let x1 = pts.map(\.x).max(), let y0 = pts.map(\.y).min(), let y1 = pts.map(\.y).max() else { return nil }
            let l = max(x0, frame.x), r = min(x1, frame.x + frame.w), t = max(y0, frame.y), btm = min(y1, frame.y + frame.h)
            guard r - l >= 2, btm - t >= 2 else { return nil }
            area = Rect(x: l, y: t, w: r - l, h: btm - t)
        case .automatic:
            let focus = focusPoints(results: results, network: network, canvas: canvas)
            var best: (weight: Int, members: [Int])?
            for (i, a) in focus.enumerated() {
                let members = focus.indices.filter { hypot(focus[$0].point.x - a.point.x, focus[$0].point.y - a.point.y) <= insetClusterRadius }
                let weight = members.reduce(0) { $0 + focus[$1].weight }
                // Several marks on one spot are one mark: the group must spread over more than a few pixels.
                let spread = members.map { hypot(focus[$0].point.x - a.point.x, focus[$0].point.y - a.point.y) }.max() ?? 0
                guard members.count >= 2, weight >= 4, spread >= 4 else { _ = i; continue }
                if best == nil || weight > best!.weight { best = (weight, members) }
            }
            guard let group = best else { return nil }
            let xs = group.members.map { focus[$0].point.x }, ys = group.members.map { focus[$0].point.y }
            let x0 = xs.min()!, x1 = xs.max()!, y0 = ys.min()!, y1 = ys.max()!
            // Room around the marks for their labels and markers: a third of the group's size, at least 14 px.
            let pad = max(14, 0.33 * max(x1 - x0, y1 - y0))
            var w = x1 - x0 + 2 * pad, h = y1 - y0 + 2 * pad
            let side = max(w, h, 44)
            // Near square: the box sizes below keep the aspect, so a long thin area would make a thin box.
            w = max(w, side * 0.75); h = max(h, side * 0.75)
            let cx = (x0 + x1) / 2, cy = (y0 + y1) / 2
            area = Rect(x: cx - w / 2, y: cy - h / 2, w: w, h: h)
        }
        let aspect = area.h / area.w
        var maxW = min(0.34 * frame.w, 440), maxH = 0.42 * frame.h
        let gap = 8.0
        for _ in 0..<4 {
            var bw = maxW, bh = bw * aspect
            if bh > maxH { bh = maxH; bw = bh / aspect }
            let zoom = bw / area.w
            if case .automatic = mode, zoom < 2.5 { return nil }
            let positions: [(Double, Double)] = [
                (frame.x + frame.w - bw - gap, frame.y + frame.h - bh - gap), (frame.x + frame.w - bw - gap, frame.y + gap),
                (frame.x + gap, frame.y + gap), (frame.x + gap, frame.y + frame.h - bh - gap),
                (frame.x + frame.w - bw - gap, frame.y + (frame.h - bh) / 2), (frame.x + gap, frame.y + (frame.h - bh) / 2),
                (frame.x + (frame.w - bw) / 2, frame.y + gap), (frame.x + (frame.w - bw) / 2, frame.y + frame.h - bh - gap),
            ]
            let keepClear = Rect(x: area.x - 6, y: area.y - 6, w: area.w + 12, h: area.h + 12)
            var chosen: (cost: Int, distance: Double, order: Int, box: Rect)?
            for (order, (x, y)) in positions.enumerated() {
                let box = Rect(x: x, y: y, w: bw, h: bh)
                guard frame.contains(box), !box.intersects(keepClear), !reserved.contains(where: { $0.intersects(box) }) else { continue }
                let cost = vertices.filter { box.contains($0) }.count + 25 * occupied.filter { $0.intersects(box) }.count
                let distance = hypot(box.x + box.w / 2 - (area.x + area.w / 2), box.y + box.h / 2 - (area.y + area.h / 2))
                if chosen == nil || (cost, distance, order) < (chosen!.cost, chosen!.distance, chosen!.order) {
                    chosen = (cost, distance, order, box)
                }
            }
            if let c = chosen {
                let topLeft = canvas.projected(Point(x: area.x, y: area.y))
                let inset = Canvas(transform: canvas.transform, x0: topLeft.x, y1: topLeft.y, scale: canvas.scale * zoom, frame: c.box)
                let mid = canvas.projected(Point(x: area.x + area.w / 2, y: area.y + area.h / 2))
                guard let ll = inverse.forward(mid.x, mid.y) else { return nil }
                return InsetPlan(area: area, box: c.box, canvas: inset, zoom: zoom, center: LonLat(lon: ll.x, lat: ll.y))
            }
            maxW *= 0.8; maxH *= 0.8
        }
        return nil
    }

    /// Draws the inset: the area outlined on the main map with a connector to the box, and in the box the body
    /// again at the inset's scale with its own labels (placed clear of its markers, caption and scale bar), a
    /// caption with the enlargement and a scale bar. The legend is the main map's.
    static func drawInset(_ plan: InsetPlan, network: Network?, backgrounds: [BackgroundLayer], results: MapResults,
                          options: SVGMapOptions, hatchDefined: Bool, svg: inout SVGText) {
        let box = plan.box, area = plan.area
        // Connector between the nearest corners of the area and the box.
        let corners = { (r: Rect) in [Point(x: r.x, y: r.y), Point(x: r.x + r.w, y: r.y), Point(x: r.x, y: r.y + r.h), Point(x: r.x + r.w, y: r.y + r.h)] }
        var link = (a: corners(area)[0], b: corners(box)[0], d: Double.infinity)
        for a in corners(area) { for b in corners(box) where hypot(a.x - b.x, a.y - b.y) < link.d { link = (a, b, hypot(a.x - b.x, a.y - b.y)) } }
        svg.line("<g class=\"inset\">")
        svg.line("<rect class=\"inset-area\" x=\"\(f(area.x))\" y=\"\(f(area.y))\" width=\"\(f(area.w))\" height=\"\(f(area.h))\" fill=\"none\" stroke=\"\(MapPalette.ink)\" stroke-width=\"1.2\"/>")
        svg.line("<path class=\"inset-link\" d=\"M\(f(link.a.x)) \(f(link.a.y))L\(f(link.b.x)) \(f(link.b.y))\" stroke=\"\(MapPalette.ink)\" stroke-width=\"1\" stroke-dasharray=\"3 2\" fill=\"none\"/>")
        svg.line("<defs><clipPath id=\"inset-frame\"><rect x=\"\(f(box.x))\" y=\"\(f(box.y))\" width=\"\(f(box.w))\" height=\"\(f(box.h))\"/></clipPath></defs>")
        svg.line("<rect class=\"inset-sea\" x=\"\(f(box.x))\" y=\"\(f(box.y))\" width=\"\(f(box.w))\" height=\"\(f(box.h))\" fill=\"\(backgrounds.isEmpty ? MapPalette.land : MapPalette.sea)\"/>")
        // The copies drawn in the inset carry their kind as `data-inset`, not `class`: a reader counting a map's
        // features by class (tests, scripts) counts each feature once.
        var copy = SVGText()
        copy.line("<g clip-path=\"url(#inset-frame)\">")
        var scratch = Legend(maxTextWidth: 400)
        var occupied: [Rect] = []
        let body = drawBody(network: network, backgrounds: backgrounds, results: results, muted: options.mutedNetwork,
                            hatchDefined: hatchDefined, ids: "inset-", canvas: plan.canvas, svg: &copy, legend: &scratch, occupied: &occupied)
        copy.line("</g>")
        let caption = "detail ×" + NumberFormat.fixed(plan.zoom, decimals: 1)
        let captionRect = Rect(x: box.x, y: box.y, w: textWidth(caption, size: 10) + 10, h: 17)
        let bar = scaleBar(canvas: plan.canvas, center: plan.center)
        let barRect = bar.map { Rect(x: box.x + box.w - $0.lengthPx - 40, y: box.y + box.h - 26, w: $0.lengthPx + 38, h: 24) }
        if let n = network, options.maxLabels > 0 {
            let labels = placeLabels(network: n, sites: body.sites, named: results.namedPlaces, canvas: plan.canvas,
                                     obstacles: occupied + [captionRect] + (barRect.map { [$0] } ?? []), maxLabels: options.maxLabels,
                                     detail: true)
            drawLabels(labels, svg: &copy)
        }
        svg.text += copy.text.replacingOccurrences(of: " class=\"", with: " data-inset=\"")
        svg.line("<rect class=\"inset-caption\" x=\"\(f(captionRect.x))\" y=\"\(f(captionRect.y))\" width=\"\(f(captionRect.w))\" height=\"\(f(captionRect.h))\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>")
        svg.line("<text x=\"\(f(box.x + 5))\" y=\"\(f(box.y + 12.5))\" font-size=\"10\" fill=\"#222\">\(escape(caption))</text>")
        if let bar, let r = barRect {
            let x = r.x + 8, y = r.y + 16, len = bar.lengthPx
            svg.line("<g class=\"scalebar\" font-size=\"9\" fill=\"#222\">")
            svg.line("<rect x=\"\(f(r.x))\" y=\"\(f(r.y))\" width=\"\(f(r.w))\" height=\"\(f(r.h))\" fill=\"#ffffff\" fill-opacity=\"0.85\" rx=\"2\"/>")
            svg.line("<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(len))\" height=\"3\" fill=\"#222\"/>")
            svg.line("<text x=\"\(f(x + len / 2))\" y=\"\(f(y - 3))\" text-anchor=\"middle\">\(formatNumber(bar.km)) km</text>")
            svg.line("</g>")
        }
        svg.line("<rect class=\"inset-frame\" x=\"\(f(box.x))\" y=\"\(f(box.y))\" width=\"\(f(box.w))\" height=\"\(f(box.h))\" fill=\"none\" stroke=\"\(MapPalette.ink)\" stroke-width=\"1.5\"/>")
        svg.line("</g>")
    }
}
