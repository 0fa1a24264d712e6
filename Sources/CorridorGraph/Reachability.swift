/// Everything reachable within a distance budget: nodes with their distances, and the arcs
/// leaving reached nodes with the fraction of each arc that lies within the budget (so an
/// isochrone can cut its last edges).
public struct ReachableSet: Sendable, Equatable {
    /// An arc whose tail (head, for a reverse search) is reached.
    public struct ReachedArc: Sendable, Equatable {
        /// Arc id.
        public var arc: UInt32
        /// Share of the arc's weight within the budget, in `[0, 1]`:
        /// `min(1, (budget - distance(tail)) / weight)`, and 1 for zero-weight arcs.
        /// For a reverse search the share is measured from the arc's head backwards.
        public var fractionWithinBudget: Double
        /// Memberwise initializer.
        public init(arc: UInt32, fractionWithinBudget: Double) {
            self.arc = arc
            self.fractionWithinBudget = fractionWithinBudget
        }
    }

    /// Reached nodes in settle order (non-decreasing distance; see `DijkstraQuery`).
    public var nodes: [UInt32]
    /// `distances[i]` is the distance of `nodes[i]` (`<= budget`).
    public var distances: [UInt64]
    /// Open arcs leaving reached nodes, grouped by node in `nodes` order, then by arc id
    /// (for reverse, entering arcs in `inArcs` order).
    public var arcs: [ReachedArc]

    /// Memberwise initializer.
    public init(nodes: [UInt32], distances: [UInt64], arcs: [ReachedArc]) {
        self.nodes = nodes
        self.distances = distances
        self.arcs = arcs
    }
}

extension DijkstraQuery {
    /// Nodes and arcs reachable from `sources` within `budget` (distances to the sources for
    /// `.reverse`). A node is reached iff its shortest distance is `<= budget`.
    ///
    /// - Complexity: O((n' + m') log n') for the reached part; the query's per-node state is left
    ///   describing the run, so `path(to:)` works for reached nodes.
    public func reachable(from sources: [(node: UInt32, initialDistance: UInt64)], within budget: UInt64,
                          weights: [UInt32], direction: Direction = .forward) -> ReachableSet {
        run(sources: sources, weights: weights, direction: direction, budget: budget)
        let nodes = settledNodes
        var distances = [UInt64]()
        distances.reserveCapacity(nodes.count)
        var arcs = [ReachableSet.ReachedArc]()
        let inArcs = direction == .forward ? [] : graph.inArcs
        for u in nodes {
            let du = distance(to: u)
            distances.append(du)
            let slack = budget - du
            let range = direction == .forward ? graph.outArcs(of: u) : graph.inArcPositions(of: u)
            for p in range {
                let a = direction == .forward ? p : Int(inArcs[p])
                let w = weights[a]
                if w == .max { continue }
                let fraction = w == 0 || UInt64(w) <= slack ? 1.0 : Double(slack) / Double(w)
                arcs.append(.init(arc: UInt32(a), fractionWithinBudget: fraction))
            }
        }
        return ReachableSet(nodes: nodes, distances: distances, arcs: arcs)
    }
}
