import CorridorCore
import CorridorGeo
import CorridorGraph
import Foundation

/// Errors reading or writing a `.corridor` network cache.
public enum CacheError: CorridorError, Sendable, Equatable {
    /// The file does not start with the cache's magic bytes.
    case notACorridorFile(path: String)
    /// The file's format version is not the one this build reads.
    case unsupportedVersion(path: String, found: UInt32, expected: UInt32)
    /// The file is shorter than its contents require (sizes in bytes).
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The stored checksum does not match the contents.
    case checksumMismatch(path: String)
    /// The contents are inconsistent; the reason says how.
    case corrupt(path: String, reason: String)
    /// Reading or writing the file failed.
    case io(path: String, reason: String)

    /// A one-line message for the error, naming the file.
    public var description: String {
        switch self {
        case let .notACorridorFile(path): return "not a Corridor network cache (bad magic): \(path)"
        case let .unsupportedVersion(path, found, expected):
            return "network cache format version \(found) is not supported (expected \(expected); rebuild it with `corridor build`): \(path)"
        case let .truncated(path, expected, actual):
            return "network cache is truncated (\(actual) of \(expected) bytes): \(path)"
        case let .checksumMismatch(path): return "network cache is corrupted (checksum mismatch): \(path)"
        case let .corrupt(path, reason): return "network cache is corrupted (\(reason)): \(path)"
        case let .io(path, reason): return "cannot access network cache (\(reason)): \(path)"
        }
    }

    /// Missing input (66) when the file cannot be read at all; bad data (65) for anything wrong inside it.
    public var exitStatus: ExitStatus {
        if case .io = self { return .noInput }
        return .dataError
    }
}

/// The versioned binary `.corridor` file: a built network (graph, attributes, geometry, places) that opens with a
/// single read instead of a rebuild.
///
/// Layout (little-endian): magic `CORRIDOR` (8 bytes), format version (UInt32), flags (UInt32, 0), payload length
/// (UInt64), payload checksum (UInt64), then the payload: a sequence of sections, each `length (UInt64)` followed by
/// the raw bytes of one array (numbers as stored in memory on little-endian machines; coordinates as lon, lat
/// Double pairs) or a UTF-8 JSON document for the small tables (strings, places, crossings, terminals, report, cost
/// model). The checksum is a four-lane 64-bit multiply–xor hash over the payload's 8-byte words, so corruption
/// anywhere is detected before any array is used.
public enum NetworkCache {
    /// Current format version; bump whenever the layout or the `Network` fields (or their meaning) change.
    /// 2: shared capacities are no longer split between layers (dual-gauge twins, crossing and transfer connectors).
    /// 3: four-lane checksum; coordinates stored as `LonLat` arrays.
    /// 4: low/high columns of capacity, time and fixed cost (`EdgeTable.edgeCapacityLow` ...).
    /// 5: polylines as `PolylineStore` bytes (fixed-point deltas, exact fallback); `edgeGeometryOffset` holds byte
    /// offsets into them.
    /// The edge columns and their order are `EdgeTable.visitColumns`'s: changing them changes this number.
    public static let formatVersion: UInt32 = 5
    static let magic: [UInt8] = Array("CORRIDOR".utf8)
    static let headerSize = 8 + 4 + 4 + 8 + 8

    // Coordinates are stored as raw `LonLat` memory: two Doubles, no padding.
    static let coordinateLayoutIsPlain: Void = precondition(MemoryLayout<LonLat>.size == 16 && MemoryLayout<LonLat>.stride == 16)

