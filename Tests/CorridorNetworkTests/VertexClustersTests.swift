import CorridorGeo
import CorridorGraph
import Foundation
import Testing
@testable import CorridorNetwork

/// The sort-based `VertexClusters` against the greedy hash-table clustering it replaced (kept here verbatim as
/// `GreedyHashClusters`) and against a brute force that applies the same rule (nearest earlier representative
/// within the tolerance whose cell is one of the 3 × 3 around the point, ties lowest id) by scanning every
/// representative, on random point sets with points on and beside cell borders and within tolerance of each other.
struct VertexClustersTests {
    /// One test input: the coordinates of the lines and the (line, layer) instances.
    struct Input {
        var coordinates: [LonLat] = []
        var lineStart: [Int] = [0]
        var instanceLine: [UInt32] = []
        var instanceLayer: [NetworkLayer] = []
    }

    /// Per occurrence: cluster id and whether it was snapped; per cluster: location.
    struct Result: Equatable {
        var cluster: [Int32] = []
        var snapped: [Bool] = []
        var location: [LonLat] = []
    }

    static func occurrences(_ input: Input) -> [(LonLat, NetworkLayer)] {
        var out: [(LonLat, NetworkLayer)] = []
        for k in input.instanceLine.indices {
            let l = Int(input.instanceLine[k])
            for j in input.lineStart[l] ..< input.lineStart[l + 1] { out.append((input.coordinates[j], input.instanceLayer[k])) }
        }
        return out
    }

    static func sorted(_ input: Input, tolerance: Double) -> Result {
        let clusters = input.coordinates.withUnsafeBufferPointer {
            VertexClusters(tolerance: tolerance, coordinates: $0, lineStart: input.lineStart,
                           instanceLine: input.instanceLine, instanceLayer: input.instanceLayer)
        }
        let n = occurrences(input).count
        return Result(cluster: clusters.occurrenceCluster, snapped: (0..<n).map { clusters.snapped($0) },
                      location: clusters.location)
    }

    static func greedy(_ input: Input, tolerance: Double) -> Result {
        let points = occurrences(input)
        var clusters = GreedyHashClusters(tolerance: tolerance, expectedVertices: points.count)
        var result = Result()
        for (p, layer) in points {
            let (c, snapped) = clusters.cluster(p, layer: layer)
            result.cluster.append(c); result.snapped.append(snapped)
        }
        result.location = clusters.location
        return result
    }

    /// The rule, by scanning: exact coordinate (per layer, -0 = +0) seen before → its cluster; else the nearest
    /// earlier representative of the layer within the tolerance whose cell (row, column at the representative's row
    /// width) is in the 3 × 3 probe cells of the point; else a new cluster.
    static func bruteForce(_ input: Input, tolerance: Double) -> Result {
        let h = tolerance / 110_574
        func width(_ row: Int64) -> Double {
            let poleward = max(abs(Double(row) * h), abs(Double(row + 1) * h))
            return tolerance / (111_320 * max(cos(min(poleward, 90) * .pi / 180), 0.01))
        }
        func row(_ p: LonLat) -> Int64 { Int64((p.lat / h).rounded(.down)) }
        func cell(_ p: LonLat) -> (Int64, Int64) { let r = row(p); return (Int64((p.lon / width(r)).rounded(.down)), r) }
        var result = Result()
        var seen: [(lon: UInt64, lat: UInt64, layer: NetworkLayer, cluster: Int32)] = []
        var representatives: [(p: LonLat, layer: NetworkLayer, cell: (Int64, Int64))] = []
        for (p, layer) in occurrences(input) {
            let bits = ((p.lon + 0).bitPattern, (p.lat + 0).bitPattern)
            if let known = seen.first(where: { $0.lon == bits.0 && $0.lat == bits.1 && $0.layer == layer }) {
                result.cluster.append(known.cluster); result.snapped.append(false); continue
            }
            var best: (Double, Int32)? = nil
            if tolerance > 0 {
                let r = row(p)
                for (id, q) in representatives.enumerated() where q.layer == layer {
                    let near = (-1...1).contains(q.cell.1 - r)
                        && (-1...1).contains(q.cell.0 - Int64((p.lon / width(q.cell.1)).rounded(.down)))
                    let d = NetworkBuildOptions.snapDistanceMeters(q.p, p)
                    if near, d <= tolerance, best.map({ (d, Int32(id)) < $0 }) ?? true { best = (d, Int32(id)) }
                }
            }
            let c: Int32
            if let best { c = best.1 } else {
                c = Int32(representatives.count)
                representatives.append((p, layer, tolerance > 0 ? cell(p) : (0, 0)))
                result.location.append(p)
            }
            seen.append((bits.0, bits.1, layer, c))
            result.cluster.append(c); result.snapped.append(best != nil)
        }
        return result
    }

