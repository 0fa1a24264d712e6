import CorridorGeo
import CorridorGraph
import Foundation
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorNetwork

@Suite struct NetworkBuilderTests {
    @Test func sharedInteriorVertexConnectsLines() throws {
        let b = NetworkBuilder()
        b.addLine([ll(0, 0), ll(0.01, 0), ll(0.02, 0)], attributes: road(), source: 0, fid: 1)
        b.addLine([ll(0.01, -0.01), ll(0.01, 0), ll(0.01, 0.01)], attributes: road(), source: 0, fid: 2)
        let n = try b.build()
        #expect(n.nodeCount == 5)
        #expect(n.edgeCount == 4)
        #expect(n.arcCount == 8)
        #expect(Set(undirectedComponents(n)).count == 1)
        // The shared vertex is node 1 (first met as line 1's interior node), of degree 4.
        #expect(n.nodeLocation[1] == ll(0.01, 0))
        #expect(n.graph.outDegree(1) == 4)
        checkArcInvariants(n)
    }

    @Test func linesCrossingWithoutSharedVertexStayApart() throws {
        let b = NetworkBuilder()
        b.addLine([ll(0, 0), ll(0.02, 0)], attributes: road(), source: 0, fid: 1)
        b.addLine([ll(0.01, -0.01), ll(0.01, 0.01)], attributes: road(), source: 0, fid: 2)
        let n = try b.build()
        #expect(n.nodeCount == 4)
        #expect(n.edgeCount == 2)
        #expect(Set(undirectedComponents(n)).count == 2)
    }

    @Test func onewayHasOneArc() throws {
        let b = NetworkBuilder()
        b.addLine([ll(0, 0), ll(0.01, 0)], attributes: road(oneway: true), source: 0, fid: 1)
        b.addLine([ll(0.01, 0), ll(0.02, 0)], attributes: road(), source: 0, fid: 2)
        let n = try b.build()
        #expect(n.edgeCount == 2)
        #expect(n.arcCount == 3)
        #expect(n.graph.outDegree(0) == 1)
        #expect(n.graph.outDegree(1) == 1)  // only along edge 1; edge 0 is oneway 0 -> 1
        checkArcInvariants(n)
    }

    @Test func snappingMergesCloseEndpointsOnly() throws {
        // 0.000005° of latitude ≈ 0.55 m (within 1 m); 0.0001° ≈ 11 m (outside).
        let b = NetworkBuilder(options: NetworkBuildOptions(snapToleranceMeters: 1))
        b.addLine([ll(0, 0), ll(0.01, 0)], attributes: road(), source: 0, fid: 1)
        b.addLine([ll(0.01, 0.000005), ll(0.02, 0)], attributes: road(), source: 0, fid: 2)
        b.addLine([ll(0.02, 0.0001), ll(0.03, 0)], attributes: road(), source: 0, fid: 3)
        let n = try b.build()
        #expect(n.nodeCount == 5)
        #expect(n.report.endpointsSnapped == 1)
        #expect(Set(undirectedComponents(n)).count == 2)
        // The snapped edge starts exactly at the node.
        #expect(n.edgeGeometry(1).first == ll(0.01, 0))
        checkArcInvariants(n)

        let exact = NetworkBuilder(options: NetworkBuildOptions(snapToleranceMeters: 0))
        exact.addLine([ll(0, 0), ll(0.01, 0)], attributes: road(), source: 0, fid: 1)
        exact.addLine([ll(0.01, 0.000005), ll(0.02, 0)], attributes: road(), source: 0, fid: 2)
        #expect(try exact.build().nodeCount == 4)
    }

