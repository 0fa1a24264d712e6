import Foundation
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// "The places lie in different components" names where the parts come nearest and the snap tolerance that joins
/// them: a synthetic version of the Natural Earth roads of Russia, where a 2.7 km gap near 133.78°E 45.93°N
/// separates Khabarovsk from Vladivostok at the default 1 m snap.
@Suite struct ComponentGapTests {
    static let khabarovsk = ll(135.07, 48.48), vladivostok = ll(131.89, 43.12)
    /// The two line ends at the gap: 0.0349° of longitude at 45.93°N is about 2.7 km.
    static let north = ll(133.78, 45.93), south = ll(133.8149, 45.9305)

    static func network(snap: Double, oneway: Bool = false) throws -> Network {
        let b = NetworkBuilder(options: NetworkBuildOptions(snapToleranceMeters: snap, autoBorderCrossings: false))
        let attributes = road("trunk", country: "RU")
        b.addLine([khabarovsk, ll(134.6, 47.6), north], attributes: attributes, source: 0, fid: 0)
        b.addLine([south, ll(133.2, 44.6), vladivostok], attributes: attributes, source: 0, fid: 1)
        // A third part, a road ending 300 m from the gap: nearer, but on neither place's side.
        b.addLine([ll(133.7800, 45.9327), ll(133.5, 46.5)], attributes: attributes, source: 0, fid: 2)
        if oneway {
            b.addLine([north, ll(133.80, 45.90), south], attributes: road("trunk", oneway: true, country: "RU"), source: 0, fid: 3)
        }
        b.places = Gazetteer(places: [Place(name: "Khabarovsk", location: khabarovsk), Place(name: "Vladivostok", location: vladivostok)])
        return try b.build()
    }

    func route(_ network: Network, from: String = "Khabarovsk", to: String = "Vladivostok") -> Result<RouteResult, AnalysisError> {
        Result { () throws(AnalysisError) in
            try Router(network: network).route(RouteRequest(from: Endpoint(parsing: from), to: Endpoint(parsing: to)))
        }
    }

    @Test func theGapIsNamedWithTheToleranceThatJoinsIt() throws {
        let network = try Self.network(snap: 1)
        let expected = NetworkBuildOptions.snapDistanceMeters(Self.north, Self.south)
        #expect(expected > 2600 && expected < 2800)
        guard case .failure(.noRoute(_, _, let reason)) = route(network) else { Issue.record("expected no route"); return }
        #expect(reason.contains("different components"))
        #expect(reason.contains("between 133.7800°E 45.9300°N and 133.8149°E 45.9305°N"), "\(reason)")
        #expect(reason.contains("in the road layer"))
        let gap = try #require({ () -> ComponentGap? in
            let router = Router(network: network)
            guard case .gap(let g)? = router.componentGap([Endpoint(parsing: "Khabarovsk"), Endpoint(parsing: "Vladivostok")],
                                                          restrictions: .none, maxSnapMeters: 25_000) else { return nil }
            return g
        }())
        #expect(abs(gap.meters - expected) < 1e-6 * expected)
        #expect(gap.joiningSnapTolerance >= gap.meters && gap.joiningSnapTolerance < gap.meters * 1.05)
        #expect(reason.contains("--snap-tolerance \(Int(gap.joiningSnapTolerance)) would join them"))

        // The suggested tolerance joins the parts; one below the gap does not.
        if case .failure(let error) = route(try Self.network(snap: gap.joiningSnapTolerance)) { Issue.record("\(error) \(gap)") }
        guard case .failure = route(try Self.network(snap: gap.meters * 0.9)) else { Issue.record("joined below the gap"); return }
    }

    @Test func toleranceRoundsUpToTwoSignificantDigits() {
        func tolerance(_ m: Double) -> Double { ComponentGap(from: ll(0, 0), to: ll(0, 0), meters: m, layer: .road).joiningSnapTolerance }
        #expect(tolerance(2690.4) == 2700 && tolerance(2700) == 2700 && tolerance(2700.01) == 2800)
        #expect(tolerance(3.2) == 4 && tolerance(0.2) == 1 && tolerance(57) == 57 && tolerance(123_456) == 130_000)
    }

    @Test func aOneWayLineAgainstTheTravelDirectionIsNotCalledAGap() throws {
        let network = try Self.network(snap: 1, oneway: true)
        // North to south along the one-way line works; back it does not, and the message says why.
        if case .failure(let error) = route(network) { Issue.record("\(error)") }
        guard case .failure(.noRoute(_, _, let reason)) = route(network, from: "Vladivostok", to: "Khabarovsk") else {
            Issue.record("expected no route"); return
        }
        #expect(reason.contains("one-way") && !reason.contains("components"), "\(reason)")
    }
}
