import CorridorGeo
import CorridorGraph
import CorridorNetwork

/// How alternatives beyond the best route are found.
public enum AlternativeMethod: String, Sendable, Codable, CaseIterable {
    /// Distinct corridors: each alternative shares at most `maxOverlap` of its length (metres of infrastructure,
    /// counting both directions and both gauges of a dual-gauge track as one) with every better route.
    case distinct
    /// Yen's k shortest loopless paths (alternatives may differ by a single detour).
    case yen
}

/// Shortest-path search used for the best route. Both return routes of equal weight.
public enum SearchAlgorithm: String, Sendable, Codable, CaseIterable {
    /// Plain Dijkstra.
    case dijkstra
    /// A* with a geodesic lower bound (see `Router`).
    case astar
}

/// A routing query.
public struct RouteRequest: Sendable, Equatable {
    /// Where the route starts.
    public var from: Endpoint
    /// Where the route ends.
    public var to: Endpoint
    /// Points to pass through, in order.
    public var via: [Endpoint]
    /// What the route minimises: time, distance or cost.
    public var metric: Metric
    /// Allowed modes, avoided countries and regions, and closed elements.
    public var restrictions: Restrictions
    /// Number of routes wanted (1 = the best only).
    public var alternatives: Int
    /// Largest shared fraction of an alternative's length with a better route, in [0, 1].
    public var maxOverlap: Double
    /// Endpoints farther than this from every usable node are rejected.
    public var maxSnapMeters: Double
    /// How alternatives are found when more than one route is wanted.
    public var alternativeMethod: AlternativeMethod
    /// Search used for the best route.
    public var algorithm: SearchAlgorithm

    /// Memberwise initializer; by default one fastest route by A*, snapping within 25 km.
    public init(from: Endpoint, to: Endpoint, via: [Endpoint] = [], metric: Metric = .time,
                restrictions: Restrictions = .none, alternatives: Int = 1, maxOverlap: Double = 0.5,
                maxSnapMeters: Double = 25_000, alternativeMethod: AlternativeMethod = .distinct,
                algorithm: SearchAlgorithm = .astar) {
        self.from = from; self.to = to; self.via = via; self.metric = metric; self.restrictions = restrictions
        self.alternatives = alternatives; self.maxOverlap = maxOverlap; self.maxSnapMeters = maxSnapMeters
        self.alternativeMethod = alternativeMethod; self.algorithm = algorithm
    }
}

/// A maximal run of a route over line edges of one mode in one country (a transshipment also starts a new leg).
public struct RouteLeg: Sendable, Equatable {
    /// Mode of the leg's edges.
    public var mode: TransportMode
    /// Layer of the leg (`road`, `rail-1520`, `rail-1435`).
    public var layer: NetworkLayer
    /// ISO country code of the leg's edges ("" when unknown).
    public var country: String
    /// Nearest gazetteer place to the leg's first and last node (or `node N` when none is near).
    public var fromPlace: String
    /// Nearest gazetteer place to the leg's last node (or `node N`).
    public var toPlace: String
    /// First node of the leg.
    public var fromNode: UInt32
    /// Last node of the leg.
    public var toNode: UInt32
    /// Length of the leg, metres.
    public var distanceMeters: Double
    /// Travel time over the leg, seconds.
    public var timeSeconds: Double
    /// Cost per tonne over the leg, cost units (with the view's cost factors).
    public var cost: Double
    /// Line edges of the leg, in travel order.
    public var edges: [UInt32]
    /// Distinct non-empty line names along the leg, in order.
    public var lineNames: [String]
}

/// One route found.
public struct Route: Sendable, Equatable {
    /// 1 for the best route, then alternatives in order.
    public var rank: Int
    /// Arcs in travel order.
    public var arcs: [UInt32]
    /// Edges of `arcs`.
    public var edges: [UInt32]
    /// Nodes visited, `arcs.count + 1` of them.
    public var nodes: [UInt32]
    /// Sum of the integer arc weights of the request's metric (see `arcWeights`).
    public var weight: UInt64
    /// Exact totals (lines' lengths; all edges' times and costs).
    public var distanceMeters: Double
    /// Total travel time including connector delays, seconds.
    public var timeSeconds: Double
    /// Total cost per tonne of lines and connectors, cost units (with the view's cost factors).
    public var cost: Double
    /// Modes used, in order of first use.
    public var modes: [String]
    /// Countries traversed in order, consecutive duplicates removed.
    public var countries: [String]
    /// Names of the border crossings used, in order.
    public var crossings: [String]
    /// Places of the transshipment (gauge change) terminals used, in order.
    public var transshipments: [String]
    /// Places of the road–rail transfer terminals used, in order.
    public var transfers: [String]
    /// Runs over line edges, in travel order; connectors end a leg.
    public var legs: [RouteLeg]
}

