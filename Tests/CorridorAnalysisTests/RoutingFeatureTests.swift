import CorridorGeo
import CorridorGraph
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// One row of the routing feature table: a query on `RoutingTestNetworks.corridors()` and what the drawing says
/// the answer must be (line names in travel order, connectors used), or the words a no-route message must contain.
struct RoutingCase: Sendable, CustomTestStringConvertible {
    var title: String
    var from: String
    var to: String
    var via: [String] = []
    var mode: TransportMode? = nil
    var metric: Metric = .time
    var avoidCountries: [String] = []
    var avoidRegions: [String] = []
    var close: [String] = []
    var maxSnapKm: Double = 25
    /// Expected distinct line names in order (nil when no route is expected).
    var lines: [String]? = nil
    var crossings: [String] = []
    var transshipments: [String] = []
    var transfers: [String] = []
    /// Words the no-route message must contain.
    var failure: [String] = []
    /// Words the no-route message must not contain.
    var notInFailure: [String] = []
    var testDescription: String { title }
}

let routingTable: [RoutingCase] = [
    RoutingCase(title: "gauge break forces transshipment", from: "Ussur", to: "Mudan", mode: .rail,
                lines: ["Ussur-Grod rail", "Grod-Pogr rail", "Pogr-Mudan rail"], crossings: ["Grod–Pogr"],
                transshipments: ["Pogr"]),
    RoutingCase(title: "time prefers the fast Grod crossing over the slow Tuman yard", from: "Ussur", to: "Chongjin", mode: .rail,
                lines: ["Ussur-Grod rail", "Grod-Pogr rail", "Pogr-Mudan rail", "Mudan-Tumen rail", "Tumen-Chongjin rail"],
                crossings: ["Grod–Pogr", "Tumen–Namyang"], transshipments: ["Pogr"]),
    RoutingCase(title: "distance prefers the shorter Khasan line", from: "Ussur", to: "Chongjin", mode: .rail, metric: .distance,
                lines: ["Ussur-Vlad rail", "Vlad-Khasan rail", "Khasan-Tuman rail", "Tuman-Chongjin rail"],
                crossings: ["Khasan–Tumangang"], transshipments: ["Tuman"]),
    RoutingCase(title: "closed crossing reroutes", from: "Ussur", to: "Chongjin", mode: .rail, close: ["Grod–Pogr"],
                lines: ["Ussur-Vlad rail", "Vlad-Khasan rail", "Khasan-Tuman rail", "Tuman-Chongjin rail"],
                crossings: ["Khasan–Tumangang"], transshipments: ["Tuman"]),
    RoutingCase(title: "avoid-country CN", from: "Ussur", to: "Chongjin", avoidCountries: ["CN"],
                lines: ["Ussur-Vlad rail", "Vlad-Khasan rail", "Khasan-Tuman rail", "Tuman-Chongjin rail"],
                crossings: ["Khasan–Tumangang"], transshipments: ["Tuman"]),
    RoutingCase(title: "avoid-region Jilin", from: "Ussur", to: "Chongjin", mode: .rail, avoidRegions: ["Jilin"],
                lines: ["Ussur-Vlad rail", "Vlad-Khasan rail", "Khasan-Tuman rail", "Tuman-Chongjin rail"],
                crossings: ["Khasan–Tumangang"], transshipments: ["Tuman"]),
    RoutingCase(title: "dual gauge needs no transshipment", from: "Vlad", to: "Rajin", mode: .rail,
                lines: ["Vlad-Khasan rail", "Khasan-Tuman rail", "Tuman-Rajin rail"], crossings: ["Khasan–Tumangang"]),
    RoutingCase(title: "oneway forward", from: "Port", to: "Nakhodka", lines: ["Port-Nakhodka road"]),
    RoutingCase(title: "oneway backward detours", from: "Nakhodka", to: "Port",
                lines: ["Nakhodka-Partizansk road", "Partizansk-Port road"]),
    RoutingCase(title: "time takes the motorway", from: "Ussur", to: "Vlad", mode: .road,
                lines: ["Ussur-Artem road", "Artem-Vlad road"]),
    RoutingCase(title: "distance takes the straight road", from: "Ussur", to: "Vlad", mode: .road, metric: .distance,
                lines: ["Ussur-Vlad road"]),
    RoutingCase(title: "via point forces the detour", from: "Ussur", to: "Vlad", via: ["Artem"], mode: .road, metric: .distance,
                lines: ["Ussur-Artem road", "Artem-Vlad road"]),
    RoutingCase(title: "rail mode stays on rail", from: "Ussur", to: "Vlad", mode: .rail, metric: .distance,
                lines: ["Ussur-Vlad rail"]),
    RoutingCase(title: "mode any transfers at a terminal", from: "Khasan", to: "Port",
                lines: ["Vlad-Khasan rail", "Vlad-Port road"], transfers: ["Vlad"]),
    RoutingCase(title: "road mode to a rail-only place fails", from: "Ussur", to: "Tuman", mode: .road,
                failure: ["no connection in mode road"]),
    RoutingCase(title: "rail mode to a road-only place fails", from: "Ussur", to: "Port", mode: .rail,
                failure: ["no connection in mode rail", "Port"]),
    RoutingCase(title: "closed endpoint names the restriction", from: "Ussur", to: "Mudan", avoidCountries: ["CN"],
                failure: ["blocked by: avoid-country CN"]),
    RoutingCase(title: "crossing closure plus avoided country", from: "Ussur", to: "Chongjin", avoidCountries: ["CN"],
                close: ["Khasan–Tumangang"],
                failure: ["blocked by the combination of", "avoid-country CN", "close Khasan–Tumangang"]),
    RoutingCase(title: "only the blocking restriction is named", from: "Vlad", to: "Rajin", mode: .rail,
                avoidCountries: ["KP"], avoidRegions: ["Heilongjiang"], failure: ["blocked by: avoid-country KP"],
                notInFailure: ["Heilongjiang"]),
    RoutingCase(title: "closing both crossings into KP blocks only together", from: "Vlad", to: "Rajin", mode: .rail,
                close: ["Khasan–Tumangang", "Tumen–Namyang"],
                failure: ["blocked by the combination of: close Khasan–Tumangang, close Tumen–Namyang"]),
    RoutingCase(title: "separate rail components", from: "Ussur", to: "Isle2", mode: .rail,
                failure: ["no connection in mode rail", "different components"]),
    RoutingCase(title: "separate components in any mode", from: "Vlad", to: "Isle1",
                failure: ["different components of the network"]),
]

