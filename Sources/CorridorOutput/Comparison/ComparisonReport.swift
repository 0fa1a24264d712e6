import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Output formats of a comparison table.
public enum ComparisonFormat: String, Sendable, CaseIterable {
    /// Aligned text, Markdown table, CSV, JSON.
    case table, markdown, csv, json
}

/// Turns a `Comparison` into a side-by-side table (text, Markdown, CSV, JSON), per-scenario and combined GeoJSON,
/// a diff against the first scenario, and per-scenario SVG maps. Everything is deterministic: same input, same bytes.
public enum ComparisonReport {
    /// The headline numbers of one scenario.
    public struct Row: Sendable, Equatable {
        /// Scenario name.
        public var scenario: String
        /// "ok", or "FAILED: " followed by the failures.
        public var status: String
        /// Flow delivered, in tonnes per day; nil without a flow result.
        public var deliveredTonnesPerDay: Int64?
        /// Total cost of the delivered flow per day (cost units); nil without a flow result.
        public var flowCostPerDay: Double?
        /// Travel time of the best route, in hours; nil without a route.
        public var routeTimeHours: Double?
        /// Length of the best route, in kilometres; nil without a route.
        public var routeDistanceKm: Double?
        /// The route analysis found that no route exists under this scenario.
        public var noRoute: Bool
        /// Number of routes found (the best and its alternatives); nil without a route result.
        public var distinctCorridors: Int?
        /// Maximum throughput from origins to destinations, in tonnes per day; nil without a chokepoint result.
        public var maxThroughputTonnesPerDay: Int64?
        /// Min-cut elements, largest capacity first.
        public var bindingChokepoints: [String]
        /// Shared capacities (dual-gauge track, multi-layer crossings and terminals) that the flow or the maximum
        /// throughput overloads: the figures may be too high by up to the excess each message states.
        public var sharedCapacityWarnings: [String]
    }

    /// One row per scenario, in file order.
    public static func rows(_ c: Comparison) -> [Row] {
        c.outcomes.map { o in
            var failures: [String] = []
            if let e = o.error { failures.append(e) }
            if let e = o.routeError { failures.append("route: \(e)") }
            if let e = o.flowError { failures.append("flow: \(e)") }
            if let e = o.chokepointsError { failures.append("chokepoints: \(e)") }
            let best = o.route?.routes.first
            let cut = (o.chokepoints?.cut ?? []).sorted { ($0.capacityTonnesPerDay, $1.name) > ($1.capacityTonnesPerDay, $0.name) }
            return Row(scenario: o.scenario.name, status: failures.isEmpty ? "ok" : "FAILED: " + failures.joined(separator: "; "),
                       deliveredTonnesPerDay: o.flow?.deliveredTonnesPerDay, flowCostPerDay: o.flow?.totalCost,
                       routeTimeHours: best.map { $0.timeSeconds / 3600 }, routeDistanceKm: best.map { $0.distanceMeters / 1000 }, noRoute: o.noRoute != nil,
                       distinctCorridors: o.route?.routes.count, maxThroughputTonnesPerDay: o.chokepoints?.maxThroughputTonnesPerDay,
                       bindingChokepoints: cut.map(\.name),
                       sharedCapacityWarnings: sharedCapacityNotes(o))
        }
    }

    /// Each overloaded shared capacity once, naming the analyses (flow, max throughput) whose figures it affects.
    static func sharedCapacityNotes(_ o: ScenarioOutcome) -> [String] {
        var analyses: [String: [String]] = [:]
        for w in o.flow?.sharedCapacityWarnings ?? [] { analyses[w.message, default: []].append("flow") }
        for w in o.chokepoints?.sharedCapacityWarnings ?? [] { analyses[w.message, default: []].append("max throughput") }
        return analyses.keys.sorted().map { "\($0) [\(analyses[$0]!.joined(separator: ", "))]" }
    }

