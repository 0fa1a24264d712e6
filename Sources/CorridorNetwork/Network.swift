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
    /// Position of each node.
    public let nodeLocation: [LonLat]
    /// Layer of each node (road, rail-1520 or rail-1435).
    public let nodeLayer: [NetworkLayer]

    // MARK: Edges (struct of arrays)
    /// Start node of each edge (the first point of its geometry).
    public let edgeSource: [UInt32]
    /// End node of each edge (the last point of its geometry).
    public let edgeTarget: [UInt32]
    /// What each edge is: a line piece or a connector (crossing, transshipment, transfer).
    public let edgeKind: [EdgeKind]
    /// Mode of each edge; a connector takes the mode of its source node's layer.
    public let edgeMode: [TransportMode]
    /// Index into `strings` of the class (`motorway`, `main`, `crossing`, ...).
    public let edgeClass: [UInt32]
    /// Index into `strings` of the name (line name, crossing name, terminal place).
    public let edgeName: [UInt32]
    /// Length of each edge in metres; 0 for connectors.
    public let edgeLengthMeters: [Double]
    /// Speed over each edge in km/h; 0 for connectors.
    public let edgeSpeedKmh: [Double]
    /// Travel time over the edge; for connectors, their delay.
    public let edgeTimeSeconds: [Double]
    /// Whether each edge can be travelled only from `edgeSource` to `edgeTarget` (one arc); false for connectors.
    public let edgeOneway: [Bool]
    /// Gauge of each edge: its rail layer's, `.dual` for dual-gauge pieces and transshipments, `.none` for road.
    public let edgeGauge: [GaugeSpec]
    /// Number of tracks of each edge as authored, clamped to 255; 0 for connectors.
    public let edgeTracks: [UInt8]
    /// Whether each edge is electrified; false for connectors.
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
    /// The low and high values around each edge's capacity, time and fixed cost, from the ranges of the data
    /// (equal to the base values where the data gives none): what an uncertainty analysis samples.
    public let ranges: ParameterRanges
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
    /// The interned string at `index` in `strings`.
    public func string(_ index: UInt32) -> String { strings[Int(index)] }
    /// The class of edge `e` (`motorway`, `main`, `crossing`, ...).
    public func className(ofEdge e: Int) -> String { strings[Int(edgeClass[e])] }
    /// The name of edge `e` ("" when unnamed).
    public func name(ofEdge e: Int) -> String { strings[Int(edgeName[e])] }
    /// The ISO country code of edge `e` ("" when unknown).
    public func country(ofEdge e: Int) -> String { strings[Int(edgeCountry[e])] }
    /// The region name of edge `e` ("" when unknown).
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
                costModel: CostModel, ranges: ParameterRanges? = nil) {
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
        self.ranges = ranges ?? ParameterRanges(capacity: edgeCapacityTonnesPerDay, time: edgeTimeSeconds, fixedCost: edgeFixedCost)
        // Every column must describe the same nodes, edges and arcs: a mismatch is a programming error upstream.
        let m = edgeKind.count
        var columnCounts: [Int] = [edgeSource.count, edgeTarget.count, edgeMode.count, edgeClass.count, edgeName.count]
        columnCounts += [edgeLengthMeters.count, edgeSpeedKmh.count, edgeTimeSeconds.count, edgeOneway.count]
        columnCounts += [edgeGauge.count, edgeTracks.count, edgeElectrified.count, edgeCapacityTonnesPerDay.count]
        columnCounts += [edgeFixedCost.count, edgeCountry.count, edgeRegion.count, edgeSourceIndex.count]
        columnCounts += [edgeSourceFID.count, edgeTwin.count, edgeGeometryOffset.count - 1]
        columnCounts += [self.ranges.capacityLow.count, self.ranges.capacityHigh.count, self.ranges.timeLowSeconds.count]
        columnCounts += [self.ranges.timeHighSeconds.count, self.ranges.fixedCostLow.count, self.ranges.fixedCostHigh.count]
        precondition(columnCounts.allSatisfy { $0 == m }, "edge columns differ in length")
        precondition(arcEdge.count == graph.arcCount && arcForward.count == graph.arcCount, "arc columns differ in length")
        precondition(nodeLocation.count == graph.nodeCount && nodeLayer.count == graph.nodeCount, "node columns differ in length")
    }
}

