import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Dispatch
import Foundation

/// What one scenario produced. Analyses that failed carry their error text instead of a result.
public struct ScenarioOutcome: Sendable {
    /// The scenario that ran.
    public var scenario: Scenario
    /// A failure of the scenario as a whole (an unknown name in its changes, an invalid added edge), with position.
    public var error: String?
    /// The network the scenario ran on (the baseline, or the baseline overlaid with the scenario's added edges).
    public var network: Network?
    /// The route analysis result; nil when the analysis was not run, failed or found no route.
    public var route: RouteResult?
    /// Why there is no route under this scenario (a result, not a failure: e.g. rail closed in a road-only scenario).
    public var noRoute: String?
    /// Why the route analysis failed.
    public var routeError: String?
    /// The flow analysis result; nil if not run or failed.
    public var flow: FlowResult?
    /// Why the flow analysis failed.
    public var flowError: String?
    /// The chokepoint analysis result; nil if not run or failed.
    public var chokepoints: ChokepointResult?
    /// Why the chokepoint analysis failed.
    public var chokepointsError: String?
    /// The interdiction analysis result (`analyses.interdict`); nil if not run or failed.
    public var interdiction: InterdictionResult?
    /// Why the interdiction analysis failed.
    public var interdictionError: String?
    /// Percentiles and binding shares of the network's throughput over the samples (`analyses.samples`); nil if
    /// not run or failed.
    public var uncertainty: UncertaintySummary?
    /// Why the sampling failed.
    public var uncertaintyError: String?
    /// What the scenario's changes matched ("closed crossing Khasan-Tumangang", ...).
    public var notes: [String]

    /// Whether the scenario and every analysis it ran succeeded.
    public var failed: Bool {
        error != nil || routeError != nil || flowError != nil || chokepointsError != nil || interdictionError != nil
            || uncertaintyError != nil
    }

    /// The first failure's text, if any.
    public var firstError: String? { error ?? routeError ?? flowError ?? chokepointsError ?? interdictionError ?? uncertaintyError }
}

/// The outcome of a whole scenario file, scenarios in file order (the first is the reference for differences).
public struct Comparison: Sendable {
    /// The scenario file that ran.
    public var file: ScenarioFile
    /// One outcome per scenario, in file order.
    public var outcomes: [ScenarioOutcome]
    /// Wall time of the run in seconds (not written to outputs, which stay deterministic).
    public var seconds: Double
}

