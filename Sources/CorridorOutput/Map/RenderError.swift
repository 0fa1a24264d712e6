import CorridorCore

/// Errors of map rendering and of reading result files for it.
public enum RenderError: CorridorError, Sendable, Equatable {
    /// A result or background file does not exist.
    case fileNotFound(path: String)
    /// A file is not a GeoJSON result written by Corridor; `reason` says why.
    case notCorridorOutput(path: String, reason: String)
    /// A bounding box that is malformed or empty (the text given).
    case emptyBBox(String)
    /// The map projection could not be parsed, or gives no usable map of the extent.
    case unknownProjection(definition: String, reason: String)
    /// A background layer has no polygons.
    case notPolygonLayer(path: String, layer: String)
    /// Neither a network nor any result features were given.
    case nothingToDraw
    /// An invalid option; the text says which and why.
    case invalidOption(String)

    /// One line for the user: what went wrong, and the file when there is one.
    public var description: String {
        switch self {
        case let .fileNotFound(path): return "file not found: \(path)"
        case let .notCorridorOutput(path, reason): return "not a Corridor result GeoJSON (\(reason)): \(path)"
        case let .emptyBBox(text):
            return "empty or invalid bounding box (expected minLon,minLat,maxLon,maxLat with min < max, in degrees): \(text)"
        case let .unknownProjection(definition, reason): return "unknown projection (\(reason)): \(definition)"
        case let .notPolygonLayer(path, layer): return "background layer has no polygons: \(path), layer \(layer)"
        case .nothingToDraw: return "nothing to draw: no network and no result features"
        case let .invalidOption(text): return text
        }
    }

    /// Missing input (66) for absent files, bad data (65) for files that cannot be drawn, usage (64) for options.
    public var exitStatus: ExitStatus {
        switch self {
        case .fileNotFound: return .noInput
        case .notCorridorOutput, .notPolygonLayer, .nothingToDraw: return .dataError
        case .emptyBBox, .unknownProjection, .invalidOption: return .usage
        }
    }
}
