import ArgumentParser
import CorridorKit
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the built network as GeoJSON (edges as LineStrings, nodes as Points).")

    @OptionGroup var networkOptions: NetworkOptions
    @Option(name: .long, help: "GeoJSON file for edges ('-' = standard output).") var edges: String?
    @Option(name: .long, help: "GeoJSON file for nodes.") var nodes: String?

    func validate() throws {
        if edges == nil && nodes == nil { throw ValidationError("give --edges FILE and/or --nodes FILE") }
        if edges == "-" && nodes == "-" { throw ValidationError("only one of --edges and --nodes can be '-'") }
    }

    func run() throws {
        reportingErrors {
            let network = try networkOptions.load()
            // Render everything before writing anything, so a failure leaves no partial set of outputs.
            var outputs: [(path: String, text: String)] = []
            if let edges { outputs.append((edges, NetworkGeoJSON.edges(network))) }
            if let nodes { outputs.append((nodes, NetworkGeoJSON.nodes(network))) }
            for output in outputs { try AtomicFile.write(output.text, to: output.path) }
        }
    }
}
