import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// What a scenario changed, as a map marks it: closed elements crossed out, denied countries shaded and the network
/// a denial or mode restriction made unusable greyed, added links highlighted, scaled capacities and costs noted.
/// Each change is evaluated the way the scenario runner applies it (the same `NetworkView` operations), so the map
/// greys exactly the edges the analyses could not use.
public struct MapScenarioChanges: Sendable, Equatable {
    /// One marked element: what the legend calls it and its line parts (a single-vertex part for a point).
    public struct Mark: Sendable, Equatable {
        /// Legend and tooltip text.
        public var label: String
        /// Geometry in lon/lat.
        public var parts: [[LonLat]]
        /// Network edges it stands for.
        public var edges: [Int]
        /// Memberwise initializer.
        public init(label: String, parts: [[LonLat]], edges: [Int]) { self.label = label; self.parts = parts; self.edges = edges }
    }
    /// Network edges made unusable by a denial or a mode restriction (drawn grey).
    public var unusableEdges: Set<Int> = []
    /// Legend lines for the unusable network ("denied: Heilongjiang, Jilin", "modes allowed: road").
    public var unusableReasons: [String] = []
    /// Denied ISO country codes (their background polygons are shaded).
    public var deniedCountries: Set<String> = []
    /// Denied regions (provinces), as the scenario names them (shaded over the land nearest their own lines).
    public var deniedRegions: [String] = []
    /// Closed elements (crossed out).
    public var closed: [Mark] = []
    /// Added links (highlighted).
    public var added: [Mark] = []
    /// Elements whose capacity or cost a factor scaled; the label says which and by how much.
    public var scaled: [Mark] = []
    /// The short factor text drawn at each scaled element ("cap ×0.5"), parallel to `scaled`.
    public var scaledBadges: [String] = []

    /// No change to mark.
    public init() {}

    /// Whether the scenario changed nothing a map can show.
    public var isEmpty: Bool {
        unusableEdges.isEmpty && closed.isEmpty && added.isEmpty && scaled.isEmpty && deniedCountries.isEmpty && deniedRegions.isEmpty
    }

    /// The changes of `scenario` on `network` (the scenario's network: the baseline with its added edges). Changes
    /// that fail to apply (an unknown name) are left out: the scenario's own error reports them.
    public init(scenario: Scenario, network: Network) {
        self.init()
        func geometry(_ edges: [Int]) -> [[LonLat]] {
            edges.map { Array(network.edgeGeometry($0)) }.filter { !$0.isEmpty }
        }
        func closedEdges(_ apply: (inout NetworkView) throws -> Void) -> [Int] {
            var view = NetworkView(network: network)
            do { try apply(&view) } catch { return [] }
            return (0..<network.edgeCount).filter { view.closedEdge[$0] }
        }
        for change in scenario.changes {
            switch change {
            case let .close(names):
                for name in names {
                    let edges = closedEdges { try $0.close(name: name) }
                    if !edges.isEmpty { closed.append(Mark(label: name, parts: geometry(edges), edges: edges)) }
                }
            case let .closeWhere(filter):
                let edges = filter.matchingEdges(in: network)
                if !edges.isEmpty {
                    closed.append(Mark(label: "\(MapScenarioChanges.describe(filter)) (\(edges.count) edges)", parts: geometry(edges), edges: edges))
                }
            case let .denyCountries(codes):
                let edges = closedEdges { try $0.apply(Restrictions(avoidCountries: Set(codes))) }
                unusableEdges.formUnion(edges)
                deniedCountries.formUnion(codes.map { $0.uppercased() })
                unusableReasons.append("denied: " + codes.joined(separator: ", "))
            case let .denyRegions(regions):
                unusableEdges.formUnion(closedEdges { try $0.apply(Restrictions(avoidRegions: Set(regions))) })
                for r in regions where !deniedRegions.contains(r) { deniedRegions.append(r) }
                unusableReasons.append("denied: " + regions.joined(separator: ", "))
            case let .restrictModes(modes):
                unusableEdges.formUnion(closedEdges { try $0.apply(Restrictions(modes: modes)) })
                unusableReasons.append("only " + modes.map(\.description).sorted().joined(separator: ", ") + " allowed")
            case let .scaleCapacity(filter, factor), let .scaleCost(filter, factor):
                let edges = filter.matchingEdges(in: network)
                if edges.isEmpty { continue }
                let what: String
                if case .scaleCapacity = change { what = "capacity" } else { what = "cost" }
                let factorText = NumberFormat.trimmed(factor, decimals: 3)
                scaled.append(Mark(label: "\(what) ×\(factorText): \(MapScenarioChanges.describe(filter)) (\(edges.count) edges)",
                                   parts: geometry(edges), edges: edges))
                scaledBadges.append("\(what == "capacity" ? "cap" : "cost") ×\(factorText)")
            case let .addEdge(a):
                let folded = Gazetteer.fold(a.name)
                let edges = (0..<network.edgeCount).filter { Gazetteer.fold(network.name(ofEdge: $0)) == folded }
                if !edges.isEmpty { added.append(Mark(label: a.name, parts: geometry(edges), edges: edges)) }
            case .setOrigins, .setDestinations, .setDemands:
                break
            }
        }
        // An added link is highlighted, not greyed, even when it lies in a denied region.
        unusableEdges.subtract(added.flatMap(\.edges))
    }

    /// A filter as a short phrase: "kind transshipment, country CN".
    static func describe(_ f: EdgeFilter) -> String {
        var keys: [String] = []
        if let v = f.mode { keys.append("mode \(v.description)") }
        if let v = f.roadClass { keys.append("class \(v)") }
        if let v = f.kind { keys.append("kind \(v.description)") }
        if let v = f.gauge { keys.append("gauge \(v)") }
        if let v = f.country { keys.append("country \(v)") }
        if let v = f.region { keys.append("region \(v)") }
        if let v = f.name { keys.append("name \(v)") }
        if let v = f.crossing { keys.append("crossing \(v)") }
        if let v = f.terminal { keys.append("terminal \(v)") }
        return keys.isEmpty ? "all edges" : keys.joined(separator: ", ")
    }
}
