/// Point-to-point shortest paths on a customized `CCHMetric`, by the elimination-tree query (Dibbelt, Strasser
/// & Wagner 2016), with path unpacking into input arcs.
///
/// Every shortest path has a shortest *up-down* counterpart in the customized supergraph: upward edges from the
/// source to the highest node, then downward edges to the target. All upward neighbours of a node are its
/// elimination-tree ancestors, so the forward search only has to scan the source's ancestors in increasing rank,
/// relaxing their upward edges, and the backward search the target's ancestors (downward weights); the
/// distance is the minimum of forward + backward over the common ancestors. No priority queue is needed. A node
/// whose tentative distance already reaches the best meeting distance is not scanned (pruning).
///
/// Unpacking replaces each supergraph edge by the input arc it started from when no lower triangle improved on
/// it, otherwise by the triangle that gave its weight (recorded by the customization).
///
/// A query object owns O(n) state, reset along the two visited paths only, so a query costs what it visits.
/// Not thread-safe: give each thread its own query on the same (shared) metric.
///
/// Complexity: O(Σ upward degree over the ancestors of the source and of the target), at most
/// O(h · d) for elimination-tree height h and maximum upward degree d, independent of the distance; unpacking
/// O(k log d) for a path of k input arcs.
public final class CCHQuery {
    /// The metric queried.
    public let metric: CCHMetric
    private let forward: UnsafeMutablePointer<UInt64>
    private let backward: UnsafeMutablePointer<UInt64>
    private let forwardEdge: UnsafeMutablePointer<UInt32>
    private let backwardEdge: UnsafeMutablePointer<UInt32>
    /// Ranks of the last query's source and target (their ancestors hold state), `UInt32.max` before any.
    private var lastSource = UInt32.max
    private var lastTarget = UInt32.max
    private var meet = UInt32.max
    private var best = UInt64.max
    /// Nodes scanned by the last query (both sides; a common ancestor counts twice).
    public private(set) var scannedNodeCount = 0

    /// A query on `metric`. O(n) time and memory.
    public init(metric: CCHMetric) {
        self.metric = metric
        let n = max(metric.hierarchy.nodeCount, 1)
        forward = .allocate(capacity: n)
        forward.initialize(repeating: .max, count: n)
        backward = .allocate(capacity: n)
        backward.initialize(repeating: .max, count: n)
        forwardEdge = .allocate(capacity: n)
        forwardEdge.initialize(repeating: .max, count: n)
        backwardEdge = .allocate(capacity: n)
        backwardEdge.initialize(repeating: .max, count: n)
    }

    deinit {
        forward.deallocate()
        backward.deallocate()
        forwardEdge.deallocate()
        backwardEdge.deallocate()
    }

