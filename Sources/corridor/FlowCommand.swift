import ArgumentParser
import CorridorKit
import Foundation

enum FlowFormat: String, ExpressibleByArgument, CaseIterable { case geojson, json, text }

enum FlowCLI {
    static func write(_ text: String, to output: String?) throws {
        try AtomicFile.write(text, to: output ?? "-")
    }

    static func sites(_ texts: [String], amountRequired: Bool, flag: String) throws -> [FlowSite] {
        guard !texts.isEmpty else { throw ValidationError("at least one \(flag) is required") }
        var sites: [FlowSite] = []
        for t in texts {
            do { sites.append(try FlowSite(parsing: t, amountRequired: amountRequired)) } catch {
                throw ValidationError("\(flag): \(error)")
            }
        }
        return sites
    }
}

/// `corridor flow`: min-cost flow from origins to destinations, with corridors and unmet demand.
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Ship tonnes per day from origins to destinations at minimum cost.",
        discussion: """
            Sites are PLACE=TONNES (a gazetteer name, 'lat,lon' or node:ID, tonnes per day). When demand exceeds \
            what the network can carry, the most that can be delivered is shipped at minimum cost and the unmet \
            demand is reported per destination. Exit status: 0 delivered (in full, or partially without --strict), \
            1 nothing deliverable (or not in full with --strict), 64 usage, 65 bad data, 66 missing input, 74 I/O.
            """)

    @OptionGroup var networkOptions: NetworkOptions
    @Option(name: .customLong("from"), help: "Origin PLACE=TONNES (repeatable).")
    var origins: [String] = []
    @Option(name: .customLong("to"), help: "Destination PLACE=TONNES (repeatable).")
    var destinations: [String] = []
    @OptionGroup var restrictionOptions: RestrictionOptions
    @Flag(help: "Fail (exit 1) unless every destination receives its full demand.")
    var strict = false
    @Option(name: [.short, .long], help: "Output file (default: standard output).")
    var output: String?
    @Option(help: "Output format: geojson, json or text (default: text on standard output, geojson for a file).")
    var format: FlowFormat?
    @Option(help: ArgumentHelp("Also draw the result as an SVG map.", valueName: "file")) var svg: String?

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        let request = FlowRequest(origins: try FlowCLI.sites(origins, amountRequired: true, flag: "--from"),
                                  destinations: try FlowCLI.sites(destinations, amountRequired: true, flag: "--to"),
                                  restrictions: restrictionOptions.restrictions(), requireFullDelivery: strict)
        let net = try networkOptions.load()
        let result = try FlowAnalyzer(network: net).flow(request)
        let map = try svg.map { _ in
            try MapCLI.svg(MapResults(flow: result), network: net,
                           title: "Flow \(origins.joined(separator: ", ")) → \(destinations.joined(separator: ", ")) (t/day)")
        }
        switch format ?? (output == nil ? .text : .geojson) {
        case .geojson: try FlowCLI.write(FlowOutput.geoJSON(result), to: output)
        case .json: try FlowCLI.write(FlowOutput.json(result), to: output)
        case .text: try FlowCLI.write(FlowOutput.text(result), to: output)
        }
        if let svg, let map { try AtomicFile.write(map, to: svg) }
        if result.status == .infeasible {
            throw AnalysisError.infeasible(reason: "nothing can be delivered with these restrictions")
        }
    }
}
