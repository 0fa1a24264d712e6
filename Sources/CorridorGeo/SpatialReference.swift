import CGDAL

/// An owned OGRSpatialReferenceH, always in traditional GIS axis order (lon/lat, easting/northing).
final class SpatialReference {
    let handle: OGRSpatialReferenceH

    /// Parses "EPSG:4326", PROJ strings, WKT, "OGC:CRS84", ... (anything OSRSetFromUserInput accepts).
    init(definition: String) throws(GeoError) {
        GDALRuntime.ensureReady()
        guard let srs = OSRNewSpatialReference(nil) else {
            throw .invalidCRS(definition: definition, reason: "cannot allocate spatial reference")
        }
        let status = GDALRuntime.capturing { messages in
            (OSRSetFromUserInput(srs, definition), messages.reason(or: "not a recognised CRS definition"))
        }
        guard status.0 == OGRERR_NONE else {
            OSRRelease(srs)
            throw .invalidCRS(definition: definition, reason: status.1)
        }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        handle = srs
    }

    /// A traditional-order clone of a borrowed handle (e.g. a layer's SRS).
    init?(cloning borrowed: OGRSpatialReferenceH?) {
        guard let borrowed, let clone = OSRClone(borrowed) else { return nil }
        OSRSetAxisMappingStrategy(clone, OAMS_TRADITIONAL_GIS_ORDER)
        handle = clone
    }

    deinit { OSRRelease(handle) }

    static func wgs84() -> SpatialReference {
        // EPSG:4326 is always in PROJ's database; failure here means a broken installation.
        do { return try SpatialReference(definition: "EPSG:4326") } catch {
            fatalError("PROJ database unusable: \(error)")
        }
    }

    /// True when data in this CRS is already WGS84 lon/lat degrees, so no transform is needed.
    func isWGS84LonLat(_ wgs84: SpatialReference) -> Bool {
        guard OSRIsGeographic(handle) != 0 else { return false }
        // With the traditional mapping strategy data is lon/lat whatever the CRS's declared axis order
        // (EPSG:4326 lat/lon, OGC:CRS84 lon/lat), so axis order and data-axis mapping are ignored here.
        let options = ["CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", "IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES"]
        return withConstCStringList(options) { options in
            OSRIsSameEx(handle, wgs84.handle, options) != 0
        }
    }

    var info: CRSInfo { CRSInfo(borrowed: handle) }
}

extension CRSInfo {
    init(borrowed srs: OGRSpatialReferenceH) {
        let name = OSRGetName(srs).map { String(cString: $0) } ?? "unknown"
        var authority: String?
        if let authName = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) {
            authority = "\(String(cString: authName)):\(String(cString: code))"
        } else if let clone = OSRClone(srs) {
            // e.g. a Shapefile .prj in ESRI WKT carries no authority; identify it against the EPSG database.
            _ = GDALRuntime.capturing { _ in OSRAutoIdentifyEPSG(clone) }
            if let authName = OSRGetAuthorityName(clone, nil), let code = OSRGetAuthorityCode(clone, nil) {
                authority = "\(String(cString: authName)):\(String(cString: code))"
            }
            OSRRelease(clone)
        }
        var wktPointer: UnsafeMutablePointer<CChar>?
        let wkt = withConstCStringList(["FORMAT=WKT2_2019"]) { options -> String in
            guard OSRExportToWktEx(srs, &wktPointer, options) == OGRERR_NONE else {
                VSIFree(wktPointer)
                return ""
            }
            return takeCPLString(wktPointer) ?? ""
        }
        self.init(name: name, authority: authority, wkt: wkt, isGeographic: OSRIsGeographic(srs) != 0)
    }
}

/// A reusable coordinate transform (PROJ via OGR), normalized to lon/lat / easting/northing order.
/// Not Sendable: PROJ transformation objects must not be shared between threads; make one per thread.
public final class CoordinateTransform {
    private let handle: OGRCoordinateTransformationH
    private let source: SpatialReference
    private let target: SpatialReference

    /// - Parameters: `from`, `to`: "EPSG:4326", "EPSG:32652", PROJ strings "+proj=laea +lat_0=45 +lon_0=130", WKT.
    public convenience init(from: String, to: String) throws(GeoError) {
        let source = try SpatialReference(definition: from)
        let target = try SpatialReference(definition: to)
        try self.init(source: source, target: target)
    }

    init(source: SpatialReference, target: SpatialReference) throws(GeoError) {
        let created = GDALRuntime.capturing { messages in
            (OCTNewCoordinateTransformation(source.handle, target.handle), messages.reason(or: "no transformation found"))
        }
        guard let ct = created.0 else { throw .transformFailed(reason: created.1) }
        self.handle = ct
        self.source = source
        self.target = target
    }

    deinit { OCTDestroyCoordinateTransformation(handle) }

    /// nil if the point cannot be transformed (outside the projection's domain, non-finite result).
    public func forward(_ x: Double, _ y: Double) -> (x: Double, y: Double)? {
        var px = x, py = y
        let ok = GDALRuntime.capturing { _ in OCTTransform(handle, 1, &px, &py, nil) }
        guard ok != 0, px.isFinite, py.isFinite else { return nil }
        return (px, py)
    }

    /// Batch form (lon = x, lat = y of the source CRS); nil if any point fails.
    public func forward(_ points: [LonLat]) -> [(x: Double, y: Double)]? {
        if points.isEmpty { return [] }
        var xs = points.map(\.lon)
        var ys = points.map(\.lat)
        guard transformInPlace(&xs, &ys) else { return nil }
        return (0..<points.count).map { (xs[$0], ys[$0]) }
    }

    /// Transforms coordinate arrays in place; false if any point failed or came out non-finite.
    func transformInPlace(_ xs: inout [Double], _ ys: inout [Double]) -> Bool {
        let count = Int32(xs.count)
        let ok = xs.withUnsafeMutableBufferPointer { xb in
            ys.withUnsafeMutableBufferPointer { yb in
                GDALRuntime.capturing { _ in OCTTransform(handle, count, xb.baseAddress, yb.baseAddress, nil) }
            }
        }
        guard ok != 0 else { return false }
        for i in 0..<xs.count where !(xs[i].isFinite && ys[i].isFinite) { return false }
        return true
    }

    /// Raw form used in the feature loop (caller already captures errors).
    func transform(count: Int, _ xs: UnsafeMutablePointer<Double>, _ ys: UnsafeMutablePointer<Double>) -> Bool {
        OCTTransform(handle, Int32(count), xs, ys, nil) != 0
    }
}
