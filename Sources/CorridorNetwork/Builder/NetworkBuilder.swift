import CorridorCore
import CorridorGeo
import CorridorGraph
import Foundation

/// Builds a routable `Network` from line features, crossings, terminals and region polygons.
///
/// Topology, per layer (`road`, `rail-1520`, `rail-1435`): a node sits at each line end and at each interior vertex
/// that two or more lines (or one line twice) share, where "share" means equal within `snapToleranceMeters`
/// (grid hash, O(vertices)). Lines that cross without a shared vertex stay apart. Each piece of a line between nodes
/// becomes an edge with its polyline, geodesic length and time = length / speed; zero-length pieces are dropped.
/// Dual-gauge lines become an edge in each rail layer, each with the piece's FULL capacity (`edgeTwin` set when the
/// pieces match).
///
/// Shared capacities: a dual-gauge piece, a crossing joining several layers and a transfer terminal joining several
/// rail layers are each one physical facility, but single-commodity flow cannot bound the sum over layers. Each
/// layer's edge gets the full capacity, which is exact when one layer carries the traffic (the usual case: one gauge
/// dominates a dual piece) and optimistic otherwise; flow and chokepoint results report every group whose combined
/// flow exceeds the shared capacity (`SharedCapacityWarning`).
/// Ids follow input order (lines in the order added, parts in order), so a build is deterministic.
///
/// Usage: `addLine` for each line, `crossings`/`terminals`/`regions` as needed, then `build()`.
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
    /// array per line: fewer allocations, less memory).
    private struct LineStore {
        var coordinates: [LonLat] = []
        var start: [Int] = [0]
        var attributes: [EdgeAttributes] = []
        var source: [Int] = []
        var fid: [Int64] = []
        /// Published length over geodesic length of the line (1 when the line has no published length): every
        /// piece cut from the line gets its geodesic length times this.
        var lengthScale: [Double] = []
        var count: Int { attributes.count }

        mutating func append<C: Collection>(_ points: C, attributes a: EdgeAttributes, source s: Int, fid f: Int64,
                                            lengthScale k: Double = 1)
            where C.Element == LonLat
        {
            coordinates.append(contentsOf: points); start.append(coordinates.count)
            attributes.append(a); source.append(s); fid.append(f); lengthScale.append(k)
        }

        func line(_ i: Int) -> ArraySlice<LonLat> { coordinates[start[i] ..< start[i + 1]] }

        mutating func reserveCapacity(lines n: Int, points: Int) {
            coordinates.reserveCapacity(points); start.reserveCapacity(n + 1)
            attributes.reserveCapacity(n); source.reserveCapacity(n); fid.reserveCapacity(n)
            lengthScale.reserveCapacity(n)
        }
    }
    private var lines = LineStore()

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
        lines.append(coordinates, attributes: attributes, source: source, fid: fid, lengthScale: scale)
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

    /// Working arrays, one entry per edge.
    private struct Edges {
        var source: [UInt32] = [], target: [UInt32] = [], kind: [EdgeKind] = [], mode: [TransportMode] = []
        var cls: [UInt32] = [], name: [UInt32] = [], length: [Double] = [], speed: [Double] = [], time: [Double] = []
        var oneway: [Bool] = [], gauge: [GaugeSpec] = [], tracks: [UInt8] = [], electrified: [Bool] = []
        var capacity: [Int64] = [], fixedCost: [Double] = [], country: [UInt32] = [], region: [UInt32] = []
        var sourceIndex: [UInt32] = [], fid: [Int64] = [], twin: [UInt32] = [], geometryOffset: [UInt32] = [0]
        var geometry: [LonLat] = []
        var capacityLow: [Double] = [], capacityHigh: [Double] = [], timeLow: [Double] = [], timeHigh: [Double] = []
        var fixedCostLow: [Double] = [], fixedCostHigh: [Double] = []
        var count: Int { kind.count }

        mutating func reserveCapacity(edges n: Int, points: Int) {
            source.reserveCapacity(n); target.reserveCapacity(n); kind.reserveCapacity(n); mode.reserveCapacity(n)
            cls.reserveCapacity(n); name.reserveCapacity(n); length.reserveCapacity(n); speed.reserveCapacity(n)
            time.reserveCapacity(n); oneway.reserveCapacity(n); gauge.reserveCapacity(n); tracks.reserveCapacity(n)
            electrified.reserveCapacity(n); capacity.reserveCapacity(n); fixedCost.reserveCapacity(n)
            country.reserveCapacity(n); region.reserveCapacity(n); sourceIndex.reserveCapacity(n); fid.reserveCapacity(n)
            twin.reserveCapacity(n); geometryOffset.reserveCapacity(n + 1); geometry.reserveCapacity(points)
            capacityLow.reserveCapacity(n); capacityHigh.reserveCapacity(n); timeLow.reserveCapacity(n)
            timeHigh.reserveCapacity(n); fixedCostLow.reserveCapacity(n); fixedCostHigh.reserveCapacity(n)
        }
    }

    private var strings: [String] = [""]
    private var stringIndex: [String: UInt32] = ["": 0]
    /// The last string interned and its index: consecutive edges mostly share names, countries and regions.
    private var lastInterned: (string: String, index: UInt32) = ("", 0)
    private func intern(_ s: String) -> UInt32 {
        if s.isEmpty { return 0 }
        if s == lastInterned.string { return lastInterned.index }
        let i: UInt32
        if let known = stringIndex[s] { i = known } else {
            i = UInt32(strings.count)
            strings.append(s); stringIndex[s] = i
        }
        lastInterned = (s, i)
        return i
    }

    /// Builds the network. The builder can be reused afterwards only by adding more input and building again.
    public func build() throws(NetworkBuildError) -> Network {
        strings = [""]; stringIndex = ["": 0]; lastInterned = ("", 0)
        report.snapToleranceMeters = options.snapToleranceMeters
        report.zeroLengthPiecesDropped = 0; report.endpointsSnapped = 0; report.edgesSplitAtBoundaries = 0
        var tagged = applyRegions()
        if releasesInputAfterBuild { lines = LineStore() }
        // Layer instances in input order; dual lines go to 1520 then 1435.
        var instances: [(line: Int, layer: NetworkLayer)] = []
        instances.reserveCapacity(tagged.count)
        for i in 0..<tagged.count {
            let attributes = tagged.attributes[i]
            switch attributes.mode {
            case .road: instances.append((i, .road))
            case .rail:
                var gauge = attributes.gauge
                if gauge == .none { gauge = defaultGauge(country: attributes.country) }
                switch gauge {
                case .broad1520: instances.append((i, .rail1520))
                case .standard1435, .none: instances.append((i, .rail1435))
                case .dual: instances.append((i, .rail1520)); instances.append((i, .rail1435))
                }
            }
        }
        if instances.isEmpty { throw .noLines }

        // 1. Cluster vertices per layer. Instance k's sequence of (cluster, vertex) is
        // `sequenceCluster/sequenceVertex[sequenceStart[k] ..< sequenceStart[k + 1]]`.
        var clusters = VertexClusters(tolerance: options.snapToleranceMeters,
                                      expectedVertices: tagged.coordinates.count + (instances.count - tagged.count) * 2)
        var sequenceCluster: [Int32] = [], sequenceVertex: [Int32] = [], sequenceStart: [Int] = [0]
        let vertexEstimate = tagged.coordinates.count + (instances.count - tagged.count) * 2
        sequenceCluster.reserveCapacity(vertexEstimate); sequenceVertex.reserveCapacity(vertexEstimate)
        sequenceStart.reserveCapacity(instances.count + 1)
        var endpointsSnapped = 0
        tagged.coordinates.withUnsafeBufferPointer { coordinates in
            for (line, layer) in instances {
                let lo = tagged.start[line], n = tagged.start[line + 1] - lo
                let first = sequenceCluster.count
                for v in 0..<n {
                    let (c, snapped) = clusters.cluster(coordinates[lo + v], layer: layer)
                    if snapped && (v == 0 || v == n - 1) { endpointsSnapped += 1 }
                    if sequenceCluster.count > first, sequenceCluster[sequenceCluster.count - 1] == c {
                        // Consecutive vertices in one cluster collapse; keep the last one's index for line ends.
                        if v == n - 1 { sequenceVertex[sequenceVertex.count - 1] = Int32(v) }
                        continue
                    }
                    sequenceCluster.append(c); sequenceVertex.append(Int32(v))
                }
                let last = sequenceCluster.count - 1
                for k in first..<sequenceCluster.count {
                    let c = Int(sequenceCluster[k])
                    clusters.uses[c] += 1
                    if k == first || k == last { clusters.isEnd[c] = true }
                }
                sequenceStart.append(sequenceCluster.count)
            }
        }
        report.endpointsSnapped += endpointsSnapped
        clusters.releaseIndex()

        // 2. Nodes in order of first encounter; pieces between nodes become edges.
        var nodeOfCluster = [Int32](repeating: -1, count: clusters.count)
        var nodeLocation: [LonLat] = []
        var nodeLayer: [NetworkLayer] = []
        var edges = Edges()
        edges.reserveCapacity(edges: instances.count, points: vertexEstimate)
        var lastPieceByLine: [Int: [(from: Int32, to: Int32, edge: UInt32)]] = [:]
        var zeroLengthPiecesDropped = 0
        for (k, (line, layer)) in instances.enumerated() {
            let s0 = sequenceStart[k], sequenceCount = sequenceStart[k + 1] - s0
            let base = tagged.start[line]
            var start: Int? = nil
            for i in 0..<sequenceCount {
                let c = Int(sequenceCluster[s0 + i])
                guard clusters.isEnd[c] || clusters.uses[c] >= 2 else { continue }
                // Nodes are created when an edge uses them, so dropped pieces leave no isolated nodes.
                func node(_ c: Int) -> UInt32 {
                    if nodeOfCluster[c] < 0 {
                        nodeOfCluster[c] = Int32(nodeLocation.count)
                        nodeLocation.append(clusters.location[c]); nodeLayer.append(layer)
                    }
                    return UInt32(nodeOfCluster[c])
                }
                if let from = start {
                    // The polyline goes straight into the edges' geometry; removed again if the piece is dropped.
                    // Interior vertices keep their own coordinates; node vertices take the node's.
                    let first = edges.geometry.count
                    edges.geometry.append(clusters.location[Int(sequenceCluster[s0 + from])])
                    for j in (from + 1)..<i { edges.geometry.append(tagged.coordinates[base + Int(sequenceVertex[s0 + j])]) }
                    edges.geometry.append(clusters.location[c])
                    let length = Geodesic.length(edges.geometry[first...]) * tagged.lengthScale[line]
                    if length <= 0 || !length.isFinite {
                        edges.geometry.removeLast(edges.geometry.count - first)
                        zeroLengthPiecesDropped += 1
                    } else {
                        // A dual piece keeps its full capacity in each gauge layer (see the type's doc comment).
                        let tail = node(Int(sequenceCluster[s0 + from])), head = node(c)
                        let e = appendLineEdge(&edges, from: tail, to: head, length: length,
                                               attributes: tagged.attributes[line], layer: layer,
                                               source: tagged.source[line], fid: tagged.fid[line])
                        if tagged.attributes[line].gauge == .dual {
                            let key = (from: sequenceVertex[s0 + from], to: sequenceVertex[s0 + i], edge: e)
                            if layer == .rail1520 { lastPieceByLine[line, default: []].append(key) }
                            else if let twin = lastPieceByLine[line]?.first(where: { $0.from == key.from && $0.to == key.to }) {
                                edges.twin[Int(e)] = twin.edge
                                edges.twin[Int(twin.edge)] = e
                            }
                        }
                    }
                } else if sequenceCount == 1 {
                    zeroLengthPiecesDropped += 1
                }
                start = i
            }
        }
        report.zeroLengthPiecesDropped += zeroLengthPiecesDropped
        // The input, sequences and clusters are no longer needed: free them before the connectors and the CSR.
        tagged = LineStore(); sequenceCluster = []; sequenceVertex = []; sequenceStart = []
        clusters = VertexClusters(tolerance: 0); nodeOfCluster = []; instances = []
        guard nodeLocation.count < Int(UInt32.max) - 1 else { throw .tooLarge }

        // 3. Connectors. Incidence lists are built only when something needs them.
        var network = ConnectorState(nodeLocation: nodeLocation, nodeLayer: nodeLayer, edges: edges)
        nodeLocation = []; nodeLayer = []; edges = Edges()
        // Automatic crossings need line edges of two countries at a node: none without any country.
        let autoCrossings = options.autoBorderCrossings && network.edges.country.contains { $0 != 0 }
        if !crossings.isEmpty || !terminals.isEmpty || autoCrossings { network.buildIncidence() }
        var crossingInfos: [CrossingInfo] = []
        for definition in crossings {
            crossingInfos.append(try addCrossing(definition, &network))
        }
        if autoCrossings { crossingInfos += addAutomaticCrossings(&network) }
        var terminalInfos: [TerminalInfo] = []
        for definition in terminals { terminalInfos.append(try addTerminal(definition, &network)) }
        network.incident = []

        // 4. Arcs and CSR.
        let e = network.edges
        var tails: [UInt32] = [], heads: [UInt32] = [], arcEdge: [UInt32] = [], arcForward: [Bool] = []
        let arcCount = e.count + e.oneway.reduce(0) { $0 + ($1 ? 0 : 1) }
        tails.reserveCapacity(arcCount); heads.reserveCapacity(arcCount)
        arcEdge.reserveCapacity(arcCount); arcForward.reserveCapacity(arcCount)
        for i in 0..<e.count {
            tails.append(e.source[i]); heads.append(e.target[i]); arcEdge.append(UInt32(i)); arcForward.append(true)
            if !e.oneway[i] {
                tails.append(e.target[i]); heads.append(e.source[i]); arcEdge.append(UInt32(i)); arcForward.append(false)
            }
        }
        guard tails.count < Int(UInt32.max) else { throw .tooLarge }
        let (graph, order) = CSRGraph.build(nodeCount: network.nodeLocation.count, tails: tails, heads: heads)
        tails = []; heads = []
        let sortedArcEdge = order.map { arcEdge[Int($0)] }
        arcEdge = []
        let sortedArcForward = order.map { arcForward[Int($0)] }
        return Network(
            graph: graph, arcEdge: sortedArcEdge, arcForward: sortedArcForward, nodeLocation: network.nodeLocation,
            nodeLayer: network.nodeLayer, edgeSource: e.source, edgeTarget: e.target, edgeKind: e.kind, edgeMode: e.mode,
            edgeClass: e.cls, edgeName: e.name, edgeLengthMeters: e.length, edgeSpeedKmh: e.speed, edgeTimeSeconds: e.time,
            edgeOneway: e.oneway, edgeGauge: e.gauge, edgeTracks: e.tracks, edgeElectrified: e.electrified,
            edgeCapacityTonnesPerDay: e.capacity, edgeFixedCost: e.fixedCost, edgeCountry: e.country, edgeRegion: e.region,
            edgeSourceIndex: e.sourceIndex, edgeSourceFID: e.fid, edgeTwin: e.twin, edgeGeometryOffset: e.geometryOffset,
            geometry: e.geometry, strings: strings, places: places, crossings: crossingInfos, terminals: terminalInfos,
            report: report, costModel: options.costModel,
            ranges: ParameterRanges(capacityLow: e.capacityLow, capacityHigh: e.capacityHigh, timeLowSeconds: e.timeLow,
                                    timeHighSeconds: e.timeHigh, fixedCostLow: e.fixedCostLow, fixedCostHigh: e.fixedCostHigh))
    }

    /// Appends a line edge whose polyline was already appended to `edges.geometry`.
    private func appendLineEdge(_ edges: inout Edges, from: UInt32, to: UInt32, length: Double,
                                attributes a: EdgeAttributes, layer: NetworkLayer, source: Int, fid: Int64) -> UInt32 {
        let e = UInt32(edges.count)
        edges.source.append(from); edges.target.append(to); edges.kind.append(.line); edges.mode.append(a.mode)
        edges.cls.append(intern(a.roadClass)); edges.name.append(intern(a.name)); edges.length.append(length)
        edges.speed.append(a.speedKmh); edges.time.append(length / (a.speedKmh / 3.6)); edges.oneway.append(a.oneway)
        let gauge: GaugeSpec = layer == .road ? .none : (layer == .rail1520 ? .broad1520 : .standard1435)
        edges.gauge.append(a.gauge == .dual ? .dual : gauge)
        edges.tracks.append(UInt8(clamping: a.tracks)); edges.electrified.append(a.electrified)
        edges.capacity.append(a.capacityTonnesPerDay); edges.fixedCost.append(0)
        edges.country.append(intern(a.country)); edges.region.append(intern(a.region))
        edges.sourceIndex.append(UInt32(clamping: source)); edges.fid.append(fid); edges.twin.append(UInt32.max)
        edges.geometryOffset.append(UInt32(edges.geometry.count))
        let capacity = a.capacityRange ?? ValueRange(low: Double(a.capacityTonnesPerDay), high: Double(a.capacityTonnesPerDay))
        edges.capacityLow.append(capacity.low); edges.capacityHigh.append(capacity.high)
        // Time runs inversely with speed: the highest speed gives the shortest time.
        let speed = a.speedRange ?? ValueRange(low: a.speedKmh, high: a.speedKmh)
        edges.timeLow.append(length / (max(speed.high, a.speedKmh) / 3.6))
        edges.timeHigh.append(length / (min(max(speed.low, 1e-9), a.speedKmh) / 3.6))
        edges.fixedCostLow.append(0); edges.fixedCostHigh.append(0)
        return e
    }

    // MARK: - Regions

    /// Splits lines at region boundaries and tags the pieces. Pieces cut off for less than
    /// `options.autoCrossingMergeMeters` along a chain of lines take their neighbours' region first
    /// (`mergeShortRuns`), so a line wiggling along a border makes no crossings.
    private func applyRegions() -> LineStore {
        var current = lines
        for set in regions {
            let index = RegionIndex(set)
            let values = set.features.map { $0.value.uppercased() }
            var split = (0..<current.count).map { index.split(Array(current.line($0))) }
            if options.autoCrossingMergeMeters > 0 {
                NetworkBuilder.mergeAlongChains(&split, lines: current, values: values, tolerance: options.autoCrossingMergeMeters)
            }
            var next = LineStore()
            next.coordinates.reserveCapacity(current.coordinates.count)
            for i in 0..<current.count {
                // Neighbouring pieces of one region (after merging) are one piece again.
                var pieces: [(coordinates: [LonLat], feature: Int?)] = []
                for piece in split[i] {
                    if let last = pieces.last, last.feature.map({ values[$0] }) == piece.feature.map({ values[$0] }) {
                        pieces[pieces.count - 1].coordinates += piece.coordinates.dropFirst()
                    } else { pieces.append(piece) }
                }
                if pieces.count > 1 { report.edgesSplitAtBoundaries += 1 }
                for piece in pieces {
                    var attrs = current.attributes[i]
                    if let f = piece.feature {
                        let value = set.features[f].value
                        switch set.target {
                        case .country: attrs.country = value.uppercased()
                        case .region: attrs.region = value
                        }
                    }
                    next.append(piece.coordinates, attributes: attrs, source: current.source[i], fid: current.fid[i],
                                lengthScale: current.lengthScale[i])
                }
            }
            current = next
        }
        return current
    }

    /// Re-tags short boundary pieces along chains: lines of one mode joined end to end where exactly two line ends
    /// meet at the same coordinate (a chain stops at junctions and dead ends). Each chain's pieces, in travel
    /// order, go through `mergeShortRuns`; so do the pieces of a single line.
    /// - Complexity: O(n + p) hashing for n lines and p pieces, plus `mergeShortRuns` per chain.
    private static func mergeAlongChains(_ split: inout [[(coordinates: [LonLat], feature: Int?)]], lines: LineStore,
                                 values: [String], tolerance: Double) {
        struct End: Hashable { var lon: UInt64, lat: UInt64, mode: UInt8 }
        func end(_ line: Int, last: Bool) -> End {
            let slice = lines.line(line)
            let p = last ? slice.last! : slice.first!
            return End(lon: p.lon.bitPattern, lat: p.lat.bitPattern, mode: lines.attributes[line].mode.rawValue)
        }
        var ends: [End: [(line: Int, last: Bool)]] = [:]
        for i in 0..<lines.count where lines.line(i).count >= 2 {
            ends[end(i, last: false), default: []].append((i, false))
            ends[end(i, last: true), default: []].append((i, true))
        }
        /// The other line end at a joint of exactly two ends, if any.
        func partner(_ line: Int, last: Bool) -> (line: Int, last: Bool)? {
            guard let here = ends[end(line, last: last)], here.count == 2 else { return nil }
            let other = here[0].line == line && here[0].last == last ? here[1] : here[0]
            return other.line == line ? nil : other   // a loop closing on itself ends the chain
        }
        var visited = [Bool](repeating: false, count: lines.count)
        func walk(from start: Int) {
            // Back up to the chain's first line, then walk forward.
            var first = (line: start, reversed: false)
            var seen: Set<Int> = [start]
            while let p = partner(first.line, last: first.reversed), !seen.contains(p.line) {
                // Arriving at p's end `p.last` going backwards: p runs forward when that end is its last point.
                first = (p.line, !p.last); seen.insert(p.line)
            }
            var chain: [(line: Int, reversed: Bool)] = []
            var cursor: (line: Int, reversed: Bool)? = first
            while let c = cursor, !visited[c.line] {
                visited[c.line] = true
                chain.append(c)
                cursor = partner(c.line, last: !c.reversed).map { (line: $0.line, reversed: $0.last) }
            }
            var lengths: [Double] = [], features: [Int?] = [], slots: [(line: Int, piece: Int)] = []
            for (line, reversed) in chain {
                let order = reversed ? Array(split[line].indices.reversed()) : Array(split[line].indices)
                for k in order {
                    lengths.append(Geodesic.length(split[line][k].coordinates)); features.append(split[line][k].feature)
                    slots.append((line, k))
                }
            }
            // A chain end at a junction (three or more line ends) may give up a short end run: the crossing then
            // sits at the junction instead of a few hundred metres into the branch. Dead ends keep theirs.
            let last = chain[chain.count - 1]
            let startAtJunction = (ends[end(first.line, last: first.reversed)]?.count ?? 0) >= 3
            let endAtJunction = (ends[end(last.line, last: !last.reversed)]?.count ?? 0) >= 3
            let merged = mergeShortRuns(lengths: lengths, features: features, values: values, tolerance: tolerance,
                                        keepFirst: !startAtJunction, keepLast: !endAtJunction)
            for (slot, f) in zip(slots, merged) { split[slot.line][slot.piece].feature = f }
        }
        for i in 0..<lines.count where !visited[i] && lines.line(i).count >= 2 { walk(from: i) }
    }

    /// Along a sequence of pieces (lengths in metres, the region feature of each), a run of pieces of one region
    /// shorter than `tolerance` between two other runs takes the region of its longer neighbour, shortest run
    /// first, until every interior run is at least `tolerance` long. The first and last runs are kept unless
    /// `keepFirst`/`keepLast` is false (a line may end just across a border, at a station there); an end run that
    /// may go takes its one neighbour's region. Regions compare by `values` (case-insensitive), so two polygons of
    /// one country are one run.
    /// - Complexity: O(r²) for r runs (the times the sequence meets a boundary: small).
    static func mergeShortRuns(lengths: [Double], features: [Int?], values: [String], tolerance: Double,
                               keepFirst: Bool = true, keepLast: Bool = true) -> [Int?] {
        var out = features
        func value(_ f: Int?) -> String? { f.map { values[$0] } }
        while true {
            // Runs of equal value: (first piece, end piece, length).
            var runs: [(start: Int, end: Int, length: Double)] = []
            for i in out.indices {
                if let last = runs.last, value(out[last.start]) == value(out[i]) {
                    runs[runs.count - 1].end = i + 1; runs[runs.count - 1].length += lengths[i]
                } else { runs.append((i, i + 1, lengths[i])) }
            }
            guard runs.count >= 2 else { return out }
            var shortest: Int? = nil
            for r in runs.indices where runs[r].length < tolerance {
                if (r == 0 && keepFirst) || (r == runs.count - 1 && keepLast) { continue }
                if shortest == nil || runs[r].length < runs[shortest!].length { shortest = r }
            }
            guard let r = shortest else { return out }
            let donor: (start: Int, end: Int, length: Double)
            if r == 0 { donor = runs[1] }
            else if r == runs.count - 1 { donor = runs[r - 1] }
            else { donor = runs[r - 1].length >= runs[r + 1].length ? runs[r - 1] : runs[r + 1] }
            for i in runs[r].start..<runs[r].end { out[i] = out[donor.start] }
        }
    }

    // MARK: - Connectors

    private struct ConnectorState {
        var nodeLocation: [LonLat]
        var nodeLayer: [NetworkLayer]
        var edges: Edges
        var incident: [[UInt32]] = []

        mutating func buildIncidence() {
            incident = Array(repeating: [], count: nodeLocation.count)
            for e in 0..<edges.count {
                incident[Int(edges.source[e])].append(UInt32(e))
                if edges.target[e] != edges.source[e] { incident[Int(edges.target[e])].append(UInt32(e)) }
            }
        }

        /// Nodes of `layer` within `radius` of `p`, nearest first (ties by id).
        func nodes(near p: LonLat, layer: NetworkLayer, radius: Double) -> [(node: Int, distance: Double)] {
            let degreesLat = radius / 110_000 + 1e-9
            let degreesLon = degreesLat / max(cos(p.lat * .pi / 180), 0.01)
            var found: [(node: Int, distance: Double)] = []
            for (v, q) in nodeLocation.enumerated() where nodeLayer[v] == layer {
                if abs(q.lat - p.lat) > degreesLat || abs(q.lon - p.lon) > degreesLon { continue }
                let d = Geodesic.distance(p, q)
                if d <= radius { found.append((v, d)) }
            }
            return found.sorted { ($0.distance, $0.node) < ($1.distance, $1.node) }
        }

        /// Countries of the line edges at `node`, in order of first appearance.
        func countries(at node: Int, strings: [String]) -> [String] {
            var seen: [String] = []
            for e in incident[node] where edges.kind[Int(e)] == .line {
                let c = strings[Int(edges.country[Int(e)])]
                if !c.isEmpty && !seen.contains(c) { seen.append(c) }
            }
            return seen
        }

        /// Moves the line edges of `country` at `node` to a new node at the same place; returns it.
        mutating func split(node: Int, country: UInt32) -> Int {
            let new = nodeLocation.count
            nodeLocation.append(nodeLocation[node]); nodeLayer.append(nodeLayer[node]); incident.append([])
            var stay: [UInt32] = []
            for e in incident[node] {
                let i = Int(e)
                guard edges.kind[i] == .line, edges.country[i] == country else { stay.append(e); continue }
                if edges.source[i] == UInt32(node) { edges.source[i] = UInt32(new) }
                if edges.target[i] == UInt32(node) { edges.target[i] = UInt32(new) }
                incident[new].append(e)
            }
            incident[node] = stay
            return new
        }
    }

    private func appendConnector(_ s: inout ConnectorState, from a: Int, to b: Int, kind: EdgeKind, name: String,
                                 capacity: Int64, delaySeconds: Double, cost: Double, country: String,
                                 ranges: ConnectorRanges = ConnectorRanges()) -> UInt32 {
        let e = UInt32(s.edges.count)
        let layer = s.nodeLayer[a]
        s.edges.source.append(UInt32(a)); s.edges.target.append(UInt32(b)); s.edges.kind.append(kind)
        s.edges.mode.append(layer.mode); s.edges.cls.append(intern(kind.description)); s.edges.name.append(intern(name))
        s.edges.length.append(0); s.edges.speed.append(0); s.edges.time.append(delaySeconds); s.edges.oneway.append(false)
        let gauge: GaugeSpec = kind == .transshipment ? .dual : (layer == .rail1520 ? .broad1520 : layer == .rail1435 ? .standard1435 : .none)
        s.edges.gauge.append(gauge); s.edges.tracks.append(0); s.edges.electrified.append(false)
        s.edges.capacity.append(capacity); s.edges.fixedCost.append(cost); s.edges.country.append(intern(country))
        s.edges.region.append(0); s.edges.sourceIndex.append(UInt32.max); s.edges.fid.append(-1)
        s.edges.twin.append(UInt32.max)
        s.edges.geometry.append(s.nodeLocation[a]); s.edges.geometry.append(s.nodeLocation[b])
        s.edges.geometryOffset.append(UInt32(s.edges.geometry.count))
        let c = ranges.capacity ?? ValueRange(low: Double(capacity), high: Double(capacity))
        let t = ranges.delaySeconds ?? ValueRange(low: delaySeconds, high: delaySeconds)
        let k = ranges.cost ?? ValueRange(low: cost, high: cost)
        s.edges.capacityLow.append(c.low); s.edges.capacityHigh.append(c.high)
        s.edges.timeLow.append(t.low); s.edges.timeHigh.append(t.high)
        s.edges.fixedCostLow.append(k.low); s.edges.fixedCostHigh.append(k.high)
        s.incident[a].append(e); s.incident[b].append(e)
        return e
    }

    private static func layers(of modes: [TransportMode]) -> [NetworkLayer] {
        var out: [NetworkLayer] = []
        if modes.contains(.road) { out.append(.road) }
        if modes.contains(.rail) { out += [.rail1520, .rail1435] }
        return out
    }

    private func addCrossing(_ d: CrossingDefinition, _ s: inout ConnectorState) throws(NetworkBuildError) -> CrossingInfo {
        let countries = d.countries.map { $0.uppercased() }
        guard countries.count >= 2, Set(countries).count == countries.count else {
            throw .invalidDefinition("crossing \(d.name): needs two different countries")
        }
        let radius = options.connectorSearchRadiusMeters
        let layers = NetworkBuilder.layers(of: d.modes)
        var chosen: [(layer: NetworkLayer, node: Int)] = []
        var anyNode = false
        var found: [String] = []
        for layer in layers {
            let near = s.nodes(near: d.location, layer: layer, radius: radius)
            anyNode = anyNode || !near.isEmpty
            for candidate in near {
                let present = s.countries(at: candidate.node, strings: strings)
                for c in present where !found.contains(c) { found.append(c) }
                if countries.allSatisfy(present.contains) { chosen.append((layer, candidate.node)); break }
            }
        }
        guard anyNode else { throw .crossingNodeNotFound(crossing: d.name, layers: layers, radiusMeters: radius) }
        // Road layer is required when listed; rail needs at least one gauge.
        let roadMissing = layers.contains(.road) && !chosen.contains { $0.layer == .road }
        let railMissing = d.modes.contains(.rail) && !chosen.contains { $0.layer != .road }
        if chosen.isEmpty || roadMissing || railMissing {
            throw .crossingCountriesAbsent(crossing: d.name, countries: countries, found: found.sorted())
        }
        // Every layer's connector gets the crossing's full capacity: the layers share it (reported after a flow).
        var edgesBuilt: [UInt32] = []
        for (_, node) in chosen {
            for other in countries.dropFirst() {
                let moved = s.split(node: node, country: intern(other))
                edgesBuilt.append(appendConnector(&s, from: node, to: moved, kind: .crossing, name: d.name,
                                                  capacity: d.capacityTonnesPerDay,
                                                  delaySeconds: d.delaySeconds, cost: d.cost, country: countries[0],
                                                  ranges: d.ranges))
            }
        }
        return CrossingInfo(name: d.name, location: d.location, countries: countries, modes: d.modes,
                            capacityTonnesPerDay: d.capacityTonnesPerDay, delaySeconds: d.delaySeconds, cost: d.cost,
                            note: d.note, edges: edgesBuilt.sorted())
    }

    /// Nodes where line edges of two or more countries meet become crossings with default attributes.
    private func addAutomaticCrossings(_ s: inout ConnectorState) -> [CrossingInfo] {
        var infos: [CrossingInfo] = []
        let original = s.nodeLocation.count
        for node in 0..<original {
            let present = s.countries(at: node, strings: strings).sorted()
            guard present.count >= 2 else { continue }
            var sides: [(country: String, node: Int)] = [(present[0], node)]
            for c in present.dropFirst() { sides.append((c, s.split(node: node, country: intern(c)))) }
            let p = s.nodeLocation[node]
            for i in 0..<sides.count {
                for j in (i + 1)..<sides.count {
                    let name = "\(sides[i].country)–\(sides[j].country) border at \(NumberFormat.trimmed(p.lon, decimals: 4)),\(NumberFormat.trimmed(p.lat, decimals: 4))"
                    let e = appendConnector(&s, from: sides[i].node, to: sides[j].node, kind: .crossing, name: name,
                                            capacity: options.autoCrossingCapacityTonnesPerDay,
                                            delaySeconds: options.autoCrossingDelaySeconds, cost: options.autoCrossingCost,
                                            country: sides[i].country)
                    infos.append(CrossingInfo(name: name, location: p, countries: [sides[i].country, sides[j].country],
                                              modes: [s.nodeLayer[node].mode],
                                              capacityTonnesPerDay: options.autoCrossingCapacityTonnesPerDay,
                                              delaySeconds: options.autoCrossingDelaySeconds, cost: options.autoCrossingCost,
                                              note: "automatic: lines of two countries meet at a region boundary", edges: [e]))
                }
            }
        }
        return infos
    }

    private func addTerminal(_ d: TerminalDefinition, _ s: inout ConnectorState) throws(NetworkBuildError) -> TerminalInfo {
        let radius = options.connectorSearchRadiusMeters
        func nearest(_ layer: NetworkLayer) -> Int? { s.nodes(near: d.location, layer: layer, radius: radius).first?.node }
        var built: [UInt32] = []
        switch d.kind {
        case .transshipment:
            guard let broad = nearest(.rail1520) else {
                throw .terminalNodeNotFound(place: d.place, kind: d.kind, layer: "rail-1520", radiusMeters: radius)
            }
            guard let standard = nearest(.rail1435) else {
                throw .terminalNodeNotFound(place: d.place, kind: d.kind, layer: "rail-1435", radiusMeters: radius)
            }
            built.append(appendConnector(&s, from: broad, to: standard, kind: .transshipment, name: d.place,
                                         capacity: d.capacityTonnesPerDay, delaySeconds: d.delaySeconds, cost: d.cost,
                                         country: "", ranges: d.ranges))
        case .transfer:
            guard let road = nearest(.road) else {
                throw .terminalNodeNotFound(place: d.place, kind: d.kind, layer: "road", radiusMeters: radius)
            }
            let rails = [NetworkLayer.rail1520, .rail1435].filter { d.railLayers?.contains($0) ?? true }.compactMap(nearest)
            guard !rails.isEmpty else {
                throw .terminalNodeNotFound(place: d.place, kind: d.kind, layer: "rail", radiusMeters: radius)
            }
            // Each rail layer's connector gets the terminal's full capacity: they share it (reported after a flow).
            for rail in rails {
                built.append(appendConnector(&s, from: road, to: rail, kind: .transfer, name: d.place,
                                             capacity: d.capacityTonnesPerDay,
                                             delaySeconds: d.delaySeconds, cost: d.cost, country: "", ranges: d.ranges))
            }
        default:
            throw .invalidDefinition("terminal \(d.place): kind must be transshipment or transfer")
        }
        return TerminalInfo(place: d.place, kind: d.kind, location: d.location, capacityTonnesPerDay: d.capacityTonnesPerDay,
                            delaySeconds: d.delaySeconds, cost: d.cost, note: d.note, edges: built.sorted())
    }
}

