import CorridorCore
import CorridorGeo
import Foundation

/// Ranges around a connector's capacity (tonnes/day), delay (seconds) and cost (per tonne); nil: no range.
public struct ConnectorRanges: Sendable, Equatable {
    /// Capacity range, tonnes per day.
    public var capacity: ValueRange?
    /// Delay range, seconds.
    public var delaySeconds: ValueRange?
    /// Cost range, cost units per tonne.
    public var cost: ValueRange?
    /// Ranges (nil: none).
    public init(capacity: ValueRange? = nil, delaySeconds: ValueRange? = nil, cost: ValueRange? = nil) {
        self.capacity = capacity; self.delaySeconds = delaySeconds; self.cost = cost
    }
}

/// A border crossing to build: at `location`, nodes of the listed modes' layers are split by country and joined by a
/// connector carrying the crossing's capacity, delay and cost.
public struct CrossingDefinition: Sendable, Equatable {
    /// Name of the crossing (how scenarios and restrictions refer to it).
    public var name: String
    /// Location of the crossing point (WGS84 lon/lat).
    public var location: LonLat
    /// Layers joined: `.road` → the road layer; `.rail` → every rail layer with a node there.
    public var modes: [TransportMode]
    /// The countries on either side (ISO alpha-2); the first keeps the node, the others get new nodes.
    public var countries: [String]
    /// Capacity per direction of the whole crossing. Each layer's connector gets all of it (the layers share it:
    /// flows bound their sum with a joint constraint).
    public var capacityTonnesPerDay: Int64
    /// Time to pass the crossing, in seconds.
    public var delaySeconds: Double
    /// Fixed cost per tonne of passing the crossing (cost units per tonne).
    public var cost: Double
    /// Free-text note, kept on the built crossing.
    public var note: String
    /// Ranges of capacity, delay and cost (kept on the connectors for sampling).
    public var ranges = ConnectorRanges()
    /// Memberwise initializer (capacity in tonnes per day, delay in seconds, cost in cost units per tonne).
    public init(name: String, location: LonLat, modes: [TransportMode], countries: [String], capacityTonnesPerDay: Int64,
                delaySeconds: Double, cost: Double, note: String = "") {
        self.name = name; self.location = location; self.modes = modes; self.countries = countries
        self.capacityTonnesPerDay = capacityTonnesPerDay; self.delaySeconds = delaySeconds; self.cost = cost; self.note = note
    }
}

/// A terminal to build: `.transshipment` joins the nearest rail-1520 and rail-1435 nodes; `.transfer` joins the
/// nearest road node with the nearest node of each rail layer present, each connector with the terminal's full
/// capacity (shared: flows bound their sum with a joint constraint).
public struct TerminalDefinition: Sendable, Equatable {
    /// Name of the place the terminal serves (how scenarios and restrictions refer to it).
    public var place: String
    /// Location of the terminal (WGS84 lon/lat).
    public var location: LonLat
    /// `.transshipment` (between gauges) or `.transfer` (between road and rail).
    public var kind: EdgeKind
    /// Capacity per direction of the whole terminal, in tonnes per day (each connector gets all of it).
    public var capacityTonnesPerDay: Int64
    /// Time to pass through the terminal, in seconds.
    public var delaySeconds: Double
    /// Fixed cost per tonne of passing through the terminal (cost units per tonne).
    public var cost: Double
    /// Free-text note, kept on the built terminal.
    public var note: String
    /// Ranges of capacity, delay and cost (kept on the connectors for sampling).
    public var ranges = ConnectorRanges()
    /// For a transfer: the rail layers it serves (nil: every rail layer present near the place). A border station
    /// on a dual-gauge line may load only one gauge's wagons.
    public var railLayers: Set<NetworkLayer>?
    /// Memberwise initializer (capacity in tonnes per day, delay in seconds, cost in cost units per tonne).
    public init(place: String, location: LonLat, kind: EdgeKind, capacityTonnesPerDay: Int64, delaySeconds: Double,
                cost: Double, note: String = "", railLayers: Set<NetworkLayer>? = nil) {
        self.place = place; self.location = location; self.kind = kind; self.capacityTonnesPerDay = capacityTonnesPerDay
        self.delaySeconds = delaySeconds; self.cost = cost; self.note = note; self.railLayers = railLayers
    }
}

