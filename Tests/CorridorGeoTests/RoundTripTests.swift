import Foundation
import Testing

@testable import CorridorGeo

/// Fixtures are written through VectorWriter and read back through VectorDataset, per driver.
@Suite struct RoundTripTests {
    static let drivers: [(driver: String, ext: String)] = [
        ("ESRI Shapefile", "shp"), ("GPKG", "gpkg"), ("GeoJSON", "geojson"), ("FlatGeobuf", "fgb"),
    ]

    static let fields = [
        FieldDefinition(name: "name", type: .string),
        FieldDefinition(name: "lanes", type: .integer),
        FieldDefinition(name: "speed", type: .real),
        FieldDefinition(name: "ref", type: .string),
    ]

    static let lines: [(wkt: String, parts: [[LonLat]], attributes: [String: String?])] = [
        (
            "LINESTRING (131.8855 43.1155, 132.5 44.25, 135.0719 48.4802)",
            [[LonLat(lon: 131.8855, lat: 43.1155), LonLat(lon: 132.5, lat: 44.25), LonLat(lon: 135.0719, lat: 48.4802)]],
            ["name": "Уссури M-60", "lanes": "2", "speed": "90.5", "ref": "3"]
        ),
        (
            "LINESTRING (130.0 42.3, 130.7 42.35)",
            [[LonLat(lon: 130.0, lat: 42.3), LonLat(lon: 130.7, lat: 42.35)]],
            ["name": "Tumen bridge", "lanes": nil, "speed": "40", "ref": nil]
        ),
        (
            "LINESTRING (125.75 39.02, 124.39 40.1, 124.4 40.11, 123.3 41.8)",
            [[
                LonLat(lon: 125.75, lat: 39.02), LonLat(lon: 124.39, lat: 40.1), LonLat(lon: 124.4, lat: 40.11),
                LonLat(lon: 123.3, lat: 41.8),
            ]],
            ["name": "Pyongyang–Sinuiju", "lanes": "1", "speed": nil, "ref": "x"]
        ),
    ]

    @Test(arguments: drivers.map(\.driver))
    func linesRoundTrip(driver: String) throws {
        let ext = Self.drivers.first { $0.driver == driver }!.ext
        let dir = try TempDirectory()
        let path = dir.path("roads.\(ext)")
        let writer = try VectorWriter(path: path, driver: driver)
        try writer.addLayer(name: "roads", geometry: .lineString, crs: "EPSG:4326", fields: Self.fields)
        for (index, line) in Self.lines.enumerated() {
            if index % 2 == 0 {
                try writer.addFeature(layer: "roads", wkt: line.wkt, attributes: line.attributes)
            } else {
                try writer.addFeature(layer: "roads", geometry: .lineString, parts: line.parts, attributes: line.attributes)
            }
        }
        // Nothing is visible before commit (atomic write).
        #expect(!FileManager.default.fileExists(atPath: path))
        try writer.commit()
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)

