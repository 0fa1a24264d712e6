import Foundation
import Testing

@testable import CorridorGeo

@Suite struct CRSTests {
    /// Seeded random polylines in the Russia / China / Korea region, WGS84.
    static func sampleLines(count: Int, seed: UInt64) -> [[LonLat]] {
        var rng = SplitMix64(state: seed)
        return (0..<count).map { _ in
            var point = LonLat(lon: Double.random(in: 126...134, using: &rng), lat: Double.random(in: 39...50, using: &rng))
            var line = [point]
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                point = Geodesic.direct(
                    point, azimuth: Double.random(in: -180...180, using: &rng),
                    distance: Double.random(in: 500...80_000, using: &rng))
                line.append(point)
            }
            return line
        }
    }

    @Test(arguments: ["EPSG:32652", "EPSG:3857", "+proj=laea +lat_0=45 +lon_0=130 +datum=WGS84 +units=m +no_defs"])
    func projectedLayerGivesSameGeodesicLengthsAsWGS84Copy(crs: String) throws {
        let lines = Self.sampleLines(count: 60, seed: 7)
        let toProjected = try CoordinateTransform(from: "EPSG:4326", to: crs)
        let dir = try TempDirectory()
        let projectedPath = dir.path("projected.gpkg"), wgs84Path = dir.path("wgs84.gpkg")
        for (path, layerCRS) in [(projectedPath, crs), (wgs84Path, "EPSG:4326")] {
            let writer = try VectorWriter(path: path, driver: "GPKG")
            try writer.addLayer(name: "lines", geometry: .lineString, crs: layerCRS, fields: [])
            for line in lines {
                let coordinates =
                    layerCRS == crs
                    ? try #require(toProjected.forward(line)).map { LonLat(lon: $0.x, lat: $0.y) } : line
                try writer.addFeature(layer: "lines", geometry: .lineString, parts: [coordinates], attributes: [:])
            }
            try writer.commit()
        }
        let info = try VectorDataset.open(projectedPath).layerInfo("lines")
        #expect(info.crs?.isGeographic == false)
        let projected = try readAll(projectedPath), wgs84 = try readAll(wgs84Path)
        try #require(projected.count == lines.count && wgs84.count == lines.count)
        for (p, w) in zip(projected, wgs84) {
            let lp = Geodesic.length(p.parts[0]), lw = Geodesic.length(w.parts[0])
            #expect(abs(lp - lw) <= 1e-4 * lw)
            #expect(close(p.parts, w.parts, tolerance: 1e-7))
        }
    }

    @Test func utmNamesAndAuthority() throws {
        let dir = try TempDirectory()
        let path = dir.path("utm.shp")
        let writer = try VectorWriter(path: path, driver: "ESRI Shapefile")
        try writer.addLayer(name: "utm", geometry: .point, crs: "EPSG:32652", fields: [])
        try writer.addFeature(layer: "utm", wkt: "POINT (500000 4800000)", attributes: [:])
        try writer.commit()
        let crs = try #require(try VectorDataset.open(path).layerInfo(nil).crs)
        #expect(crs.name == "WGS 84 / UTM zone 52N")
        #expect(crs.authority == "EPSG:32652")
        #expect(!crs.isGeographic)
        #expect(crs.wkt.contains("UTM zone 52N"))
        // Central meridian of zone 52 is 129°E; false easting 500000 m sits on it.
        let point = try #require(try readAll(path).first?.parts.first?.first)
        #expect(abs(point.lon - 129) < 1e-9)
        #expect(point.lat > 43 && point.lat < 43.4)
    }

    @Test func layerWithoutCRSNeedsAssumeCRS() throws {
        let dir = try TempDirectory()
        let path = dir.path("nocrs.shp")
        let toMercator = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3857")
        let original = LonLat(lon: 131.8855, lat: 43.1155)
        let mercator = try #require(toMercator.forward(original.lon, original.lat))
        let writer = try VectorWriter(path: path, driver: "ESRI Shapefile")
        try writer.addLayer(name: "nocrs", geometry: .point, crs: nil, fields: [])
        try writer.addFeature(layer: "nocrs", geometry: .point, parts: [[LonLat(lon: mercator.x, lat: mercator.y)]], attributes: [:])
        try writer.commit()
        #expect(!FileManager.default.fileExists(atPath: dir.path("nocrs.prj")))
        #expect(try VectorDataset.open(path).layerInfo(nil).crs == nil)

        #expect(throws: GeoError.missingCRS(path: path, layer: "nocrs")) { try readAll(path) }
        #expect(GeoError.missingCRS(path: path, layer: "nocrs").description.contains("--assume-crs"))
        let read = try readAll(path, assumeCRS: "EPSG:3857")
        #expect(close(read[0].parts[0][0], original, tolerance: 1e-9))
        #expect(throws: GeoError.self) { try readAll(path, assumeCRS: "EPSG:999999") }
    }

    @Test func invalidCRSStrings() throws {
        for definition in ["EPSG:999999", "not a crs", "+proj=nonsense"] {
            do {
                _ = try CoordinateTransform(from: definition, to: "EPSG:4326")
                Issue.record("expected invalidCRS for \(definition)")
            } catch {
                guard case .invalidCRS(let got, let reason) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                #expect(got == definition)
                #expect(!reason.isEmpty)
                #expect(error.description.contains(definition))
                #expect(!error.description.contains("\n"))
            }
        }
        let dir = try TempDirectory()
        let writer = try VectorWriter(path: dir.path("a.gpkg"), driver: "GPKG")
        #expect(throws: GeoError.self) {
            try writer.addLayer(name: "a", geometry: .point, crs: "EPSG:0", fields: [])
        }
    }

    @Test func coordinateTransformAxisOrderAndBatch() throws {
        // Traditional GIS order on both sides: input lon/lat, output easting/northing.
        let utm = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:32652")
        let onMeridian = try #require(utm.forward(129, 0))
        #expect(abs(onMeridian.x - 500_000) < 1e-6 && abs(onMeridian.y) < 1e-6)
        let back = try CoordinateTransform(from: "EPSG:32652", to: "EPSG:4326")
        let points = Self.sampleLines(count: 20, seed: 3).flatMap { $0 }
        let forward = try #require(utm.forward(points))
        let inverse = try #require(back.forward(forward.map { LonLat(lon: $0.x, lat: $0.y) }))
        for (p, q) in zip(points, inverse) { #expect(close(p, LonLat(lon: q.x, lat: q.y), tolerance: 1e-8)) }
        #expect(utm.forward([])! .isEmpty)
        // Outside the domain of a projection: nil, never NaN.
        // Orthographic view centred on the region: the antipode is on the hidden hemisphere.
        let ortho = try CoordinateTransform(from: "EPSG:4326", to: "+proj=ortho +lat_0=45 +lon_0=130 +datum=WGS84")
        #expect(ortho.forward(130, 45) != nil)
        #expect(ortho.forward(-50, -45) == nil)
        #expect(ortho.forward([LonLat(lon: 130, lat: 45), LonLat(lon: -50, lat: -45)]) == nil)
    }
}
