import CorridorGraph
import CorridorNetwork
import Dispatch
import Foundation

/// One uncertain parameter of the network: the edges whose values it sets jointly, and what it sets.
public struct UncertainParameter: Sendable, Equatable {
    /// What is uncertain.
    public enum Quantity: String, Sendable, Equatable {
        /// A capacity (t/day) of a crossing, terminal or line feature.
        case capacity
        /// A connector's fixed cost per tonne.
        case fixedCost = "fixed_cost"
        /// A per-km cost rate of the profile (`rail`, `road` or `mode/class`).
        case perKmCost = "per_km_cost"
    }
    /// `crossing:3`, `terminal:1`, `feature:SOURCE:FID` (every piece of one line feature, both gauges of a dual-gauge
    /// piece), or the cost model key (`rail`, `road/primary`).
    public var id: String
    /// Which value it is.
    public var quantity: Quantity
    /// The edges it sets, sorted.
    public var edges: [Int]
}

/// Samples of the network's parameter ranges and what each leaves.
///
/// Every parameter that the data gives as a range (low < high: `Network.ranges` per edge, the cost model's
/// `perKmRanges`) is drawn from the triangular distribution on (low, base, high), jointly per parameter: one
/// uniform number per parameter and sample sets every edge of the parameter through its own inverse distribution
/// function (the pieces of one line feature, the two gauges of a dual-gauge piece, the connectors of one crossing
/// move together, never independently per edge). The uniform numbers form a Latin hypercube: for each parameter,
/// the N samples take one value in each of N equal strata, in a random order. Deterministic for a seed: each
/// parameter's strata and offsets come from its own generator seeded by (seed, parameter index), and the samples are
/// evaluated in parallel into fixed slots, so the result does not depend on the thread count.
public struct UncertaintySampling: Sendable {
    /// The parameters with a range, in a fixed order (crossings, terminals, line features, fixed costs, cost keys).
    public let parameters: [UncertainParameter]
    let network: Network

    /// The uncertain parameters of `network`.
    public init(network: Network) {
        self.network = network
        let ranges = network.ranges
        let owners = ElementOwners(network: network)
        var capacityGroups: [String: [Int]] = [:]
        var order: [String] = []
        var fixedCostGroups: [String: [Int]] = [:]
        var fixedOrder: [String] = []
        for e in 0..<network.edgeCount {
            let (kind, id) = owners.owner(ofEdge: e)
            let key: String
            switch kind {
            case .crossing, .terminal: key = "\(kind.rawValue):\(id)"
            default:
                let s = network.edgeSourceIndex[id]
                key = s == .max ? "edge:\(id)" : "feature:\(s):\(network.edgeSourceFID[id])"
            }
            if ranges.capacityHigh[e] > ranges.capacityLow[e] {
                if capacityGroups[key] == nil { order.append(key) }
                capacityGroups[key, default: []].append(e)
            }
            if ranges.fixedCostHigh[e] > ranges.fixedCostLow[e] {
                if fixedCostGroups[key] == nil { fixedOrder.append(key) }
                fixedCostGroups[key, default: []].append(e)
            }
        }
        var parameters = order.map { UncertainParameter(id: $0, quantity: .capacity, edges: capacityGroups[$0]!.sorted()) }
        parameters += fixedOrder.map { UncertainParameter(id: $0, quantity: .fixedCost, edges: fixedCostGroups[$0]!.sorted()) }
        if let perKm = network.costModel.perKmRanges {
            for key in perKm.keys.sorted() where perKm[key]!.high > perKm[key]!.low {
                let edges = (0..<network.edgeCount).filter { e in
                    guard network.edgeKind[e] == .line else { return false }
                    let mode = "\(network.edgeMode[e])"
                    let classKey = "\(mode)/\(network.className(ofEdge: e))"
                    // The most specific key that exists applies, as in `costPerKm`.
                    if network.costModel.perKmByClass[classKey] != nil || perKm[classKey] != nil { return key == classKey }
                    return key == mode
                }
                if !edges.isEmpty { parameters.append(UncertainParameter(id: key, quantity: .perKmCost, edges: edges)) }
            }
        }
        self.parameters = parameters
    }

    /// The inverse distribution function of the triangular distribution on (low, mode, high) at `u` ∈ [0, 1].
    public static func triangular(_ u: Double, low: Double, mode: Double, high: Double) -> Double {
        guard high > low else { return mode }
        let m = min(max(mode, low), high)
        let split = (m - low) / (high - low)
        if u < split { return low + ((u * (high - low) * (m - low))).squareRoot() }
        return high - (((1 - u) * (high - low) * (high - m))).squareRoot()
    }

