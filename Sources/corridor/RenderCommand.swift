import ArgumentParser
import CorridorKit
import Foundation

/// `corridor render`: draws a network and Corridor result files as an SVG map.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw the network and result GeoJSON files (route, flow, chokepoints, reach) as an SVG map.",
        discussion: Examples.after("""
            Draws the network (rail by gauge, roads by class), optional background polygons, place labels, and the \
            results: routes by rank, flows (width by tonnes/day, colour by utilization), chokepoints (numbered by \
            rank) and minimum-cut members, with a legend, scale bar and north arrow. Default projection: Lambert \
            azimuthal equal-area centred on the map. The same input always gives the same bytes.
            Exit status: 0 written, 64 usage (bad bbox, projection, width), 65 a file that is not Corridor output, \
            66 a missing file, 74 cannot write.
            """, Examples.render))

    @OptionGroup var networkOptions: NetworkOptions
    @Argument(help: "Result GeoJSON or GeoJSONSeq files written by corridor route, flow, chokepoints, reach or export ('-' = standard input).", completion: .file())
    var results: [String] = []
    @Option(name: [.short, .long], help: "SVG file to write ('-' = standard output).")
    var output: String
    @Option(help: "Width of the map in pixels (300-20000).", transform: CLINumber.whole(RenderCommand.widthRule))
    var width: Int = 1200
    @Option(help: "Projection: a PROJ string, EPSG:NNNN (or NNNN) or WKT (default: equal-area centred on the map).")
    var projection: String?
    @Option(help: "Title drawn above the map.")
    var title: String?
    @Option(name: .customLong("background"), help: ArgumentHelp("Polygon layer drawn light under the network, e.g. countries.gpkg@countries (repeatable; default: the embedded country borders and coastline).", valueName: "file[@layer]"))
    var backgrounds: [String] = []
    @OptionGroup var area: MapAreaOptions
    @Option(help: "At most this many place labels (0-100000).", transform: CLINumber.whole(InputRules.rankCount))
    var labels: Int = 40
    @Flag(name: .customLong("no-network"), help: "Draw only the results (and backgrounds), not the network.")
    var noNetwork = false

    /// Map widths accepted, in pixels.
    static let widthRule = NumberRule.whole(300...20_000, unit: "pixels")

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        if results.contains("-") && networkOptions.network.contains("-") && !noNetwork {
            throw CLIError(message: "standard input can feed either the results (render -) or the network (--network -), not both",
                           exitStatus: .usage)
        }
        try ResultCLI.checkSVG(output, option: "-o")
        let options = try MapCLI.options(width: width, bbox: area.bbox, inset: area.inset, projection: projection, title: title, labels: labels)
        var drawn = MapResults()
        for path in results {
            drawn.append(try MapResultReader.read(path: path))
        }
        let layers = try MapCLI.backgrounds(backgrounds, none: area.noBackground)
        let network = noNetwork ? nil : try networkOptions.load()
        let svg = try SVGMap.render(network: network, backgrounds: layers, results: drawn, options: options)
        try AtomicFile.write(svg, to: output)
    }
}

/// Shared pieces of `render` and the `--svg` option of the analysis commands.
enum MapCLI {
    static func options(width: Int = 1200, bbox: String? = nil, inset: String? = nil, projection: String? = nil, title: String?,
                        labels: Int = 40) throws -> SVGMapOptions {
        var o = SVGMapOptions()
        guard (300...20_000).contains(width) else { throw CLIError(message: "--width must be between 300 and 20000 pixels: \(width)", exitStatus: .usage) }
        guard labels >= 0 else { throw CLIError(message: "--labels must be >= 0: \(labels)", exitStatus: .usage) }
        o.width = width
        o.maxLabels = labels
        o.title = title
        if let bbox {
            o.bbox = try SVGMapOptions.parseBBox(bbox)
        }
        if let inset {
            o.inset = try SVGMapOptions.parseInset(inset)
        }
        if let projection {
            let trimmed = projection.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw RenderError.unknownProjection(definition: projection, reason: "empty") }
            o.projection = trimmed.allSatisfy(\.isNumber) ? "EPSG:\(trimmed)" : trimmed
        }
        return o
    }

    /// `FILE[@LAYER]` read as polygons.
    static func background(_ text: String) throws -> BackgroundLayer { try BackgroundLayer.read(reference: text) }

    /// The background layers of a map: the given `FILE[@LAYER]`s, else (unless `none`) the embedded country
    /// borders and coastline when they are installed.
    static func backgrounds(_ references: [String], none: Bool) throws -> [BackgroundLayer] {
        if none { return [] }
        if !references.isEmpty { return try references.map(background) }
        return try BackgroundLayer.defaultRegion().map { [$0] } ?? []
    }

    /// The interactive page of one result (`--html`): one view, the network and the default background (unless
    /// `--no-background`). Leaflet is read first, so a missing one fails before any output is committed.
    static func page(_ document: ResultDocument, sites: [MapSite], network: Network, title: String, map: MapOptions) throws -> String {
        let leaflet = try LeafletAssets.system()
        var page = MapPage(title: title)
        page.network = network
        page.backgrounds = try backgrounds([], none: map.area.noBackground)
        page.views = [MapPage.View(name: document.command, description: title, documents: [document], network: network, sites: sites)]
        return try page.render(leaflet: leaflet)
    }

    /// Renders a command's own result over its network (the same picture `corridor render` draws from its file),
    /// on the default background unless `--no-background`.
    static func svg(_ results: MapResults, network: Network, title: String, map: MapOptions = MapOptions()) throws -> String {
        let options = try self.options(bbox: map.area.bbox, inset: map.area.inset, title: title)
        return try SVGMap.render(network: network, backgrounds: backgrounds([], none: map.area.noBackground), results: results, options: options)
    }
}

/// The map area options of every command that draws maps: `render`, `compare`, and (through `MapOptions`) the
/// analysis commands' `--svg` and `--html`.
struct MapAreaOptions: ParsableArguments {
    @Flag(name: .customLong("no-background"), help: "Draw the maps without background polygons (default: the embedded country borders and coastline).")
    var noBackground = false
    @Option(help: "Area the SVG maps show: minLon,minLat,maxLon,maxLat (default: the network and the results).")
    var bbox: String?
    @Option(help: ArgumentHelp("Detail inset of the SVG maps: auto (where the marks crowd into a small area), none, or the area minLon,minLat,maxLon,maxLat.", valueName: "auto|none|bbox"))
    var inset: String = "auto"

    /// Bad map options are a usage error before anything runs.
    func validate() throws {
        do {
            if let bbox { _ = try SVGMapOptions.parseBBox(bbox) }
            _ = try SVGMapOptions.parseInset(inset)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Map options of the analysis commands that draw their result (`--svg`, `--html`).
struct MapOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write the result as an interactive offline map page (HTML, Leaflet inlined).", valueName: "file"))
    var html: String?
    @OptionGroup var area: MapAreaOptions
}
