/// Balanced vertex separators of a connected `SymmetricGraph` by minimum vertex cuts, the separator step of
/// `NestedDissection` (inertial flow, Schild & Sommer 2015, generalised to graphs without coordinates).
///
/// For each of a few *projections* (a value per node: a coordinate along a line when the nodes have
/// coordinates; otherwise a difference of hop distances from two far-apart nodes, which orders a road graph
/// along a "direction" just as well), the nodes are sorted by their value; the first quarter becomes the source
/// set, the last quarter the sink set, and a minimum vertex cut between them is computed by max flow with unit
/// node capacities (every node split into in → out of capacity 1, edges of unbounded capacity). Both sides then
/// keep at least a quarter of the nodes minus the cut, so the recursion has O(log n) levels. The smallest cut
/// over the projections wins (ties: the more balanced).
///
/// Complexity: per projection O(n log n) for the sort plus Dinic's blocking flows, O(P · (n + e)) for P phases
/// (P ≤ 2√n for unit node capacities, in practice a few dozen); memory O(n + e).
enum VertexSeparator {
    /// Share of the nodes that forms each of the source and sink sets.
    static let terminalShare = 0.25

    /// The best separator over `projections` (each one value per node), as local node ids increasing.
    /// - Precondition: `graph` is connected and has at least 2 nodes.
    static func find(_ graph: SymmetricGraph, projections: [[Double]]) -> [UInt32] {
        let n = graph.nodeCount
        let flow = UnitVertexCut(graph)
        var best: [UInt32] = []
        var bestBalance = -1
        let k = max(1, Int(Double(n) * terminalShare))
        var order = Array(0..<UInt32(n))
        for projection in projections {
            order.sort { projection[Int($0)] < projection[Int($1)] || (projection[Int($0)] == projection[Int($1)] && $0 < $1) }
            let (separator, sourceSide) = flow.minimumCut(sources: order[0..<k], sinks: order[(n - k)...])
            let balance = min(sourceSide, n - separator.count - sourceSide)
            if bestBalance < 0 || separator.count < best.count || (separator.count == best.count && balance > bestBalance) {
                best = separator
                bestBalance = balance
            }
        }
        return best
    }

    /// Projections of a graph without coordinates: two "axes" from hop distances (d(a, v) − d(b, v) for a
    /// far-apart pair a, b; then the same for a pair far from both), and their sum and difference as diagonals.
    /// - Complexity: O(n + e) (four breadth-first searches).
    static func hopProjections(_ graph: SymmetricGraph) -> [[Double]] {
        var queue: [UInt32] = []
        queue.reserveCapacity(graph.nodeCount)
        let a = graph.hopDistances(from: 0, queue: &queue).farthest
        let (da, b) = graph.hopDistances(from: a, queue: &queue)
        let db = graph.hopDistances(from: b, queue: &queue).distance
        var c = 0
        var cBest = Int32(-1)
        for v in 0..<graph.nodeCount {
            let m = min(da[v], db[v])
            if m > cBest { cBest = m; c = v }
        }
        let (dc, d) = graph.hopDistances(from: c, queue: &queue)
        let dd = graph.hopDistances(from: d, queue: &queue).distance
        let p1 = (0..<graph.nodeCount).map { Double(da[$0] - db[$0]) }
        let p2 = (0..<graph.nodeCount).map { Double(dc[$0] - dd[$0]) }
        return [p1, p2, zip(p1, p2).map { $0 + $1 }, zip(p1, p2).map { $0 - $1 }]
    }

    /// Projections of nodes with planar coordinates: along x, y and both diagonals.
    static func coordinateProjections(x: [Double], y: [Double]) -> [[Double]] {
        [x, y, zip(x, y).map { $0 + $1 }, zip(x, y).map { $0 - $1 }]
    }
}

