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

/// Minimum-cost flow by the primal network simplex method.
///
/// Implementation: lower bounds are shifted out (`x = l + x'`), an artificial root joined to every
/// node by an artificial arc of cost `M = (n+1)·max|cost| + 1` carries the initial flow (big-M method),
/// and the simplex keeps a strongly feasible spanning tree (parent/thread/subtree-size representation,
/// re-threaded by splicing segments along the stem), entering arcs chosen by block search (blocks of
/// `√m` arcs, best reduced cost in the first block that has a candidate, continuing where the previous
/// search stopped; artificial arcs are priced only if the instance turns out infeasible) after initial
/// pivots on the cheapest arc into each demand node, leaving arc by the strongly feasible
/// (last blocking arc) rule, which prevents cycling.
///
/// Supply semantics:
/// - `Σ supplies == 0`: every node balance is met exactly.
/// - `Σ supplies > 0`: demands (and transshipment nodes) are met exactly; supply nodes ship **at most**
///   their supply (`0 ≤ out − in ≤ supply`), the rest stays at the source (modelled by an extra sink
///   node joined from every supply node by a zero-cost arc of capacity `supply`).
/// - `Σ supplies < 0`: infeasible; the result reports the unmet demands
///   (use `maximumFlowAtMinimumCost` to ship as much as possible instead).
///
/// Complexity: each pivot is O(√m·k + depth + size of the moved subtree); the number of pivots is not
/// polynomially bounded in theory, typically a small multiple of n in practice.
/// All arithmetic is `Int64`; inputs whose sums could overflow raise `FlowError.overflow`.
public enum MinCostFlow {
    /// Solves min-cost flow on `network` with the supply semantics described on `MinCostFlow`.
    public static func solve(_ network: FlowNetwork) throws(FlowError) -> MinCostFlowResult {
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
        return try ext.solve(originalNodeCount: n, originalArcCount: network.arcCount, originalSupplies: network.supplies)
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
    public static func maximumFlowAtMinimumCost(_ network: FlowNetwork, flowLimit: Int64? = nil) throws(FlowError)
        -> MinCostFlowResult
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
            originalNodeCount: n, originalArcCount: network.arcCount, originalSupplies: network.supplies)
        if case .optimal = result.status {
            result.shipped = ext.lastFlow[returnArc]
        }
        return result
    }
}
