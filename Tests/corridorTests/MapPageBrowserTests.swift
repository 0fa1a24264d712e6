import CorridorKit
import Foundation
import Testing

/// A headless Chromium (Debian `chromium-headless-shell` or `chromium`; `$CORRIDOR_BROWSER` overrides), or nil.
let headlessBrowser: String? = {
    if let b = ProcessInfo.processInfo.environment["CORRIDOR_BROWSER"], !b.isEmpty { return b }
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    for name in ["chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"] {
        for dir in path where FileManager.default.isExecutableFile(atPath: dir + "/" + name) { return dir + "/" + name }
    }
    return nil
}()

/// The interactive page opened from `file://` in a real browser: the page script ran, drew as many result features
/// as the scenario's GeoJSON file holds, and switching scenario (the URL fragment) changes what is drawn.
/// Skipped only when no browser is installed (`Tools/setup --test` installs one).
@Suite(.enabled(if: corridorBinary != nil && headlessBrowser != nil && FileManager.default.fileExists(atPath: renderManifest),
                "corridor binary, headless Chromium or regional network missing"))
struct MapPageBrowserTests {
    struct Status { var view: String; var results: Int; var changes: Int; var expected: Int; var legs: Int; var legend: [String] }

    /// Runs the browser on `url` and reads `#corridor-status` from the DOM after the page script ran.
    static func status(_ url: String, profile: String) throws -> Status? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(headlessBrowser))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--dump-dom", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let dom = String(decoding: data, as: UTF8.self)
        guard let start = dom.range(of: "<output id=\"corridor-status\"") else { return nil }
        let tag = String(dom[start.lowerBound...].prefix { $0 != ">" })
        func attribute(_ name: String) -> String? {
            guard let r = tag.range(of: name + "=\"") else { return nil }
            return String(tag[r.upperBound...].prefix { $0 != "\"" })
        }
        guard let view = attribute("data-view"), let results = attribute("data-results").flatMap({ Int($0) }),
              let changes = attribute("data-changes").flatMap({ Int($0) }), let expected = attribute("data-expected").flatMap({ Int($0) }),
              let legs = attribute("data-legs").flatMap({ Int($0) }), let legend = attribute("data-legend") else { return nil }
        return Status(view: view, results: results, changes: changes, expected: expected, legs: legs,
                      legend: legend.split(separator: " ").map(String.init))
    }

    static func features(_ path: String) throws -> [[String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        return (root["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
    }

    /// The legend keys of the result symbols a scenario's GeoJSON file calls for, from the file itself: a row per
    /// route rank, per utilization class of its flows (the classes of `MapPalette`), and the chokepoints and cut.
    static func resultLegend(_ path: String) throws -> Set<String> {
        var keys = Set<String>()
        for p in try features(path) {
            switch p["feature"] as? String {
            case "route": keys.insert("route-\((p["rank"] as? Int) ?? 1)")
            case "flow":
                let u = (p["utilization"] as? Double) ?? 0
                keys.insert("flow-\(MapPalette.utilizationBreaks.lastIndex { u >= $0 } ?? 0)")
            case "chokepoint": keys.insert("chokepoint")
            case "cut": keys.insert("cut")
            default: break
            }
        }
        return keys
    }

    /// Result features of a scenario's GeoJSON file the page draws (routes, flows, cut members, chokepoints).
    static func drawable(_ path: String) throws -> Int {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let features = root["features"] as? [[String: Any]] ?? []
        return features.filter { ["route", "flow", "cut", "chokepoint"].contains(($0["properties"] as? [String: Any])?["feature"] as? String ?? "") }.count
    }

    @Test func comparePageDrawsEveryScenario() throws {
        let s = try Scratch()
        let scenarios = URL(fileURLWithPath: renderManifest).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/far-east.yaml").path
        let out = s.path("out")
        let run = try corridor(["compare", scenarios, "--network", renderManifest, "--quiet", "-o", out, "--no-svg"])
        #expect(run.code == 0, "\(run.stderr)")
        let page = out + "/index.html"
        let html = try String(contentsOfFile: page, encoding: .utf8)
        // Offline: Leaflet inlined with its notice, no tile or remote URL anywhere.
        #expect(html.contains("Vladimir Agafonkin") && html.contains("Redistributions of source code"))
        #expect(!html.contains("<script src") && !html.contains("<link ") && !html.contains("tile.openstreetmap"))
        var seen: [String: Status] = [:]
        for name in ["baseline", "khasan-tumangang-closed", "road-only", "china-denied-and-khasan-closed"] {
            let status = try #require(try Self.status("file://" + page + "#" + name, profile: s.path("profile")), "\(name): no status in the DOM")
            #expect(status.view == name)
            let expected = try Self.drawable(out + "/" + name + ".geojson")
            #expect(status.expected == expected && status.results == expected, "\(name): drew \(status.results) of \(expected)")
            // A popup layer per route leg of the file, and a legend of exactly the symbols this view draws.
            let legs = try Self.features(out + "/" + name + ".geojson").filter { $0["feature"] as? String == "leg" }.count
            #expect(status.legs == legs, "\(name): \(status.legs) legs drawn of \(legs)")
            let resultKeys = Set(status.legend.filter { $0.hasPrefix("route-") || $0.hasPrefix("flow-") || $0 == "chokepoint" || $0 == "cut" })
            #expect(resultKeys == (try Self.resultLegend(out + "/" + name + ".geojson")), "\(name): legend \(status.legend)")
            #expect(status.legend.contains("unusable") == (status.changes > 1 || name == "road-only"), "\(name): \(status.legend)")
            #expect(status.legend.contains("closed") == name.contains("closed"), "\(name): \(status.legend)")
            #expect(Set(status.legend).count == status.legend.count)
            seen[name] = status
        }
        #expect(seen["baseline"]?.changes == 0)
        #expect((seen["khasan-tumangang-closed"]?.changes ?? 0) >= 1)
        #expect((seen["road-only"]?.changes ?? 0) > 50)  // every rail line greyed
        #expect(seen["baseline"]?.results != seen["road-only"]?.results)
        #expect(seen["china-denied-and-khasan-closed"]?.results == 0)
        // Two runs give the same bytes.
        let again = try corridor(["compare", scenarios, "--network", renderManifest, "--quiet", "-o", s.path("again"), "--no-svg"])
        #expect(again.code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: page)) == Data(contentsOf: URL(fileURLWithPath: s.path("again") + "/index.html")))
    }

    @Test func aRoutesPage() throws {
        let s = try Scratch()
        let run = try corridor(["route", "--network", renderManifest, "--quiet", "--from", "Vladivostok", "--to", "Pyongyang", "--mode", "rail",
                                "--alternatives", "3", "-o", s.path("r.geojson"), "--html", s.path("r.html")])
        #expect(run.code == 0, "\(run.stderr)")
        let routes = try Self.drawable(s.path("r.geojson"))
        let status = try #require(try Self.status("file://" + s.path("r.html"), profile: s.path("profile")))
        #expect(status.view == "route" && routes >= 2 && status.results == routes && status.changes == 0)
        let legs = try Self.features(s.path("r.geojson")).filter { $0["feature"] as? String == "leg" }.count
        #expect(legs >= routes && status.legs == legs)
        // A route page's legend: its routes by rank and the network, nothing of flows, cuts or scenarios.
        #expect(Set(status.legend.filter { $0.hasPrefix("route-") }) == Set((1...routes).map { "route-\($0)" }))
        #expect(!status.legend.contains { $0.hasPrefix("flow-") || ["cut", "chokepoint", "unusable", "closed", "added"].contains($0) })
        #expect(status.legend.contains("rail-1520") && status.legend.contains("legs"))
    }
}
