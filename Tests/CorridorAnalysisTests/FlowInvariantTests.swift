import CorridorGeo
import CorridorGraph
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Seeded random small networks, checked against brute force (minimum cut over all node subsets) and an
/// independent successive-shortest-path min-cost flow, plus flow invariants.
@Suite("Flow invariants")
struct FlowInvariantTests {
    struct Instance {
        var network: Network
        /// Directed arcs as the peers see them: (tail, head, capacity, cost in milli-units).
        var arcs: [(Int, Int, Int64, Int64)]
        var nodeCount: Int
    }

    static func randomInstance(_ rng: inout SplitMix64) -> Instance {
        var f = FlowFixture()
        let n = Int.random(in: 3...7, using: &rng)
        for i in 0..<n { f.node(130 + Double(i), 40 + Double(i % 3)) }
        var arcs: [(Int, Int, Int64, Int64)] = []
        for _ in 0..<Int.random(in: 2...12, using: &rng) {
            let a = Int.random(in: 0..<n, using: &rng)
            var b = Int.random(in: 0..<n - 1, using: &rng)
            if b >= a { b += 1 }
            let cap = Int64.random(in: 0...40, using: &rng)
            if Int.random(in: 0..<4, using: &rng) == 0 {
                let cost = Int64.random(in: 0...5, using: &rng)
                f.crossing("X\(f.crossings.count)", UInt32(a), UInt32(b), capacity: cap, cost: Double(cost))
                arcs.append((a, b, cap, cost * 1000)); arcs.append((b, a, cap, cost * 1000))
            } else {
                let km = Int64.random(in: 0...30, using: &rng)
                let oneway = Bool.random(using: &rng)
                f.line(UInt32(a), UInt32(b), km: Double(km), capacity: cap, oneway: oneway)
                arcs.append((a, b, cap, km * 10))
                if !oneway { arcs.append((b, a, cap, km * 10)) }
            }
        }
        return Instance(network: f.build(), arcs: arcs, nodeCount: n)
    }

    /// Minimum s–t cut by enumerating every node subset containing s and not t.
    static func bruteForceMinCut(_ inst: Instance, s: Int, t: Int) -> Int64 {
        var best = Int64.max
        for mask in 0..<(1 << inst.nodeCount) where mask & (1 << s) != 0 && mask & (1 << t) == 0 {
            var cut: Int64 = 0
            for (u, v, c, _) in inst.arcs where mask & (1 << u) != 0 && mask & (1 << v) == 0 { cut += c }
            best = min(best, cut)
        }
        return best
    }

    /// Min cost of shipping up to `limit` units from s to t by successive shortest paths (Bellman–Ford).
    static func sspMinCost(_ inst: Instance, s: Int, t: Int, limit: Int64) -> (shipped: Int64, cost: Int64) {
        var to: [Int] = [], cap: [Int64] = [], cost: [Int64] = [], from: [Int] = []
        for (u, v, c, w) in inst.arcs {
            from.append(u); to.append(v); cap.append(c); cost.append(w)
            from.append(v); to.append(u); cap.append(0); cost.append(-w)
        }
        var shipped: Int64 = 0, total: Int64 = 0
        while shipped < limit {
            var dist = [Int64](repeating: .max, count: inst.nodeCount)
            var via = [Int](repeating: -1, count: inst.nodeCount)
            dist[s] = 0
            for _ in 0..<inst.nodeCount {
                for a in 0..<to.count where cap[a] > 0 && dist[from[a]] != .max && dist[from[a]] + cost[a] < dist[to[a]] {
                    dist[to[a]] = dist[from[a]] + cost[a]; via[to[a]] = a
                }
            }
            if dist[t] == .max { break }
            var push = limit - shipped
            var v = t
            while v != s { push = min(push, cap[via[v]]); v = from[via[v]] }
            v = t
            while v != s { cap[via[v]] -= push; cap[via[v] ^ 1] += push; v = from[via[v]] }
            shipped += push; total += push * dist[t]
        }
        return (shipped, total)
    }

