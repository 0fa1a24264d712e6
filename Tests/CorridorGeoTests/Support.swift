import Foundation
import Testing

@testable import CorridorGeo

/// A fresh temporary directory, removed when the value is released.
final class TempDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("corridor-geo-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// `<repoRoot>/../shared/geodata`: the repo root is two levels above this test directory.
let sharedGeodata: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // CorridorGeoTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // repo root
    .deletingLastPathComponent()
    .appendingPathComponent("shared/geodata", isDirectory: true)

/// Reads every feature of a layer into plain values (copies; records are reused by the reader).
struct ReadFeature {
    var fid: Int64
    var kind: GeometryKind
    var parts: [[LonLat]]
    var polygons: [[[LonLat]]]
    var strings: [String: String?]
}

func readAll(_ path: String, layer: String? = nil, assumeCRS: String? = nil) throws -> [ReadFeature] {
    let dataset = try VectorDataset.open(path)
    var result: [ReadFeature] = []
    try dataset.forEachFeature(layer: layer, assumeCRS: assumeCRS) { record in
        var strings: [String: String?] = [:]
        for (index, field) in record.fields.enumerated() { strings[field.name.lowercased()] = record.string(index) }
        result.append(
            ReadFeature(fid: record.fid, kind: record.kind, parts: record.parts, polygons: record.polygons, strings: strings))
    }
    return result
}

func close(_ a: LonLat, _ b: LonLat, tolerance: Double = 1e-9) -> Bool {
    abs(a.lon - b.lon) <= tolerance && abs(a.lat - b.lat) <= tolerance
}

func close(_ a: [[LonLat]], _ b: [[LonLat]], tolerance: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { pa, pb in
        pa.count == pb.count && zip(pa, pb).allSatisfy { close($0, $1, tolerance: tolerance) }
    }
}

/// Deterministic generator for seeded tests (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
