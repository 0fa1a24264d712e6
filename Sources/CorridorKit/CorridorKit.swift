/// CorridorKit: the domain layer and the public Swift API for scripts.
public enum CorridorKit {
    /// Version of the toolkit, printed by `corridor --version`.
    public static let version = "0.1.0"
}
