import CorridorGeo
import CorridorGraph
import Foundation

/// Per-layer spatial indexes over a network's node locations (k-d trees on the unit sphere), built on first use
/// and shared by every copy of the network value, so snapping a place to the network is O(log n) instead of a scan.
public final class NodeLocator: @unchecked Sendable {
    private let lock = NSLock()
    private var layers: [(index: NearestNodeIndex, nodes: [UInt32])]?

    /// An empty locator; the indexes are built on first use.
    public init() {}

    /// The index of each layer (by `NetworkLayer.rawValue`) and the network node of each index entry.
    package func layerIndexes(_ network: Network) -> [(index: NearestNodeIndex, nodes: [UInt32])] {
        lock.lock()
        defer { lock.unlock() }
        if let layers { return layers }
        var built: [(index: NearestNodeIndex, nodes: [UInt32])] = []
        for layer in NetworkLayer.allCases {
            var nodes: [UInt32] = [], lons: [Double] = [], lats: [Double] = []
            for v in 0..<network.nodeCount where network.nodeLayer[v] == layer {
                nodes.append(UInt32(v))
                lons.append(network.nodeLocation[v].lon)
                lats.append(network.nodeLocation[v].lat)
            }
            built.append((NearestNodeIndex(longitudes: lons, latitudes: lats), nodes))
        }
        layers = built
        return built
    }

    /// Candidates examined through the tree before a layer falls back to a scan (when most nodes are closed).
    static let treeCandidateLimit = 4096

    /// The geodesic nearest node of `layer` accepted by `usable`, ties broken by node id.
    ///
    /// The tree ranks by spherical distance; the WGS84 geodesic differs from it by less than 0.34 % (the
    /// flattening), so every node within (1 + 2 × 0.0034) × the spherical distance of the nearest usable one is
    /// measured exactly with PROJ and the geodesic minimum wins. O(log n) typically; O(n) when the tree's first
    /// few thousand candidates are all closed.
    package func nearest(to p: LonLat, layer: NetworkLayer, in network: Network,
                 usable: (Int) -> Bool) -> (node: UInt32, distance: Double)? {
        let (index, nodes) = layerIndexes(network)[Int(layer.rawValue)]
        if nodes.isEmpty { return nil }
        var sphericalNearest: Double?
        var k = 8
        while sphericalNearest == nil {
            let candidates = index.nearest(k: min(k, nodes.count), longitude: p.lon, latitude: p.lat)
            if let first = candidates.first(where: { usable(Int(nodes[Int($0.node)])) }) {
                sphericalNearest = first.distanceMeters
            } else if k >= nodes.count || k >= NodeLocator.treeCandidateLimit {
                break
            } else {
                k *= 8
            }
        }
        var best: (node: UInt32, distance: Double)?
        func consider(_ v: UInt32) {
            let d = Geodesic.distance(p, network.nodeLocation[Int(v)])
            if let b = best, (b.distance, b.node) <= (d, v) { return }
            best = (v, d)
        }
        if let r = sphericalNearest {
            for c in index.within(radiusMeters: r * 1.0068 + 1, longitude: p.lon, latitude: p.lat) {
                let v = nodes[Int(c.node)]
                if usable(Int(v)) { consider(v) }
            }
        } else {
            for v in nodes where usable(Int(v)) { consider(v) }
        }
        return best
    }

    /// Every node (any layer) within `radiusMeters` (geodesic) of `p`, sorted by id.
    package func nodes(within radiusMeters: Double, of p: LonLat, in network: Network) -> [UInt32] {
        var out: [UInt32] = []
        for (index, nodes) in layerIndexes(network) where !nodes.isEmpty {
            // Spherical candidates with the flattening margin, then the exact geodesic test.
            for c in index.within(radiusMeters: radiusMeters * 1.0068 + 1, longitude: p.lon, latitude: p.lat) {
                let v = nodes[Int(c.node)]
                if Geodesic.distance(p, network.nodeLocation[Int(v)]) <= radiusMeters { out.append(v) }
            }
        }
        return out.sorted()
    }
}
