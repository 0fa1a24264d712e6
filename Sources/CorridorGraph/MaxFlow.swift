/// A maximum flow and a minimum cut.
public struct MaxFlowResult: Sendable, Equatable {
    /// The maximum flow value (= capacity of the minimum cut).
    public var value: Int64
    /// Flow on each arc of the network (a valid flow: conserved at every node but the terminals).
    public var flow: [Int64]
    /// `true` for the nodes reachable from the source in the residual graph of `flow`: the source side
    /// of the minimum cut closest to the source.
    public var sourceSide: [Bool]
    /// Ids of the arcs with positive capacity from the source side to the other side, increasing.
    /// They are saturated and their capacities sum to `value`.
    public var cutArcs: [UInt32]
}

/// Maximum flow by push-relabel (highest-label selection, current-arc pointers, periodic global
/// relabelling by backward breadth-first search from the sink, gap heuristic), followed by a second
/// phase that returns the excess of the preflow to the source, and a residual search for the cut.
///
/// Uses `capacities` only (costs and supplies are ignored; lower bounds must be zero). A capacity of
/// `FlowNetwork.infiniteCapacity` is infinite: if the source reaches the sink through infinite arcs only,
/// `FlowError.unbounded` is thrown; otherwise infinite capacities are replaced by the capacity of a finite
/// cut plus one, which changes neither the value nor the minimum cuts.
///
/// Complexity: O(n²·√m) for phase one, O(n²·m) worst case for phase two (fast in practice), memory O(n + m).
public enum MaxFlow {
    /// Maximum flow from `source` to `sink`.
    public static func solve(_ network: FlowNetwork, source: UInt32, sink: UInt32) throws(FlowError) -> MaxFlowResult {
        try validate(network)
        let n = network.nodeCount
        if Int(source) >= n || Int(sink) >= n { throw .invalidTerminal("source or sink out of range") }
        if source == sink { throw .invalidTerminal("source equals sink") }
        let core = try PushRelabelCore(network, source: Int(source), sink: Int(sink))
        return core.run()
    }

    /// Maximum flow from a set of sources to a set of sinks (an internal super source and super sink joined
    /// to them by infinite arcs). The result covers the network's own nodes and arcs only.
    public static func solve(_ network: FlowNetwork, sources: [UInt32], sinks: [UInt32]) throws(FlowError)
        -> MaxFlowResult
    {
        try validate(network)
        let n = network.nodeCount
        if sources.isEmpty || sinks.isEmpty { throw .invalidTerminal("no source or no sink") }
        if let bad = (sources + sinks).first(where: { Int($0) >= n }) {
            throw .invalidTerminal("node \(bad) out of range")
        }
        if !Set(sources).isDisjoint(with: sinks) { throw .invalidTerminal("a node is both source and sink") }
        var extended = network
        extended.nodeCount = n + 2
        extended.supplies.append(contentsOf: [0, 0])
        let s = UInt32(n), t = UInt32(n + 1)
        for v in Set(sources).sorted() { extended.addArc(from: s, to: v, capacity: FlowNetwork.infiniteCapacity) }
        for v in Set(sinks).sorted() { extended.addArc(from: v, to: t, capacity: FlowNetwork.infiniteCapacity) }
        let core = try PushRelabelCore(extended, source: Int(s), sink: Int(t))
        let full = core.run()
        let m = network.arcCount
        return MaxFlowResult(
            value: full.value, flow: Array(full.flow[0..<m]), sourceSide: Array(full.sourceSide[0..<n]),
            cutArcs: full.cutArcs.filter { Int($0) < m })
    }

    static func validate(_ network: FlowNetwork) throws(FlowError) {
        if let problem = network.validationProblem() { throw .invalidNetwork(problem) }
        if network.lowerBounds.contains(where: { $0 != 0 }) {
            throw .invalidNetwork("max flow does not support lower bounds")
        }
    }
}

