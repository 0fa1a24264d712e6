import CGDAL
import Foundation

/// An opened vector data source (any OGR driver: Shapefile, GPKG, GeoJSON, FlatGeobuf, OSM .osm/.pbf,
/// connection strings). Owns the GDAL dataset handle and closes it in deinit. Not Sendable: use from one thread.
public final class VectorDataset {
    /// The path or connection string the dataset was opened from.
    public let path: String
    /// GDAL driver short name: "ESRI Shapefile", "GPKG", "GeoJSON", "FlatGeobuf", "OSM", ...
    public let driverName: String
    private let handle: GDALDatasetH

    private init(path: String, driverName: String, handle: GDALDatasetH) {
        self.path = path
        self.driverName = driverName
        self.handle = handle
    }

    deinit { GDALRuntime.capturing { _ in GDALClose(handle) } }

    /// Opens read-only. Plain paths must exist (`fileNotFound`); GDAL connection strings ("PG:...", "GPKG:...")
    /// and virtual paths ("/vsizip/...") are passed through. Shapefiles are checked for their .shx/.dbf sidecars
    /// and a truncated .shp before GDAL sees them (GDAL would otherwise open them and fail or drop data later).
    public static func open(_ path: String) throws(GeoError) -> VectorDataset {
        GDALRuntime.ensureReady()
        if isPlainPath(path) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .fileNotFound(path: path)
            }
            if !isDirectory.boolValue, path.lowercased().hasSuffix(".shp") { try ShapefileCheck.verify(path) }
        }
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR)
        let opened = GDALRuntime.capturing { messages in
            (GDALOpenEx(path, flags, nil, nil, nil), messages.reason(or: "not a vector dataset GDAL can read"))
        }
        guard let handle = opened.0 else {
            // A plain file that exists but cannot be read is missing input, not bad data.
            if isPlainPath(path), !FileManager.default.isReadableFile(atPath: path) {
                throw .unreadable(path: path, reason: opened.1)
            }
            throw .cannotOpen(path: path, reason: opened.1)
        }
        let driver = GDALGetDatasetDriver(handle).flatMap { GDALGetDriverShortName($0) }.map { String(cString: $0) }
        return VectorDataset(path: path, driverName: driver ?? "unknown", handle: handle)
    }

    /// Splits a dataset reference `PATH[@LAYER]` into the path and the layer (nil: the first layer). An existing file
    /// is always taken literally, so paths containing `@` still work; otherwise a final `@LAYER` is split off when the
    /// text after the last `@` is not empty and contains no `/` (GDAL connection strings such as
    /// `PG:dbname=x@roads` keep working). The one parser of `FILE@LAYER` for sources, regions and backgrounds.
    public static func splitLayer(_ text: String) -> (path: String, layer: String?) {
        if FileManager.default.fileExists(atPath: text) { return (text, nil) }
        guard let at = text.lastIndex(of: "@") else { return (text, nil) }
        let candidate = text[text.index(after: at)...]
        guard !candidate.isEmpty, !candidate.contains("/") else { return (text, nil) }
        return (String(text[..<at]), String(candidate))
    }

    /// Whether `path` names a local file: "PG:dbname=x", "GPKG:/a.gpkg:t", "/vsizip/a.zip/b.shp", "https://..." are
    /// GDAL connection strings or virtual paths, not files.
    public static func isPlainPath(_ path: String) -> Bool {
        if path.hasPrefix("/vsi") { return false }
        guard let colon = path.firstIndex(of: ":") else { return true }
        let prefix = path[..<colon]
        let isScheme = prefix.count >= 2 && prefix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return !isScheme
    }

    private var isOSM: Bool { driverName == "OSM" }

    private var layerHandles: [OGRLayerH] {
        (0..<GDALDatasetGetLayerCount(handle)).compactMap { GDALDatasetGetLayer(handle, $0) }
    }

    /// Schema and metadata of every layer, in dataset order.
    public var layers: [LayerInfo] {
        GDALRuntime.capturing { _ in layerHandles.map(Self.info(of:)) }
    }

    /// Names of the layers, in dataset order.
    public var layerNames: [String] { layerHandles.map { String(cString: OGR_L_GetName($0)) } }

    /// nil = the first layer; for the OSM driver the default is "lines".
    public func layerInfo(_ name: String?) throws(GeoError) -> LayerInfo {
        let layer = try layerHandle(name)
        return GDALRuntime.capturing { _ in Self.info(of: layer) }
    }

    private func layerHandle(_ name: String?) throws(GeoError) -> OGRLayerH {
        let wanted = name ?? (isOSM ? "lines" : nil)
        if let wanted {
            if let layer = GDALDatasetGetLayerByName(handle, wanted) { return layer }
            throw .layerNotFound(path: path, layer: wanted, available: layerNames)
        }
        guard let first = GDALDatasetGetLayer(handle, 0) else {
            throw .layerNotFound(path: path, layer: "(first layer)", available: [])
        }
        return first
    }

    private static func info(of layer: OGRLayerH) -> LayerInfo {
        let count = OGR_L_GetFeatureCount(layer, 0)  // force = 0: -1 when counting would need a full scan
        return LayerInfo(
            name: String(cString: OGR_L_GetName(layer)),
            geometryType: String(cString: OGRGeometryTypeToName(OGR_L_GetGeomType(layer))),
            featureCount: count >= 0 ? Int(count) : nil,
            fields: fieldDefinitions(OGR_L_GetLayerDefn(layer)),
            crs: OGR_L_GetSpatialRef(layer).map(CRSInfo.init(borrowed:)))
    }

    static func fieldDefinitions(_ definition: OGRFeatureDefnH?) -> [FieldDefinition] {
        guard let definition else { return [] }
        return (0..<OGR_FD_GetFieldCount(definition)).compactMap { index in
            guard let field = OGR_FD_GetFieldDefn(definition, index) else { return nil }
            return FieldDefinition(name: String(cString: OGR_Fld_GetNameRef(field)), type: FieldType(OGR_Fld_GetType(field)))
        }
    }

    /// Streams features of a layer transformed to WGS84 lon/lat (axis order handled, OAMS_TRADITIONAL_GIS_ORDER).
    /// `assumeCRS` (e.g. "EPSG:3857") is used only if the layer has no CRS; without either -> `GeoError.missingCRS`.
    /// The record is reused between calls (do not keep it); attribute access by field index is O(1).
    /// Coordinates that are NaN/inf or out of range after transform -> `GeoError.invalidCoordinate`.
    /// Layers of the OSM driver are read with dataset-level interleaved reading, skipping other layers' features.
    /// `fields` (field indices, as in `LayerInfo.fields`), when given, are the only attributes the caller reads: GDAL
    /// is told to skip the others (`OGR_L_SetIgnoredFields`), which saves it parsing them for every feature (a third
    /// of its reading time on a 10-field Geofabrik shapefile); they read as unset. nil reads every field.
    public func forEachFeature(layer name: String?, assumeCRS: String?, fields: [Int]? = nil,
                               _ body: (FeatureRecord) throws -> Void) throws {
        let layer = try layerHandle(name)
        let layerName = String(cString: OGR_L_GetName(layer))
        let transform = try wgs84Transform(for: layer, layerName: layerName, assumeCRS: assumeCRS)
        let definition = OGR_L_GetLayerDefn(layer)
        let record = FeatureRecord(
            path: path, layer: layerName, fields: Self.fieldDefinitions(definition), transform: transform)
        let readingOSM = isOSM
        if let fields { Self.ignoreFields(of: layer, except: Set(fields), definitions: record.fields) }
        // The dataset may be read again (another layer, another caller): the next reading sees every field.
        defer { if fields != nil { _ = OGR_L_SetIgnoredFields(layer, nil) } }
        try GDALRuntime.capturing { messages throws in
            if readingOSM { GDALDatasetResetReading(handle) } else { OGR_L_ResetReading(layer) }
            while true {
                let next: OGRFeatureH?
                if readingOSM {
                    var owner: OGRLayerH?
                    next = GDALDatasetGetNextFeature(handle, &owner, nil, nil, nil)
                    if let feature = next, owner != layer {
                        OGR_F_Destroy(feature)
                        continue
                    }
                } else {
                    next = OGR_L_GetNextFeature(layer)
                }
                guard let feature = next else {
                    if messages.hasFailure {
                        let after = record.fid >= 0 ? " after feature \(record.fid)" : ""
                        throw GeoError.readFailed(path: path, layer: layerName, reason: messages.reason(or: "") + after)
                    }
                    return
                }
                defer {
                    record.detach()
                    OGR_F_Destroy(feature)
                }
                if messages.hasFailure {
                    throw GeoError.readFailed(
                        path: path, layer: layerName,
                        reason: messages.reason(or: "") + " (feature \(OGR_F_GetFID(feature)))")
                }
                try record.load(feature)
                try body(record)
                // Only failures raised while fetching the next feature count; forget anything else.
                if messages.hasFailure || !messages.warnings.isEmpty { messages.clear() }
            }
        }
    }

    /// Tells GDAL to skip the attribute fields of `layer` not in `kept` (the geometry and the style are always read).
    private static func ignoreFields(of layer: OGRLayerH, except kept: Set<Int>, definitions: [FieldDefinition]) {
        let ignored = definitions.indices.filter { !kept.contains($0) }.map { strdup(definitions[$0].name) }
        defer { ignored.forEach { free($0) } }
        guard !ignored.isEmpty else { return }
        var list: [UnsafePointer<CChar>?] = ignored.map { UnsafePointer($0) }
        list.append(nil)
        // A failure (a driver that cannot ignore fields) only costs the time saved: every field is read then.
        _ = list.withUnsafeMutableBufferPointer { OGR_L_SetIgnoredFields(layer, $0.baseAddress) }
    }

    /// Whether reading the layer goes through a coordinate transform (false for WGS84 lon/lat layers).
    func readingTransforms(layer name: String?, assumeCRS: String?) throws(GeoError) -> Bool {
        let layer = try layerHandle(name)
        return try wgs84Transform(for: layer, layerName: String(cString: OGR_L_GetName(layer)), assumeCRS: assumeCRS) != nil
    }

    /// nil when the layer is already WGS84 lon/lat (or has no geometry), so coordinates are copied as read.
    private func wgs84Transform(for layer: OGRLayerH, layerName: String, assumeCRS: String?) throws(GeoError)
        -> CoordinateTransform?
    {
        let source: SpatialReference
        if let layerCRS = SpatialReference(cloning: OGR_L_GetSpatialRef(layer)) {
            source = layerCRS
        } else if let assumeCRS {
            source = try SpatialReference(definition: assumeCRS)
        } else if OGR_L_GetGeomType(layer) == wkbNone {
            return nil
        } else {
            throw .missingCRS(path: path, layer: layerName)
        }
        let wgs84 = SpatialReference.wgs84()
        if source.isWGS84LonLat(wgs84) { return nil }
        return try CoordinateTransform(source: source, target: wgs84)
    }
}

