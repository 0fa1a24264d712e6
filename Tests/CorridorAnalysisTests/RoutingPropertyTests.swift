import CorridorGeo
import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

@Suite("Routing properties")
struct RoutingPropertyTests {
    static let corridors: Network = try! RoutingTestNetworks.corridors()

    @Test func endpointParsing() {
        #expect(Endpoint(parsing: "Vladivostok") == .place("Vladivostok"))
        #expect(Endpoint(parsing: " 43.1, 131.9 ") == .coordinate(LonLat(lon: 131.9, lat: 43.1)))
        #expect(Endpoint(parsing: "node:123") == .node(123))
        // Two numbers are a coordinate even when out of range, so the user hears "invalid coordinate", not
        // "unknown place".
        #expect(Endpoint(parsing: "95,10") == .coordinate(LonLat(lon: 10, lat: 95)))
        do {
            _ = try Router(network: Self.corridors).route(RouteRequest(from: Endpoint(parsing: "95,10"), to: .place("Vlad")))
            Issue.record("an out-of-range coordinate was accepted")
        } catch {
            #expect(error.description.contains("invalid coordinate '95,10'"), "\(error)")
        }
    }

    @Test func budgetParsing() {
        #expect((try? ReachBudget(parsing: "12h")) == .seconds(43_200))
        #expect((try? ReachBudget(parsing: "90min")) == .seconds(5_400))
        #expect((try? ReachBudget(parsing: "2d")) == .seconds(172_800))
        #expect((try? ReachBudget(parsing: "500km")) == .meters(500_000))
        #expect((try? ReachBudget(parsing: "2.5 h")) == .seconds(9_000))
        for bad in ["12", "-1h", "90m", "2500m", "1e15h", "nan h", "12 parsecs", "h", "1e17m", "9223372036854775807s"] {
            #expect((try? ReachBudget(parsing: bad)) == nil, "\(bad)")
        }
        // m is metres: where minutes could be meant, the message offers both readings.
        do { _ = try ReachBudget(parsing: "500m") } catch {
            #expect(error.description.contains("500min") && error.description.contains("0.5km"), "\(error)")
        }
    }

