import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Interdiction checked against brute force over every subset of elements: on seeded random small networks
/// (throughput and cost objectives, unit and non-unit costs, MIP and enumeration) and on the regional network.
@Suite("Interdiction")
struct InterdictionTests {
    /// A random network of lines and crossings on one layer (so places snap to their own node), origin at node 0 and
    /// destination at the last node.
    static func randomNetwork(_ rng: inout SplitMix64) -> Network {
        var f = FlowFixture()
        let n = Int.random(in: 4...8, using: &rng)
        for i in 0..<n { f.node(130 + Double(i) * 0.5, 40 + Double(i % 3) * 0.5, place: "P\(i)") }
        // A spine so that something usually gets through, then random extra links.
        var touched = Set<Int>()
        for i in 0..<(n - 1) where Int.random(in: 0..<3, using: &rng) != 0 {
            touched.formUnion([i, i + 1])
            f.line(UInt32(i), UInt32(i + 1), km: Double(Int.random(in: 10...200, using: &rng)),
                   capacity: Int64.random(in: 1...9, using: &rng) * 100, name: "L\(f.edges.count)")
        }
        for _ in 0..<Int.random(in: 2...9, using: &rng) {
            let a = Int.random(in: 0..<n, using: &rng)
            var b = Int.random(in: 0..<(n - 1), using: &rng)
            if b >= a { b += 1 }
            touched.formUnion([a, b])
            let capacity = Int64.random(in: 1...9, using: &rng) * 100
            if Int.random(in: 0..<4, using: &rng) == 0 {
                f.crossing("X\(f.crossings.count)", UInt32(a), UInt32(b), capacity: capacity, cost: Double(Int.random(in: 0...20, using: &rng)))
            } else {
                f.line(UInt32(a), UInt32(b), km: Double(Int.random(in: 10...300, using: &rng)), capacity: capacity,
                       name: "L\(f.edges.count)", oneway: Int.random(in: 0..<4, using: &rng) == 0)
            }
        }
        // The sites need an edge to snap to.
        for v in [0, n - 1] where !touched.contains(v) {
            f.line(UInt32(v), UInt32(v == 0 ? 1 : n - 2), km: 50, capacity: Int64.random(in: 1...9, using: &rng) * 100, name: "L\(f.edges.count)")
        }
        return f.build()
    }

    /// The elements as the issue defines them, listed independently of the analysis: crossings, line pieces, and
    /// junctions (three or more distinct edges) other than the sites' nodes; each as the edges it removes.
    static func elements(_ net: Network, siteNodes: Set<Int>) -> [(ElementReference, Set<Int>)] {
        var out: [(ElementReference, Set<Int>)] = []
        for (i, c) in net.crossings.enumerated() { out.append((ElementReference(kind: .crossing, id: i), Set(c.edges.map(Int.init)))) }
        for e in 0..<net.edgeCount where net.edgeKind[e] == .line { out.append((ElementReference(kind: .edge, id: e), [e])) }
        for v in 0..<net.nodeCount where !siteNodes.contains(v) {
            let touching = Set((0..<net.edgeCount).filter { Int(net.edgeSource[$0]) == v || Int(net.edgeTarget[$0]) == v })
            if touching.count >= 3 { out.append((ElementReference(kind: .node, id: v), touching)) }
        }
        return out
    }

    /// Maximum flow from `sources` to `sinks` over the open edges (both directions unless one-way), by an
    /// independent augmenting-path search: the brute force's evaluator.
    static func throughput(_ net: Network, closed: Set<Int>, sources: [Int], sinks: [Int]) -> Int64 {
        var arcs: [(Int, Int, Int64)] = []
        for e in 0..<net.edgeCount where !closed.contains(e) {
            let (u, v, c) = (Int(net.edgeSource[e]), Int(net.edgeTarget[e]), net.edgeCapacityTonnesPerDay[e])
            arcs.append((u, v, c))
            if !net.edgeOneway[e] { arcs.append((v, u, c)) }
        }
        let s = net.nodeCount, t = net.nodeCount + 1
        for v in sources { arcs.append((s, v, Int64(1) << 40)) }
        for v in sinks { arcs.append((v, t, Int64(1) << 40)) }
        return edmondsKarp(nodeCount: net.nodeCount + 2, arcs: arcs, s: s, t: t)
    }

