import CorridorCore
import CorridorGeo
import CorridorGraph

/// The edges of a network, struct of arrays: the only place that lists the edge columns.
///
/// Everything that adds edges (the builder's line pieces and connectors, a scenario's added edges, test fixtures)
/// appends a `Row`; arcs are built from the table (`arcs(nodeCount:)`); the cache encodes and validates it through
/// `visitColumns`. Adding an attribute is: a column here, a field of `Row`, a line in `append` and one in
/// `visitColumns` (and a new `NetworkCache.formatVersion`); then its users.
///
/// Strings (classes, names, countries, regions) are interned: their columns hold indices into `strings`, whose
/// index 0 is "". Geometry: `geometry(ofEdge: e)` is edge `e`'s polyline, from `edgeSource` to `edgeTarget`. Units: metres, seconds, km/h, tonnes per day, cost units per tonne.
///
/// Storage: the columns of few distinct values (class, name, speed, capacity, fixed cost, country, region, source,
/// twin) are coded (`Column(coding:)`: one or two bytes per edge into a dictionary of the values); feature ids are
/// frame-of-reference coded (`PackedIntegerColumn`); a time equal to the edge's length over its speed (every line's)
/// is derived, not stored (`edgeTimeSeconds`); the low/high
/// ends of the parameter ranges are stored only for the edges where they differ from the base value
/// (`RangeColumn`); polylines are fixed-point deltas with an exact fallback (`PolylineStore`, decoded by
/// `geometry(ofEdge:)`). Reads are unchanged: `table.edgeSpeedKmh[e]` is the appended value, bit for bit.
public struct EdgeTable: Sendable {
    /// Start node of each edge (the first point of its geometry).
    public internal(set) var edgeSource: Column<UInt32> = []
    /// End node of each edge (the last point of its geometry).
    public internal(set) var edgeTarget: Column<UInt32> = []
    /// What each edge is: a line piece or a connector (crossing, transshipment, transfer).
    public internal(set) var edgeKind: Column<EdgeKind> = []
    /// Mode of each edge; a connector takes the mode of its source node's layer.
    public internal(set) var edgeMode: Column<TransportMode> = []
    /// Index into `strings` of the class (`motorway`, `main`, `crossing`, ...).
    public internal(set) var edgeClass: Column<UInt32> = .coded()
    /// Index into `strings` of the name (line name, crossing name, terminal place).
    public internal(set) var edgeName: Column<UInt32> = .coded()
    /// Length of each edge in metres; 0 for connectors.
    public internal(set) var edgeLengthMeters: Column<Double> = []
    /// Speed over each edge in km/h; 0 for connectors.
    public internal(set) var edgeSpeedKmh: Column<Double> = .coded()
    /// Travel time over the edge; for connectors, their delay. Stored only where it differs (bit for bit) from
    /// `Row.travelSeconds(lengthMeters:speedKmh:)` of the edge's length and speed, which a line's time is: the column
    /// derives it (`timeSeconds(ofEdge:)` reads one edge without building the column view).
    public var edgeTimeSeconds: RangeColumn { RangeColumn(timeOverrides, base: .travel(edgeLengthMeters, edgeSpeedKmh, count: timeCount)) }
    /// The times that are not the edge's length over its speed (connectors' delays), edge ids ascending.
    private(set) var timeOverrides = RangeOverrides()
    /// Number of times appended (or read from a cache), so a cache with a short time column stays detectable.
    private var timeCount = 0
    /// Whether each edge can be travelled only from `edgeSource` to `edgeTarget` (one arc); false for connectors.
    public internal(set) var edgeOneway: Column<Bool> = []
    /// Gauge of each edge: its rail layer's, `.dual` for dual-gauge pieces and transshipments, `.none` for road.
    public internal(set) var edgeGauge: Column<GaugeSpec> = []
    /// Number of tracks of each edge as authored, clamped to 255; 0 for connectors.
    public internal(set) var edgeTracks: Column<UInt8> = []
    /// Whether each edge is electrified; false for connectors.
    public internal(set) var edgeElectrified: Column<Bool> = []
    /// Capacity per direction in tonnes per day (for a shared facility, the whole facility's; see `Network`).
    public internal(set) var edgeCapacityTonnesPerDay: Column<Int64> = .coded()
    /// Fixed cost per tonne for connectors (crossing, transshipment, transfer); 0 for lines, whose cost is per km.
    public internal(set) var edgeFixedCost: Column<Double> = .coded()
    /// Index into `strings` of the ISO country code ("" when unknown). Crossings take the first country.
    public internal(set) var edgeCountry: Column<UInt32> = .coded()
    /// Index into `strings` of the region name ("" when unknown).
    public internal(set) var edgeRegion: Column<UInt32> = .coded()
    /// Index of the source (in the build report's `sources`) the edge came from; `UInt32.max` for connectors.
    public internal(set) var edgeSourceIndex: Column<UInt32> = .coded()
    /// Feature id in its source layer; -1 for connectors. Frame-of-reference coded (`PackedIntegerColumn`).
    public internal(set) var edgeSourceFID = PackedIntegerColumn()
    /// The other gauge's edge of a dual-gauge piece, or `UInt32.max`.
    public internal(set) var edgeTwin: Column<UInt32> = .coded()
    /// The edges' polylines, compact and exact; `geometry(ofEdge:)` decodes one.
    package internal(set) var polylines = PolylineStore()
    /// The polyline of the edge being built: the builder appends its points here, `appendClosingGeometry` stores them.
    package var pendingGeometry: [LonLat] = []
    /// `edgeGeometryOffset[e] ..< edgeGeometryOffset[e+1]` index `geometry` for edge `e`'s polyline. Decoded on each
    /// read (O(edges)); `geometry(ofEdge:)` reads one edge.
    public var edgeGeometryOffset: Column<UInt32> {
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(count + 1)
        var total: UInt32 = 0
        for e in 0..<polylines.count { total += UInt32(polylines.pointCount(e)); offsets.append(total) }
        return Column(offsets)
    }
    /// All edge polylines, concatenated. Decoded on each read (O(points)); `geometry(ofEdge:)` reads one edge.
    public var geometry: Column<LonLat> {
        var points: [LonLat] = []
        polylines.forEachPoint { points.append($0) }
        return Column(points)
    }
    /// Lowest and highest capacity per direction, tonnes per day (the base value when the data gives no range).
    public var edgeCapacityLow: RangeColumn { RangeColumn(capacityLow, base: .integers(edgeCapacityTonnesPerDay)) }
    /// See `edgeCapacityLow`.
    public var edgeCapacityHigh: RangeColumn { RangeColumn(capacityHigh, base: .integers(edgeCapacityTonnesPerDay)) }
    /// Shortest and longest time over the edge (a line's from its speed range, a connector's from its delay range).
    public var edgeTimeLowSeconds: RangeColumn { RangeColumn(timeLow, base: .ranged(edgeTimeSeconds)) }
    /// See `edgeTimeLowSeconds`.
    public var edgeTimeHighSeconds: RangeColumn { RangeColumn(timeHigh, base: .ranged(edgeTimeSeconds)) }
    /// Lowest and highest fixed cost per tonne (connectors; 0 for lines, whose cost range is the cost model's).
    public var edgeFixedCostLow: RangeColumn { RangeColumn(fixedCostLow, base: .doubles(edgeFixedCost)) }
    /// See `edgeFixedCostLow`.
    public var edgeFixedCostHigh: RangeColumn { RangeColumn(fixedCostHigh, base: .doubles(edgeFixedCost)) }
    /// The range ends that differ from their base values (edge ids ascending).
    private var capacityLow = RangeOverrides(), capacityHigh = RangeOverrides()
    private var timeLow = RangeOverrides(), timeHigh = RangeOverrides()
    private var fixedCostLow = RangeOverrides(), fixedCostHigh = RangeOverrides()
    /// Interned strings referenced by the string-index columns; index 0 is "".
    public internal(set) var strings: Column<String> = [""]

