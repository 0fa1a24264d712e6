import CorridorGeo
import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorLoad

/// The embedded regional network, loaded through the same GDAL path as any user's data (manifest → shapefiles →
/// profile → builder), checked for the structure issue 3 promises.
@Suite("GeoData: the Far East network")
struct GeoDataTests {
    static let manifest = RegionalData.manifest
    static let available = RegionalData.available

    func load() throws -> Network { try NetworkLoader.load(NetworkSpec(manifestPath: Self.manifest)) }

    /// Union-find components over the given edges.
    func components(_ n: Network, nodes: [Int], edges: [Int]) -> Int {
        var parent = Array(0..<n.nodeCount)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for e in edges {
            let a = find(Int(n.edgeSource[e])), b = find(Int(n.edgeTarget[e]))
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        return Set(nodes.map(find)).count
    }

    @Test(.enabled(if: available)) func railIsConnectedWithinEachGaugeAndAcrossGaugesOnlyThroughTransshipment() throws {
        let n = try load()
        for layer in [NetworkLayer.rail1520, .rail1435] {
            let nodes = (0..<n.nodeCount).filter { n.nodeLayer[$0] == layer }
            let edges = (0..<n.edgeCount).filter {
                (n.edgeKind[$0] == .line || n.edgeKind[$0] == .crossing) && n.nodeLayer[Int(n.edgeSource[$0])] == layer
            }
            #expect(!nodes.isEmpty)
            #expect(components(n, nodes: nodes, edges: edges) == 1, "layer \(layer) falls apart")
        }
        // Every edge joining the two gauges is a transshipment connector, and there is at least one.
        var gaugeChanges = 0
        for e in 0..<n.edgeCount {
            let a = n.nodeLayer[Int(n.edgeSource[e])], b = n.nodeLayer[Int(n.edgeTarget[e])]
            if Set([a, b]) == [.rail1520, .rail1435] {
                #expect(n.edgeKind[e] == .transshipment, "edge \(e) changes gauge without transshipment")
                gaugeChanges += 1
            }
        }
        #expect(gaugeChanges > 0)
        // With the transshipments, the whole rail network is one piece.
        let railNodes = (0..<n.nodeCount).filter { n.nodeLayer[$0] != .road }
        let railEdges = (0..<n.edgeCount).filter { n.edgeKind[$0] != .transfer && n.edgeMode[$0] == .rail || n.edgeKind[$0] == .transshipment }
        #expect(components(n, nodes: railNodes, edges: railEdges) == 1)
    }

    @Test(.enabled(if: available)) func everyListedCrossingExistsAndJoinsItsTwoCountries() throws {
        let n = try load()
        let required: [(String, Set<String>)] = [
            ("Khasan-Tumangang", ["RU", "KP"]), ("Zabaikalsk-Manzhouli", ["RU", "CN"]), ("Grodekovo-Suifenhe", ["RU", "CN"]),
            ("Makhalino-Hunchun", ["RU", "CN"]), ("Nizhneleninskoye-Tongjiang", ["RU", "CN"]),
            ("Blagoveshchensk-Heihe", ["RU", "CN"]), ("Pogranichny-Suifenhe", ["RU", "CN"]), ("Kraskino-Hunchun", ["RU", "CN"]),
            ("Dandong-Sinuiju", ["CN", "KP"]), ("Tumen-Namyang", ["CN", "KP"]), ("Jian-Manpo", ["CN", "KP"]),
            ("Quanhe-Wonjong", ["CN", "KP"]),
        ]
        for (name, countries) in required {
            let crossing = try #require(n.crossings.first { Gazetteer.fold($0.name) == Gazetteer.fold(name) }, "missing \(name)")
            #expect(Set(crossing.countries) == countries, "\(name)")
            #expect(!crossing.edges.isEmpty)
            for e in crossing.edges.map(Int.init) {
                #expect(n.edgeKind[e] == .crossing)
                // The connector's two ends carry line edges of the two countries.
                var sides: [Set<String>] = []
                for end in [n.edgeSource[e], n.edgeTarget[e]] {
                    var here = Set<String>()
                    for a in n.graph.outArcs(of: end) where n.edgeKind[Int(n.arcEdge[a])] == .line {
                        here.insert(n.country(ofEdge: Int(n.arcEdge[a])))
                    }
                    sides.append(here)
                }
                #expect(sides[0].count == 1 && sides[1].count == 1 && sides[0].union(sides[1]) == countries, "\(name): \(sides)")
            }
        }
        // Dandong–Sinuiju and Zabaikalsk–Manzhouli carry both rail and road (as separate crossings per mode).
        #expect(n.crossings.contains { $0.name == "Dandong-Sinuiju Road" && $0.modes == [.road] })
        #expect(n.crossings.contains { $0.name == "Zabaikalsk-Manzhouli Road" && $0.modes == [.road] })
    }

    @Test(.enabled(if: available)) func everySegmentHasCountryRegionAndAPlausibleLength() throws {
        let n = try load()
        let countries: Set<String> = ["RU", "CN", "KP"]
        var longest = 0.0
        for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
            #expect(countries.contains(n.country(ofEdge: e)), "edge \(e) country '\(n.country(ofEdge: e))'")
            #expect(!n.region(ofEdge: e).isEmpty, "edge \(e) has no region")
            // Published lengths between schematic stops (up to ~140 km); from 10 km up, never shorter than 0.75 of
            // the drawn line (place points are not the stations) nor longer than twice it (a chord straying far).
            #expect(n.edgeLengthMeters[e] <= 160_000, "edge \(e) \(n.name(ofEdge: e)) is \(Int(n.edgeLengthMeters[e] / 1000)) km")
            let drawn = Geodesic.length(n.edgeGeometry(e))
            #expect(n.edgeLengthMeters[e] < 10_000 || (n.edgeLengthMeters[e] >= 0.75 * drawn && n.edgeLengthMeters[e] <= 2 * drawn),
                    "edge \(e) \(n.name(ofEdge: e)): \(Int(n.edgeLengthMeters[e])) m published vs \(Int(drawn)) m drawn")
            if n.edgeMode[e] == .rail { #expect(n.edgeGauge[e] != .none, "rail edge \(e) without gauge") }
            longest = max(longest, n.edgeLengthMeters[e])
        }
        print("longest segment: \(Int(longest / 1000)) km")
        // Regions a scenario can close, by country.
        let regions = Set((0..<n.edgeCount).map { n.region(ofEdge: $0) })
        for r in ["Primorsky Krai", "Khabarovsk Krai", "Jewish Autonomous Oblast", "Amur Oblast", "Zabaykalsky Krai",
                  "Heilongjiang", "Jilin", "Liaoning", "Inner Mongolia", "Rason", "North Hamgyong", "Pyongyang"] {
            #expect(regions.contains(r), "no edge in \(r)")
        }
    }

    @Test(.enabled(if: available)) func everyPlaceNameResolvesAndAliasesWork() throws {
        let n = try load()
        #expect(n.places.places.count > 150)
        for (alias, canonical) in [("Rason", "Rajin"), ("Najin", "Rajin"), ("Sonbong", "Sonbong"), ("Sinŭiju", "Sinuiju"), ("Kaesŏng", "Kaesong"),
                                   ("P'yŏngyang", "Pyongyang"), ("Владивосток", "Vladivostok"), ("zabaykalsk", "Zabaikalsk")] {
            #expect(try n.places.place(named: alias).name == canonical, "\(alias)")
        }
        do { _ = try n.places.place(named: "Vladivostock"); Issue.record("typo accepted") } catch {
            #expect(error.description.contains("'Vladivostok'"))
        }
    }
}
