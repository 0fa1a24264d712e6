import CorridorGeo

/// Counts and totals describing a network, for `corridor info`.
public struct NetworkSummary: Sendable, Equatable {
    /// Number of nodes in each layer.
    public var nodesByLayer: [NetworkLayer: Int]
    /// Number of edges of each kind.
    public var edgesByKind: [EdgeKind: Int]
    /// Kilometres of line edges by `mode/class` (dual-gauge pieces counted once).
    public var kilometresByClass: [String: Double]
    /// Weakly connected components (ignoring arc direction).
    public var componentCount: Int
    /// Number of nodes in the largest component.
    public var largestComponentNodes: Int
    /// [minLon, minLat, maxLon, maxLat] over node locations and geometry; nil for an empty network.
    public var bbox: [Double]?

    /// Computes the summary. O(n + m α(n)).
    public init(_ network: Network) {
        var nodes: [NetworkLayer: Int] = [:]
        for layer in network.nodeLayer { nodes[layer, default: 0] += 1 }
        nodesByLayer = nodes
        var kinds: [EdgeKind: Int] = [:]
        var km: [String: Double] = [:]
        for e in 0..<network.edgeCount {
            kinds[network.edgeKind[e], default: 0] += 1
            guard network.edgeKind[e] == .line else { continue }
            // A dual-gauge twin pair is one physical line: count the rail-1520 half only.
            if network.edgeTwin[e] != UInt32.max, network.nodeLayer[Int(network.edgeSource[e])] == .rail1435 { continue }
            km["\(network.edgeMode[e])/\(network.className(ofEdge: e))", default: 0] += network.edgeLengthMeters[e] / 1000
        }
        edgesByKind = kinds
        kilometresByClass = km
        var parent = Array(0..<network.nodeCount)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for e in 0..<network.edgeCount {
            let a = find(Int(network.edgeSource[e])), b = find(Int(network.edgeTarget[e]))
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var sizes: [Int: Int] = [:]
        for v in 0..<network.nodeCount { sizes[find(v), default: 0] += 1 }
        componentCount = sizes.count
        largestComponentNodes = sizes.values.max() ?? 0
        if network.geometry.isEmpty && network.nodeLocation.isEmpty {
            bbox = nil
        } else {
            var b = [Double.infinity, Double.infinity, -Double.infinity, -Double.infinity]
            for p in network.geometry + network.nodeLocation {
                b[0] = min(b[0], p.lon); b[1] = min(b[1], p.lat); b[2] = max(b[2], p.lon); b[3] = max(b[3], p.lat)
            }
            bbox = b
        }
    }
}