/// Minimum vertex cuts by Dinic's algorithm on the implicit split graph of a `SymmetricGraph`: node v becomes
/// in(v) = 2v and out(v) = 2v + 1 with an arc in(v) → out(v) of capacity 1, and each entry v → u an arc
/// out(v) → in(u) of unbounded capacity. A super source feeds every in(s) and every out(t) drains into a super
/// sink. Each node carries at most one unit, so each arc out(v) → in(u) carries at most one unit too and a
/// byte per entry holds its flow. State lives in raw buffers (no per-access exclusivity checks in the loops).
final class UnitVertexCut {
    let nodeCount: Int
    let entryCount: Int
    let firstOut: UnsafeMutablePointer<UInt32>
    let adjacency: UnsafeMutablePointer<UInt32>
    let twin: UnsafeMutablePointer<UInt32>
    /// Flow on in(v) → out(v).
    let through: UnsafeMutablePointer<UInt8>
    /// Flow on out(v) → in(u) for entry v → u.
    let flow: UnsafeMutablePointer<UInt8>
    let level: UnsafeMutablePointer<Int32>
    /// Next residual-arc index to try per state: 0 is the state's own split arc, 1 + i its i-th entry.
    let current: UnsafeMutablePointer<UInt32>
    let isSink: UnsafeMutablePointer<Bool>
    let queue: UnsafeMutablePointer<UInt32>
    let stack: UnsafeMutablePointer<UInt32>
    /// True when the sources and sinks themselves cannot be cut (no source is adjacent to a sink): the source
    /// set then acts as one node whose boundary starts every search, and reaching any sink's in-state ends it,
    /// so the searches skip both terminal sets.
    var terminalsUncuttable = false
    /// Sources with a non-source neighbour (the starts when `terminalsUncuttable`).
    var boundarySources: [UInt32] = []

    init(_ graph: SymmetricGraph) {
        let n = graph.nodeCount, e = graph.entryCount
        nodeCount = n
        entryCount = e
        firstOut = .allocate(capacity: n + 1)
        firstOut.initialize(from: graph.firstOut, count: n + 1)
        adjacency = .allocate(capacity: max(e, 1))
        adjacency.initialize(from: graph.adjacency, count: e)
        twin = .allocate(capacity: max(e, 1))
        twin.initialize(from: graph.twins(), count: e)
        through = .allocate(capacity: n)
        flow = .allocate(capacity: max(e, 1))
        level = .allocate(capacity: 2 * n)
        current = .allocate(capacity: 2 * n)
        isSink = .allocate(capacity: n)
        queue = .allocate(capacity: 2 * n)
        stack = .allocate(capacity: 2 * n + 1)
    }

    deinit {
        for p in [firstOut, adjacency, twin, current, queue, stack] { p.deallocate() }
        through.deallocate()
        flow.deallocate()
        level.deallocate()
        isSink.deallocate()
    }

    /// A minimum vertex cut between `sources` and `sinks` (disjoint), as increasing local ids, and the number of
    /// nodes on the source side (reachable from the sources without crossing the cut, cut excluded).
    func minimumCut(sources: ArraySlice<UInt32>, sinks: ArraySlice<UInt32>) -> (separator: [UInt32], sourceSide: Int) {
        let n = nodeCount
        through.update(repeating: 0, count: n)
        isSink.update(repeating: false, count: n)
        flow.update(repeating: 0, count: entryCount)
        for t in sinks { isSink[Int(t)] = true }
        // Source marks live in `through` for this check only (cleared below).
        for s in sources { through[Int(s)] = 1 }
        terminalsUncuttable = true
        boundarySources.removeAll(keepingCapacity: true)
        for s in sources {
            var boundary = false
            for b in Int(firstOut[Int(s)])..<Int(firstOut[Int(s) + 1]) {
                let u = Int(adjacency[b])
                if isSink[u] { terminalsUncuttable = false }
                if through[u] == 0 { boundary = true }
            }
            if boundary { boundarySources.append(s) }
        }
        through.update(repeating: 0, count: n)
        let starts = terminalsUncuttable ? boundarySources[...] : sources
        while buildLevels(sources, starts) {
            blockingFlow(starts)
        }
        // The last level graph holds exactly the residual reachability from the sources.
        var separator: [UInt32] = []
        var sourceSide = 0
        for v in 0..<n {
            let reachIn = level[2 * v] >= 0, reachOut = level[2 * v + 1] >= 0
            if reachIn && !reachOut { separator.append(UInt32(v)) } else if reachOut { sourceSide += 1 }
        }
        return (separator, sourceSide)
    }

