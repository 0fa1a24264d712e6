import CorridorKit
import Foundation
import Testing

/// The bad-input contract (issue 15), end to end through the built binary: for every bad input or fault in the
/// catalogue, the exit status is the documented one, stderr is exactly one line `corridor: <what>: <where>` naming
/// where the problem is, and a pre-existing output file is left byte for byte as it was (no temporary files
/// either). The catalogue covers each defect of the issue and the inputs that already worked; each entry says which.
@Suite(.enabled(if: corridorBinary != nil, "corridor binary not built"))
struct BadInputCatalogueTests {
    /// A catalogue entry.
    struct Case: CustomTestStringConvertible, Sendable {
        /// Which item of the issue (or "works": held before the fix too) and what is tried.
        var label: String
        /// Arguments; `$S/` is replaced by the scratch directory, `$NET` by `--network <far-east cache>`.
        var arguments: [String]
        var status: Int32
        /// Text the one stderr line must contain (the where: a path, an option, line:column).
        var contains: [String]
        /// Files written into the scratch directory before the run (name → text).
        var files: [String: String] = [:]
        /// Output files that exist before the run and must be intact after it (created with known text).
        var intact: [String] = []
        /// How standard output is connected.
        var stdout: Stdout = .pipe
        /// Bytes on standard input (for `-` inputs).
        var stdin: String? = nil
        enum Stdout: Sendable { case pipe, full, closed, brokenPipe }
        var testDescription: String { label }
    }

    static let old = "pre-existing output\n"

    /// The network used by most entries: the Far East manifest built once into a cache (fast to open).
    static let fixture: (directory: String, cache: String)? = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("corridor-catalogue-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let cache = (directory as NSString).appendingPathComponent("far-east.corridor")
        let manifest = repositoryRoot.appendingPathComponent("GeoData/far-east/network.yaml").path
        guard (try? corridor(["build", "--network", manifest, "-o", cache, "--quiet"]))?.code == 0 else { return nil }
        return (directory, cache)
    }()

    static let manifestPath = repositoryRoot.appendingPathComponent("GeoData/far-east/network.yaml").path

    static func scenario(_ body: String, extraTop: String = "", origins: String = "{Vladivostok: 100}") -> String {
        """
        network: \(fixture?.cache ?? "")
        origins: \(origins)
        destinations: {Pyongyang: 100}
        \(extraTop)scenarios:
          - name: base
        \(body)
        """
    }

