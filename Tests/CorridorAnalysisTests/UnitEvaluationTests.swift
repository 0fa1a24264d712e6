import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// The per-unit evaluation (one failure set / sample → throughput, cost, binding elements) against independent peers,
/// and an interdiction stopped by its time limit.
@Suite struct UnitEvaluationTests {
    /// Arcs of the open edges (both directions unless one-way), capacities scaled by `factor`.
    static func arcs(_ net: Network, closed: Set<Int>, factor: Double = 1) -> [(Int, Int, Int64, Int)] {
        var out: [(Int, Int, Int64, Int)] = []
        for e in 0..<net.edgeCount where !closed.contains(e) {
            let c = Int64((Double(net.edgeCapacityTonnesPerDay[e]) * factor).rounded(.down))
            out.append((Int(net.edgeSource[e]), Int(net.edgeTarget[e]), c, e))
            if !net.edgeOneway[e] { out.append((Int(net.edgeTarget[e]), Int(net.edgeSource[e]), c, e)) }
        }
        return out
    }

    static func maxFlow(_ net: Network, _ arcs: [(Int, Int, Int64, Int)], source: Int, sink: Int) -> Int64 {
        let s = net.nodeCount, t = net.nodeCount + 1
        let all = arcs.map { ($0.0, $0.1, $0.2) } + [(s, source, Int64(1) << 40), (sink, t, Int64(1) << 40)]
        return InterdictionTests.edmondsKarp(nodeCount: net.nodeCount + 2, arcs: all, s: s, t: t)
    }

    @Test func throughputBindingAndFactorsMatchPeers() throws {
        var rng = SplitMix64(seed: 1717)
        for instance in 0..<40 {
            let net = InterdictionTests.randomNetwork(&rng)
            let last = net.nodeCount - 1
            let analyzer = FlowAnalyzer(network: net)
            let evaluator = try UnitEvaluator(analyzer: analyzer, origins: [FlowSite(.place("P0"))],
                                              destinations: [FlowSite(.place("P\(last)"))])
            let intact = try evaluator.evaluate(cost: true)
            let peerArcs = Self.arcs(net, closed: [])
            let value = Self.maxFlow(net, peerArcs, source: 0, sink: last)
            #expect(intact.throughputTonnesPerDay == value, "instance \(instance)")
            #expect(intact.deliveredTonnesPerDay == value)
            // An arc is in some minimum cut exactly when one tonne less on it lowers the maximum flow.
            var bindingEdges = Set<Int>()
            for i in peerArcs.indices where peerArcs[i].2 > 0 {
                var lowered = peerArcs
                lowered[i].2 -= 1
                if Self.maxFlow(net, lowered, source: 0, sink: last) < value { bindingEdges.insert(peerArcs[i].3) }
            }
            let owners = ElementOwners(network: net)
            let expected = Set(bindingEdges.map { e -> ElementReference in
                let (kind, id) = owners.owner(ofEdge: e)
                return ElementReference(kind: kind, id: id)
            })
            #expect(Set(intact.bindingElements) == expected, "instance \(instance)")
            // A random failure set leaves what the peer computes without its edges.
            let elements = InterdictionTests.elements(net, siteNodes: [0, last])
            let picked = elements.filter { _ in Int.random(in: 0..<4, using: &rng) == 0 }
            let closed = picked.reduce(into: Set<Int>()) { $0.formUnion($1.1) }
            let failed = try evaluator.evaluate(removing: picked.map(\.0))
            #expect(failed.throughputTonnesPerDay == Self.maxFlow(net, Self.arcs(net, closed: closed), source: 0, sink: last))
            // Capacity factors scale every edge.
            let factor = Double(Int.random(in: 1...7, using: &rng)) / 4
            let scaled = try evaluator.evaluate(capacityFactor: [Double](repeating: factor, count: net.edgeCount))
            #expect(scaled.throughputTonnesPerDay == Self.maxFlow(net, Self.arcs(net, closed: [], factor: factor), source: 0, sink: last),
                    "instance \(instance) factor \(factor)")
        }
    }

    @Test func badFactorsAreRejected() throws {
        var rng = SplitMix64(seed: 3)
        let net = InterdictionTests.randomNetwork(&rng)
        let evaluator = try UnitEvaluator(analyzer: FlowAnalyzer(network: net), origins: [FlowSite(.place("P0"))],
                                          destinations: [FlowSite(.place("P\(net.nodeCount - 1)"))])
        #expect(throws: AnalysisError.self) { try evaluator.evaluate(capacityFactor: [1]) }
        #expect(throws: AnalysisError.self) { try evaluator.evaluate(capacityFactor: [Double](repeating: -1, count: net.edgeCount)) }
        #expect(throws: AnalysisError.self) { try evaluator.evaluate(costFactor: [Double](repeating: .nan, count: net.edgeCount)) }
    }

    /// A grid whose interdiction the MIP cannot prove in no time: stopped by the limit, the plan says so, keeps a
    /// valid set (its throughput recomputed) and a bound below it.
    @Test func timeLimitStopsTheMIPAndReportsTheGap() throws {
        var rng = SplitMix64(seed: 4242)
        var f = FlowFixture()
        let side = 9
        for r in 0..<side { for c in 0..<side { f.node(130 + Double(c) * 0.3, 40 + Double(r) * 0.3, place: "G\(r)_\(c)") } }
        for r in 0..<side {
            for c in 0..<side {
                let v = UInt32(r * side + c)
                if c + 1 < side { f.line(v, v + 1, km: 30, capacity: Int64.random(in: 1...20, using: &rng) * 50, name: "h\(v)") }
                if r + 1 < side { f.line(v, v + UInt32(side), km: 30, capacity: Int64.random(in: 1...20, using: &rng) * 50, name: "v\(v)") }
            }
        }
        let net = f.build()
        // The whole left column ships to the whole right column: no cheap cut at a site.
        let request = InterdictionRequest(origins: (0..<side).map { FlowSite(.place("G\($0)_0")) },
                                          destinations: (0..<side).map { FlowSite(.place("G\($0)_\(side - 1)")) },
                                          budget: 5, timeLimitSeconds: 0, curve: false)
        let result = try FlowAnalyzer(network: net).interdict(request)
        let plan = result.best
        #expect(!plan.proof.proven)
        #expect(plan.proof.status.contains("time limit"), "\(plan.proof.status)")
        #expect(plan.proof.bound <= Double(plan.throughputLeftTonnesPerDay))
        #expect(plan.proof.absoluteGap == Double(plan.throughputLeftTonnesPerDay) - plan.proof.bound)
        #expect(plan.spent <= 5)
        let closed = plan.elements.reduce(into: Set<Int>()) { $0.formUnion($1.edges.map(Int.init)) }
        // The peer's single source and sink: the columns joined by arcs of unlimited capacity.
        let joins = (0..<side).flatMap { r in [(0, r * side, Int64(1) << 40, -1), (r * side + side - 1, side - 1, Int64(1) << 40, -1)] }
        #expect(Self.maxFlow(net, Self.arcs(net, closed: closed) + joins.filter { $0.1 != 0 && $0.0 != side - 1 }, source: 0, sink: side - 1)
                == plan.throughputLeftTonnesPerDay)
    }
}
