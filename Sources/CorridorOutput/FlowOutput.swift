import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Writers for flow and chokepoint results: GeoJSON (RFC 7946, summary in a `corridor` foreign member), JSON, text.
/// Deterministic: features by id, coordinates with 7 decimals, numbers with fixed precision.
public enum FlowOutput {
    // MARK: Flow

    /// One `flow` feature per edge carrying flow (connectors as points), the summary in the query record.
    public static func document(_ r: FlowResult, scenario: String? = nil) -> ResultDocument {
        let corridor = QueryRecord.json(command: "flow", network: r.network, scenario: scenario,
                                        restrictions: r.request.restrictions, notes: r.notes) { w in
            writeSiteRequests(&w, "origins", r.request.origins, key: "requested_tpd")
            writeSiteRequests(&w, "destinations", r.request.destinations, key: "requested_tpd")
            w.field("strict", r.request.requireFullDelivery)
        } summary: { w in
            writeFlowSummaryMembers(&w, r)
        }
        let features = flowEdges(r).map { e in
            OutputFeature(role: .flow, geometry: r.network.outputGeometry(ofEdge: e.edge),
                          properties: flowProperties(e, network: r.network), id: e.edge)
        }
        return ResultDocument(command: "flow", roles: [.flow], features: features, corridor: corridor)
    }

    /// A FeatureCollection of `document(_:)`.
    public static func geoJSON(_ r: FlowResult) -> String { GeoJSONOutput.collection(document(r)) }

