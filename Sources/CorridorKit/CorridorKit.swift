// CorridorKit: the umbrella of the domain modules and the public Swift API for scripts. `import CorridorKit` gives
// every public symbol of the stage modules (and of CorridorCore, CorridorGeo, CorridorGraph and CorridorSolver, whose types appear in
// their signatures), so scripts and the CLI need no other import. See docs/ARCHITECTURE.md.
@_exported import CorridorAnalysis
@_exported import CorridorCore
@_exported import CorridorGeo
@_exported import CorridorGraph
@_exported import CorridorLoad
@_exported import CorridorNetwork
@_exported import CorridorOutput
@_exported import CorridorSolver

/// The toolkit's name space.
public enum CorridorKit {
    /// Version of the toolkit, printed by `corridor --version`.
    public static let version = CorridorVersion.current
}
