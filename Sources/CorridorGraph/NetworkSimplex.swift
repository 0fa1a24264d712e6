extension ExtendedNetwork {
    /// Solves the shifted network by the network simplex.
    mutating func solveByNetworkSimplex(
        _ shifted: Shifted, originalNodeCount: Int, originalArcCount: Int, originalSupplies: [Int64]
    ) throws(FlowError) -> MinCostFlowResult {
        let n = nodeCount
        let m = tails.count
        let b = shifted.supplies, caps = shifted.capacities, maxAbsCost = shifted.maxAbsCost
        var absSupplySum: Int64 = 0
        for v in b { absSupplySum = try flowCheckedAdd(absSupplySum, abs(v), "sum of |supplies|") }
        // Potentials stay within ±(artificialCost + n·max|cost|); reduced costs within 5× that.
        let artificialCost = try flowCheckedAdd(
            try flowCheckedMultiply(Int64(n + 1), max(maxAbsCost, 1), "(n+1)·max|cost|"), 1, "artificial cost")
        _ = try flowCheckedMultiply(artificialCost, 8, "potential range 8·(n+1)·max|cost|")

        let core = NetworkSimplexCore(
            nodeCount: n, tails: tails, heads: heads, capacities: caps, costs: costs, supplies: b,
            artificialCost: artificialCost)
        let outcome = try core.run()
        let on = originalNodeCount
        if outcome == .unbounded {
            return MinCostFlowResult(status: .unbounded, flow: [], totalCost: 0, potentials: [], shipped: 0)
        }
        var flow = [Int64](repeating: 0, count: m)
        for a in 0..<m {
            flow[a] = try flowCheckedAdd(core.flow[Int(core.position[a])], lower[a], "flow plus lower bound on arc \(a)")
        }
        var shortfalls: [FlowShortfall] = []
        for u in 0..<n {
            let e = m + u
            let f = core.flow[e]
            if f > 0 && u < on {
                // Artificial arc u→root carries supply that found no way out; root→u carries unmet demand.
                shortfalls.append(FlowShortfall(node: UInt32(u), amount: Int(core.source[e]) == u ? f : -f))
            }
        }
        let infeasible = (0..<n).contains(where: { core.flow[m + $0] > 0 })
        let potentials = infeasible ? [] : core.potentials(count: on)
        return try finish(
            flow: flow, potentials: potentials, shortfalls: infeasible ? shortfalls : nil, originalNodeCount: on,
            originalArcCount: originalArcCount, originalSupplies: originalSupplies)
    }
}

/// Minimum-cost flow by the primal network simplex method (`MinCostFlow.Algorithm.networkSimplex`).
///
/// Implementation: an artificial root joined to every
/// node by an artificial arc of cost `M = (n+1)·max|cost| + 1` carries the initial flow (big-M method),
/// and the simplex keeps a strongly feasible spanning tree (parent/thread/subtree-size representation,
/// re-threaded by splicing segments along the stem), entering arcs chosen by block search (blocks of
/// `√m` arcs, best reduced cost in the first block that has a candidate, continuing where the previous
/// search stopped; artificial arcs are priced only if the instance turns out infeasible) after initial
/// pivots that replace artificial arcs (`NetworkSimplexCore.initialPivotArcs`), leaving arc by the strongly feasible
/// (last blocking arc) rule, which prevents cycling.
///
/// Lower bounds are already shifted out; supplies may sum to anything (the root balances them, and
/// artificial arcs that still carry flow at the end certify infeasibility).
///
/// Complexity: each pivot is O(√m·k + depth + size of the moved subtree); the number of pivots is not
/// polynomially bounded in theory, typically a small multiple of n in practice.
/// All arithmetic is `Int64`; inputs whose sums could overflow raise `FlowError.overflow`.
///
/// Arcs `m ..< m+n` are the artificial arcs, one per node.
final class NetworkSimplexCore {
    enum Outcome { case finished, unbounded }

    let nodeNum: Int
    let arcNum: Int
    let allArcNum: Int
    let root: Int
    let inf = Int64.max
    // Arc data (real arcs then artificial arcs).
    let source: UnsafeMutablePointer<Int32>
    let target: UnsafeMutablePointer<Int32>
    let cap: UnsafeMutablePointer<Int64>
    let cost: UnsafeMutablePointer<Int64>
    let flow: UnsafeMutablePointer<Int64>
    /// +1 at lower bound, −1 at upper bound, 0 in the tree (multiplies the reduced cost).
    let state: UnsafeMutablePointer<Int8>
    // Spanning tree, `nodeNum + 1` entries (root last).
    let parent: UnsafeMutablePointer<Int32>
    let pred: UnsafeMutablePointer<Int32>
    /// +1 if `pred` points up (node → parent), −1 if down (parent → node).
    let predDir: UnsafeMutablePointer<Int8>
    let thread: UnsafeMutablePointer<Int32>
    let revThread: UnsafeMutablePointer<Int32>
    let succNum: UnsafeMutablePointer<Int32>
    let lastSucc: UnsafeMutablePointer<Int32>
    let pi: UnsafeMutablePointer<Int64>

