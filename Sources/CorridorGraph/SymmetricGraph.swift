/// A simple undirected graph in CSR form: every edge stored once in each direction, no self loops, no
/// duplicates, each node's neighbours sorted increasingly. The working form of the nested dissection
/// (`NestedDissection`, `VertexSeparator`), where arc directions, weights and multiplicities do not matter.
///
/// Memory: 4·(n + 1 + 2e) bytes for n nodes and e edges.
struct SymmetricGraph {
    /// `firstOut[v] ..< firstOut[v + 1]` index `adjacency`; `count == nodeCount + 1`.
    var firstOut: [UInt32]
    /// Neighbours of each node, increasing within a node.
    var adjacency: [UInt32]

    var nodeCount: Int { firstOut.count - 1 }
    /// Number of stored (directed) entries, twice the number of edges.
    var entryCount: Int { adjacency.count }

    init(firstOut: [UInt32], adjacency: [UInt32]) {
        self.firstOut = firstOut
        self.adjacency = adjacency
    }

    /// The undirected simple graph underlying `graph` (directions, loops and parallel arcs dropped).
    /// - Complexity: O(n + m log d) for maximum degree d.
    init(_ graph: CSRGraph) {
        let n = graph.nodeCount
        var start = [UInt32](repeating: 0, count: n + 1)
        let tail = graph.tail
        for a in 0..<graph.arcCount {
            let t = tail[a], h = graph.head[a]
            if t != h { start[Int(t) + 1] &+= 1; start[Int(h) + 1] &+= 1 }
        }
        for v in 0..<n { start[v + 1] &+= start[v] }
        var fill = start
        var raw = [UInt32](repeating: 0, count: Int(start[n]))
        for a in 0..<graph.arcCount {
            let t = tail[a], h = graph.head[a]
            if t == h { continue }
            raw[Int(fill[Int(t)])] = h; fill[Int(t)] &+= 1
            raw[Int(fill[Int(h)])] = t; fill[Int(h)] &+= 1
        }
        var firstOut = [UInt32](repeating: 0, count: n + 1)
        var out = 0
        raw.withUnsafeMutableBufferPointer { buffer in
            for v in 0..<n {
                let lo = Int(start[v]), hi = Int(start[v + 1])
                buffer[lo..<hi].sort()
                var previous = UInt32.max
                for i in lo..<hi where buffer[i] != previous {
                    previous = buffer[i]
                    buffer[out] = previous
                    out += 1
                }
                firstOut[v + 1] = UInt32(out)
            }
        }
        raw.removeLast(raw.count - out)
        self.firstOut = firstOut
        self.adjacency = raw
    }

    /// The subgraph induced by `nodes` (global ids, strictly increasing), renumbered `0 ..< nodes.count` in that
    /// order, so neighbour lists stay sorted. `localIndex` and `memberStamp` are caller-owned scratch arrays of
    /// this graph's size; `stamp` must differ from every value already in `memberStamp`.
    /// - Complexity: O(Σ degree of `nodes`).
    func induced(by nodes: [UInt32], localIndex: inout [UInt32], memberStamp: inout [UInt32], stamp: UInt32) -> SymmetricGraph {
        for (i, v) in nodes.enumerated() {
            localIndex[Int(v)] = UInt32(i)
            memberStamp[Int(v)] = stamp
        }
        var first = [UInt32](repeating: 0, count: nodes.count + 1)
        var adjacencyOut: [UInt32] = []
        var total = 0
        for v in nodes { total += Int(firstOut[Int(v) + 1] - firstOut[Int(v)]) }
        adjacencyOut.reserveCapacity(total)
        for (i, v) in nodes.enumerated() {
            for p in Int(firstOut[Int(v)])..<Int(firstOut[Int(v) + 1]) {
                let u = Int(adjacency[p])
                if memberStamp[u] == stamp { adjacencyOut.append(localIndex[u]) }
            }
            first[i + 1] = UInt32(adjacencyOut.count)
        }
        return SymmetricGraph(firstOut: first, adjacency: adjacencyOut)
    }

    /// For each entry `b` (v → u), the index of the entry u → v. O(e log d).
    func twins() -> [UInt32] {
        var twin = [UInt32](repeating: 0, count: adjacency.count)
        for v in 0..<nodeCount {
            for b in Int(firstOut[v])..<Int(firstOut[v + 1]) {
                let u = Int(adjacency[b])
                var lo = Int(firstOut[u]), hi = Int(firstOut[u + 1])
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if adjacency[mid] < UInt32(v) { lo = mid + 1 } else { hi = mid }
                }
                twin[b] = UInt32(lo)
            }
        }
        return twin
    }

    /// Hop distances from `source` (breadth-first), `Int32.max`-free: every node of a connected graph is reached;
    /// unreached nodes get -1. Returns the distances and the last node dequeued (a farthest node).
    /// - Complexity: O(n + e).
    func hopDistances(from source: Int, queue: inout [UInt32]) -> (distance: [Int32], farthest: Int) {
        var distance = [Int32](repeating: -1, count: nodeCount)
        queue.removeAll(keepingCapacity: true)
        queue.append(UInt32(source))
        distance[source] = 0
        var i = 0
        while i < queue.count {
            let v = Int(queue[i])
            i += 1
            let dv = distance[v] + 1
            for p in Int(firstOut[v])..<Int(firstOut[v + 1]) {
                let u = Int(adjacency[p])
                if distance[u] < 0 { distance[u] = dv; queue.append(UInt32(u)) }
            }
        }
        return (distance, Int(queue[queue.count - 1]))
    }
}
