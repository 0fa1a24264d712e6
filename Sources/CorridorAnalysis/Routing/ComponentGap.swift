import CorridorCore
import CorridorGeo
import CorridorGraph
import CorridorNetwork

/// Where two parts of a network that do not connect come nearest: the closest pair of line vertices of one layer,
/// one in each part. Vertices of one layer closer than the snap tolerance are one node (`NetworkBuildOptions`), so
/// a rebuild with a tolerance of at least `meters` joins the parts there.
public struct ComponentGap: Sendable, Equatable {
    /// The vertex on the first place's side.
    public var from: LonLat
    /// The vertex on the second place's side.
    public var to: LonLat
    /// Distance between them, metres, as the snap tolerance measures it (`NetworkBuildOptions.snapDistanceMeters`).
    public var meters: Double
    /// The layer both vertices are in.
    public var layer: NetworkLayer

    /// Memberwise initializer.
    public init(from: LonLat, to: LonLat, meters: Double, layer: NetworkLayer) {
        self.from = from; self.to = to; self.meters = meters; self.layer = layer
    }

    /// The snap tolerance, in whole metres, that joins the two vertices: the gap rounded up to two significant
    /// digits (so 2,690.4 m gives 2700), never below the gap.
    public var joiningSnapTolerance: Double {
        guard meters > 0 else { return 1 }
        var step = 1.0
        while meters / step >= 100 { step *= 10 }
        return max(1, (meters / step).rounded(.up) * step)
    }

    /// `133.7800°E 45.9300°N`: four decimals (about 10 m), with hemispheres.
    public static func describe(_ p: LonLat) -> String {
        let lon = NumberFormat.fixed(abs(p.lon), decimals: 4) + "°" + (p.lon < 0 ? "W" : "E")
        let lat = NumberFormat.fixed(abs(p.lat), decimals: 4) + "°" + (p.lat < 0 ? "S" : "N")
        return "\(lon) \(lat)"
    }

    /// One clause for an error message: where the parts come nearest and the tolerance that would join them.
    public var description: String {
        let gap = meters >= 1000 ? "\(NumberFormat.trimmed(meters / 1000, decimals: 2)) km" : "\(NumberFormat.trimmed(meters, decimals: 1)) m"
        return "they come nearest in the \(layer) layer between \(ComponentGap.describe(from)) and \(ComponentGap.describe(to)), "
            + "a gap of \(gap) (\(NumberFormat.fixed(meters, decimals: 0)) m); --snap-tolerance \(NumberFormat.fixed(joiningSnapTolerance, decimals: 0)) would join them"
    }

    /// How two places that do not connect are separated.
    public enum Separation: Sendable, Equatable {
        /// They lie in one undirected component: only one-way lines (against the travel direction) keep them apart.
        case oneWay
        /// They lie in different components, nearest at this gap.
        case gap(ComponentGap)
        /// They lie in different components that have no layer in common (snapping cannot join them).
        case noSharedLayer
    }

    /// The closest approach between the undirected component(s) of the nodes `a` and those of `b`, over the edges
    /// `view` leaves open.
    ///
    /// - Complexity: O(n + m) for the components, then O(p log p) for the p line vertices of both sides (a k-d tree
    ///   over the smaller side, one nearest query per vertex of the other).
    public static func nearest(view: NetworkView, between a: [UInt32], and b: [UInt32]) -> Separation {
        let n = view.network
        let g = n.graph, tail = g.tail, inArcs = g.inArcs
        // Undirected reachability over open edges: side 1 from `a`, side 2 from `b`.
        var side = [UInt8](repeating: 0, count: n.nodeCount)
        func mark(_ starts: [UInt32], _ label: UInt8) -> Bool {
            var stack: [UInt32] = []
            for s in starts {
                if side[Int(s)] == label { continue }
                if side[Int(s)] != 0 { return false }
                side[Int(s)] = label; stack.append(s)
            }
            while let v = stack.popLast() {
                func visit(_ w: UInt32) -> Bool {
                    if side[Int(w)] == label { return true }
                    if side[Int(w)] != 0 { return false }
                    side[Int(w)] = label; stack.append(w)
                    return true
                }
                for arc in g.outArcs(of: v) where !view.closedEdge[Int(n.arcEdge[arc])] {
                    if !visit(g.head[arc]) { return false }
                }
                for position in g.inArcPositions(of: v) {
                    let arc = Int(inArcs[position])
                    if !view.closedEdge[Int(n.arcEdge[arc])], !visit(tail[arc]) { return false }
                }
            }
            return true
        }
        guard mark(a, 1), mark(b, 2) else { return .oneWay }

        // Line vertices of each side, per layer.
        var points: [NetworkLayer: (one: [LonLat], two: [LonLat])] = [:]
        for e in 0..<n.edgeCount where n.isLine(e) && !view.closedEdge[e] {
            let s = side[Int(n.edgeSource[e])]
            guard s != 0 else { continue }
            let layer = n.nodeLayer[Int(n.edgeSource[e])]
            let geometry = n.edgeGeometry(e)
            if s == 1 { points[layer, default: ([], [])].one.append(contentsOf: geometry) }
            else { points[layer, default: ([], [])].two.append(contentsOf: geometry) }
        }
        var best: ComponentGap? = nil
        for layer in NetworkLayer.allCases {
            guard let (one, two) = points[layer], !one.isEmpty, !two.isEmpty else { continue }
            // Index the smaller side; query with every vertex of the larger one.
            let indexOne = one.count <= two.count
            let indexed = indexOne ? one : two, queried = indexOne ? two : one
            let index = NearestNodeIndex(longitudes: indexed.map(\.lon), latitudes: indexed.map(\.lat))
            for q in queried {
                guard let hit = index.nearest(longitude: q.lon, latitude: q.lat) else { continue }
                // Nearest on the sphere; measured as snapping measures, so the tolerance reported joins this pair.
                let p = indexed[Int(hit.node)]
                let meters = NetworkBuildOptions.snapDistanceMeters(p, q)
                if best == nil || meters < best!.meters {
                    best = ComponentGap(from: indexOne ? p : q, to: indexOne ? q : p, meters: meters, layer: layer)
                }
            }
        }
        return best.map { .gap($0) } ?? .noSharedLayer
    }
}
