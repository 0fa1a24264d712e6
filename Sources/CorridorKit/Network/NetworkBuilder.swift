import CorridorGeo
import CorridorGraph
import Foundation

/// Builds a routable `Network` from line features, crossings, terminals and region polygons.
///
/// Topology, per layer (`road`, `rail-1520`, `rail-1435`): a node sits at each line end and at each interior vertex
/// that two or more lines (or one line twice) share, where "share" means equal within `snapToleranceMeters`
/// (grid hash, O(vertices)). Lines that cross without a shared vertex stay apart. Each piece of a line between nodes
/// becomes an edge with its polyline, geodesic length and time = length / speed; zero-length pieces are dropped.
/// Dual-gauge lines become an edge in each rail layer (capacity split, `edgeTwin` set when the pieces match).
/// Ids follow input order (lines in the order added, parts in order), so a build is deterministic.
///
/// Usage: `addLine` for each line, `crossings`/`terminals`/`regions` as needed, then `build()`.
public final class NetworkBuilder {
    public var options: NetworkBuildOptions
    public var crossings: [CrossingDefinition] = []
    public var terminals: [TerminalDefinition] = []
    /// Polygon sets applied in order (e.g. countries, then provinces).
    public var regions: [RegionPolygons] = []
    public var places: Gazetteer = .empty
    /// Filled by the loader (sources); the builder adds its own counts.
    public var report = BuildReport()

    private struct RawLine { var coordinates: [LonLat]; var attributes: EdgeAttributes; var source: Int; var fid: Int64 }
    private var lines: [RawLine] = []

    public init(options: NetworkBuildOptions = NetworkBuildOptions()) { self.options = options }

    /// Number of lines added so far.
    public var lineCount: Int { lines.count }

    /// Adds one line (one part of a feature). `source` indexes `report.sources` (or any caller numbering).
    public func addLine(_ coordinates: [LonLat], attributes: EdgeAttributes, source: Int, fid: Int64) {
        lines.append(RawLine(coordinates: coordinates, attributes: attributes, source: source, fid: fid))
    }

    // MARK: - Build

    /// Working arrays, one entry per edge.
    private struct Edges {
        var source: [UInt32] = [], target: [UInt32] = [], kind: [EdgeKind] = [], mode: [TransportMode] = []
        var cls: [UInt32] = [], name: [UInt32] = [], length: [Double] = [], speed: [Double] = [], time: [Double] = []
        var oneway: [Bool] = [], gauge: [GaugeSpec] = [], tracks: [UInt8] = [], electrified: [Bool] = []
        var capacity: [Int64] = [], fixedCost: [Double] = [], country: [UInt32] = [], region: [UInt32] = []
        var sourceIndex: [UInt32] = [], fid: [Int64] = [], twin: [UInt32] = [], geometryOffset: [UInt32] = [0]
        var geometry: [LonLat] = []
        var count: Int { kind.count }
    }

    private var strings: [String] = [""]
    private var stringIndex: [String: UInt32] = ["": 0]
    private func intern(_ s: String) -> UInt32 {
        if let i = stringIndex[s] { return i }
        let i = UInt32(strings.count)
        strings.append(s); stringIndex[s] = i
        return i
    }

