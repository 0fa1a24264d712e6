import CorridorGeo
import Foundation

/// Builds a routable `Network` from line features, crossings, terminals and region polygons.
///
/// Topology, per layer (`road`, `rail-1520`, `rail-1435`): a node sits at each line end and at each interior vertex
/// that two or more lines (or one line twice) share, where "share" means equal within `snapToleranceMeters`
/// (`VertexClusters`: grid cells, by radix sort). Lines that cross without a shared vertex stay apart; a line ending on another line's
/// segment joins it only with `nodeTJunctions`. Each piece of a line between nodes
/// becomes an edge with its polyline, geodesic length and time = length / speed; zero-length pieces are dropped.
/// Dual-gauge lines become an edge in each rail layer, each with the piece's FULL capacity (`edgeTwin` set when the
/// pieces match).
///
/// Shared capacities: a dual-gauge piece, a crossing joining several layers and a transfer terminal joining several
/// rail layers are each one physical facility. Each layer's edge gets the full capacity; flows and chokepoints bound
/// the sum over layers with a joint constraint (`CapacityConstraint` in CorridorAnalysis).
/// Ids follow input order (lines in the order added, parts in order), so a build is deterministic.
///
/// Usage: `addLine` for each line, `crossings`/`terminals`/`regions` as needed, then `build()`.
///
/// The build runs in phases, one file each: with `options.nodeTJunctions`, T-junctions (`TJunctions.swift`: a line
/// end on another line's segment becomes a vertex of it), then region tagging (`Regions.swift`: split lines at boundaries, tag the
/// pieces), line pieces (`LinePieces.swift`: cluster vertices per layer with `VertexClusters`, cut lines into edges
/// between nodes), connectors (`Connectors.swift`: crossings, automatic border crossings, terminals), then the arcs
/// (`EdgeTable.arcs`). Every edge is appended to one `EdgeTable` as a `Row`.
public final class NetworkBuilder {
    /// Options of the build (snapping, connector search, automatic crossings, costs).
    public var options: NetworkBuildOptions
    /// Border crossings to build.
    public var crossings: [CrossingDefinition] = []
    /// Terminals (transshipments and transfers) to build.
    public var terminals: [TerminalDefinition] = []
    /// Polygon sets applied in order (e.g. countries, then provinces).
    public var regions: [RegionPolygons] = []
    /// Named places, stored in the built network for resolving place names.
    public var places: Gazetteer = .empty
    /// Filled by the loader (sources); the builder adds its own counts.
    public var report = BuildReport()

    /// Input lines, flat: line `i`'s vertices are `coordinates[start[i] ..< start[i + 1]]` (one buffer instead of an
    /// array per line: fewer allocations, less memory). Attributes are interned: lines mostly repeat a few
    /// combinations (class, speed, oneway, country), so each line holds a 4-byte code into `distinctAttributes`
    /// instead of its own ~112-byte `EdgeAttributes` (four `String`s): ~108 MB less at the peak of a 1M-line load.
    struct LineStore {
        var coordinates: [LonLat] = []
        var start: [Int] = [0]
        /// Code of each line's attributes in `distinctAttributes`.
        var attributeCode: [UInt32] = []
        /// The distinct attributes, in order of first appearance.
        var distinctAttributes: [EdgeAttributes] = []
        /// Code of each distinct attributes value, compared bit for bit (`AttributeKey`).
        var attributeIndex: [AttributeKey: UInt32] = [:]
        /// Source index of each line (`addLine` clamps it to 32 bits, as the edges store it).
        var source: [UInt32] = []
        var fid: [Int64] = []
        /// Published length over geodesic length of each line, empty while every line so far has 1 (no published
        /// length: the usual case, which then costs no memory); see `lengthScale(_:)`.
        private var lengthScales: [Double] = []
        var count: Int { attributeCode.count }

        /// Published length over geodesic length of line `i` (1 when the line has no published length): every piece
        /// cut from the line gets its geodesic length times this.
        func lengthScale(_ i: Int) -> Double { lengthScales.isEmpty ? 1 : lengthScales[i] }

        /// The attributes of line `i`.
        func attributes(_ i: Int) -> EdgeAttributes { distinctAttributes[Int(attributeCode[i])] }

        mutating func append<C: Collection>(_ points: C, attributes a: EdgeAttributes, source s: UInt32, fid f: Int64,
                                            lengthScale k: Double = 1)
            where C.Element == LonLat
        {
            // Compared bit for bit: a -0.0 or NaN scale is stored as given.
            if !lengthScales.isEmpty { lengthScales.append(k) } else if k.bitPattern != (1.0).bitPattern {
                lengthScales = [Double](repeating: 1, count: count)
                lengthScales.append(k)
            }
            coordinates.append(contentsOf: points); start.append(coordinates.count)
            attributeCode.append(code(a)); source.append(s); fid.append(f)
        }

        /// The codes used most recently, newest first (at most `recentLimit`).
        private var recentCodes: [UInt32] = []
        private static let recentLimit = 8

        /// The code of `a`, adding it when new. Lines mostly cycle through a few attribute sets (a handful of classes
        /// and speeds), so the codes used last are compared first: that avoids hashing four strings per line.
        private mutating func code(_ a: EdgeAttributes) -> UInt32 {
            let key = AttributeKey(a)
            for (position, recent) in recentCodes.enumerated() where AttributeKey(distinctAttributes[Int(recent)]) == key {
                if position > 0 { recentCodes.remove(at: position); recentCodes.insert(recent, at: 0) }
                return recent
            }
            let c: UInt32
            if let known = attributeIndex[key] { c = known } else {
                c = UInt32(distinctAttributes.count)
                distinctAttributes.append(a); attributeIndex[key] = c
            }
            if recentCodes.count == Self.recentLimit { recentCodes.removeLast() }
            recentCodes.insert(c, at: 0)
            return c
        }

