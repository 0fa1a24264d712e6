/// A node whose supply or demand could not be balanced: the certificate of an infeasible instance.
public struct FlowShortfall: Sendable, Equatable, Hashable {
    /// Node id.
    public var node: UInt32
    /// Signed like supplies: `> 0` supply that cannot leave the node, `< 0` demand that cannot be met.
    /// Balances include flow forced by lower bounds: an arc `u→v` with lower bound `l` counts as
    /// demand `l` at `u` and supply `l` at `v`.
    public var amount: Int64

    /// A shortfall of `amount` (signed like supplies) at node `node`.
    public init(node: UInt32, amount: Int64) {
        self.node = node
        self.amount = amount
    }
}

/// The answer of a min-cost-flow solve.
public struct MinCostFlowResult: Sendable, Equatable {
    /// How a solve ended.
    public enum Status: Sendable, Equatable {
        /// `flow` is optimal.
        case optimal
        /// No feasible flow: the shortfalls (nodes in id order) of a flow that minimizes the total
        /// unbalanced amount. When supplies sum to zero, positive and negative amounts balance; when
        /// demand exceeds supply, the unmet demand exceeds the stuck supply by that difference.
        case infeasible([FlowShortfall])
        /// A cycle of negative cost whose arcs all have infinite capacity is reachable: cost is unbounded below.
        case unbounded
    }

    /// Whether the flow is optimal, infeasible (with its shortfalls) or unbounded.
    public var status: Status
    /// Flow on each arc (original arc ids, lower bounds included). For `.infeasible` it is the
    /// flow of the certificate (conservation holds except at shortfall nodes); empty for `.unbounded`.
    public var flow: [Int64]
    /// `Σ flow[a]·costs[a]` over the network's arcs; 0 unless `.optimal`.
    public var totalCost: Int64
    /// Node potentials π (dual solution): the reduced cost `costs[a] + π[tail] − π[head]` is `>= 0`
    /// on every arc with `flow < capacity` and `<= 0` on every arc with `flow > lowerBound`.
    /// Empty unless `.optimal`.
    public var potentials: [Int64]
    /// Total net outflow of the supply nodes (`Σ max(0, out − in)` over nodes with positive supply).
    public var shipped: Int64
}

