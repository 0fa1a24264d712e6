import ArgumentParser
import CorridorKit
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the built network as GeoJSON (edges as LineStrings, nodes as Points) or as a DIMACS problem.",
        discussion: """
            --dimacs writes the network, seen through the restrictions, as a DIMACS file for other solvers: \
            sp (arc weights of --metric), max (capacities from --from sites to --to sites through a super source \
            and sink) or min (capacities and costs; sites need PLACE=TONNES). Node v is DIMACS node v+1; \
            comment lines name the site and super nodes.
            """)

    @OptionGroup var networkOptions: NetworkOptions
    @Option(name: .long, help: "GeoJSON file for edges ('-' = standard output).") var edges: String?
    @Option(name: .long, help: "GeoJSON file for nodes.") var nodes: String?
    @Option(name: .long, help: ArgumentHelp("DIMACS file to write ('-' = standard output).", valueName: "file")) var dimacs: String?
    @Option(name: .customLong("dimacs-kind"), help: "DIMACS problem: sp, max or min.") var dimacsKind: DIMACSExportKind = .shortestPath
    @Option(help: "Weights of an sp export: time, distance or cost.") var metric: Metric = .cost
    @Option(name: .customLong("from"), help: "Origin PLACE or PLACE=TONNES for max/min exports (repeatable).") var origins: [String] = []
    @Option(name: .customLong("to"), help: "Destination PLACE or PLACE=TONNES for max/min exports (repeatable).") var destinations: [String] = []
    @OptionGroup var restrictionOptions: RestrictionOptions

    func validate() throws {
        if edges == nil && nodes == nil && dimacs == nil { throw ValidationError("give --edges FILE, --nodes FILE and/or --dimacs FILE") }
        if [edges, nodes, dimacs].filter({ $0 == "-" }).count > 1 { throw ValidationError("only one output can be '-'") }
    }

    func run() throws {
        reportingErrors {
            let network = try networkOptions.load()
            // Render everything before writing anything, so a failure leaves no partial set of outputs.
            var outputs: [(path: String, text: String)] = []
            if let edges { outputs.append((edges, NetworkGeoJSON.edges(network))) }
            if let nodes { outputs.append((nodes, NetworkGeoJSON.nodes(network))) }
            if let dimacs {
                let amountRequired = dimacsKind == .minCost
                let text = try FlowAnalyzer(network: network).dimacs(
                    dimacsKind, restrictions: restrictionOptions.restrictions(),
                    origins: origins.isEmpty ? [] : try FlowCLI.sites(origins, amountRequired: amountRequired, flag: "--from"),
                    destinations: destinations.isEmpty ? [] : try FlowCLI.sites(destinations, amountRequired: amountRequired, flag: "--to"),
                    metric: metric)
                outputs.append((dimacs, text))
            }
            for output in outputs { try AtomicFile.write(output.text, to: output.path) }
        }
    }
}
extension DIMACSExportKind: ExpressibleByArgument {}
