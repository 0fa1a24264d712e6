import CorridorCore

/// Errors building a network from lines and definitions.
public enum NetworkBuildError: CorridorError, Sendable, Equatable {
    /// No usable road or rail line in the input.
    case noLines
    /// No node of the crossing's layers within `radiusMeters` (metres) of its point.
    case crossingNodeNotFound(crossing: String, layers: [NetworkLayer], radiusMeters: Double)
    /// The crossing's countries do not both have edges at the nodes near its point (`found`: those that do).
    case crossingCountriesAbsent(crossing: String, countries: [String], found: [String])
    /// No node of `layer` within `radiusMeters` (metres) of the terminal's place.
    case terminalNodeNotFound(place: String, kind: EdgeKind, layer: String, radiusMeters: Double)
    /// A crossing or terminal definition is invalid; the text says why.
    case invalidDefinition(String)
    /// More nodes or arcs than 32-bit ids can number.
    case tooLarge

    /// A one-line message for the error.
    public var description: String {
        switch self {
        case .noLines:
            return "no usable road or rail lines in the input"
        case let .crossingNodeNotFound(crossing, layers, radius):
            let what = Set(layers.map(\.mode)).count == 1 ? "\(layers[0].mode)" : layers.map(\.description).joined(separator: "/")
            return "crossing \(crossing): no \(what) node within \(NetworkBuildError.distance(radius)) of its point"
        case let .crossingCountriesAbsent(crossing, countries, found):
            let seen = found.isEmpty ? "no country" : found.joined(separator: ", ")
            return "crossing \(crossing): countries \(countries.joined(separator: " and ")) do not both have edges at the nearby nodes (found \(seen))"
        case let .terminalNodeNotFound(place, kind, layer, radius):
            return "terminal \(place) (\(kind)): no \(layer) node within \(NetworkBuildError.distance(radius)) of its place"
        case .invalidDefinition(let what):
            return what
        case .tooLarge:
            return "network too large for 32-bit ids"
        }
    }

    /// Always bad data (65): the lines and definitions do not make a network.
    public var exitStatus: ExitStatus { .dataError }

    static func distance(_ m: Double) -> String {
        m >= 1000 ? "\(NumberFormat.trimmed(m / 1000, decimals: 1)) km" : "\(NumberFormat.trimmed(m, decimals: 0)) m"
    }
}