/// Runs every scenario of a file on one built network, in parallel across cores, with a fixed output order.
public enum ScenarioRunner {
    /// Runs `file` on `network`.
    /// - Parameter parallel: run scenarios concurrently (`DispatchQueue.concurrentPerform`); results keep file order.
    public static func run(_ file: ScenarioFile, on network: Network, parallel: Bool = true) -> Comparison {
        let start = DispatchTime.now()
        let count = file.scenarios.count
        let results = OutcomeSlots(count: count)
        let body: @Sendable (Int) -> Void = { i in
            results.set(i, run(file.scenarios[i], of: file, on: network))
        }
        if parallel && count > 1 {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        } else {
            for i in 0..<count { body(i) }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Comparison(file: file, outcomes: results.values(), seconds: seconds)
    }

    /// Applies a scenario's changes: the network it runs on (the baseline with its added edges laid over it, sharing
    /// the baseline's storage) and the view (closures, factors).
    /// - Throws: `ScenarioFileError` pointing at the change that failed (unknown names suggest the nearest).
    public static func prepare(_ scenario: Scenario, of file: ScenarioFile, on baseline: Network) throws(ScenarioFileError)
        -> (view: NetworkView, origins: [PlaceAmount], destinations: [PlaceAmount], demands: [PlaceDemand]) {
        func fail(_ index: Int, _ reason: String) -> ScenarioFileError {
            let position = index < scenario.positions.count ? scenario.positions[index] : SourcePosition(line: 0, column: 0)
            return ScenarioFileError(path: file.path, line: position.line, column: position.column,
                                     reason: "scenario '\(scenario.name)': \(reason)")
        }
        // Added edges are resolved against the baseline one by one (the first that fails is reported at its line),
        // then laid over it: the scenario's network shares the baseline's storage.
        var additions: [EdgeAddition] = []
        for (i, change) in scenario.changes.enumerated() {
            guard case let .addEdge(a) = change else { continue }
            do { additions.append(try a.resolved(in: baseline)) } catch { throw fail(i, error.description) }
        }
        let network: Network
        do { network = try baseline.overlaying(additions) } catch {
            throw fail(scenario.changes.firstIndex { if case .addEdge = $0 { return true }; return false } ?? 0, error.description)
        }
        var view = NetworkView(network: network)
        var origins = file.origins, destinations = file.destinations, demands = file.demands
        for (i, change) in scenario.changes.enumerated() {
            do {
                switch change {
                case let .close(names):
                    for name in names { try view.close(name: name) }
                case let .closeWhere(filter):
                    let edges = filter.matchingEdges(in: network)
                    if edges.isEmpty { throw AnalysisError.invalidRequest("close_where matches no edge") }
                    for e in edges { view.closeEdge(e) }
                case let .denyCountries(codes):
                    try view.apply(Restrictions(avoidCountries: Set(codes)))
                case let .denyRegions(regions):
                    try view.apply(Restrictions(avoidRegions: Set(regions)))
                case let .restrictModes(modes):
                    try view.apply(Restrictions(modes: modes))
                case let .scaleCapacity(filter, factor):
                    let edges = filter.matchingEdges(in: network)
                    if edges.isEmpty { throw AnalysisError.invalidRequest("scale_capacity matches no edge") }
                    for e in edges { view.scaleCapacity(ofEdge: e, by: factor) }
                case let .scaleCost(filter, factor):
                    let edges = filter.matchingEdges(in: network)
                    if edges.isEmpty { throw AnalysisError.invalidRequest("scale_cost matches no edge") }
                    for e in edges { view.scaleCost(ofEdge: e, by: factor) }
                case .addEdge:
                    break
                case let .setOrigins(list):
                    origins = list
                case let .setDestinations(list):
                    destinations = list
                case let .setDemands(list):
                    demands = list
                }
            } catch let error as AnalysisError {
                throw fail(i, error.description)
            } catch {
                throw fail(i, "\(error)")
            }
        }
        return (view, origins, destinations, demands)
    }

    static func run(_ scenario: Scenario, of file: ScenarioFile, on baseline: Network) -> ScenarioOutcome {
        var outcome = ScenarioOutcome(scenario: scenario, notes: [])
        let prepared: (view: NetworkView, origins: [PlaceAmount], destinations: [PlaceAmount], demands: [PlaceDemand])
        do { prepared = try prepare(scenario, of: file, on: baseline) } catch {
            outcome.error = error.description
            return outcome
        }
        let view = prepared.view
        outcome.network = view.network
        outcome.notes = view.notes
        if let q = file.analyses.route {
            var request = RouteRequest(from: Endpoint(parsing: q.from), to: Endpoint(parsing: q.to),
                                       via: q.via.map(Endpoint.init(parsing:)), metric: q.metric,
                                       restrictions: Restrictions(modes: q.modes))
            request.alternatives = q.via.isEmpty ? q.alternatives : 1
            request.maxOverlap = q.maxOverlap
            do { outcome.route = try Router(view: view).route(request) } catch {
                if case .noRoute = error { outcome.noRoute = error.description } else { outcome.routeError = error.description }
            }
        }
        let analyzer = FlowAnalyzer(view: view)
        var origins = prepared.origins.map { FlowSite(Endpoint(parsing: $0.place), tonnesPerDay: $0.tonnesPerDay) }
        var destinations = prepared.destinations.map { FlowSite(Endpoint(parsing: $0.place), tonnesPerDay: $0.tonnesPerDay) }
        let demands = prepared.demands.map(\.demand)
        if file.analyses.flow {
            var request = demands.isEmpty ? FlowRequest(origins: origins, destinations: destinations)
                                          : FlowRequest(demands: demands, commodities: file.analyses.flowCommodities)
            if demands.isEmpty { request.commodities = file.analyses.flowCommodities }
            request.singleTrackSharesDirections = file.analyses.singleTrackSharesDirections
            do { outcome.flow = try analyzer.flow(request) } catch {
                outcome.flowError = error.description
            }
        }
        // Without origins and destinations, the demands' places (each once, in order of appearance).
        if (file.analyses.chokepoints || file.analyses.interdict != nil || file.analyses.sampling != nil)
            && (origins.isEmpty || destinations.isEmpty) {
            var seenFrom = Set<String>(), seenTo = Set<String>()
            origins = prepared.demands.filter { seenFrom.insert($0.from).inserted }.map { FlowSite(Endpoint(parsing: $0.from)) }
            destinations = prepared.demands.filter { seenTo.insert($0.to).inserted }.map { FlowSite(Endpoint(parsing: $0.to)) }
        }
        if file.analyses.chokepoints {
            // Throughput is the network's: sites are unlimited, so only the network bounds it.
            let request = ChokepointRequest(origins: origins.map { FlowSite($0.endpoint) },
                                            destinations: destinations.map { FlowSite($0.endpoint) },
                                            top: file.analyses.chokepointsTop,
                                            singleTrackSharesDirections: file.analyses.singleTrackSharesDirections)
            do { outcome.chokepoints = try analyzer.chokepoints(request) } catch { outcome.chokepointsError = error.description }
        }
        if let q = file.analyses.interdict {
            // The network's throughput, like the chokepoints: unlimited sites, unit interdiction costs; the best set
            // for the budget only (no curve, no greedy sequence).
            let request = InterdictionRequest(origins: origins.map { FlowSite($0.endpoint) },
                                              destinations: destinations.map { FlowSite($0.endpoint) },
                                              budget: q.budget, method: q.method, greedy: false, curve: false)
            do { outcome.interdiction = try analyzer.interdict(request) } catch { outcome.interdictionError = error.description }
        }
        if let s = file.analyses.sampling {
            // The network's throughput under the samples, as `chokepoints --samples` (unlimited sites). Every scenario
            // draws with the same seed: without added edges its parameters are the baseline's, so they take the same
            // values in each scenario and differences between scenarios are not sampling noise.
            do {
                let evaluator = try UnitEvaluator(analyzer: analyzer, origins: origins.map { FlowSite($0.endpoint) },
                                                  destinations: destinations.map { FlowSite($0.endpoint) })
                outcome.uncertainty = try UncertaintySampling(network: view.network).run(evaluator, samples: s.samples, seed: s.seed,
                                                                                          cost: true)
            } catch { outcome.uncertaintyError = error.description }
        }
        return outcome
    }
}

/// Result slots written from concurrent iterations, each index exactly once.
private final class OutcomeSlots: @unchecked Sendable {
    private var slots: [ScenarioOutcome?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: ScenarioOutcome) { lock.lock(); slots[i] = value; lock.unlock() }
    func values() -> [ScenarioOutcome] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}
