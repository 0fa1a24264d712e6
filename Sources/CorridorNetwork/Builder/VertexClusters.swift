import CorridorGeo
import Foundation

/// Vertex clusters per layer, computed by sorting.
///
/// The vertex occurrences are the vertices of the instances in order (instance `k` is line `instanceLine[k]`'s
/// vertices in layer `instanceLayer[k]`). The clustering is greedy in that order, so deterministic:
/// - an occurrence whose coordinate (in its layer; −0 and +0 are one coordinate) occurred before takes that
///   coordinate's cluster;
/// - otherwise it joins the nearest cluster representative (the coordinate that started the cluster) of its layer
///   within the tolerance (`NetworkBuildOptions.snapDistanceMeters`; ties: lowest cluster id) whose grid cell is one
///   of the 3 × 3 cells around the occurrence, and is "snapped";
/// - otherwise it starts a cluster: ids in order of creation.
///
/// Grid rows are `tolerance` metres of latitude high; each row's cells are at least `tolerance` metres wide at every
/// latitude inside the row (their width in degrees uses the row's poleward edge), so all points within the tolerance
/// of a point lie in the 3 × 3 cells around it, whatever the longitude. A representative's cell is the one it lies
/// in; an occurrence probes, in each of its row and the rows above and below, the column it would lie in and the
/// columns either side.
///
/// How, without hash tables over all vertices (which were the build's peak memory and its cache misses):
/// 1. One `UInt64` per occurrence: a hash of its coordinate bits and layer in the high bits, the layer, then the
///    occurrence index in the low bits; sorted in place (`radixSort`, MSD radix). Runs of equal hash and layer are
///    compared coordinate by coordinate (a hash collision splits a run), so each occurrence finds the first
///    occurrence of its coordinate; distinct coordinates are numbered in order of first occurrence.
/// 2. With a tolerance, one `UInt64` per distinct coordinate: a hash of its grid cell and layer, then its number;
///    sorted, a cell's coordinates are one run, found by binary search (an occupancy bitset of the cells holding a
///    representative skips the empty ones without a search). The distinct coordinates are then decided in order:
///    each looks at the representatives created before it in the 3 × 3 cells (a chain per run), which is exactly
///    what the greedy order sees.
///
/// Memory: 8 bytes per occurrence while step 1 sorts (plus the 4-byte result per occurrence), about 30 bytes per
/// distinct coordinate in step 2. `VertexClustersTests` checks the result against the greedy hash-table clustering
/// this replaced and against a brute force.
struct VertexClusters {
    /// The snap tolerance in metres (0: only equal coordinates merge).
    let tolerance: Double
    /// Representative location of each cluster (the coordinate of its first occurrence), by cluster id.
    private(set) var location: [LonLat] = []
    /// Cluster of each occurrence, in occurrence order (the caller may take the array and reuse it).
    var occurrenceCluster: [Int32] = []
    /// Bit `o` set: occurrence `o` is the first of its coordinate and joined a cluster at another coordinate.
    private var snappedFirst: [UInt64] = []
    /// Number of clusters.
    var count: Int { location.count }

    /// Whether occurrence `o` was merged into a cluster at a different coordinate (only the first occurrence of a
    /// coordinate counts as snapped; later ones find the coordinate itself).
    @inline(__always) func snapped(_ o: Int) -> Bool { snappedFirst[o >> 6] & (1 << UInt64(o & 63)) != 0 }

