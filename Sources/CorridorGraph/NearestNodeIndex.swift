import Foundation

/// Spatial index over node coordinates (longitude/latitude in degrees) for nearest-node,
/// k-nearest and within-radius queries on a sphere of radius 6,371,008.8 m.
///
/// Points are mapped to unit vectors in 3-D and stored in a k-d tree. Euclidean (chord)
/// distance between unit vectors is a monotone function of great-circle distance, so the
/// search is exact on the sphere, with no special cases at the antimeridian or the poles
/// (longitudes 179.9 and -179.9 are neighbours). Reported distances use the haversine formula.
/// Nodes whose coordinates are not finite are left out of the index.
///
/// Ties at equal distance go to the smaller node id. The index is immutable and `Sendable`.
///
/// Complexity: build O(n log n); nearest O(log n) expected; k-nearest O(k log n) expected;
/// within-radius O(log n + r) expected for r results. Memory O(n).
public struct NearestNodeIndex: Sendable {
    /// Mean Earth radius used for distances, metres.
    public static let earthRadiusMeters = 6_371_008.8

    private let x: [Double], y: [Double], z: [Double]  // in tree order
    private let ids: [UInt32]                           // node id per tree slot
    private let axis: [UInt8]                           // split axis of the subtree whose median is this slot
    private let lonDegrees: [Double], latDegrees: [Double]
    private static let leafSize = 8

    /// Number of indexed nodes.
    public var count: Int { ids.count }

    /// Builds the index; node `i` is at (`longitudes[i]`, `latitudes[i]`) in degrees.
    public init(longitudes: [Double], latitudes: [Double]) {
        precondition(longitudes.count == latitudes.count, "coordinate arrays differ in length")
        precondition(longitudes.count < Int(UInt32.max), "too many nodes")
        lonDegrees = longitudes
        latDegrees = latitudes
        var order = [UInt32]()
        var px = [Double](), py = [Double](), pz = [Double]()
        for i in 0..<longitudes.count where longitudes[i].isFinite && latitudes[i].isFinite {
            let v = NearestNodeIndex.unitVector(lon: longitudes[i], lat: latitudes[i])
            order.append(UInt32(i))
            px.append(v.0); py.append(v.1); pz.append(v.2)
        }
        // Build over slot indices into (px, py, pz), then gather into tree order.
        var slots = Array(0..<order.count)
        var axis = [UInt8](repeating: 0, count: order.count)
        var work: [(Int, Int)] = [(0, slots.count)]
        let coords = [px, py, pz]
        while let (lo, hi) = work.popLast() {
            if hi - lo <= NearestNodeIndex.leafSize { continue }
            var best = 0, bestSpread = -1.0
            for d in 0..<3 {
                var mn = Double.infinity, mx = -Double.infinity
                for i in lo..<hi { let c = coords[d][slots[i]]; mn = min(mn, c); mx = max(mx, c) }
                if mx - mn > bestSpread { bestSpread = mx - mn; best = d }
            }
            let mid = (lo + hi) / 2
            let c = coords[best]
            NearestNodeIndex.select(&slots, lo, hi, mid) { (c[$0], $0) < (c[$1], $1) }
            axis[mid] = UInt8(best)
            work.append((lo, mid))
            work.append((mid + 1, hi))
        }
        x = slots.map { px[$0] }
        y = slots.map { py[$0] }
        z = slots.map { pz[$0] }
        ids = slots.map { order[$0] }
        self.axis = axis
    }

    /// The nearest node to (`longitude`, `latitude`) with its great-circle distance in metres,
    /// or nil when the index is empty.
    public func nearest(longitude: Double, latitude: Double) -> (node: UInt32, distanceMeters: Double)? {
        nearest(k: 1, longitude: longitude, latitude: latitude).first
    }

