/// The discrete time-expanded network of a network with integer transit times (Ford & Fulkerson): one copy of every
/// node per time step `0 ..< horizon`, an arc `(u, θ) → (v, θ + transit)` for each arc and departure step that arrives
/// within the horizon, holdover arcs `(v, θ) → (v, θ + 1)` of infinite capacity, a super source feeding every copy of
/// the source and a super sink draining every copy of the sink. Its static maximum flow is the maximum flow over
/// time with `horizon` steps: the reference the continuous `FlowOverTime.Profile` is tested against.
///
/// Complexity: O(horizon · (n + m)) nodes and arcs.
public enum TimeExpandedNetwork {
    /// The time-expanded network and its super source and sink.
    public static func build(_ network: FlowNetwork, source: UInt32, sink: UInt32, horizon: Int)
        -> (network: FlowNetwork, source: UInt32, sink: UInt32)
    {
        let n = network.nodeCount
        let T = max(horizon, 0)
        var expanded = FlowNetwork(nodeCount: T * n + 2)
        func node(_ v: Int, _ theta: Int) -> UInt32 { UInt32(theta * n + v) }
        for theta in 0..<T {
            for a in 0..<network.arcCount {
                let arrival = theta + Int(network.costs[a])
                guard arrival < T else { continue }
                expanded.addArc(from: node(Int(network.tails[a]), theta), to: node(Int(network.heads[a]), arrival),
                                capacity: network.capacities[a])
            }
            if theta + 1 < T {
                for v in 0..<n { expanded.addArc(from: node(v, theta), to: node(v, theta + 1), capacity: FlowNetwork.infiniteCapacity) }
            }
        }
        let s = UInt32(T * n), t = UInt32(T * n + 1)
        for theta in 0..<T {
            expanded.addArc(from: s, to: node(Int(source), theta), capacity: FlowNetwork.infiniteCapacity)
            expanded.addArc(from: node(Int(sink), theta), to: t, capacity: FlowNetwork.infiniteCapacity)
        }
        return (expanded, s, t)
    }

    /// The maximum flow over `horizon` steps: the static maximum flow of the time-expanded network.
    public static func maximumFlow(_ network: FlowNetwork, source: UInt32, sink: UInt32, horizon: Int) throws(FlowError) -> Int64 {
        guard horizon > 0 else { return 0 }
        let (expanded, s, t) = build(network, source: source, sink: sink, horizon: horizon)
        return try MaxFlow.solve(expanded, source: s, sink: t).value
    }
}