        let dataset = try VectorDataset.open(path)
        #expect(dataset.driverName == driver)
        let info = try dataset.layerInfo(nil)
        #expect(info.name == "roads")
        #expect(info.fields.map(\.name) == Self.fields.map(\.name))
        #expect(info.fields.map(\.type) == Self.fields.map(\.type))
        let crs = try #require(info.crs)
        #expect(crs.isGeographic)
        #expect(crs.authority == "EPSG:4326")
        #expect(crs.name.contains("WGS"))
        if let count = info.featureCount { #expect(count == Self.lines.count) }

        var fids: [Int64] = []
        var index = 0
        try dataset.forEachFeature(layer: "roads", assumeCRS: nil) { record in
            // FlatGeobuf's spatial index reorders features, so match them by name.
            let name = record.string(record.fieldIndex("name")!)
            let expected = try #require(Self.lines.first { $0.attributes["name"]! == name })
            fids.append(record.fid)
            #expect(record.kind == .lineString)
            #expect(close(record.parts, expected.parts, tolerance: 1e-12))
            #expect(record.polygons.isEmpty)
            for (name, value) in expected.attributes {
                let field = try #require(record.fieldIndex(name.uppercased()))
                #expect(record.string(field) == value)
                #expect(record.isNull(field) == (value == nil))
            }
            let lanes = record.fieldIndex("lanes")!
            #expect(record.int(lanes) == expected.attributes["lanes"]!.flatMap { Int64($0) })
            let speed = record.fieldIndex("speed")!
            #expect(record.double(speed) == expected.attributes["speed"]!.flatMap { Double($0) })
            // Text fields parse as numbers when they hold numbers.
            let ref = record.fieldIndex("ref")!
            #expect(record.int(ref) == expected.attributes["ref"]!.flatMap { Int64($0) })
            #expect(record.string(99) == nil && record.isNull(-1))
            index += 1
        }
        #expect(index == Self.lines.count)
        #expect(Set(fids).count == fids.count)
        if driver != "FlatGeobuf" { #expect(fids == fids.sorted()) }
        // A second pass sees the same features (reading is reset).
        #expect(try readAll(path).map(\.fid) == fids)
    }

    @Test(arguments: drivers.map(\.driver))
    func pointsAndPolygonsRoundTrip(driver: String) throws {
        let ext = Self.drivers.first { $0.driver == driver }!.ext
        let dir = try TempDirectory()
        // Shapefiles hold one layer per file, so each kind gets its own dataset.
        let pointsPath = dir.path("places.\(ext)")
        let points = try VectorWriter(path: pointsPath, driver: driver)
        try points.addLayer(
            name: "places", geometry: .point, crs: "EPSG:4326", fields: [FieldDefinition(name: "pop", type: .integer64)])
        try points.addFeature(
            layer: "places", geometry: .point, parts: [[LonLat(lon: 131.8855, lat: 43.1155)]],
            attributes: ["pop": "600000"])
        try points.addFeature(layer: "places", wkt: "POINT (-179.5 -89.25)", attributes: ["pop": "12345678901"])
        try points.commit()
        let placeFeatures = try readAll(pointsPath)
        #expect(placeFeatures.map(\.kind) == [.point, .point])
        #expect(close(placeFeatures.map { $0.parts[0] }, [[LonLat(lon: 131.8855, lat: 43.1155)], [LonLat(lon: -179.5, lat: -89.25)]]))
        #expect(placeFeatures.map { $0.strings["pop"]! } == ["600000", "12345678901"])

        let areasPath = dir.path("areas.\(ext)")
        let areas = try VectorWriter(path: areasPath, driver: driver)
        try areas.addLayer(name: "areas", geometry: .multiPolygon, crs: "EPSG:4326", fields: [])
        try areas.addFeature(
            layer: "areas",
            wkt: "MULTIPOLYGON (((130 40, 132 40, 132 42, 130 42, 130 40), (130.5 40.5, 130.5 41, 131 41, 131 40.5, 130.5 40.5)),"
                + " ((125 38, 126 38, 126 39, 125 38)))",
            attributes: [:])
        try areas.commit()
        let area = try #require(try readAll(areasPath).first)
        #expect(area.kind == .multiPolygon)
        #expect(area.polygons.count == 2)
        #expect(area.polygons.map(\.count) == [2, 1])
        #expect(area.parts.count == 3)
        #expect(area.polygons.flatMap { $0 }.map(\.count) == area.parts.map(\.count))
        // Shapefile may reverse ring orientation; compare vertex sets per ring.
        #expect(Set(area.polygons[1][0]) == Set([LonLat(lon: 125, lat: 38), LonLat(lon: 126, lat: 38), LonLat(lon: 126, lat: 39)]))
        #expect(Set(area.polygons[0][1]).contains(LonLat(lon: 130.5, lat: 40.5)))
    }

    @Test func multiLineStringAndNullGeometry() throws {
        let dir = try TempDirectory()
        let path = dir.path("rail.gpkg")
        let writer = try VectorWriter(path: path, driver: "GPKG")
        try writer.addLayer(name: "rail", geometry: .multiLineString, crs: "EPSG:4326", fields: [FieldDefinition(name: "railway", type: .string)])
        let parts = [
            [LonLat(lon: 131, lat: 43), LonLat(lon: 131.5, lat: 43.5)],
            [LonLat(lon: 131.5, lat: 43.5), LonLat(lon: 132, lat: 44), LonLat(lon: 132.5, lat: 44.2)],
        ]
        try writer.addFeature(layer: "rail", geometry: .multiLineString, parts: parts, attributes: ["railway": "rail"])
        try writer.addFeature(layer: "rail", geometry: .none, parts: [], attributes: ["railway": "abandoned"])
        try writer.addFeature(layer: "rail", wkt: "MULTILINESTRING EMPTY", attributes: [:])
        try writer.addFeature(layer: "rail", wkt: "MULTILINESTRING ((10 10, 11 11), EMPTY, (12 12, 13 13))", attributes: [:])
        try writer.commit()
        let features = try readAll(path)
        #expect(features.map(\.kind) == [.multiLineString, .none, .empty, .multiLineString])
        #expect(close(features[0].parts, parts))
        #expect(features[1].parts.isEmpty && features[2].parts.isEmpty)
        #expect(features[3].parts.count == 2)
        #expect(features.map(\.fid) == [1, 2, 3, 4])
        #expect(features[1].strings["railway"] == "abandoned")
        #expect(abs(Geodesic.length(features[0].parts[0]) + Geodesic.length(features[0].parts[1])
            - Geodesic.length(parts[0]) - Geodesic.length(parts[1])) < 1e-6)
    }

    @Test func multipleLayersAndUnknownLayer() throws {
        let dir = try TempDirectory()
        let path = dir.path("net.gpkg")
        let writer = try VectorWriter(path: path, driver: "GPKG")
        try writer.addLayer(name: "roads", geometry: .lineString, crs: "EPSG:4326", fields: [])
        try writer.addLayer(name: "towns", geometry: .point, crs: "EPSG:4326", fields: [])
        try writer.addFeature(layer: "towns", wkt: "POINT (1 2)", attributes: [:])
        #expect(throws: GeoError.self) { try writer.addFeature(layer: "rivers", wkt: "POINT (1 2)", attributes: [:]) }
        #expect(throws: GeoError.self) { try writer.addFeature(layer: "towns", wkt: "POINT (1 2)", attributes: ["nope": "1"]) }
        #expect(throws: GeoError.self) { try writer.addFeature(layer: "towns", wkt: "POINT (1 2", attributes: [:]) }
        try writer.commit()
        let dataset = try VectorDataset.open(path)
        #expect(Set(dataset.layers.map(\.name)) == ["roads", "towns"])
        #expect(try dataset.layerInfo(nil).name == dataset.layers.first?.name)
        #expect(try readAll(path, layer: "towns").count == 1)
        #expect(throws: GeoError.layerNotFound(path: path, layer: "rivers", available: dataset.layerNames)) {
            try dataset.layerInfo("rivers")
        }
        let error = GeoError.layerNotFound(path: path, layer: "rivers", available: ["roads", "towns"])
        #expect(error.description.contains("roads, towns") && error.description.contains(path))
    }

    @Test func overwritingAShapefileDropsStaleSidecars() throws {
        let dir = try TempDirectory()
        let path = dir.path("a.shp")
        for crs in ["EPSG:4326", nil] {
            let writer = try VectorWriter(path: path, driver: "ESRI Shapefile")
            try writer.addLayer(name: "a", geometry: .point, crs: crs, fields: [])
            try writer.addFeature(layer: "a", wkt: "POINT (1 2)", attributes: [:])
            try writer.commit()
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path("a.prj")))
        #expect(try VectorDataset.open(path).layerInfo(nil).crs == nil)
    }

    @Test func abandonedWriterLeavesNothing() throws {
        let dir = try TempDirectory()
        do {
            let writer = try VectorWriter(path: dir.path("x.shp"), driver: "ESRI Shapefile")
            try writer.addLayer(name: "x", geometry: .point, crs: "EPSG:4326", fields: [])
            try writer.addFeature(layer: "x", wkt: "POINT (1 2)", attributes: [:])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
        #expect(throws: GeoError.self) { try VectorWriter(path: dir.path("y.xyz"), driver: "NoSuchDriver") }
    }
}