    static func edmondsKarp(nodeCount: Int, arcs: [(Int, Int, Int64)], s: Int, t: Int) -> Int64 {
        edmondsKarpFlow(nodeCount: nodeCount, arcs: arcs, s: s, t: t).value
    }

    /// The maximum flow and the flow on each of `arcs`.
    static func edmondsKarpFlow(nodeCount: Int, arcs: [(Int, Int, Int64)], s: Int, t: Int) -> (value: Int64, flow: [Int64]) {
        var cap: [Int64] = [], to: [Int] = [], adjacency = [[Int]](repeating: [], count: nodeCount)
        for (u, v, c) in arcs {
            adjacency[u].append(cap.count); to.append(v); cap.append(c)
            adjacency[v].append(cap.count); to.append(u); cap.append(0)
        }
        var total: Int64 = 0
        while true {
            var via = [Int](repeating: -1, count: nodeCount)
            var queue = [s], seen = [Bool](repeating: false, count: nodeCount)
            seen[s] = true
            var head = 0
            while head < queue.count {
                let u = queue[head]; head += 1
                for r in adjacency[u] where cap[r] > 0 && !seen[to[r]] { seen[to[r]] = true; via[to[r]] = r; queue.append(to[r]) }
            }
            guard seen[t] else { return (total, arcs.indices.map { cap[2 * $0 + 1] }) }
            var amount = Int64.max, v = t
            while v != s { amount = min(amount, cap[via[v]]); v = to[via[v] ^ 1] }
            v = t
            while v != s { cap[via[v]] -= amount; cap[via[v] ^ 1] += amount; v = to[via[v] ^ 1] }
            total += amount
        }
    }

    /// The tests' own max-flow peer for a throughput network: Edmonds–Karp on the arcs that lie on some source–sink
    /// path (found by two searches of its own; other arcs cannot carry flow), elements given as positions of those arcs.
    struct PathPeer: Sendable {
        let arcs: [(Int, Int, Int64)]
        let position: [Int: Int]
        let nodeCount: Int, s: Int, t: Int

        init(_ fn: FlowNetwork, source: UInt32, sink: UInt32) {
            var forward = Set([Int(source)]), backward = Set([Int(sink)])
            var changed = true
            while changed {
                changed = false
                for a in 0..<fn.arcCount where fn.capacities[a] > 0 {
                    if forward.contains(Int(fn.tails[a])) && forward.insert(Int(fn.heads[a])).inserted { changed = true }
                    if backward.contains(Int(fn.heads[a])) && backward.insert(Int(fn.tails[a])).inserted { changed = true }
                }
            }
            let onPath = (0..<fn.arcCount).filter { fn.capacities[$0] > 0 && forward.contains(Int(fn.tails[$0])) && backward.contains(Int(fn.heads[$0])) }
            position = Dictionary(uniqueKeysWithValues: onPath.enumerated().map { ($1, $0) })
            let compact = Dictionary(uniqueKeysWithValues: Set(onPath.flatMap { [Int(fn.tails[$0]), Int(fn.heads[$0])] }).sorted().enumerated().map { ($1, $0) })
            arcs = onPath.map { (compact[Int(fn.tails[$0])]!, compact[Int(fn.heads[$0])]!, fn.capacities[$0]) }
            (nodeCount, s, t) = (compact.count, compact[Int(source)]!, compact[Int(sink)]!)
        }

        /// The positions of those of `flowArcs` on a path.
        func positions(_ flowArcs: [UInt32]) -> [Int] { flowArcs.compactMap { position[Int($0)] } }

        /// The maximum flow with the arcs at `removed` at capacity 0, and the flow on each arc.
        func solve(removing removed: [Int]) -> (value: Int64, flow: [Int64]) {
            var a = arcs
            for p in removed { a[p].2 = 0 }
            return InterdictionTests.edmondsKarpFlow(nodeCount: nodeCount, arcs: a, s: s, t: t)
        }