    /// The Latin hypercube: `uniforms[p][i]` for parameter `p` and sample `i`, each parameter's N values one per
    /// stratum [k/N, (k+1)/N).
    public func uniforms(samples: Int, seed: UInt64) -> [[Double]] {
        parameters.indices.map { p in
            var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(p) &* 0xD1B5_4A32_D192_ED03 &+ 1)
            var strata = Array(0..<samples)
            strata.shuffle(using: &rng)
            return strata.map { (Double($0) + Double.random(in: 0..<1, using: &rng)) / Double(samples) }
        }
    }

    /// The capacity and cost factors (per edge) of sample `i`: sampled value / base value (1 where the base is 0).
    public func factors(sample i: Int, uniforms: [[Double]]) -> (capacity: [Double], cost: [Double]) {
        let n = network
        let ranges = n.ranges
        var capacity = [Double](repeating: 1, count: n.edgeCount)
        var cost = [Double](repeating: 1, count: n.edgeCount)
        for (p, parameter) in parameters.enumerated() {
            let u = uniforms[p][i]
            switch parameter.quantity {
            case .capacity:
                for e in parameter.edges {
                    let base = Double(n.edgeCapacityTonnesPerDay[e])
                    guard base > 0 else { continue }
                    capacity[e] = Self.triangular(u, low: ranges.capacityLow[e], mode: base, high: ranges.capacityHigh[e]) / base
                }
            case .fixedCost:
                for e in parameter.edges {
                    let base = n.edgeFixedCost[e]
                    guard base > 0 else { continue }
                    cost[e] = Self.triangular(u, low: ranges.fixedCostLow[e], mode: base, high: ranges.fixedCostHigh[e]) / base
                }
            case .perKmCost:
                guard let range = n.costModel.perKmRanges?[parameter.id], let e0 = parameter.edges.first else { continue }
                let base = n.costPerKm(ofEdge: e0)
                guard base > 0 else { continue }
                let f = Self.triangular(u, low: range.low, mode: base, high: range.high) / base
                for e in parameter.edges { cost[e] = f }
            }
        }
        return (capacity, cost)
    }

    /// Evaluates `samples` draws with `evaluator` (in parallel; deterministic for `seed`).
    /// - Throws: `AnalysisError.invalidRequest` for samples outside 1…1,000,000; any evaluation's error.
    public func run(_ evaluator: UnitEvaluator, samples: Int, seed: UInt64, removing: [ElementReference] = [],
                    cost: Bool) throws(AnalysisError) -> UncertaintySummary {
        guard (1...1_000_000).contains(samples) else {
            throw .invalidRequest("the number of samples must be 1 to 1000000: \(samples)")
        }
        let u = uniforms(samples: samples, seed: seed)
        let slots = ParallelSlots<Result<UnitEvaluation, AnalysisError>>(count: samples)
        let me = self
        DispatchQueue.concurrentPerform(iterations: samples) { i in
            let (capacity, costFactor) = me.factors(sample: i, uniforms: u)
            slots.store(i, Result { () throws(AnalysisError) -> UnitEvaluation in
                try evaluator.evaluate(removing: removing, capacityFactor: capacity, costFactor: cost ? costFactor : nil, cost: cost)
            })
        }
        var results: [UnitEvaluation] = []
        for i in 0..<samples {
            switch slots.take(i)! {
            case .success(let v): results.append(v)
            case .failure(let e): throw e
            }
        }
        var count: [ElementReference: Int] = [:]
        for r in results { for e in r.bindingElements { count[e, default: 0] += 1 } }
        let binding = count.map { e, k -> BindingShare in
            let name: String
            if e.kind == .site {
                name = e.id < evaluator.origins.count ? "supply of \(evaluator.origins[e.id].name)"
                    : "demand of \(evaluator.destinations[e.id - evaluator.origins.count].name)"
            } else {
                name = evaluator.owners.name(kind: e.kind, id: e.id)
            }
            return BindingShare(element: e, name: name, share: Double(k) / Double(samples))
        }.sorted { $0.share != $1.share ? $0.share > $1.share : $0.element < $1.element }
        return UncertaintySummary(samples: results, seed: seed, parameterCount: parameters.count, binding: binding)
    }
}

/// An element and the share of samples in which it lies in a minimum cut.
public struct BindingShare: Sendable, Equatable {
    /// Kind and id (`site:I` for an origin's supply or a destination's demand limit, origins first).
    public var element: ElementReference
    /// Its name, as in chokepoint results.
    public var name: String
    /// Share of samples, 0–1.
    public var share: Double
}

/// Percentiles and binding shares over samples.
public struct UncertaintySummary: Sendable, Equatable {
    /// P10, P50, P90 of a quantity (nearest rank on the sorted samples).
    public struct Percentiles: Sendable, Equatable {
        public var p10: Double, p50: Double, p90: Double
    }
    /// Every sample's evaluation, in sample order.
    public var samples: [UnitEvaluation]
    /// The seed used.
    public var seed: UInt64
    /// Number of uncertain parameters sampled.
    public var parameterCount: Int

    /// P10/P50/P90 of the maximum throughput, t/day.
    public var throughput: Percentiles { Self.percentiles(samples.map { Double($0.throughputTonnesPerDay) }) }
    /// P10/P50/P90 of the cost per day of shipping the maximum at minimum cost; nil without costs.
    public var cost: Percentiles? {
        let c = samples.compactMap(\.costPerDay)
        return c.count == samples.count && !c.isEmpty ? Self.percentiles(c) : nil
    }

    /// Every element in some minimum cut of some sample, with the share of samples in which it is, by decreasing
    /// share then element.
    public var binding: [BindingShare]

    /// Nearest-rank percentiles (the ⌈p·N⌉-th smallest).
    public static func percentiles(_ values: [Double]) -> Percentiles {
        let sorted = values.sorted()
        func rank(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
        }
        return Percentiles(p10: rank(0.1), p50: rank(0.5), p90: rank(0.9))
    }
}

extension UncertaintySummary {
    /// Per network edge, the binding share of the element that owns it (its crossing or terminal, else its physical
    /// piece, both gauges of a dual-gauge pair alike), 0 for an edge whose element was in no sample's minimum cut:
    /// the per-feature `binding_share` of `flow --samples`.
    /// - Complexity: O(edges + crossing and terminal edges + binding elements).
    public func edgeBindingShares(network: Network) -> [Double] {
        let owners = ElementOwners(network: network)
        var share: [ElementReference: Double] = [:]
        for b in binding { share[b.element] = b.share }
        return (0..<network.edgeCount).map { e in
            let (kind, id) = owners.owner(ofEdge: e)
            return share[ElementReference(kind: kind, id: id)] ?? 0
        }
    }
}