/// Options of a network build.
public struct NetworkBuildOptions: Sendable, Equatable {
    /// Vertices of the same layer closer than this are one node. 0 = exact coordinate match only.
    public var snapToleranceMeters: Double
    /// How far from a crossing's or terminal's point its nodes may be.
    public var connectorSearchRadiusMeters: Double
    /// Turn nodes where edges of two countries meet (and no crossing is defined) into crossings.
    public var autoBorderCrossings: Bool
    /// Attributes of automatic border crossings.
    public var autoCrossingCapacityTonnesPerDay: Int64
    /// Delay of automatic border crossings, in seconds.
    public var autoCrossingDelaySeconds: Double
    /// Fixed cost per tonne of automatic border crossings (cost units per tonne).
    public var autoCrossingCost: Double
    /// Boundary crossings of one line closer than this (metres along the line) merge: a piece cut off by a region
    /// boundary for less than this takes its neighbour's region (0: keep every piece).
    public var autoCrossingMergeMeters: Double
    /// Cost weights per tonne used for the edges' generalized costs.
    public var costModel: CostModel
    /// A line end lying on another line's segment (within the snap tolerance) splits that segment there and joins
    /// it (a T-junction); off by default, as vertices alone define the topology.
    public var nodeTJunctions: Bool = false
    /// Options (defaults: 1 m snapping, 2 km search; automatic crossings of 5000 t/day, 12 h, cost 5 per tonne).
    public init(snapToleranceMeters: Double = 1, connectorSearchRadiusMeters: Double = 2000, autoBorderCrossings: Bool = true,
                autoCrossingCapacityTonnesPerDay: Int64 = 5000, autoCrossingDelaySeconds: Double = 12 * 3600,
                autoCrossingCost: Double = 5, autoCrossingMergeMeters: Double = 5000, costModel: CostModel = CostModel()) {
        self.autoCrossingMergeMeters = autoCrossingMergeMeters
        self.snapToleranceMeters = snapToleranceMeters; self.connectorSearchRadiusMeters = connectorSearchRadiusMeters
        self.autoBorderCrossings = autoBorderCrossings; self.autoCrossingCapacityTonnesPerDay = autoCrossingCapacityTonnesPerDay
        self.autoCrossingDelaySeconds = autoCrossingDelaySeconds; self.autoCrossingCost = autoCrossingCost
        self.costModel = costModel
    }
}

extension NetworkBuildOptions {
    /// The distance `snapToleranceMeters` is compared with: metres between two nearby points in a local
    /// equirectangular frame at their mean latitude (accurate to well under 1 % at snapping distances, anywhere but
    /// across the antimeridian).
    @inline(__always) public static func snapDistanceMeters(_ a: LonLat, _ b: LonLat) -> Double {
        let dx = (a.lon - b.lon) * 111_320 * cos((a.lat + b.lat) / 2 * .pi / 180)
        let dy = (a.lat - b.lat) * 110_574
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// Gauge of a rail line whose data does not say: 1520 in the countries of the former Soviet rail space and Mongolia
/// (and Finland's 1524), 1435 elsewhere.
public func defaultGauge(country: String) -> GaugeSpec {
    let broad: Set<String> = ["RU", "BY", "UA", "KZ", "MN", "UZ", "KG", "TJ", "TM", "AZ", "AM", "GE", "MD", "LV", "LT", "EE", "FI"]
    return broad.contains(country.uppercased()) ? .broad1520 : .standard1435
}
