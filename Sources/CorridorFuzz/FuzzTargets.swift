import CorridorKit
import Foundation

/// The fuzz targets run by `Tools/fuzz` (libFuzzer, through the `corridor-fuzz` driver) and replayed by the test
/// suite on every saved crash input (`Tools/fuzzing/regressions/<target>/`). Each target feeds arbitrary bytes to one
/// reader of untrusted input and then to what would use its result; the contract under test is that nothing
/// traps, hangs or exhausts memory: every bad input must end in a thrown error (or a result). Where a reader has a
/// writer, the target also checks the round trip, so a fuzzer finds wrong answers as well as crashes.
public enum FuzzTargets {
    /// Target names, as `Tools/fuzz TARGET` and the corpus directories know them.
    public static let names = ["dimacs", "scenario", "manifest", "profile", "cache", "geojson", "parsers", "sweep", "parts"]

    /// Runs target `name` on `bytes`; returns false for an unknown name. Traps (a failed `precondition`) when a
    /// checked invariant does not hold.
    @discardableResult
    public static func run(_ name: String, _ bytes: [UInt8]) -> Bool {
        switch name {
        case "dimacs": dimacs(bytes)
        case "scenario": scenario(bytes)
        case "manifest": manifest(bytes)
        case "profile": profile(bytes)
        case "cache": cache(bytes)
        case "geojson": geojson(bytes)
        case "parsers": parsers(bytes)
        case "sweep": sweep(bytes)
        case "parts": parts(bytes)
        default: return false
        }
        return true
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    // MARK: DIMACS

    /// Every DIMACS reader; a min-cost or max-flow problem that parses is written back and read again (same
    /// problem) and, when small, solved (a solver error is fine, a trap is not).
    static func dimacs(_ bytes: [UInt8]) {
        if let network = try? DIMACS.readMinCostFlow(bytes) {
            let again = try? DIMACS.readMinCostFlow(DIMACS.writeMinCostFlow(network))
            precondition(again == network, "min-cost DIMACS round trip changed the problem")
            if network.nodeCount <= 5_000 && network.arcCount <= 20_000 {
                _ = try? MinCostFlow.solve(network)
                _ = try? MinCostFlow.maximumFlowAtMinimumCost(network)
            }
        }
        if let problem = try? DIMACS.readMaxFlow(bytes) {
            let again = try? DIMACS.readMaxFlow(DIMACS.writeMaxFlow(problem.network, source: problem.source, sink: problem.sink))
            precondition(again == problem, "max-flow DIMACS round trip changed the problem")
            if problem.network.nodeCount <= 5_000 && problem.network.arcCount <= 20_000 {
                _ = try? MaxFlow.solve(problem.network, source: problem.source, sink: problem.sink)
            }
        }
        if let problem = try? DIMACS.readShortestPath(bytes) {
            precondition((try? DIMACS.readShortestPath(DIMACS.writeShortestPath(problem))) == problem,
                         "shortest-path DIMACS round trip changed the problem")
            if problem.nodeCount >= 1 && problem.nodeCount <= 5_000 && problem.tails.count <= 20_000 {
                let (graph, order) = CSRGraph.build(nodeCount: problem.nodeCount, tails: problem.tails, heads: problem.heads)
                // As `corridor solve` does: weights outside 0...UInt32.max-1 are refused before Dijkstra.
                if problem.weights.allSatisfy({ $0 >= 0 && $0 < Int64(UInt32.max) }) {
                    let weights = order.map { UInt32(problem.weights[Int($0)]) }
                    _ = DijkstraQuery(graph: graph).shortestPath(from: 0, to: UInt32(problem.nodeCount - 1), weights: weights)
                }
            }
        }
        _ = try? DIMACS.readEdgeList(bytes)
        // A `.co` file; and a `.gr` followed by its `.co` (split at the `p aux` line) as a road-graph network
        // source, built when small.
        _ = try? DIMACS.readCoordinates(bytes)
        let marker = Array("\np aux".utf8)
        if let cut = (0..<max(bytes.count - marker.count + 1, 0)).first(where: { bytes[$0..<$0 + marker.count].elementsEqual(marker) }) {
            let graph = Array(bytes[...cut]), coordinates = Array(bytes[(cut + 1)...])
            let builder = NetworkBuilder()
            let road = EdgeAttributes(mode: .road, roadClass: "road", speedKmh: 60, capacityTonnesPerDay: 1_000)
            if let counts = try? builder.addDIMACSRoadGraph(graph: graph, coordinates: coordinates, attributes: road, source: 0),
               counts.arcsUsed <= 5_000 {
                _ = try? builder.build()
            }
        }
    }

    // MARK: YAML files

    static func scenario(_ bytes: [UInt8]) {
        _ = try? ScenarioFile.parse(text(bytes), path: "/fuzz/scenarios.yaml")
    }

    static func manifest(_ bytes: [UInt8]) {
        _ = try? NetworkManifest.parse(text(bytes), path: "/fuzz/network.yaml")
    }

    static func profile(_ bytes: [UInt8]) {
        _ = try? Profile.parse(text(bytes), path: "/fuzz/profile.yaml")
    }

    /// `SweepFile.parse` (YAML: the network, sites, demands and the four axes).
    static func sweep(_ bytes: [UInt8]) {
        _ = try? SweepFile.parse(text(bytes), path: "/fuzz/sweep.yaml")
    }

    /// `SweepPartFile.parse` (what `merge` reads: NDJSON, a header and records); a part that parses is written
    /// back and read again (same header and records), and merged (`SweepSummary`, the completeness check and the
    /// element statistics) on a small network, as `merge` does once the network's checksum matches.
    static func parts(_ bytes: [UInt8]) {
        guard let part = try? SweepPartFile.parse(Data(bytes), path: "/fuzz/part.ndjson") else { return }
        let again = try? SweepPartFile.parse(Data(SweepPartFile.text(header: part.header, records: part.records).utf8), path: "/fuzz/again")
        precondition(again?.header == part.header && again?.records == part.records, "sweep part round trip changed the part")
        _ = try? SweepSummary(header: part.header, records: part.records.map { ($0, "/fuzz/part.ndjson") }, network: smallNetwork)
    }

    /// Two crossing lines with a crossing and a terminal (for `parts`: element ids resolve against it).
    static let smallNetwork: Network = {
        let builder = NetworkBuilder()
        let road = EdgeAttributes(mode: .road, roadClass: "road", speedKmh: 60, capacityTonnesPerDay: 1_000)
        builder.addLine([LonLat(lon: 131.0, lat: 43.0), LonLat(lon: 131.2, lat: 43.0)], attributes: road, source: 0, fid: 1)
        builder.addLine([LonLat(lon: 131.1, lat: 42.9), LonLat(lon: 131.1, lat: 43.1)], attributes: road, source: 0, fid: 2)
        return (try? builder.build()) ?? { preconditionFailure("the small fuzz network does not build") }()
    }()

    // MARK: Network cache

    /// The first byte picks the mode: odd reads the bytes as they are (so the header checks and the checksum are
    /// what is fuzzed), even reseals them first (payload length and checksum recomputed, as a crafted file would
    /// have), so mutations reach the structural and value validation behind the checksum. A network that opens
    /// is queried: a route with alternatives, reach, and a flow between its first and last nodes.
    static func cache(_ bytes: [UInt8]) {
        guard let mode = bytes.first else { return }
        let file = mode & 1 == 1 ? Array(bytes.dropFirst()) : NetworkCache.resealed(Array(bytes.dropFirst()))
        let path = scratchFile
        guard FileManager.default.createFile(atPath: path, contents: Data(file)) else { return }
        guard let network = try? NetworkCache.read(path) else { return }
        guard network.nodeCount >= 2, network.nodeCount <= 100_000 else { return }
        let router = Router(network: network)
        let last = UInt32(network.nodeCount - 1)
        for metric in Metric.allCases {
            _ = try? router.route(RouteRequest(from: .node(0), to: .node(last), metric: metric, alternatives: 2))
        }
        _ = try? router.route(RouteRequest(from: .node(0), to: .node(last), alternatives: 2, alternativeMethod: .yen))
        _ = try? router.reach(from: [.node(0)], within: .seconds(36_000))
        let analyzer = FlowAnalyzer(network: network)
        _ = try? analyzer.flow(FlowRequest(origins: [FlowSite(.node(0), tonnesPerDay: 1_000)],
                                           destinations: [FlowSite(.node(last), tonnesPerDay: 1_000)]))
        _ = try? analyzer.chokepoints(ChokepointRequest(origins: [FlowSite(.node(0))], destinations: [FlowSite(.node(last))], top: 3))
        _ = NetworkGeoJSON.edges(network)
    }

    /// One scratch file per process for the cache target.
    static let scratchFile: String = {
        let directory = FileManager.default.temporaryDirectory.path
        return (directory as NSString).appendingPathComponent("corridor-fuzz-\(getpid()).corridor")
    }()

    // MARK: Result GeoJSON

    /// `render`'s reader; what it accepts is drawn (without a network) when small.
    static func geojson(_ bytes: [UInt8]) {
        guard let results = try? MapResultReader.parse(Data(bytes), path: "/fuzz/result.geojson") else { return }
        if !results.features.isEmpty && results.features.count <= 50 {
            _ = try? SVGMap.render(network: nil, results: results)
        }
    }

    // MARK: Small parsers

    /// Each line through every parser of typed text: places (against a small gazetteer, with suggestions),
    /// endpoints, flow sites, durations and distances, numbers under each input rule, bounding boxes, sources.
    static func parsers(_ bytes: [UInt8]) {
        for line in text(bytes).split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
            let s = String(line)
            _ = try? gazetteer.place(named: s)
            _ = gazetteer.suggestions(for: s)
            let endpoint = Endpoint(parsing: s)
            _ = endpoint.description
            _ = try? FlowSite(parsing: s, amountRequired: true)
            _ = try? FlowSite(parsing: s, amountRequired: false)
            _ = try? Measure.parse(s, accepting: [.duration, .distance])
            _ = try? Measure.parse(s, accepting: [.duration])
            _ = try? Measure.parse(s, accepting: [.distance])
            _ = try? ReachBudget(parsing: s)
            for rule in rules {
                if let x = try? rule.parse(s) {
                    precondition(rule.range.contains(x) && x.isFinite, "a rule accepted a value outside its range")
                    if rule.integral != .no { _ = try? rule.check(x, as: Int64.self) }
                }
            }
            _ = try? SVGMapOptions.parseBBox(s)
            _ = SourceSpec.parse(s)
            _ = NameMatching.fold(s)
        }
    }

