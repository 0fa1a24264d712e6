/// Dijkstra's shortest paths on a `CSRGraph` with non-negative 32-bit arc weights.
///
/// Weights are a `[UInt32]` indexed by arc id; `UInt32.max` marks a closed arc, never traversed.
/// Distances are `UInt64`; `UInt64.max` means unreachable (or not settled by an early-stopped run).
///
/// A query object owns all per-node state (distance, parent arc, heap position) and reuses it:
/// a run stamps the nodes it touches instead of clearing O(n) arrays, so a short search on a
/// large graph costs only what it visits. Queries are not thread-safe; run several queries
/// concurrently by giving each thread its own `DijkstraQuery` on the same (immutable) graph.
///
/// Determinism: nodes are settled in non-decreasing distance, the queue popping the smallest
/// `(distance, node id)` (a node reached later over a zero-weight arc may still follow a larger
/// id at the same distance); a node's parent is
/// replaced only by a strictly shorter distance, so among equal-length alternatives the first
/// found in settle order is kept.
///
/// Complexity of a run: O(n' + m' log C) time for the n' nodes and m' arcs it reaches, with C
/// the largest distance (a monotone radix heap: each queued entry moves down at most log₂ C ≤ 64
/// buckets, far fewer in practice);
/// memory O(n) per query object, allocated once.
public final class DijkstraQuery {
    /// Which arcs a search follows.
    public enum Direction: Sendable, Equatable {
        /// Along arcs (distances from the sources).
        case forward
        /// Against arcs, via `inArcs` (distances to the sources).
        case reverse
    }

    struct NodeState {
        var distance: UInt64
        var parentArc: UInt32
        /// `== stamp`: reached (in heap); `== stamp + 1`: settled; otherwise untouched this run.
        var mark: UInt32
    }

    /// The graph searched.
    public let graph: CSRGraph
    let state: UnsafeMutablePointer<NodeState>
    let heap: IndexedHeap
    var radix = RadixHeap()
    /// The heap of `searchPrepared`, allocated on first use (about 1,100 small buffers).
    var compactRadix: CompactRadixHeap? = nil
    /// Settle-order scratch for `searchPrepared` (capacity n, allocated on first use).
    var settledScratch: UnsafeMutablePointer<UInt32>? = nil
    /// A*'s potential cache (capacity n, allocated on first use; see `shortestPath(from:to:weights:potential:)`).
    var potentials: UnsafeMutablePointer<PotentialEntry>? = nil
    var stamp: UInt32 = 0
    var targetMarks: [UInt32] = []
    var targetStamp: UInt32 = 0
    /// Nodes settled by the last run, in settle order (non-decreasing distance).
    public internal(set) var settledNodes: [UInt32] = []
    /// Direction of the last run.
    public private(set) var direction: Direction = .forward

    /// Creates a query for `graph`. Complexity: O(n) time and memory.
    public init(graph: CSRGraph) {
        self.graph = graph
        let n = Swift.max(graph.nodeCount, 1)
        state = .allocate(capacity: n)
        state.initialize(repeating: NodeState(distance: .max, parentArc: .max, mark: 0), count: n)
        heap = IndexedHeap(capacity: graph.nodeCount)
    }

    deinit {
        state.deallocate()
        radix.deallocate()
        compactRadix?.deallocate()
        settledScratch?.deallocate()
        potentials?.deallocate()
    }

    // MARK: Public entry points

    /// Runs from several sources, each starting at its initial distance (the smallest is kept
    /// for repeated sources). With `targets`, stops once every target is settled; with `budget`,
    /// settles only nodes at distance `<= budget`.
    ///
    /// - Complexity: O(n' + m' log C) for the reached part of the graph.
    public func run(sources: [(node: UInt32, initialDistance: UInt64)], weights: [UInt32],
                    direction: Direction = .forward, targets: [UInt32]? = nil, budget: UInt64 = .max) {
        begin(direction: direction)
        for s in sources { seed(s.node, s.initialDistance, budget: budget) }
        var remaining = -1
        if let targets {
            remaining = markTargets(targets)
            if remaining == 0 { return }
        }
        search(weights: weights, stopNode: .max, remainingTargets: remaining, budget: budget)
    }

    /// Runs one-to-all from `source`. O((n + m) log n).
    public func run(from source: UInt32, weights: [UInt32], direction: Direction = .forward) {
        run(sources: [(source, 0)], weights: weights, direction: direction)
    }

    /// Runs one-to-all from `source` on a prepared `WeightedAdjacency` (the graph's arcs with the
    /// weights interleaved; build it once per weights array). Same results as
    /// `run(from:weights:)` with the weights it was built from; measured ~15 % faster on a
    /// 1000×1000 grid, about the same on road graphs (where the heap dominates).
    ///
    /// - Complexity: O(n' + m' log C) for the reached part of the graph.
    public func run(from source: UInt32, adjacency: WeightedAdjacency, direction: Direction = .forward) {
        run(sources: [(source, 0)], adjacency: adjacency, direction: direction)
    }

