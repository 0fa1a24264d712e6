import Dispatch

/// The effect of one failure element (a set of arcs that fail together) on a flow network.
public struct ElementImpact: Sendable, Equatable {
    /// Index of the element in the input list.
    public var element: Int
    /// Maximum deliverable amount before the failure minus after it (`>= 0`).
    public var throughputLost: Int64
    /// `C_after(F₁) − C_before(F₁)` where `F₁` is the maximum deliverable amount after the failure and
    /// `C_x(F)` the minimum cost of shipping exactly `F` in network `x`: the extra cost of delivering what
    /// can still be delivered, compared with delivering the same amount in the intact network (`>= 0`).
    /// When throughput does not drop, this is simply the new minimum cost minus the baseline one.
    public var costAdded: Int64
    /// False when the element carried no flow in the baseline optimum, so removing it provably changes
    /// nothing and it was not re-solved.
    public var recomputed: Bool
    /// False when lower bounds of the remaining arcs can no longer be satisfied (then everything counts as
    /// lost and `costAdded` is 0).
    public var feasibleAfter: Bool

    /// Memberwise initializer.
    public init(element: Int, throughputLost: Int64, costAdded: Int64, recomputed: Bool, feasibleAfter: Bool = true) {
        self.element = element
        self.throughputLost = throughputLost
        self.costAdded = costAdded
        self.recomputed = recomputed
        self.feasibleAfter = feasibleAfter
    }
}

/// The baseline and the ranked impacts of all elements.
public struct CriticalityReport: Sendable, Equatable {
    /// Maximum amount deliverable from supply to demand nodes in the intact network.
    public var baselineThroughput: Int64
    /// Minimum cost of delivering `baselineThroughput` in the intact network.
    public var baselineCost: Int64
    /// One entry per element, ranked by `throughputLost` descending, then `costAdded` descending,
    /// then element index ascending.
    public var ranking: [ElementImpact]
}

/// Ranks failure elements ("chokepoints") by the throughput and cost they take away.
///
/// The measure is `MinCostFlow.maximumFlowAtMinimumCost` (supplies and demands as upper limits): the
/// baseline is solved once; each element is removed (its arcs get capacity and lower bound 0) and the
/// problem re-solved. Elements none of whose arcs carries flow in the baseline optimum are skipped:
/// the baseline flow stays feasible and optimal without them, so both measures are 0. (Testing min-cut
/// membership instead would be unsafe with several minimum cuts; the flow test is always sound.)
/// Elements are solved in parallel with `DispatchQueue.concurrentPerform`; the output is deterministic.
///
/// Complexity: one or two min-cost-flow solves per flow-carrying element.
public enum Criticality {
    /// Ranks `elements` (each a list of arc ids of `network`) using the network's supplies.
    public static func rank(_ network: FlowNetwork, elements: [[UInt32]]) throws(FlowError) -> CriticalityReport {
        for (i, element) in elements.enumerated() {
            if let bad = element.first(where: { Int($0) >= network.arcCount }) {
                throw .invalidNetwork("element \(i) names arc \(bad), out of range")
            }
        }
        let baseline = try MinCostFlow.maximumFlowAtMinimumCost(network)
        switch baseline.status {
        case .optimal: break
        case .unbounded: throw .unbounded
        case .infeasible: throw .invalidNetwork("lower bounds cannot be satisfied in the intact network")
        }
        let f0 = baseline.shipped
        let c0 = baseline.totalCost
        var impacts = [ElementImpact?](repeating: nil, count: elements.count)
        var todo: [Int] = []
        for (i, element) in elements.enumerated() {
            if element.contains(where: { baseline.flow[Int($0)] != 0 }) {
                todo.append(i)
            } else {
                impacts[i] = ElementImpact(element: i, throughputLost: 0, costAdded: 0, recomputed: false)
            }
        }
        let slots = ParallelSlots<Result<ElementImpact, FlowError>>(count: todo.count)
        let work = todo
        DispatchQueue.concurrentPerform(iterations: work.count) { k in
            let i = work[k]
            slots.store(k, Result { () throws(FlowError) -> ElementImpact in
                try impact(of: elements[i], index: i, in: network, baselineThroughput: f0, baselineCost: c0)
            })
        }
        for k in 0..<todo.count {
            switch slots.take(k)! {
            case .success(let impact): impacts[todo[k]] = impact
            case .failure(let error): throw error
            }
        }
        let ranking = impacts.map { $0! }.sorted {
            ($0.throughputLost, $0.costAdded, -$0.element) > ($1.throughputLost, $1.costAdded, -$1.element)
        }
        return CriticalityReport(baselineThroughput: f0, baselineCost: c0, ranking: ranking)
    }