/// Minimum-cost flow: the public entry points, with an automatic choice between the network simplex
/// (`NetworkSimplex.swift`) and cost scaling (`CostScaling.swift`).
///
/// Both are exact on `Int64` and give the same optimal cost; optimal flows and potentials may differ
/// where the optimum is not unique. Lower bounds are shifted out (`x = l + x'`) before either runs.
///
/// Supply semantics:
/// - `Σ supplies == 0`: every node balance is met exactly.
/// - `Σ supplies > 0`: demands (and transshipment nodes) are met exactly; supply nodes ship **at most**
///   their supply (`0 ≤ out − in ≤ supply`), the rest stays at the source (modelled by an extra sink
///   node joined from every supply node by a zero-cost arc of capacity `supply`).
/// - `Σ supplies < 0`: infeasible; the result reports the unmet demands
///   (use `maximumFlowAtMinimumCost` to ship as much as possible instead).
///
/// Infeasible instances are always answered by the network simplex (its big-M solution is the
/// certificate); cost scaling detects infeasibility and hands over. Unboundedness (a negative cycle of
/// infinite-capacity arcs) is likewise decided by the network simplex.
///
/// `Algorithm.automatic` (the default) picks by the instance's shape, from measurements on the
/// NETGEN, GRIDGEN, GOTO and road families (BENCHMARKS.md): see `MinCostFlow.automaticChoice`.
/// All arithmetic is `Int64`; inputs whose sums could overflow raise `FlowError.overflow`.
public enum MinCostFlow {
    /// The algorithm that solves a min-cost-flow problem.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// Chosen from the instance's shape (`automaticChoice`).
        case automatic
        /// Primal network simplex with block search pivoting (`NetworkSimplex.swift`).
        case networkSimplex = "network-simplex"
        /// Cost scaling with partial augment-relabel and price heuristics (`CostScaling.swift`);
        /// raises `FlowError.overflow` when the scaled costs or capacities do not fit in `Int64`.
        case costScaling = "cost-scaling"
    }

    /// Solves min-cost flow on `network` with the supply semantics described on `MinCostFlow`.
    public static func solve(_ network: FlowNetwork, algorithm: Algorithm = .automatic) throws(FlowError)
        -> MinCostFlowResult
    {
        if let problem = network.validationProblem() { throw .invalidNetwork(problem) }
        let n = network.nodeCount
        var ext = ExtendedNetwork(network)
        var totalSupply: Int64 = 0
        for b in network.supplies {
            if b == Int64.min { throw .overflow("supply Int64.min") }
            totalSupply = try flowCheckedAdd(totalSupply, b, "sum of supplies")
        }
        if totalSupply > 0 {
            // Extra sink absorbs unshipped supply.
            let sink = ext.addNode(supply: -totalSupply)
            for u in 0..<n where network.supplies[u] > 0 {
                ext.addArc(UInt32(u), sink, lower: 0, capacity: network.supplies[u], cost: 0)
            }
        }
        return try ext.solve(
            originalNodeCount: n, originalArcCount: network.arcCount, originalSupplies: network.supplies,
            algorithm: algorithm)
    }

    /// Ships as much flow as possible from supply nodes to demand nodes, and among all flows of that
    /// value one of minimum cost.
    ///
    /// Here supplies and demands are both upper limits: a supply node sends out at most its supply,
    /// a demand node receives at most its demand, transshipment nodes (and lower bounds) are exact.
    /// If `flowLimit` is given, at most that much is shipped (the maximum of `flowLimit` and the
    /// network's capacity), again at minimum cost.
    ///
    /// Implementation: a super source `S` (arcs `S→u` of capacity `supply(u)`), a super sink `T`
    /// (arcs `v→T` of capacity `demand(v)`) and a return arc `T→S` of cost `−B`, `B = n·max|cost| + 1`,
    /// turn the problem into a min-cost circulation. Every unit shipped saves more than any path can
    /// cost (a shortest augmenting path costs at least `−(n−1)·max|cost|`), so the circulation maximizes
    /// the amount first and the cost second. `shipped` reports the amount; `totalCost` excludes `B`.
    /// `.infeasible` only arises from lower bounds that cannot be balanced.
    public static func maximumFlowAtMinimumCost(
        _ network: FlowNetwork, flowLimit: Int64? = nil, algorithm: Algorithm = .automatic
    ) throws(FlowError) -> MinCostFlowResult
    {
        if let problem = network.validationProblem() { throw .invalidNetwork(problem) }
        if let limit = flowLimit, limit < 0 { throw .invalidNetwork("negative flow limit") }
        let n = network.nodeCount
        var ext = ExtendedNetwork(network)
        for i in 0..<n { ext.supplies[i] = 0 }
        var maxAbsCost: Int64 = 0
        for c in network.costs {
            if c == Int64.min { throw .overflow("cost Int64.min") }
            maxAbsCost = max(maxAbsCost, abs(c))
        }
        let bonus = try flowCheckedAdd(
            try flowCheckedMultiply(Int64(max(n, 1)), maxAbsCost, "bypass cost n·max|cost|"), 1, "bypass cost")
        let superSource = ext.addNode(supply: 0)
        let superSink = ext.addNode(supply: 0)
        var supplySum: Int64 = 0
        for u in 0..<n {
            let b = network.supplies[u]
            if b == Int64.min { throw .overflow("supply Int64.min") }
            if b > 0 {
                ext.addArc(superSource, UInt32(u), lower: 0, capacity: b, cost: 0)
                supplySum = try flowCheckedAdd(supplySum, b, "sum of supplies")
            } else if b < 0 {
                ext.addArc(UInt32(u), superSink, lower: 0, capacity: -b, cost: 0)
            }
        }
        let returnCapacity = min(flowLimit ?? supplySum, supplySum)
        let returnArc = ext.addArc(superSink, superSource, lower: 0, capacity: returnCapacity, cost: -bonus)
        var result = try ext.solve(
            originalNodeCount: n, originalArcCount: network.arcCount, originalSupplies: network.supplies,
            algorithm: algorithm)
        if case .optimal = result.status {
            result.shipped = ext.lastFlow[returnArc]
        }
        return result
    }

    /// The algorithm `.automatic` uses for a network of this shape (after lower bounds are shifted out
    /// and the extra sink is added): cost scaling where it was measured faster, the network simplex
    /// elsewhere and whenever cost scaling cannot run (supplies that do not balance, negative-cost
    /// infinite-capacity arcs, ranges that would not fit in `Int64`).
    ///
    /// The crossover is in nodes, not arcs: the simplex's pivots grow with n (dense small instances such as
    /// netgen_sr_12a, 4,096 nodes and 262,144 arcs, stay faster by simplex). Measured (CPU time, release build,
    /// forced variants; BENCHMARKS.md): NETGEN-8 and road flows turn at ~2^15 nodes, GRIDGEN-8 between 2^15 and
    /// 2^16, GOTO-8 (one source, one sink) at 2^14; at 2^16 cost scaling is 1.4-1.9× faster on every family.
    static func prefersCostScaling(_ shape: InstanceShape) -> Bool {
        guard shape.balanced, !shape.negativeInfiniteArcs, shape.costScalingFits else { return false }
        // One source and one sink (GOTO-like): the simplex's pivots grow fastest there.
        if shape.supplyNodes == 1 && shape.demandNodes == 1 { return shape.nodeCount >= 1 << 14 }
        return shape.nodeCount >= 1 << 15
    }
}

