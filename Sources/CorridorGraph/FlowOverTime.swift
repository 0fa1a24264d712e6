/// Maximum flows over time (Ford & Fulkerson 1958): how much can arrive at the sink by time `T` when each arc carries
/// at most `capacity` per unit of time and takes `costs[a]` units of time to traverse (its transit time, ≥ 0).
///
/// The maximum amount that can arrive by `T` is `max over static flows x of (T·|x| − Σ transit·x)`. The minimum
/// transit cost of a static flow of value `v` is convex and piecewise linear in `v`, with slopes equal to the lengths
/// `d₁ ≤ d₂ ≤ …` of the successive shortest augmenting paths (amounts `δᵢ`), so for every horizon
///
///     V(T) = Σᵢ δᵢ · max(0, T − dᵢ),
///
/// which one successive-shortest-path run gives for all horizons at once (`Profile`). The value is achieved by a
/// temporally repeated flow: decompose the static flow optimal for `T` into paths and send along each path `P`, at
/// its rate, from time 0 until `T − transit(P)` (`temporallyRepeatedFlow`, from one min-cost circulation with a
/// return arc of cost −T). Time is continuous: integer transit times in any unit (seconds, hours); with integer
/// transit times and an integer horizon the value equals the maximum flow of the discrete time-expanded network
/// (`TimeExpandedNetwork`), which the tests check.
///
/// Complexity: `profile` O(A · m log n) for A augmentations (each saturates an arc of the residual graph);
/// `temporallyRepeatedFlow` one min-cost-flow solve plus O(paths · n) for the decomposition.
public enum FlowOverTime {
    /// The arrival function `V(T)` of a network: the successive shortest path lengths and the rate each adds.
    public struct Profile: Sendable, Equatable {
        /// One step of the arrival function: from `transit` on, `rate` more arrives per unit of time.
        public struct Step: Sendable, Equatable {
            /// Length (transit time) of the shortest augmenting paths of this step.
            public var transit: Int64
            /// Flow rate those paths add (per unit of time).
            public var rate: Int64
        }
        /// Steps by increasing transit; equal transits merged.
        public var steps: [Step]
        /// Static maximum flow (the sum of the rates): the long-run arrival rate.
        public var maximumRate: Int64 { steps.reduce(0) { $0 + $1.rate } }

        /// `V(T)`: the most that can arrive by horizon `T`, in rate × time units (exact); nil on overflow.
        public func value(atHorizon horizon: Int64) -> Int64? {
            var total: Int64 = 0
            for s in steps where s.transit < horizon {
                let (p, o1) = s.rate.multipliedReportingOverflow(by: horizon - s.transit)
                let (t, o2) = total.addingReportingOverflow(p)
                if o1 || o2 { return nil }
                total = t
            }
            return total
        }

        /// `V(T)` for a real horizon (rate × time units).
        public func value(atHorizon horizon: Double) -> Double {
            steps.reduce(0.0) { $0 + Double($1.rate) * max(0, horizon - Double($1.transit)) }
        }

        /// The earliest horizon `T` with `V(T) ≥ amount` (rate × time units), exact up to floating point; nil when
        /// nothing can arrive (`maximumRate == 0`) and `amount > 0`.
        public func earliestHorizon(delivering amount: Double) -> Double? {
            guard amount > 0 else { return 0 }
            var rate = 0.0, intercept = 0.0
            for (i, s) in steps.enumerated() {
                rate += Double(s.rate)
                intercept += Double(s.rate) * Double(s.transit)
                guard rate > 0 else { continue }
                // On [transit_i, transit_{i+1}], V(T) = rate·T − intercept.
                let t = (amount + intercept) / rate
                let end = i + 1 < steps.count ? Double(steps[i + 1].transit) : .infinity
                if t <= end { return max(t, Double(s.transit)) }
            }
            return nil
        }
    }

    /// A temporally repeated flow for one horizon.
    public struct TemporallyRepeatedFlow: Sendable, Equatable {
        /// One path of the decomposition: sent at `rate` from time 0 until `horizon − transit`.
        public struct Path: Sendable, Equatable {
            /// Arc ids from source to sink.
            public var arcs: [UInt32]
            /// Flow rate along the path (per unit of time).
            public var rate: Int64
            /// Sum of the arcs' transit times; ≤ the horizon.
            public var transit: Int64
        }
        /// The horizon it was computed for.
        public var horizon: Int64
        /// The static flow (per arc) of an optimal min-cost circulation.
        public var staticFlow: [Int64]
        /// The static flow decomposed into source–sink paths (zero-transit cycles dropped), deterministic.
        public var paths: [Path]
        /// `Σ rate · (horizon − transit)` over the paths (rate × time units).
        public var value: Int64

