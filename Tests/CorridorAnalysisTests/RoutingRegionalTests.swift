import CorridorGraph
import CorridorGeo
import Foundation
import Testing
import Yams
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Routing on the regional Far East network (GeoData/far-east), skipped when the data is absent.
@Suite("Routing on the Far East network")
struct RoutingRegionalTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let manifest = root.appendingPathComponent("GeoData/far-east/network.yaml").path
    static let available = FileManager.default.fileExists(atPath: manifest)
    static let network: Network? = available ? try? NetworkLoader.load(NetworkSpec(manifestPath: manifest)) : nil

    @Test(.enabled(if: available)) func vladivostokToPyongyangByRail() throws {
        let n = try #require(Self.network)
        let router = Router(network: n)
        let rail = Restrictions(modes: [.rail])
        let direct = try router.route(RouteRequest(from: .place("Vladivostok"), to: .place("Pyongyang"), restrictions: rail))
        #expect(direct.routes[0].countries.first == "RU" && direct.routes[0].countries.last == "KP")
        // Without China the only rail link is the Khasan–Tumangang bridge.
        for restrictions in [Restrictions(modes: [.rail], avoidCountries: ["CN"]),
                             Restrictions(modes: [.rail], avoidRegions: ["Heilongjiang", "Jilin"])] {
            let route = try router.route(RouteRequest(from: .place("Vladivostok"), to: .place("Pyongyang"),
                                                      restrictions: restrictions)).routes[0]
            #expect(route.countries == ["RU", "KP"])
            #expect(route.crossings.count == 1)
            #expect(route.crossings.allSatisfy { Gazetteer.fold($0).contains("khasan") && Gazetteer.fold($0).contains("tumangang") })
        }
        // Closing that bridge as well leaves nothing, and the message says why.
        let khasan = try #require(n.crossings.first { Gazetteer.fold($0.name).contains("khasan") }).name
        do {
            _ = try router.route(RouteRequest(from: .place("Vladivostok"), to: .place("Pyongyang"),
                                              restrictions: Restrictions(modes: [.rail], avoidCountries: ["CN"], close: [khasan])))
            Issue.record("expected no route")
        } catch {
            #expect(error.description.contains("blocked by"))
            #expect(error.description.contains(khasan))
        }
    }

    /// Published distances (GeoData/far-east/distances.yaml, each with its source): every pair's shortest path of
    /// its mode (with the entry's `avoid_countries`) is within ±5 % of the published figure.
    @Test(.enabled(if: available)) func publishedDistancesWithinFivePercent() throws {
        let n = try #require(Self.network)
        let router = Router(network: n)
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("GeoData/far-east/distances.yaml").path,
                              encoding: .utf8)
        let yaml = try #require(try Yams.load(yaml: text) as? [String: Any])
        let entries = try #require(yaml["distances"] as? [[String: Any]])
        var modes: Set<String> = [], deviations: [Double] = []
        for entry in entries {
            let from = try #require(entry["from"] as? String), to = try #require(entry["to"] as? String)
            let modeName = try #require(entry["mode"] as? String)
            let mode = try #require(TransportMode(name: modeName), "\(from)–\(to): mode \(modeName)")
            let km = try #require((entry["km"] as? NSNumber)?.doubleValue, "\(from)–\(to): km")
            #expect(entry["source"] != nil, "\(from)–\(to) has no source")
            let avoid = entry["avoid_countries"] as? [String] ?? []
            let route = try router.route(RouteRequest(from: .place(from), to: .place(to), metric: .distance,
                                                      restrictions: Restrictions(modes: [mode], avoidCountries: Set(avoid)))).routes[0]
            let deviation = route.distanceMeters / 1000 / km - 1
            #expect(abs(deviation) <= 0.05, "\(modeName) \(from)–\(to): \(route.distanceMeters / 1000) km vs published \(km) km")
            modes.insert(modeName); deviations.append(abs(deviation))
        }
        #expect(entries.count >= 60)
        #expect(modes == ["rail", "road"])
        print("published distances: \(entries.count) pairs, median |deviation| \(deviations.sorted()[deviations.count / 2] * 100) %")
    }

    /// Vladivostok → Pyongyang by rail is within 5 % of the published through length: Vladivostok–Baranovsky 89 km
    /// + Baranovsky–Khasan 238 km + Khasan–Rajin 54 km + Rajin–Pyongyang 802 km (sources in distances.yaml) = 1,183 km.
    @Test(.enabled(if: available)) func vladivostokToPyongyangThroughLength() throws {
        let n = try #require(Self.network)
        let route = try Router(network: n).route(RouteRequest(from: .place("Vladivostok"), to: .place("Pyongyang"), metric: .distance,
                                                             restrictions: Restrictions(modes: [.rail], avoidCountries: ["CN"]))).routes[0]
        let published = 89.0 + 238 + 54 + 802
        #expect(abs(route.distanceMeters / 1000 / published - 1) <= 0.05, "\(route.distanceMeters / 1000) km")
    }

    @Test(.enabled(if: available)) func aStarMatchesDijkstraOnTheRegion() throws {
        let n = try #require(Self.network)
        let router = Router(network: n)
        let names = n.places.places.map(\.name)
        var rng = SplitMix64(seed: 5)
        var astarTime = 0.0, dijkstraTime = 0.0, compared = 0
        for _ in 0..<30 {
            let a = names[Int(rng.next() % UInt64(names.count))], b = names[Int(rng.next() % UInt64(names.count))]
            for metric in Metric.allCases {
                var weights: [UInt64] = []
                for algorithm in [SearchAlgorithm.astar, .dijkstra] {
                    let start = Date()
                    let w = (try? router.route(RouteRequest(from: .place(a), to: .place(b), metric: metric,
                                                            algorithm: algorithm)))?.routes[0].weight
                    let elapsed = Date().timeIntervalSince(start)
                    if algorithm == .astar { astarTime += elapsed } else { dijkstraTime += elapsed }
                    weights.append(w ?? .max)
                }
                #expect(weights[0] == weights[1], "\(a)→\(b) \(metric)")
                compared += 1
            }
        }
        print("regional network: \(n.nodeCount) nodes, \(n.arcCount) arcs; mean route query A* \(astarTime / Double(compared) * 1000) ms, Dijkstra \(dijkstraTime / Double(compared) * 1000) ms (debug build)")
    }
}