    /// `run(sources:weights:direction:budget:)` on a prepared `WeightedAdjacency`: the same
    /// results for the weights it was built from, faster. A reverse run has no interleaved
    /// in-arcs to use and runs on the weights unpacked from `adjacency`.
    ///
    /// - Complexity: O(n' + m' log C) for the reached part of the graph (plus O(m) for a reverse run).
    public func run(sources: [(node: UInt32, initialDistance: UInt64)], adjacency: WeightedAdjacency,
                    direction: Direction = .forward, budget: UInt64 = .max) {
        precondition(adjacency.arcCount == graph.arcCount, "adjacency must have one entry per arc")
        begin(direction: direction)
        for s in sources { seed(s.node, s.initialDistance, budget: budget) }
        if direction == .reverse {
            search(weights: adjacency.weights, stopNode: .max, remainingTargets: -1, budget: budget)
        } else {
            searchPrepared(adjacency, budget: budget)
        }
    }

    /// Shortest path from `source` to `target`, stopping as soon as `target` is settled.
    /// - Returns: nil when `target` is unreachable.
    /// - Complexity: O(n' + m' log C) for the nodes closer than `target`.
    public func shortestPath(from source: UInt32, to target: UInt32, weights: [UInt32]) -> Path? {
        begin(direction: .forward)
        seed(source, 0, budget: .max)
        search(weights: weights, stopNode: target, remainingTargets: -1, budget: .max)
        return path(to: target)
    }

    /// Distances from `source` to each of `targets` (one-to-many), stopping once all are settled.
    /// With `direction: .reverse`, distances from each target to `source` (many-to-one).
    /// - Complexity: O(n' + m' log C) for the nodes closer than the farthest target.
    public func distances(from source: UInt32, to targets: [UInt32], weights: [UInt32],
                          direction: Direction = .forward) -> [UInt64] {
        run(sources: [(source, 0)], weights: weights, direction: direction, targets: targets)
        return targets.map { distance(to: $0) }
    }

    // MARK: Results of the last run

    /// Distance of `node` from the sources in the last run (to them, for a reverse run);
    /// `UInt64.max` if it was not settled. O(1).
    public func distance(to node: UInt32) -> UInt64 {
        let s = state[Int(node)]
        return s.mark == stamp &+ 1 ? s.distance : .max
    }

    /// True when `node` was settled by the last run. O(1).
    public func isSettled(_ node: UInt32) -> Bool { state[Int(node)].mark == stamp &+ 1 }

    /// The arc by which the last run reached settled `node` (for a reverse run: the arc leaving
    /// `node` towards the sources); nil for sources and unsettled nodes. O(1).
    public func parentArc(of node: UInt32) -> UInt32? {
        let s = state[Int(node)]
        return s.mark == stamp &+ 1 && s.parentArc != .max ? s.parentArc : nil
    }

    /// The shortest path found by the last run: from the source that reaches `node` to `node`;
    /// after a reverse run, from `node` to its nearest source. Nil if `node` was not settled.
    /// `Path.length` is the weight sum of the path's arcs (without the source's initial distance).
    /// - Complexity: O(path length).
    public func path(to node: UInt32) -> Path? {
        guard isSettled(node) else { return nil }
        var arcs = [UInt32]()
        var at = node
        let tail = direction == .forward ? graph.tail : []
        while true {
            let a = state[Int(at)].parentArc
            if a == .max { break }
            arcs.append(a)
            at = direction == .forward ? tail[Int(a)] : graph.head[Int(a)]
        }
        var nodes = [UInt32]()
        nodes.reserveCapacity(arcs.count + 1)
        if direction == .forward {
            arcs.reverse()
            nodes.append(at)
            for a in arcs { nodes.append(graph.head[Int(a)]) }
            return Path(arcs: arcs, nodes: nodes, length: state[Int(node)].distance - state[Int(at)].distance)
        } else {
            nodes.append(node)
            for a in arcs { nodes.append(graph.head[Int(a)]) }
            return Path(arcs: arcs, nodes: nodes, length: state[Int(node)].distance - state[Int(at)].distance)
        }
    }

    // MARK: Internals (shared with A*, bidirectional search, Yen, reachability)

    /// Starts a new run: invalidates all per-node state in O(heap size) (O(n) once per 2³¹ runs).
    func begin(direction: Direction) {
        heap.removeAll()
        settledNodes.removeAll(keepingCapacity: true)
        self.direction = direction
        if stamp >= UInt32.max - 3 {
            for v in 0..<graph.nodeCount { state[v].mark = 0 }
            if let potentials { for v in 0..<graph.nodeCount { potentials[v].stamp = 0 } }
            stamp = 0
        }
        stamp &+= 2
    }