    /// Ranks `elements` for flow from `sources` to `sinks` (no supplies needed): a super source and super
    /// sink with supply/demand equal to the total finite capacity are joined to them by zero-cost arcs of
    /// infinite capacity. The network's own supplies are ignored.
    public static func rank(_ network: FlowNetwork, sources: [UInt32], sinks: [UInt32], elements: [[UInt32]])
        throws(FlowError) -> CriticalityReport
    {
        if let problem = network.validationProblem() { throw .invalidNetwork(problem) }
        let n = network.nodeCount
        if sources.isEmpty || sinks.isEmpty { throw .invalidTerminal("no source or no sink") }
        if let bad = (sources + sinks).first(where: { Int($0) >= n }) { throw .invalidTerminal("node \(bad) out of range") }
        if !Set(sources).isDisjoint(with: sinks) { throw .invalidTerminal("a node is both source and sink") }
        var total: Int64 = 1
        for c in network.capacities where c != FlowNetwork.infiniteCapacity {
            total = try flowCheckedAdd(total, c, "total capacity")
        }
        var extended = network
        extended.supplies = [Int64](repeating: 0, count: n) + [total, -total]
        extended.nodeCount = n + 2
        for v in Set(sources).sorted() {
            extended.addArc(from: UInt32(n), to: v, capacity: FlowNetwork.infiniteCapacity)
        }
        for v in Set(sinks).sorted() {
            extended.addArc(from: v, to: UInt32(n + 1), capacity: FlowNetwork.infiniteCapacity)
        }
        return try rank(extended, elements: elements)
    }

    /// The arcs incident to `node` (entering or leaving), increasing: the element for a failing node.
    public static func incidentArcs(of node: UInt32, in network: FlowNetwork) -> [UInt32] {
        (0..<network.arcCount).compactMap { a in
            network.tails[a] == node || network.heads[a] == node ? UInt32(a) : nil
        }
    }

    static func impact(
        of element: [UInt32], index: Int, in network: FlowNetwork, baselineThroughput f0: Int64, baselineCost c0: Int64
    ) throws(FlowError) -> ElementImpact {
        var damaged = network
        for a in element {
            damaged.capacities[Int(a)] = 0
            damaged.lowerBounds[Int(a)] = 0
        }
        let after = try MinCostFlow.maximumFlowAtMinimumCost(damaged)
        switch after.status {
        case .optimal: break
        case .unbounded: throw .unbounded
        case .infeasible:
            return ElementImpact(element: index, throughputLost: f0, costAdded: 0, recomputed: true, feasibleAfter: false)
        }
        let f1 = after.shipped
        var reference = c0
        if f1 < f0 {
            // Cost of shipping the reduced amount in the intact network.
            let intact = try MinCostFlow.maximumFlowAtMinimumCost(network, flowLimit: f1)
            reference = intact.totalCost
        }
        return ElementImpact(
            element: index, throughputLost: f0 - f1,
            costAdded: try flowCheckedAdd(after.totalCost, -reference, "cost difference"), recomputed: true)
    }
}

