import CorridorNetwork

/// Per-query or per-scenario restrictions on a network.
public struct Restrictions: Sendable, Equatable, Codable {
    /// Modes allowed; `nil` means all. Restricting to one mode also closes transfers.
    public var modes: Set<TransportMode>?
    /// ISO country codes whose edges are closed (crossings into them too).
    public var avoidCountries: Set<String>
    /// Region names whose edges are closed (matched case- and diacritic-insensitively).
    public var avoidRegions: Set<String>
    /// Closed elements: a crossing name, a terminal place, a place (all connectors and edges touching nodes within
    /// `placeRadiusMeters` of it), `edge:ID`, or `node:ID`.
    public var close: [String]

    /// Restrictions with the given modes, avoided countries and regions, and closed elements (default: none).
    public init(modes: Set<TransportMode>? = nil, avoidCountries: Set<String> = [], avoidRegions: Set<String> = [],
                close: [String] = []) {
        self.modes = modes; self.avoidCountries = avoidCountries; self.avoidRegions = avoidRegions; self.close = close
    }

    /// No restriction at all.
    public static let none = Restrictions()
}
