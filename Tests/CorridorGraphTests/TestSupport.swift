@testable import CorridorGraph

/// Deterministic PRNG (SplitMix64) so random tests reproduce exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// A graph with per-arc weights, for tests.
struct WeightedGraph {
    var graph: CSRGraph
    var weights: [UInt32]
}

/// Random multigraph: zero weights, parallel arcs, self loops, closed arcs and disconnected parts.
func randomGraph(_ rng: inout SplitMix64, nodes n: Int, arcs m: Int, maxWeight: UInt32 = 20,
                 closedShare: Int = 10) -> WeightedGraph {
    var tails = [UInt32](), heads = [UInt32](), ws = [UInt32]()
    // Nodes in the last quarter only connect among themselves: a separate part.
    let split = max(1, n - n / 4)
    for _ in 0..<m {
        let inFirst = rng.below(4) != 0 || split == n
        let lo = inFirst ? 0 : split, hi = inFirst ? split : n
        let u = UInt32(lo + rng.below(hi - lo))
        var v = UInt32(lo + rng.below(hi - lo))
        if rng.below(15) == 0 { v = u }  // self loop
        let r = rng.below(100)
        let w: UInt32 = r < closedShare ? .max : (r < closedShare + 10 ? 0 : UInt32(1 + rng.below(Int(maxWeight))))
        tails.append(u); heads.append(v); ws.append(w)
        if rng.below(8) == 0 { tails.append(u); heads.append(v); ws.append(UInt32(rng.below(Int(maxWeight) + 1))) }  // parallel
    }
    let (g, order) = CSRGraph.build(nodeCount: n, tails: tails, heads: heads)
    return WeightedGraph(graph: g, weights: order.map { ws[Int($0)] })
}

/// Bellman–Ford from several sources (independent reference).
func bellmanFord(_ g: CSRGraph, _ w: [UInt32], sources: [(UInt32, UInt64)], reverse: Bool = false) -> [UInt64] {
    var d = [UInt64](repeating: .max, count: g.nodeCount)
    for (s, d0) in sources { d[Int(s)] = min(d[Int(s)], d0) }
    var changed = true
    while changed {
        changed = false
        for a in 0..<g.arcCount where w[a] != .max {
            let (from, to) = reverse ? (Int(g.head[a]), Int(g.tail[a])) : (Int(g.tail[a]), Int(g.head[a]))
            if d[from] != .max && d[from] + UInt64(w[a]) < d[to] { d[to] = d[from] + UInt64(w[a]); changed = true }
        }
    }
    return d
}

/// Checks that `p` is a contiguous, open path from `s` to `t` whose length is its weight sum.
func isValidPath(_ p: Path, _ g: CSRGraph, _ w: [UInt32], from s: UInt32, to t: UInt32) -> Bool {
    guard p.nodes.count == p.arcs.count + 1, p.nodes.first == s, p.nodes.last == t else { return false }
    var sum: UInt64 = 0
    for (i, a) in p.arcs.enumerated() {
        if g.tail[Int(a)] != p.nodes[i] || g.head[Int(a)] != p.nodes[i + 1] || w[Int(a)] == .max { return false }
        sum += UInt64(w[Int(a)])
    }
    return sum == p.length
}

/// All simple paths from s to t (brute force DFS), with lengths.
func allSimplePaths(_ g: CSRGraph, _ w: [UInt32], from s: UInt32, to t: UInt32) -> [Path] {
    var result: [Path] = []
    var onPath = [Bool](repeating: false, count: g.nodeCount)
    var arcs: [UInt32] = [], nodes: [UInt32] = [s]
    func dfs(_ u: UInt32, _ len: UInt64) {
        if u == t { result.append(Path(arcs: arcs, nodes: nodes, length: len)); return }
        onPath[Int(u)] = true
        for a in g.outArcs(of: u) where w[a] != .max {
            let v = g.head[a]
            if onPath[Int(v)] { continue }
            arcs.append(UInt32(a)); nodes.append(v)
            dfs(v, len + UInt64(w[a]))
            arcs.removeLast(); nodes.removeLast()
        }
        onPath[Int(u)] = false
    }
    dfs(s, 0)
    return result
}