        /// Amount arrived by time `t ≤ horizon` under this plan: `Σ rate · max(0, t − transit)`.
        public func arrived(by t: Double) -> Double {
            paths.reduce(0.0) { $0 + Double($1.rate) * max(0, min(t, Double(horizon)) - Double($1.transit)) }
        }
    }

    /// The arrival function of `network` (capacities per unit of time, `costs` = transit times ≥ 0) from `source` to
    /// `sink`, by successive shortest paths (Dijkstra on reduced costs).
    /// - Throws: `FlowError.invalidNetwork` for negative transit times or lower bounds, `.invalidTerminal`,
    ///   `.unbounded` when an augmenting path has infinite capacity, `.overflow`.
    public static func profile(_ network: FlowNetwork, source: UInt32, sink: UInt32) throws(FlowError) -> Profile {
        try validate(network, source: source, sink: sink)
        var ssp = SuccessiveShortestPaths(network, source: Int(source), sink: Int(sink))
        var steps: [Profile.Step] = []
        while let (length, amount) = try ssp.augment(limit: nil) {
            if let last = steps.last, last.transit == length {
                steps[steps.count - 1].rate = try flowCheckedAdd(last.rate, amount, "rate")
            } else {
                steps.append(Profile.Step(transit: length, rate: amount))
            }
        }
        return Profile(steps: steps)
    }

    /// The temporally repeated flow optimal for `horizon`: one static min-cost circulation (`MinCostFlow.solve`) with
    /// a return arc sink → source of cost −horizon, decomposed into paths.
    /// - Throws: as `profile`.
    public static func temporallyRepeatedFlow(_ network: FlowNetwork, source: UInt32, sink: UInt32, horizon: Int64)
        throws(FlowError) -> TemporallyRepeatedFlow
    {
        try validate(network, source: source, sink: sink)
        guard horizon >= 0 else { throw .invalidNetwork("negative horizon") }
        var bound: Int64 = 1
        for c in network.capacities where c != FlowNetwork.infiniteCapacity { bound = try flowCheckedAdd(bound, c, "total capacity") }
        var circulation = network
        circulation.supplies = [Int64](repeating: 0, count: network.nodeCount)
        let back = circulation.addArc(from: sink, to: source, capacity: bound, cost: -horizon)
        let solved = try MinCostFlow.solve(circulation)
        guard case .optimal = solved.status else { throw .invalidNetwork("the circulation has no optimal solution (\(solved.status))") }
        if solved.flow[Int(back)] == bound { throw .unbounded }
        var flow = Array(solved.flow[0..<network.arcCount])
        let paths = decompose(network, flow: &flow, source: Int(source), sink: Int(sink))
        var value: Int64 = 0
        for p in paths {
            value = try flowCheckedAdd(value, try flowCheckedMultiply(p.rate, horizon - p.transit, "value"), "value")
        }
        return TemporallyRepeatedFlow(horizon: horizon, staticFlow: Array(solved.flow[0..<network.arcCount]), paths: paths,
                                      value: value)
    }

    static func validate(_ network: FlowNetwork, source: UInt32, sink: UInt32) throws(FlowError) {
        if let problem = network.validationProblem() { throw .invalidNetwork(problem) }
        if network.lowerBounds.contains(where: { $0 != 0 }) { throw .invalidNetwork("flows over time do not support lower bounds") }
        if let a = network.costs.firstIndex(where: { $0 < 0 }) { throw .invalidNetwork("arc \(a) has a negative transit time") }
        if Int(source) >= network.nodeCount || Int(sink) >= network.nodeCount { throw .invalidTerminal("source or sink out of range") }
        if source == sink { throw .invalidTerminal("source equals sink") }
    }

    /// Source–sink paths of a flow, by arc id order; cycles met on the way are cancelled and dropped. Consumes `flow`.
    static func decompose(_ network: FlowNetwork, flow: inout [Int64], source: Int, sink: Int) -> [TemporallyRepeatedFlow.Path] {
        let n = network.nodeCount
        var out = [[UInt32]](repeating: [], count: n)
        for a in 0..<network.arcCount where flow[a] > 0 { out[Int(network.tails[a])].append(UInt32(a)) }
        var next = [Int](repeating: 0, count: n)
        var paths: [TemporallyRepeatedFlow.Path] = []
        while true {
            // Walk from the source along arcs with flow left; a revisited node closes a cycle, which is cancelled.
            var walk: [UInt32] = []
            var position = [Int](repeating: -1, count: n)
            var v = source
            position[v] = 0
            while v != sink {
                while next[v] < out[v].count && flow[Int(out[v][next[v]])] == 0 { next[v] += 1 }
                guard next[v] < out[v].count else { break }
                let a = out[v][next[v]]
                walk.append(a)
                let w = Int(network.heads[Int(a)])
                if position[w] >= 0 {
                    let cycle = walk[position[w]...]
                    let amount = cycle.map { flow[Int($0)] }.min()!
                    for c in cycle { flow[Int(c)] -= amount }
                    for c in cycle { position[Int(network.tails[Int(c)])] = -1 }
                    walk.removeLast(cycle.count)
                    position[w] = walk.count
                    v = w
                    continue
                }
                position[w] = walk.count
                v = w
            }
            guard v == sink, !walk.isEmpty else { break }
            let rate = walk.map { flow[Int($0)] }.min()!
            for a in walk { flow[Int(a)] -= rate }
            let transit = walk.reduce(Int64(0)) { $0 + network.costs[Int($1)] }
            paths.append(TemporallyRepeatedFlow.Path(arcs: walk, rate: rate, transit: transit))
        }
        return paths
    }
}

