/// Minimum-cost flow by cost scaling (Goldberg–Tarjan), with partial augment-relabel steps.
///
/// Works on a network without lower bounds whose supplies sum to zero (`ExtendedNetwork` prepares it).
/// Costs are multiplied by `K = n + 1`; a flow that is 1-optimal for the scaled costs is optimal for
/// the original ones. Starting from ε = max|scaled cost| / α, each phase turns the flow of the previous
/// phase into an ε-optimal one and divides ε by α (α = 16) until ε = 1:
///
/// - **Price refinement** (from the second phase on): before refining, try to make the current flow
///   ε-optimal by lowering prices only (longest paths through the admissible graph in topological
///   order, propagated through all residual arcs); when that succeeds the phase is skipped. An
///   admissible cycle found on the way is cancelled (it has negative cost) and the phase is refined.
/// - **Refine**: saturate every residual arc of negative reduced cost, then discharge active nodes
///   (FIFO) by *partial augment-relabel*: walk admissible arcs from an active node for at most four
///   steps (relabelling and stepping back at dead ends) and push along the walk.
/// - **Global price updates**: after every `n` relabels, prices are set from the distances to the
///   deficit nodes in the residual graph (Dial buckets, lengths `⌊reduced cost / ε⌋ + 1`, stopped as
///   soon as every active node is reached). An active node that reaches no deficit node proves the
///   instance infeasible. Each arc also stores its partner's residual capacity, so this backward
///   search scans arcs sequentially.
///
/// At the end, exact integer potentials for the original costs come from one Dijkstra search on the
/// optimal residual graph with lengths `K·cost + 1` (reduced by the final prices, so they are
/// nonnegative): `π(v) = ⌊dist(v) / K⌋` (paths have fewer than `K` arcs, so the `+1`s never add up to `K`).
///
/// All arithmetic is exact on `Int64`. The caller checks that `16·K·max|cost|·(n+2)` and the total
/// capacity fit (see `CostScalingSolver.make`); prices are also checked at every global update, and a
/// solve whose prices leave the safe range reports `.outOfRange` instead of wrapping.
///
/// Complexity: O(n²·m·log(n·C)) in the worst case (C = max|cost|); in practice a few passes over
/// the arcs per phase and O(log_α(n·C)) phases. Memory: 32 bytes per residual arc (two per arc).
final class CostScalingSolver {
    enum Outcome: Equatable { case optimal, infeasible, outOfRange }

    /// One residual arc; arcs are grouped by tail (CSR), `reverse` is the index of the partner arc.
    struct Arc {
        var residual: Int64
        var cost: Int64
        var head: Int32
        var reverse: Int32
    }

    static let alpha: Int64 = 16
    /// Longest walk of one partial augmentation.
    static let maxPathLength = 4
    /// Rounds of price refinement before giving up and refining.
    static let priceRefinementRounds = 32
    /// Prices must stay within ±priceLimit (checked at every global update).
    static let priceLimit = Int64.max / 4

    let nodeCount: Int
    let arcCount: Int
    let scale: Int64
    let arcs: UnsafeMutablePointer<Arc>
    /// Residual capacity of each arc's partner, stored at the arc (kept equal to
    /// `arcs[arcs[a].reverse].residual`): the global update reads in-arcs while scanning out-arcs
    /// sequentially instead of jumping to every partner.
    let partnerResidual: UnsafeMutablePointer<Int64>
    let firstOut: UnsafeMutablePointer<Int32>
    let nextOut: UnsafeMutablePointer<Int32>
    let excess: UnsafeMutablePointer<Int64>
    let price: UnsafeMutablePointer<Int64>
    /// Residual arc of each input arc that has capacity (−1 for arcs of capacity 0).
    let forwardArc: [Int32]
    // Active nodes: FIFO ring buffer, each node at most once.
    let queue: UnsafeMutablePointer<Int32>
    let queued: UnsafeMutablePointer<Bool>
    /// Depth-first search stack (price refinement).
    let stack: UnsafeMutablePointer<Int32>
    var queueHead = 0
    var queueCount = 0
    // Global update buckets (doubly linked lists) and ranks.
    let rank: UnsafeMutablePointer<Int32>
    let bucketHead: UnsafeMutablePointer<Int32>
    let bucketNext: UnsafeMutablePointer<Int32>
    let bucketPrev: UnsafeMutablePointer<Int32>
    let maxRank: Int
    /// Largest price drop (in ε) that price refinement considers.
    let maxPriceDrop: Int
    var maxScaledCost: Int64 = 0
    // Counters (for benchmarks and tests).
    var relabels = 0
    var globalUpdates = 0
    var skippedPhases = 0
    var priceRefinementRounds = 0