    static let cases: [Case] = {
        var c: [Case] = []
        let route = ["route", "$NET", "--from", "Vladivostok", "--to", "Khabarovsk"]
        let reach = ["reach", "$NET", "--from", "Vladivostok"]
        let flow = ["flow", "$NET", "--from", "Vladivostok=100", "--to", "Pyongyang=100"]
        let chokepoints = ["chokepoints", "$NET", "--from", "Vladivostok", "--to", "Pyongyang"]
        // 1. Number conversions: usage errors naming the option and the accepted range, never a trap.
        for (option, value) in [("--max-snap", "nan"), ("--max-snap", "-1"), ("--max-snap", "1e300"), ("--max-snap", "inf"),
                                ("--alternatives", "9223372036854775807"), ("--alternatives", "0"), ("--alternatives", "1.5"),
                                ("--max-overlap", "2"), ("--max-overlap", "nan")] {
            c.append(Case(label: "1 route \(option) \(value)", arguments: route + ["\(option)=\(value)", "-o", "$S/out"], status: 64,
                          contains: [option], intact: ["out"]))
        }
        for budget in ["1e15h", "1e17m", "1e20km", "9223372036854775807s", "500m", "12", "twelve hours", "-1h", "nan h", "1e308d"] {
            c.append(Case(label: "1 reach --within \(budget)", arguments: reach + ["--within", budget, "-o", "$S/out"], status: 64,
                          contains: ["--within"], intact: ["out"]))
        }
        for (option, value) in [("--top", "1e300"), ("--top", "-1")] {
            c.append(Case(label: "1 chokepoints \(option) \(value)", arguments: chokepoints + [option, value], status: 64, contains: [option]))
        }
        for site in ["Pyongyang=1.5", "Pyongyang=9223372036854775807", "Pyongyang=-5", "Pyongyang=1e300", "Pyongyang=nan", "=5"] {
            c.append(Case(label: "1 flow --to \(site)", arguments: ["flow", "$NET", "--from", "Vladivostok=100", "--to", site, "-o", "$S/out"],
                          status: 64, contains: ["--to"], intact: ["out"]))
        }
        for (option, value) in [("--snap-tolerance", "nan"), ("--auto-crossing-capacity", "1e19"), ("--auto-crossing-delay", "-1")] {
            c.append(Case(label: "1 \(option) \(value)", arguments: ["info", "--network", manifestPath, option, value], status: 64, contains: [option]))
        }
        for (option, value) in [("--width", "1e300"), ("--labels", "-1"), ("--bbox", "nan,0,1,1")] {
            c.append(Case(label: "1 render \(option) \(value)", arguments: ["render", "$NET", option, value, "-o", "$S/out"], status: 64,
                          contains: [option == "--bbox" ? "nan,0,1,1" : option], intact: ["out"]))
        }
        let scenarioNumbers: [(String, String, String, String)] = [
            ("origins 2^63-1", "", "", "{Vladivostok: 9223372036854775807}"),
            ("origins 1.5 t/day", "", "", "{Vladivostok: 1.5}"),
            ("origins nan", "", "", "{Vladivostok: .nan}"),
            ("add_edges capacity_tpd 1e308", "    add_edges: [{from: Vladivostok, to: Ussuriysk, mode: road, speed_kmh: 60, capacity_tpd: 1e308}]", "", "{Vladivostok: 100}"),
            ("add_edges tracks 1e300", "    add_edges: [{from: Vladivostok, to: Ussuriysk, mode: rail, gauge_mm: 1520, speed_kmh: 60, capacity_tpd: 10, tracks: 1e300}]", "", "{Vladivostok: 100}"),
            ("add_edges speed inf", "    add_edges: [{from: Vladivostok, to: Ussuriysk, mode: road, speed_kmh: .inf, capacity_tpd: 10}]", "", "{Vladivostok: 100}"),
            ("add_edges line point off the globe", "    add_edges: [{from: Vladivostok, to: Ussuriysk, mode: road, speed_kmh: 60, capacity_tpd: 10, line: [[200, 0], [0, 0]]}]", "", "{Vladivostok: 100}"),
            ("scale_capacity factor 1e300", "    scale_capacity: [{kind: line, factor: 1e300}]", "", "{Vladivostok: 100}"),
            ("analyses alternatives 1e20", "", "analyses: {route: {from: Vladivostok, to: Pyongyang, alternatives: 99999999999999999999}}\n", "{Vladivostok: 100}"),
            ("analyses top 1e300", "", "analyses: {flow: true, chokepoints: {top: 1e300}}\n", "{Vladivostok: 100}"),
            ("analyses max_overlap 2", "", "analyses: {route: {from: Vladivostok, to: Pyongyang, max_overlap: 2}}\n", "{Vladivostok: 100}"),
        ]
        for (label, body, top, origins) in scenarioNumbers {
            c.append(Case(label: "1 scenario \(label)", arguments: ["compare", "$S/s.yaml", "-o", "$S/dir", "--quiet"], status: 65,
                          contains: ["s.yaml:"], files: ["s.yaml": scenario(body, extraTop: top, origins: origins)]))
        }
        // Manifests and profiles (read before any line data, so no GDAL work is needed to fail).
        let manifestText = (try? String(contentsOfFile: manifestPath, encoding: .utf8)) ?? ""
        let base = (manifestPath as NSString).deletingLastPathComponent
        let absolute = manifestText.replacingOccurrences(of: "profile: profile.yaml", with: "profile: \(base)/profile.yaml")
            .replacingOccurrences(of: "places: places.csv", with: "places: \(base)/places.csv")
        if let range = absolute.range(of: #"capacity_tpd: \{base: [0-9]+"#, options: .regularExpression) {
            let big = absolute.replacingCharacters(in: range, with: "capacity_tpd: {base: 1e19")
            c.append(Case(label: "1 manifest capacity_tpd 1e19", arguments: ["info", "--network", "$S/m.yaml"], status: 65,
                          contains: ["m.yaml:"], files: ["m.yaml": big]))
        }
        c.append(Case(label: "1 profile capacity_tpd 1e19", arguments: ["info", "--network", "$S/m.yaml"], status: 65, contains: ["p.yaml:"],
                      files: ["m.yaml": absolute.replacingOccurrences(of: "profile: \(base)/profile.yaml", with: "profile: p.yaml"),
                              "p.yaml": "fields: {class: class}\nclasses:\n  rail/main: {capacity_tpd: 1e19}\n"]))
        let flowResult = "{\"type\":\"FeatureCollection\",\"corridor\":{\"summary\":{\"delivered_tpd\":1e19,\"requested_tpd\":1e19}},\"features\":[{\"type\":\"Feature\",\"properties\":{\"feature\":\"flow\",\"edge_id\":1,\"flow_tpd\":1e19,\"capacity_tpd\":1e19},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[131,43],[131.1,43]]}}]}"
        c.append(Case(label: "1 render flow_tpd 1e19", arguments: ["render", "--no-network", "$S/f.geojson", "-o", "$S/out"],
                      status: 65, contains: ["f.geojson", "flow_tpd"], files: ["f.geojson": flowResult], intact: ["out"]))
        let rankResult = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"feature\":\"route\",\"rank\":1e300,\"length_m\":5000},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[131,43],[131.1,43]]}}]}"
        c.append(Case(label: "1 render route rank 1e300", arguments: ["render", "--no-network", "$S/r.geojson", "-o", "$S/out"], status: 65,
                      contains: ["r.geojson", "rank"], files: ["r.geojson": rankResult], intact: ["out"]))
        // 2. Standard output: one line, exit 74.
        c.append(Case(label: "2 info >/dev/full", arguments: ["info", "$NET"], status: 74, contains: ["standard output"], stdout: .full))
        c.append(Case(label: "2 route >&-", arguments: route, status: 74, contains: ["standard output"], stdout: .closed))
        c.append(Case(label: "2 solve --flows >/dev/full", arguments: ["solve", "$S/t.max", "--flows"], status: 74, contains: ["standard output"],
                      files: ["t.max": "p max 2 1\nn 1 s\nn 2 t\na 1 2 5\n"], stdout: .full))
        c.append(Case(label: "2 export --edges - into a closed pipe", arguments: ["export", "$NET", "--edges", "-"], status: 74,
                      contains: ["standard output"], stdout: .brokenPipe))
        c.append(Case(label: "2 compare >/dev/full", arguments: ["compare", "$S/s.yaml", "--quiet", "-o", "$S/dir"], status: 74,
                      contains: ["standard output"], files: ["s.yaml": scenario("")], stdout: .full))
        // 3. A second output failing leaves the first intact.
        for (label, command) in [("route", route), ("reach", reach + ["--within", "6h"]), ("flow", flow), ("chokepoints", chokepoints)] {
            c.append(Case(label: "3 \(label) -o FILE --svg /nonexistent/x.svg", arguments: command + ["-o", "$S/out", "--svg", "/nonexistent/x.svg"],
                          status: 74, contains: ["/nonexistent/x.svg"], intact: ["out"]))
            c.append(Case(label: "3 \(label) -o FILE --svg DIRECTORY", arguments: command + ["-o", "$S/out", "--svg", "$S/"], status: 74,
                          contains: ["is a directory"], intact: ["out"]))
        }
        c.append(Case(label: "3 export --edges FILE --nodes /bad/B", arguments: ["export", "$NET", "--edges", "$S/out", "--nodes", "/bad/B"],
                      status: 74, contains: ["/bad/B"], intact: ["out"]))
        c.append(Case(label: "3 export --edges FILE --dimacs /bad/x", arguments: ["export", "$NET", "--edges", "$S/out", "--dimacs", "/bad/x"],
                      status: 74, contains: ["/bad/x"], intact: ["out"]))
        c.append(Case(label: "3 route -o FILE --svg FILE (one file twice)", arguments: route + ["-o", "$S/out", "--svg", "$S/out"], status: 64,
                      contains: ["out"], intact: ["out"]))
        // 4. Nothing deliverable: exit 1, the output untouched (as with --strict).
        for strict in [[], ["--strict"]] {
            c.append(Case(label: "4 flow with nothing deliverable \(strict)", arguments: flow + ["--close", "Khasan-Tumangang", "--avoid-country", "CN", "-o", "$S/out"] + strict,
                          status: 1, contains: ["infeasible"], intact: ["out"]))
        }
        // 5. Corrupted caches (see also `craftedCachesAreRefused`).
        c.append(Case(label: "5 empty cache", arguments: ["info", "--network", "$S/empty.corridor"], status: 65, contains: ["empty.corridor"],
                      files: ["empty.corridor": ""]))
        c.append(Case(label: "5 cache of magic only", arguments: ["info", "--network", "$S/m.corridor"], status: 65, contains: ["m.corridor"],
                      files: ["m.corridor": "CORRIDOR"]))
        // 6. DIMACS sizes from the p line are claims, not allocations.
        for (name, text) in [("huge-arcs.min", "p min 2 4000000000\na 1 2 0 1 1\n"), ("huge-nodes.min", "p min 2000000000 1\na 1 2 0 1 1\n"),
                             ("huge-nodes.max", "p max 4000000000 1\nn 1 s\nn 2 t\na 1 2 1\n"), ("huge.sp", "p sp 2000000000 3000000000\n"),
                             ("overflow.min", "p min 2 1\na 1 2 0 99999999999999999999 1\n")] {
            c.append(Case(label: "6 solve \(name)", arguments: ["solve", "$S/\(name)"], status: 65, contains: ["\(name):"], files: [name: text]))
        }
        // 7. solve: one line per error.
        c.append(Case(label: "7 solve node out of range", arguments: ["solve", "$S/bad.min"], status: 65, contains: ["bad.min:2"],
                      files: ["bad.min": "p min 2 1\na 1 3 0 1 1\n"]))
        c.append(Case(label: "7 solve missing file", arguments: ["solve", "$S/nope.min"], status: 66, contains: ["nope.min"]))
        c.append(Case(label: "7 solve --source out of range", arguments: ["solve", "$S/t.max", "--source", "9"], status: 64, contains: ["--source"],
                      files: ["t.max": "p max 2 1\nn 1 s\nn 2 t\na 1 2 5\n"]))
        // 9. Scenario output names that collide.
        for (a, b) in [("a/b", "a b"), ("Rail", "rail"), ("all-scenarios", "x")] {
            c.append(Case(label: "9 scenarios '\(a)' and '\(b)'", arguments: ["compare", "$S/s.yaml", "-o", "$S/dir", "--quiet"], status: 65,
                          contains: ["s.yaml:"], files: ["s.yaml": scenario("  - name: \(a)\n  - name: \(b)\n")]))
        }
        // 11. Exit codes and messages.
        c.append(Case(label: "11 compare -o EXISTING_FILE", arguments: ["compare", "$S/s.yaml", "-o", "$S/out", "--quiet"], status: 74,
                      contains: ["out"], files: ["s.yaml": scenario("")], intact: ["out"]))
        c.append(Case(label: "11 scenario file is a directory", arguments: ["compare", "$S/", "--quiet"], status: 66, contains: ["scenario file"]))
        c.append(Case(label: "11 scenario file missing", arguments: ["compare", "$S/nope.yaml"], status: 66, contains: ["nope.yaml"]))
        c.append(Case(label: "11 -o ''", arguments: route + ["-o", ""], status: 64, contains: ["''"]))
        c.append(Case(label: "11 compare -o ''", arguments: ["compare", "$S/s.yaml", "-o", "", "--quiet"], status: 64, contains: ["''"],
                      files: ["s.yaml": scenario("")]))
        // 12. Smaller ones.
        c.append(Case(label: "12 profile class key one typo from a built-in (rail/trunc)", arguments: ["info", "--network", "$S/m.yaml"], status: 65,
                      contains: ["p.yaml:3:3", "rail/trunk"],
                      files: ["m.yaml": absolute.replacingOccurrences(of: "profile: \(base)/profile.yaml", with: "profile: p.yaml"),
                              "p.yaml": "fields: {class: class}\nclasses:\n  rail/trunc: {speed_kmh: 50}\n"]))
        c.append(Case(label: "12 a 100,000-character place name", arguments: ["route", "$NET", "--from", String(repeating: "Vladivostok", count: 9_091), "--to", "Khabarovsk"],
                      status: 64, contains: ["(100001 characters)"]))
        c.append(Case(label: "12 a point layer as --country-polygons", arguments: ["info", "--network", manifestPath, "--country-polygons", "ISO=$S/p.geojson"],
                      status: 65, contains: ["p.geojson"],
                      files: ["p.geojson": "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"ISO\":\"RU\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[131,43]}}]}"]))
        // Inputs that already worked, kept so they stay that way.
        c.append(Case(label: "works: missing network file", arguments: ["info", "--network", "$S/nope.yaml"], status: 66, contains: ["nope.yaml"]))
        c.append(Case(label: "works: empty manifest", arguments: ["info", "--network", "$S/e.yaml"], status: 65, contains: ["e.yaml"], files: ["e.yaml": ""]))
        c.append(Case(label: "works: truncated manifest", arguments: ["info", "--network", "$S/t.yaml"], status: 65, contains: ["t.yaml:"],
                      files: ["t.yaml": String(absolute.prefix(absolute.count / 3)) + "\n  - {name: [\n"]))
        c.append(Case(label: "works: malformed scenario YAML", arguments: ["compare", "$S/s.yaml"], status: 65, contains: ["s.yaml:"],
                      files: ["s.yaml": "network: x\norigins: {a: [\n"]))
        c.append(Case(label: "works: unknown place", arguments: Array(route.dropLast()) + ["Khabarovskk", "-o", "$S/out"], status: 64,
                      contains: ["Khabarovsk"], intact: ["out"]))
        c.append(Case(label: "works: coordinates off the globe", arguments: ["route", "$NET", "--from", "95,10", "--to", "Khabarovsk"], status: 64,
                      contains: ["95,10"]))
        c.append(Case(label: "works: NaN coordinates as a place", arguments: ["route", "$NET", "--from", "nan,nan", "--to", "Khabarovsk"], status: 64,
                      contains: ["nan,nan"]))
        c.append(Case(label: "works: malformed DIMACS", arguments: ["solve", "$S/x.min"], status: 65, contains: ["x.min:1"],
                      files: ["x.min": "p min two 1\n"]))
        c.append(Case(label: "works: empty DIMACS", arguments: ["solve", "$S/x.min"], status: 65, contains: ["x.min"], files: ["x.min": ""]))
        c.append(Case(label: "works: not a cache, not a manifest", arguments: ["info", "--network", "$S/x.corridor"], status: 65,
                      contains: ["x.corridor"], files: ["x.corridor": "hello"]))
        c.append(Case(label: "works: GeoJSON line source with NaN coordinates", arguments: ["info", "--network", "$S/nan.geojson:road"], status: 65,
                      contains: ["nan.geojson"],
                      files: ["nan.geojson": "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[NaN,43],[131,43]]}}]}"]))
        c.append(Case(label: "works: points as a line source", arguments: ["info", "--network", "$S/p.geojson:road"], status: 65,
                      contains: ["p.geojson"],
                      files: ["p.geojson": "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[131,43]}}]}"]))
        c.append(Case(label: "works: render a file that is not Corridor output", arguments: ["render", "--no-network", "$S/x.geojson", "-o", "$S/out"],
                      status: 65, contains: ["x.geojson"], files: ["x.geojson": "[1,2,3]"], intact: ["out"]))
        c.append(Case(label: "works: output into a missing directory", arguments: route + ["-o", "/nonexistent/r.geojson"], status: 74,
                      contains: ["/nonexistent/r.geojson"]))
        c.append(Case(label: "works: unknown option", arguments: ["route", "--from", "a", "--to", "b", "--frm", "x"], status: 64, contains: ["--frm"]))
        return c + audit
    }()

