import CGDAL
import Foundation

/// Writing vector data (fixtures, exports, Corridor's GIS outputs). Not Sendable: use from one thread.
///
/// Three placements:
/// - `.atomic` (the default): writes to a hidden temp name in the same directory and renames into place on
///   `commit()` (for multi-file formats like Shapefile every sidecar file is renamed); abandoned writers (no
///   commit) delete their temp files.
/// - `.direct`: writes at `path` itself (for a caller that stages and renames files on its own, such as an
///   all-or-nothing output transaction); `commit()` only closes the dataset.
/// - an existing database opened with `VectorWriter(updating:)` (a `PG:` connection string): the caller runs one
///   transaction around everything with `beginTransaction()`, `commitTransaction()` or `rollbackTransaction()`.
///
/// Coordinates are written as given, in the layer's CRS (`LonLat.lon` = x/easting, `LonLat.lat` = y/northing).
/// GeoPackage timestamps (`gpkg_contents.last_change`) and the Shapefile DBF date are fixed (`fixedDate`), so the
/// same features give the same bytes.
public final class VectorWriter {
    /// Where the dataset is written: see the type's documentation.
    public enum Placement: Sendable {
        /// A temporary name beside `path`, renamed into place by `commit()`.
        case atomic
        /// `path` itself.
        case direct
    }

    /// The date written where a format stores one (GeoPackage `last_change`, the DBF header), so outputs are
    /// deterministic.
    public static let fixedDate = "1970-01-01"

    /// Final path of the dataset, where `commit()` renames it to (a connection string for a database).
    public let path: String
    private let driverName: String
    private let directory: URL
    private let finalStem: String
    private let tempStem: String
    private let tempPath: String
    private let placement: Placement?
    private var handle: GDALDatasetH?
    private var layersByName: [String: OGRLayerH] = [:]
    private var inTransaction = false
    private var callerTransaction = false
    private var featuresInTransaction = 0

