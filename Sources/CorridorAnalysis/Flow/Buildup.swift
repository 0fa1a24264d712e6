import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

/// A build-up question: how many tonnes can reach the destinations by each day, starting from an empty network.
public struct BuildupRequest: Sendable, Equatable {
    /// Origins; an amount caps the site's rate (t/day), none is unlimited.
    public var origins: [FlowSite]
    /// Destinations; an amount caps the site's rate (t/day), none is unlimited.
    public var destinations: [FlowSite]
    /// Allowed modes, avoided countries and regions, closed elements.
    public var restrictions: Restrictions
    /// Days of the arrival curve (≥ 1): one row per day 1 … horizonDays.
    public var horizonDays: Int
    /// Also find the earliest time by which this many tonnes can have arrived; nil: not asked.
    public var deliverTonnes: Double?
    /// Sites farther than this from every usable node are an error, metres.
    public var maxSnapMeters: Double

    /// Memberwise initializer.
    public init(origins: [FlowSite], destinations: [FlowSite], restrictions: Restrictions = .none, horizonDays: Int,
                deliverTonnes: Double? = nil, maxSnapMeters: Double = 25_000) {
        self.origins = origins; self.destinations = destinations; self.restrictions = restrictions
        self.horizonDays = horizonDays; self.deliverTonnes = deliverTonnes; self.maxSnapMeters = maxSnapMeters
    }
}

/// One day of the arrival curve.
public struct BuildupDay: Sendable, Equatable {
    /// Day number, 1 … horizon (day d ends d × 24 h after the start).
    public var day: Int
    /// Tonnes arriving during that day at most (the best cumulative amount by its end minus that by its start).
    public var arrivedTonnes: Double
    /// The most that can have arrived by the end of the day, tonnes (the maximum flow over time for that horizon).
    public var cumulativeTonnes: Double
}

/// One path of the temporally repeated flow for the whole horizon.
public struct BuildupPath: Sendable, Equatable {
    /// Network edges, origin to destination.
    public var edges: [UInt32]
    /// Rate sent along it, t/day, from the start until (horizon − transit).
    public var tonnesPerDay: Int64
    /// Transit time, hours (whole seconds summed).
    public var transitHours: Double
    /// Border crossings it uses, in order.
    public var crossings: [String]
}

/// A path-opening step of the arrival function: from `transitHours` on, `tonnesPerDay` more arrive per day.
public struct BuildupStep: Sendable, Equatable {
    /// Length of the shortest augmenting paths of the step, hours.
    public var transitHours: Double
    /// Rate they add, t/day.
    public var tonnesPerDay: Int64
}

/// The answer to a `BuildupRequest`.
public struct BuildupResult: Sendable {
    /// The request answered.
    public var request: BuildupRequest
    /// The sites as snapped.
    public var origins: [ResolvedSite]
    public var destinations: [ResolvedSite]
    /// The static maximum flow (t/day): the rate the arrivals tend to.
    public var maximumRateTonnesPerDay: Int64
    /// The arrival function's steps (successive shortest paths by transit time).
    public var steps: [BuildupStep]
    /// Day by day, 1 … horizon.
    public var days: [BuildupDay]
    /// The earliest time by which `request.deliverTonnes` can have arrived, hours; nil when not asked or never.
    public var earliestDeliveryHours: Double?
    /// The temporally repeated flow optimal for the whole horizon (paths by decreasing rate, then transit).
    public var paths: [BuildupPath]
    /// What the restrictions matched.
    public var notes: [String]

    /// `earliestDeliveryHours` as a day number (the day during which it is reached: ⌈hours / 24⌉, at least 1).
    public var earliestDeliveryDay: Int? { earliestDeliveryHours.map { max(1, Int(($0 / 24).rounded(.up))) } }
}

