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
    @Option(name: .customLong("from"), help: "Origin PLACE or PLACE=TONNES (repeatable).")
    var origins: [String] = []
    @Option(name: .customLong("to"), help: "Destination PLACE or PLACE=TONNES (repeatable).")
    var destinations: [String] = []
    @OptionGroup var restrictionOptions: RestrictionOptions
    @Option(name: .customLong("single-track"), help: "Single track (tracks: 1): shared (both directions share its capacity, the default) or per-direction.")
    var singleTrack: SingleTrackOption = .shared
    @Option(help: "How many ranked elements to report (0 skips the ranking; at most 100000).",
            transform: CLINumber.whole(InputRules.rankCount))
    var top: Int = 10
    @OptionGroup var sampling: SamplingOptions
    @Option(name: [.short, .long], help: "Output file (default: standard output).")
    var output: String?
    @Option(help: "Output format: geojson, json or text (default: text on standard output, geojson for a file).")
    var format: FlowFormat?
    @Option(help: ArgumentHelp("Also draw the result as an SVG map.", valueName: "file")) var svg: String?

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        let request = ChokepointRequest(origins: try FlowCLI.sites(origins, amountRequired: false, flag: "--from"),
                                        destinations: try FlowCLI.sites(destinations, amountRequired: false, flag: "--to"),
                                        restrictions: restrictionOptions.restrictions(), top: top,
                                        singleTrackSharesDirections: singleTrack == .shared)
        let chosenFormat = format ?? (output == nil ? .text : .geojson)
        if sampling.samples != nil && chosenFormat == .geojson {
            throw CLIError(message: "--samples: use --format json or text (GeoJSON has no uncertainty section)", exitStatus: .usage)
        }
        let net = try networkOptions.load()
        let result = try FlowAnalyzer(network: net).chokepoints(request)
        let uncertainty = try sampling.run(net, origins: request.origins, destinations: request.destinations,
                                           restrictions: request.restrictions)
        var outputs = OutputTransaction()
        switch chosenFormat {
        case .geojson: outputs.add(output ?? "-", text: FlowOutput.geoJSON(result, network: net))
        case .json: outputs.add(output ?? "-", text: FlowOutput.json(result, uncertainty: uncertainty))
        case .text: outputs.add(output ?? "-", text: FlowOutput.text(result) + (uncertainty.map { UncertaintyOutput.text($0) } ?? ""))
        }
        if let svg {
            let title = "Chokepoints \(origins.joined(separator: ", ")) → \(destinations.joined(separator: ", "))"
            outputs.add(svg) { out in try out.write(MapCLI.svg(MapResults(chokepoints: result, network: net), network: net, title: title)) }
        }
        try outputs.commit()
    }
}
