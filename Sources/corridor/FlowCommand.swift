import ArgumentParser
import CorridorKit
import Foundation

extension CommodityModel: ExpressibleByArgument {}

/// How single track shares its capacity (`--single-track`).
enum SingleTrackOption: String, ExpressibleByArgument, CaseIterable {
    case shared, perDirection = "per-direction"
}

enum FlowCLI {
    static func sites(_ texts: [String], amountRequired: Bool, flag: String) throws -> [FlowSite] {
        guard !texts.isEmpty else { throw ValidationError("at least one \(flag) is required") }
        var sites: [FlowSite] = []
        for t in texts {
            do { sites.append(try FlowSite(parsing: t, amountRequired: amountRequired)) } catch {
                throw ValidationError("\(flag): \(error)")
            }
        }
        return sites
    }
}

/// `corridor flow`: min-cost flow from origins to destinations (pooled, or OD pairs kept apart), with corridors,
/// unmet demand, the maximum concurrent flow and the shadow prices of binding capacities.
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Ship tonnes per day from origins to destinations at minimum cost.",
        discussion: Examples.after("""
            Either pooled sites, --from/--to PLACE=TONNES (any origin may serve any destination), or OD demands, \
            --demand ORIGIN:DESTINATION=TONNES[@rail|road|any] (each pair's tonnes kept apart). Places are gazetteer \
            names, 'lat,lon' or node:ID. Shared capacities (both gauges of dual-gauge track, the layers of a \
            crossing or terminal, both directions of single track) are joint constraints. When demand exceeds what \
            the network can carry, the most that can be delivered in total is shipped at minimum cost and the unmet \
            demand is reported per OD pair (pooled: per destination), with λ, the share of every demand deliverable \
            at once, and what one more t/day of each binding capacity is worth. Exit status: 0 delivered (in full, or \
            partially without --strict), 1 nothing deliverable (or not in full with --strict, or no optimum from the \
            solver), 64 usage, 65 bad data, 66 missing input, 74 I/O.
            """, Examples.flow))

    @OptionGroup var networkOptions: NetworkOptions
    @Option(name: .customLong("from"), help: "Origin PLACE=TONNES (repeatable; pooled).", completion: PlaceCompletion.siteKind)
    var origins: [String] = []
    @Option(name: .customLong("to"), help: "Destination PLACE=TONNES (repeatable; pooled).", completion: PlaceCompletion.siteKind)
    var destinations: [String] = []
    @Option(name: .customLong("demand"), help: ArgumentHelp("OD demand (repeatable).", valueName: "ORIGIN:DESTINATION=TONNES[@MODE]"))
    var demands: [String] = []
    @Option(help: "Commodities: od (one per OD pair), origin (one per origin) or pooled (default: od with --demand, else pooled).")
    var commodities: CommodityModel?
    @Option(name: .customLong("single-track"), help: "Single track (tracks: 1): shared (both directions share its capacity, the default) or per-direction.")
    var singleTrack: SingleTrackOption = .shared
    @Flag(name: .customLong("no-shadow-prices"), help: "Skip the shadow prices of binding capacities.")
    var noShadowPrices = false
    @Flag(name: .customLong("no-concurrent"), help: "Skip the maximum concurrent flow λ.")
    var noConcurrent = false
    @Option(help: ArgumentHelp("Also write the flow's linear programs as free MPS: FILE-throughput.mps, FILE-cost.mps, FILE-concurrent.mps.", valueName: "file"))
    var mps: String?
    @OptionGroup var restrictionOptions: RestrictionOptions
    @OptionGroup var sampling: SamplingOptions
    @Flag(help: "Fail (exit 1) unless every destination receives its full demand.")
    var strict = false
    @Option(name: [.short, .long], help: "Output: a file (format by extension: .geojson, .geojsonl, .json, .txt, .gpkg, .fgb, .shp, .csv) or PG:<connection> (default: standard output).")
    var output: String?
    @Option(help: ResultCLI.formatHelp)
    var format: OutputFormat?
    @Option(help: "PostGIS table for a PG: output (default: flows).") var layer: String?
    @Option(help: ArgumentHelp("Also draw the result as an SVG map.", valueName: "file")) var svg: String?
    @OptionGroup var mapOptions: MapOptions

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        var request: FlowRequest
        if demands.isEmpty {
            request = FlowRequest(origins: try FlowCLI.sites(origins, amountRequired: true, flag: "--from"),
                                  destinations: try FlowCLI.sites(destinations, amountRequired: true, flag: "--to"),
                                  restrictions: restrictionOptions.restrictions(), requireFullDelivery: strict)
            if let commodities, commodities != .pooled {
                throw ValidationError("--commodities \(commodities.rawValue) needs OD demands (--demand ORIGIN:DESTINATION=TONNES)")
            }
        } else {
            guard origins.isEmpty && destinations.isEmpty else {
                throw ValidationError("give either --from/--to (pooled sites) or --demand (OD pairs), not both")
            }
            var parsed: [ODDemand] = []
            for text in demands {
                do { parsed.append(try ODDemand(parsing: text)) } catch { throw ValidationError("--demand: \(error)") }
            }
            request = FlowRequest(demands: parsed, commodities: commodities,
                                  restrictions: restrictionOptions.restrictions(), requireFullDelivery: strict)
        }
        // Samples evaluate the pooled sites' maximum throughput and its cheapest cost (one commodity); OD pairs kept
        // apart are a multicommodity flow per sample, which the sampler does not solve.
        if sampling.samples != nil && !demands.isEmpty {
            throw CLIError(message: "--samples needs pooled sites (--from/--to PLACE=TONNES), not --demand", exitStatus: .usage)
        }
        try sampling.check(singleTrackSharesDirections: singleTrack == .shared)
        request.commodities = commodities
        request.singleTrackSharesDirections = singleTrack == .shared
        request.shadowPrices = !noShadowPrices
        request.concurrentFlow = !noConcurrent
        let net = try networkOptions.load()
        let analyzer = FlowAnalyzer(network: net)
        let result = try analyzer.flow(request)
        // Nothing deliverable is a failed command (exit 1): like --strict, it writes no output.
        if result.status == .infeasible {
            let pairs = result.pairs.isEmpty ? "" : ": " + result.pairs.map { "\($0.name) (\($0.requestedTonnesPerDay) t/day)" }.joined(separator: ", ")
            throw AnalysisError.infeasible(reason: "nothing can be delivered with these restrictions\(pairs)")
        }
        let uncertainty = try sampling.run(net, origins: request.origins, destinations: request.destinations,
                                           restrictions: request.restrictions)
        // All outputs or none (OutputTransaction): the map and programs are rendered while staging.
        let title = demands.isEmpty ? "Flow \(origins.joined(separator: ", ")) → \(destinations.joined(separator: ", ")) (t/day)"
                                    : "Flow of \(demands.count) OD pair\(demands.count == 1 ? "" : "s") (t/day)"
        var outputs = OutputTransaction()
        try ResultCLI.add(to: &outputs, path: output, requested: format, layer: layer,
                          report: { $0 == .json ? FlowOutput.json(result, uncertainty: uncertainty)
                                                : FlowOutput.text(result) + (uncertainty.map { UncertaintyOutput.text($0) } ?? "") },
                          document: { FlowOutput.document(result, uncertainty: uncertainty) })
        if let svg {
            try ResultCLI.addSVG(to: &outputs, svg) { try MapCLI.svg(MapResults(flow: result), network: net, title: title, map: mapOptions) }
        }
        if let mps {
            for (name, text) in try analyzer.linearPrograms(request).map({ ($0.name, try $0.model.mps()) }) {
                outputs.add("\(mps)-\(name).mps", text: text)
            }
        }
        if let html = mapOptions.html {
            // Leaflet is read here, before the commit: without it nothing is written.
            let page = try MapCLI.page(FlowOutput.document(result), sites: MapResults(flow: result).sites, network: net,
                                       title: title, map: mapOptions)
            outputs.add(html, text: page)
        }
        try outputs.commit()
    }
}
