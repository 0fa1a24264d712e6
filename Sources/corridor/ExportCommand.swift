import ArgumentParser
import CorridorKit
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the built network as GeoJSON (edges as LineStrings, nodes as Points) or as a DIMACS problem.",
        discussion: Examples.after("""
            --dimacs writes the network, seen through the restrictions, as a DIMACS file for other solvers: \
            sp (arc weights of --metric), max (capacities from --from sites to --to sites through a super source \
            and sink) or min (capacities and costs; sites need PLACE=TONNES). Node v is DIMACS node v+1; \
            comment lines name the site and super nodes.
            """, Examples.export))

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
            // All outputs or none (OutputTransaction): a failure leaves every existing file intact.
            var outputs = OutputTransaction()
            if let edges { outputs.add(edges) { out in try out.write(NetworkGeoJSON.edges(network)) } }
            if let nodes { outputs.add(nodes) { out in try out.write(NetworkGeoJSON.nodes(network)) } }
            if let dimacs {
                let amountRequired = dimacsKind == .minCost
                let text = try FlowAnalyzer(network: network).dimacs(
                    dimacsKind, restrictions: restrictionOptions.restrictions(),
                    origins: origins.isEmpty ? [] : try FlowCLI.sites(origins, amountRequired: amountRequired, flag: "--from"),
                    destinations: destinations.isEmpty ? [] : try FlowCLI.sites(destinations, amountRequired: amountRequired, flag: "--to"),
                    metric: metric)
                outputs.add(dimacs, text: text)
            }
            try outputs.commit()
        }
    }
}
extension DIMACSExportKind: ExpressibleByArgument {}
