import CorridorGeo
import CorridorNetwork
import Foundation

extension SVGMap {
    struct ResolvedSite { var name: String; var location: LonLat }

    static func resolveSites(_ sites: [MapSite], network: Network?) -> [ResolvedSite] {
        sites.compactMap { s in
            if let l = s.location { return ResolvedSite(name: s.name, location: l) }
            if let p = try? network?.places.place(named: s.name) { return ResolvedSite(name: p.name, location: p.location) }
            return nil
        }
    }

    struct Label { var text: String; var point: Point; var x: Double; var y: Double; var anchor: String; var size: Double; var bold: Bool; var italic: Bool; var dot: Bool; var leader: Point? = nil }

    /// Greedy label placement: sites first, then the places the result names (its crossings), cities by how many
    /// lines meet there, ports, crossings and junctions; each tries eight positions around its point and takes the
    /// first that overlaps nothing placed. Sites and named places that find no room there are set further out with
    /// a leader line, so that every one of them is labelled. With `detail` (an inset, where there is room), every
    /// other place (stations, unclassified places) is a candidate too, last.
    static func placeLabels(network n: Network, sites: [ResolvedSite], named: [String] = [], canvas: Canvas, obstacles: [Rect],
                            maxLabels: Int, detail: Bool = false) -> [Label] {
        let degree = lineDegreeNearPlaces(n)
        let kindPriority = ["city": 2, "port": 2, "crossing": 3, "junction": 4]
        var candidates: [(priority: Int, importance: Int, order: Int, name: String, location: LonLat, kind: String)] = []
        for (i, s) in sites.enumerated() { candidates.append((0, 0, i, s.name, s.location, "site")) }
        let siteNames = Set(sites.map(\.name))
        var namedNames = Set<String>()
        for (i, name) in named.enumerated() where !siteNames.contains(name) {
            if let c = n.crossings.first(where: { $0.name == name }) {
                candidates.append((1, 0, i, c.name, c.location, "crossing")); namedNames.insert(c.name)
            } else if let p = try? n.places.place(named: name), !siteNames.contains(p.name) {
                candidates.append((1, 0, i, p.name, p.location, p.kind)); namedNames.insert(p.name)
            }
        }
        for (i, p) in n.places.places.enumerated() where !siteNames.contains(p.name) && !namedNames.contains(p.name) {
            guard let priority = kindPriority[p.kind] ?? (detail ? 5 : nil) else { continue }
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
            var far: [(Double, Double, String)] = []
            if c.priority <= 1 || detail {
                // Further out, with a leader line: rings of 22 and 40 px in eight directions.
                for ring in [22.0, 40.0] {
                    for k in 0..<8 {
                        let a = Double(k) * .pi / 4
                        let ax = p.x + ring * cos(a), ay = p.y - ring * sin(a)
                        far.append((ax, ay + h * 0.35, cos(a) > 0.3 ? "start" : (cos(a) < -0.3 ? "end" : "middle")))
                    }
                }
            }
            for (index, (tx, ty, anchor)) in (options + far).enumerated() {
                let left = anchor == "start" ? tx : (anchor == "end" ? tx - w : tx - w / 2)
                let rect = Rect(x: left - 1, y: ty - h * 0.8, w: w + 2, h: h)
                guard canvas.frame.contains(rect), !placed.contains(where: { $0.intersects(rect) }),
                      !dots.contains(where: { $0.intersects(rect) }) else { continue }
                placed.append(rect)
                let drawDot = c.kind != "site" && c.kind != "crossing"
                if drawDot { placed.append(dotRect) }
                dots.append(dotRect)
                let leader = index >= options.count ? Point(x: tx, y: ty - h * 0.35) : nil
                labels.append(Label(text: c.name, point: p, x: tx, y: ty, anchor: anchor, size: size,
                                    bold: c.kind == "site" || c.priority == 1, italic: c.kind == "crossing", dot: drawDot, leader: leader))
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
}
