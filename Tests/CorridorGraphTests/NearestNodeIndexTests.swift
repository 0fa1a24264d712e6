import Testing
@testable import CorridorGraph

@Suite struct NearestNodeIndexTests {
    func randomPoints(_ rng: inout SplitMix64, _ n: Int, lonRange: ClosedRange<Double>, latRange: ClosedRange<Double>) -> ([Double], [Double]) {
        func uniform(_ r: ClosedRange<Double>) -> Double { r.lowerBound + (r.upperBound - r.lowerBound) * Double(rng.next() >> 11) / Double(1 << 53) }
        return ((0..<n).map { _ in uniform(lonRange) }, (0..<n).map { _ in uniform(latRange) })
    }

    func scan(_ lons: [Double], _ lats: [Double], _ lon: Double, _ lat: Double) -> [(UInt32, Double)] {
        (0..<lons.count).map { (UInt32($0), NearestNodeIndex.haversineMeters(lon1: lon, lat1: lat, lon2: lons[$0], lat2: lats[$0])) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    @Test func matchesLinearScan() {
        var rng = SplitMix64(seed: 51)
        let regions: [(ClosedRange<Double>, ClosedRange<Double>)] = [
            (129...135, 40...46),       // the study area
            (-180...180, -90...90),     // whole globe, poles included
            (179.5...180, -10...10),    // east of the antimeridian
        ]
        for round in 0..<60 {
            let (lonR, latR) = regions[round % regions.count]
            let n = rng.below(600)
            var (lons, lats) = randomPoints(&rng, n, lonRange: lonR, latRange: latR)
            if round % 3 == 2 {  // mix in points just west of the antimeridian
                for i in stride(from: 0, to: n, by: 2) { lons[i] -= 360 - 0.5 }
            }
            let index = NearestNodeIndex(longitudes: lons, latitudes: lats)
            #expect(index.count == n)
            for _ in 0..<30 {
                let (ql, qa) = randomPoints(&rng, 1, lonRange: lonR, latRange: latR)
                let ref = scan(lons, lats, ql[0], qa[0])
                let near = index.nearest(longitude: ql[0], latitude: qa[0])
                if n == 0 { #expect(near == nil); continue }
                #expect(abs(near!.distanceMeters - ref[0].1) < 1e-6)
                let k = 1 + rng.below(10)
                let kn = index.nearest(k: k, longitude: ql[0], latitude: qa[0])
                #expect(kn.count == min(k, n))
                for (i, e) in kn.enumerated() { #expect(abs(e.distanceMeters - ref[i].1) < 1e-6) }
                let radius = [1_000.0, 20_000.0, 150_000.0][rng.below(3)]
                let within = index.within(radiusMeters: radius, longitude: ql[0], latitude: qa[0])
                #expect(within.map(\.node) == ref.filter { $0.1 <= radius }.map(\.0))
            }
        }
    }

    @Test func antimeridianNeighboursAndEmptyIndex() {
        let index = NearestNodeIndex(longitudes: [179.99, -179.99, 170, .nan], latitudes: [50, 50, 50, 0])
        #expect(index.count == 3)  // the NaN node is left out
        let n = index.nearest(longitude: -179.999, latitude: 50)!
        #expect(n.node == 1)
        let both = index.within(radiusMeters: 2_000, longitude: 180, latitude: 50)
        #expect(both.map(\.node).sorted() == [0, 1])
        let empty = NearestNodeIndex(longitudes: [], latitudes: [])
        #expect(empty.nearest(longitude: 0, latitude: 0) == nil)
        #expect(empty.within(radiusMeters: 1e9, longitude: 0, latitude: 0).isEmpty)
        // One degree of latitude is about 111.2 km on this sphere.
        let d = NearestNodeIndex.haversineMeters(lon1: 0, lat1: 0, lon2: 0, lat2: 1)
        #expect(abs(d - 6_371_008.8 * .pi / 180) < 1e-6)
    }
}