final class PushRelabelCore {
    let n: Int
    let m: Int
    let s: Int
    let t: Int
    let network: FlowNetwork
    // Residual arcs grouped by tail: first[v] ..< first[v+1].
    let first: UnsafeMutablePointer<Int32>
    let resHead: UnsafeMutablePointer<Int32>
    let resCap: UnsafeMutablePointer<Int64>
    let rev: UnsafeMutablePointer<Int32>
    /// Position of the forward residual arc of each network arc (−1 for self-loops).
    let forwardPosition: [Int32]
    let excess: UnsafeMutablePointer<Int64>
    let label: UnsafeMutablePointer<Int32>
    let current: UnsafeMutablePointer<Int32>
    // Buckets by label: active nodes (singly linked), all nodes (doubly linked, for the gap heuristic).
    let activeHead: UnsafeMutablePointer<Int32>
    let nextActive: UnsafeMutablePointer<Int32>
    let allHead: UnsafeMutablePointer<Int32>
    let nextAll: UnsafeMutablePointer<Int32>
    let prevAll: UnsafeMutablePointer<Int32>
    let queue: UnsafeMutablePointer<Int32>
    var maxActive = -1
    var maxLabel = 0
    var work = 0

    init(_ network: FlowNetwork, source: Int, sink: Int) throws(FlowError) {
        self.network = network
        n = network.nodeCount
        m = network.arcCount
        s = source
        t = sink
        let caps = try PushRelabelCore.finiteCapacities(network, source: source, sink: sink)
        var degree = [Int32](repeating: 0, count: n + 1)
        for a in 0..<m where network.tails[a] != network.heads[a] {
            degree[Int(network.tails[a])] += 1
            degree[Int(network.heads[a])] += 1
        }
        let firstOut = UnsafeMutablePointer<Int32>.allocate(capacity: n + 1)
        var total: Int32 = 0
        for v in 0..<n {
            firstOut[v] = total
            total += degree[v]
        }
        firstOut[n] = total
        first = firstOut
        let r = Int(total)
        resHead = .allocate(capacity: max(r, 1))
        resCap = .allocate(capacity: max(r, 1))
        rev = .allocate(capacity: max(r, 1))
        var fill = (0..<n).map { firstOut[$0] }
        var positions = [Int32](repeating: -1, count: m)
        for a in 0..<m {
            let u = Int(network.tails[a]), v = Int(network.heads[a])
            if u == v { continue }
            let pf = fill[u], pb = fill[v]
            fill[u] += 1
            fill[v] += 1
            resHead[Int(pf)] = Int32(v)
            resCap[Int(pf)] = caps[a]
            rev[Int(pf)] = pb
            resHead[Int(pb)] = Int32(u)
            resCap[Int(pb)] = 0
            rev[Int(pb)] = pf
            positions[a] = pf
        }
        forwardPosition = positions
        excess = .allocate(capacity: n)
        excess.initialize(repeating: 0, count: n)
        label = .allocate(capacity: n)
        current = .allocate(capacity: n)
        activeHead = .allocate(capacity: 2 * n + 1)
        nextActive = .allocate(capacity: n)
        allHead = .allocate(capacity: 2 * n + 1)
        nextAll = .allocate(capacity: n)
        prevAll = .allocate(capacity: n)
        queue = .allocate(capacity: n)
        // The total pushed out of the source bounds every excess.
        var out: Int64 = 0
        for p in Int(first[s])..<Int(first[s + 1]) {
            out = try flowCheckedAdd(out, resCap[p], "total capacity out of the source")
        }
        _ = out
    }

    deinit {
        first.deallocate(); resHead.deallocate(); resCap.deallocate(); rev.deallocate()
        excess.deallocate(); label.deallocate(); current.deallocate(); activeHead.deallocate()
        nextActive.deallocate(); allHead.deallocate(); nextAll.deallocate(); prevAll.deallocate()
        queue.deallocate()
    }

    /// Capacities with infinite ones replaced by the capacity of a finite cut (the arcs leaving the set
    /// reachable from the source by infinite arcs).
    static func finiteCapacities(_ network: FlowNetwork, source: Int, sink: Int) throws(FlowError) -> [Int64] {
        let inf = FlowNetwork.infiniteCapacity
        guard network.capacities.contains(inf) else { return network.capacities }
        let (graph, order) = CSRGraph.build(nodeCount: network.nodeCount, tails: network.tails, heads: network.heads)
        var reached = [Bool](repeating: false, count: network.nodeCount)
        reached[source] = true
        var stack = [UInt32(source)]
        while let v = stack.popLast() {
            for p in graph.outArcs(of: v) where network.capacities[Int(order[p])] == inf {
                let w = Int(graph.head[p])
                if !reached[w] {
                    reached[w] = true
                    stack.append(UInt32(w))
                }
            }
        }
        if reached[sink] { throw .unbounded }
        var bound: Int64 = 0
        for a in 0..<network.arcCount where reached[Int(network.tails[a])] && !reached[Int(network.heads[a])] {
            bound = try flowCheckedAdd(bound, network.capacities[a], "capacity of the cut around the source")
        }
        // One more than a finite cut, so no minimum cut ever contains a formerly infinite arc.
        let capped = try flowCheckedAdd(bound, 1, "capacity of the cut around the source")
        return network.capacities.map { $0 == inf ? capped : $0 }
    }

