import CorridorCore
import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

/// A network seen through restrictions and adjustments: which edges are open, and their capacity and cost factors.
/// Views are cheap (a few arrays over edges); the network itself is never copied or modified.
public struct NetworkView: Sendable {
    /// The underlying network (shared, never modified).
    public let network: Network
    /// `true` where the edge may not be used.
    public private(set) var closedEdge: [Bool]
    /// Multiplier applied to each edge's capacity (1 = unchanged).
    public private(set) var capacityFactor: [Double]
    /// Multiplier applied to each edge's cost (1 = unchanged).
    public private(set) var costFactor: [Double]
    /// What each restriction matched, for reports ("crossing Khasan–Tumangang: 1 edge").
    public private(set) var notes: [String]

    /// The unrestricted view.
    public init(network: Network) {
        self.network = network
        closedEdge = [Bool](repeating: false, count: network.edgeCount)
        capacityFactor = [Double](repeating: 1, count: network.edgeCount)
        costFactor = [Double](repeating: 1, count: network.edgeCount)
        notes = []
    }

    /// A view with `restrictions` applied.
    /// - Throws: `AnalysisError.unknownName` when a closed name matches nothing (with suggestions).
    public init(network: Network, restrictions: Restrictions, placeRadiusMeters: Double = 5_000) throws(AnalysisError) {
        self.init(network: network)
        try apply(restrictions, placeRadiusMeters: placeRadiusMeters)
    }

    /// This view with `restrictions` applied on top.
    public func applying(_ restrictions: Restrictions, placeRadiusMeters: Double = 5_000) throws(AnalysisError) -> NetworkView {
        var view = self
        try view.apply(restrictions, placeRadiusMeters: placeRadiusMeters)
        return view
    }

    /// Closes edge `e` (and its dual-gauge twin, which is the same physical track).
    public mutating func closeEdge(_ e: Int) {
        closedEdge[e] = true
        let twin = network.edgeTwin[e]
        if twin != UInt32.max { closedEdge[Int(twin)] = true }
    }

    /// Multiplies the capacity of edge `e` by `factor`.
    public mutating func scaleCapacity(ofEdge e: Int, by factor: Double) { capacityFactor[e] *= factor }
    /// Multiplies the cost of edge `e` by `factor`.
    public mutating func scaleCost(ofEdge e: Int, by factor: Double) { costFactor[e] *= factor }

    /// Applies `restrictions` on top of this view.
    public mutating func apply(_ restrictions: Restrictions, placeRadiusMeters: Double = 5_000) throws(AnalysisError) {
        let n = network
        if let modes = restrictions.modes {
            for e in 0..<n.edgeCount {
                let kind = n.edgeKind[e]
                if kind == .transfer && modes.count < 2 { closeEdge(e); continue }
                if !modes.contains(n.edgeMode[e]) { closeEdge(e) }
            }
        }
        if !restrictions.avoidCountries.isEmpty {
            // Compare interned strings once, not one string per edge.
            let upper = n.strings.map { $0.uppercased() }
            let known = Set((0..<n.edgeCount).map { upper[Int(n.edgeCountry[$0])] }).subtracting([""])
            let codes = Set(restrictions.avoidCountries.map { $0.uppercased() })
            for code in codes.sorted() where !known.contains(code) {
                throw .unknownName(kind: "country", name: code, suggestions: known.sorted())
            }
            let avoidedString = upper.map { codes.contains($0) }
            let crossingCountries = Dictionary(uniqueKeysWithValues: n.crossings.flatMap { c in c.edges.map { ($0, c.countries) } })
            for e in 0..<n.edgeCount {
                if avoidedString[Int(n.edgeCountry[e])] { closeEdge(e); continue }
                if let countries = crossingCountries[UInt32(e)], countries.contains(where: { codes.contains($0.uppercased()) }) {
                    closeEdge(e)
                }
            }
            notes.append("avoid countries \(codes.sorted().joined(separator: ", "))")
        }
        if !restrictions.avoidRegions.isEmpty {
            let folded = n.strings.map(Gazetteer.fold)
            let known = Set((0..<n.edgeCount).map { folded[Int(n.edgeRegion[$0])] })
            for region in restrictions.avoidRegions.sorted() {
                let key = Gazetteer.fold(region)
                guard known.contains(key) else {
                    let all = Set((0..<n.edgeCount).map { n.region(ofEdge: $0) }).filter { !$0.isEmpty }
                    throw .unknownName(kind: "region", name: region, suggestions: NetworkView.nearest(region, in: Array(all)))
                }
                var closed = 0
                for e in 0..<n.edgeCount where folded[Int(n.edgeRegion[e])] == key {
                    closeEdge(e)
                    closed += 1
                }
                notes.append("avoid region \(region): \(closed) edges")
            }
            // A node left only with closed line edges makes its connectors useless anyway; crossings into a closed
            // region are closed explicitly so they do not appear as usable.
            for crossing in n.crossings {
                for e in crossing.edges {
                    let (s, t) = (Int(n.edgeSource[Int(e)]), Int(n.edgeTarget[Int(e)]))
                    if !hasOpenLineEdge(at: s) || !hasOpenLineEdge(at: t) { closeEdge(Int(e)) }
                }
            }
        }
        for name in restrictions.close {
            try close(name: name, placeRadiusMeters: placeRadiusMeters)
        }
    }

