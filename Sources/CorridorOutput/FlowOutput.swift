import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Writers for flow and chokepoint results: GeoJSON (RFC 7946, summary in a `corridor` foreign member), JSON, text.
/// Deterministic: features by id, coordinates with 7 decimals, numbers with fixed precision.
public enum FlowOutput {
    // MARK: Flow

    /// Every edge carrying flow as a LineString feature, plus the summary in the collection's `corridor` member.
    public static func geoJSON(_ r: FlowResult) -> String {
        var box = BoundingBox()
        for e in flowEdges(r) { for p in r.network.edgeGeometry(e.edge) { box.add(p) } }
        return GeoJSONFeatures.collection(features(r), bbox: box) { w in writeFlowSummary(&w, r) }
    }

    /// One feature per edge with flow, by id, each with `tags` first in its properties.
    static func features(_ r: FlowResult, tags: [(String, String)] = []) -> [FeatureText] {
        flowEdges(r).map { e in
            let geometry = ElementGeometry.line(Array(r.network.edgeGeometry(e.edge)))
            var w = JSONWriter()
            w.beginObject()
            w.field("type", "Feature")
            w.field("id", e.edge)
            w.key("geometry"); geometry.write(to: &w)
            w.key("properties"); w.beginObject()
            for (key, value) in tags { w.field(key, value) }
            writeEdgeProperties(&w, r.network, e.edge)
            w.field("flow_tpd", e.flow)
            w.field("flow_forward_tpd", e.forward)
            w.field("flow_backward_tpd", e.backward)
            w.field("capacity_tpd", e.capacity)
            w.field("utilization", e.utilization, decimals: 4)
            w.field("unit_cost", e.unitCost, decimals: 3)
            w.field("cost", e.cost, decimals: 3)
            w.endObject()
            w.endObject()
            return FeatureText(json: w.text, bbox: geometry.bbox)
        }
    }

