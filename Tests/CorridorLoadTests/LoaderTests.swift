import CorridorGeo
import Foundation
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorLoad

func field(_ name: String, _ type: FieldType = .string) -> FieldDefinition { FieldDefinition(name: name, type: type) }

/// Natural Earth roads + railroads shapefiles in their real schema.
func writeNaturalEarth(_ dir: TempDirectory) throws -> (roads: String, rails: String) {
    let roads = dir.path("ne_10m_roads.shp")
    let w = try VectorWriter(path: roads, driver: "ESRI Shapefile")
    try w.addLayer(name: "ne_10m_roads", geometry: .lineString, crs: "EPSG:4326", fields: [
        field("scalerank", .integer), field("featurecla"), field("type"), field("sov_a3"), field("name"),
        field("expressway", .integer), field("level"),
    ])
    func road(_ wkt: String, _ cla: String, _ type: String, _ exp: String, _ name: String) throws {
        try w.addFeature(layer: "ne_10m_roads", wkt: wkt, attributes: [
            "scalerank": "3", "featurecla": cla, "type": type, "sov_a3": "RUS", "name": name, "expressway": exp, "level": "Federal",
        ])
    }
    try road("LINESTRING (130 43,130.1 43,130.2 43)", "Road", "Major Highway", "1", "A")
    try road("LINESTRING (130.1 42.9,130.1 43,130.1 43.1)", "Road", "Road", "0", "B")
    try road("LINESTRING (130.15 42.9,130.15 43.1)", "Road", "Secondary Highway", "0", "C")  // crosses A, no shared vertex
    try road("LINESTRING (131 43,131 43)", "Road", "Road", "0", "D")  // zero length
    try road("LINESTRING (132 43,132.1 43)", "Lake Centerline", "", "0", "E")
    try w.commit()
    let rails = dir.path("ne_10m_railroads.shp")
    let r = try VectorWriter(path: rails, driver: "ESRI Shapefile")
    try r.addLayer(name: "ne_10m_railroads", geometry: .multiLineString, crs: "EPSG:4326", fields: [
        field("scalerank", .integer), field("featurecla"), field("mult_track", .integer), field("electric", .integer),
        field("category", .integer), field("sov_a3"),
    ])
    try r.addFeature(layer: "ne_10m_railroads", wkt: "MULTILINESTRING ((129 44,129.1 44),(129.1 44,129.2 44))", attributes: [
        "scalerank": "4", "featurecla": "Railroad", "mult_track": "1", "electric": "1", "category": "1", "sov_a3": "RUS",
    ])
    try r.addFeature(layer: "ne_10m_railroads", wkt: "MULTILINESTRING ((125 44,125.1 44))", attributes: [
        "scalerank": "4", "featurecla": "Railroad", "mult_track": "0", "electric": "0", "category": "2", "sov_a3": "CHN",
    ])
    try r.commit()
    return (roads, rails)
}

@Suite struct LoaderTests {
    @Test func naturalEarthShapefiles() throws {
        let dir = try TempDirectory()
        let (roads, rails) = try writeNaturalEarth(dir)
        let n = try NetworkLoader.load(NetworkSpec(sources: [SourceSpec(path: roads), SourceSpec(path: rails)]))
        let s = NetworkSummary(n)
        #expect(s.nodesByLayer[.road] == 7)
        #expect(s.nodesByLayer[.rail1520] == 3)
        #expect(s.nodesByLayer[.rail1435] == 2)
        #expect(n.edgeCount == 5 + 2 + 1)
        #expect(n.report.zeroLengthPiecesDropped == 1)
        #expect(n.report.sources[0].skipped == ["featurecla 'lake centerline' is not a road or railroad": 1])
        #expect(n.report.sources[0].featuresRead == 5 && n.report.sources[0].featuresUsed == 4)
        #expect(n.report.sources[0].profile == "natural-earth" && n.report.sources[0].driver == "ESRI Shapefile")
        #expect(n.className(ofEdge: 0) == "motorway" && n.country(ofEdge: 0) == "RU")
        #expect(n.className(ofEdge: 5) == "trunk" && n.edgeTracks[5] == 2 && n.edgeElectrified[5])
        // A (two edges) and B (two edges) meet at (130.1, 43); C is apart.
        #expect(s.componentCount == 1 + 1 + 1 + 1)
        checkArcInvariants(n)
    }

