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
    var seed: UInt64 = 1

    /// The summary for these sites, or nil without `--samples`.
    func run(_ net: Network, origins: [FlowSite], destinations: [FlowSite], restrictions: Restrictions,
             removing: [ElementReference] = []) throws -> UncertaintySummary? {
        guard let samples else { return nil }
        let evaluator = try UnitEvaluator(analyzer: FlowAnalyzer(network: net), origins: origins, destinations: destinations,
                                          restrictions: restrictions)
        return try UncertaintySampling(network: net).run(evaluator, samples: samples, seed: seed, removing: removing, cost: true)
    }
}