    /// Whether a node still has an open line edge (used to close connectors that would lead nowhere).
    private func hasOpenLineEdge(at node: Int) -> Bool {
        let g = network.graph
        for a in g.outArcs(of: UInt32(node)) {
            let e = Int(network.arcEdge[a])
            if network.edgeKind[e] == .line && !closedEdge[e] { return true }
        }
        for p in g.inArcPositions(of: UInt32(node)) {
            let e = Int(network.arcEdge[Int(g.inArcs[p])])
            if network.edgeKind[e] == .line && !closedEdge[e] { return true }
        }
        return false
    }

    /// Closes one named element; see `Restrictions.close`.
    public mutating func close(name: String, placeRadiusMeters: Double = 5_000) throws(AnalysisError) {
        let n = network
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("edge:") {
            guard let id = Int(trimmed.dropFirst(5)), id >= 0, id < n.edgeCount else {
                throw .unknownName(kind: "edge", name: trimmed, suggestions: [])
            }
            closeEdge(id)
            notes.append("closed edge \(id)")
            return
        }
        if trimmed.hasPrefix("node:") {
            guard let id = Int(trimmed.dropFirst(5)), id >= 0, id < n.nodeCount else {
                throw .unknownName(kind: "node", name: trimmed, suggestions: [])
            }
            closeNode(id)
            notes.append("closed node \(id)")
            return
        }
        let key = Gazetteer.fold(trimmed)
        let crossings = n.crossings.filter { Gazetteer.fold($0.name) == key }
        if !crossings.isEmpty {
            for c in crossings { for e in c.edges { closeEdge(Int(e)) } }
            notes.append("closed crossing \(crossings[0].name)")
            return
        }
        if let place = try? n.places.place(named: trimmed) {
            let nodes = n.locator.nodes(within: placeRadiusMeters, of: place.location, in: n)
            for v in nodes { closeNode(Int(v)) }
            let closed = nodes.count
            for t in n.terminals where Gazetteer.fold(t.place) == Gazetteer.fold(place.name) {
                for e in t.edges { closeEdge(Int(e)) }
            }
            notes.append("closed place \(place.name): \(closed) nodes")
            return
        }
        var candidates = n.crossings.map(\.name)
        candidates += n.places.places.map(\.name)
        throw .unknownName(kind: "crossing or place", name: trimmed, suggestions: NetworkView.nearest(trimmed, in: candidates))
    }

    /// Closes every edge touching `node`.
    public mutating func closeNode(_ node: Int) {
        let g = network.graph
        for a in g.outArcs(of: UInt32(node)) { closeEdge(Int(network.arcEdge[a])) }
        for p in g.inArcPositions(of: UInt32(node)) { closeEdge(Int(network.arcEdge[Int(g.inArcs[p])])) }
    }

    /// Capacity of edge `e` in this view, tonnes/day (0 when closed). A scaled capacity saturates at the largest
    /// capacity an input may give (`InputRules.capacityTonnesPerDay`, 10^12 t/day), however many factors multiply.
    public func capacity(ofEdge e: Int) -> Int64 {
        if closedEdge[e] { return 0 }
        let base = network.edgeCapacityTonnesPerDay[e]
        let f = capacityFactor[e]
        if f == 1 { return base }
        let scaled = (Double(base) * f).rounded(.down)
        guard scaled > 0 else { return 0 }  // also NaN
        return Int64(min(scaled, InputRules.capacityTonnesPerDay.range.upperBound))
    }

    static func nearest(_ name: String, in candidates: [String]) -> [String] {
        NameMatching.suggestions(for: name, among: candidates)
    }
}
