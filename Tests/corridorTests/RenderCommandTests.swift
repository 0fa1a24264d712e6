import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// End-to-end tests of `corridor render` and the `--svg` option, through the built binary on the regional network.
let renderManifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("GeoData/far-east/network.yaml").path

@Suite(.enabled(if: corridorBinary != nil && FileManager.default.fileExists(atPath: renderManifest), "corridor binary or regional network missing"))
struct RenderCommandTests {
    static let manifest = renderManifest

    static func wellFormed(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return XMLParser(data: data).parse()
    }

    static func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func routeAndChokepointsDrawnDirectlyAndFromFiles() throws {
        let s = try Scratch()
        let net = ["--network", Self.manifest, "--quiet"]
        let route = try corridor(["route"] + net + ["--from", "Vladivostok", "--to", "Pyongyang", "--mode", "rail", "--alternatives", "3",
                                                    "-o", s.path("route.geojson"), "--svg", s.path("route.svg")])
        #expect(route.code == 0, "\(route.stderr)")
        let routeSVG = try String(contentsOfFile: s.path("route.svg"), encoding: .utf8)
        let routes = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("route.geojson")))) as? [String: Any])
        let routeCount = (routes["features"] as? [[String: Any]])?.filter { ($0["properties"] as? [String: Any])?["feature"] as? String == "route" }.count ?? 0
        #expect(routeCount >= 2 && Self.count(routeSVG, "class=\"route\"") == routeCount)
        #expect(Self.wellFormed(s.path("route.svg")))

        let choke = try corridor(["chokepoints"] + net + ["--from", "Vladivostok", "--from", "Ussuriysk", "--to", "Pyongyang",
                                                          "--avoid-country", "CN", "--top", "5", "-o", s.path("choke.geojson"), "--svg", s.path("choke.svg")])
        #expect(choke.code == 0, "\(choke.stderr)")
        #expect(Self.count(try String(contentsOfFile: s.path("choke.svg"), encoding: .utf8), "class=\"chokepoint\"") == 5)

        // `render` of the files gives the same elements; twice gives the same bytes.
        for name in ["a.svg", "b.svg"] {
            let r = try corridor(["render"] + net + [s.path("route.geojson"), s.path("choke.geojson"), "-o", s.path(name), "--title", "Far East"])
            #expect(r.code == 0 && r.stderr.isEmpty, "\(r.stderr)")
        }
        let a = try Data(contentsOf: URL(fileURLWithPath: s.path("a.svg"))), b = try Data(contentsOf: URL(fileURLWithPath: s.path("b.svg")))
        #expect(a == b && Self.wellFormed(s.path("a.svg")))
        let text = String(decoding: a, as: UTF8.self)
        #expect(Self.count(text, "class=\"route\"") == routeCount && Self.count(text, "class=\"chokepoint\"") == 5)

        let flow = try corridor(["flow"] + net + ["--from", "Vladivostok=5000", "--to", "Harbin=5000", "-o", s.path("flow.geojson"), "--svg", s.path("flow.svg")])
        #expect(flow.code == 0, "\(flow.stderr)")
        #expect(Self.count(try String(contentsOfFile: s.path("flow.svg"), encoding: .utf8), "class=\"flow\"") > 0)
        let reach = try corridor(["reach"] + net + ["--from", "Vladivostok", "--within", "6h", "-o", s.path("reach.geojson"), "--svg", s.path("reach.svg")])
        #expect(reach.code == 0, "\(reach.stderr)")
        let reachSVG = try String(contentsOfFile: s.path("reach.svg"), encoding: .utf8)
        #expect(Self.count(reachSVG, "class=\"reach\"") > 0)
        #expect(reachSVG.contains("reach source: Vladivostok") && Self.count(reachSVG, "class=\"site\"") == 1)
    }

    @Test func theEmbeddedBackgroundUnlessNoBackground() throws {
        let s = try Scratch()
        let net = ["--network", Self.manifest, "--quiet"]
        let withBackground = try corridor(["route"] + net + ["--from", "Vladivostok", "--to", "Harbin", "-o", s.path("r.geojson"), "--svg", s.path("a.svg")])
        #expect(withBackground.code == 0, "\(withBackground.stderr)")
        let a = try String(contentsOfFile: s.path("a.svg"), encoding: .utf8)
        // The region's countries that the map shows (the route runs RU -> CN; KP and MN are in the frame).
        for code in ["RU", "CN"] { #expect(a.contains("class=\"region\" data-country=\"\(code)\""), "\(code)") }
        let without = try corridor(["route"] + net + ["--from", "Vladivostok", "--to", "Harbin", "-o", s.path("r.geojson"), "--svg", s.path("b.svg"), "--no-background"])
        #expect(without.code == 0)
        #expect(Self.count(try String(contentsOfFile: s.path("b.svg"), encoding: .utf8), "class=\"region\"") == 0)
        let rendered = try corridor(["render"] + net + [s.path("r.geojson"), "-o", s.path("c.svg"), "--no-background"])
        #expect(try rendered.code == 0 && Self.count(String(contentsOfFile: s.path("c.svg"), encoding: .utf8), "class=\"region\"") == 0)
        // compare: a bad --bbox or --width is a usage error before anything runs, and nothing is written.
        let scenarios = URL(fileURLWithPath: Self.manifest).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/far-east.yaml").path
        let bad = try corridor(["compare", scenarios, "--quiet", "-o", s.path("out"), "--bbox", "1,2,3"])
        #expect(bad.code == 64 && !FileManager.default.fileExists(atPath: s.path("out")), "\(bad.stderr)")
        let narrow = try corridor(["compare", scenarios, "--quiet", "-o", s.path("out"), "--width", "100"])
        #expect(narrow.code == 64, "\(narrow.stderr)")
    }

    @Test func badInputsGiveOneLineAndNoFile() throws {
        let s = try Scratch()
        let net = ["--network", Self.manifest, "--quiet"]
        let foreign = try s.write("foreign.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"x\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[131,43]}}]}")
        let notJSON = try s.write("notjson.geojson", "hello")
        let cases: [([String], Int32, String)] = [
            ([foreign], 65, "corridor: not a Corridor result GeoJSON (feature 1 has none of the properties of a Corridor route, flow, chokepoint, reach or network feature): \(foreign)"),
            ([notJSON], 65, "corridor: not a Corridor result GeoJSON (not JSON): \(notJSON)"),
            ([s.path("missing.geojson")], 66, "corridor: file not found: \(s.path("missing.geojson"))"),
            (["--bbox", "130,43,130,44"], 64, "corridor: empty or invalid bounding box (expected minLon,minLat,maxLon,maxLat with min < max, in degrees): 130,43,130,44"),
            (["--bbox", "1,2,3"], 64, "corridor: empty or invalid bounding box"),
            (["--projection", "+proj=nosuch"], 64, "corridor: unknown projection ("),
            (["--projection", "EPSG:999999"], 64, "corridor: unknown projection ("),
            (["--width", "10"], 64, "corridor: The value '10' is invalid for '--width <width>': out of range (expected a whole number of pixels in 300…20000)"),
            (["--background", s.path("nope.gpkg")], 66, "corridor: file not found: \(s.path("nope.gpkg"))"),
        ]
        for (arguments, code, message) in cases {
            let r = try corridor(["render"] + net + arguments + ["-o", s.path("map.svg")])
            #expect(r.code == code, "\(arguments): \(r.stderr)")
            #expect(r.stderr.hasPrefix(message), "\(arguments): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.path("map.svg")))
        }
        #expect(s.files == ["foreign.geojson", "notjson.geojson"])
    }
}