        func line(_ i: Int) -> ArraySlice<LonLat> { coordinates[start[i] ..< start[i + 1]] }

        mutating func reserveCapacity(lines n: Int, points: Int) {
            coordinates.reserveCapacity(points); start.reserveCapacity(n + 1)
            attributeCode.reserveCapacity(n); source.reserveCapacity(n); fid.reserveCapacity(n)
        }
    }

    /// `EdgeAttributes` compared and hashed bit for bit in their numbers (0.0 and −0.0 stay apart, a NaN equals
    /// itself), so an interned line reads back exactly the attributes it was given.
    struct AttributeKey: Hashable {
        let a: EdgeAttributes
        init(_ a: EdgeAttributes) { self.a = a }

        private static func bits(_ x: Double?) -> UInt64? { x?.bitPattern }
        private static func bits(_ r: ValueRange?) -> [UInt64]? { r.map { [$0.low.bitPattern, $0.high.bitPattern] } }

        static func == (l: AttributeKey, r: AttributeKey) -> Bool {
            let x = l.a, y = r.a
            return x.mode == y.mode && x.speedKmh.bitPattern == y.speedKmh.bitPattern && x.oneway == y.oneway
                && x.gauge == y.gauge && x.tracks == y.tracks && x.electrified == y.electrified
                && x.capacityTonnesPerDay == y.capacityTonnesPerDay && bits(x.lengthMeters) == bits(y.lengthMeters)
                && bits(x.capacityRange) == bits(y.capacityRange) && bits(x.speedRange) == bits(y.speedRange)
                && x.roadClass == y.roadClass && x.name == y.name && x.country == y.country && x.region == y.region
        }

        func hash(into h: inout Hasher) {
            h.combine(a.mode); h.combine(a.roadClass); h.combine(a.name); h.combine(a.speedKmh.bitPattern)
            h.combine(a.oneway); h.combine(a.gauge); h.combine(a.tracks); h.combine(a.electrified)
            h.combine(a.capacityTonnesPerDay); h.combine(a.country); h.combine(a.region)
            h.combine(Self.bits(a.lengthMeters)); h.combine(Self.bits(a.capacityRange)); h.combine(Self.bits(a.speedRange))
        }
    }
    var lines = LineStore()

    /// A builder with no lines yet, using `options`.
    public init(options: NetworkBuildOptions = NetworkBuildOptions()) { self.options = options }

    /// Number of lines added so far.
    public var lineCount: Int { lines.count }

    /// Adds one line (one part of a feature). `source` indexes `report.sources` (or any caller numbering).
    /// With `attributes.lengthMeters` set, the line's pieces share that published length in proportion to their
    /// geodesic lengths (a line of zero geodesic length keeps 0).
    public func addLine<C: Collection>(_ coordinates: C, attributes: EdgeAttributes, source: Int, fid: Int64)
        where C.Element == LonLat
    {
        var scale = 1.0
        if let published = attributes.lengthMeters, published.isFinite, published > 0 {
            let geodesic = Geodesic.length(Array(coordinates))
            if geodesic > 0 && geodesic.isFinite { scale = published / geodesic }
        }
        lines.append(coordinates, attributes: attributes, source: UInt32(clamping: source), fid: fid, lengthScale: scale)
    }

    /// Reserves room for `lines` more lines of about `points` vertices in all (a hint: avoids regrowing the input
    /// arrays while a large layer is read).
    public func reserveCapacity(lines additional: Int, points: Int) {
        lines.reserveCapacity(lines: lines.count + additional, points: lines.coordinates.count + points)
    }

    /// Set by the loader, which builds once: `build()` then releases the input lines as soon as it no longer needs
    /// them, lowering peak memory. Public users keep the documented behaviour (lines are kept).
    package var releasesInputAfterBuild = false

    // MARK: - Build

    /// Builds the network. The builder can be reused afterwards only by adding more input and building again.
    public func build() throws(NetworkBuildError) -> Network {
        report.snapToleranceMeters = options.snapToleranceMeters
        report.zeroLengthPiecesDropped = 0; report.endpointsSnapped = 0; report.edgesSplitAtBoundaries = 0
        report.tJunctionsNoded = nil
        var tagged = tagRegions(options.nodeTJunctions ? nodeTJunctions(lines) : lines)
        if releasesInputAfterBuild { lines = LineStore() }
        var pieces = try linePieces(&tagged, releasingInput: releasesInputAfterBuild)
        // The input is no longer needed: free it before the connectors and the CSR.
        tagged = LineStore()
        guard pieces.nodeLocation.count < Int(UInt32.max) - 1 else { throw .tooLarge }

        var state = ConnectorState(nodeLocation: pieces.nodeLocation, nodeLayer: pieces.nodeLayer, edges: pieces.edges)
        pieces = LinePieces()
        let (crossingInfos, terminalInfos) = try addConnectors(&state)
        state.incident = []
        state.edges.releaseInterner()

        let (graph, arcEdge, arcForward) = try state.edges.arcs(nodeCount: state.nodeLocation.count)
        return Network(graph: graph, arcEdge: arcEdge, arcForward: arcForward, nodeLocation: state.nodeLocation,
                       nodeLayer: state.nodeLayer, edges: state.edges, places: places, crossings: crossingInfos,
                       terminals: terminalInfos, report: report, costModel: options.costModel)
    }
}
