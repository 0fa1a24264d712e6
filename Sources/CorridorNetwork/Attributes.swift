import CorridorGeo
import Foundation

/// How goods move on an edge.
public enum TransportMode: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Road or rail.
    case road = 0, rail = 1
    /// `road` or `rail`.
    public var description: String { self == .road ? "road" : "rail" }
    /// Parses `road`/`rail` (case-insensitive).
    public init?(name: String) {
        switch name.lowercased() {
        case "road": self = .road
        case "rail", "railway", "railroad": self = .rail
        default: return nil
        }
    }
}

/// Track gauge of a rail edge as authored in the data.
public enum GaugeSpec: UInt8, Sendable, Codable, CustomStringConvertible {
    /// Road edges and connectors.
    case none = 0
    /// Russian broad gauge, 1520 mm.
    case broad1520 = 1
    /// Standard gauge, 1435 mm (China, North Korea).
    case standard1435 = 2
    /// Both gauges on the same alignment (e.g. Tumangang–Rajin, Khasan–Tumangang bridge).
    case dual = 3

    /// `1520`, `1435`, `dual` or `""`.
    public var description: String {
        switch self {
        case .none: return ""
        case .broad1520: return "1520"
        case .standard1435: return "1435"
        case .dual: return "dual"
        }
    }

    /// Parses `1520`, `1524` (treated as 1520), `1435`, `dual`, `1435;1520`, `1520/1435`.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.isEmpty { return nil }
        if t == "dual" { self = .dual; return }
        if t.contains(";") || t.contains("/") || t.contains(",") {
            let parts = t.split(whereSeparator: { ";/,".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
            let gauges = Set(parts.compactMap { GaugeSpec(text: $0) })
            if gauges.contains(.dual) || (gauges.contains(.broad1520) && gauges.contains(.standard1435)) { self = .dual; return }
            guard let one = gauges.first else { return nil }
            self = one
            return
        }
        guard let mm = Double(t) else { return nil }
        switch Int(mm.rounded()) {
        case 1520, 1524: self = .broad1520
        case 1435: self = .standard1435
        default: return nil
        }
    }
}

/// The layer of the multimodal graph a node belongs to. Movement between layers happens only
/// through connector edges (transfers, transshipments).
public enum NetworkLayer: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The road network.
    case road = 0
    /// Broad-gauge (1520 mm) rail, including dual-gauge lines.
    case rail1520 = 1
    /// Standard-gauge (1435 mm) rail, including dual-gauge lines.
    case rail1435 = 2
    /// `road`, `rail-1520` or `rail-1435`.
    public var description: String {
        switch self {
        case .road: return "road"
        case .rail1520: return "rail-1520"
        case .rail1435: return "rail-1435"
        }
    }
    /// The transport mode of the layer.
    public var mode: TransportMode { self == .road ? .road : .rail }
}

/// What an edge represents.
public enum EdgeKind: UInt8, Sendable, Codable, CustomStringConvertible {
    /// A piece of a road or rail line from a source layer.
    case line = 0
    /// A border crossing joining the two countries' sides of one layer.
    case crossing = 1
    /// A gauge-change yard joining `rail-1520` and `rail-1435` at a place.
    case transshipment = 2
    /// A road–rail terminal joining the road layer and a rail layer at a place.
    case transfer = 3
    /// `line`, `crossing`, `transshipment` or `transfer`.
    public var description: String {
        switch self {
        case .line: return "line"
        case .crossing: return "crossing"
        case .transshipment: return "transshipment"
        case .transfer: return "transfer"
        }
    }
}

/// A range `low ... high` around a base value (e.g. a capacity an uncertainty analysis may sample between).
public struct ValueRange: Sendable, Equatable, Codable {
    /// Lower bound.
    public var low: Double
    /// Upper bound.
    public var high: Double
    /// A range; `low` and `high` are swapped when given in the wrong order.
    public init(low: Double, high: Double) { self.low = min(low, high); self.high = max(low, high) }
}

/// Attributes of one line feature after a profile has mapped its fields. Units: km/h, tonnes/day, metres.
public struct EdgeAttributes: Sendable, Equatable, Codable {
    /// Road or rail.
    public var mode: TransportMode
    /// Class within the mode, e.g. `motorway`, `trunk`, `main`.
    public var roadClass: String
    /// Line name, or empty.
    public var name: String
    /// Speed, km/h.
    public var speedKmh: Double
    /// Whether the line can be travelled only in the direction of its geometry.
    public var oneway: Bool
    /// Track gauge; `.none` for roads and when unknown.
    public var gauge: GaugeSpec
    /// Number of tracks.
    public var tracks: Int
    /// Whether the line is electrified.
    public var electrified: Bool
    /// Capacity per direction, tonnes per day.
    public var capacityTonnesPerDay: Int64
    /// ISO 3166-1 alpha-2 code, or empty when unknown.
    public var country: String
    /// First-level region name, or empty when unknown.
    public var region: String
    /// Published length of the line in metres (e.g. from chainage), or nil to use its geodesic length. Pieces of
    /// the line (split at nodes, region boundaries or snapping) get their share in proportion to geodesic length.
    public var lengthMeters: Double?
    /// Range of the capacity (tonnes/day) around `capacityTonnesPerDay`, or nil when the data gives none.
    public var capacityRange: ValueRange?
    /// Range of the speed (km/h) around `speedKmh`, or nil when the data gives none.
    public var speedRange: ValueRange?

    /// Memberwise initializer; defaults: unnamed, two-way, no gauge, one track, not electrified, no country or region,
    /// geodesic length, no ranges.
    public init(mode: TransportMode, roadClass: String, name: String = "", speedKmh: Double, oneway: Bool = false,
                gauge: GaugeSpec = .none, tracks: Int = 1, electrified: Bool = false,
                capacityTonnesPerDay: Int64, country: String = "", region: String = "", lengthMeters: Double? = nil,
                capacityRange: ValueRange? = nil, speedRange: ValueRange? = nil) {
        self.lengthMeters = lengthMeters; self.capacityRange = capacityRange; self.speedRange = speedRange
        self.mode = mode
        self.roadClass = roadClass
        self.name = name
        self.speedKmh = speedKmh
        self.oneway = oneway
        self.gauge = gauge
        self.tracks = tracks
        self.electrified = electrified
        self.capacityTonnesPerDay = capacityTonnesPerDay
        self.country = country
        self.region = region
    }
}
