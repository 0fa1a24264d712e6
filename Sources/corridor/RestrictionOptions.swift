import ArgumentParser
import CorridorKit

/// `--mode`: which modes a query may use.
enum ModeChoice: String, ExpressibleByArgument, CaseIterable {
    case rail, road, any

    var modes: Set<TransportMode>? {
        switch self {
        case .rail: return [.rail]
        case .road: return [.road]
        case .any: return nil
        }
    }
}

/// Restriction options shared by `route`, `reach`, `flow` and `chokepoints`.
struct RestrictionOptions: ParsableArguments {
    @Option(help: "Modes allowed: rail, road or any.") var mode: ModeChoice = .any
    @Option(help: "Avoid a country (ISO code; repeatable).") var avoidCountry: [String] = []
    @Option(help: "Avoid a first-level region by name (repeatable).") var avoidRegion: [String] = []
    @Option(help: "Close a crossing, terminal, place, 'edge:ID' or 'node:ID' (repeatable).") var close: [String] = []

    func restrictions() -> Restrictions {
        Restrictions(modes: mode.modes, avoidCountries: Set(avoidCountry.map { $0.uppercased() }),
                     avoidRegions: Set(avoidRegion), close: close)
    }
}

/// An analysis error as the CLI's one-line error: exit status 1 for no route, an endpoint off the network or an
/// infeasible flow; 64 for unknown names and bad options; 65 for arithmetic overflow on the data.
func analysisFailure(_ error: AnalysisError) -> CLIError {
    switch error {
    case .noRoute, .tooFarFromNetwork, .infeasible: return CLIError(message: error.description, code: CLIError.noResult)
    case .unknownName, .place, .invalidRequest: return CLIError(message: error.description, code: CLIError.usage)
    case .overflow: return CLIError(message: error.description, code: CLIError.dataError)
    }
}
