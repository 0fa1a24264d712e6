/// The exit status a command ends with when an error of a given kind reaches it (sysexits-style, documented in the
/// README's "Exit status and errors").
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// No route, nothing deliverable, an infeasible or unbounded problem, a failed scenario: a result, not a fault.
    case noResult = 1
    /// Bad options or names (unknown place, profile, projection, ...).
    case usage = 64
    /// Malformed or inconsistent input data.
    case dataError = 65
    /// A file, layer or default network that is not there.
    case noInput = 66
    /// An output that cannot be written.
    case ioError = 74
}

/// An error that knows how a command should end when it is not handled: every public error type of the Corridor
/// modules conforms, and decides its status where it is raised, so the CLI reports any of them with one rule
/// (print `corridor: <description>`, exit with `exitStatus`) instead of a case per type.
public protocol CorridorError: Error, CustomStringConvertible {
    /// The exit status this error ends a command with.
    var exitStatus: ExitStatus { get }
}