    @Test func arcWeightUnitsAndClosures() throws {
        let n = Self.corridors
        let open = NetworkView(network: n)
        let time = arcWeights(view: open, metric: .time)
        let distance = arcWeights(view: open, metric: .distance)
        let cost = arcWeights(view: open, metric: .cost)
        for a in 0..<n.arcCount {
            let e = Int(n.arcEdge[a])
            // Rounded to the unit, and an open arc weighs at least 1 (the tie-break against free connectors).
            #expect(Double(time[a]) == max(1, (n.edgeTimeSeconds[e] * 10).rounded()))
            if n.isLine(e) {
                #expect(Double(distance[a]) == max(1, n.edgeLengthMeters[e].rounded()))
                let rate = n.edgeMode[e] == .rail ? 0.03 : (n.className(ofEdge: e) == "motorway" ? 0.08 : 0.09)
                #expect(Double(cost[a]) == max(1, (rate * n.edgeLengthMeters[e]).rounded()))  // per km × km × 1000
            } else {
                #expect(distance[a] == 1)
                #expect(Double(cost[a]) == max(1, (n.edgeFixedCost[e] * 1000).rounded()))
            }
        }
        var view = try NetworkView(network: n, restrictions: Restrictions(close: ["Grod–Pogr"]))
        view.scaleCost(ofEdge: 0, by: 2)
        let closedTime = arcWeights(view: view, metric: .time)
        let scaledCost = arcWeights(view: view, metric: .cost)
        for a in 0..<n.arcCount {
            let e = Int(n.arcEdge[a])
            let isGrod = n.edgeKind[e] == .crossing && n.name(ofEdge: e) == "Grod–Pogr"
            #expect((closedTime[a] == .max) == isGrod)
            if e == 0 { #expect(Double(scaledCost[a]) == (2 * view.value(ofEdge: 0, metric: .cost) / 2 * 1000).rounded()) }
        }
    }

    /// Brute-force peer: Bellman–Ford over the arcs with the same integer weights.
    static func bellmanFord(_ n: Network, weights: [UInt32], sources: [UInt32]) -> [UInt64] {
        var d = [UInt64](repeating: .max, count: n.nodeCount)
        for s in sources { d[Int(s)] = 0 }
        var changed = true
        while changed {
            changed = false
            for a in 0..<n.arcCount where weights[a] != .max {
                let u = Int(n.graph.tail[a]), v = Int(n.graph.head[a])
                if d[u] != .max && d[u] + UInt64(weights[a]) < d[v] { d[v] = d[u] + UInt64(weights[a]); changed = true }
            }
        }
        return d
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func aStarEqualsDijkstraAndBruteForce(seed: UInt64) throws {
        let n = try RoutingTestNetworks.randomGrid(seed: seed)
        let router = Router(network: n)
        var rng = SplitMix64(seed: seed * 77)
        #expect(!n.terminals.isEmpty)
        var reachable = 0
        for metric in Metric.allCases {
            let weights = arcWeights(view: NetworkView(network: n), metric: metric)
            for _ in 0..<25 {
                let s = UInt32(rng.next() % UInt64(n.nodeCount)), t = UInt32(rng.next() % UInt64(n.nodeCount))
                let peer = Self.bellmanFord(n, weights: weights, sources: [s])[Int(t)]
                if peer != .max { reachable += 1 }
                var lengths: [UInt64] = []
                for algorithm in SearchAlgorithm.allCases {
                    let request = RouteRequest(from: .node(s), to: .node(t), metric: metric, algorithm: algorithm)
                    do {
                        let route = try router.route(request).routes[0]
                        lengths.append(route.weight)
                        // The weight is the arc-weight sum of a contiguous path from s to t.
                        #expect(route.nodes.first == s && route.nodes.last == t)
                        for (i, a) in route.arcs.enumerated() {
                            #expect(n.graph.tail[Int(a)] == route.nodes[i] && n.graph.head[Int(a)] == route.nodes[i + 1])
                        }
                        #expect(route.weight == route.arcs.reduce(0) { $0 + UInt64(weights[Int($1)]) })
                    } catch {
                        guard case .noRoute = error else { Issue.record("\(error)"); continue }
                        lengths.append(.max)
                    }
                }
                #expect(lengths == [peer, peer], "seed \(seed) \(metric) \(s)->\(t)")
            }
        }
        #expect(reachable >= 30)
    }

    /// Along any route, the layer changes only over a transfer (road ↔ rail) or a transshipment (1520 ↔ 1435), and
    /// crossings keep the layer: mode switches and gauge changes are structural.
    @Test func layerChangesOnlyAtConnectors() throws {
        let n = Self.corridors
        let router = Router(network: n)
        let names = RoutingTestNetworks.places.keys.sorted().filter { !$0.hasPrefix("Isle") }
        var checked = 0
        for from in names {
            for to in names where to != from {
                for metric in Metric.allCases {
                    guard let result = try? router.route(RouteRequest(from: .place(from), to: .place(to), metric: metric)) else { continue }
                    for a in result.routes[0].arcs {
                        let e = Int(n.arcEdge[Int(a)])
                        let l1 = n.nodeLayer[Int(n.graph.tail[Int(a)])], l2 = n.nodeLayer[Int(n.graph.head[Int(a)])]
                        switch n.edgeKind[e] {
                        case .line, .crossing: #expect(l1 == l2)
                        case .transshipment: #expect(Set([l1, l2]) == [.rail1520, .rail1435])
                        case .transfer: #expect(l1.mode != l2.mode)
                        }
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 100)
        // And the graph itself: no line arc joins two layers.
        for a in 0..<n.arcCount where n.isLine(Int(n.arcEdge[a])) {
            #expect(n.nodeLayer[Int(n.graph.tail[a])] == n.nodeLayer[Int(n.graph.head[a])])
        }
    }

    /// Shared metres of infrastructure (edge and dual-gauge twin as one group) over the candidate's total.
    static func overlap(_ a: Route, with b: Route, network n: Network) -> Double {
        func group(_ e: UInt32) -> UInt32 { let t = n.edgeTwin[Int(e)]; return t == .max ? e : min(e, t) }
        let other = Set(b.edges.map(group))
        var seen = Set<UInt32>(), total = 0.0, shared = 0.0
        for e in a.edges where n.isLine(Int(e)) && seen.insert(group(e)).inserted {
            total += n.edgeLengthMeters[Int(e)]
            if other.contains(group(e)) { shared += n.edgeLengthMeters[Int(e)] }
        }
        return total > 0 ? shared / total : 0
    }

    @Test(arguments: [0.0, 0.3, 0.6])
    func distinctCorridorsRespectOverlap(maxOverlap: Double) throws {
        let router = Router(network: Self.corridors)
        let request = RouteRequest(from: .place("Ussur"), to: .place("Chongjin"), restrictions: Restrictions(modes: [.rail]),
                                   alternatives: 3, maxOverlap: maxOverlap)
        let routes = try router.route(request).routes
        #expect(routes.count >= 2)  // the Grod and Khasan corridors share no track
        #expect(routes.map(\.rank) == Array(1...routes.count))
        for i in routes.indices {
            for j in 0..<i {
                let o = Self.overlap(routes[i], with: routes[j], network: Self.corridors)
                #expect(o <= maxOverlap + 1e-3, "route \(i + 1) shares \(o) with route \(j + 1)")
            }
        }
        #expect(Set(routes.map(\.arcs)).count == routes.count)
    }

    @Test func yenAlternativesAreSortedAndDistinct() throws {
        let n = try RoutingTestNetworks.randomGrid(seed: 9)
        let router = Router(network: n)
        // From the first node to the farthest node it reaches.
        let s: UInt32 = 0
        let query = DijkstraQuery(graph: n.graph)
        query.run(from: s, weights: arcWeights(view: NetworkView(network: n), metric: .distance))
        let t = query.settledNodes.last!
        #expect(query.settledNodes.count > 20)
        let request = RouteRequest(from: .node(s), to: .node(t), metric: .distance, alternatives: 5,
                                   alternativeMethod: .yen)
        let routes = try router.route(request).routes
        #expect(routes.count == 5)
        #expect(zip(routes, routes.dropFirst()).allSatisfy { $0.weight <= $1.weight })
        #expect(Set(routes.map(\.arcs)).count == 5)
        let best = try router.route(RouteRequest(from: .node(s), to: .node(t), metric: .distance))
        #expect(routes[0].weight == best.routes[0].weight)
    }

    @Test func routePropertiesAddUp() throws {
        let n = Self.corridors
        let result = try Router(network: n).route(RouteRequest(from: .place("Ussur"), to: .place("Chongjin"),
                                                               restrictions: Restrictions(modes: [.rail])))
        let route = result.routes[0]
        let lineMeters = route.edges.filter { n.isLine(Int($0)) }.reduce(0.0) { $0 + n.edgeLengthMeters[Int($1)] }
        #expect(abs(route.distanceMeters - lineMeters) < 1e-6)
        #expect(abs(route.timeSeconds - route.edges.reduce(0.0) { $0 + n.edgeTimeSeconds[Int($1)] }) < 1e-6)
        #expect(abs(route.legs.reduce(0.0) { $0 + $1.distanceMeters } - route.distanceMeters) < 1e-6)
        // Countries in order, and legs split at the border and at the gauge change.
        #expect(route.countries == ["RU", "CN", "KP"])
        #expect(route.legs.map(\.country) == ["RU", "CN", "CN", "KP"])
        #expect(route.legs.map(\.layer) == [.rail1520, .rail1520, .rail1435, .rail1435])
        #expect(route.legs.first?.fromPlace == "Ussur" && route.legs.last?.toPlace == "Chongjin")
        // Cost: per-km rail rate on lines plus fixed costs of 2 crossings and 1 transshipment.
        #expect(abs(route.cost - (0.03 * lineMeters / 1000 + 10 + 10 + 6)) < 1e-9)
    }

    @Test func snappingRespectsLimitsAndSuggestsNames() throws {
        let router = Router(network: Self.corridors)
        #expect(throws: AnalysisError.self) { try router.route(RouteRequest(from: .place("Usur"), to: .place("Vlad"))) }
        do {
            _ = try router.route(RouteRequest(from: .place("Usur"), to: .place("Vlad")))
        } catch {
            #expect(error.description.contains("'Ussur'"))
        }
        // A point 40 km off the network.
        do {
            _ = try router.route(RouteRequest(from: .coordinate(LonLat(lon: 131.0, lat: 43.9)), to: .place("Vlad")))
            Issue.record("expected too far")
        } catch {
            guard case let .tooFarFromNetwork(_, d, limit) = error else { Issue.record("\(error)"); return }
            #expect(d > 25_000 && limit == 25_000)
        }
        // A coordinate next to Vlad snaps with its distance reported.
        let near = Geodesic.direct(RoutingTestNetworks.p("Vlad"), azimuth: 0, distance: 700)
        let result = try router.route(RouteRequest(from: .coordinate(near), to: .place("Ussur"), metric: .distance))
        #expect(abs(result.from.snapDistanceMeters - 700) < 1)
    }
}
