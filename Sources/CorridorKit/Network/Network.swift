import CorridorGeo
import CorridorGraph

/// A built multimodal network: a CSR graph plus node and edge attributes, geometry and places.
///
/// Terminology: an *edge* is one physical element (a piece of line between two nodes, or a connector such as a
/// border crossing); an *arc* is one direction of travel over an edge. A two-way edge has two arcs, a oneway edge one.
/// Arc ids are the graph's (CSR order); `arcEdge` maps an arc to its edge and `arcForward` says whether it runs along
/// the edge's geometry. A dual-gauge line piece becomes two edges (one per gauge layer) that name each other in
/// `edgeTwin`; each carries the piece's full capacity, which the two gauges physically share. The same holds for the
/// connectors of a crossing joining several layers and of a transfer terminal joining several rail layers.
/// Single-commodity flow cannot bound such a shared capacity, so this is exact when one layer carries the traffic and
/// optimistic otherwise: `sharedCapacityGroups` lists the groups, and flow results warn when a group's combined flow
/// exceeds its capacity.
///
/// Units: metres, seconds, km/h, tonnes per day, cost units per tonne. All arrays are indexed by id; ids are stable
/// for a given input and build options, so outputs are deterministic.
public struct Network: Sendable {
    // MARK: Graph
    /// The directed graph of arcs.
    public let graph: CSRGraph
    /// Edge of each arc.
    public let arcEdge: [UInt32]
    /// Whether each arc runs in the direction of its edge's geometry (from `edgeSource` to `edgeTarget`).
    public let arcForward: [Bool]

    // MARK: Nodes
    public let nodeLocation: [LonLat]
    public let nodeLayer: [NetworkLayer]

    // MARK: Edges (struct of arrays)
    public let edgeSource: [UInt32]
    public let edgeTarget: [UInt32]
    public let edgeKind: [EdgeKind]
    public let edgeMode: [TransportMode]
    /// Index into `strings` of the class (`motorway`, `main`, `crossing`, ...).
    public let edgeClass: [UInt32]
    /// Index into `strings` of the name (line name, crossing name, terminal place).
    public let edgeName: [UInt32]
    public let edgeLengthMeters: [Double]
    public let edgeSpeedKmh: [Double]
    /// Travel time over the edge; for connectors, their delay.
    public let edgeTimeSeconds: [Double]
    public let edgeOneway: [Bool]
    public let edgeGauge: [GaugeSpec]
    public let edgeTracks: [UInt8]
    public let edgeElectrified: [Bool]
    /// Capacity per direction in tonnes per day (for a shared facility, the whole facility's: see above).
    public let edgeCapacityTonnesPerDay: [Int64]
    /// Fixed cost per tonne for connectors (crossing, transshipment, transfer); 0 for lines, whose cost is per km.
    public let edgeFixedCost: [Double]
    /// Index into `strings` of the ISO country code ("" when unknown). Crossings take the first country.
    public let edgeCountry: [UInt32]
    /// Index into `strings` of the region name ("" when unknown).
    public let edgeRegion: [UInt32]
    /// Index of the source (in `sources`) the edge came from; `UInt32.max` for connectors.
    public let edgeSourceIndex: [UInt32]
    /// Feature id in its source layer; -1 for connectors.
    public let edgeSourceFID: [Int64]
    /// The other gauge's edge of a dual-gauge piece, or `UInt32.max`.
    public let edgeTwin: [UInt32]
    /// `edgeGeometryOffset[e] ..< edgeGeometryOffset[e+1]` index `geometry` for edge `e`'s polyline.
    public let edgeGeometryOffset: [UInt32]
    /// All edge polylines, concatenated.
    public let geometry: [LonLat]

    // MARK: Tables
    /// Interned strings referenced by the `edge*` string-index arrays; index 0 is "".
    public let strings: [String]
    /// Places of the gazetteer.
    public let places: Gazetteer
    /// Border crossings that were built (each lists its connector edges).
    public let crossings: [CrossingInfo]
    /// Transfer and transshipment terminals that were built.
    public let terminals: [TerminalInfo]
    /// What was read, from where, and what was skipped.
    public let report: BuildReport
    /// Cost weights used for the `cost` metric.
    public let costModel: CostModel
    /// Spatial indexes over node locations, built on first use (snapping places to nodes).
    public let locator = NodeLocator()