extension RoutingCase {
    var request: RouteRequest {
        RouteRequest(from: Endpoint(parsing: from), to: Endpoint(parsing: to), via: via.map { Endpoint(parsing: $0) },
                     metric: metric,
                     restrictions: Restrictions(modes: mode.map { [$0] }, avoidCountries: Set(avoidCountries),
                                                avoidRegions: Set(avoidRegions), close: close),
                     maxSnapMeters: maxSnapKm * 1000)
    }
}

@Suite("Routing features")
struct RoutingFeatureTests {
    static let network: Network = try! RoutingTestNetworks.corridors()

    @Test(arguments: routingTable)
    func feature(_ c: RoutingCase) throws {
        let router = Router(network: Self.network)
        for algorithm in SearchAlgorithm.allCases {
            var request = c.request
            request.algorithm = algorithm
            if let lines = c.lines {
                let result = try router.route(request)
                let route = result.routes[0]
                var names: [String] = []
                for e in route.edges where Self.network.isLine(Int(e)) {
                    let name = Self.network.name(ofEdge: Int(e))
                    if names.last != name { names.append(name) }
                }
                #expect(names == lines, "\(algorithm)")
                #expect(route.crossings == c.crossings, "\(algorithm)")
                #expect(route.transshipments == c.transshipments, "\(algorithm)")
                #expect(route.transfers == c.transfers, "\(algorithm)")
                #expect(route.modes == Array(Set(lines.map { $0.hasSuffix("rail") ? "rail" : "road" })).sorted { a, b in
                    lines.firstIndex { $0.hasSuffix(a) }! < lines.firstIndex { $0.hasSuffix(b) }!
                })
            } else {
                do {
                    _ = try router.route(request)
                    Issue.record("expected no route for \(c.title)")
                } catch {
                    guard case .noRoute = error else {
                        Issue.record("expected noRoute, got \(error)")
                        continue
                    }
                    for word in c.failure { #expect(error.description.contains(word), "\(error.description)") }
                    for word in c.notInFailure { #expect(!error.description.contains(word), "\(error.description)") }
                }
            }
        }
    }
}
