import CorridorGeo
import CorridorNetwork
import Foundation

/// A road graph of the 9th DIMACS Implementation Challenge (`.gr` arcs, `.co` node coordinates) as a network
/// source, so that routing, alternatives, reach and flows run on it like on any line data
/// (`NetworkBuilder.addDIMACSRoadGraph` makes the lines).
///
/// Lengths are geodesic from the coordinates (the `.gr` weights, whose unit the files do not state, are not used);
/// time is length at the speed of the road class `road` (`ClassDefaults`). Nodes meet by coordinates like all lines
/// (snap tolerance 0 unless given, so that only nodes at one coordinate merge; `NetworkLoader`).
enum DIMACSRoadGraph {
    /// The coordinate file of a `.gr` source: the one named, else the `.co` beside it.
    static func coordinatesPath(_ source: SourceSpec) -> String {
        source.coordinates ?? String(source.path.dropLast(3)) + ".co"
    }

    static func read(_ path: String, what: String) throws(NetworkLoadError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw .fileNotFound(what: what, path: path)
        }
        return [UInt8](data)
    }

    /// Adds the graph's lines to `builder` as source number `index`, and returns its build-report entry.
    static func add(_ source: SourceSpec, index: Int, to builder: NetworkBuilder, progress: ProgressReporter?) throws(NetworkLoadError) -> BuildReport.Source {
        progress?.update("reading \(source.path)")
        let coPath = coordinatesPath(source)
        let graph = try read(source.path, what: "DIMACS graph")
        let coordinates = try read(coPath, what: "DIMACS coordinates (.co)")
        let defaults = ClassDefaults.resolve(mode: .road, roadClass: "road")
        let attributes = EdgeAttributes(mode: .road, roadClass: "road", speedKmh: defaults.speedKmh,
                                        capacityTonnesPerDay: defaults.capacityTonnesPerDay)
        let counts: DIMACSRoadGraphCounts
        do { counts = try builder.addDIMACSRoadGraph(graph: graph, coordinates: coordinates, attributes: attributes, source: index) }
        catch { throw .dimacs(reason: error.reason, path: error.file == .graph ? source.path : coPath, line: error.line) }
        return BuildReport.Source(path: source.path, layer: (coPath as NSString).lastPathComponent, driver: "DIMACS",
                                  crs: "EPSG:4326", profile: "dimacs", featuresRead: counts.arcsRead,
                                  featuresUsed: counts.arcsUsed, skipped: counts.skipped)
    }
}
