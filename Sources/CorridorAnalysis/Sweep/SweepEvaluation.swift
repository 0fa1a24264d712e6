import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

/// What one unit of a sweep measures on its view of the network.
public struct SweepMeasure: Sendable, Equatable {
    /// Maximum throughput from the origins (supply caps) to the destinations (demand caps), tonnes/day.
    public var throughputTonnesPerDay: Int64
    /// Minimum cost per day of shipping that throughput, in milli cost units (exact; the cost is this / 1000).
    public var costMilli: Int64
    /// Element ids (`KIND:ID`, docs/FORMATS.md) of the minimum cut that limits the throughput, in cut order.
    public var binding: [String]
    /// Maximum concurrent flow λ of the OD demands, in millionths (λ = this / 10⁶); nil without demands.
    public var lambdaMicro: Int64?
    /// Why the unit could not be measured (a site off every open node, say); then the numbers are 0.
    public var note: String?

    /// Memberwise initializer.
    public init(throughputTonnesPerDay: Int64, costMilli: Int64, binding: [String], lambdaMicro: Int64?, note: String? = nil) {
        self.throughputTonnesPerDay = throughputTonnesPerDay; self.costMilli = costMilli; self.binding = binding
        self.lambdaMicro = lambdaMicro; self.note = note
    }
}

/// The one per-unit evaluation of a sweep (kept behind this function so the multicommodity λ of issue 13 and the
/// reusable evaluation of issue 14 can replace its body without touching the sweep).
public enum SweepEvaluation {
    /// Measures throughput, cost, binding elements and (with `demands`) λ on `view`.
    ///
    /// Throughput and cost are one `FlowAnalyzer.chokepoints` (push-relabel max flow, then the cheapest maximum
    /// flow by min-cost flow) with the sites' amounts as caps; the cost is that flow's Σ arc flow × arc cost, exact
    /// in milli-units. λ for a single OD demand is its maximum flow (sites unlimited) over the demand.
    /// - Complexity: one max flow and one min-cost flow on the view (two of each with a demand).
    public static func measure(view: NetworkView, origins: [FlowSite], destinations: [FlowSite],
                               demands: [SweepDemand]) -> (measure: SweepMeasure, arcFlow: [Int64]?) {
        let analyzer = FlowAnalyzer(view: view)
        let result: ChokepointResult
        do {
            result = try analyzer.chokepoints(ChokepointRequest(origins: origins, destinations: destinations, top: 0))
        } catch {
            return (SweepMeasure(throughputTonnesPerDay: 0, costMilli: 0, binding: [], lambdaMicro: demands.isEmpty ? nil : 0,
                                 note: error.description), nil)
        }
        let weights = arcWeights(view: view, metric: .cost, floor: 0)
        var cost: Int64 = 0
        for (a, f) in result.arcFlow.enumerated() where f != 0 {
            cost = cost.addingReportingOverflow(f.multipliedReportingOverflow(by: Int64(weights[a])).partialValue).partialValue
        }
        let binding = result.cut.map { element -> String in
            element.kind == .site ? "site:\(element.id)" : "\(element.kind.rawValue):\(element.id)"
        }
        var lambda: Int64?
        var note: String?
        if let demand = demands.first {
            // One OD pair: λ is exactly its maximum flow over its demand (several pairs need the multicommodity LP,
            // refused when the sweep is planned).
            do {
                let single = try analyzer.chokepoints(ChokepointRequest(origins: [FlowSite(Endpoint(parsing: demand.from))],
                                                                        destinations: [FlowSite(Endpoint(parsing: demand.to))], top: 0))
                lambda = Int64((Double(single.maxThroughputTonnesPerDay) / Double(demand.tonnesPerDay) * 1e6).rounded())
            } catch {
                lambda = 0
                note = error.description
            }
        }
        return (SweepMeasure(throughputTonnesPerDay: result.maxThroughputTonnesPerDay, costMilli: cost, binding: binding,
                             lambdaMicro: lambda, note: note), result.arcFlow)
    }
}

/// Uncertainty samples of a view: capacities and connector fixed costs drawn from the network's low/base/high
/// ranges (`Network.ranges`).
public enum SweepSampling {
    /// Scales `view`'s capacities and connector costs by sample `index` of the generator seeded with `seed`.
    ///
    /// Each physical element draws once (a dual-gauge twin shares its lower-id edge's draw), in edge order, from
    /// a triangular distribution (low, base, high); the view's factor is draw / base. Sample `index` depends only
    /// on `seed` and `index` (its generator is seeded with both), so any shard draws it identically. Line costs
    /// (per-km rates of the cost model) are not sampled. O(edges).
    public static func apply(sample index: Int, seed: UInt64, to view: inout NetworkView) {
        let n = view.network
        let ranges = n.ranges
        var rng = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        _ = rng.next()
        var capacityFactor = [Double](repeating: 1, count: n.edgeCount)
        var costFactor = [Double](repeating: 1, count: n.edgeCount)
        for e in 0..<n.edgeCount {
            let twin = n.edgeTwin[e]
            if twin != .max && Int(twin) < e {
                capacityFactor[e] = capacityFactor[Int(twin)]; costFactor[e] = costFactor[Int(twin)]
                continue
            }
            let base = Double(n.edgeCapacityTonnesPerDay[e])
            let u1 = unit(&rng), u2 = unit(&rng)
            if base > 0 {
                capacityFactor[e] = triangular(low: ranges.capacityLow[e], mode: base, high: ranges.capacityHigh[e], u: u1) / base
            }
            let fixed = n.edgeFixedCost[e]
            if !n.isLine(e) && fixed > 0 {
                costFactor[e] = triangular(low: ranges.fixedCostLow[e], mode: fixed, high: ranges.fixedCostHigh[e], u: u2) / fixed
            }
        }
        for e in 0..<n.edgeCount {
            if capacityFactor[e] != 1 { view.scaleCapacity(ofEdge: e, by: capacityFactor[e]) }
            if costFactor[e] != 1 { view.scaleCost(ofEdge: e, by: costFactor[e]) }
        }
    }

    /// A uniform double in [0, 1) from 53 random bits.
    static func unit(_ rng: inout SplitMix64) -> Double { Double(rng.next() >> 11) * 0x1p-53 }

    /// The inverse CDF of the triangular distribution (low ≤ mode ≤ high) at `u`; the mode when the range is empty.
    static func triangular(low: Double, mode: Double, high: Double, u: Double) -> Double {
        let a = min(low, mode), b = max(high, mode)
        guard b > a else { return mode }
        let split = (mode - a) / (b - a)
        return u < split ? a + ((u * (b - a) * (mode - a)).squareRoot()) : b - (((1 - u) * (b - a) * (b - mode)).squareRoot())
    }
}
