import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

/// What one unit of a sweep measures on its view of the network. Amounts are integers in thousandths (the
/// throughput of a shared-capacity linear program can be fractional), so parts read back exactly.
public struct SweepMeasure: Sendable, Equatable {
    /// Maximum throughput from the origins (supply caps) to the destinations (demand caps), every shared capacity
    /// respected, in thousandths of a tonne per day (the throughput is this / 1000 t/day).
    public var throughputMilli: Int64
    /// Minimum cost per day of shipping that throughput, in milli cost units (the cost is this / 1000).
    public var costMilli: Int64
    /// Element ids (`KIND:ID`, docs/FORMATS.md) that limit the throughput: the shared capacities that hold it below
    /// the minimum cut (most valuable first) when there are any, else the minimum cut's elements.
    public var binding: [String]
    /// Maximum concurrent flow λ of the OD demands, in millionths (λ = this / 10⁶); nil without demands, or when
    /// nothing limits λ.
    public var lambdaMicro: Int64?
    /// Why the unit could not be measured (a site off every open node, say); then the numbers are 0.
    public var note: String?

    /// Memberwise initializer.
    public init(throughputMilli: Int64, costMilli: Int64, binding: [String], lambdaMicro: Int64?, note: String? = nil) {
        self.throughputMilli = throughputMilli; self.costMilli = costMilli; self.binding = binding
        self.lambdaMicro = lambdaMicro; self.note = note
    }
}

/// The one per-unit evaluation of a sweep: everything a unit measures comes from `measure`, so another evaluation
/// (issue 14's) can replace its body without touching the sweep.
public enum SweepEvaluation {
    /// Measures throughput, cost, binding elements and (with `demands`) λ on `view`.
    ///
    /// Throughput, cost and binding elements are one `FlowAnalyzer.chokepoints` (push-relabel max flow, the
    /// cheapest maximum flow by min-cost flow, and the joint shared-capacity LP when that flow overloads one) with
    /// the sites' amounts as caps; the cost is that flow's Σ arc flow × arc cost. λ is `FlowAnalyzer.evaluate` of
    /// the OD demands (the multicommodity LP of issue 13, commodities kept apart).
    /// - Complexity: one max flow and one min-cost flow on the view (an LP when a shared capacity binds), plus two
    ///   LP solves with demands.
    public static func measure(view: NetworkView, origins: [FlowSite], destinations: [FlowSite],
                               demands: [SweepDemand]) -> (measure: SweepMeasure, arcFlow: [Double]?) {
        let analyzer = FlowAnalyzer(view: view)
        let result: ChokepointResult
        do {
            result = try analyzer.chokepoints(ChokepointRequest(origins: origins, destinations: destinations, top: 0))
        } catch {
            return (SweepMeasure(throughputMilli: 0, costMilli: 0, binding: [], lambdaMicro: nil, note: error.description), nil)
        }
        let weights = arcWeights(view: view, metric: .cost, floor: 0)
        var cost = 0.0
        for (a, f) in result.arcFlow.enumerated() where f != 0 { cost += f * Double(weights[a]) }
        var binding = result.sharedLimits.map { "\($0.constraint.kind.rawValue):\($0.constraint.id)" }
        if binding.isEmpty {
            binding = result.cut.map { "\($0.kind.rawValue):\($0.id)" }
        }
        var lambda: Int64?
        var note: String?
        if !demands.isEmpty {
            let request = FlowRequest(demands: demands.map {
                ODDemand(origin: Endpoint(parsing: $0.from), destination: Endpoint(parsing: $0.to), tonnesPerDay: $0.tonnesPerDay)
            })
            do {
                if let l = try analyzer.evaluate(request).lambda, l.isFinite { lambda = milli(l, scale: 1e6) }
            } catch {
                lambda = 0
                note = "λ: \(error.description)"
            }
        }
        return (SweepMeasure(throughputMilli: milli(result.maxThroughputTonnesPerDay, scale: 1000), costMilli: milli(cost, scale: 1),
                             binding: binding, lambdaMicro: lambda, note: note), result.arcFlow)
    }

    /// `value × scale` rounded to an integer (0 for anything not finite, clamped to ±2⁵³ so it reads back exactly).
    static func milli(_ value: Double, scale: Double) -> Int64 {
        let v = (value * scale).rounded()
        guard v.isFinite else { return 0 }
        return Int64(max(-9e15, min(9e15, v)))
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

    /// The inverse CDF of the triangular distribution at `u` on the range widened to hold the mode (a base value
    /// outside its low/high still draws around itself); the mode when the range is empty. The shared
    /// `UncertaintySampling.triangular`, bit for bit the sweep's own former formula.
    static func triangular(low: Double, mode: Double, high: Double, u: Double) -> Double {
        UncertaintySampling.triangular(u, low: min(low, mode), mode: mode, high: max(high, mode))
    }
}
