/// The metric-independent part of a customizable contraction hierarchy (CCH; Dibbelt, Strasser & Wagner 2016):
/// the chordal supergraph of a graph for a contraction order, with its elimination tree.
///
/// Nodes are renumbered by rank (`rank[node]`, `order[rank]`), and every edge {x, y} of the supergraph with
/// x < y (ranks) is stored once as an *upward* edge of x. Contracting the nodes in rank order makes the upward
/// neighbours of each node a clique, so for every edge the edges needed by customization (its lower triangles)
/// exist. The elimination tree's parent of x is its lowest upward neighbour; all upward neighbours of x are
/// ancestors of x, which is what the elimination-tree query walks.
///
/// Build it once per graph topology and order (`NestedDissection.order`), then customize it for any number of
/// metrics (`CCHMetric`) and query those (`CCHQuery`). Immutable and shareable across threads.
///
/// Memory: 4·(3E + 5n + m) bytes for E supergraph edges, n nodes and m input arcs.
public struct CustomizableContractionHierarchy: Sendable {
    /// Number of nodes.
    public let nodeCount: Int
    /// Number of arcs of the input graph (the length of every weights array).
    public let inputArcCount: Int
    /// `order[r]` is the input node of rank r.
    public let order: [UInt32]
    /// `rank[v]` is the rank of input node v.
    public let rank: [UInt32]
    /// `upFirst[x] ..< upFirst[x + 1]` are the upward edges of rank x.
    let upFirst: [UInt32]
    /// Upper endpoint (rank) of each edge, increasing within a node.
    let upHead: [UInt32]
    /// Lower endpoint (rank) of each edge; non-decreasing.
    let upTail: [UInt32]
    /// Elimination-tree parent of each rank (its lowest upward neighbour), `UInt32.max` for roots.
    let parent: [UInt32]
    /// `downFirst[x] ..< downFirst[x + 1]` index `downEdge`: the edges whose upper endpoint is x, by lower endpoint.
    let downFirst: [UInt32]
    /// Edge ids grouped by upper endpoint.
    let downEdge: [UInt32]
    /// Per input arc: `edge << 1 | 1` when it runs downwards (higher rank to lower), `edge << 1` upwards;
    /// `UInt32.max` for self loops.
    let arcSlot: [UInt32]

    /// Number of edges of the chordal supergraph.
    public var edgeCount: Int { upHead.count }

    /// Height of the elimination tree (the most nodes on a path from a node to its root), which bounds the nodes
    /// an elimination-tree query visits on each side. O(n).
    public var eliminationTreeHeight: Int {
        var depth = [UInt32](repeating: 0, count: nodeCount)
        var height = 0
        for x in stride(from: nodeCount - 1, through: 0, by: -1) {
            let p = parent[x]
            depth[x] = p == .max ? 1 : depth[Int(p)] + 1
            height = max(height, Int(depth[x]))
        }
        return height
    }

