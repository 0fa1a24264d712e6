import CorridorGeo
import CorridorNetwork

/// Line parts joined from polylines (see `OutputGeometry(pieces:)`).
struct LineGeometry {
    var parts: [[LonLat]]

    /// Joins polylines in order; a gap of more than about a metre starts a new part.
    init(pieces: [[LonLat]]) {
        var parts: [[LonLat]] = []
        for piece in pieces where !piece.isEmpty {
            if var last = parts.last, let end = last.last {
                if LineGeometry.same(end, piece[0]) {
                    last.append(contentsOf: piece.dropFirst())
                    parts[parts.count - 1] = last
                    continue
                }
            }
            parts.append(piece)
        }
        // Drop consecutive duplicates; a part needs two positions.
        self.parts = parts.map { part in
            var out: [LonLat] = []
            for p in part where out.last.map({ !LineGeometry.same($0, p) }) ?? true { out.append(p) }
            if out.count == 1 { out.append(out[0]) }
            return out
        }
    }

    static func same(_ a: LonLat, _ b: LonLat) -> Bool { abs(a.lon - b.lon) < 1e-7 && abs(a.lat - b.lat) < 1e-7 }
}

extension Network {
    /// Edge `e`'s polyline in the direction of travel over `arc` (connectors without geometry: their two nodes).
    func travelGeometry(arc: UInt32) -> [LonLat] {
        let e = Int(arcEdge[Int(arc)])
        var line = Array(edgeGeometry(e))
        if line.count < 2 {
            line = [nodeLocation[Int(edges.edgeSource[e])], nodeLocation[Int(edges.edgeTarget[e])]]
        }
        return arcForward[Int(arc)] ? line : line.reversed()
    }
}
