import CorridorGraph
import CorridorNetwork

/// Which DIMACS problem to write for a network.
public enum DIMACSExportKind: String, Sendable, CaseIterable {
    /// `p min`: capacities in tonnes/day, costs in milli-units per tonne; supplies from the given sites.
    case minCost = "min"
    /// `p max`: capacities in tonnes/day from a super source (origins) to a super sink (destinations).
    case maxFlow = "max"
    /// `p sp`: arc weights of a metric (time ds, distance m, cost milli-units per tonne).
    case shortestPath = "sp"
}

extension FlowAnalyzer {
    /// The network seen through `restrictions` as a DIMACS problem.
    ///
    /// Node `v` of the network is DIMACS node `v + 1`; for `min` and `max`, site hubs follow (one per origin, then
    /// one per destination), then for `max` the super source and sink. Only open arcs with positive capacity (or, for
    /// `sp`, finite weight) are written, in network arc order. Comment lines say what each id range means.
    ///
    /// - Throws: `.invalidRequest` when `max` lacks origins or destinations, or `min` sites lack amounts.
    public func dimacs(_ kind: DIMACSExportKind, restrictions: Restrictions = .none, origins: [FlowSite] = [],
                       destinations: [FlowSite] = [], metric: Metric = .cost,
                       maxSnapMeters: Double = 25_000) throws(AnalysisError) -> String {
        let view = try baseView.applying(restrictions)
        let o = try view.resolve(origins, maxSnapMeters: maxSnapMeters)
        let d = try view.resolve(destinations, maxSnapMeters: maxSnapMeters)
        let n = network.nodeCount
        var header = "c corridor network export (\(kind.rawValue)): nodes 1..\(n) are network nodes (id + 1)\n"
        for note in view.notes { header += "c restriction: \(note)\n" }
        for (i, s) in o.enumerated() { header += "c node \(n + i + 1): origin \(s.name)\n" }
        for (j, s) in d.enumerated() { header += "c node \(n + o.count + j + 1): destination \(s.name)\n" }
        switch kind {
        case .minCost:
            if let missing = (origins + destinations).first(where: { $0.tonnesPerDay == nil }) {
                throw .invalidRequest("a min-cost export needs amounts for its sites: \(missing.endpoint)=TONNES")
            }
            let model = FlowModel(view: view, origins: o, destinations: d)
            return header + "c capacities t/day, costs milli-units per tonne\n" + DIMACS.writeMinCostFlow(model.network)
        case .maxFlow:
            guard !o.isEmpty, !d.isEmpty else {
                throw .invalidRequest("a max-flow export needs at least one origin and one destination")
            }
            let model = ThroughputModel(view: view, origins: o, destinations: d)
            header += "c node \(model.source + 1): super source, node \(model.sink + 1): super sink; capacities t/day\n"
            return header + DIMACS.writeMaxFlow(model.network, source: model.source, sink: model.sink)
        case .shortestPath:
            let weights = arcWeights(view: view, metric: metric)
            var tails: [UInt32] = [], heads: [UInt32] = [], w: [Int64] = []
            let tail = network.graph.tail
            for a in 0..<network.arcCount where weights[a] != .max {
                tails.append(tail[a]); heads.append(network.graph.head[a]); w.append(Int64(weights[a]))
            }
            header += "c weights: \(metric.rawValue) in \(metric.weightUnitName)\n"
            return header + DIMACS.writeShortestPath(.init(nodeCount: n, tails: tails, heads: heads, weights: w))
        }
    }
}
