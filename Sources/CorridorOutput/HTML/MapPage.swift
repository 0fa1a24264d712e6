import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// The interactive map page: one self-contained, offline HTML file (Leaflet and its licence inlined, the background
/// as a vector layer, no tiles and no network access) with a view switcher (scenarios, or the parts of one result),
/// layers styled with the maps' colour system (`MapPalette`: routes by rank, flows by width and utilization,
/// chokepoints, the minimum cut, reached edges, what a scenario changed), a popup with every property a feature
/// carries (the vocabulary of docs/FORMATS.md), a legend, and an optional table.
///
/// Any analysis can make one: add a `View` per result (its `ResultDocument`s, and the scenario changes it ran
/// under), then `render`. Deterministic bytes for the same input.
///
/// After drawing a view the page script writes what it drew into `#corridor-status` (`data-view`, `data-results`:
/// result features drawn, `data-changes`: change features drawn, `data-expected`: result features in the data,
/// `data-legs`: route legs drawn (invisible, for their popups), `data-legend`: the keys of the view's legend rows —
/// the legend lists only the symbols the view draws),
/// so a headless browser's `--dump-dom` shows whether the map drew; `#VIEW` in the URL opens that view.
public struct MapPage: Sendable {
    /// One switchable view.
    public struct View: Sendable {
        /// Name in the switcher (and the URL fragment).
        public var name: String
        /// One line under the switcher.
        public var description: String
        /// Result documents whose features are drawn (roles route, flow, cut, chokepoint, reach, edge; legs are
        /// drawn invisibly over their routes for their popups; segments are left out, their routes are drawn).
        public var documents: [ResultDocument]
        /// What the view's scenario changed.
        public var changes: MapScenarioChanges
        /// The network the changes refer to (the scenario's; nil when there are no changes).
        public var network: Network?
        /// Origins, destinations, sources: drawn as labelled circles.
        public var sites: [MapSite]
        /// Memberwise initializer.
        public init(name: String, description: String = "", documents: [ResultDocument], changes: MapScenarioChanges = MapScenarioChanges(),
                    network: Network? = nil, sites: [MapSite] = []) {
            self.name = name; self.description = description; self.documents = documents; self.changes = changes
            self.network = network; self.sites = sites
        }
    }

    /// Page and map title.
    public var title: String
    /// The views, in switcher order; the first is shown first.
    public var views: [View] = []
    /// The network drawn under every view (rail by gauge, roads), with edge popups; nil for none.
    public var network: Network?
    /// Background polygons (countries, coastline).
    public var backgrounds: [BackgroundLayer] = []
    /// A table shown under the map (e.g. the comparison), its first row the header.
    public var table: TextTable?
    /// Lines of text under the table.
    public var notes: [String] = []

    /// An empty page.
    public init(title: String) { self.title = title }

    /// Roles drawn from result documents.
    static let drawnRoles: Set<FeatureRole> = [.route, .flow, .cut, .chokepoint, .reach, .edge]

