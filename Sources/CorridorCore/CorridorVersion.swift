/// The toolkit's version, in the one place every module can read it: `corridor --version`, and the `version` of
/// every output's `corridor` query record (docs/FORMATS.md).
public enum CorridorVersion {
    /// The version string, e.g. `0.1.0`.
    public static let current = "0.1.0"
}