    /// Whether `path` looks like a cache file (by its first bytes), without reading it all.
    public static func isCacheFile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 8) else { return false }
        return Array(head) == magic
    }

    /// Writes `network` to `path` atomically.
    public static func write(_ network: Network, to path: String) throws {
        let payload = try self.payload(network)
        var file = Data(magic)
        appendUInt32(&file, formatVersion)
        appendUInt32(&file, 0)
        appendUInt64(&file, UInt64(payload.count))
        appendUInt64(&file, checksum(payload))
        file.append(payload)
        try AtomicFile.write(file, to: path)
    }

    /// The checksum a cache of `network` carries: the network's identity (equal for a network and the cache written
    /// from it, so a sweep on a manifest and one on its cache agree). O(size of the cache), in memory.
    public static func fingerprint(of network: Network) throws -> UInt64 {
        checksum(try payload(network))
    }

    /// The payload checksum stored in the header of the cache at `path` (reads 32 bytes; `read` verifies it).
    public static func storedChecksum(_ path: String) throws(CacheError) -> UInt64 {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .io(path: path, reason: "cannot open") }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: headerSize), head.count == headerSize, Array(head.prefix(8)) == magic else {
            throw .notACorridorFile(path: path)
        }
        let bytes = Array(head)
        var v: UInt64 = 0
        for i in (24..<32).reversed() { v = v << 8 | UInt64(bytes[i]) }
        return v
    }

    static func payload(_ network: Network) throws -> Data {
        _ = coordinateLayoutIsPlain
        var w = PayloadWriter()
        w.data.reserveCapacity(network.edgeCount * 160 + network.nodeCount * 24 + 1 << 16)
        let g = network.graph
        w.put(g.firstOut); w.put(g.head); w.put(g.tail); w.put(g.firstIn); w.put(g.inArcs)
        w.put(network.arcEdge); w.put(network.arcForward.map { $0 ? UInt8(1) : 0 })
        w.put(network.nodeLocation)
        w.put(network.nodeLayer.map(\.rawValue))
        var edges = network.edges
        try edges.visitColumns(&w)
        try w.putJSON(network.places.places)
        try w.putJSON(network.crossings)
        try w.putJSON(network.terminals)
        try w.putJSON(network.report)
        try w.putJSON(network.costModel)
        return w.data
    }

    /// Opens a cache file: each section is read with `pread` straight into the array that keeps it (one copy, no
    /// intermediate buffer), the checksum is accumulated on the way, and the structure is validated before a
    /// `Network` is returned. Magic, version and length are checked before anything large is allocated.
    public static func read(_ path: String) throws(CacheError) -> Network {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .io(path: path, reason: errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        var reader = SectionReader(fd: fd, path: path, fileSize: Int(info.st_size))
        guard reader.fileSize >= 8, try reader.headerMagic() == magic else { throw .notACorridorFile(path: path) }
        guard reader.fileSize >= headerSize else {
            throw .truncated(path: path, expectedBytes: headerSize, actualBytes: reader.fileSize)
        }
        let version = try reader.headerUInt32()
        guard version == formatVersion else { throw .unsupportedVersion(path: path, found: version, expected: formatVersion) }
        let flags = try reader.headerUInt32()
        guard flags == 0 else { throw .corrupt(path: path, reason: "unknown header flags \(flags)") }
        let payloadLength = try reader.headerUInt64()
        let expectedChecksum = try reader.headerUInt64()
        // Compared before any arithmetic on it: a flipped top bit must read as "truncated", not overflow.
        guard payloadLength <= UInt64(reader.fileSize - headerSize) else {
            let claimed = payloadLength > UInt64(Int.max - headerSize) ? Int.max : headerSize + Int(payloadLength)
            throw .truncated(path: path, expectedBytes: claimed, actualBytes: reader.fileSize)
        }
        let expectedTotal = headerSize + Int(payloadLength)
        guard reader.fileSize == expectedTotal else {
            throw .corrupt(path: path, reason: "\(reader.fileSize - expectedTotal) trailing bytes")
        }
        reader.hasher = PayloadHasher(payloadLength: Int(payloadLength))
        reader.expectedChecksum = expectedChecksum
        return try decode(&reader)
    }

    private static func decode(_ r: inout SectionReader) throws(CacheError) -> Network {
        _ = coordinateLayoutIsPlain
        let firstOut: [UInt32] = try r.array(), head: [UInt32] = try r.array(), tail: [UInt32] = try r.array()
        let firstIn: [UInt32] = try r.array(), inArcs: [UInt32] = try r.array()
        let arcEdge: [UInt32] = try r.array()
        let arcForward: [UInt8] = try r.array()
        let nodeLocation: [LonLat] = try r.array()
        let nodeLayerRaw: [UInt8] = try r.array()
        var edges = EdgeTable()
        try edges.visitColumns(&r)
        let places: [Place] = try r.json()
        let crossings: [CrossingInfo] = try r.json()
        let terminals: [TerminalInfo] = try r.json()
        let report: BuildReport = try r.json()
        let costModel: CostModel = try r.json()
        // All sections are read: verify the checksum before trusting any of them.
        guard r.offset == r.fileSize else { throw .corrupt(path: r.path, reason: "unread payload bytes") }
        guard r.hasher.finish() == r.expectedChecksum else { throw .checksumMismatch(path: r.path) }

        // Structural validation: every id in range, so a crafted file can never crash a query.
        let nodeCount = nodeLocation.count
        let edgeCount = edges.count
        let arcCount = head.count
        let path = r.path
        func check(_ ok: Bool, _ what: String) throws(CacheError) { if !ok { throw .corrupt(path: path, reason: what) } }
        try check(firstOut.count == nodeCount + 1 && firstIn.count == nodeCount + 1, "node arrays disagree")
        try check(tail.count == arcCount && inArcs.count == arcCount && arcEdge.count == arcCount && arcForward.count == arcCount, "arc arrays disagree")
        try check(firstOut.last.map { Int($0) == arcCount } ?? false && firstIn.last.map { Int($0) == arcCount } ?? false, "bad adjacency bounds")
        try check(nonDecreasing(firstOut), "adjacency not monotone")
        try check(nonDecreasing(firstIn), "reverse adjacency not monotone")
        try check(allBelow(head, nodeCount) && allBelow(tail, nodeCount), "arc endpoint out of range")
        try check(allBelow(inArcs, arcCount) && allBelow(arcEdge, edgeCount), "arc id out of range")
        try check(tailsMatchAdjacency(firstOut, tail), "tail mismatch")
        var validator = ColumnValidator(path: path, nodeCount: nodeCount, edgeCount: edgeCount,
                                        stringCount: edges.strings.count, geometryCount: edges.polylines.bytes.count)
        try edges.visitColumns(&validator)
        try check(nodeLayerRaw.count == nodeCount, "node layer count")
        guard let nodeLayer = decodeEnum(nodeLayerRaw, as: NetworkLayer.self) else {
            throw .corrupt(path: path, reason: "unknown enumeration value")
        }
        for c in crossings { try check(c.edges.allSatisfy { Int($0) < edgeCount }, "crossing edge out of range") }
        for t in terminals { try check(t.edges.allSatisfy { Int($0) < edgeCount }, "terminal edge out of range") }
        try validateValues(path: path, edges: edges, nodeLocation: nodeLocation, places: places, crossings: crossings,
                           terminals: terminals, costModel: costModel)

        edges.codeColumns()
        // The stored tail and reverse adjacency are checked above but not kept: the graph derives them from
        // `firstOut` and `head` if a query needs them (retained memory; see `CSRGraph`).
        let graph = CSRGraph(validatedFirstOut: firstOut, head: head)
        return Network(graph: graph, arcEdge: arcEdge, arcForward: decodeBools(arcForward), nodeLocation: nodeLocation,
                       nodeLayer: nodeLayer, edges: edges, places: Gazetteer(places: places), crossings: crossings,
                       terminals: terminals, report: report, costModel: costModel)
    }

    /// Value validation, after the structure: a file with a valid checksum can still be crafted (or written by a
    /// bug) with NaN, infinite or negative lengths, speeds, times, costs or capacities, or coordinates off the
    /// globe; the analyses assume none of these, so they are refused here (with the column named) rather than
    /// crashing a query later. Ranges are those of `InputRules`.
    static func validateValues(path: String, edges: EdgeTable, nodeLocation: [LonLat], places: [Place],
                               crossings: [CrossingInfo], terminals: [TerminalInfo], costModel: CostModel) throws(CacheError) {
        let maxTimeSeconds = 1e12
        func fail(_ what: String, _ index: Int, _ value: String) -> CacheError {
            .corrupt(path: path, reason: "\(what) \(index) is \(value)")
        }
        func nonNegative(_ values: some Collection<Double>, _ what: String, upTo limit: Double = .greatestFiniteMagnitude) throws(CacheError) {
            for (i, x) in values.enumerated() where !(x >= 0 && x <= limit) { throw fail(what, i, NumberRule.show(x)) }
        }
        let maxCapacity = Int64(InputRules.capacityTonnesPerDay.range.upperBound)
        // Lengths and times are summed and rounded to whole metres/seconds by the analyses (route overlap,
        // build-up), so a finite but huge value would overflow there: lengths are held to the distance rule's
        // 10^6 km, times to 10^12 s (far beyond any length at any allowed speed, far below Int64 sums).
        try nonNegative(edges.edgeLengthMeters, "length of edge", upTo: InputRules.distanceMeters.range.upperBound)
        try nonNegative(edges.edgeSpeedKmh, "speed of edge", upTo: InputRules.speedKmh.range.upperBound)
        try nonNegative(edges.edgeTimeSeconds.array, "time of edge", upTo: maxTimeSeconds)
        try nonNegative(edges.edgeFixedCost, "fixed cost of edge", upTo: InputRules.cost.range.upperBound)
        try nonNegative(edges.edgeCapacityLow, "low capacity of edge", upTo: Double(maxCapacity))
        try nonNegative(edges.edgeCapacityHigh, "high capacity of edge", upTo: Double(maxCapacity))
        try nonNegative(edges.edgeTimeLowSeconds, "low time of edge", upTo: maxTimeSeconds)
        try nonNegative(edges.edgeTimeHighSeconds, "high time of edge", upTo: maxTimeSeconds)
        try nonNegative(edges.edgeFixedCostLow, "low fixed cost of edge", upTo: InputRules.cost.range.upperBound)
        try nonNegative(edges.edgeFixedCostHigh, "high fixed cost of edge", upTo: InputRules.cost.range.upperBound)
        for (i, c) in edges.edgeCapacityTonnesPerDay.enumerated() where !(0...maxCapacity).contains(c) {
            throw fail("capacity of edge", i, String(c))
        }
        func onGlobe(_ p: LonLat) -> Bool { abs(p.lon) <= 180 && abs(p.lat) <= 90 }  // false for NaN
        for (i, p) in nodeLocation.enumerated() where !onGlobe(p) { throw fail("location of node", i, "\(p.lon), \(p.lat)") }
        var pointIndex = 0
        for e in 0..<edges.count {
            guard let points = edges.polylines.decodedPoints(e) else { throw fail("geometry of edge", e, "malformed") }
            for p in points {
                if !onGlobe(p) { throw fail("geometry point", pointIndex, "\(p.lon), \(p.lat)") }
                pointIndex += 1
            }
        }
        for (i, p) in places.enumerated() where !onGlobe(p.location) { throw fail("location of place", i, p.name) }
        for (i, c) in crossings.enumerated() where !(onGlobe(c.location) && (0...maxCapacity).contains(c.capacityTonnesPerDay)
                                                     && c.delaySeconds >= 0 && c.delaySeconds.isFinite && c.cost >= 0 && c.cost.isFinite) {
            throw fail("crossing", i, "out of range (\(c.name))")
        }
        for (i, t) in terminals.enumerated() where !(onGlobe(t.location) && (0...maxCapacity).contains(t.capacityTonnesPerDay)
                                                     && t.delaySeconds >= 0 && t.delaySeconds.isFinite && t.cost >= 0 && t.cost.isFinite) {
            throw fail("terminal", i, "out of range (\(t.place))")
        }
        let rates = [costModel.perKmRoad, costModel.perKmRail] + costModel.perKmByClass.values.sorted()
        for (i, r) in rates.enumerated() where !(r >= 0 && r <= InputRules.cost.range.upperBound) {
            throw fail("cost rate", i, NumberRule.show(r))
        }
    }

    /// `file` with its header's payload length and checksum recomputed for the bytes after the header, as a
    /// crafted file would carry them (for the fuzzer and tests of what lies behind the checksum). A file shorter
    /// than the header is returned as is.
    package static func resealed(_ file: [UInt8]) -> [UInt8] {
        guard file.count >= headerSize else { return file }
        var out = file
        let payload = Array(file[headerSize...])
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { out.replaceSubrange(16..<24, with: $0) }
        withUnsafeBytes(of: checksum(payload).littleEndian) { out.replaceSubrange(24..<32, with: $0) }
        return out
    }

    /// Raw values to enum cases in one pass into a preallocated array; nil if any value is not a case.
    static func decodeEnum<E: RawRepresentable>(_ raw: [UInt8], as: E.Type) -> [E]? where E.RawValue == UInt8 {
        var valid = true
        let cases = [E](unsafeUninitializedCapacity: raw.count) { buffer, initialized in
            raw.withUnsafeBufferPointer { src in
                for i in 0..<src.count {
                    guard let value = E(rawValue: src[i]) else { valid = false; break }
                    (buffer.baseAddress! + i).initialize(to: value)
                    initialized = i + 1
                }
            }
        }
        return valid ? cases : nil
    }

    /// Bytes to booleans (any non-zero byte is true), in one pass into a preallocated array.
    static func decodeBools(_ raw: [UInt8]) -> [Bool] {
        [Bool](unsafeUninitializedCapacity: raw.count) { buffer, initialized in
            raw.withUnsafeBufferPointer { src in
                for i in 0..<src.count { buffer[i] = src[i] != 0 }
            }
            initialized = raw.count
        }
    }

    /// Every element below `limit` (a max reduction the compiler vectorizes).
    static func allBelow(_ values: [UInt32], _ limit: Int) -> Bool {
        values.withUnsafeBufferPointer { b in
            var m: UInt32 = 0
            for v in b { m = max(m, v) }
            return b.isEmpty || Int(m) < limit
        }
    }

    /// Whether `values` never decreases.
    static func nonDecreasing(_ values: [UInt32]) -> Bool {
        values.withUnsafeBufferPointer { b in
            var ok = true
            if b.count > 1 { for i in 1..<b.count { ok = ok && b[i - 1] <= b[i] } }
            return ok
        }
    }

    /// Whether every arc in `firstOut[v] ..< firstOut[v+1]` has tail `v` (bounds already checked).
    static func tailsMatchAdjacency(_ firstOut: [UInt32], _ tail: [UInt32]) -> Bool {
        firstOut.withUnsafeBufferPointer { f in
            tail.withUnsafeBufferPointer { t in
                var ok = true
                for v in 0..<max(f.count - 1, 0) {
                    let lo = Int(f[v]), hi = Int(f[v + 1])
                    guard lo <= hi, hi <= t.count else { return false }
                    for a in lo..<hi { ok = ok && t[a] == UInt32(v) }
                }
                return ok
            }
        }
    }

    /// The payload checksum (see `PayloadHasher`).
    static func checksum<D: DataProtocol>(_ data: D) -> UInt64 where D: ContiguousBytes {
        var hasher = PayloadHasher(payloadLength: data.count)
        data.withUnsafeBytes { hasher.absorb($0) }
        return hasher.finish()
    }

    private static func appendUInt32(_ d: inout Data, _ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
    private static func appendUInt64(_ d: inout Data, _ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
}

/// Builds the payload: each section is `length (UInt64)` and the bytes of one array (or a JSON document), padded
/// to 8 bytes; as an `EdgeColumnVisitor`, it writes the edge table's columns.
private struct PayloadWriter: EdgeColumnVisitor {
    var data = Data()

    mutating func put<T>(_ array: [T]) {
        let byteCount = array.count * MemoryLayout<T>.stride
        withUnsafeBytes(of: UInt64(byteCount).littleEndian) { data.append(contentsOf: $0) }
        array.withUnsafeBytes { data.append(contentsOf: $0) }
        while data.count % 8 != 0 { data.append(0) }
    }

    mutating func putJSON<T: Encodable>(_ value: T) throws(CacheError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json: Data
        do { json = try encoder.encode(value) } catch { throw .io(path: "", reason: "cannot encode a table: \(error)") }
        put([UInt8](json))
    }

    mutating func numbers<T: Sendable>(_ column: inout Column<T>, _ name: String, _ constraint: ColumnConstraint) {
        put(column.array)
    }
    mutating func enums<E: RawRepresentable & Sendable>(_ column: inout Column<E>, _ name: String) where E.RawValue == UInt8 {
        put(column.map(\.rawValue))
    }
    mutating func bools(_ column: inout Column<Bool>, _ name: String) { put(column.map { $0 ? UInt8(1) : 0 }) }
    mutating func strings(_ column: inout Column<String>) throws(CacheError) { try putJSON(column.array) }
}

/// Checks every edge column against the counts and ranges its constraint names (see `ColumnConstraint`).
private struct ColumnValidator: EdgeColumnVisitor {
    let path: String, nodeCount: Int, edgeCount: Int, stringCount: Int, geometryCount: Int

    func fail(_ name: String, _ what: String) -> CacheError { .corrupt(path: path, reason: "\(name): \(what)") }

    mutating func numbers<T: Sendable>(_ column: inout Column<T>, _ name: String, _ constraint: ColumnConstraint) throws(CacheError) {
        switch constraint {
        case .geometryOffsets:
            guard let offsets = column.array as? [UInt32], offsets.count == edgeCount + 1, NetworkCache.nonDecreasing(offsets),
                  Int(offsets.last ?? 0) == geometryCount else { throw fail(name, "bad geometry offsets") }
            return
        case .points:
            return
        case .any, .node, .string, .edgeOrNone:
            break
        }
        guard column.count == edgeCount else { throw fail(name, "\(column.count) values for \(edgeCount) edges") }
        guard constraint != .any, let ids = column.array as? [UInt32] else { return }
        switch constraint {
        case .node: if !NetworkCache.allBelow(ids, nodeCount) { throw fail(name, "node id out of range") }
        case .string: if !NetworkCache.allBelow(ids, stringCount) { throw fail(name, "string index out of range") }
        case .edgeOrNone: if !ids.allSatisfy({ $0 == UInt32.max || Int($0) < edgeCount }) { throw fail(name, "edge id out of range") }
        case .any, .geometryOffsets, .points: break
        }
    }
    mutating func enums<E: RawRepresentable & Sendable>(_ column: inout Column<E>, _ name: String) throws(CacheError) where E.RawValue == UInt8 {
        guard column.count == edgeCount else { throw fail(name, "\(column.count) values for \(edgeCount) edges") }
    }
    mutating func bools(_ column: inout Column<Bool>, _ name: String) throws(CacheError) {
        guard column.count == edgeCount else { throw fail(name, "\(column.count) values for \(edgeCount) edges") }
    }
    mutating func strings(_ column: inout Column<String>) {}
}

/// The payload checksum: a four-lane 64-bit multiply–xor hash over little-endian 8-byte words. Words are assigned
/// to four independent lanes, so the multiplications overlap instead of forming one serial chain; the words after
/// the last full group of four, and a zero-padded tail, are folded in after the lanes are combined. Each lane is a
/// bijection of its words, so changing any word changes the result. Streaming: `absorb` takes the payload in any
/// pieces, in order.
struct PayloadHasher {
    static let prime: UInt64 = 0x0000_0100_0000_01B3
    private var lanes: (UInt64, UInt64, UInt64, UInt64)
    private var combined: UInt64 = 0
    private var wordIndex = 0
    private let laneWords: Int
    private var pending: UInt64 = 0
    private var pendingBytes = 0
    private var tailLength: Int

    init(payloadLength: Int) {
        lanes = (0x9E37_79B9_7F4A_7C15 ^ UInt64(payloadLength), 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x27D4_EB2F_1656_67C5)
        laneWords = (payloadLength / 8) / 4 * 4
        tailLength = payloadLength % 8
        if laneWords == 0 { combine() }
    }

    private mutating func combine() {
        var h = lanes.0
        for lane in [lanes.1, lanes.2, lanes.3] { h = (h ^ lane) &* PayloadHasher.prime; h ^= h >> 29 }
        combined = h
    }

    @inline(__always) private mutating func word(_ w: UInt64) {
        if wordIndex < laneWords {
            switch wordIndex & 3 {
            case 0: lanes.0 = (lanes.0 ^ w) &* PayloadHasher.prime; lanes.0 ^= lanes.0 >> 29
            case 1: lanes.1 = (lanes.1 ^ w) &* PayloadHasher.prime; lanes.1 ^= lanes.1 >> 29
            case 2: lanes.2 = (lanes.2 ^ w) &* PayloadHasher.prime; lanes.2 ^= lanes.2 >> 29
            default: lanes.3 = (lanes.3 ^ w) &* PayloadHasher.prime; lanes.3 ^= lanes.3 >> 29
            }
            wordIndex += 1
            if wordIndex == laneWords { combine() }
        } else {
            combined = (combined ^ w) &* PayloadHasher.prime
            combined ^= combined >> 29
            wordIndex += 1
        }
    }

    mutating func absorb(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        // Complete a word left over from the previous piece.
        while pendingBytes > 0 && pendingBytes < 8 && i < bytes.count {
            pending |= UInt64(bytes[i]) << (UInt64(pendingBytes) * 8)
            pendingBytes += 1
            i += 1
        }
        if pendingBytes == 8 { word(pending); pending = 0; pendingBytes = 0 }
        // Whole groups of four words while still in the lanes (the hot path), then single words.
        while wordIndex & 3 != 0 && wordIndex < laneWords && i + 8 <= bytes.count {
            word(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)); i += 8
        }
        let prime = PayloadHasher.prime
        var (a, b, c, d) = lanes
        var index = wordIndex
        while index + 4 <= laneWords && i + 32 <= bytes.count {
            a = (a ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime; a ^= a >> 29
            b = (b ^ bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* prime; b ^= b >> 29
            c = (c ^ bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* prime; c ^= c >> 29
            d = (d ^ bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* prime; d ^= d >> 29
            index += 4
            i += 32
        }
        if index != wordIndex {
            lanes = (a, b, c, d)
            wordIndex = index
            if wordIndex == laneWords { combine() }
        }
        while i + 8 <= bytes.count { word(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)); i += 8 }
        while i < bytes.count {
            pending |= UInt64(bytes[i]) << (UInt64(pendingBytes) * 8)
            pendingBytes += 1
            i += 1
        }
    }

    /// The checksum of everything absorbed (which must be the whole payload).
    func finish() -> UInt64 {
        var h = combined
        if tailLength > 0 || pendingBytes > 0 { h = (h ^ pending) &* PayloadHasher.prime }
        return h ^ (h >> 32)
    }
}

/// Reads the cache file section by section with `pread`, straight into the arrays that keep the data, hashing the
/// payload as it goes; bounds problems become `CacheError`.
private struct SectionReader {
    let fd: Int32
    let path: String
    let fileSize: Int
    var offset = 0
    var hasher = PayloadHasher(payloadLength: 0)
    var expectedChecksum: UInt64 = 0

    init(fd: Int32, path: String, fileSize: Int) {
        self.fd = fd
        self.path = path
        self.fileSize = fileSize
    }

    /// Reads exactly `buffer.count` bytes at the current offset.
    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer, hashed: Bool) throws(CacheError) {
        guard offset + buffer.count <= fileSize else {
            throw .truncated(path: path, expectedBytes: offset + buffer.count, actualBytes: fileSize)
        }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .io(path: path, reason: n == 0 ? "unexpected end of file" : String(cString: strerror(errno))) }
            done += n
        }
        offset += buffer.count
        if hashed { hasher.absorb(UnsafeRawBufferPointer(buffer)) }
    }

    /// Reads the raw bytes of `value` from the file.
    mutating func read<V>(into value: inout V, hashed: Bool) throws(CacheError) {
        var failure: CacheError?
        withUnsafeMutableBytes(of: &value) { b in
            do throws(CacheError) { try fill(b, hashed: hashed) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// The first 8 bytes of the file.
    mutating func headerMagic() throws(CacheError) -> [UInt8] {
        var magic: UInt64 = 0
        try read(into: &magic, hashed: false)
        return withUnsafeBytes(of: &magic) { Array($0) }
    }
    mutating func headerUInt32() throws(CacheError) -> UInt32 {
        var v: UInt32 = 0
        try read(into: &v, hashed: false)
        return UInt32(littleEndian: v)
    }
    mutating func headerUInt64() throws(CacheError) -> UInt64 {
        var v: UInt64 = 0
        try read(into: &v, hashed: false)
        return UInt64(littleEndian: v)
    }

    /// The length of the next section (hashed), checked against what is left of the file.
    mutating func sectionLength() throws(CacheError) -> Int {
        var v: UInt64 = 0
        try read(into: &v, hashed: true)
        let length = UInt64(littleEndian: v)
        guard length <= UInt64(fileSize - offset) else {
            // `read` has checked that the file has the length its header declares, so a section running past the
            // end is damage inside: hash the rest to tell a flipped byte (checksum mismatch) from a file written wrong.
            var rest = [UInt8](repeating: 0, count: fileSize - offset)
            var failure: CacheError?
            rest.withUnsafeMutableBytes { b in
                do throws(CacheError) { try fill(b, hashed: true) } catch { failure = error }
            }
            if let failure { throw failure }
            if hasher.finish() != expectedChecksum { throw .checksumMismatch(path: path) }
            throw .corrupt(path: path, reason: "a section of \(length) bytes runs past the end of the file")
        }
        return Int(length)
    }

    /// Skips (and hashes) the zero padding that aligns the next section to 8 bytes.
    mutating func padding() throws(CacheError) {
        let pad = (8 - offset % 8) % 8
        if pad == 0 { return }
        var zeros = [UInt8](repeating: 0, count: pad)
        var failure: CacheError?
        zeros.withUnsafeMutableBytes { b in
            do throws(CacheError) { try fill(b, hashed: true) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    mutating func array<T>() throws(CacheError) -> [T] {
        let length = try sectionLength()
        let stride = MemoryLayout<T>.stride
        guard length % stride == 0 else {
            throw .corrupt(path: path, reason: "array section of \(length) bytes is not a multiple of \(stride)")
        }
        let count = length / stride
        var failure: CacheError?
        let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(CacheError) { try fill(UnsafeMutableRawBufferPointer(buffer), hashed: true) } catch { failure = error }
            // Plain numbers: any bytes are a valid value, so the buffer counts as initialized either way.
            initialized = count
        }
        if let failure { throw failure }
        try padding()
        return array
    }

    mutating func json<T: Decodable>() throws(CacheError) -> T {
        let bytes: [UInt8] = try array()
        do { return try JSONDecoder().decode(T.self, from: Data(bytes)) } catch {
            throw .corrupt(path: path, reason: "table: \(error)")
        }
    }
}

/// Reading the edge table's columns from the file.
extension SectionReader: EdgeColumnVisitor {
    mutating func numbers<T: Sendable>(_ column: inout Column<T>, _ name: String, _ constraint: ColumnConstraint) throws(CacheError) {
        column = Column(try array())
    }
    mutating func enums<E: RawRepresentable & Sendable>(_ column: inout Column<E>, _ name: String) throws(CacheError) where E.RawValue == UInt8 {
        let raw: [UInt8] = try array()
        guard let values = NetworkCache.decodeEnum(raw, as: E.self) else {
            throw .corrupt(path: path, reason: "\(name): unknown enumeration value")
        }
        column = Column(values)
    }
    mutating func bools(_ column: inout Column<Bool>, _ name: String) throws(CacheError) {
        column = Column(NetworkCache.decodeBools(try array()))
    }
    mutating func strings(_ column: inout Column<String>) throws(CacheError) {
        let values: [String] = try json()
        column = Column(values)
    }
}
