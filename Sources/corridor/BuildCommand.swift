import ArgumentParser
import CorridorKit
import Foundation

/// `corridor build`: build a network once and save it as a `.corridor` cache that every command opens with `--network`.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a network and save it as a .corridor cache (opens with one read instead of a rebuild).",
        discussion: Examples.build)

    @OptionGroup var networkOptions: NetworkOptions
    @Option(name: [.short, .long], help: "The cache file to write (e.g. far-east.corridor).")
    var output: String

    func run() throws {
        reportingErrors {
            let network = try networkOptions.load()
            try NetworkCache.write(network, to: output)
            if !networkOptions.quiet {
                let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
                StandardError.write("corridor: wrote \(output): \(network.nodeCount) nodes, \(network.edgeCount) edges, \(size) bytes\n")
            }
        }
    }
}
