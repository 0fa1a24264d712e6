import CorridorGeo

/// The role of a feature in a result: its `feature` property and, in formats with several layers, its layer
/// (docs/FORMATS.md, "Outputs").
public enum FeatureRole: String, Sendable, CaseIterable {
    /// A whole route; a leg of one (a run over one mode in one country); one traversed edge (`--segments`).
    case route, leg, segment
    /// A reached edge (or the reached parts of one).
    case reach
    /// An edge carrying flow.
    case flow
    /// A member of the minimum cut; a ranked critical element; an element removed by an interdiction.
    case cut, chokepoint, interdicted
    /// A network edge and node of `export`.
    case edge, node
    /// A network element with its statistics over a sweep's units (`sweep`, `merge`).
    case element

    /// The layer (table, file suffix) of the role: `routes`, `legs`, `segments`, `reach`, `flows`, `cut`,
    /// `chokepoints`, `interdicted`, `edges`, `nodes`.
    public var layerName: String {
        switch self {
        case .reach, .cut, .interdicted: return rawValue
        default: return rawValue + "s"
        }
    }
}

/// The value of one feature property. Lists are written as text joined with `;` in feature properties.
public enum PropertyValue: Sendable, Equatable {
    /// An integer.
    case integer(Int64)
    /// A real number, written with at most `decimals` fractional digits (and stored rounded to them).
    case real(Double, decimals: Int)
    /// Text.
    case text(String)
    /// A boolean.
    case boolean(Bool)
    /// A list of texts (names, ids).
    case list([String])
    /// No value.
    case null

    /// The value rounded as written (a real to its decimals), for formats that store numbers.
    var roundedReal: Double? {
        guard case let .real(value, decimals) = self, value.isFinite else { return nil }
        let scale = pow10(decimals)
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? 0 : rounded
    }

    /// A list as feature properties carry it.
    static func joined(_ items: [String]) -> String { items.joined(separator: ";") }

    private func pow10(_ n: Int) -> Double { var x = 1.0; for _ in 0..<max(0, n) { x *= 10 }; return x }
}

/// The geometry of a result feature: lines (one part is a LineString, several a MultiLineString) or a point.
public enum OutputGeometry: Sendable, Equatable {
    /// Line parts, each of at least two distinct positions.
    case lines([[LonLat]])
    /// A point: a connector, a junction, a site.
    case point(LonLat)

    /// Every position, for bounding boxes.
    var positions: [LonLat] {
        switch self {
        case let .lines(parts): return parts.flatMap { $0 }
        case let .point(p): return [p]
        }
    }
}

/// One feature of a result, independent of the format it is written in.
public struct OutputFeature: Sendable {
    /// The feature's role (its `feature` property and layer).
    public var role: FeatureRole
    /// Its geometry.
    public var geometry: OutputGeometry
    /// Properties in the order written (without `feature`, which the writers add first).
    public var properties: [Property]
    /// The GeoJSON Feature `id` member (the edge or node id where a feature is one edge or node), if any.
    public var id: Int?

    /// A named property.
    public struct Property: Sendable, Equatable {
        /// The property's name (docs/FORMATS.md).
        public var name: String
        /// Its value.
        public var value: PropertyValue
        /// Memberwise initializer.
        public init(_ name: String, _ value: PropertyValue) { self.name = name; self.value = value }
    }

    /// Memberwise initializer.
    public init(role: FeatureRole, geometry: OutputGeometry, properties: [Property], id: Int? = nil) {
        self.role = role; self.geometry = geometry; self.properties = properties; self.id = id
    }

    /// The value of property `name`, if the feature has it.
    public func value(_ name: String) -> PropertyValue? { properties.first { $0.name == name }?.value }
}

/// Everything one output holds: its features (by role), the layers it has, and the query record written as its
/// `corridor` member (GeoJSON) or metadata (other formats).
public struct ResultDocument: Sendable {
    /// The command that produced it (`route`, `reach`, `flow`, `chokepoints`, `export`, `compare`).
    public var command: String
    /// The layers of the output, the main one first (present even when empty, so every run of a command has the
    /// same layers).
    public var roles: [FeatureRole]
    /// The features, in output order.
    public var features: [OutputFeature]
    /// The query record: a JSON object (docs/FORMATS.md, "The query record").
    public var corridor: String

    /// Memberwise initializer.
    public init(command: String, roles: [FeatureRole], features: [OutputFeature], corridor: String) {
        self.command = command; self.roles = roles; self.features = features; self.corridor = corridor
    }

    /// The features of one role, in output order.
    public func features(of role: FeatureRole) -> [OutputFeature] { features.filter { $0.role == role } }
}

/// Builds a feature's properties in order.
struct PropertyList {
    private(set) var items: [OutputFeature.Property] = []

    mutating func add(_ name: String, _ value: Int) { items.append(.init(name, .integer(Int64(value)))) }
    mutating func add(_ name: String, _ value: Int64) { items.append(.init(name, .integer(value))) }
    mutating func add(_ name: String, _ value: Double, decimals: Int) {
        items.append(.init(name, value.isFinite ? .real(value, decimals: decimals) : .null))
    }
    mutating func add(_ name: String, _ value: String) { items.append(.init(name, .text(value))) }
    mutating func add(_ name: String, _ value: Bool) { items.append(.init(name, .boolean(value))) }
    mutating func add(_ name: String, list: [String]) { items.append(.init(name, .list(list))) }
    mutating func add(_ name: String, ids: [UInt32]) { items.append(.init(name, .list(ids.map { String($0) }))) }
    mutating func addNull(_ name: String) { items.append(.init(name, .null)) }
    mutating func add(_ name: String, optional value: Int?) {
        if let value { add(name, value) } else { addNull(name) }
    }
    mutating func add(_ name: String, optional value: Double?, decimals: Int) {
        if let value { add(name, value, decimals: decimals) } else { addNull(name) }
    }
}