    /// Snapping measures real distances far from the prime meridian and the equator, in every direction: at 130°E
    /// 43°N, endpoints 30 m apart (north–south, east–west, diagonal) merge at 50 m and 60 m apart do not; a brute
    /// force over random endpoints agrees with the grid.
    @Test func snappingIsCorrectAwayFromLongitudeZero() throws {
        let origin = LonLat(lon: 130.2, lat: 43.1)
        for (bearing, expectMerged) in [(0.0, true), (90.0, true), (45.0, true), (200.0, true)] {
            for (distance, merged) in [(30.0, expectMerged), (60.0, false)] {
                let b = NetworkBuilder(options: NetworkBuildOptions(snapToleranceMeters: 50))
                let near = Geodesic.direct(origin, azimuth: bearing, distance: distance)
                b.addLine([Geodesic.direct(origin, azimuth: 270, distance: 2000), origin], attributes: road(), source: 0, fid: 1)
                b.addLine([near, Geodesic.direct(origin, azimuth: 90, distance: 2000)], attributes: road(), source: 0, fid: 2)
                let n = try b.build()
                #expect(n.nodeCount == (merged ? 3 : 4), "bearing \(bearing) distance \(distance)")
            }
        }
        // Random endpoints around 130°E: the grid finds exactly the pairs a brute force finds (first-come merging).
        var rng = SplitMix64(seed: 3)
        for _ in 0..<20 {
            let b = NetworkBuilder(options: NetworkBuildOptions(snapToleranceMeters: 40))
            var ends: [LonLat] = []
            for i in 0..<60 {
                let a = LonLat(lon: 130 + rng.unit() * 0.004, lat: 43 + rng.unit() * 0.003)
                let c = Geodesic.direct(a, azimuth: rng.unit() * 360, distance: 3000 + rng.unit() * 1000)
                b.addLine([a, c], attributes: road(), source: 0, fid: Int64(i))
                ends += [a, c]
            }
            // Brute force: greedy first-come clusters with the same rule (nearest representative within tolerance).
            var reps: [LonLat] = []
            for p in ends {
                let within = reps.enumerated().map { ($0.offset, Geodesic.distance($0.element, p)) }.filter { $0.1 <= 40 }
                if within.isEmpty && !reps.contains(p) { reps.append(p) }
            }
            let n = try b.build()
            // Local-frame and geodesic distances differ by far less than a metre here; allow borderline pairs.
            #expect(abs(n.nodeCount - reps.count) <= 1, "grid \(n.nodeCount) vs brute force \(reps.count)")
        }
    }

    @Test func zeroLengthPiecesAreDropped() throws {
        let b = NetworkBuilder()
        b.addLine([ll(1, 1), ll(1, 1)], attributes: road(), source: 0, fid: 1)
        b.addLine([ll(0, 0), ll(0.01, 0)], attributes: road(), source: 0, fid: 2)
        b.addLine([ll(2, 2), ll(2, 2.0000001)], attributes: road(), source: 0, fid: 3)  // 1 cm: within snap
        let n = try b.build()
        #expect(n.edgeCount == 1)
        #expect(n.report.zeroLengthPiecesDropped == 2)
    }

    @Test func layersDoNotConnectAndDualGaugeTwins() throws {
        let b = NetworkBuilder()
        b.addLine([ll(0, 0), ll(0.01, 0)], attributes: rail(.broad1520), source: 0, fid: 1)
        b.addLine([ll(0.01, 0), ll(0.02, 0)], attributes: rail(.dual, capacity: 10001), source: 0, fid: 2)
        b.addLine([ll(0.02, 0), ll(0.03, 0)], attributes: rail(.standard1435), source: 0, fid: 3)
        b.addLine([ll(0.01, 0), ll(0.01, 0.01)], attributes: road(), source: 0, fid: 4)
        let n = try b.build()
        // Edges: 1520 line, dual as 1520 and 1435, 1435 line, road.
        #expect(n.edgeCount == 5)
        let layersOf = (0..<n.edgeCount).map { n.nodeLayer[Int(n.edgeSource[$0])] }
        #expect(layersOf == [.rail1520, .rail1520, .rail1435, .rail1435, .road])
        #expect(n.edgeTwin[1] == 2 && n.edgeTwin[2] == 1)
        // Each gauge gets the piece's full capacity (shared; flows that overload it are reported).
        #expect(n.edgeCapacityTonnesPerDay[1] == 10001 && n.edgeCapacityTonnesPerDay[2] == 10001)
        let groups = n.sharedCapacityGroups
        #expect(groups.map(\.kind) == [.dualGauge] && groups.map(\.edges) == [[1, 2]])
        #expect(groups.map(\.aligned) == [[true, true]] && groups.map(\.capacityTonnesPerDay) == [10001])
        #expect(n.edgeGauge[1] == .dual && n.edgeGauge[0] == .broad1520)
        let comp = undirectedComponents(n)
        #expect(comp[Int(n.edgeSource[0])] == comp[Int(n.edgeTarget[1])])  // 1520 line + dual(1520)
        #expect(comp[Int(n.edgeSource[2])] == comp[Int(n.edgeTarget[3])])  // dual(1435) + 1435 line
        #expect(comp[Int(n.edgeSource[0])] != comp[Int(n.edgeTarget[3])])  // gauges apart without a connector
        #expect(comp[Int(n.edgeSource[4])] != comp[Int(n.edgeSource[1])])  // road apart from rail
        #expect(n.nodeCount == 3 + 3 + 2)
    }