    @Test func geofabrikOnewayReversesGeometry() throws {
        let dir = try TempDirectory()
        let path = dir.path("gis_osm_roads_free_1.shp")
        let w = try VectorWriter(path: path, driver: "ESRI Shapefile")
        try w.addLayer(name: "gis_osm_roads_free_1", geometry: .lineString, crs: "EPSG:4326", fields: [
            field("osm_id"), field("code", .integer), field("fclass"), field("name"), field("ref"), field("oneway"),
            field("maxspeed", .integer), field("layer", .integer), field("bridge"), field("tunnel"),
        ])
        for (i, oneway) in ["F", "T", "B"].enumerated() {
            let y = 43 + Double(i) * 0.1
            try w.addFeature(layer: "gis_osm_roads_free_1", wkt: "LINESTRING (131 \(y),131.05 \(y),131.1 \(y))", attributes: [
                "osm_id": "\(i)", "code": "5112", "fclass": "trunk", "name": "r\(i)", "ref": nil, "oneway": oneway,
                "maxspeed": "0", "layer": "0", "bridge": "F", "tunnel": "F",
            ])
        }
        try w.addFeature(layer: "gis_osm_roads_free_1", wkt: "LINESTRING (131 44,131.1 44)", attributes: [
            "osm_id": "9", "code": "5153", "fclass": "footway", "oneway": "B", "maxspeed": "0", "layer": "0",
        ])
        try w.commit()
        let n = try NetworkLoader.load(NetworkSpec(sources: [SourceSpec(path: path)]))
        #expect(n.edgeCount == 3)
        #expect(n.arcCount == 1 + 1 + 2)
        #expect(n.edgeOneway == [true, true, false])
        #expect(n.edgeGeometry(0).first == ll(131, 43))
        #expect(n.edgeGeometry(1).first == ll(131.1, 43.1))  // T: travel against the digitization
        #expect(n.report.sources[0].skipped == ["not a road for motor vehicles (footway)": 1])
        checkArcInvariants(n)
    }

    /// The same lines in GeoJSON and GeoPackage under a user profile give the same network.
    @Test func geoJSONAndGeoPackageAgree() throws {
        let dir = try TempDirectory()
        let profile = try dir.write("profile.yaml", """
            name: mine
            fields: { mode: kind, class: cls, gauge_mm: gauge, country: cc, capacity_tpd: cap }
            classes:
              rail/main: { speed_kmh: 40, capacity_tpd: 30000 }
            """)
        var networks: [Network] = []
        for (name, driver) in [("lines.geojson", "GeoJSON"), ("lines.gpkg", "GPKG")] {
            let path = dir.path(name)
            let w = try VectorWriter(path: path, driver: driver)
            try w.addLayer(name: "lines", geometry: .lineString, crs: "EPSG:4326", fields: [
                field("kind"), field("cls"), field("gauge"), field("cc"), field("cap", .integer),
            ])
            try w.addFeature(layer: "lines", wkt: "LINESTRING (130.6 42.5,130.64 42.43)", attributes: ["kind": "rail", "cls": "main", "gauge": "1520", "cc": "RU", "cap": nil])
            try w.addFeature(layer: "lines", wkt: "LINESTRING (130.64 42.43,130.7 42.3)", attributes: ["kind": "rail", "cls": "main", "gauge": "dual", "cc": "KP", "cap": "9000"])
            try w.addFeature(layer: "lines", wkt: "LINESTRING (130.7 42.3,130.8 42.2)", attributes: ["kind": "rail", "cls": "main", "gauge": "1435", "cc": "KP", "cap": nil])
            try w.commit()
            networks.append(try NetworkLoader.load(NetworkSpec(sources: [SourceSpec(path: path)], profile: profile)))
        }
        let (a, b) = (networks[0], networks[1])
        #expect(a.edgeCount == 5)  // 1520 + dual×2 + 1435 + automatic RU–KP crossing on rail-1520
        #expect(a.edgeKind.filter { $0 == .crossing }.count == 1)
        #expect(a.edgeCapacityTonnesPerDay[0] == 30000)
        #expect(a.edgeCapacityTonnesPerDay[1] == 9000 && a.edgeCapacityTonnesPerDay[2] == 9000)  // dual: full each
        #expect(a.edgeSpeedKmh[0] == 40)
        #expect(a.graph == b.graph && a.edgeLengthMeters == b.edgeLengthMeters && a.geometry == b.geometry)
        #expect(a.report.sources[0].profile == "mine")
    }