        /// Whether an arc at `positions` still lies on a source–sink path once the arcs at `removed` are gone.
        func onPath(_ positions: [Int], removing removed: [Int]) -> Bool {
            let gone = Set(removed)
            var forward = [Bool](repeating: false, count: nodeCount), backward = forward
            forward[s] = true; backward[t] = true
            var changed = true
            while changed {
                changed = false
                for (p, (u, v, c)) in arcs.enumerated() where c > 0 && !gone.contains(p) {
                    if forward[u] && !forward[v] { forward[v] = true; changed = true }
                    if backward[v] && !backward[u] { backward[u] = true; changed = true }
                }
            }
            return positions.contains { !gone.contains($0) && forward[arcs[$0].0] && backward[arcs[$0].1] }
        }

        /// The least throughput left by at most `k` of `elements` (unit costs), for k = 0 ... `depth`: every set, by
        /// two facts of max flow rather than one run per subset. From a set T, an element carrying no flow in T's
        /// maximum flow leaves it unchanged (that flow stays feasible), so every set is matched by one built by
        /// adding carriers only (add a member that carries flow while there is one; the rest change nothing); and
        /// removing r more elements loses at most the r largest flows on their arcs (the paths through them carry
        /// no more), so a set whose bound cannot beat the best found is not extended. `seeds[k]` are sets (positions)
        /// whose value starts the best for k.
        func bestCurve(_ elements: [[Int]], depth: Int, seeds: [[Int]]) -> [Int64] {
            var best = [solve(removing: []).value]
            for k in 1...depth {
                var bestK = min(best[k - 1], solve(removing: seeds[k]).value)
                var visited: Set<[Int]> = [[]]
                var stack: [[Int]] = [[]]
                while let set = stack.popLast() {
                    let (value, flow) = solve(removing: set.flatMap { elements[$0] })
                    bestK = min(bestK, value)
                    guard set.count < k else { continue }
                    let loads = elements.indices.filter { !set.contains($0) }.map { l in (l, elements[l].reduce(Int64(0)) { $0 + flow[$1] }) }
                        .filter { $0.1 > 0 }
                    let most = loads.map(\.1).sorted(by: >).prefix(k - set.count).reduce(0, +)
                    guard value - most < bestK else { continue }
                    for (l, _) in loads {
                        let child = (set + [l]).sorted()
                        if visited.insert(child).inserted { stack.append(child) }
                    }
                }
                best.append(bestK)
            }
            return best
        }
    }

    /// Every subset of at most `k` elements within `budget` (costs per element): the best throughput left.
    static func bruteForce(_ elements: [(ElementReference, Set<Int>)], costs: [Double], budget: Double, k: Int,
                           evaluate: (Set<Int>) -> Double, minimize: Bool) -> Double {
        var best = evaluate([])
        func visit(_ from: Int, _ closed: Set<Int>, _ spent: Double, _ depth: Int) {
            guard depth < k else { return }
            for i in from..<elements.count where spent + costs[i] <= budget + 1e-9 {
                let next = closed.union(elements[i].1)
                let value = evaluate(next)
                best = minimize ? min(best, value) : max(best, value)
                visit(i + 1, next, spent + costs[i], depth + 1)
            }
        }
        visit(0, [], 0, 0)
        return best
    }

