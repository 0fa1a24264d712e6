import CorridorGeo
import Foundation

/// An origin or destination of a flow request: where, and how many tonnes per day.
public struct FlowSite: Sendable, Equatable {
    public var endpoint: Endpoint
    /// Tonnes per day supplied (origin) or demanded (destination); `nil` means unlimited (chokepoint analysis only).
    public var tonnesPerDay: Int64?
    public init(_ endpoint: Endpoint, tonnesPerDay: Int64? = nil) {
        self.endpoint = endpoint; self.tonnesPerDay = tonnesPerDay
    }

    /// Parses `PLACE=TONNES` (the amount after the last `=`) or, when `amountRequired` is false, a bare `PLACE`.
    public init(parsing text: String, amountRequired: Bool) throws(AnalysisError) {
        if let eq = text.lastIndex(of: "=") {
            let place = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
            let amountText = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
            guard let amount = Int64(amountText), amount >= 0, !place.isEmpty else {
                throw .invalidRequest("expected PLACE=TONNES with a non-negative whole number of tonnes per day, got '\(text)'")
            }
            self.init(Endpoint(parsing: place), tonnesPerDay: amount)
        } else {
            if amountRequired { throw .invalidRequest("expected PLACE=TONNES (tonnes per day), got '\(text)'") }
            let place = text.trimmingCharacters(in: .whitespaces)
            guard !place.isEmpty else { throw .invalidRequest("empty place") }
            self.init(Endpoint(parsing: place), tonnesPerDay: nil)
        }
    }
}

/// A flow site resolved to network nodes: the nearest usable node in each layer.
public struct ResolvedSite: Sendable, Equatable {
    /// What the user wrote (`Vladivostok`, `43.1,131.9`, `node:12`).
    public var text: String
    /// The gazetteer's canonical name when the site is a place.
    public var placeName: String?
    public var location: LonLat
    /// Candidate nodes, one per usable layer, sorted by id.
    public var nodes: [UInt32]
    /// Largest distance from the site to one of its nodes.
    public var snapDistanceMeters: Double
    public var tonnesPerDay: Int64?
    /// Display name: the canonical place name, else the text.
    public var name: String { placeName ?? text }
}

extension NetworkView {
    /// Whether `node` has an open edge in the given direction (`outgoing` for origins).
    func hasOpenArc(at node: UInt32, outgoing: Bool) -> Bool {
        let g = network.graph
        if outgoing {
            for a in g.outArcs(of: node) where !closedEdge[Int(network.arcEdge[a])] { return true }
        } else {
            for p in g.inArcPositions(of: node) where !closedEdge[Int(network.arcEdge[Int(g.inArcs[p])])] { return true }
        }
        return false
    }

    /// Resolves a site to its nearest usable node per layer within `maxSnapMeters`.
    func resolve(_ site: FlowSite, outgoing: Bool, maxSnapMeters: Double) throws(AnalysisError) -> ResolvedSite {
        let n = network
        switch site.endpoint {
        case let .node(id):
            guard Int(id) < n.nodeCount else { throw .unknownName(kind: "node", name: "node:\(id)", suggestions: []) }
            guard hasOpenArc(at: id, outgoing: outgoing) else {
                throw .tooFarFromNetwork(what: "node:\(id)", distanceMeters: .infinity, limitMeters: 0)
            }
            return ResolvedSite(text: "node:\(id)", placeName: nil, location: n.nodeLocation[Int(id)], nodes: [id],
                                snapDistanceMeters: 0, tonnesPerDay: site.tonnesPerDay)
        case let .coordinate(p):
            return try snap(text: site.endpoint.description, placeName: nil, location: p, site: site, outgoing: outgoing,
                            maxSnapMeters: maxSnapMeters)
        case let .place(name):
            let place: Place
            do { place = try n.places.place(named: name) } catch { throw .place(error) }
            return try snap(text: name, placeName: place.name, location: place.location, site: site, outgoing: outgoing,
                            maxSnapMeters: maxSnapMeters)
        }
    }

    private func snap(text: String, placeName: String?, location: LonLat, site: FlowSite, outgoing: Bool,
                      maxSnapMeters: Double) throws(AnalysisError) -> ResolvedSite {
        let n = network
        // Scan with a cheap spherical distance; confirm the winners geodesically.
        var best = [(node: Int, d: Double)](repeating: (-1, .infinity), count: NetworkLayer.allCases.count)
        var nearestAny = Double.infinity
        for v in 0..<n.nodeCount {
            let d = FlowGeometry.haversine(location, n.nodeLocation[v])
            nearestAny = min(nearestAny, d)
            let layer = Int(n.nodeLayer[v].rawValue)
            if d < best[layer].d, hasOpenArc(at: UInt32(v), outgoing: outgoing) { best[layer] = (v, d) }
        }
        var nodes: [UInt32] = []
        var farthest = 0.0
        var nearestUsable = Double.infinity
        for candidate in best where candidate.node >= 0 {
            let d = Geodesic.distance(location, n.nodeLocation[candidate.node])
            nearestUsable = min(nearestUsable, d)
            if d <= maxSnapMeters {
                nodes.append(UInt32(candidate.node))
                farthest = max(farthest, d)
            }
        }
        guard !nodes.isEmpty else {
            throw .tooFarFromNetwork(what: placeName ?? text, distanceMeters: nearestUsable.isFinite ? nearestUsable : nearestAny,
                                     limitMeters: maxSnapMeters)
        }
        return ResolvedSite(text: text, placeName: placeName, location: location, nodes: nodes.sorted(),
                            snapDistanceMeters: farthest, tonnesPerDay: site.tonnesPerDay)
    }
}

enum FlowGeometry {
    /// Great-circle distance in metres on a sphere of the WGS84 mean radius (for scanning only).
    static func haversine(_ a: LonLat, _ b: LonLat) -> Double {
        let r = 6_371_008.8, rad = Double.pi / 180
        let dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * rad) * cos(b.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }
}