    /// Reaches `node` at `distance` as a source (keeps the smaller distance if already reached).
    func seed(_ node: UInt32, _ distance: UInt64, budget: UInt64) {
        precondition(Int(node) < graph.nodeCount, "source out of range")
        if distance > budget { return }
        let p = state + Int(node)
        if p.pointee.mark == stamp {
            if distance < p.pointee.distance {
                p.pointee.distance = distance
                heap.decreaseKey(node, to: distance)
            }
        } else {
            p.pointee = NodeState(distance: distance, parentArc: .max, mark: stamp)
            heap.insert(node, key: distance)
        }
    }

    func markTargets(_ targets: [UInt32]) -> Int {
        if targetMarks.count != graph.nodeCount {
            targetMarks = [UInt32](repeating: 0, count: graph.nodeCount)
            targetStamp = 0
        }
        if targetStamp == UInt32.max {
            for i in targetMarks.indices { targetMarks[i] = 0 }
            targetStamp = 0
        }
        targetStamp += 1
        var remaining = 0
        for t in targets {
            precondition(Int(t) < graph.nodeCount, "target out of range")
            if targetMarks[Int(t)] != targetStamp {
                targetMarks[Int(t)] = targetStamp
                remaining += 1
            }
        }
        return remaining
    }

    /// The main loop, on a radix heap (measured ~25% faster than the 4-ary `IndexedHeap` on road
    /// graphs, with the same settle order): the slotted `CompactRadixHeap` when the seeds span
    /// less than 2³² (always, in practice), else `RadixHeap`. `stopNode == .max` for no single
    /// target; `remainingTargets < 0` for no target set.
    func search(weights: [UInt32], stopNode: UInt32, remainingTargets: Int, budget: UInt64) {
        precondition(weights.count == graph.arcCount, "weights must have one entry per arc")
        // Seeds were queued in the indexed heap; move them to the radix heap.
        var seeds: [IndexedHeap.Entry] = []
        for i in 0..<heap.count { seeds.append(heap.entries[i]) }
        seeds.sort { IndexedHeap.less($0, $1) }
        heap.removeAll()
        let lowest = seeds.first?.key ?? 0
        if (seeds.last?.key ?? 0) - lowest < 1 << 32 {
            var radix = compactRadix ?? CompactRadixHeap()
            radix.removeAll()
            radix.last = lowest
            for e in seeds { radix.push(e.key, e.node) }
            search(&radix, weights: weights, stopNode: stopNode, remainingTargets: remainingTargets, budget: budget)
            compactRadix = radix
        } else {
            var radix = self.radix
            radix.removeAll()
            radix.last = lowest
            for e in seeds { radix.push(e.key, e.node) }
            search(&radix, weights: weights, stopNode: stopNode, remainingTargets: remainingTargets, budget: budget)
            self.radix = radix
        }
    }

    func search<Heap: MonotoneHeap>(_ radix: inout Heap, weights: [UInt32], stopNode: UInt32,
                                    remainingTargets: Int, budget: UInt64) {
        var remaining = remainingTargets
        let reverse = direction == .reverse
        let state = self.state
        var settledList = settledNodes
        settledNodes = []
        defer { settledNodes = settledList }
        let reached = stamp
        let settled = stamp &+ 1
        let tStamp = targetStamp
        weights.withUnsafeBufferPointer { wBuf in
        graph.firstOut.withUnsafeBufferPointer { firstOutBuf in
        graph.head.withUnsafeBufferPointer { headBuf in
        graph.firstIn.withUnsafeBufferPointer { firstInBuf in
        graph.inArcs.withUnsafeBufferPointer { inArcsBuf in
        graph.tail.withUnsafeBufferPointer { tailBuf in
        targetMarks.withUnsafeBufferPointer { targetBuf in
            let w = wBuf.baseAddress!
            let first = reverse ? firstInBuf.baseAddress! : firstOutBuf.baseAddress!
            let other = reverse ? tailBuf.baseAddress! : headBuf.baseAddress!
            let inArcs = inArcsBuf.baseAddress
            let targetMark = targetBuf.baseAddress
            while radix.count > 0 {
                radix.prepareMin()
                let du = radix.last
                if du > budget { break }
                let node = radix.topNode
                radix.removeTop()
                let u = Int(node)
                if state[u].mark == settled || state[u].distance != du { continue }  // stale
                state[u].mark = settled
                settledList.append(node)
                if node == stopNode { break }
                if remaining > 0 && targetMark![u] == tStamp {
                    remaining -= 1
                    if remaining == 0 { break }
                }
                var p = Int(first[u])
                let end = Int(first[u &+ 1])
                while p < end {
                    let a = reverse ? Int(inArcs![p]) : p
                    p &+= 1
                    let wa = w[a]
                    if wa == UInt32.max { continue }
                    let nd = du &+ UInt64(wa)
                    if nd < du || nd > budget { continue }  // overflow, or beyond the budget
                    let v = Int(other[a])
                    let sv = state + v
                    let mark = sv.pointee.mark
                    if mark == reached {
                        if nd < sv.pointee.distance {
                            sv.pointee.distance = nd
                            sv.pointee.parentArc = UInt32(truncatingIfNeeded: a)
                            radix.push(nd, UInt32(truncatingIfNeeded: v))
                        }
                    } else if mark != settled {
                        sv.pointee = NodeState(distance: nd, parentArc: UInt32(truncatingIfNeeded: a), mark: reached)
                        radix.push(nd, UInt32(truncatingIfNeeded: v))
                    }
                }
            }
        }}}}}}}
    }