    /// - Parameters:
    ///   - driver: GDAL driver short name: "ESRI Shapefile", "GPKG", "GeoJSON", "FlatGeobuf", ...
    ///   - options: dataset creation options ("KEY=VALUE").
    ///   - placement: `.atomic` (temp file renamed by `commit()`) or `.direct` (written at `path`).
    public init(path: String, driver: String, options: [String] = [], placement: Placement = .atomic) throws(GeoError) {
        GDALRuntime.ensureReady()
        self.path = path
        self.driverName = driver
        self.placement = placement
        let url = URL(fileURLWithPath: path)
        directory = url.deletingLastPathComponent()
        let ext = url.pathExtension
        finalStem = ext.isEmpty ? url.lastPathComponent : String(url.lastPathComponent.dropLast(ext.count + 1))
        if placement == .atomic {
            tempStem = ".\(finalStem).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
            tempPath = directory.appendingPathComponent(ext.isEmpty ? tempStem : "\(tempStem).\(ext)").path
        } else {
            tempStem = finalStem
            tempPath = path
        }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw .writeFailed(path: path, reason: "directory \(directory.path) does not exist") }
        let target = tempPath
        let created = Self.withFixedDate(driver) {
            GDALRuntime.capturing { messages -> (GDALDatasetH?, String) in
                guard let gdalDriver = GDALGetDriverByName(driver) else {
                    return (nil, "no GDAL driver named '\(driver)'")
                }
                let dataset = withCStringList(options) { list in
                    GDALCreate(gdalDriver, target, 0, 0, 0, GDT_Unknown, list)
                }
                return (dataset, messages.reason(or: "driver \(driver) cannot create \(target)"))
            }
        }
        guard let dataset = created.0 else { throw .writeFailed(path: path, reason: created.1) }
        handle = dataset
    }

    /// Opens an existing database for writing (`PG:dbname=... host=...`, any driver GDAL opens for update); nothing
    /// is visible to others until `commitTransaction()`. Errors name the connection with its password hidden.
    public init(updating connection: String) throws(GeoError) {
        GDALRuntime.ensureReady()
        path = ConnectionString.redacted(connection)
        placement = nil
        directory = URL(fileURLWithPath: "/")
        finalStem = ""
        tempStem = ""
        tempPath = connection
        let shown = path
        let opened = GDALRuntime.capturing { messages -> (GDALDatasetH?, String) in
            let dataset = GDALOpenEx(connection, UInt32(GDAL_OF_VECTOR | GDAL_OF_UPDATE), nil, nil, nil)
            return (dataset, messages.reason(or: "cannot open \(shown) for writing"))
        }
        guard let dataset = opened.0 else { throw .writeFailed(path: path, reason: opened.1) }
        handle = dataset
        driverName = GDALGetDriverShortName(GDALGetDatasetDriver(dataset)).map { String(cString: $0) } ?? ""
    }

    deinit {
        guard let handle else { return }
        GDALRuntime.capturing { _ in
            if callerTransaction { GDALDatasetRollbackTransaction(handle) }
            GDALClose(handle)
        }
        if placement != nil {
            for file in tempFiles() { try? FileManager.default.removeItem(atPath: file) }
        }
    }

    // MARK: Transactions of a database

    /// Starts the one transaction of a database writer (`VectorWriter(updating:)`): layers and features written
    /// until `commitTransaction()` are invisible to other sessions and undone by `rollbackTransaction()`.
    public func beginTransaction() throws(GeoError) {
        let dataset = try openHandle()
        try endTransaction()
        let result = GDALRuntime.capturing { messages in
            (GDALDatasetStartTransaction(dataset, 0), messages.reason(or: "the driver cannot start a transaction"))
        }
        guard result.0 == OGRERR_NONE else { throw .writeFailed(path: path, reason: result.1) }
        callerTransaction = true
    }

    /// Commits the transaction started by `beginTransaction()` and closes the dataset.
    public func commitTransaction() throws(GeoError) {
        let dataset = try openHandle()
        guard callerTransaction else { throw .writeFailed(path: path, reason: "no transaction to commit") }
        callerTransaction = false
        let result = GDALRuntime.capturing { messages in
            (GDALDatasetCommitTransaction(dataset), messages.reason(or: "commit failed"))
        }
        handle = nil
        GDALRuntime.capturing { _ in GDALClose(dataset) }
        guard result.0 == OGRERR_NONE else { throw .writeFailed(path: path, reason: result.1) }
    }

    /// Rolls back the transaction started by `beginTransaction()` (if any) and closes the dataset; never fails.
    public func rollbackTransaction() {
        guard let dataset = handle else { return }
        handle = nil
        GDALRuntime.capturing { _ in
            if callerTransaction { GDALDatasetRollbackTransaction(dataset) }
            GDALClose(dataset)
        }
        callerTransaction = false
    }

    /// - Parameters:
    ///   - crs: "EPSG:4326", PROJ string, WKT; nil writes a layer without CRS.
    ///   - options: layer creation options. Shapefiles default to ENCODING=UTF-8.
    public func addLayer(
        name: String, geometry: GeometryKind, crs: String?, fields: [FieldDefinition], options: [String] = []
    ) throws(GeoError) {
        let dataset = try openHandle()
        guard layersByName[name] == nil else { throw .writeFailed(path: path, reason: "layer \(name) added twice") }
        try endTransaction()
        let srs = try crs.map { definition throws(GeoError) in try SpatialReference(definition: definition) }
        var layerOptions = options
        if driverName == "ESRI Shapefile", !options.contains(where: { $0.uppercased().hasPrefix("ENCODING=") }) {
            layerOptions.append("ENCODING=UTF-8")
        }
        if driverName == "ESRI Shapefile", !options.contains(where: { $0.uppercased().hasPrefix("DBF_DATE_LAST_UPDATE=") }) {
            layerOptions.append("DBF_DATE_LAST_UPDATE=\(Self.fixedDate)")
        }
        let result = Self.withFixedDate(driverName) { GDALRuntime.capturing { messages -> (OGRLayerH?, String) in
            let layer = withCStringList(layerOptions) { list in
                GDALDatasetCreateLayer(dataset, name, srs?.handle, geometry.ogrType, list)
            }
            guard let layer else { return (nil, messages.reason(or: "cannot create layer \(name)")) }
            for field in fields {
                guard let definition = OGR_Fld_Create(field.name, field.type.ogrType) else {
                    return (nil, "cannot create field \(field.name)")
                }
                defer { OGR_Fld_Destroy(definition) }
                if field.type == .boolean { OGR_Fld_SetSubType(definition, OFSTBoolean) }
                if OGR_L_CreateField(layer, definition, 1) != OGRERR_NONE {
                    return (nil, messages.reason(or: "cannot create field \(field.name) in layer \(name)"))
                }
            }
            return (layer, "")
        } }
        guard let layer = result.0 else { throw .writeFailed(path: path, reason: result.1) }
        layersByName[name] = layer
    }

    /// Adds a feature whose geometry is WKT in the layer's CRS ("LINESTRING (130 43, 131 44)", "POINT EMPTY").
    /// `attributes`: field name -> text value (nil = null); integers/reals are parsed and rejected if malformed.
    public func addFeature(layer: String, wkt: String, attributes: [String: String?]) throws(GeoError) {
        var geometry: OGRGeometryH?
        let status = GDALRuntime.capturing { messages in
            let error = wkt.withCString { text -> OGRErr in
                var cursor: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: text)
                return OGR_G_CreateFromWkt(&cursor, nil, &geometry)
            }
            return (error, messages.reason(or: "malformed WKT"))
        }
        guard status.0 == OGRERR_NONE, let geometry else {
            if let geometry { OGR_G_DestroyGeometry(geometry) }
            throw .writeFailed(path: path, reason: "\(status.1): \(wkt.prefix(80))")
        }
        try write(layer: layer, geometry: geometry, attributes: attributes)
    }

    /// Adds a feature built from parts, following `FeatureRecord.parts`: one part per line of a (Multi)LineString,
    /// points of a (Multi)Point, rings of a Polygon (outer first; rings are closed if needed). For MultiPolygon each
    /// part is the outer ring of one polygon (use WKT for holes). `.none` writes a feature without geometry.
    public func addFeature(layer: String, geometry kind: GeometryKind, parts: [[LonLat]], attributes: [String: String?])
        throws(GeoError)
    {
        let geometry = try makeGeometry(kind, parts)
        try write(layer: layer, geometry: geometry, attributes: attributes)
    }

    /// Adds a feature built from parts (as `addFeature(layer:geometry:parts:attributes:)`) with typed values:
    /// field name -> value; fields not named are left null.
    public func addFeature(layer: String, geometry kind: GeometryKind, parts: [[LonLat]], values: [String: FieldValue])
        throws(GeoError)
    {
        let geometry = try makeGeometry(kind, parts)
        try write(layer: layer, geometry: geometry, values: values)
    }

    /// Closes the dataset and renames the written file(s) into place (`.atomic`), or just closes it (`.direct`).
    public func commit() throws(GeoError) {
        guard let dataset = handle else { throw .writeFailed(path: path, reason: "already committed") }
        guard placement != nil else { throw .writeFailed(path: path, reason: "a database is committed with commitTransaction()") }
        try endTransaction()
        handle = nil
        let failure = Self.withFixedDate(driverName) { GDALRuntime.capturing { messages -> String? in
            GDALClose(dataset)
            return messages.hasFailure ? messages.reason(or: "") : nil
        } }
        if placement == .direct {
            if let failure { throw .writeFailed(path: path, reason: failure) }
            return
        }
        let written = tempFiles()
        if let failure {
            for file in written { try? FileManager.default.removeItem(atPath: file) }
            throw .writeFailed(path: path, reason: failure)
        }
        do {
            try moveIntoPlace(written)
        } catch {
            throw .writeFailed(path: path, reason: "cannot rename into place: \(error)")
        }
    }

    // MARK: private

    private func openHandle() throws(GeoError) -> GDALDatasetH {
        guard let handle else { throw .writeFailed(path: path, reason: "writer already committed") }
        return handle
    }

    /// Batches inserts in transactions where the driver supports them (GPKG: orders of magnitude faster); not
    /// within a caller's transaction.
    private func beginTransactionIfNeeded(_ dataset: GDALDatasetH) {
        if inTransaction || callerTransaction { return }
        inTransaction = GDALRuntime.capturing { _ in GDALDatasetStartTransaction(dataset, 0) == OGRERR_NONE }
        featuresInTransaction = 0
    }

    private func endTransaction() throws(GeoError) {
        guard inTransaction, !callerTransaction, let handle else { return }
        inTransaction = false
        let result = GDALRuntime.capturing { messages in
            (GDALDatasetCommitTransaction(handle), messages.reason(or: "commit failed"))
        }
        if result.0 != OGRERR_NONE { throw .writeFailed(path: path, reason: result.1) }
    }

    private func write(layer name: String, geometry: OGRGeometryH?, attributes: [String: String?]) throws(GeoError) {
        try write(layer: name, geometry: geometry, fixedDate: false) { feature in
            for key in attributes.keys.sorted() {
                let index = OGR_F_GetFieldIndex(feature, key)
                guard index >= 0 else { return "layer \(name) has no field named \(key)" }
                guard let value = attributes[key] ?? nil else {
                    OGR_F_SetFieldNull(feature, index)
                    continue
                }
                let type = FieldType(OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feature, index)))
                let text = value.trimmingSpaces
                if type == .integer || type == .integer64, Int64(text) == nil {
                    return "field \(key) of layer \(name) is an integer, got '\(value)'"
                }
                if type == .real, Double(text) == nil {
                    return "field \(key) of layer \(name) is a real number, got '\(value)'"
                }
                OGR_F_SetFieldString(feature, index, value)
            }
            return nil
        }
    }

    private func write(layer name: String, geometry: OGRGeometryH?, values: [String: FieldValue]) throws(GeoError) {
        try write(layer: name, geometry: geometry, fixedDate: true) { feature in
            for key in values.keys.sorted() {
                let index = OGR_F_GetFieldIndex(feature, key)
                guard index >= 0 else { return "layer \(name) has no field named \(key)" }
                switch values[key]! {
                case .null: OGR_F_SetFieldNull(feature, index)
                case let .integer(v): OGR_F_SetFieldInteger64(feature, index, v)
                case let .real(v): OGR_F_SetFieldDouble(feature, index, v)
                case let .string(v): OGR_F_SetFieldString(feature, index, v)
                case let .boolean(v): OGR_F_SetFieldInteger(feature, index, v ? 1 : 0)
                }
            }
            return nil
        }
    }

    /// Writes one feature of `geometry` (taken over, destroyed on failure) to layer `name`: `setFields` fills its
    /// fields and returns why it could not (nil: written). `fixedDate`: GeoPackage timestamps at `fixedDate`.
    private func write(layer name: String, geometry: OGRGeometryH?, fixedDate: Bool,
                       setFields: (OGRFeatureH) -> String?) throws(GeoError) {
        let dataset: GDALDatasetH
        do { dataset = try openHandle() } catch {
            if let geometry { OGR_G_DestroyGeometry(geometry) }
            throw error
        }
        guard let layer = layersByName[name] else {
            if let geometry { OGR_G_DestroyGeometry(geometry) }
            throw .writeFailed(path: path, reason: "no layer named \(name) (call addLayer first)")
        }
        beginTransactionIfNeeded(dataset)
        func attempt() -> String? {
            GDALRuntime.capturing { messages -> String? in
                guard let feature = OGR_F_Create(OGR_L_GetLayerDefn(layer)) else {
                    if let geometry { OGR_G_DestroyGeometry(geometry) }
                    return "cannot create feature"
                }
                defer { OGR_F_Destroy(feature) }
                if let geometry { OGR_F_SetGeometryDirectly(feature, geometry) }
                if let failure = setFields(feature) { return failure }
                if OGR_L_CreateFeature(layer, feature) != OGRERR_NONE {
                    return messages.reason(or: "cannot write feature to layer \(name)")
                }
                return nil
            }
        }
        let failure = fixedDate ? Self.withFixedDate(driverName, attempt) : attempt()
        if let failure { throw .writeFailed(path: path, reason: failure) }
        featuresInTransaction += 1
        if inTransaction, featuresInTransaction >= 100_000 { try endTransaction() }
    }

    private static func withFixedDate<T, E: Error>(_ driver: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard driver == "GPKG" else { return try body() }
        let previous = CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", nil).map { String(cString: $0) }
        CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "\(fixedDate)T00:00:00.000Z")
        defer { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", previous) }
        return try body()
    }

    private func makeGeometry(_ kind: GeometryKind, _ parts: [[LonLat]]) throws(GeoError) -> OGRGeometryH? {
        func simple(_ type: OGRwkbGeometryType, _ points: [LonLat]) -> OGRGeometryH? {
            guard let geometry = OGR_G_CreateGeometry(type) else { return nil }
            var xs = points.map(\.lon)
            var ys = points.map(\.lat)
            OGR_G_SetPoints(geometry, Int32(points.count), &xs, 8, &ys, 8, nil, 0)
            return geometry
        }
        func collection(_ type: OGRwkbGeometryType, _ members: [OGRGeometryH?]) -> OGRGeometryH? {
            guard let geometry = OGR_G_CreateGeometry(type) else { return nil }
            for member in members { if let member { OGR_G_AddGeometryDirectly(geometry, member) } }
            return geometry
        }
        func polygon(_ rings: [[LonLat]]) -> OGRGeometryH? {
            let result = collection(wkbPolygon, rings.map { simple(wkbLinearRing, $0) })
            if let result { OGR_G_CloseRings(result) }
            return result
        }
        let bad = GeoError.writeFailed(path: path, reason: "parts do not fit geometry \(kind)")
        switch kind {
        case .none: return nil
        case .point:
            guard parts.count == 1, parts[0].count == 1 else { throw bad }
            return simple(wkbPoint, parts[0])
        case .lineString:
            guard parts.count == 1 else { throw bad }
            return simple(wkbLineString, parts[0])
        case .multiPoint:
            return collection(wkbMultiPoint, parts.flatMap { $0 }.map { simple(wkbPoint, [$0]) })
        case .multiLineString:
            return collection(wkbMultiLineString, parts.map { simple(wkbLineString, $0) })
        case .polygon:
            guard !parts.isEmpty else { throw bad }
            return polygon(parts)
        case .multiPolygon:
            return collection(wkbMultiPolygon, parts.map { polygon([$0]) })
        case .empty, .other:
            throw .writeFailed(path: path, reason: "geometry \(kind) cannot be built from parts; use WKT")
        }
    }

    /// Everything GDAL wrote under the temp stem: one file, a directory, or stem.shp/.shx/.dbf/.prj/.cpg ...
    private func tempFiles() -> [String] {
        guard placement == .atomic else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0 == tempStem || $0.hasPrefix(tempStem + ".") }.sorted()
            .map { directory.appendingPathComponent($0).path }
    }

    private func moveIntoPlace(_ written: [String]) throws {
        let fm = FileManager.default
        let suffixes = written.map { String(URL(fileURLWithPath: $0).lastPathComponent.dropFirst(tempStem.count)) }
        // A stale sidecar (e.g. an old .prj when the new layer has none) would silently change the meaning.
        if driverName == "ESRI Shapefile" {
            for sidecar in [".prj", ".cpg", ".qix", ".sbn", ".sbx", ".shp.xml"] where !suffixes.contains(sidecar) {
                let stale = directory.appendingPathComponent(finalStem + sidecar).path
                if fm.fileExists(atPath: stale) { try fm.removeItem(atPath: stale) }
            }
        }
        // Main file last, so a reader never sees a new .shp with old sidecars.
        let mainSuffix = URL(fileURLWithPath: path).pathExtension.isEmpty ? "" : "." + URL(fileURLWithPath: path).pathExtension
        let ordered = zip(written, suffixes).sorted { ($0.1 == mainSuffix ? 1 : 0, $0.1) < ($1.1 == mainSuffix ? 1 : 0, $1.1) }
        for (source, suffix) in ordered {
            let target = directory.appendingPathComponent(finalStem + suffix).path
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
                try fm.removeItem(atPath: target)
            }
            if rename(source, target) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target])
            }
        }
    }
}

