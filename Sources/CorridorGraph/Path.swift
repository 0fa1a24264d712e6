/// A path in a `CSRGraph`: the arcs it traverses, the nodes it visits, and its length.
///
/// `nodes.count == arcs.count + 1`; `arcs[i]` goes from `nodes[i]` to `nodes[i + 1]`.
/// A path from a node to itself has no arcs and one node. `length` is the sum of the
/// weights the path was computed with (for penalised searches, the unpenalised weights).
public struct Path: Sendable, Equatable, Hashable {
    /// Arc ids in travel order.
    public var arcs: [UInt32]
    /// Node ids in travel order, first the start, last the end.
    public var nodes: [UInt32]
    /// Sum of the arc weights.
    public var length: UInt64

    /// Memberwise initializer; `nodes.count` must be `arcs.count + 1`.
    public init(arcs: [UInt32], nodes: [UInt32], length: UInt64) {
        self.arcs = arcs
        self.nodes = nodes
        self.length = length
    }

    /// First node.
    public var start: UInt32 { nodes[0] }
    /// Last node.
    public var end: UInt32 { nodes[nodes.count - 1] }

    /// Orders by length, then arcs lexicographically (the library's deterministic path order).
    public static func precedes(_ a: Path, _ b: Path) -> Bool {
        if a.length != b.length { return a.length < b.length }
        return a.arcs.lexicographicallyPrecedes(b.arcs)
    }
}

extension CSRGraph {
    /// Builds the path that follows `arcs` starting at `start`, with length the sum of `weights`.
    ///
    /// - Precondition: the arcs are contiguous (each starts where the previous one ends).
    /// - Complexity: O(arcs.count).
    public func path(start: UInt32, arcs: [UInt32], weights: [UInt32]) -> Path {
        var nodes = [UInt32]()
        nodes.reserveCapacity(arcs.count + 1)
        nodes.append(start)
        var length: UInt64 = 0
        var at = start
        for a in arcs {
            precondition(tail[Int(a)] == at, "arcs are not contiguous")
            at = head[Int(a)]
            nodes.append(at)
            length += UInt64(weights[Int(a)])
        }
        return Path(arcs: arcs, nodes: nodes, length: length)
    }
}