/// A border crossing as built into the network.
public struct CrossingInfo: Sendable, Equatable, Codable {
    /// Name of the crossing (defined, or generated for an automatic one).
    public var name: String
    /// Point of the crossing.
    public var location: LonLat
    /// Countries it joins (ISO alpha-2); the first kept the original node.
    public var countries: [String]
    /// Modes whose layers it joins.
    public var modes: [TransportMode]
    /// Capacity per direction of the whole crossing in tonnes per day, shared by its connectors.
    public var capacityTonnesPerDay: Int64
    /// Delay of passing the crossing, seconds.
    public var delaySeconds: Double
    /// Fixed cost per tonne of passing the crossing.
    public var cost: Double
    /// Free-text note from the definition (for an automatic crossing, why it was made).
    public var note: String
    /// Connector edges that implement the crossing (one per layer it joins), sorted.
    public var edges: [UInt32]
    /// Memberwise initializer.
    public init(name: String, location: LonLat, countries: [String], modes: [TransportMode], capacityTonnesPerDay: Int64,
                delaySeconds: Double, cost: Double, note: String, edges: [UInt32]) {
        self.name = name; self.location = location; self.countries = countries; self.modes = modes
        self.capacityTonnesPerDay = capacityTonnesPerDay; self.delaySeconds = delaySeconds; self.cost = cost
        self.note = note; self.edges = edges
    }
}

/// A transfer (road–rail) or transshipment (gauge change) terminal as built into the network.
public struct TerminalInfo: Sendable, Equatable, Codable {
    /// Name of the place the terminal is at.
    public var place: String
    /// `.transfer` or `.transshipment`.
    public var kind: EdgeKind
    /// Point of the terminal.
    public var location: LonLat
    /// Capacity per direction of the whole terminal in tonnes per day, shared by its connectors.
    public var capacityTonnesPerDay: Int64
    /// Delay of passing through the terminal, seconds.
    public var delaySeconds: Double
    /// Fixed cost per tonne of passing through the terminal.
    public var cost: Double
    /// Free-text note from the definition.
    public var note: String
    /// Connector edges of the terminal, sorted.
    public var edges: [UInt32]
    /// Memberwise initializer.
    public init(place: String, kind: EdgeKind, location: LonLat, capacityTonnesPerDay: Int64, delaySeconds: Double,
                cost: Double, note: String, edges: [UInt32]) {
        self.place = place; self.kind = kind; self.location = location; self.capacityTonnesPerDay = capacityTonnesPerDay
        self.delaySeconds = delaySeconds; self.cost = cost; self.note = note; self.edges = edges
    }
}

/// Generalized cost weights, per tonne. Lines cost `perKm[mode]` per km; connectors their fixed cost.
/// Low and high values around each edge's capacity, time and fixed cost (one entry per edge). A line's time range
/// comes from its speed range (low time = length / high speed), a connector's from its delay range. Where the data
/// gives no range, low = high = the base value. Sampling (e.g. triangular(low, base, high)) is the caller's.
public struct ParameterRanges: Sendable, Equatable {
    /// Lowest and highest capacity per direction, tonnes per day.
    public var capacityLow: [Double], capacityHigh: [Double]
    /// Shortest and longest time over the edge (a connector's delay), seconds.
    public var timeLowSeconds: [Double], timeHighSeconds: [Double]
    /// Lowest and highest fixed cost per tonne (connectors; 0 for lines, whose cost range is the cost model's).
    public var fixedCostLow: [Double], fixedCostHigh: [Double]
    /// Ranges from explicit columns.
    public init(capacityLow: [Double], capacityHigh: [Double], timeLowSeconds: [Double], timeHighSeconds: [Double],
                fixedCostLow: [Double], fixedCostHigh: [Double]) {
        self.capacityLow = capacityLow; self.capacityHigh = capacityHigh
        self.timeLowSeconds = timeLowSeconds; self.timeHighSeconds = timeHighSeconds
        self.fixedCostLow = fixedCostLow; self.fixedCostHigh = fixedCostHigh
    }
    /// No ranges: low = high = the base values.
    public init(capacity: [Int64], time: [Double], fixedCost: [Double]) {
        let c = capacity.map(Double.init)
        self.init(capacityLow: c, capacityHigh: c, timeLowSeconds: time, timeHighSeconds: time,
                  fixedCostLow: fixedCost, fixedCostHigh: fixedCost)
    }
}