extension GeometryKind {
    var ogrType: OGRwkbGeometryType {
        switch self {
        case .point: return wkbPoint
        case .lineString: return wkbLineString
        case .polygon: return wkbPolygon
        case .multiPoint: return wkbMultiPoint
        case .multiLineString: return wkbMultiLineString
        case .multiPolygon: return wkbMultiPolygon
        case .none: return wkbNone
        case .empty, .other: return wkbUnknown
        }
    }
}

/// A typed attribute value for `VectorWriter.addFeature(layer:geometry:parts:values:)`.
public enum FieldValue: Sendable, Equatable {
    /// No value.
    case null
    /// An integer (for integer, 64-bit integer and boolean fields).
    case integer(Int64)
    /// A real number.
    case real(Double)
    /// Text.
    case string(String)
    /// A boolean (for boolean fields).
    case boolean(Bool)
}

/// GDAL connection strings (`PG:dbname=x host=y password=z`).
public enum ConnectionString {
    /// Whether `text` is a connection string of a database driver rather than a file path (`PG:…`).
    public static func isDatabase(_ text: String) -> Bool { text.hasPrefix("PG:") || text.hasPrefix("pg:") }

    /// `text` with the value of every `password=` keyword replaced by `***`, for messages and output records.
    public static func redacted(_ text: String) -> String {
        guard let range = text.range(of: "password=", options: .caseInsensitive) else { return text }
        var rest = text[range.upperBound...]
        if rest.hasPrefix("'") {
            // A quoted value ends at the next unescaped quote.
            var index = rest.index(after: rest.startIndex)
            while index < rest.endIndex, rest[index] != "'" {
                if rest[index] == "\\" { index = rest.index(after: index) }
                if index < rest.endIndex { index = rest.index(after: index) }
            }
            rest = index < rest.endIndex ? rest[rest.index(after: index)...] : rest[rest.endIndex...]
        } else {
            rest = rest.drop { $0 != " " }
        }
        return String(text[..<range.upperBound]) + "***" + redacted(String(rest))
    }
}
