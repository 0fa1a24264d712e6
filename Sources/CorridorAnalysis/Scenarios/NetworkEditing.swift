import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Foundation

extension Network {
    /// A new network with `added` edges appended (planned links: a new bridge, a new road).
    ///
    /// Each added edge joins the nodes of its layer(s) nearest to its two places (within `maxSnapMeters`); a dual-gauge
    /// rail edge joins both rail layers as twins, each with the full capacity (as the builder does; flows flag
    /// overloads). Existing node and edge ids are unchanged, so results of scenarios with and without the addition compare edge by edge. Arc ids change (the CSR is rebuilt).
    /// - Complexity: O(n + m) for the rebuild, plus O(n) per added edge for snapping.
    public func adding(_ added: [AddedEdge], maxSnapMeters: Double = 25_000) throws(AnalysisError) -> Network {
        if added.isEmpty { return self }
        var strings = self.strings
        var stringIndex: [String: UInt32] = [:]
        for (i, s) in strings.enumerated() where stringIndex[s] == nil { stringIndex[s] = UInt32(i) }
        func intern(_ s: String) -> UInt32 {
            if let i = stringIndex[s] { return i }
            strings.append(s)
            stringIndex[s] = UInt32(strings.count - 1)
            return UInt32(strings.count - 1)
        }
        var edgeSource = self.edgeSource, edgeTarget = self.edgeTarget, edgeKind = self.edgeKind, edgeMode = self.edgeMode
        var edgeClass = self.edgeClass, edgeName = self.edgeName, edgeLength = self.edgeLengthMeters
        var edgeSpeed = self.edgeSpeedKmh, edgeTime = self.edgeTimeSeconds, edgeOneway = self.edgeOneway
        var edgeGauge = self.edgeGauge, edgeTracks = self.edgeTracks, edgeElectrified = self.edgeElectrified
        var edgeCapacity = self.edgeCapacityTonnesPerDay, edgeFixedCost = self.edgeFixedCost
        var edgeCountry = self.edgeCountry, edgeRegion = self.edgeRegion, edgeSourceIndex = self.edgeSourceIndex
        var edgeSourceFID = self.edgeSourceFID, edgeTwin = self.edgeTwin, offsets = self.edgeGeometryOffset
        var geometry = self.geometry, crossings = self.crossings

        for a in added {
            func locate(_ text: String) throws(AnalysisError) -> LonLat {
                do { return try places.place(named: text).location } catch { throw .place(error) }
            }
            let fromPoint: LonLat, toPoint: LonLat
            if let line = a.line, let first = line.first, let last = line.last {
                (fromPoint, toPoint) = (first, last)
            } else {
                (fromPoint, toPoint) = (try locate(a.from), try locate(a.to))
            }
            let layers: [(NetworkLayer, GaugeSpec)]
            switch (a.attributes.mode, a.attributes.gauge) {
            case (.road, _): layers = [(.road, .none)]
            case (.rail, .broad1520): layers = [(.rail1520, .broad1520)]
            case (.rail, .standard1435): layers = [(.rail1435, .standard1435)]
            case (.rail, .dual): layers = [(.rail1520, .dual), (.rail1435, .dual)]
            case (.rail, .none): throw .invalidRequest("added edge '\(a.name)': a rail edge needs a gauge")
            }
            let isCrossing = a.crossingDelayHours != nil || a.crossingCost != nil
            var created: [UInt32] = []
            for (layer, gauge) in layers {
                func nearest(_ p: LonLat, _ what: String) throws(AnalysisError) -> UInt32 {
                    let best = locator.nearest(to: p, layer: layer, in: self) { _ in true }
                    guard let best, best.distance <= maxSnapMeters else {
                        throw .tooFarFromNetwork(what: "added edge '\(a.name)' end \(what) (layer \(layer))",
                                                 distanceMeters: best?.distance ?? .infinity, limitMeters: maxSnapMeters)
                    }
                    return best.node
                }
                let s = try nearest(fromPoint, a.from), t = try nearest(toPoint, a.to)
                guard s != t else { throw .invalidRequest("added edge '\(a.name)': both ends snap to the same node \(s)") }
                var line = a.line ?? []
                if line.isEmpty { line = [nodeLocation[Int(s)], nodeLocation[Int(t)]] } else {
                    line[0] = nodeLocation[Int(s)]
                    line[line.count - 1] = nodeLocation[Int(t)]
                }
                let length = Geodesic.length(line)
                let e = UInt32(edgeKind.count)
                created.append(e)
                edgeSource.append(s); edgeTarget.append(t)
                edgeKind.append(isCrossing ? .crossing : .line); edgeMode.append(a.attributes.mode)
                edgeClass.append(intern(isCrossing ? "crossing" : a.attributes.roadClass)); edgeName.append(intern(a.name))
                edgeLength.append(length); edgeSpeed.append(a.attributes.speedKmh)
                edgeTime.append(length / (a.attributes.speedKmh / 3.6) + (a.crossingDelayHours ?? 0) * 3600)
                edgeOneway.append(a.attributes.oneway); edgeGauge.append(gauge)
                edgeTracks.append(UInt8(clamping: a.attributes.tracks)); edgeElectrified.append(a.attributes.electrified)
                // Every gauge layer gets the full capacity, as built edges do (flows flag overloads of the shared track).
                edgeCapacity.append(a.attributes.capacityTonnesPerDay); edgeFixedCost.append(a.crossingCost ?? 0)
                edgeCountry.append(intern(a.attributes.country)); edgeRegion.append(intern(a.attributes.region))
                edgeSourceIndex.append(UInt32.max); edgeSourceFID.append(-1); edgeTwin.append(UInt32.max)
                geometry.append(contentsOf: line)
                offsets.append(UInt32(geometry.count))
            }
            if created.count == 2 {
                edgeTwin[Int(created[0])] = created[1]
                edgeTwin[Int(created[1])] = created[0]
            }
            if isCrossing {
                let countries = [a.attributes.country].filter { !$0.isEmpty }
                crossings.append(CrossingInfo(name: a.name, location: fromPoint, countries: countries, modes: [a.attributes.mode],
                                              capacityTonnesPerDay: a.attributes.capacityTonnesPerDay,
                                              delaySeconds: (a.crossingDelayHours ?? 0) * 3600, cost: a.crossingCost ?? 0,
                                              note: "added by scenario", edges: created))
            }
        }
        // Arcs: one per direction of every edge, in edge order; the CSR build sorts them stably by tail.
        var tails: [UInt32] = [], heads: [UInt32] = [], arcEdge: [UInt32] = [], arcForward: [Bool] = []
        let edgeCount = edgeKind.count
        tails.reserveCapacity(edgeCount * 2); heads.reserveCapacity(edgeCount * 2)
        // Keep the existing arcs exactly (a oneway edge may run against its geometry), then add the new ones.
        for a in 0..<graph.arcCount {
            tails.append(graph.tail[a]); heads.append(graph.head[a]); arcEdge.append(self.arcEdge[a]); arcForward.append(self.arcForward[a])
        }
        for e in self.edgeCount..<edgeCount {
            tails.append(edgeSource[e]); heads.append(edgeTarget[e]); arcEdge.append(UInt32(e)); arcForward.append(true)
            if !edgeOneway[e] {
                tails.append(edgeTarget[e]); heads.append(edgeSource[e]); arcEdge.append(UInt32(e)); arcForward.append(false)
            }
        }
        let (newGraph, order) = CSRGraph.build(nodeCount: nodeCount, tails: tails, heads: heads)
        // Added edges carry no ranges: low = high = their values.
        var ranges = self.ranges
        for e in self.edgeCount..<edgeCount {
            ranges.capacityLow.append(Double(edgeCapacity[e])); ranges.capacityHigh.append(Double(edgeCapacity[e]))
            ranges.timeLowSeconds.append(edgeTime[e]); ranges.timeHighSeconds.append(edgeTime[e])
            ranges.fixedCostLow.append(edgeFixedCost[e]); ranges.fixedCostHigh.append(edgeFixedCost[e])
        }
        return Network(
            graph: newGraph, arcEdge: order.map { arcEdge[Int($0)] }, arcForward: order.map { arcForward[Int($0)] },
            nodeLocation: nodeLocation, nodeLayer: nodeLayer, edgeSource: edgeSource, edgeTarget: edgeTarget,
            edgeKind: edgeKind, edgeMode: edgeMode, edgeClass: edgeClass, edgeName: edgeName, edgeLengthMeters: edgeLength,
            edgeSpeedKmh: edgeSpeed, edgeTimeSeconds: edgeTime, edgeOneway: edgeOneway, edgeGauge: edgeGauge,
            edgeTracks: edgeTracks, edgeElectrified: edgeElectrified, edgeCapacityTonnesPerDay: edgeCapacity,
            edgeFixedCost: edgeFixedCost, edgeCountry: edgeCountry, edgeRegion: edgeRegion, edgeSourceIndex: edgeSourceIndex,
            edgeSourceFID: edgeSourceFID, edgeTwin: edgeTwin, edgeGeometryOffset: offsets, geometry: geometry,
            strings: strings, places: places, crossings: crossings, terminals: terminals, report: report, costModel: costModel,
            ranges: ranges)
    }
}