    /// Random lines whose vertices sit on, just beside and between cell borders, in groups within the tolerance of
    /// each other, with repeated coordinates, -0.0, several layers and dual lines (one line in two layers).
    static func randomInput(seed: UInt64, tolerance: Double, points: Int, latitude: ClosedRange<Double>) -> Input {
        var rng = SplitMix64(seed: seed)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let t = max(tolerance, 0.5)
        let h = t / 110_574
        var pool: [LonLat] = []
        while pool.count < points {
            // A base point on a cell corner (row border, and the column border of its row), nudged by nothing, an ulp
            // or a fraction of a cell, then points around it within about 1.5 tolerances.
            let row = (latitude.lowerBound / h + unit() * (latitude.upperBound - latitude.lowerBound) / h).rounded(.down)
            let poleward = max(abs(row * h), abs((row + 1) * h))
            let w = t / (111_320 * max(cos(min(poleward, 90) * .pi / 180), 0.01))
            let column = (unit() * 400 - 200).rounded(.down) + (80 / w).rounded(.down)
            var base = LonLat(lon: column * w, lat: row * h)
            switch rng.next() % 4 {
            case 0: break
            case 1: base = LonLat(lon: base.lon.nextUp, lat: base.lat.nextDown)
            case 2: base = LonLat(lon: base.lon + (unit() - 0.5) * w * 0.2, lat: base.lat + (unit() - 0.5) * h * 0.2)
            default: base = LonLat(lon: base.lon.nextDown, lat: base.lat.nextUp)
            }
            pool.append(base)
            for _ in 0 ..< Int(rng.next() % 4) {
                let r = tolerance * 1.5 * unit(), angle = unit() * 2 * .pi
                pool.append(LonLat(lon: base.lon + r * cos(angle) / (111_320 * cos(base.lat * .pi / 180)),
                                   lat: base.lat + r * sin(angle) / 110_574))
            }
        }
        pool.append(LonLat(lon: -0.0, lat: 0)); pool.append(LonLat(lon: 0, lat: -0.0))
        var input = Input()
        let layers: [NetworkLayer] = [.road, .rail1520, .rail1435]
        var line = 0
        while input.coordinates.count < points {
            let n = Int(rng.next() % 5)  // 0 ..< 5 vertices, including empty and one-point lines
            for _ in 0..<n { input.coordinates.append(pool[Int(rng.next() % UInt64(pool.count))]) }
            input.lineStart.append(input.coordinates.count)
            let choice = rng.next() % 8
            if choice == 0 {
                input.instanceLine += [UInt32(line), UInt32(line)]; input.instanceLayer += [.rail1520, .rail1435]
            } else {
                input.instanceLine.append(UInt32(line)); input.instanceLayer.append(choice < 5 ? .road : layers[Int(choice % 3)])
            }
            line += 1
        }
        return input
    }

