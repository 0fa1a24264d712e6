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

    /// Published rail distances (GeoData/far-east/distances.yaml: ±15 %, or ±25 % for entries flagged known_short,
    /// whose schematic chords cut very sinuous track).
    @Test(.enabled(if: available)) func publishedRailDistances() throws {
        let n = try #require(Self.network)
        let router = Router(network: n)
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("GeoData/far-east/distances.yaml").path,
                              encoding: .utf8)
        let yaml = try #require(try Yams.load(yaml: text) as? [String: Any])
        let entries = try #require(yaml["rail_distances"] as? [[String: Any]])
        var checked = 0
        for entry in entries {
            guard let from = entry["from"] as? String, let to = entry["to"] as? String else { continue }
            let km = (entry["km"] as? Double) ?? Double(entry["km"] as? Int ?? 0)
            let tolerance = (entry["known_short"] as? Bool) == true ? 0.25 : 0.15
            let route = try router.route(RouteRequest(from: .place(from), to: .place(to), metric: .distance,
                                                      restrictions: Restrictions(modes: [.rail]))).routes[0]
            let ratio = route.distanceMeters / 1000 / km
            #expect(abs(ratio - 1) <= tolerance, "\(from)–\(to): \(route.distanceMeters / 1000) km vs published \(km) km")
            checked += 1
        }
        #expect(checked >= 4)
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
