import CorridorGraph
import CorridorNetwork

/// Flow decomposition into origin–destination paths (per commodity), and grouping of paths into corridors.
enum FlowDecomposition {
    /// Splits one commodity's conserving flow into paths from its sources to its sinks.
    ///
    /// Deterministic: sources in order, their nodes in order; at each node the flow leaves to a sink there if it
    /// can, else along the lowest-id arc with flow left. Flow on cycles (possible only through zero-cost cycles) is
    /// cancelled and not reported. Amounts below 1e-9 t/day (solver residue) are left out.
    /// Complexity: O(P · (L + deg)) for P paths of length at most L; P ≤ arcs with flow + sites.
    static func decompose(network net: Network, commodityIndex: Int, commodity: Commodity, values: CommodityValues,
                          arcCostMilli: [UInt32]) -> [FlowPath] {
        let g = net.graph
        let epsilon = 1e-9
        var remaining = values.arcFlow
        var cursor = (0..<net.nodeCount).map { g.outArcs(of: UInt32($0)).lowerBound }
        // What each node still hands to sinks: (sink, amount), sinks in order.
        var extraction: [UInt32: [(sink: Int, amount: Double)]] = [:]
        for (t, list) in values.extracted.enumerated() {
            for (v, amount) in list where amount > epsilon { extraction[v, default: []].append((t, amount)) }
        }
        func nextArc(_ v: Int) -> Int? {
            let end = g.outArcs(of: UInt32(v)).upperBound
            while cursor[v] < end {
                if remaining[cursor[v]] > epsilon { return cursor[v] }
                cursor[v] += 1
            }
            return nil
        }
        func sinkAt(_ v: Int) -> Int? {
            extraction[UInt32(v)]?.firstIndex { $0.amount > epsilon }
        }
        var paths: [FlowPath] = []
        for (s, list) in values.injected.enumerated() {
            for (start, injected) in list {
                var left = injected
                while left > epsilon {
                    var arcs: [Int] = []
                    var position: [Int: Int] = [Int(start): 0]  // node -> index in `arcs` where it was entered
                    var v = Int(start)
                    var sink: Int?
                    while true {
                        if let t = sinkAt(v) { sink = t; break }
                        guard let a = nextArc(v) else { break }  // only residue is left
                        arcs.append(a)
                        v = Int(g.head[a])
                        if let begin = position[v] {
                            // A cycle: cancel it and continue from where it started.
                            let cycle = arcs[begin...]
                            let amount = cycle.map { remaining[$0] }.min()!
                            for c in cycle { remaining[c] = remaining[c] - amount <= epsilon ? 0 : remaining[c] - amount }
                            for c in cycle { position[Int(g.head[c])] = nil }
                            arcs.removeSubrange(begin...)
                            position[v] = begin
                        } else {
                            position[v] = arcs.count
                        }
                    }
                    guard let t = sink else { break }
                    var entries = extraction[UInt32(v)]!
                    let amount = min(left, entries[t].amount, arcs.map { remaining[$0] }.min() ?? .infinity)
                    for a in arcs { remaining[a] = remaining[a] - amount <= epsilon ? 0 : remaining[a] - amount }
                    entries[t].amount = entries[t].amount - amount <= epsilon ? 0 : entries[t].amount - amount
                    extraction[UInt32(v)] = entries
                    left = left - amount <= epsilon ? 0 : left - amount
                    let end = commodity.sinks[entries[t].sink]
                    paths.append(makePath(net: net, origin: commodity.sources[s].site, destination: end.site,
                                          commodity: commodityIndex, pair: end.pair, arcs: arcs.map { UInt32($0) },
                                          amount: amount, costs: arcCostMilli))
                }
            }
        }
        return paths
    }

    static func makePath(net: Network, origin: Int, destination: Int, commodity: Int, pair: Int?, arcs: [UInt32],
                         amount: Double, costs: [UInt32]) -> FlowPath {
        var edges: [UInt32] = [], crossings: [String] = [], countries: [String] = [], regions: [String] = []
        var transshipments: [String] = []
        var costMilli: Int64 = 0
        for a in arcs {
            let e = Int(net.arcEdge[Int(a)])
            edges.append(UInt32(e))
            costMilli += Int64(costs[Int(a)])
            switch net.edgeKind[e] {
            case .crossing: crossings.append(net.name(ofEdge: e))
            case .transshipment: transshipments.append(net.name(ofEdge: e))
            case .transfer: break
            case .line:
                let c = net.country(ofEdge: e), r = net.region(ofEdge: e)
                if !c.isEmpty && countries.last != c { countries.append(c) }
                if !r.isEmpty && regions.last != r { regions.append(r) }
            }
        }
        return FlowPath(origin: origin, destination: destination, commodity: commodity, pair: pair, arcs: arcs,
                        edges: edges, tonnesPerDay: amount,
                        costPerTonne: Double(costMilli) / 1000, crossings: crossings, countries: countries,
                        regions: regions, transshipments: transshipments)
    }

    /// Groups paths by their sequence of crossings (domestic paths: by their sequence of regions).
    static func corridors(of paths: [FlowPath]) -> [FlowCorridor] {
        var byKey: [[String]: [Int]] = [:]
        var keyOrder: [[String]] = []
        for (i, p) in paths.enumerated() {
            let key = p.crossings.isEmpty ? ["regions"] + p.regions : ["crossings"] + p.crossings
            if byKey[key] == nil { keyOrder.append(key) }
            byKey[key, default: []].append(i)
        }
        var corridors: [FlowCorridor] = []
        for key in keyOrder {
            let members = byKey[key]!.sorted { (paths[$0].tonnesPerDay, $1) > (paths[$1].tonnesPerDay, $0) }
            let largest = paths[members[0]]
            let volume = members.reduce(0.0) { $0 + paths[$1].tonnesPerDay }
            let cost = members.reduce(0.0) { $0 + paths[$1].tonnesPerDay * paths[$1].costPerTonne }
            let name: String
            if largest.crossings.isEmpty {
                name = largest.regions.isEmpty ? "(local)" : largest.regions.joined(separator: " → ")
            } else {
                name = corridorName(largest)
            }
            corridors.append(FlowCorridor(name: name, crossings: largest.crossings, countries: largest.countries,
                                          regions: largest.regions, tonnesPerDay: volume, cost: cost, paths: members))
        }
        return corridors.sorted { ($0.tonnesPerDay, $1.name) > ($1.tonnesPerDay, $0.name) }
    }

    /// `RU → Khasan–Tumangang → KP`: countries interleaved with the crossings between them.
    static func corridorName(_ p: FlowPath) -> String {
        // Crossings sit between consecutive countries; with n crossings there are usually n + 1 countries.
        var parts: [String] = []
        var countries = p.countries[...]
        if let first = countries.popFirst() { parts.append(first) }
        for c in p.crossings {
            parts.append(c)
            if let next = countries.popFirst() { parts.append(next) }
        }
        parts.append(contentsOf: countries)
        return parts.joined(separator: " → ")
    }
}
