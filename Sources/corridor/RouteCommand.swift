import ArgumentParser
import CorridorKit
import Foundation

/// `corridor route`: best route(s) between places, as GeoJSON, GeoJSON text sequence, JSON or a text itinerary.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Find the best route (and alternatives) between places.",
        discussion: """
            Places are gazetteer names (fuzzy, with suggestions), 'lat,lon' or 'node:ID'. Exit status 1 when there \
            is no route; the message names what separates the places.
            """)

    @OptionGroup var network: NetworkOptions

    @Option(help: "Start: place name, 'lat,lon' or 'node:ID'.") var from: String
    @Option(help: "Destination: place name, 'lat,lon' or 'node:ID'.") var to: String
    @Option(help: "Pass through this place (repeatable, in order).") var via: [String] = []
    @Option(help: "Modes allowed: rail, road or any.") var mode: ModeChoice = .any
    @Option(help: "What to minimise: time, distance or cost.") var metric: Metric = .time
    @Option(help: "Number of routes (best plus alternatives).") var alternatives: Int = 1
    @Option(help: "Largest shared fraction of an alternative's length with a better route (0-1).")
    var maxOverlap: Double = 0.5
    @Option(help: "How alternatives are found: distinct (corridors) or yen (k shortest paths).")
    var alternativeMethod: AlternativeMethod = .distinct
    @OptionGroup var restrictions: RestrictionOptions
    @Option(help: "Reject endpoints farther than this from the network, in km.") var maxSnap: Double = 25
    @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?
    @Option(help: "Output format: geojson, geojsonseq, json or text.") var format: RouteFormat = .geojson
    @Flag(help: "Add one feature per traversed edge.") var segments = false

    func run() throws {
        try reportingFailures { try execute() }
    }

    func execute() throws {
        let net = try network.load()
        let request = RouteRequest(
            from: Endpoint(parsing: from), to: Endpoint(parsing: to), via: via.map { Endpoint(parsing: $0) },
            metric: metric, restrictions: restrictions.restrictions(mode: mode), alternatives: alternatives,
            maxOverlap: maxOverlap, maxSnapMeters: maxSnap * 1000, alternativeMethod: alternativeMethod)
        let result: RouteResult
        do {
            result = try Router(network: net).route(request)
        } catch {
            throw RoutingFailure(error)
        }
        let text: String
        switch format {
        case .geojson: text = RouteOutput.geoJSON(result, network: net, segments: segments)
        case .geojsonseq: text = RouteOutput.geoJSONSeq(result, network: net, segments: segments)
        case .json: text = RouteOutput.json(result, network: net)
        case .text: text = RouteOutput.text(result, network: net)
        }
        try writeOutput(text, to: output)
    }
}

enum RouteFormat: String, ExpressibleByArgument, CaseIterable { case geojson, geojsonseq, json, text }

enum ModeChoice: String, ExpressibleByArgument, CaseIterable {
    case rail, road, any
    var modes: Set<TransportMode>? {
        switch self {
        case .rail: return [.rail]
        case .road: return [.road]
        case .any: return nil
        }
    }
}

extension Metric: ExpressibleByArgument {}
extension AlternativeMethod: ExpressibleByArgument {}

/// Restriction options shared by `route` and `reach`.
struct RestrictionOptions: ParsableArguments {
    @Option(help: "Avoid a country (ISO code; repeatable).") var avoidCountry: [String] = []
    @Option(help: "Avoid a first-level region by name (repeatable).") var avoidRegion: [String] = []
    @Option(help: "Close a crossing, terminal, place, 'edge:ID' or 'node:ID' (repeatable).") var close: [String] = []

    func restrictions(mode: ModeChoice) -> Restrictions {
        Restrictions(modes: mode.modes, avoidCountries: Set(avoidCountry.map { $0.uppercased() }),
                     avoidRegions: Set(avoidRegion), close: close)
    }
}

/// An analysis error as a one-line message and an exit status: 1 for no route, 64 for bad names or options.
struct RoutingFailure: Error, CustomStringConvertible {
    let error: AnalysisError
    init(_ error: AnalysisError) { self.error = error }
    var description: String { error.description }
    var exitCode: Int32 {
        switch error {
        case .noRoute, .tooFarFromNetwork, .infeasible: return 1
        case .unknownName, .place, .invalidRequest: return 64
        case .overflow: return 65
        }
    }
}

/// Writes `text` atomically to `path`, or to standard output when `path` is nil.
func writeOutput(_ text: String, to path: String?) throws {
    do {
        try AtomicFile.write(text, to: path ?? "-")
    } catch {
        throw OutputFailure(error: error)
    }
}

struct OutputFailure: Error, CustomStringConvertible {
    let error: OutputError
    var description: String { error.description }
}

/// Runs `body`, turning routing and output failures into one line `corridor: <message>` on standard error and the
/// house exit status (1 no route, 64 usage, 65 data, 74 I/O).
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as RoutingFailure {
        FileHandle.standardError.write(Data("corridor: \(failure)\n".utf8))
        throw ExitCode(failure.exitCode)
    } catch let failure as OutputFailure {
        FileHandle.standardError.write(Data("corridor: \(failure)\n".utf8))
        throw ExitCode(74)
    }
}
