import Foundation

/// A directed graph in compressed sparse row form: a struct of parallel arrays with 32-bit ids.
///
/// Arcs are stored sorted by tail, so the arcs leaving node `v` are the ids
/// `firstOut[v] ..< firstOut[v + 1]`, and an arc's id is its position in these arrays.
/// The reverse adjacency (`firstIn`, `inArcs`) lists, for each node, the ids of the arcs
/// entering it, in increasing arc id. The graph is immutable once built and can be shared
/// across threads; query state (distances, heaps, flows) lives in separate query objects.
///
/// Memory: 4·(n + m) bytes retained (`firstOut`, `head`). `tail`, `firstIn` and `inArcs` are derived from them
/// on first use (O(n + m), once per graph and its copies, thread-safe) and then held with it, 4·(n + 2m) bytes
/// more: a loaded network that is only described, exported or searched forward never builds them. Each read of
/// them takes a lock, so hot loops read the array once (`let tail = graph.tail`) and index that.
public struct CSRGraph: Sendable, Equatable {
    /// `firstOut[v] ..< firstOut[v+1]` are the arc ids leaving `v`; `count == nodeCount + 1`.
    public let firstOut: [UInt32]
    /// Head (target node) of each arc.
    public let head: [UInt32]
    /// The derived arrays, built on first use and shared by copies of the graph.
    private let reverse: ReverseAdjacency

    /// Tail (source node) of each arc; non-decreasing. Derived on first use (see the type's note).
    public var tail: [UInt32] { reverse.arrays(firstOut: firstOut, head: head).tail }
    /// `firstIn[v] ..< firstIn[v+1]` index `inArcs`, the ids of the arcs entering `v`. Derived on first use.
    public var firstIn: [UInt32] { reverse.arrays(firstOut: firstOut, head: head).firstIn }
    /// Arc ids grouped by head, increasing within each group. Derived on first use.
    public var inArcs: [UInt32] { reverse.arrays(firstOut: firstOut, head: head).inArcs }
    /// Whether the derived arrays (`tail`, `firstIn`, `inArcs`) have been built (for memory accounting and tests).
    public var hasReverseAdjacency: Bool { reverse.isBuilt }

    /// Number of nodes.
    public var nodeCount: Int { firstOut.count - 1 }
    /// Number of arcs.
    public var arcCount: Int { head.count }

    /// Graphs are equal when they have the same arcs in the same order (the derived arrays follow from them).
    public static func == (lhs: CSRGraph, rhs: CSRGraph) -> Bool { lhs.firstOut == rhs.firstOut && lhs.head == rhs.head }

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
        for h in heads { precondition(Int(h) < nodeCount, "head out of range") }
        self.firstOut = firstOut
        self.head = heads
        self.reverse = ReverseAdjacency()
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
    /// (e.g. read back from a network cache: `firstOut` non-decreasing from 0 to `head.count`, heads below the node
    /// count). O(1): no re-sorting or re-counting; the derived arrays are built on first use.
    public init(validatedFirstOut firstOut: [UInt32], head: [UInt32]) {
        self.firstOut = firstOut
        self.head = head
        self.reverse = ReverseAdjacency()
    }
}

/// The arrays a `CSRGraph` derives from `firstOut` and `head` on first use, behind a lock (a graph is shared across
/// threads). A class so that every copy of the graph shares one build.
private final class ReverseAdjacency: @unchecked Sendable {
    struct Arrays { var tail: [UInt32], firstIn: [UInt32], inArcs: [UInt32] }
    private let lock = NSLock()
    private var built: Arrays?

    var isBuilt: Bool { lock.lock(); defer { lock.unlock() }; return built != nil }

    /// The derived arrays, built now if no copy of the graph has built them yet. O(n + m) once, then O(1).
    func arrays(firstOut: [UInt32], head: [UInt32]) -> Arrays {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let nodeCount = firstOut.count - 1
        var tail = [UInt32](repeating: 0, count: head.count)
        for v in 0..<max(nodeCount, 0) {
            for a in Int(firstOut[v])..<Int(firstOut[v + 1]) { tail[a] = UInt32(v) }
        }
        var firstIn = [UInt32](repeating: 0, count: max(nodeCount, 0) + 1)
        for h in head { firstIn[Int(h) + 1] &+= 1 }
        for v in 0..<max(nodeCount, 0) { firstIn[v + 1] &+= firstIn[v] }
        var fill = firstIn
        var inArcs = [UInt32](repeating: 0, count: head.count)
        for (arc, h) in head.enumerated() {
            inArcs[Int(fill[Int(h)])] = UInt32(arc)
            fill[Int(h)] &+= 1
        }
        let arrays = Arrays(tail: tail, firstIn: firstIn, inArcs: inArcs)
        built = arrays
        return arrays
    }
}