/// What the automatic choice looks at.
struct InstanceShape {
    var nodeCount: Int
    var arcCount: Int
    var maxAbsCost: Int64
    var maxFiniteCapacity: Int64
    var supplyNodes: Int
    var demandNodes: Int
    /// Σ supplies == 0 (after the extra sink).
    var balanced: Bool
    /// Some arc of infinite capacity has a negative cost (a negative infinite cycle may exist).
    var negativeInfiniteArcs: Bool
    /// Cost scaling's ranges fit in `Int64` (`CostScalingSolver.rangeProblem` is nil).
    var costScalingFits: Bool
}

/// The user's network plus auxiliary nodes and arcs; solved by `NetworkSimplexCore` or `CostScalingSolver`.
struct ExtendedNetwork {
    var nodeCount: Int
    var tails: [UInt32]
    var heads: [UInt32]
    var lower: [Int64]
    var capacities: [Int64]
    var costs: [Int64]
    var supplies: [Int64]
    var lastFlow: [Int64] = []

    init(_ network: FlowNetwork) {
        nodeCount = network.nodeCount
        tails = network.tails
        heads = network.heads
        lower = network.lowerBounds
        capacities = network.capacities
        costs = network.costs
        supplies = network.supplies
    }

    mutating func addNode(supply: Int64) -> UInt32 {
        supplies.append(supply)
        nodeCount += 1
        return UInt32(nodeCount - 1)
    }

    @discardableResult
    mutating func addArc(_ u: UInt32, _ v: UInt32, lower l: Int64, capacity: Int64, cost: Int64) -> Int {
        tails.append(u)
        heads.append(v)
        lower.append(l)
        capacities.append(capacity)
        costs.append(cost)
        return tails.count - 1
    }

    /// The network with lower bounds shifted out: node balances and residual capacities.
    struct Shifted {
        var supplies: [Int64]
        var capacities: [Int64]
        var maxAbsCost: Int64
    }

    func shiftLowerBounds() throws(FlowError) -> Shifted {
        let m = tails.count
        let inf = FlowNetwork.infiniteCapacity
        var b = supplies
        var caps = capacities
        var maxAbsCost: Int64 = 0
        for a in 0..<m {
            let c = costs[a]
            if c == Int64.min { throw .overflow("cost Int64.min") }
            maxAbsCost = max(maxAbsCost, abs(c))
            let l = lower[a]
            if l > 0 {
                let t = Int(tails[a]), h = Int(heads[a])
                b[t] = try flowCheckedAdd(b[t], -l, "supply minus lower bounds at node \(t)")
                b[h] = try flowCheckedAdd(b[h], l, "supply plus lower bounds at node \(h)")
                if caps[a] != inf { caps[a] -= l }
            }
        }
        for v in b where v == Int64.min { throw .overflow("node balance Int64.min") }
        return Shifted(supplies: b, capacities: caps, maxAbsCost: maxAbsCost)
    }