    /// Number of nodes.
    public var nodeCount: Int { nodeLocation.count }
    /// Number of edges.
    public var edgeCount: Int { edgeKind.count }
    /// Number of arcs.
    public var arcCount: Int { graph.arcCount }

    /// The polyline of edge `e`, in the direction of the edge.
    public func edgeGeometry(_ e: Int) -> ArraySlice<LonLat> {
        geometry[Int(edgeGeometryOffset[e])..<Int(edgeGeometryOffset[e + 1])]
    }
    public func string(_ index: UInt32) -> String { strings[Int(index)] }
    public func className(ofEdge e: Int) -> String { strings[Int(edgeClass[e])] }
    public func name(ofEdge e: Int) -> String { strings[Int(edgeName[e])] }
    public func country(ofEdge e: Int) -> String { strings[Int(edgeCountry[e])] }
    public func region(ofEdge e: Int) -> String { strings[Int(edgeRegion[e])] }

    /// Memberwise initializer (used by the builder and the cache reader).
    public init(graph: CSRGraph, arcEdge: [UInt32], arcForward: [Bool], nodeLocation: [LonLat], nodeLayer: [NetworkLayer],
                edgeSource: [UInt32], edgeTarget: [UInt32], edgeKind: [EdgeKind], edgeMode: [TransportMode],
                edgeClass: [UInt32], edgeName: [UInt32], edgeLengthMeters: [Double], edgeSpeedKmh: [Double],
                edgeTimeSeconds: [Double], edgeOneway: [Bool], edgeGauge: [GaugeSpec], edgeTracks: [UInt8],
                edgeElectrified: [Bool], edgeCapacityTonnesPerDay: [Int64], edgeFixedCost: [Double],
                edgeCountry: [UInt32], edgeRegion: [UInt32], edgeSourceIndex: [UInt32], edgeSourceFID: [Int64],
                edgeTwin: [UInt32], edgeGeometryOffset: [UInt32], geometry: [LonLat], strings: [String],
                places: Gazetteer, crossings: [CrossingInfo], terminals: [TerminalInfo], report: BuildReport,
                costModel: CostModel) {
        self.graph = graph; self.arcEdge = arcEdge; self.arcForward = arcForward
        self.nodeLocation = nodeLocation; self.nodeLayer = nodeLayer
        self.edgeSource = edgeSource; self.edgeTarget = edgeTarget; self.edgeKind = edgeKind; self.edgeMode = edgeMode
        self.edgeClass = edgeClass; self.edgeName = edgeName; self.edgeLengthMeters = edgeLengthMeters
        self.edgeSpeedKmh = edgeSpeedKmh; self.edgeTimeSeconds = edgeTimeSeconds; self.edgeOneway = edgeOneway
        self.edgeGauge = edgeGauge; self.edgeTracks = edgeTracks; self.edgeElectrified = edgeElectrified
        self.edgeCapacityTonnesPerDay = edgeCapacityTonnesPerDay; self.edgeFixedCost = edgeFixedCost
        self.edgeCountry = edgeCountry; self.edgeRegion = edgeRegion; self.edgeSourceIndex = edgeSourceIndex
        self.edgeSourceFID = edgeSourceFID; self.edgeTwin = edgeTwin; self.edgeGeometryOffset = edgeGeometryOffset
        self.geometry = geometry; self.strings = strings; self.places = places; self.crossings = crossings
        self.terminals = terminals; self.report = report; self.costModel = costModel
        // Every column must describe the same nodes, edges and arcs: a mismatch is a programming error upstream.
        let m = edgeKind.count
        var columnCounts: [Int] = [edgeSource.count, edgeTarget.count, edgeMode.count, edgeClass.count, edgeName.count]
        columnCounts += [edgeLengthMeters.count, edgeSpeedKmh.count, edgeTimeSeconds.count, edgeOneway.count]
        columnCounts += [edgeGauge.count, edgeTracks.count, edgeElectrified.count, edgeCapacityTonnesPerDay.count]
        columnCounts += [edgeFixedCost.count, edgeCountry.count, edgeRegion.count, edgeSourceIndex.count]
        columnCounts += [edgeSourceFID.count, edgeTwin.count, edgeGeometryOffset.count - 1]
        precondition(columnCounts.allSatisfy { $0 == m }, "edge columns differ in length")
        precondition(arcEdge.count == graph.arcCount && arcForward.count == graph.arcCount, "arc columns differ in length")
        precondition(nodeLocation.count == graph.nodeCount && nodeLayer.count == graph.nodeCount, "node columns differ in length")
    }
}