    /// The page.
    /// - Throws: `MapPageError.nothingToShow` without views.
    public func render(leaflet: LeafletAssets) throws(MapPageError) -> String {
        guard !views.isEmpty else { throw .nothingToShow }
        var data = JSONWriter()
        data.beginObject()
        data.field("title", title)
        data.key("palette"); writePalette(&data)
        data.key("background"); data.beginArray()
        for layer in backgrounds {
            for (i, polygon) in layer.polygons.enumerated() {
                data.beginObject()
                data.field("type", "Feature")
                data.key("properties"); data.beginObject()
                data.field("country", i < layer.countries.count ? layer.countries[i] : "")
                data.endObject()
                data.key("geometry"); data.beginObject()
                data.field("type", "Polygon")
                data.key("coordinates"); data.beginArray()
                for ring in polygon {
                    data.beginArray()
                    for p in ring { data.raw("[\(NumberFormat.trimmed(p.lon, decimals: 4)),\(NumberFormat.trimmed(p.lat, decimals: 4))]") }
                    data.endArray()
                }
                data.endArray()
                data.endObject()
                data.endObject()
            }
        }
        data.endArray()
        data.key("network"); data.beginArray()
        if let n = network {
            for e in 0..<n.edgeCount where n.edgeKind[e] == .line {
                if n.edgeTwin[e] != UInt32.max && n.edgeTwin[e] < UInt32(e) { continue }
                data.raw(edgeFeature(e, of: n, extra: []))
            }
        }
        data.endArray()
        data.key("views"); data.beginArray()
        for view in views { writeView(view, to: &data) }
        data.endArray()
        data.endObject()

        var html = ""
        html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(SVGMap.escape(title))</title>\n"
        html += "<!--\n\(leaflet.notice.replacingOccurrences(of: "--", with: "- -"))\n-->\n"
        html += "<style>\n\(leaflet.stylesheet)\n</style>\n<style>\n\(Self.pageStyle)\n</style>\n</head>\n<body>\n"
        html += "<header><h1>\(SVGMap.escape(title))</h1><label>View <select id=\"corridor-view\"></select></label> <span id=\"corridor-description\"></span></header>\n"
        html += "<div id=\"corridor-map\"></div>\n"
        html += "<output id=\"corridor-status\" data-view=\"\" data-results=\"-1\" data-changes=\"-1\" data-expected=\"-1\"></output>\n"
        if let table { html += "<section id=\"corridor-table\">\n" + Self.htmlTable(table) + "</section>\n" }
        if !notes.isEmpty {
            html += "<section id=\"corridor-notes\">\n" + notes.map { "<p>\(SVGMap.escape($0))</p>\n" }.joined() + "</section>\n"
        }
        html += "<footer>Background: Natural Earth (public domain). Map: Leaflet (BSD-2-Clause, notice in the page source). Made by corridor.</footer>\n"
        html += "<script type=\"application/json\" id=\"corridor-data\">" + Self.scriptSafe(data.text) + "</script>\n"
        html += "<script>\n/*\n\(leaflet.notice.replacingOccurrences(of: "*/", with: "* /"))\n*/\n" + Self.scriptSafe(leaflet.script) + "\n</script>\n"
        html += "<script>\n" + Self.pageScript + "\n</script>\n</body>\n</html>\n"
        return html
    }

    /// `</` inside a script element would end it early.
    static func scriptSafe(_ s: String) -> String { s.replacingOccurrences(of: "</", with: "<\\/") }

