import ArgumentParser
import CorridorKit
import Foundation

/// `corridor chokepoints`: maximum throughput, minimum cut and the most critical elements.
struct ChokepointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chokepoints",
        abstract: "Maximum throughput between places, its minimum cut, and the elements whose loss hurts most.",
        discussion: """
            Sites are PLACE or PLACE=TONNES (an amount caps the site; without one it is unlimited). Elements ranked: \
            each crossing, terminal, physical line edge (both directions and its dual-gauge twin) and junction \
            (3+ edges), by throughput lost, then cost added (extra cost of shipping what still gets through).
            """)

    @OptionGroup var networkOptions: NetworkOptions
    @Option(name: .customLong("from"), help: "Origin PLACE or PLACE=TONNES (repeatable).")
    var origins: [String] = []
    @Option(name: .customLong("to"), help: "Destination PLACE or PLACE=TONNES (repeatable).")
    var destinations: [String] = []
    @OptionGroup var restrictionOptions: RestrictionOptions
    @Option(name: .customLong("single-track"), help: "Single track (tracks: 1): shared (both directions share its capacity, the default) or per-direction.")
    var singleTrack: SingleTrackOption = .shared
    @Option(help: "How many ranked elements to report (0 skips the ranking).")
    var top: Int = 10
    @Option(name: [.short, .long], help: "Output file (default: standard output).")
    var output: String?
    @Option(help: "Output format: geojson, json or text (default: text on standard output, geojson for a file).")
    var format: FlowFormat?
    @Option(help: ArgumentHelp("Also draw the result as an SVG map.", valueName: "file")) var svg: String?

    func validate() throws {
        if top < 0 { throw ValidationError("--top must be >= 0") }
    }

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        let request = ChokepointRequest(origins: try FlowCLI.sites(origins, amountRequired: false, flag: "--from"),
                                        destinations: try FlowCLI.sites(destinations, amountRequired: false, flag: "--to"),
                                        restrictions: restrictionOptions.restrictions(), top: top,
                                        singleTrackSharesDirections: singleTrack == .shared)
        let net = try networkOptions.load()
        let result = try FlowAnalyzer(network: net).chokepoints(request)
        let map = try svg.map { _ in
            try MapCLI.svg(MapResults(chokepoints: result, network: net), network: net,
                           title: "Chokepoints \(origins.joined(separator: ", ")) → \(destinations.joined(separator: ", "))")
        }
        switch format ?? (output == nil ? .text : .geojson) {
        case .geojson: try FlowCLI.write(FlowOutput.geoJSON(result, network: net), to: output)
        case .json: try FlowCLI.write(FlowOutput.json(result), to: output)
        case .text: try FlowCLI.write(FlowOutput.text(result), to: output)
        }
        if let svg, let map { try AtomicFile.write(map, to: svg) }
    }
}
