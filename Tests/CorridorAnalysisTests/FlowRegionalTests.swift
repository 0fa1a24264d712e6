import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// Far East regional checks; skipped when GeoData/far-east/network.yaml is missing.
@Suite("Flow regional (far-east)")
struct FlowRegionalTests {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("GeoData/far-east/network.yaml").path
    static let available = FileManager.default.fileExists(atPath: manifest)

    static let network: Network? = {
        guard available else { return nil }
        return try? NetworkLoader.load(NetworkSpec(manifestPath: manifest))
    }()

    func request(_ restrictions: Restrictions) -> ChokepointRequest {
        ChokepointRequest(origins: ["Vladivostok", "Ussuriysk", "Khabarovsk"].map { FlowSite(.place($0)) },
                          destinations: [FlowSite(.place("Pyongyang"))], restrictions: restrictions, top: 10)
    }

    static func isKhasanTumangang(_ name: String) -> Bool { Gazetteer.fold(name) == Gazetteer.fold("Khasan–Tumangang") }

    func log(_ label: String, _ r: ChokepointResult) {
        print("\(label): max throughput \(r.maxThroughputTonnesPerDay) t/day; cut: "
              + r.cut.map { "\($0.kind.rawValue) \($0.name) \($0.capacityTonnesPerDay)" }.joined(separator: "; ")
              + "; ranking \(String(format: "%.3f", r.rankingSeconds)) s: "
              + r.ranking.prefix(5).map { "\($0.rank). \($0.kind.rawValue) \($0.name) -\($0.throughputLostTonnesPerDay)" }
                  .joined(separator: ", "))
        for w in r.sharedCapacityWarnings { print("  shared-capacity warning: \(w.message)") }
    }

    /// The issue's question: maximum throughput from the Russian Far East to Pyongyang with and without Chinese
    /// transit, and the cut in each case; without China everything crosses Khasan–Tumangang.
    @Test(.enabled(if: available)) func russianFarEastToPyongyangWithAndWithoutChina() throws {
        let network = try #require(Self.network)
        let analyzer = FlowAnalyzer(network: network)
        let withChina = try analyzer.chokepoints(request(.none))
        let withoutChina = try analyzer.chokepoints(request(Restrictions(avoidCountries: ["CN"])))
        log("with China", withChina)
        log("without China", withoutChina)
        for r in [withChina, withoutChina] {
            #expect(r.cut.map(\.capacityTonnesPerDay).reduce(0, +) == r.maxThroughputTonnesPerDay)
        }
        #expect(withoutChina.maxThroughputTonnesPerDay > 0)
        #expect(withoutChina.maxThroughputTonnesPerDay <= withChina.maxThroughputTonnesPerDay)

        // Without China every tonne crosses Khasan–Tumangang (the sole RU–KP link): the throughput is at most the
        // bridge's capacity, and the bridge (or its approach line of the same design capacity) is in the minimum cut
        // exactly when nothing downstream is narrower. Which one binds is the data's answer, not the test's.
        let bridge = try #require(network.crossings.first { Self.isKhasanTumangang($0.name) })
        #expect(withoutChina.maxThroughputTonnesPerDay <= bridge.capacityTonnesPerDay)
        let bridgeOrApproach = withoutChina.cut.contains { element in
            let isBridge = element.kind == .crossing && element.name == bridge.name
            let isApproach = element.kind == .edge && element.name.contains("Khasan")
                && element.capacityTonnesPerDay == bridge.capacityTonnesPerDay
            return isBridge || isApproach
        }
        if !bridgeOrApproach {
            #expect(withoutChina.maxThroughputTonnesPerDay < bridge.capacityTonnesPerDay, "\(withoutChina.cut.map(\.name))")
        }
        let khasan = try #require(withoutChina.ranking.first { $0.kind == .crossing && Self.isKhasanTumangang($0.name) })
        #expect(khasan.throughputLostTonnesPerDay == withoutChina.maxThroughputTonnesPerDay)
        #expect(khasan.rank == 1)
        // Whatever the layers carry beyond the crossing's shared capacity is flagged, and without that excess the
        // throughput is within the crossing's capacity.
        let excess = withoutChina.sharedCapacityWarnings.filter { $0.group.kind == .crossing && Self.isKhasanTumangang($0.group.name) }
            .map(\.excessTonnesPerDay).reduce(0, +)
        if withoutChina.maxThroughputTonnesPerDay > bridge.capacityTonnesPerDay { #expect(excess > 0) }
        #expect(withoutChina.maxThroughputTonnesPerDay - excess <= bridge.capacityTonnesPerDay)

        // The min-cost flow of the maximum agrees with the max flow.
        let flow = try analyzer.flow(FlowRequest(
            origins: ["Vladivostok", "Ussuriysk", "Khabarovsk"].map { FlowSite(.place($0), tonnesPerDay: 1_000_000) },
            destinations: [FlowSite(.place("Pyongyang"), tonnesPerDay: 3_000_000)], restrictions: Restrictions(avoidCountries: ["CN"])))
        #expect(flow.deliveredTonnesPerDay == withoutChina.maxThroughputTonnesPerDay)
        #expect(flow.corridors.first?.crossings.contains(where: Self.isKhasanTumangang) ?? false)
    }

    /// With China denied, closing Khasan–Tumangang cuts Russia off from North Korea by rail (and entirely, as no
    /// RU–KP road crossing exists).
    @Test(.enabled(if: available)) func closingKhasanTumangangWithoutChinaCutsRussiaOff() throws {
        let network = try #require(Self.network)
        let analyzer = FlowAnalyzer(network: network)
        func throughput(_ modes: Set<TransportMode>?) throws -> Int64 {
            var r = request(Restrictions(modes: modes, avoidCountries: ["CN"], close: ["Khasan–Tumangang"]))
            r.top = 0
            let result = try analyzer.chokepoints(r)
            log("without China, Khasan–Tumangang closed, modes \(modes.map { $0.map(\.description).sorted() } ?? ["all"])", result)
            return result.maxThroughputTonnesPerDay
        }
        // Rail origins and destination stay reachable by rail (the answer is 0 because of the border, not snapping).
        #expect(try analyzer.chokepoints({ var r = request(Restrictions(modes: [.rail], avoidCountries: ["CN"])); r.top = 0; return r }())
            .maxThroughputTonnesPerDay > 0)
        #expect(try throughput([.rail]) == 0)
        let roadLinkRUKP = network.crossings.contains { Set($0.countries) == ["RU", "KP"] && $0.modes.contains(.road) }
        #expect(!roadLinkRUKP)  // the dataset has none; if one is added, only the rail figure must be 0
        if !roadLinkRUKP { #expect(try throughput(nil) == 0) }
    }
}
