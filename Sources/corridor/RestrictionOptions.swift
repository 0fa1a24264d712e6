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
    @Option(help: "Close a crossing, terminal, place, 'edge:ID' or 'node:ID' (repeatable).", completion: PlaceCompletion.kind) var close: [String] = []

    func restrictions() -> Restrictions {
        Restrictions(modes: mode.modes, avoidCountries: Set(avoidCountry.map { $0.uppercased() }),
                     avoidRegions: Set(avoidRegion), close: close)
    }
}
