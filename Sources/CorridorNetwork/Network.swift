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
/// The layered graph alone cannot bound such a shared capacity; flows add a joint constraint per shared facility (and
/// per single-track line, for both directions), so their results never exceed it. `sharedCapacityGroups` lists the
/// groups.
///
/// Units: metres, seconds, km/h, tonnes per day, cost units per tonne. All arrays are indexed by id; ids are stable
/// for a given input and build options, so outputs are deterministic.
@dynamicMemberLookup
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

    // MARK: Edges
    /// The edge columns (`edgeSource`, `edgeKind`, `edgeCapacityTonnesPerDay`, ..., `geometry`, `strings`), also
    /// readable directly on the network: `network.edgeKind[e]` is `network.edges.edgeKind[e]`.
    public let edges: EdgeTable

    // MARK: Tables
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
    /// Spatial indexes over node locations, built on first use (snapping places to nodes); shared by networks with
    /// the same nodes (an overlay of added edges keeps them).
    public let locator: NodeLocator

    /// A column of the edge table, read as a property of the network (`network.edgeTwin`).
    @inlinable public subscript<T>(dynamicMember column: KeyPath<EdgeTable, T>) -> T { edges[keyPath: column] }

    /// The low and high values around each edge's capacity, time and fixed cost, from the ranges of the data
    /// (equal to the base values where the data gives none): what an uncertainty analysis samples.
    public var ranges: ParameterRanges {
        ParameterRanges(capacityLow: edges.edgeCapacityLow.array, capacityHigh: edges.edgeCapacityHigh.array,
                        timeLowSeconds: edges.edgeTimeLowSeconds.array, timeHighSeconds: edges.edgeTimeHighSeconds.array,
                        fixedCostLow: edges.edgeFixedCostLow.array, fixedCostHigh: edges.edgeFixedCostHigh.array)
    }

    /// Number of nodes.
    public var nodeCount: Int { nodeLocation.count }
    /// Number of edges.
    public var edgeCount: Int { edges.count }
    /// Number of arcs.
    public var arcCount: Int { graph.arcCount }

    /// The node arc `a` leaves, from its edge's ends (the same as `graph.tail[a]`, without making the graph build
    /// its derived arrays; see `CSRGraph`). O(1).
    @inlinable public func arcTail(_ a: Int) -> UInt32 {
        let e = Int(arcEdge[a])
        return arcForward[a] ? edges.edgeSource[e] : edges.edgeTarget[e]
    }

    /// The polyline of edge `e`, in the direction of the edge.
    public func edgeGeometry(_ e: Int) -> ArraySlice<LonLat> { edges.geometry(ofEdge: e) }
    /// The interned string at `index` in `strings`.
    public func string(_ index: UInt32) -> String { edges.strings[Int(index)] }
    /// The class of edge `e` (`motorway`, `main`, `crossing`, ...).
    public func className(ofEdge e: Int) -> String { edges.strings[Int(edges.edgeClass[e])] }
    /// The name of edge `e` ("" when unnamed).
    public func name(ofEdge e: Int) -> String { edges.strings[Int(edges.edgeName[e])] }
    /// The ISO country code of edge `e` ("" when unknown).
    public func country(ofEdge e: Int) -> String { edges.strings[Int(edges.edgeCountry[e])] }
    /// The region name of edge `e` ("" when unknown).
    public func region(ofEdge e: Int) -> String { edges.strings[Int(edges.edgeRegion[e])] }

    /// A network from its parts (the builder, the cache reader, an overlay): the arcs must be those of `edges`
    /// (`EdgeTable.arcs(nodeCount:)`).
    public init(graph: CSRGraph, arcEdge: [UInt32], arcForward: [Bool], nodeLocation: [LonLat], nodeLayer: [NetworkLayer],
                edges: EdgeTable, places: Gazetteer, crossings: [CrossingInfo], terminals: [TerminalInfo],
                report: BuildReport, costModel: CostModel, locator: NodeLocator = NodeLocator()) {
        self.graph = graph; self.arcEdge = arcEdge; self.arcForward = arcForward
        self.nodeLocation = nodeLocation; self.nodeLayer = nodeLayer; self.edges = edges
        self.places = places; self.crossings = crossings; self.terminals = terminals; self.report = report
        self.costModel = costModel; self.locator = locator
        // Every column must describe the same nodes, edges and arcs: a mismatch is a programming error upstream.
        precondition(edges.polylines.count == edges.count, "edge columns differ in length")
        precondition(arcEdge.count == graph.arcCount && arcForward.count == graph.arcCount, "arc columns differ in length")
        precondition(nodeLocation.count == graph.nodeCount && nodeLayer.count == graph.nodeCount, "node columns differ in length")
    }

    /// A network whose arcs are built from `edges` (test fixtures, hand-made networks).
    /// - Throws: `NetworkBuildError.tooLarge` when the arcs do not fit 32-bit ids.
    public init(nodeLocation: [LonLat], nodeLayer: [NetworkLayer], edges: EdgeTable, places: Gazetteer = .empty,
                crossings: [CrossingInfo] = [], terminals: [TerminalInfo] = [], report: BuildReport = BuildReport(),
                costModel: CostModel = CostModel()) throws(NetworkBuildError) {
        let (graph, arcEdge, arcForward) = try edges.arcs(nodeCount: nodeLocation.count)
        self.init(graph: graph, arcEdge: arcEdge, arcForward: arcForward, nodeLocation: nodeLocation, nodeLayer: nodeLayer,
                  edges: edges, places: places, crossings: crossings, terminals: terminals, report: report,
                  costModel: costModel)
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
/// Low and high values around each edge's capacity, time and fixed cost (one entry per edge; the edge table's range
/// columns, gathered). A line's time range
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
    /// Vertices inserted where a line end lies on another line's segment (T-junctions), or nil when the build did
    /// not node T-junctions.
    public var tJunctionsNoded: Int?
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