    /// The residual arc `index` of `state`, or -1 when it has no residual capacity.
    @inline(__always)
    private func residualTarget(_ state: Int, _ index: Int) -> Int {
        let v = state &>> 1
        if state & 1 == 0 {  // in(v)
            if index == 0 { return through[v] == 0 ? state | 1 : -1 }
            let b = Int(firstOut[v]) &+ index &- 1
            return flow[Int(twin[b])] > 0 ? 2 &* Int(adjacency[b]) &+ 1 : -1
        } else {  // out(v)
            if index == 0 { return through[v] == 1 ? state & ~1 : -1 }
            let b = Int(firstOut[v]) &+ index &- 1
            return 2 &* Int(adjacency[b])
        }
    }

    @inline(__always)
    private func arcCount(_ state: Int) -> Int {
        let v = state &>> 1
        return Int(firstOut[v &+ 1] &- firstOut[v]) &+ 1
    }

    /// A sink's out-state (its in-state when terminals are uncuttable): the search has reached the super sink.
    @inline(__always)
    private func isTerminal(_ state: Int) -> Bool {
        isSink[state &>> 1] && (state & 1 == 1) != terminalsUncuttable
    }

    /// The state a search starts from at source `s`.
    @inline(__always)
    private func startState(_ s: UInt32) -> Int { terminalsUncuttable ? 2 * Int(s) + 1 : 2 * Int(s) }

    /// Breadth-first levels from the sources (their in-states; with uncuttable terminals, both states of every
    /// source at level 0 and the boundary's out-states queued); true when a terminal state is reached. States
    /// beyond the terminal level are left unlevelled (-1), so the blocking flow follows shortest augmenting paths.
    private func buildLevels(_ sources: ArraySlice<UInt32>, _ starts: ArraySlice<UInt32>) -> Bool {
        level.update(repeating: -1, count: 2 * nodeCount)
        current.update(repeating: 0, count: 2 * nodeCount)
        var tail = 0
        if terminalsUncuttable { for s in sources { level[2 * Int(s)] = 0; level[2 * Int(s) + 1] = 0 } }
        for s in starts { level[startState(s)] = 0; queue[tail] = UInt32(startState(s)); tail += 1 }
        var i = 0
        var sinkLevel = Int32.max
        while i < tail {
            let state = Int(queue[i])
            i &+= 1
            let next = level[state] &+ 1
            if next > sinkLevel { break }
            if isTerminal(state) { continue }
            for index in 0..<arcCount(state) {
                let target = residualTarget(state, index)
                if target < 0 || level[target] >= 0 { continue }
                level[target] = next
                if isTerminal(target) { sinkLevel = next }
                queue[tail] = UInt32(truncatingIfNeeded: target)
                tail &+= 1
            }
        }
        return sinkLevel != .max
    }

    /// Augments along shortest paths until the level graph has none left (iterative depth-first search with
    /// current-arc pointers; a dead-end state is unlevelled).
    private func blockingFlow(_ sources: ArraySlice<UInt32>) {
        for s in sources {
            let start = startState(s)
            while level[start] >= 0 {
                var depth = 1
                stack[0] = UInt32(start)
                var found = false
                while depth > 0 {
                    let top = Int(stack[depth - 1])
                    if isTerminal(top) { found = true; break }
                    var advanced = false
                    let count = arcCount(top)
                    let wanted = level[top] &+ 1
                    while Int(current[top]) < count {
                        let target = residualTarget(top, Int(current[top]))
                        if target >= 0 && level[target] == wanted {
                            stack[depth] = UInt32(truncatingIfNeeded: target)
                            depth &+= 1
                            advanced = true
                            break
                        }
                        current[top] &+= 1
                    }
                    if !advanced {
                        level[top] = -1
                        depth &-= 1
                        if depth > 0 { current[Int(stack[depth - 1])] &+= 1 }
                    }
                }
                if !found { break }
                for i in 0..<(depth - 1) { push(Int(stack[i]), Int(current[Int(stack[i])])) }
            }
        }
    }

    /// Sends one unit along residual arc `index` of `state`.
    @inline(__always)
    private func push(_ state: Int, _ index: Int) {
        let v = state &>> 1
        if state & 1 == 0 {
            if index == 0 { through[v] = 1 } else {
                let b = Int(firstOut[v]) &+ index &- 1
                flow[Int(twin[b])] &-= 1
            }
        } else {
            if index == 0 { through[v] = 0 } else {
                let b = Int(firstOut[v]) &+ index &- 1
                flow[b] &+= 1
            }
        }
    }
}