    /// Clusters the occurrences of `coordinates` that the instances list (`lineStart[l] ..< lineStart[l + 1]` are
    /// line `l`'s coordinates). The number of occurrences must be below `Int32.max`.
    init(tolerance: Double, coordinates: UnsafeBufferPointer<LonLat>, lineStart: [Int], instanceLine: [UInt32],
         instanceLayer: [NetworkLayer]) {
        self.tolerance = tolerance.isFinite ? max(0, tolerance) : 0
        precondition(instanceLine.count == instanceLayer.count)
        var n = 0
        for k in 0..<instanceLine.count { n += lineStart[Int(instanceLine[k]) + 1] - lineStart[Int(instanceLine[k])] }
        precondition(n < Int(Int32.max))
        if n == 0 { return }
        let occurrences = OccurrenceMap(lineStart: lineStart, instanceLine: instanceLine)

        // 1. Exact coordinates. `leader[o]`: the first occurrence of o's coordinate, then (below) its distinct number.
        let indexBits = VertexClusters.bitWidth(n)
        let lowMask = (UInt64(1) << UInt64(indexBits + 2)) &- 1
        var leader = [Int32](repeating: 0, count: n)
        do {
            var keys = [UInt64](unsafeUninitializedCapacity: n) { buffer, initialized in
                var o = 0
                for k in 0..<instanceLine.count {
                    let layer = UInt64(instanceLayer[k].rawValue)
                    for j in lineStart[Int(instanceLine[k])] ..< lineStart[Int(instanceLine[k]) + 1] {
                        let p = coordinates[j]
                        let h = UInt64(bitPattern: Int64(VertexClusters.hash((p.lon + 0).bitPattern, (p.lat + 0).bitPattern, layer)))
                        buffer[o] = (h & ~lowMask) | layer << UInt64(indexBits) | UInt64(o)
                        o += 1
                    }
                }
                initialized = n
            }
            keys.withUnsafeMutableBufferPointer { keys in
                VertexClusters.radixSort(keys)
                let indexMask = (UInt64(1) << UInt64(indexBits)) &- 1
                leader.withUnsafeMutableBufferPointer { leader in
                    var s = 0
                    while s < n {
                        let group = keys[s] >> UInt64(indexBits)
                        var e = s + 1
                        while e < n && keys[e] >> UInt64(indexBits) == group { e += 1 }
                        let first = Int(keys[s] & indexMask)
                        leader[first] = Int32(first)
                        if e - s > 1 {
                            // Sorted by occurrence within the group; equal hashes need not be equal coordinates.
                            let c = VertexClusters.bits(coordinates[occurrences.coordinate(first)])
                            var mixed = false
                            for i in (s + 1)..<e {
                                let o = Int(keys[i] & indexMask)
                                if VertexClusters.bits(coordinates[occurrences.coordinate(o)]) != c { mixed = true; break }
                                leader[o] = Int32(first)
                            }
                            if mixed {
                                // A hash collision: order the group by coordinate, then occurrence.
                                var run = UnsafeMutableBufferPointer(rebasing: keys[s..<e])
                                run.sort { a, b in
                                    let oa = Int(a & indexMask), ob = Int(b & indexMask)
                                    let ca = VertexClusters.bits(coordinates[occurrences.coordinate(oa)])
                                    let cb = VertexClusters.bits(coordinates[occurrences.coordinate(ob)])
                                    return ca != cb ? ca < cb : oa < ob
                                }
                                var i = 0
                                while i < run.count {
                                    let head = Int(run[i] & indexMask)
                                    let ch = VertexClusters.bits(coordinates[occurrences.coordinate(head)])
                                    leader[head] = Int32(head)
                                    i += 1
                                    while i < run.count {
                                        let o = Int(run[i] & indexMask)
                                        if VertexClusters.bits(coordinates[occurrences.coordinate(o)]) != ch { break }
                                        leader[o] = Int32(head); i += 1
                                    }
                                }
                            }
                        }
                        s = e
                    }
                }
            }
        }
        // Distinct coordinates in order of first occurrence; a leader precedes its followers, so one pass numbers them.
        var distinctCoordinate: [UInt32] = [], distinctLayer: [NetworkLayer] = []
        leader.withUnsafeMutableBufferPointer { leader in
            var o = 0
            for k in 0..<instanceLine.count {
                let layer = instanceLayer[k]
                for j in lineStart[Int(instanceLine[k])] ..< lineStart[Int(instanceLine[k]) + 1] {
                    let l = Int(leader[o])
                    if l == o {
                        leader[o] = Int32(distinctCoordinate.count)
                        distinctCoordinate.append(UInt32(j)); distinctLayer.append(layer)
                    } else {
                        leader[o] = leader[l]
                    }
                    o += 1
                }
            }
        }

        // 2. Clusters of the distinct coordinates.
        let clusterOf = clusterDistinct(coordinates, distinctCoordinate, distinctLayer)

        // The result, in place: a first occurrence is the one whose distinct number is the next new one.
        var snapped = [UInt64](repeating: 0, count: (n + 63) / 64)
        let representative = self.representative
        var nextDistinct: Int32 = 0
        leader.withUnsafeMutableBufferPointer { leader in
            for o in 0..<n {
                let d = leader[o]
                let c = clusterOf[Int(d)]
                if d == nextDistinct {
                    nextDistinct += 1
                    if representative[Int(c)] != UInt32(d) { snapped[o >> 6] |= 1 << UInt64(o & 63) }
                }
                leader[o] = c
            }
        }
        snappedFirst = snapped
        self.representative = []
        occurrenceCluster = leader
    }

    /// The distinct coordinate that started each cluster.
    private var representative: [UInt32] = []