    /// A part file of a sweep on the fixture network (the identity's checksum is the fixture's, so `merge` gets as
    /// far as the part's own contents); `header` overrides members of the header line, `records` are the record lines.
    static func part(_ header: String = "", unitCount: Int = 2, axes: String = #"[{"name":"samples","size":2,"detail":"2 samples, seed 1"}]"#,
                     records: [String] = [#"{"unit":0,"sample":0,"throughput_tpd":1,"cost_per_day":1,"binding_element_ids":[]}"#,
                                          #"{"unit":1,"sample":1,"throughput_tpd":1,"cost_per_day":1,"binding_element_ids":[]}"#]) -> String {
        let checksum = fixture.flatMap { try? NetworkCache.storedChecksum($0.cache) }.map(SweepIdentity.hex) ?? "0"
        let line = #"{"corridor_sweep":1,"sweep":"0123456789abcdef-\#(checksum)","title":"t","network":"\#(fixture?.cache ?? "")","unit_count":\#(unitCount),"shard":"0/1","axes":\#(axes),"origins":[{"place":"Vladivostok","tonnes_per_day":100}],"destinations":[{"place":"Pyongyang","tonnes_per_day":100}],"demands":[],"baseline":{"throughput_tpd":1,"cost_per_day":1,"binding_element_ids":[]},"fail_element_ids":[]\#(header)}"#
        return ([line] + records).joined(separator: "\n") + "\n"
    }

    /// Item 3 and the commands that landed after the catalogue was first written (interdict, buildup, sweep, merge,
    /// solve --problem/--pairs, --samples/--seed, --html, compare --network/--profile, GIS outputs, DIMACS `.gr`
    /// networks, `--network -`): out-of-range and non-finite numbers, wrong units, empty/truncated/binary files,
    /// YAML type errors with line:column, unwritable second outputs, existing outputs that must stay intact, special
    /// files.
    static let audit: [Case] = {
        var c: [Case] = []
        let binary = String(decoding: [0xFF, 0xFE, 0x00, 0x01, 0x80, 0x9F, 0x0A, 0xC3, 0x28, 0x00], as: UTF8.self)
        let interdict = ["interdict", "$NET", "--from", "Vladivostok", "--to", "Pyongyang"]
        let buildup = ["buildup", "$NET", "--from", "Vladivostok", "--to", "Pyongyang"]
        let route = ["route", "$NET", "--from", "Vladivostok", "--to", "Khabarovsk"]
        // interdict: numbers, cost rules and files, second outputs.
        for budget in ["nan", "-1", "1e300", "inf", "two"] {
            c.append(Case(label: "audit interdict --budget \(budget)", arguments: interdict + ["--budget", budget, "-o", "$S/out"], status: 64,
                          contains: ["--budget"], intact: ["out"]))
        }
        for (option, value) in [("--default-cost", "-1"), ("--default-cost", "nan"), ("--time-limit", "1e300"), ("--unmet-cost", "-5"),
                                ("--cost", "Khasan-Tumangang=nan"), ("--cost", "Khasan-Tumangang=-2"), ("--cost", "=3"), ("--cost", "Khasan-Tumangang")] {
            c.append(Case(label: "audit interdict \(option) \(value)", arguments: interdict + ["--budget", "1", option, value, "-o", "$S/out"],
                          status: 64, contains: [option], intact: ["out"]))
        }
        c.append(Case(label: "audit interdict --costs missing file", arguments: interdict + ["--budget", "1", "--costs", "$S/nope.csv"], status: 66,
                      contains: ["nope.csv"]))
        c.append(Case(label: "audit interdict --costs a directory", arguments: interdict + ["--budget", "1", "--costs", "$S/"], status: 66,
                      contains: ["interdiction costs"]))
        c.append(Case(label: "audit interdict --costs binary", arguments: interdict + ["--budget", "1", "--costs", "$S/c.csv"], status: 65,
                      contains: ["c.csv"], files: ["c.csv": binary]))
        c.append(Case(label: "audit interdict --costs line without a cost", arguments: interdict + ["--budget", "1", "--costs", "$S/c.csv"], status: 65,
                      contains: ["c.csv:2"], files: ["c.csv": "# costs\nKhasan-Tumangang\n"]))
        c.append(Case(label: "audit interdict --costs cost 1e400", arguments: interdict + ["--budget", "1", "--costs", "$S/c.csv"], status: 64,
                      contains: ["c.csv:1"], files: ["c.csv": "Khasan-Tumangang,1e400\n"]))
        c.append(Case(label: "audit interdict -o FILE --svg /nonexistent/x.svg", arguments: interdict + ["--budget", "1", "--no-curve", "--no-greedy", "-o", "$S/out", "--svg", "/nonexistent/x.svg"],
                      status: 74, contains: ["/nonexistent/x.svg"], intact: ["out"]))
        c.append(Case(label: "audit interdict -o FILE --html /nonexistent/x.html", arguments: interdict + ["--budget", "1", "--no-curve", "--no-greedy", "-o", "$S/out", "--html", "/nonexistent/x.html"],
                      status: 74, contains: ["/nonexistent/x.html"], intact: ["out"]))
        for (option, value) in [("--samples", "0"), ("--samples", "1e7"), ("--samples", "nan"), ("--seed", "-1"), ("--seed", "1.5"), ("--seed", "99999999999999999999")] {
            c.append(Case(label: "audit interdict \(option) \(value)", arguments: interdict + ["--budget", "1", option, value, "--format", "json", "-o", "$S/out"],
                          status: 64, contains: [option], intact: ["out"]))
            c.append(Case(label: "audit chokepoints \(option) \(value)", arguments: ["chokepoints", "$NET", "--from", "Vladivostok", "--to", "Pyongyang", option, value, "-o", "$S/out.json"],
                          status: 64, contains: [option], intact: ["out.json"]))
        }
        // buildup: durations with and without units, tonnes.
        for horizon in ["1.5d", "500m", "1e300d", "nan", "0d", "-3d", "30", "36501d"] {
            c.append(Case(label: "audit buildup --horizon \(horizon)", arguments: buildup + ["--horizon", horizon, "-o", "$S/out"], status: 64,
                          contains: ["--horizon"], intact: ["out"]))
        }
        for deliver in ["-1", "nan", "1e300"] {
            c.append(Case(label: "audit buildup --deliver \(deliver)", arguments: buildup + ["--deliver", deliver, "-o", "$S/out"], status: 64,
                          contains: ["--deliver"], intact: ["out"]))
        }
        c.append(Case(label: "audit buildup unknown place, -o FILE intact", arguments: ["buildup", "$NET", "--from", "Vladivostokk", "--to", "Pyongyang", "-o", "$S/out"],
                      status: 64, contains: ["Vladivostok"], intact: ["out"]))
        c.append(Case(label: "audit buildup -o /nonexistent/x", arguments: buildup + ["-o", "/nonexistent/x.csv", "--format", "csv"], status: 74,
                      contains: ["/nonexistent/x.csv"]))
        // sweep and merge: the sweep file, its numbers and types, parts that are not parts.
        let sweepTop = "network: \(fixture?.cache ?? "")\norigins: {Vladivostok: 100}\ndestinations: {Pyongyang: 100}\n"
        for (label, body, at) in [("fail k a word", "axes:\n  fail: {elements: all, k: two}\n", "s.yaml:5:"),
                                  ("samples count 1e300", "axes:\n  samples: {count: 1e300}\n", "s.yaml:5:"),
                                  ("samples seed -1", "axes:\n  samples: {count: 3, seed: -1}\n", "s.yaml:5:"),
                                  ("demands tonnage nan", "demands:\n  - {from: Vladivostok, to: Pyongyang, tonnes_per_day: .nan}\n", "s.yaml:5:"),
                                  ("axes a list", "axes: [fail]\n", "s.yaml:4:"),
                                  ("unknown axis", "axes:\n  fial: {elements: all, k: 1}\n", "s.yaml:5:"),
                                  ("deny regions a number", "axes:\n  deny: {regions: 5}\n", "s.yaml:5:")] {
            c.append(Case(label: "audit sweep file \(label)", arguments: ["sweep", "$S/s.yaml", "-o", "$S/out", "--quiet"], status: 65,
                          contains: [at], files: ["s.yaml": sweepTop + body], intact: ["out"]))
        }
        c.append(Case(label: "audit sweep file empty", arguments: ["sweep", "$S/s.yaml", "--quiet"], status: 65, contains: ["s.yaml"], files: ["s.yaml": ""]))
        c.append(Case(label: "audit sweep file binary", arguments: ["sweep", "$S/s.yaml", "--quiet"], status: 65, contains: ["s.yaml"], files: ["s.yaml": binary]))
        let control = "network: x\norigins: {a\u{01}b: 1}\n"
        c.append(Case(label: "audit scenario file with a control character", arguments: ["compare", "$S/s.yaml", "--quiet"], status: 65,
                      contains: ["s.yaml:2:"], files: ["s.yaml": control]))
        c.append(Case(label: "audit manifest with a control character", arguments: ["info", "--network", "$S/m.yaml"], status: 65,
                      contains: ["m.yaml:2:"], files: ["m.yaml": "sources:\n  - {path: a\u{00}.geojson}\n"]))
        c.append(Case(label: "audit sweep file missing", arguments: ["sweep", "$S/nope.yaml", "--quiet"], status: 66, contains: ["nope.yaml"]))
        c.append(Case(label: "audit sweep file a directory", arguments: ["sweep", "$S/", "--quiet"], status: 66, contains: ["sweep file"]))
        c.append(Case(label: "audit sweep --threads 2^63-1", arguments: ["sweep", "$S/s.yaml", "--threads", "9223372036854775807", "--quiet"], status: 64,
                      contains: ["--threads"], files: ["s.yaml": sweepTop]))
        c.append(Case(label: "audit sweep --shard 3/2", arguments: ["sweep", "$S/s.yaml", "--shard", "3/2", "-o", "$S/out", "--quiet"], status: 64,
                      contains: ["--shard"], files: ["s.yaml": sweepTop], intact: ["out"]))
        c.append(Case(label: "audit sweep --shard 0/2 -o DIRECTORY", arguments: ["sweep", "$S/s.yaml", "--shard", "0/2", "-o", "$S/", "--quiet"], status: 74,
                      contains: ["is a directory"], files: ["s.yaml": sweepTop]))
        for (label, text, at) in [("unit_count -1", part(unitCount: -1), "p.ndjson:1"),
                                  ("unit_count 10^12 with three records", part(unitCount: 1_000_000_000_000, axes: #"[{"name":"samples","size":1000000000000,"detail":"d"}]"#), "missing"),
                                  ("axis size 0", part(unitCount: 0, axes: #"[{"name":"samples","size":0,"detail":"d"}]"#), "p.ndjson:1"),
                                  ("an unknown axis", part(axes: #"[{"name":"bogus","size":2,"detail":"d"}]"#), "p.ndjson:1"),
                                  ("unit_count not the product of the axes", part(unitCount: 3), "p.ndjson:1"),
                                  ("a unit outside the sweep", part(records: [#"{"unit":0,"sample":0,"throughput_tpd":1,"cost_per_day":1,"binding_element_ids":[]}"#, #"{"unit":7,"sample":1,"throughput_tpd":1,"cost_per_day":1,"binding_element_ids":[]}"#]), "7"),
                                  ("throughput 1e300", part(records: [#"{"unit":0,"sample":0,"throughput_tpd":1e300,"cost_per_day":1,"binding_element_ids":[]}"#]), "p.ndjson:2"),
                                  ("element ids that are not ids", part(records: [#"{"unit":0,"sample":0,"throughput_tpd":1,"cost_per_day":1,"binding_element_ids":["edge:-1","x","edge:99999999999"]}"#, #"{"unit":1,"sample":1,"throughput_tpd":1,"cost_per_day":1,"binding_element_ids":[]}"#]), "WORKS"),
                                  ("truncated", String(part().dropLast(40)), "p.ndjson:3"),
                                  ("empty", "", "p.ndjson"),
                                  ("binary", binary, "p.ndjson:1")] {
            if at == "WORKS" {
                c.append(Case(label: "audit merge: \(label)", arguments: ["merge", "$S/p.ndjson", "-o", "$S/dir", "--quiet"], status: 0, contains: [],
                              files: ["p.ndjson": text]))
                continue
            }
            c.append(Case(label: "audit merge: \(label)", arguments: ["merge", "$S/p.ndjson", "-o", "$S/out", "--quiet"], status: 65,
                          contains: [at], files: ["p.ndjson": text], intact: ["out"]))
        }
        c.append(Case(label: "audit merge: missing part", arguments: ["merge", "$S/nope.ndjson", "--quiet"], status: 66, contains: ["nope.ndjson"]))
        c.append(Case(label: "audit merge: a directory as part", arguments: ["merge", "$S/", "--quiet"], status: 66, contains: ["sweep part"]))
        // solve: problem types, pairs, standard input.
        let maxFile = ["t.max": "p max 2 1\nn 1 s\nn 2 t\na 1 2 5\n"]
        c.append(Case(label: "audit solve --problem xyz", arguments: ["solve", "$S/t.max", "--problem", "xyz"], status: 64, contains: ["--problem"], files: maxFile))
        c.append(Case(label: "audit solve --problem sp on a max file", arguments: ["solve", "$S/t.max", "--problem", "sp"], status: 65, contains: ["t.max:1"], files: maxFile))
        c.append(Case(label: "audit solve --problem min on a max file", arguments: ["solve", "$S/t.max", "--problem", "min"], status: 65, contains: ["t.max:1"], files: maxFile))
        c.append(Case(label: "audit solve binary", arguments: ["solve", "$S/b.min"], status: 65, contains: ["b.min"], files: ["b.min": binary]))
        c.append(Case(label: "audit solve - empty standard input", arguments: ["solve", "-", "--problem", "min"], status: 65, contains: ["<stdin>"], stdin: ""))
        c.append(Case(label: "audit solve - truncated standard input", arguments: ["solve", "-"], status: 65, contains: ["<stdin>"], stdin: "p min 2 1\na 1 2 0 5"))
        c.append(Case(label: "audit solve a directory", arguments: ["solve", "$S/"], status: 66, contains: ["cannot read"]))
        let sp = ["g.sp": "p sp 3 2\na 1 2 4\na 2 3 5\n"]
        c.append(Case(label: "audit solve --pairs missing", arguments: ["solve", "$S/g.sp", "--pairs", "$S/nope.txt"], status: 66, contains: ["nope.txt"], files: sp))
        c.append(Case(label: "audit solve --pairs node out of range", arguments: ["solve", "$S/g.sp", "--pairs", "$S/p.txt"], status: 65, contains: ["p.txt:2"],
                      files: sp.merging(["p.txt": "1 3\n1 4\n"]) { a, _ in a }))
        c.append(Case(label: "audit solve --pairs binary", arguments: ["solve", "$S/g.sp", "--pairs", "$S/p.txt"], status: 65, contains: ["p.txt:1"],
                      files: sp.merging(["p.txt": binary]) { a, _ in a }))
        c.append(Case(label: "audit solve --source 2^63", arguments: ["solve", "$S/g.sp", "--source", "9223372036854775808"], status: 64, contains: ["--source"], files: sp))
        c.append(Case(label: "audit solve sp weight 2^40", arguments: ["solve", "$S/w.sp"], status: 65, contains: ["w.sp"], files: ["w.sp": "p sp 2 1\na 1 2 1099511627776\n"]))
        // --html and GIS outputs as second outputs; existing outputs intact.
        c.append(Case(label: "audit route -o FILE --html /nonexistent/x.html", arguments: route + ["-o", "$S/out", "--html", "/nonexistent/x.html"], status: 74,
                      contains: ["/nonexistent/x.html"], intact: ["out"]))
        c.append(Case(label: "audit route -o FILE --html DIRECTORY", arguments: route + ["-o", "$S/out", "--html", "$S/"], status: 74,
                      contains: ["is a directory"], intact: ["out"]))
        c.append(Case(label: "audit route -o x.gpkg --svg /nonexistent/x.svg", arguments: route + ["-o", "$S/out.gpkg", "--svg", "/nonexistent/x.svg"], status: 74,
                      contains: ["/nonexistent/x.svg"], intact: ["out.gpkg"]))
        c.append(Case(label: "audit flow -o x.shp --svg /nonexistent/x.svg", arguments: ["flow", "$NET", "--from", "Vladivostok=100", "--to", "Pyongyang=100", "-o", "$S/out.shp", "--svg", "/nonexistent/x.svg"],
                      status: 74, contains: ["/nonexistent/x.svg"], intact: ["out.shp"]))
        c.append(Case(label: "audit route -o /nonexistent/x.gpkg", arguments: route + ["-o", "/nonexistent/x.gpkg"], status: 74, contains: ["/nonexistent/x.gpkg"]))
        c.append(Case(label: "audit route -o PG: unreachable server", arguments: route + ["-o", "PG:host=/nonexistent-socket-dir dbname=x", "--svg", "$S/out.svg"], status: 74,
                      contains: ["PG:"], intact: ["out.svg"]))
        c.append(Case(label: "audit route --format gpkg to standard output", arguments: route + ["--format", "gpkg"], status: 64, contains: ["gpkg"]))
        c.append(Case(label: "audit route -o x.png (unknown extension)", arguments: route + ["-o", "$S/out.png"], status: 64, contains: ["out.png"], intact: ["out.png"]))
        c.append(Case(label: "audit export --edges FILE --dimacs /bad/x (sp)", arguments: ["export", "$NET", "--edges", "$S/out", "--dimacs", "/bad/x", "--dimacs-kind", "sp"],
                      status: 74, contains: ["/bad/x"], intact: ["out"]))
        c.append(Case(label: "audit export --dimacs FILE --dimacs-kind min without amounts", arguments: ["export", "$NET", "--dimacs", "$S/out", "--dimacs-kind", "min", "--from", "Vladivostok", "--to", "Pyongyang"],
                      status: 64, contains: ["--from"], intact: ["out"]))
        c.append(Case(label: "audit export --edges x.gpkg --nodes /bad/x.gpkg", arguments: ["export", "$NET", "--edges", "$S/out.gpkg", "--nodes", "/bad/x.gpkg"],
                      status: 74, contains: ["/bad/x.gpkg"], intact: ["out.gpkg"]))
        c.append(Case(label: "audit export --edges FILE --nodes SAME FILE (geojson)", arguments: ["export", "$NET", "--edges", "$S/out", "--nodes", "$S/out"],
                      status: 64, contains: ["out"], intact: ["out"]))
        // compare --network / --profile.
        let scenarioText = scenario("")
        c.append(Case(label: "audit compare --network missing", arguments: ["compare", "$S/s.yaml", "--network", "$S/nope.corridor", "-o", "$S/dir", "--quiet"], status: 66,
                      contains: ["nope.corridor"], files: ["s.yaml": scenarioText]))
        c.append(Case(label: "audit compare --network a truncated cache", arguments: ["compare", "$S/s.yaml", "--network", "$S/t.corridor", "--quiet"], status: 65,
                      contains: ["t.corridor"], files: ["s.yaml": scenarioText, "t.corridor": "CORRIDOR\u{01}\u{00}"]))
        c.append(Case(label: "audit compare --profile with a type error", arguments: ["compare", "$S/s.yaml", "--network", "$S/r.geojson", "--profile", "$S/p.yaml", "--quiet"], status: 65,
                      contains: ["p.yaml:2:"], files: ["s.yaml": scenarioText, "p.yaml": "fields: {class: class}\nclasses: [1, 2]\n",
                                                   "r.geojson": #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"class":"road/primary"},"geometry":{"type":"LineString","coordinates":[[131,43],[131.1,43]]}}]}"#]))
        c.append(Case(label: "audit compare --profile missing", arguments: ["compare", "$S/s.yaml", "--network", "$S/r.geojson", "--profile", "$S/nope.yaml", "--quiet"], status: 66,
                      contains: ["nope.yaml"], files: ["s.yaml": scenarioText,
                                                       "r.geojson": #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[131,43],[131.1,43]]}}]}"#]))
        // DIMACS road graphs as networks.
        let gr = "p sp 3 2\na 1 2 4\na 2 3 5\n"
        let co = "p aux sp co 3\nv 1 131000000 43000000\nv 2 131100000 43000000\nv 3 131200000 43000000\n"
        c.append(Case(label: "audit --network x.gr without x.co", arguments: ["info", "--network", "$S/g.gr"], status: 66, contains: ["g.co"], files: ["g.gr": gr]))
        c.append(Case(label: "audit --network x.gr:co=missing", arguments: ["info", "--network", "$S/g.gr:co=$S/nope.co"], status: 66, contains: ["nope.co"], files: ["g.gr": gr]))
        c.append(Case(label: "audit --network .co for fewer nodes", arguments: ["info", "--network", "$S/g.gr"], status: 65, contains: ["g.co"],
                      files: ["g.gr": gr, "g.co": "p aux sp co 2\nv 1 131000000 43000000\nv 2 131100000 43000000\n"]))
        c.append(Case(label: "audit --network .co claiming 4e9 nodes", arguments: ["info", "--network", "$S/g.gr"], status: 65, contains: ["g.co:1"],
                      files: ["g.gr": gr, "g.co": "p aux sp co 4000000000\nv 1 1 1\n"]))
        c.append(Case(label: "audit --network .co off the globe", arguments: ["info", "--network", "$S/g.gr"], status: 65, contains: ["g.co"],
                      files: ["g.gr": gr, "g.co": "p aux sp co 3\nv 1 999000000 43000000\nv 2 131100000 43000000\nv 3 131200000 43000000\n"]))
        c.append(Case(label: "audit --network .gr claiming 4e9 arcs", arguments: ["info", "--network", "$S/g.gr"], status: 65, contains: ["g.gr"],
                      files: ["g.gr": "p sp 3 4000000000\na 1 2 4\n", "g.co": co]))
        c.append(Case(label: "audit --network binary .gr", arguments: ["info", "--network", "$S/g.gr"], status: 65, contains: ["g.gr"], files: ["g.gr": binary, "g.co": co]))
        c.append(Case(label: "audit --network empty .co", arguments: ["info", "--network", "$S/g.gr"], status: 65, contains: ["g.co"], files: ["g.gr": gr, "g.co": ""]))
        // --network - (line data on standard input).
        c.append(Case(label: "audit --network - empty", arguments: ["info", "--network", "-"], status: 65, contains: ["-"], stdin: ""))
        c.append(Case(label: "audit --network - binary", arguments: ["info", "--network", "-"], status: 65, contains: ["-"], stdin: binary))
        c.append(Case(label: "audit --network - truncated GeoJSON", arguments: ["info", "--network", "-"], status: 65, contains: ["-"],
                      stdin: #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[131,43],[13"#))
        c.append(Case(label: "audit --network - twice", arguments: ["info", "--network", "-", "--network", "-"], status: 64, contains: ["-"], stdin: ""))
        // Special files as inputs.
        for (label, arguments) in [("solve /dev/zero", ["solve", "/dev/zero"]), ("render /dev/zero", ["render", "--no-network", "/dev/zero", "-o", "$S/out"]),
                                   ("compare /dev/zero", ["compare", "/dev/zero", "--quiet"]), ("merge /dev/zero", ["merge", "/dev/zero", "--quiet"]),
                                   ("sweep /dev/zero", ["sweep", "/dev/zero", "--quiet"]), ("info --network /dev/zero", ["info", "--network", "/dev/zero"]),
                                   ("interdict --costs /dev/zero", interdict + ["--budget", "1", "--costs", "/dev/zero"])] {
            c.append(Case(label: "audit special input: \(label)", arguments: arguments, status: -1, contains: ["/dev/zero"], intact: arguments.contains("$S/out") ? ["out"] : []))
        }
        return c
    }()

    @Test(arguments: cases) func badInputIsOneLineStatusAndNoClobber(_ entry: Case) throws {
        let fixture = try #require(Self.fixture, "could not build the Far East cache")
        let s = try Scratch()
        for (name, text) in entry.files { try s.write(name, text) }
        for name in entry.intact { try s.write(name, Self.old) }
        let before = s.files
        let arguments = entry.arguments.flatMap { a -> [String] in
            if a == "$NET" { return ["--network", fixture.cache] }
            return [a.replacingOccurrences(of: "$S/", with: s.url.path + "/")]
        }
        let r = try run(arguments, stdout: entry.stdout, stdin: entry.stdin)
        // Status -1: bad data or unreadable input (65 or 66), e.g. a device where a file was expected.
        if entry.status == -1 {
            #expect(r.code == 65 || r.code == 66, "\(entry.label): exit \(r.code), stderr \(r.stderr)")
        } else {
            #expect(r.code == entry.status, "\(entry.label): exit \(r.code), stderr \(r.stderr)")
        }
        if entry.status != 0 {
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            #expect(lines.count == 1, "\(entry.label): \(r.stderr)")
            #expect(r.stderr.hasPrefix("corridor: "), "\(entry.label): \(r.stderr)")
            for text in entry.contains { #expect(r.stderr.contains(text), "\(entry.label): '\(text)' not in \(r.stderr)") }
        }
        for name in entry.intact {
            #expect((try? String(contentsOfFile: s.path(name), encoding: .utf8)) == Self.old, "\(entry.label): \(name) clobbered")
        }
        if entry.status != 0 {
            // No temporary file left behind, and no new file (a failed command writes nothing).
            #expect(s.files == before, "\(entry.label): \(s.files) vs \(before)")
        }
    }

    /// Runs the binary with standard output as the entry says.
    func run(_ arguments: [String], stdout: Case.Stdout, stdin: String? = nil) throws -> RunResult {
        switch stdout {
        case .pipe: return try corridor(arguments, input: stdin.map { Data($0.utf8) })
        case .full, .closed, .brokenPipe:
            let binary = try #require(corridorBinary).path
            let quoted = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            let script: String
            switch stdout {
            case .full: script = "\(quoted) >/dev/full"
            case .closed: script = "\(quoted) >&-"
            default: script = "\(quoted) | head -c 1 >/dev/null; exit ${PIPESTATUS[0]}"
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return RunResult(code: process.terminationStatus, stdout: "", stderr: String(decoding: e, as: UTF8.self))
        }
    }

    /// 5: one flipped bit anywhere in the header, and crafted files with a valid checksum whose values are NaN,
    /// negative or too large to use, are "corrupted" (65), never a trap, and a route with alternatives on them does not start.
    @Test func craftedCachesAreRefused() throws {
        let fixture = try #require(Self.fixture)
        let s = try Scratch()
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.cache)))
        var variants: [(String, [UInt8])] = []
        for byte in 8..<32 {
            for bit in [0, 6, 7] {
                var flipped = original
                flipped[byte] ^= UInt8(1 << bit)
                variants.append(("header byte \(byte) bit \(bit)", flipped))
            }
        }
        variants.append(("truncated", Array(original.prefix(original.count / 2))))
        variants.append(("trailing bytes", original + [0, 0, 0, 0, 0, 0, 0, 0]))
        // Behind a valid checksum: the first edge length (found by its bytes) as NaN and as -1, and a node location.
        let network = try NetworkCache.read(fixture.cache)
        for (label, column, value) in [("length NaN", network.edgeLengthMeters, Double.nan), ("length -1", network.edgeLengthMeters, -1.0),
                                       ("speed +inf", network.edgeSpeedKmh, Double.infinity), ("time NaN", Column(network.edgeTimeSeconds.array), Double.nan),
                                       // Finite but beyond what the analyses can round and sum (found by the cache
                                       // fuzzer: a length above UInt64.max metres trapped in the route's overlap).
                                       ("length 2e19", network.edgeLengthMeters, 2e19), ("length 1e300", network.edgeLengthMeters, 1e300),
                                       ("time 1e300", Column(network.edgeTimeSeconds.array), 1e300)] {
            let needle = Array(column).withUnsafeBytes { Array($0) }
            guard let offset = find(needle, in: original) else { Issue.record("\(label): column not found"); continue }
            var crafted = original
            withUnsafeBytes(of: value) { crafted.replaceSubrange(offset..<offset + 8, with: $0) }
            variants.append((label, NetworkCache.resealed(crafted)))
        }
        for (label, bytes) in variants {
            let path = s.path("c.corridor")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let r = try corridor(["route", "--network", path, "--from", "Vladivostok", "--to", "Khabarovsk", "--alternatives", "2"])
            #expect(r.code == 65, "\(label): \(r.code) \(r.stderr)")
            #expect(r.stderr.hasPrefix("corridor: ") && r.stderr.contains(path) && r.stderr.split(separator: "\n").count == 1,
                    "\(label): \(r.stderr)")
        }
    }

    func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count >= 8, haystack.count >= needle.count else { return nil }
        outer: for start in stride(from: 32, through: haystack.count - needle.count, by: 8) {
            for i in 0..<needle.count where haystack[start + i] != needle[i] { continue outer }
            return start
        }
        return nil
    }

    /// 12: a line across the antimeridian gets an RFC 7946 §5.2 box (west > east), on the feature that crosses and
    /// on the collection, in `export` and in `route`; a line that stays east of it keeps an ordinary box.
    @Test func antimeridianBoundingBoxes() throws {
        let s = try Scratch()
        let line = #"{"type":"Feature","properties":{"highway":"primary"},"geometry":{"type":"LineString","coordinates":%@}}"#
        let features = ["[[179,-17],[179.5,-17]]", "[[179.5,-17],[-179.5,-16.5]]"].map { line.replacingOccurrences(of: "%@", with: $0) }
        try s.write("r.geojson", #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}")
        let network = ["--network", s.path("r.geojson") + ":road"]
        let export = try corridor(["export"] + network + ["--edges", s.path("e.geojson")])
        #expect(export.code == 0, "\(export.stderr)")
        let edges = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: s.path("e.geojson")))) as? [String: Any])
        #expect(edges["bbox"] as? [Double] == [179, -17, -179.5, -16.5])
        let boxes = (edges["features"] as? [[String: Any]] ?? []).compactMap { $0["bbox"] as? [Double] }
        #expect(boxes == [[179, -17, 179.5, -17], [179.5, -17, -179.5, -16.5]])
        let route = try corridor(["route"] + network + ["--from=-17,179", "--to=-16.5,-179.5"])
        #expect(route.code == 0, "\(route.stderr)")
        let routed = try #require(try JSONSerialization.jsonObject(with: Data(route.stdout.utf8)) as? [String: Any])
        #expect(routed["bbox"] as? [Double] == [179, -17, -179.5, -16.5])
    }

    /// 8, 10: special files are written through (never replaced by a regular file), a symlink to a file keeps the
    /// link, and a 255-byte file name works.
    @Test func specialTargetsAndLongNames() throws {
        let fixture = try #require(Self.fixture)
        let s = try Scratch()
        let route = ["route", "--network", fixture.cache, "--from", "Vladivostok", "--to", "Khabarovsk", "-o"]
        var info = stat()
        // A character device: our own when we may make one, else /dev/null.
        let device = mknod(s.path("null"), S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 ? s.path("null") : "/dev/null"
        #expect(try corridor(route + [device]).code == 0)
        stat(device, &info)
        #expect(info.st_mode & S_IFMT == S_IFCHR, "\(device) was replaced")
        // A symlink to /proc/self/fd/1: the output arrives on standard output.
        symlink("/proc/self/fd/1", s.path("fd1"))
        let viaLink = try corridor(route + [s.path("fd1")])
        #expect(viaLink.code == 0 && viaLink.stdout.hasPrefix("{\"type\":\"FeatureCollection\""), "\(viaLink.stderr)")
        lstat(s.path("fd1"), &info)
        #expect(info.st_mode & S_IFMT == S_IFLNK)
        // A FIFO with a reader.
        let fifo = s.path("fifo")
        mkfifo(fifo, 0o600)
        // The reader drains the FIFO with read(2) (Foundation refuses to read a non-regular file by path).
        let reader = Thread {
            let fd = open(fifo, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while fd >= 0 && read(fd, &buffer, buffer.count) > 0 {}
            close(fd)
        }
        reader.start()
        #expect(try corridor(route + [fifo]).code == 0)
        lstat(fifo, &info)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
        // 255 bytes: the longest legal name.
        let long = String(repeating: "r", count: 247) + ".geojson"
        #expect(long.utf8.count == 255)
        let r = try corridor(route + [s.path(long)])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(s.files.contains(long) && !s.files.contains(where: { $0.hasPrefix(".c") }))
    }
}
