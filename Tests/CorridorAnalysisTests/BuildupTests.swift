import CorridorGraph
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// The build-up curve against the discrete time-expanded network solved by static max flow (whole-hour transit
/// times, one-hour steps), its long-run rate against the static maximum, and the earliest delivery day.
@Suite struct BuildupTests {
    /// Lines only, each 50·h km long (h whole hours at the fixture's 50 km/h).
    static func network(_ rng: inout SplitMix64) -> (Network, [(Int, Int, Int64, Int64, Bool)]) {
        var f = FlowFixture()
        let n = Int.random(in: 3...7, using: &rng)
        for i in 0..<n { f.node(130 + Double(i) * 0.5, 40 + Double(i % 3) * 0.5, place: "P\(i)") }
        var links: [(Int, Int, Int64, Int64, Bool)] = []
        for i in 0..<(n - 1) { links.append((i, i + 1, Int64.random(in: 1...9, using: &rng) * 100, Int64.random(in: 1...20, using: &rng), false)) }
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let a = Int.random(in: 0..<n, using: &rng)
            var b = Int.random(in: 0..<(n - 1), using: &rng)
            if b >= a { b += 1 }
            links.append((a, b, Int64.random(in: 1...9, using: &rng) * 100, Int64.random(in: 1...30, using: &rng), Int.random(in: 0..<3, using: &rng) == 0))
        }
        for l in links { f.line(UInt32(l.0), UInt32(l.1), km: Double(l.3 * 50), capacity: l.2, name: "L", oneway: l.4) }
        return (f.build(), links)
    }

    @Test func curveEqualsTimeExpandedNetwork() throws {
        var rng = SplitMix64(seed: 1492)
        for instance in 0..<25 {
            let (net, links) = Self.network(&rng)
            let last = net.nodeCount - 1
            // The discrete reference: hours as steps, t/day per step; cumulative tonnes = value / 24.
            var hours = FlowNetwork(nodeCount: net.nodeCount)
            for l in links {
                hours.addArc(from: UInt32(l.0), to: UInt32(l.1), capacity: l.2, cost: l.3)
                if !l.4 { hours.addArc(from: UInt32(l.1), to: UInt32(l.0), capacity: l.2, cost: l.3) }
            }
            let result = try FlowAnalyzer(network: net).buildup(BuildupRequest(
                origins: [FlowSite(.place("P0"))], destinations: [FlowSite(.place("P\(last)"))], horizonDays: 3, deliverTonnes: 1500))
            #expect(result.days.count == 3)
            for d in result.days {
                let expanded = try TimeExpandedNetwork.maximumFlow(hours, source: 0, sink: UInt32(last), horizon: 24 * d.day)
                #expect(abs(d.cumulativeTonnes * 24 - Double(expanded)) < 1e-6, "instance \(instance) day \(d.day)")
            }
            let maxFlow = try MaxFlow.solve(hours, source: 0, sink: UInt32(last)).value
            #expect(result.maximumRateTonnesPerDay == maxFlow)
            // The earliest day is the first whose cumulative amount reaches the target.
            let long = try FlowAnalyzer(network: net).buildup(BuildupRequest(
                origins: [FlowSite(.place("P0"))], destinations: [FlowSite(.place("P\(last)"))], horizonDays: 30, deliverTonnes: 1500))
            if let day = long.earliestDeliveryDay, day <= 30 {
                #expect(long.days[day - 1].cumulativeTonnes >= 1500 - 1e-6)
                if day > 1 { #expect(long.days[day - 2].cumulativeTonnes < 1500) }
            } else {
                #expect(maxFlow == 0 || long.days.last!.cumulativeTonnes < 1500)
            }
            // After the longest transit, each day adds exactly the static maximum flow.
            let settled = Int((long.steps.map(\.transitHours).max() ?? 0) / 24) + 2
            for d in long.days where d.day >= settled { #expect(abs(d.arrivedTonnes - Double(maxFlow)) < 1e-6) }
            // The paths fit the horizon and respect capacities per direction.
            #expect(long.paths.allSatisfy { $0.transitHours <= 30 * 24 && $0.tonnesPerDay > 0 })
        }
    }

    @Test func badRequests() throws {
        var rng = SplitMix64(seed: 5)
        let (net, _) = Self.network(&rng)
        let a = FlowAnalyzer(network: net)
        let sites = ([FlowSite(.place("P0"))], [FlowSite(.place("P1"))])
        #expect(throws: AnalysisError.self) { try a.buildup(BuildupRequest(origins: sites.0, destinations: sites.1, horizonDays: 0)) }
        #expect(throws: AnalysisError.self) { try a.buildup(BuildupRequest(origins: sites.0, destinations: sites.1, horizonDays: 2, deliverTonnes: -1)) }
    }
}
