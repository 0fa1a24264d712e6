import Foundation
import Testing

@testable import CorridorGeo

@Suite struct FeatureRecordTests {
    @Test func numericParsingOfTextAndRealFields() throws {
        let dir = try TempDirectory()
        let path = dir.path("values.geojson")
        let json = """
            {"type": "FeatureCollection", "features": [
             {"type": "Feature", "properties": {"t": "3", "r": 2.5}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
             {"type": "Feature", "properties": {"t": " 4 ", "r": 7.0}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
             {"type": "Feature", "properties": {"t": "5.0", "r": null}, "geometry": null},
             {"type": "Feature", "properties": {"t": "abc"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}
            ]}
            """
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        var ints: [Int64?] = [], doubles: [Double?] = [], realInts: [Int64?] = [], realNull: [Bool] = [], kinds: [GeometryKind] = []
        var kept: FeatureRecord?
        try VectorDataset.open(path).forEachFeature(layer: nil, assumeCRS: nil) { record in
            let t = record.fieldIndex("T")!, r = record.fieldIndex("r")!
            ints.append(record.int(t))
            doubles.append(record.double(t))
            realInts.append(record.int(r))
            realNull.append(record.isNull(r))
            kinds.append(record.kind)
            kept = record
        }
        #expect(ints == [3, 4, 5, nil])
        #expect(doubles == [3, 4, 5, nil])
        #expect(realInts == [nil, 7, nil, nil])
        #expect(realNull == [false, false, true, true])
        #expect(kinds == [.point, .point, .none, .point])
        // A record kept past its callback no longer reads the (destroyed) feature.
        #expect(kept?.string(0) == nil)
    }

    /// The byte-level trimming must agree with Foundation's, which the profiles used before.
    @Test func trimmedWhitespaceIsFoundationsWhitespaceSet() {
        // Every BMP scalar (all of Unicode's whitespace is there) and a stride through the other planes.
        for value in Array(UInt32(0)...0xFFFF) + Array(stride(from: UInt32(0x10000), through: 0x10FFFF, by: 997)) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let padded = "a" + String(Character(scalar))
            let foundation = padded.trimmingCharacters(in: .whitespaces) != padded
            #expect(FeatureRecord.isTrimmedWhitespace(scalar) == foundation, "U+\(String(value, radix: 16))")
        }
    }

    @Test func trimmedTextMatchesFoundationTrimming() throws {
        let dir = try TempDirectory()
        let path = dir.path("text.geojson")
        let values = ["", " ", "\t", "rail", "  trunk ", "\tA-1\t", "\u{3000}Улица\u{00A0}", "\u{200B}x\u{2009} ", " \u{301}é",
                      "中山路", "a\nb", "\n", " \u{1680} ", "x\u{202F}"]
        let features = values.map { value -> String in
            let escaped = String(data: try! JSONEncoder().encode(value), encoding: .utf8)!
            return #"{"type": "Feature", "properties": {"t": \#(escaped), "r": 2.5}, "geometry": {"type": "Point", "coordinates": [1, 2]}}"#
        }
        let json = #"{"type": "FeatureCollection", "features": ["# + features.joined(separator: ",") + "]}"
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        var fast: [String?] = [], reference: [String?] = [], reals: [String?] = []
        try VectorDataset.open(path).forEachFeature(layer: nil, assumeCRS: nil) { record in
            let t = record.fieldIndex("t")!
            fast.append(record.trimmedText(t))
            let trimmed = record.string(t)?.trimmingCharacters(in: .whitespaces)
            reference.append(trimmed?.isEmpty == false ? trimmed : nil)
            reals.append(record.trimmedText(record.fieldIndex("r")!))
        }
        #expect(fast.count == values.count)
        #expect(fast == reference)
        #expect(reals.allSatisfy { $0 == "2.5" })
    }

    /// Fields outside `fields:` are skipped by GDAL and read as unset; the kept ones, the geometry and the FID read as
    /// without the list; the next reading of the dataset sees every field again.
    @Test func skippedFieldsReadAsUnsetAndOnlyForThatReading() throws {
        let dir = try TempDirectory()
        let path = dir.path("fields.shp")
        let writer = try VectorWriter(path: path, driver: "ESRI Shapefile")
        try writer.addLayer(name: "fields", geometry: .lineString, crs: "EPSG:4326",
                            fields: [FieldDefinition(name: "a", type: .string), FieldDefinition(name: "n", type: .integer),
                                     FieldDefinition(name: "b", type: .string)])
        try writer.addFeature(layer: "fields", wkt: "LINESTRING (130 43, 131 44)", attributes: ["a": "x", "n": "7", "b": "y"])
        try writer.addFeature(layer: "fields", wkt: "LINESTRING (132 43, 131 42, 130 41)", attributes: ["a": "z", "n": "8", "b": "w"])
        try writer.commit()
        let dataset = try VectorDataset.open(path)
        func read(_ fields: [Int]?) throws -> [[String?]] {
            var rows: [[String?]] = []
            try dataset.forEachFeature(layer: nil, assumeCRS: nil, fields: fields) { record in
                rows.append([String(record.fid), record.parts.description] + (0..<3).map { record.string($0) })
            }
            return rows
        }
        let all = try read(nil)
        #expect(all.map { Array($0[2...]) } == [["x", "7", "y"], ["z", "8", "w"]])
        let kept = try read([1])
        #expect(kept.map { Array($0[..<2]) } == all.map { Array($0[..<2]) })
        #expect(kept.map { Array($0[2...]) } == [[nil, "7", nil], [nil, "8", nil]])
        #expect(try read(nil) == all)
        #expect(try read([0, 1, 2]) == all)
    }

    @Test func curvesAreLinearized() throws {
        let dir = try TempDirectory()
        let path = dir.path("curves.gpkg")
        let writer = try VectorWriter(path: path, driver: "GPKG")
        try writer.addLayer(name: "c", geometry: .other("CircularString"), crs: "EPSG:4326", fields: [])
        try writer.addFeature(layer: "c", wkt: "CIRCULARSTRING (130 40, 131 41, 132 40)", attributes: [:])
        try writer.addFeature(layer: "c", wkt: "GEOMETRYCOLLECTION (POINT (130 40))", attributes: [:])
        try writer.commit()
        let features = try readAll(path)
        #expect(features[0].kind == .lineString)
        let arc = features[0].parts[0]
        #expect(arc.count > 3)
        #expect(close(arc.first!, LonLat(lon: 130, lat: 40)) && close(arc.last!, LonLat(lon: 132, lat: 40)))
        #expect(features[1].kind == .other("Geometry Collection"))
        #expect(features[1].parts.isEmpty)
    }

    @Test func corruptRecordGivesReadFailed() throws {
        let dir = try TempDirectory()
        let path = try ErrorTests.writeShapefile(dir)
        // Record 0's part count sits after the 100-byte header, 8-byte record header, type and bounding box.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 100 + 8 + 4 + 32)
        handle.write(Data([0xFF, 0xFF, 0xFF, 0x7F]))
        try handle.close()
        do {
            try VectorDataset.open(path).forEachFeature(layer: nil, assumeCRS: nil) { _ in }
            Issue.record("expected readFailed")
        } catch let error as GeoError {
            guard case .readFailed(let got, let layer, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(got == path && layer == "roads")
            #expect(reason.contains("Corrupted"))
        }
    }
}
