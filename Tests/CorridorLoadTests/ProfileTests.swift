import CorridorGeo
import Foundation
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorLoad

@Suite struct ProfileTests {
    func map(_ profile: Profile, fields: [String], _ values: [String?], mode: TransportMode? = nil) throws -> ProfileOutcome {
        let mapper = try profile.mapper(for: LayerSchema(path: "t.shp", layer: "t", fields: fields), mode: mode)
        return mapper.map(FieldValues(values))
    }
    func attrs(_ o: ProfileOutcome) -> (EdgeAttributes, Bool)? {
        if case let .line(a, reversed) = o { return (a, reversed) }
        return nil
    }

    @Test func builtInProfilesComeFromTheRegistry() throws {
        #expect(Profile.builtinNames == ["natural-earth", "geofabrik", "osm"])
        #expect(Profile.builtin("NE")?.name == "natural-earth" && Profile.builtin("OpenStreetMap")?.name == "osm")
        #expect(Profile.builtin("geofabrik")?.name == "geofabrik" && Profile.builtin("shapefile") == nil)
        func detect(_ fields: [String], driver: String = "ESRI Shapefile") -> String? {
            Profile.detect(schema: LayerSchema(path: "x", layer: "x", fields: fields), driver: driver)?.name
        }
        #expect(detect(["osm_id", "fclass", "name"]) == "geofabrik")
        #expect(detect(["featurecla", "type"]) == "natural-earth")
        #expect(detect(["highway", "name"]) == "osm" && detect(["name"], driver: "OSM") == "osm")
        // A layer with two signatures goes to the higher-priority profile.
        #expect(detect(["featurecla", "fclass"]) == "geofabrik")
        #expect(detect(["name", "speed"]) == nil)
        // Every registered profile binds to its own kind of layer.
        for profile in Profile.registry {
            let schema = LayerSchema(path: "x", layer: "x", fields: ["featurecla", "type", "fclass", "highway"])
            _ = try Profile(builtin: profile).mapper(for: schema, mode: .road)
        }
    }

    @Test func aLayerNoProfileFitsIsToldTheClosest() throws {
        // Natural Earth roads with `featurecla` dropped (a user's export): nothing fits, natural-earth is closest.
        let neRoads = LayerSchema(path: "roads.shp", layer: "roads",
                                  fields: ["scalerank", "type", "sov_a3", "name", "length_km", "expressway", "level"])
        #expect(Profile.detect(schema: neRoads, driver: "ESRI Shapefile") == nil)
        let closest = try #require(Profile.closest(schema: neRoads))
        #expect(closest.name == "natural-earth" && closest.shared.contains("expressway"))
        // ... and it maps the roads (mode from `type`/`expressway`) once named.
        let mapped = try map(.naturalEarth, fields: neRoads.fields, ["4", "Major Highway", "RUS", "M-60", "12", "1", "0"])
        #expect(attrs(mapped)?.0.roadClass == "motorway" && attrs(mapped)?.0.mode == .road)
        // Geofabrik without `fclass`, OSM columns without `highway`.
        #expect(Profile.closest(schema: LayerSchema(path: "", layer: "", fields: ["osm_id", "code", "name", "ref", "bridge"]))?.name == "geofabrik")
        #expect(Profile.closest(schema: LayerSchema(path: "", layer: "", fields: ["osm_id", "z_order", "barrier", "man_made"]))?.name == "osm")
        // One shared generic field is not a suggestion.
        #expect(Profile.closest(schema: LayerSchema(path: "", layer: "", fields: ["name", "type", "speed"])) == nil)
        let message = ProfileError.noProfileFits(source: "roads.shp", layer: "roads", fields: neRoads.fields, closest: closest.name).description
        #expect(message.contains("try --profile natural-earth") && message.hasSuffix(": roads.shp, layer roads"))
    }

    @Test func hstoreParser() {
        #expect(OSMTags.parse(#""gauge"=>"1520","maxspeed"=>"90","oneway"=>"yes""#) == ["gauge": "1520", "maxspeed": "90", "oneway": "yes"])
        #expect(OSMTags.parse(#""name"=>"say \"hi\"","k\\e"=>"a,b=>c""#) == ["name": #"say "hi""#, #"k\e"#: "a,b=>c"])
        #expect(OSMTags.parse(#" "a" => "1" , "b"=>NULL, "c"=>"" "#) == ["a": "1", "c": ""])
        #expect(OSMTags.parse("") == [:])
        #expect(OSMTags.parse(#""a"=>"unterminated"#) == ["a": "unterminated"])
        #expect(OSMTags.parse(#"garbage,"b"=>"2""#) == ["b": "2"])
    }

