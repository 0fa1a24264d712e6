import CorridorCore
/// WGS84 longitude/latitude in degrees.
public struct LonLat: Sendable, Hashable, Codable {
    /// Longitude in degrees, east positive.
    public var lon: Double
    /// Latitude in degrees, north positive.
    public var lat: Double
    /// Memberwise initializer.
    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }
}

/// The geometry of a feature, as seen by Corridor.
public enum GeometryKind: Sendable, Equatable {
    /// Simple geometry types (any Z/M variant; curves are read as their linear approximation).
    case lineString, multiLineString, point, multiPoint, polygon, multiPolygon
    /// Any other OGR geometry type (name as given by OGR, e.g. "GeometryCollection").
    case other(String)
    /// A geometry that exists but has no coordinates.
    case empty
    /// The feature has no geometry at all.
    case none
}

/// The type of an attribute field, simplified from OGR's field types.
public enum FieldType: Sendable, Equatable {
    /// OGR integer, 64-bit integer, real, string, date/time (date, datetime, time) and any other type.
    case integer, integer64, real, string, date, other
    /// A boolean (written as an OGR integer with the boolean subtype; read back as `integer`).
    case boolean
}

/// An attribute field of a layer.
public struct FieldDefinition: Sendable, Equatable {
    /// Field name as in the layer.
    public let name: String
    /// Field type.
    public let type: FieldType
    /// Memberwise initializer.
    public init(name: String, type: FieldType) {
        self.name = name
        self.type = type
    }
}

/// A coordinate reference system, as GDAL/PROJ describe it.
public struct CRSInfo: Sendable, Equatable {
    /// e.g. "WGS 84", "WGS 84 / UTM zone 52N".
    public let name: String
    /// e.g. "EPSG:4326" when identifiable.
    public let authority: String?
    /// WKT2 (2019) definition.
    public let wkt: String
    /// Whether coordinates are geographic (degrees) rather than projected.
    public let isGeographic: Bool
    /// Memberwise initializer.
    public init(name: String, authority: String?, wkt: String, isGeographic: Bool) {
        self.name = name
        self.authority = authority
        self.wkt = wkt
        self.isGeographic = isGeographic
    }
}

/// What a vector layer holds: name, geometry type, feature count, fields and CRS.
public struct LayerInfo: Sendable, Equatable {
    /// Layer name.
    public let name: String
    /// OGR geometry type name, e.g. "Line String", "Multi Polygon", "Unknown (any)".
    public let geometryType: String
    /// nil when the driver cannot tell cheaply.
    public let featureCount: Int?
    /// Attribute fields, in layer order.
    public let fields: [FieldDefinition]
    /// CRS of the layer; nil when it has none.
    public let crs: CRSInfo?
    /// Memberwise initializer.
    public init(name: String, geometryType: String, featureCount: Int?, fields: [FieldDefinition], crs: CRSInfo?) {
        self.name = name
        self.geometryType = geometryType
        self.featureCount = featureCount
        self.fields = fields
        self.crs = crs
    }
}

/// Everything that can go wrong at the GDAL/PROJ boundary, with where it happened.
public enum GeoError: CorridorError, Sendable, Equatable {
    /// The path does not exist.
    case fileNotFound(path: String)
    /// Not a vector dataset, truncated, missing .shx/.dbf, ...
    case cannotOpen(path: String, reason: String)
    /// The file exists but cannot be read (permissions): said like `cannotOpen`, but missing input, not bad data.
    case unreadable(path: String, reason: String)
    /// The dataset has no layer of that name; `available` lists those it has.
    case layerNotFound(path: String, layer: String, available: [String])
    /// The layer has no CRS and none was assumed.
    case missingCRS(path: String, layer: String)
    /// A CRS definition could not be parsed.
    case invalidCRS(definition: String, reason: String)
    /// A feature's coordinates could not be transformed to WGS84, or are not a finite lon/lat position.
    case invalidCoordinate(path: String, layer: String, fid: Int64, reason: String)
    /// Reading features failed.
    case readFailed(path: String, layer: String, reason: String)
    /// Writing vector data failed.
    case writeFailed(path: String, reason: String)
    /// No coordinate transformation between the two CRSs could be created.
    case transformFailed(reason: String)

    /// One line, "<what>: <where>".
    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "file not found: \(path)"
        case .cannotOpen(let path, let reason), .unreadable(let path, let reason):
            return "cannot open vector data (\(Self.oneLine(reason))): \(path)"
        case .layerNotFound(let path, let layer, let available):
            let list = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "no layer named '\(layer)' (available: \(list)): \(path)"
        case .missingCRS(let path, let layer):
            return "layer has no CRS (pass --assume-crs EPSG:NNNN): \(path), layer \(layer)"
        case .invalidCRS(let definition, let reason):
            return "invalid CRS (\(Self.oneLine(reason))): \(definition)"
        case .invalidCoordinate(let path, let layer, let fid, let reason):
            return "invalid coordinate (\(Self.oneLine(reason))): \(path), layer \(layer), feature \(fid)"
        case .readFailed(let path, let layer, let reason):
            return "cannot read features (\(Self.oneLine(reason))): \(path), layer \(layer)"
        case .writeFailed(let path, let reason):
            return "cannot write vector data (\(Self.oneLine(reason))): \(path)"
        case .transformFailed(let reason):
            return "coordinate transform failed: \(Self.oneLine(reason))"
        }
    }

    /// Missing input (66) for files, layers and unreadable files; 74 for failed writes; bad data (65) otherwise.
    public var exitStatus: ExitStatus {
        switch self {
        case .fileNotFound, .layerNotFound, .unreadable: return .noInput
        case .writeFailed: return .ioError
        case .cannotOpen, .missingCRS, .invalidCRS, .invalidCoordinate, .readFailed, .transformFailed: return .dataError
        }
    }

    private static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.isEmpty ? "unknown reason" : flat
    }
}
