import CorridorGeo

/// Polygons that tag edges with a country or region (e.g. Natural Earth `countries` by `ISO_A2`, OSM provinces by
/// `name:en`). Edges crossing a boundary are split there; the split point becomes a node.
public struct RegionPolygons: Sendable {
    /// Which edge attribute the polygons set.
    public enum Target: String, Sendable { case country, region }
    /// One polygon feature and the value it assigns.
    public struct Feature: Sendable {
        /// The country code or region name the polygons assign.
        public var value: String
        /// Polygons as [outer ring, holes...], lon/lat.
        public var polygons: [[[LonLat]]]
        /// Memberwise initializer.
        public init(value: String, polygons: [[[LonLat]]]) { self.value = value; self.polygons = polygons }
    }
    /// Which edge attribute the polygons set.
    public var target: Target
    /// For messages, e.g. `natural-earth-region.gpkg, layer countries`.
    public var name: String
    /// The polygon features.
    public var features: [Feature]
    /// Memberwise initializer.
    public init(target: Target, name: String, features: [Feature]) { self.target = target; self.name = name; self.features = features }
}

/// Point location and segment–boundary intersection over a set of polygon features, indexed by latitude bands.
///
/// Every ring edge is registered in the bands its latitude range covers. Point-in-polygon is even–odd ray casting
/// eastwards over the edges of the point's band (holes and multipolygons fall out of the parity); segment
/// intersection tests the edges of the bands the segment spans, after a bounding-box check. Planar in lon/lat, the
/// same model as the polygons' own edges. Complexity per query: O(edges in the bands touched).
final class RegionIndex {
    private struct RingEdge { var a: LonLat; var b: LonLat; var feature: Int32 }
    private let edges: [RingEdge]
    private let bands: [[Int32]]
    private let minLat: Double
    private let bandHeight: Double
    let featureCount: Int
    private var parity: [Bool]
    private var stamp: [UInt32]
    private var currentStamp: UInt32 = 0

    init(_ regions: RegionPolygons) {
        var edges: [RingEdge] = []
        var lo = Double.infinity, hi = -Double.infinity
        for (f, feature) in regions.features.enumerated() {
            for polygon in feature.polygons {
                for ring in polygon where ring.count >= 3 {
                    for i in 0..<ring.count {
                        let a = ring[i], b = ring[(i + 1) % ring.count]
                        if a == b { continue }
                        edges.append(RingEdge(a: a, b: b, feature: Int32(f)))
                        lo = min(lo, a.lat); hi = max(hi, a.lat)
                    }
                }
            }
        }
        self.edges = edges
        featureCount = regions.features.count
        parity = Array(repeating: false, count: regions.features.count)
        stamp = Array(repeating: 0, count: edges.count)
        if edges.isEmpty {
            minLat = 0; bandHeight = 1; bands = []
            return
        }
        let count = max(1, min(200_000, edges.count / 4))
        minLat = lo
        bandHeight = max((hi - lo) / Double(count), 1e-9)
        var bands = Array(repeating: [Int32](), count: count)
        for (i, e) in edges.enumerated() {
            let b0 = max(0, min(count - 1, Int((min(e.a.lat, e.b.lat) - lo) / bandHeight)))
            let b1 = max(0, min(count - 1, Int((max(e.a.lat, e.b.lat) - lo) / bandHeight)))
            for b in b0...b1 { bands[b].append(Int32(i)) }
        }
        self.bands = bands
    }

    private func band(_ lat: Double) -> Int? {
        guard !bands.isEmpty else { return nil }
        let b = Int(((lat - minLat) / bandHeight).rounded(.down))
        if b < 0 || b > bands.count { return nil }
        return min(b, bands.count - 1)
    }

