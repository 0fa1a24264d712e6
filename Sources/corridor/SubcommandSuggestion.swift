import ArgumentParser
import CorridorKit
import Foundation

/// A first argument that names no subcommand (`corridor routes --from …`) is reported as such, with the nearest
/// names (`NameMatching`), before ArgumentParser would blame the first option ("Unknown option '--from'").
enum SubcommandSuggestion {
    /// The names a first argument may take: every subcommand (hidden ones too) and `help`.
    static var names: [String] {
        Corridor.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    }

    /// The usage error for `arguments` (without the program name), or nil when the first argument is an option, a
    /// subcommand, or absent.
    static func error(for arguments: [String]) -> CLIError? {
        guard let first = arguments.first, !first.hasPrefix("-"), !names.contains(first) else { return nil }
        let near = NameMatching.suggestions(for: first, among: names.filter { $0 != "help" })
        let hint = near.isEmpty
            ? "; subcommands: " + Corridor.configuration.subcommands.filter { $0.configuration.shouldDisplay }
                .compactMap { $0.configuration.commandName }.joined(separator: ", ")
            : "; did you mean " + near.map { "'\($0)'" }.joined(separator: " or ") + "?"
        return CLIError(message: "unknown subcommand '\(first)'\(hint)", exitStatus: .usage)
    }
}