    /// Builds the residual network. `capacities` must be finite (the caller caps infinite ones) and
    /// the costs already scaled by `scale`.
    init(nodeCount n: Int, tails: [UInt32], heads: [UInt32], capacities: [Int64], scaledCosts: [Int64],
         supplies: [Int64], scale: Int64) {
        nodeCount = n
        self.scale = scale
        var degree = [Int32](repeating: 0, count: n + 1)
        var used = 0
        for a in 0..<tails.count where capacities[a] > 0 {
            degree[Int(tails[a])] += 1
            degree[Int(heads[a])] += 1
            used += 1
        }
        arcCount = 2 * used
        arcs = .allocate(capacity: max(arcCount, 1))
        partnerResidual = .allocate(capacity: max(arcCount, 1))
        firstOut = .allocate(capacity: n + 1)
        nextOut = .allocate(capacity: max(n, 1))
        excess = .allocate(capacity: max(n, 1))
        price = .allocate(capacity: max(n, 1))
        queue = .allocate(capacity: max(n, 1))
        queued = .allocate(capacity: max(n, 1))
        stack = .allocate(capacity: max(n, 1))
        rank = .allocate(capacity: max(n, 1))
        bucketNext = .allocate(capacity: max(n, 1))
        bucketPrev = .allocate(capacity: max(n, 1))
        maxRank = n + 1
        maxPriceDrop = Int(CostScalingSolver.alpha) * (n + 1)
        bucketHead = .allocate(capacity: maxPriceDrop + 1)
        bucketHead.initialize(repeating: -1, count: maxPriceDrop + 1)
        var start: Int32 = 0
        for u in 0..<n {
            firstOut[u] = start
            nextOut[u] = start
            start += degree[u]
        }
        firstOut[n] = start
        var forward = [Int32](repeating: -1, count: tails.count)
        var maxCost: Int64 = 0
        for a in 0..<tails.count where capacities[a] > 0 {
            let u = Int(tails[a]), v = Int(heads[a])
            let i = Int(nextOut[u])
            nextOut[u] += 1
            let j = Int(nextOut[v])
            nextOut[v] += 1
            let c = scaledCosts[a]
            maxCost = max(maxCost, abs(c))
            arcs[i] = Arc(residual: capacities[a], cost: c, head: Int32(v), reverse: Int32(j))
            arcs[j] = Arc(residual: 0, cost: -c, head: Int32(u), reverse: Int32(i))
            partnerResidual[i] = 0
            partnerResidual[j] = capacities[a]
            forward[a] = Int32(i)
        }
        forwardArc = forward
        maxScaledCost = maxCost
        for u in 0..<n {
            nextOut[u] = firstOut[u]
            excess[u] = supplies[u]
            price[u] = 0
            queued[u] = false
            rank[u] = Int32.max
        }
    }

    deinit {
        arcs.deallocate(); partnerResidual.deallocate(); firstOut.deallocate(); nextOut.deallocate(); excess.deallocate()
        price.deallocate(); queue.deallocate(); queued.deallocate(); stack.deallocate(); rank.deallocate()
        bucketHead.deallocate(); bucketNext.deallocate(); bucketPrev.deallocate()
    }

    /// Flow on input arc `a`.
    func flow(ofInputArc a: Int) -> Int64 {
        let i = Int(forwardArc[a])
        return i < 0 ? 0 : arcs[Int(arcs[i].reverse)].residual
    }

