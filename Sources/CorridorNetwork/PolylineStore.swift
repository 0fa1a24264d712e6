import CorridorGeo

/// The edges' polylines, stored compactly and exactly: per edge, the point count, then either the first point as
/// fixed-point degrees (two 32-bit integers, 10⁻⁷° ≈ 1 cm) and each further point as the zigzag varint difference
/// from the one before, or, when any point of the edge does not come back bit for bit from its fixed-point value
/// (more than seven decimals, −0.0, reprojected data), the points as raw Doubles. A two-point road piece costs
/// 13 bytes (was 32), and every point read back is the one appended.
///
/// Layout of one edge: varint `pointCount << 1 | raw`; raw: `pointCount` × (lon, lat) little-endian Doubles;
/// fixed: lon₀, lat₀ as little-endian Int32, then (Δlon, Δlat) zigzag varints for each further point.
/// `offsets[e] ..< offsets[e + 1]` are edge `e`'s bytes.
package struct PolylineStore: Sendable {
    /// Byte offset of each edge's encoding in `bytes`: edge count + 1 values, from 0.
    package var offsets: Column<UInt32> = [0]
    /// The encodings, concatenated.
    package var bytes: Column<UInt8> = []

    package init() {}

    /// Number of edges.
    package var count: Int { offsets.count - 1 }

    /// A store that shares this one's storage and appends after it (an overlay).
    package func extended() -> PolylineStore {
        var s = PolylineStore()
        s.offsets = Column(extending: offsets); s.bytes = Column(extending: bytes)
        return s
    }

    /// Reserves room for `edges` more polylines of `points` points in all (an estimate).
    package mutating func reserveCapacity(edges: Int, points: Int) {
        offsets.reserveCapacity(offsets.count + edges)
        bytes.reserveCapacity(bytes.count + edges * 10 + points * 4)
    }

    /// The fixed-point value of `x` when it converts back exactly (bit for bit), else nil.
    @inline(__always) static func fixed(_ x: Double) -> Int32? {
        let q = (x * 1e7).rounded()
        guard q.magnitude < 2_147_483_647 else { return nil }  // false for NaN too
        let i = Int32(q)
        return (Double(i) / 1e7).bitPattern == x.bitPattern ? i : nil
    }

    /// Appends the next edge's polyline. Encodes straight into `bytes` (a first pass tells fixed from raw): no
    /// per-edge arrays, which were two allocations for every edge of a build.
    package mutating func append<C: Collection>(_ points: C) where C.Element == LonLat {
        var raw = false
        for p in points where Self.fixed(p.lon) == nil || Self.fixed(p.lat) == nil {
            raw = true
            break
        }
        Self.putVarint(&bytes, UInt64(points.count) << 1 | (raw ? 1 : 0))
        if raw {
            for p in points {
                withUnsafeBytes(of: p.lon.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: p.lat.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        } else {
            var previous: (x: Int32, y: Int32)? = nil
            for p in points {
                // Both convert: checked by the first pass.
                let x = Self.fixed(p.lon)!, y = Self.fixed(p.lat)!
                if let q = previous {
                    Self.putVarint(&bytes, Self.zigzag(Int64(x) - Int64(q.x)))
                    Self.putVarint(&bytes, Self.zigzag(Int64(y) - Int64(q.y)))
                } else {
                    withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) }
                    withUnsafeBytes(of: y.littleEndian) { bytes.append(contentsOf: $0) }
                }
                previous = (x, y)
            }
        }
        precondition(bytes.count < Int(UInt32.max), "polyline bytes beyond 32-bit offsets")
        offsets.append(UInt32(bytes.count))
    }

    /// The polyline of edge `e`. O(points).
    package func points(_ e: Int) -> [LonLat] { decodedPoints(e) ?? [] }

    /// The polyline of edge `e`, or nil when its bytes are malformed or its offsets out of order (a crafted cache).
    package func decodedPoints(_ e: Int) -> [LonLat]? {
        let lo = Int(offsets[e]), hi = Int(offsets[e + 1])
        guard lo <= hi, hi <= bytes.count else { return nil }
        return bytes.contiguousSlice(lo..<hi).withUnsafeBufferPointer { Self.decode($0) }
    }

    /// Number of points of edge `e` (reads its first bytes only).
    package func pointCount(_ e: Int) -> Int {
        let range = Int(offsets[e])..<Int(offsets[e + 1])
        return bytes.contiguousSlice(range).withUnsafeBufferPointer { b -> Int in
            var i = 0
            return Self.varint(b, &i).map { Int($0 >> 1) } ?? 0
        }
    }

    /// Calls `body` with every point of every edge, in edge order. O(points).
    package func forEachPoint(_ body: (LonLat) -> Void) {
        // One buffer reused for every edge (`points(e)` allocates an array per edge); a malformed edge gives no
        // points, as `points(e)` does.
        var buffer: [LonLat] = []
        for e in 0..<count {
            let lo = Int(offsets[e]), hi = Int(offsets[e + 1])
            guard lo <= hi, hi <= bytes.count else { continue }
            let ok = bytes.contiguousSlice(lo..<hi).withUnsafeBufferPointer { Self.decode($0, into: &buffer) }
            if ok { for p in buffer { body(p) } }
        }
    }

    /// The points encoded in `b` (one edge), or nil when `b` is not exactly one well-formed encoding (a crafted
    /// cache; never for a store built by `append`).
    package static func decode(_ b: UnsafeBufferPointer<UInt8>) -> [LonLat]? {
        var out: [LonLat] = []
        return decode(b, into: &out) ? out : nil
    }

    /// Decodes like `decode(_:)` into `out` (emptied first, its capacity kept): false (and `out` unspecified) when
    /// `b` is not exactly one well-formed encoding.
    package static func decode(_ b: UnsafeBufferPointer<UInt8>, into out: inout [LonLat]) -> Bool {
        out.removeAll(keepingCapacity: true)
        var i = 0
        guard let header = varint(b, &i) else { return false }
        let n = header >> 1
        guard n <= UInt64(b.count) else { return false }
        out.reserveCapacity(Int(n))
        if header & 1 == 1 {
            guard UInt64(b.count - i) == n * 16 else { return false }
            for k in 0..<Int(n) {
                let lon = Double(bitPattern: UInt64(littleEndian: load64(b, i + 16 * k)))
                let lat = Double(bitPattern: UInt64(littleEndian: load64(b, i + 16 * k + 8)))
                out.append(LonLat(lon: lon, lat: lat))
            }
            return true
        }
        if n == 0 { return i == b.count }
        guard b.count - i >= 8 else { return false }
        var x = Int64(Int32(bitPattern: UInt32(littleEndian: load32(b, i))))
        var y = Int64(Int32(bitPattern: UInt32(littleEndian: load32(b, i + 4))))
        i += 8
        out.append(LonLat(lon: Double(Int32(x)) / 1e7, lat: Double(Int32(y)) / 1e7))
        for _ in 1..<Int(n) {
            guard let dx = varint(b, &i), let dy = varint(b, &i) else { return false }
            x &+= unzigzag(dx); y &+= unzigzag(dy)
            guard let xi = Int32(exactly: x), let yi = Int32(exactly: y) else { return false }
            out.append(LonLat(lon: Double(xi) / 1e7, lat: Double(yi) / 1e7))
        }
        return i == b.count
    }

    @inline(__always) static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }
    @inline(__always) static func unzigzag(_ u: UInt64) -> Int64 { Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1) }

    @inline(__always) static func putVarint(_ out: inout Column<UInt8>, _ value: UInt64) {
        var v = value
        while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    /// Reads a varint at `i` (advancing it); nil past the end or beyond 64 bits.
    @inline(__always) static func varint(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt64? {
        var v: UInt64 = 0, shift: UInt64 = 0
        while i < b.count {
            let byte = b[i]; i += 1
            guard shift < 64 else { return nil }
            v |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return v }
            shift += 7
        }
        return nil
    }

    @inline(__always) private static func load32(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        UnsafeRawBufferPointer(b).loadUnaligned(fromByteOffset: i, as: UInt32.self)
    }
    @inline(__always) private static func load64(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        UnsafeRawBufferPointer(b).loadUnaligned(fromByteOffset: i, as: UInt64.self)
    }
}
