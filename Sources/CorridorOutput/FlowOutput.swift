import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Writers for flow and chokepoint results: GeoJSON (RFC 7946, summary in a `corridor` foreign member), JSON, text.
/// Deterministic: features by id, coordinates with 7 decimals, numbers with fixed precision.
public enum FlowOutput {
    // MARK: Flow

    /// One `flow` feature per edge carrying flow (connectors as points), the summary in the query record. Per edge:
    /// total and per-commodity flows, its capacity, and the capacity constraint it is most loaded in (a shared
    /// element's when it has one) with that element's flow, capacity and utilisation.
    /// With `uncertainty` (`--samples`), the query record's summary carries the `uncertainty` section and every
    /// feature its element's `binding_share` (null without samples).
    public static func document(_ r: FlowResult, scenario: String? = nil, uncertainty: UncertaintySummary? = nil) -> ResultDocument {
        let corridor = QueryRecord.json(command: "flow", network: r.network, scenario: scenario,
                                        restrictions: r.request.restrictions, notes: r.notes) { w in
            writeSiteRequests(&w, "origins", r.request.origins, key: "requested_tpd")
            writeSiteRequests(&w, "destinations", r.request.destinations, key: "requested_tpd")
            w.key("demands"); w.beginArray()
            for d in r.request.demands {
                w.beginObject()
                w.field("from", d.origin.description); w.field("to", d.destination.description)
                w.field("requested_tpd", d.tonnesPerDay)
                w.field("modes", strings: modeNames(d.modes))
                w.endObject()
            }
            w.endArray()
            w.field("commodity_model", r.commodityModel.rawValue)
            w.field("single_track", r.request.singleTrackSharesDirections ? "shared" : "per-direction")
            w.field("strict", r.request.requireFullDelivery)
        } summary: { w in
            writeFlowSummaryMembers(&w, r)
            if let uncertainty { UncertaintyOutput.write(&w, uncertainty) }
        }
        let shares = uncertainty?.edgeBindingShares(network: r.network)
        let features = flowEdges(r).map { e in
            OutputFeature(role: .flow, geometry: r.network.outputGeometry(ofEdge: e.edge),
                          properties: flowProperties(e, network: r.network, shares: shares, nullWithoutSamples: true), id: e.edge)
        }
        return ResultDocument(command: "flow", roles: [.flow], features: features, corridor: corridor)
    }

    /// A FeatureCollection of `document(_:)`.
    public static func geoJSON(_ r: FlowResult) -> String { GeoJSONOutput.collection(document(r)) }

