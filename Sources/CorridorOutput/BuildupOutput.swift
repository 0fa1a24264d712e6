import CorridorAnalysis
import CorridorCore
import CorridorNetwork
import Foundation

/// Writers for build-up results: the arrival curve as text, CSV (one row per day) and JSON (with the steps and
/// paths).
public enum BuildupOutput {
    /// `day,arrived_t,cumulative_t` rows.
    public static func csv(_ r: BuildupResult) -> String {
        var out = "day,arrived_t,cumulative_t\n"
        for d in r.days {
            out += "\(d.day),\(NumberFormat.trimmed(d.arrivedTonnes, decimals: 3)),\(NumberFormat.trimmed(d.cumulativeTonnes, decimals: 3))\n"
        }
        return out
    }

    /// The curve, steps and paths as a JSON report.
    public static func json(_ r: BuildupResult, network: Network) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("restrictions")
        QueryRecord.writeRestrictions(r.request.restrictions, notes: r.notes, to: &w)
        w.key("request"); w.beginObject()
        FlowOutput.writeSiteRequests(&w, "origins", r.request.origins, key: "limit_tpd")
        FlowOutput.writeSiteRequests(&w, "destinations", r.request.destinations, key: "limit_tpd")
        w.field("horizon_days", r.request.horizonDays)
        if let x = r.request.deliverTonnes { w.field("deliver_t", x, decimals: 3) } else { w.key("deliver_t"); w.null() }
        w.endObject()
        w.field("max_rate_tpd", r.maximumRateTonnesPerDay)
        if let h = r.earliestDeliveryHours { w.field("earliest_delivery_h", h, decimals: 3) } else { w.key("earliest_delivery_h"); w.null() }
        if let d = r.earliestDeliveryDay { w.field("earliest_delivery_day", d) } else { w.key("earliest_delivery_day"); w.null() }
        w.key("days"); w.beginArray()
        for d in r.days {
            w.beginObject(); w.field("day", d.day); w.field("arrived_t", d.arrivedTonnes, decimals: 3)
            w.field("cumulative_t", d.cumulativeTonnes, decimals: 3); w.endObject()
        }
        w.endArray()
        w.key("steps"); w.beginArray()
        for s in r.steps { w.beginObject(); w.field("from_time_h", s.transitHours, decimals: 4); w.field("rate_tpd", s.tonnesPerDay); w.endObject() }
        w.endArray()
        w.key("paths"); w.beginArray()
        for p in r.paths {
            w.beginObject()
            w.field("rate_tpd", p.tonnesPerDay)
            w.field("transit_time_h", p.transitHours, decimals: 4)
            w.field("first_arrival_day", p.transitHours / 24, decimals: 4)
            w.field("crossings", strings: p.crossings)
            w.key("edge_ids"); w.beginArray(); for e in p.edges { w.int(Int64(e)) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }

    /// The curve and the paths as readable tables.
    public static func text(_ r: BuildupResult) -> String {
        var out = "Build-up \(r.origins.map(\.name).joined(separator: ", ")) → \(r.destinations.map(\.name).joined(separator: ", ")) "
        out += "over \(r.request.horizonDays) day\(r.request.horizonDays == 1 ? "" : "s") (maximum flow over time; rate tends to \(r.maximumRateTonnesPerDay) t/day)\n"
        for note in r.notes { out += "  restriction: \(note)\n" }
        if let x = r.request.deliverTonnes {
            if let h = r.earliestDeliveryHours, let d = r.earliestDeliveryDay {
                out += "\(NumberFormat.grouped(x, decimals: 0)) t can have arrived after \(NumberFormat.trimmed(h, decimals: 1)) h: day \(d)\n"
            } else {
                out += "\(NumberFormat.grouped(x, decimals: 0)) t can never arrive (nothing gets through)\n"
            }
        }
        var rows = [["day", "arrived t", "cumulative t"]]
        for d in r.days {
            rows.append(["\(d.day)", NumberFormat.grouped(d.arrivedTonnes, decimals: 0), NumberFormat.grouped(d.cumulativeTonnes, decimals: 0)])
        }
        out += TextTable(rows, alignments: [.right, .right, .right]).text()
        if !r.paths.isEmpty {
            out += "Paths of the temporally repeated flow (each carries its rate from the start; first tonnes arrive after its transit):\n"
            var rows = [["t/day", "transit h", "first arrival day", "crossings", "edges"]]
            for p in r.paths {
                rows.append(["\(p.tonnesPerDay)", NumberFormat.trimmed(p.transitHours, decimals: 1),
                             NumberFormat.trimmed(p.transitHours / 24, decimals: 2), p.crossings.joined(separator: ", "), "\(p.edges.count)"])
            }
            out += TextTable(rows, alignments: [.right, .right, .right, .left, .right]).text()
        }
        return out
    }
}
