import CorridorGeo
import Foundation

// Interim stand-ins for the routing helper's `Endpoint` and `arcWeights(view:metric:)` (branch `routing`).
// When `routing` is merged this file is deleted and the flow code uses those (ONE implementation).

/// Where goods start or end: a gazetteer place, a coordinate, or a network node.
public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
    case place(String)
    case coordinate(LonLat)
    case node(UInt32)

    /// Parses `Vladivostok`, `43.1,131.9` (lat,lon) or `node:123`.
    public init(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasPrefix("node:"), let id = UInt32(t.dropFirst(5)) { self = .node(id); return }
        let parts = t.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count == 2, let lat = Double(parts[0].trimmingCharacters(in: .whitespaces)),
           let lon = Double(parts[1].trimmingCharacters(in: .whitespaces)), abs(lat) <= 90, abs(lon) <= 180 {
            self = .coordinate(LonLat(lon: lon, lat: lat))
            return
        }
        self = .place(t)
    }

    public var description: String {
        switch self {
        case let .place(name): return name
        case let .coordinate(p): return "\(p.lat),\(p.lon)"
        case let .node(id): return "node:\(id)"
        }
    }
}

/// Integer cost per tonne of each arc in milli-units; closed edges get `UInt32.max`.
func flowArcCostWeights(view: NetworkView) -> [UInt32] {
    let n = view.network
    var edgeCost = [UInt32](repeating: UInt32.max, count: n.edgeCount)
    for e in 0..<n.edgeCount where !view.closedEdge[e] {
        let units: Double
        if n.edgeKind[e] == .line {
            let mode = n.edgeMode[e]
            let perKm = n.costModel.perKmByClass["\(mode)/\(n.className(ofEdge: e))"]
                ?? (mode == .road ? n.costModel.perKmRoad : n.costModel.perKmRail)
            units = perKm * n.edgeLengthMeters[e] / 1000
        } else {
            units = n.edgeFixedCost[e]
        }
        let milli = (units * view.costFactor[e] * 1000).rounded()
        edgeCost[e] = milli.isFinite ? UInt32(min(max(milli, 0), Double(UInt32.max - 1))) : UInt32.max - 1
    }
    return n.arcEdge.map { edgeCost[Int($0)] }
}
