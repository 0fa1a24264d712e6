import CorridorGeo
import Foundation
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorNetwork

/// The compact polyline store: every point read back bit for bit, compact where exact, raw where not, and a
/// crafted encoding refused rather than misread.
@Suite struct PolylineStoreTests {
    /// Polylines of every kind: GPS-like (7 decimals), survey data (9 decimals), −0.0, the antimeridian and poles,
    /// empty and single-point ones, long ones with big jumps.
    static func polylines(seed: UInt64) -> [[LonLat]] {
        var g = SplitMix64(seed: seed)
        func unit() -> Double { Double(g.next() >> 11) / Double(1 << 53) }
        var out: [[LonLat]] = [[], [ll(0, 0)], [ll(-0.0, 0), ll(1, 1)], [ll(180, 90), ll(-180, -90), ll(179.9999999, -89.9999999)]]
        for k in 0..<400 {
            let n = 2 + Int(g.next() % 12)
            let decimals = [6.0, 7, 9][k % 3]
            let scale = Foundation.pow(10, decimals)
            var lon = unit() * 360 - 180, lat = unit() * 180 - 90
            var line: [LonLat] = []
            for _ in 0..<n {
                line.append(ll((lon * scale).rounded() / scale, (lat * scale).rounded() / scale))
                lon = max(-180, min(180, lon + (unit() - 0.5) * (k % 7 == 0 ? 200 : 0.01)))
                lat = max(-90, min(90, lat + (unit() - 0.5) * 0.01))
            }
            out.append(line)
        }
        return out
    }

    @Test func everyPointReadsBackBitForBit() {
        var store = PolylineStore()
        let lines = Self.polylines(seed: 19)
        for line in lines { store.append(line) }
        #expect(store.count == lines.count)
        var seen: [LonLat] = []
        store.forEachPoint { seen.append($0) }
        #expect(seen.map(\.lon.bitPattern) == lines.joined().map(\.lon.bitPattern))
        #expect(seen.map(\.lat.bitPattern) == lines.joined().map(\.lat.bitPattern))
        for (e, line) in lines.enumerated() {
            let back = store.points(e)
            #expect(back.count == line.count && store.pointCount(e) == line.count)
            #expect(zip(back, line).allSatisfy { $0.lon.bitPattern == $1.lon.bitPattern && $0.lat.bitPattern == $1.lat.bitPattern })
        }
    }

    @Test func exactDataIsCompactAndTheRestRaw() {
        var store = PolylineStore()
        store.append([ll(128.123456, 42.654321), ll(128.124456, 42.654321)])  // six decimals: exact in 10⁻⁷°
        store.append([ll(128.123456789, 42.5), ll(128.2, 42.5)])              // nine decimals: raw
        store.append([ll(-0.0, 10), ll(0, 10)])                               // −0.0 would come back as 0.0: raw
        #expect(store.offsets[1] == 13)                                       // count, 2 × Int32, two varints
        #expect(store.offsets[2] - store.offsets[1] == 1 + 32 && store.offsets[3] - store.offsets[2] == 1 + 32)
        #expect(store.points(2)[0].lon.sign == .minus)
    }

    @Test func aCraftedEncodingIsRefusedNotMisread() {
        var store = PolylineStore()
        for line in Self.polylines(seed: 7) { store.append(line) }
        let bytes = store.bytes.array
        // Every prefix and every one-byte extension of an edge's bytes is refused (never a crash).
        for e in 0..<min(store.count, 60) {
            let lo = Int(store.offsets[e]), hi = Int(store.offsets[e + 1])
            let own = Array(bytes[lo..<hi])
            #expect(own.withUnsafeBufferPointer { PolylineStore.decode($0) } != nil)
            for cut in 0..<own.count {
                let cutBytes = Array(own.prefix(cut))
                #expect(cutBytes.withUnsafeBufferPointer { PolylineStore.decode($0) } == nil)
            }
            #expect((own + [0]).withUnsafeBufferPointer { PolylineStore.decode($0) } == nil)
        }
        // Offsets out of order or past the bytes.
        var bad = store
        bad.offsets[3] = UInt32(bytes.count + 5)
        #expect(bad.decodedPoints(2) == nil && bad.decodedPoints(3) == nil)
        // Random bytes: decoded or refused, never a crash; a huge point count is refused up front.
        var g = SplitMix64(seed: 3)
        for _ in 0..<2_000 {
            let junk = (0..<Int(g.next() % 40)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            _ = junk.withUnsafeBufferPointer { PolylineStore.decode($0) }
        }
        #expect([0xFF, 0xFF, 0xFF, 0xFF, 0x0F].withUnsafeBufferPointer { PolylineStore.decode($0) } == nil)
    }

    @Test func aNetworkKeepsItsGeometryThroughOverlaysAndTheCache() throws {
        var t = EdgeTable()
        let lines = Self.polylines(seed: 11).filter { $0.count >= 2 }
        for line in lines {
            t.append(.line(from: 0, to: 1, lengthMeters: 10, attributes: road("primary"), gauge: .none), geometry: line)
        }
        let n = try Network(nodeLocation: [ll(0, 0), ll(1, 1)], nodeLayer: [.road, .road], edges: t)
        let extra = [ll(130.000001, 43), ll(130.0000011, 43.0000001)]
        let o = try n.overlaying([EdgeAddition(rows: [(.line(from: 1, to: 0, lengthMeters: 5, attributes: road("trunk"),
                                                            gauge: .none), extra)])])
        #expect(o.edgeCount == lines.count + 1 && Array(o.edgeGeometry(lines.count)) == extra)
        #expect(o.edges.polylines.bytes.added.count > 0 && o.edges.polylines.bytes.base.count == n.edges.polylines.bytes.count)
        let dir = try TempDirectory()
        try NetworkCache.write(o, to: dir.path("o.corridor"))
        let back = try NetworkCache.read(dir.path("o.corridor"))
        for e in 0..<o.edgeCount {
            #expect(back.edgeGeometry(e).map(\.lon.bitPattern) == o.edgeGeometry(e).map(\.lon.bitPattern))
            #expect(back.edgeGeometry(e).map(\.lat.bitPattern) == o.edgeGeometry(e).map(\.lat.bitPattern))
        }
        #expect(back.geometry == o.geometry && back.edgeGeometryOffset == o.edgeGeometryOffset)
        #expect(o.edgeGeometryOffset.last.map(Int.init) == o.geometry.count)
    }
}
