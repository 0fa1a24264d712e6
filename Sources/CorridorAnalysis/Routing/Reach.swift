import CorridorCore
import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

/// How far a reachability search goes: a travel time (`.seconds`) or a distance (`.meters`), the `Measure` of
/// CorridorCore (its `value` in s or m, its `description` `12 h` or `500 km`).
public typealias ReachBudget = Measure

extension Measure {
    /// Parses a reach budget, a duration (`12h`, `90min`, `3600s`, `2d`) or a distance (`500km`) with
    /// `Measure.parse`; `90m` is refused as ambiguous where either is accepted (it suggests `90min` or `0.09km`).
    /// - Throws: `NumberProblem` naming the accepted units and range.
    public init(parsing text: String) throws(NumberProblem) {
        self = try Measure.parse(text, accepting: [.duration, .distance])
    }

    /// The metric a budget is measured in.
    public var metric: Metric {
        switch self {
        case .seconds: return .time
        case .meters: return .distance
        }
    }
}

/// A line edge reached within the budget, wholly or in part.
public struct ReachedEdge: Sendable, Equatable {
    /// Edge id.
    public var edge: UInt32
    /// Reached pieces as fractions of the edge's length along its geometry, sorted, disjoint; `[(0, 1)]` when whole.
    public var pieces: [ClosedRange<Double>]
    /// Smallest metric value (s or m) at which the edge is entered.
    public var entryValue: Double
    /// Whether the whole edge is reached.
    public var isWhole: Bool { pieces == [0...1] }
}

/// A gazetteer place whose snapped node was reached.
public struct ReachedPlace: Sendable, Equatable {
    /// Canonical gazetteer name.
    public var name: String
    /// Metric value (s or m) at which it is reached.
    public var value: Double
}

/// The answer to a reachability query.
public struct ReachResult: Sendable {
    /// The sources, snapped to the network.
    public var sources: [SnappedEndpoint]
    /// The budget searched within.
    public var budget: ReachBudget
    /// Number of nodes settled within the budget.
    public var reachedNodeCount: Int
    /// Reached line edges, by edge id.
    public var edges: [ReachedEdge]
    /// Places reached, by value then name.
    public var places: [ReachedPlace]
    /// What the restrictions matched (from `NetworkView.notes`).
    public var restrictionNotes: [String]
    /// The restrictions the search ran under.
    public var restrictions: Restrictions
}

extension Router {
    /// Everything reachable within `budget` from any of `sources` (multi-source Dijkstra on the budget's metric).
    ///
    /// An edge entered at value d over an arc of weight w is covered up to the fraction (budget − d) / w from that
    /// end; coverage from both ends that meets is merged into the whole edge. Places are reported when their
    /// nearest usable node (within `maxSnapMeters`) in some layer was reached.
    /// - Complexity: O((n' + m') log n') for the reached part, plus O(m) to collect edges.
    public func reach(from sources: [Endpoint], within budget: ReachBudget, restrictions: Restrictions = .none,
                      maxSnapMeters: Double = 25_000) throws(AnalysisError) -> ReachResult {
        guard !sources.isEmpty else { throw .invalidRequest("reach needs at least one source") }
        switch budget {
        case let .seconds(s): try AnalysisError.check(s, InputRules.durationSeconds, "reach budget (seconds)")
        case let .meters(m): try AnalysisError.check(m, InputRules.distanceMeters, "reach budget (metres)")
        }
        let n = network
        let (view, snapped) = try snapAll(sources, restrictions: restrictions, maxSnapMeters: maxSnapMeters)
        if let closed = snapped.first(where: { $0.nodes.isEmpty }) {
            throw .noRoute(from: closed.label, to: "anywhere", reason: "its network nodes are closed by the restrictions")
        }
        let snapper = EndpointSnapper(view: view)
        let metric = budget.metric
        let weights = arcWeights(view: view, metric: metric)
        let unit = metric.weightUnit
        let limit = UInt64((budget.value / unit).rounded(.down))
        let query = DijkstraQuery(graph: n.graph)
        let seeds = snapped.flatMap { $0.nodes }.map { (node: $0, initialDistance: UInt64(0)) }
        let reached = query.reachable(from: seeds, within: limit, weights: weights)

        // Each reached line arc covers its edge from the end it leaves, up to the share within the budget.
        var forward = [Double](repeating: 0, count: n.edgeCount)
        var backward = [Double](repeating: 0, count: n.edgeCount)
        var entry = [UInt64](repeating: .max, count: n.edgeCount)
        let tail = n.graph.tail
        for arc in reached.arcs where arc.fractionWithinBudget > 0 {
            let a = Int(arc.arc)
            let e = Int(n.arcEdge[a])
            guard n.isLine(e) else { continue }
            entry[e] = min(entry[e], query.distance(to: tail[a]))
            if n.arcForward[a] { forward[e] = max(forward[e], arc.fractionWithinBudget) }
            else { backward[e] = max(backward[e], arc.fractionWithinBudget) }
        }
        var edges: [ReachedEdge] = []
        for e in 0..<n.edgeCount where entry[e] != .max {
            let pieces: [ClosedRange<Double>]
            if forward[e] + backward[e] >= 1 {
                pieces = [0...1]
            } else {
                var list: [ClosedRange<Double>] = []
                if forward[e] > 0 { list.append(0...forward[e]) }
                if backward[e] > 0 { list.append((1 - backward[e])...1) }
                pieces = list
            }
            edges.append(ReachedEdge(edge: UInt32(e), pieces: pieces, entryValue: Double(entry[e]) * unit))
        }

        var places: [ReachedPlace] = []
        for place in n.places.places {
            var value = UInt64.max
            let candidates = snapper.nearestUsable(to: place.location).compactMap { $0 }
            let closest = candidates.map(\.distance).min() ?? .infinity
            for candidate in candidates {
                guard candidate.distance <= min(maxSnapMeters, closest + EndpointSnapper.layerSlackMeters) else { continue }
                value = min(value, query.distance(to: candidate.node))
            }
            if value != .max { places.append(ReachedPlace(name: place.name, value: Double(value) * unit)) }
        }
        places.sort { ($0.value, $0.name) < ($1.value, $1.name) }
        return ReachResult(sources: snapped, budget: budget, reachedNodeCount: reached.nodes.count, edges: edges,
                           places: places, restrictionNotes: view.notes, restrictions: restrictions)
    }
}