    let blockSize: Int
    /// Arcs `0 ..< searchArcNum` are priced. Starts at `arcNum`: an artificial arc that left the tree
    /// need not come back while the instance may be feasible (see `run`).
    var searchArcNum: Int
    /// Entering-arc candidates tried before block search: the cheapest arc into each demand node.
    var initialCandidates: [Int32] = []
    /// Internal index of each input arc.
    let position: [Int32]
    var nextArc = 0

    init(
        nodeCount n: Int, tails: [UInt32], heads: [UInt32], capacities: [Int64], costs: [Int64],
        supplies: [Int64], artificialCost: Int64
    ) {
        nodeNum = n
        arcNum = tails.count
        allArcNum = arcNum + n
        root = n
        source = .allocate(capacity: allArcNum)
        target = .allocate(capacity: allArcNum)
        cap = .allocate(capacity: allArcNum)
        cost = .allocate(capacity: allArcNum)
        flow = .allocate(capacity: allArcNum)
        state = .allocate(capacity: allArcNum)
        parent = .allocate(capacity: n + 1)
        pred = .allocate(capacity: n + 1)
        predDir = .allocate(capacity: n + 1)
        thread = .allocate(capacity: n + 1)
        revThread = .allocate(capacity: n + 1)
        succNum = .allocate(capacity: n + 1)
        lastSucc = .allocate(capacity: n + 1)
        pi = .allocate(capacity: n + 1)
        // Interleave the arcs (stride m/n) so that each pricing block mixes arcs of many tails;
        // files sorted by tail otherwise give blocks with few candidates.
        var position = [Int32](repeating: 0, count: arcNum)
        let skip = max(arcNum / max(n, 1), 3)
        var slot = 0, lane = 0
        for a in stride(from: arcNum - 1, through: 0, by: -1) {
            position[a] = Int32(slot)
            slot += skip
            if slot >= arcNum {
                lane += 1
                slot = lane
            }
        }
        self.position = position
        for a in 0..<arcNum {
            let k = Int(position[a])
            source[k] = Int32(tails[a])
            target[k] = Int32(heads[a])
            cap[k] = capacities[a]
            cost[k] = costs[a]
            flow[k] = 0
            state[k] = 1
        }
        // Initial strongly feasible tree: every node hangs from the root by its artificial arc,
        // directed so that its flow |supply| is nonnegative (zero-supply nodes point up).
        parent[root] = -1
        pred[root] = -1
        predDir[root] = 0
        pi[root] = 0
        succNum[root] = Int32(n + 1)
        lastSucc[root] = Int32(n == 0 ? root : n - 1)
        thread[root] = Int32(n == 0 ? root : 0)
        revThread[root] = Int32(n == 0 ? root : n - 1)
        for u in 0..<n {
            let e = arcNum + u
            parent[u] = Int32(root)
            pred[u] = Int32(e)
            thread[u] = Int32(u + 1 == n ? root : u + 1)
            revThread[u] = Int32(u == 0 ? root : u - 1)
            succNum[u] = 1
            lastSucc[u] = Int32(u)
            cap[e] = inf
            cost[e] = artificialCost
            state[e] = 0
            if supplies[u] >= 0 {
                predDir[u] = 1
                source[e] = Int32(u)
                target[e] = Int32(root)
                flow[e] = supplies[u]
                pi[u] = -artificialCost
            } else {
                predDir[u] = -1
                source[e] = Int32(root)
                target[e] = Int32(u)
                flow[e] = -supplies[u]
                pi[u] = artificialCost
            }
        }
        searchArcNum = arcNum
        blockSize = max(10, Int(Double(arcNum).squareRoot()))
        initialCandidates = NetworkSimplexCore.initialPivotArcs(
            nodeCount: n, tails: tails, heads: heads, capacities: capacities, supplies: supplies,
            position: position, cost: cost)
    }