/// Vertex clusters per layer by a grid hash: a vertex joins the nearest existing cluster representative within the
/// tolerance (ties: lowest id), else starts a cluster. Greedy in input order, so deterministic.
///
/// Both lookups (exact coordinate → cluster, grid cell → clusters in it) are open-addressing tables keyed by plain
/// integers with a multiplicative hash: no `Hasher`, no per-cell arrays (a cell's clusters are a linked list through
/// `nextInCell`).
struct VertexClusters {
    let tolerance: Double
    var location: [LonLat] = []
    var uses: [Int32] = []
    var isEnd: [Bool] = []
    private var exact = IntegerPairTable()
    private var cells = IntegerPairTable()
    /// Next cluster in the same grid cell, or -1.
    private var nextInCell: [Int32] = []
    /// One bit per hashed grid cell, set when the cell gets a cluster: most of the 3×3 cells probed around a new
    /// vertex are empty, and this bitset (a few bits per vertex, cache-resident) says so without a random probe of
    /// the much larger `cells` table. A set bit may be a collision; the table decides then.
    private var occupiedCells: [UInt64] = []
    private var occupiedCellsMask = 0
    var count: Int { location.count }

    init(tolerance: Double, expectedVertices: Int = 0) {
        self.tolerance = tolerance.isFinite ? max(0, tolerance) : 0
        if self.tolerance > 0 {
            var bits = 1 << 16
            while bits < 8 * expectedVertices && bits < 1 << 34 { bits <<= 1 }
            occupiedCells = [UInt64](repeating: 0, count: bits / 64)
            occupiedCellsMask = bits - 1
        }
    }