    @inline(__always) func addActive(_ v: Int, _ d: Int) {
        nextActive[v] = activeHead[d]
        activeHead[d] = Int32(v)
        if d > maxActive { maxActive = d }
    }

    @inline(__always) func addToAll(_ v: Int, _ d: Int) {
        let h = allHead[d]
        nextAll[v] = h
        prevAll[v] = -1
        if h >= 0 { prevAll[Int(h)] = Int32(v) }
        allHead[d] = Int32(v)
        if d > maxLabel { maxLabel = d }
    }

    @inline(__always) func removeFromAll(_ v: Int, _ d: Int) {
        let p = prevAll[v], q = nextAll[v]
        if p >= 0 { nextAll[Int(p)] = q } else { allHead[d] = q }
        if q >= 0 { prevAll[Int(q)] = p }
    }

    /// Exact distance labels to the sink by backward BFS; rebuilds the buckets.
    func globalRelabel() {
        work = 0
        for d in 0...maxLabel {
            activeHead[d] = -1
            allHead[d] = -1
        }
        maxActive = -1
        maxLabel = 0
        let dead = Int32(n)
        for v in 0..<n {
            label[v] = dead
            current[v] = first[v]
        }
        label[t] = 0
        var head = 0, tail = 0
        queue[tail] = Int32(t); tail += 1
        addToAll(t, 0)
        while head < tail {
            let w = Int(queue[head]); head += 1
            let dw = label[w] + 1
            for p in Int(first[w])..<Int(first[w + 1]) {
                let x = Int(resHead[p])
                if label[x] == dead && resCap[Int(rev[p])] > 0 && x != s {
                    label[x] = dw
                    queue[tail] = Int32(x); tail += 1
                    addToAll(x, Int(dw))
                    if excess[x] > 0 { addActive(x, Int(dw)) }
                }
            }
        }
    }

    func run() -> MaxFlowResult {
        for d in 0...(2 * n) {
            activeHead[d] = -1
            allHead[d] = -1
        }
        maxLabel = 2 * n
        // Saturate the arcs out of the source.
        for p in Int(first[s])..<Int(first[s + 1]) {
            let delta = resCap[p]
            if delta == 0 { continue }
            let w = Int(resHead[p])
            resCap[p] = 0
            resCap[Int(rev[p])] &+= delta
            excess[w] &+= delta
            excess[s] &-= delta
        }
        globalRelabel()
        label[s] = Int32(n)
        let threshold = 6 * n + m
        while maxActive >= 0 {
            let v = Int(activeHead[maxActive])
            if v < 0 {
                maxActive -= 1
                continue
            }
            activeHead[maxActive] = nextActive[v]
            if Int(label[v]) != maxActive { continue }  // stale entry
            discharge(v)
            if work > threshold { globalRelabel() }
        }
        returnExcessToSource()
        return result()
    }

    /// Pushes from `v` along admissible arcs, relabelling as needed, until its excess is gone or it is
    /// found unable to reach the sink.
    @inline(__always) func discharge(_ v: Int) {
        let end = Int(first[v + 1])
        var d = Int(label[v])
        while true {
            var p = Int(current[v])
            let target = Int32(d - 1)
            var e = excess[v]
            while p < end {
                if resCap[p] > 0 {
                    let w = Int(resHead[p])
                    if label[w] == target {
                        let delta = min(e, resCap[p])
                        resCap[p] &-= delta
                        resCap[Int(rev[p])] &+= delta
                        if excess[w] == 0 && w != t { addActive(w, d - 1) }
                        excess[w] &+= delta
                        e &-= delta
                        if e == 0 { break }
                    }
                }
                p += 1
            }
            excess[v] = e
            if e == 0 {
                current[v] = Int32(p)
                return
            }
            // Relabel.
            let begin = Int(first[v])
            work += 12 + (end - begin)
            var newLabel = n
            var newCurrent = begin
            for q in begin..<end where resCap[q] > 0 {
                let l = Int(label[Int(resHead[q])]) + 1
                if l < newLabel {
                    newLabel = l
                    newCurrent = q
                }
            }
            removeFromAll(v, d)
            if allHead[d] < 0 {
                // Gap: nothing left at label d, so no node above it reaches the sink.
                if d + 1 <= maxLabel {
                    for dd in (d + 1)...maxLabel {
                        var x = allHead[dd]
                        while x >= 0 {
                            label[Int(x)] = Int32(n)
                            x = nextAll[Int(x)]
                        }
                        allHead[dd] = -1
                        activeHead[dd] = -1
                    }
                }
                maxLabel = d - 1
                label[v] = Int32(n)
                return
            }
            if newLabel >= n {
                label[v] = Int32(n)
                return
            }
            label[v] = Int32(newLabel)
            current[v] = Int32(newCurrent)
            addToAll(v, newLabel)
            d = newLabel
        }
    }

