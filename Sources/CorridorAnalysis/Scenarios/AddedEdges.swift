import CorridorGeo
import CorridorNetwork

extension AddedEdge {
    /// The rows this planned edge adds to `network`, joined to existing nodes: each end snaps to the nearest node of
    /// the edge's layer (both rail layers, as twins, for dual gauge) within `maxSnapMeters` of its place (or of the
    /// given line's ends). Every layer's row gets the full capacity, as built edges do (flows flag overloads of the
    /// shared track). Reads `network` only.
    /// - Throws: `AnalysisError` for an unknown place, a rail edge without gauge, an end too far from the network, or
    ///   both ends on one node.
    /// - Complexity: O(log n) per end (the network's node index).
    public func resolved(in network: Network, maxSnapMeters: Double = 25_000) throws(AnalysisError) -> EdgeAddition {
        func locate(_ text: String) throws(AnalysisError) -> LonLat {
            do { return try network.places.place(named: text).location } catch { throw .place(error) }
        }
        let fromPoint: LonLat, toPoint: LonLat
        if let line, let first = line.first, let last = line.last {
            (fromPoint, toPoint) = (first, last)
        } else {
            (fromPoint, toPoint) = (try locate(from), try locate(to))
        }
        let layers: [(NetworkLayer, GaugeSpec)]
        switch (attributes.mode, attributes.gauge) {
        case (.road, _): layers = [(.road, .none)]
        case (.rail, .broad1520): layers = [(.rail1520, .broad1520)]
        case (.rail, .standard1435): layers = [(.rail1435, .standard1435)]
        case (.rail, .dual): layers = [(.rail1520, .dual), (.rail1435, .dual)]
        case (.rail, .none): throw .invalidRequest("added edge '\(name)': a rail edge needs a gauge")
        }
        let isCrossing = crossingDelayHours != nil || crossingCost != nil
        var rows: [(row: EdgeTable.Row, geometry: [LonLat])] = []
        for (layer, gauge) in layers {
            func nearest(_ p: LonLat, _ what: String) throws(AnalysisError) -> UInt32 {
                let best = network.locator.nearest(to: p, layer: layer, in: network) { _ in true }
                guard let best, best.distance <= maxSnapMeters else {
                    throw .tooFarFromNetwork(what: "added edge '\(name)' end \(what) (layer \(layer))",
                                             distanceMeters: best?.distance ?? .infinity, limitMeters: maxSnapMeters)
                }
                return best.node
            }
            let s = try nearest(fromPoint, from), t = try nearest(toPoint, to)
            guard s != t else { throw .invalidRequest("added edge '\(name)': both ends snap to the same node \(s)") }
            var polyline = line ?? []
            if polyline.isEmpty { polyline = [network.nodeLocation[Int(s)], network.nodeLocation[Int(t)]] } else {
                polyline[0] = network.nodeLocation[Int(s)]
                polyline[polyline.count - 1] = network.nodeLocation[Int(t)]
            }
            let length = Geodesic.length(polyline)
            var row = EdgeTable.Row.line(from: s, to: t, lengthMeters: length, attributes: attributes, gauge: gauge)
            if isCrossing {
                row.kind = .crossing
                row.className = "crossing"
                row.timeSeconds += (crossingDelayHours ?? 0) * 3600
                row.fixedCost = crossingCost ?? 0
            }
            // A planned edge carries no ranges: low = high = its values.
            row.timeLowSeconds = row.timeSeconds; row.timeHighSeconds = row.timeSeconds
            row.fixedCostLow = row.fixedCost; row.fixedCostHigh = row.fixedCost
            rows.append((row, polyline))
        }
        var crossing: CrossingInfo?
        if isCrossing {
            let countries = [attributes.country].filter { !$0.isEmpty }
            crossing = CrossingInfo(name: name, location: fromPoint, countries: countries, modes: [attributes.mode],
                                    capacityTonnesPerDay: attributes.capacityTonnesPerDay,
                                    delaySeconds: (crossingDelayHours ?? 0) * 3600, cost: crossingCost ?? 0,
                                    note: "added by scenario", edges: [])
        }
        return EdgeAddition(rows: rows, crossing: crossing)
    }
}

extension Network {
    /// This network with the planned edges `added` laid over it (`Network.overlaying`): existing node and edge ids
    /// are unchanged and nothing of the network is copied; see `AddedEdge.resolved(in:maxSnapMeters:)` for how the
    /// edges join the network.
    /// - Throws: the `AnalysisError` of the first edge that cannot be added.
    /// - Complexity: O(log n) per added edge end, plus O(n + m) for the new arc index.
    public func adding(_ added: [AddedEdge], maxSnapMeters: Double = 25_000) throws(AnalysisError) -> Network {
        var additions: [EdgeAddition] = []
        for a in added { additions.append(try a.resolved(in: self, maxSnapMeters: maxSnapMeters)) }
        do { return try overlaying(additions) } catch { throw .invalidRequest(error.description) }
    }
}
