import CorridorCore
import CorridorGeo
import Foundation

/// The formats a result can be written in, chosen by the output's extension or `--format` (docs/FORMATS.md,
/// "Output formats"). Corridor never writes one format under another's name.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// GeoJSON (RFC 7946); GeoJSON text sequence (RFC 8142).
    case geojson, geojsonseq
    /// The JSON report; the text report.
    case json, text
    /// GeoPackage (one layer per role); FlatGeobuf, Shapefile, CSV (one file per role).
    case gpkg, fgb, shp, csv
    /// PostGIS tables through GDAL's PostgreSQL driver (`PG:…` connection strings).
    case postgis

    /// What a command's result is, which decides its format when neither `--format` nor the output's extension
    /// names one (README "Output formats", docs/FORMATS.md).
    public enum ResultShape: Sendable {
        /// A result with geometry (route, reach, flow, chokepoints, interdict, export): GeoJSON.
        case features
        /// A table or report (info, compare's summary, solve, buildup's curve, merge): text.
        case table
    }

    /// The one default format rule: a result with geometry is GeoJSON, a table is text, on standard output and in a
    /// file without an extension alike.
    public static func defaultFormat(for shape: ResultShape) -> OutputFormat {
        switch shape {
        case .features: return .geojson
        case .table: return .text
        }
    }

    /// The format an extension names (lowercased, without the dot), if any.
    public static func byExtension(_ ext: String) -> OutputFormat? {
        switch ext.lowercased() {
        case "geojson": return .geojson
        case "geojsonl", "geojsons", "geojsonseq": return .geojsonseq
        case "json": return .json
        case "txt", "text": return .text
        case "gpkg": return .gpkg
        case "fgb": return .fgb
        case "shp": return .shp
        case "csv": return .csv
        default: return nil
        }
    }

    /// Whether the format is one of GDAL's vector formats (written through `VectorWriter`).
    public var isGIS: Bool { [.gpkg, .fgb, .shp, .csv, .postgis].contains(self) }

    /// Whether the format can go to standard output or a device (text formats only).
    public var isStreamable: Bool { [.geojson, .geojsonseq, .json, .text].contains(self) }

    /// The GDAL driver of a GIS format.
    var driver: String {
        switch self {
        case .gpkg: return "GPKG"
        case .fgb: return "FlatGeobuf"
        case .shp: return "ESRI Shapefile"
        case .csv: return "CSV"
        case .postgis: return "PostgreSQL"
        default: return ""
        }
    }

    /// The format to write `path` in (nil or `-`: standard output), given `--format` (`requested`), the formats the
    /// output supports and the result's shape, whose `defaultFormat` applies when neither path nor option says. Throws a usage error (exit 64) for an
    /// unknown extension, a `--format` that contradicts the extension, a format the output does not support, or a
    /// binary format to standard output or a device.
    public static func resolve(path: String?, requested: OutputFormat?, supported: [OutputFormat],
                               shape: ResultShape, option: String = "-o") throws(OutputFormatError) -> OutputFormat {
        let shown = path.map(ConnectionString.redacted) ?? "-"
        let format: OutputFormat
        if let path, ConnectionString.isDatabase(path) {
            if let requested, requested != .postgis {
                throw .contradiction(path: shown, format: requested.rawValue, implied: "postgis")
            }
            format = .postgis
        } else if let path, path != "-", let ext = extensionOf(path) {
            guard let implied = byExtension(ext) else { throw .unknownExtension(path: shown, option: option, supported: supported) }
            if let requested, requested != implied {
                throw .contradiction(path: shown, format: requested.rawValue, implied: implied.rawValue)
            }
            format = implied
        } else {
            format = requested ?? defaultFormat(for: shape)
        }
        guard supported.contains(format) else { throw .unsupported(path: shown, format: format, supported: supported) }
        if !format.isStreamable, path == nil || path == "-" || isDevice(path!) {
            throw .notStreamable(path: shown, format: format)
        }
        return format
    }

    /// The extension of the last path component (`x.gpkg` → `gpkg`), nil for none (`out`, `/dev/stdout`).
    static func extensionOf(_ path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = String(name[name.index(after: dot)...])
        return ext.isEmpty ? nil : ext
    }

    /// Devices and descriptors, which Corridor writes through (never replaces).
    static func isDevice(_ path: String) -> Bool {
        if path.hasPrefix("/dev/") || path.hasPrefix("/proc/") { return true }
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG && (info.st_mode & S_IFMT) != S_IFDIR
    }
}

/// Why an output path or `--format` was refused: usage errors (exit 64).
public enum OutputFormatError: CorridorError, Sendable, Equatable {
    /// The extension names no format Corridor writes.
    case unknownExtension(path: String, option: String, supported: [OutputFormat])
    /// `--format` says one format, the extension another.
    case contradiction(path: String, format: String, implied: String)
    /// This output cannot be written in that format.
    case unsupported(path: String, format: OutputFormat, supported: [OutputFormat])
    /// A binary format to standard output or a device.
    case notStreamable(path: String, format: OutputFormat)
    /// A PostGIS output without a table name.
    case missingLayer(path: String)

    /// One line naming the output.
    public var description: String {
        func names(_ formats: [OutputFormat]) -> String {
            formats.compactMap { f -> String? in
                switch f {
                case .geojson: return ".geojson"
                case .geojsonseq: return ".geojsonl/.geojsons"
                case .json: return ".json"
                case .text: return ".txt"
                case .gpkg: return ".gpkg"
                case .fgb: return ".fgb"
                case .shp: return ".shp"
                case .csv: return ".csv"
                case .postgis: return "PG:…"
                }
            }.joined(separator: ", ")
        }
        switch self {
        case let .unknownExtension(path, option, supported):
            return "\(option): cannot write this extension (Corridor writes \(names(supported))): \(path)"
        case let .contradiction(path, format, implied):
            return "--format \(format) contradicts the extension (\(implied)): \(path)"
        case let .unsupported(path, format, supported):
            return "this output cannot be written as \(format.rawValue) (formats: \(names(supported))): \(path)"
        case let .notStreamable(path, format):
            return "\(format.rawValue) is a binary format and cannot go to standard output or a device (give a file): \(path)"
        case let .missingLayer(path):
            return "a PostGIS output needs --layer NAME (the table to write): \(path)"
        }
    }

    /// Always a usage error.
    public var exitStatus: ExitStatus { .usage }
}
