import CorridorGeo
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorOutput
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Elements of an SVG document, in order, with their attributes and text.
final class SVGDocument: NSObject, XMLParserDelegate {
    struct Element { var name: String; var attributes: [String: String]; var text: String; var transformed: Bool }
    var elements: [Element] = []
    private var open: [Int] = []
    var error: Error?

    init(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        if !parser.parse() { error = parser.parserError ?? NSError(domain: "xml", code: 1) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let inherited = open.last.map { elements[$0].transformed || elements[$0].attributes["transform"] != nil } ?? false
        elements.append(Element(name: name, attributes: attributes, text: "", transformed: inherited))
        open.append(elements.count - 1)
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { open.removeLast() }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if let i = open.last { elements[i].text += string } }

    func with(class name: String) -> [Element] {
        elements.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(name)) }
    }
    var size: (w: Double, h: Double) {
        let root = elements[0]
        return (Double(root.attributes["width"]!)!, Double(root.attributes["height"]!)!)
    }

    /// Every coordinate pair drawn: path data (absolute M/L only, plus the short relative dot), circles, lines,
    /// rects and texts; elements inside a `transform` group (the north arrow) are checked by its translation.
    var drawnPoints: [(Double, Double)] {
        var out: [(Double, Double)] = []
        for e in elements {
            let a = e.attributes
            if let t = a["transform"], t.hasPrefix("translate(") {
                let xy = t.dropFirst(10).prefix { $0 != ")" }.split(separator: " ").compactMap { Double($0) }
                out.append((xy[0], xy[1]))
            }
            if e.transformed { continue }
            func d(_ k: String) -> Double? { a[k].flatMap(Double.init) }
            if e.name == "path", let data = a["d"], a["class"] != nil || true {
                var numbers: [Double] = []
                var command: Character = "M"
                var token = ""
                func flush() {
                    if let v = Double(token) { numbers.append(v) }
                    token = ""
                }
                for ch in data {
                    if ch.isLetter {
                        flush()
                        if command == "M" || command == "L" { for i in stride(from: 0, to: numbers.count - 1, by: 2) { out.append((numbers[i], numbers[i + 1])) } }
                        numbers = []
                        command = ch
                    } else if ch == " " || ch == "," { flush() } else { token.append(ch) }
                }
                flush()
                if command == "M" || command == "L" { for i in stride(from: 0, to: numbers.count - 1, by: 2) { out.append((numbers[i], numbers[i + 1])) } }
            }
            if e.name == "circle", let x = d("cx"), let y = d("cy") { out.append((x, y)) }
            if e.name == "line", let x1 = d("x1"), let y1 = d("y1"), let x2 = d("x2"), let y2 = d("y2") { out += [(x1, y1), (x2, y2)] }
            if e.name == "rect", let x = d("x"), let y = d("y"), let w = d("width"), let h = d("height") { out += [(x, y), (x + w, y + h)] }
            if e.name == "text", let x = d("x"), let y = d("y") { out.append((x, y)) }
        }
        return out
    }
}

@Suite("SVG maps")
struct RenderTests {
    static func network() throws -> Network { try RoutingTestNetworks.corridors() }

    static func geoJSONResults(_ n: Network) throws -> (route: RouteResult, flow: FlowResult, choke: ChokepointResult, results: MapResults) {
        let route = try Router(network: n).route(RouteRequest(from: .place("Ussur"), to: .place("Chongjin"),
                                                              restrictions: Restrictions(modes: [.rail]), alternatives: 3))
        let analyzer = FlowAnalyzer(network: n)
        let flow = try analyzer.flow(FlowRequest(origins: [FlowSite(.place("Ussur"), tonnesPerDay: 12_000)],
                                                 destinations: [FlowSite(.place("Chongjin"), tonnesPerDay: 12_000)]))
        let choke = try analyzer.chokepoints(ChokepointRequest(origins: [FlowSite(.place("Ussur"))],
                                                               destinations: [FlowSite(.place("Chongjin"))], top: 5))
        var results = MapResults()
        results.append(try MapResultReader.parse(Data(RouteOutput.geoJSON(route, network: n, segments: true).utf8), path: "route"))
        results.append(try MapResultReader.parse(Data(FlowOutput.geoJSON(flow).utf8), path: "flow"))
        results.append(try MapResultReader.parse(Data(FlowOutput.geoJSON(choke, network: n).utf8), path: "choke"))
        return (route, flow, choke, results)
    }