    @Test func gaugeFromCountryWhenUnknown() throws {
        let b = NetworkBuilder()
        b.addLine([ll(130, 43), ll(130.1, 43)], attributes: rail(.none, country: "RU"), source: 0, fid: 1)
        b.addLine([ll(125, 43), ll(125.1, 43)], attributes: rail(.none, country: "CN"), source: 0, fid: 2)
        let n = try b.build()
        #expect(n.nodeLayer[Int(n.edgeSource[0])] == .rail1520)
        #expect(n.nodeLayer[Int(n.edgeSource[1])] == .rail1435)
    }

    @Test func geodesicLengthAndTime() throws {
        let b = NetworkBuilder()
        let line = [ll(129, 42), ll(129.5, 42.3), ll(130, 42.1)]
        b.addLine(line, attributes: road(), source: 0, fid: 1)
        let n = try b.build()
        let peer = haversine(line[0], line[1]) + haversine(line[1], line[2])
        #expect(abs(n.edgeLengthMeters[0] - peer) / peer < 0.005)
        #expect(abs(n.edgeTimeSeconds[0] - n.edgeLengthMeters[0] / (60 / 3.6)) < 1e-6)
    }

    @Test func crossingSplitsNodeByCountry() throws {
        let border = ll(130.5, 42.4)
        func make() -> NetworkBuilder {
            let b = NetworkBuilder()
            b.addLine([ll(130.2, 42.6), border], attributes: rail(.broad1520, country: "RU"), source: 0, fid: 1)
            b.addLine([border, ll(130.7, 42.2)], attributes: rail(.broad1520, country: "KP"), source: 0, fid: 2)
            return b
        }
        let b = make()
        b.crossings = [CrossingDefinition(name: "Khasan–Tumangang", location: ll(130.501, 42.401), modes: [.rail],
                                          countries: ["RU", "KP"], capacityTonnesPerDay: 12000, delaySeconds: 6 * 3600, cost: 8)]
        let n = try b.build()
        #expect(n.nodeCount == 4)
        #expect(n.edgeCount == 3)
        #expect(n.edgeKind[2] == .crossing)
        #expect(n.name(ofEdge: 2) == "Khasan–Tumangang")
        #expect(n.edgeTimeSeconds[2] == 6 * 3600 && n.edgeCapacityTonnesPerDay[2] == 12000 && n.edgeFixedCost[2] == 8)
        #expect(n.country(ofEdge: 2) == "RU")
        // RU edge ends at the crossing's first node, KP edge starts at the second.
        #expect(n.edgeTarget[0] == n.edgeSource[2] && n.edgeSource[1] == n.edgeTarget[2])
        #expect(n.edgeTarget[0] != n.edgeSource[1])
        #expect(n.crossings.map(\.edges) == [[2]])
        #expect(Set(undirectedComponents(n)).count == 1)
        checkArcInvariants(n)

        // Without the definition the border node becomes an automatic crossing.
        let auto = try make().build()
        #expect(auto.edgeCount == 3 && auto.nodeCount == 4)
        #expect(auto.name(ofEdge: 2) == "KP–RU border at 130.5,42.4")

        let far = make()
        far.crossings = [CrossingDefinition(name: "Nowhere", location: ll(131, 43), modes: [.rail], countries: ["RU", "KP"],
                                            capacityTonnesPerDay: 1, delaySeconds: 0, cost: 0)]
        #expect(throws: NetworkBuildError.crossingNodeNotFound(crossing: "Nowhere", layers: [.rail1520, .rail1435], radiusMeters: 2000)) { try far.build() }
        #expect("\(NetworkBuildError.crossingNodeNotFound(crossing: "Nowhere", layers: [.rail1520, .rail1435], radiusMeters: 2000))"
            == "crossing Nowhere: no rail node within 2 km of its point")

