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
        public var deliveredTonnesPerDay: Double?
        /// Total cost of the delivered flow per day (cost units); nil without a flow result.
        public var flowCostPerDay: Double?
        /// Maximum concurrent flow λ of the flow's demands; nil when not computed, `.infinity` when unlimited.
        public var concurrentLambda: Double?
        /// Each OD pair of the flow: name, requested and delivered tonnes per day (empty for a pooled flow).
        public var pairs: [PairRow]
        /// The most valuable binding capacities of the flow (shadow prices), best first.
        public var shadowPrices: [ShadowPriceRow]
        /// Travel time of the best route, in hours; nil without a route.
        public var routeTimeHours: Double?
        /// Length of the best route, in kilometres; nil without a route.
        public var routeDistanceKm: Double?
        /// The route analysis found that no route exists under this scenario.
        public var noRoute: Bool
        /// Number of routes found (the best and its alternatives); nil without a route result.
        public var distinctCorridors: Int?
        /// Maximum throughput from origins to destinations, in tonnes per day; nil without a chokepoint result.
        public var maxThroughputTonnesPerDay: Double?
        /// Min-cut elements, largest capacity first (then the shared capacities that hold the maximum below the cut).
        public var bindingChokepoints: [String]
        /// Maximum throughput left after the best interdiction of the budget (`analyses.interdict`), in tonnes per
        /// day; nil without an interdiction result.
        public var interdictedThroughputTonnesPerDay: Double? = nil
        /// The names of the best interdiction set's elements (element order).
        public var interdictedElements: [String] = []
        /// Whether the interdiction's set is proven optimal (always, unless a limit stopped the search).
        public var interdictionProven: Bool = true
        /// P10/P50/P90 of the maximum throughput over the samples (`analyses.samples`), t/day; nil without samples.
        public var throughputPercentiles: UncertaintySummary.Percentiles? = nil
        /// P10/P50/P90 of the cost per day of shipping it; nil without samples.
        public var costPercentiles: UncertaintySummary.Percentiles? = nil
        /// Every element in a minimum cut of some sample, with its share of samples, most often first.
        public var bindingShares: [BindingShare] = []
    }

    /// An OD pair in a comparison row.
    public struct PairRow: Sendable, Equatable {
        /// `Vladivostok → Pyongyang`.
        public var name: String
        /// Demand, tonnes per day.
        public var requestedTonnesPerDay: Int64
        /// Delivered, tonnes per day.
        public var deliveredTonnesPerDay: Double
    }

    /// A shadow price in a comparison row.
    public struct ShadowPriceRow: Sendable, Equatable {
        /// Element name (with its direction).
        public var element: String
        /// Tonnes per day delivered per extra t/day of capacity.
        public var deliveryPerTonne: Double
        /// Change of the daily cost per extra t/day of capacity at the same delivery.
        public var costPerTonne: Double
    }

    /// How many shadow prices a row keeps.
    public static let shadowPricesPerScenario = 3

    /// One row per scenario, in file order.
    public static func rows(_ c: Comparison) -> [Row] {
        c.outcomes.map { o in
            var failures: [String] = []
            if let e = o.error { failures.append(e) }
            if let e = o.routeError { failures.append("route: \(e)") }
            if let e = o.flowError { failures.append("flow: \(e)") }
            if let e = o.chokepointsError { failures.append("chokepoints: \(e)") }
            if let e = o.interdictionError { failures.append("interdict: \(e)") }
            if let e = o.uncertaintyError { failures.append("samples: \(e)") }
            let best = o.route?.routes.first
            let cut = (o.chokepoints?.cut ?? []).sorted { ($0.capacityTonnesPerDay, $1.name) > ($1.capacityTonnesPerDay, $0.name) }
            let limits = (o.chokepoints?.sharedLimits ?? []).map(\.constraint.name)
            return Row(scenario: o.scenario.name, status: failures.isEmpty ? "ok" : "FAILED: " + failures.joined(separator: "; "),
                       deliveredTonnesPerDay: o.flow?.deliveredTonnesPerDay, flowCostPerDay: o.flow?.totalCost,
                       concurrentLambda: o.flow?.concurrent?.lambda,
                       pairs: (o.flow?.pairs ?? []).map { PairRow(name: $0.name, requestedTonnesPerDay: $0.requestedTonnesPerDay,
                                                                  deliveredTonnesPerDay: $0.deliveredTonnesPerDay) },
                       shadowPrices: (o.flow?.shadowPrices ?? []).prefix(shadowPricesPerScenario).map {
                           ShadowPriceRow(element: $0.constraint.name, deliveryPerTonne: $0.deliveryPerTonne,
                                          costPerTonne: $0.costPerTonne)
                       },
                       routeTimeHours: best.map { $0.timeSeconds / 3600 }, routeDistanceKm: best.map { $0.distanceMeters / 1000 }, noRoute: o.noRoute != nil,
                       distinctCorridors: o.route?.routes.count, maxThroughputTonnesPerDay: o.chokepoints?.maxThroughputTonnesPerDay,
                       bindingChokepoints: cut.map(\.name) + limits,
                       interdictedThroughputTonnesPerDay: o.interdiction.map { Double($0.best.throughputLeftTonnesPerDay) },
                       interdictedElements: o.interdiction?.best.elements.map(\.name) ?? [],
                       interdictionProven: o.interdiction?.best.proof.proven ?? true,
                       throughputPercentiles: o.uncertainty?.throughput, costPercentiles: o.uncertainty?.cost,
                       bindingShares: o.uncertainty?.binding ?? [])
        }
    }

    /// `12.3 t/day delivered, −4.5 cost/day` for a shadow price.
    static func describe(_ p: ShadowPriceRow) -> String {
        "\(p.element): +\(NumberFormat.trimmed(p.deliveryPerTonne, decimals: 4)) t/day delivered, "
            + "\(NumberFormat.trimmed(p.costPerTonne, decimals: 3)) cost/day"
    }

    /// `P10 / P50 / P90` as a table cell (whole numbers, grouped), or `–`.
    static func percentilesCell(_ p: UncertaintySummary.Percentiles?) -> String {
        guard let p else { return "–" }
        return [p.p10, p.p50, p.p90].map { NumberFormat.grouped($0, decimals: 0) }.joined(separator: " / ")
    }

    /// The header of the sampling columns (`throughput P10 / P50 / P90 t/d (N samples)`, cost), empty without samples.
    static func samplingHeader(_ c: Comparison) -> [String] {
        guard let s = c.file.analyses.sampling else { return [] }
        return ["max throughput P10 / P50 / P90 t/d (\(s.samples) samples)", "its cost/day P10 / P50 / P90"]
    }

    /// `name 97%` for a binding share.
    static func describe(_ b: BindingShare) -> String { "\(b.name) \(NumberFormat.trimmed(b.share * 100, decimals: 1))%" }

    /// λ as a table cell: 4 decimals, `unlimited`, or `–`.
    static func lambdaCell(_ lambda: Double?) -> String {
        guard let lambda else { return "–" }
        return lambda.isFinite ? NumberFormat.fixed(lambda, decimals: 3) : "unlimited"
    }

    /// The comparison as a table in `format`.
    public static func render(_ c: Comparison, format: ComparisonFormat) -> String {
        let rows = rows(c)
        let base = rows.first
        switch format {
        case .json: return json(c, rows: rows)
        case .csv:
            let interdicts = c.file.analyses.interdict != nil
            let samples = c.file.analyses.sampling != nil
            var out = "scenario,status,delivered_tpd,delivered_change_tpd,flow_cost_per_day,flow_cost_change_per_day,concurrent_lambda,route_time_h,route_time_change_h,route_length_m,route_length_change_m,distinct_corridors,max_throughput_tpd,max_throughput_change_tpd,binding_chokepoints,od_pairs_delivered,shadow_prices"
                + (interdicts ? ",interdicted_throughput_tpd,interdicted_elements" : "")
                + (samples ? ",throughput_p10_tpd,throughput_p50_tpd,throughput_p90_tpd,cost_p10_per_day,cost_p50_per_day,cost_p90_per_day,binding_shares\n" : "\n")
            for r in rows {
                var cells: [String] = [
                    r.scenario, r.status,
                    r.deliveredTonnesPerDay.map { NumberFormat.trimmed($0, decimals: 3) } ?? "",
                    delta(r.deliveredTonnesPerDay, base?.deliveredTonnesPerDay).map { NumberFormat.trimmed($0, decimals: 3) } ?? "",
                    r.flowCostPerDay.map { NumberFormat.fixed($0, decimals: 0) } ?? "", delta(r.flowCostPerDay, base?.flowCostPerDay).map { NumberFormat.fixed($0, decimals: 0) } ?? "",
                    r.concurrentLambda.map { $0.isFinite ? NumberFormat.trimmed($0, decimals: 6) : "unlimited" } ?? "",
                    r.routeTimeHours.map { NumberFormat.fixed($0, decimals: 2) } ?? "", delta(r.routeTimeHours, base?.routeTimeHours).map { NumberFormat.fixed($0, decimals: 2) } ?? "",
                    r.routeDistanceKm.map { NumberFormat.fixed($0 * 1000, decimals: 0) } ?? "", delta(r.routeDistanceKm, base?.routeDistanceKm).map { NumberFormat.fixed($0 * 1000, decimals: 0) } ?? "",
                    r.distinctCorridors.map(String.init) ?? "",
                    r.maxThroughputTonnesPerDay.map { NumberFormat.trimmed($0, decimals: 3) } ?? "",
                    delta(r.maxThroughputTonnesPerDay, base?.maxThroughputTonnesPerDay).map { NumberFormat.trimmed($0, decimals: 3) } ?? "",
                    r.bindingChokepoints.joined(separator: "; "),
                    r.pairs.map { "\($0.name) \(NumberFormat.trimmed($0.deliveredTonnesPerDay, decimals: 3))/\($0.requestedTonnesPerDay)" }.joined(separator: "; "),
                    r.shadowPrices.map(describe).joined(separator: "; "),
                ]
                if interdicts {
                    let left: String = r.interdictedThroughputTonnesPerDay.map { NumberFormat.trimmed($0, decimals: 3) } ?? ""
                    cells += [left, r.interdictedElements.joined(separator: "; ")]
                }
                if samples {
                    for p in [r.throughputPercentiles, r.costPercentiles] {
                        cells += [p?.p10, p?.p50, p?.p90].map { $0.map { NumberFormat.trimmed($0, decimals: 3) } ?? "" }
                    }
                    cells.append(r.bindingShares.map { "\($0.name) \(NumberFormat.trimmed($0.share, decimals: 4))" }.joined(separator: "; "))
                }
                out += cells.map(csvQuote).joined(separator: ",") + "\n"
            }
            return out
        case .table, .markdown:
            let budget = c.file.analyses.interdict.map { NumberFormat.trimmed($0.budget, decimals: 3) }
            let header = ["scenario", "delivered t/d", "flow cost/day", "λ", "best route h", "route km", "corridors", "max throughput t/d", "binding chokepoints"]
                + (budget.map { ["left after \($0) removed t/d", "removed"] } ?? []) + samplingHeader(c)
            var table: [[String]] = [header]
            for (i, r) in rows.enumerated() {
                let isBase = i == 0
                var row: [String] = [
                    r.scenario,
                    cell(r.deliveredTonnesPerDay, base?.deliveredTonnesPerDay, decimals: 0, isBase: isBase),
                    cell(r.flowCostPerDay, base?.flowCostPerDay, decimals: 0, isBase: isBase),
                    lambdaCell(r.concurrentLambda),
                    r.noRoute ? "no route" : cell(r.routeTimeHours, base?.routeTimeHours, decimals: 1, isBase: isBase),
                    r.noRoute ? "no route" : cell(r.routeDistanceKm, base?.routeDistanceKm, decimals: 0, isBase: isBase),
                    r.distinctCorridors.map(String.init) ?? "–",
                    cell(r.maxThroughputTonnesPerDay, base?.maxThroughputTonnesPerDay, decimals: 0, isBase: isBase),
                    r.bindingChokepoints.isEmpty ? "–" : r.bindingChokepoints.prefix(3).joined(separator: ", ") + (r.bindingChokepoints.count > 3 ? ", +\(r.bindingChokepoints.count - 3)" : ""),
                ]
                if budget != nil {
                    let left: String = cell(r.interdictedThroughputTonnesPerDay, base?.interdictedThroughputTonnesPerDay, decimals: 0, isBase: isBase)
                    let removed: String = r.interdictedThroughputTonnesPerDay == nil ? "–"
                        : r.interdictedElements.isEmpty ? "none" : r.interdictedElements.joined(separator: ", ")
                    row += [left + (r.interdictionProven ? "" : " (not proven)"), removed]
                }
                if c.file.analyses.sampling != nil { row += [percentilesCell(r.throughputPercentiles), percentilesCell(r.costPercentiles)] }
                table.append(row)
            }
            let leftColumns: Set<Int> = budget == nil ? [0, 8] : [0, 8, 10]
            let alignments: [TextTable.Alignment] = header.indices.map { leftColumns.contains($0) ? .left : .right }
            func render(_ table: [[String]], _ alignments: [TextTable.Alignment]) -> String {
                let rendered = TextTable(table, alignments: alignments)
                return format == .markdown ? rendered.markdown() : rendered.text(rule: "─", trimmingTrailingSpace: true)
            }
            var out = render(table, alignments)
            // Delivered per OD pair, one column per scenario (only when the flows have OD pairs).
            let pairNames = rows.first(where: { !$0.pairs.isEmpty })?.pairs.map(\.name) ?? []
            if !pairNames.isEmpty {
                var pairs: [[String]] = [["OD pair", "requested t/d"] + rows.map(\.scenario)]
                for (k, name) in pairNames.enumerated() {
                    let requested = rows.lazy.compactMap { $0.pairs.count > k ? $0.pairs[k].requestedTonnesPerDay : nil }.first
                    pairs.append([name, requested.map { NumberFormat.grouped(Double($0), decimals: 0) } ?? "–"] + rows.map { r in
                        r.pairs.count > k && r.pairs[k].name == name ? NumberFormat.grouped(r.pairs[k].deliveredTonnesPerDay, decimals: 0) : "–"
                    })
                }
                out += format == .markdown ? "\n**Delivered per OD pair** (t/day)\n\n" : "\nDelivered per OD pair (t/day):\n"
                out += render(pairs, pairs[0].indices.map { $0 == 0 ? .left : .right })
            }
            // The elements that bind most often over the samples.
            if let s = c.file.analyses.sampling, rows.contains(where: { !$0.bindingShares.isEmpty }) {
                let title = "In a minimum cut (share of \(s.samples) samples, seed \(s.seed); Latin hypercube, triangular on low/base/high)"
                out += format == .markdown ? "\n**\(title)**\n\n" : "\n\(title):\n"
                for r in rows where !r.bindingShares.isEmpty {
                    out += (format == .markdown ? "- `\(r.scenario)`: " : "  \(r.scenario): ")
                        + r.bindingShares.prefix(3).map(describe).joined(separator: "; ") + "\n"
                }
            }
            // The most valuable binding capacities of each scenario's flow.
            let priced = rows.filter { !$0.shadowPrices.isEmpty }
            if !priced.isEmpty {
                out += format == .markdown ? "\n**Top shadow prices** (what one more t/day of capacity is worth)\n\n"
                                           : "\nTop shadow prices (what one more t/day of capacity is worth):\n"
                for r in priced {
                    out += (format == .markdown ? "- `\(r.scenario)`: " : "  \(r.scenario): ")
                        + r.shadowPrices.map(describe).joined(separator: "; ") + "\n"
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
            opt("delivered_tpd", r.deliveredTonnesPerDay, 3)
            opt("delivered_change_tpd", delta(r.deliveredTonnesPerDay, base?.deliveredTonnesPerDay), 3)
            opt("flow_cost_per_day", r.flowCostPerDay, 3)
            opt("flow_cost_change_per_day", delta(r.flowCostPerDay, base?.flowCostPerDay), 3)
            opt("concurrent_lambda", r.concurrentLambda.flatMap { $0.isFinite ? $0 : nil }, 6)
            w.field("concurrent_unlimited", r.concurrentLambda?.isInfinite ?? false)
            w.key("od_pairs"); w.beginArray()
            for p in r.pairs {
                w.beginObject(); w.field("name", p.name); w.field("requested_tpd", p.requestedTonnesPerDay)
                w.field("delivered_tpd", p.deliveredTonnesPerDay); w.endObject()
            }
            w.endArray()
            w.key("shadow_prices"); w.beginArray()
            for p in r.shadowPrices {
                w.beginObject(); w.field("name", p.element); w.field("delivery_per_tpd", p.deliveryPerTonne, decimals: 6)
                w.field("cost_per_day_per_tpd", p.costPerTonne, decimals: 6); w.endObject()
            }
            w.endArray()
            opt("route_time_h", r.routeTimeHours, 3)
            opt("route_time_change_h", delta(r.routeTimeHours, base?.routeTimeHours), 3)
            opt("route_length_m", r.routeDistanceKm.map { $0 * 1000 }, 1)
            opt("route_length_change_m", delta(r.routeDistanceKm, base?.routeDistanceKm).map { $0 * 1000 }, 1)
            opt("distinct_corridors", r.distinctCorridors.map(Double.init), 0)
            opt("max_throughput_tpd", r.maxThroughputTonnesPerDay, 3)
            opt("max_throughput_change_tpd", delta(r.maxThroughputTonnesPerDay, base?.maxThroughputTonnesPerDay), 3)
            w.field("binding_chokepoints", strings: r.bindingChokepoints)
            if let q = c.file.analyses.interdict {
                w.key("interdiction"); w.beginObject()
                w.field("budget", q.budget, decimals: 6)
                opt("throughput_left_tpd", r.interdictedThroughputTonnesPerDay, 3)
                opt("throughput_left_change_tpd", delta(r.interdictedThroughputTonnesPerDay, base?.interdictedThroughputTonnesPerDay), 3)
                w.field("element_ids", strings: o.interdiction?.best.elements.map(\.reference.description) ?? [])
                w.field("names", strings: r.interdictedElements)
                w.field("proven", r.interdictionProven)
                w.endObject()
            }
            if c.file.analyses.sampling != nil {
                if let u = o.uncertainty { UncertaintyOutput.write(&w, u) } else { w.key("uncertainty"); w.null() }
            }
            w.field("notes", strings: o.notes)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }
}