    @Test func osmXML() throws {
        let dir = try TempDirectory()
        let path = try dir.write("tiny.osm", """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6" generator="hand">
              <node id="1" lat="43.10" lon="131.90" version="1"/>
              <node id="2" lat="43.11" lon="131.91" version="1"/>
              <node id="3" lat="43.12" lon="131.92" version="1"/>
              <node id="4" lat="43.13" lon="131.90" version="1"/>
              <node id="5" lat="43.14" lon="131.95" version="1"/>
              <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
                <tag k="railway" v="rail"/><tag k="gauge" v="1520"/><tag k="usage" v="main"/><tag k="name" v="Transsib &quot;east&quot;"/></way>
              <way id="11" version="1"><nd ref="2"/><nd ref="4"/>
                <tag k="railway" v="rail"/><tag k="gauge" v="1520"/><tag k="service" v="siding"/></way>
              <way id="12" version="1"><nd ref="4"/><nd ref="5"/>
                <tag k="highway" v="primary"/><tag k="oneway" v="-1"/><tag k="maxspeed" v="RU:urban"/></way>
              <way id="13" version="1"><nd ref="3"/><nd ref="5"/><tag k="railway" v="tram"/></way>
            </osm>
            """)
        let n = try NetworkLoader.load(NetworkSpec(sources: [SourceSpec(path: path)]))
        #expect(n.report.sources[0].driver == "OSM" && n.report.sources[0].profile == "osm")
        #expect(n.report.sources[0].skipped["not a freight railway (tram)"] == 1)
        let s = NetworkSummary(n)
        #expect(s.nodesByLayer[.rail1520] == 4)  // 1, 2 (shared), 3, 4
        #expect(s.nodesByLayer[.road] == 2)
        #expect(n.edgeCount == 4)
        #expect(n.name(ofEdge: 0) == #"Transsib "east""#)
        #expect(Set((0..<n.edgeCount).map { n.className(ofEdge: $0) }) == ["main", "service", "primary"])
        let roadEdge = (0..<n.edgeCount).first { n.edgeMode[$0] == .road }!
        #expect(n.edgeOneway[roadEdge] && n.edgeGeometry(roadEdge).first == ll(131.95, 43.14))
    }

    @Test func manifestWithPlacesCrossingsAndTerminals() throws {
        let dir = try TempDirectory()
        let path = dir.path("rail.geojson")
        let w = try VectorWriter(path: path, driver: "GeoJSON")
        try w.addLayer(name: "rail", geometry: .lineString, crs: "EPSG:4326", fields: [field("gauge"), field("cc")])
        try w.addFeature(layer: "rail", wkt: "LINESTRING (130.5 42.6,130.64 42.43)", attributes: ["gauge": "1520", "cc": "RU"])
        try w.addFeature(layer: "rail", wkt: "LINESTRING (130.64 42.43,130.7 42.3)", attributes: ["gauge": "1435", "cc": "KP"])
        try w.addFeature(layer: "rail", wkt: "LINESTRING (130.64 42.43,130.68 42.36,130.7 42.3)", attributes: ["gauge": "1520", "cc": "KP"])
        try w.commit()
        _ = try dir.write("places.csv", """
            name,aliases,kind,country,region,lon,lat,source
            Khasan-Tumangang Bridge,Friendship Bridge,crossing,RU,,130.6401,42.4301,test
            Tumangang,,station,KP,,130.7,42.3,test
            """)
        _ = try dir.write("p.yaml", "mode: rail\nfields: { gauge_mm: gauge, country: cc }\n")
        let manifest = try dir.write("network.yaml", """
            name: test
            profile: p.yaml
            snap_tolerance_m: 5
            sources:
              - path: rail.geojson
            places: places.csv
            crossings:
              - name: Khasan–Tumangang
                place: friendship bridge
                modes: [rail]
                countries: [RU, KP]
                capacity_tpd: 12000
                delay_h: 6
                cost: 8
            terminals:
              - place: Tumangang
                kind: transshipment
                capacity_tpd: 5000
                delay_h: 24
                cost: 6
            """)
        let n = try NetworkLoader.load(NetworkSpec(manifestPath: manifest))
        #expect(n.crossings.map(\.name) == ["Khasan–Tumangang"])
        #expect(n.crossings[0].edges.count == 1)  // only rail-1520 has both countries at the bridge
        #expect(n.terminals.count == 1 && n.edgeKind[Int(n.terminals[0].edges[0])] == .transshipment)
        #expect(n.edgeCount == 3 + 1 + 1)
        #expect(NetworkSummary(n).componentCount == 1)
        #expect(n.report.snapToleranceMeters == 5)

        // An unknown place in the manifest is reported at its line and column.
        let bad = try dir.write("bad.yaml", try String(contentsOfFile: manifest, encoding: .utf8).replacingOccurrences(of: "place: Tumangang", with: "place: Tumangan"))
        do { _ = try NetworkLoader.load(NetworkSpec(manifestPath: bad)); Issue.record("no error") } catch {
            #expect("\(error)" == "unknown place 'Tumangan' (did you mean 'Tumangang'?): \(bad):16:12")
        }
    }