    /// Index of each interned string, built on the first `intern` (a table read from a cache never needs it).
    private var stringIndex: [String: UInt32]?
    /// The last string interned and its index: consecutive edges mostly share names, countries and regions.
    private var lastInterned: (string: String, index: UInt32) = ("", 0)

    /// An empty table.
    public init() {}

    /// Number of edges.
    public var count: Int { edgeKind.count }

    /// The travel time (a connector's delay) of edge `e`, seconds: `edgeTimeSeconds[e]`, read directly. O(log k)
    /// for k edges whose time is not derived (connectors).
    @inline(__always) public func timeSeconds(ofEdge e: Int) -> Double {
        timeOverrides.value(e) ?? Row.travelSeconds(lengthMeters: edgeLengthMeters[e], speedKmh: edgeSpeedKmh[e])
    }

    /// One edge, as appended. Strings are given as text and interned by `append`.
    public struct Row: Sendable, Equatable {
        /// Start and end node.
        public var source: UInt32, target: UInt32
        /// Line or connector kind, and mode.
        public var kind: EdgeKind, mode: TransportMode
        /// Class (`motorway`, `main`, `crossing`, ...) and name.
        public var className: String, name: String
        /// Length in metres, speed in km/h, travel time (or a connector's delay) in seconds.
        public var lengthMeters: Double, speedKmh: Double, timeSeconds: Double
        /// One arc only (source to target).
        public var oneway: Bool
        /// Gauge (`.none` for road), number of tracks, electrified.
        public var gauge: GaugeSpec, tracks: UInt8, electrified: Bool
        /// Capacity per direction in tonnes per day; fixed cost per tonne (connectors).
        public var capacityTonnesPerDay: Int64, fixedCost: Double
        /// ISO country code and region name ("" when unknown).
        public var country: String, region: String
        /// Source layer index and feature id (`UInt32.max` and -1 for edges not read from a layer).
        public var sourceIndex: UInt32, sourceFID: Int64
        /// The twin edge of a dual-gauge piece, or `UInt32.max`.
        public var twin: UInt32
        /// Ranges around capacity, time and fixed cost (low ≤ base ≤ high where the data gives them).
        public var capacityLow: Double, capacityHigh: Double
        /// See `capacityLow`.
        public var timeLowSeconds: Double, timeHighSeconds: Double
        /// See `capacityLow`.
        public var fixedCostLow: Double, fixedCostHigh: Double

