import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork

/// The `corridor` member of every output (docs/FORMATS.md, "The query record"): version, command, network,
/// scenario, restrictions, the command's request and, for flows and chokepoints, the result's summary.
enum QueryRecord {
    /// The record as a JSON object; `request` and `summary` write their objects' members.
    static func json(command: String, network: Network?, scenario: String?, restrictions: Restrictions?,
                     notes: [String], request: (inout JSONWriter) -> Void,
                     summary: ((inout JSONWriter) -> Void)? = nil) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("version", CorridorVersion.current)
        w.field("command", command)
        w.key("network")
        if let network { writeNetwork(network, to: &w) } else { w.null() }
        w.key("scenario")
        if let scenario { w.string(scenario) } else { w.null() }
        w.key("restrictions")
        writeRestrictions(restrictions ?? .none, notes: notes, to: &w)
        w.key("request"); w.beginObject(); request(&w); w.endObject()
        if let summary { w.key("summary"); w.beginObject(); summary(&w); w.endObject() }
        w.endObject()
        return w.text
    }

    static func writeNetwork(_ n: Network, to w: inout JSONWriter) {
        w.beginObject()
        w.key("sources"); w.beginArray()
        for s in n.report.sources {
            w.beginObject()
            w.field("path", ConnectionString.redacted(s.path))
            w.field("layer", s.layer)
            w.field("driver", s.driver)
            w.field("profile", s.profile)
            w.endObject()
        }
        w.endArray()
        w.field("node_count", n.nodeCount)
        w.field("edge_count", n.edgeCount)
        w.endObject()
    }

    static func writeRestrictions(_ r: Restrictions, notes: [String], to w: inout JSONWriter) {
        w.beginObject()
        w.key("modes")
        if let modes = r.modes { w.beginArray(); for m in modes.map(\.description).sorted() { w.string(m) }; w.endArray() } else { w.null() }
        w.field("avoid_countries", strings: r.avoidCountries.sorted())
        w.field("avoid_regions", strings: r.avoidRegions.sorted())
        w.field("close", strings: r.close)
        w.field("notes", strings: notes)
        w.endObject()
    }
}
