import ArgumentParser
import CorridorKit

/// `corridor reach`: everything reachable within a time or distance budget from one or more places.
struct ReachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Edges reachable within a time or distance budget (partial edges cut at the budget).")

    @OptionGroup var network: NetworkOptions

    @Option(help: "Source: place name, 'lat,lon' or 'node:ID' (repeatable).") var from: [String]
    @Option(help: "Budget: e.g. 12h, 90m (minutes), 3600s or 500km.") var within: String
    @OptionGroup var restrictions: RestrictionOptions
    @Option(help: "Reject sources farther than this from the network, in km.") var maxSnap: Double = 25
    @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?
    @Option(help: "Output format: geojson, geojsonseq, json or text.") var format: RouteFormat = .geojson
    @Option(help: ArgumentHelp("Also draw the result as an SVG map.", valueName: "file")) var svg: String?

    func validate() throws {
        guard ReachBudget(parsing: within) != nil else {
            throw ValidationError("--within must be a number with a unit h, m (minutes), s or km, e.g. 12h or 500km")
        }
        guard !from.isEmpty else { throw ValidationError("at least one --from is required") }
    }

    func run() throws {
        reportingErrors { try execute() }
    }

    func execute() throws {
        let net = try network.load()
        let result = try Router(network: net).reach(
            from: from.map { Endpoint(parsing: $0) }, within: ReachBudget(parsing: within)!,
            restrictions: restrictions.restrictions(), maxSnapMeters: maxSnap * 1000)
        let text: String
        switch format {
        case .geojson: text = ReachOutput.geoJSON(result, network: net)
        case .geojsonseq: text = ReachOutput.geoJSONSeq(result, network: net)
        case .json: text = ReachOutput.json(result, network: net)
        case .text: text = ReachOutput.text(result, network: net)
        }
        let map = try svg.map { _ in
            try MapCLI.svg(MapResults(reach: result, network: net), network: net,
                           title: "Reach within \(within) from \(result.sources.map(\.label).joined(separator: ", "))")
        }
        try AtomicFile.write(text, to: output ?? "-")
        if let svg, let map { try AtomicFile.write(map, to: svg) }
    }
}
