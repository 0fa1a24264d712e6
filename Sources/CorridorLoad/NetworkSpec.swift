import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// One line-data source: a path (any OGR source) with an optional layer and a stated mode.
public struct SourceSpec: Sendable, Equatable {
    /// Path of the dataset (any OGR source, including connection strings).
    public var path: String
    /// Layer to read; nil for the first layer.
    public var layer: String?
    /// The mode the user states for every feature (overrides the data).
    public var mode: TransportMode?
    /// CRS to assume when the layer has none.
    public var assumeCRS: String?
    /// For a DIMACS road graph (`.gr`), its coordinate file; nil = the `.co` beside it (`DIMACSRoadGraph`).
    public var coordinates: String?
    /// Memberwise initializer.
    public init(path: String, layer: String? = nil, mode: TransportMode? = nil, assumeCRS: String? = nil, coordinates: String? = nil) {
        self.path = path; self.layer = layer; self.mode = mode; self.assumeCRS = assumeCRS; self.coordinates = coordinates
    }

    /// Whether the source is a DIMACS road graph (`.gr`, read with its `.co`) rather than line data.
    public var isDIMACSGraph: Bool { path.lowercased().hasSuffix(".gr") }

    /// Parses the CLI syntax `PATH[:MODE][@LAYER]` (MODE = road|rail).
    ///
    /// Read from the right: a final `@LAYER` is split off when the text after the last `@` contains no `/`; then a
    /// final `:road`/`:rail` is split off. An existing file is always taken literally, so paths containing `@` or
    /// `:` still work, as do GDAL connection strings (`PG:dbname=x@roads`).
    ///
    /// A DIMACS road graph is `PATH.gr`, or `PATH.gr:co=COORDS.co` for coordinates not beside it.
    public static func parse(_ text: String) -> SourceSpec {
        if FileManager.default.fileExists(atPath: text) { return SourceSpec(path: text) }
        if let marker = text.range(of: ":co="), text[..<marker.lowerBound].lowercased().hasSuffix(".gr") {
            return SourceSpec(path: String(text[..<marker.lowerBound]), coordinates: String(text[marker.upperBound...]))
        }
        let (path, layer) = VectorDataset.splitLayer(text)
        var rest = Substring(path)
        var mode: TransportMode? = nil
        if let colon = rest.lastIndex(of: ":"), let m = TransportMode(name: String(rest[rest.index(after: colon)...])),
           rest[rest.index(after: colon)...].lowercased() == "road" || rest[rest.index(after: colon)...].lowercased() == "rail" {
            mode = m; rest = rest[..<colon]
        }
        return SourceSpec(path: String(rest), layer: layer, mode: mode)
    }
}

/// Polygons that tag edges with countries or regions: `PATH[@LAYER]` and the field holding the value.
public struct RegionSpec: Sendable, Equatable {
    /// Path of the polygon dataset.
    public var path: String
    /// Layer to read; nil for the first layer.
    public var layer: String?
    /// Field holding the country code or region name (matched case-insensitively).
    public var field: String
    /// Whether the polygons set the edges' country or region.
    public var target: RegionPolygons.Target
    /// Memberwise initializer.
    public init(path: String, layer: String? = nil, field: String, target: RegionPolygons.Target) {
        self.path = path; self.layer = layer; self.field = field; self.target = target
    }
}

/// What to load: a manifest, or data sources given directly; plus overrides from the command line.
public struct NetworkSpec: Sendable, Equatable {
    /// A network manifest (YAML); nil when `sources` are given directly.
    public var manifestPath: String?
    /// Data sources given directly; unused when a manifest is given.
    public var sources: [SourceSpec]
    /// Built-in profile name or YAML file; nil = the manifest's, else auto-detect per layer.
    public var profile: String?
    /// CRS assumed for layers without one (sources' own setting wins).
    public var assumeCRS: String?
    /// Snapping tolerance override, metres; nil = the manifest's, else the build default.
    public var snapToleranceMeters: Double?
    /// Extra region polygons (added after the manifest's).
    public var regions: [RegionSpec]
    /// Whether borders found from region polygons become crossings; nil = the manifest's, else yes.
    public var autoBorderCrossings: Bool?
    /// Whether line ends on other lines' segments split them (T-junctions); nil = the manifest's, else no.
    public var nodeTJunctions: Bool?
    /// Overrides of the automatic crossings' capacity, delay, cost and merge tolerance (nil fields: the manifest's,
    /// else the build defaults).
    public var autoCrossings: NetworkManifest.AutoCrossings

    /// Memberwise initializer; everything defaults to unset.
    public init(manifestPath: String? = nil, sources: [SourceSpec] = [], profile: String? = nil, assumeCRS: String? = nil,
                snapToleranceMeters: Double? = nil, regions: [RegionSpec] = [], autoBorderCrossings: Bool? = nil,
                autoCrossings: NetworkManifest.AutoCrossings = .init()) {
        self.manifestPath = manifestPath; self.sources = sources; self.profile = profile; self.assumeCRS = assumeCRS
        self.snapToleranceMeters = snapToleranceMeters; self.regions = regions
        self.autoBorderCrossings = autoBorderCrossings; self.autoCrossings = autoCrossings
    }

