/// Which arcs lie in at least one minimum s–t cut, from one maximum flow (Picard & Queyranne 1980).
///
/// Minimum cuts are rarely unique (two elements of equal capacity in series both "bind"), so the cut that one max-flow
/// run reports (`MaxFlowResult.cutArcs`, the one nearest the source) names only one of them. The minimum cuts are
/// exactly the residual-closed node sets that contain the source and not the sink; an arc `u → v` of positive
/// capacity belongs to one of them if and only if
/// - it is saturated by the maximum flow,
/// - `u` does not reach the sink in the residual graph,
/// - `v` is not reached from the source in the residual graph, and
/// - `u` and `v` lie in different strongly connected components of the residual graph
/// (then the residual closure of `{source, u}` is such a cut; conversely every closed set containing `u` contains
/// everything `u` reaches, so each condition is necessary).
///
/// Complexity: O(n + m) time and memory (one residual graph, two searches, Tarjan's strongly connected components).
public enum MinimumCutMembership {
    /// `true` for each arc of `network` that belongs to some minimum cut from `source` to `sink`, given a maximum
    /// flow `flow` (as returned by `MaxFlow.solve`). Arcs of zero capacity never belong (they cut nothing).
    /// - Precondition: `flow` is a maximum flow of `network` (lower bounds zero).
    public static func arcsInSomeMinimumCut(_ network: FlowNetwork, flow: [Int64], source: UInt32, sink: UInt32) -> [Bool] {
        let n = network.nodeCount, m = network.arcCount
        precondition(flow.count == m, "one flow value per arc")
        var tails: [UInt32] = [], heads: [UInt32] = []
        tails.reserveCapacity(2 * m); heads.reserveCapacity(2 * m)
        for a in 0..<m where network.tails[a] != network.heads[a] {
            let (u, v) = (network.tails[a], network.heads[a])
            if flow[a] < network.capacities[a] { tails.append(u); heads.append(v) }
            if flow[a] > 0 { tails.append(v); heads.append(u) }
        }
        let (residual, _) = CSRGraph.build(nodeCount: n, tails: tails, heads: heads)
        let fromSource = reach(residual, from: source, forward: true)
        let toSink = reach(residual, from: sink, forward: false)
        let components = ConnectedComponents.strong(residual).componentOfNode
        var member = [Bool](repeating: false, count: m)
        for a in 0..<m {
            let (u, v) = (Int(network.tails[a]), Int(network.heads[a]))
            guard u != v, network.capacities[a] > 0, flow[a] == network.capacities[a] else { continue }
            member[a] = !toSink[u] && !fromSource[v] && components[u] != components[v]
        }
        return member
    }

    /// Nodes reached from `start` along arcs (`forward`) or against them.
    static func reach(_ g: CSRGraph, from start: UInt32, forward: Bool) -> [Bool] {
        var seen = [Bool](repeating: false, count: g.nodeCount)
        var stack: [UInt32] = [start]
        seen[Int(start)] = true
        let tail = forward ? [] : g.tail, inArcs = forward ? [] : g.inArcs
        while let v = stack.popLast() {
            if forward {
                for a in g.outArcs(of: v) where !seen[Int(g.head[a])] {
                    seen[Int(g.head[a])] = true
                    stack.append(g.head[a])
                }
            } else {
                for p in g.inArcPositions(of: v) {
                    let w = tail[Int(inArcs[p])]
                    if !seen[Int(w)] { seen[Int(w)] = true; stack.append(w) }
                }
            }
        }
        return seen
    }
}