    /// The comparison as a table in `format`.
    public static func render(_ c: Comparison, format: ComparisonFormat) -> String {
        let rows = rows(c)
        let base = rows.first
        switch format {
        case .json: return json(c, rows: rows)
        case .csv:
            var out = "scenario,status,delivered_tpd,delivered_change_tpd,flow_cost_per_day,flow_cost_change_per_day,route_time_h,route_time_change_h,route_length_m,route_length_change_m,distinct_corridors,max_throughput_tpd,max_throughput_change_tpd,binding_chokepoints,shared_capacity_warnings\n"
            for r in rows {
                let cells: [String] = [
                    r.scenario, r.status,
                    r.deliveredTonnesPerDay.map(String.init) ?? "", delta(r.deliveredTonnesPerDay, base?.deliveredTonnesPerDay).map(String.init) ?? "",
                    r.flowCostPerDay.map { NumberFormat.fixed($0, decimals: 0) } ?? "", delta(r.flowCostPerDay, base?.flowCostPerDay).map { NumberFormat.fixed($0, decimals: 0) } ?? "",
                    r.routeTimeHours.map { NumberFormat.fixed($0, decimals: 2) } ?? "", delta(r.routeTimeHours, base?.routeTimeHours).map { NumberFormat.fixed($0, decimals: 2) } ?? "",
                    r.routeDistanceKm.map { NumberFormat.fixed($0 * 1000, decimals: 0) } ?? "", delta(r.routeDistanceKm, base?.routeDistanceKm).map { NumberFormat.fixed($0 * 1000, decimals: 0) } ?? "",
                    r.distinctCorridors.map(String.init) ?? "",
                    r.maxThroughputTonnesPerDay.map(String.init) ?? "", delta(r.maxThroughputTonnesPerDay, base?.maxThroughputTonnesPerDay).map(String.init) ?? "",
                    r.bindingChokepoints.joined(separator: "; "),
                    r.sharedCapacityWarnings.joined(separator: "; "),
                ]
                out += cells.map(csvQuote).joined(separator: ",") + "\n"
            }
            return out
        case .table, .markdown:
            let header = ["scenario", "delivered t/d", "flow cost/day", "best route h", "route km", "corridors", "max throughput t/d", "binding chokepoints"]
            var table: [[String]] = [header]
            for (i, r) in rows.enumerated() {
                let isBase = i == 0
                table.append([
                    r.scenario,
                    cell(r.deliveredTonnesPerDay.map(Double.init), base?.deliveredTonnesPerDay.map(Double.init), decimals: 0, isBase: isBase),
                    cell(r.flowCostPerDay, base?.flowCostPerDay, decimals: 0, isBase: isBase),
                    r.noRoute ? "no route" : cell(r.routeTimeHours, base?.routeTimeHours, decimals: 1, isBase: isBase),
                    r.noRoute ? "no route" : cell(r.routeDistanceKm, base?.routeDistanceKm, decimals: 0, isBase: isBase),
                    r.distinctCorridors.map(String.init) ?? "–",
                    cell(r.maxThroughputTonnesPerDay.map(Double.init), base?.maxThroughputTonnesPerDay.map(Double.init), decimals: 0, isBase: isBase),
                    r.bindingChokepoints.isEmpty ? "–" : r.bindingChokepoints.prefix(3).joined(separator: ", ") + (r.bindingChokepoints.count > 3 ? ", +\(r.bindingChokepoints.count - 3)" : ""),
                ])
            }
            // A scenario whose figures overload a shared capacity is marked; the footnotes say by how much.
            for (i, r) in rows.enumerated() where !r.sharedCapacityWarnings.isEmpty { table[i + 1][0] += " *" }
            let alignments: [TextTable.Alignment] = header.indices.map { $0 == 0 || $0 == header.count - 1 ? .left : .right }
            let rendered = TextTable(table, alignments: alignments)
            var out = format == .markdown ? rendered.markdown() : rendered.text(rule: "─", trimmingTrailingSpace: true)
            let warned = rows.filter { !$0.sharedCapacityWarnings.isEmpty }
            if !warned.isEmpty {
                out += format == .markdown ? "\n**\\* Shared capacities overloaded** (flow of both gauges or layers above one shared capacity; the figures may be that much too high)\n\n"
                                           : "\n* Shared capacities overloaded (both gauges or layers above one shared capacity; the figures may be that much too high):\n"
                for r in warned {
                    for m in r.sharedCapacityWarnings { out += (format == .markdown ? "- `\(r.scenario)` " : "  \(r.scenario): ") + m + "\n" }
                }
            }
            let failures = rows.filter { $0.status != "ok" }
            if !failures.isEmpty {
                out += format == .markdown ? "\n**Failed scenarios**\n\n" : "\nFailed scenarios:\n"
                for f in failures { out += (format == .markdown ? "- `\(f.scenario)`: " : "  \(f.scenario): ") + f.status.dropFirst(8) + "\n" }
            }
            let note = "Changes in parentheses are against '\(base?.scenario ?? "")'. Tonnes per day; cost in cost units per day; route = \(c.file.analyses.route.map { "\($0.from) → \($0.to), \($0.metric.rawValue)" } ?? "none")."
            out += format == .markdown ? "\n" + note + "\n" : "\n  " + note + "\n"
            return out
        }
    }

