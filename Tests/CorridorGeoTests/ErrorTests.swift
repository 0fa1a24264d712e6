import Foundation
import Testing

@testable import CorridorGeo

@Suite struct ErrorTests {
    /// A valid 2-feature line shapefile with .prj, in a fresh directory.
    static func writeShapefile(_ dir: TempDirectory, name: String = "roads") throws -> String {
        let path = dir.path("\(name).shp")
        let writer = try VectorWriter(path: path, driver: "ESRI Shapefile")
        try writer.addLayer(name: name, geometry: .lineString, crs: "EPSG:4326", fields: [FieldDefinition(name: "name", type: .string)])
        try writer.addFeature(layer: name, wkt: "LINESTRING (130 43, 131 44)", attributes: ["name": "a"])
        try writer.addFeature(layer: name, wkt: "LINESTRING (132 43, 131 42, 130 41)", attributes: ["name": "b"])
        try writer.commit()
        return path
    }

    func openError(_ path: String) -> GeoError? {
        do {
            _ = try VectorDataset.open(path)
            return nil
        } catch { return error }
    }

    func expectCannotOpen(_ path: String, mentioning words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .cannotOpen(let got, let reason)? = openError(path) else {
            Issue.record("expected cannotOpen for \(path), got \(String(describing: openError(path)))", sourceLocation: sourceLocation)
            return
        }
        #expect(got == path, sourceLocation: sourceLocation)
        for word in words { #expect(reason.contains(word), "\(reason)", sourceLocation: sourceLocation) }
        let description = GeoError.cannotOpen(path: got, reason: reason).description
        #expect(description.contains(path) && !description.contains("\n"), sourceLocation: sourceLocation)
    }

    @Test func layerReferencesSplitOnceForEveryUse() throws {
        #expect(VectorDataset.splitLayer("countries.gpkg@countries") == ("countries.gpkg", "countries"))
        #expect(VectorDataset.splitLayer("a/b.shp") == ("a/b.shp", nil))
        #expect(VectorDataset.splitLayer("PG:dbname=x@host/db") == ("PG:dbname=x@host/db", nil))  // no layer after a slash
        #expect(VectorDataset.splitLayer("file@") == ("file@", nil))
        // An existing file is taken literally, even with an @ in its name.
        let dir = try TempDirectory()
        let odd = dir.path("roads@2024.geojson")
        FileManager.default.createFile(atPath: odd, contents: Data("{}".utf8))
        #expect(VectorDataset.splitLayer(odd) == (odd, nil))
        #expect(VectorDataset.splitLayer(odd + "@lines") == (odd, "lines"))
    }

    @Test func missingFile() throws {
        let dir = try TempDirectory()
        let path = dir.path("nothere.shp")
        #expect(openError(path) == .fileNotFound(path: path))
        #expect(GeoError.fileNotFound(path: path).description == "file not found: \(path)")
        // Connection strings and virtual paths are GDAL's business: no existence check, GDAL's reason comes back.
        guard case .cannotOpen(_, let reason)? = openError("/vsizip/\(dir.path("none.zip"))/a.shp") else {
            Issue.record("expected cannotOpen for /vsizip path")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test func textFileIsNotVectorData() throws {
        let dir = try TempDirectory()
        let path = dir.path("notes.txt")
        try "this is not vector data\n".write(toFile: path, atomically: true, encoding: .utf8)
        expectCannotOpen(path, mentioning: ["not recognized"])
    }

    @Test func truncatedShp() throws {
        let dir = try TempDirectory()
        let path = try Self.writeShapefile(dir)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - 20).write(to: URL(fileURLWithPath: path))
        expectCannotOpen(path, mentioning: ["truncated"])
        try data.prefix(60).write(to: URL(fileURLWithPath: path))
        expectCannotOpen(path, mentioning: ["truncated"])
    }

    @Test func missingShx() throws {
        let dir = try TempDirectory()
        let path = try Self.writeShapefile(dir)
        try FileManager.default.removeItem(atPath: dir.path("roads.shx"))
        expectCannotOpen(path, mentioning: ["missing .shx", "SHAPE_RESTORE_SHX"])
        // And we did not restore it behind the user's back.
        #expect(!FileManager.default.fileExists(atPath: dir.path("roads.shx")))
    }

    @Test func missingDbf() throws {
        let dir = try TempDirectory()
        let path = try Self.writeShapefile(dir)
        try FileManager.default.removeItem(atPath: dir.path("roads.dbf"))
        expectCannotOpen(path, mentioning: ["missing .dbf"])
    }

    @Test func outOfRangeAndNaNCoordinates() throws {
        let dir = try TempDirectory()
        let cases: [(String, String)] = [
            ("lon200", #"[[130.0, 43.0], [200.0, 44.0]]"#),
            ("lat95", #"[[130.0, 95.0], [131.0, 44.0]]"#),
            ("nan", #"[[130.0, 43.0], [NaN, 44.0]]"#),
        ]
        for (name, coordinates) in cases {
            let path = dir.path("\(name).geojson")
            let json = """
                {"type": "FeatureCollection", "features": [
                 {"type": "Feature", "id": 1, "properties": {"name": "ok"},
                  "geometry": {"type": "LineString", "coordinates": [[130.0, 43.0], [131.0, 44.0]]}},
                 {"type": "Feature", "id": 7, "properties": {"name": "bad"},
                  "geometry": {"type": "LineString", "coordinates": \(coordinates)}}
                ]}
                """
            try json.write(toFile: path, atomically: true, encoding: .utf8)
            var seen = 0
            do {
                try VectorDataset.open(path).forEachFeature(layer: nil, assumeCRS: nil) { _ in seen += 1 }
                Issue.record("expected invalidCoordinate for \(name)")
            } catch let error as GeoError {
                guard case .invalidCoordinate(let got, let layer, let fid, _) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(got == path && layer == name && fid == 7)
                #expect(error.description.contains(path) && error.description.contains("feature 7"))
            }
            #expect(seen == 1)
        }
    }

    @Test func unknownLayerListsAvailable() throws {
        let dir = try TempDirectory()
        let path = try Self.writeShapefile(dir)
        let dataset = try VectorDataset.open(path)
        #expect(throws: GeoError.layerNotFound(path: path, layer: "rails", available: ["roads"])) {
            try dataset.forEachFeature(layer: "rails", assumeCRS: nil) { _ in }
        }
    }

    @Test func bodyErrorsPropagateUnchanged() throws {
        struct Stop: Error {}
        let dir = try TempDirectory()
        let path = try Self.writeShapefile(dir)
        var seen = 0
        #expect(throws: Stop.self) {
            try VectorDataset.open(path).forEachFeature(layer: nil, assumeCRS: nil) { _ in
                seen += 1
                throw Stop()
            }
        }
        #expect(seen == 1)
    }

    @Test func wgs84LayersAreNotTransformed() throws {
        let dir = try TempDirectory()
        for (driver, ext) in RoundTripTests.drivers {
            let path = dir.path("w.\(ext)")
            let writer = try VectorWriter(path: path, driver: driver)
            try writer.addLayer(name: "w", geometry: .point, crs: "EPSG:4326", fields: [])
            try writer.commit()
            #expect(try VectorDataset.open(path).readingTransforms(layer: nil, assumeCRS: nil) == false, "\(driver)")
        }
        let crs84 = dir.path("crs84.gpkg")
        let writer = try VectorWriter(path: crs84, driver: "GPKG")
        try writer.addLayer(name: "c", geometry: .point, crs: "OGC:CRS84", fields: [])
        try writer.addLayer(name: "m", geometry: .point, crs: "EPSG:3857", fields: [])
        try writer.addLayer(name: "p", geometry: .point, crs: "EPSG:4284", fields: [])  // Pulkovo 1942: other datum
        try writer.commit()
        let dataset = try VectorDataset.open(crs84)
        #expect(try dataset.readingTransforms(layer: "c", assumeCRS: nil) == false)
        #expect(try dataset.readingTransforms(layer: "m", assumeCRS: nil) == true)
        #expect(try dataset.readingTransforms(layer: "p", assumeCRS: nil) == true)
    }

    /// GDAL's error state is per thread: concurrent failing and succeeding work must not mix messages.
    @Test func concurrentReadsKeepTheirOwnErrors() throws {
        let dir = try TempDirectory()
        let good = try Self.writeShapefile(dir)
        let text = dir.path("t.txt")
        try "x".write(toFile: text, atomically: true, encoding: .utf8)
        let outcomes = LockedOutcomes()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            var outcome: String
            do {
                if i % 2 == 0 {
                    var count = 0
                    try VectorDataset.open(good).forEachFeature(layer: nil, assumeCRS: nil) { _ in count += 1 }
                    outcome = "read \(count)"
                } else {
                    _ = try VectorDataset.open(text)
                    outcome = "opened?"
                }
            } catch let error as GeoError {
                if case .cannotOpen(_, let reason) = error, reason.contains("not recognized") { outcome = "rejected" }
                else { outcome = "\(error)" }
            } catch { outcome = "\(error)" }
            outcomes.set(i, outcome)
        }
        let all = outcomes.snapshot()
        for i in 0..<8 { #expect(all[i] == (i % 2 == 0 ? "read 2" : "rejected")) }
    }

    /// GDAL must not print anything itself: fd 2 is redirected while failing operations run.
    @Test func gdalPrintsNothingOnErrors() throws {
        let dir = try TempDirectory()
        let shp = try Self.writeShapefile(dir)
        try FileManager.default.removeItem(atPath: dir.path("roads.shx"))
        let text = dir.path("t.txt")
        try "x".write(toFile: text, atomically: true, encoding: .utf8)
        let captured = try captureStandardError {
            _ = openError(shp)
            _ = openError(text)
            _ = openError("/vsizip/nothing.zip/a.shp")
            _ = try? CoordinateTransform(from: "EPSG:999999", to: "EPSG:4326")
        }
        #expect(captured.isEmpty, "GDAL wrote to stderr: \(captured)")
        // The capture itself works (otherwise the check above proves nothing).
        let marker = try captureStandardError { FileHandle.standardError.write("marker".data(using: .utf8)!) }
        #expect(marker == "marker")
    }
}

/// Redirects file descriptor 2 into a temp file while `body` runs. Only GDAL/PROJ output can land there:
/// Swift Testing reports through stdout/its own event stream.
private let stderrLock = NSLock()
func captureStandardError(_ body: () throws -> Void) throws -> String {
    stderrLock.lock()
    defer { stderrLock.unlock() }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)").path
    let fd = open(file, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
    let saved = dup(2)
    dup2(fd, 2)
    close(fd)
    defer {
        dup2(saved, 2)
        close(saved)
    }
    try body()
    let output = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(atPath: file)
    return output
}

/// Results collected from concurrent workers (NSLock: Synchronization.Mutex needs macOS 15).
final class LockedOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: String] = [:]
    func set(_ key: Int, _ value: String) { lock.withLock { values[key] = value } }
    func snapshot() -> [Int: String] { lock.withLock { values } }
}
