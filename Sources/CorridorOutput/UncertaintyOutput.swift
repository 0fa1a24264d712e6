import CorridorAnalysis
import CorridorCore
import Foundation

/// The uncertainty section of `--samples` runs: percentiles and binding shares, as JSON members and as text.
public enum UncertaintyOutput {
    /// `"uncertainty": {samples_count, seed, sampling, parameter_count, throughput_tpd {p10, p50, p90},
    /// cost_per_day {…} | null, binding [{element_id, name, share}]}`.
    public static func write(_ w: inout JSONWriter, _ s: UncertaintySummary) {
        w.key("uncertainty"); w.beginObject()
        w.field("samples_count", s.samples.count)
        w.key("seed"); w.raw(String(s.seed))
        w.field("sampling", "latin-hypercube-triangular")
        w.field("parameter_count", s.parameterCount)
        func percentiles(_ key: String, _ p: UncertaintySummary.Percentiles?) {
            w.key(key)
            guard let p else { w.null(); return }
            w.beginObject(); w.field("p10", p.p10, decimals: 3); w.field("p50", p.p50, decimals: 3); w.field("p90", p.p90, decimals: 3); w.endObject()
        }
        percentiles("throughput_tpd", s.throughput)
        percentiles("cost_per_day", s.cost)
        w.key("binding"); w.beginArray()
        for b in s.binding {
            w.beginObject(); w.field("element_id", b.element.description); w.field("name", b.name); w.field("share", b.share, decimals: 4); w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// The section as text: percentiles and the `top` elements by binding share.
    public static func text(_ s: UncertaintySummary, top: Int = 20) -> String {
        var out = "Uncertainty: \(s.samples.count) samples (Latin hypercube, triangular on low/base/high, seed \(s.seed)) of \(s.parameterCount) parameters\n"
        let t = s.throughput
        out += "  maximum throughput t/day: P10 \(NumberFormat.grouped(t.p10, decimals: 0)), P50 \(NumberFormat.grouped(t.p50, decimals: 0)), P90 \(NumberFormat.grouped(t.p90, decimals: 0))\n"
        if let c = s.cost {
            out += "  cost/day of shipping it: P10 \(NumberFormat.grouped(c.p10, decimals: 0)), P50 \(NumberFormat.grouped(c.p50, decimals: 0)), P90 \(NumberFormat.grouped(c.p90, decimals: 0))\n"
        }
        if !s.binding.isEmpty {
            out += "  in a minimum cut (share of samples):\n"
            var rows = [["share", "element", "name"]]
            for b in s.binding.prefix(top) { rows.append(["\(NumberFormat.trimmed(b.share * 100, decimals: 1))%", b.element.description, b.name]) }
            out += TextTable(rows, alignments: [.right, .left, .left]).text()
        }
        return out
    }
}
