import CorridorGeo
import CorridorGraph
import Foundation

/// Errors reading or writing a `.corridor` network cache.
public enum CacheError: Error, Sendable, Equatable, CustomStringConvertible {
    case notACorridorFile(path: String)
    case unsupportedVersion(path: String, found: UInt32, expected: UInt32)
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    case checksumMismatch(path: String)
    case corrupt(path: String, reason: String)
    case io(path: String, reason: String)

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
}

/// The versioned binary `.corridor` file: a built network (graph, attributes, geometry, places) that opens with a
/// single read instead of a rebuild.
///
/// Layout (little-endian): magic `CORRIDOR` (8 bytes), format version (UInt32), flags (UInt32, 0), payload length
/// (UInt64), payload checksum (UInt64), then the payload: a sequence of sections, each `length (UInt64)` followed by
/// the raw bytes of one array (numbers as stored in memory on little-endian machines) or a UTF-8 JSON document for
/// the small tables (places, crossings, terminals, report, cost model). The checksum is a 64-bit multiply–xor hash
/// over the payload's 8-byte words, so corruption anywhere is detected before any array is used.
public enum NetworkCache {
    /// Current format version; bump whenever the layout or the `Network` fields (or their meaning) change.
    /// 2: shared capacities are no longer split between layers (dual-gauge twins, crossing and transfer connectors).
    public static let formatVersion: UInt32 = 2
    static let magic: [UInt8] = Array("CORRIDOR".utf8)
    static let headerSize = 8 + 4 + 4 + 8 + 8