    /// Length of a shortest path from input node `source` to `target`, `UInt64.max` when there is none.
    /// - Complexity: see the type.
    public func distance(from source: UInt32, to target: UInt32) -> UInt64 {
        let h = metric.hierarchy
        precondition(Int(source) < h.nodeCount && Int(target) < h.nodeCount, "node out of range")
        h.upFirst.withUnsafeBufferPointer { upFirstBuffer in
        h.upHead.withUnsafeBufferPointer { upHeadBuffer in
        h.parent.withUnsafeBufferPointer { parentBuffer in
            let upFirst = upFirstBuffer.baseAddress!, parent = parentBuffer.baseAddress!
            let upHead = upHeadBuffer.baseAddress
            let weight = metric.weight
            let forward = self.forward, backward = self.backward
            let forwardEdge = self.forwardEdge, backwardEdge = self.backwardEdge
            // Reset what the previous query touched: the ancestors of its source and target.
            var r = lastSource
            while r != .max { forward[Int(r)] = .max; forwardEdge[Int(r)] = .max; r = parent[Int(r)] }
            r = lastTarget
            while r != .max { backward[Int(r)] = .max; backwardEdge[Int(r)] = .max; r = parent[Int(r)] }
            var x = h.rank[Int(source)], y = h.rank[Int(target)]
            lastSource = x
            lastTarget = y
            forward[Int(x)] = 0
            backward[Int(y)] = 0
            var best = UInt64.max
            var meet = UInt32.max
            var scanned = 0

            @inline(__always) func scan(_ v: UInt32, _ distance: UnsafeMutablePointer<UInt64>,
                                        _ via: UnsafeMutablePointer<UInt32>, _ direction: Int) {
                let d = distance[Int(v)]
                if d >= best { return }  // also skips unreached nodes (d == .max)
                scanned &+= 1
                let end = Int(upFirst[Int(v) &+ 1])
                var e = Int(upFirst[Int(v)])
                while e < end {
                    let w = weight[2 &* e &+ direction]
                    if w != .max {
                        let nd = d &+ UInt64(w)
                        let u = Int(upHead.unsafelyUnwrapped[e])
                        if nd < distance[u] { distance[u] = nd; via[u] = UInt32(truncatingIfNeeded: e) }
                    }
                    e &+= 1
                }
            }

            // Below the lowest common ancestor the two paths are disjoint: advance the lower one.
            while x != y {
                if x < y { scan(x, forward, forwardEdge, 0); x = parent[Int(x)] } else {
                    scan(y, backward, backwardEdge, 1); y = parent[Int(y)]
                }
            }
            // Common ancestors: both distances are final when reached in increasing rank.
            while x != .max {
                let f = forward[Int(x)], b = backward[Int(x)]
                if f != .max && b != .max && f &+ b < best { best = f &+ b; meet = x }
                scan(x, forward, forwardEdge, 0)
                scan(x, backward, backwardEdge, 1)
                x = parent[Int(x)]
            }
            self.best = best
            self.meet = meet
            self.scannedNodeCount = scanned
        }}}
        return best
    }

    /// A shortest path from `source` to `target` as input arcs (with its nodes and length), nil when there is
    /// none. When several are shortest, which one is deterministic.
    /// - Complexity: the query plus the unpacking (see the type).
    public func shortestPath(from source: UInt32, to target: UInt32) -> Path? {
        let length = distance(from: source, to: target)
        if length == .max { return nil }
        let h = metric.hierarchy
        // Supergraph slots (2e: upwards, 2e + 1: downwards) from the source up to the meeting node, then down.
        var slots: [Int] = []
        var v = meet
        while forwardEdge[Int(v)] != .max {
            let e = Int(forwardEdge[Int(v)])
            slots.append(2 * e)
            v = h.upTail[e]
        }
        slots.reverse()
        v = meet
        while backwardEdge[Int(v)] != .max {
            let e = Int(backwardEdge[Int(v)])
            slots.append(2 * e + 1)
            v = h.upTail[e]
        }
        var arcs: [UInt32] = []
        for s in slots { unpack(s, into: &arcs) }
        var nodes = [source]
        nodes.reserveCapacity(arcs.count + 1)
        for a in arcs { nodes.append(metric.head(ofInputArc: a)) }
        return Path(arcs: arcs, nodes: nodes, length: length)
    }

    /// Appends the input arcs of supergraph slot `slot` in travel order.
    private func unpack(_ slot: Int, into arcs: inout [UInt32]) {
        let h = metric.hierarchy
        let inputArc = metric.inputArc, middle = metric.middle
        var stack = [slot]
        while let s = stack.popLast() {
            let ewx = middle[s]
            if ewx == .max {
                arcs.append(inputArc[s])
                continue
            }
            let e = s >> 1
            let ewy = h.edge(h.upTail[Int(ewx)], h.upHead[e])!
            // Upwards x → w → y; downwards y → w → x.
            if s & 1 == 1 {
                stack.append(2 * Int(ewx))
                stack.append(2 * ewy + 1)
            } else {
                stack.append(2 * ewy)
                stack.append(2 * Int(ewx) + 1)
            }
        }
    }
}

extension CCHMetric {
    /// Head (input node) of input arc `a`, from its supergraph slot. O(1).
    func head(ofInputArc a: UInt32) -> UInt32 {
        let h = hierarchy
        let s = Int(h.arcSlot[Int(a)])
        let e = s >> 1
        // An upward arc ends at the edge's upper endpoint, a downward one at its lower endpoint.
        return h.order[Int(s & 1 == 0 ? h.upHead[e] : h.upTail[e])]
    }
}
