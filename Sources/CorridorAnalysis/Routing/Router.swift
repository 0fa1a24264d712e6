import CorridorCore
import CorridorGeo
import CorridorGraph
import CorridorNetwork

/// Routes between places on a network, under restrictions, for a metric.
///
/// Endpoints snap to the nearest usable node of each layer within `maxSnapMeters` (a place on both road and rail
/// may start on either); the best route is the minimum over all candidate pairs (and, with via points, over all
/// chains of candidates, by dynamic programming), ties broken by candidate node ids.
///
/// A* uses the potential h(v) = ⌊k · g(v)⌋, where g(v) is the great-circle (haversine) distance from v's *anchor* to
/// the nearest target anchor, and k = min over open line arcs of weight / great-circle distance between the arc's end
/// anchors (for time ≈ 1 / fastest speed, for distance ≈ 1, for cost the smallest per-metre rate). Anchors collapse
/// the nodes joined by connectors (which may lie some distance apart at a terminal yet cost nothing in distance) onto
/// one point, so every arc satisfies w(a) ≥ k · chord(a); with the triangle inequality on the sphere this makes h
/// consistent, hence A* returns routes of exactly Dijkstra's weight. The sphere (not the ellipsoid) keeps both the
/// factor (one pass over the arcs per request) and the potential cheap; the potential is evaluated lazily, once per
/// node the search reaches (`DijkstraQuery.shortestPath(from:to:weights:potential:)`).
///
/// The router is immutable and can be shared; each call allocates its own search state (O(n + m)).
public final class Router: Sendable {
    /// The network routed on (that of `baseView`).
    public let network: Network
    /// The view every request starts from (a scenario's closures and cost factors); request restrictions apply on top.
    public let baseView: NetworkView
    /// Anchor node of each node: the smallest node id among those joined to it by connector edges.
    let anchor: [UInt32]

    /// A router over the whole, unrestricted network.
    public convenience init(network: Network) {
        self.init(view: NetworkView(network: network))
    }

    /// A router over `view`: its closures and cost factors hold for every request.
    public init(view: NetworkView) {
        let network = view.network
        self.network = network
        self.baseView = view
        // Union-find over connector edges.
        var parent = Array(0..<UInt32(network.nodeCount))
        func find(_ x: UInt32) -> UInt32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        for e in 0..<network.edgeCount where !network.isLine(e) {
            let a = find(network.edgeSource[e]), b = find(network.edgeTarget[e])
            if a != b { parent[Int(max(a, b))] = min(a, b) }
        }
        anchor = (0..<UInt32(network.nodeCount)).map { find($0) }
    }

    // MARK: Routing

