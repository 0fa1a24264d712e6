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
    /// Weakly connected components (arc directions ignored), by breadth-first search over
    /// out- and in-arcs. Complexity: O(n + m) time and memory.
    public static func weak(_ graph: CSRGraph) -> ComponentLabeling {
        let n = graph.nodeCount
        var label = [UInt32](repeating: .max, count: n)
        var queue = [UInt32]()
        queue.reserveCapacity(n)
        var count: UInt32 = 0
        let tail = graph.tail, inArcs = graph.inArcs
        for s in 0..<n where label[s] == .max {
            label[s] = count
            queue.removeAll(keepingCapacity: true)
            queue.append(UInt32(s))
            var i = 0
            while i < queue.count {
                let u = queue[i]
                i += 1
                for a in graph.outArcs(of: u) {
                    let v = Int(graph.head[a])
                    if label[v] == .max { label[v] = count; queue.append(UInt32(v)) }
                }
                for p in graph.inArcPositions(of: u) {
                    let v = Int(tail[Int(inArcs[p])])
                    if label[v] == .max { label[v] = count; queue.append(UInt32(v)) }
                }
            }
            count += 1
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