        /// Memberwise initializer; an edge not read from a layer, without twin and without ranges (low = high =
        /// the base value) by default.
        public init(source: UInt32, target: UInt32, kind: EdgeKind, mode: TransportMode, className: String,
                    name: String, lengthMeters: Double, speedKmh: Double, timeSeconds: Double, oneway: Bool,
                    gauge: GaugeSpec, tracks: UInt8, electrified: Bool, capacityTonnesPerDay: Int64, fixedCost: Double,
                    country: String, region: String, sourceIndex: UInt32 = .max, sourceFID: Int64 = -1,
                    twin: UInt32 = .max, capacityRange: ValueRange? = nil, timeRange: ValueRange? = nil,
                    fixedCostRange: ValueRange? = nil) {
            let capacity = capacityRange ?? ValueRange(low: Double(capacityTonnesPerDay), high: Double(capacityTonnesPerDay))
            let time = timeRange ?? ValueRange(low: timeSeconds, high: timeSeconds)
            let cost = fixedCostRange ?? ValueRange(low: fixedCost, high: fixedCost)
            capacityLow = capacity.low; capacityHigh = capacity.high
            timeLowSeconds = time.low; timeHighSeconds = time.high
            fixedCostLow = cost.low; fixedCostHigh = cost.high
            self.source = source; self.target = target; self.kind = kind; self.mode = mode
            self.className = className; self.name = name; self.lengthMeters = lengthMeters; self.speedKmh = speedKmh
            self.timeSeconds = timeSeconds; self.oneway = oneway; self.gauge = gauge; self.tracks = tracks
            self.electrified = electrified; self.capacityTonnesPerDay = capacityTonnesPerDay; self.fixedCost = fixedCost
            self.country = country; self.region = region; self.sourceIndex = sourceIndex; self.sourceFID = sourceFID
            self.twin = twin
        }

        /// A line piece of `lengthMeters` with `attributes` (time = length / speed; the time range from the speed
        /// range, the highest speed giving the shortest time), on `gauge`.
        public static func line(from source: UInt32, to target: UInt32, lengthMeters: Double, attributes a: EdgeAttributes,
                                gauge: GaugeSpec, sourceIndex: UInt32 = .max, sourceFID: Int64 = -1) -> Row {
            let speed = a.speedRange ?? ValueRange(low: a.speedKmh, high: a.speedKmh)
            let time = ValueRange(low: lengthMeters / (max(speed.high, a.speedKmh) / 3.6),
                                  high: lengthMeters / (min(max(speed.low, 1e-9), a.speedKmh) / 3.6))
            return Row(source: source, target: target, kind: .line, mode: a.mode, className: a.roadClass, name: a.name,
                       lengthMeters: lengthMeters, speedKmh: a.speedKmh,
                       timeSeconds: travelSeconds(lengthMeters: lengthMeters, speedKmh: a.speedKmh), oneway: a.oneway,
                       gauge: gauge, tracks: UInt8(clamping: a.tracks), electrified: a.electrified,
                       capacityTonnesPerDay: a.capacityTonnesPerDay, fixedCost: 0, country: a.country, region: a.region,
                       sourceIndex: sourceIndex, sourceFID: sourceFID, capacityRange: a.capacityRange, timeRange: time,
                       fixedCostRange: ValueRange(low: 0, high: 0))
        }