    /// The summary and per-edge flows as JSON (no geometry).
    /// With `uncertainty` (`--samples`), an `uncertainty` member after the edges.
    public static func json(_ r: FlowResult, uncertainty: UncertaintySummary? = nil) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("restrictions")
        QueryRecord.writeRestrictions(r.request.restrictions, notes: r.notes, to: &w)
        w.key("summary"); w.beginObject(); writeFlowSummaryMembers(&w, r); w.endObject()
        let shares = uncertainty?.edgeBindingShares(network: r.network)
        w.key("edges"); w.beginArray()
        for e in flowEdges(r) {
            w.beginObject()
            for p in flowProperties(e, network: r.network, shares: shares, nullWithoutSamples: false) {
                w.key(p.name)
                if case let .list(items) = p.value, p.name != "commodities" {
                    w.beginArray(); for i in items { w.raw(i) }; w.endArray()
                } else if case let .list(items) = p.value {
                    w.beginArray(); for i in items { w.string(i) }; w.endArray()
                } else {
                    GeoJSONOutput.write(p.value, to: &w)
                }
            }
            w.endObject()
        }
        w.endArray()
        if let uncertainty { UncertaintyOutput.write(&w, uncertainty) }
        w.endObject()
        return w.text + "\n"
    }

    /// An edge's flow properties, then its element's `binding_share` (4 decimals) from
    /// `UncertaintySummary.edgeBindingShares`; without samples the share is null in features (`nullWithoutSamples`:
    /// every flow feature has the property, as the schema says) and absent from the JSON report.
    static func flowProperties(_ e: EdgeFlow, network n: Network, shares: [Double]?, nullWithoutSamples: Bool) -> [OutputFeature.Property] {
        var share = PropertyList()
        if let shares { share.add("binding_share", shares[e.edge], decimals: 4) } else if nullWithoutSamples { share.addNull("binding_share") }
        return flowProperties(e, network: n) + share.items
    }

    static func flowProperties(_ e: EdgeFlow, network n: Network) -> [OutputFeature.Property] {
        var p = PropertyList()
        EdgeFeatures.add(edge: e.edge, of: n, to: &p)
        p.add("flow_tpd", e.flow, decimals: 3)
        p.add("flow_forward_tpd", e.forward, decimals: 3)
        p.add("flow_backward_tpd", e.backward, decimals: 3)
        p.add("capacity_tpd", e.capacity)
        p.add("utilization", e.utilization, decimals: 4)
        p.add("cost_per_t", e.unitCost, decimals: 3)
        p.add("cost_per_day", e.cost, decimals: 3)
        // Parallel lists: the commodities on the edge, and each one's flow (both directions, forward, backward).
        let carried = e.commodityFlow.filter { $0.forward + $0.backward > 0 }
        p.add("commodities", list: carried.map(\.name))
        p.add("commodity_flow_tpd", list: carried.map { tonnes($0.forward + $0.backward) })
        p.add("commodity_flow_forward_tpd", list: carried.map { tonnes($0.forward) })
        p.add("commodity_flow_backward_tpd", list: carried.map { tonnes($0.backward) })
        if let x = e.element {
            p.add("element_id", elementID(x.constraint.kind, x.constraint.id))
            p.add("element_name", x.constraint.name)
            p.add("element_sharing", x.constraint.sharing.rawValue)
            p.add("element_direction", x.constraint.direction.rawValue)
            p.add("element_capacity_tpd", x.constraint.capacityTonnesPerDay)
            p.add("element_flow_tpd", x.flowTonnesPerDay, decimals: 3)
            p.add("element_utilization", x.utilization, decimals: 4)
        } else {
            for name in ["element_id", "element_name", "element_sharing", "element_direction", "element_capacity_tpd",
                         "element_flow_tpd", "element_utilization"] { p.addNull(name) }
        }
        return p.items
    }

    /// Mode names of an OD pair (`["any"]` when unrestricted).
    static func modeNames(_ modes: Set<TransportMode>?) -> [String] { modes.map { $0.map(\.description).sorted() } ?? ["any"] }

    /// Tonnes per day as written in lists and text: at most 3 decimals, trailing zeros trimmed.
    static func tonnes(_ value: Double) -> String { NumberFormat.trimmed(value, decimals: 3) }

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

    /// A readable summary: delivered, cost, λ, OD pairs, unmet demand, shadow prices, corridors by volume.
    public static func text(_ r: FlowResult) -> String {
        var out = ""
        if r.pairs.isEmpty {
            let origins = r.origins.map { "\($0.site.name) \($0.requestedTonnesPerDay)" }.joined(separator: ", ")
            let destinations = r.destinations.map { "\($0.site.name) \($0.requestedTonnesPerDay)" }.joined(separator: ", ")
            out += "Flow from \(origins) to \(destinations) (t/day)\n"
        } else {
            out += "Flow of \(r.pairs.count) OD pair\(r.pairs.count == 1 ? "" : "s") (t/day), \(r.commodities.count) "
            out += "commodit\(r.commodities.count == 1 ? "y" : "ies") (\(r.commodityModel.rawValue))\n"
        }
        for note in r.notes { out += "  restriction: \(note)\n" }
        switch r.status {
        case .complete: out += "Status: complete\n"
        case .partial: out += "Status: PARTIAL: demand exceeds what the network can carry\n"
        case .infeasible: out += "Status: INFEASIBLE: nothing can be delivered\n"
        }
        out += "Delivered: \(tonnes(r.deliveredTonnesPerDay)) of \(r.requestedTonnesPerDay) t/day requested"
        out += " (supply \(r.suppliedTonnesPerDay) t/day)\n"
        out += "Total cost: \(NumberFormat.trimmed(r.totalCost, decimals: 2)) per day"
        if r.deliveredTonnesPerDay > 0 {
            out += " (\(NumberFormat.trimmed(r.totalCost / r.deliveredTonnesPerDay, decimals: 3)) per tonne)"
        }
        out += "\n"
        if let c = r.concurrent {
            let what = r.pairs.isEmpty ? "destination" : "OD pair"
            if c.lambda.isFinite {
                out += "Maximum concurrent flow: λ = \(NumberFormat.trimmed(c.lambda, decimals: 4)) (every \(what) can receive "
                out += "\(NumberFormat.trimmed(c.lambda * 100, decimals: 1))% of its demand at once)"
                out += c.limitedBy.isEmpty ? "; limited by the origins' supply"
                                           : "; limited by \(c.limitedBy.prefix(3).joined(separator: ", "))"
                out += "\n"
            } else {
                out += "Maximum concurrent flow: unlimited (no capacity limits any \(what))\n"
            }
        }
        if !r.pairs.isEmpty {
            out += "OD pairs:\n"
            let withLambda = r.concurrent?.lambda.isFinite == true
            var rows = [["#", "pair", "modes", "requested", "delivered", "unmet"] + (withLambda ? ["λ × demand"] : [])]
            for (i, p) in r.pairs.enumerated() {
                var row = ["\(i + 1)", p.name, modeNames(p.modes).joined(separator: "+"),
                           "\(p.requestedTonnesPerDay)", tonnes(p.deliveredTonnesPerDay), tonnes(p.shortfallTonnesPerDay)]
                if let c = r.concurrent, c.lambda.isFinite { row.append(tonnes(c.lambda * Double(p.requestedTonnesPerDay))) }
                rows.append(row)
            }
            out += TextTable(rows, alignments: columns(rows, right: [0, 3, 4, 5, 6])).text()
        } else if !r.unmetDemand.isEmpty {
            out += "Unmet demand:\n"
            for u in r.unmetDemand { out += "  \(u.place): \(tonnes(u.tonnesPerDay)) t/day\n" }
        }
        if !r.shadowPrices.isEmpty {
            out += "Binding capacities (shadow prices: what one more t/day of capacity is worth):\n"
            var rows = [["rank", "element", "shared by", "capacity", "flow", "delivery t/t", "cost/day per t"]
                        + (r.concurrent != nil ? ["λ per 1000 t"] : [])]
            for p in r.shadowPrices.prefix(10) {
                var row = ["\(p.rank)", p.constraint.name, p.constraint.sharing == .none ? "-" : p.constraint.sharing.rawValue,
                           "\(p.constraint.capacityTonnesPerDay)", tonnes(p.flowTonnesPerDay),
                           NumberFormat.trimmed(p.deliveryPerTonne, decimals: 4), NumberFormat.trimmed(p.costPerTonne, decimals: 3)]
                if r.concurrent != nil { row.append(p.concurrentPerTonne.map { NumberFormat.trimmed($0 * 1000, decimals: 5) } ?? "-") }
                rows.append(row)
            }
            out += TextTable(rows, alignments: columns(rows, right: [0, 3, 4, 5, 6, 7])).text()
            if r.shadowPrices.count > 10 { out += "  (\(r.shadowPrices.count - 10) more in the JSON output)\n" }
        }
        if !r.corridors.isEmpty {
            out += "Corridors by volume:\n"
            var rows = [["#", "t/day", "share", "cost/t", "corridor", "regions"]]
            for (i, c) in r.corridors.enumerated() {
                let share = r.deliveredTonnesPerDay > 0 ? c.tonnesPerDay / r.deliveredTonnesPerDay : 0
                rows.append(["\(i + 1)", tonnes(c.tonnesPerDay), "\(NumberFormat.trimmed(share * 100, decimals: 1))%",
                             NumberFormat.trimmed(c.tonnesPerDay > 0 ? c.cost / c.tonnesPerDay : 0, decimals: 3),
                             c.name, c.regions.joined(separator: " → ")])
            }
            out += TextTable(rows, alignments: columns(rows, right: [0, 1, 2, 3])).text()
        }
        out += "Solver: \(r.solver)\n"
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
        p.add("shared", c.shared)
        p.add("cut_weight", c.weight, decimals: 6)
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
    public static func json(_ r: ChokepointResult, uncertainty: UncertaintySummary? = nil) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("restrictions")
        QueryRecord.writeRestrictions(r.request.restrictions, notes: r.notes, to: &w)
        writeChokepointSummaryMembers(&w, r)
        if let uncertainty { UncertaintyOutput.write(&w, uncertainty) }
        w.endObject()
        return w.text + "\n"
    }

    /// Maximum throughput, the cut and the ranking as readable tables.
    public static func text(_ r: ChokepointResult) -> String {
        var out = ""
        out += "Maximum throughput from \(r.origins.map(siteLabel).joined(separator: ", ")) to "
        out += "\(r.destinations.map(siteLabel).joined(separator: ", ")): \(tonnes(r.maxThroughputTonnesPerDay)) t/day\n"
        for note in r.notes { out += "  restriction: \(note)\n" }
        if !r.sharedLimits.isEmpty {
            out += "Shared capacities hold it below the minimum cut's \(r.cutCapacityTonnesPerDay) t/day "
            out += "(one more t/day of each adds):\n"
            for p in r.sharedLimits {
                out += "  \(p.constraint.name) [\(p.constraint.sharing.rawValue), \(p.constraint.capacityTonnesPerDay) t/day]: "
                out += "\(NumberFormat.trimmed(p.deliveryPerTonne, decimals: 4)) t/day\n"
            }
        }
        let sum = r.sharedLimits.isEmpty ? "capacities sum to the maximum" : "each gauge or layer at full capacity"
        out += "Minimum cut (\(r.cut.count) element\(r.cut.count == 1 ? "" : "s"), \(sum)):\n"
        var rows = [["kind", "capacity t/day", "name", "edges"]]
        for c in r.cut {
            rows.append([c.kind.rawValue, "\(c.capacityTonnesPerDay)", c.name, c.edges.map { String($0) }.joined(separator: ",")])
        }
        out += TextTable(rows, alignments: columns(rows, right: [1])).text()
        if !r.ranking.isEmpty {
            out += "Most critical elements (removed one at a time):\n"
            var rows = [["rank", "kind", "throughput lost t/day", "share", "cost added/day", "name"]]
            for c in r.ranking {
                let share = r.cutCapacityTonnesPerDay > 0
                    ? Double(c.throughputLostTonnesPerDay) / Double(r.cutCapacityTonnesPerDay) * 100 : 0
                rows.append(["\(c.rank)", c.kind.rawValue, "\(c.throughputLostTonnesPerDay)",
                             "\(NumberFormat.trimmed(share, decimals: 1))%",
                             c.costAdded.map { NumberFormat.trimmed($0, decimals: 2) } ?? "-", c.name])
            }
            out += TextTable(rows, alignments: columns(rows, right: [0, 2, 3, 4])).text()
        }
        return out
    }

    /// A shadow price as a JSON object.
    static func writeShadowPrice(_ w: inout JSONWriter, _ p: ShadowPrice) {
        w.beginObject()
        w.field("rank", p.rank)
        w.field("element_id", elementID(p.constraint.kind, p.constraint.id))
        w.field("kind", p.constraint.kind.rawValue)
        w.field("name", p.constraint.name)
        w.field("sharing", p.constraint.sharing.rawValue)
        w.field("direction", p.constraint.direction.rawValue)
        w.field("capacity_tpd", p.constraint.capacityTonnesPerDay)
        w.field("flow_tpd", p.flowTonnesPerDay)
        w.field("delivery_per_tpd", p.deliveryPerTonne, decimals: 6)
        w.field("cost_per_day_per_tpd", p.costPerTonne, decimals: 6)
        w.key("concurrent_per_tpd"); if let c = p.concurrentPerTonne { w.number(c, decimals: 12) } else { w.null() }
        w.key("edge_ids"); w.beginArray(); for e in p.constraint.edges { w.int(Int64(e)) }; w.endArray()
        w.endObject()
    }

    // MARK: Helpers

    struct EdgeFlow {
        var edge: Int, flow: Double, forward: Double, backward: Double, capacity: Int64
        var utilization: Double, unitCost: Double, cost: Double
        /// Flow of each commodity on the edge per direction (parallel to `FlowResult.commodities`).
        var commodityFlow: [(name: String, forward: Double, backward: Double)]
        /// The capacity constraint of the edge's arcs with the highest utilisation (the shared element's, if any).
        var element: CapacityUse?
    }

    /// Edges with flow, by id, with both directions, the busier direction's utilization and the most loaded element.
    static func flowEdges(_ r: FlowResult) -> [EdgeFlow] {
        let n = r.network
        var byEdge: [Int: EdgeFlow] = [:]
        for a in 0..<r.arcFlow.count where r.arcFlow[a] > 0 {
            let e = Int(n.arcEdge[a])
            var ef = byEdge[e] ?? EdgeFlow(edge: e, flow: 0, forward: 0, backward: 0, capacity: r.arcCapacity[a],
                                           utilization: 0, unitCost: Double(r.arcCostMilli[a]) / 1000, cost: 0,
                                           commodityFlow: r.commodities.map { ($0.name, 0, 0) }, element: nil)
            ef.flow += r.arcFlow[a]
            if n.arcForward[a] { ef.forward += r.arcFlow[a] } else { ef.backward += r.arcFlow[a] }
            let cap = r.arcCapacity[a]
            if cap > 0 { ef.utilization = max(ef.utilization, r.arcFlow[a] / Double(cap)) }
            ef.cost += r.arcFlow[a] * Double(r.arcCostMilli[a]) / 1000
            for k in r.commodityArcFlow.indices where r.commodityArcFlow[k][a] > 0 {
                if n.arcForward[a] { ef.commodityFlow[k].forward += r.commodityArcFlow[k][a] }
                else { ef.commodityFlow[k].backward += r.commodityArcFlow[k][a] }
            }
            for i in r.capacitiesOfArc[a] {
                let use = r.capacities[Int(i)]
                // The most loaded; on a tie the shared element (it is what the edge's arcs draw on together).
                if let current = ef.element,
                   (use.utilization, use.constraint.arcs.count) <= (current.utilization, current.constraint.arcs.count) { continue }
                ef.element = use
            }
            byEdge[e] = ef
        }
        return byEdge.keys.sorted().map { byEdge[$0]! }
    }

    static func writeFlowSummaryMembers(_ w: inout JSONWriter, _ r: FlowResult) {
        w.field("status", r.status.rawValue)
        w.field("commodity_model", r.commodityModel.rawValue)
        w.field("solver", r.solver)
        w.field("requested_tpd", r.requestedTonnesPerDay)
        w.field("supplied_tpd", r.suppliedTonnesPerDay)
        w.field("delivered_tpd", r.deliveredTonnesPerDay)
        w.field("cost_per_day", r.totalCost, decimals: 3)
        w.key("origins"); writeSites(&w, r.origins)
        w.key("destinations"); writeSites(&w, r.destinations)
        w.key("max_concurrent_flow")
        if let c = r.concurrent {
            w.beginObject()
            w.key("lambda"); if c.lambda.isFinite { w.number(c.lambda, decimals: 6) } else { w.null() }
            w.field("unlimited", !c.lambda.isFinite)
            w.field("limited_by", strings: c.limitedBy)
            w.endObject()
        } else {
            w.null()
        }
        w.key("od_pairs"); w.beginArray()
        for p in r.pairs {
            w.beginObject()
            w.field("name", p.name)
            w.field("origin", r.origins[p.origin].site.name)
            w.field("destination", r.destinations[p.destination].site.name)
            w.field("modes", strings: modeNames(p.modes))
            w.field("requested_tpd", p.requestedTonnesPerDay)
            w.field("delivered_tpd", p.deliveredTonnesPerDay)
            w.field("unmet_tpd", p.shortfallTonnesPerDay)
            w.key("concurrent_tpd")
            if let c = r.concurrent, c.lambda.isFinite { w.number(c.lambda * Double(p.requestedTonnesPerDay)) } else { w.null() }
            w.endObject()
        }
        w.endArray()
        w.key("commodities"); w.beginArray()
        for c in r.commodities {
            w.beginObject()
            w.field("name", c.name)
            w.field("requested_tpd", c.requestedTonnesPerDay)
            w.field("delivered_tpd", c.deliveredTonnesPerDay)
            w.endObject()
        }
        w.endArray()
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
                w.field("commodity", r.commodities[p.commodity].name)
                w.field("flow_tpd", p.tonnesPerDay)
                w.field("cost_per_t", p.costPerTonne, decimals: 3)
                w.key("edge_ids"); w.beginArray(); for e in p.edges { w.int(Int64(e)) }; w.endArray()
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("shadow_prices"); w.beginArray()
        for p in r.shadowPrices { writeShadowPrice(&w, p) }
        w.endArray()
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
        w.field("cut_capacity_tpd", r.cutCapacityTonnesPerDay)
        w.key("shared_limits"); w.beginArray()
        for p in r.sharedLimits { writeShadowPrice(&w, p) }
        w.endArray()
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
    }

    /// Column alignments for `rows`: right for the columns in `right`, left for the others.
    static func columns(_ rows: [[String]], right: Set<Int>) -> [TextTable.Alignment] {
        (rows.first ?? []).indices.map { right.contains($0) ? .right : .left }
    }
}
