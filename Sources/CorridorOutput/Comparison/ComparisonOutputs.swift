import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

extension ComparisonReport {
    /// Writes, into `directory` (created if missing): `<scenario>.geojson` (routes, flows, chokepoints, each feature
    /// tagged with `scenario` and `analysis`), `<scenario>.svg`, `all-scenarios.geojson` (every feature of every
    /// scenario), `diff.json` (against the first scenario) and `comparison.md`; with `svg`, the maps of
    /// `scenarioMaps` (`<scenario>.svg`, `<scenario>-change.svg`); with `leaflet`, `index.html` (the interactive
    /// page of `mapPage`: scenario switcher, popups, table). Returns the paths written, sorted.
    /// All of them or none (one `OutputTransaction`); a directory this call created is removed again on failure.
    @discardableResult
    public static func writeOutputs(_ c: Comparison, to directory: String, svg: Bool = true,
                                    maps: ComparisonMapOptions = ComparisonMapOptions(), leaflet: LeafletAssets? = nil,
                                    layers: OutputFormat = .geojson) throws -> [String] {
        var outputs = OutputTransaction()
        let written = addOutputs(c, to: directory, svg: svg, maps: maps, leaflet: leaflet, layers: layers, into: &outputs)
        try commit(outputs, creating: directory)
        return written
    }

    /// Adds the outputs of `writeOutputs` to a transaction (so a command can commit them with others, such as
    /// the table on standard output); returns their paths, sorted. Nothing is written until the commit, which
    /// needs `directory` to exist (`commit(_:creating:)` makes it).
    @discardableResult
    public static func addOutputs(_ c: Comparison, to directory: String, svg: Bool = true,
                                  maps: ComparisonMapOptions = ComparisonMapOptions(), leaflet: LeafletAssets? = nil,
                                  layers: OutputFormat = .geojson, into outputs: inout OutputTransaction) -> [String] {
        var written: [String] = []
        var combined: [OutputFeature] = []
        var combinedTags: [[(String, String)]] = []
        let scenarios = c.outcomes.map { scenarioFeatures($0) }
        let roles = layerRoles(c)
        for (o, (features, tags)) in zip(c.outcomes, scenarios) {
            combined += features
            combinedTags += tags
            written += addLayers(features, tags: tags, corridor: record(c, scenario: o), roles: roles, format: layers,
                                 stem: (directory as NSString).appendingPathComponent(fileName(o.scenario.name)), into: &outputs)
        }
        if svg {
            for map in scenarioMaps(c, options: maps) {
                let svgPath = (directory as NSString).appendingPathComponent(map.name)
                outputs.add(svgPath, text: map.svg)
                written.append(svgPath)
            }
        }
        if let leaflet {
            let page = (directory as NSString).appendingPathComponent("index.html")
            let builder = mapPage(c, backgrounds: maps.backgrounds)
            outputs.add(page) { out in try out.write(builder.render(leaflet: leaflet)) }
            written.append(page)
        }
        written += addLayers(combined, tags: combinedTags, corridor: record(c, scenario: nil), roles: roles, format: layers,
                             stem: (directory as NSString).appendingPathComponent("all-scenarios"), into: &outputs)
        let diffPath = (directory as NSString).appendingPathComponent("diff.json")
        outputs.add(diffPath, text: diff(c))
        let table = (directory as NSString).appendingPathComponent("comparison.md")
        outputs.add(table, text: render(c, format: .markdown))
        written += [diffPath, table]
        // The list of what this run wrote, so that the next run removes only its own stale files.
        let manifest = (directory as NSString).appendingPathComponent(outputManifestName)
        outputs.add(manifest, text: written.map { ($0 as NSString).lastPathComponent }.sorted().joined(separator: "\n") + "\n")
        written.append(manifest)
        return written.sorted()
    }

    /// The file in a `compare -o DIR` directory listing the files the last run wrote there (one name a line).
    public static let outputManifestName = ".corridor-compare-outputs"

    /// Files an earlier run listed in `directory`'s output manifest that this run (`written`, paths) does not
    /// write again: only plain names of that directory (no `/`, no `..`) that are still files there. Scenarios
    /// renamed or removed since leave no stale maps or GeoJSON behind; a file compare never listed is never touched
    /// (but for a listed Shapefile's `.shx`, `.dbf`, `.prj`, `.cpg`).
    public static func staleOutputs(in directory: String, keeping written: [String]) -> [String] {
        let manifest = (directory as NSString).appendingPathComponent(outputManifestName)
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else { return [] }
        let keep = Set(written.map { ($0 as NSString).lastPathComponent })
        var stale: [String] = []
        for name in text.split(separator: "\n").map(String.init) {
            guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", name != outputManifestName,
                  !keep.contains(name) else { continue }
            // A Shapefile is listed by its .shp; the files GDAL writes beside it go with it.
            let sidecars = name.lowercased().hasSuffix(".shp")
                ? ["shx", "dbf", "prj", "cpg"].map { String(name.dropLast(3)) + $0 }.filter { !keep.contains($0) } : []
            for file in [name] + sidecars {
                let path = (directory as NSString).appendingPathComponent(file)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { stale.append(path) }
            }
        }
        return stale.sorted()
    }