    /// A table as HTML, its first row the header; cells escaped.
    static func htmlTable(_ t: TextTable) -> String {
        guard let header = t.rows.first else { return "" }
        func align(_ i: Int) -> String { i < t.alignments.count && t.alignments[i] == .right ? " class=\"num\"" : "" }
        var out = "<table>\n<thead><tr>" + header.enumerated().map { "<th\(align($0.offset))>\(SVGMap.escape($0.element))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in t.rows.dropFirst() {
            out += "<tr>" + row.enumerated().map { "<td\(align($0.offset))>\(SVGMap.escape($0.element))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    func writePalette(_ w: inout JSONWriter) {
        w.beginObject()
        w.field("routes", strings: MapPalette.routes)
        w.field("utilization", strings: MapPalette.utilization)
        w.key("utilizationBreaks"); w.beginArray(); for b in MapPalette.utilizationBreaks { w.number(b, decimals: 2) }; w.endArray()
        w.field("gauge1520", MapPalette.gauge1520); w.field("gauge1435", MapPalette.gauge1435); w.field("road", MapPalette.road)
        w.field("unusable", MapPalette.unusable); w.field("chokepoint", MapPalette.chokepoint); w.field("ink", MapPalette.ink)
        w.field("reach", MapPalette.reach); w.field("land", MapPalette.land); w.field("sea", MapPalette.sea)
        w.field("border", MapPalette.border); w.field("deniedLand", MapPalette.deniedLand)
        w.endObject()
    }

    /// A network edge as a GeoJSON feature with the edge properties and `extra` ones first.
    func edgeFeature(_ e: Int, of n: Network, extra: [(String, String)]) -> String {
        var p = PropertyList()
        EdgeFeatures.add(edge: e, of: n, to: &p)
        let feature = OutputFeature(role: .edge, geometry: n.outputGeometry(ofEdge: e), properties: p.items)
        return GeoJSONOutput.feature(feature, tags: extra).json
    }

    func writeView(_ view: View, to w: inout JSONWriter) {
        w.beginObject()
        w.field("name", view.name)
        w.field("description", view.description)
        var expected = 0
        w.key("results"); w.beginArray()
        for document in view.documents {
            for f in document.features where Self.drawnRoles.contains(f.role) {
                w.raw(GeoJSONOutput.feature(f, tags: [("command", document.command)]).json)
                expected += 1
            }
        }
        w.endArray()
        w.field("expected", expected)
        // Legs of the routes: drawn invisibly over them for their popups.
        w.key("legs"); w.beginArray()
        for document in view.documents {
            for f in document.features where f.role == .leg {
                w.raw(GeoJSONOutput.feature(f, tags: [("command", document.command)]).json)
            }
        }
        w.endArray()
        // Changes: one feature per mark (closed, added, scaled) and per unusable line edge.
        w.key("changes"); w.beginArray()
        let c = view.changes
        func mark(_ kind: String, _ m: MapScenarioChanges.Mark, badge: String? = nil) {
            let lines = m.parts.filter { $0.count > 1 }
            let geometry: OutputGeometry
            if kind == "closed" || kind == "scaled" || lines.isEmpty {
                // A closed or scaled element is marked at one point (a cross, a badge); the edges stay listed.
                let anchor = lines.isEmpty ? (m.parts.first?.first ?? LonLat(lon: 0, lat: 0)) : MapPage.middle(of: lines)
                geometry = .point(anchor)
            } else {
                geometry = .lines(lines)
            }
            var p = PropertyList()
            p.add("change", kind)
            p.add("name", m.label)
            if let badge { p.add("factor", badge) }
            p.add("edge_ids", ids: m.edges.map { UInt32($0) })
            w.raw(GeoJSONOutput.feature(OutputFeature(role: .edge, geometry: geometry, properties: p.items)).json)
        }
        for m in c.closed { mark("closed", m) }
        for m in c.added { mark("added", m) }
        for (m, badge) in zip(c.scaled, c.scaledBadges) { mark("scaled", m, badge: badge) }
        if let n = view.network {
            let reason = c.unusableReasons.joined(separator: "; ")
            for e in c.unusableEdges.sorted() where e < n.edgeCount && n.edgeKind[e] == .line {
                if n.edgeTwin[e] != UInt32.max && n.edgeTwin[e] < UInt32(e) { continue }
                w.raw(edgeFeature(e, of: n, extra: [("change", "unusable"), ("reason", reason)]))
            }
        }
        w.endArray()
        w.field("deniedCountries", strings: c.deniedCountries.sorted())
        w.key("sites"); w.beginArray()
        for s in SVGMap.resolveSites(view.sites, network: view.network ?? network) {
            w.beginObject()
            w.field("name", s.name)
            w.key("location"); w.raw("[\(NumberFormat.trimmed(s.location.lon, decimals: 7)),\(NumberFormat.trimmed(s.location.lat, decimals: 7))]")
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// The middle vertex of the longest line (a marker position).
    static func middle(of lines: [[LonLat]]) -> LonLat {
        let longest = lines.max { $0.count < $1.count } ?? []
        return longest.isEmpty ? LonLat(lon: 0, lat: 0) : longest[longest.count / 2]
    }
}
