/// A directed graph in compressed sparse row form: a struct of parallel arrays with 32-bit ids.
///
/// Arcs are stored sorted by tail, so the arcs leaving node `v` are the ids
/// `firstOut[v] ..< firstOut[v + 1]`, and an arc's id is its position in these arrays.
/// The reverse adjacency (`firstIn`, `inArcs`) lists, for each node, the ids of the arcs
/// entering it, in increasing arc id. The graph is immutable once built and can be shared
/// across threads; query state (distances, heaps, flows) lives in separate query objects.
///
/// Memory: 4·(2n + 3m) bytes plus the arrays' headers (n nodes, m arcs).
public struct CSRGraph: Sendable, Equatable {
    /// `firstOut[v] ..< firstOut[v+1]` are the arc ids leaving `v`; `count == nodeCount + 1`.
    public let firstOut: [UInt32]
    /// Head (target node) of each arc.
    public let head: [UInt32]
    /// Tail (source node) of each arc; non-decreasing.
    public let tail: [UInt32]
    /// `firstIn[v] ..< firstIn[v+1]` index `inArcs`, the ids of the arcs entering `v`.
    public let firstIn: [UInt32]
    /// Arc ids grouped by head, increasing within each group.
    public let inArcs: [UInt32]

    /// Number of nodes.
    public var nodeCount: Int { firstOut.count - 1 }
    /// Number of arcs.
    public var arcCount: Int { head.count }

    /// Builds the graph from arcs already sorted by tail (ties in any order).
    ///
    /// - Precondition: `tails` is non-decreasing, `tails.count == heads.count`, all ids `< nodeCount`,
    ///   and there are fewer than `UInt32.max` arcs and nodes.
    /// - Complexity: O(n + m).
    public init(nodeCount: Int, sortedTails tails: [UInt32], heads: [UInt32]) {
        precondition(tails.count == heads.count, "tails and heads differ in length")
        precondition(nodeCount < Int(UInt32.max) && tails.count < Int(UInt32.max), "graph too large for 32-bit ids")
        var firstOut = [UInt32](repeating: 0, count: nodeCount + 1)
        var previous: UInt32 = 0
        for t in tails {
            precondition(t >= previous, "arcs must be sorted by tail")
            precondition(Int(t) < nodeCount, "tail out of range")
            previous = t
            firstOut[Int(t) + 1] &+= 1
        }
        for v in 0..<nodeCount { firstOut[v + 1] &+= firstOut[v] }
        var firstIn = [UInt32](repeating: 0, count: nodeCount + 1)
        for h in heads {
            precondition(Int(h) < nodeCount, "head out of range")
            firstIn[Int(h) + 1] &+= 1
        }
        for v in 0..<nodeCount { firstIn[v + 1] &+= firstIn[v] }
        var fill = firstIn
        var inArcs = [UInt32](repeating: 0, count: heads.count)
        for (arc, h) in heads.enumerated() {
            inArcs[Int(fill[Int(h)])] = UInt32(arc)
            fill[Int(h)] &+= 1
        }
        self.firstOut = firstOut
        self.head = heads
        self.tail = tails
        self.firstIn = firstIn
        self.inArcs = inArcs
    }

    /// Builds a graph from arcs in any order.
    ///
    /// - Returns: the graph and `order`, where `order[newArcId]` is the index of that arc in the input.
    ///   Arcs are sorted stably by tail, so equal-tail arcs keep their input order (deterministic).
    /// - Complexity: O(n + m) (counting sort).
    public static func build(nodeCount: Int, tails: [UInt32], heads: [UInt32]) -> (graph: CSRGraph, order: [UInt32]) {
        precondition(tails.count == heads.count, "tails and heads differ in length")
        var start = [Int](repeating: 0, count: nodeCount + 1)
        for t in tails { start[Int(t) + 1] += 1 }
        for v in 0..<nodeCount { start[v + 1] += start[v] }
        var order = [UInt32](repeating: 0, count: tails.count)
        for (i, t) in tails.enumerated() {
            order[start[Int(t)]] = UInt32(i)
            start[Int(t)] += 1
        }
        let sortedTails = order.map { tails[Int($0)] }
        let sortedHeads = order.map { heads[Int($0)] }
        return (CSRGraph(nodeCount: nodeCount, sortedTails: sortedTails, heads: sortedHeads), order)
    }

    /// Arc ids leaving `node`.
    @inlinable public func outArcs(of node: UInt32) -> Range<Int> {
        Int(firstOut[Int(node)])..<Int(firstOut[Int(node) + 1])
    }

    /// Positions in `inArcs` of the arcs entering `node`.
    @inlinable public func inArcPositions(of node: UInt32) -> Range<Int> {
        Int(firstIn[Int(node)])..<Int(firstIn[Int(node) + 1])
    }

    /// Out-degree of `node`.
    @inlinable public func outDegree(_ node: UInt32) -> Int { outArcs(of: node).count }
}

extension CSRGraph {
    /// Rebuilds a graph from arrays that were produced by another `CSRGraph` and validated by the caller
    /// (e.g. read back from a network cache). O(1): no re-sorting or re-counting.
    public init(validatedFirstOut firstOut: [UInt32], head: [UInt32], tail: [UInt32], firstIn: [UInt32], inArcs: [UInt32]) {
        self.firstOut = firstOut
        self.head = head
        self.tail = tail
        self.firstIn = firstIn
        self.inArcs = inArcs
    }
}
