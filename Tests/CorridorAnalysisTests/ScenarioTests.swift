import CorridorGeo
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// A two-corridor network with hand-computable answers:
///
/// ```
///          M1 (crossing X1, 30 t/d)
///        /  RU R1      \  KP K1
///   O ─┤                 ├─ D        road O–D (RU, 10 t/d) straight across
///        \  RU R2      /  KP K2
///          M2 (crossing X2, 50 t/d), farther south (longer)
/// ```
/// Every rail line carries 1000 t/d, so the crossings bind: max throughput O→D = 30 + 50 + 10 = 90.
enum ScenarioTestNetwork {
    static let places: [String: LonLat] = [
        "O": LonLat(lon: 130.0, lat: 43.0), "M1": LonLat(lon: 130.1, lat: 43.1),
        "M2": LonLat(lon: 130.1, lat: 42.8), "D": LonLat(lon: 130.2, lat: 43.0),
    ]

    static func build() throws -> Network {
        let b = NetworkBuilder(options: NetworkBuildOptions(snapToleranceMeters: 1, connectorSearchRadiusMeters: 500,
                                                            autoBorderCrossings: false))
        func rail(_ a: String, _ c: String, _ country: String, _ region: String) -> EdgeAttributes {
            EdgeAttributes(mode: .rail, roadClass: "main", name: "\(a)-\(c)", speedKmh: 60, gauge: .standard1435,
                           capacityTonnesPerDay: 1000, country: country, region: region)
        }
        let lines: [(String, String, EdgeAttributes)] = [
            ("O", "M1", rail("O", "M1", "RU", "R1")), ("M1", "D", rail("M1", "D", "KP", "K1")),
            ("O", "M2", rail("O", "M2", "RU", "R2")), ("M2", "D", rail("M2", "D", "KP", "K2")),
            ("O", "D", EdgeAttributes(mode: .road, roadClass: "primary", name: "O-D road", speedKmh: 50,
                                      capacityTonnesPerDay: 10, country: "RU", region: "R1")),
        ]
        for (i, l) in lines.enumerated() { b.addLine([places[l.0]!, places[l.1]!], attributes: l.2, source: 0, fid: Int64(i)) }
        b.crossings = [
            CrossingDefinition(name: "X1", location: places["M1"]!, modes: [.rail], countries: ["RU", "KP"],
                               capacityTonnesPerDay: 30, delaySeconds: 3600, cost: 1),
            CrossingDefinition(name: "X2", location: places["M2"]!, modes: [.rail], countries: ["RU", "KP"],
                               capacityTonnesPerDay: 50, delaySeconds: 3600, cost: 1),
        ]
        b.places = Gazetteer(places: places.keys.sorted().map { Place(name: $0, location: places[$0]!) })
        return try b.build()
    }

    /// A scenario file over this network with the given scenario entries (YAML list items, indented by 2).
    static func file(_ scenarios: String, route: Bool = true) throws -> ScenarioFile {
        let text = """
            network: unused.yaml
            origins: {O: 500}
            destinations: {D: 500}
            analyses:
            \(route ? "  route: {from: O, to: D, mode: rail, metric: time, alternatives: 2}\n" : "")  flow: true
              chokepoints: {top: 5}
            scenarios:
              - name: baseline
            \(scenarios)
            """
        return try ScenarioFile.parse(text, path: "/tmp/scenario-test.yaml")
    }
}

@Suite("Scenarios") struct ScenarioTests {
    let network: Network
    init() throws { network = try ScenarioTestNetwork.build() }