    /// The `k` nearest nodes, closest first (ties by node id).
    public func nearest(k: Int, longitude: Double, latitude: Double) -> [(node: UInt32, distanceMeters: Double)] {
        if k <= 0 || ids.isEmpty { return [] }
        let q = NearestNodeIndex.unitVector(lon: longitude, lat: latitude)
        var best: [(d2: Double, slot: Int)] = []  // sorted by (d2, id), at most k
        func consider(_ i: Int) {
            let d2 = chord2(i, q)
            if best.count == k {
                let w = best[k - 1]
                if d2 > w.d2 || (d2 == w.d2 && ids[i] > ids[w.slot]) { return }
            }
            var at = best.count
            while at > 0 {
                let p = best[at - 1]
                if p.d2 < d2 || (p.d2 == d2 && ids[p.slot] < ids[i]) { break }
                at -= 1
            }
            best.insert((d2, i), at: at)
            if best.count > k { best.removeLast() }
        }
        func bound() -> Double { best.count < k ? .infinity : best[k - 1].d2 }
        visit(0, ids.count, q, bound: bound, consider)
        return best.map { (ids[$0.slot], distanceMeters(ids[$0.slot], longitude, latitude)) }
    }

    /// All nodes within `radiusMeters` (great-circle) of the point, closest first (ties by id).
    public func within(radiusMeters: Double, longitude: Double, latitude: Double) -> [(node: UInt32, distanceMeters: Double)] {
        if ids.isEmpty || radiusMeters < 0 { return [] }
        let q = NearestNodeIndex.unitVector(lon: longitude, lat: latitude)
        let angle = min(radiusMeters / NearestNodeIndex.earthRadiusMeters, Double.pi)
        let chord = 2 * sin(angle / 2)
        let limit = chord * chord * (1 + 1e-12) + 1e-24  // slack for rounding; exact filter below
        var found: [UInt32] = []
        visit(0, ids.count, q, bound: { limit }) { i in
            if chord2(i, q) <= limit { found.append(ids[i]) }
        }
        return found.map { ($0, distanceMeters($0, longitude, latitude)) }
            .filter { $0.1 <= radiusMeters }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    /// Haversine distance between two points in degrees, metres.
    public static func haversineMeters(lon1: Double, lat1: Double, lon2: Double, lat2: Double) -> Double {
        let rad = Double.pi / 180
        let dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad
        let s = sin(dLat / 2), t = sin(dLon / 2)
        let h = s * s + cos(lat1 * rad) * cos(lat2 * rad) * t * t
        return 2 * earthRadiusMeters * asin(min(1, sqrt(h)))
    }

    // MARK: Internals

    private func distanceMeters(_ node: UInt32, _ lon: Double, _ lat: Double) -> Double {
        NearestNodeIndex.haversineMeters(lon1: lon, lat1: lat, lon2: lonDegrees[Int(node)], lat2: latDegrees[Int(node)])
    }

    private func chord2(_ i: Int, _ q: (Double, Double, Double)) -> Double {
        let dx = x[i] - q.0, dy = y[i] - q.1, dz = z[i] - q.2
        return dx * dx + dy * dy + dz * dz
    }

    /// Visits the slots of `lo..<hi` that may lie within `bound()` (squared chord) of `q`,
    /// nearer half first. Depth is O(log n), so recursion is safe.
    private func visit(_ lo: Int, _ hi: Int, _ q: (Double, Double, Double), bound: () -> Double, _ body: (Int) -> Void) {
        if hi - lo <= NearestNodeIndex.leafSize {
            for i in lo..<hi { body(i) }
            return
        }
        let mid = (lo + hi) / 2
        let qc: Double, mc: Double
        switch axis[mid] {
        case 0: qc = q.0; mc = x[mid]
        case 1: qc = q.1; mc = y[mid]
        default: qc = q.2; mc = z[mid]
        }
        let diff = qc - mc
        let (nearLo, nearHi, farLo, farHi) = diff < 0 ? (lo, mid, mid + 1, hi) : (mid + 1, hi, lo, mid)
        visit(nearLo, nearHi, q, bound: bound, body)
        if diff * diff <= bound() { body(mid) }
        if diff * diff <= bound() { visit(farLo, farHi, q, bound: bound, body) }
    }

    private static func unitVector(lon: Double, lat: Double) -> (Double, Double, Double) {
        let rad = Double.pi / 180
        let cl = cos(lat * rad)
        return (cl * cos(lon * rad), cl * sin(lon * rad), sin(lat * rad))
    }

    /// Quickselect: places the element of rank `k` (by `less`) at `k` within `lo..<hi`, smaller before.
    private static func select(_ a: inout [Int], _ lo: Int, _ hi: Int, _ k: Int, by less: (Int, Int) -> Bool) {
        var lo = lo, hi = hi - 1
        while lo < hi {
            let pivot = a[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while less(a[i], pivot) { i += 1 }
                while less(pivot, a[j]) { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }
}