        /// A connector (crossing, transshipment, transfer): no length, its delay as time, a fixed cost per tonne.
        public static func connector(from source: UInt32, to target: UInt32, kind: EdgeKind, mode: TransportMode,
                                     name: String, capacityTonnesPerDay: Int64, delaySeconds: Double, cost: Double,
                                     gauge: GaugeSpec, country: String, ranges: ConnectorRanges = ConnectorRanges()) -> Row {
            Row(source: source, target: target, kind: kind, mode: mode, className: kind.description, name: name,
                lengthMeters: 0, speedKmh: 0, timeSeconds: delaySeconds, oneway: false, gauge: gauge, tracks: 0,
                electrified: false, capacityTonnesPerDay: capacityTonnesPerDay, fixedCost: cost, country: country,
                region: "", capacityRange: ranges.capacity, timeRange: ranges.delaySeconds, fixedCostRange: ranges.cost)
        }

        /// Seconds to travel `lengthMeters` at `speedKmh`.
        public static func travelSeconds(lengthMeters: Double, speedKmh: Double) -> Double { lengthMeters / (speedKmh / 3.6) }
    }

    /// Appends an edge with its polyline; returns its id.
    @discardableResult
    public mutating func append<C: Collection>(_ row: Row, geometry polyline: C) -> UInt32 where C.Element == LonLat {
        polylines.append(polyline)
        return appendColumns(row)
    }

    /// Appends an edge whose polyline is `pendingGeometry` (which is emptied).
    @discardableResult
    package mutating func appendClosingGeometry(_ row: Row) -> UInt32 {
        polylines.append(pendingGeometry)
        pendingGeometry.removeAll(keepingCapacity: true)
        return appendColumns(row)
    }

    /// Appends `row` to every column but the geometry (appended just before).
    private mutating func appendColumns(_ row: Row) -> UInt32 {
        let e = UInt32(count)
        edgeSource.append(row.source); edgeTarget.append(row.target); edgeKind.append(row.kind); edgeMode.append(row.mode)
        edgeClass.appendCoded(intern(row.className)); edgeName.appendCoded(intern(row.name))
        edgeLengthMeters.append(row.lengthMeters); edgeSpeedKmh.appendCoded(row.speedKmh)
        timeOverrides.append(e, row.timeSeconds, base: Row.travelSeconds(lengthMeters: row.lengthMeters, speedKmh: row.speedKmh))
        timeCount += 1
        edgeOneway.append(row.oneway); edgeGauge.append(row.gauge); edgeTracks.append(row.tracks)
        edgeElectrified.append(row.electrified); edgeCapacityTonnesPerDay.appendCoded(row.capacityTonnesPerDay)
        edgeFixedCost.appendCoded(row.fixedCost); edgeCountry.appendCoded(intern(row.country))
        edgeRegion.appendCoded(intern(row.region))
        edgeSourceIndex.appendCoded(row.sourceIndex); edgeSourceFID.append(row.sourceFID); edgeTwin.appendCoded(row.twin)
        let capacity = Double(row.capacityTonnesPerDay)
        capacityLow.append(e, row.capacityLow, base: capacity); capacityHigh.append(e, row.capacityHigh, base: capacity)
        timeLow.append(e, row.timeLowSeconds, base: row.timeSeconds); timeHigh.append(e, row.timeHighSeconds, base: row.timeSeconds)
        fixedCostLow.append(e, row.fixedCostLow, base: row.fixedCost); fixedCostHigh.append(e, row.fixedCostHigh, base: row.fixedCost)
        return e
    }

    /// The index of `s` in `strings`, adding it when new ("" is always 0).
    public mutating func intern(_ s: String) -> UInt32 {
        if s.isEmpty { return 0 }
        if s == lastInterned.string { return lastInterned.index }
        if stringIndex == nil {
            var index: [String: UInt32] = [:]
            for (i, t) in strings.enumerated() where index[t] == nil { index[t] = UInt32(i) }
            stringIndex = index
        }
        let i: UInt32
        if let known = stringIndex![s] { i = known } else {
            i = UInt32(strings.count)
            strings.append(s); stringIndex![s] = i
        }
        lastInterned = (s, i)
        return i
    }

    /// Ends a build's appends: frees the string index `intern` keeps and the coded columns' indexes, and shares one
    /// code per edge among the few-valued columns (`shareRowCodes`). Appending remains possible (the indexes are
    /// rebuilt on the next intern or coded append).
    package mutating func releaseInterner() {
        stringIndex = nil; lastInterned = ("", 0)
        edgeClass.finishCoding(); edgeName.finishCoding(); edgeSpeedKmh.finishCoding()
        edgeCapacityTonnesPerDay.finishCoding(); edgeFixedCost.finishCoding(); edgeCountry.finishCoding()
        edgeRegion.finishCoding(); edgeSourceIndex.finishCoding(); edgeTwin.finishCoding()
        shareRowCodes()
    }

