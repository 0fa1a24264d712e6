import CorridorGeo
import CorridorGraph

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
        var nodeCounts = [Int](repeating: 0, count: NetworkLayer.allCases.count)
        for layer in network.nodeLayer { nodeCounts[Int(layer.rawValue)] += 1 }
        for layer in NetworkLayer.allCases where nodeCounts[Int(layer.rawValue)] > 0 { nodes[layer] = nodeCounts[Int(layer.rawValue)] }
        nodesByLayer = nodes
        // Counted and summed per (mode, class string index): each `mode/class` key has exactly one such pair (strings
        // are interned), so every key's sum adds the same lengths in the same edge order as summing by key.
        var kindCounts = [Int](repeating: 0, count: 256)
        let classCount = network.strings.count
        var kmByModeClass = [Double](repeating: 0, count: 2 * classCount)
        var seenModeClass = [Bool](repeating: false, count: 2 * classCount)
        for e in 0..<network.edgeCount {
            kindCounts[Int(network.edgeKind[e].rawValue)] += 1
            guard network.edgeKind[e] == .line else { continue }
            // A dual-gauge twin pair is one physical line: count the rail-1520 half only.
            if network.edgeTwin[e] != UInt32.max, network.nodeLayer[Int(network.edgeSource[e])] == .rail1435 { continue }
            let slot = Int(network.edgeMode[e].rawValue) * classCount + Int(network.edgeClass[e])
            kmByModeClass[slot] += network.edgeLengthMeters[e] / 1000
            seenModeClass[slot] = true
        }
        var kinds: [EdgeKind: Int] = [:]
        for (raw, count) in kindCounts.enumerated() where count > 0 { kinds[EdgeKind(rawValue: UInt8(raw))!] = count }
        var km: [String: Double] = [:]
        for slot in seenModeClass.indices where seenModeClass[slot] {
            let mode = TransportMode(rawValue: UInt8(slot / classCount))!
            km["\(mode)/\(network.strings[slot % classCount])"] = kmByModeClass[slot]
        }
        edgesByKind = kinds
        kilometresByClass = km
        let components = ConnectedComponents.weak(network.graph)
        componentCount = components.count
        largestComponentNodes = components.sizes.first ?? 0
        var b = [Double.infinity, Double.infinity, -Double.infinity, -Double.infinity]
        var anyPoint = false
        func add(_ p: LonLat) {
            anyPoint = true
            b[0] = min(b[0], p.lon); b[1] = min(b[1], p.lat); b[2] = max(b[2], p.lon); b[3] = max(b[3], p.lat)
        }
        network.edges.polylines.forEachPoint(add)
        for p in network.nodeLocation { add(p) }
        bbox = anyPoint ? b : nil
    }
}