    /// Finds the best route (and alternatives) for `request`.
    /// - Throws: `AnalysisError` for unknown names, endpoints too far from the network, invalid options, or
    ///   `.noRoute` with a reason naming what separates the places.
    public func route(_ request: RouteRequest) throws(AnalysisError) -> RouteResult {
        try AnalysisError.check(Double(request.alternatives), InputRules.routeCount, "alternatives")
        try AnalysisError.check(request.maxOverlap, InputRules.fraction, "max overlap")
        guard request.alternatives == 1 || request.via.isEmpty else {
            throw .invalidRequest("alternatives cannot be combined with via points")
        }
        let points = [request.from] + request.via + [request.to]
        let (view, snapped) = try snapAll(points, restrictions: request.restrictions, maxSnapMeters: request.maxSnapMeters)
        if snapped.contains(where: { $0.nodes.isEmpty }) {
            // Restrictions closed everything near an endpoint: name them.
            let reason = diagnose(request, points: points) ?? "an endpoint is closed by the restrictions"
            throw .noRoute(from: label(request.from), to: label(request.to), reason: reason)
        }
        let weights = arcWeights(view: view, metric: request.metric)
        let query = DijkstraQuery(graph: network.graph)
        let potential = request.algorithm == .astar ? potentialFactor(weights: weights) : nil

        // Dynamic programming over the candidates of consecutive points.
        var best: [UInt64] = snapped[0].nodes.map { _ in 0 }
        var chains: [[Path]] = snapped[0].nodes.map { _ in [] }
        for i in 1..<snapped.count {
            let sources = snapped[i - 1].nodes, targets = snapped[i].nodes
            var nextBest = [UInt64](repeating: .max, count: targets.count)
            var nextChain = [[Path]](repeating: [], count: targets.count)
            for (si, s) in sources.enumerated() where best[si] != .max {
                let paths = legPaths(from: s, to: targets, weights: weights, query: query, potential: potential)
                for (ti, path) in paths.enumerated() {
                    guard let path else { continue }
                    let total = best[si] + path.length
                    if total < nextBest[ti] {
                        nextBest[ti] = total
                        nextChain[ti] = chains[si] + [path]
                    }
                }
            }
            best = nextBest
            chains = nextChain
            if best.allSatisfy({ $0 == .max }) {
                let reason = diagnose(request, points: points) ?? "no path under the given restrictions"
                throw .noRoute(from: snapped[i - 1].label, to: snapped[i].label, reason: reason)
            }
        }
        var bestTarget = 0
        for t in best.indices where best[t] < best[bestTarget] { bestTarget = t }
        let chain = chains[bestTarget]
        let start = chain.first?.start ?? snapped[0].nodes[0]
        var routes = [Route(rank: 1, start: start, arcs: chain.flatMap(\.arcs), view: view, weights: weights)]

        if request.alternatives > 1, let first = chain.first {
            let s = first.start, t = first.end
            let paths: [Path]
            switch request.alternativeMethod {
            case .yen:
                paths = KShortestPaths.yen(graph: network.graph, from: s, to: t, k: request.alternatives,
                                           weights: weights, query: query)
            case .distinct:
                paths = DistinctCorridors.find(graph: network.graph, from: s, to: t, k: request.alternatives,
                                               weights: weights, overlapLength: overlapLengths(),
                                               groupOfArc: infrastructureGroups(), maxOverlap: request.maxOverlap,
                                               query: query)
            }
            // Both methods start with a shortest s–t path (same weight as the best route, possibly another of
            // equal weight), so their list replaces the best route to keep alternatives consistent with rank 1.
            if let head = paths.first, head.length == routes[0].weight {
                routes = paths.enumerated().map { i, p in
                    Route(rank: i + 1, start: s, arcs: p.arcs, view: view, weights: weights)
                }
            }
        }
        return RouteResult(request: request, from: snapped[0], to: snapped[snapped.count - 1],
                           via: Array(snapped.dropFirst().dropLast()), routes: routes, restrictionNotes: view.notes)
    }

    /// Shortest paths from `source` to each target (nil where unreachable).
    func legPaths(from source: UInt32, to targets: [UInt32], weights: [UInt32], query: DijkstraQuery,
                  potential: Double?) -> [Path?] {
        if let k = potential {
            return targets.map { t in
                let goal = anchorLocation(t)
                return query.shortestPath(from: source, to: t, weights: weights) { v in
                    let g = Router.greatCircle(self.anchorLocation(v), goal)
                    return UInt64((k * g * (1 - 1e-9)).rounded(.down))
                }
            }
        }
        query.run(sources: [(source, 0)], weights: weights, targets: targets)
        return targets.map { query.path(to: $0) }
    }

    func anchorLocation(_ v: UInt32) -> LonLat { network.nodeLocation[Int(anchor[Int(v)])] }

    /// Great-circle distance in metres (haversine; the potential only needs a metric with the triangle inequality).
    static func greatCircle(_ a: LonLat, _ b: LonLat) -> Double {
        NearestNodeIndex.haversineMeters(lon1: a.lon, lat1: a.lat, lon2: b.lon, lat2: b.lat)
    }