    /// Stores the few-valued columns (kind, mode, class, speed, oneway, gauge, tracks, electrified, capacity, fixed
    /// cost, country, region, source and, when the combinations stay few, name) as one code per edge for the
    /// edge's combination of their values, shared by all of them (`SharedRowCodes`): a network of a few hundred
    /// distinct combinations keeps one byte per edge for them instead of one per column. Reads are unchanged. No-op
    /// for an overlay's table (its columns share their base) and an empty one. O(edges).
    package mutating func shareRowCodes() {
        guard count > 0, !edgeKind.sharesBase, edgeKind.added.isEmpty else { return }
        for withName in [true, false] {
            var keys = [UInt64](repeating: 0, count: count), shift = 0
            let joined = [edgeKind.addRowCode(to: &keys, shift: &shift), edgeMode.addRowCode(to: &keys, shift: &shift),
                          edgeOneway.addRowCode(to: &keys, shift: &shift), edgeElectrified.addRowCode(to: &keys, shift: &shift),
                          edgeGauge.addRowCode(to: &keys, shift: &shift), edgeSourceIndex.addRowCode(to: &keys, shift: &shift),
                          edgeClass.addRowCode(to: &keys, shift: &shift), edgeSpeedKmh.addRowCode(to: &keys, shift: &shift),
                          edgeCapacityTonnesPerDay.addRowCode(to: &keys, shift: &shift),
                          edgeFixedCost.addRowCode(to: &keys, shift: &shift), edgeTracks.addRowCode(to: &keys, shift: &shift),
                          edgeCountry.addRowCode(to: &keys, shift: &shift), edgeRegion.addRowCode(to: &keys, shift: &shift),
                          withName && edgeName.addRowCode(to: &keys, shift: &shift)]
            guard joined.filter({ $0 }).count > 1 else { return }
            // Past 65,536 combinations (names are the many-valued column), again without the name.
            guard let codes = SharedRowCodes(keys: keys) else { continue }
            keys = []
            if joined[0] { edgeKind.adoptSharedCodes(codes) }
            if joined[1] { edgeMode.adoptSharedCodes(codes) }
            if joined[2] { edgeOneway.adoptSharedCodes(codes) }
            if joined[3] { edgeElectrified.adoptSharedCodes(codes) }
            if joined[4] { edgeGauge.adoptSharedCodes(codes) }
            if joined[5] { edgeSourceIndex.adoptSharedCodes(codes) }
            if joined[6] { edgeClass.adoptSharedCodes(codes) }
            if joined[7] { edgeSpeedKmh.adoptSharedCodes(codes) }
            if joined[8] { edgeCapacityTonnesPerDay.adoptSharedCodes(codes) }
            if joined[9] { edgeFixedCost.adoptSharedCodes(codes) }
            if joined[10] { edgeTracks.adoptSharedCodes(codes) }
            if joined[11] { edgeCountry.adoptSharedCodes(codes) }
            if joined[12] { edgeRegion.adoptSharedCodes(codes) }
            if joined[13] { edgeName.adoptSharedCodes(codes) }
            return
        }
    }

    /// Codes the few-valued columns of a table read as plain columns (the cache reader; see the type's note).
    package mutating func codeColumns() {
        edgeClass = Column(coding: edgeClass.array); edgeName = Column(coding: edgeName.array)
        edgeSpeedKmh = Column(coding: edgeSpeedKmh.array)
        edgeCapacityTonnesPerDay = Column(coding: edgeCapacityTonnesPerDay.array)
        edgeFixedCost = Column(coding: edgeFixedCost.array); edgeCountry = Column(coding: edgeCountry.array)
        edgeRegion = Column(coding: edgeRegion.array); edgeSourceIndex = Column(coding: edgeSourceIndex.array)
        edgeTwin = Column(coding: edgeTwin.array)
        shareRowCodes()
    }

    /// Makes `a` and `b` each other's dual-gauge twin.
    public mutating func setTwins(_ a: UInt32, _ b: UInt32) {
        edgeTwin.setCoded(Int(a), b)
        edgeTwin.setCoded(Int(b), a)
    }

    /// Moves the end of edge `e` that is at `node` to `newNode` (splitting a node at a border).
    package mutating func moveEnds(ofEdge e: Int, from node: UInt32, to newNode: UInt32) {
        if edgeSource[e] == node { edgeSource[e] = newNode }
        if edgeTarget[e] == node { edgeTarget[e] = newNode }
    }

