import ArgumentParser
import CorridorKit
import Foundation

/// `corridor chokepoints`: maximum throughput, minimum cut and the most critical elements.
struct ChokepointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chokepoints",
        abstract: "Maximum throughput between places, its minimum cut, and the elements whose loss hurts most.",
        discussion: Examples.after("""
            Sites are PLACE or PLACE=TONNES (an amount caps the site; without one it is unlimited). Elements ranked: \
            each crossing, terminal, physical line edge (both directions and its dual-gauge twin) and junction \
            (3+ edges), by throughput lost, then cost added (extra cost of shipping what still gets through).
            """, Examples.chokepoints))

    @OptionGroup var networkOptions: NetworkOptions
    @Option(name: .customLong("from"), help: "Origin PLACE or PLACE=TONNES (repeatable).", completion: PlaceCompletion.siteKind)
    var origins: [String] = []
    @Option(name: .customLong("to"), help: "Destination PLACE or PLACE=TONNES (repeatable).", completion: PlaceCompletion.siteKind)
    var destinations: [String] = []
    @OptionGroup var restrictionOptions: RestrictionOptions
    @Option(name: .customLong("single-track"), help: "Single track (tracks: 1): shared (both directions share its capacity, the default) or per-direction.")
    var singleTrack: SingleTrackOption = .shared
    @Option(help: "How many ranked elements to report (0 skips the ranking; at most 100000).",
            transform: CLINumber.whole(InputRules.rankCount))
    var top: Int = 10
    @OptionGroup var sampling: SamplingOptions
    @Option(name: [.short, .long], help: "Output: a file (format by extension: .geojson, .geojsonl, .json, .txt, .gpkg, .fgb, .shp, .csv) or PG:<connection> (default: standard output).")
    var output: String?
    @Option(help: ResultCLI.formatHelp)
    var format: OutputFormat?
    @Option(help: "PostGIS table for a PG: output (default: chokepoints; the cut in <table>_cut).") var layer: String?
    @Option(help: ArgumentHelp("Also draw the result as an SVG map.", valueName: "file")) var svg: String?
    @OptionGroup var mapOptions: MapOptions

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        let request = ChokepointRequest(origins: try FlowCLI.sites(origins, amountRequired: false, flag: "--from"),
                                        destinations: try FlowCLI.sites(destinations, amountRequired: false, flag: "--to"),
                                        restrictions: restrictionOptions.restrictions(), top: top,
                                        singleTrackSharesDirections: singleTrack == .shared)
        let chosenFormat = try ResultCLI.format(path: output, requested: format)
        if sampling.samples != nil && chosenFormat != .json && chosenFormat != .text {
            throw CLIError(message: "--samples: use --format json or text (GeoJSON has no uncertainty section)", exitStatus: .usage)
        }
        try sampling.check(singleTrackSharesDirections: request.singleTrackSharesDirections)
        let net = try networkOptions.load()
        let result = try FlowAnalyzer(network: net).chokepoints(request)
        let uncertainty = try sampling.run(net, origins: request.origins, destinations: request.destinations,
                                           restrictions: request.restrictions)
        var outputs = OutputTransaction()
        try ResultCLI.add(to: &outputs, path: output, requested: format, layer: layer,
                          report: { $0 == .json ? FlowOutput.json(result, uncertainty: uncertainty)
                                                : FlowOutput.text(result) + (uncertainty.map { UncertaintyOutput.text($0) } ?? "") },
                          document: { FlowOutput.document(result, network: net) })
        if let svg {
            try ResultCLI.addSVG(to: &outputs, svg) {
                try MapCLI.svg(MapResults(chokepoints: result, network: net), network: net,
                               title: "Chokepoints \(origins.joined(separator: ", ")) → \(destinations.joined(separator: ", "))", map: mapOptions)
            }
        }
        if let html = mapOptions.html {
            // Leaflet is read here, before the commit: without it nothing is written.
            let page = try MapCLI.page(FlowOutput.document(result, network: net), sites: MapResults(chokepoints: result, network: net).sites, network: net,
                                       title: "Chokepoints \(origins.joined(separator: ", ")) → \(destinations.joined(separator: ", "))", map: mapOptions)
            outputs.add(html, text: page)
        }
        try outputs.commit()
    }
}