    // MARK: Scaling loop

    func run() -> Outcome {
        if nodeCount == 0 { return .optimal }
        var epsilon = max(1, maxScaledCost / CostScalingSolver.alpha)
        var phase = 0
        while true {
            phase += 1
            let skipped = phase > 1 && priceRefinement(epsilon)
            if skipped { skippedPhases += 1 }
            if !skipped {
                let outcome = refine(epsilon)
                if outcome != .optimal { return outcome }
            }
            if epsilon == 1 { break }
            epsilon = max(1, epsilon / CostScalingSolver.alpha)
        }
        return .optimal
    }

    /// Moves `delta` units of flow along residual arc `a`.
    @inline(__always)
    func push(_ a: Int, _ delta: Int64) {
        let back = Int(arcs[a].reverse)
        arcs[a].residual &-= delta
        arcs[back].residual &+= delta
        partnerResidual[back] &-= delta
        partnerResidual[a] &+= delta
    }

    @inline(__always)
    func enqueue(_ v: Int) {
        if queued[v] { return }
        queued[v] = true
        var slot = queueHead + queueCount
        if slot >= nodeCount { slot -= nodeCount }
        queue[slot] = Int32(v)
        queueCount += 1
    }

    /// Turns the current pseudoflow into an ε-optimal flow.
    func refine(_ epsilon: Int64) -> Outcome {
        let n = nodeCount
        let arcs = self.arcs, firstOut = self.firstOut, nextOut = self.nextOut
        let excess = self.excess, price = self.price
        // Saturate the arcs of negative reduced cost: the pseudoflow becomes 0-optimal.
        for u in 0..<n {
            let pu = price[u]
            var a = Int(firstOut[u])
            let end = Int(firstOut[u + 1])
            while a < end {
                let r = arcs[a].residual
                if r > 0 {
                    let v = Int(arcs[a].head)
                    if arcs[a].cost &+ pu &- price[v] < 0 {
                        push(a, r)
                        excess[u] &-= r
                        excess[v] &+= r
                    }
                }
                a += 1
            }
        }
        queueHead = 0
        queueCount = 0
        for u in 0..<n {
            queued[u] = false
            nextOut[u] = firstOut[u]
            if excess[u] > 0 { enqueue(u) }
        }
        if queueCount == 0 { return .optimal }
        // Prices are updated globally after every n relabels.
        let updateInterval = n
        var nextUpdate = relabels + updateInterval

        let maxLength = CostScalingSolver.maxPathLength
        var pathNode = [Int](repeating: 0, count: maxLength + 1)
        var pathArc = [Int](repeating: 0, count: maxLength)
        let queue = self.queue, queued = self.queued
        while queueCount > 0 {
            let start = Int(queue[queueHead])
            if excess[start] <= 0 {
                queued[start] = false
                queueHead += 1
                if queueHead == n { queueHead = 0 }
                queueCount -= 1
                continue
            }
            // Walk admissible arcs from `start`.
            var length = 0
            var tip = start
            pathNode[0] = start
            walk: while length < maxLength && excess[tip] >= 0 {
                let pt = price[tip]
                var a = Int(nextOut[tip])
                let end = Int(firstOut[tip + 1])
                var minReduced = Int64.max
                while a < end {
                    if arcs[a].residual > 0 {
                        let v = Int(arcs[a].head)
                        let rc = arcs[a].cost &+ pt &- price[v]
                        if rc < 0 {
                            nextOut[tip] = Int32(a)
                            pathArc[length] = a
                            length += 1
                            pathNode[length] = v
                            // A walk that returns to one of its nodes pushes around the cycle.
                            for i in 0..<length where pathNode[i] == v { break walk }
                            tip = v
                            continue walk
                        }
                        if rc < minReduced { minReduced = rc }
                    }
                    a += 1
                }
                // Relabel `tip`: the cheapest residual arc (and the arc back along the walk, which
                // the push will open) gets reduced cost −ε.
                if tip != start {
                    let back = Int(arcs[pathArc[length - 1]].reverse)
                    let rc = arcs[back].cost &+ pt &- price[Int(arcs[back].head)]
                    if rc < minReduced { minReduced = rc }
                }
                a = Int(firstOut[tip])
                let stop = Int(nextOut[tip])
                while a < stop {
                    if arcs[a].residual > 0 {
                        let rc = arcs[a].cost &+ pt &- price[Int(arcs[a].head)]
                        if rc < minReduced { minReduced = rc }
                    }
                    a += 1
                }
                // No residual arc at all: the excess of `start` cannot leave it.
                if minReduced == Int64.max { return .infeasible }
                price[tip] = pt &- (minReduced &+ epsilon)
                nextOut[tip] = firstOut[tip]
                relabels += 1
                if tip != start {
                    length -= 1
                    tip = pathNode[length]
                }
                // Time for a global update (which also notices excess that cannot reach any deficit).
                if relabels >= nextUpdate { break walk }
            }
            // Push along the walk, as much as each arc and node allow.
            for i in 0..<length {
                let u = pathNode[i]
                let a = pathArc[i]
                let delta = min(arcs[a].residual, excess[u])
                if delta <= 0 { break }
                let v = pathNode[i + 1]
                push(a, delta)
                excess[u] &-= delta
                excess[v] &+= delta
                if excess[v] > 0 { enqueue(v) }
            }
            if relabels >= nextUpdate {
                let outcome = globalUpdate(epsilon)
                if outcome != .optimal { return outcome }
                nextUpdate = relabels + updateInterval
            }
        }
        return .optimal
    }

