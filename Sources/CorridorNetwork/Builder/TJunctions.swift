import CorridorGeo
import Foundation

extension NetworkBuilder {
    /// Phase 0 of a build, with `options.nodeTJunctions`: a line end that lies on a segment of another line of its
    /// layer (a T-junction: within the snap tolerance of the segment, but farther than that from both of the
    /// segment's vertices, which the vertex clustering joins anyway) becomes a vertex of that segment, at the end's
    /// own coordinate. Vertex clustering then makes it one node, so the segment is split there. A line's own
    /// segments count too (a line ending on itself), except the segment the end belongs to.
    ///
    /// Layers are those of `linePieces` (road; rail by gauge, the country's default when unknown; dual in both rail
    /// layers): an end only splits segments of a line sharing one of its layers. A line with a published length
    /// keeps it: its length scale is adjusted for the inserted vertices, so its pieces still sum to the published
    /// length, each in proportion to its geodesic length.
    ///
    /// Ends are hashed into a grid (`IntegerPairTable`, the clustering's table) of cells at least twice the
    /// tolerance and about one typical segment long; each segment is sampled every half cell and tests the ends in
    /// the 3 × 3 cells around each sample. The tolerance is at least 1 mm, so an end exactly on a segment is found
    /// despite rounding even at tolerance 0.
    /// - Complexity: O(V + S·(L/c + 1)) expected for V vertices, S segments of mean length L and cell size c.
    func nodeTJunctions(_ input: LineStore) -> LineStore {
        let tolerance = max(options.snapToleranceMeters.isFinite ? options.snapToleranceMeters : 0, 0.001)
        guard input.count > 0 else { return input }
        let layers = (0..<input.count).map { NetworkBuilder.layerMask(input.attributes($0)) }

        // Cell size: twice the tolerance, or the median segment length if longer (fewer cells per segment).
        var sample: [Double] = []
        let step = max(1, input.count / 4096)
        for i in stride(from: 0, to: input.count, by: step) {
            let line = input.line(i)
            if line.count >= 2 { sample.append(localDistance(line[line.startIndex], line[line.startIndex + 1])) }
        }
        sample.sort()
        let median = sample.isEmpty ? 0 : sample[sample.count / 2]
        let cell = max(2 * tolerance, min(median, 50_000))
        let grid = EndGrid(cellMeters: cell)

        // Line ends by cell: end k is (line k / 2, first vertex when k is even, last when odd).
        var heads = IntegerPairTable()
        var nextEnd = [Int32](repeating: -1, count: 2 * input.count)
        func endPoint(_ k: Int) -> LonLat {
            let line = k / 2
            return k % 2 == 0 ? input.coordinates[input.start[line]] : input.coordinates[input.start[line + 1] - 1]
        }
        for k in 0..<(2 * input.count) where input.start[k / 2 + 1] - input.start[k / 2] >= 2 {
            let (cx, cy) = grid.cell(endPoint(k))
            let slot = heads.slot(UInt64(bitPattern: cx), UInt64(bitPattern: cy), layer: 0)
            nextEnd[k] = heads.value(at: slot) ?? -1
            heads.insertOrReplace(Int32(k), at: slot, UInt64(bitPattern: cx), UInt64(bitPattern: cy), layer: 0)
        }

        // Insertions per line: (segment index, parameter along it, the end's coordinate).
        var insertions: [Int: [(segment: Int, t: Double, point: LonLat)]] = [:]
        var seen = [Int32](repeating: -1, count: 2 * input.count)
        var segmentStamp: Int32 = 0
        for line in 0..<input.count {
            let lo = input.start[line], hi = input.start[line + 1]
            guard hi - lo >= 2 else { continue }
            for j in lo..<(hi - 1) {
                let a = input.coordinates[j], b = input.coordinates[j + 1]
                segmentStamp &+= 1
                let length = localDistance(a, b)
                let samples = max(1, Int((length / (cell / 2)).rounded(.up)))
                for s in 0...samples {
                    let f = Double(s) / Double(samples)
                    let q = LonLat(lon: a.lon + f * (b.lon - a.lon), lat: a.lat + f * (b.lat - a.lat))
                    let (_, cy) = grid.cell(q)
                    for dy in -1...1 {
                        let row = cy &+ Int64(dy)
                        let column = grid.column(q, row: row)
                        for dx in -1...1 {
                            let key = (UInt64(bitPattern: column &+ Int64(dx)), UInt64(bitPattern: row))
                            guard var k = heads.value(at: heads.slot(key.0, key.1, layer: 0)).map(Int.init) else { continue }
                            while k >= 0 {
                                defer { k = Int(nextEnd[k]) }
                                if seen[k] == segmentStamp { continue }
                                seen[k] = segmentStamp
                                let other = k / 2
                                guard layers[other] & layers[line] != 0 else { continue }
                                let p = endPoint(k)
                                guard let t = NetworkBuilder.interiorParameter(of: p, on: a, b, tolerance: tolerance) else { continue }
                                insertions[line, default: []].append((j - lo, t, p))
                            }
                        }
                    }
                }
            }
        }
        guard !insertions.isEmpty else {
            report.tJunctionsNoded = 0
            return input
        }

        var output = LineStore()
        output.reserveCapacity(lines: input.count, points: input.coordinates.count + insertions.values.reduce(0) { $0 + $1.count })
        var noded = 0
        for line in 0..<input.count {
            let slice = input.line(line)
            guard var added = insertions[line] else {
                output.append(slice, attributes: input.attributes(line), source: input.source[line], fid: input.fid[line],
                              lengthScale: input.lengthScale(line))
                continue
            }
            added.sort { ($0.segment, $0.t) < ($1.segment, $1.t) }
            var points: [LonLat] = []
            points.reserveCapacity(slice.count + added.count)
            var next = 0
            for (j, p) in slice.enumerated() {
                points.append(p)
                while next < added.count && added[next].segment == j {
                    if points.last != added[next].point { points.append(added[next].point); noded += 1 }
                    next += 1
                }
            }
            var scale = input.lengthScale(line)
            if input.attributes(line).lengthMeters != nil {
                // The published length stays the line's: the scale follows the longer geodesic.
                let before = Geodesic.length(Array(slice)), after = Geodesic.length(points)
                if before > 0 && after > 0 && before.isFinite && after.isFinite { scale *= before / after }
            }
            output.append(points, attributes: input.attributes(line), source: input.source[line], fid: input.fid[line],
                          lengthScale: scale)
        }
        report.tJunctionsNoded = noded
        return output
    }