    func shape(_ shifted: Shifted) -> InstanceShape {
        var supplyNodes = 0, demandNodes = 0
        var sum: Int64 = 0, overflow = false
        for v in shifted.supplies {
            if v > 0 { supplyNodes += 1 } else if v < 0 { demandNodes += 1 }
            let (s, o) = sum.addingReportingOverflow(v)
            sum = s
            overflow = overflow || o
        }
        var maxCap: Int64 = 0
        var negativeInfinite = false
        for a in 0..<tails.count {
            let c = shifted.capacities[a]
            if c == FlowNetwork.infiniteCapacity {
                if costs[a] < 0 { negativeInfinite = true }
            } else {
                maxCap = max(maxCap, c)
            }
        }
        return InstanceShape(
            nodeCount: nodeCount, arcCount: tails.count, maxAbsCost: shifted.maxAbsCost, maxFiniteCapacity: maxCap,
            supplyNodes: supplyNodes, demandNodes: demandNodes, balanced: !overflow && sum == 0,
            negativeInfiniteArcs: negativeInfinite,
            costScalingFits: CostScalingSolver.rangeProblem(
                nodeCount: nodeCount, capacities: shifted.capacities, supplies: shifted.supplies,
                maxAbsCost: shifted.maxAbsCost) == nil)
    }

    mutating func solve(
        originalNodeCount: Int, originalArcCount: Int, originalSupplies: [Int64], algorithm: MinCostFlow.Algorithm
    ) throws(FlowError) -> MinCostFlowResult {
        let shifted = try shiftLowerBounds()
        let useCostScaling: Bool
        switch algorithm {
        case .networkSimplex: useCostScaling = false
        case .costScaling: useCostScaling = true
        case .automatic: useCostScaling = MinCostFlow.prefersCostScaling(shape(shifted))
        }
        if useCostScaling {
            switch try CostScalingSolver.solve(
                nodeCount: nodeCount, tails: tails, heads: heads, capacities: shifted.capacities, costs: costs,
                supplies: shifted.supplies)
            {
            case .solved(let flow, let potentials):
                var total = flow
                for a in 0..<total.count where lower[a] > 0 {
                    total[a] = try flowCheckedAdd(flow[a], lower[a], "flow plus lower bound on arc \(a)")
                }
                return try finish(
                    flow: total, potentials: Array(potentials[0..<originalNodeCount]), shortfalls: nil,
                    originalNodeCount: originalNodeCount, originalArcCount: originalArcCount,
                    originalSupplies: originalSupplies)
            case .deferToSimplex:
                break
            case .outOfRange(let why):
                if algorithm == .costScaling { throw .overflow(why) }
            }
        }
        return try solveByNetworkSimplex(
            shifted, originalNodeCount: originalNodeCount, originalArcCount: originalArcCount,
            originalSupplies: originalSupplies)
    }

    /// The result for the caller's network from a flow on every arc of this one (lower bounds
    /// included): `shortfalls` non-nil means infeasible.
    mutating func finish(
        flow: [Int64], potentials: [Int64], shortfalls: [FlowShortfall]?,
        originalNodeCount on: Int, originalArcCount: Int, originalSupplies: [Int64]
    ) throws(FlowError) -> MinCostFlowResult {
        lastFlow = flow
        let originalFlow = Array(flow[0..<originalArcCount])
        // Net outflow per original node.
        var net = [Int64](repeating: 0, count: on)
        for a in 0..<originalArcCount {
            let f = originalFlow[a]
            let t = Int(tails[a]), h = Int(heads[a])
            net[t] = try flowCheckedAdd(net[t], f, "net outflow at node \(t)")
            net[h] = try flowCheckedAdd(net[h], -f, "net outflow at node \(h)")
        }
        var shipped: Int64 = 0
        for u in 0..<on where originalSupplies[u] > 0 && net[u] > 0 {
            shipped = try flowCheckedAdd(shipped, net[u], "total shipped")
        }
        if let shortfalls {
            return MinCostFlowResult(
                status: .infeasible(shortfalls), flow: originalFlow, totalCost: 0, potentials: [], shipped: shipped)
        }
        var totalCost: Int64 = 0
        for a in 0..<originalArcCount {
            let term = try flowCheckedMultiply(originalFlow[a], costs[a], "flow × cost on arc \(a)")
            totalCost = try flowCheckedAdd(totalCost, term, "total cost")
        }
        return MinCostFlowResult(
            status: .optimal, flow: originalFlow, totalCost: totalCost, potentials: potentials, shipped: shipped)
    }
}
