import ArgumentParser
import CorridorKit

/// `--samples N --seed S`: sample every GeoData range (Latin hypercube, triangular on low/base/high, jointly per
/// parameter) and report P10/P50/P90 and binding shares.
struct SamplingOptions: ParsableArguments {
    @Option(help: "Sample the data's parameter ranges this many times (1-1000000) and report P10/P50/P90 and how often each element binds.",
            transform: CLINumber.whole(InputRules.sampleCount))
    var samples: Int?
    @Option(help: "Seed of the samples (a whole number, default 1): the same seed gives the same output.",
            transform: CLINumber.whole(InputRules.seed, as: UInt64.self))
    var seed: UInt64?

    /// The seed drawn with: `--seed`, else 1.
    var seedValue: UInt64 { seed ?? 1 }

    /// Refuses `--samples` with per-direction single track (exit 64): the sampler keeps single track's capacity
    /// shared by both directions, so its numbers would not be those of the command. `setting` names what to drop.
    func check(singleTrackSharesDirections: Bool, setting: String = "--single-track per-direction") throws {
        guard samples != nil, !singleTrackSharesDirections else { return }
        throw CLIError(message: "--samples keeps single track's capacity shared by both directions; drop \(setting)", exitStatus: .usage)
    }

    /// The summary for these sites, or nil without `--samples`.
    func run(_ net: Network, origins: [FlowSite], destinations: [FlowSite], restrictions: Restrictions,
             removing: [ElementReference] = []) throws -> UncertaintySummary? {
        guard let samples else { return nil }
        let evaluator = try UnitEvaluator(analyzer: FlowAnalyzer(network: net), origins: origins, destinations: destinations,
                                          restrictions: restrictions)
        return try UncertaintySampling(network: net).run(evaluator, samples: samples, seed: seedValue, removing: removing, cost: true)
    }
}
