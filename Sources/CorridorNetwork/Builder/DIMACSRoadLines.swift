import CorridorGeo
import CorridorGraph

/// A malformed DIMACS road graph: which of its two files, the 1-based line (0: the file as a whole), what is wrong.
public struct DIMACSRoadGraphError: Error, Sendable, Equatable {
    /// The `.gr` arcs or the `.co` coordinates.
    public enum File: Sendable, Equatable { case graph, coordinates }
    /// The file at fault.
    public var file: File
    /// 1-based line, 0 for the file as a whole.
    public var line: Int
    /// What is wrong.
    public var reason: String
    /// Memberwise initializer.
    public init(file: File, line: Int, reason: String) { self.file = file; self.line = line; self.reason = reason }
}

/// What `addDIMACSRoadGraph` read: arcs read and used, and why the others were skipped.
public struct DIMACSRoadGraphCounts: Sendable, Equatable {
    /// Arc lines of the `.gr`.
    public var arcsRead = 0
    /// Arcs drawn (a two-way line stands for both of its arcs).
    public var arcsUsed = 0
    /// Skipped arcs by reason (`self-loop`, `repeated arc`).
    public var skipped: [String: Int] = [:]
}

extension NetworkBuilder {
    /// Adds a road graph of the 9th DIMACS Implementation Challenge (`.gr` arcs, `.co` coordinates, their bytes) as
    /// lines of source `source`: each node pair joined by arcs becomes one straight line between the two nodes'
    /// coordinates with `attributes`, two-way when arcs run both ways and one-way otherwise (line fid = the arc's
    /// 1-based number); self-loops and repeated arcs are skipped. Coordinates are longitude and latitude in
    /// millionths of degrees (the Challenge's road graphs) or whole degrees, told by their range.
    /// - Complexity: O(file sizes + m) expected for m arcs (hash sets of arc keys).
    public func addDIMACSRoadGraph(graph bytes: [UInt8], coordinates coBytes: [UInt8], attributes: EdgeAttributes,
                                   source: Int) throws(DIMACSRoadGraphError) -> DIMACSRoadGraphCounts {
        let graph: DIMACS.ShortestPathProblem
        do { graph = try DIMACS.readShortestPath(bytes) } catch {
            throw DIMACSRoadGraphError(file: .graph, line: error.line, reason: error.kindDescription)
        }
        let coordinates: DIMACS.Coordinates
        do { coordinates = try DIMACS.readCoordinates(coBytes) } catch {
            throw DIMACSRoadGraphError(file: .coordinates, line: error.line, reason: error.kindDescription)
        }
        guard coordinates.nodeCount == graph.nodeCount else {
            throw DIMACSRoadGraphError(file: .coordinates, line: 0,
                                       reason: "coordinates for \(coordinates.nodeCount) nodes, the graph has \(graph.nodeCount)")
        }
        let locations = try Self.lonLat(coordinates)
        var twoWay = attributes, oneWay = attributes
        twoWay.oneway = false; oneWay.oneway = true

        var counts = DIMACSRoadGraphCounts()
        func key(_ u: UInt32, _ v: UInt32) -> UInt64 { UInt64(u) << 32 | UInt64(v) }
        let arcs = graph.tails.count
        var present = Set<UInt64>(minimumCapacity: arcs)
        for a in 0..<arcs { present.insert(key(graph.tails[a], graph.heads[a])) }
        var done = Set<UInt64>(minimumCapacity: arcs)
        reserveCapacity(lines: arcs, points: 2 * arcs)
        for a in 0..<arcs {
            counts.arcsRead += 1
            let u = graph.tails[a], v = graph.heads[a]
            if u == v { counts.skipped["self-loop", default: 0] += 1; continue }
            guard done.insert(key(u, v)).inserted else { counts.skipped["repeated arc", default: 0] += 1; continue }
            counts.arcsUsed += 1
            // The reverse arc of a pair already drawn as a two-way line.
            if done.contains(key(v, u)) { continue }
            addLine([locations[Int(u)], locations[Int(v)]], attributes: present.contains(key(v, u)) ? twoWay : oneWay,
                    source: source, fid: Int64(a + 1))
        }
        return counts
    }

    /// Longitude and latitude of every node: millionths of degrees, or whole degrees when every value is in range.
    static func lonLat(_ c: DIMACS.Coordinates) throws(DIMACSRoadGraphError) -> [LonLat] {
        let maxX = c.x.lazy.map { $0.magnitude }.max() ?? 0, maxY = c.y.lazy.map { $0.magnitude }.max() ?? 0
        let scale: Double
        if maxX <= 180 && maxY <= 90 { scale = 1 }
        else if maxX <= 180_000_000 && maxY <= 90_000_000 { scale = 1e-6 }
        else {
            throw DIMACSRoadGraphError(file: .coordinates, line: 0, reason:
                "coordinates are not longitude/latitude in degrees or millionths of degrees (|x| up to \(maxX), |y| up to \(maxY))")
        }
        return (0..<c.nodeCount).map { LonLat(lon: Double(c.x[$0]) * scale, lat: Double(c.y[$0]) * scale) }
    }
}