    /// Whether `path` looks like a cache file (by its first bytes), without reading it all.
    public static func isCacheFile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 8) else { return false }
        return Array(head) == magic
    }

    /// Writes `network` to `path` atomically.
    public static func write(_ network: Network, to path: String) throws {
        var payload = Data()
        payload.reserveCapacity(network.edgeCount * 160 + network.nodeCount * 24 + 1 << 16)
        func put<T>(_ array: [T]) {
            let byteCount = array.count * MemoryLayout<T>.stride
            appendUInt64(&payload, UInt64(byteCount))
            array.withUnsafeBytes { payload.append(contentsOf: $0) }
            pad(&payload)
        }
        func putJSON<T: Encodable>(_ value: T) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(value)
            appendUInt64(&payload, UInt64(data.count))
            payload.append(data)
            pad(&payload)
        }
        let g = network.graph
        put(g.firstOut); put(g.head); put(g.tail); put(g.firstIn); put(g.inArcs)
        put(network.arcEdge); put(network.arcForward.map { $0 ? UInt8(1) : 0 })
        put(network.nodeLocation.flatMap { [$0.lon, $0.lat] })
        put(network.nodeLayer.map(\.rawValue))
        put(network.edgeSource); put(network.edgeTarget)
        put(network.edgeKind.map(\.rawValue)); put(network.edgeMode.map(\.rawValue))
        put(network.edgeClass); put(network.edgeName)
        put(network.edgeLengthMeters); put(network.edgeSpeedKmh); put(network.edgeTimeSeconds)
        put(network.edgeOneway.map { $0 ? UInt8(1) : 0 }); put(network.edgeGauge.map(\.rawValue))
        put(network.edgeTracks); put(network.edgeElectrified.map { $0 ? UInt8(1) : 0 })
        put(network.edgeCapacityTonnesPerDay); put(network.edgeFixedCost)
        put(network.edgeCountry); put(network.edgeRegion)
        put(network.edgeSourceIndex); put(network.edgeSourceFID); put(network.edgeTwin)
        put(network.edgeGeometryOffset)
        put(network.geometry.flatMap { [$0.lon, $0.lat] })
        try putJSON(network.strings)
        try putJSON(network.places.places)
        try putJSON(network.crossings)
        try putJSON(network.terminals)
        try putJSON(network.report)
        try putJSON(network.costModel)

        var file = Data(magic)
        appendUInt32(&file, formatVersion)
        appendUInt32(&file, 0)
        appendUInt64(&file, UInt64(payload.count))
        appendUInt64(&file, checksum(payload))
        file.append(payload)
        try AtomicFile.write(file, to: path)
    }

    /// Reads a cache file with one read and validates magic, version, length and checksum before decoding.
    public static func read(_ path: String) throws(CacheError) -> Network {
        guard FileManager.default.fileExists(atPath: path) else { throw .io(path: path, reason: "no such file") }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: [.alwaysMapped]) } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
        guard data.count >= 8, Array(data.prefix(8)) == magic else { throw .notACorridorFile(path: path) }
        guard data.count >= headerSize else { throw .truncated(path: path, expectedBytes: headerSize, actualBytes: data.count) }
        var reader = ByteReader(data: data, offset: 8, path: path)
        let version = try reader.uint32()
        guard version == formatVersion else { throw .unsupportedVersion(path: path, found: version, expected: formatVersion) }
        _ = try reader.uint32()
        let payloadLength = try reader.uint64()
        let expectedChecksum = try reader.uint64()
        let expectedTotal = headerSize + Int(clamping: payloadLength)
        guard data.count >= expectedTotal else { throw .truncated(path: path, expectedBytes: expectedTotal, actualBytes: data.count) }
        guard data.count == expectedTotal else { throw .corrupt(path: path, reason: "\(data.count - expectedTotal) trailing bytes") }
        let payload = data[headerSize..<expectedTotal]
        guard checksum(payload) == expectedChecksum else { throw .checksumMismatch(path: path) }
        return try decode(&reader)
    }

    private static func decode(_ r: inout ByteReader) throws(CacheError) -> Network {
        let firstOut: [UInt32] = try r.array(), head: [UInt32] = try r.array(), tail: [UInt32] = try r.array()
        let firstIn: [UInt32] = try r.array(), inArcs: [UInt32] = try r.array()
        let arcEdge: [UInt32] = try r.array()
        let arcForward: [UInt8] = try r.array()
        let nodeXY: [Double] = try r.array()
        let nodeLayerRaw: [UInt8] = try r.array()
        let edgeSource: [UInt32] = try r.array(), edgeTarget: [UInt32] = try r.array()
        let kindRaw: [UInt8] = try r.array(), modeRaw: [UInt8] = try r.array()
        let edgeClass: [UInt32] = try r.array(), edgeName: [UInt32] = try r.array()
        let length: [Double] = try r.array(), speed: [Double] = try r.array(), time: [Double] = try r.array()
        let oneway: [UInt8] = try r.array(), gaugeRaw: [UInt8] = try r.array()
        let tracks: [UInt8] = try r.array(), electrified: [UInt8] = try r.array()
        let capacity: [Int64] = try r.array(), fixedCost: [Double] = try r.array()
        let country: [UInt32] = try r.array(), region: [UInt32] = try r.array()
        let sourceIndex: [UInt32] = try r.array(), sourceFID: [Int64] = try r.array(), twin: [UInt32] = try r.array()
        let geometryOffset: [UInt32] = try r.array()
        let geometryXY: [Double] = try r.array()
        let strings: [String] = try r.json()
        let places: [Place] = try r.json()
        let crossings: [CrossingInfo] = try r.json()
        let terminals: [TerminalInfo] = try r.json()
        let report: BuildReport = try r.json()
        let costModel: CostModel = try r.json()

        // Structural validation: every id in range, so a crafted file can never crash a query.
        let nodeCount = nodeXY.count / 2
        let edgeCount = kindRaw.count
        let arcCount = head.count
        let path = r.path
        func check(_ ok: Bool, _ what: String) throws(CacheError) { if !ok { throw .corrupt(path: path, reason: what) } }
        try check(firstOut.count == nodeCount + 1 && firstIn.count == nodeCount + 1, "node arrays disagree")
        try check(tail.count == arcCount && inArcs.count == arcCount && arcEdge.count == arcCount && arcForward.count == arcCount, "arc arrays disagree")
        try check(firstOut.last.map { Int($0) == arcCount } ?? false && firstIn.last.map { Int($0) == arcCount } ?? false, "bad adjacency bounds")
        try check(zip(firstOut, firstOut.dropFirst()).allSatisfy { $0 <= $1 }, "adjacency not monotone")
        try check(zip(firstIn, firstIn.dropFirst()).allSatisfy { $0 <= $1 }, "reverse adjacency not monotone")
        try check(head.allSatisfy { Int($0) < nodeCount } && tail.allSatisfy { Int($0) < nodeCount }, "arc endpoint out of range")
        try check(inArcs.allSatisfy { Int($0) < arcCount } && arcEdge.allSatisfy { Int($0) < edgeCount }, "arc id out of range")
        for v in 0..<nodeCount {
            for a in Int(firstOut[v])..<Int(firstOut[v + 1]) where Int(tail[a]) != v { throw .corrupt(path: path, reason: "tail mismatch") }
        }
        for list in [edgeSource, edgeTarget] { try check(list.count == edgeCount && list.allSatisfy { Int($0) < nodeCount }, "edge endpoint out of range") }
        for list in [modeRaw, oneway, gaugeRaw, tracks, electrified] { try check(list.count == edgeCount, "edge arrays disagree") }
        for list in [length, speed, time, fixedCost] { try check(list.count == edgeCount, "edge arrays disagree") }
        try check(capacity.count == edgeCount && sourceFID.count == edgeCount && sourceIndex.count == edgeCount, "edge arrays disagree")
        for list in [edgeClass, edgeName, country, region] {
            try check(list.count == edgeCount && list.allSatisfy { Int($0) < strings.count }, "string index out of range")
        }
        try check(twin.count == edgeCount && twin.allSatisfy { $0 == UInt32.max || Int($0) < edgeCount }, "twin out of range")
        try check(geometryOffset.count == edgeCount + 1 && zip(geometryOffset, geometryOffset.dropFirst()).allSatisfy { $0 <= $1 }
                  && Int(geometryOffset.last ?? 0) == geometryXY.count / 2, "bad geometry offsets")
        try check(nodeLayerRaw.count == nodeCount, "node layer count")
        guard let nodeLayer = Optional(nodeLayerRaw.compactMap(NetworkLayer.init(rawValue:))), nodeLayer.count == nodeCount,
              case let kinds = kindRaw.compactMap(EdgeKind.init(rawValue:)), kinds.count == edgeCount,
              case let modes = modeRaw.compactMap(TransportMode.init(rawValue:)), modes.count == edgeCount,
              case let gauges = gaugeRaw.compactMap(GaugeSpec.init(rawValue:)), gauges.count == edgeCount
        else { throw .corrupt(path: path, reason: "unknown enumeration value") }
        for c in crossings { try check(c.edges.allSatisfy { Int($0) < edgeCount }, "crossing edge out of range") }
        for t in terminals { try check(t.edges.allSatisfy { Int($0) < edgeCount }, "terminal edge out of range") }

        let graph = CSRGraph(validatedFirstOut: firstOut, head: head, tail: tail, firstIn: firstIn, inArcs: inArcs)
        func points(_ xy: [Double]) -> [LonLat] {
            var out = [LonLat]()
            out.reserveCapacity(xy.count / 2)
            var i = 0
            while i + 1 < xy.count { out.append(LonLat(lon: xy[i], lat: xy[i + 1])); i += 2 }
            return out
        }
        return Network(
            graph: graph, arcEdge: arcEdge, arcForward: arcForward.map { $0 != 0 }, nodeLocation: points(nodeXY),
            nodeLayer: nodeLayer, edgeSource: edgeSource, edgeTarget: edgeTarget, edgeKind: kinds, edgeMode: modes,
            edgeClass: edgeClass, edgeName: edgeName, edgeLengthMeters: length, edgeSpeedKmh: speed,
            edgeTimeSeconds: time, edgeOneway: oneway.map { $0 != 0 }, edgeGauge: gauges, edgeTracks: tracks,
            edgeElectrified: electrified.map { $0 != 0 }, edgeCapacityTonnesPerDay: capacity, edgeFixedCost: fixedCost,
            edgeCountry: country, edgeRegion: region, edgeSourceIndex: sourceIndex, edgeSourceFID: sourceFID,
            edgeTwin: twin, edgeGeometryOffset: geometryOffset, geometry: points(geometryXY), strings: strings,
            places: Gazetteer(places: places), crossings: crossings, terminals: terminals, report: report,
            costModel: costModel)
    }

    /// 64-bit multiply–xor hash over 8-byte words (tail bytes zero-padded).
    static func checksum<D: DataProtocol>(_ data: D) -> UInt64 where D: ContiguousBytes {
        data.withUnsafeBytes { raw -> UInt64 in
            var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
            let words = raw.count / 8
            for i in 0..<words {
                let w = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                h = (h ^ w) &* 0x0000_0100_0000_01B3
                h ^= h >> 29
            }
            var tail: UInt64 = 0
            for i in (words * 8)..<raw.count { tail |= UInt64(raw[i]) << (UInt64(i - words * 8) * 8) }
            h = (h ^ tail) &* 0x0000_0100_0000_01B3
            return h ^ (h >> 32)
        }
    }

    private static func appendUInt32(_ d: inout Data, _ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
    private static func appendUInt64(_ d: inout Data, _ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
    /// Pads to an 8-byte boundary so arrays start aligned.
    private static func pad(_ d: inout Data) { while (d.count - 0) % 8 != 0 { d.append(0) } }
}

/// Sequential reader over the cache bytes, with bounds checks that turn into `CacheError`.
private struct ByteReader {
    let data: Data
    var offset: Int
    let path: String

    mutating func take(_ count: Int) throws(CacheError) -> Range<Int> {
        let start = data.startIndex + offset
        guard count >= 0, offset + count <= data.count else {
            throw .truncated(path: path, expectedBytes: offset + max(count, 0), actualBytes: data.count)
        }
        offset += count
        return start..<(start + count)
    }
    mutating func uint32() throws(CacheError) -> UInt32 {
        let r = try take(4)
        return data[r].withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
    }
    mutating func uint64() throws(CacheError) -> UInt64 {
        let r = try take(8)
        return data[r].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }
    mutating func section() throws(CacheError) -> Range<Int> {
        let length = try uint64()
        guard length <= UInt64(data.count) else { throw .corrupt(path: path, reason: "section length \(length) exceeds file") }
        let r = try take(Int(length))
        offset = (offset + 7) & ~7
        guard offset <= data.count else { throw .truncated(path: path, expectedBytes: offset, actualBytes: data.count) }
        return r
    }
    mutating func array<T>() throws(CacheError) -> [T] {
        let r = try section()
        let stride = MemoryLayout<T>.stride
        guard r.count % stride == 0 else { throw .corrupt(path: path, reason: "array section of \(r.count) bytes is not a multiple of \(stride)") }
        let count = r.count / stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            data[r].withUnsafeBytes { src in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: src)
            }
            initialized = count
        }
    }
    mutating func json<T: Decodable>() throws(CacheError) -> T {
        let r = try section()
        do { return try JSONDecoder().decode(T.self, from: data[r]) } catch {
            throw .corrupt(path: path, reason: "table: \(error)")
        }
    }
}