    func run(_ scenario: String) throws -> (base: ScenarioOutcome, changed: ScenarioOutcome) {
        let comparison = ScenarioRunner.run(try ScenarioTestNetwork.file(scenario), on: network)
        #expect(comparison.outcomes.count == 2)
        for o in comparison.outcomes { #expect(!o.failed, "\(o.scenario.name): \(o.error ?? o.flowError ?? o.chokepointsError ?? o.routeError ?? "")") }
        return (comparison.outcomes[0], comparison.outcomes[1])
    }

    @Test func baselineMatchesTheDrawing() throws {
        let (base, _) = try run("  - name: same")
        #expect(base.chokepoints?.maxThroughputTonnesPerDay == 90)
        #expect(base.flow?.deliveredTonnesPerDay == 90)
        #expect(Set(base.chokepoints?.cut.map(\.name) ?? []) == ["X1", "X2", "O-D road (O – D)"])
        // The best rail route takes the shorter northern corridor.
        #expect(base.route?.routes.first?.crossings == ["X1"])
    }

    @Test func closingACrossingRemovesItsCapacityAndMovesTheRoute() throws {
        let (_, s) = try run("  - name: x1-closed\n    close: [X1]")
        #expect(s.chokepoints?.maxThroughputTonnesPerDay == 60)
        #expect(s.route?.routes.first?.crossings == ["X2"])
    }

    @Test func closeWhereFiltersByAttributes() throws {
        let (_, s) = try run("  - name: no-road\n    close_where: {mode: road}")
        #expect(s.chokepoints?.maxThroughputTonnesPerDay == 80)
        let (_, k2) = try run("  - name: k2\n    close_where: {country: KP, region: K2}")
        #expect(k2.chokepoints?.maxThroughputTonnesPerDay == 40)
    }

    @Test func denyingRegionsAndCountries() throws {
        let (_, region) = try run("  - name: k2-denied\n    deny_regions: [K2]")
        #expect(region.chokepoints?.maxThroughputTonnesPerDay == 40)
        let (_, country) = try run("  - name: kp-denied\n    deny_countries: [KP]")
        #expect(country.chokepoints?.maxThroughputTonnesPerDay == 10)
        #expect(country.route == nil && country.noRoute != nil)
    }

    @Test func restrictingModes() throws {
        let (_, s) = try run("  - name: rail-only\n    modes: [rail]")
        #expect(s.chokepoints?.maxThroughputTonnesPerDay == 80)
    }

    @Test func scalingCapacityOfACrossing() throws {
        let (_, s) = try run("  - name: x2-halved\n    scale_capacity: [{crossing: X2, factor: 0.5}]")
        #expect(s.chokepoints?.maxThroughputTonnesPerDay == 65)
    }

    @Test func scalingCostMovesTheCheapestFlow() throws {
        // Demand of 30 fits either corridor; making the northern rail dear sends it south.
        let text = "  - name: r1-dear\n    scale_cost: [{region: R1, mode: rail, factor: 100}]\n    destinations: {D: 30}\n    origins: {O: 30}"
        let (base, s) = try run(text)
        let north = network.crossings.first { $0.name == "X1" }!.edges
        let south = network.crossings.first { $0.name == "X2" }!.edges
        let flowOn = { (o: ScenarioOutcome, edges: [UInt32]) in edges.reduce(0.0) { $0 + (o.flow?.edgeFlow[Int($1)] ?? 0) } }
        // The cheap road (10 t/d) fills first, then the southern rail corridor; the dear northern one stays empty.
        #expect(flowOn(s, north) == 0 && flowOn(s, south) == 20)
        #expect(s.flow?.deliveredTonnesPerDay == 30)
        #expect(base.flow?.deliveredTonnesPerDay == 90)
        #expect((s.flow?.totalCost ?? 0) > 0)
    }

    @Test func addingAPlannedEdge() throws {
        let text = """
              - name: new-link
                add_edges:
                  - {name: New bridge, from: O, to: D, mode: rail, gauge_mm: 1435, speed_kmh: 80, capacity_tpd: 40, country: RU}
            """
        let (base, s) = try run(text)
        #expect(s.chokepoints?.maxThroughputTonnesPerDay == 130)
        #expect(s.network!.edgeCount == base.network!.edgeCount + 1)
        // The new direct link is the fastest rail route.
        #expect(s.route?.routes.first?.edges.contains(UInt32(base.network!.edgeCount)) == true)
    }

    @Test func theFirstAddedEdgeThatCannotBeAddedFailsTheScenarioAndTheBaselineStaysAsItWas() throws {
        let text = """
              - name: two-links
                add_edges:
                  - {name: Good link, from: O, to: D, mode: rail, gauge_mm: 1435, speed_kmh: 80, capacity_tpd: 40}
                  - {name: Bad link, from: O, to: Nowhere, mode: rail, gauge_mm: 1435, speed_kmh: 80, capacity_tpd: 40}
                  - {name: Worse link, from: Nowhere, to: Neverland, mode: rail, gauge_mm: 1435, speed_kmh: 80, capacity_tpd: 40}
            """
        let comparison = ScenarioRunner.run(try ScenarioTestNetwork.file(text), on: network)
        let failed = comparison.outcomes[1]
        #expect(failed.failed && failed.network == nil)
        #expect(failed.error?.contains("'Nowhere'") == true && failed.error?.contains("scenario-test.yaml:11:5") == true,
                "\(failed.error ?? "")")
        #expect(!comparison.outcomes[0].failed && comparison.outcomes[0].network?.edgeCount == network.edgeCount)
        // Resolving an added edge reads the network only; laying it over shares the baseline's storage.
        let good = AddedEdge(name: "Good link", from: "O", to: "D",
                             attributes: EdgeAttributes(mode: .rail, roadClass: "main", speedKmh: 80, gauge: .standard1435,
                                                        capacityTonnesPerDay: 40))
        let overlaid = try network.adding([good])
        #expect(overlaid.edgeCount == network.edgeCount + 1 && overlaid.nodeCount == network.nodeCount)
        #expect((0..<network.edgeCount).allSatisfy { overlaid.name(ofEdge: $0) == network.name(ofEdge: $0) })
        checkArcInvariants(overlaid)
    }