    /// The summary and per-edge flows as JSON (no geometry).
    public static func json(_ r: FlowResult) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("restrictions")
        QueryRecord.writeRestrictions(r.request.restrictions, notes: r.notes, to: &w)
        w.key("summary"); w.beginObject(); writeFlowSummaryMembers(&w, r); w.endObject()
        w.key("edges"); w.beginArray()
        for e in flowEdges(r) {
            w.beginObject()
            for p in flowProperties(e, network: r.network) { w.key(p.name); GeoJSONOutput.write(p.value, to: &w) }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    static func flowProperties(_ e: EdgeFlow, network n: Network) -> [OutputFeature.Property] {
        var p = PropertyList()
        EdgeFeatures.add(edge: e.edge, of: n, to: &p)
        p.add("flow_tpd", e.flow)
        p.add("flow_forward_tpd", e.forward)
        p.add("flow_backward_tpd", e.backward)
        p.add("capacity_tpd", e.capacity)
        p.add("utilization", e.utilization, decimals: 4)
        p.add("cost_per_t", e.unitCost, decimals: 3)
        p.add("cost_per_day", e.cost, decimals: 3)
        return p.items
    }

    static func writeSiteRequests(_ w: inout JSONWriter, _ key: String, _ sites: [FlowSite], key amountKey: String) {
        w.key(key); w.beginArray()
        for s in sites {
            w.beginObject()
            w.field("place", s.endpoint.description)
            if let t = s.tonnesPerDay { w.field(amountKey, t) } else { w.key(amountKey); w.null() }
            w.endObject()
        }
        w.endArray()
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

    /// Min-cut elements (`cut`) and ranked elements (`chokepoint`) as features (edges as lines, the other
    /// elements as points), the summary in the query record.
    public static func document(_ r: ChokepointResult, network: Network, scenario: String? = nil) -> ResultDocument {
        let corridor = QueryRecord.json(command: "chokepoints", network: network, scenario: scenario,
                                        restrictions: r.request.restrictions, notes: r.notes) { w in
            writeSiteRequests(&w, "origins", r.request.origins, key: "limit_tpd")
            writeSiteRequests(&w, "destinations", r.request.destinations, key: "limit_tpd")
            w.field("top", r.request.top)
        } summary: { w in
            writeChokepointSummaryMembers(&w, r)
        }
        var features: [OutputFeature] = []
        for c in r.cut {
            features.append(OutputFeature(role: .cut, geometry: elementGeometry(network, kind: c.kind, edges: c.edges, location: c.location),
                                          properties: cutProperties(c)))
        }
        for c in r.ranking {
            features.append(OutputFeature(role: .chokepoint, geometry: elementGeometry(network, kind: c.kind, edges: c.edges, location: c.location),
                                          properties: rankedProperties(c)))
        }
        return ResultDocument(command: "chokepoints", roles: [.chokepoint, .cut], features: features, corridor: corridor)
    }

    /// A FeatureCollection of `document(_:network:)`.
    public static func geoJSON(_ r: ChokepointResult, network: Network) -> String {
        GeoJSONOutput.collection(document(r, network: network))
    }

    static func elementID(_ kind: ElementKind, _ id: Int) -> String { "\(kind.rawValue):\(id)" }

    static func cutProperties(_ c: CutElement) -> [OutputFeature.Property] {
        var p = PropertyList()
        p.add("element_id", elementID(c.kind, c.id))
        p.add("kind", c.kind.rawValue)
        p.add("name", c.name)
        p.add("capacity_tpd", c.capacityTonnesPerDay)
        p.add("edge_ids", ids: c.edges)
        p.add("node_id", optional: c.kind == .node ? c.id : nil)
        return p.items
    }

    static func rankedProperties(_ c: CriticalElement) -> [OutputFeature.Property] {
        var p = PropertyList()
        p.add("rank", c.rank)
        p.add("element_id", elementID(c.kind, c.id))
        p.add("kind", c.kind.rawValue)
        p.add("name", c.name)
        p.add("throughput_lost_tpd", c.throughputLostTonnesPerDay)
        p.add("cost_added_per_day", optional: c.costAdded, decimals: 3)
        p.add("edge_ids", ids: c.edges)
        p.add("node_id", optional: c.kind == .node ? c.id : nil)
        return p.items
    }

    /// Lines for edge elements (a MultiLineString for a dual-gauge pair), points for the rest.
    static func elementGeometry(_ n: Network, kind: ElementKind, edges: [UInt32], location: LonLat) -> OutputGeometry {
        guard kind == .edge, !edges.isEmpty else { return .point(location) }
        var parts: [[LonLat]] = []
        for e in edges { if case let .lines(l) = n.outputGeometry(ofEdge: Int(e)) { parts += l } }
        return parts.isEmpty ? .point(location) : .lines(parts)
    }

    /// The chokepoint summary, cut and ranking as JSON, with the restrictions.
    public static func json(_ r: ChokepointResult) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("restrictions")
        QueryRecord.writeRestrictions(r.request.restrictions, notes: r.notes, to: &w)
        writeChokepointSummaryMembers(&w, r)
        w.endObject()
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
            w.key("edge_ids"); w.beginArray(); for e in x.group.edges { w.int(Int64(e)) }; w.endArray()
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

    static func writeFlowSummaryMembers(_ w: inout JSONWriter, _ r: FlowResult) {
        w.field("status", r.status.rawValue)
        w.field("requested_tpd", r.requestedTonnesPerDay)
        w.field("supplied_tpd", r.suppliedTonnesPerDay)
        w.field("delivered_tpd", r.deliveredTonnesPerDay)
        w.field("cost_per_day", r.totalCost, decimals: 3)
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
            w.field("cost_per_day", c.cost, decimals: 3)
            w.field(c.crossings.isEmpty ? "regions" : "crossings", strings: c.crossings.isEmpty ? c.regions : c.crossings)
            w.field("countries", strings: c.countries)
            w.key("paths"); w.beginArray()
            for p in c.paths.map({ r.paths[$0] }) {
                w.beginObject()
                w.field("origin", r.origins[p.origin].site.name)
                w.field("destination", r.destinations[p.destination].site.name)
                w.field("flow_tpd", p.tonnesPerDay)
                w.field("cost_per_t", p.costPerTonne, decimals: 3)
                w.key("edge_ids"); w.beginArray(); for e in p.edges { w.int(Int64(e)) }; w.endArray()
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        writeSharedCapacityWarnings(&w, r.sharedCapacityWarnings)
    }

    static func writeSites(_ w: inout JSONWriter, _ sites: [SiteFlow]) {
        w.beginArray()
        for s in sites {
            w.beginObject()
            w.field("name", s.site.name)
            w.field("requested_tpd", s.requestedTonnesPerDay)
            w.field("flow_tpd", s.tonnesPerDay)
            w.key("node_ids"); w.beginArray(); for v in s.site.nodes { w.int(Int64(v)) }; w.endArray()
            w.field("snap_m", s.site.snapped.snapDistanceMeters, decimals: 1)
            w.endObject()
        }
        w.endArray()
    }

    static func siteLabel(_ s: ResolvedSite) -> String {
        s.tonnesPerDay.map { "\(s.name) (\($0) t/day)" } ?? s.name
    }

    static func writeChokepointSummaryMembers(_ w: inout JSONWriter, _ r: ChokepointResult) {
        w.field("max_throughput_tpd", r.maxThroughputTonnesPerDay)
        for (key, sites) in [("origins", r.origins), ("destinations", r.destinations)] {
            w.key(key); w.beginArray()
            for s in sites {
                w.beginObject(); w.field("name", s.name)
                if let t = s.tonnesPerDay { w.field("limit_tpd", t) } else { w.key("limit_tpd"); w.null() }
                w.key("node_ids"); w.beginArray(); for v in s.nodes { w.int(Int64(v)) }; w.endArray()
                w.endObject()
            }
            w.endArray()
        }
        func object(_ properties: [OutputFeature.Property]) {
            w.beginObject()
            for p in properties {
                w.key(p.name)
                if case let .list(items) = p.value { w.beginArray(); for i in items { w.raw(i) }; w.endArray() }
                else { GeoJSONOutput.write(p.value, to: &w) }
            }
            w.endObject()
        }
        w.key("cut"); w.beginArray(); for c in r.cut { object(cutProperties(c)) }; w.endArray()
        w.key("cut_node_ids"); w.beginArray(); for v in r.cutNodes { w.int(Int64(v)) }; w.endArray()
        w.key("ranking"); w.beginArray(); for c in r.ranking { object(rankedProperties(c)) }; w.endArray()
        writeSharedCapacityWarnings(&w, r.sharedCapacityWarnings)
    }

    /// Column alignments for `rows`: right for the columns in `right`, left for the others.
    static func columns(_ rows: [[String]], right: Set<Int>) -> [TextTable.Alignment] {
        (rows.first ?? []).indices.map { right.contains($0) ? .right : .left }
    }
}