    /// Builds the network. The builder can be reused afterwards only by adding more input and building again.
    public func build() throws(NetworkBuildError) -> Network {
        strings = [""]; stringIndex = ["": 0]
        report.snapToleranceMeters = options.snapToleranceMeters
        report.zeroLengthPiecesDropped = 0; report.endpointsSnapped = 0; report.edgesSplitAtBoundaries = 0
        let tagged = applyRegions()
        // Layer instances in input order; dual lines go to 1520 then 1435.
        var instances: [(line: Int, layer: NetworkLayer)] = []
        instances.reserveCapacity(tagged.count)
        for (i, line) in tagged.enumerated() {
            switch line.attributes.mode {
            case .road: instances.append((i, .road))
            case .rail:
                var gauge = line.attributes.gauge
                if gauge == .none { gauge = defaultGauge(country: line.attributes.country) }
                switch gauge {
                case .broad1520: instances.append((i, .rail1520))
                case .standard1435, .none: instances.append((i, .rail1435))
                case .dual: instances.append((i, .rail1520)); instances.append((i, .rail1435))
                }
            }
        }
        if instances.isEmpty { throw .noLines }

        // 1. Cluster vertices per layer.
        var clusters = VertexClusters(tolerance: options.snapToleranceMeters)
        var sequences: [[(cluster: Int32, vertex: Int32)]] = []
        sequences.reserveCapacity(instances.count)
        for (line, layer) in instances {
            let coords = tagged[line].coordinates
            var seq: [(cluster: Int32, vertex: Int32)] = []
            seq.reserveCapacity(coords.count)
            for (v, p) in coords.enumerated() {
                let isEnd = v == 0 || v == coords.count - 1
                let (c, snapped) = clusters.cluster(p, layer: layer)
                if snapped && isEnd { report.endpointsSnapped += 1 }
                if seq.last?.cluster == c {
                    // Consecutive vertices in one cluster collapse; keep the last one's index for line ends.
                    if v == coords.count - 1 { seq[seq.count - 1].vertex = Int32(v) }
                    continue
                }
                seq.append((c, Int32(v)))
            }
            for (k, s) in seq.enumerated() {
                clusters.uses[Int(s.cluster)] += 1
                if k == 0 || k == seq.count - 1 { clusters.isEnd[Int(s.cluster)] = true }
            }
            sequences.append(seq)
        }

        // 2. Nodes in order of first encounter; pieces between nodes become edges.
        var nodeOfCluster = [Int32](repeating: -1, count: clusters.count)
        var nodeLocation: [LonLat] = []
        var nodeLayer: [NetworkLayer] = []
        var edges = Edges()
        var lastPieceByLine: [Int: [(from: Int32, to: Int32, edge: UInt32)]] = [:]
        for (k, (line, layer)) in instances.enumerated() {
            let seq = sequences[k]
            let raw = tagged[line]
            var start: Int? = nil
            for (i, s) in seq.enumerated() {
                let c = Int(s.cluster)
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
                    var polyline: [LonLat] = [clusters.location[Int(seq[from].cluster)]]
                    for j in (from + 1)..<i {
                        // Interior vertices keep their own coordinates; node vertices take the node's.
                        polyline.append(raw.coordinates[Int(seq[j].vertex)])
                    }
                    polyline.append(clusters.location[c])
                    let length = Geodesic.length(polyline)
                    if length <= 0 || !length.isFinite {
                        report.zeroLengthPiecesDropped += 1
                    } else {
                        var attrs = raw.attributes
                        if raw.attributes.gauge == .dual {
                            let c = attrs.capacityTonnesPerDay
                            attrs.capacityTonnesPerDay = layer == .rail1520 ? (c + 1) / 2 : c / 2
                        }
                        let tail = node(Int(seq[from].cluster)), head = node(c)
                        let e = appendLineEdge(&edges, from: tail, to: head, polyline: polyline, length: length,
                                               attributes: attrs, layer: layer, source: raw.source, fid: raw.fid)
                        if raw.attributes.gauge == .dual {
                            let key = (from: seq[from].vertex, to: s.vertex, edge: e)
                            if layer == .rail1520 { lastPieceByLine[line, default: []].append(key) }
                            else if let twin = lastPieceByLine[line]?.first(where: { $0.from == key.from && $0.to == key.to }) {
                                edges.twin[Int(e)] = twin.edge
                                edges.twin[Int(twin.edge)] = e
                            }
                        }
                    }
                } else if seq.count == 1 {
                    report.zeroLengthPiecesDropped += 1
                }
                start = i
            }
        }
        guard nodeLocation.count < Int(UInt32.max) - 1 else { throw .tooLarge }

