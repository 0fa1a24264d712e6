import ArgumentParser
import CorridorKit
import Foundation

/// An error of the CLI itself (a usage rule, a failed scenario) with the exit status it ends the command with.
struct CLIError: CorridorError {
    var message: String
    var exitStatus: ExitStatus
    var description: String { message }
}

/// Message and exit status for any error thrown below the CLI: every Corridor error carries its own status
/// (`CorridorError`); ArgumentParser's validation errors are usage errors; anything else is bad data.
func classify(_ error: Error) -> (message: String, status: ExitStatus) {
    switch error {
    case let e as CorridorError: return (e.description, e.exitStatus)
    case let e as ValidationError: return (e.message, .usage)
    default: return ("\(error)", .dataError)
    }
}

/// Prints the error as one line on stderr and exits with its status.
func exit(with error: Error) -> Never {
    let (message, status) = classify(error)
    StandardError.write("corridor: \(message)\n")
    exit(status.rawValue)
}

/// Runs a command body, turning any error into the one-line report and exit status.
func reportingErrors(_ body: () throws -> Void) {
    do { try body() } catch { exit(with: error) }
}