    @Test func changingDemand() throws {
        let (_, s) = try run("  - name: small-demand\n    destinations: {D: 25}")
        #expect(s.flow?.deliveredTonnesPerDay == 25)
    }

    @Test func unknownNamesFailTheScenarioWithPositionAndSuggestionWhileOthersComplete() throws {
        let comparison = ScenarioRunner.run(try ScenarioTestNetwork.file("  - name: typo\n    close: [X3]\n  - name: fine\n    close: [X1]"), on: network)
        #expect(comparison.outcomes.map(\.scenario.name) == ["baseline", "typo", "fine"])
        let typo = comparison.outcomes[1]
        #expect(typo.failed)
        #expect(typo.error?.contains("scenario-test.yaml:11:5") == true, "\(typo.error ?? "")")
        #expect(typo.error?.contains("'X1'") == true || typo.error?.contains("'X2'") == true)
        #expect(!comparison.outcomes[2].failed)
        #expect(comparison.outcomes[2].chokepoints?.maxThroughputTonnesPerDay == 60)
        let table = ComparisonReport.render(comparison, format: .table)
        #expect(table.contains("typo") && table.contains("Failed scenarios"))
    }

    @Test func yamlErrorsPointAtLineAndColumn() throws {
        func error(_ text: String) -> String {
            do { _ = try ScenarioFile.parse(text, path: "s.yaml"); return "" } catch { return error.description }
        }
        let base = "network: n.yaml\norigins: {O: 1}\ndestinations: {D: 1}\nanalyses: {flow: true}\n"
        #expect(error(base + "scenarios:\n  - name: a\n    clos: [X1]\n").contains("did you mean 'close'?"))
        #expect(error(base + "scenarios:\n  - name: a\n    clos: [X1]\n").hasSuffix("s.yaml:7:5"))
        #expect(error(base + "scenarios:\n  - name: a\n    scale_capacity: [{crossing: X1}]\n").contains("needs 'factor'"))
        #expect(error(base + "scenarios:\n  - name: a\n    scale_capacity: [{crossing: X1, factor: -1}]\n").contains("s.yaml:7:45"))
        #expect(error(base + "scenarios:\n  - name: a\n  - name: a\n").contains("duplicate scenario name 'a'"))
        #expect(error(base + "scenarios: [\n").contains("s.yaml:"))
        #expect(error("origins: {O: 1}\nscenarios: [{name: a}]\n").contains("needs 'network'"))
        #expect(error(base + "scenarios:\n  - name: a\n    modes: [boat]\n").contains("unknown mode 'boat'"))
        #expect(error(base + "scenarios:\n  - name: a\n    add_edges: [{from: O, to: D, mode: rail, speed_kmh: 50, capacity_tpd: 5}]\n").contains("gauge_mm"))
    }

    @Test func outputsAreByteIdenticalAcrossRuns() throws {
        let file = try ScenarioTestNetwork.file("  - name: x1-closed\n    close: [X1]\n  - name: halved\n    scale_capacity: [{kind: crossing, factor: 0.5}]")
        let dirs = (0..<2).map { _ in NSTemporaryDirectory() + "corridor-compare-\(UUID().uuidString)" }
        defer { for d in dirs { try? FileManager.default.removeItem(atPath: d) } }
        var tables: [String] = []
        for (i, dir) in dirs.enumerated() {
            let c = ScenarioRunner.run(file, on: network, parallel: i == 0)
            tables.append(ComparisonReport.render(c, format: .json) + ComparisonReport.render(c, format: .table))
            // A stand-in for Leaflet: the page's own bytes must not depend on the run (parallel or not).
            try ComparisonReport.writeOutputs(c, to: dir, leaflet: LeafletAssets(script: "/* leaflet </script> */", stylesheet: "", notice: "notice"))
        }
        #expect(tables[0] == tables[1])
        let names = try FileManager.default.contentsOfDirectory(atPath: dirs[0]).sorted()
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: dirs[1]).sorted()))
        #expect(names.contains("all-scenarios.geojson") && names.contains("diff.json") && names.contains("x1-closed.svg"))
        #expect(names.contains("index.html") && names.contains("x1-closed-change.svg") && !names.contains("baseline-change.svg"))
        let page = try String(contentsOfFile: dirs[0] + "/index.html", encoding: .utf8)
        // Script text never closes its element early; every scenario is a view.
        #expect(page.components(separatedBy: "</script>").count - 1 == 3 && page.contains("leaflet <\\/script>"))
        for name in ["baseline", "x1-closed", "halved"] { #expect(page.contains("\"name\":\"\(name)\"")) }
        for n in names {
            let a = FileManager.default.contents(atPath: dirs[0] + "/" + n), b = FileManager.default.contents(atPath: dirs[1] + "/" + n)
            #expect(a == b, "\(n) differs between runs")
        }
        // Every feature of the combined collection names its scenario.
        let combined = try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: dirs[0] + "/all-scenarios.geojson")!) as! [String: Any]
        let features = combined["features"] as! [[String: Any]]
        #expect(!features.isEmpty)
        for f in features {
            let p = f["properties"] as! [String: Any]
            #expect(["baseline", "x1-closed", "halved"].contains(p["scenario"] as? String ?? ""))
        }
        // The diff reports the vanished chokepoint of the closed crossing.
        let diff = try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: dirs[0] + "/diff.json")!) as! [String: Any]
        let first = (diff["scenarios"] as! [[String: Any]])[0]
        #expect((first["chokepoints_vanished"] as? [String])?.contains("X1") == true)
        #expect((first["max_throughput_change_tpd"] as? Int) == -30)
    }
}