    /// The feature containing `p` (the lowest index if several overlap), or nil.
    func locate(_ p: LonLat) -> Int? {
        guard let b = band(p.lat) else { return nil }
        var toggled: [Int] = []
        for i in bands[b] {
            let e = edges[Int(i)]
            if (e.a.lat > p.lat) != (e.b.lat > p.lat) {
                let x = e.a.lon + (p.lat - e.a.lat) / (e.b.lat - e.a.lat) * (e.b.lon - e.a.lon)
                if x > p.lon {
                    let f = Int(e.feature)
                    parity[f].toggle()
                    toggled.append(f)
                }
            }
        }
        var best: Int? = nil
        for f in toggled where parity[f] {
            if best == nil || f < best! { best = f }
        }
        for f in toggled { parity[f] = false }
        return best
    }

    /// Parameters t in [0, 1] where the segment a→b meets a ring edge, sorted, near-duplicates removed.
    func crossings(_ a: LonLat, _ b: LonLat) -> [Double] {
        guard !bands.isEmpty else { return [] }
        let lo = min(a.lat, b.lat), hi = max(a.lat, b.lat)
        if hi < minLat || lo > minLat + bandHeight * Double(bands.count) { return [] }
        let b0 = max(0, Int(((lo - minLat) / bandHeight).rounded(.down)))
        let b1 = min(bands.count - 1, Int(((hi - minLat) / bandHeight).rounded(.down)))
        guard b0 <= b1 else { return [] }
        currentStamp &+= 1
        if currentStamp == 0 { for i in stamp.indices { stamp[i] = 0 }; currentStamp = 1 }
        let minLon = min(a.lon, b.lon), maxLon = max(a.lon, b.lon)
        var ts: [Double] = []
        let dx = b.lon - a.lon, dy = b.lat - a.lat
        for band in b0...b1 {
            for i in bands[band] {
                let idx = Int(i)
                if stamp[idx] == currentStamp { continue }
                stamp[idx] = currentStamp
                let e = edges[idx]
                if max(e.a.lon, e.b.lon) < minLon || min(e.a.lon, e.b.lon) > maxLon { continue }
                if max(e.a.lat, e.b.lat) < lo || min(e.a.lat, e.b.lat) > hi { continue }
                let ex = e.b.lon - e.a.lon, ey = e.b.lat - e.a.lat
                let denominator = dx * ey - dy * ex
                if denominator == 0 { continue }  // parallel or collinear: running along a boundary is not crossing it
                let qx = e.a.lon - a.lon, qy = e.a.lat - a.lat
                let t = (qx * ey - qy * ex) / denominator
                let u = (qx * dy - qy * dx) / denominator
                if t >= -1e-12 && t <= 1 + 1e-12 && u >= -1e-12 && u <= 1 + 1e-12 { ts.append(min(1, max(0, t))) }
            }
        }
        ts.sort()
        var unique: [Double] = []
        for t in ts where unique.last.map({ t - $0 > 1e-12 }) ?? true { unique.append(t) }
        return unique
    }

    /// Splits a polyline where it changes feature. Returns pieces with the feature of each (nil = outside all).
    /// Split points are computed once and shared by both pieces, so the pieces meet exactly.
    func split(_ line: [LonLat]) -> [(coordinates: [LonLat], feature: Int?)] {
        guard line.count >= 2, !bands.isEmpty else { return [(line, line.first.flatMap { locate($0) })] }
        var pieces: [(coordinates: [LonLat], feature: Int?)] = []
        var current: [LonLat] = [line[0]]
        var currentFeature: Int?? = .none  // not yet known
        for i in 0..<(line.count - 1) {
            let a = line[i], b = line[i + 1]
            let ts = crossings(a, b)
            if ts.isEmpty, currentFeature != nil {
                current.append(b)
                continue
            }
            var cuts = [0.0] + ts.filter { $0 > 0 && $0 < 1 } + [1.0]
            cuts = cuts.reduce(into: [Double]()) { acc, t in if acc.last.map({ t - $0 > 1e-12 }) ?? true { acc.append(t) } }
            if cuts.count < 2 { cuts = [0, 1] }
            func point(_ t: Double) -> LonLat {
                t == 0 ? a : (t == 1 ? b : LonLat(lon: a.lon + t * (b.lon - a.lon), lat: a.lat + t * (b.lat - a.lat)))
            }
            for k in 0..<(cuts.count - 1) {
                let feature = locate(point((cuts[k] + cuts[k + 1]) / 2))
                if let known = currentFeature, known != feature {
                    // Boundary at cuts[k]: close the piece there and start the next one at the same point.
                    let cut = point(cuts[k])
                    if current.last != cut { current.append(cut) }
                    pieces.append((current, known))
                    current = [cut]
                }
                currentFeature = .some(feature)
            }
            current.append(b)
        }
        pieces.append((current, currentFeature ?? nil))
        return pieces
    }
}