    /// Entering-arc candidates for the first pivots, which replace most big-M artificial arcs with
    /// real ones before block search starts. With one supply and one demand node: the arcs of a
    /// reverse depth-first search from the demand node over arcs that can carry the whole supply
    /// (a path that ships everything at once; GOTO-like instances). Otherwise the cheapest arc into
    /// each demand node (ties: lowest internal index).
    static func initialPivotArcs(
        nodeCount n: Int, tails: [UInt32], heads: [UInt32], capacities: [Int64], supplies: [Int64],
        position: [Int32], cost: UnsafeMutablePointer<Int64>
    ) -> [Int32] {
        var supplyNode = -1, demandNode = -1, supplyCount = 0, demandCount = 0
        for u in 0..<n {
            if supplies[u] > 0 { supplyCount += 1; supplyNode = u } else if supplies[u] < 0 { demandCount += 1; demandNode = u }
        }
        if supplyCount == 1 && demandCount == 1 {
            let total = min(supplies[supplyNode], -supplies[demandNode])
            // In-arcs per node, latest arc first.
            var start = [Int32](repeating: 0, count: n + 1)
            for h in heads { start[Int(h) + 1] += 1 }
            for v in 0..<n { start[v + 1] += start[v] }
            var fill = start
            var inArcs = [Int32](repeating: 0, count: heads.count)
            for a in stride(from: heads.count - 1, through: 0, by: -1) {
                let v = Int(heads[a])
                inArcs[Int(fill[v])] = Int32(a)
                fill[v] += 1
            }
            var reached = [Bool](repeating: false, count: n)
            var stack = [demandNode]
            reached[demandNode] = true
            var result: [Int32] = []
            while let v = stack.popLast() {
                if v == supplyNode { break }
                for i in Int(start[v])..<Int(start[v + 1]) {
                    let a = Int(inArcs[i])
                    let u = Int(tails[a])
                    if reached[u] || capacities[a] < total { continue }
                    result.append(position[a])
                    reached[u] = true
                    stack.append(u)
                }
            }
            return result
        }
        var cheapestIn = [Int32](repeating: -1, count: n)
        for a in stride(from: heads.count - 1, through: 0, by: -1) {
            let v = Int(heads[a])
            guard supplies[v] < 0 else { continue }
            let k = Int(position[a])
            let best = Int(cheapestIn[v])
            if best < 0 || cost[k] < cost[best] { cheapestIn[v] = Int32(k) }
        }
        return cheapestIn.reversed().filter { $0 >= 0 }
    }

    deinit {
        source.deallocate(); target.deallocate(); cap.deallocate(); cost.deallocate()
        flow.deallocate(); state.deallocate(); parent.deallocate(); pred.deallocate()
        predDir.deallocate(); thread.deallocate(); revThread.deallocate(); succNum.deallocate()
        lastSucc.deallocate(); pi.deallocate()
    }

    /// The state of one pivot.
    struct Pivot {
        var inArc = 0
        var join = 0
        var uIn = 0, vIn = 0, uOut = 0
        var delta: Int64 = 0
    }

    func run() throws(FlowError) -> Outcome {
        var pivot = Pivot()
        for candidate in initialCandidates {
            let e = Int(candidate)
            let reduced = cost[e] &+ pi[Int(source[e])] &- pi[Int(target[e])]
            if Int64(state[e]) &* reduced >= 0 { continue }
            if try !performPivot(on: e, &pivot) { return .unbounded }
        }
        while true {
            let entering = findEnteringArc()
            if entering < 0 {
                // Optimal over the real arcs. If artificial arcs still carry flow the instance is
                // infeasible; price the artificial arcs too so that the certificate minimizes the
                // total shortfall (big-M over all arcs), as if they had been searched all along.
                if searchArcNum < allArcNum && (arcNum..<allArcNum).contains(where: { flow[$0] > 0 }) {
                    searchArcNum = allArcNum
                    continue
                }
                break
            }
            if try !performPivot(on: entering, &pivot) { return .unbounded }
        }
        return .finished
    }

    /// One simplex pivot on the entering arc `entering`; false if the cycle has infinite capacity.
    @inline(__always)
    func performPivot(on entering: Int, _ pivot: inout Pivot) throws(FlowError) -> Bool {
        pivot.inArc = entering
        pivot.join = findJoinNode(entering)
        let change = findLeavingArc(&pivot)
        if pivot.delta >= inf { return false }
        try changeFlow(pivot, change)
        if change { updateTree(pivot) }
        return true
    }