    @Test func wellFormedWithOneElementPerResultFeature() throws {
        let n = try Self.network()
        let (route, flow, choke, results) = try Self.geoJSONResults(n)
        var options = SVGMapOptions()
        options.title = "Ussur → Chongjin <rail & flow>"
        let svg = try SVGMap.render(network: n, results: results, options: options)
        let doc = SVGDocument(svg)
        #expect(doc.error == nil, "\(String(describing: doc.error))")
        #expect(doc.elements.first?.name == "svg")
        // Counts from the analysis results themselves, not from the renderer.
        #expect(route.routes.count >= 2)
        #expect(doc.with(class: "route").count == route.routes.count)
        #expect(Set(doc.with(class: "route").compactMap { $0.attributes["data-rank"] }) == Set(route.routes.map { "\($0.rank)" }))
        let edgesWithFlow = Set((0..<flow.arcFlow.count).filter { flow.arcFlow[$0] > 0 }.map { n.arcEdge[$0] })
        #expect(!edgesWithFlow.isEmpty && doc.with(class: "flow").count == edgesWithFlow.count)
        let widths = doc.with(class: "flow").map { (Double($0.attributes["data-tpd"]!)!, Double($0.attributes["stroke-width"]!)!) }
        // Width grows with tonnes/day.
        for a in widths { for b in widths where a.0 < b.0 { #expect(a.1 <= b.1) } }
        #expect(!choke.ranking.isEmpty && doc.with(class: "chokepoint").count == choke.ranking.count)
        #expect(doc.with(class: "chokepoint").map { $0.attributes["data-rank"]! } == choke.ranking.map { "\($0.rank)" })
        #expect(doc.with(class: "cut").count == choke.cut.count)
        #expect(doc.with(class: "crossing").count == n.crossings.count)
        #expect(doc.with(class: "title").first?.text == "Ussur → Chongjin <rail & flow>")
        // Sites: Ussur and Chongjin, drawn once each.
        #expect(doc.with(class: "site").count == 2)
    }

    @Test func everythingDrawnIsInsideTheViewBox() throws {
        let n = try Self.network()
        let results = try Self.geoJSONResults(n).results
        // A background far larger than the map, and a bbox that cuts through the network.
        let world = BackgroundLayer(name: "world", polygons: [[[ll(100, 20), ll(160, 20), ll(160, 60), ll(100, 60), ll(100, 20)],
                                                                [ll(129.95, 43.0), ll(130.05, 43.0), ll(130.05, 43.1), ll(129.95, 43.0)]]])
        for bbox in [nil, MapBBox(minLon: 129.95, minLat: 42.97, maxLon: 130.3, maxLat: 43.2)] {
            var options = SVGMapOptions()
            options.bbox = bbox
            options.width = 640
            let svg = try SVGMap.render(network: n, backgrounds: [world], results: results, options: options)
            let doc = SVGDocument(svg)
            #expect(doc.error == nil)
            let (w, h) = doc.size
            #expect(doc.elements[0].attributes["viewBox"] == "0 0 \(Int(w)) \(Int(h))")
            let points = doc.drawnPoints
            #expect(points.count > 100)
            let outside = points.filter { !($0.0 >= 0 && $0.0 <= w && $0.1 >= 0 && $0.1 <= h) }
            #expect(outside.isEmpty, "\(outside.prefix(5))")
            #expect(doc.with(class: "region").count == 1)
        }
    }

    @Test func sameInputSameBytes() throws {
        let n = try Self.network()
        let results = try Self.geoJSONResults(n).results
        let a = try SVGMap.render(network: n, results: results)
        let b = try SVGMap.render(network: try Self.network(), results: try Self.geoJSONResults(n).results)
        #expect(a == b)
        #expect(!a.contains("nan") && !a.contains("inf") && !a.contains("-0.0 "))
    }

    @Test func labelsDoNotOverlapAndPreferSites() throws {
        let n = try Self.network()
        let results = try Self.geoJSONResults(n).results
        var options = SVGMapOptions()
        options.maxLabels = 6
        let doc = SVGDocument(try SVGMap.render(network: n, results: results, options: options))
        let labels = doc.with(class: "label")
        #expect(!labels.isEmpty && labels.count <= 6)
        #expect(labels.prefix(2).map(\.text).sorted() == ["Chongjin", "Ussur"])
        let boxes = labels.map { l -> Rect in
            let size = Double(l.attributes["font-size"]!)!, x = Double(l.attributes["x"]!)!, y = Double(l.attributes["y"]!)!
            let w = SVGMap.textWidth(l.text, size: size)
            let left = l.attributes["text-anchor"] == "start" ? x : (l.attributes["text-anchor"] == "end" ? x - w : x - w / 2)
            return Rect(x: left, y: y - size * 0.8, w: w, h: size)
        }
        for i in boxes.indices { for j in boxes.indices where i < j { #expect(!boxes[i].intersects(boxes[j]), "\(labels[i].text) / \(labels[j].text)") } }
    }

    /// The scale bar agrees with the geodesic distance between two sites about 640 km apart (Vladivostok–Khabarovsk).
    @Test func scaleBarMatchesGeodesicDistance() throws {
        let vladivostok = ll(131.8735, 43.1056), khabarovsk = ll(135.0721, 48.4808)
        let results = MapResults(features: [MapFeature(kind: .route(rank: 1), parts: [[vladivostok, khabarovsk]])],
                                 sites: [MapSite(name: "Vladivostok", location: vladivostok), MapSite(name: "Khabarovsk", location: khabarovsk)])
        let doc = SVGDocument(try SVGMap.render(network: nil, results: results))
        let sites = doc.with(class: "site").map { (Double($0.attributes["cx"]!)!, Double($0.attributes["cy"]!)!) }
        #expect(sites.count == 2)
        let pixels = hypot(sites[0].0 - sites[1].0, sites[0].1 - sites[1].1)
        let bar = doc.elements.drop { $0.attributes["class"] != "scalebar" }
        let segments = bar.filter { $0.name == "rect" }.dropFirst().prefix(2).map { Double($0.attributes["width"]!)! }
        let texts = bar.prefix { $0.attributes["class"] == "scalebar" || $0.attributes["class"] == nil }.filter { $0.name == "text" }
        #expect(texts.last?.text == "km")
        let km = try #require(texts.compactMap { Double($0.text) }.max())
        let pixelsPerKm = segments.reduce(0, +) / km
        let geodesicKm = Geodesic.distance(vladivostok, khabarovsk) / 1000
        #expect(abs(geodesicKm - 640) < 25)
        #expect(abs(pixels / pixelsPerKm - geodesicKm) / geodesicKm < 0.01, "\(pixels / pixelsPerKm) km vs \(geodesicKm)")
    }

    @Test func readerRecognisesEveryWriterAndRejectsOtherGeoJSON() throws {
        let n = try Self.network()
        let reach = try Router(network: n).reach(from: [.place("Vlad")], within: .meters(30_000), restrictions: .none, maxSnapMeters: 25_000)
        let reached = try MapResultReader.parse(Data(ReachOutput.geoJSON(reach, network: n).utf8), path: "reach")
        #expect(reached.features.count == reach.edges.count && reached.features.allSatisfy { $0.kind == .reach })

        func rejects(_ text: String, _ reason: String) {
            #expect(throws: RenderError.self) { try MapResultReader.parse(Data(text.utf8), path: "x.geojson") }
            do { _ = try MapResultReader.parse(Data(text.utf8), path: "x.geojson") } catch {
                #expect(error.description.contains(reason), "\(error)")
                #expect(error.description.hasSuffix(": x.geojson"))
            }
        }
        // Export files: edges drawn as network lines, nodes recognised but not drawn.
        let exported = try MapResultReader.parse(Data(NetworkGeoJSON.edges(n).utf8), path: "edges")
        #expect(exported.features.count == n.edgeCount
                && exported.features.allSatisfy { if case .networkEdge = $0.kind { return true }; return false })
        #expect(try MapResultReader.parse(Data(NetworkGeoJSON.nodes(n).utf8), path: "nodes").features.isEmpty)
        // A GeoJSON text sequence reads like its collection.
        let sequence = try MapResultReader.parse(Data(ReachOutput.geoJSONSeq(reach, network: n).utf8), path: "reach.geojsons")
        #expect(sequence == reached)
        rejects("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"feature\":\"edge\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}", "feature 1 has none of the properties")
        rejects("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"x\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}", "none of the properties")
        rejects("{\"type\":\"Feature\"}", "none of the properties")
        rejects("{\"type\":\"Topology\"}", "not a GeoJSON FeatureCollection")
        rejects("not json", "not JSON")
        rejects("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"feature\":\"route\",\"rank\":1,\"length_m\":3},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[500,2],[1,2]]}}]}", "no valid Point or LineString")
        #expect(throws: RenderError.fileNotFound(path: "/nonexistent/r.geojson")) { try MapResultReader.read(path: "/nonexistent/r.geojson") }
        // An empty collection is Corridor-compatible (nothing to draw).
        #expect(try MapResultReader.parse(Data("{\"type\":\"FeatureCollection\",\"features\":[]}".utf8), path: "e").features.isEmpty)
    }

    @Test func badOptions() throws {
        for text in ["", "1,2,3", "130,43,130,44", "131,43,130,44", "130,44,131,43", "a,b,c,d", "-200,0,10,10", "0,0,10,95", "nan,0,1,1"] {
            #expect(throws: RenderError.emptyBBox(text)) { try SVGMapOptions.parseBBox(text) }
        }
        #expect(try SVGMapOptions.parseBBox(" 129.5, 42 ,131,44") == MapBBox(minLon: 129.5, minLat: 42, maxLon: 131, maxLat: 44))
        let n = try Self.network()
        var options = SVGMapOptions()
        options.projection = "+proj=nosuchthing"
        #expect { try SVGMap.render(network: n, options: options) } throws: { error in
            if case .unknownProjection? = error as? RenderError { return true }; return false
        }
        options.projection = "EPSG:3857"
        #expect(SVGDocument(try SVGMap.render(network: n, options: options)).error == nil)
        #expect(throws: RenderError.nothingToDraw) { try SVGMap.render(network: nil) }
    }
}