extension NetworkBuilder {
    /// Phase 1 of a build: splits the input lines at the boundaries of each polygon set in turn and tags each
    /// piece with the country or region of the polygon it lies in (`RegionIndex.split`). Pieces cut off for less than
    /// `options.autoCrossingMergeMeters` along a chain of lines take their neighbours' region first
    /// (`mergeShortRuns`), so a line wiggling along a border makes no crossings.
    func tagRegions(_ input: LineStore) -> LineStore {
        var current = input
        for set in regions {
            let index = RegionIndex(set)
            let values = set.features.map { $0.value.uppercased() }
            var split = (0..<current.count).map { index.split(Array(current.line($0))) }
            if options.autoCrossingMergeMeters > 0 {
                NetworkBuilder.mergeAlongChains(&split, lines: current, values: values, tolerance: options.autoCrossingMergeMeters)
            }
            var next = LineStore()
            next.coordinates.reserveCapacity(current.coordinates.count)
            for i in 0..<current.count {
                // Neighbouring pieces of one region (after merging) are one piece again.
                var pieces: [(coordinates: [LonLat], feature: Int?)] = []
                for piece in split[i] {
                    if let last = pieces.last, last.feature.map({ values[$0] }) == piece.feature.map({ values[$0] }) {
                        pieces[pieces.count - 1].coordinates += piece.coordinates.dropFirst()
                    } else { pieces.append(piece) }
                }
                if pieces.count > 1 { report.edgesSplitAtBoundaries += 1 }
                for piece in pieces {
                    var attrs = current.attributes(i)
                    if let f = piece.feature {
                        let value = set.features[f].value
                        switch set.target {
                        case .country: attrs.country = value.uppercased()
                        case .region: attrs.region = value
                        }
                    }
                    next.append(piece.coordinates, attributes: attrs, source: current.source[i], fid: current.fid[i],
                                lengthScale: current.lengthScale(i))
                }
            }
            current = next
        }
        return current
    }