    /// Quantities {value|base, low, high, source|assumption} in a manifest and a profile, YAML anchors under
    /// `defs:`, a published length field and range fields: the base values build the network, the ranges reach
    /// its range columns, and the published length replaces the geodesic one.
    @Test func quantitiesRangesAndPublishedLengths() throws {
        let dir = try TempDirectory()
        let path = dir.path("rail.geojson")
        let w = try VectorWriter(path: path, driver: "GeoJSON")
        try w.addLayer(name: "rail", geometry: .lineString, crs: "EPSG:4326",
                       fields: [field("gauge"), field("cc"), field("km"), field("cap"), field("lo"), field("hi")])
        try w.addFeature(layer: "rail", wkt: "LINESTRING (130.5 42.6,130.64 42.43)",
                         attributes: ["gauge": "1520", "cc": "RU", "km": "31.5", "cap": "9000", "lo": "6000", "hi": "12000"])
        try w.addFeature(layer: "rail", wkt: "LINESTRING (130.64 42.43,130.7 42.3)", attributes: ["gauge": "1520", "cc": "KP"])
        try w.addFeature(layer: "rail", wkt: "LINESTRING (130.7 42.3,130.8 42.2)", attributes: ["gauge": "1435", "cc": "KP"])
        try w.commit()
        _ = try dir.write("places.csv", """
            name,aliases,kind,country,region,lon,lat,source
            Bridge,,crossing,RU,,130.64,42.43,test
            Tumangang,,station,KP,,130.7,42.3,test
            """)
        _ = try dir.write("p.yaml", """
            mode: rail
            fields: { gauge_mm: gauge, country: cc, length_km: km, capacity_tpd: cap, capacity_tpd_low: lo, capacity_tpd_high: hi }
            classes:
              rail/main: { speed_kmh: {base: 40, low: 20, high: 50, assumption: "a test"}, capacity_tpd: {base: 5000, low: 1000, high: 8000, assumption: "a test"} }
            costs: { per_km: { rail: {value: 0.03, low: 0.02, high: 0.05, source: x, conversion: "a test"} } }
            """)
        let manifest = try dir.write("network.yaml", """
            profile: p.yaml
            sources:
              - path: rail.geojson
            places: places.csv
            auto_crossings: { capacity_tpd: 1000, delay_h: 2, cost: 1, merge_m: 3000 }
            defs:
              slow: &slow {base: 24, low: 12, high: 72, assumption: "a test"}
            crossings:
              - name: Bridge
                place: Bridge
                modes: [rail]
                countries: [RU, KP]
                capacity_tpd: {value: 13700, low: 4100, high: 13700, source: s, conversion: "5 Mt/yr / 365"}
                delay_h: *slow
                cost: 8
            terminals:
              - {place: Tumangang, kind: transshipment, capacity_tpd: 5000, delay_h: *slow, cost: {base: 6, low: 3, high: 9, assumption: "a test"}}
            """)
        let n = try NetworkLoader.load(NetworkSpec(manifestPath: manifest))
        let bridge = Int(try #require(n.crossings.first).edges[0])
        #expect(n.edgeCapacityTonnesPerDay[bridge] == 13700 && n.ranges.capacityLow[bridge] == 4100 && n.ranges.capacityHigh[bridge] == 13700)
        #expect(n.edgeTimeSeconds[bridge] == 24 * 3600 && n.ranges.timeLowSeconds[bridge] == 12 * 3600 && n.ranges.timeHighSeconds[bridge] == 72 * 3600)
        #expect(n.ranges.fixedCostLow[bridge] == 8 && n.ranges.fixedCostHigh[bridge] == 8)
        let terminal = Int(n.terminals[0].edges[0])
        #expect(n.edgeFixedCost[terminal] == 6 && n.ranges.fixedCostLow[terminal] == 3 && n.ranges.fixedCostHigh[terminal] == 9)
        let lines = (0..<n.edgeCount).filter { n.edgeKind[$0] == .line }
        let published = try #require(lines.first { n.country(ofEdge: $0) == "RU" })
        #expect(abs(n.edgeLengthMeters[published] - 31_500) < 1e-6)
        #expect(n.ranges.capacityLow[published] == 6000 && n.ranges.capacityHigh[published] == 12000)
        // The line without fields takes the class defaults and their ranges; its length stays geodesic.
        let plain = try #require(lines.first { n.country(ofEdge: $0) == "KP" && n.edgeGauge[$0] == .broad1520 })
        #expect(abs(n.edgeLengthMeters[plain] - Geodesic.length([LonLat(lon: 130.64, lat: 42.43), LonLat(lon: 130.7, lat: 42.3)])) < 1)
        #expect(n.edgeCapacityTonnesPerDay[plain] == 5000 && n.ranges.capacityLow[plain] == 1000 && n.ranges.capacityHigh[plain] == 8000)
        #expect(abs(n.ranges.timeHighSeconds[plain] - n.edgeLengthMeters[plain] / (20 / 3.6)) < 1e-6)
        #expect(n.costModel.perKmRanges?["rail"] == ValueRange(low: 0.02, high: 0.05))
        // The cache keeps the ranges.
        let cache = dir.path("n.corridor")
        try NetworkCache.write(n, to: cache)
        #expect(try NetworkCache.read(cache).ranges == n.ranges)

        // A range that does not contain its base is reported at its position.
        let bad = try dir.write("bad.yaml", try String(contentsOfFile: manifest, encoding: .utf8)
            .replacingOccurrences(of: "{value: 13700, low: 4100", with: "{value: 13700, low: 14100"))
        do { _ = try NetworkLoader.load(NetworkSpec(manifestPath: bad)); Issue.record("no error") } catch {
            #expect("\(error)".hasPrefix("capacity_tpd needs low <= base <= high"), "\(error)")
            #expect("\(error)".hasSuffix("\(bad):13:19"), "\(error)")
        }
    }

    @Test func regionsFromNaturalEarthAndOSMProvinces() throws {
        let countries = sharedGeodata.appendingPathComponent("natural-earth-region.gpkg").path
        let provinces = sharedGeodata.appendingPathComponent("osm-north-korea-provinces.gpkg").path
        guard FileManager.default.fileExists(atPath: countries), FileManager.default.fileExists(atPath: provinces) else { return }
        let b = NetworkBuilder()
        // Harbin → Vladivostok crosses the CN–RU border; Pyongyang → Wonsan crosses provinces.
        b.addLine([ll(126.63, 45.75), ll(131.88, 43.12)], attributes: rail(.standard1435), source: 0, fid: 1)
        b.addLine([ll(125.75, 39.03), ll(127.44, 39.15)], attributes: road(), source: 0, fid: 2)
        b.regions = [
            try NetworkLoader.readRegions(RegionSpec(path: countries, layer: "countries", field: "ISO_A2", target: .country)),
            try NetworkLoader.readRegions(RegionSpec(path: provinces, layer: "provinces", field: "name:en", target: .region)),
        ]
        let n = try b.build()
        let railEdges = (0..<n.edgeCount).filter { n.edgeKind[$0] == .line && n.edgeMode[$0] == .rail }
        #expect(n.country(ofEdge: railEdges.first!) == "CN" && n.country(ofEdge: railEdges.last!) == "RU")
        let borders = n.crossings.filter { $0.name.hasPrefix("CN–RU border at ") }
        #expect(!borders.isEmpty)
        let roadEdges = (0..<n.edgeCount).filter { n.edgeMode[$0] == .road }
        #expect(roadEdges.allSatisfy { n.country(ofEdge: $0) == "KP" })
        let regions = roadEdges.map { n.region(ofEdge: $0) }
        #expect(regions.count >= 2 && !regions.first!.isEmpty && regions.first != regions.last)
        #expect(NetworkSummary(n).componentCount == 2)
        checkArcInvariants(n)
    }
}
