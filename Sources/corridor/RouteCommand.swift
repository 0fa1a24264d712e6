import ArgumentParser
import CorridorKit
import Foundation

/// `corridor route`: best route(s) between places, as GeoJSON, GeoJSON text sequence, JSON or a text itinerary.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Find the best route (and alternatives) between places.",
        discussion: Examples.after("""
            Places are gazetteer names (fuzzy, with suggestions), 'lat,lon' or 'node:ID'. Exit status 1 when there \
            is no route; the message names what separates the places.
            """, Examples.route))

    @OptionGroup var network: NetworkOptions

    @Option(help: "Start: place name, 'lat,lon' or 'node:ID'.", completion: PlaceCompletion.kind) var from: String
    @Option(help: "Destination: place name, 'lat,lon' or 'node:ID'.", completion: PlaceCompletion.kind) var to: String
    @Option(help: "Pass through this place (repeatable, in order).", completion: PlaceCompletion.kind) var via: [String] = []
    @Option(help: "What to minimise: time, distance or cost.") var metric: Metric = .time
    @Option(help: "Number of routes (best plus alternatives), 1-1000.",
            transform: CLINumber.whole(InputRules.routeCount))
    var alternatives: Int = 1
    @Option(help: "Largest shared fraction of an alternative's length with a better route (0-1).",
            transform: CLINumber.real(InputRules.fraction))
    var maxOverlap: Double = 0.5
    @Option(help: "How alternatives are found: distinct (corridors) or yen (k shortest paths).")
    var alternativeMethod: AlternativeMethod = .distinct
    @OptionGroup var restrictions: RestrictionOptions
    @Option(help: "Reject endpoints farther than this from the network, in km (0-20040).",
            transform: CLINumber.real(InputRules.snapKilometres))
    var maxSnap: Double = 25
    @Option(name: .shortAndLong, help: "Output: a file (format by extension: .geojson, .geojsonl, .json, .txt, .gpkg, .fgb, .shp, .csv) or PG:<connection> (default: standard output).") var output: String?
    @Option(help: ResultCLI.formatHelp) var format: OutputFormat?
    @Option(help: "PostGIS table for a PG: output (default: routes; legs and segments in <table>_legs, <table>_segments).") var layer: String?
    @Flag(help: "Add one feature per traversed edge.") var segments = false
    @Option(help: ArgumentHelp("Also draw the result as an SVG map.", valueName: "file")) var svg: String?
    @OptionGroup var mapOptions: MapOptions

    func run() throws {
        reportingErrors { try execute() }
    }

    func execute() throws {
        let net = try network.load()
        let request = RouteRequest(
            from: Endpoint(parsing: from), to: Endpoint(parsing: to), via: via.map { Endpoint(parsing: $0) },
            metric: metric, restrictions: restrictions.restrictions(), alternatives: alternatives,
            maxOverlap: maxOverlap, maxSnapMeters: maxSnap * 1000, alternativeMethod: alternativeMethod)
        let result = try Router(network: net).route(request)
        var outputs = OutputTransaction()
        try ResultCLI.add(to: &outputs, path: output, requested: format, layer: layer,
                          report: { $0 == .json ? RouteOutput.json(result, network: net) : RouteOutput.text(result, network: net) },
                          document: { RouteOutput.document(result, network: net, segments: segments) })
        if let svg {
            try ResultCLI.addSVG(to: &outputs, svg) {
                try MapCLI.svg(MapResults(route: result, network: net), network: net,
                               title: "\(result.from.label) → \(result.to.label)" + (restrictions.mode == .any ? "" : " (\(restrictions.mode.rawValue))"), map: mapOptions)
            }
        }
        if let html = mapOptions.html {
            // Leaflet is read here, before the commit: without it nothing is written.
            let page = try MapCLI.page(RouteOutput.document(result, network: net), sites: MapResults(route: result, network: net).sites, network: net,
                                       title: "\(result.from.label) → \(result.to.label)", map: mapOptions)
            outputs.add(html, text: page)
        }
        try outputs.commit()
    }
}



extension Metric: ExpressibleByArgument {}
extension AlternativeMethod: ExpressibleByArgument {}