    // MARK: Global price update

    /// Sets prices from the distances (in ε units) of every node to the nearest deficit node in the
    /// residual graph; `.infeasible` when an active node reaches no deficit node.
    func globalUpdate(_ epsilon: Int64) -> Outcome {
        globalUpdates += 1
        let n = nodeCount
        let arcs = self.arcs, firstOut = self.firstOut, excess = self.excess, price = self.price
        let partnerResidual = self.partnerResidual
        let rank = self.rank, bucketHead = self.bucketHead, bucketNext = self.bucketNext
        let bucketPrev = self.bucketPrev
        let unreached = Int32.max
        var activeLeft = 0
        for u in 0..<n {
            rank[u] = unreached
            if excess[u] < 0 {
                rank[u] = 0
                bucketPrev[u] = -1
                bucketNext[u] = bucketHead[0]
                if bucketHead[0] >= 0 { bucketPrev[Int(bucketHead[0])] = Int32(u) }
                bucketHead[0] = Int32(u)
            } else if excess[u] > 0 {
                activeLeft += 1
            }
        }
        // `settled` marks final ranks by storing them negated minus one.
        var level = 0
        var highest = 0
        var truncated = false
        scan: while level <= maxRank {
            while bucketHead[level] >= 0 {
                let u = Int(bucketHead[level])
                let next = bucketNext[u]
                bucketHead[level] = next
                if next >= 0 { bucketPrev[Int(next)] = -1 }
                rank[u] = -Int32(level) - 1
                if excess[u] > 0 {
                    activeLeft -= 1
                    if activeLeft == 0 { break scan }
                }
                let pu = price[u]
                var a = Int(firstOut[u])
                let end = Int(firstOut[u + 1])
                while a < end {
                    if partnerResidual[a] > 0 {
                        let w = Int(arcs[a].head)
                        let rw = rank[w]
                        if rw >= 0 {
                            // Reduced cost of the residual arc w → u (the partner of a).
                            let rc = price[w] &- pu &- arcs[a].cost
                            let step = rc < 0 ? 0 : rc / epsilon + 1
                            let candidate = Int64(level) + step
                            if candidate < Int64(rw) {
                                if candidate > Int64(maxRank) {
                                    truncated = true
                                } else {
                                    let r = Int(candidate)
                                    if rw != unreached {
                                        // Unlink w from its bucket.
                                        let p = bucketPrev[w], q = bucketNext[w]
                                        if p >= 0 { bucketNext[Int(p)] = q } else { bucketHead[Int(rw)] = q }
                                        if q >= 0 { bucketPrev[Int(q)] = p }
                                    }
                                    rank[w] = Int32(r)
                                    bucketPrev[w] = -1
                                    bucketNext[w] = bucketHead[r]
                                    if bucketHead[r] >= 0 { bucketPrev[Int(bucketHead[r])] = Int32(w) }
                                    bucketHead[r] = Int32(w)
                                    if r > highest { highest = r }
                                }
                            }
                        }
                    }
                    a += 1
                }
            }
            level += 1
        }
        let cap = min(level, maxRank)
        for r in 0...min(max(highest, level), maxRank) { bucketHead[r] = -1 }
        if activeLeft > 0 && !truncated { return .infeasible }
        // Unsettled nodes are at least `cap` away: they all move by `cap`.
        let limit = CostScalingSolver.priceLimit
        var lowest = Int64.max
        for u in 0..<n {
            let r = rank[u]
            let d = r < 0 ? Int64(-(r + 1)) : Int64(cap)
            let p = price[u] &- d &* epsilon
            price[u] = p
            if p < lowest { lowest = p }
            nextOut[u] = firstOut[u]
        }
        if lowest < -limit { return .outOfRange }
        if activeLeft > 0 && !reachesDeficit() { return .infeasible }
        return .optimal
    }

