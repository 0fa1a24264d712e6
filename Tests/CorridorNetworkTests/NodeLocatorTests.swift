import CorridorGeo
import CorridorGraph
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorNetwork

@Suite("Node locator") struct NodeLocatorTests {
    /// The indexed nearest usable node equals a linear geodesic scan, for random points and random closures
    /// (including layers where almost everything is closed, which exercises the scan fallback).
    @Test func matchesALinearGeodesicScan() throws {
        let network = try RoutingTestNetworks.randomGrid(seed: 7, size: 30)
        var rng = SplitMix64(seed: 11)
        for trial in 0..<200 {
            let openShare = [0.9, 0.5, 0.01][trial % 3]
            let usable = (0..<network.nodeCount).map { _ in rng.unit() < openShare }
            let p = LonLat(lon: 129.9 + rng.unit() * 1.8, lat: 42.9 + rng.unit() * 1.8)
            for layer in NetworkLayer.allCases {
                let got = network.locator.nearest(to: p, layer: layer, in: network) { usable[$0] }
                var want: (node: UInt32, distance: Double)?
                for v in 0..<network.nodeCount where network.nodeLayer[v] == layer && usable[v] {
                    let d = Geodesic.distance(p, network.nodeLocation[v])
                    if want == nil || (d, UInt32(v)) < (want!.distance, want!.node) { want = (UInt32(v), d) }
                }
                #expect(got?.node == want?.node, "trial \(trial) layer \(layer)")
            }
        }
    }
}
