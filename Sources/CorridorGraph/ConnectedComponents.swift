/// A labelling of nodes by component.
///
/// Components are numbered deterministically: component 0 is the largest, ties broken by the
/// smallest node id in the component.
public struct ComponentLabeling: Sendable, Equatable {
    /// `componentOfNode[v]` is the component of node `v`.
    public var componentOfNode: [UInt32]
    /// `sizes[c]` is the number of nodes in component `c` (non-increasing).
    public var sizes: [Int]
    /// Number of components.
    public var count: Int { sizes.count }

    /// Memberwise initializer; the labelling is taken as given (not renumbered).
    public init(componentOfNode: [UInt32], sizes: [Int]) {
        self.componentOfNode = componentOfNode
        self.sizes = sizes
    }

    /// Nodes of component `c`, increasing. O(n).
    public func nodes(of c: UInt32) -> [UInt32] {
        (0..<UInt32(componentOfNode.count)).filter { componentOfNode[Int($0)] == c }
    }

    /// Renumbers raw labels (`0 ..< rawCount`) into the canonical order.
    static func canonical(rawLabels: [UInt32], rawCount: Int) -> ComponentLabeling {
        var sizes = [Int](repeating: 0, count: rawCount)
        var smallest = [UInt32](repeating: .max, count: rawCount)
        for (v, c) in rawLabels.enumerated() {
            sizes[Int(c)] += 1
            if smallest[Int(c)] == .max { smallest[Int(c)] = UInt32(v) }  // nodes visited increasing
        }
        let order = (0..<rawCount).sorted { (-sizes[$0], smallest[$0]) < (-sizes[$1], smallest[$1]) }
        var rename = [UInt32](repeating: 0, count: rawCount)
        for (new, old) in order.enumerated() { rename[old] = UInt32(new) }
        return ComponentLabeling(componentOfNode: rawLabels.map { rename[Int($0)] }, sizes: order.map { sizes[$0] })
    }
}

/// Weakly and strongly connected components of a `CSRGraph`. Both are iterative (no recursion),
/// so they handle graphs with millions of nodes and long paths.
public enum ConnectedComponents {
    /// Weakly connected components (arc directions ignored), by union-find over the arcs (path halving; each union
    /// links the larger root under the smaller, so a root is its set's smallest node). Reads only `firstOut` and
    /// `head`: the reverse adjacency (`tail`, `inArcs`, ~8 bytes per arc) is not built, and a graph that has none
    /// keeps none. Complexity: O(n + m log n) time worst case (near-linear in practice), 8 bytes per node of memory.
    public static func weak(_ graph: CSRGraph) -> ComponentLabeling {
        let n = graph.nodeCount
        var parent = [UInt32](unsafeUninitializedCapacity: n) { buffer, initialized in
            for v in 0..<n { buffer[v] = UInt32(v) }
            initialized = n
        }
        var label = [UInt32](repeating: .max, count: n)
        var count: UInt32 = 0
        graph.firstOut.withUnsafeBufferPointer { firstOut in
            graph.head.withUnsafeBufferPointer { head in
                parent.withUnsafeMutableBufferPointer { p in
                    @inline(__always) func find(_ x: UInt32) -> UInt32 {
                        var x = x
                        while p[Int(x)] != x {
                            p[Int(x)] = p[Int(p[Int(x)])]
                            x = p[Int(x)]
                        }
                        return x
                    }
                    for u in 0..<n {
                        for a in Int(firstOut[u])..<Int(firstOut[u + 1]) {
                            let ru = find(UInt32(u)), rv = find(head[a])
                            if ru < rv { p[Int(rv)] = ru } else if rv < ru { p[Int(ru)] = rv }
                        }
                    }
                    // Raw labels in order of each set's smallest node (its root, met first); `canonical` renumbers.
                    for v in 0..<n {
                        let r = Int(find(UInt32(v)))
                        if r == v { label[v] = count; count += 1 } else { label[v] = label[r] }
                    }
                }
            }
        }
        return .canonical(rawLabels: label, rawCount: Int(count))
    }

    /// Strongly connected components by Tarjan's algorithm with an explicit call stack.
    /// Complexity: O(n + m) time, O(n) memory.
    public static func strong(_ graph: CSRGraph) -> ComponentLabeling {
        let n = graph.nodeCount
        let unvisited = UInt32.max
        var index = [UInt32](repeating: unvisited, count: n)
        var low = [UInt32](repeating: 0, count: n)
        var label = [UInt32](repeating: unvisited, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack = [UInt32]()
        var callNode = [UInt32]()      // DFS path
        var callNextArc = [Int]()      // next out-arc to try for each node on the path
        var nextIndex: UInt32 = 0
        var count: UInt32 = 0
        for root in 0..<n where index[root] == unvisited {
            index[root] = nextIndex; low[root] = nextIndex; nextIndex += 1
            stack.append(UInt32(root)); onStack[root] = true
            callNode.append(UInt32(root)); callNextArc.append(Int(graph.firstOut[root]))
            while let u32 = callNode.last {
                let u = Int(u32)
                let top = callNode.count - 1
                let end = Int(graph.firstOut[u + 1])
                var descended = false
                while callNextArc[top] < end {
                    let v = Int(graph.head[callNextArc[top]])
                    callNextArc[top] += 1
                    if index[v] == unvisited {
                        index[v] = nextIndex; low[v] = nextIndex; nextIndex += 1
                        stack.append(UInt32(v)); onStack[v] = true
                        callNode.append(UInt32(v)); callNextArc.append(Int(graph.firstOut[v]))
                        descended = true
                        break
                    } else if onStack[v] {
                        low[u] = min(low[u], index[v])
                    }
                }
                if descended { continue }
                // u is finished.
                callNode.removeLast(); callNextArc.removeLast()
                if let parent = callNode.last { low[Int(parent)] = min(low[Int(parent)], low[u]) }
                if low[u] == index[u] {
                    while true {
                        let w = Int(stack.removeLast())
                        onStack[w] = false
                        label[w] = count
                        if w == u { break }
                    }
                    count += 1
                }
            }
        }
        return .canonical(rawLabels: label, rawCount: Int(count))
    }
}