    /// Whether every node with excess reaches a deficit node in the residual graph (plain search,
    /// used only when the bucketed update stopped at `maxRank`).
    func reachesDeficit() -> Bool {
        let n = nodeCount
        var seen = [Bool](repeating: false, count: n)
        var stack: [Int] = []
        for u in 0..<n where excess[u] < 0 {
            seen[u] = true
            stack.append(u)
        }
        while let u = stack.popLast() {
            for a in Int(firstOut[u])..<Int(firstOut[u + 1]) {
                let w = Int(arcs[a].head)
                if !seen[w] && partnerResidual[a] > 0 {
                    seen[w] = true
                    stack.append(w)
                }
            }
        }
        for u in 0..<n where excess[u] > 0 && !seen[u] { return false }
        return true
    }

    // MARK: Price refinement

    /// Tries to make the current flow ε-optimal by lowering prices only, so that the phase can be
    /// skipped. Each round sorts the admissible graph (residual arcs of negative reduced cost)
    /// topologically, computes in that order how many ε each head must drop so that its admissible
    /// in-arcs reach −ε, propagates these drops through all residual arcs in decreasing order (Dial
    /// buckets) and applies them; it succeeds when a round needs no drop and fails when the admissible
    /// graph has a cycle (or after `priceRefinementRounds` rounds). Prices stay valid for `refine`.
    func priceRefinement(_ epsilon: Int64) -> Bool {
        let n = nodeCount
        let arcs = self.arcs, firstOut = self.firstOut, price = self.price
        let order = self.queue          // topological order (reused buffer)
        let state = self.rank           // DFS: 0 new, 1 on the stack, 2 done; then the drop per node
        let nextArc = self.nextOut      // DFS: next arc to look at per node
        let stack = self.stack
        let bucketHead = self.bucketHead, bucketNext = self.bucketNext, bucketPrev = self.bucketPrev
        let maxDrop = Int64(maxPriceDrop)
        var usedBuckets = 0
        defer {
            for u in 0..<n {
                nextOut[u] = firstOut[u]
                rank[u] = Int32.max
            }
            for r in 0...usedBuckets { bucketHead[r] = -1 }
        }
        for _ in 0..<CostScalingSolver.priceRefinementRounds {
            priceRefinementRounds += 1
            // Topological sort (reverse postorder) of the admissible graph; a cycle means failure.
            for u in 0..<n { state[u] = 0 }
            var orderCount = n
            for root in 0..<n where state[root] == 0 {
                var top = 0
                stack[0] = Int32(root)
                nextArc[root] = firstOut[root]
                state[root] = 1
                while top >= 0 {
                    let u = Int(stack[top])
                    let pu = price[u]
                    var a = Int(nextArc[u])
                    let end = Int(firstOut[u + 1])
                    var descended = false
                    while a < end {
                        if arcs[a].residual > 0 {
                            let v = Int(arcs[a].head)
                            if arcs[a].cost &+ pu &- price[v] < 0 {
                                let s = state[v]
                                if s == 1 {
                                    // An admissible cycle: cancel it (it has negative cost) and give up.
                                    var delta = arcs[a].residual
                                    var i = top
                                    while Int(stack[i]) != v { i -= 1 }
                                    let first = i
                                    while i < top {
                                        let x = Int(stack[i])
                                        delta = min(delta, arcs[Int(nextArc[x]) - 1].residual)
                                        i += 1
                                    }
                                    push(a, delta)
                                    for j in first..<top { push(Int(nextArc[Int(stack[j])]) - 1, delta) }
                                    return false
                                }
                                if s == 0 {
                                    nextArc[u] = Int32(a + 1)
                                    state[v] = 1
                                    nextArc[v] = firstOut[v]
                                    top += 1
                                    stack[top] = Int32(v)
                                    descended = true
                                    break
                                }
                            }
                        }
                        a += 1
                    }
                    if !descended {
                        state[u] = 2
                        orderCount -= 1
                        order[orderCount] = Int32(u)
                        top -= 1
                    }
                }
            }
            // Drops along the admissible graph, in topological order: an admissible arc u → v of
            // reduced cost rc needs drop(v) ≥ drop(u) + ⌈(−rc − ε)/ε⌉.
            let drop = state
            for u in 0..<n { drop[u] = 0 }
            var topDrop = 0
            for i in 0..<n {
                let u = Int(order[i])
                let du = Int64(drop[u])
                let pu = price[u]
                for a in Int(firstOut[u])..<Int(firstOut[u + 1]) where arcs[a].residual > 0 {
                    let v = Int(arcs[a].head)
                    let rc = arcs[a].cost &+ pu &- price[v]
                    if rc < 0 {
                        let need = du + (-rc - 1) / epsilon
                        if need > Int64(drop[v]) {
                            if need > maxDrop { return false }
                            drop[v] = Int32(need)
                        }
                    }
                }
                if du > 0 {
                    let r = Int(du)
                    if r > topDrop { topDrop = r; usedBuckets = r }
                    bucketPrev[u] = -1
                    bucketNext[u] = bucketHead[r]
                    if bucketHead[r] >= 0 { bucketPrev[Int(bucketHead[r])] = Int32(u) }
                    bucketHead[r] = Int32(u)
                }
            }
            if topDrop == 0 { return true }
            // Propagate through all residual arcs from the largest drop down, then apply.
            var lowest = Int64.max
            var level = topDrop
            while level > 0 {
                while bucketHead[level] >= 0 {
                    let u = Int(bucketHead[level])
                    let next = bucketNext[u]
                    bucketHead[level] = next
                    if next >= 0 { bucketPrev[Int(next)] = -1 }
                    let pu = price[u]
                    for a in Int(firstOut[u])..<Int(firstOut[u + 1]) where arcs[a].residual > 0 {
                        let v = Int(arcs[a].head)
                        let old = Int(drop[v])
                        if old >= level { continue }
                        let rc = arcs[a].cost &+ pu &- price[v]
                        let quotient = rc < 0 ? -1 : rc / epsilon
                        if quotient >= Int64(level) - 1 { continue }
                        let new = rc < 0 ? level : level - 1 - Int(quotient)
                        if new <= old { continue }
                        if old > 0 {
                            let p = bucketPrev[v], q = bucketNext[v]
                            if p >= 0 { bucketNext[Int(p)] = q } else { bucketHead[old] = q }
                            if q >= 0 { bucketPrev[Int(q)] = p }
                        }
                        drop[v] = Int32(new)
                        bucketPrev[v] = -1
                        bucketNext[v] = bucketHead[new]
                        if bucketHead[new] >= 0 { bucketPrev[Int(bucketHead[new])] = Int32(v) }
                        bucketHead[new] = Int32(v)
                    }
                    let p = pu &- Int64(level) &* epsilon
                    price[u] = p
                    if p < lowest { lowest = p }
                }
                level -= 1
            }
            if lowest < -CostScalingSolver.priceLimit { return false }
        }
        return false
    }

