import CorridorCore
import CorridorGeo
import Foundation

/// The network while connectors are added: nodes, the edge table and, when needed, each node's incident edges.
struct ConnectorState {
    var nodeLocation: [LonLat]
    var nodeLayer: [NetworkLayer]
    var edges: EdgeTable
    var incident: [[UInt32]] = []

    mutating func buildIncidence() {
        incident = Array(repeating: [], count: nodeLocation.count)
        for e in 0..<edges.count {
            incident[Int(edges.edgeSource[e])].append(UInt32(e))
            if edges.edgeTarget[e] != edges.edgeSource[e] { incident[Int(edges.edgeTarget[e])].append(UInt32(e)) }
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
    func countries(at node: Int) -> [String] {
        var seen: [String] = []
        for e in incident[node] where edges.edgeKind[Int(e)] == .line {
            let c = edges.strings[Int(edges.edgeCountry[Int(e)])]
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
            guard edges.edgeKind[i] == .line, edges.edgeCountry[i] == country else { stay.append(e); continue }
            edges.moveEnds(ofEdge: i, from: UInt32(node), to: UInt32(new))
            incident[new].append(e)
        }
        incident[node] = stay
        return new
    }
}

extension NetworkBuilder {
    /// Phase 3 of a build: the connectors. Defined crossings split the nodes near their point by country and join
    /// the sides; automatic crossings do the same where line edges of two countries meet and no crossing is defined;
    /// terminals join the nearest nodes of their layers. Each connector gets its facility's full capacity (shared).
    func addConnectors(_ state: inout ConnectorState) throws(NetworkBuildError) -> (crossings: [CrossingInfo], terminals: [TerminalInfo]) {
        // Automatic crossings need line edges of two countries at a node: none without any country.
        let autoCrossings = options.autoBorderCrossings && state.edges.edgeCountry.contains { $0 != 0 }
        // Incidence lists are built only when something needs them.
        if !crossings.isEmpty || !terminals.isEmpty || autoCrossings { state.buildIncidence() }
        var crossingInfos: [CrossingInfo] = []
        for definition in crossings {
            crossingInfos.append(try addCrossing(definition, &state))
        }
        if autoCrossings { crossingInfos += addAutomaticCrossings(&state) }
        var terminalInfos: [TerminalInfo] = []
        for definition in terminals { terminalInfos.append(try addTerminal(definition, &state)) }
        return (crossingInfos, terminalInfos)
    }


    private func appendConnector(_ s: inout ConnectorState, from a: Int, to b: Int, kind: EdgeKind, name: String,
                                 capacity: Int64, delaySeconds: Double, cost: Double, country: String,
                                 ranges: ConnectorRanges = ConnectorRanges()) -> UInt32 {
        let layer = s.nodeLayer[a]
        let gauge: GaugeSpec = kind == .transshipment ? .dual : (layer == .rail1520 ? .broad1520 : layer == .rail1435 ? .standard1435 : .none)
        let e = s.edges.append(.connector(from: UInt32(a), to: UInt32(b), kind: kind, mode: layer.mode, name: name,
                                          capacityTonnesPerDay: capacity, delaySeconds: delaySeconds, cost: cost,
                                          gauge: gauge, country: country, ranges: ranges),
                               geometry: [s.nodeLocation[a], s.nodeLocation[b]])
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
                let present = s.countries(at: candidate.node)
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
                let moved = s.split(node: node, country: s.edges.intern(other))
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
            let present = s.countries(at: node).sorted()
            guard present.count >= 2 else { continue }
            var sides: [(country: String, node: Int)] = [(present[0], node)]
            for c in present.dropFirst() { sides.append((c, s.split(node: node, country: s.edges.intern(c)))) }
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
