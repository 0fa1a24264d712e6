import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Writers for interdiction results: GeoJSON (the removed elements as `interdicted` features, the minimum cut of
/// what is left as `cut`, the summary in the query record), JSON (the summary) and text.
public enum InterdictionOutput {
    /// The removed elements of the best plan (`interdicted`) and the minimum cut of the network they leave (`cut`).
    public static func document(_ r: InterdictionResult, network: Network, scenario: String? = nil) -> ResultDocument {
        let corridor = QueryRecord.json(command: "interdict", network: network, scenario: scenario,
                                        restrictions: r.request.restrictions, notes: r.notes) { w in
            writeRequest(&w, r.request)
        } summary: { w in
            writeSummary(&w, r)
        }
        var features: [OutputFeature] = []
        for (i, e) in r.best.elements.enumerated() {
            features.append(OutputFeature(role: .interdicted,
                                          geometry: FlowOutput.elementGeometry(network, kind: e.reference.kind, edges: e.edges, location: e.location),
                                          properties: interdictedProperties(e, seq: i + 1)))
        }
        for c in r.remainingCut {
            features.append(OutputFeature(role: .cut, geometry: FlowOutput.elementGeometry(network, kind: c.kind, edges: c.edges, location: c.location),
                                          properties: FlowOutput.cutProperties(c)))
        }
        return ResultDocument(command: "interdict", roles: [.interdicted, .cut], features: features, corridor: corridor)
    }

    /// A FeatureCollection of `document(_:network:)`.
    public static func geoJSON(_ r: InterdictionResult, network: Network) -> String {
        GeoJSONOutput.collection(document(r, network: network))
    }

    /// The summary as a JSON report, with the restrictions (and, with `--samples`, the `uncertainty` of the
    /// network the best set leaves).
    public static func json(_ r: InterdictionResult, uncertainty: UncertaintySummary? = nil) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("restrictions")
        QueryRecord.writeRestrictions(r.request.restrictions, notes: r.notes, to: &w)
        w.key("request"); w.beginObject(); writeRequest(&w, r.request); w.endObject()
        writeSummary(&w, r)
        if let uncertainty { UncertaintyOutput.write(&w, uncertainty) }
        w.endObject()
        return w.text + "\n"
    }

    static func interdictedProperties(_ e: InterdictedElement, seq: Int) -> [OutputFeature.Property] {
        var p = PropertyList()
        p.add("seq", seq)
        p.add("element_id", e.reference.description)
        p.add("kind", e.reference.kind.rawValue)
        p.add("name", e.name)
        p.add("interdiction_cost", e.interdictionCost, decimals: 6)
        p.add("edge_ids", ids: e.edges)
        p.add("node_id", optional: e.reference.kind == .node ? e.reference.id : nil)
        return p.items
    }

    static func writeRequest(_ w: inout JSONWriter, _ q: InterdictionRequest) {
        FlowOutput.writeSiteRequests(&w, "origins", q.origins, key: "limit_tpd")
        FlowOutput.writeSiteRequests(&w, "destinations", q.destinations, key: q.objective == .cost ? "requested_tpd" : "limit_tpd")
        w.field("budget", q.budget, decimals: 6)
        w.field("objective", q.objective.rawValue)
        w.field("method", q.method.rawValue)
        w.field("default_interdiction_cost", q.costs.defaultCost, decimals: 6)
        w.key("interdiction_costs"); w.beginArray()
        for rule in q.costs.rules {
            w.beginObject(); w.field("element", rule.selector)
            if rule.cost.isFinite { w.field("cost", rule.cost, decimals: 6) } else { w.key("cost"); w.null() }
            w.endObject()
        }
        w.endArray()
        w.field("kinds", strings: q.kinds.map(\.rawValue).sorted())
        if let t = q.timeLimitSeconds { w.field("time_limit_s", t, decimals: 3) } else { w.key("time_limit_s"); w.null() }
    }

    static func writePlan(_ w: inout JSONWriter, _ p: InterdictionPlan) {
        w.beginObject()
        w.field("budget", p.budget, decimals: 6)
        w.field("spent", p.spent, decimals: 6)
        w.field("throughput_left_tpd", p.throughputLeftTonnesPerDay)
        if let d = p.deliveredTonnesPerDay { w.field("delivered_tpd", d) }
        if let c = p.flowCost { w.field("flow_cost_per_day", c, decimals: 3) }
        if let c = p.totalCost { w.field("total_cost_per_day", c, decimals: 3) }
        w.field("element_ids", strings: p.elements.map(\.reference.description))
        w.field("names", strings: p.elements.map(\.name))
        w.key("proof"); w.beginObject()
        w.field("status", p.proof.status)
        w.field("proven", p.proof.proven)
        w.field("method", p.proof.method)
        writeNumber(&w, "bound", p.proof.bound)
        writeNumber(&w, "absolute_gap", p.proof.absoluteGap)
        writeNumber(&w, "relative_gap", p.proof.relativeGap)
        w.field(p.proof.method == "enumeration" ? "sets_evaluated_count" : "node_count", p.proof.work)
        w.endObject()
        w.endObject()
    }

    static func writeNumber(_ w: inout JSONWriter, _ key: String, _ value: Double) {
        if value.isFinite { w.field(key, value, decimals: 6) } else { w.key(key); w.null() }
    }

    static func writeSummary(_ w: inout JSONWriter, _ r: InterdictionResult) {
        w.field("intact_throughput_tpd", r.intactThroughputTonnesPerDay)
        if let c = r.intactTotalCost { w.field("intact_total_cost_per_day", c, decimals: 3) }
        if let u = r.unmetCostPerTonne { w.field("unmet_cost_per_t", u, decimals: 3) }
        w.field("candidate_count", r.candidateCount)
        w.field("undominated_count", r.undominatedCount)
        w.key("best"); writePlan(&w, r.best)
        w.key("resilience_curve"); w.beginArray(); for p in r.curve { writePlan(&w, p) }; w.endArray()
        w.key("greedy_heuristic"); w.beginArray()
        for g in r.greedy {
            w.beginObject()
            w.field("element_id", g.element.reference.description)
            w.field("name", g.element.name)
            w.field("spent", g.spent, decimals: 6)
            w.field("throughput_left_tpd", g.throughputLeftTonnesPerDay)
            if let c = g.totalCost { w.field("total_cost_per_day", c, decimals: 3) }
            w.endObject()
        }
        w.endArray()
        w.field("remaining_cut_capacity_tpd", r.remainingCutCapacityTonnesPerDay, decimals: 3)
        w.key("remaining_cut"); w.beginArray()
        for c in r.remainingCut {
            w.beginObject()
            for p in FlowOutput.cutProperties(c) {
                w.key(p.name)
                if case let .list(items) = p.value { w.beginArray(); for i in items { w.raw(i) }; w.endArray() }
                else { GeoJSONOutput.write(p.value, to: &w) }
            }
            w.endObject()
        }
        w.endArray()
    }

    /// The best set, the resilience curve and the greedy sequence (labelled a heuristic) as readable tables.
    public static func text(_ r: InterdictionResult) -> String {
        var out = ""
        let sites = "\(r.origins.map(\.name).joined(separator: ", ")) → \(r.destinations.map(\.name).joined(separator: ", "))"
        out += "Interdiction \(sites), budget \(NumberFormat.trimmed(r.request.budget, decimals: 6)) "
        out += "(\(r.request.objective == .throughput ? "minimise throughput" : "maximise delivery cost"), \(r.candidateCount) candidate elements, \(r.undominatedCount) undominated)\n"
        for note in r.notes { out += "  restriction: \(note)\n" }
        out += "Intact maximum throughput: \(r.intactThroughputTonnesPerDay) t/day\n"
        if let c = r.intactTotalCost { out += "Intact cost of delivering the demand: \(NumberFormat.trimmed(c, decimals: 2))/day\n" }
        let best = r.best
        out += "Best set (\(best.proof.proven ? "proven optimal" : best.proof.status + ", gap " + NumberFormat.trimmed(best.proof.absoluteGap, decimals: 3)), "
        out += "\(best.proof.method)): \(best.elements.count) element\(best.elements.count == 1 ? "" : "s"), "
        out += "throughput left \(best.throughputLeftTonnesPerDay) t/day"
        if let c = best.totalCost { out += ", cost \(NumberFormat.trimmed(c, decimals: 2))/day" }
        out += "\n"
        var rows = [["#", "element", "kind", "cost", "name"]]
        for (i, e) in best.elements.enumerated() {
            rows.append(["\(i + 1)", e.reference.description, e.reference.kind.rawValue,
                         NumberFormat.trimmed(e.interdictionCost, decimals: 3), e.name])
        }
        out += TextTable(rows, alignments: FlowOutput.columns(rows, right: [0, 3])).text()
        if r.curve.count > 1 {
            out += "Resilience curve (best set for each budget):\n"
            var rows = [["budget", "t/day left", "share", "status", "removed"]]
            for p in r.curve {
                let share = r.intactThroughputTonnesPerDay > 0 ? Double(p.throughputLeftTonnesPerDay) / Double(r.intactThroughputTonnesPerDay) * 100 : 0
                var row = [NumberFormat.trimmed(p.budget, decimals: 3), "\(p.throughputLeftTonnesPerDay)",
                           "\(NumberFormat.trimmed(share, decimals: 1))%", p.proof.proven ? "optimal" : "gap \(NumberFormat.trimmed(p.proof.absoluteGap, decimals: 3))",
                           p.elements.map(\.name).joined(separator: "; ")]
                if let c = p.totalCost { row[3] += ", cost \(NumberFormat.trimmed(c, decimals: 2))" }
                rows.append(row)
            }
            out += TextTable(rows, alignments: FlowOutput.columns(rows, right: [0, 1, 2])).text()
        }
        let whole = r.remainingCut.allSatisfy { $0.weight == 1 }
        out += "Minimum cut of what is left (\(r.remainingCut.count) element\(r.remainingCut.count == 1 ? "" : "s"), "
        out += "capacity \(NumberFormat.trimmed(r.remainingCutCapacityTonnesPerDay, decimals: 3)) t/day = throughput left"
        out += whole ? "" : "; a fractional cut: each capacity counts with its weight"
        out += "):\n"
        var cutRows = [["kind", "capacity t/day", "shared", "name", "edges"]]
        if !whole { cutRows[0].insert("weight", at: 2) }
        for c in r.remainingCut {
            var row = [c.kind.rawValue, "\(c.capacityTonnesPerDay)", c.shared ? "yes" : "no", c.name,
                       c.edges.map { String($0) }.joined(separator: ",")]
            if !whole { row.insert(NumberFormat.trimmed(c.weight, decimals: 4), at: 2) }
            cutRows.append(row)
        }
        out += TextTable(cutRows, alignments: FlowOutput.columns(cutRows, right: whole ? [1] : [1, 2])).text()
        if !r.greedy.isEmpty {
            out += "Greedy sequence (a heuristic, not optimal in general; for comparison):\n"
            var rows = [["step", "spent", "t/day left", "name"]]
            for (i, g) in r.greedy.enumerated() {
                rows.append(["\(i + 1)", NumberFormat.trimmed(g.spent, decimals: 3), "\(g.throughputLeftTonnesPerDay)", g.element.name])
            }
            out += TextTable(rows, alignments: FlowOutput.columns(rows, right: [0, 1, 2])).text()
        }
        return out
    }
}
