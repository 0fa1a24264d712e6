import ArgumentParser
import CorridorKit

/// `corridor reach`: everything reachable within a time or distance budget from one or more places.
struct ReachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Edges reachable within a time or distance budget (partial edges cut at the budget).",
        discussion: Examples.reach)

    @OptionGroup var network: NetworkOptions

    @Option(help: "Source: place name, 'lat,lon' or 'node:ID' (repeatable).", completion: PlaceCompletion.kind) var from: [String]
    @Option(help: "Budget: a duration (12h, 90min, 3600s, 2d) or a distance (500km, 0.5km); 90m is refused as ambiguous.",
            transform: CLINumber.measure([.duration, .distance]))
    var within: Measure
    @OptionGroup var restrictions: RestrictionOptions
    @Option(help: "Reject sources farther than this from the network, in km (0-20040).",
            transform: CLINumber.real(InputRules.snapKilometres))
    var maxSnap: Double = 25
    @Option(name: .shortAndLong, help: "Output: a file (format by extension: .geojson, .geojsonl, .json, .txt, .gpkg, .fgb, .shp, .csv) or PG:<connection> (default: standard output).") var output: String?
    @Option(help: ResultCLI.formatHelp) var format: OutputFormat?
    @Option(help: "PostGIS table for a PG: output (default: reach).") var layer: String?
    @Option(help: ArgumentHelp("Also draw the result as an SVG map.", valueName: "file")) var svg: String?
    @OptionGroup var mapOptions: MapOptions

    func validate() throws {
        guard !from.isEmpty else { throw ValidationError("at least one --from is required") }
    }

    func run() throws {
        reportingErrors { try execute() }
    }

    func execute() throws {
        let net = try network.load()
        let result = try Router(network: net).reach(
            from: from.map { Endpoint(parsing: $0) }, within: within,
            restrictions: restrictions.restrictions(), maxSnapMeters: maxSnap * 1000)
        var outputs = OutputTransaction()
        try ResultCLI.add(to: &outputs, path: output, requested: format, layer: layer,
                          report: { $0 == .json ? ReachOutput.json(result, network: net) : ReachOutput.text(result, network: net) },
                          document: { ReachOutput.document(result, network: net) })
        if let svg {
            try ResultCLI.addSVG(to: &outputs, svg) {
                try MapCLI.svg(MapResults(reach: result, network: net), network: net,
                               title: "Reach within \(within) from \(result.sources.map(\.label).joined(separator: ", "))", map: mapOptions)
            }
        }
        if let html = mapOptions.html {
            // Leaflet is read here, before the commit: without it nothing is written.
            let page = try MapCLI.page(ReachOutput.document(result, network: net), sites: MapResults(reach: result, network: net).sites, network: net,
                                       title: "Reach within \(within) from \(result.sources.map(\.label).joined(separator: ", "))", map: mapOptions)
            outputs.add(html, text: page)
        }
        try outputs.commit()
    }
}