    /// Extensions of output files, which `compare -o` refuses as a directory name that does not exist yet (so that
    /// `-o x.geojson` is not silently made a directory).
    public static let fileExtensions: Set<String> = ["geojson", "geojsonl", "geojsons", "json", "svg", "md", "csv", "txt",
                                                     "gpkg", "shp", "fgb", "html", "yaml", "yml", "corridor"]

    /// Commits `outputs` after making `directory` (and missing parents); on failure the directories made here
    /// are removed again, so a failed command leaves the file system as it was.
    /// - Throws: `OutputError` when `directory` exists but is not a directory or cannot be made, or the
    ///   transaction's error.
    public static func commit(_ outputs: OutputTransaction, creating directory: String) throws {
        guard !directory.isEmpty else { throw OutputError.invalidPath(path: directory, reason: "empty directory name") }
        // Walk up to the nearest existing ancestor; it must be a directory (a file there is an I/O error, 74).
        var missing: [String] = []
        var path = directory
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            missing.append(path)
            let parent = (path as NSString).deletingLastPathComponent
            path = parent.isEmpty ? "." : parent
            if path == missing.last { break }
        }
        guard isDirectory.boolValue else {
            throw OutputError.cannotWrite(path: directory, reason: path == directory ? "not a directory" : "\(path) is not a directory")
        }
        var created: [String] = []
        for dir in missing.reversed() {
            guard mkdir(dir, 0o777) == 0 || errno == EEXIST else {
                let reason = String(cString: strerror(errno))
                for d in created.reversed() { rmdir(d) }
                throw OutputError.cannotWrite(path: directory, reason: reason)
            }
            created.append(dir)
        }
        do { try outputs.commit() } catch {
            for d in created.reversed() { rmdir(d) }
            throw error
        }
    }

    /// Adds the result layers of one scenario (or of all) at `stem` + the format's extension: a GeoJSON
    /// FeatureCollection with per-feature tags, or through `GISOutput` a GeoPackage with one layer per role of
    /// `roles` (every file the same layers, empty ones too), a FlatGeobuf or Shapefile per role
    /// (`<stem>-<layer>.<ext>`), the tags `scenario` and `analysis` as the first fields. Returns the files added.
    static func addLayers(_ features: [OutputFeature], tags: [[(String, String)]], corridor: String, roles: [FeatureRole],
                          format: OutputFormat, stem: String, into outputs: inout OutputTransaction) -> [String] {
        guard format != .geojson else {
            let path = stem + ".geojson"
            outputs.add(path, text: GeoJSONOutput.collection(features, tags: tags, corridor: corridor))
            return [path]
        }
        let tagged = zip(features, tags).map { f, t in
            OutputFeature(role: f.role, geometry: f.geometry,
                          properties: t.map { OutputFeature.Property($0.0, .text($0.1)) } + f.properties, id: f.id)
        }
        let document = ResultDocument(command: "compare", roles: roles, features: tagged, corridor: corridor)
        return GISOutput.add(document, format: format, path: stem + "." + format.rawValue, to: &outputs)
    }

    /// The layers of a comparison's GIS outputs: the roles of every analysis the scenario file asks for, in the
    /// order of a scenario's GeoJSON (route, flow, chokepoints, interdiction), each once.
    static func layerRoles(_ c: Comparison) -> [FeatureRole] {
        var roles: [FeatureRole] = []
        for (features, _) in c.outcomes.map({ scenarioFeatures($0) }) {
            for f in features where !roles.contains(f.role) { roles.append(f.role) }
        }
        return roles.isEmpty ? [.route] : roles
    }

    /// A file-system-safe name for a scenario (`Scenario.fileStem`).
    static func fileName(_ name: String) -> String { Scenario.fileStem(name) }

    /// Every result feature of a scenario (route, flow, chokepoints, interdiction), each with its tags `scenario` and
    /// `analysis`.
    static func scenarioFeatures(_ o: ScenarioOutcome) -> ([OutputFeature], [[(String, String)]]) {
        guard let network = o.network else { return ([], []) }
        var features: [OutputFeature] = []
        var tags: [[(String, String)]] = []
        func add(_ document: ResultDocument, analysis: String) {
            features += document.features
            tags += Array(repeating: [("scenario", o.scenario.name), ("analysis", analysis)], count: document.features.count)
        }
        if let r = o.route { add(RouteOutput.document(r, network: network, scenario: o.scenario.name), analysis: "route") }
        if let f = o.flow { add(FlowOutput.document(f, scenario: o.scenario.name), analysis: "flow") }
        if let k = o.chokepoints { add(FlowOutput.document(k, network: network, scenario: o.scenario.name), analysis: "chokepoints") }
        if let i = o.interdiction { add(InterdictionOutput.document(i, network: network, scenario: o.scenario.name), analysis: "interdict") }
        return (features, tags)
    }

    /// The query record of a comparison file: one scenario's, or (nil) that of every scenario.
    static func record(_ c: Comparison, scenario o: ScenarioOutcome?) -> String {
        let network = o?.network ?? c.outcomes.first?.network
        return QueryRecord.json(command: "compare", network: network, scenario: o?.scenario.name,
                                restrictions: o?.route?.request.restrictions ?? o?.flow?.request.restrictions,
                                notes: o?.notes ?? []) { w in
            w.field("title", c.file.title)
            w.field("scenarios", strings: c.outcomes.map(\.scenario.name))
            if let o { w.field("description", o.scenario.description) }
        }
    }

    /// What a scenario's map draws: its routes (with their endpoints), flows and chokepoints, from the typed results
    /// (the same features as its GeoJSON file, which carries no run summary: no flow sites or headline notes).
    static func scenarioMap(_ o: ScenarioOutcome) -> MapResults {
        guard let network = o.network else { return MapResults() }
        var results = MapResults()
        if let r = o.route { results.append(MapResults(route: r, network: network)) }
        if let f = o.flow { results.append(MapResults(flow: f, summary: false)) }
        if let k = o.chokepoints { results.append(MapResults(chokepoints: k, network: network, summary: false)) }
        return results
    }

    /// Differences against the first scenario: edges whose flow changed most, whether the best route moved, and which
    /// chokepoints appeared or vanished. Edge ids of the baseline are stable across scenarios (added edges come last).
    public static func diff(_ c: Comparison, topEdges: Int = 20) -> String {
        var w = JSONWriter()
        w.beginObject()
        guard let base = c.outcomes.first else { w.endObject(); return w.text + "\n" }
        w.field("baseline", base.scenario.name)
        w.key("scenarios"); w.beginArray()
        for o in c.outcomes.dropFirst() {
            w.beginObject()
            w.field("scenario", o.scenario.name)
            // Flow changes per edge.
            w.key("flow_changes"); w.beginArray()
            if let bf = base.flow, let f = o.flow, let network = o.network {
                var changes: [(edge: Int, before: Double, after: Double)] = []
                for e in 0..<max(bf.edgeFlow.count, f.edgeFlow.count) {
                    let before = e < bf.edgeFlow.count ? bf.edgeFlow[e] : 0
                    let after = e < f.edgeFlow.count ? f.edgeFlow[e] : 0
                    if before != after { changes.append((e, before, after)) }
                }
                changes.sort { (abs($0.after - $0.before), $1.edge) > (abs($1.after - $1.before), $0.edge) }
                for ch in changes.prefix(topEdges) {
                    w.beginObject()
                    w.field("edge_id", ch.edge)
                    w.field("name", network.name(ofEdge: ch.edge))
                    w.field("kind", network.edgeKind[ch.edge].description)
                    w.field("country", network.country(ofEdge: ch.edge))
                    w.field("flow_before_tpd", ch.before)
                    w.field("flow_after_tpd", ch.after)
                    w.field("change_tpd", ch.after - ch.before)
                    w.endObject()
                }
            }
            w.endArray()
            // Route movement: share of the baseline best route's length still used.
            w.key("route"); w.beginObject()
            if let b = base.route?.routes.first, let network = base.network {
                if let r = o.route?.routes.first {
                    let kept = Set(r.edges)
                    let sharedMeters = b.edges.filter { kept.contains($0) }.reduce(0.0) { $0 + network.edgeLengthMeters[Int($1)] }
                    let share = b.distanceMeters > 0 ? sharedMeters / b.distanceMeters : 1
                    w.field("moved", r.edges != b.edges)
                    w.field("shared_with_baseline", share, decimals: 3)
                    w.field("time_change_h", (r.timeSeconds - b.timeSeconds) / 3600, decimals: 3)
                    w.field("length_change_m", r.distanceMeters - b.distanceMeters, decimals: 1)
                    w.field("crossings_before", strings: b.crossings)
                    w.field("crossings_after", strings: r.crossings)
                } else {
                    w.field("moved", true)
                    w.field("no_route", o.routeError ?? "no route")
                }
            }
            w.endObject()
            // Chokepoints: min-cut elements by name.
            let before = Set(base.chokepoints?.cut.map(\.name) ?? [])
            let after = Set(o.chokepoints?.cut.map(\.name) ?? [])
            w.field("chokepoints_appeared", strings: after.subtracting(before).sorted())
            w.field("chokepoints_vanished", strings: before.subtracting(after).sorted())
            if let bt = base.chokepoints?.maxThroughputTonnesPerDay, let t = o.chokepoints?.maxThroughputTonnesPerDay {
                w.field("max_throughput_change_tpd", t - bt)
            }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }
}
