import CorridorGeo
import CorridorGraph
import CorridorNetwork

/// What a route minimises.
public enum Metric: String, Sendable, Codable, CaseIterable {
    /// Travel time in seconds: lines take length / speed, connectors (crossings, transfers, transshipments) their delay.
    case time
    /// Distance in metres along lines; connectors count 0.
    case distance
    /// Generalized cost per tonne: lines cost their mode/class per-km rate times length, connectors their fixed cost;
    /// both multiplied by the view's cost factor.
    case cost

    /// Unit of `arcWeights` for this metric, per weight unit (e.g. 0.1 s for time).
    public var weightUnit: Double {
        switch self {
        case .time: return 0.1
        case .distance: return 1
        case .cost: return 0.001
        }
    }

    /// Short name of the weight unit, for documentation and reports.
    public var weightUnitName: String {
        switch self {
        case .time: return "ds"
        case .distance: return "m"
        case .cost: return "milli-units/t"
        }
    }
}

extension Network {
    /// Per-km cost per tonne of a line edge: the `mode/class` override of the cost model, else its mode's rate.
    public func costPerKm(ofEdge e: Int) -> Double {
        let mode = edges.edgeMode[e]
        if !costModel.perKmByClass.isEmpty, let rate = costModel.perKmByClass["\(mode)/\(className(ofEdge: e))"] {
            return rate
        }
        return mode == .rail ? costModel.perKmRail : costModel.perKmRoad
    }

    /// Whether edge `e` is a physical line (not a connector).
    @inlinable public func isLine(_ e: Int) -> Bool { edges.edgeKind[e] == .line }
}

extension NetworkView {
    /// The exact (unrounded) value of edge `e` under `metric` in its natural unit (s, m, cost units per tonne),
    /// ignoring whether it is closed. Connectors have distance 0; costs include the view's cost factor.
    public func value(ofEdge e: Int, metric: Metric) -> Double {
        let n = network
        switch metric {
        case .time:
            return n.edges.timeSeconds(ofEdge: e)
        case .distance:
            return n.isLine(e) ? n.edgeLengthMeters[e] : 0
        case .cost:
            let base = n.isLine(e) ? n.costPerKm(ofEdge: e) * n.edgeLengthMeters[e] / 1000 : n.edgeFixedCost[e]
            return base * costFactor[e]
        }
    }
}

/// Integer arc weights for `metric` on `view`, one per arc of the network's graph.
///
/// Scaling (documented contract, shared by routing and flow): time in deciseconds, distance in metres, cost in
/// milli-units per tonne; each arc's value is rounded to the nearest integer, and an open arc weighs at least
/// `floor` (so a weight sum may differ from the exact sum by at most `max(0.5, floor)` units per arc; reports use
/// exact sums). The default floor of 1 is the routing tie-break: a connector that costs nothing under the metric (a
/// transshipment's 0 m under `distance`, a free transfer under `cost`) is never taken when a route of equal value
/// without it exists. Flow passes `floor: 0`, so its costs stay the exact rounded sums.
/// Closed edges give `UInt32.max` (never traversed); open values are capped at `UInt32.max - 1`.
///
/// - Complexity: O(m).
public func arcWeights(view: NetworkView, metric: Metric, floor: UInt32 = 1) -> [UInt32] {
    let n = view.network
    var edgeWeight = [UInt32](repeating: .max, count: n.edgeCount)
    let scale = 1 / metric.weightUnit
    // Per-km cost rates looked up once per (mode, class) instead of building a key string per edge.
    var rates: [UInt64: Double] = [:]
    for e in 0..<n.edgeCount where !view.closedEdge[e] {
        var value: Double
        if metric == .cost && n.isLine(e) {
            let key = UInt64(n.edgeMode[e].rawValue) << 32 | UInt64(n.edgeClass[e])
            let rate: Double
            if let known = rates[key] { rate = known } else { rate = n.costPerKm(ofEdge: e); rates[key] = rate }
            value = rate * n.edgeLengthMeters[e] / 1000 * view.costFactor[e]
        } else {
            value = view.value(ofEdge: e, metric: metric)
        }
        let scaled = (value * scale).rounded()
        edgeWeight[e] = scaled.isFinite ? UInt32(max(Double(floor), min(scaled, Double(UInt32.max - 1)))) : UInt32.max - 1
    }
    return n.arcEdge.map { edgeWeight[Int($0)] }
}