    /// Block search: the most negative `state·reducedCost` in the first block (from `nextArc`, cyclic)
    /// that contains any negative one; −1 when the tree is optimal.
    @inline(__always)
    func findEnteringArc() -> Int {
        var best: Int64 = 0
        var bestArc = -1
        let block = blockSize
        var count = block
        let all = searchArcNum
        var e = nextArc
        var scanned = 0
        let state = self.state, cost = self.cost, pi = self.pi, source = self.source, target = self.target
        while scanned < all {
            let c = Int64(state[e]) &* (cost[e] &+ pi[Int(source[e])] &- pi[Int(target[e])])
            if c < best {
                best = c
                bestArc = e
            }
            e &+= 1
            if e == all { e = 0 }
            scanned &+= 1
            count &-= 1
            if count == 0 {
                if best < 0 { break }
                count = block
            }
        }
        if best >= 0 { return -1 }
        // The next search starts at the last arc of this block (it is priced again).
        nextArc = e == 0 ? all &- 1 : e &- 1
        return bestArc
    }

    @inline(__always)
    func findJoinNode(_ inArc: Int) -> Int {
        var u = Int(source[inArc])
        var v = Int(target[inArc])
        while u != v {
            if succNum[u] < succNum[v] { u = Int(parent[u]) } else { v = Int(parent[v]) }
        }
        return u
    }

    /// Finds the leaving arc by the strongly feasible rule; returns false when the entering arc itself
    /// blocks (it just moves to its other bound).
    @inline(__always)
    func findLeavingArc(_ p: inout Pivot) -> Bool {
        let inArc = p.inArc, join = p.join
        let pred = self.pred, predDir = self.predDir, flow = self.flow, cap = self.cap, parent = self.parent
        // The cycle is oriented along the entering arc: from `first`, through the arc, to `second`.
        let first: Int, second: Int
        if state[inArc] == 1 {
            first = Int(source[inArc])
            second = Int(target[inArc])
        } else {
            first = Int(target[inArc])
            second = Int(source[inArc])
        }
        var delta = cap[inArc]
        var uOut = -1
        var result = 0
        // From `first` up to join the cycle runs downwards (parent → node).
        var u = first
        while u != join {
            let e = Int(pred[u])
            var d = flow[e]
            if predDir[u] == -1 {
                let c = cap[e]
                d = c == inf ? inf : c &- d
            }
            if d < delta {
                delta = d
                uOut = u
                result = 1
            }
            u = Int(parent[u])
        }
        // From `second` up to join the cycle runs upwards (node → parent); ties go to the later arc.
        u = second
        while u != join {
            let e = Int(pred[u])
            var d = flow[e]
            if predDir[u] == 1 {
                let c = cap[e]
                d = c == inf ? inf : c &- d
            }
            if d <= delta {
                delta = d
                uOut = u
                result = 2
            }
            u = Int(parent[u])
        }
        if result == 1 {
            p.uIn = first
            p.vIn = second
        } else {
            p.uIn = second
            p.vIn = first
        }
        p.uOut = uOut
        p.delta = delta
        return result != 0
    }

    @inline(__always)
    func changeFlow(_ p: Pivot, _ change: Bool) throws(FlowError) {
        let inArc = p.inArc, join = p.join, delta = p.delta
        let pred = self.pred, predDir = self.predDir, flow = self.flow, parent = self.parent
        if delta > 0 {
            let value = Int64(state[inArc]) &* delta
            var (f, overflow) = flow[inArc].addingReportingOverflow(value)
            if overflow { throw .overflow("flow on arc \(inArc)") }
            flow[inArc] = f
            var u = Int(source[inArc])
            while u != join {
                let e = Int(pred[u])
                (f, overflow) = flow[e].subtractingReportingOverflow(Int64(predDir[u]) &* value)
                if overflow { throw .overflow("flow on arc \(e)") }
                flow[e] = f
                u = Int(parent[u])
            }
            u = Int(target[inArc])
            while u != join {
                let e = Int(pred[u])
                (f, overflow) = flow[e].addingReportingOverflow(Int64(predDir[u]) &* value)
                if overflow { throw .overflow("flow on arc \(e)") }
                flow[e] = f
                u = Int(parent[u])
            }
        }
        if change {
            state[inArc] = 0
            let leaving = Int(pred[p.uOut])
            state[leaving] = flow[leaving] == 0 ? 1 : -1
        } else {
            state[inArc] = -state[inArc]
        }
    }