    /// Step 2: the cluster of each distinct coordinate (numbered in order of first occurrence); fills `location` and
    /// `representative`.
    private mutating func clusterDistinct(_ coordinates: UnsafeBufferPointer<LonLat>, _ distinctCoordinate: [UInt32],
                                          _ distinctLayer: [NetworkLayer]) -> [Int32] {
        let count = distinctCoordinate.count
        var clusterOf = [Int32](repeating: -1, count: count)
        guard tolerance > 0 else {
            location = distinctCoordinate.map { coordinates[Int($0)] }
            representative = Array(0..<UInt32(count))
            for d in 0..<count { clusterOf[d] = Int32(d) }
            return clusterOf
        }
        let indexBits = VertexClusters.bitWidth(count)
        let indexMask = (UInt64(1) << UInt64(indexBits)) &- 1
        // Cell keys, sorted: a cell's distinct coordinates form a run (with any cell of an equal hash).
        var keys = [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            for d in 0..<count {
                let p = coordinates[Int(distinctCoordinate[d])]
                let row = self.row(p)
                let h = cellHash(column: column(p, width: cellWidthDegrees(row: row)), row: row, layer: distinctLayer[d])
                buffer[d] = (h & ~indexMask) | UInt64(d)
            }
            initialized = count
        }
        keys.withUnsafeMutableBufferPointer { VertexClusters.radixSort($0) }
        // The run (its first position) of each distinct coordinate.
        var runOf = [UInt32](repeating: 0, count: count)
        var s = 0
        while s < count {
            var e = s
            while e < count && keys[e] & ~indexMask == keys[s] & ~indexMask { runOf[Int(keys[e] & indexMask)] = UInt32(s); e += 1 }
            s = e
        }
        // The representatives of each run, newest first: `head[run]`, then `nextRepresentative`.
        var head = [Int32](repeating: -1, count: count)
        var nextRepresentative = [Int32](repeating: -1, count: count)
        var occupancyBits = 1 << 16
        while occupancyBits < 16 * count && occupancyBits < 1 << 34 { occupancyBits <<= 1 }
        var occupied = [UInt64](repeating: 0, count: occupancyBits / 64)
        let occupancyMask = occupancyBits - 1

        keys.withUnsafeBufferPointer { keys in
            // The first position of the run of cells hashing to `h`, or nil.
            func run(_ h: UInt64) -> Int? {
                let target = h & ~indexMask
                var lo = 0, hi = count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if keys[mid] < target { lo = mid + 1 } else { hi = mid }
                }
                return lo < count && keys[lo] & ~indexMask == target ? lo : nil
            }
            for d in 0..<count {
                let p = coordinates[Int(distinctCoordinate[d])], layer = distinctLayer[d]
                let cy = row(p)
                var best: (distance: Double, id: Int32)? = nil
                var ownCell: (column: Int64, hash: UInt64) = (0, 0)
                for dy: Int64 in -1...1 {
                    // Each row has its own cell width, so the column is computed per row.
                    let r = cy &+ dy
                    let width = cellWidthDegrees(row: r)
                    let column = column(p, width: width)
                    for dx: Int64 in -1...1 {
                        let h = cellHash(column: column &+ dx, row: r, layer: layer)
                        if dy == 0 && dx == 0 { ownCell = (column, h) }
                        let bit = Int(truncatingIfNeeded: h) & occupancyMask
                        if occupied[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { continue }
                        guard let start = dy == 0 && dx == 0 ? Int(runOf[d]) : run(h) else { continue }
                        var q = head[start]
                        while q >= 0 {
                            let location = coordinates[Int(distinctCoordinate[Int(q)])]
                            // The run may hold other cells of an equal hash: only this cell's representatives count.
                            if distinctLayer[Int(q)] == layer, row(location) == r, self.column(location, width: width) == column &+ dx {
                                let distance = NetworkBuildOptions.snapDistanceMeters(location, p)
                                let id = clusterOf[Int(q)]
                                if distance <= tolerance, best.map({ (distance, id) < ($0.distance, $0.id) }) ?? true {
                                    best = (distance, id)
                                }
                            }
                            q = nextRepresentative[Int(q)]
                        }
                    }
                }
                if let best {
                    clusterOf[d] = best.id
                } else {
                    clusterOf[d] = Int32(location.count)
                    location.append(p); representative.append(UInt32(d))
                    let start = Int(runOf[d])
                    nextRepresentative[d] = head[start]; head[start] = Int32(d)
                    let bit = Int(truncatingIfNeeded: ownCell.hash) & occupancyMask
                    occupied[bit >> 6] |= 1 << UInt64(bit & 63)
                }
            }
        }
        return clusterOf
    }

    // MARK: - Grid