/// A border crossing as built into the network.
public struct CrossingInfo: Sendable, Equatable, Codable {
    public var name: String
    public var location: LonLat
    public var countries: [String]
    public var modes: [TransportMode]
    public var capacityTonnesPerDay: Int64
    public var delaySeconds: Double
    public var cost: Double
    public var note: String
    /// Connector edges that implement the crossing (one per layer it joins), sorted.
    public var edges: [UInt32]
    public init(name: String, location: LonLat, countries: [String], modes: [TransportMode], capacityTonnesPerDay: Int64,
                delaySeconds: Double, cost: Double, note: String, edges: [UInt32]) {
        self.name = name; self.location = location; self.countries = countries; self.modes = modes
        self.capacityTonnesPerDay = capacityTonnesPerDay; self.delaySeconds = delaySeconds; self.cost = cost
        self.note = note; self.edges = edges
    }
}

/// A transfer (road–rail) or transshipment (gauge change) terminal as built into the network.
public struct TerminalInfo: Sendable, Equatable, Codable {
    public var place: String
    public var kind: EdgeKind
    public var location: LonLat
    public var capacityTonnesPerDay: Int64
    public var delaySeconds: Double
    public var cost: Double
    public var note: String
    /// Connector edges of the terminal, sorted.
    public var edges: [UInt32]
    public init(place: String, kind: EdgeKind, location: LonLat, capacityTonnesPerDay: Int64, delaySeconds: Double,
                cost: Double, note: String, edges: [UInt32]) {
        self.place = place; self.kind = kind; self.location = location; self.capacityTonnesPerDay = capacityTonnesPerDay
        self.delaySeconds = delaySeconds; self.cost = cost; self.note = note; self.edges = edges
    }
}

/// Generalized cost weights, per tonne. Lines cost `perKm[mode]` per km; connectors their fixed cost.
public struct CostModel: Sendable, Equatable, Codable {
    public var perKmRoad: Double
    public var perKmRail: Double
    /// Optional per-class overrides, keyed `mode/class` (e.g. `road/motorway`).
    public var perKmByClass: [String: Double]
    public init(perKmRoad: Double = 0.09, perKmRail: Double = 0.03, perKmByClass: [String: Double] = [:]) {
        self.perKmRoad = perKmRoad; self.perKmRail = perKmRail; self.perKmByClass = perKmByClass
    }
}

/// What a build read and skipped, for `corridor info`.
public struct BuildReport: Sendable, Equatable, Codable {
    public struct Source: Sendable, Equatable, Codable {
        public var path: String
        public var layer: String
        public var driver: String
        public var crs: String
        public var profile: String
        public var featuresRead: Int
        public var featuresUsed: Int
        /// Reason → count, e.g. `"geometry Point": 3`, `"not a road or railway": 120`.
        public var skipped: [String: Int]
        public init(path: String, layer: String, driver: String, crs: String, profile: String, featuresRead: Int = 0,
                    featuresUsed: Int = 0, skipped: [String: Int] = [:]) {
            self.path = path; self.layer = layer; self.driver = driver; self.crs = crs; self.profile = profile
            self.featuresRead = featuresRead; self.featuresUsed = featuresUsed; self.skipped = skipped
        }
    }
    public var sources: [Source]
    /// Line pieces of zero length that were dropped.
    public var zeroLengthPiecesDropped: Int
    /// Endpoints merged by the snapping tolerance.
    public var endpointsSnapped: Int
    /// Edges split at region boundaries.
    public var edgesSplitAtBoundaries: Int
    public var snapToleranceMeters: Double
    public var warnings: [String]
    public init(sources: [Source] = [], zeroLengthPiecesDropped: Int = 0, endpointsSnapped: Int = 0,
                edgesSplitAtBoundaries: Int = 0, snapToleranceMeters: Double = 0, warnings: [String] = []) {
        self.sources = sources; self.zeroLengthPiecesDropped = zeroLengthPiecesDropped
        self.endpointsSnapped = endpointsSnapped; self.edgesSplitAtBoundaries = edgesSplitAtBoundaries
        self.snapToleranceMeters = snapToleranceMeters; self.warnings = warnings
    }
}