        let wrong = make()
        wrong.crossings = [CrossingDefinition(name: "Wrong", location: border, modes: [.rail], countries: ["RU", "CN"],
                                              capacityTonnesPerDay: 1, delaySeconds: 0, cost: 0)]
        #expect(throws: NetworkBuildError.crossingCountriesAbsent(crossing: "Wrong", countries: ["RU", "CN"], found: ["KP", "RU"])) { try wrong.build() }
    }

    @Test func crossingGivesEveryLayerItsFullCapacity() throws {
        let border = ll(130.5, 42.4)
        let b = NetworkBuilder()
        b.addLine([ll(130.2, 42.6), border], attributes: rail(.dual, country: "RU"), source: 0, fid: 1)
        b.addLine([border, ll(130.7, 42.2)], attributes: rail(.dual, country: "KP"), source: 0, fid: 2)
        b.addLine([ll(130.2, 42.61), border], attributes: road(country: "RU"), source: 0, fid: 3)
        b.addLine([border, ll(130.7, 42.21)], attributes: road(country: "KP"), source: 0, fid: 4)
        b.crossings = [CrossingDefinition(name: "Both", location: border, modes: [.rail, .road], countries: ["RU", "KP"],
                                          capacityTonnesPerDay: 7001, delaySeconds: 3600, cost: 5)]
        let n = try b.build()
        let crossingEdges = try #require(n.crossings.first?.edges)
        #expect(crossingEdges.count == 3)
        #expect(Set(crossingEdges.map { n.nodeLayer[Int(n.edgeSource[Int($0)])] }) == [.road, .rail1520, .rail1435])
        #expect(crossingEdges.allSatisfy { n.edgeCapacityTonnesPerDay[Int($0)] == 7001 })
        #expect(n.crossings[0].capacityTonnesPerDay == 7001)
        // Dual pieces on either side (full capacity in each gauge), then the crossing: three shared groups.
        let groups = n.sharedCapacityGroups
        #expect(groups.map(\.kind) == [.dualGauge, .dualGauge, .crossing])
        #expect(groups.last?.edges == crossingEdges && groups.last?.capacityTonnesPerDay == 7001)
        for g in groups where g.kind == .dualGauge {
            #expect(g.edges.allSatisfy { n.edgeCapacityTonnesPerDay[Int($0)] == 10000 } && g.aligned == [true, true])
        }
        // Crossing connectors run out of the first country (the group's forward direction).
        for e in crossingEdges {
            let ru = n.graph.inArcPositions(of: n.edgeSource[Int(e)]).map { n.country(ofEdge: Int(n.arcEdge[Int(n.graph.inArcs[$0])])) }
            #expect(ru.contains("RU") && !ru.contains("KP"))
        }
    }

    @Test func terminalsJoinLayers() throws {
        let b = NetworkBuilder()
        b.addLine([ll(117.4, 49.6), ll(117.45, 49.6)], attributes: rail(.broad1520), source: 0, fid: 1)
        b.addLine([ll(117.45, 49.6005), ll(117.5, 49.6)], attributes: rail(.standard1435), source: 0, fid: 2)
        b.addLine([ll(117.44, 49.61), ll(117.45, 49.601)], attributes: road(), source: 0, fid: 3)
        b.terminals = [
            TerminalDefinition(place: "Zabaikalsk", location: ll(117.45, 49.6), kind: .transshipment, capacityTonnesPerDay: 40000,
                               delaySeconds: 86400, cost: 6),
            TerminalDefinition(place: "Zabaikalsk", location: ll(117.45, 49.6), kind: .transfer, capacityTonnesPerDay: 1001,
                               delaySeconds: 3600, cost: 2),
        ]
        let n = try b.build()
        #expect(n.edgeCount == 3 + 1 + 2)
        #expect(n.edgeKind[3] == .transshipment)
        #expect(n.nodeLayer[Int(n.edgeSource[3])] == .rail1520 && n.nodeLayer[Int(n.edgeTarget[3])] == .rail1435)
        #expect(n.edgeKind[4] == .transfer && n.edgeKind[5] == .transfer)
        // Each rail layer's connector gets the terminal's full capacity (shared).
        #expect(n.edgeCapacityTonnesPerDay[4] == 1001 && n.edgeCapacityTonnesPerDay[5] == 1001)
        #expect(n.sharedCapacityGroups.map(\.edges) == [[4, 5]])
        #expect(n.sharedCapacityGroups.map(\.kind) == [.terminal])
        #expect(Set(undirectedComponents(n)).count == 1)
        #expect(n.terminals.map(\.edges) == [[3], [4, 5]])

        let missing = NetworkBuilder()
        missing.addLine([ll(117.4, 49.6), ll(117.45, 49.6)], attributes: rail(.broad1520), source: 0, fid: 1)
        missing.terminals = [b.terminals[0]]
        #expect(throws: NetworkBuildError.terminalNodeNotFound(place: "Zabaikalsk", kind: .transshipment, layer: "rail-1435", radiusMeters: 2000)) {
            try missing.build()
        }
    }

    @Test func transferLimitedToOneRailLayer() throws {
        let b = NetworkBuilder()
        b.addLine([ll(130.6, 42.4), ll(130.65, 42.4)], attributes: rail(.broad1520), source: 0, fid: 1)
        b.addLine([ll(130.65, 42.4), ll(130.7, 42.4)], attributes: rail(.dual), source: 0, fid: 2)
        b.addLine([ll(130.6, 42.45), ll(130.65, 42.4001)], attributes: road(), source: 0, fid: 3)
        b.terminals = [TerminalDefinition(place: "Khasan", location: ll(130.65, 42.4), kind: .transfer, capacityTonnesPerDay: 2000,
                                          delaySeconds: 3600, cost: 5, railLayers: [.rail1520])]
        let n = try b.build()
        let transfers = (0..<n.edgeCount).filter { n.edgeKind[$0] == .transfer }
        #expect(transfers.count == 1)
        let layers = Set(transfers.flatMap { [n.nodeLayer[Int(n.edgeSource[$0])], n.nodeLayer[Int(n.edgeTarget[$0])]] })
        #expect(layers == [.road, .rail1520])
        // Without the limit, the dual line's 1435 layer is served too.
        b.terminals[0].railLayers = nil
        let all = try b.build()
        #expect((0..<all.edgeCount).filter { all.edgeKind[$0] == .transfer }.count == 2)
    }

    @Test func regionBoundarySplitsEdgeAndMakesBorderNode() throws {
        func square(_ lon0: Double, _ lon1: Double) -> [[[LonLat]]] {
            [[[ll(lon0, 0), ll(lon1, 0), ll(lon1, 1), ll(lon0, 1), ll(lon0, 0)]]]
        }
        let b = NetworkBuilder()
        b.addLine([ll(0.5, 0.5), ll(1.5, 0.6)], attributes: road(), source: 0, fid: 7)
        b.addLine([ll(0.2, 0.2), ll(0.3, 0.3)], attributes: road(), source: 0, fid: 8)
        b.regions = [RegionPolygons(target: .country, name: "test", features: [
            .init(value: "aa", polygons: square(0, 1)), .init(value: "BB", polygons: square(1, 2)),
        ])]
        let n = try b.build()
        #expect(n.report.edgesSplitAtBoundaries == 1)
        // Two pieces of line 7, line 8, one automatic crossing.
        #expect(n.edgeCount == 4)
        #expect(n.nodeCount == 2 + 2 + 2)
        #expect(n.country(ofEdge: 0) == "AA" && n.country(ofEdge: 1) == "BB" && n.country(ofEdge: 2) == "AA")
        #expect(n.edgeSourceFID[0] == 7 && n.edgeSourceFID[1] == 7)
        let cut = n.edgeGeometry(0).last!
        #expect(abs(cut.lon - 1) < 1e-12 && abs(cut.lat - 0.55) < 1e-12)
        #expect(n.edgeKind[3] == .crossing)
        #expect(n.nodeLocation[Int(n.edgeSource[3])] == cut)
        let total = n.edgeLengthMeters[0] + n.edgeLengthMeters[1]
        let whole = Geodesic.length([ll(0.5, 0.5), ll(1.5, 0.6)])
        #expect(abs(total - whole) < 1)  // split point lies on the chord in lon/lat, very close to the geodesic
        checkArcInvariants(n)
    }

    @Test func holesAndOutsideAreRespected() throws {
        let outer = [ll(0, 0), ll(4, 0), ll(4, 4), ll(0, 4), ll(0, 0)]
        let hole = [ll(1, 1), ll(3, 1), ll(3, 3), ll(1, 3), ll(1, 1)]
        let index = RegionIndex(RegionPolygons(target: .region, name: "t", features: [.init(value: "X", polygons: [[outer, hole]])]))
        #expect(index.locate(ll(0.5, 0.5)) == 0)
        #expect(index.locate(ll(2, 2)) == nil)
        #expect(index.locate(ll(5, 2)) == nil)
        let pieces = index.split([ll(-1, 2), ll(5, 2)])
        #expect(pieces.map(\.feature) == [nil, 0, nil, 0, nil])
    }

    /// Random lines on a small integer grid: the network's components must equal those of a brute-force model where
    /// two lines of a layer connect iff they share a vertex coordinate.
    @Test func componentsMatchBruteForce() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<150 {
            let lineCount = Int.random(in: 1...8, using: &rng)
            var lines: [([LonLat], EdgeAttributes)] = []
            for _ in 0..<lineCount {
                var coords: [LonLat] = []
                for _ in 0..<Int.random(in: 2...5, using: &rng) {
                    coords.append(ll(Double(Int.random(in: 0...4, using: &rng)) * 0.01, Double(Int.random(in: 0...4, using: &rng)) * 0.01))
                }
                let attrs = Bool.random(using: &rng) ? road() : rail(.standard1435)
                lines.append((coords, attrs))
            }
            let b = NetworkBuilder(options: NetworkBuildOptions(snapToleranceMeters: 0))
            for (i, l) in lines.enumerated() { b.addLine(l.0, attributes: l.1, source: 0, fid: Int64(i)) }
            guard let n = try? b.build() else { continue }
            checkArcInvariants(n)
            // Brute force: union lines sharing a coordinate (same mode), over lines with non-zero length.
            let usable = lines.indices.filter { i in Set(lines[i].0).count > 1 }
            var parent = Array(lines.indices)
            func find(_ x: Int) -> Int { var x = x; while parent[x] != x { x = parent[x] }; return x }
            for i in usable { for j in usable where j > i && lines[i].1.mode == lines[j].1.mode && !Set(lines[i].0).isDisjoint(with: lines[j].0) {
                parent[find(j)] = find(i)
            } }
            let expected = Set(usable.map(find)).count
            let comp = undirectedComponents(n)
            #expect(Set(comp).count == expected, "\(lines.map { ($0.0.map { "(\(Int($0.lon * 100)),\(Int($0.lat * 100)))" }.joined(), $0.1.mode) }) nodes \(n.nodeLocation.map { "(\(Int($0.lon * 100)),\(Int($0.lat * 100)))" }) edges \(n.edgeSource) \(n.edgeTarget)")
            // Every usable line's edges lie in one component.
            for i in usable {
                let edgeComps = Set((0..<n.edgeCount).filter { n.edgeSourceFID[$0] == Int64(i) }.map { comp[Int(n.edgeSource[$0])] })
                #expect(edgeComps.count == 1)
            }
            // Total length is preserved (pieces only drop zero-length runs).
            let total = (0..<n.edgeCount).reduce(0.0) { $0 + n.edgeLengthMeters[$1] }
            let expectedTotal = usable.reduce(0.0) { $0 + Geodesic.length(lines[$1].0) }
            #expect(abs(total - expectedTotal) < 1e-6 * max(1, expectedTotal))
        }
    }

    @Test func deterministic() throws {
        func make() throws -> Network {
            let b = NetworkBuilder()
            b.addLine([ll(0, 0), ll(0.01, 0), ll(0.02, 0)], attributes: road(), source: 0, fid: 1)
            b.addLine([ll(0.01, -0.01), ll(0.01, 0), ll(0.01, 0.01)], attributes: rail(.dual), source: 0, fid: 2)
            return try b.build()
        }
        let a = try make(), b = try make()
        #expect(a.graph == b.graph && a.edgeSource == b.edgeSource && a.geometry == b.geometry && a.strings == b.strings)
    }

    /// The input lines keep one code per line into their distinct attributes; reading a line back gives its
    /// attributes bit for bit (0.0 and −0.0 kept apart, a NaN range end equal to itself, published lengths apart).
    @Test func lineStoreInternsAttributesExactly() {
        var zero = road(), negativeZero = road(), named = road(), ranged = road(), published = road()
        zero.speedKmh = 0; negativeZero.speedKmh = -0.0; named.name = "M60"
        ranged.speedRange = ValueRange(low: .nan, high: 90); published.lengthMeters = 1_234.5
        var store = NetworkBuilder.LineStore()
        let given = [zero, negativeZero, zero, named, ranged, ranged, published, negativeZero, road(), published]
        for (i, a) in given.enumerated() { store.append([ll(0, 0), ll(0.01, 0)], attributes: a, source: 0, fid: Int64(i)) }
        #expect(store.count == given.count && store.distinctAttributes.count == 6)
        #expect(store.attributeCode == [0, 1, 0, 2, 3, 3, 4, 1, 5, 4])
        for (i, a) in given.enumerated() {
            let back = store.attributes(i)
            #expect(back.speedKmh.bitPattern == a.speedKmh.bitPattern && back.name == a.name)
            #expect(back.speedRange?.low.bitPattern == a.speedRange?.low.bitPattern && back.lengthMeters == a.lengthMeters)
        }
    }

    /// More distinct attribute sets than the recently-used codes hold, in a cycle and at random: every line reads back
    /// its own attributes, and each distinct set has one code (numbered by first appearance).
    @Test func lineStoreCodesBeyondTheRecentCodes() {
        let distinct = (0..<20).map { i -> EdgeAttributes in
            var a = road(); a.speedKmh = Double(10 + i); a.name = i % 3 == 0 ? "" : "N\(i % 5)"; return a
        }
        var state: UInt64 = 7
        let order = (0..<400).map { k -> Int in
            if k < 200 { return k % 20 < 12 ? k % 20 : k % 3 }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % 20
        }
        var store = NetworkBuilder.LineStore()
        for (i, d) in order.enumerated() { store.append([ll(0, 0), ll(0.01, 0)], attributes: distinct[d], source: 0, fid: Int64(i)) }
        var firstSeen: [Int] = []
        for d in order where !firstSeen.contains(d) { firstSeen.append(d) }
        #expect(store.distinctAttributes.count == firstSeen.count)
        // Length scales are stored only once one differs from 1; lines before it read 1.
        #expect((0..<store.count).allSatisfy { store.lengthScale($0) == 1 })
        store.append([ll(0, 0), ll(0.01, 0)], attributes: distinct[0], source: 1, fid: 400, lengthScale: 0.5)
        store.append([ll(0, 0), ll(0.01, 0)], attributes: distinct[0], source: 2, fid: 401)
        #expect(store.lengthScale(399) == 1 && store.lengthScale(400) == 0.5 && store.lengthScale(401) == 1)
        #expect(store.source.suffix(2) == [1, 2] && store.fid.suffix(2) == [400, 401])
        for (i, d) in order.enumerated() {
            #expect(store.attributeCode[i] == UInt32(firstSeen.firstIndex(of: d)!))
            #expect(store.attributes(i).speedKmh == distinct[d].speedKmh && store.attributes(i).name == distinct[d].name)
        }
    }
}