    @Test func throughputEqualsBruteForceOnRandomNetworks() throws {
        var rng = SplitMix64(seed: 1414)
        for instance in 0..<60 {
            let net = Self.randomNetwork(&rng)
            let last = net.nodeCount - 1
            let elements = Self.elements(net, siteNodes: [0, last])
            let unitCosts = instance % 2 == 0
            var costs = InterdictionCosts()
            var costOf = [Double](repeating: 1, count: elements.count)
            if !unitCosts {
                for (i, e) in elements.enumerated() where Int.random(in: 0..<2, using: &rng) == 0 {
                    let c = Double(Int.random(in: 0...3, using: &rng)) * 0.5
                    costs.rules.append(InterdictionCostRule(selector: e.0.description, cost: c))
                    costOf[i] = c
                }
            }
            let budget = unitCosts ? 3.0 : 2.5
            for method in InterdictionMethod.allCases {
                let request = InterdictionRequest(origins: [FlowSite(.place("P0"))], destinations: [FlowSite(.place("P\(last)"))],
                                                  budget: budget, method: method, costs: costs)
                let result = try FlowAnalyzer(network: net).interdict(request)
                #expect(result.curve.count == (unitCosts ? 4 : 4))
                for plan in result.curve {
                    let k = unitCosts ? Int(plan.budget) : elements.count
                    let expected = Self.bruteForce(elements, costs: costOf, budget: plan.budget, k: k, evaluate: {
                        Double(Self.throughput(net, closed: $0, sources: [0], sinks: [last]))
                    }, minimize: true)
                    #expect(Double(plan.throughputLeftTonnesPerDay) == expected, "instance \(instance) \(method) budget \(plan.budget)")
                    #expect(plan.proof.proven && plan.proof.absoluteGap == 0, "instance \(instance) \(method) budget \(plan.budget) \(plan.proof)")
                    #expect(plan.spent <= plan.budget + 1e-9)
                    // The plan's own set leaves what it says.
                    let closed = plan.elements.reduce(into: Set<Int>()) { s, e in
                        s.formUnion(elements.first { $0.0 == e.reference }!.1)
                    }
                    #expect(Self.throughput(net, closed: closed, sources: [0], sinks: [last]) == plan.throughputLeftTonnesPerDay)
                }
                // The curve never rises, and the greedy sequence is never better than the optimum.
                for (a, b) in zip(result.curve, result.curve.dropFirst()) { #expect(b.throughputLeftTonnesPerDay <= a.throughputLeftTonnesPerDay) }
                if let g = result.greedy.last { #expect(g.throughputLeftTonnesPerDay >= result.best.throughputLeftTonnesPerDay) }
            }
        }
    }

    @Test func costEqualsBruteForceOnRandomNetworks() throws {
        var rng = SplitMix64(seed: 2727)
        for instance in 0..<40 {
            let net = Self.randomNetwork(&rng)
            let last = net.nodeCount - 1
            let elements = Self.elements(net, siteNodes: [0, last])
            let demand = Int64.random(in: 1...6, using: &rng) * 100
            let request = InterdictionRequest(origins: [FlowSite(.place("P0"))], destinations: [FlowSite(.place("P\(last)"), tonnesPerDay: demand)],
                                              budget: 2, objective: .cost, method: instance % 2 == 0 ? .mip : .enumeration)
            let result = try FlowAnalyzer(network: net).interdict(request)
            let unmet = try #require(result.unmetCostPerTonne)
            let analyzer = FlowAnalyzer(network: net)
            for plan in result.curve {
                let expected = Self.bruteForce(elements, costs: elements.map { _ in 1 }, budget: plan.budget, k: Int(plan.budget), evaluate: { closed in
                    // The independent peer: the flow analysis with the edges closed (as much as possible at least cost).
                    // A site whose every edge is closed cannot be snapped: nothing is delivered.
                    guard let f = try? analyzer.flow(FlowRequest(origins: [FlowSite(.place("P0"), tonnesPerDay: demand)],
                                                                 destinations: [FlowSite(.place("P\(last)"), tonnesPerDay: demand)],
                                                                 restrictions: Restrictions(close: closed.sorted().map { "edge:\($0)" })))
                    else { return unmet * Double(demand) }
                    return f.totalCost + unmet * (Double(demand) - f.deliveredTonnesPerDay)
                }, minimize: false)
                let total = try #require(plan.totalCost)
                #expect(abs(total - expected) < 1e-6 * max(1, expected), "instance \(instance) budget \(plan.budget): \(total) vs \(expected)")
                #expect(plan.proof.proven)
            }
        }
    }

    /// The resilience curve on the regional network without China, for every budget up to 3, equals brute force over
    /// every subset of the elements that lie on an origin–destination path (the others cannot matter: checked too).
    @Test(.enabled(if: FlowRegionalTests.available)) func regionalEqualsBruteForceWithoutChina() throws {
        let net = try #require(FlowRegionalTests.network)
        let analyzer = FlowAnalyzer(network: net)
        let restrictions = Restrictions(avoidCountries: ["CN"])
        let request = InterdictionRequest(origins: [FlowSite(.place("Vladivostok"))], destinations: [FlowSite(.place("Pyongyang"))],
                                          restrictions: restrictions, budget: 3)
        let result = try analyzer.interdict(request)
        print("regional without CN: intact \(result.intactThroughputTonnesPerDay), candidates \(result.candidateCount), curve "
              + result.curve.map { "\(Int($0.budget)): \($0.throughputLeftTonnesPerDay) [\($0.elements.map(\.name).joined(separator: "; "))]" }.joined(separator: " | "))
        // The brute force's own evaluator: the chokepoint analysis with the elements closed.
        let view = try NetworkView(network: net, restrictions: restrictions)
        let origins = try view.resolve([FlowSite(.place("Vladivostok"))], maxSnapMeters: 25_000)
        let destinations = try view.resolve([FlowSite(.place("Pyongyang"))], maxSnapMeters: 25_000)
        let model = ThroughputModel(view: view, origins: origins, destinations: destinations)
        let all = analyzer.failureElements(model: model.base)
        let (relevantArcs, _) = relevantSubnetwork(model.network, sources: [model.source], sinks: [model.sink])
        let relevant = all.filter { $0.arcs.contains { relevantArcs[Int($0)] } }
        #expect(relevant.count == result.candidateCount)
        // The peer, every subset of at most three relevant elements (PathPeer.bestCurve), started from the plans' sets.
        let peer = PathPeer(model.network, source: model.source, sink: model.sink)
        let positions = Dictionary(uniqueKeysWithValues: all.map { (ElementReference(kind: $0.kind, id: $0.id), peer.positions($0.arcs)) })
        let best = peer.bestCurve(relevant.map { peer.positions($0.arcs) }, depth: 3,
                                  seeds: result.curve.map { $0.elements.flatMap { positions[$0.reference] ?? [] } })
        #expect(best[0] == result.intactThroughputTonnesPerDay)
        #expect(result.curve.map(\.throughputLeftTonnesPerDay) == best)
        // Elements on no origin–destination path change nothing.
        let irrelevant = all.filter { e in !e.arcs.contains { relevantArcs[Int($0)] } }
        for e in irrelevant.prefix(40) {
            var damaged = model.base.network
            for a in e.arcs { damaged.capacities[Int(a)] = 0 }
            #expect(try MinCostFlow.maximumFlowAtMinimumCost(damaged).shipped == best[0])
        }
    }

    /// With China (origins Vladivostok and Khabarovsk): the resilience curve up to budget 3 of the MIP and of the
    /// enumeration equals brute force over every set of at most three elements (`PathPeer.bestCurve`, the peer's own
    /// Edmonds–Karp), and k = 1 is the top of the criticality ranking. The brute force runs over the candidates the
    /// search kept: every element it dropped is checked here to be dominated by a kept one of the same cost (once the
    /// kept one is gone, no source–sink path of the peer uses any of its arcs), so a set with the dropped one leaves
    /// at least what the set with the kept one instead leaves.
    /// Long: in a debug build on the 2-core CI machine this ran past 25 minutes without finishing (the brute force over
    /// all triples of the 303 kept candidates), so it runs only with CORRIDOR_LONG_TESTS=1 until the brute force is cut
    /// down; the release timings of MIP and enumeration are in BENCHMARKS.md.
    @Test(.enabled(if: FlowRegionalTests.available && ProcessInfo.processInfo.environment["CORRIDOR_LONG_TESTS"] == "1"))
    func regionalWithChinaAndCriticality() throws {
        let net = try #require(FlowRegionalTests.network)
        let analyzer = FlowAnalyzer(network: net)
        let origins = ["Vladivostok", "Khabarovsk"].map { FlowSite(.place($0)) }
        let destinations = [FlowSite(.place("Pyongyang"))]
        let mip = try analyzer.interdict(InterdictionRequest(origins: origins, destinations: destinations, budget: 3))
        let enumerated = try analyzer.interdict(InterdictionRequest(origins: origins, destinations: destinations, budget: 3, method: .enumeration))
        print("regional with CN: \(mip.candidateCount) candidates, \(mip.undominatedCount) undominated; curve "
              + mip.curve.map { "\($0.throughputLeftTonnesPerDay) [\($0.elements.map(\.name).joined(separator: "; "))]" }.joined(separator: " | "))
        #expect(mip.curve.map(\.throughputLeftTonnesPerDay) == enumerated.curve.map(\.throughputLeftTonnesPerDay))
        #expect(mip.curve.allSatisfy(\.proof.proven) && enumerated.curve.allSatisfy(\.proof.proven))

        let view = NetworkView(network: net)
        let model = ThroughputModel(view: view, origins: try view.resolve(origins, maxSnapMeters: 25_000),
                                    destinations: try view.resolve(destinations, maxSnapMeters: 25_000))
        let peer = PathPeer(model.network, source: model.source, sink: model.sink)
        let all = analyzer.failureElements(model: model.base)
        let relevant = all.filter { peer.onPath(peer.positions($0.arcs), removing: []) }
        #expect(relevant.count == mip.candidateCount)
        let candidates = relevant.map { InterdictionCandidate(reference: ElementReference(kind: $0.kind, id: $0.id), arcs: $0.arcs, cost: 1) }
        let kept = ThroughputInterdictionModel(network: model.network, source: model.source, sink: model.sink,
                                               elements: candidates, budget: 3).candidates
        #expect(kept.count == mip.undominatedCount && kept.count < relevant.count)
        let keptIndex = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1.reference, $0) })
        // Each dropped element and a kept one dominating it (named by the analysis, checked by the peer).
        let dominators = PathDominance.dominators(model.network, sources: [model.source], sinks: [model.sink], elements: candidates.map(\.arcs))
        for (i, c) in candidates.enumerated() where keptIndex[c.reference] == nil {
            let j = dominators[i].first { keptIndex[candidates[$0].reference] != nil }
            #expect(j != nil, "\(c.reference) dropped with no kept dominator")
            if let j {
                #expect(!peer.onPath(peer.positions(c.arcs), removing: peer.positions(candidates[j].arcs)),
                        "\(c.reference) is not dominated by \(candidates[j].reference)")
            }
        }
        let positions = Dictionary(uniqueKeysWithValues: candidates.map { ($0.reference, peer.positions($0.arcs)) })
        let best = peer.bestCurve(kept.map { peer.positions($0.arcs) }, depth: 3,
                                  seeds: mip.curve.map { $0.elements.flatMap { positions[$0.reference] ?? [] } })
        #expect(mip.curve.map(\.throughputLeftTonnesPerDay) == best)

        let chokepoints = try analyzer.chokepoints(ChokepointRequest(origins: origins, destinations: destinations, top: 1))
        #expect(chokepoints.cutCapacityTonnesPerDay == mip.intactThroughputTonnesPerDay)  // the layered network's maximum
        let top = try #require(chokepoints.ranking.first)
        #expect(mip.intactThroughputTonnesPerDay - mip.curve[1].throughputLeftTonnesPerDay == top.throughputLostTonnesPerDay)
    }

    @Test func badRequests() throws {
        var rng = SplitMix64(seed: 9)
        let net = Self.randomNetwork(&rng)
        let analyzer = FlowAnalyzer(network: net)
        let sites = ([FlowSite(.place("P0"))], [FlowSite(.place("P\(net.nodeCount - 1)"))])
        #expect(throws: AnalysisError.self) { try analyzer.interdict(InterdictionRequest(origins: sites.0, destinations: sites.1, budget: -1)) }
        #expect(throws: AnalysisError.self) { try analyzer.interdict(InterdictionRequest(origins: sites.0, destinations: sites.1, budget: .nan)) }
        let negative = InterdictionCosts(rules: [InterdictionCostRule(selector: "kind:edge", cost: -1)])
        #expect(throws: AnalysisError.self) { try analyzer.interdict(InterdictionRequest(origins: sites.0, destinations: sites.1, budget: 1, costs: negative)) }
        let unknown = InterdictionCosts(rules: [InterdictionCostRule(selector: "Nowhere Bridge", cost: 1)])
        #expect(throws: AnalysisError.self) { try analyzer.interdict(InterdictionRequest(origins: sites.0, destinations: sites.1, budget: 1, costs: unknown)) }
        // The cost objective needs demands.
        #expect(throws: AnalysisError.self) { try analyzer.interdict(InterdictionRequest(origins: sites.0, destinations: sites.1, budget: 1, objective: .cost)) }
    }
}