/// The answer to a `RouteRequest`.
public struct RouteResult: Sendable {
    /// The request answered.
    public var request: RouteRequest
    /// The start, snapped to the network.
    public var from: SnappedEndpoint
    /// The end, snapped to the network.
    public var to: SnappedEndpoint
    /// The via points, snapped to the network, in order.
    public var via: [SnappedEndpoint]
    /// Routes, best first; never empty (no route is an error).
    public var routes: [Route]
    /// What the restrictions matched (from `NetworkView.notes`).
    public var restrictionNotes: [String]
}

extension Network {
    /// The nearest gazetteer place within `radiusMeters` of node `v`, if any (ties by gazetteer order).
    public func placeName(near v: UInt32, radiusMeters: Double = 15_000) -> String? {
        let p = nodeLocation[Int(v)]
        var best: (distance: Double, name: String)?
        for place in places.places {
            if abs(place.location.lat - p.lat) * 110_500 > min(radiusMeters, best?.distance ?? .infinity) { continue }
            let d = Geodesic.distance(p, place.location)
            if d <= radiusMeters && d < (best?.distance ?? .infinity) { best = (d, place.name) }
        }
        return best?.name
    }

    /// A label for node `v`: the nearest place, else `node N`.
    public func nodeLabel(_ v: UInt32) -> String { placeName(near: v) ?? "node \(v)" }
}

extension Route {
    /// Describes the path given by `arcs` (starting at `start`) on `view`.
    init(rank: Int, start: UInt32, arcs: [UInt32], view: NetworkView, weights: [UInt32]) {
        let n = view.network
        self.rank = rank
        self.arcs = arcs
        edges = arcs.map { n.arcEdge[Int($0)] }
        nodes = [start] + arcs.map { n.graph.head[Int($0)] }
        weight = arcs.reduce(0) { $0 + UInt64(weights[Int($1)]) }
        var distance = 0.0, time = 0.0, cost = 0.0
        var modes: [String] = [], countries: [String] = [], crossings: [String] = []
        var transshipments: [String] = [], transfers: [String] = []
        var legs: [RouteLeg] = []
        var current: RouteLeg?
        func closeLeg() {
            guard var leg = current else { return }
            leg.toPlace = n.nodeLabel(leg.toNode)
            legs.append(leg)
            current = nil
        }
        for (i, a) in arcs.enumerated() {
            let e = Int(edges[i])
            let d = view.value(ofEdge: e, metric: .distance)
            let t = view.value(ofEdge: e, metric: .time)
            let c = view.value(ofEdge: e, metric: .cost)
            distance += d; time += t; cost += c
            let name = n.name(ofEdge: e)
            switch n.edgeKind[e] {
            case .crossing:
                crossings.append(name)
                closeLeg()
            case .transshipment:
                transshipments.append(name)
                closeLeg()
            case .transfer:
                transfers.append(name)
                closeLeg()
            case .line:
                let mode = n.edgeMode[e]
                let country = n.country(ofEdge: e)
                let layer = n.nodeLayer[Int(n.arcTail(Int(a)))]
                if !modes.contains(mode.description) { modes.append(mode.description) }
                if !country.isEmpty && countries.last != country { countries.append(country) }
                if let leg = current, leg.mode != mode || leg.country != country || leg.layer != layer { closeLeg() }
                if current == nil {
                    let from = n.arcTail(Int(a))
                    current = RouteLeg(mode: mode, layer: layer, country: country, fromPlace: n.nodeLabel(from), toPlace: "",
                                       fromNode: from, toNode: from, distanceMeters: 0, timeSeconds: 0, cost: 0,
                                       edges: [], lineNames: [])
                }
                current!.toNode = n.graph.head[Int(a)]
                current!.distanceMeters += d
                current!.timeSeconds += t
                current!.cost += c
                current!.edges.append(UInt32(e))
                if !name.isEmpty && current!.lineNames.last != name && !current!.lineNames.contains(name) {
                    current!.lineNames.append(name)
                }
            }
        }
        closeLeg()
        self.distanceMeters = distance; self.timeSeconds = time; self.cost = cost
        self.modes = modes; self.countries = countries; self.crossings = crossings
        self.transshipments = transshipments; self.transfers = transfers; self.legs = legs
    }
}
