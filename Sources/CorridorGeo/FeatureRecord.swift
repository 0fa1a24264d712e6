import CGDAL

/// One feature during iteration. Attribute accessors by field index (as in `LayerInfo.fields`) and by name.
/// The same record is reused for every feature of an iteration and is only valid inside the callback.
public final class FeatureRecord {
    /// OGR feature id of the current feature.
    public internal(set) var fid: Int64 = -1
    /// Geometry type of the current feature.
    public internal(set) var kind: GeometryKind = .none
    /// Line parts for LineString/MultiLineString (one part per line), points for Point/MultiPoint (each a 1-vertex
    /// part), polygon rings for Polygon/MultiPolygon (see `polygons`). WGS84 lon/lat.
    public internal(set) var parts: [[LonLat]] = []
    /// For Polygon/MultiPolygon: polygons as [outer ring, holes...].
    public internal(set) var polygons: [[[LonLat]]] = []
    /// The layer's attribute schema (index = field number for the accessors).
    public let fields: [FieldDefinition]
    /// Path of the data source the feature comes from.
    public let path: String
    /// Name of the layer the feature comes from.
    public let layer: String

    private let fieldIndexByLowercasedName: [String: Int]
    private let transform: CoordinateTransform?
    private var feature: OGRFeatureH?
    private var partCount = 0
    /// Ranges of `parts` that make up each polygon, rebuilt per feature.
    private var polygonRings: [Range<Int>] = []
    private var scratchX: [Double] = []
    private var scratchY: [Double] = []

    /// LonLat must be two packed Doubles for OGR_G_GetPoints to fill it in place; checked once.
    private static let lonLatIsPacked =
        MemoryLayout<LonLat>.stride == 16 && MemoryLayout<LonLat>.offset(of: \.lon) == 0
        && MemoryLayout<LonLat>.offset(of: \.lat) == 8

    init(path: String, layer: String, fields: [FieldDefinition], transform: CoordinateTransform?) {
        self.path = path
        self.layer = layer
        self.fields = fields
        self.transform = transform
        var byName: [String: Int] = [:]
        for (index, field) in fields.enumerated() where byName[field.name.lowercased()] == nil {
            byName[field.name.lowercased()] = index
        }
        fieldIndexByLowercasedName = byName
    }

    // MARK: attributes

    /// Index of the field called `name` (case-insensitive, first match), or nil if the layer has none.
    public func fieldIndex(_ name: String) -> Int? { fieldIndexByLowercasedName[name.lowercased()] }

    private func liveFeature(_ field: Int) -> OGRFeatureH? {
        guard let feature, field >= 0, field < fields.count else { return nil }
        return feature
    }

    /// Whether field `field` is unset or null (true also for an index out of range).
    public func isNull(_ field: Int) -> Bool {
        guard let feature = liveFeature(field) else { return true }
        return OGR_F_IsFieldSetAndNotNull(feature, Int32(field)) == 0
    }

    /// Any field type as text; nil if unset/null. Reals print as the shortest round-tripping decimal ("90.5",
    /// integral values without ".0").
    public func string(_ field: Int) -> String? {
        guard let feature = liveFeature(field), OGR_F_IsFieldSetAndNotNull(feature, Int32(field)) != 0 else {
            return nil
        }
        if fields[field].type == .real {
            // GDAL pads reals to the field's declared precision ("90.500000000000000"); print the value instead.
            let value = OGR_F_GetFieldAsDouble(feature, Int32(field))
            if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        }
        return String(cString: OGR_F_GetFieldAsString(feature, Int32(field)))
    }

