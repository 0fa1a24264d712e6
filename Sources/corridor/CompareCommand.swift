import ArgumentParser
import CorridorKit
import Foundation

/// `corridor compare`: run every scenario of a file and print one side-by-side table.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run the scenarios of a scenario file side by side: throughput, cost, routes and chokepoints.",
        discussion: Examples.after("""
            The network is the scenario file's `network:` (a manifest or a .corridor cache), unless --network is \
            given. Scenarios run in parallel; output order follows the file. With -o DIR, writes index.html (an offline interactive map: scenario switcher, popups, the table), per-scenario \
            GeoJSON and SVG maps (with -change.svg difference maps against the first scenario), all-scenarios.geojson (a `scenario` property on every feature; \
            with --format gpkg, fgb or shp these layers are GeoPackages with a layer per role, or a FlatGeobuf or Shapefile per role), diff.json \
            against the first scenario, and comparison.md. --samples N --seed S (or analyses.samples and analyses.seed in the file) adds \
            P10/P50/P90 of each scenario's maximum throughput and its cost over N draws of the data's ranges. Exit status: 0 all scenarios ran, 1 a scenario failed \
            (the others still complete and the failure shows in the table), 64 usage, 65 bad data, 66 missing input.
            """, Examples.compare))

    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var file: String
    @Option(name: .long, help: ArgumentHelp(
        "Network manifest, .corridor cache or line data source PATH[:road|rail][@LAYER]; repeat for several sources (default: the scenario file's network).",
        valueName: "network"), completion: .file())
    var network: [String] = []
    @Option(name: .long, help: "Profile for line data sources: natural-earth, geofabrik, osm, or a YAML file (default: auto-detected per layer).")
    var profile: String?
    @Option(name: [.short, .long], help: "Directory for per-scenario GeoJSON and SVG, the combined GeoJSON and the diff.")
    var output: String?
    @Option(help: "Table format on standard output: table, markdown, csv or json; or the format of -o DIR's per-scenario and all-scenarios layers: geojson (the default), gpkg, fgb or shp (the table is then text).")
    var format: CompareFormat = .table
    @Flag(name: .long, help: "Do not write SVG maps.")
    var noSvg = false
    @Option(name: .customLong("background"), help: ArgumentHelp("Polygon layer drawn under the maps (repeatable; default: the embedded country borders and coastline).", valueName: "file[@layer]"))
    var backgrounds: [String] = []
    @OptionGroup var area: MapAreaOptions
    @Option(help: "Width of the maps in pixels (300-20000).")
    var width: Int = 1200
    @Flag(name: .customLong("no-html"), help: "Do not write the interactive map page index.html.")
    var noHtml = false
    @OptionGroup var sampling: SamplingOptions
    @Flag(name: .long, help: "Run scenarios one after another (default: in parallel).")
    var sequential = false
    @Flag(name: .long, help: "No progress output.")
    var quiet = false

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        if output == nil, format.table == .table, format != .table {
            throw CLIError(message: "--format \(format.rawValue) is the format of -o DIR's layers; give -o DIR", exitStatus: .usage)
        }
        // Map options are checked before anything runs.
        var maps = ComparisonMapOptions()
        if output != nil && !noSvg {
            let options = try MapCLI.options(width: width, bbox: area.bbox, inset: area.inset, title: nil)
            maps.width = options.width
            maps.bbox = options.bbox
            maps.inset = options.inset
        }
        if output != nil && (!noSvg || !noHtml) {
            maps.backgrounds = try MapCLI.backgrounds(backgrounds, none: area.noBackground)
        }
        // Leaflet is looked up before anything runs: a missing one fails the command, not half its outputs.
        let leaflet = output != nil && !noHtml ? try LeafletAssets.system() : nil
        var scenarios = try ScenarioFile.load(path: file)
        // --samples and --seed override the file's analyses.samples and analyses.seed.
        if let n = sampling.samples {
            scenarios.analyses.sampling = AnalysisPlan.SamplingPlan(samples: n, seed: sampling.seed ?? scenarios.analyses.sampling?.seed ?? 1)
        } else if let seed = sampling.seed {
            scenarios.analyses.sampling?.seed = seed
        }
        try sampling.check(singleTrackSharesDirections: scenarios.analyses.singleTrackSharesDirections,
                           setting: "single_track: per-direction from the scenario file")
        if scenarios.analyses.sampling != nil && (scenarios.origins.isEmpty || scenarios.destinations.isEmpty) && scenarios.demands.isEmpty {
            throw CLIError(message: "--samples needs the scenario file's 'origins' and 'destinations', or 'demands'", exitStatus: .usage)
        }
        let progress = ProgressReporter(quiet: quiet)
        if let output { try Self.checkOutputDirectory(output) }
        var spec = try NetworkSpec.fromArguments(network.isEmpty ? [scenarios.network] : network)
        spec.profile = profile
        let net = try NetworkLoader.load(spec, progress: progress)
        let comparison = ScenarioRunner.run(scenarios, on: net, parallel: !sequential)
        // The table and the files of -o DIR are one transaction: all written, or none.
        var outputs = OutputTransaction()
        outputs.add("-", text: ComparisonReport.render(comparison, format: format.table))
        if let output {
            let written = ComparisonReport.addOutputs(comparison, to: output, svg: !noSvg, maps: maps, leaflet: leaflet,
                                                      layers: format.layers, into: &outputs)
            let stale = ComparisonReport.staleOutputs(in: output, keeping: written)
            try ComparisonReport.commit(outputs, creating: output)
            // Files of an earlier run that this one did not write again (a scenario renamed, removed, or --no-svg).
            for path in stale { try? FileManager.default.removeItem(atPath: path) }
        } else {
            try outputs.commit()
        }
        if !quiet && isatty(2) != 0 {
            StandardError.write("corridor: \(comparison.outcomes.count) scenarios in \(NumberFormat.fixed(comparison.seconds, decimals: 2)) s\n")
        }
        let failed = comparison.outcomes.filter(\.failed)
        if let first = failed.first {
            let reason = first.firstError ?? ""
            let names = failed.map(\.scenario.name).joined(separator: ", ")
            throw CLIError(message: "\(failed.count) scenario(s) failed (\(names)); first: \(reason)", exitStatus: .noResult)
        }
    }
}

extension CompareCommand {
    /// `-o` names a directory: one that does not exist yet but is named like a file (`x.geojson`) is refused, so it
    /// is not silently made a directory (an existing file is refused by the commit, exit 74).
    static func checkOutputDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return }
        let ext = (path as NSString).pathExtension.lowercased()
        if ComparisonReport.fileExtensions.contains(ext) {
            throw CLIError(message: "-o names the directory for the outputs, not a file (compare writes several files; e.g. -o out): \(path)",
                           exitStatus: .usage)
        }
    }
}

/// `compare --format`: the table's format on standard output, or the format of the result layers in `-o DIR`
/// (per scenario and all scenarios; the table is then the text table).
enum CompareFormat: String, ExpressibleByArgument, CaseIterable {
    case table, markdown, csv, json, geojson, gpkg, fgb, shp

    /// The format of the table on standard output.
    var table: ComparisonFormat { ComparisonFormat(rawValue: rawValue) ?? .table }

    /// The format of the layers in `-o DIR`.
    var layers: OutputFormat {
        switch self {
        case .gpkg: return .gpkg
        case .fgb: return .fgb
        case .shp: return .shp
        default: return .geojson
        }
    }
}
