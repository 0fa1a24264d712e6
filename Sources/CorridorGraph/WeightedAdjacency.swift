/// The out-arcs of a `CSRGraph` with their weights interleaved: one 64-bit word per arc,
/// `head | weight << 32`, in arc-id order. A search reads an arc's head and weight from one
/// cache line instead of two arrays.
///
/// Build it once per weights array and reuse it for many searches (`DijkstraQuery.run(from:adjacency:)`);
/// it is immutable and can be shared across threads. It is a snapshot: changing the weights array
/// afterwards does not change it (build a new one).
///
/// Memory: 8·m bytes.
public struct WeightedAdjacency: Sendable {
    /// `UInt64(head[a]) | UInt64(weight[a]) << 32` for each arc `a`.
    let packed: [UInt64]
    /// The largest weight that is not `UInt32.max` (closed), 0 when there is none.
    public let maxWeight: UInt32
    /// Number of arcs (equals the graph's `arcCount`).
    public var arcCount: Int { packed.count }

    /// The weights it was built from (O(m); for the paths that do not use the interleaved form).
    var weights: [UInt32] { packed.map { UInt32(truncatingIfNeeded: $0 >> 32) } }

    /// Interleaves `graph.head` with `weights` (one entry per arc; `UInt32.max` = closed arc).
    /// - Complexity: O(m).
    public init(graph: CSRGraph, weights: [UInt32]) {
        precondition(weights.count == graph.arcCount, "weights must have one entry per arc")
        var maxWeight: UInt32 = 0
        packed = [UInt64](unsafeUninitializedCapacity: weights.count) { buffer, count in
            graph.head.withUnsafeBufferPointer { head in
                weights.withUnsafeBufferPointer { w in
                    for a in 0..<w.count {
                        let wa = w[a]
                        if wa != .max && wa > maxWeight { maxWeight = wa }
                        buffer[a] = UInt64(head[a]) | UInt64(wa) << 32
                    }
                }
            }
            count = weights.count
        }
        self.maxWeight = maxWeight
    }
}
