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
        #expect(address(n.edges.polylines.bytes.base) == address(base.edges.polylines.bytes.base))
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

    /// Values drawn from `distinct` bit patterns (−0.0 and 0.0 among them), with a seeded generator.
    static func fewValued(_ n: Int, distinct: Int, seed: UInt64) -> [Double] {
        var g = SplitMix64(seed: seed)
        let pool = [0.0, -0.0, 1.5, 1e-300] + (0..<max(0, distinct - 4)).map { Double($0) * 0.37 + 2 }
        return (0..<n).map { _ in pool[Int(g.next() % UInt64(min(distinct, pool.count)))] }
    }

    @Test func aCodedColumnReadsBackEveryValueBitForBit() {
        // One-byte codes, two-byte codes after 256 distinct values, and plain storage past 65,536.
        for (distinct, codes) in [(3, "narrow"), (300, "wide"), (70_000, "plain")] {
            let values = Self.fewValued(distinct == 70_000 ? 140_000 : 5_000, distinct: distinct, seed: UInt64(distinct))
            let withAllDistinct = distinct == 70_000 ? values + (0..<70_000).map { Double($0) + 0.5 } : values
            let c = Column(coding: withAllDistinct)
            #expect(c.count == withAllDistinct.count)
            #expect(zip(c, withAllDistinct).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(codes)")
            #expect(c.array.map(\.bitPattern) == withAllDistinct.map(\.bitPattern))
            switch codes {
            case "narrow": #expect(c.isCoded && !c.narrowCodes.isEmpty && c.wideCodes.isEmpty && c.base.isEmpty)
            case "wide": #expect(c.isCoded && c.narrowCodes.isEmpty && c.wideCodes.count == withAllDistinct.count)
            default: #expect(!c.isCoded && c.base.count == withAllDistinct.count)
            }
        }
        // 0.0 and −0.0 are different codes.
        let zeros = Column(coding: [0.0, -0.0, 0.0])
        #expect(zeros.dictionary.count == 2 && zeros[1].sign == .minus && zeros[2].sign == .plus)
    }

    @Test func aCodedColumnStaysCodedThroughSetsAppendsAndOverlays() {
        var c = Column<UInt32>.coded()
        for i in 0..<2_000 { c.appendCoded(i % 5 == 0 ? UInt32(i) : UInt32.max) }
        #expect(c.isCoded && c.wideCodes.count == 2_000)  // 401 distinct values: past one byte
        c.setCoded(7, 123_456); c.setCoded(8, UInt32.max)
        #expect(c.isCoded && c[7] == 123_456 && c[8] == .max && c[10] == 10)
        c.finishCoding()
        c.appendCoded(5)  // the index is rebuilt
        #expect(c.isCoded && c[2_000] == 5 && c.count == 2_001)
        var overlay = Column(extending: c)
        overlay.append(42); overlay.append(7)
        #expect(overlay.count == 2_003 && overlay[2_001] == 42 && overlay[2_002] == 7 && overlay[7] == 123_456)
        #expect(overlay.added == [42, 7] && c.count == 2_001)
        func address<T>(_ a: [T]) -> UnsafeRawPointer? { a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        #expect(address(overlay.wideCodes) == address(c.wideCodes))  // the base's codes are shared, not copied
        // A plain set decodes, and the values stay the same.
        var plain = c
        plain[3] = 9
        #expect(!plain.isCoded && plain[3] == 9 && plain[7] == 123_456 && plain.count == 2_001)
        // One-byte elements are never coded (codes would not shrink them).
        #expect(!Column<UInt8>(coding: [1, 2, 1]).isCoded)
    }

    @Test func rangesAreStoredOnlyWhereTheyDifferFromTheBase() throws {
        var t = EdgeTable()
        var ranged = road("primary")
        ranged.capacityRange = ValueRange(low: 500, high: 1500)
        ranged.speedRange = ValueRange(low: 40, high: 80)
        for i in 0..<20 {
            let attributes = i % 4 == 0 ? ranged : road("primary")
            t.append(.line(from: 0, to: 1, lengthMeters: 1_000 + Double(i), attributes: attributes, gauge: .none),
                     geometry: [ll(130, 43), ll(130.01, 43)])
        }
        t.append(.connector(from: 1, to: 0, kind: .crossing, mode: .road, name: "X", capacityTonnesPerDay: 900,
                            delaySeconds: 3_600, cost: 2,
                            gauge: .none, country: "RU",
                            ranges: ConnectorRanges(capacity: ValueRange(low: 800, high: 1_000),
                                                    delaySeconds: ValueRange(low: 1_800, high: 7_200),
                                                    cost: ValueRange(low: 1, high: 3))), geometry: [ll(130.01, 43), ll(130, 43)])
        // Against the rows as appended: low = high = base where no range is given.
        for e in 0..<t.count {
            let cap = Double(t.edgeCapacityTonnesPerDay[e])
            if e == 20 {
                #expect(t.edgeCapacityLow[e] == 800 && t.edgeCapacityHigh[e] == 1_000)
                #expect(t.edgeTimeLowSeconds[e] == 1_800 && t.edgeTimeHighSeconds[e] == 7_200)
                #expect(t.edgeFixedCostLow[e] == 1 && t.edgeFixedCostHigh[e] == 3)
            } else if e % 4 == 0 {
                #expect(t.edgeCapacityLow[e] == 500 && t.edgeCapacityHigh[e] == 1_500)
                #expect(t.edgeTimeLowSeconds[e] < t.edgeTimeSeconds[e] && t.edgeTimeHighSeconds[e] > t.edgeTimeSeconds[e])
            } else {
                #expect(t.edgeCapacityLow[e] == cap && t.edgeCapacityHigh[e] == cap)
                #expect(t.edgeTimeLowSeconds[e] == t.edgeTimeSeconds[e] && t.edgeTimeHighSeconds[e] == t.edgeTimeSeconds[e])
                #expect(t.edgeFixedCostLow[e] == 0 && t.edgeFixedCostHigh[e] == 0)
            }
        }
        #expect(t.edgeCapacityLow.array == (0..<t.count).map { t.edgeCapacityLow[$0] })
        // Through an overlay and the cache: the same values.
        let n = try Network(nodeLocation: [ll(130, 43), ll(130.01, 43)], nodeLayer: [.road, .road], edges: t)
        let row = EdgeTable.Row.line(from: 0, to: 1, lengthMeters: 99, attributes: ranged, gauge: .none)
        let o = try n.overlaying([EdgeAddition(rows: [(row, [ll(130, 43), ll(130.01, 43)])])])
        #expect(o.edgeCapacityLow[21] == 500 && o.edgeCapacityHigh[21] == 1_500 && o.edgeCapacityLow[20] == 800)
        let dir = try TempDirectory()
        try NetworkCache.write(o, to: dir.path("o.corridor"))
        let back = try NetworkCache.read(dir.path("o.corridor"))
        #expect(back.ranges == o.ranges && back.edgeSpeedKmh == o.edgeSpeedKmh && back.edgeTwin == o.edgeTwin)
        #expect(back.edges.edgeSpeedKmh.isCoded && back.edges.edgeCapacityTonnesPerDay.isCoded)
    }

    @Test func lineTimesAreDerivedFromLengthAndSpeedAndOtherTimesStoredExactly() throws {
        var t = EdgeTable()
        var g = SplitMix64(seed: 19)
        var appended: [Double] = []
        for i in 0..<300 {
            let speed = [30.0, 60, 90, 45][i % 4]
            let length = Double(g.next() % 100_000) / 7
            var row = EdgeTable.Row.line(from: 0, to: 1, lengthMeters: length, attributes: road("primary"), gauge: .none)
            row.speedKmh = speed
            row.timeSeconds = EdgeTable.Row.travelSeconds(lengthMeters: length, speedKmh: speed)
            if i % 50 == 7 { row.timeSeconds = 0.1 }  // a time that is not length over speed
            if i % 50 == 9 { row.timeSeconds = -0.0 }
            t.append(row, geometry: [ll(130, 43), ll(130.01, 43)])
            appended.append(row.timeSeconds)
        }
        t.append(.connector(from: 1, to: 0, kind: .crossing, mode: .road, name: "X", capacityTonnesPerDay: 900,
                            delaySeconds: 3_600, cost: 2, gauge: .none, country: "RU"), geometry: [ll(130.01, 43), ll(130, 43)])
        appended.append(3_600)
        // Bit for bit as appended, through the column, the direct read and the whole array.
        #expect(t.edgeTimeSeconds.count == appended.count)
        #expect(t.edgeTimeSeconds.array.map(\.bitPattern) == appended.map(\.bitPattern))
        #expect((0..<t.count).allSatisfy { t.timeSeconds(ofEdge: $0).bitPattern == appended[$0].bitPattern && t.edgeTimeSeconds[$0].bitPattern == appended[$0].bitPattern })
        // Stored: only the 6 odd line times and the connector's delay.
        #expect(t.timeOverrides.edges.count == 13 && t.timeOverrides.edges.last == 300)
        // Through an overlay and the cache.
        let n = try Network(nodeLocation: [ll(130, 43), ll(130.01, 43)], nodeLayer: [.road, .road], edges: t)
        var extra = EdgeTable.Row.line(from: 0, to: 1, lengthMeters: 500, attributes: road("primary"), gauge: .none)
        extra.timeSeconds = 1
        let o = try n.overlaying([EdgeAddition(rows: [(extra, [ll(130, 43), ll(130.01, 43)])])])
        #expect(o.edgeTimeSeconds.count == 302 && o.edgeTimeSeconds[301] == 1 && o.edgeTimeSeconds[300] == 3_600)
        let dir = try TempDirectory()
        try NetworkCache.write(o, to: dir.path("o.corridor"))
        let back = try NetworkCache.read(dir.path("o.corridor"))
        #expect(back.edgeTimeSeconds.array.map(\.bitPattern) == (appended + [1]).map(\.bitPattern))
        #expect(back.edges.timeOverrides.edges.count == 14 && back.ranges == o.ranges)
    }

    @Test func packedFeatureIdsReadBackExactlyInFewBytes() {
        var g = SplitMix64(seed: 7)
        // Rising by 0 or 1 (pieces of lines), constant runs, full-range values, and a short last block.
        var rising: [Int64] = [], fid: Int64 = 1_000_000
        for _ in 0..<10_000 { fid += Int64(g.next() % 2); rising.append(fid) }
        let extremes: [Int64] = (0..<200).map { i in i % 3 == 0 ? .min : i % 3 == 1 ? .max : Int64(bitPattern: g.next()) }
        for values in [rising, [Int64](repeating: -1, count: 129), extremes, rising + [-1, -1, -1], [], [5]] {
            let c = PackedIntegerColumn(values)
            #expect(c.count == values.count && Array(c) == values)
            var overlay = PackedIntegerColumn(extending: c)
            overlay.append(42); overlay.append(-7)
            #expect(Array(overlay) == values + [42, -7] && overlay.added == [42, -7] && c.count == values.count)
            #expect(overlay == PackedIntegerColumn(values + [42, -7]) && overlay != c)
        }
        // One byte per value where a block's spread is below 256; none for constant blocks.
        #expect(PackedIntegerColumn(rising).bytes.count == 10_000 / 64 * 64)
        #expect(PackedIntegerColumn([Int64](repeating: -1, count: 129)).bytes.isEmpty)
        #expect(PackedIntegerColumn(extremes).bytes.count == 192 * 8)
    }

    @Test func fewValuedColumnsShareOneCodePerEdgeAndReadBackUnchanged() throws {
        // 400 edges over a few dozen combinations of class, oneway, country, gauge, name and source, and a connector.
        var t = EdgeTable()
        var rows: [EdgeTable.Row] = []
        for i in 0..<400 {
            var a = i % 3 == 0 ? rail(.broad1520, country: "RU") : road(["primary", "track"][i % 2], country: i % 4 == 1 ? "CN" : "KP")
            a.oneway = i % 5 == 0
            a.name = i % 7 == 0 ? "Line \(i % 2)" : ""
            rows.append(.line(from: 0, to: 1, lengthMeters: Double(100 + i), attributes: a, gauge: i % 3 == 0 ? .broad1520 : .none,
                              sourceIndex: UInt32(i % 2), sourceFID: Int64(i)))
        }
        rows.append(.connector(from: 1, to: 0, kind: .crossing, mode: .road, name: "X", capacityTonnesPerDay: 900,
                               delaySeconds: 3_600, cost: 2, gauge: .none, country: "RU"))
        for r in rows { t.append(r, geometry: [ll(130, 43), ll(130.01, 43)]) }
        let plain = t
        t.releaseInterner()
        // One buffer of codes for all the joined columns.
        func address<T>(_ a: [T]) -> UnsafeRawPointer? { a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        #expect(t.edgeKind.isCoded && t.edgeOneway.isCoded && t.edgeName.isCoded && t.edgeKind.narrowCodes.count == 401)
        #expect(address(t.edgeKind.narrowCodes) == address(t.edgeCountry.narrowCodes))
        #expect(address(t.edgeOneway.narrowCodes) == address(t.edgeName.narrowCodes))
        #expect(t.edgeKind == plain.edgeKind && t.edgeMode == plain.edgeMode && t.edgeClass == plain.edgeClass)
        #expect(t.edgeName == plain.edgeName && t.edgeSpeedKmh == plain.edgeSpeedKmh && t.edgeOneway == plain.edgeOneway)
        #expect(t.edgeGauge == plain.edgeGauge && t.edgeTracks == plain.edgeTracks && t.edgeElectrified == plain.edgeElectrified)
        #expect(t.edgeCapacityTonnesPerDay == plain.edgeCapacityTonnesPerDay && t.edgeFixedCost == plain.edgeFixedCost)
        #expect(t.edgeCountry == plain.edgeCountry && t.edgeRegion == plain.edgeRegion && t.edgeSourceIndex == plain.edgeSourceIndex)
        #expect(t.edgeTwin == plain.edgeTwin && t.edgeSourceFID == plain.edgeSourceFID)
        // Appends after sharing (an edited table) keep every column's values.
        var edited = t
        edited.append(rows[3], geometry: [ll(130, 43), ll(130.01, 43)])
        #expect(edited.edgeClass[401] == plain.edgeClass[3] && edited.edgeKind[401] == .line && t.count == 401)
        #expect(edited.edgeCountry.array == plain.edgeCountry.array + [plain.edgeCountry[3]])
        // Through the cache: shared again, the same values.
        let n = try Network(nodeLocation: [ll(130, 43), ll(130.01, 43)], nodeLayer: [.road, .rail1520], edges: t)
        let dir = try TempDirectory()
        try NetworkCache.write(n, to: dir.path("n.corridor"))
        let back = try NetworkCache.read(dir.path("n.corridor"))
        #expect(address(back.edges.edgeKind.narrowCodes) == address(back.edges.edgeRegion.narrowCodes))
        #expect(back.edges.edgeClass == plain.edgeClass && back.edges.edgeSpeedKmh == plain.edgeSpeedKmh && back.edges.edgeName == plain.edgeName)
        // Too many combinations for codes with the name: the name stays apart.
        var many = EdgeTable()
        for i in 0..<70_000 {
            var a = road("primary")
            a.name = "Street \(i)"
            many.append(.line(from: 0, to: 1, lengthMeters: 10, attributes: a, gauge: .none), geometry: [ll(130, 43), ll(130.01, 43)])
        }
        many.releaseInterner()
        #expect(many.edgeKind.isCoded && !many.edgeName.isCoded && many.strings[Int(many.edgeName[69_999])] == "Street 69999")
    }
}