    /// Re-tags short boundary pieces along chains: lines of one mode joined end to end where exactly two line ends
    /// meet at the same coordinate (a chain stops at junctions and dead ends). Each chain's pieces, in travel
    /// order, go through `mergeShortRuns`; so do the pieces of a single line.
    /// - Complexity: O(n + p) hashing for n lines and p pieces, plus `mergeShortRuns` per chain.
    static func mergeAlongChains(_ split: inout [[(coordinates: [LonLat], feature: Int?)]], lines: LineStore,
                                 values: [String], tolerance: Double) {
        struct End: Hashable { var lon: UInt64, lat: UInt64, mode: UInt8 }
        func end(_ line: Int, last: Bool) -> End {
            let slice = lines.line(line)
            let p = last ? slice.last! : slice.first!
            return End(lon: p.lon.bitPattern, lat: p.lat.bitPattern, mode: lines.attributes(line).mode.rawValue)
        }
        var ends: [End: [(line: Int, last: Bool)]] = [:]
        for i in 0..<lines.count where lines.line(i).count >= 2 {
            ends[end(i, last: false), default: []].append((i, false))
            ends[end(i, last: true), default: []].append((i, true))
        }
        /// The other line end at a joint of exactly two ends, if any.
        func partner(_ line: Int, last: Bool) -> (line: Int, last: Bool)? {
            guard let here = ends[end(line, last: last)], here.count == 2 else { return nil }
            let other = here[0].line == line && here[0].last == last ? here[1] : here[0]
            return other.line == line ? nil : other   // a loop closing on itself ends the chain
        }
        var visited = [Bool](repeating: false, count: lines.count)
        func walk(from start: Int) {
            // Back up to the chain's first line, then walk forward.
            var first = (line: start, reversed: false)
            var seen: Set<Int> = [start]
            while let p = partner(first.line, last: first.reversed), !seen.contains(p.line) {
                // Arriving at p's end `p.last` going backwards: p runs forward when that end is its last point.
                first = (p.line, !p.last); seen.insert(p.line)
            }
            var chain: [(line: Int, reversed: Bool)] = []
            var cursor: (line: Int, reversed: Bool)? = first
            while let c = cursor, !visited[c.line] {
                visited[c.line] = true
                chain.append(c)
                cursor = partner(c.line, last: !c.reversed).map { (line: $0.line, reversed: $0.last) }
            }
            var lengths: [Double] = [], features: [Int?] = [], slots: [(line: Int, piece: Int)] = []
            for (line, reversed) in chain {
                let order = reversed ? Array(split[line].indices.reversed()) : Array(split[line].indices)
                for k in order {
                    lengths.append(Geodesic.length(split[line][k].coordinates)); features.append(split[line][k].feature)
                    slots.append((line, k))
                }
            }
            // A chain end at a junction (three or more line ends) may give up a short end run: the crossing then
            // sits at the junction instead of a few hundred metres into the branch. Dead ends keep theirs.
            let last = chain[chain.count - 1]
            let startAtJunction = (ends[end(first.line, last: first.reversed)]?.count ?? 0) >= 3
            let endAtJunction = (ends[end(last.line, last: !last.reversed)]?.count ?? 0) >= 3
            let merged = mergeShortRuns(lengths: lengths, features: features, values: values, tolerance: tolerance,
                                        keepFirst: !startAtJunction, keepLast: !endAtJunction)
            for (slot, f) in zip(slots, merged) { split[slot.line][slot.piece].feature = f }
        }
        for i in 0..<lines.count where !visited[i] && lines.line(i).count >= 2 { walk(from: i) }
    }

    /// Along a sequence of pieces (lengths in metres, the region feature of each), a run of pieces of one region
    /// shorter than `tolerance` between two other runs takes the region of its longer neighbour, shortest run
    /// first, until every interior run is at least `tolerance` long. The first and last runs are kept unless
    /// `keepFirst`/`keepLast` is false (a line may end just across a border, at a station there); an end run that
    /// may go takes its one neighbour's region. Regions compare by `values` (case-insensitive), so two polygons of
    /// one country are one run.
    /// - Complexity: O(r²) for r runs (the times the sequence meets a boundary: small).
    static func mergeShortRuns(lengths: [Double], features: [Int?], values: [String], tolerance: Double,
                               keepFirst: Bool = true, keepLast: Bool = true) -> [Int?] {
        var out = features
        func value(_ f: Int?) -> String? { f.map { values[$0] } }
        while true {
            // Runs of equal value: (first piece, end piece, length).
            var runs: [(start: Int, end: Int, length: Double)] = []
            for i in out.indices {
                if let last = runs.last, value(out[last.start]) == value(out[i]) {
                    runs[runs.count - 1].end = i + 1; runs[runs.count - 1].length += lengths[i]
                } else { runs.append((i, i + 1, lengths[i])) }
            }
            guard runs.count >= 2 else { return out }
            var shortest: Int? = nil
            for r in runs.indices where runs[r].length < tolerance {
                if (r == 0 && keepFirst) || (r == runs.count - 1 && keepLast) { continue }
                if shortest == nil || runs[r].length < runs[shortest!].length { shortest = r }
            }
            guard let r = shortest else { return out }
            let donor: (start: Int, end: Int, length: Double)
            if r == 0 { donor = runs[1] }
            else if r == runs.count - 1 { donor = runs[r - 1] }
            else { donor = runs[r - 1].length >= runs[r + 1].length ? runs[r - 1] : runs[r + 1] }
            for i in runs[r].start..<runs[r].end { out[i] = out[donor.start] }
        }
    }
}
