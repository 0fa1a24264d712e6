import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// The outputs of a sweep (`merge`, and `sweep -o DIR` unsharded, which writes them through the same path): the
/// summary table, every unit's row, the per-element statistics and a GeoJSON of the elements. Deterministic: a
/// function of the header and the complete records only (never of the shard layout or the network's path).
public enum SweepOutput {
    /// File names and contents, in writing order: `summary.txt`, `units.csv`, `elements.csv`, `elements.geojson`.
    public static func files(_ s: SweepSummary, network: Network) -> [(name: String, text: String)] {
        [("summary.txt", summary(s, network: network)), ("units.csv", unitsCSV(s)), ("elements.csv", elementsCSV(s)),
         ("elements.geojson", elementsGeoJSON(s, network: network))]
    }

    /// Thousandths of a t/day for people: whole tonnes, grouped.
    static func tpd(_ milli: Int64) -> String { NumberFormat.grouped(Double(milli) / 1000, decimals: 0) }
    static func cost(_ milli: Int64) -> String { NumberFormat.grouped(Double(milli) / 1000, decimals: 1) }
    static func csv(_ cells: [String]) -> String { cells.map(ComparisonReport.csvQuote).joined(separator: ",") + "\n" }
    static func real(_ v: Double?, _ decimals: Int) -> String { v.map { NumberFormat.trimmed($0, decimals: decimals) } ?? "" }

    /// The readable summary: the sweep, its axes, the baseline, the ten worst units and the ten most critical elements.
    public static func summary(_ s: SweepSummary, network: Network) -> String {
        let h = s.header
        var out = "Sweep: \(h.title)\n"
        out += "  sweep \(h.sweep); network \(network.nodeCount) nodes, \(network.edgeCount) edges\n"
        out += "  units: \(NumberFormat.grouped(Int64(h.unitCount)))"
        out += h.axes.isEmpty ? " (no axes: the baseline only)\n" : " = " + h.axes.map { "\($0.size) \($0.name)" }.joined(separator: " × ") + "\n"
        for a in h.axes { out += "  \(a.name): \(a.detail)\n" }
        out += "  baseline: throughput \(tpd(h.baseline.throughputMilli)) t/day, cost \(cost(h.baseline.costMilli))/day"
        if let l = h.baseline.lambdaMicro { out += ", λ \(NumberFormat.fixed(Double(l) / 1e6, decimals: 3))" }
        out += "; binding: \(h.baseline.binding.isEmpty ? "none" : h.baseline.binding.joined(separator: ", "))\n\n"

        let worst = s.records.indices.sorted {
            (s.records[$0].measure.throughputMilli, $0) < (s.records[$1].measure.throughputMilli, $1)
        }.prefix(10)
        var rows = [["unit", "values", "throughput t/day", "lost t/day", "cost/day", "binding"]]
        for i in worst {
            let r = s.records[i]
            rows.append([String(r.unit), values(r), tpd(r.measure.throughputMilli), s.lost.map { tpd($0[i]) } ?? "–",
                         cost(r.measure.costMilli), r.measure.binding.joined(separator: " ")])
        }
        out += "Lowest throughput\n" + TextTable(rows, alignments: [.right, .left, .right, .right, .right, .left]).text(trimmingTrailingSpace: true)

        var erows = [["element", "name", "binding", "lost alone (max)", "lost in pairs (max)", "worst partner"]]
        for e in s.elements.prefix(10) {
            erows.append([e.elementID, e.name, "\(e.bindingCount)", e.lostAloneMax.map(tpd) ?? "–", e.lostPairMax.map(tpd) ?? "–",
                          e.worstPartner ?? "–"])
        }
        out += "\nMost critical elements\n" + TextTable(erows, alignments: [.left, .left, .right, .right, .right, .left]).text(trimmingTrailingSpace: true)
        return out
    }

    /// A unit's axis values for people: `scenario · region:Jilin · crossing:3+edge:12 · sample 4`.
    static func values(_ r: SweepRecord) -> String {
        var parts: [String] = []
        if let s = r.scenario { parts.append(s) }
        if let d = r.denial { parts.append(d) }
        if let f = r.failed { parts.append(f.isEmpty ? "none failed" : f.joined(separator: "+")) }
        if let u = r.sample { parts.append("sample \(u)") }
        return parts.isEmpty ? "baseline" : parts.joined(separator: " · ")
    }