    /// Interprets `--network` arguments: one manifest (`.yaml`/`.yml`) or one or more sources `PATH[:MODE][@LAYER]`.
    /// No arguments = the embedded default manifest.
    public static func fromArguments(_ networks: [String]) throws(NetworkLoadError) -> NetworkSpec {
        if networks.isEmpty {
            guard let path = defaultManifestPath() else { throw .defaultNetworkNotFound }
            return NetworkSpec(manifestPath: path)
        }
        let manifests = networks.filter { isManifest($0) }
        if !manifests.isEmpty {
            guard networks.count == 1 else {
                throw .usage("--network takes either one manifest (.yaml) or data sources, not both or several manifests")
            }
            return NetworkSpec(manifestPath: manifests[0])
        }
        let sources = networks.map(SourceSpec.parse)
        for source in sources where !FileManager.default.fileExists(atPath: source.path) {
            // `rail.shp:ship`: an existing file followed by something that is not a mode.
            if let colon = source.path.lastIndex(of: ":"), FileManager.default.fileExists(atPath: String(source.path[..<colon])) {
                let word = source.path[source.path.index(after: colon)...]
                throw .usage("unknown mode '\(word)' in '\(source.path)' (a source is PATH[:road|rail][@LAYER])")
            }
        }
        return NetworkSpec(sources: sources)
    }

    static func isManifest(_ s: String) -> Bool {
        let lower = s.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    /// The embedded default network `GeoData/far-east/network.yaml`: `$CORRIDOR_DATA` (the manifest itself, the
    /// network's directory `GeoData/far-east`, `GeoData`, or the directory holding `GeoData`), else found walking up
    /// from the executable, else from the current directory.
    public static func defaultManifestPath() -> String? {
        // CORRIDOR_DATA may also name any manifest, or any network directory holding a network.yaml.
        DataFiles.locate("GeoData/far-east/network.yaml") { [$0, ($0 as NSString).appendingPathComponent("network.yaml")] }
    }
}

/// Errors loading a network that are not errors of a single module below (GeoError, ProfileError, PlaceError,
/// NetworkBuildError are passed through as they are).
public enum NetworkLoadError: CorridorError, Sendable, Equatable {
    /// Wrong use of the arguments; the text says what.
    case usage(String)
    /// No network was given and the embedded default manifest was not found.
    case defaultNetworkNotFound
    /// A named file (`what`: manifest, profile, gazetteer, ...) does not exist.
    case fileNotFound(what: String, path: String)
    /// Manifest problem at `path:line:column`.
    case manifest(reason: String, path: String, line: Int, column: Int)
    /// The layer has no features.
    case emptyLayer(path: String, layer: String)
    /// The layer has no line features; `geometry` names what it has.
    case noLines(path: String, layer: String, geometry: String)
    /// The region layer has no field `field`; `fields` lists those it has.
    case regionFieldNotFound(field: String, path: String, layer: String, fields: [String])
    /// A DIMACS road graph or its coordinates are malformed at `path:line` (line 0: the file as a whole).
    case dimacs(reason: String, path: String, line: Int)
    /// A region layer (`--country-polygons`, `regions:`) without one polygon carrying a value: points or lines
    /// given by mistake, or an empty field.
    case noPolygons(path: String, layer: String, geometry: String, field: String)
    /// An input that is there but holds nothing (`--network -` with nothing on standard input); `source` names it.
    case emptyInput(source: String)
    /// An input could not be staged where the loader reads it from (`--network -` into the temporary directory).
    case staging(source: String, path: String)

    /// One line: what went wrong, then where.
    public var description: String {
        switch self {
        case .usage(let what): return what
        case .defaultNetworkNotFound:
            if let env = ProcessInfo.processInfo.environment["CORRIDOR_DATA"], !env.isEmpty {
                return "default network not found: CORRIDOR_DATA=\(env) is neither the manifest nor a directory holding "
                    + "network.yaml, GeoData/far-east/network.yaml or far-east/network.yaml (or pass --network)"
            }
            return "default network not found (set CORRIDOR_DATA or pass --network): GeoData/far-east/network.yaml"
        case let .fileNotFound(what, path): return "\(what) not found: \(path)"
        case let .manifest(reason, path, line, column): return "\(reason): \(path):\(line):\(column)"
        case let .emptyLayer(path, layer): return "layer has no features: \(path), layer \(layer)"
        case let .noLines(path, layer, geometry): return "layer has no line features (geometry \(geometry)): \(path), layer \(layer)"
        case let .noPolygons(path, layer, geometry, field):
            return "region layer has no polygons with a value in \(field) (geometry \(geometry)): \(path), layer \(layer)"
        case let .regionFieldNotFound(field, path, layer, fields):
            return "region field '\(field)' not found (fields: \(fields.prefix(12).joined(separator: ", "))): \(path), layer \(layer)"
        case let .dimacs(reason, path, line): return line > 0 ? "\(reason): \(path):\(line)" : "\(reason): \(path)"
        case let .emptyInput(source): return "empty input: \(source)"
        case let .staging(source, path): return "cannot stage \(source) in \(path)"
        }
    }

    /// Usage (64) for wrong arguments, missing input (66) for absent files, I/O (74) for staging, bad data (65)
    /// otherwise.
    public var exitStatus: ExitStatus {
        switch self {
        case .usage: return .usage
        case .defaultNetworkNotFound, .fileNotFound: return .noInput
        case .manifest, .emptyLayer, .noLines, .regionFieldNotFound, .dimacs, .noPolygons, .emptyInput: return .dataError
        case .staging: return .ioError
        }
    }
}
