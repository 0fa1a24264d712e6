import ArgumentParser
import CorridorKit
import Foundation

extension OutputFormat: ExpressibleByArgument {}

/// How the analysis commands turn a result into their outputs: the format from `-o`'s extension or `--format`
/// (docs/FORMATS.md, "Output formats"), the report text or the result's features in that format, and the `--svg`
/// map; all committed together by the command's `OutputTransaction`.
enum ResultCLI {
    /// The one default format rule, as `corridor --help` states it (README "Output formats" says the same).
    static let formatRule = """
        Output formats: --format, else the output's extension (.geojson, .geojsonl, .json, .txt, .gpkg, .fgb, .shp, \
        .csv, PG:), else the result's default: GeoJSON for a result with geometry (route, reach, flow, chokepoints, \
        interdict, export), text for a table (info, compare's summary, solve, buildup, merge), on standard output and \
        in a file alike.
        """

    /// `--format`'s help in every command with a result with geometry.
    static var formatHelp: ArgumentHelp { ArgumentHelp("Output format: geojson, geojsonseq, json, text, gpkg, fgb, shp or csv (default: by extension, else geojson).") }

    /// Every format a result with features can be written in.
    static let featureFormats: [OutputFormat] = OutputFormat.allCases

    /// The format of the output `path` (nil: standard output): `requested` (`--format`), else the extension, else
    /// the default of the result's shape (`OutputFormat.defaultFormat`: GeoJSON for a result with geometry, text
    /// for a table), the one rule of README "Output formats".
    static func format(path: String?, requested: OutputFormat?, shape: OutputFormat.ResultShape = .features) throws -> OutputFormat {
        try OutputFormat.resolve(path: path, requested: requested, supported: featureFormats, shape: shape)
    }

    /// Adds to `outputs` the result written to `path` (nil: standard output) in the format `path` and `requested`
    /// name (else the default of `shape`): `report` gives the text of the JSON and text formats, `document` the
    /// features. Both are rendered while the transaction stages its outputs.
    static func add(to outputs: inout OutputTransaction, path: String?, requested: OutputFormat?, layer: String?,
                    shape: OutputFormat.ResultShape = .features, report: @escaping (OutputFormat) -> String,
                    document: @escaping () -> ResultDocument) throws {
        let format = try format(path: path, requested: requested, shape: shape)
        if layer != nil, format != .postgis {
            throw CLIError(message: "--layer names a PostGIS table; the output is \(format.rawValue)", exitStatus: .usage)
        }
        let target = path ?? "-"
        switch format {
        case .json, .text: outputs.add(target) { out in try out.write(report(format)) }
        case .geojson: outputs.add(target) { out in try out.write(GeoJSONOutput.collection(document())) }
        case .geojsonseq: outputs.add(target) { out in try out.write(GeoJSONOutput.sequence(document())) }
        default: GISOutput.add(document(), format: format, path: target, layer: layer, to: &outputs)
        }
    }

    /// Adds the `--svg` map, rendered while staging; an extension other than `.svg` is a usage error.
    static func addSVG(to outputs: inout OutputTransaction, _ path: String, render: @escaping () throws -> String) throws {
        try checkSVG(path, option: "--svg")
        outputs.add(path) { out in try out.write(render()) }
    }

    /// Refuses a map path whose extension is not `.svg` (`render -o map.png` must not write SVG under that name).
    static func checkSVG(_ path: String, option: String) throws {
        guard path != "-", let dot = (path as NSString).lastPathComponent.lastIndex(of: "."),
              dot != (path as NSString).lastPathComponent.startIndex else { return }
        let ext = (path as NSString).pathExtension.lowercased()
        if ext != "svg" {
            throw CLIError(message: "\(option): Corridor draws maps as SVG only; name the file .svg: \(path)", exitStatus: .usage)
        }
    }
}
