import CorridorGeo
import Foundation
import Testing
import CorridorKit
import CorridorTestSupport
@testable import CorridorOutput

/// The detail inset: drawn where a result's marks crowd (and only there), or of the area asked for; its copies do
/// not count as the map's features, its labels do not collide, and it keeps clear of the legend and furniture.
@Suite("Map insets")
struct InsetTests {
    /// A long route (a large map) and `count` point chokepoints on a circle of `radius` degrees around Khasan.
    static func results(count: Int, radius: Double) -> MapResults {
        var features = [MapFeature(kind: .route(rank: 1), parts: [[ll(120, 40), ll(130, 45), ll(140, 50)]], label: "long")]
        for k in 0..<count {
            let a = Double(k) * 2 * .pi / Double(count)
            features.append(MapFeature(kind: .chokepoint(rank: k + 1, element: "crossing"),
                                       parts: [[ll(130.7 + radius * cos(a), 42.4 + radius * sin(a))]], label: "element \(k + 1)"))
        }
        return MapResults(features: features)
    }

    static func rect(_ e: SVGDocument.Element) -> Rect {
        Rect(x: Double(e.attributes["x"]!)!, y: Double(e.attributes["y"]!)!, w: Double(e.attributes["width"]!)!, h: Double(e.attributes["height"]!)!)
    }

    /// Elements carrying `kind` in the inset (its copies are marked `data-inset`, not `class`).
    static func copies(_ doc: SVGDocument, _ kind: String) -> [SVGDocument.Element] {
        doc.elements.filter { ($0.attributes["data-inset"] ?? "").split(separator: " ").contains(Substring(kind)) }
    }