    static func delta<T: Numeric>(_ value: T?, _ base: T?) -> T? {
        guard let value, let base else { return nil }
        return value - base
    }

    /// `12,345 (−1,000)`; the baseline shows its value alone.
    static func cell(_ value: Double?, _ base: Double?, decimals: Int, isBase: Bool) -> String {
        guard let value else { return "–" }
        let text = NumberFormat.grouped(value, decimals: decimals)
        guard !isBase, let base else { return text }
        let d = value - base
        let rounded = (d * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals))
        if rounded == 0 { return text + " (=)" }
        return text + " (" + (rounded > 0 ? "+" : "−") + NumberFormat.grouped(abs(rounded), decimals: decimals) + ")"
    }

    static func csvQuote(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func json(_ c: Comparison, rows: [Row]) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("title", c.file.title)
        w.field("baseline", rows.first?.scenario ?? "")
        w.key("scenarios"); w.beginArray()
        let base = rows.first
        for (r, o) in zip(rows, c.outcomes) {
            w.beginObject()
            w.field("scenario", r.scenario)
            w.field("description", o.scenario.description)
            w.field("ok", r.status == "ok")
            if r.status != "ok" { w.field("error", String(r.status.dropFirst(8))) }
            func opt(_ key: String, _ v: Double?, _ d: Int) { w.key(key); if let v { w.number(v, decimals: d) } else { w.null() } }
            opt("delivered_tpd", r.deliveredTonnesPerDay.map(Double.init), 0)
            opt("delivered_change_tpd", delta(r.deliveredTonnesPerDay, base?.deliveredTonnesPerDay).map(Double.init), 0)
            opt("flow_cost_per_day", r.flowCostPerDay, 3)
            opt("flow_cost_change_per_day", delta(r.flowCostPerDay, base?.flowCostPerDay), 3)
            opt("route_time_h", r.routeTimeHours, 3)
            opt("route_time_change_h", delta(r.routeTimeHours, base?.routeTimeHours), 3)
            opt("route_length_m", r.routeDistanceKm.map { $0 * 1000 }, 1)
            opt("route_length_change_m", delta(r.routeDistanceKm, base?.routeDistanceKm).map { $0 * 1000 }, 1)
            opt("distinct_corridors", r.distinctCorridors.map(Double.init), 0)
            opt("max_throughput_tpd", r.maxThroughputTonnesPerDay.map(Double.init), 0)
            opt("max_throughput_change_tpd", delta(r.maxThroughputTonnesPerDay, base?.maxThroughputTonnesPerDay).map(Double.init), 0)
            w.field("binding_chokepoints", strings: r.bindingChokepoints)
            w.field("shared_capacity_warnings", strings: r.sharedCapacityWarnings)
            w.field("notes", strings: o.notes)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }
}