    /// The summary and per-edge flows as JSON (no geometry).
    public static func json(_ r: FlowResult) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("summary"); writeFlowSummary(&w, r)
        w.key("edges"); w.beginArray()
        for e in flowEdges(r) {
            w.beginObject()
            writeEdgeProperties(&w, r.network, e.edge)
            w.field("flow_tpd", e.flow); w.field("flow_forward_tpd", e.forward); w.field("flow_backward_tpd", e.backward)
            w.field("capacity_tpd", e.capacity); w.field("utilization", e.utilization, decimals: 4)
            w.field("unit_cost", e.unitCost, decimals: 3); w.field("cost", e.cost, decimals: 3)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    /// A readable summary: delivered, cost, unmet demand, corridors by volume.
    public static func text(_ r: FlowResult) -> String {
        var out = ""
        let origins = r.origins.map { "\($0.site.name) \($0.requestedTonnesPerDay)" }.joined(separator: ", ")
        let destinations = r.destinations.map { "\($0.site.name) \($0.requestedTonnesPerDay)" }.joined(separator: ", ")
        out += "Flow from \(origins) to \(destinations) (t/day)\n"
        for note in r.notes { out += "  restriction: \(note)\n" }
        switch r.status {
        case .complete: out += "Status: complete\n"
        case .partial: out += "Status: PARTIAL: demand exceeds what the network can carry\n"
        case .infeasible: out += "Status: INFEASIBLE: nothing can be delivered\n"
        }
        out += "Delivered: \(r.deliveredTonnesPerDay) of \(r.requestedTonnesPerDay) t/day requested"
        out += " (supply \(r.suppliedTonnesPerDay) t/day)\n"
        out += "Total cost: \(NumberFormat.trimmed(r.totalCost, decimals: 2)) per day"
        if r.deliveredTonnesPerDay > 0 {
            out += " (\(NumberFormat.trimmed(r.totalCost / Double(r.deliveredTonnesPerDay), decimals: 3)) per tonne)"
        }
        out += "\n"
        out += sharedCapacityText(r.sharedCapacityWarnings)
        if !r.unmetDemand.isEmpty {
            out += "Unmet demand:\n"
            for u in r.unmetDemand { out += "  \(u.place): \(u.tonnesPerDay) t/day\n" }
        }
        if !r.corridors.isEmpty {
            out += "Corridors by volume:\n"
            var rows = [["#", "t/day", "share", "cost/t", "corridor", "regions"]]
            for (i, c) in r.corridors.enumerated() {
                let share = r.deliveredTonnesPerDay > 0 ? Double(c.tonnesPerDay) / Double(r.deliveredTonnesPerDay) : 0
                rows.append(["\(i + 1)", "\(c.tonnesPerDay)", "\(NumberFormat.trimmed(share * 100, decimals: 1))%",
                             NumberFormat.trimmed(c.tonnesPerDay > 0 ? c.cost / Double(c.tonnesPerDay) : 0, decimals: 3),
                             c.name, c.regions.joined(separator: " → ")])
            }
            out += TextTable(rows, alignments: columns(rows, right: [0, 1, 2, 3])).text()
        }
        return out
    }

    // MARK: Chokepoints

    /// Min-cut elements and ranked elements as features (`role`: `cut` or `ranked`), summary in `corridor`.
    public static func geoJSON(_ r: ChokepointResult, network: Network) -> String {
        // The collection's box covers each element's edges (its point when it has none).
        var box = BoundingBox()
        for c in r.cut { addBox(&box, network, c.edges, c.location) }
        for c in r.ranking { addBox(&box, network, c.edges, c.location) }
        return GeoJSONFeatures.collection(features(r, network: network), bbox: box) { w in writeChokepointSummary(&w, r) }
    }

    /// The cut's features, then the ranking's, each with `tags` first in its properties.
    static func features(_ r: ChokepointResult, network: Network, tags: [(String, String)] = []) -> [FeatureText] {
        func feature(_ geometry: ElementGeometry, _ properties: (inout JSONWriter) -> Void) -> FeatureText {
            var w = JSONWriter()
            w.beginObject()
            w.field("type", "Feature")
            w.key("geometry"); geometry.write(to: &w)
            w.key("properties"); w.beginObject()
            for (key, value) in tags { w.field(key, value) }
            properties(&w)
            w.endObject()
            w.endObject()
            return FeatureText(json: w.text, bbox: geometry.bbox)
        }
        var out: [FeatureText] = []
        for c in r.cut {
            out.append(feature(.element(network, kind: c.kind, edges: c.edges, location: c.location)) { w in
                w.field("role", "cut"); w.field("kind", c.kind.rawValue); w.field("element_id", c.id); w.field("name", c.name)
                w.field("capacity_tpd", c.capacityTonnesPerDay)
                w.key("edges"); w.beginArray(); for e in c.edges { w.int(Int64(e)) }; w.endArray()
            })
        }
        for c in r.ranking {
            out.append(feature(.element(network, kind: c.kind, edges: c.edges, location: c.location)) { w in
                writeRankedProperties(&w, c, network: network)
            })
        }
        return out
    }

    /// The chokepoint summary, cut and ranking as JSON.
    public static func json(_ r: ChokepointResult) -> String {
        var w = JSONWriter()
        writeChokepointSummary(&w, r)
        return w.text + "\n"
    }

    /// Maximum throughput, the cut and the ranking as readable tables.
    public static func text(_ r: ChokepointResult) -> String {
        var out = ""
        out += "Maximum throughput from \(r.origins.map(siteLabel).joined(separator: ", ")) to "
        out += "\(r.destinations.map(siteLabel).joined(separator: ", ")): \(r.maxThroughputTonnesPerDay) t/day\n"
        for note in r.notes { out += "  restriction: \(note)\n" }
        out += "Minimum cut (\(r.cut.count) element\(r.cut.count == 1 ? "" : "s"), capacities sum to the maximum):\n"
        var rows = [["kind", "capacity t/day", "name", "edges"]]
        for c in r.cut {
            rows.append([c.kind.rawValue, "\(c.capacityTonnesPerDay)", c.name, c.edges.map { String($0) }.joined(separator: ",")])
        }
        out += TextTable(rows, alignments: columns(rows, right: [1])).text()
        if !r.ranking.isEmpty {
            out += "Most critical elements (removed one at a time):\n"
            var rows = [["rank", "kind", "throughput lost t/day", "share", "cost added/day", "name"]]
            for c in r.ranking {
                let share = r.maxThroughputTonnesPerDay > 0
                    ? Double(c.throughputLostTonnesPerDay) / Double(r.maxThroughputTonnesPerDay) * 100 : 0
                rows.append(["\(c.rank)", c.kind.rawValue, "\(c.throughputLostTonnesPerDay)",
                             "\(NumberFormat.trimmed(share, decimals: 1))%",
                             c.costAdded.map { NumberFormat.trimmed($0, decimals: 2) } ?? "-", c.name])
            }
            out += TextTable(rows, alignments: columns(rows, right: [0, 2, 3, 4])).text()
        }
        out += sharedCapacityText(r.sharedCapacityWarnings)
        return out
    }

    /// Warnings for overloaded shared capacities, or "" when there are none.
    static func sharedCapacityText(_ warnings: [SharedCapacityWarning]) -> String {
        guard !warnings.isEmpty else { return "" }
        var out = "WARNING: shared capacities exceeded (each layer was given the full capacity; read these figures as optimistic):\n"
        for w in warnings { out += "  \(w.message)\n" }
        return out
    }

    static func writeSharedCapacityWarnings(_ w: inout JSONWriter, _ warnings: [SharedCapacityWarning]) {
        w.key("shared_capacity_warnings"); w.beginArray()
        for x in warnings {
            w.beginObject()
            w.field("kind", x.group.kind.rawValue)
            w.field("name", x.group.name)
            w.field("capacity_tpd", x.capacityTonnesPerDay)
            w.field("flow_forward_tpd", x.forwardTonnesPerDay)
            w.field("flow_backward_tpd", x.backwardTonnesPerDay)
            w.field("excess_tpd", x.excessTonnesPerDay)
            w.field("layers", strings: x.memberLayers)
            w.key("member_flow_tpd"); w.beginArray(); for f in x.memberTonnesPerDay { w.int(f) }; w.endArray()
            w.key("edges"); w.beginArray(); for e in x.group.edges { w.int(Int64(e)) }; w.endArray()
            w.field("message", x.message)
            w.endObject()
        }
        w.endArray()
    }

    // MARK: Helpers

    struct EdgeFlow {
        var edge: Int, flow: Int64, forward: Int64, backward: Int64, capacity: Int64
        var utilization: Double, unitCost: Double, cost: Double
    }

    /// Edges with flow, by id, with both directions and the busier direction's utilization.
    static func flowEdges(_ r: FlowResult) -> [EdgeFlow] {
        let n = r.network
        var byEdge: [Int: EdgeFlow] = [:]
        for a in 0..<r.arcFlow.count where r.arcFlow[a] > 0 {
            let e = Int(n.arcEdge[a])
            var ef = byEdge[e] ?? EdgeFlow(edge: e, flow: 0, forward: 0, backward: 0, capacity: r.arcCapacity[a],
                                           utilization: 0, unitCost: Double(r.arcCostMilli[a]) / 1000, cost: 0)
            ef.flow += r.arcFlow[a]
            if n.arcForward[a] { ef.forward += r.arcFlow[a] } else { ef.backward += r.arcFlow[a] }
            let cap = r.arcCapacity[a]
            if cap > 0 { ef.utilization = max(ef.utilization, Double(r.arcFlow[a]) / Double(cap)) }
            ef.cost += Double(r.arcFlow[a]) * Double(r.arcCostMilli[a]) / 1000
            byEdge[e] = ef
        }
        return byEdge.keys.sorted().map { byEdge[$0]! }
    }

    static func writeEdgeProperties(_ w: inout JSONWriter, _ n: Network, _ e: Int) {
        w.field("edge_id", e)
        w.field("name", n.name(ofEdge: e))
        w.field("kind", n.edgeKind[e].description)
        w.field("mode", n.edgeMode[e].description)
        w.field("class", n.className(ofEdge: e))
        w.field("country", n.country(ofEdge: e))
        w.field("region", n.region(ofEdge: e))
        if n.edgeGauge[e] != .none { w.field("gauge", n.edgeGauge[e].description) }
    }

    static func writeFlowSummary(_ w: inout JSONWriter, _ r: FlowResult) {
        w.beginObject()
        w.field("status", r.status.rawValue)
        w.field("requested_tpd", r.requestedTonnesPerDay)
        w.field("supplied_tpd", r.suppliedTonnesPerDay)
        w.field("delivered_tpd", r.deliveredTonnesPerDay)
        w.field("total_cost", r.totalCost, decimals: 3)
        w.key("origins"); writeSites(&w, r.origins)
        w.key("destinations"); writeSites(&w, r.destinations)
        w.key("unmet_demand"); w.beginArray()
        for u in r.unmetDemand { w.beginObject(); w.field("place", u.place); w.field("unmet_tpd", u.tonnesPerDay); w.endObject() }
        w.endArray()
        w.key("corridors"); w.beginArray()
        for (i, c) in r.corridors.enumerated() {
            w.beginObject()
            w.field("rank", i + 1)
            w.field("name", c.name)
            w.field("flow_tpd", c.tonnesPerDay)
            w.field("cost", c.cost, decimals: 3)
            w.field(c.crossings.isEmpty ? "regions" : "crossings", strings: c.crossings.isEmpty ? c.regions : c.crossings)
            w.field("countries", strings: c.countries)
            w.key("paths"); w.beginArray()
            for p in c.paths.map({ r.paths[$0] }) {
                w.beginObject()
                w.field("origin", r.origins[p.origin].site.name)
                w.field("destination", r.destinations[p.destination].site.name)
                w.field("flow_tpd", p.tonnesPerDay)
                w.field("cost_per_tonne", p.costPerTonne, decimals: 3)
                w.key("edges"); w.beginArray(); for e in p.edges { w.int(Int64(e)) }; w.endArray()
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.field("restrictions", strings: r.notes)
        writeSharedCapacityWarnings(&w, r.sharedCapacityWarnings)
        w.endObject()
    }

    static func writeSites(_ w: inout JSONWriter, _ sites: [SiteFlow]) {
        w.beginArray()
        for s in sites {
            w.beginObject()
            w.field("name", s.site.name)
            w.field("requested_tpd", s.requestedTonnesPerDay)
            w.field("flow_tpd", s.tonnesPerDay)
            w.key("nodes"); w.beginArray(); for v in s.site.nodes { w.int(Int64(v)) }; w.endArray()
            w.field("snap_distance_m", s.site.snapped.snapDistanceMeters, decimals: 1)
            w.endObject()
        }
        w.endArray()
    }

    static func siteLabel(_ s: ResolvedSite) -> String {
        s.tonnesPerDay.map { "\(s.name) (\($0) t/day)" } ?? s.name
    }

    static func writeChokepointSummary(_ w: inout JSONWriter, _ r: ChokepointResult) {
        w.beginObject()
        w.field("max_throughput_tpd", r.maxThroughputTonnesPerDay)
        for (key, sites) in [("origins", r.origins), ("destinations", r.destinations)] {
            w.key(key); w.beginArray()
            for s in sites {
                w.beginObject(); w.field("name", s.name)
                if let t = s.tonnesPerDay { w.field("limit_tpd", t) } else { w.key("limit_tpd"); w.null() }
                w.key("nodes"); w.beginArray(); for v in s.nodes { w.int(Int64(v)) }; w.endArray()
                w.endObject()
            }
            w.endArray()
        }
        w.key("cut"); w.beginArray()
        for c in r.cut {
            w.beginObject(); w.field("kind", c.kind.rawValue); w.field("element_id", c.id); w.field("name", c.name)
            w.field("capacity_tpd", c.capacityTonnesPerDay)
            w.key("edges"); w.beginArray(); for e in c.edges { w.int(Int64(e)) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("cut_nodes"); w.beginArray(); for v in r.cutNodes { w.int(Int64(v)) }; w.endArray()
        w.key("ranking"); w.beginArray()
        for c in r.ranking {
            w.beginObject()
            w.field("rank", c.rank); w.field("kind", c.kind.rawValue); w.field("element_id", c.id); w.field("name", c.name)
            w.field("throughput_lost_tpd", c.throughputLostTonnesPerDay)
            if let cost = c.costAdded { w.field("cost_added", cost, decimals: 3) } else { w.key("cost_added"); w.null() }
            w.key("edges"); w.beginArray(); for e in c.edges { w.int(Int64(e)) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.field("restrictions", strings: r.notes)
        writeSharedCapacityWarnings(&w, r.sharedCapacityWarnings)
        w.endObject()
    }

    static func writeRankedProperties(_ w: inout JSONWriter, _ c: CriticalElement, network: Network) {
        w.field("role", "ranked"); w.field("rank", c.rank); w.field("kind", c.kind.rawValue)
        w.field("element_id", c.id); w.field("name", c.name)
        w.field("throughput_lost_tpd", c.throughputLostTonnesPerDay)
        if let cost = c.costAdded { w.field("cost_added", cost, decimals: 3) } else { w.key("cost_added"); w.null() }
        w.key("edges"); w.beginArray(); for e in c.edges { w.int(Int64(e)) }; w.endArray()
    }

    static func addBox(_ box: inout BoundingBox, _ n: Network, _ edges: [UInt32], _ location: LonLat) {
        if edges.isEmpty { box.add(location) }
        for e in edges { for p in n.edgeGeometry(Int(e)) { box.add(p) } }
    }

    /// Column alignments for `rows`: right for the columns in `right`, left for the others.
    static func columns(_ rows: [[String]], right: Set<Int>) -> [TextTable.Alignment] {
        (rows.first ?? []).indices.map { right.contains($0) ? .right : .left }
    }
}

/// The geometry of a flow edge or a chokepoint element, as written: a Point, a LineString or a MultiLineString.
enum ElementGeometry {
    case point(LonLat)
    case lineString([LonLat])
    case multiLineString([[LonLat]])

    /// A polyline: a LineString, or a Point for fewer than two positions.
    static func line(_ line: [LonLat]) -> ElementGeometry {
        line.count >= 2 ? .lineString(line) : .point(line.first ?? LonLat(lon: 0, lat: 0))
    }

    /// Lines for edge elements (a MultiLineString for a dual-gauge pair), the point for the others.
    static func element(_ n: Network, kind: ElementKind, edges: [UInt32], location: LonLat) -> ElementGeometry {
        guard kind == .edge, !edges.isEmpty else { return .point(location) }
        let lines = edges.map { Array(n.edgeGeometry(Int($0))) }
        return lines.count == 1 ? line(lines[0]) : .multiLineString(lines)
    }

    /// The parts a map draws: one per line, or one single-position part for a point.
    var parts: [[LonLat]] {
        switch self {
        case let .point(p): return [[p]]
        case let .lineString(l): return [l]
        case let .multiLineString(ls): return ls
        }
    }

    /// The box of the written positions.
    var bbox: BoundingBox {
        var box = BoundingBox()
        for part in parts { for p in part { box.add(p) } }
        return box
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        switch self {
        case let .point(p):
            w.field("type", "Point"); w.key("coordinates"); w.position(p)
        case let .lineString(l):
            w.field("type", "LineString")
            w.key("coordinates"); w.beginArray(); for p in l { w.position(p) }; w.endArray()
        case let .multiLineString(ls):
            w.field("type", "MultiLineString")
            w.key("coordinates"); w.beginArray()
            for l in ls { w.beginArray(); for p in l { w.position(p) }; w.endArray() }
            w.endArray()
        }
        w.endObject()
    }
}
