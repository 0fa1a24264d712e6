import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    /// The ranked chokepoints, most critical first (ties by position in the results).
    static func rankedChokepoints(_ features: [MapFeature]) -> [(MapFeature, Int, Int)] {
        return features.enumerated().compactMap { i, r -> (MapFeature, Int, Int)? in
            if case let .chokepoint(rank, _) = r.kind { return (r, rank, i) }; return nil
        }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }
    }

    /// Ranked chokepoints' edge elements, highlighted under everything drawn after them.
    static func drawChokepointLines(_ chokepoints: [(MapFeature, Int, Int)], canvas: Canvas, svg: inout SVGText) {
        if !chokepoints.isEmpty {
            svg.line("<g class=\"chokepoint-lines\" fill=\"none\" stroke=\"\(MapPalette.chokepoint)\" stroke-width=\"8\" stroke-opacity=\"0.55\" stroke-linecap=\"round\">")
            for (feature, _, _) in chokepoints where feature.parts.contains(where: { $0.count > 1 }) {
                let d = feature.parts.map { canvas.linePath($0) }.filter { !$0.isEmpty }.joined(separator: " ")
                if !d.isEmpty { svg.line("<path d=\"\(d)\"/>") }
            }
            svg.line("</g>")
        }
    }

    /// Numbered markers of the ranked chokepoints. A lone marker sits on its element (moved aside with a leader line
    /// when it would overlap another); elements whose markers would pile up (anchors within 24 px) get one callout:
    /// their markers in a row beside them, placed where it covers the fewest drawn vertices (`avoid`), with a leader
    /// line to the group. The legend lists every ranked element with its full name.
    static func drawChokepointMarkers(_ chokepoints: [(MapFeature, Int, Int)], canvas: Canvas, avoid: [Point] = [],
                                      svg: inout SVGText, legend: inout Legend, occupied: inout [Rect]) {
        let radius = 9.0, spacing = 2 * radius + 3
        var anchored: [(feature: MapFeature, rank: Int, anchor: Point)] = []
        for (feature, rank, _) in chokepoints {
            if let anchor = canvas.anchor(of: feature.parts) { anchored.append((feature, rank, anchor)) }
        }
        // Clusters in rank order: a marker joins the first cluster whose first anchor is near.
        var clusters: [[Int]] = []
        for (i, m) in anchored.enumerated() {
            if let c = clusters.firstIndex(where: { hypot(anchored[$0[0]].anchor.x - m.anchor.x, anchored[$0[0]].anchor.y - m.anchor.y) < 24 }) {
                clusters[c].append(i)
            } else {
                clusters.append([i])
            }
        }
        var at = [Point](repeating: Point(x: 0, y: 0), count: anchored.count)
        var callouts: [(box: Rect, from: Point, members: [Int])] = []
        var taken: [Rect] = occupied
        for cluster in clusters {
            if cluster.count == 1 {
                let i = cluster[0], anchor = anchored[i].anchor
                var chosen = anchor
                search: for ring in [0.0, 26, 46, 66, 86] {
                    for k in 0..<(ring == 0 ? 1 : 12) {
                        let angle = (-60.0 + 30.0 * Double(k)) * .pi / 180
                        let p = Point(x: anchor.x + ring * cos(angle), y: anchor.y - ring * sin(angle))
                        let r = Rect(x: p.x - radius - 1, y: p.y - radius - 1, w: 2 * radius + 2, h: 2 * radius + 2)
                        guard canvas.frame.contains(r), !taken.contains(where: { $0.intersects(r) }) else { continue }
                        chosen = p
                        break search
                    }
                }
                at[i] = chosen
                taken.append(Rect(x: chosen.x - radius, y: chosen.y - radius, w: 2 * radius, h: 2 * radius))
                continue
            }
            let columns = min(cluster.count, 5), rows = (cluster.count + columns - 1) / columns
            let w = Double(columns) * spacing + 4, h = Double(rows) * spacing + 4
            let cx = cluster.map { anchored[$0].anchor.x }.reduce(0, +) / Double(cluster.count)
            let cy = cluster.map { anchored[$0].anchor.y }.reduce(0, +) / Double(cluster.count)
            let from = Point(x: cx, y: cy)
            var best: (cost: Int, order: Int, box: Rect)?
            var order = 0
            for distance in [40.0, 70, 100, 140] {
                for k in 0..<8 {
                    let angle = Double(k) * 45 * .pi / 180
                    let px = cx + distance * cos(angle), py = cy - distance * sin(angle)
                    let box = Rect(x: px - (cos(angle) < -0.1 ? w : (cos(angle) > 0.1 ? 0 : w / 2)),
                                   y: py - (sin(angle) > 0.1 ? h : (sin(angle) < -0.1 ? 0 : h / 2)), w: w, h: h)
                    order += 1
                    guard canvas.frame.contains(box), !taken.contains(where: { $0.intersects(box) }) else { continue }
                    let cost = avoid.filter { box.contains($0) }.count
                    if best == nil || (cost, order) < (best!.cost, best!.order) { best = (cost, order, box) }
                }
                if let b = best, b.cost == 0 { break }
            }
            let box = best?.box ?? Rect(x: cx + 30, y: cy - h / 2, w: w, h: h)
            for (j, i) in cluster.enumerated() {
                at[i] = Point(x: box.x + 2 + spacing * (Double(j % columns) + 0.5), y: box.y + 2 + spacing * (Double(j / columns) + 0.5))
            }
            callouts.append((box, from, cluster))
            taken.append(box)
        }
        occupied = taken
        guard !anchored.isEmpty else { return }
        svg.line("<g class=\"chokepoints\">")
        for (i, m) in anchored.enumerated() where at[i] != m.anchor && !callouts.contains(where: { $0.members.contains(i) }) {
            svg.line("<path class=\"leader\" d=\"M\(f(m.anchor.x)) \(f(m.anchor.y))L\(f(at[i].x)) \(f(at[i].y))\" stroke=\"\(MapPalette.ink)\" stroke-width=\"1\" fill=\"none\"/><circle cx=\"\(f(m.anchor.x))\" cy=\"\(f(m.anchor.y))\" r=\"2\" fill=\"\(MapPalette.ink)\"/>")
        }
        for c in callouts {
            // The leader runs from the group's centre to the nearest point of the callout box.
            let tx = min(max(c.from.x, c.box.x), c.box.x + c.box.w), ty = min(max(c.from.y, c.box.y), c.box.y + c.box.h)
            svg.line("<path class=\"leader\" d=\"M\(f(c.from.x)) \(f(c.from.y))L\(f(tx)) \(f(ty))\" stroke=\"\(MapPalette.ink)\" stroke-width=\"1.2\" fill=\"none\"/>")
            for i in c.members { svg.line("<circle class=\"anchor\" cx=\"\(f(anchored[i].anchor.x))\" cy=\"\(f(anchored[i].anchor.y))\" r=\"2.5\" fill=\"\(MapPalette.ink)\" stroke=\"#FFFFFF\" stroke-width=\"0.8\"/>") }
            svg.line("<rect class=\"callout\" x=\"\(f(c.box.x))\" y=\"\(f(c.box.y))\" width=\"\(f(c.box.w))\" height=\"\(f(c.box.h))\" rx=\"4\" fill=\"#FFFFFF\" fill-opacity=\"0.92\" stroke=\"\(MapPalette.ink)\" stroke-width=\"1\"/>")
        }
        for (i, m) in anchored.enumerated() {
            let p = at[i]
            svg.line("<g class=\"chokepoint\" data-rank=\"\(m.rank)\"><title>\(m.rank). \(escape(m.feature.label))</title><circle cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" r=\"9\" fill=\"\(MapPalette.chokepoint)\" stroke=\"\(MapPalette.ink)\" stroke-width=\"1\"/><text x=\"\(f(p.x))\" y=\"\(f(p.y + 3.8))\" font-size=\"\(m.rank >= 10 ? 9 : 11)\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"\(MapPalette.ink)\">\(m.rank)</text></g>")
        }
        svg.line("</g>")
        legend.add(.none, "most critical (throughput lost when removed):")
        for m in anchored { legend.add(.marker(m.rank), m.feature.label) }
    }
}