    @Test func maxspeedAndGauge() {
        #expect(parseMaxspeed("90") == 90)
        #expect(abs(parseMaxspeed("60 mph")! - 96.56064) < 1e-9)
        #expect(parseMaxspeed("RU:urban") == nil)
        #expect(parseMaxspeed("90;60") == 90)
        #expect(parseMaxspeed("0") == nil)
        #expect(GaugeSpec(text: "1520;1435") == .dual)
        #expect(GaugeSpec(text: "dual") == .dual)
        #expect(GaugeSpec(text: "1524") == .broad1520)
        #expect(GaugeSpec(text: "1067") == nil)
    }

    @Test func naturalEarthRoadsAndRailroads() throws {
        let roads = ["scalerank", "featurecla", "type", "sov_a3", "name", "expressway", "level"]
        let motorway = attrs(try map(.naturalEarth, fields: roads, ["3", "Road", "Major Highway", "RUS", "R-297", "1", "Federal"]))!.0
        #expect(motorway.mode == .road && motorway.roadClass == "motorway" && motorway.country == "RU" && motorway.name == "R-297")
        #expect(motorway.speedKmh == ClassDefaults.standard["road/motorway"]!.speedKmh)
        #expect(attrs(try map(.naturalEarth, fields: roads, ["3", "Road", "Major Highway", "CHN", "", "0", ""]))!.0.roadClass == "trunk")
        #expect(attrs(try map(.naturalEarth, fields: roads, ["3", "Road", "Secondary Highway", "PRK", "", "0", ""]))!.0.roadClass == "primary")
        #expect(attrs(try map(.naturalEarth, fields: roads, ["3", "Ferry", "Ferry Route", "JPN", "", "0", ""]))!.0.roadClass == "ferry")
        #expect(attrs(try map(.naturalEarth, fields: roads, ["3", "Road", "Track", "MNG", "", "0", ""]))!.0.roadClass == "track")
        let rails = ["scalerank", "featurecla", "mult_track", "electric", "category", "sov_a3"]
        let trunk = attrs(try map(.naturalEarth, fields: rails, ["4", "Railroad", "1", "1", "1", "RUS"]))!.0
        #expect(trunk.mode == .rail && trunk.roadClass == "trunk" && trunk.tracks == 2 && trunk.electrified && trunk.gauge == .none)
        #expect(attrs(try map(.naturalEarth, fields: rails, ["4", "Railroad", "0", "0", "2", "CHN"]))!.0.roadClass == "secondary")
        // Mode from fields alone (no featurecla) and from the user's statement.
        #expect(attrs(try map(.naturalEarth, fields: ["mult_track", "electric"], ["0", "0"]))!.0.mode == .rail)
        #expect(attrs(try map(.naturalEarth, fields: ["name"], ["x"], mode: .rail))!.0.mode == .rail)
        #expect(throws: ProfileError.self) { try map(.naturalEarth, fields: ["name"], ["x"]) }
        if case .skip = try map(.naturalEarth, fields: roads, ["3", "Lake", "", "RUS", "", "0", ""]) {} else { Issue.record("lake not skipped") }
    }

    @Test func geofabrikOnewayAndClasses() throws {
        let fields = ["osm_id", "code", "fclass", "name", "ref", "oneway", "maxspeed", "layer", "bridge", "tunnel"]
        let f = attrs(try map(.geofabrik, fields: fields, ["1", "5111", "motorway", "", "M60", "F", "0", "0", "F", "F"]))!
        #expect(f.0.oneway && !f.1 && f.0.name == "M60" && f.0.speedKmh == ClassDefaults.standard["road/motorway"]!.speedKmh)
        let t = attrs(try map(.geofabrik, fields: fields, ["2", "5112", "trunk", "A", "", "T", "50", "0", "F", "F"]))!
        #expect(t.0.oneway && t.1 && t.0.speedKmh == 50)
        let b = attrs(try map(.geofabrik, fields: fields, ["3", "5113", "primary_link", "", "", "B", "0", "0", "F", "F"]))!
        #expect(!b.0.oneway && !b.1 && b.0.capacityTonnesPerDay == ClassDefaults.standard["road/primary"]!.capacityTonnesPerDay)
        #expect(try map(.geofabrik, fields: fields, ["4", "5141", "footway", "", "", "B", "0", "0", "F", "F"]) == .skip("not a road for motor vehicles (footway)"))
        let railFields = ["osm_id", "code", "fclass", "name", "layer", "bridge", "tunnel"]
        #expect(attrs(try map(.geofabrik, fields: railFields, ["5", "6101", "rail", "Transsib", "0", "F", "F"]))!.0.mode == .rail)
        #expect(try map(.geofabrik, fields: railFields, ["6", "6103", "tram", "", "0", "F", "F"]) == .skip("not a freight railway (tram)"))
        #expect(try map(.geofabrik, fields: railFields, ["7", "6102", "narrow_gauge", "", "0", "F", "F"]) == .skip("narrow gauge (neither 1520 nor 1435)"))
    }