    /// The forward one-to-all loop on interleaved arcs and 8-byte heap entries (measured against
    /// `search`: identical settle order and parents). Needs every distance to fit in 64 bits and the
    /// seeds to span less than 2³² (so keys fit `CompactRadixHeap`); otherwise runs `search`.
    func searchPrepared(_ adjacency: WeightedAdjacency, budget: UInt64) {
        var seeds: [IndexedHeap.Entry] = []
        for i in 0..<heap.count { seeds.append(heap.entries[i]) }
        guard !seeds.isEmpty else { return }
        seeds.sort { IndexedHeap.less($0, $1) }
        let lowest = seeds[0].key
        let highest = seeds[seeds.count - 1].key
        // A settled distance is at most highest + (n − 1)·maxWeight, so a relaxed one at most
        // highest + n·maxWeight: with no overflow there, the loop needs no overflow check.
        let (longest, o1) = UInt64(graph.nodeCount).multipliedReportingOverflow(by: UInt64(adjacency.maxWeight))
        let (_, o2) = highest.addingReportingOverflow(longest)
        if o1 || o2 || highest - lowest >= 1 << 32 {
            search(weights: adjacency.weights, stopNode: .max, remainingTargets: -1, budget: budget)
            return
        }
        heap.removeAll()
        var radix = compactRadix ?? CompactRadixHeap()
        radix.removeAll()
        radix.last = lowest
        for e in seeds { radix.push(e.key, e.node) }
        defer { compactRadix = radix }
        if settledScratch == nil { settledScratch = .allocate(capacity: Swift.max(graph.nodeCount, 1)) }
        let settledOrder = settledScratch!
        var settledCount = 0
        let state = self.state
        let reached = stamp
        let settled = stamp &+ 1
        adjacency.packed.withUnsafeBufferPointer { arcsBuf in
        graph.firstOut.withUnsafeBufferPointer { firstOutBuf in
            guard let arcs = arcsBuf.baseAddress else {
                // No arcs: only the seeds settle.
                while radix.count > 0 {
                    radix.prepareMin()
                    if radix.last > budget { break }
                    let u = radix.topNode
                    radix.removeTop()
                    state[Int(u)].mark = settled
                    settledOrder[settledCount] = u
                    settledCount &+= 1
                }
                return
            }
            let first = firstOutBuf.baseAddress!
            while radix.count > 0 {
                radix.prepareMin()
                let du = radix.last
                if du > budget { break }
                let u = radix.topNode
                radix.removeTop()
                let su = state + Int(u)
                // Stale: a node is pushed once per strict improvement, so only its last entry
                // carries its distance (and it is popped once).
                if su.pointee.distance != du { continue }
                su.pointee.mark = settled
                settledOrder[settledCount] = u
                settledCount &+= 1
                var p = Int(first[Int(u)])
                let end = Int(first[Int(u) &+ 1])
                while p < end {
                    let packed = arcs[p]
                    let arc = UInt32(truncatingIfNeeded: p)
                    p &+= 1
                    let wa = UInt32(truncatingIfNeeded: packed >> 32)
                    if wa == UInt32.max { continue }
                    let nd = du &+ UInt64(wa)
                    if nd > budget { continue }
                    let v = UInt32(truncatingIfNeeded: packed)
                    let sv = state + Int(v)
                    if sv.pointee.mark &- reached < 2 {
                        // Reached or settled (a settled node never improves: nd >= du >= its distance).
                        if nd < sv.pointee.distance {
                            sv.pointee.distance = nd
                            sv.pointee.parentArc = arc
                            radix.push(nd, v)
                        }
                    } else {
                        sv.pointee = NodeState(distance: nd, parentArc: arc, mark: reached)
                        radix.push(nd, v)
                    }
                }
            }
        }}
        settledNodes.append(contentsOf: UnsafeBufferPointer(start: settledOrder, count: settledCount))
    }
}
