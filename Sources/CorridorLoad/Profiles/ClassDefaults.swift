import CorridorNetwork

/// Default speed, capacity and track count for a `mode/class` key, used when a feature's own fields do not say.
public struct ClassDefault: Sendable, Equatable, Codable {
    /// Commercial freight speed in km/h; nil: not set here.
    public var speedKmh: Double?
    /// Capacity per direction in tonnes per day; nil: not set here.
    public var capacityTonnesPerDay: Int64?
    /// Number of tracks (rail); nil: not set here.
    public var tracks: Int?
    /// Range of `speedKmh` (a profile's `{base, low, high}`), kept for uncertainty sampling; nil: none given.
    public var speedRange: ValueRange?
    /// Range of `capacityTonnesPerDay`, kept for uncertainty sampling; nil: none given.
    public var capacityRange: ValueRange?
    /// A default with the given values (nil: not set).
    public init(speedKmh: Double? = nil, capacityTonnesPerDay: Int64? = nil, tracks: Int? = nil,
                speedRange: ValueRange? = nil, capacityRange: ValueRange? = nil) {
        self.speedKmh = speedKmh; self.capacityTonnesPerDay = capacityTonnesPerDay; self.tracks = tracks
        self.speedRange = speedRange; self.capacityRange = capacityRange
    }
}

/// The built-in defaults per `mode/class`, overridable by a YAML profile's `classes:`.
///
/// Speeds are *commercial* speeds of freight (trucks, freight trains) including slowdowns, not legal limits.
/// Capacities are tonnes of freight per day per direction that the line can carry in practice, after passenger
/// traffic; they are order-of-magnitude planning values for schematic studies, not engineering results.
///
/// | key | speed km/h | capacity t/day | tracks | reasoning |
/// |---|---:|---:|---:|---|
/// | road/motorway | 80 | 40000 | – | trucks capped at 80–90 km/h (RU, CN rules); ~2,000 heavy trucks/day/direction × 20 t net, a freight share of a 4-lane road |
/// | road/trunk | 70 | 20000 | – | national highway, often 2+1 or 4 lanes; ~1,000 trucks × 20 t |
/// | road/primary | 60 | 8000 | – | two-lane regional road in mixed traffic; ~400 trucks × 20 t |
/// | road/secondary | 50 | 4000 | – | two-lane road through settlements; ~200 trucks |
/// | road/tertiary | 40 | 2000 | – | local road; ~100 trucks |
/// | road/unclassified, road/road | 35 | 1000 | – | unknown or minor road (Natural Earth "Road", OSM unclassified) |
/// | road/residential | 25 | 500 | – | urban streets: last mile only |
/// | road/service | 20 | 300 | – | access roads, yards |
/// | road/track | 15 | 200 | – | unpaved, seasonal (Natural Earth "Track", OSM track) |
/// | road/ferry | 15 | 2000 | – | a few ro-ro sailings per day; speed includes loading |
/// | road/*_link | as parent | as parent | – | ramps inherit their road's class values |
/// | rail/trunk | 50 | 60000 | 2 | double-track electrified main line (Trans-Siberian class): ~20 freight paths × 3,000 t net |
/// | rail/main | 45 | 25000 | 1 | single-track main line: ~12 paths × 2,000 t |
/// | rail/secondary | 35 | 10000 | 1 | branch line: ~6 paths × 1,600 t |
/// | rail/industrial | 25 | 5000 | 1 | industrial line (OSM usage=industrial) |
/// | rail/service | 15 | 2000 | 1 | yards, sidings, spurs (OSM service=*) |
/// | rail/ferry | 15 | 3000 | 1 | train ferry (e.g. Vanino–Kholmsk): a few sailings × ~30 wagons |
/// | crossing (auto) | – | 5000 | – | border point found from region polygons, see `NetworkBuildOptions` |
///
/// A class not in the table falls back to `road/road` or `rail/main`.
public enum ClassDefaults {
    /// The built-in defaults, keyed `mode/class` (see the table above).
    public static let standard: [String: ClassDefault] = [
        "road/motorway": ClassDefault(speedKmh: 80, capacityTonnesPerDay: 40000),
        "road/trunk": ClassDefault(speedKmh: 70, capacityTonnesPerDay: 20000),
        "road/primary": ClassDefault(speedKmh: 60, capacityTonnesPerDay: 8000),
        "road/secondary": ClassDefault(speedKmh: 50, capacityTonnesPerDay: 4000),
        "road/tertiary": ClassDefault(speedKmh: 40, capacityTonnesPerDay: 2000),
        "road/unclassified": ClassDefault(speedKmh: 35, capacityTonnesPerDay: 1000),
        "road/road": ClassDefault(speedKmh: 35, capacityTonnesPerDay: 1000),
        "road/residential": ClassDefault(speedKmh: 25, capacityTonnesPerDay: 500),
        "road/service": ClassDefault(speedKmh: 20, capacityTonnesPerDay: 300),
        "road/track": ClassDefault(speedKmh: 15, capacityTonnesPerDay: 200),
        "road/ferry": ClassDefault(speedKmh: 15, capacityTonnesPerDay: 2000),
        "rail/trunk": ClassDefault(speedKmh: 50, capacityTonnesPerDay: 60000, tracks: 2),
        "rail/main": ClassDefault(speedKmh: 45, capacityTonnesPerDay: 25000, tracks: 1),
        "rail/secondary": ClassDefault(speedKmh: 35, capacityTonnesPerDay: 10000, tracks: 1),
        "rail/industrial": ClassDefault(speedKmh: 25, capacityTonnesPerDay: 5000, tracks: 1),
        "rail/service": ClassDefault(speedKmh: 15, capacityTonnesPerDay: 2000, tracks: 1),
        "rail/ferry": ClassDefault(speedKmh: 15, capacityTonnesPerDay: 3000, tracks: 1),
    ]

    /// The fallback class of a mode when a class is unknown.
    public static func fallbackClass(_ mode: TransportMode) -> String { mode == .road ? "road" : "main" }

    /// Resolves the defaults for `mode/class` from `overrides` first, then the standard table; `_link` classes use
    /// their parent; unknown classes use the mode's fallback class. Every value is non-nil; a range comes from the
    /// same entry as its value (nil when that entry gives none).
    public static func resolve(mode: TransportMode, roadClass: String, overrides: [String: ClassDefault] = [:])
        -> (speedKmh: Double, capacityTonnesPerDay: Int64, tracks: Int, speedRange: ValueRange?, capacityRange: ValueRange?)
    {
        var keys = ["\(mode)/\(roadClass)"]
        if roadClass.hasSuffix("_link") { keys.append("\(mode)/\(roadClass.dropLast(5))") }
        keys.append("\(mode)/\(fallbackClass(mode))")
        var speed: Double?, capacity: Int64?, tracks: Int?
        var speedRange: ValueRange?, capacityRange: ValueRange?
        for key in keys {
            for table in [overrides, standard] {
                guard let d = table[key] else { continue }
                if speed == nil, let s = d.speedKmh { speed = s; speedRange = d.speedRange }
                if capacity == nil, let c = d.capacityTonnesPerDay { capacity = c; capacityRange = d.capacityRange }
                tracks = tracks ?? d.tracks
            }
        }
        return (speed ?? 30, capacity ?? 1000, tracks ?? 1, speedRange, capacityRange)
    }
}