extension FlowAnalyzer {
    /// The maximum flow over time (Ford & Fulkerson): how many tonnes can have reached the destinations by the end
    /// of each day when every edge carries at most its capacity per day and takes its time to traverse (`time_h`
    /// of the network: line running time, crossing and terminal delays).
    ///
    /// Time is continuous: each edge's transit is its time rounded up to a whole second (never earlier than the
    /// data), and the arrival function `V(T) = Σ rate · max(0, T − transit)` of the successive shortest paths is
    /// exact for every horizon (`FlowOverTime.Profile`). The paths for the horizon come from one static min-cost
    /// circulation (`FlowOverTime.temporallyRepeatedFlow`). Shared capacities are not joint here (each gauge or
    /// layer keeps its full capacity, as in the chokepoint cut).
    ///
    /// - Throws: `AnalysisError` for unknown places, sites off the network, a horizon outside 1…36500 days, a
    ///   negative or non-finite amount to deliver, overflow.
    /// - Complexity: one successive-shortest-path run (A augmentations, each a Dijkstra) and one min-cost flow.
    public func buildup(_ request: BuildupRequest) throws(AnalysisError) -> BuildupResult {
        guard !request.origins.isEmpty, !request.destinations.isEmpty else {
            throw .invalidRequest("a build-up needs at least one origin and one destination")
        }
        guard (1...36_500).contains(request.horizonDays) else {
            throw .invalidRequest("the horizon must be 1 to 36500 days: \(request.horizonDays)")
        }
        if let x = request.deliverTonnes, !(x.isFinite && x >= 0) {
            throw .invalidRequest("the amount to deliver must be a non-negative number of tonnes: \(x)")
        }
        let view = try baseView.applying(request.restrictions)
        let origins = try view.resolve(request.origins, maxSnapMeters: request.maxSnapMeters)
        let destinations = try view.resolve(request.destinations, maxSnapMeters: request.maxSnapMeters)
        let model = ThroughputModel(view: view, origins: origins, destinations: destinations)
        var timed = model.network
        let n = view.network
        for a in 0..<timed.arcCount {
            guard let na = model.networkArc(a) else { timed.costs[a] = 0; continue }
            // Whole seconds, rounded up (float noise below a microsecond ignored: 50 km at 50 km/h is 3600 s).
            let seconds = max(0, (view.value(ofEdge: Int(n.arcEdge[na]), metric: .time) - 1e-6).rounded(.up))
            guard seconds.isFinite, seconds >= 0, seconds < 1e12 else { throw .overflow("transit time of edge \(n.arcEdge[na])") }
            timed.costs[a] = Int64(seconds)
        }
        let profile: FlowOverTime.Profile
        let repeated: FlowOverTime.TemporallyRepeatedFlow
        let horizonSeconds = Int64(request.horizonDays) * 86_400
        do {
            profile = try FlowOverTime.profile(timed, source: model.source, sink: model.sink)
            repeated = try FlowOverTime.temporallyRepeatedFlow(timed, source: model.source, sink: model.sink, horizon: horizonSeconds)
        } catch {
            throw Self.analysisError(error)
        }
        // Rates are t/day and times seconds: V(T) / 86400 is tonnes.
        var days: [BuildupDay] = []
        var previous = 0.0
        for d in 1...request.horizonDays {
            let cumulative = profile.value(atHorizon: Double(d) * 86_400) / 86_400
            days.append(BuildupDay(day: d, arrivedTonnes: cumulative - previous, cumulativeTonnes: cumulative))
            previous = cumulative
        }
        let earliest = request.deliverTonnes.flatMap { profile.earliestHorizon(delivering: $0 * 86_400) }.map { $0 / 3600 }
        let owners = ElementOwners(network: n)
        var paths = repeated.paths.map { p -> BuildupPath in
            let edges = p.arcs.compactMap { model.networkArc(Int($0)) }.map { n.arcEdge[$0] }
            var crossings: [String] = []
            for e in edges {
                let (kind, id) = owners.owner(ofEdge: Int(e))
                if kind == .crossing, crossings.last != n.crossings[id].name { crossings.append(n.crossings[id].name) }
            }
            return BuildupPath(edges: edges, tonnesPerDay: p.rate, transitHours: Double(p.transit) / 3600, crossings: crossings)
        }
        paths.sort { a, b in
            if a.tonnesPerDay != b.tonnesPerDay { return a.tonnesPerDay > b.tonnesPerDay }
            if a.transitHours != b.transitHours { return a.transitHours < b.transitHours }
            return a.edges.lexicographicallyPrecedes(b.edges)
        }
        return BuildupResult(request: request, origins: origins, destinations: destinations,
                             maximumRateTonnesPerDay: profile.maximumRate,
                             steps: profile.steps.map { BuildupStep(transitHours: Double($0.transit) / 3600, tonnesPerDay: $0.rate) },
                             days: days, earliestDeliveryHours: earliest, paths: paths, notes: view.notes)
    }
}
