import Foundation
import Testing

@testable import CorridorGeo

@Suite struct OSMTests {
    static let osmXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="hand">
          <node id="1" lat="43.1155" lon="131.8855" version="1"/>
          <node id="2" lat="43.2000" lon="131.9500" version="1"/>
          <node id="3" lat="43.3000" lon="132.0000" version="1"/>
          <node id="4" lat="42.3000" lon="130.6000" version="1">
            <tag k="place" v="town"/>
            <tag k="name" v="Khasan"/>
          </node>
          <node id="5" lat="42.4000" lon="130.7000" version="1"/>
          <way id="10" version="1">
            <nd ref="1"/><nd ref="2"/><nd ref="3"/>
            <tag k="highway" v="primary"/>
            <tag k="name" v="A-370"/>
            <tag k="maxspeed" v="90"/>
          </way>
          <way id="11" version="1">
            <nd ref="4"/><nd ref="5"/>
            <tag k="railway" v="rail"/>
            <tag k="gauge" v="1520"/>
          </way>
        </osm>
        """

    @Test func linesLayerWithTags() throws {
        let dir = try TempDirectory()
        let path = dir.path("tiny.osm")
        try Self.osmXML.write(toFile: path, atomically: true, encoding: .utf8)
        let dataset = try VectorDataset.open(path)
        #expect(dataset.driverName == "OSM")
        #expect(Set(["points", "lines", "multilinestrings", "multipolygons", "other_relations"]).isSubset(of: Set(dataset.layerNames)))
        let info = try dataset.layerInfo(nil)
        #expect(info.name == "lines")
        #expect(info.crs?.authority == "EPSG:4326")
        var byID: [String: (parts: [[LonLat]], highway: String?, railway: String?, otherTags: String?, name: String?)] = [:]
        // Read twice: interleaved reading must restart cleanly.
        for _ in 0..<2 {
            byID = [:]
            try dataset.forEachFeature(layer: nil, assumeCRS: nil) { record in
                #expect(record.kind == .lineString)
                let idField = try #require(record.fieldIndex("osm_id"))
                let id = try #require(record.string(idField))
                byID[id] = (
                    record.parts, record.string("highway"), record.string("railway"), record.string("other_tags"),
                    record.string("name")
                )
            }
            #expect(Set(byID.keys) == ["10", "11"])
        }
        let road = try #require(byID["10"]), rail = try #require(byID["11"])
        #expect(road.highway == "primary" && road.railway == nil && road.name == "A-370")
        #expect(rail.railway == "rail" && rail.highway == nil)
        #expect(road.otherTags?.contains(#""maxspeed"=>"90""#) == true)
        #expect(rail.otherTags?.contains(#""gauge"=>"1520""#) == true)
        #expect(close(road.parts, [[
            LonLat(lon: 131.8855, lat: 43.1155), LonLat(lon: 131.95, lat: 43.2), LonLat(lon: 132.0, lat: 43.3),
        ]], tolerance: 1e-7))
        // The points layer (only tagged nodes) is read from the same interleaved stream.
        var points: [String?] = []
        try dataset.forEachFeature(layer: "points", assumeCRS: nil) { points.append($0.string("name")) }
        #expect(points == ["Khasan"])
    }
}

/// Real data nobody here wrote: `<repoRoot>/../shared/geodata/natural-earth-region.gpkg`; skipped when absent.
let naturalEarthPath = sharedGeodata.appendingPathComponent("natural-earth-region.gpkg").path

@Suite(.enabled(if: FileManager.default.fileExists(atPath: naturalEarthPath)))
struct NaturalEarthTests {
    static let path = naturalEarthPath

    /// The README's region box, lon 115..145, lat 37..56, with slack for features crossing it.
    func inRegion(_ p: LonLat) -> Bool { p.lon > 60 && p.lon <= 180 && p.lat > 0 && p.lat < 90 }

    @Test func populatedPlaces() throws {
        let dataset = try VectorDataset.open(Self.path)
        let info = try dataset.layerInfo("populated_places")
        #expect(info.crs?.authority == "EPSG:4326")
        var names: [String: LonLat] = [:]
        var count = 0
        try dataset.forEachFeature(layer: "populated_places", assumeCRS: nil) { record in
            count += 1
            #expect(record.kind == .point || record.kind == .multiPoint)
            let point = try #require(record.parts.first?.first)
            #expect(record.parts.allSatisfy { $0.count == 1 })
            if let name = record.string("NAMEASCII") { names[name] = point }
            #expect((record.int("POP_MAX") ?? -1) >= 0)
        }
        #expect(count == info.featureCount)
        #expect(count > 100)
        let vladivostok = try #require(names["Vladivostok"])
        let khabarovsk = try #require(names["Khabarovsk"])
        // ~650 km apart by geodesic; allow for where Natural Earth puts the town points.
        let distance = Geodesic.distance(vladivostok, khabarovsk)
        #expect(distance > 600_000 && distance < 700_000)
        #expect(names["Pyongyang"] != nil)
    }

    @Test func countriesAreMultiPolygons() throws {
        let dataset = try VectorDataset.open(Self.path)
        var countries: [String: Int] = [:]
        try dataset.forEachFeature(layer: "countries", assumeCRS: nil) { record in
            #expect(record.kind == .polygon || record.kind == .multiPolygon)
            #expect(!record.polygons.isEmpty)
            #expect(record.polygons.flatMap { $0 }.count == record.parts.count)
            for ring in record.parts {
                #expect(ring.count >= 4)
                #expect(ring.first == ring.last)
            }
            countries[record.string("ADM0_A3") ?? "?"] = record.polygons.count
        }
        #expect(Set(countries.keys) == ["CHN", "JPN", "MNG", "PRK", "RUS", "KOR"])
        #expect((countries["JPN"] ?? 0) > 1)  // islands
    }

    @Test func boundaryLines() throws {
        let dataset = try VectorDataset.open(Self.path)
        var total = 0.0
        var count = 0
        try dataset.forEachFeature(layer: "boundary_lines_land", assumeCRS: nil) { record in
            count += 1
            #expect(record.kind == .lineString || record.kind == .multiLineString)
            for part in record.parts {
                #expect(part.count >= 2)
                #expect(part.allSatisfy(inRegion))
                total += Geodesic.length(part)
            }
        }
        #expect(count == (try dataset.layerInfo("boundary_lines_land").featureCount))
        #expect(count > 0)
        // The China–North Korea border alone is ~1400 km; the region's land boundaries are thousands of km.
        #expect(total > 1_400_000)
    }
}