        // 3. Connectors.
        var network = ConnectorState(nodeLocation: nodeLocation, nodeLayer: nodeLayer, edges: edges)
        network.buildIncidence()
        var crossingInfos: [CrossingInfo] = []
        for definition in crossings {
            crossingInfos.append(try addCrossing(definition, &network))
        }
        if options.autoBorderCrossings { crossingInfos += addAutomaticCrossings(&network) }
        var terminalInfos: [TerminalInfo] = []
        for definition in terminals { terminalInfos.append(try addTerminal(definition, &network)) }

        // 4. Arcs and CSR.
        let e = network.edges
        var tails: [UInt32] = [], heads: [UInt32] = [], arcEdge: [UInt32] = [], arcForward: [Bool] = []
        tails.reserveCapacity(e.count * 2); heads.reserveCapacity(e.count * 2)
        for i in 0..<e.count {
            tails.append(e.source[i]); heads.append(e.target[i]); arcEdge.append(UInt32(i)); arcForward.append(true)
            if !e.oneway[i] {
                tails.append(e.target[i]); heads.append(e.source[i]); arcEdge.append(UInt32(i)); arcForward.append(false)
            }
        }
        guard tails.count < Int(UInt32.max) else { throw .tooLarge }
        let (graph, order) = CSRGraph.build(nodeCount: network.nodeLocation.count, tails: tails, heads: heads)
        let sortedArcEdge = order.map { arcEdge[Int($0)] }
        let sortedArcForward = order.map { arcForward[Int($0)] }
        return Network(
            graph: graph, arcEdge: sortedArcEdge, arcForward: sortedArcForward, nodeLocation: network.nodeLocation,
            nodeLayer: network.nodeLayer, edgeSource: e.source, edgeTarget: e.target, edgeKind: e.kind, edgeMode: e.mode,
            edgeClass: e.cls, edgeName: e.name, edgeLengthMeters: e.length, edgeSpeedKmh: e.speed, edgeTimeSeconds: e.time,
            edgeOneway: e.oneway, edgeGauge: e.gauge, edgeTracks: e.tracks, edgeElectrified: e.electrified,
            edgeCapacityTonnesPerDay: e.capacity, edgeFixedCost: e.fixedCost, edgeCountry: e.country, edgeRegion: e.region,
            edgeSourceIndex: e.sourceIndex, edgeSourceFID: e.fid, edgeTwin: e.twin, edgeGeometryOffset: e.geometryOffset,
            geometry: e.geometry, strings: strings, places: places, crossings: crossingInfos, terminals: terminalInfos,
            report: report, costModel: options.costModel)
    }

    private func appendLineEdge(_ edges: inout Edges, from: UInt32, to: UInt32, polyline: [LonLat], length: Double,
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
        edges.geometry.append(contentsOf: polyline); edges.geometryOffset.append(UInt32(edges.geometry.count))
        return e
    }

    // MARK: - Regions

    /// Splits lines at region boundaries and tags the pieces.
    private func applyRegions() -> [RawLine] {
        var current = lines
        for set in regions {
            let index = RegionIndex(set)
            var next: [RawLine] = []
            next.reserveCapacity(current.count)
            for line in current {
                let pieces = index.split(line.coordinates)
                if pieces.count > 1 { report.edgesSplitAtBoundaries += 1 }
                for piece in pieces {
                    var attrs = line.attributes
                    if let f = piece.feature {
                        let value = set.features[f].value
                        switch set.target {
                        case .country: attrs.country = value.uppercased()
                        case .region: attrs.region = value
                        }
                    }
                    next.append(RawLine(coordinates: piece.coordinates, attributes: attrs, source: line.source, fid: line.fid))
                }
            }
            current = next
        }
        return current
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
                                 capacity: Int64, delaySeconds: Double, cost: Double, country: String) -> UInt32 {
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
        let railLayers = chosen.filter { $0.layer != .road }.count
        var edgesBuilt: [UInt32] = []
        var railIndex = 0
        for (layer, node) in chosen {
            var capacity = d.capacityTonnesPerDay
            if layer != .road {
                capacity = d.capacityTonnesPerDay / Int64(railLayers) + (railIndex == 0 ? d.capacityTonnesPerDay % Int64(railLayers) : 0)
                railIndex += 1
            }
            for other in countries.dropFirst() {
                let moved = s.split(node: node, country: intern(other))
                edgesBuilt.append(appendConnector(&s, from: node, to: moved, kind: .crossing, name: d.name, capacity: capacity,
                                                  delaySeconds: d.delaySeconds, cost: d.cost, country: countries[0]))
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
                    let name = "\(sides[i].country)–\(sides[j].country) border at \(JSONWriter.format(p.lon, decimals: 4)),\(JSONWriter.format(p.lat, decimals: 4))"
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
                                         country: ""))
        case .transfer:
            guard let road = nearest(.road) else {
                throw .terminalNodeNotFound(place: d.place, kind: d.kind, layer: "road", radiusMeters: radius)
            }
            let rails = [NetworkLayer.rail1520, .rail1435].compactMap(nearest)
            guard !rails.isEmpty else {
                throw .terminalNodeNotFound(place: d.place, kind: d.kind, layer: "rail", radiusMeters: radius)
            }
            for (k, rail) in rails.enumerated() {
                let n = Int64(rails.count)
                let capacity = d.capacityTonnesPerDay / n + (k == 0 ? d.capacityTonnesPerDay % n : 0)
                built.append(appendConnector(&s, from: road, to: rail, kind: .transfer, name: d.place, capacity: capacity,
                                             delaySeconds: d.delaySeconds, cost: d.cost, country: ""))
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
struct VertexClusters {
    let tolerance: Double
    var location: [LonLat] = []
    var uses: [Int32] = []
    var isEnd: [Bool] = []
    private var grid: [CellKey: [Int32]] = [:]
    private var exact: [ExactKey: Int32] = [:]
    var count: Int { location.count }

    private struct CellKey: Hashable { var layer: UInt8; var x: Int64; var y: Int64 }
    private struct ExactKey: Hashable { var layer: UInt8; var lon: UInt64; var lat: UInt64 }

    init(tolerance: Double) { self.tolerance = tolerance.isFinite ? max(0, tolerance) : 0 }

    /// Metres east/north in a local equirectangular frame (accurate enough at snapping distances).
    @inline(__always) private static func metres(_ p: LonLat) -> (x: Double, y: Double) {
        (p.lon * 111_320 * cos(p.lat * .pi / 180), p.lat * 110_574)
    }

    /// The cluster of `p` in `layer`, and whether `p` was merged into a cluster at a different coordinate.
    mutating func cluster(_ p: LonLat, layer: NetworkLayer) -> (Int32, snapped: Bool) {
        let exactKey = ExactKey(layer: layer.rawValue, lon: (p.lon + 0).bitPattern, lat: (p.lat + 0).bitPattern)
        if let c = exact[exactKey] { return (c, false) }
        if tolerance > 0 {
            let m = VertexClusters.metres(p)
            let cx = Int64((m.x / tolerance).rounded(.down)), cy = Int64((m.y / tolerance).rounded(.down))
            var best: (distance: Double, id: Int32)? = nil
            for dx in -1...1 {
                for dy in -1...1 {
                    guard let ids = grid[CellKey(layer: layer.rawValue, x: cx + Int64(dx), y: cy + Int64(dy))] else { continue }
                    for id in ids {
                        let q = VertexClusters.metres(location[Int(id)])
                        let d = ((q.x - m.x) * (q.x - m.x) + (q.y - m.y) * (q.y - m.y)).squareRoot()
                        if d <= tolerance, best.map({ (d, id) < ($0.distance, $0.id) }) ?? true { best = (d, id) }
                    }
                }
            }
            if let best {
                exact[exactKey] = best.id
                return (best.id, true)
            }
            let id = Int32(location.count)
            grid[CellKey(layer: layer.rawValue, x: cx, y: cy), default: []].append(id)
            exact[exactKey] = id
            append(p)
            return (id, false)
        }
        let id = Int32(location.count)
        exact[exactKey] = id
        append(p)
        return (id, false)
    }

    private mutating func append(_ p: LonLat) {
        location.append(p); uses.append(0); isEnd.append(false)
    }
}
