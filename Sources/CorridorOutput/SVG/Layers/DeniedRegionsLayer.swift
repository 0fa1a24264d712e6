import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// Pixel step of the grid the denied regions are shaded on.
    static let regionCellSize = 4.0

    /// Denied regions (provinces) shaded, approximately: Corridor has no province polygons, so a region's extent is
    /// taken from the network's own region tags — each cell of a 4 px grid belongs to the region of the nearest
    /// network line of the denied regions' countries (a Voronoi partition of those lines, by chamfer distance), and the cells of denied
    /// regions are hatched, clipped to those countries' background polygons (coastline and borders exact, the
    /// boundaries between provinces approximate). Without a background polygon of the country, only cells within
    /// about 40 px of a line are shaded. The legend says the extent is approximate. Returns whether it drew.
    /// - Complexity: O(P + C) for P densified line vertices and C grid cells (a bucket-queue chamfer distance
    ///   transform).
    static func drawDeniedRegions(_ regions: [String], network n: Network, backgrounds: [BackgroundLayer], ids: String,
                                  hatchDefined: Bool, canvas: Canvas, svg: inout SVGText, legend: inout Legend) -> Bool {
        guard !regions.isEmpty else { return false }
        let denied = Set(regions.map { Gazetteer.fold($0) })
        // Line vertices (densified) of the countries that hold a denied region, with whether their region is denied.
        var countries = Set<String>()
        for e in 0..<n.edgeCount where n.edgeKind[e] == .line && denied.contains(Gazetteer.fold(n.region(ofEdge: e))) {
            countries.insert(n.country(ofEdge: e).uppercased())
        }
        guard !countries.isEmpty else { return false }
        let frame = canvas.frame
        // The grid covers the frame and a margin, so lines just outside the map still claim the cells near its edge.
        let step = regionCellSize, margin = 25
        let columns = Int((frame.w / step).rounded(.up)) + 2 * margin, rows = Int((frame.h / step).rounded(.up)) + 2 * margin
        func cell(_ p: Point) -> Int? {
            let cx = Int(((p.x - frame.x) / step).rounded(.down)) + margin, cy = Int(((p.y - frame.y) / step).rounded(.down)) + margin
            guard cx >= 0, cy >= 0, cx < columns, cy < rows else { return nil }
            return cy * columns + cx
        }
        // Seeds: cells a line vertex falls in; 1 a denied region, 2 any other region (a usable line wins a shared cell).
        var label = [UInt8](repeating: 0, count: columns * rows)
        for e in 0..<n.edgeCount where n.edgeKind[e] == .line && countries.contains(n.country(ofEdge: e).uppercased()) {
            if n.edgeTwin[e] != UInt32.max && n.edgeTwin[e] < UInt32(e) { continue }
            let mark: UInt8 = denied.contains(Gazetteer.fold(n.region(ofEdge: e))) ? 1 : 2
            for p in canvas.densified(canvas.points(n.edgeGeometry(e)), step: step) {
                if let c = cell(p) { label[c] = max(label[c], mark) }
            }
        }
        guard label.contains(1) else { return false }
        let clipRings = backgrounds.flatMap { layer in
            layer.polygons.enumerated().filter { $0.offset < layer.countries.count && countries.contains(layer.countries[$0.offset].uppercased()) }.map(\.element)
        }
        // Grow the seeds by a chamfer distance (3 across, 4 diagonally: within 6% of Euclidean), nearest first, in
        // a bucket queue: each cell takes the label of the seed that reaches it first (a Voronoi partition of the
        // lines). Without a country polygon to clip to, growth stops at 40 px.
        let limit = clipRings.isEmpty ? Int(40 / step) * 3 : Int.max
        var distance = [Int](repeating: Int.max, count: columns * rows)
        var queue: [[Int]] = [[]]
        for c in label.indices where label[c] != 0 { distance[c] = 0; queue[0].append(c) }
        var level = 0
        while level < queue.count {
            var i = 0
            while i < queue[level].count {
                let c = queue[level][i]
                i += 1
                if distance[c] != level { continue }
                let cx = c % columns, cy = c / columns
                for (dx, dy, w) in [(1, 0, 3), (-1, 0, 3), (0, 1, 3), (0, -1, 3), (1, 1, 4), (-1, 1, 4), (1, -1, 4), (-1, -1, 4)] {
                    let x = cx + dx, y = cy + dy
                    guard x >= 0, y >= 0, x < columns, y < rows else { continue }
                    let next = y * columns + x, nd = level + w
                    guard nd <= limit else { continue }
                    // Ties go to the usable line, so the shading never grows by a tie.
                    if nd < distance[next] || (nd == distance[next] && label[c] > label[next]) {
                        distance[next] = nd
                        label[next] = label[c]
                        while queue.count <= nd { queue.append([]) }
                        queue[nd].append(next)
                    }
                }
            }
            queue[level] = []
            level += 1
        }
        // Runs of denied cells, row by row, inside the frame.
        var d = ""
        for row in margin..<(rows - margin) {
            let y = frame.y + Double(row - margin) * step
            let h = min(step, frame.y + frame.h - y)
            guard h > 0 else { continue }
            var runStart: Int?
            for column in margin...(columns - margin) {
                let inside = column < columns - margin && frame.x + Double(column - margin) * step < frame.x + frame.w
                let shaded = inside && label[row * columns + column] == 1
                if shaded && runStart == nil { runStart = column }
                if !shaded, let start = runStart {
                    let x0 = frame.x + Double(start - margin) * step, x1 = min(frame.x + Double(column - margin) * step, frame.x + frame.w)
                    d += "M\(f(x0)) \(f(y))H\(f(x1))V\(f(y + h))H\(f(x0))Z"
                    runStart = nil
                }
            }
        }
        guard !d.isEmpty else { return false }
        if !hatchDefined { svg.line(deniedHatchDefinition) }
        var clip = ""
        if !clipRings.isEmpty {
            let outline = clipRings.map { polygon in polygon.map { canvas.polygonPath($0) }.filter { !$0.isEmpty }.joined(separator: " ") }
                .filter { !$0.isEmpty }.joined(separator: " ")
            svg.line("<defs><clipPath id=\"\(ids)denied-region-clip\"><path d=\"\(outline)\" clip-rule=\"evenodd\"/></clipPath></defs>")
            clip = " clip-path=\"url(#\(ids)denied-region-clip)\""
        }
        svg.line("<path class=\"denied-region\" d=\"\(d)\" fill=\"url(#denied-hatch)\" stroke=\"none\"\(clip)><title>denied: \(escape(regions.joined(separator: ", ")))</title></path>")
        legend.add(.hatch, "denied region: \(regions.joined(separator: ", ")) (extent approximate: the land nearest the region's own lines)")
        return true
    }

    /// The hatch of denied land (countries and regions), defined once per SVG.
    static let deniedHatchDefinition = "<defs><pattern id=\"denied-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"\(MapPalette.deniedLand)\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#B8B2A7\" stroke-width=\"2\"/></pattern></defs>"
}