    @Test func randomNetworksMatchPeersAndKeepInvariants() throws {
        var rng = SplitMix64(seed: 20240611)
        var checked = 0
        for _ in 0..<200 {
            let inst = Self.randomInstance(&rng)
            let s = 0, t = inst.nodeCount - 1
            let analyzer = FlowAnalyzer(network: inst.network)
            let origin = [FlowSite(.node(UInt32(s)), tonnesPerDay: 1000)]
            let destination = [FlowSite(.node(UInt32(t)), tonnesPerDay: 1000)]
            // A node with no edges cannot be snapped: such instances are skipped.
            guard let full = try? analyzer.flow(FlowRequest(origins: origin, destinations: destination)) else { continue }
            checked += 1
            let maxFlow = Self.bruteForceMinCut(inst, s: s, t: t)
            #expect(full.deliveredTonnesPerDay == Double(maxFlow))
            #expect(Int64((full.totalCost * 1000).rounded()) == Self.sspMinCost(inst, s: s, t: t, limit: 1000).cost)
            try checkInvariants(full, sites: [s, t])

            // Part of the maximum: every unit delivered, at the peer's minimum cost.
            if maxFlow > 1 {
                let k = Int64.random(in: 1..<maxFlow, using: &rng)
                let part = try analyzer.flow(FlowRequest(origins: [FlowSite(.node(UInt32(s)), tonnesPerDay: k)],
                                                         destinations: [FlowSite(.node(UInt32(t)), tonnesPerDay: k)]))
                #expect(part.status == .complete && part.deliveredTonnesPerDay == Double(k))
                #expect(Int64((part.totalCost * 1000).rounded()) == Self.sspMinCost(inst, s: s, t: t, limit: k).cost)
                try checkInvariants(part, sites: [s, t])
            }

            let choke = try analyzer.chokepoints(ChokepointRequest(origins: [FlowSite(.node(UInt32(s)))],
                                                                  destinations: [FlowSite(.node(UInt32(t)))], top: 100))
            #expect(choke.maxThroughputTonnesPerDay == Double(maxFlow))
            #expect(choke.cut.map(\.capacityTonnesPerDay).reduce(0, +) == maxFlow)
            // Closing the cut edges disconnects origin from destination.
            if maxFlow > 0 {
                let closed = Restrictions(close: choke.cutEdges.map { "edge:\($0)" })
                let after = try? analyzer.chokepoints(ChokepointRequest(origins: [FlowSite(.node(UInt32(s)))],
                                                                       destinations: [FlowSite(.node(UInt32(t)))],
                                                                       restrictions: closed, top: 0))
                #expect((after?.maxThroughputTonnesPerDay ?? 0) == 0)
            }
            // Each ranked element's loss equals the drop when it is closed.
            for element in choke.ranking where element.kind == .edge || element.kind == .crossing {
                let name = element.kind == .edge ? "edge:\(element.id)" : element.name
                let after = try? analyzer.chokepoints(ChokepointRequest(
                    origins: [FlowSite(.node(UInt32(s)))], destinations: [FlowSite(.node(UInt32(t)))],
                    restrictions: Restrictions(close: [name]), top: 0))
                #expect(Double(element.throughputLostTonnesPerDay) == Double(maxFlow) - (after?.maxThroughputTonnesPerDay ?? 0))
            }
        }
        #expect(checked > 100)
    }

    /// Conservation at every node but the sites, capacities respected, totals consistent.
    func checkInvariants(_ r: FlowResult, sites: [Int]) throws {
        let n = r.network
        var balance = [Double](repeating: 0, count: n.nodeCount)
        var cost: Int64 = 0
        for a in 0..<n.arcCount {
            let x = r.arcFlow[a]
            #expect(x >= 0 && x <= Double(r.arcCapacity[a]))
            #expect(x == x.rounded())  // single commodity, integral data: the optimum found is integral
            balance[Int(n.graph.tail[a])] -= x
            balance[Int(n.graph.head[a])] += x
            cost += Int64(x) * Int64(r.arcCostMilli[a] == .max ? 0 : r.arcCostMilli[a])
        }
        for v in 0..<n.nodeCount where !sites.contains(v) { #expect(balance[v] == 0) }
        #expect(r.deliveredTonnesPerDay == r.destinations.map(\.tonnesPerDay).reduce(0, +))
        #expect(r.deliveredTonnesPerDay == r.paths.map(\.tonnesPerDay).reduce(0, +))
        #expect(r.deliveredTonnesPerDay == r.corridors.map(\.tonnesPerDay).reduce(0, +))
        #expect(Int64((r.totalCost * 1000).rounded()) == cost)
        if sites.count == 2 && sites[0] != sites[1] { #expect(balance[sites[1]] == r.deliveredTonnesPerDay) }
    }
}
