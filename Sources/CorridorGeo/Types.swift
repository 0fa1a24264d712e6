/// WGS84 longitude/latitude in degrees.
public struct LonLat: Sendable, Hashable, Codable {
    public var lon: Double
    public var lat: Double
    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }
}

/// The geometry of a feature, as seen by Corridor.
public enum GeometryKind: Sendable, Equatable {
    case lineString, multiLineString, point, multiPoint, polygon, multiPolygon
    /// Any other OGR geometry type (name as given by OGR, e.g. "GeometryCollection").
    case other(String)
    /// A geometry that exists but has no coordinates.
    case empty
    /// The feature has no geometry at all.
    case none
}

public enum FieldType: Sendable, Equatable {
    case integer, integer64, real, string, date, other
}

public struct FieldDefinition: Sendable, Equatable {
    public let name: String
    public let type: FieldType
    public init(name: String, type: FieldType) {
        self.name = name
        self.type = type
    }
}

public struct CRSInfo: Sendable, Equatable {
    /// e.g. "WGS 84", "WGS 84 / UTM zone 52N".
    public let name: String
    /// e.g. "EPSG:4326" when identifiable.
    public let authority: String?
    public let wkt: String
    public let isGeographic: Bool
    public init(name: String, authority: String?, wkt: String, isGeographic: Bool) {
        self.name = name
        self.authority = authority
        self.wkt = wkt
        self.isGeographic = isGeographic
    }
}

public struct LayerInfo: Sendable, Equatable {
    public let name: String
    /// OGR geometry type name, e.g. "Line String", "Multi Polygon", "Unknown (any)".
    public let geometryType: String
    /// nil when the driver cannot tell cheaply.
    public let featureCount: Int?
    public let fields: [FieldDefinition]
    public let crs: CRSInfo?
    public init(name: String, geometryType: String, featureCount: Int?, fields: [FieldDefinition], crs: CRSInfo?) {
        self.name = name
        self.geometryType = geometryType
        self.featureCount = featureCount
        self.fields = fields
        self.crs = crs
    }
}

/// Everything that can go wrong at the GDAL/PROJ boundary, with where it happened.
public enum GeoError: Error, Sendable, Equatable, CustomStringConvertible {
    case fileNotFound(path: String)
    /// Not a vector dataset, truncated, missing .shx/.dbf, ...
    case cannotOpen(path: String, reason: String)
    case layerNotFound(path: String, layer: String, available: [String])
    case missingCRS(path: String, layer: String)
    case invalidCRS(definition: String, reason: String)
    case invalidCoordinate(path: String, layer: String, fid: Int64, reason: String)
    case readFailed(path: String, layer: String, reason: String)
    case writeFailed(path: String, reason: String)
    case transformFailed(reason: String)

    /// One line, "<what>: <where>".
    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "file not found: \(path)"
        case .cannotOpen(let path, let reason):
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

    private static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.isEmpty ? "unknown reason" : flat
    }
}