    /// Moves the subtree of `uOut` below `vIn`, re-rooted at `uIn`, and shifts its potentials.
    ///
    /// The new preorder of the moved subtree is built by splicing thread segments: stem node `s`
    /// (on the path `uIn … uOut`) keeps its old segment minus the segment of the stem node below it,
    /// which is at most two contiguous pieces. So the thread is relinked in O(stem length); only the
    /// potential shift walks the whole subtree. O(size of the subtree + length of the cycle).
    func updateTree(_ p: Pivot) {
        let inArc = p.inArc, join = p.join, uIn = p.uIn, vIn = p.vIn, uOut = p.uOut
        let parent = self.parent, pred = self.pred, predDir = self.predDir, thread = self.thread
        let revThread = self.revThread, succNum = self.succNum, lastSucc = self.lastSucc, pi = self.pi
        let sigma: Int64 =
            uIn == Int(source[inArc])
            ? pi[vIn] &- cost[inArc] &- pi[uIn]
            : pi[vIn] &+ cost[inArc] &- pi[uIn]
        let vOut = Int(parent[uOut])
        let size = succNum[uOut]
        let oldLast = Int(lastSucc[uOut])
        let before = Int(revThread[uOut])
        let after = Int(thread[oldLast])

        // Subtree sizes change only strictly below the join node.
        var u = vOut
        while u != join { succNum[u] &-= size; u = Int(parent[u]) }
        u = vIn
        while u != join { succNum[u] &+= size; u = Int(parent[u]) }

        // Unlink the subtree's thread segment; ancestors that ended with it now end before it.
        thread[before] = Int32(after)
        revThread[after] = Int32(before)
        u = vOut
        while u != -1 && Int(lastSucc[u]) == oldLast {
            lastSucc[u] = Int32(before)
            u = Int(parent[u])
        }

        // Walk the stem upwards. `chainEnd` ends the new preorder built so far (the segment of the
        // stem node `child` and everything appended after it); the next stem node `s` follows it, then
        // the piece of `s`'s old segment before `child`'s segment, then the piece after it (if any).
        // Parent links are reversed on the way; `child`'s old reverse-thread link is saved before
        // it is overwritten.
        var child = uIn
        var childLast = Int(lastSucc[uIn])
        var childRev = Int(revThread[uIn])
        // `post` is the old thread successor of `childLast` (read before `childLast`'s link is reused).
        var post = Int(thread[childLast])
        var chainEnd = childLast
        var newParent = vIn
        while child != uOut {
            let s = Int(parent[child])
            let sLast = Int(lastSucc[s])
            let sRev = Int(revThread[s])
            let sPost = sLast == childLast ? post : Int(thread[sLast])
            parent[child] = Int32(newParent)
            newParent = child
            thread[chainEnd] = Int32(s)
            revThread[s] = Int32(chainEnd)
            if sLast != childLast {
                // Close the hole left by `child`'s segment: piece before it, then piece after it.
                thread[childRev] = Int32(post)
                revThread[post] = Int32(childRev)
                chainEnd = sLast
            } else {
                chainEnd = childRev
            }
            child = s
            childLast = sLast
            childRev = sRev
            post = sPost
        }
        parent[uOut] = Int32(newParent)
        let tail = chainEnd

        // Stem from uOut down to uIn (new parents): each takes the tree arc of the node that was
        // below it, reversed; every stem node's subtree now ends at the end of the moved subtree.
        u = uOut
        while u != uIn {
            let below = Int(parent[u])
            pred[u] = pred[below]
            predDir[u] = -predDir[below]
            succNum[u] = size &- succNum[below]
            lastSucc[u] = Int32(tail)
            u = below
        }
        pred[uIn] = Int32(inArc)
        predDir[uIn] = uIn == Int(source[inArc]) ? 1 : -1
        succNum[uIn] = size
        lastSucc[uIn] = Int32(tail)

        // Splice the subtree in right after vIn.
        let next = Int(thread[vIn])
        thread[vIn] = Int32(uIn)
        revThread[uIn] = Int32(vIn)
        thread[tail] = Int32(next)
        revThread[next] = Int32(tail)
        u = vIn
        while u != -1 && Int(lastSucc[u]) == vIn {
            lastSucc[u] = Int32(tail)
            u = Int(parent[u])
        }

        // Shift the potentials of the moved subtree (contiguous in the new thread, uIn … tail), or,
        // when it holds more than half of the nodes, the rest of the tree (thread[tail] … before uIn)
        // the other way: only differences of potentials matter, and wrapping arithmetic keeps them
        // exact however far the absolute values drift (`potentials` subtracts the root's at the end).
        if 2 * Int(size) <= nodeNum + 1 {
            var x = uIn
            while true {
                pi[x] &+= sigma
                if x == tail { break }
                x = Int(thread[x])
            }
        } else {
            var x = Int(thread[tail])
            while x != uIn {
                pi[x] &-= sigma
                x = Int(thread[x])
            }
        }
    }

    /// The potential of each of the first `count` nodes relative to the root's.
    func potentials(count: Int) -> [Int64] {
        (0..<count).map { pi[$0] &- pi[root] }
    }
}
