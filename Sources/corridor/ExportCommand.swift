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
    @Option(name: .long, help: "Edges: a file (format by extension: .geojson, .geojsonl, .gpkg, .fgb, .shp, .csv; '-' = GeoJSON on standard output) or PG:<connection>.") var edges: String?
    @Option(name: .long, help: "Nodes, like --edges; the same .gpkg or PG: as --edges puts both layers in it.") var nodes: String?
    @Option(help: "PostGIS table of the edges for a PG: output (default: edges; the nodes in <table>_nodes, else nodes).") var layer: String?
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
            // All outputs or none (OutputTransaction): a failure leaves every existing file and table intact.
            var outputs = OutputTransaction()
            let formats: [OutputFormat] = [.geojson, .geojsonseq, .gpkg, .fgb, .shp, .csv, .postgis]
            func format(_ path: String, _ option: String) throws -> OutputFormat {
                try OutputFormat.resolve(path: path, requested: nil, supported: formats, shape: .features, option: option)
            }
            func add(_ document: @escaping () -> ResultDocument, _ path: String, _ f: OutputFormat, layer: String?) {
                switch f {
                case .geojson: outputs.add(path) { out in try out.write(GeoJSONOutput.collection(document())) }
                case .geojsonseq: outputs.add(path) { out in try out.write(GeoJSONOutput.sequence(document())) }
                default: GISOutput.add(document(), format: f, path: path, layer: layer, to: &outputs)
                }
            }
            let edgeFormat = try edges.map { try format($0, "--edges") }
            let nodeFormat = try nodes.map { try format($0, "--nodes") }
            if layer != nil, edgeFormat != .postgis, nodeFormat != .postgis {
                throw CLIError(message: "--layer names a PostGIS table; no output is PG:", exitStatus: .usage)
            }
            if let edges, let nodes, edges == nodes, let f = edgeFormat, f == .gpkg || f == .postgis {
                // One GeoPackage or database with both layers.
                add({
                    var both = NetworkGeoJSON.edgeDocument(network)
                    both.roles.append(.node)
                    both.features += NetworkGeoJSON.nodeDocument(network).features
                    return both
                }, edges, f, layer: layer)
            } else {
                if let edges, let f = edgeFormat { add({ NetworkGeoJSON.edgeDocument(network) }, edges, f, layer: layer) }
                if let nodes, let f = nodeFormat {
                    add({ NetworkGeoJSON.nodeDocument(network) }, nodes, f, layer: layer.map { $0 + "_nodes" })
                }
            }
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