public struct CostModel: Sendable, Equatable, Codable {
    /// Cost per tonne-km of road lines without a class override.
    public var perKmRoad: Double
    /// Cost per tonne-km of rail lines without a class override.
    public var perKmRail: Double
    /// Optional per-class overrides, keyed `mode/class` (e.g. `road/motorway`).
    public var perKmByClass: [String: Double]
    /// Ranges of the per-km costs keyed `road`, `rail` or `mode/class`, where the profile gives them.
    public var perKmRanges: [String: ValueRange]? = nil
    /// Memberwise initializer; the default rates are 0.09 (road) and 0.03 (rail) per tonne-km.
    public init(perKmRoad: Double = 0.09, perKmRail: Double = 0.03, perKmByClass: [String: Double] = [:]) {
        self.perKmRoad = perKmRoad; self.perKmRail = perKmRail; self.perKmByClass = perKmByClass
    }
}

/// What a build read and skipped, for `corridor info`.
public struct BuildReport: Sendable, Equatable, Codable {
    /// One source layer that was read.
    public struct Source: Sendable, Equatable, Codable {
        /// Path of the dataset.
        public var path: String
        /// Name of the layer read.
        public var layer: String
        /// GDAL driver name of the dataset (e.g. `GPKG`).
        public var driver: String
        /// The layer's CRS (authority code, else name), `<crs> (assumed)` when assumed, or "" when unknown.
        public var crs: String
        /// Name of the profile that mapped the layer's fields.
        public var profile: String
        /// Features read from the layer.
        public var featuresRead: Int
        /// Features mapped to lines; the others are counted in `skipped`.
        public var featuresUsed: Int
        /// Reason → count, e.g. `"geometry Point": 3`, `"not a road or railway": 120`.
        public var skipped: [String: Int]
        /// Memberwise initializer; the counts start empty.
        public init(path: String, layer: String, driver: String, crs: String, profile: String, featuresRead: Int = 0,
                    featuresUsed: Int = 0, skipped: [String: Int] = [:]) {
            self.path = path; self.layer = layer; self.driver = driver; self.crs = crs; self.profile = profile
            self.featuresRead = featuresRead; self.featuresUsed = featuresUsed; self.skipped = skipped
        }
    }
    /// Source layers read, in input order.
    public var sources: [Source]
    /// Line pieces of zero length that were dropped.
    public var zeroLengthPiecesDropped: Int
    /// Endpoints merged by the snapping tolerance.
    public var endpointsSnapped: Int
    /// Edges split at region boundaries.
    public var edgesSplitAtBoundaries: Int
    /// Snapping tolerance the build used, metres.
    public var snapToleranceMeters: Double
    /// Warnings raised during the build.
    public var warnings: [String]
    /// Memberwise initializer; everything defaults to empty or zero.
    public init(sources: [Source] = [], zeroLengthPiecesDropped: Int = 0, endpointsSnapped: Int = 0,
                edgesSplitAtBoundaries: Int = 0, snapToleranceMeters: Double = 0, warnings: [String] = []) {
        self.sources = sources; self.zeroLengthPiecesDropped = zeroLengthPiecesDropped
        self.endpointsSnapped = endpointsSnapped; self.edgesSplitAtBoundaries = edgesSplitAtBoundaries
        self.snapToleranceMeters = snapToleranceMeters; self.warnings = warnings
    }
}