    /// Phase two: push-relabel towards the source (labels = residual distance to the source, the sink
    /// excluded) until only the sink holds excess.
    func returnExcessToSource() {
        let far = Int32(4 * n + 4)
        for v in 0..<n {
            label[v] = far
            current[v] = first[v]
        }
        label[s] = 0
        var head = 0, tail = 0
        queue[tail] = Int32(s); tail += 1
        while head < tail {
            let w = Int(queue[head]); head += 1
            for p in Int(first[w])..<Int(first[w + 1]) {
                let x = Int(resHead[p])
                if label[x] == far && x != t && resCap[Int(rev[p])] > 0 {
                    label[x] = label[w] + 1
                    queue[tail] = Int32(x); tail += 1
                }
            }
        }
        // FIFO over nodes with excess; a ring buffer of capacity n suffices (each node queued once at a time).
        var inQueue = [Bool](repeating: false, count: n)
        var ring = [Int32]()
        ring.reserveCapacity(n)
        for v in 0..<n where v != s && v != t && excess[v] > 0 {
            ring.append(Int32(v))
            inQueue[v] = true
        }
        var front = 0
        while front < ring.count {
            let v = Int(ring[front]); front += 1
            inQueue[v] = false
            let begin = Int(first[v]), end = Int(first[v + 1])
            while excess[v] > 0 {
                var p = Int(current[v])
                let targetLabel = label[v] - 1
                while p < end && excess[v] > 0 {
                    let w = Int(resHead[p])
                    if resCap[p] > 0 && label[w] == targetLabel {
                        let delta = min(excess[v], resCap[p])
                        resCap[p] &-= delta
                        resCap[Int(rev[p])] &+= delta
                        excess[v] &-= delta
                        excess[w] &+= delta
                        if w != s && w != t && !inQueue[w] {
                            inQueue[w] = true
                            ring.append(Int32(w))
                        }
                        if excess[v] == 0 { break }
                    }
                    p += 1
                }
                current[v] = Int32(min(p, end))
                if excess[v] == 0 { break }
                var newLabel = far
                var newCurrent = begin
                for q in begin..<end where resCap[q] > 0 {
                    let x = Int(resHead[q])
                    if x == t { continue }
                    let l = label[x] + 1
                    if l < newLabel {
                        newLabel = l
                        newCurrent = q
                    }
                }
                label[v] = newLabel
                current[v] = Int32(newCurrent)
            }
            if front > 4 * n {
                ring.removeFirst(front)
                front = 0
            }
        }
    }

    func result() -> MaxFlowResult {
        var flow = [Int64](repeating: 0, count: m)
        for a in 0..<m {
            let pf = forwardPosition[a]
            if pf >= 0 { flow[a] = resCap[Int(rev[Int(pf)])] }
        }
        var side = [Bool](repeating: false, count: n)
        side[s] = true
        var stack = [Int32(s)]
        while let v = stack.popLast() {
            for p in Int(first[Int(v)])..<Int(first[Int(v) + 1]) where resCap[p] > 0 {
                let w = Int(resHead[p])
                if !side[w] {
                    side[w] = true
                    stack.append(Int32(w))
                }
            }
        }
        var cut: [UInt32] = []
        for a in 0..<m
        where side[Int(network.tails[a])] && !side[Int(network.heads[a])] && network.capacities[a] > 0 {
            cut.append(UInt32(a))
        }
        return MaxFlowResult(value: excess[t], flow: flow, sourceSide: side, cutArcs: cut)
    }
}
