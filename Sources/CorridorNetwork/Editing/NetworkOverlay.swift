import CorridorGeo

/// Planned edges to lay over a network (a new bridge, a new road): the rows to append, already joined to existing
/// nodes, and the crossing they form, if any.
public struct EdgeAddition: Sendable, Equatable {
    /// One row per layer the edge runs in, with its polyline (from the row's source node to its target node); two
    /// rows (a dual-gauge rail edge) become twins.
    public var rows: [(row: EdgeTable.Row, geometry: [LonLat])]
    /// When set, the added edges are a border crossing described by this (its `edges` are filled in on overlay).
    public var crossing: CrossingInfo?

    /// An addition of `rows`, forming `crossing` when given.
    public init(rows: [(row: EdgeTable.Row, geometry: [LonLat])], crossing: CrossingInfo? = nil) {
        self.rows = rows; self.crossing = crossing
    }

    /// Additions are equal when their rows, polylines and crossing are.
    public static func == (lhs: EdgeAddition, rhs: EdgeAddition) -> Bool {
        lhs.crossing == rhs.crossing && lhs.rows.count == rhs.rows.count
            && zip(lhs.rows, rhs.rows).allSatisfy { $0.row == $1.row && $0.geometry == $1.geometry }
    }
}

extension Network {
    /// This network with `additions` laid over it: the result shares this network's nodes, node index, edge columns,
    /// geometry and strings (nothing of them is copied) and appends the added edges after the existing ones, so
    /// every existing node and edge id is unchanged and results compare edge by edge. Only the arc index is new
    /// (built from the combined edges, O(n + m) integers): arc ids change.
    /// - Throws: `NetworkBuildError.tooLarge` when the arcs no longer fit 32-bit ids.
    public func overlaying(_ additions: [EdgeAddition]) throws(NetworkBuildError) -> Network {
        if additions.isEmpty { return self }
        var table = edges.extended()
        var crossings = self.crossings
        for addition in additions {
            let ids = addition.rows.map { table.append($0.row, geometry: $0.geometry) }
            if ids.count == 2 { table.setTwins(ids[0], ids[1]) }
            if var crossing = addition.crossing {
                crossing.edges = ids
                crossings.append(crossing)
            }
        }
        table.releaseInterner()
        let (graph, arcEdge, arcForward) = try table.arcs(nodeCount: nodeCount)
        return Network(graph: graph, arcEdge: arcEdge, arcForward: arcForward, nodeLocation: nodeLocation,
                       nodeLayer: nodeLayer, edges: table, places: places, crossings: crossings, terminals: terminals,
                       report: report, costModel: costModel, locator: locator)
    }
}
