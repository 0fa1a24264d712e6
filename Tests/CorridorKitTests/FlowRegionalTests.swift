import Foundation
import Testing
@testable import CorridorKit

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

    @Test(.enabled(if: available)) func russianFarEastToPyongyangWithAndWithoutChina() throws {
        let network = try #require(Self.network)
        let analyzer = FlowAnalyzer(network: network)
        let withChina = try analyzer.chokepoints(request(.none))
        let withoutChina = try analyzer.chokepoints(request(Restrictions(avoidCountries: ["CN"])))
        for r in [withChina, withoutChina] {
            #expect(r.cut.map(\.capacityTonnesPerDay).reduce(0, +) == r.maxThroughputTonnesPerDay)
            print("max throughput \(r.notes): \(r.maxThroughputTonnesPerDay) t/day; cut: "
                  + r.cut.map { "\($0.kind.rawValue) \($0.name) \($0.capacityTonnesPerDay)" }.joined(separator: "; ")
                  + "; ranking \(String(format: "%.3f", r.rankingSeconds)) s: "
                  + r.ranking.prefix(5).map { "\($0.rank). \($0.name) -\($0.throughputLostTonnesPerDay)" }.joined(separator: ", "))
        }
        #expect(withChina.maxThroughputTonnesPerDay > 0)
        #expect(withoutChina.maxThroughputTonnesPerDay <= withChina.maxThroughputTonnesPerDay)
        // Without China every tonne crosses Khasan–Tumangang (the sole RU–KP link): losing it loses everything.
        // It is not itself in a minimum cut with this data: its 12,000 t/day exceed the Russian-side approach
        // (Baranovsky–Khasan line + Khasan road transfer), which is the cut.
        let khasan = try #require(withoutChina.ranking.first { $0.kind == .crossing && Gazetteer.fold($0.name) == Gazetteer.fold("Khasan–Tumangang") })
        #expect(khasan.throughputLostTonnesPerDay == withoutChina.maxThroughputTonnesPerDay)
        #expect(khasan.rank == 1)
        let bridge = try #require(network.crossings.first { Gazetteer.fold($0.name) == Gazetteer.fold("Khasan–Tumangang") })
        #expect(withoutChina.cut.contains { $0.kind == .crossing && $0.name == bridge.name }
                || bridge.capacityTonnesPerDay > withoutChina.maxThroughputTonnesPerDay)
        // The min-cost flow of the maximum agrees with the max flow.
        let flow = try analyzer.flow(FlowRequest(
            origins: ["Vladivostok", "Ussuriysk", "Khabarovsk"].map { FlowSite(.place($0), tonnesPerDay: 1_000_000) },
            destinations: [FlowSite(.place("Pyongyang"), tonnesPerDay: 3_000_000)], restrictions: Restrictions(avoidCountries: ["CN"])))
        #expect(flow.deliveredTonnesPerDay == withoutChina.maxThroughputTonnesPerDay)
        #expect(flow.corridors.first?.crossings.contains { Gazetteer.fold($0) == Gazetteer.fold("Khasan–Tumangang") } ?? false)
    }
}