@Suite("Network cache") struct NetworkCacheTests {
    @Test func roundTripKeepsEveryAttribute() throws {
        let network = try RoutingTestNetworks.corridors()
        let path = NSTemporaryDirectory() + "cache-\(UUID().uuidString).corridor"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try NetworkCache.write(network, to: path)
        #expect(NetworkCache.isCacheFile(path))
        let back = try NetworkCache.read(path)
        #expect(back.graph == network.graph)
        #expect(back.arcEdge == network.arcEdge && back.arcForward == network.arcForward)
        #expect(back.nodeLocation == network.nodeLocation && back.nodeLayer == network.nodeLayer)
        #expect(back.edgeSource == network.edgeSource && back.edgeTarget == network.edgeTarget)
        #expect(back.edgeKind == network.edgeKind && back.edgeMode == network.edgeMode)
        #expect(back.edgeClass == network.edgeClass && back.edgeName == network.edgeName)
        #expect(back.edgeLengthMeters == network.edgeLengthMeters && back.edgeSpeedKmh == network.edgeSpeedKmh)
        #expect(back.edgeTimeSeconds == network.edgeTimeSeconds && back.edgeOneway == network.edgeOneway)
        #expect(back.edgeGauge == network.edgeGauge && back.edgeTracks == network.edgeTracks)
        #expect(back.edgeElectrified == network.edgeElectrified)
        #expect(back.edgeCapacityTonnesPerDay == network.edgeCapacityTonnesPerDay && back.edgeFixedCost == network.edgeFixedCost)
        #expect(back.edgeCountry == network.edgeCountry && back.edgeRegion == network.edgeRegion)
        #expect(back.edgeSourceIndex == network.edgeSourceIndex && back.edgeSourceFID == network.edgeSourceFID)
        #expect(back.edgeTwin == network.edgeTwin && back.edgeGeometryOffset == network.edgeGeometryOffset)
        #expect(back.geometry == network.geometry && back.strings == network.strings)
        #expect(back.places == network.places && back.crossings == network.crossings && back.terminals == network.terminals)
        #expect(back.report == network.report && back.costModel == network.costModel)
        // Writing the read network again gives the same bytes.
        let again = path + ".2"
        defer { try? FileManager.default.removeItem(atPath: again) }
        try NetworkCache.write(back, to: again)
        #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: again))
    }

    @Test func truncatedCorruptedStaleAndForeignFilesAreRejected() throws {
        let network = try RoutingTestNetworks.corridors()
        let dir = NSTemporaryDirectory() + "cache-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/n.corridor"
        try NetworkCache.write(network, to: path)
        let bytes = FileManager.default.contents(atPath: path)!
        func reject(_ data: Data, _ check: (CacheError) -> Bool) {
            let p = dir + "/bad-\(UUID().uuidString).corridor"
            FileManager.default.createFile(atPath: p, contents: data)
            do { _ = try NetworkCache.read(p); Issue.record("accepted a bad cache") } catch {
                #expect(check(error), "\(error)")
                #expect(error.description.hasSuffix(p))
            }
        }
        for cut in [10, 40, bytes.count / 2, bytes.count - 1] {
            reject(bytes.prefix(cut)) { if case .truncated = $0 { return true }; return false }
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        reject(flipped) { if case .checksumMismatch = $0 { return true }; return false }
        var stale = bytes
        stale[8] = 0x7F   // format version
        reject(stale) { if case .unsupportedVersion = $0 { return true }; return false }
        reject(Data("GeoJSON? no".utf8)) { if case .notACorridorFile = $0 { return true }; return false }
        reject(bytes + Data([0, 0, 0])) { if case .corrupt = $0 { return true }; return false }
    }
}
