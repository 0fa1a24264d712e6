import ArgumentParser
import CorridorKit
import Foundation

/// Restriction flags shared by `flow` and `chokepoints` (same spelling as `route`).
struct FlowRestrictionOptions: ParsableArguments {
    @Option(name: .long, help: "Allowed modes, comma-separated: road, rail (default: both).")
    var mode: String?
    @Option(name: .customLong("avoid-country"), help: "ISO country code whose edges and crossings are closed (repeatable).")
    var avoidCountry: [String] = []
    @Option(name: .customLong("avoid-region"), help: "Region whose edges are closed (repeatable).")
    var avoidRegion: [String] = []
    @Option(name: .long, help: "Close a crossing, terminal, place, edge:ID or node:ID (repeatable).")
    var close: [String] = []

    func restrictions() throws -> Restrictions {
        var modes: Set<TransportMode>?
        if let mode {
            var set = Set<TransportMode>()
            for part in mode.split(separator: ",") {
                guard let m = TransportMode(name: part.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("unknown mode '\(part)' (expected road or rail)")
                }
                set.insert(m)
            }
            modes = set
        }
        return Restrictions(modes: modes, avoidCountries: Set(avoidCountry.flatMap { $0.split(separator: ",").map(String.init) }),
                            avoidRegions: Set(avoidRegion), close: close)
    }
}

enum FlowFormat: String, ExpressibleByArgument, CaseIterable { case geojson, json, text }

enum FlowCLI {
    /// The house exit code for an analysis error, with where it happened.
    static func fail(_ error: AnalysisError, where place: String) -> CLIError {
        switch error {
        case .infeasible, .noRoute: return CLIError(message: "\(error): \(place)", code: CLIError.noResult)
        case .overflow: return CLIError(message: "\(error): \(place)", code: CLIError.dataError)
        default: return CLIError(message: "\(error): \(place)", code: CLIError.usage)
        }
    }

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
    @OptionGroup var restrictionOptions: FlowRestrictionOptions
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
                                  restrictions: try restrictionOptions.restrictions(), requireFullDelivery: strict)
        let net = try networkOptions.load()
        let result: FlowResult
        do { result = try FlowAnalyzer(network: net).flow(request) } catch {
            throw FlowCLI.fail(error, where: "flow")
        }
        let map = try svg.map { _ in
            try MapCLI.svg(geoJSON: FlowOutput.geoJSON(result), network: net,
                           title: "Flow \(origins.joined(separator: ", ")) → \(destinations.joined(separator: ", ")) (t/day)")
        }
        switch format ?? (output == nil ? .text : .geojson) {
        case .geojson: try FlowCLI.write(FlowOutput.geoJSON(result), to: output)
        case .json: try FlowCLI.write(FlowOutput.json(result), to: output)
        case .text: try FlowCLI.write(FlowOutput.text(result), to: output)
        }
        if let svg, let map { try AtomicFile.write(map, to: svg) }
        if result.status == .infeasible {
            throw FlowCLI.fail(.infeasible(reason: "nothing can be delivered with these restrictions"), where: "flow")
        }
    }
}