    /// Distance in metres between two nearby points in a local equirectangular frame at their mean latitude
    /// (accurate to well under 1 % at snapping distances, anywhere but across the antimeridian).
    @inline(__always) private static func localDistance(_ a: LonLat, _ b: LonLat) -> Double {
        let dx = (a.lon - b.lon) * 111_320 * cos((a.lat + b.lat) / 2 * .pi / 180)
        let dy = (a.lat - b.lat) * 110_574
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Grid rows are `tolerance` metres of latitude high; each row's cells are at least `tolerance` metres wide at
    /// every latitude inside the row (their width in degrees uses the row's poleward edge), so all points within
    /// the tolerance of a point lie in the 3 × 3 cells around it, whatever the longitude.
    private var rowHeightDegrees: Double { tolerance / 110_574 }

    @inline(__always) private func cellWidthDegrees(row: Int64) -> Double {
        let h = rowHeightDegrees
        let poleward = max(abs(Double(row) * h), abs(Double(row + 1) * h))
        return tolerance / (111_320 * max(cos(min(poleward, 90) * .pi / 180), 0.01))
    }

    /// Frees the lookup tables; `location`, `uses` and `isEnd` stay.
    mutating func releaseIndex() {
        exact = IntegerPairTable(); cells = IntegerPairTable(); nextInCell = []; occupiedCells = []
    }

    /// Bit index of a cell in `occupiedCells` (high hash bits: the table's slots use the low ones).
    @inline(__always) private func occupancyBit(_ a: UInt64, _ b: UInt64, layer: UInt8) -> Int {
        Int(truncatingIfNeeded: UInt64(bitPattern: Int64(IntegerPairTable.hash(a, b, layer))) >> 29) & occupiedCellsMask
    }

    /// The cluster of `p` in `layer`, and whether `p` was merged into a cluster at a different coordinate.
    mutating func cluster(_ p: LonLat, layer: NetworkLayer) -> (Int32, snapped: Bool) {
        // -0 and +0 are one coordinate.
        let lonBits = (p.lon + 0).bitPattern, latBits = (p.lat + 0).bitPattern
        let exactSlot = exact.slot(lonBits, latBits, layer: layer.rawValue)
        if let c = exact.value(at: exactSlot) { return (c, false) }
        if tolerance > 0 {
            let cy = Int64((p.lat / rowHeightDegrees).rounded(.down))
            let cx = Int64((p.lon / cellWidthDegrees(row: cy)).rounded(.down))
            var best: (distance: Double, id: Int32)? = nil
            for dy in -1...1 {
                // Each row has its own cell width, so the column is computed per row.
                let row = cy &+ Int64(dy)
                let column = Int64((p.lon / cellWidthDegrees(row: row)).rounded(.down))
                for dx in -1...1 {
                    let key = (UInt64(bitPattern: column &+ Int64(dx)), UInt64(bitPattern: row))
                    let bit = occupancyBit(key.0, key.1, layer: layer.rawValue)
                    if occupiedCells[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { continue }
                    guard var id = cells.value(at: cells.slot(key.0, key.1, layer: layer.rawValue)) else { continue }
                    while id >= 0 {
                        let d = VertexClusters.localDistance(location[Int(id)], p)
                        if d <= tolerance, best.map({ (d, id) < ($0.distance, $0.id) }) ?? true { best = (d, id) }
                        id = nextInCell[Int(id)]
                    }
                }
            }
            if let best {
                exact.insert(best.id, at: exactSlot, lonBits, latBits, layer: layer.rawValue)
                return (best.id, true)
            }
            let id = Int32(location.count)
            let cellKey = (UInt64(bitPattern: cx), UInt64(bitPattern: cy))
            let cellSlot = cells.slot(cellKey.0, cellKey.1, layer: layer.rawValue)
            let bit = occupancyBit(cellKey.0, cellKey.1, layer: layer.rawValue)
            occupiedCells[bit >> 6] |= 1 << UInt64(bit & 63)
            nextInCell.append(cells.value(at: cellSlot) ?? -1)
            cells.insertOrReplace(id, at: cellSlot, cellKey.0, cellKey.1, layer: layer.rawValue)
            exact.insert(id, at: exact.slot(lonBits, latBits, layer: layer.rawValue), lonBits, latBits, layer: layer.rawValue)
            append(p)
            return (id, false)
        }
        let id = Int32(location.count)
        exact.insert(id, at: exactSlot, lonBits, latBits, layer: layer.rawValue)
        append(p)
        return (id, false)
    }

    private mutating func append(_ p: LonLat) {
        location.append(p); uses.append(0); isEnd.append(false)
    }
}

/// Open-addressing hash table from (UInt64, UInt64, layer) to a non-negative Int32, linear probing, load ≤ 1/2.
/// `slot` finds a key's slot (occupied by it, or the empty slot where it belongs); `insert` fills an empty slot
/// found by `slot` (and may grow the table, so slots are not reused across inserts).
struct IntegerPairTable {
    private struct Entry { var a: UInt64; var b: UInt64; var value: Int32; var layer: UInt8 }
    private var entries: [Entry] = []
    private var mask = -1
    private var filled = 0

    @inline(__always) static func hash(_ a: UInt64, _ b: UInt64, _ layer: UInt8) -> Int {
        // splitmix64's finalizer over a combination of the key words.
        var z = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ UInt64(layer) &* 0xD6E8_FEB8_6659_FD93)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: z ^ (z >> 31))
    }