    /// Reserves room for `edges` edges and `points` geometry points in all.
    package mutating func reserveCapacity(edges n: Int, points: Int) {
        edgeSource.reserveCapacity(n); edgeTarget.reserveCapacity(n); edgeKind.reserveCapacity(n)
        edgeMode.reserveCapacity(n); edgeClass.reserveCapacity(n); edgeName.reserveCapacity(n)
        edgeLengthMeters.reserveCapacity(n); edgeSpeedKmh.reserveCapacity(n)
        edgeOneway.reserveCapacity(n); edgeGauge.reserveCapacity(n); edgeTracks.reserveCapacity(n)
        edgeElectrified.reserveCapacity(n); edgeCapacityTonnesPerDay.reserveCapacity(n); edgeFixedCost.reserveCapacity(n)
        edgeCountry.reserveCapacity(n); edgeRegion.reserveCapacity(n); edgeSourceIndex.reserveCapacity(n)
        edgeTwin.reserveCapacity(n)
        polylines.reserveCapacity(edges: n, points: points)
    }

    /// The polyline of edge `e`, in the direction of the edge.
    public func geometry(ofEdge e: Int) -> ArraySlice<LonLat> {
        ArraySlice(polylines.points(e))
    }

    /// A table that shares this one's storage and appends after it (an overlay): nothing is copied.
    public func extended() -> EdgeTable {
        var t = EdgeTable()
        t.edgeSource = Column(extending: edgeSource); t.edgeTarget = Column(extending: edgeTarget)
        t.edgeKind = Column(extending: edgeKind); t.edgeMode = Column(extending: edgeMode)
        t.edgeClass = Column(extending: edgeClass); t.edgeName = Column(extending: edgeName)
        t.edgeLengthMeters = Column(extending: edgeLengthMeters); t.edgeSpeedKmh = Column(extending: edgeSpeedKmh)
        t.timeOverrides = timeOverrides.extended(); t.timeCount = timeCount; t.edgeOneway = Column(extending: edgeOneway)
        t.edgeGauge = Column(extending: edgeGauge); t.edgeTracks = Column(extending: edgeTracks)
        t.edgeElectrified = Column(extending: edgeElectrified)
        t.edgeCapacityTonnesPerDay = Column(extending: edgeCapacityTonnesPerDay)
        t.edgeFixedCost = Column(extending: edgeFixedCost); t.edgeCountry = Column(extending: edgeCountry)
        t.edgeRegion = Column(extending: edgeRegion); t.edgeSourceIndex = Column(extending: edgeSourceIndex)
        t.edgeSourceFID = PackedIntegerColumn(extending: edgeSourceFID); t.edgeTwin = Column(extending: edgeTwin)
        t.polylines = polylines.extended()
        t.capacityLow = capacityLow.extended(); t.capacityHigh = capacityHigh.extended()
        t.timeLow = timeLow.extended(); t.timeHigh = timeHigh.extended()
        t.fixedCostLow = fixedCostLow.extended(); t.fixedCostHigh = fixedCostHigh.extended()
        t.strings = Column(extending: strings)
        return t
    }

    /// The arcs of the table: one per direction of every edge (only the forward one for a oneway edge), in edge
    /// order, sorted stably by tail into a CSR graph. Returns the graph and, per arc, its edge and whether it runs
    /// along the edge's geometry.
    ///
    /// A counting sort straight into the final arrays: out-degrees first, then each arc, in edge order, goes to the
    /// next free position of its tail, which is the order a stable sort of the edge-order arc list by tail gives,
    /// without materialising that list (its tails, heads and permutation were ~28 bytes per arc at the build's end).
    /// - Throws: `NetworkBuildError.tooLarge` when the arcs do not fit 32-bit ids.
    /// - Complexity: O(n + m).
    public func arcs(nodeCount: Int) throws(NetworkBuildError) -> (graph: CSRGraph, arcEdge: [UInt32], arcForward: [Bool]) {
        let arcCount = count + edgeOneway.reduce(0) { $0 + ($1 ? 0 : 1) }
        guard arcCount < Int(UInt32.max), nodeCount < Int(UInt32.max) else { throw .tooLarge }
        let sources = edgeSource, targets = edgeTarget, oneway = edgeOneway
        var firstOut = [UInt32](repeating: 0, count: nodeCount + 1)
        for i in 0..<count {
            precondition(Int(sources[i]) < nodeCount && Int(targets[i]) < nodeCount, "edge end out of range")
            firstOut[Int(sources[i]) + 1] &+= 1
            if !oneway[i] { firstOut[Int(targets[i]) + 1] &+= 1 }
        }
        for v in 0..<nodeCount { firstOut[v + 1] &+= firstOut[v] }
        var next = firstOut
        var head = [UInt32](repeating: 0, count: arcCount), arcEdge = [UInt32](repeating: 0, count: arcCount)
        var arcForward = [Bool](repeating: false, count: arcCount)
        for i in 0..<count {
            let s = Int(sources[i]), t = Int(targets[i])
            var p = Int(next[s])
            next[s] &+= 1
            head[p] = UInt32(t); arcEdge[p] = UInt32(i); arcForward[p] = true
            if !oneway[i] {
                p = Int(next[t])
                next[t] &+= 1
                head[p] = UInt32(s); arcEdge[p] = UInt32(i)
            }
        }
        return (CSRGraph(validatedFirstOut: firstOut, head: head), arcEdge, arcForward)
    }