    /// Every unit, by unit: its axis values and measures (the summary table).
    public static func unitsCSV(_ s: SweepSummary) -> String {
        var out = csv(["unit", "scenario", "deny", "failed_element_ids", "sample", "throughput_tpd", "throughput_lost_tpd",
                       "cost_per_day", "lambda", "binding_element_ids", "note"])
        for (i, r) in s.records.enumerated() {
            let m = r.measure
            out += csv([String(r.unit), r.scenario ?? "", r.denial ?? "", r.failed?.joined(separator: ";") ?? "",
                        r.sample.map(String.init) ?? "", SweepPartFile.milli(m.throughputMilli), s.lost.map { SweepPartFile.milli($0[i]) } ?? "",
                        SweepPartFile.milli(m.costMilli), m.lambdaMicro.map { NumberFormat.trimmed(Double($0) / 1e6, decimals: 6) } ?? "",
                        m.binding.joined(separator: ";"), m.note ?? ""])
        }
        return out
    }

    /// The per-element statistics, one row per element (same columns as the GeoJSON's properties).
    public static func elementsCSV(_ s: SweepSummary) -> String {
        var out = csv(Array(OutputSchema.properties(of: .element).dropFirst()))
        for e in s.elements { out += csv(cells(e)) }
        return out
    }

    static func cells(_ e: SweepElementStatistics) -> [String] {
        [e.elementID, e.kind.rawValue, e.name, String(e.bindingCount), NumberFormat.trimmed(e.bindingShare, decimals: 6),
         String(e.aloneCount), real(e.lostAloneMean.map { $0 / 1000 }, 3), e.lostAloneMax.map(SweepPartFile.milli) ?? "",
         String(e.pairCount), real(e.lostPairMean.map { $0 / 1000 }, 3), e.lostPairMax.map(SweepPartFile.milli) ?? "", e.worstPartner ?? "",
         e.edges.map(String.init).joined(separator: ";")]
    }

    /// The elements with their statistics: lines for line pieces, points for crossings, terminals and sites.
    public static func elementsGeoJSON(_ s: SweepSummary, network: Network) -> String {
        var features: [OutputFeature] = []
        for e in s.elements {
            let parts = e.geometry.filter { !$0.isEmpty }
            guard !parts.isEmpty else { continue }
            let geometry: OutputGeometry = parts.allSatisfy({ $0.count >= 2 }) ? .lines(parts) : .point(parts[0][0])
            var p = PropertyList()
            p.add("element_id", e.elementID)
            p.add("kind", e.kind.rawValue)
            p.add("name", e.name)
            p.add("binding_count", e.bindingCount)
            p.add("binding_share", e.bindingShare, decimals: 6)
            p.add("fail_alone_count", e.aloneCount)
            p.add("lost_alone_mean_tpd", optional: e.lostAloneMean.map { $0 / 1000 }, decimals: 3)
            p.add("lost_alone_max_tpd", optional: e.lostAloneMax.map { Double($0) / 1000 }, decimals: 3)
            p.add("fail_pair_count", e.pairCount)
            p.add("lost_pair_mean_tpd", optional: e.lostPairMean.map { $0 / 1000 }, decimals: 3)
            p.add("lost_pair_max_tpd", optional: e.lostPairMax.map { Double($0) / 1000 }, decimals: 3)
            p.add("worst_partner_id", e.worstPartner ?? "")
            p.add("edge_ids", ids: e.edges)
            features.append(OutputFeature(role: .element, geometry: geometry, properties: p.items))
        }
        let h = s.header
        let record = QueryRecord.json(command: "sweep", network: network, scenario: nil, restrictions: nil, notes: [], request: { w in
            w.field("sweep", h.sweep)
            w.field("title", h.title)
            w.field("unit_count", h.unitCount)
            w.key("axes"); w.beginArray()
            for a in h.axes { w.beginObject(); w.field("name", a.name); w.field("size", a.size); w.field("detail", a.detail); w.endObject() }
            w.endArray()
        }, summary: { w in
            w.field("baseline_throughput_tpd", h.baseline.throughputMilli)
            w.key("baseline_cost_per_day"); w.raw(SweepPartFile.milli(h.baseline.costMilli))
            w.field("baseline_binding_element_ids", strings: h.baseline.binding)
        })
        return GeoJSONOutput.collection(ResultDocument(command: "sweep", roles: [.element], features: features, corridor: record))
    }
}
