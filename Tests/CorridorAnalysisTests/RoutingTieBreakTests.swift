import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// A connector that costs nothing under the metric (a transshipment's 0 m under `distance`; here also 0 s and
/// 0 cost, so every metric ties) must never be taken when a route of equal value without it exists (issue 12:
/// Pyongyang → Rajin by distance picked up a 24 h transshipment at Rajin).
@Suite("Routing tie-break against free connectors")
struct RoutingTieBreakTests {
    /// Origin (1435) –100 km– Port on 1435; the place Port also has a 1520 node joined by a free transshipment.
    /// `broadFirst` gives the 1520 node the lower id, so an id-ordered tie-break would pick it.
    static func portNetwork(broadFirst: Bool) -> Network {
        var f = FlowFixture()
        let o = f.node(130.0, 42.0, .rail1435, place: "Origin")
        let p1520: UInt32, p1435: UInt32
        if broadFirst {
            p1520 = f.node(131.0, 42.0, .rail1520, place: "Port"); p1435 = f.node(131.0, 42.0, .rail1435)
        } else {
            p1435 = f.node(131.0, 42.0, .rail1435, place: "Port"); p1520 = f.node(131.0, 42.0, .rail1520)
        }
        f.line(o, p1435, km: 100, capacity: 1000, name: "Standard line", country: "KP")
        f.terminal("Port", p1435, p1520, capacity: 1000, cost: 0)
        return f.build()
    }

    /// Two equal 100 km routes from A to B: one on 1435 direct, one through free transshipments onto a 1520 line.
    static func parallelNetwork(broadFirst: Bool) -> Network {
        var f = FlowFixture()
        var ids: [UInt32] = []
        let layers: [NetworkLayer] = broadFirst ? [.rail1520, .rail1520, .rail1435, .rail1435] : [.rail1435, .rail1435, .rail1520, .rail1520]
        for (i, layer) in layers.enumerated() { ids.append(f.node(130.0 + Double(i % 2), 42.0, layer)) }
        let (a1435, b1435, a1520, b1520) = broadFirst ? (ids[2], ids[3], ids[0], ids[1]) : (ids[0], ids[1], ids[2], ids[3])
        if broadFirst {
            f.line(a1520, b1520, km: 100, capacity: 1000, name: "Broad line")
            f.line(a1435, b1435, km: 100, capacity: 1000, name: "Standard line")
        } else {
            f.line(a1435, b1435, km: 100, capacity: 1000, name: "Standard line")
            f.line(a1520, b1520, km: 100, capacity: 1000, name: "Broad line")
        }
        f.terminal("A", a1435, a1520, capacity: 1000, cost: 0)
        f.terminal("B", b1435, b1520, capacity: 1000, cost: 0)
        return f.build()
    }

    static func connectors(_ n: Network, _ route: Route) -> [String] {
        route.edges.filter { !n.isLine(Int($0)) }.map { "\(n.edgeKind[Int($0)]) \(n.name(ofEdge: Int($0)))" }
    }

    @Test(arguments: Metric.allCases, [false, true])
    func placeEndpointSkipsFreeTransshipment(metric: Metric, broadFirst: Bool) throws {
        let n = Self.portNetwork(broadFirst: broadFirst)
        for algorithm in SearchAlgorithm.allCases {
            let route = try Router(network: n).route(RouteRequest(from: .place("Origin"), to: .place("Port"), metric: metric,
                                                                  algorithm: algorithm)).routes[0]
            #expect(Self.connectors(n, route).isEmpty, "\(metric) \(algorithm): \(Self.connectors(n, route))")
        }
    }

    @Test(arguments: Metric.allCases, [false, true])
    func throughRouteSkipsFreeTransshipments(metric: Metric, broadFirst: Bool) throws {
        let n = Self.parallelNetwork(broadFirst: broadFirst)
        let a: UInt32 = broadFirst ? 2 : 0, b: UInt32 = broadFirst ? 3 : 1
        for algorithm in SearchAlgorithm.allCases {
            let route = try Router(network: n).route(RouteRequest(from: .node(a), to: .node(b), metric: metric,
                                                                  algorithm: algorithm)).routes[0]
            #expect(Self.connectors(n, route).isEmpty, "\(metric) \(algorithm): \(Self.connectors(n, route))")
            #expect(route.edges.map { n.name(ofEdge: Int($0)) } == ["Standard line"])
        }
    }
}
