import CorridorGeo
import Foundation
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorNetwork

/// The edge table (one row per edge, the arcs built from it) and overlays that append edges without copying.
@Suite struct EdgeTableTests {
    /// A–B road, B–C rail (oneway), C–A road: three nodes, three edges.
    static func triangle() throws -> Network {
        var t = EdgeTable()
        let a = ll(130, 43), b = ll(130.1, 43), c = ll(130.05, 43.1)
        t.append(.line(from: 0, to: 1, lengthMeters: 8_100, attributes: road("primary", country: "RU"), gauge: .none), geometry: [a, b])
        var oneway = rail(.broad1520, country: "RU")
        oneway.oneway = true
        t.append(.line(from: 1, to: 2, lengthMeters: 12_000, attributes: oneway, gauge: .broad1520), geometry: [b, c])
        t.append(.line(from: 2, to: 0, lengthMeters: 12_000, attributes: road("trunk", country: "CN"), gauge: .none), geometry: [c, a])
        return try Network(nodeLocation: [a, b, c], nodeLayer: [.road, .road, .road], edges: t)
    }

    @Test func rowsBecomeColumnsAndArcs() throws {
        let n = try Self.triangle()
        #expect(n.edgeCount == 3 && n.arcCount == 5)  // the oneway rail piece has one arc
        #expect(n.className(ofEdge: 0) == "primary" && n.className(ofEdge: 2) == "trunk")
        #expect(n.country(ofEdge: 0) == "RU" && n.country(ofEdge: 2) == "CN")
        // Interned once each: "", primary, RU, main, trunk, CN.
        #expect(n.strings.count == 6 && n.edgeCountry[0] == n.edgeCountry[1])
        #expect(n.edgeTimeSeconds[0] == 8_100 / (60 / 3.6))
        #expect(Array(n.edgeGeometry(1)) == [ll(130.1, 43), ll(130.05, 43.1)])
        checkArcInvariants(n)
        // Arcs are sorted by tail; node 1 leaves by edge 0 backwards and by the oneway edge 1.
        #expect(n.graph.outArcs(of: 1).map { n.arcEdge[$0] } == [0, 1])
    }

    @Test func overlayAppendsWithoutCopyingTheBase() throws {
        let base = try Self.triangle()
        var bridge = rail(.dual, country: "RU", capacity: 7000)
        bridge.name = "New bridge"
        let rows: [(row: EdgeTable.Row, geometry: [LonLat])] = [
            (.line(from: 0, to: 2, lengthMeters: 11_000, attributes: bridge, gauge: .dual), [ll(130, 43), ll(130.05, 43.1)]),
            (.line(from: 2, to: 0, lengthMeters: 11_000, attributes: bridge, gauge: .dual), [ll(130.05, 43.1), ll(130, 43)]),
        ]
        let crossing = CrossingInfo(name: "X", location: ll(130, 43), countries: ["RU"], modes: [.rail],
                                    capacityTonnesPerDay: 7000, delaySeconds: 0, cost: 0, note: "", edges: [])
        let n = try base.overlaying([EdgeAddition(rows: rows, crossing: crossing)])
        // Existing ids and values unchanged; the new edges come after them, as twins, forming the crossing.
        #expect(n.edgeCount == 5 && n.nodeCount == base.nodeCount)
        for e in 0..<base.edgeCount {
            #expect(n.edgeSource[e] == base.edgeSource[e] && n.name(ofEdge: e) == base.name(ofEdge: e))
            #expect(n.edgeGeometry(e) == base.edgeGeometry(e))
        }
        #expect(n.edgeTwin[3] == 4 && n.edgeTwin[4] == 3 && n.name(ofEdge: 4) == "New bridge")
        #expect(Array(n.edgeGeometry(4)) == [ll(130.05, 43.1), ll(130, 43)])
        #expect(n.crossings.last?.edges == [3, 4])
        checkArcInvariants(n)
        // The base's storage is shared, not copied, and the base itself is untouched.
        func address<T>(_ a: [T]) -> UnsafeRawPointer? { a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        #expect(address(n.edges.edgeKind.base) == address(base.edges.edgeKind.base))
        #expect(address(n.edges.geometry.base) == address(base.edges.geometry.base))
        #expect(address(n.edges.strings.base) == address(base.edges.strings.base))
        #expect(n.edges.edgeKind.added.count == 2 && base.edgeCount == 3 && base.crossings.isEmpty)
        #expect(n.locator === base.locator)
    }

    @Test func anOverlaidNetworkRoundTripsThroughTheCache() throws {
        let base = try Self.triangle()
        let row = EdgeTable.Row.line(from: 0, to: 2, lengthMeters: 11_000, attributes: road("motorway"), gauge: .none)
        let n = try base.overlaying([EdgeAddition(rows: [(row, [ll(130, 43), ll(130.05, 43.1)])])])
        let dir = try TempDirectory()
        try NetworkCache.write(n, to: dir.path("n.corridor"))
        let back = try NetworkCache.read(dir.path("n.corridor"))
        #expect(back.edgeCount == 4 && back.edges.edgeKind.added.isEmpty)
        for e in 0..<n.edgeCount {
            #expect(back.edgeSource[e] == n.edgeSource[e] && back.edgeTarget[e] == n.edgeTarget[e])
            #expect(back.className(ofEdge: e) == n.className(ofEdge: e) && back.edgeGeometry(e) == n.edgeGeometry(e))
            #expect(back.edgeTimeSeconds[e] == n.edgeTimeSeconds[e] && back.edgeOneway[e] == n.edgeOneway[e])
        }
        #expect(back.graph == n.graph && back.arcEdge == n.arcEdge && back.arcForward == n.arcForward)
    }

    @Test func aColumnReadsAcrossItsSharedBaseAndAddedRows() {
        var c = Column(extending: Column([1, 2, 3]))
        c.append(4); c.append(contentsOf: [5, 6])
        #expect(Array(c) == [1, 2, 3, 4, 5, 6] && c.count == 6 && c.array == [1, 2, 3, 4, 5, 6])
        #expect(c.base == [1, 2, 3] && c.added == [4, 5, 6])
        c[4] = 50
        #expect(c[4] == 50 && c.contiguousSlice(3..<5) == [4, 50] && c.contiguousSlice(0..<2) == [1, 2])
        c.removeLast(1)
        #expect(c == [1, 2, 3, 4, 50])
    }
}