    /// The layers a line goes to in `linePieces`, as bits: road 1, rail-1520 2, rail-1435 4.
    static func layerMask(_ attributes: EdgeAttributes) -> UInt8 {
        switch attributes.mode {
        case .road: return 1
        case .rail:
            var gauge = attributes.gauge
            if gauge == .none { gauge = defaultGauge(country: attributes.country) }
            switch gauge {
            case .broad1520: return 2
            case .standard1435, .none: return 4
            case .dual: return 6
            }
        }
    }

    /// Where `p` projects onto the segment a→b, as a parameter in (0, 1), when it lies within `tolerance` metres of
    /// the segment and farther than that from both a and b; nil otherwise. Planar in a local equirectangular frame
    /// at p's latitude (the distances involved are at most a few kilometres).
    static func interiorParameter(of p: LonLat, on a: LonLat, _ b: LonLat, tolerance: Double) -> Double? {
        let kx = 111_320 * cos(p.lat * .pi / 180), ky = 110_574.0
        let ax = (a.lon - p.lon) * kx, ay = (a.lat - p.lat) * ky
        let bx = (b.lon - p.lon) * kx, by = (b.lat - p.lat) * ky
        if ax * ax + ay * ay <= tolerance * tolerance || bx * bx + by * by <= tolerance * tolerance { return nil }
        let dx = bx - ax, dy = by - ay
        let length2 = dx * dx + dy * dy
        guard length2 > 0 else { return nil }
        let t = -(ax * dx + ay * dy) / length2
        guard t > 0 && t < 1 else { return nil }
        let cx = ax + t * dx, cy = ay + t * dy
        return cx * cx + cy * cy <= tolerance * tolerance ? t : nil
    }
}

private func localDistance(_ a: LonLat, _ b: LonLat) -> Double { NetworkBuildOptions.snapDistanceMeters(a, b) }

/// Grid cells of at least `cellMeters` on each side at every latitude (rows of fixed height, each row's cell width
/// set by its poleward edge, as in `VertexClusters`): every point within `cellMeters` of a point lies in the 3 × 3
/// cells around it.
private struct EndGrid {
    let cellMeters: Double
    var rowHeightDegrees: Double { cellMeters / 110_574 }

    func widthDegrees(row: Int64) -> Double {
        let h = rowHeightDegrees
        let poleward = max(abs(Double(row) * h), abs(Double(row + 1) * h))
        return cellMeters / (111_320 * max(cos(min(poleward, 90) * .pi / 180), 0.01))
    }

    func column(_ p: LonLat, row: Int64) -> Int64 { Int64((p.lon / widthDegrees(row: row)).rounded(.down)) }

    func cell(_ p: LonLat) -> (Int64, Int64) {
        let row = Int64((p.lat / rowHeightDegrees).rounded(.down))
        return (column(p, row: row), row)
    }
}
