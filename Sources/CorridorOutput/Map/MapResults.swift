import CorridorCore
import CorridorAnalysis
import CorridorGeo
import CorridorNetwork
import Foundation

/// One drawable feature of a Corridor result file (route, flow, chokepoint, cut member, reach).
public struct MapFeature: Sendable, Equatable {
    /// What a feature shows.
    public enum Kind: Sendable, Equatable {
        /// A whole route, ranked 1 = best.
        case route(rank: Int)
        /// An edge with flow: tonnes per day and utilization (flow / capacity of the busier direction).
        case flow(tonnesPerDay: Double, utilization: Double)
        /// A ranked critical element (1 = most critical) of kind `element` (edge, crossing, terminal, node).
        case chokepoint(rank: Int, element: String)
        /// A member of the minimum cut, of kind `element`.
        case cutMember(element: String)
        /// A reached edge (or part of one) of a reach result.
        case reach
        /// An edge whose flow changed against a baseline (difference maps): after − before, tonnes per day.
        case flowChange(deltaTonnesPerDay: Double, beforeTonnesPerDay: Double, afterTonnesPerDay: Double)
        /// A network line of an `export --edges` file (`road` or `rail`).
        case networkEdge(mode: String)
    }
    /// What the feature shows.
    public var kind: Kind
    /// Line parts, or one single-vertex part for a point.
    public var parts: [[LonLat]]
    /// What the legend and tooltips call it (route summary, element name).
    public var label: String
    /// Memberwise initializer.
    public init(kind: Kind, parts: [[LonLat]], label: String = "") {
        self.kind = kind; self.parts = parts; self.label = label
    }
}

/// A place a result starts or ends at; `location` nil means "look the name up in the network's gazetteer".
public struct MapSite: Sendable, Equatable {
    /// Name of the site.
    public var name: String
    /// Where the site is; nil to look `name` up in the gazetteer.
    public var location: LonLat?
    /// Memberwise initializer.
    public init(name: String, location: LonLat? = nil) { self.name = name; self.location = location }
}

/// Everything drawable from one or more result files.
public struct MapResults: Sendable, Equatable {
    /// Drawable features, in the order read.
    public var features: [MapFeature] = []
    /// Origins, destinations and via places of the results, drawn as sites and labelled first.
    public var sites: [MapSite] = []
    /// One-line summaries for the legend (e.g. the maximum throughput of a chokepoint result).
    public var notes: [String] = []
    /// Places the result names (border crossings a route or flow passes), labelled right after the sites.
    public var namedPlaces: [String] = []
    /// What the scenario behind the result changed (marked on the map); empty for a plain result.
    public var changes = MapScenarioChanges()
    /// The source of a reach result, drawn as a site and named in the legend.
    public var reachSource: String?
    /// Memberwise initializer.
    public init(features: [MapFeature] = [], sites: [MapSite] = [], notes: [String] = []) {
        self.features = features; self.sites = sites; self.notes = notes
    }

    /// Adds `other`'s features and notes, and those of its sites whose names are new.
    public mutating func append(_ other: MapResults) {
        features += other.features
        for s in other.sites where !sites.contains(where: { $0.name == s.name }) { sites.append(s) }
        notes += other.notes
        for p in other.namedPlaces where !namedPlaces.contains(p) { namedPlaces.append(p) }
        if changes.isEmpty { changes = other.changes }
        if reachSource == nil { reachSource = other.reachSource }
    }
}