    /// Visits every column in the cache's order, with what its values must satisfy: the cache's encoder, decoder
    /// and validator are visitors, so this list is the only one they need.
    package mutating func visitColumns<V: EdgeColumnVisitor>(_ v: inout V) throws(CacheError) {
        try v.numbers(&edgeSource, "edgeSource", .node); try v.numbers(&edgeTarget, "edgeTarget", .node)
        try v.enums(&edgeKind, "edgeKind"); try v.enums(&edgeMode, "edgeMode")
        try v.numbers(&edgeClass, "edgeClass", .string); try v.numbers(&edgeName, "edgeName", .string)
        try v.numbers(&edgeLengthMeters, "edgeLengthMeters", .any); try v.numbers(&edgeSpeedKmh, "edgeSpeedKmh", .any)
        // Times are stored whole in the cache (as in format 5) and kept as overrides of the derived value here.
        var times = Column(edgeTimeSeconds.array)
        try v.numbers(&times, "edgeTimeSeconds", .any)
        let derived = zip(edgeLengthMeters, edgeSpeedKmh).map { Row.travelSeconds(lengthMeters: $0, speedKmh: $1) }
        timeOverrides = RangeOverrides(times.array, base: derived)
        timeCount = times.count
        try v.bools(&edgeOneway, "edgeOneway"); try v.enums(&edgeGauge, "edgeGauge")
        try v.numbers(&edgeTracks, "edgeTracks", .any); try v.bools(&edgeElectrified, "edgeElectrified")
        try v.numbers(&edgeCapacityTonnesPerDay, "edgeCapacityTonnesPerDay", .any)
        try v.numbers(&edgeFixedCost, "edgeFixedCost", .any)
        try v.numbers(&edgeCountry, "edgeCountry", .string); try v.numbers(&edgeRegion, "edgeRegion", .string)
        try v.numbers(&edgeSourceIndex, "edgeSourceIndex", .any); var fids = Column(Array(edgeSourceFID))
        try v.numbers(&fids, "edgeSourceFID", .any)
        edgeSourceFID = PackedIntegerColumn(fids.array)
        try v.numbers(&edgeTwin, "edgeTwin", .edgeOrNone)
        try v.numbers(&polylines.offsets, "edgeGeometryOffset", .geometryOffsets)
        try v.numbers(&polylines.bytes, "geometry", .points)
        // The range ends are stored whole in the cache (one Double per edge, as in format 4) and kept sparse here.
        let capacities = edgeCapacityTonnesPerDay.map(Double.init)
        func visitRange(_ overrides: inout RangeOverrides, _ name: String, base: [Double]) throws(CacheError) {
            var whole = Column(RangeColumn(overrides, base: .plain(base)).array)
            try v.numbers(&whole, name, .any)
            overrides = RangeOverrides(whole.array, base: base)
        }
        let fixedCosts = edgeFixedCost.array
        try visitRange(&capacityLow, "edgeCapacityLow", base: capacities)
        try visitRange(&capacityHigh, "edgeCapacityHigh", base: capacities)
        try visitRange(&timeLow, "edgeTimeLowSeconds", base: times.array)
        try visitRange(&timeHigh, "edgeTimeHighSeconds", base: times.array)
        try visitRange(&fixedCostLow, "edgeFixedCostLow", base: fixedCosts)
        try visitRange(&fixedCostHigh, "edgeFixedCostHigh", base: fixedCosts)
        try v.strings(&strings)
        stringIndex = nil; lastInterned = ("", 0)
    }
}

/// What the values of a column must satisfy (checked when a cache is read).
package enum ColumnConstraint: Sendable {
    /// Anything.
    case any
    /// A node id.
    case node
    /// An index into `strings`.
    case string
    /// An edge id or `UInt32.max`.
    case edgeOrNone
    /// Edge count + 1 non-decreasing offsets ending at the geometry's length.
    case geometryOffsets
    /// Polyline bytes (`PolylineStore`; the offsets say which are whose, the value check decodes them).
    case points
}