    /// The factor k of the A* potential: min over open arcs of weight per metre of anchor chord (0 if any open arc
    /// has zero weight over a positive chord, which makes A* degrade to Dijkstra, still exact).
    func potentialFactor(weights: [UInt32]) -> Double {
        let g = network.graph
        var k = Double.infinity
        // Node by node over the out-arcs (every arc once; a minimum, so the order does not matter), so the graph's
        // tail array is not needed.
        for t in 0..<network.nodeCount {
            for a in g.outArcs(of: UInt32(t)) where weights[a] != .max {
                let u = anchor[t], v = anchor[Int(g.head[a])]
                if u == v { continue }
                let chord = Router.greatCircle(network.nodeLocation[Int(u)], network.nodeLocation[Int(v)])
                if chord <= 0 { continue }
                k = min(k, Double(weights[a]) / chord)
            }
        }
        return k.isFinite ? k : 0
    }

    /// Per-arc length in metres used to measure the overlap of alternatives (connectors 0).
    func overlapLengths() -> [UInt64] {
        network.arcEdge.map { e in network.isLine(Int(e)) ? UInt64(network.edgeLengthMeters[Int(e)].rounded()) : 0 }
    }

    /// Per-arc infrastructure group: the smaller of the edge id and its dual-gauge twin's, so both directions and
    /// both gauges of one track count as the same infrastructure.
    func infrastructureGroups() -> [UInt32] {
        network.arcEdge.map { e in
            let twin = network.edgeTwin[Int(e)]
            return twin == .max ? e : min(e, twin)
        }
    }

    // MARK: Diagnosis

    func label(_ endpoint: Endpoint) -> String {
        if case let .place(name) = endpoint, let place = try? network.places.place(named: name) { return place.name }
        return endpoint.description
    }

    /// Snaps `points` where they lie on the network of the allowed modes (so restrictions never move an endpoint),
    /// then keeps the candidates the restricted view leaves usable (possibly none).
    /// - Throws: unknown names; `.tooFarFromNetwork`; `.noRoute` when only the mode restriction puts a point off
    ///   the network.
    func snapAll(_ points: [Endpoint], restrictions: Restrictions,
                 maxSnapMeters: Double) throws(AnalysisError) -> (NetworkView, [SnappedEndpoint]) {
        try AnalysisError.check(maxSnapMeters / 1000, InputRules.snapKilometres, "max snap distance")
        let view = try baseView.applying(restrictions)
        // Endpoints snap where the network of the allowed modes lies, before any closure (a scenario's or the
        // request's), so closures never move an endpoint; they only remove its candidates.
        let modesView = try NetworkView(network: network, restrictions: Restrictions(modes: restrictions.modes))
        let snapper = EndpointSnapper(view: modesView)
        let restricted = EndpointSnapper(view: view)
        var snapped: [SnappedEndpoint] = []
        for (i, p) in points.enumerated() {
            do {
                snapped.append(try snapper.snap(p, maxSnapMeters: maxSnapMeters).filtered { restricted.usable[Int($0)] })
            } catch {
                if case let .tooFarFromNetwork(what, distance, limit) = error, let modes = restrictions.modes,
                   modes.count < TransportMode.allCases.count,
                   (try? EndpointSnapper(view: baseView).snap(p, maxSnapMeters: maxSnapMeters)) != nil {
                    let names = modes.map(\.description).sorted().joined(separator: "+")
                    let reason = distance.isFinite
                        ? "no connection in mode \(names): \(what) is \(Int((distance / 1000).rounded())) km from the nearest \(names) node (limit \(NumberFormat.trimmed(limit / 1000, decimals: 1)) km)"
                        : "no connection in mode \(names): no usable \(names) node at all"
                    let other = i == 0 ? points[points.count - 1] : points[0]
                    throw .noRoute(from: label(i == 0 ? p : other), to: label(i == 0 ? other : p), reason: reason)
                }
                throw error
            }
        }
        return (view, snapped)
    }