    /// Contracts `graph` in `order` (`order[rank]` = node; e.g. from `NestedDissection.order`).
    ///
    /// - Precondition: `order` is a permutation of the nodes; the supergraph has fewer than 2³¹ edges.
    /// - Complexity: O(E log d + m log d) time for E supergraph edges and maximum upward degree d (each node's
    ///   upward neighbours are the union of its children's, found with a marker array, then sorted); O(n + m + E)
    ///   memory.
    public init(graph: CSRGraph, order: [UInt32]) {
        let n = graph.nodeCount
        precondition(order.count == n, "order must list every node once")
        var rank = [UInt32](repeating: .max, count: n)
        for (r, v) in order.enumerated() {
            precondition(Int(v) < n && rank[Int(v)] == .max, "order must be a permutation of the nodes")
            rank[Int(v)] = UInt32(r)
        }
        // Input edges in rank space, listed at their lower endpoint.
        let tail = graph.tail
        var inputFirst = [UInt32](repeating: 0, count: n + 1)
        for a in 0..<graph.arcCount {
            let rt = rank[Int(tail[a])], rh = rank[Int(graph.head[a])]
            if rt != rh { inputFirst[Int(min(rt, rh)) + 1] &+= 1 }
        }
        for x in 0..<n { inputFirst[x + 1] &+= inputFirst[x] }
        var fill = inputFirst
        var inputUp = [UInt32](repeating: 0, count: Int(inputFirst[n]))
        for a in 0..<graph.arcCount {
            let rt = rank[Int(tail[a])], rh = rank[Int(graph.head[a])]
            if rt == rh { continue }
            let lo = Int(min(rt, rh))
            inputUp[Int(fill[lo])] = max(rt, rh)
            fill[lo] &+= 1
        }
        // Contraction in rank order: up(x) = input upward neighbours ∪ (up(c) \ {x}) over children c of x.
        var upFirst = [UInt32](repeating: 0, count: n + 1)
        var upHead: [UInt32] = []
        upHead.reserveCapacity(inputUp.count * 2)
        var parent = [UInt32](repeating: .max, count: n)
        var firstChild = [UInt32](repeating: .max, count: n)
        var nextSibling = [UInt32](repeating: .max, count: n)
        var marker = [UInt32](repeating: .max, count: n)
        var scratch: [UInt32] = []
        for x in 0..<n {
            scratch.removeAll(keepingCapacity: true)
            let ux = UInt32(x)
            for p in Int(inputFirst[x])..<Int(inputFirst[x + 1]) {
                let y = inputUp[p]
                if marker[Int(y)] != ux { marker[Int(y)] = ux; scratch.append(y) }
            }
            var c = firstChild[x]
            while c != .max {
                for p in Int(upFirst[Int(c)])..<Int(upFirst[Int(c) + 1]) {
                    let y = upHead[p]
                    if y != ux && marker[Int(y)] != ux { marker[Int(y)] = ux; scratch.append(y) }
                }
                c = nextSibling[Int(c)]
            }
            scratch.sort()
            upHead.append(contentsOf: scratch)
            precondition(upHead.count < Int(Int32.max), "contraction hierarchy too large for 31-bit edge ids")
            upFirst[x + 1] = UInt32(upHead.count)
            if let p = scratch.first {
                parent[x] = p
                nextSibling[x] = firstChild[Int(p)]
                firstChild[Int(p)] = ux
            }
        }
        let edgeCount = upHead.count
        var upTail = [UInt32](repeating: 0, count: edgeCount)
        for x in 0..<n { for e in Int(upFirst[x])..<Int(upFirst[x + 1]) { upTail[e] = UInt32(x) } }
        // Downward lists: edges grouped by upper endpoint, in increasing edge id (hence lower endpoint).
        var downFirst = [UInt32](repeating: 0, count: n + 1)
        for y in upHead { downFirst[Int(y) + 1] &+= 1 }
        for x in 0..<n { downFirst[x + 1] &+= downFirst[x] }
        var downFill = downFirst
        var downEdge = [UInt32](repeating: 0, count: edgeCount)
        for e in 0..<edgeCount {
            let y = Int(upHead[e])
            downEdge[Int(downFill[y])] = UInt32(e)
            downFill[y] &+= 1
        }
        // Each input arc's edge, by binary search among the upward edges of its lower endpoint.
        var arcSlot = [UInt32](repeating: .max, count: graph.arcCount)
        for a in 0..<graph.arcCount {
            let rt = rank[Int(tail[a])], rh = rank[Int(graph.head[a])]
            if rt == rh { continue }
            let lo = Int(min(rt, rh)), hi = max(rt, rh)
            var l = Int(upFirst[lo]), h = Int(upFirst[lo + 1])
            while l < h {
                let mid = (l + h) / 2
                if upHead[mid] < hi { l = mid + 1 } else { h = mid }
            }
            arcSlot[a] = UInt32(l) << 1 | (rt > rh ? 1 : 0)
        }
        self.nodeCount = n
        self.inputArcCount = graph.arcCount
        self.order = order
        self.rank = rank
        self.upFirst = upFirst
        self.upHead = upHead
        self.upTail = upTail
        self.parent = parent
        self.downFirst = downFirst
        self.downEdge = downEdge
        self.arcSlot = arcSlot
    }

    /// The edge id between ranks `x < y`, or nil when they are not adjacent. O(log d).
    func edge(_ x: UInt32, _ y: UInt32) -> Int? {
        var l = Int(upFirst[Int(x)]), h = Int(upFirst[Int(x) + 1])
        while l < h {
            let mid = (l + h) / 2
            if upHead[mid] < y { l = mid + 1 } else { h = mid }
        }
        return l < Int(upFirst[Int(x) + 1]) && upHead[l] == y ? l : nil
    }
}