extension FieldType {
    init(_ type: OGRFieldType) {
        switch type {
        case OFTInteger: self = .integer
        case OFTInteger64: self = .integer64
        case OFTReal: self = .real
        case OFTString: self = .string
        case OFTDate, OFTDateTime, OFTTime: self = .date
        default: self = .other
        }
    }

    var ogrType: OGRFieldType {
        switch self {
        case .integer, .boolean: return OFTInteger
        case .integer64: return OFTInteger64
        case .real: return OFTReal
        case .string, .other: return OFTString
        case .date: return OFTDate
        }
    }
}

/// Up-front checks for a Shapefile, so damaged ones fail at open with a clear reason.
enum ShapefileCheck {
    /// A problem with the shapefile at `shpPath`: missing input when the .shp itself cannot be read, else a
    /// damaged dataset.
    static func failure(_ shpPath: String, _ reason: String) -> GeoError {
        FileManager.default.isReadableFile(atPath: shpPath) ? .cannotOpen(path: shpPath, reason: reason)
            : .unreadable(path: shpPath, reason: reason)
    }

    static func verify(_ shpPath: String) throws(GeoError) {
        let stem = String(shpPath.dropLast(4))
        guard let shx = sidecar(stem, "shx") else {
            throw failure(shpPath, "missing .shx index file \(stem).shx (GDAL can rebuild it with SHAPE_RESTORE_SHX=YES; "
                    + "not done automatically)")
        }
        guard sidecar(stem, "dbf") != nil else {
            throw failure(shpPath, "missing .dbf attribute file \(stem).dbf")
        }
        try checkHeader(shpPath, of: shpPath)
        try checkHeader(shx, of: shpPath)
    }

    private static func sidecar(_ stem: String, _ ext: String) -> String? {
        for candidate in [stem + "." + ext, stem + "." + ext.uppercased()]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return nil
    }

    /// The 100-byte main header stores file code 9994 and the file length in 16-bit words (big-endian).
    private static func checkHeader(_ file: String, of shpPath: String) throws(GeoError) {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw failure(shpPath, "cannot read \(file)")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        let actual = (try? handle.seekToEnd()).map(Int.init) ?? 0
        guard header.count == 100 else {
            throw failure(shpPath, "truncated \(file): \(header.count) bytes, shorter than its header")
        }
        let bytes = [UInt8](header)
        func bigEndian(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        guard bigEndian(0) == 9994 else {
            throw failure(shpPath, "\(file) is not a shapefile component (bad file code)")
        }
        let declared = bigEndian(24) * 2
        if actual < declared {
            throw failure(shpPath, "truncated \(file): header declares \(declared) bytes, file has \(actual)")
        }
    }
}