    @Test func osmTags() throws {
        let fields = ["osm_id", "name", "highway", "railway", "other_tags"]
        let yard = attrs(try map(.osm, fields: fields, ["1", "", nil, "rail", #""gauge"=>"1520","service"=>"yard""#]))!.0
        #expect(yard.roadClass == "service" && yard.gauge == .broad1520)
        let dual = attrs(try map(.osm, fields: fields, ["2", "", nil, "rail", #""gauge"=>"1520;1435","usage"=>"main","tracks"=>"2""#]))!.0
        #expect(dual.gauge == .dual && dual.roadClass == "trunk" && dual.tracks == 2)
        #expect(attrs(try map(.osm, fields: fields, ["3", "", nil, "rail", #""usage"=>"branch""#]))!.0.roadClass == "secondary")
        #expect(try map(.osm, fields: fields, ["4", "", nil, "rail", #""gauge"=>"1067""#]) == .skip("gauge 1067 mm (neither 1520 nor 1435)"))
        #expect(try map(.osm, fields: fields, ["5", "", nil, "tram", nil]) == .skip("not a freight railway (tram)"))
        let rev = attrs(try map(.osm, fields: fields, ["6", "", "primary", nil, #""oneway"=>"-1","maxspeed"=>"RU:urban""#]))!
        #expect(rev.0.oneway && rev.1 && rev.0.speedKmh == ClassDefaults.standard["road/primary"]!.speedKmh)
        let mph = attrs(try map(.osm, fields: fields, ["7", "", "secondary", nil, #""maxspeed"=>"20 mph""#]))!
        #expect(abs(mph.0.speedKmh - 32.18688) < 1e-9 && !mph.0.oneway)
        #expect(attrs(try map(.osm, fields: fields, ["8", "", "motorway", nil, nil]))!.0.oneway)  // implied
        #expect(try map(.osm, fields: fields, ["9", "", nil, nil, #""waterway"=>"river""#]) == .skip("not a road or railway"))
        // Plain column wins over other_tags.
        let plain = ["osm_id", "highway", "oneway", "other_tags"]
        #expect(attrs(try map(.osm, fields: plain, ["1", "primary", "no", #""oneway"=>"yes""#]))!.0.oneway == false)
    }

    /// A mapper's `fieldsRead` (the loader has GDAL skip every other field) must cover what `map` reads: with the
    /// other fields unset, every row maps as with them set. Rows cycle through values each profile tells apart.
    @Test func fieldsReadCoverWhatTheMappersRead() throws {
        let geofabrik = ["osm_id", "code", "fclass", "name", "ref", "oneway", "maxspeed", "layer", "bridge", "tunnel"]
        let naturalEarth = ["scalerank", "featurecla", "type", "expressway", "level", "sov_a3", "iso_a2", "name", "label",
                            "mult_track", "electric", "category", "length_km", "continent"]
        let custom = ["extra", "kind", "cls", "ow", "gauge", "other"]
        let pools: [String: [String?]] = [
            "fclass": ["primary", "rail", "footway", "track_grade2", nil], "oneway": ["F", "T", "B", "t", nil],
            "maxspeed": ["0", "60", "130", nil], "name": ["M60", nil, " "], "ref": ["A-1", nil],
            "featurecla": ["Road", "Railroad", "Ferry Route", "Lake", nil], "type": ["Major Highway", "Road", "Beltway", nil],
            "expressway": ["1", "0", nil], "sov_a3": ["RUS", "CHN", nil], "iso_a2": ["KP", "-99", nil],
            "label": ["L", nil], "mult_track": ["1", "0", nil], "electric": ["1", nil], "category": ["1", "2", nil],
            "kind": ["road", "rail", "boat", nil], "cls": ["Major Highway", "main", nil], "ow": ["T", "yes", "b", nil],
            "gauge": ["1520", "dual", "1000", nil],
        ]
        let cases: [(Profile, [String])] = [(.geofabrik, geofabrik), (.naturalEarth, naturalEarth),
                                            (try Profile.parse(Self.yaml, path: "p.yaml"), custom)]
        for (profile, fields) in cases {
            let mapper = try profile.mapper(for: LayerSchema(path: "t.shp", layer: "t", fields: fields), mode: nil)
            let read = try #require(mapper.fieldsRead)
            #expect(read.count < fields.count, "\(profile.name) reads every field")
            for row in 0..<120 {
                // Field j takes value (row / (j + 1)) of its pool; fields without a pool hold arbitrary text.
                let values: [String?] = fields.enumerated().map { j, f in
                    guard let pool = pools[f] else { return "v\(row)" }
                    return pool[(row / (j + 1) + row) % pool.count]
                }
                let kept = values.enumerated().map { read.contains($0.offset) ? $0.element : nil }
                #expect(mapper.map(FieldValues(values)) == mapper.map(FieldValues(kept)), "\(profile.name) row \(values)")
            }
        }
    }

    @Test func detection() {
        #expect(Profile.detect(schema: LayerSchema(path: "", layer: "", fields: ["osm_id", "fclass"]), driver: "ESRI Shapefile")?.name == "geofabrik")
        #expect(Profile.detect(schema: LayerSchema(path: "", layer: "", fields: ["featurecla"]), driver: "GPKG")?.name == "natural-earth")
        #expect(Profile.detect(schema: LayerSchema(path: "", layer: "", fields: ["osm_id"]), driver: "OSM")?.name == "osm")
        #expect(Profile.detect(schema: LayerSchema(path: "", layer: "", fields: ["foo"]), driver: "GPKG") == nil)
    }

    static let yaml = """
        name: test
        fields:
          mode: kind
          class: cls
          oneway: ow
          gauge_mm: gauge
        values:
          class: { "Major Highway": motorway }
          oneway: { T: reverse }
        classes:
          road/motorway: { speed_kmh: 77, capacity_tpd: 1234 }
        costs:
          per_km: { rail: 0.02, road: 0.1, road/motorway: 0.05 }
        """

    @Test func customProfile() throws {
        let p = try Profile.parse(Self.yaml, path: "p.yaml")
        #expect(p.name == "test" && p.costModel.perKmRail == 0.02 && p.costModel.perKmByClass["road/motorway"] == 0.05)
        let fields = ["kind", "cls", "ow", "gauge"]
        let m = attrs(try map(p, fields: fields, ["road", "Major Highway", "T", nil]))!
        #expect(m.0.roadClass == "motorway" && m.0.speedKmh == 77 && m.0.capacityTonnesPerDay == 1234 && m.0.oneway && m.1)
        let r = attrs(try map(p, fields: fields, ["rail", "main", "no", "dual"]))!
        #expect(r.0.gauge == .dual && !r.0.oneway && r.0.speedKmh == ClassDefaults.standard["rail/main"]!.speedKmh)
        #expect(try map(p, fields: fields, ["", "x", nil, nil]) == .skip("mode unknown"))
        // Field validation against layers.
        let good = LayerSchema(path: "/d/a.shp", layer: "a", fields: fields)
        try p.validateFields(against: [good])
        let bad = LayerSchema(path: "/d/gis_osm_roads_free_1.shp", layer: "roads", fields: ["osm_id", "code", "fclass"])
        #expect(throws: ProfileError.self) { try p.validateFields(against: [bad]) }
        do { try p.validateFields(against: [bad]) } catch {
            #expect(error.description == "profile field 'kind' (mode) not found in layer roads of gis_osm_roads_free_1.shp (fields: osm_id, code, fclass): p.yaml:3:9")
        }
    }

    @Test func customProfileErrorsHaveLineAndColumn() {
        func message(_ text: String) -> String {
            do { _ = try Profile.parse(text, path: "p.yaml"); return "" } catch { return error.description }
        }
        #expect(message("fields:\n  clas: x\n") .hasSuffix("p.yaml:2:3"))
        #expect(message("fields:\n  clas: x\n").hasPrefix("unknown attribute 'clas' in fields"))
        #expect(message("classes:\n  rail/main: { speed_kmh: fast }\n") == "class default 'speed_kmh' of 'rail/main' 'fast' is not a number (expected a number of km/h in 0…10000): p.yaml:2:27")
        #expect(message("classes:\n  rail/main: { speed_kmh: 0 }\n") == "class default 'speed_kmh' of 'rail/main' must be positive: p.yaml:2:27")
        #expect(message("classes:\n  rail/main: { tracks: 1e300 }\n").hasPrefix("class default 'tracks' of 'rail/main' '1e300' is out of range (expected a whole number in 0…255)"))
        #expect(message("classes:\n  rail/main: { capacity_tpd: 1e19 }\n").hasSuffix("p.yaml:2:30"))
        // A class key one typo from a built-in class is a misspelling, not a new class.
        #expect(message("classes:\n  rail/trunc: { speed_kmh: 3 }\n").hasPrefix("unknown class 'rail/trunc' (did you mean 'rail/trunk'?"))
        #expect(message("classes:\n  rail/narrow: { speed_kmh: 3 }\n") == "")
        #expect(message("fields: [a\n") .contains("malformed YAML"))
        #expect(message("fields:\n  class: x\n bad: [\n").contains("p.yaml:3:"))
        #expect(message("classes:\n  main: { speed_kmh: 3 }\n") == "class key 'main' must be mode/class (e.g. rail/main): p.yaml:2:3")
        #expect(message("frobnicate: 1\n").hasPrefix("unknown profile key 'frobnicate'"))
    }

    @Test func classDefaultsResolution() {
        let link = ClassDefaults.resolve(mode: .road, roadClass: "trunk_link")
        #expect(link.speedKmh == ClassDefaults.standard["road/trunk"]!.speedKmh)
        let unknown = ClassDefaults.resolve(mode: .rail, roadClass: "weird")
        #expect(unknown.capacityTonnesPerDay == ClassDefaults.standard["rail/main"]!.capacityTonnesPerDay)
        let override = ClassDefaults.resolve(mode: .rail, roadClass: "main", overrides: ["rail/main": ClassDefault(speedKmh: 11)])
        #expect(override.speedKmh == 11 && override.capacityTonnesPerDay == ClassDefaults.standard["rail/main"]!.capacityTonnesPerDay)
    }

    @Test func gazetteerCSV() throws {
        let g = try Gazetteer.parse(csv: "name,aliases,kind,country,region,lon,lat,source\r\n\"Rajin\",\"Rason;Najin\",port,KP,\"North Hamgyong\",130.3,42.25,\"manual: \"\"x\"\"\"\r\n", path: "p.csv")
        #expect(g.places.count == 1 && g.places[0].aliases == ["Rason", "Najin"] && g.places[0].source == #"manual: "x""#)
        #expect(try g.place(named: "rason").name == "Rajin")
        func message(_ text: String) -> String {
            do { _ = try Gazetteer.parse(csv: text, path: "p.csv"); return "" } catch { return error.description }
        }
        #expect(message("name,lon,lat\nA,1,2\nB,x,2\n") == "malformed gazetteer: longitude 'x' is not a number in -180...180: p.csv:3")
        #expect(message("name,lon,lat\nA,1\n") == "malformed gazetteer: 2 fields, header has 3: p.csv:2")
        #expect(message("name,lon,lat\n\"A,1,2\n") == "malformed gazetteer: unterminated quoted field: p.csv:2")
        #expect(message("name,lat\n") .contains("missing column 'lon'"))
        #expect(message("name,lon,lat\n\"multi\nline\",1,2\nB,1,99\n") == "malformed gazetteer: latitude '99' is not a number in -90...90: p.csv:4")
    }

    @Test func sourceSpecSyntax() {
        #expect(SourceSpec.parse("rail.shp:rail") == SourceSpec(path: "rail.shp", mode: .rail))
        #expect(SourceSpec.parse("data.gpkg:road@roads") == SourceSpec(path: "data.gpkg", layer: "roads", mode: .road))
        #expect(SourceSpec.parse("data.gpkg@lines") == SourceSpec(path: "data.gpkg", layer: "lines"))
        #expect(SourceSpec.parse("PG:dbname=x") == SourceSpec(path: "PG:dbname=x"))
        #expect(SourceSpec.parse("/a@b/c.shp") == SourceSpec(path: "/a@b/c.shp"))
    }
}

@Suite("YAML key suggestions") struct YAMLKeySuggestionTests {
    func manifestError(_ text: String) -> String {
        do { _ = try NetworkManifest.parse(text, path: "n.yaml"); return "" } catch { return error.description }
    }

    @Test func misspeltManifestKeysSuggestTheNearestWithPosition() {
        #expect(manifestError("sourcez: []\n") == "unknown manifest key 'sourcez' (did you mean 'sources'?): n.yaml:1:1")
        #expect(manifestError("sources:\n  - path: a.shp\n    mdoe: rail\n").hasPrefix("unknown source key 'mdoe' (did you mean 'mode'?)"))
        #expect(manifestError("sources:\n  - path: a.shp\nterminals:\n  - {place: X, kind: transfer, layer: [rail-1520]}\n")
            .contains("did you mean 'layers'?"))
        // Nothing close: the valid keys are listed instead.
        #expect(manifestError("sources:\n  - path: a.shp\n    zzzzzz: 1\n").contains("expected path, layer, mode"))
    }
}