    static let rules: [NumberRule] = [
        InputRules.tonnesPerDay, InputRules.capacityTonnesPerDay, InputRules.routeCount, InputRules.rankCount,
        InputRules.tracks, InputRules.factor, InputRules.speedKmh, InputRules.delayHours, InputRules.cost,
        InputRules.fraction, InputRules.longitude, InputRules.latitude, InputRules.toleranceMeters,
        InputRules.snapKilometres, InputRules.durationSeconds, InputRules.distanceMeters, InputRules.nodeID,
        InputRules.interdictionBudget, InputRules.interdictionCost, InputRules.solverSeconds, InputRules.deliverTonnes,
        InputRules.sampleCount, InputRules.seed, InputRules.threadCount,
    ]

    /// A small gazetteer with aliases, diacritics and near-duplicates, for place lookups and suggestions.
    static let gazetteer = Gazetteer(places: [
        Place(name: "Vladivostok", aliases: ["Владивосток"], country: "RU", location: LonLat(lon: 131.9, lat: 43.1)),
        Place(name: "Pyongyang", aliases: ["P'yŏngyang", "평양"], country: "KP", location: LonLat(lon: 125.75, lat: 39.03)),
        Place(name: "Khasan", country: "RU", location: LonLat(lon: 130.7, lat: 42.43)),
        Place(name: "Tumangang", country: "KP", location: LonLat(lon: 130.6, lat: 42.4)),
        Place(name: "Ussuriysk", country: "RU", location: LonLat(lon: 131.95, lat: 43.8)),
        Place(name: "Springfield", country: "US", location: LonLat(lon: -89.6, lat: 39.8)),
        Place(name: "Springfield", country: "GB", location: LonLat(lon: -0.4, lat: 51.7)),
    ])
}