/// Something that reads, writes or checks every column of an `EdgeTable` (see `EdgeTable.visitColumns`).
package protocol EdgeColumnVisitor {
    /// A column of plain numbers (or coordinates), stored as their bytes.
    mutating func numbers<T: Sendable>(_ column: inout Column<T>, _ name: String,
                                              _ constraint: ColumnConstraint) throws(CacheError)
    /// A column of one-byte enumeration values, stored as raw values.
    mutating func enums<E: RawRepresentable & Sendable>(_ column: inout Column<E>, _ name: String) throws(CacheError)
        where E.RawValue == UInt8
    /// A column of booleans, stored as bytes.
    mutating func bools(_ column: inout Column<Bool>, _ name: String) throws(CacheError)
    /// The interned strings.
    mutating func strings(_ column: inout Column<String>) throws(CacheError)
}

/// The edges whose range end differs from its base value, and that value (edge ids ascending, as appended).
struct RangeOverrides: Sendable {
    /// Edge ids, ascending.
    var edges: Column<UInt32> = []
    /// The range end of each of `edges`.
    var values: Column<Double> = []

    init() {}

    /// The overrides of `whole` (one value per edge) against `base`.
    init(_ whole: [Double], base: [Double]) {
        for (e, (x, b)) in zip(whole, base).enumerated() where x.bitPattern != b.bitPattern {
            edges.append(UInt32(e)); values.append(x)
        }
        // A whole column longer than its base (a corrupt cache) keeps its extra values, for the validator to see.
        for e in base.count..<Swift.max(base.count, whole.count) { edges.append(UInt32(e)); values.append(whole[e]) }
    }

    /// Records `value` for edge `e` when it differs from `base` (bit for bit).
    mutating func append(_ e: UInt32, _ value: Double, base: Double) {
        if value.bitPattern != base.bitPattern { edges.append(e); values.append(value) }
    }

    /// The value for edge `e`, if it differs from the base. O(log k).
    func value(_ e: Int) -> Double? {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(edges[mid]) < e { lo = mid + 1 } else { hi = mid }
        }
        return lo < edges.count && Int(edges[lo]) == e ? values[lo] : nil
    }

    /// Overrides that share this one's storage and append after it (an overlay).
    func extended() -> RangeOverrides {
        var r = RangeOverrides()
        r.edges = Column(extending: edges); r.values = Column(extending: values)
        return r
    }
}

/// One end (low or high) of a parameter range for every edge: the edge's base value (capacity, time, fixed cost)
/// except where the data gives a range; also the time column (derived travel times except where stored). Indexed by
/// edge id like a `Column`.
public struct RangeColumn: RandomAccessCollection, Sendable, Equatable {
    /// Where the base values come from.
    enum Base: Sendable {
        /// An integer column (capacity), as Doubles.
        case integers(Column<Int64>)
        /// A Double column (fixed cost).
        case doubles(Column<Double>)
        /// Length over speed (`EdgeTable.Row.travelSeconds`) for `count` edges: the derived travel times.
        case travel(Column<Double>, Column<Double>, count: Int)
        /// Another range column (a time range's base: the time column, itself derived).
        indirect case ranged(RangeColumn)
        /// A plain array (the cache's conversions).
        case plain([Double])
    }
    private let overrides: RangeOverrides
    private let base: Base

    init(_ overrides: RangeOverrides, base: Base) { self.overrides = overrides; self.base = base }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch base {
        case .integers(let c): c.count
        case .doubles(let c): c.count
        case .travel(_, _, let count): count
        case .ranged(let r): r.count
        case .plain(let a): Swift.max(a.count, overrides.edges.last.map { Int($0) + 1 } ?? 0)
        }
    }

    private func baseValue(_ e: Int) -> Double {
        switch base {
        case .integers(let c): Double(c[e])
        case .doubles(let c): c[e]
        case .travel(let length, let speed, _):
            e < length.count && e < speed.count ? EdgeTable.Row.travelSeconds(lengthMeters: length[e], speedKmh: speed[e]) : 0
        case .ranged(let r): r[e]
        case .plain(let a): e < a.count ? a[e] : 0
        }
    }

    /// Columns are equal when they hold the same values (compared with `==`, as `Column`'s are).
    public static func == (lhs: RangeColumn, rhs: RangeColumn) -> Bool { lhs.elementsEqual(rhs) }

    /// The value for edge `e`. O(log k) for k edges with a range.
    public subscript(e: Int) -> Double { overrides.value(e) ?? baseValue(e) }

    /// The values of every edge, in one pass. O(m + k) (plus the base's overrides for a range of a range).
    public var array: [Double] {
        var values = [Double]()
        if case .ranged(let r) = base { values = r.array } else {
            values.reserveCapacity(count)
            for e in 0..<count { values.append(baseValue(e)) }
        }
        for (e, x) in zip(overrides.edges, overrides.values) where Int(e) < values.count { values[Int(e)] = x }
        return values
    }
}
