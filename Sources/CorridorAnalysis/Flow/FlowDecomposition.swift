import CorridorGraph
import CorridorNetwork

/// Flow decomposition into origin–destination paths, and grouping of paths into corridors.
enum FlowDecomposition {
    /// Splits a conserving flow on `model.network` into paths from origin hubs to destination hubs.
    ///
    /// Deterministic: origins in request order; at each node the lowest-id flow arc with flow left is followed.
    /// Flow on cycles (possible only through zero-cost cycles) is cancelled and not reported.
    /// Complexity: O(P · (L + deg)) for P paths of length at most L; P ≤ number of flow arcs + sites.
    static func decompose(model: FlowModel, flow: [Int64]) -> [FlowPath] {
        let fn = model.network
        let net = model.view.network
        var remaining = flow
        // Outgoing flow arcs per node, by id.
        var firstOut = [Int](repeating: 0, count: fn.nodeCount + 1)
        for t in fn.tails { firstOut[Int(t) + 1] += 1 }
        for v in 0..<fn.nodeCount { firstOut[v + 1] += firstOut[v] }
        var fill = firstOut
        var outArcs = [Int](repeating: 0, count: fn.arcCount)
        for a in 0..<fn.arcCount { outArcs[fill[Int(fn.tails[a])]] = a; fill[Int(fn.tails[a])] += 1 }
        var cursor = Array(firstOut.dropLast())  // first out-arc that may still carry flow

        func nextArc(_ v: Int) -> Int? {
            while cursor[v] < firstOut[v + 1] {
                let a = outArcs[cursor[v]]
                if remaining[a] > 0 { return a }
                cursor[v] += 1
            }
            return nil
        }
        let firstDestinationHub = net.nodeCount + model.origins.count
        var paths: [FlowPath] = []
        for i in 0..<model.origins.count {
            let hub = Int(model.originHub(i))
            while nextArc(hub) != nil {
                var arcs: [Int] = []
                var position: [Int: Int] = [hub: 0]  // node -> index in `arcs` where it was entered
                var v = hub
                while v < firstDestinationHub {
                    guard let a = nextArc(v) else { break }  // cannot happen for a conserving flow
                    arcs.append(a)
                    v = Int(fn.heads[a])
                    if let start = position[v] {
                        // A cycle: cancel it and continue from where it started.
                        let cycle = arcs[start...]
                        let amount = cycle.map { remaining[$0] }.min()!
                        for c in cycle { remaining[c] -= amount }
                        for c in cycle { position[Int(fn.heads[c])] = nil }
                        arcs.removeSubrange(start...)
                        position[v] = start
                    } else {
                        position[v] = arcs.count
                    }
                }
                guard v >= firstDestinationHub, !arcs.isEmpty else { break }
                let amount = arcs.map { remaining[$0] }.min()!
                for a in arcs { remaining[a] -= amount }
                let networkArcs = arcs.compactMap { model.networkArc[$0] == .max ? nil : model.networkArc[$0] }
                paths.append(makePath(net: net, origin: i, destination: v - firstDestinationHub, arcs: networkArcs,
                                      amount: amount, costs: model.arcCostMilli))
            }
        }
        return paths
    }

    static func makePath(net: Network, origin: Int, destination: Int, arcs: [UInt32], amount: Int64,
                         costs: [UInt32]) -> FlowPath {
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
        return FlowPath(origin: origin, destination: destination, arcs: arcs, edges: edges, tonnesPerDay: amount,
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
            let volume = members.reduce(Int64(0)) { $0 + paths[$1].tonnesPerDay }
            let cost = members.reduce(0.0) { $0 + Double(paths[$1].tonnesPerDay) * paths[$1].costPerTonne }
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