    @Test func automaticWhereMarksCrowd() throws {
        let results = Self.results(count: 6, radius: 0.12)
        let svg = try SVGMap.render(network: nil, results: results)
        let doc = SVGDocument(svg)
        #expect(doc.error == nil)
        #expect(doc.with(class: "inset").count == 1)
        // The map's own features are counted once: six markers by class, six copies in the inset.
        #expect(doc.with(class: "chokepoint").count == 6)
        #expect(Self.copies(doc, "chokepoint").count == 6)
        let box = Self.rect(try #require(doc.with(class: "inset-frame").first))
        let frame = Self.rect(try #require(doc.with(class: "frame").first))
        #expect(frame.contains(box))
        // Clear of the legend, and the enlarged area holds every mark's anchor.
        if let legend = doc.elements.drop(while: { $0.attributes["class"] != "legend" }).first(where: { $0.name == "rect" }) {
            #expect(!Self.rect(legend).intersects(box))
        }
        let area = Self.rect(try #require(doc.with(class: "inset-area").first))
        let anchors = doc.with(class: "anchor").map { Point(x: Double($0.attributes["cx"]!)!, y: Double($0.attributes["cy"]!)!) }
        #expect(anchors.count == 6)
        for a in anchors { #expect(area.contains(a)) }
        #expect(!area.intersects(box))
        // Enlarged: the copies spread out over at least 2.5 times the distance on the main map.
        let caption = try #require(doc.elements.first { $0.name == "text" && $0.text.hasPrefix("detail ×") })
        let zoom = try #require(Double(caption.text.dropFirst(8)))
        #expect(zoom >= 2.5)
        // In the inset, the markers lie on the circle at their own places: none on another.
        let circles = doc.elements.enumerated().filter { $0.element.name == "circle" && $0.element.attributes["r"] == "9" }.map {
            Point(x: Double($0.element.attributes["cx"]!)!, y: Double($0.element.attributes["cy"]!)!)
        }
        let inInset = circles.filter { box.contains($0) }
        #expect(inInset.count == 6)
        for i in inInset.indices { for j in inInset.indices where i < j {
            #expect(hypot(inInset[i].x - inInset[j].x, inInset[i].y - inInset[j].y) >= 18)
        } }
        #expect(try SVGMap.render(network: nil, results: results) == svg)
    }

    @Test func noneWhenMarksAreApartOrWhenAskedForNone() throws {
        // Marks far apart (a radius of 3 degrees): nothing crowds, no inset.
        let apart = SVGDocument(try SVGMap.render(network: nil, results: Self.results(count: 6, radius: 3)))
        #expect(apart.with(class: "inset").isEmpty)
        // A single mark: nothing to enlarge.
        let single = SVGDocument(try SVGMap.render(network: nil, results: Self.results(count: 1, radius: 0)))
        #expect(single.with(class: "inset").isEmpty)
        var options = SVGMapOptions()
        options.inset = .none
        let none = SVGDocument(try SVGMap.render(network: nil, results: Self.results(count: 6, radius: 0.12), options: options))
        #expect(none.with(class: "inset").isEmpty && Self.copies(none, "chokepoint").isEmpty)
    }

    @Test func areaAskedForIsDrawnWithLabelsThatDoNotCollide() throws {
        let n = try RoutingTestNetworks.corridors()
        let results = try RenderTests.geoJSONResults(n).results
        let locations = n.places.places.map(\.location)
        let lon = locations.map(\.lon), lat = locations.map(\.lat)
        // The south-west quarter of the network's places.
        let area = MapBBox(minLon: lon.min()!, minLat: lat.min()!, maxLon: (lon.min()! + lon.max()!) / 2, maxLat: (lat.min()! + lat.max()!) / 2)
        var options = SVGMapOptions()
        options.inset = .area(area)
        let doc = SVGDocument(try SVGMap.render(network: n, results: results, options: options))
        #expect(doc.error == nil)
        let box = Self.rect(try #require(doc.with(class: "inset-frame").first))
        let labels = Self.copies(doc, "label")
        #expect(!labels.isEmpty)
        let boxes = labels.map { l -> Rect in
            let size = Double(l.attributes["font-size"]!)!, x = Double(l.attributes["x"]!)!, y = Double(l.attributes["y"]!)!
            let w = SVGMap.textWidth(l.text, size: size)
            let left = l.attributes["text-anchor"] == "start" ? x : (l.attributes["text-anchor"] == "end" ? x - w : x - w / 2)
            return Rect(x: left, y: y - size * 0.8, w: w, h: size)
        }
        for b in boxes { #expect(box.contains(b)) }
        for i in boxes.indices { for j in boxes.indices where i < j { #expect(!boxes[i].intersects(boxes[j]), "\(labels[i].text) / \(labels[j].text)") } }
        // Every place of the area inside the inset is labelled there (there is room at this scale), stations too.
        let inArea = n.places.places.filter { $0.location.lon > area.minLon + 0.01 && $0.location.lon < area.maxLon - 0.01
            && $0.location.lat > area.minLat + 0.01 && $0.location.lat < area.maxLat - 0.01 }
        for p in inArea where p.kind != "crossing" { #expect(labels.contains { $0.text == p.name }, "\(p.name) \(p.kind) not in \(labels.map(\.text)); \(inArea.map(\.name))") }
        // Main-map labels keep out of the inset box.
        for l in doc.with(class: "label") {
            let x = Double(l.attributes["x"]!)!, y = Double(l.attributes["y"]!)!
            #expect(!box.contains(Point(x: x, y: y)), "\(l.text)")
        }
    }

    @Test func parsing() throws {
        #expect(try SVGMapOptions.parseInset("auto") == .automatic)
        #expect(try SVGMapOptions.parseInset(" none ") == .none)
        #expect(try SVGMapOptions.parseInset("130,42,131,43") == .area(MapBBox(minLon: 130, minLat: 42, maxLon: 131, maxLat: 43)))
        for bad in ["", "sometimes", "131,42,130,43", "1,2,3"] {
            #expect(throws: RenderError.self) { try SVGMapOptions.parseInset(bad) }
        }
    }
}
