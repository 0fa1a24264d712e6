import ArgumentParser
import CorridorKit
import Foundation

/// Options shared by every command that loads a network.
struct NetworkOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A network manifest (.yaml), a .corridor cache, a line data source PATH[:road|rail][@LAYER] ('-': standard input) or a DIMACS road graph X.gr[:co=Y.co]; repeat for several sources. Default: the embedded Far East network.",
        valueName: "network"), completion: .file())
    var network: [String] = []

    @Option(name: .long, help: "Profile: natural-earth, geofabrik, osm, or a YAML file (default: the manifest's, else auto-detected per layer).",
            completion: .file(extensions: ["yaml", "yml"]))
    var profile: String?

    @Option(name: .customLong("assume-crs"), help: "CRS for layers that have none, e.g. EPSG:3857.")
    var assumeCRS: String?

    @Option(name: .customLong("snap-tolerance"), help: "Metres within which vertices of one layer merge (default 1, or the manifest's; 0-1000000).",
            transform: CLINumber.real(InputRules.toleranceMeters))
    var snapTolerance: Double?

    @Option(name: .customLong("country-polygons"), help: ArgumentHelp(
        "Tag edges with countries from polygons: FIELD=PATH[@LAYER] (e.g. ISO_A2=countries.gpkg@countries). Borders become crossings.",
        valueName: "field=path"))
    var countryPolygons: [String] = []

    @Option(name: .customLong("region-polygons"), help: ArgumentHelp(
        "Tag edges with first-level regions from polygons: FIELD=PATH[@LAYER].", valueName: "field=path"))
    var regionPolygons: [String] = []

    @Flag(name: .customLong("node-t-junctions"), help: "A line end lying on another line's segment (within the snap tolerance) splits it there and joins it.")
    var nodeTJunctions = false

    @Flag(name: .customLong("no-auto-crossings"), help: "Borders found from polygons do not become crossings (lines stop at them).")
    var noAutoCrossings = false

    @Option(name: .customLong("auto-crossing-capacity"), help: "Capacity of automatic crossings, t/day (default 5000, or the manifest's).",
            transform: CLINumber.real(InputRules.capacityTonnesPerDay))
    var autoCrossingCapacity: Double?

    @Option(name: .customLong("auto-crossing-delay"), help: "Delay of automatic crossings, hours (default 12, or the manifest's).",
            transform: CLINumber.real(InputRules.delayHours))
    var autoCrossingDelay: Double?

    @Option(name: .customLong("auto-crossing-cost"), help: "Fixed cost per tonne of automatic crossings (default 5, or the manifest's).",
            transform: CLINumber.real(InputRules.cost))
    var autoCrossingCost: Double?

    @Option(name: .customLong("auto-crossing-merge"), help: ArgumentHelp(
        "Metres along a line within which border crossings merge (a line wiggling along a border; default 5000, 0 keeps all).",
        valueName: "metres"), transform: CLINumber.real(InputRules.toleranceMeters))
    var autoCrossingMerge: Double?

    @Flag(name: .long, help: "No progress output.")
    var quiet = false

    func validate() throws {
        for r in countryPolygons + regionPolygons where Self.parseRegion(r, target: .country) == nil {
            throw ValidationError("polygons must be given as FIELD=PATH[@LAYER]: \(r)")
        }
    }

    static func parseRegion(_ text: String, target: RegionPolygons.Target) -> RegionSpec? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let field = String(text[..<eq]), rest = String(text[text.index(after: eq)...])
        guard !field.isEmpty, !rest.isEmpty else { return nil }
        let (path, layer) = VectorDataset.splitLayer(rest)
        return RegionSpec(path: path, layer: layer, field: field, target: target)
    }

    func spec() throws -> NetworkSpec {
        var spec = try NetworkSpec.fromArguments(network)
        spec.profile = profile
        spec.assumeCRS = assumeCRS
        spec.snapToleranceMeters = snapTolerance
        spec.regions = countryPolygons.compactMap { Self.parseRegion($0, target: .country) }
            + regionPolygons.compactMap { Self.parseRegion($0, target: .region) }
        if noAutoCrossings { spec.autoBorderCrossings = false }
        if nodeTJunctions { spec.nodeTJunctions = true }
        spec.autoCrossings = NetworkManifest.AutoCrossings(
            capacityTonnesPerDay: autoCrossingCapacity.map { Int64($0.rounded()) }, delaySeconds: autoCrossingDelay.map { $0 * 3600 },
            cost: autoCrossingCost, mergeMeters: autoCrossingMerge)
        return spec
    }

    /// Loads the network these options describe.
    func load() throws -> Network {
        try NetworkLoader.load(try spec(), progress: ProgressReporter(quiet: quiet))
    }
}