    @Test(arguments: [0.0, 0.5, 1, 25, 2000])
    func equalsTheGreedyHashClusteringAndTheBruteForce(tolerance: Double) {
        for (seed, latitude) in [(1, 0.0...0.001), (2, -0.0005...0.0005), (3, 41.0...41.01), (4, -62.0...(-61.99)),
                                 (5, 79.99...80.0), (6, 89.9...89.99), (7, 43.0...43.5)] as [(UInt64, ClosedRange<Double>)] {
            let input = Self.randomInput(seed: seed &* 977 &+ UInt64(tolerance * 10), tolerance: tolerance, points: 600,
                                         latitude: latitude)
            let sorted = Self.sorted(input, tolerance: tolerance)
            #expect(sorted == Self.greedy(input, tolerance: tolerance), "seed \(seed), tolerance \(tolerance)")
            #expect(sorted == Self.bruteForce(input, tolerance: tolerance), "seed \(seed), tolerance \(tolerance)")
            // The inputs do exercise snapping and repeated coordinates.
            if tolerance > 0 { #expect(sorted.snapped.contains(true)) }
            #expect(Set(sorted.cluster).count < sorted.cluster.count)
        }
    }

    @Test func manyVerticesMatchTheGreedyHashClustering() {
        // Larger sets, so the radix sort recurses and the occupancy bitset has collisions to skip.
        for (seed, tolerance) in [(11, 1.0), (12, 0.0), (13, 10.0)] as [(UInt64, Double)] {
            let input = Self.randomInput(seed: seed, tolerance: tolerance, points: 60_000, latitude: 50...50.02)
            #expect(Self.sorted(input, tolerance: tolerance) == Self.greedy(input, tolerance: tolerance))
        }
    }

    @Test func hashCollisionsSplitIntoCoordinates() {
        // Many copies of few coordinates in one layer and the same coordinates in another: groups of equal keys.
        var input = Input()
        for i in 0..<5000 {
            input.coordinates.append(LonLat(lon: Double(i % 7) * 1e-9, lat: i % 2 == 0 ? -0.0 : 0.0))
            input.lineStart.append(input.coordinates.count)
            input.instanceLine.append(UInt32(i)); input.instanceLayer.append(i % 3 == 0 ? .rail1435 : .road)
        }
        let result = Self.sorted(input, tolerance: 0)
        #expect(result == Self.greedy(input, tolerance: 0))
        #expect(result.location.count == 14)
    }

    @Test(arguments: [0, 1, 2, 47, 48, 49, 300, 5000, 70_000])
    func radixSortSorts(count: Int) {
        var rng = SplitMix64(seed: UInt64(count) &+ 5)
        for shape in 0..<4 {
            var keys: [UInt64] = (0..<count).map { _ in
                switch shape {
                case 0: return rng.next()
                case 1: return rng.next() & 0xFF  // all high digits equal
                case 2: return rng.next() % 5 << 60 | rng.next() % 3  // many duplicates
                default: return rng.next() & 0xFF00_0000_0000_00FF
                }
            }
            let expected = keys.sorted()
            keys.withUnsafeMutableBufferPointer { VertexClusters.radixSort($0) }
            #expect(keys == expected)
        }
    }
}

/// The greedy hash-table clustering that `VertexClusters` replaced (verbatim but for its name): the reference.
struct GreedyHashClusters {
    let tolerance: Double
    var location: [LonLat] = []
    var uses: [Int32] = []
    var isEnd: [Bool] = []
    private var exact = IntegerPairTable()
    private var cells = IntegerPairTable()
    /// Next cluster in the same grid cell, or -1.
    private var nextInCell: [Int32] = []
    /// One bit per hashed grid cell, set when the cell gets a cluster: most of the 3×3 cells probed around a new
    /// vertex are empty, and this bitset (a few bits per vertex, cache-resident) says so without a random probe of
    /// the much larger `cells` table. A set bit may be a collision; the table decides then.
    private var occupiedCells: [UInt64] = []
    private var occupiedCellsMask = 0
    var count: Int { location.count }

    init(tolerance: Double, expectedVertices: Int = 0) {
        self.tolerance = tolerance.isFinite ? max(0, tolerance) : 0
        if self.tolerance > 0 {
            var bits = 1 << 16
            while bits < 8 * expectedVertices && bits < 1 << 34 { bits <<= 1 }
            occupiedCells = [UInt64](repeating: 0, count: bits / 64)
            occupiedCellsMask = bits - 1
        }
    }

    @inline(__always) private static func localDistance(_ a: LonLat, _ b: LonLat) -> Double {
        NetworkBuildOptions.snapDistanceMeters(a, b)
    }