/// Successive shortest paths on a residual graph with node potentials (reduced costs stay ≥ 0).
struct SuccessiveShortestPaths {
    let n: Int
    let source: Int, sink: Int
    /// Residual arcs grouped by tail: `first[v] ..< first[v+1]`; arc `r` and `r ^ 1` are each other's reverse
    /// only through `mate`.
    var first: [Int]
    var head: [Int32]
    var residual: [Int64]
    var cost: [Int64]
    var mate: [Int32]
    /// Residual position of each network arc's forward residual arc.
    var forward: [Int32]
    var potential: [Int64]
    let heap: IndexedHeap

    init(_ network: FlowNetwork, source: Int, sink: Int) {
        n = network.nodeCount
        self.source = source; self.sink = sink
        let m = network.arcCount
        var degree = [Int](repeating: 0, count: n + 1)
        for a in 0..<m { degree[Int(network.tails[a])] += 1; degree[Int(network.heads[a])] += 1 }
        first = [Int](repeating: 0, count: n + 1)
        for v in 0..<n { first[v + 1] = first[v] + degree[v] }
        let r = first[n]
        head = [Int32](repeating: 0, count: r); residual = [Int64](repeating: 0, count: r)
        cost = [Int64](repeating: 0, count: r); mate = [Int32](repeating: 0, count: r)
        forward = [Int32](repeating: -1, count: m)
        var fill = first
        for a in 0..<m {
            let (u, v) = (Int(network.tails[a]), Int(network.heads[a]))
            let p = fill[u]; fill[u] += 1
            let q = fill[v]; fill[v] += 1
            head[p] = Int32(v); residual[p] = network.capacities[a]; cost[p] = network.costs[a]; mate[p] = Int32(q)
            head[q] = Int32(u); residual[q] = 0; cost[q] = -network.costs[a]; mate[q] = Int32(p)
            forward[a] = Int32(p)
        }
        potential = [Int64](repeating: 0, count: n)
        heap = IndexedHeap(capacity: n)
    }

    /// Flow on each network arc so far.
    func flow(arcCount m: Int) -> [Int64] { (0..<m).map { residual[Int(mate[Int(forward[$0])])] } }

    /// Augments along one shortest residual path (by at most `limit`); returns its length (transit) and amount, or
    /// nil when the sink is unreachable.
    mutating func augment(limit: Int64?) throws(FlowError) -> (Int64, Int64)? {
        let unreached = Int64.max
        var dist = [Int64](repeating: unreached, count: n)
        var parent = [Int32](repeating: -1, count: n)
        heap.removeAll()
        dist[source] = 0
        heap.insert(UInt32(source), key: 0)
        while let (node, key) = heap.popMin() {
            let v = Int(node)
            let d = Int64(bitPattern: key)
            for r in first[v]..<first[v + 1] where residual[r] > 0 {
                let w = Int(head[r])
                let reduced = cost[r] + potential[v] - potential[w]
                let (nd, o) = d.addingReportingOverflow(reduced)
                if o { throw .overflow("path length") }
                if nd < dist[w] {
                    dist[w] = nd
                    parent[w] = Int32(r)
                    _ = heap.insertOrDecrease(UInt32(w), key: UInt64(bitPattern: nd))
                }
            }
        }
        guard dist[sink] != unreached else { return nil }
        let dt = dist[sink]
        for v in 0..<n { potential[v] += min(dist[v], dt) }
        var amount = limit ?? Int64.max
        var v = sink
        while v != source {
            let r = Int(parent[v])
            amount = min(amount, residual[r])
            v = Int(head[Int(mate[r])])
        }
        if amount == FlowNetwork.infiniteCapacity { throw .unbounded }
        v = sink
        while v != source {
            let r = Int(parent[v])
            if residual[r] != FlowNetwork.infiniteCapacity { residual[r] -= amount }
            let back = Int(mate[r])
            residual[back] = try flowCheckedAdd(residual[back], amount, "residual capacity")
            v = Int(head[back])
        }
        return (potential[sink] - potential[source], amount)
    }
}