    // MARK: Exact potentials

    /// Potentials for the unscaled costs: shortest distances from a virtual source (joined to every
    /// node by a zero-length arc) in the residual graph with lengths `K·cost + 1`, divided by `K`
    /// (rounded down). Requires the final 1-optimal flow (reduced lengths are then nonnegative).
    func exactPotentials() -> [Int64] {
        let n = nodeCount
        if n == 0 { return [] }
        var top = Int64.min
        for u in 0..<n where price[u] > top { top = price[u] }
        // Reduced distances: dist'(v) = dist(v) + top − price(v) ≥ 0.
        let heap = IndexedHeap(capacity: n)
        var distance = [Int64](repeating: 0, count: n)
        var done = [Bool](repeating: false, count: n)
        for u in 0..<n { heap.insert(UInt32(u), key: UInt64(top &- price[u])) }
        while let (node, key) = heap.popMin() {
            let u = Int(node)
            done[u] = true
            let du = Int64(key)
            distance[u] = du
            let pu = price[u]
            for a in Int(firstOut[u])..<Int(firstOut[u + 1]) where arcs[a].residual > 0 {
                let v = Int(arcs[a].head)
                if done[v] { continue }
                let reduced = arcs[a].cost &+ 1 &+ pu &- price[v]
                let candidate = UInt64(du &+ reduced)
                if let old = heap.key(of: UInt32(v)), candidate < old {
                    heap.decreaseKey(UInt32(v), to: candidate)
                }
            }
        }
        let k = scale
        return (0..<n).map { v in
            let d = distance[v] &- top &+ price[v]
            // Floor division (d ≤ 0).
            let q = d / k
            return (q * k > d) ? q - 1 : q
        }
    }
}

