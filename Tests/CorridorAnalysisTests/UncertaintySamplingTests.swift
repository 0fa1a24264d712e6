import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Sampling of the GeoData ranges: the triangular inverse, the Latin hypercube, joint draws per parameter,
/// determinism, and bounds on the regional network.
@Suite struct UncertaintySamplingTests {
    @Test func triangularInverseIsMonotoneWithinBoundsAndHasTheRightMean() {
        for (a, m, b) in [(0.0, 0.0, 1.0), (2.0, 5.0, 6.0), (1.0, 4.0, 4.0), (3.0, 3.5, 9.0)] {
            var previous = -Double.infinity
            var sum = 0.0
            let n = 100_000
            for k in 0..<n {
                let u = (Double(k) + 0.5) / Double(n)
                let x = UncertaintySampling.triangular(u, low: a, mode: m, high: b)
                #expect(x >= a && x <= b && x >= previous)
                previous = x
                sum += x
            }
            #expect(abs(sum / Double(n) - (a + m + b) / 3) < 1e-3, "\(a) \(m) \(b)")
            // The CDF at the mode is (m − a)/(b − a).
            #expect(abs(UncertaintySampling.triangular((m - a) / (b - a), low: a, mode: m, high: b) - m) < 1e-9)
        }
        #expect(UncertaintySampling.triangular(0.3, low: 5, mode: 5, high: 5) == 5)
    }

    @Test(.enabled(if: FlowRegionalTests.available)) func regionalSamplesAreJointStratifiedDeterministicAndBounded() throws {
        let net = try #require(FlowRegionalTests.network)
        let sampling = UncertaintySampling(network: net)
        #expect(!sampling.parameters.isEmpty)
        // Each edge belongs to at most one parameter of each quantity.
        for q in [UncertainParameter.Quantity.capacity, .fixedCost] {
            let edges = sampling.parameters.filter { $0.quantity == q }.flatMap(\.edges)
            #expect(Set(edges).count == edges.count)
        }
        let n = 64
        let u = sampling.uniforms(samples: n, seed: 7)
        for p in u { #expect(Set(p.map { Int($0 * Double(n)) }) == Set(0..<n)) }  // one per stratum
        #expect(sampling.uniforms(samples: n, seed: 7) == u && sampling.uniforms(samples: n, seed: 8) != u)
        // Joint: the edges of one capacity parameter with the same range move by the same factor.
        let (capacity, _) = sampling.factors(sample: 3, uniforms: u)
        let ranges = net.ranges
        for p in sampling.parameters where p.quantity == .capacity {
            let groups = Dictionary(grouping: p.edges) { e in [Double(net.edgeCapacityTonnesPerDay[e]), ranges.capacityLow[e], ranges.capacityHigh[e]] }
            for (_, edges) in groups { #expect(Set(edges.map { capacity[$0] }).count == 1, "\(p.id)") }
        }
        let evaluator = try UnitEvaluator(analyzer: FlowAnalyzer(network: net), origins: [FlowSite(.place("Vladivostok"))],
                                          destinations: [FlowSite(.place("Pyongyang"))])
        let summary = try sampling.run(evaluator, samples: n, seed: 7, cost: true)
        #expect(try sampling.run(evaluator, samples: n, seed: 7, cost: true) == summary)
        // The parallel run equals evaluating each sample on its own.
        for i in [0, 17, n - 1] {
            let (c, k) = sampling.factors(sample: i, uniforms: u)
            #expect(try evaluator.evaluate(capacityFactor: c, costFactor: k, cost: true) == summary.samples[i])
        }
        // Max flow is monotone in capacities: every sample lies between all-low and all-high.
        func bound(_ values: [Double]) -> [Double] {
            (0..<net.edgeCount).map { e in net.edgeCapacityTonnesPerDay[e] > 0 ? values[e] / Double(net.edgeCapacityTonnesPerDay[e]) : 1 }
        }
        let low = try evaluator.evaluate(capacityFactor: bound(ranges.capacityLow)).throughputTonnesPerDay
        let high = try evaluator.evaluate(capacityFactor: bound(ranges.capacityHigh)).throughputTonnesPerDay
        #expect(summary.samples.allSatisfy { $0.throughputTonnesPerDay >= low && $0.throughputTonnesPerDay <= high })
        let t = summary.throughput
        #expect(t.p10 <= t.p50 && t.p50 <= t.p90 && t.p10 >= Double(low) && t.p90 <= Double(high))
        #expect(summary.binding.allSatisfy { $0.share > 0 && $0.share <= 1 })
        #expect(throws: AnalysisError.self) { try sampling.run(evaluator, samples: 0, seed: 1, cost: false) }
    }
}
