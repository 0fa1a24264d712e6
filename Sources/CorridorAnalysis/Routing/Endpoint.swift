import CorridorCore
import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

/// Where a route starts, ends or passes: a gazetteer place, a coordinate, or a graph node.
public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// A gazetteer name or alias (matched case- and diacritic-insensitively).
    case place(String)
    /// A WGS84 position.
    case coordinate(LonLat)
    /// A node id of the network's graph.
    case node(UInt32)

    /// Parses `"Vladivostok"`, `"43.1,131.9"` (latitude first, as people write it) or `"node:123"`.
    public init(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasPrefix("node:"), let id = UInt32(t.dropFirst(5).trimmingCharacters(in: .whitespaces)) {
            self = .node(id)
            return
        }
        let parts = t.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count == 2,
           let lat = NumberSyntax.parse(parts[0].trimmingCharacters(in: .whitespaces)),
           let lon = NumberSyntax.parse(parts[1].trimmingCharacters(in: .whitespaces)) {
            // Out-of-range numbers stay coordinates, so they are reported as invalid, not as unknown places.
            self = .coordinate(LonLat(lon: lon, lat: lat))
            return
        }
        self = .place(t)
    }

    /// The endpoint as a user would write it.
    public var description: String {
        switch self {
        case let .place(name): return name
        case let .coordinate(p): return "\(NumberFormat.trimmed(p.lat, decimals: 6)),\(NumberFormat.trimmed(p.lon, decimals: 6))"
        case let .node(id): return "node:\(id)"
        }
    }
}

/// An endpoint resolved to candidate graph nodes.
public struct SnappedEndpoint: Sendable, Equatable {
    /// The endpoint as requested.
    public var text: String
    /// Canonical gazetteer name, when the endpoint was a place.
    public var placeName: String?
    /// The point that was snapped (the place's or given coordinate, or the node's location).
    public var location: LonLat
    /// Candidate nodes, the nearest usable node of each usable layer, sorted by node id.
    public var nodes: [UInt32]
    /// Geodesic distance from `location` to each candidate in `nodes`, metres.
    public var nodeDistancesMeters: [Double]
    /// Distance to the nearest candidate, metres.
    public var snapDistanceMeters: Double { nodeDistancesMeters.min() ?? 0 }
    /// A readable label: the place name, else the text.
    public var label: String { placeName ?? text }

    /// Memberwise initializer.
    public init(text: String, placeName: String?, location: LonLat, nodes: [UInt32], nodeDistancesMeters: [Double]) {
        self.text = text; self.placeName = placeName; self.location = location; self.nodes = nodes
        self.nodeDistancesMeters = nodeDistancesMeters
    }

    /// The endpoint with only the candidates that `keep` accepts.
    func filtered(_ keep: (UInt32) -> Bool) -> SnappedEndpoint {
        var copy = self
        let kept = nodes.indices.filter { keep(nodes[$0]) }
        copy.nodes = kept.map { nodes[$0] }
        copy.nodeDistancesMeters = kept.map { nodeDistancesMeters[$0] }
        return copy
    }

    /// Snap distance of candidate `node` (0 if it is not a candidate).
    public func snapDistance(of node: UInt32) -> Double {
        nodes.firstIndex(of: node).map { nodeDistancesMeters[$0] } ?? 0
    }
}

/// Snaps endpoints to the nearest usable node of each layer of a view.
struct EndpointSnapper {
    let view: NetworkView
    /// Nodes with at least one open incident arc.
    let usable: [Bool]

    init(view: NetworkView) {
        self.view = view
        let n = view.network
        var usable = [Bool](repeating: false, count: n.nodeCount)
        // Over each node's out-arcs, so the graph's tail array is not needed (see `CSRGraph`).
        for v in 0..<n.nodeCount {
            for a in n.graph.outArcs(of: UInt32(v)) where !view.closedEdge[Int(n.arcEdge[a])] {
                usable[v] = true
                usable[Int(n.graph.head[a])] = true
            }
        }
        self.usable = usable
    }

    /// The location of an endpoint and its canonical place name.
    static func locate(_ endpoint: Endpoint, in network: Network) throws(AnalysisError) -> (LonLat, String?) {
        switch endpoint {
        case let .place(name):
            do {
                let place = try network.places.place(named: name)
                return (place.location, place.name)
            } catch {
                throw .place(error)
            }
        case let .coordinate(p):
            guard p.lat.isFinite, p.lon.isFinite, abs(p.lat) <= 90, abs(p.lon) <= 180 else {
                throw .invalidRequest("invalid coordinate '\(endpoint)': expected 'lat,lon' with latitude in -90…90 and longitude in -180…180")
            }
            return (p, nil)
        case let .node(id):
            guard Int(id) < network.nodeCount else {
                throw .unknownName(kind: "node", name: "node:\(id)", suggestions: [])
            }
            return (network.nodeLocation[Int(id)], nil)
        }
    }

    /// A layer's nearest node is a candidate only if it is at most this much farther than the nearest node of any
    /// layer: a place at a station has road and rail nodes close by, while a rail node 16 km away in a town
    /// whose own station is standard gauge is not where the user meant to go.
    static let layerSlackMeters = 5_000.0

    /// Nearest usable node per layer within `maxSnapMeters` and `layerSlackMeters` of the nearest one
    /// (a `node:` endpoint is taken as is if usable).
    /// - Throws: place lookup errors, or `.tooFarFromNetwork` when no layer has a usable node within the limit.
    func snap(_ endpoint: Endpoint, maxSnapMeters: Double) throws(AnalysisError) -> SnappedEndpoint {
        let n = view.network
        let (location, placeName) = try EndpointSnapper.locate(endpoint, in: n)
        if case let .node(id) = endpoint {
            guard usable[Int(id)] else {
                throw .tooFarFromNetwork(what: "node:\(id) (closed by restrictions)", distanceMeters: .infinity,
                                         limitMeters: maxSnapMeters)
            }
            return SnappedEndpoint(text: endpoint.description, placeName: nil, location: location, nodes: [id],
                                   nodeDistancesMeters: [0])
        }
        let nearest = nearestUsable(to: location)
        var picked: [(node: UInt32, distance: Double)] = []
        var closest = Double.infinity
        for candidate in nearest {
            guard let candidate else { continue }
            closest = min(closest, candidate.distance)
            if candidate.distance <= maxSnapMeters { picked.append(candidate) }
        }
        picked.removeAll { $0.distance > closest + EndpointSnapper.layerSlackMeters }
        if picked.isEmpty {
            throw .tooFarFromNetwork(what: placeName ?? endpoint.description, distanceMeters: closest, limitMeters: maxSnapMeters)
        }
        picked.sort { $0.node < $1.node }
        return SnappedEndpoint(text: endpoint.description, placeName: placeName, location: location,
                               nodes: picked.map(\.node), nodeDistancesMeters: picked.map(\.distance))
    }

    /// The nearest usable node of each layer (indexed by `NetworkLayer.rawValue`), ties broken by node id, through
    /// the network's spatial index.
    func nearestUsable(to p: LonLat) -> [(node: UInt32, distance: Double)?] {
        let n = view.network
        return NetworkLayer.allCases.map { layer in n.locator.nearest(to: p, layer: layer, in: n) { usable[$0] } }
    }
}