    /// Grid rows are `tolerance` metres of latitude high; each row's cells are at least `tolerance` metres wide at
    /// every latitude inside the row (their width in degrees uses the row's poleward edge), so all points within
    /// the tolerance of a point lie in the 3 × 3 cells around it, whatever the longitude.
    private var rowHeightDegrees: Double { tolerance / 110_574 }

    @inline(__always) private func cellWidthDegrees(row: Int64) -> Double {
        let h = rowHeightDegrees
        let poleward = max(abs(Double(row) * h), abs(Double(row + 1) * h))
        return tolerance / (111_320 * max(cos(min(poleward, 90) * .pi / 180), 0.01))
    }

    /// Frees the lookup tables; `location`, `uses` and `isEnd` stay.
    mutating func releaseIndex() {
        exact = IntegerPairTable(); cells = IntegerPairTable(); nextInCell = []; occupiedCells = []
    }

    /// Bit index of a cell in `occupiedCells` (high hash bits: the table's slots use the low ones).
    @inline(__always) private func occupancyBit(_ a: UInt64, _ b: UInt64, layer: UInt8) -> Int {
        Int(truncatingIfNeeded: UInt64(bitPattern: Int64(IntegerPairTable.hash(a, b, layer))) >> 29) & occupiedCellsMask
    }

    /// The cluster of `p` in `layer`, and whether `p` was merged into a cluster at a different coordinate.
    mutating func cluster(_ p: LonLat, layer: NetworkLayer) -> (Int32, snapped: Bool) {
        // -0 and +0 are one coordinate.
        let lonBits = (p.lon + 0).bitPattern, latBits = (p.lat + 0).bitPattern
        let exactSlot = exact.slot(lonBits, latBits, layer: layer.rawValue)
        if let c = exact.value(at: exactSlot) { return (c, false) }
        if tolerance > 0 {
            let cy = Int64((p.lat / rowHeightDegrees).rounded(.down))
            let cx = Int64((p.lon / cellWidthDegrees(row: cy)).rounded(.down))
            var best: (distance: Double, id: Int32)? = nil
            for dy in -1...1 {
                // Each row has its own cell width, so the column is computed per row.
                let row = cy &+ Int64(dy)
                let column = Int64((p.lon / cellWidthDegrees(row: row)).rounded(.down))
                for dx in -1...1 {
                    let key = (UInt64(bitPattern: column &+ Int64(dx)), UInt64(bitPattern: row))
                    let bit = occupancyBit(key.0, key.1, layer: layer.rawValue)
                    if occupiedCells[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { continue }
                    guard var id = cells.value(at: cells.slot(key.0, key.1, layer: layer.rawValue)) else { continue }
                    while id >= 0 {
                        let d = GreedyHashClusters.localDistance(location[Int(id)], p)
                        if d <= tolerance, best.map({ (d, id) < ($0.distance, $0.id) }) ?? true { best = (d, id) }
                        id = nextInCell[Int(id)]
                    }
                }
            }
            if let best {
                exact.insert(best.id, at: exactSlot, lonBits, latBits, layer: layer.rawValue)
                return (best.id, true)
            }
            let id = Int32(location.count)
            let cellKey = (UInt64(bitPattern: cx), UInt64(bitPattern: cy))
            let cellSlot = cells.slot(cellKey.0, cellKey.1, layer: layer.rawValue)
            let bit = occupancyBit(cellKey.0, cellKey.1, layer: layer.rawValue)
            occupiedCells[bit >> 6] |= 1 << UInt64(bit & 63)
            nextInCell.append(cells.value(at: cellSlot) ?? -1)
            cells.insertOrReplace(id, at: cellSlot, cellKey.0, cellKey.1, layer: layer.rawValue)
            exact.insert(id, at: exact.slot(lonBits, latBits, layer: layer.rawValue), lonBits, latBits, layer: layer.rawValue)
            append(p)
            return (id, false)
        }
        let id = Int32(location.count)
        exact.insert(id, at: exactSlot, lonBits, latBits, layer: layer.rawValue)
        append(p)
        return (id, false)
    }

    private mutating func append(_ p: LonLat) {
        location.append(p); uses.append(0); isEnd.append(false)
    }
}