extension CostScalingSolver {
    /// How a cost-scaling solve ended, for `ExtendedNetwork`.
    enum Answer {
        /// Optimal flow per arc (lower bounds shifted out) and exact potentials per node.
        case solved(flow: [Int64], potentials: [Int64])
        /// The network simplex must answer: supplies that do not balance, an infeasible instance (its
        /// certificate comes from the simplex), a negative cycle of infinite-capacity arcs, or an
        /// infinite-capacity arc at its stand-in capacity.
        case deferToSimplex
        /// Costs or capacities too large for exact `Int64` cost scaling (the reason).
        case outOfRange(String)
    }

    /// Why cost scaling cannot run exactly in `Int64` on these ranges, or nil when it can. It needs
    /// `16·(n+1)·max|cost|·(n+2) ≤ Int64.max / 2` (prices of 1-optimal flows at scale `n+1` stay
    /// within a few `n·(n+1)·max|cost|`) and the stand-in for infinite capacities,
    /// `U = Σ supply⁺ + Σ finite capacities + 1`, with `Σ capacities (infinite as U) + Σ supply⁺ ≤ Int64.max / 2`
    /// (bounds every excess and residual capacity).
    static func rangeProblem(nodeCount n: Int, capacities: [Int64], supplies: [Int64], maxAbsCost: Int64) -> String? {
        let half = Int64.max / 2
        let (scaled, o1) = Int64(n + 1).multipliedReportingOverflow(by: max(maxAbsCost, 1))
        let (bound, o2) = scaled.multipliedReportingOverflow(by: 16 * Int64(n + 2))
        if o1 || o2 || bound > half { return "cost scaling: (n+1)·max|cost| = \(o1 ? "overflow" : "\(scaled)") is too large for exact Int64 prices" }
        guard let stand = infiniteStandIn(capacities: capacities, supplies: supplies) else {
            return "cost scaling: total capacity does not fit in Int64"
        }
        var total: Int64 = 0
        for v in supplies where v > 0 {
            let (s, o) = total.addingReportingOverflow(v)
            if o || s > half { return "cost scaling: total capacity does not fit in Int64" }
            total = s
        }
        for c in capacities {
            let (s, o) = total.addingReportingOverflow(c == FlowNetwork.infiniteCapacity ? stand : c)
            if o || s > half { return "cost scaling: total capacity does not fit in Int64" }
            total = s
        }
        return nil
    }