    /// Whether every consecutive pair of `points` is connected in the view given by `restrictions`.
    func connects(_ points: [Endpoint], restrictions: Restrictions, maxSnapMeters: Double) -> Bool {
        guard let (view, snapped) = try? snapAll(points, restrictions: restrictions, maxSnapMeters: maxSnapMeters),
              !snapped.contains(where: { $0.nodes.isEmpty }) else { return false }
        let weights = arcWeights(view: view, metric: .distance)
        let query = DijkstraQuery(graph: network.graph)
        for i in 1..<snapped.count {
            query.run(sources: snapped[i - 1].nodes.map { ($0, 0) }, weights: weights, targets: snapped[i].nodes)
            if !snapped[i].nodes.contains(where: { query.isSettled($0) }) { return false }
        }
        return true
    }

    /// Why `points` do not connect under the request's restrictions, or nil when they do.
    ///
    /// If they connect with only the mode restriction, the restrictions that alone block them are named
    /// (`blocked by: avoid-country CN`); if none does alone, all are named as a combination. Otherwise the places
    /// lie in different components of the (mode-restricted) network.
    func diagnose(_ request: RouteRequest, points: [Endpoint]) -> String? {
        let r = request.restrictions
        let snap = request.maxSnapMeters
        if connects(points, restrictions: r, maxSnapMeters: snap) { return nil }
        let modesOnly = Restrictions(modes: r.modes)
        if connects(points, restrictions: modesOnly, maxSnapMeters: snap) {
            var single: [(String, Restrictions)] = []
            for c in r.avoidCountries.sorted() {
                single.append(("avoid-country \(c.uppercased())", Restrictions(modes: r.modes, avoidCountries: [c])))
            }
            for region in r.avoidRegions.sorted() {
                single.append(("avoid-region \(region)", Restrictions(modes: r.modes, avoidRegions: [region])))
            }
            for name in r.close {
                single.append(("close \(name)", Restrictions(modes: r.modes, close: [name])))
            }
            let blocking = single.filter { !connects(points, restrictions: $0.1, maxSnapMeters: snap) }.map(\.0)
            if !blocking.isEmpty { return "blocked by: \(blocking.joined(separator: ", "))" }
            return "blocked by the combination of: \(single.map(\.0).joined(separator: ", "))"
        }
        // Where the parts come nearest, or that only one-way lines keep the places apart.
        let separation = componentGap(points, restrictions: modesOnly, maxSnapMeters: snap)
        let modeNames = r.modes.flatMap { $0.count < TransportMode.allCases.count ? $0.map(\.description).sorted().joined(separator: "+") : nil }
        if separation == .oneWay {
            return (modeNames.map { "no connection in mode \($0): " } ?? "") + "one-way lines between the places run only the other way"
        }
        let gap: String
        switch separation {
        case .gap(let g): gap = "; " + g.description
        case .noSharedLayer: gap = "; the two parts share no layer (a crossing or terminal would join them)"
        case .oneWay, nil: gap = ""
        }
        if let names = modeNames {
            if connects(points, restrictions: .none, maxSnapMeters: snap) {
                return "no connection in mode \(names): the places lie in different components of the \(names) network" + gap
            }
            return "no connection in mode \(names): the places lie in different components" + gap
        }
        return "the places lie in different components of the network" + gap
    }

    /// Where the parts holding the first pair of consecutive `points` that do not connect come nearest
    /// (`ComponentGap.nearest`), in the view of `restrictions`; nil when every pair connects.
    func componentGap(_ points: [Endpoint], restrictions: Restrictions, maxSnapMeters: Double) -> ComponentGap.Separation? {
        guard let (view, snapped) = try? snapAll(points, restrictions: restrictions, maxSnapMeters: maxSnapMeters) else { return nil }
        for i in 1..<snapped.count where !connects([points[i - 1], points[i]], restrictions: restrictions, maxSnapMeters: maxSnapMeters) {
            return ComponentGap.nearest(view: view, between: snapped[i - 1].nodes, and: snapped[i].nodes)
        }
        return nil
    }
}