    private var rowHeightDegrees: Double { tolerance / 110_574 }

    @inline(__always) private func row(_ p: LonLat) -> Int64 { Int64((p.lat / rowHeightDegrees).rounded(.down)) }

    @inline(__always) private func column(_ p: LonLat, width: Double) -> Int64 { Int64((p.lon / width).rounded(.down)) }

    @inline(__always) private func cellWidthDegrees(row: Int64) -> Double {
        let h = rowHeightDegrees
        let poleward = max(abs(Double(row) * h), abs(Double(row + 1) * h))
        return tolerance / (111_320 * max(cos(min(poleward, 90) * .pi / 180), 0.01))
    }

    @inline(__always) private func cellHash(column: Int64, row: Int64, layer: NetworkLayer) -> UInt64 {
        UInt64(bitPattern: Int64(VertexClusters.hash(UInt64(bitPattern: column), UInt64(bitPattern: row), UInt64(layer.rawValue))))
    }

    // MARK: - Helpers

    /// A coordinate's bits with −0 as +0, ordered lexicographically.
    @inline(__always) private static func bits(_ p: LonLat) -> (UInt64, UInt64) { ((p.lon + 0).bitPattern, (p.lat + 0).bitPattern) }

    /// Bits needed for the values 0 ..< n (at least 1).
    private static func bitWidth(_ n: Int) -> Int { n <= 2 ? 1 : Int.bitWidth - (n - 1).leadingZeroBitCount }

    /// splitmix64's finalizer over a combination of the key words (as `IntegerPairTable.hash`).
    @inline(__always) static func hash(_ a: UInt64, _ b: UInt64, _ layer: UInt64) -> Int {
        IntegerPairTable.hash(a, b, UInt8(truncatingIfNeeded: layer))
    }

    /// Sorts `keys` ascending, in place: most-significant-digit radix sort on 8-bit digits (American flag sort), with
    /// insertion sort for short ranges. O(n · key bytes) worst case, no extra memory but 4 KB of stack per level.
    static func radixSort(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        guard let base = keys.baseAddress, keys.count > 1 else { return }
        radixSort(base, keys.count, shift: 56)
    }

    private static func radixSort(_ a: UnsafeMutablePointer<UInt64>, _ n: Int, shift: UInt64) {
        if n <= 48 {
            for i in 1..<n {
                let v = a[i]
                var j = i
                while j > 0 && a[j - 1] > v { a[j] = a[j - 1]; j -= 1 }
                a[j] = v
            }
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 512) { table in
            let end = table.baseAddress!, next = table.baseAddress! + 256
            for b in 0..<256 { end[b] = 0 }
            for i in 0..<n { end[Int((a[i] >> shift) & 255)] += 1 }
            var sum = 0, largest = 0
            for b in 0..<256 { next[b] = sum; largest = max(largest, end[b]); sum += end[b]; end[b] = sum }
            if largest < n {
                // Cycle each key to its bucket.
                for b in 0..<256 {
                    while next[b] < end[b] {
                        var v = a[next[b]]
                        var d = Int((v >> shift) & 255)
                        while d != b {
                            let displaced = a[next[d]]
                            a[next[d]] = v; next[d] += 1
                            v = displaced; d = Int((v >> shift) & 255)
                        }
                        a[next[b]] = v; next[b] += 1
                    }
                }
            }
            guard shift > 0 else { return }
            var start = 0
            for b in 0..<256 {
                if end[b] - start > 1 { radixSort(a + start, end[b] - start, shift: shift - 8) }
                start = end[b]
            }
        }
    }
}

/// Occurrence → coordinate index: instance `k`'s occurrences map to line `instanceLine[k]`'s coordinates, one to one
/// in order. Stored as the breakpoints where the offset (coordinate − occurrence) changes, which for a build's
/// instances is only around dual-gauge lines (their second instance repeats the coordinates).
private struct OccurrenceMap {
    private var breakOccurrence: [Int] = []
    private var breakOffset: [Int] = []

    init(lineStart: [Int], instanceLine: [UInt32]) {
        var o = 0
        for k in 0..<instanceLine.count {
            let lo = lineStart[Int(instanceLine[k])], hi = lineStart[Int(instanceLine[k]) + 1]
            if hi > lo {
                if breakOffset.last != lo - o { breakOccurrence.append(o); breakOffset.append(lo - o) }
                o += hi - lo
            }
        }
    }

    @inline(__always) func coordinate(_ o: Int) -> Int {
        if breakOffset.count == 1 { return o + breakOffset[0] }
        var lo = 0, hi = breakOccurrence.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if breakOccurrence[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        return o + breakOffset[lo]
    }
}