    /// `Σ supply⁺ + Σ finite capacities + 1`: more than any arc carries in some optimal flow unless a
    /// zero-cost cycle of infinite arcs carries flow (then the simplex answers, see `solve`).
    static func infiniteStandIn(capacities: [Int64], supplies: [Int64]) -> Int64? {
        var total: Int64 = 1
        for v in supplies where v > 0 {
            let (s, o) = total.addingReportingOverflow(v)
            if o { return nil }
            total = s
        }
        for c in capacities where c != FlowNetwork.infiniteCapacity {
            let (s, o) = total.addingReportingOverflow(c)
            if o { return nil }
            total = s
        }
        return total
    }

    /// True when the infinite-capacity arcs contain a cycle of negative cost (Bellman–Ford from a
    /// virtual source; O(n·m) but only run when such an arc has negative cost).
    static func hasNegativeInfiniteCycle(nodeCount n: Int, tails: [UInt32], heads: [UInt32], capacities: [Int64], costs: [Int64]) -> Bool {
        let arcs = (0..<tails.count).filter { capacities[$0] == FlowNetwork.infiniteCapacity }
        guard arcs.contains(where: { costs[$0] < 0 }) else { return false }
        var distance = [Int64](repeating: 0, count: n)
        for _ in 0...n {
            var changed = false
            for a in arcs {
                let d = distance[Int(tails[a])] + costs[a]
                if d < distance[Int(heads[a])] {
                    distance[Int(heads[a])] = d
                    changed = true
                }
            }
            if !changed { return false }
        }
        return true
    }

    /// Solves a network without lower bounds (`capacities` may be infinite) by cost scaling.
    static func solve(
        nodeCount n: Int, tails: [UInt32], heads: [UInt32], capacities: [Int64], costs: [Int64], supplies: [Int64]
    ) throws(FlowError) -> Answer {
        var sum: Int64 = 0
        for v in supplies {
            let (s, o) = sum.addingReportingOverflow(v)
            if o { return .deferToSimplex }
            sum = s
        }
        if sum != 0 { return .deferToSimplex }
        var maxAbsCost: Int64 = 0
        for c in costs { maxAbsCost = max(maxAbsCost, abs(c)) }
        if let problem = rangeProblem(nodeCount: n, capacities: capacities, supplies: supplies, maxAbsCost: maxAbsCost) {
            return .outOfRange(problem)
        }
        if hasNegativeInfiniteCycle(nodeCount: n, tails: tails, heads: heads, capacities: capacities, costs: costs) {
            return .deferToSimplex
        }
        let stand = infiniteStandIn(capacities: capacities, supplies: supplies)!
        let finite = capacities.map { $0 == FlowNetwork.infiniteCapacity ? stand : $0 }
        let scale = Int64(n + 1)
        let solver = CostScalingSolver(
            nodeCount: n, tails: tails, heads: heads, capacities: finite, scaledCosts: costs.map { $0 &* scale },
            supplies: supplies, scale: scale)
        switch solver.run() {
        case .infeasible: return .deferToSimplex
        case .outOfRange: return .outOfRange("cost scaling: prices left the exact Int64 range")
        case .optimal: break
        }
        var flow = [Int64](repeating: 0, count: tails.count)
        for a in 0..<tails.count {
            let f = solver.flow(ofInputArc: a)
            // An infinite arc at its stand-in capacity has no residual arc; its potentials would not certify.
            if f == stand && capacities[a] == FlowNetwork.infiniteCapacity { return .deferToSimplex }
            flow[a] = f
        }
        return .solved(flow: flow, potentials: solver.exactPotentials())
    }
}