    /// Text of a field without leading and trailing whitespace, or nil if unset, null or empty after trimming.
    /// Equal to `string(field)` trimmed with Foundation's `CharacterSet.whitespaces` (space, tab, U+00A0, U+1680,
    /// U+2000–U+200B, U+202F, U+205F, U+3000), but trims the C string's bytes before making a `String`, without
    /// bridging through NSString: this is the per-feature hot path of the profiles.
    public func trimmedText(_ field: Int) -> String? {
        guard let feature = liveFeature(field), OGR_F_IsFieldSetAndNotNull(feature, Int32(field)) != 0 else {
            return nil
        }
        if fields[field].type == .real { return string(field).flatMap(Self.trimmedNonEmpty) }
        guard let cString = OGR_F_GetFieldAsString(feature, Int32(field)) else { return nil }
        return cString.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes -> String? in
            var start = 0, end = 0
            while bytes[end] != 0 { end += 1 }
            // ASCII space and tab are single bytes in any (even invalid) UTF-8, so trimming them first is exact.
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            if start == end { return nil }
            let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self)
            // Non-ASCII whitespace at either end is rare: only then trim by scalars.
            if bytes[start] < 0x80 && bytes[end - 1] < 0x80 { return text }
            return Self.trimmedNonEmpty(text)
        }
    }

    /// `text` without leading and trailing `isTrimmedWhitespace` scalars, or nil if nothing is left.
    static func trimmedNonEmpty(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmedWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isTrimmedWhitespace($0) })
        else { return nil }
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Membership in Foundation's `CharacterSet.whitespaces` (checked against it for every BMP scalar by a test).
    @inline(__always)
    static func isTrimmedWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Integer value; text fields are parsed ("3", " 3 ", "3.0"); nil if unset or not an exact integer.
    public func int(_ field: Int) -> Int64? {
        guard let feature = liveFeature(field), OGR_F_IsFieldSetAndNotNull(feature, Int32(field)) != 0 else {
            return nil
        }
        switch fields[field].type {
        case .integer, .integer64: return OGR_F_GetFieldAsInteger64(feature, Int32(field))
        case .real: return Int64(exactly: OGR_F_GetFieldAsDouble(feature, Int32(field)))
        default:
            let text = String(cString: OGR_F_GetFieldAsString(feature, Int32(field))).trimmingSpaces
            if let value = Int64(text) { return value }
            return Double(text).flatMap { Int64(exactly: $0) }
        }
    }

    /// Numeric value; text fields are parsed; nil if unset/unparseable.
    public func double(_ field: Int) -> Double? {
        guard let feature = liveFeature(field), OGR_F_IsFieldSetAndNotNull(feature, Int32(field)) != 0 else {
            return nil
        }
        switch fields[field].type {
        case .integer, .integer64, .real: return OGR_F_GetFieldAsDouble(feature, Int32(field))
        default: return Double(String(cString: OGR_F_GetFieldAsString(feature, Int32(field))).trimmingSpaces)
        }
    }

    /// Field `name` as text (see `string(_:)` by index); nil if absent, unset or null.
    public func string(_ name: String) -> String? { fieldIndex(name).flatMap { string($0) } }
    /// Field `name` as an integer (see `int(_:)` by index); nil if absent, unset or not integral.
    public func int(_ name: String) -> Int64? { fieldIndex(name).flatMap { int($0) } }
    /// Field `name` as a number (see `double(_:)` by index); nil if absent, unset or unparseable.
    public func double(_ name: String) -> Double? { fieldIndex(name).flatMap { double($0) } }

    // MARK: loading

    func detach() { feature = nil }

    func load(_ feature: OGRFeatureH) throws(GeoError) {
        self.feature = feature
        fid = OGR_F_GetFID(feature)
        partCount = 0
        if !polygonRings.isEmpty { polygonRings.removeAll(keepingCapacity: true) }
        // Drop last feature's polygon copies first so `parts` buffers are uniquely owned again (no COW copies).
        if !polygons.isEmpty { polygons.removeAll(keepingCapacity: true) }
        // Work on a local array: one exclusivity-checked access per feature instead of one per vertex copy.
        var local: [[LonLat]] = []
        swap(&local, &parts)
        defer {
            if local.count > partCount { local.removeLast(local.count - partCount) }
            swap(&local, &parts)
        }
        if let geometry = OGR_F_GetGeometryRef(feature) {
            kind = try readGeometry(geometry, into: &local)
        } else {
            kind = .none
        }
        if !polygonRings.isEmpty { polygons = polygonRings.map { Array(local[$0]) } }
    }

    private func readGeometry(_ geometry: OGRGeometryH, into parts: inout [[LonLat]]) throws(GeoError) -> GeometryKind {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        switch type {
        case wkbPoint, wkbLineString:
            // Empty simple geometries have no points; checked via the count to save a virtual call.
            guard OGR_G_GetPointCount(geometry) > 0 else { return .empty }
            try appendPart(geometry, into: &parts)
            return type == wkbPoint ? .point : .lineString
        case wkbMultiPoint, wkbMultiLineString:
            for index in 0..<OGR_G_GetGeometryCount(geometry) {
                if let member = OGR_G_GetGeometryRef(geometry, index), OGR_G_GetPointCount(member) > 0 {
                    try appendPart(member, into: &parts)
                }
            }
            if partCount == 0 { return .empty }
            return type == wkbMultiPoint ? .multiPoint : .multiLineString
        case wkbPolygon:
            try appendPolygon(geometry, into: &parts)
            return partCount == 0 ? .empty : .polygon
        case wkbMultiPolygon:
            for index in 0..<OGR_G_GetGeometryCount(geometry) {
                if let member = OGR_G_GetGeometryRef(geometry, index) { try appendPolygon(member, into: &parts) }
            }
            return partCount == 0 ? .empty : .multiPolygon
        default:
            if OGR_G_IsEmpty(geometry) != 0 { return .empty }
            // Curves (CircularString, CompoundCurve, MultiCurve, CurvePolygon, ...) are read as their linear
            // approximation; anything else (collections, TIN, ...) is reported by name without coordinates.
            if OGR_GT_IsNonLinear(type) != 0, let linear = OGR_G_GetLinearGeometry(geometry, 0, nil) {
                defer { OGR_G_DestroyGeometry(linear) }
                let linearType = OGR_GT_Flatten(OGR_G_GetGeometryType(linear))
                if OGR_GT_IsNonLinear(linearType) == 0 { return try readGeometry(linear, into: &parts) }
            }
            return .other(String(cString: OGRGeometryTypeToName(type)))
        }
    }

    private func appendPolygon(_ polygon: OGRGeometryH, into parts: inout [[LonLat]]) throws(GeoError) {
        let first = partCount
        for ring in 0..<OGR_G_GetGeometryCount(polygon) {
            if let member = OGR_G_GetGeometryRef(polygon, ring), OGR_G_GetPointCount(member) > 0 {
                try appendPart(member, into: &parts)
            }
        }
        if partCount > first { polygonRings.append(first..<partCount) }
    }

    /// Copies the vertices of a simple geometry (point, line, ring) into `parts[partCount]`, reusing its buffer.
    private func appendPart(_ geometry: OGRGeometryH, into parts: inout [[LonLat]]) throws(GeoError) {
        let count = Int(OGR_G_GetPointCount(geometry))
        if partCount == parts.count { parts.append([]) }
        let index = partCount
        partCount += 1
        // Resize in place; a same-sized part (the common case: many 2-vertex edges) costs nothing.
        let old = parts[index].count
        if old < count {
            parts[index].append(contentsOf: repeatElement(LonLat(lon: 0, lat: 0), count: count - old))
        } else if old > count {
            parts[index].removeLast(old - count)
        }
        guard count > 0 else { return }
        let transform = self.transform
        let transformed: Bool = parts[index].withUnsafeMutableBufferPointer { buffer in
            if let transform {
                if scratchX.count < count {
                    scratchX = [Double](repeating: 0, count: count)
                    scratchY = [Double](repeating: 0, count: count)
                }
                return scratchX.withUnsafeMutableBufferPointer { xs in
                    scratchY.withUnsafeMutableBufferPointer { ys in
                        _ = OGR_G_GetPoints(geometry, xs.baseAddress, 8, ys.baseAddress, 8, nil, 0)
                        guard transform.transform(count: count, xs.baseAddress!, ys.baseAddress!) else { return false }
                        for i in 0..<count { buffer[i] = LonLat(lon: xs[i], lat: ys[i]) }
                        return true
                    }
                }
            } else if Self.lonLatIsPacked {
                let base = UnsafeMutableRawPointer(buffer.baseAddress!)
                _ = OGR_G_GetPoints(geometry, base, 16, base + 8, 16, nil, 0)
            } else {
                for i in 0..<count {
                    buffer[i] = LonLat(lon: OGR_G_GetX(geometry, Int32(i)), lat: OGR_G_GetY(geometry, Int32(i)))
                }
            }
            return true
        }
        guard transformed else {
            throw .invalidCoordinate(path: path, layer: layer, fid: fid, reason: "cannot transform to WGS84 lon/lat")
        }
        let bad: LonLat? = parts[index].withUnsafeBufferPointer { buffer in
            for point in buffer {
                // Written so NaN fails: comparisons with NaN are false.
                if !(abs(point.lon) <= 180 && abs(point.lat) <= 90) { return point }
            }
            return nil
        }
        if let bad {
            throw .invalidCoordinate(
                path: path, layer: layer, fid: fid,
                reason: "lon \(bad.lon), lat \(bad.lat) is not a finite WGS84 position (|lon| <= 180, |lat| <= 90)")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}
