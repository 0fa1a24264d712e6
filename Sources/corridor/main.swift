import ArgumentParser
import CorridorKit
import Foundation

struct Corridor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridor",
        abstract: "Routes, flows and chokepoints on multimodal road and rail networks.",
        discussion: ResultCLI.formatRule,
        version: CorridorKit.version,
        subcommands: [InfoCommand.self, ExportCommand.self, RouteCommand.self, ReachCommand.self, FlowCommand.self,
                      ChokepointsCommand.self, InterdictCommand.self, BuildupCommand.self, CompareCommand.self, BuildCommand.self,
                      RenderCommand.self, SolveCommand.self, SweepCommand.self, MergeCommand.self, BenchCommand.self,
                      CompletePlacesCommand.self])
}
// Parse and run ourselves so every failure is one line `corridor: <what>` on stderr with the documented exit
// status (ArgumentParser alone would print the usage after a validation error).
StandardOutput.reportBrokenPipes()
do {
    if let error = SubcommandSuggestion.error(for: Array(CommandLine.arguments.dropFirst())) { exit(with: error) }
    var command = try Corridor.parseAsRoot()
    // Parse (and validate) only, for the test that every --help example parses (HelpExamplesTests).
    if ProcessInfo.processInfo.environment["CORRIDOR_PARSE_ONLY"] == "1" { exit(0) }
    try command.run()
} catch {
    let code = Corridor.exitCode(for: error)
    if code == .success {
        // --help and --version.
        do { try StandardOutput.write(Corridor.fullMessage(for: error) + "\n") } catch { exit(with: error) }
        exit(0)
    }
    let message = Corridor.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    if !message.isEmpty {
        let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        StandardError.write("corridor: \(text)\n")
    }
    exit(code.rawValue)
}
