import ArgumentParser
import CorridorKit
import Foundation

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a network: sources read, features used and skipped, nodes, edges, km by class, crossings, terminals, components.",
        discussion: Examples.info)

    @OptionGroup var networkOptions: NetworkOptions
    @Option(help: "Output format: text or json.") var format: InfoFormat = .text
    /// The spelling before `--format json` (issue 18); kept as a hidden alias.
    @Flag(name: .long, help: .hidden) var json = false

    func run() throws {
        reportingErrors {
            let network = try networkOptions.load()
            let summary = NetworkSummary(network)
            let text = json || format == .json ? NetworkReport.json(network, summary) : NetworkReport.text(network, summary)
            try StandardOutput.write(text)
        }
    }
}

enum InfoFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

/// Text and JSON renderings of `corridor info`.
enum NetworkReport {
    static func km(_ x: Double) -> String { NumberFormat.trimmed(x, decimals: 1) }

    static func text(_ n: Network, _ s: NetworkSummary) -> String {
        var out = ""
        out += "sources:\n"
        for src in n.report.sources {
            out += "  \(src.path) layer \(src.layer) (\(src.driver), \(src.crs.isEmpty ? "no CRS" : src.crs), profile \(src.profile)): "
            out += "\(src.featuresRead) features read, \(src.featuresUsed) used"
            if !src.skipped.isEmpty {
                out += ", skipped: " + src.skipped.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
            }
            out += "\n"
        }
        let layers = NetworkLayer.allCases.map { "\($0) \(s.nodesByLayer[$0] ?? 0)" }.joined(separator: ", ")
        out += "nodes: \(n.nodeCount) (\(layers))\n"
        let kinds = [EdgeKind.line, .crossing, .transshipment, .transfer].map { "\($0) \(s.edgesByKind[$0] ?? 0)" }.joined(separator: ", ")
        out += "edges: \(n.edgeCount) (\(kinds)); arcs: \(n.arcCount)\n"
        out += "km by mode/class:\n"
        for (key, value) in s.kilometresByClass.sorted(by: { $0.key < $1.key }) { out += "  \(key): \(km(value)) km\n" }
        out += "crossings: \(n.crossings.count)\n"
        for c in n.crossings {
            out += "  \(c.name) [\(c.countries.joined(separator: "-"))] \(c.modes.map(\.description).joined(separator: "+")): \(c.capacityTonnesPerDay) t/day, delay \(NumberFormat.trimmed(c.delaySeconds / 3600, decimals: 1)) h, cost \(NumberFormat.trimmed(c.cost, decimals: 2))\n"
        }
        out += "terminals: \(n.terminals.count)\n"
        for t in n.terminals {
            out += "  \(t.place) (\(t.kind)): \(t.capacityTonnesPerDay) t/day, delay \(NumberFormat.trimmed(t.delaySeconds / 3600, decimals: 1)) h\n"
        }
        out += "components: \(s.componentCount) (largest \(s.largestComponentNodes) nodes)\n"
        if let b = s.bbox { out += "bbox: \(b.map { NumberFormat.trimmed($0, decimals: 4) }.joined(separator: ", "))\n" }
        out += "snap tolerance: \(NumberFormat.trimmed(n.report.snapToleranceMeters, decimals: 2)) m; endpoints snapped: \(n.report.endpointsSnapped); "
        out += "zero-length pieces dropped: \(n.report.zeroLengthPiecesDropped); lines split at region boundaries: \(n.report.edgesSplitAtBoundaries)\n"
        for w in n.report.warnings { out += "warning: \(w)\n" }
        return out
    }

    static func json(_ n: Network, _ s: NetworkSummary) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("sources"); w.beginArray()
        for src in n.report.sources {
            w.beginObject()
            w.field("path", src.path); w.field("layer", src.layer); w.field("driver", src.driver); w.field("crs", src.crs)
            w.field("profile", src.profile); w.field("features_read", src.featuresRead); w.field("features_used", src.featuresUsed)
            w.key("skipped"); w.beginObject()
            for (k, v) in src.skipped.sorted(by: { $0.key < $1.key }) { w.field(k, v) }
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.field("node_count", n.nodeCount)
        w.key("nodes_by_layer"); w.beginObject()
        for l in NetworkLayer.allCases { w.field(l.description, s.nodesByLayer[l] ?? 0) }
        w.endObject()
        w.field("edge_count", n.edgeCount)
        w.field("arc_count", n.arcCount)
        w.key("edges_by_kind"); w.beginObject()
        for k in [EdgeKind.line, .crossing, .transshipment, .transfer] { w.field(k.description, s.edgesByKind[k] ?? 0) }
        w.endObject()
        w.key("km_by_class"); w.beginObject()
        for (k, v) in s.kilometresByClass.sorted(by: { $0.key < $1.key }) { w.field(k, v, decimals: 3) }
        w.endObject()
        w.key("crossings"); w.beginArray()
        for c in n.crossings {
            w.beginObject()
            w.field("name", c.name); w.field("countries", strings: c.countries); w.field("modes", strings: c.modes.map(\.description))
            w.key("location"); w.position(c.location)
            w.field("capacity_tpd", c.capacityTonnesPerDay); w.field("delay_s", c.delaySeconds, decimals: 1); w.field("cost", c.cost, decimals: 4)
            w.key("edges"); w.beginArray(); for e in c.edges { w.int(Int(e)) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("terminals"); w.beginArray()
        for t in n.terminals {
            w.beginObject()
            w.field("place", t.place); w.field("kind", t.kind.description)
            w.key("location"); w.position(t.location)
            w.field("capacity_tpd", t.capacityTonnesPerDay); w.field("delay_s", t.delaySeconds, decimals: 1); w.field("cost", t.cost, decimals: 4)
            w.key("edges"); w.beginArray(); for e in t.edges { w.int(Int(e)) }; w.endArray()
            w.endObject()
        }
        w.endArray()
        w.field("component_count", s.componentCount)
        w.field("largest_component_nodes", s.largestComponentNodes)
        if let b = s.bbox { w.key("bbox"); w.beginArray(); for x in b { w.number(x, decimals: 7) }; w.endArray() }
        w.field("snap_tolerance_m", n.report.snapToleranceMeters, decimals: 3)
        w.field("endpoints_snapped", n.report.endpointsSnapped)
        w.field("zero_length_pieces_dropped", n.report.zeroLengthPiecesDropped)
        w.field("lines_split_at_boundaries", n.report.edgesSplitAtBoundaries)
        w.endObject()
        return w.text + "\n"
    }
}