    /// The slot of the key, or -1 while the table is empty.
    @inline(__always) func slot(_ a: UInt64, _ b: UInt64, layer: UInt8) -> Int {
        if entries.isEmpty { return -1 }
        return entries.withUnsafeBufferPointer { table in
            var i = IntegerPairTable.hash(a, b, layer) & mask
            while true {
                let entry = table[i]
                if entry.value < 0 || (entry.a == a && entry.b == b && entry.layer == layer) { return i }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always) func value(at slot: Int) -> Int32? {
        guard slot >= 0 else { return nil }
        let value = entries[slot].value
        return value < 0 ? nil : value
    }

    /// Replaces the value of an occupied slot or fills an empty one.
    mutating func insertOrReplace(_ value: Int32, at slot: Int, _ a: UInt64, _ b: UInt64, layer: UInt8) {
        if slot >= 0, entries[slot].value >= 0 { entries[slot].value = value; return }
        insert(value, at: slot, a, b, layer: layer)
    }

    /// Fills the empty slot `slot` (from `slot(_:_:layer:)`) with a new key.
    mutating func insert(_ value: Int32, at slot: Int, _ a: UInt64, _ b: UInt64, layer: UInt8) {
        if (filled + 1) * 2 > entries.count {
            grow()
            insertFresh(Entry(a: a, b: b, value: value, layer: layer))
        } else {
            entries[slot] = Entry(a: a, b: b, value: value, layer: layer)
        }
        filled += 1
    }

    private mutating func grow() {
        let old = entries
        let capacity = max(1024, entries.count * 2)
        entries = Array(repeating: Entry(a: 0, b: 0, value: -1, layer: 0), count: capacity)
        mask = capacity - 1
        for entry in old where entry.value >= 0 { insertFresh(entry) }
    }

    private mutating func insertFresh(_ entry: Entry) {
        var i = IntegerPairTable.hash(entry.a, entry.b, entry.layer) & mask
        while entries[i].value >= 0 { i = (i + 1) & mask }
        entries[i] = entry
    }
}
