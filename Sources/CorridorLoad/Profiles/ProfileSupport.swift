import CorridorCore
import CorridorGeo
import CorridorNetwork

// Helpers shared by the built-in profiles' mappers.

/// Trimmed non-empty text of a field, or nil.
@inline(__always)
func text(_ f: any FeatureFieldValues, _ index: Int?) -> String? {
    guard let index else { return nil }
    return f.trimmedText(index)
}

/// ISO 3166-1 alpha-2 from an alpha-3 code (Natural Earth `sov_a3`/`adm0_a3`) for the countries of the region and
/// its neighbours; other codes give "".
func alpha2(fromAlpha3 code: String) -> String {
    let table: [String: String] = [
        "RUS": "RU", "CHN": "CN", "PRK": "KP", "KOR": "KR", "MNG": "MN", "JPN": "JP", "KAZ": "KZ", "USA": "US",
        "CAN": "CA", "UKR": "UA", "BLR": "BY", "FIN": "FI", "EST": "EE", "LVA": "LV", "LTU": "LT", "POL": "PL",
        "GEO": "GE", "AZE": "AZ", "UZB": "UZ", "KGZ": "KG", "TJK": "TJ", "TKM": "TM", "AFG": "AF", "PAK": "PK",
        "IND": "IN", "NPL": "NP", "BTN": "BT", "MMR": "MM", "LAO": "LA", "VNM": "VN", "TWN": "TW", "HKG": "HK",
        "MAC": "MO", "DEU": "DE", "FRA": "FR", "GBR": "GB", "NOR": "NO", "SWE": "SE",
    ]
    return table[code.uppercased()] ?? ""
}

/// Parses a boolean-ish value: yes/true/1/t/y and no/false/0/f/n.
func parseBool(_ s: String) -> Bool? {
    switch s.lowercased() {
    case "yes", "true", "1", "t", "y": return true
    case "no", "false", "0", "f", "n": return false
    default: return nil
    }
}

/// Parses a speed like `90`, `60 mph`, `90;60` (first value), `RU:urban` (nil: not numeric), in km/h.
func parseMaxspeed(_ s: String) -> Double? {
    let first = s.split(separator: ";").first.map(String.init) ?? s
    let t = first.trimmingCharacters(in: .whitespaces).lowercased()
    var digits = ""
    for ch in t {
        if ch.isNumber || ch == "." { digits.append(ch) } else { break }
    }
    guard let value = Double(digits), value > 0, value.isFinite else { return nil }
    let unit = t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
    if unit.isEmpty || unit == "km/h" || unit == "kmh" || unit == "kph" { return value }
    if unit == "mph" { return value * 1.609344 }
    if unit == "knots" { return value * 1.852 }
    return nil
}

/// Builds attributes from a class and its defaults, overridden by any explicit values.
func attributes(mode: TransportMode, roadClass: String, name: String, defaults: [String: ClassDefault],
                speedKmh: Double? = nil, oneway: Bool = false, gauge: GaugeSpec = .none, tracks: Int? = nil,
                electrified: Bool = false, capacity: Int64? = nil, country: String = "", region: String = "",
                lengthKm: Double? = nil, capacityRange: ValueRange? = nil, speedRange: ValueRange? = nil)
    -> EdgeAttributes
{
    let d = ClassDefaults.resolve(mode: mode, roadClass: roadClass, overrides: defaults)
    // Explicit values outside the input rules (a speed of 1e300, 10^19 t/day, 1000 tracks) are treated like
    // unreadable ones: the class default applies. So every value here fits what it becomes and products stay small.
    let speedKmh = speedKmh.flatMap { (try? InputRules.speedKmh.check($0)) != nil ? $0 : nil }
    let tracks = tracks.flatMap { (1...Int(InputRules.tracks.range.upperBound)).contains($0) ? $0 : nil }
    let capacity = capacity.flatMap { (try? InputRules.capacityTonnesPerDay.check(Double($0))) != nil ? $0 : nil }
    let speed: Double
    var speedBand: ValueRange?
    if let s = speedKmh, s > 0, s.isFinite { speed = s; speedBand = speedRange } else { speed = d.speedKmh; speedBand = d.speedRange }
    let t = tracks ?? d.tracks
    var cap: Int64
    var capBand: ValueRange?
    if let c = capacity, c > 0 { cap = c; capBand = capacityRange } else { cap = d.capacityTonnesPerDay; capBand = d.capacityRange }
    // A line with more tracks than its class assumes carries proportionally more, when capacity is not given.
    if capacity == nil, mode == .rail, let tracks, tracks > d.tracks, d.tracks > 0 {
        cap = cap * Int64(tracks) / Int64(d.tracks)
        let factor = Double(tracks) / Double(d.tracks)
        capBand = capBand.map { ValueRange(low: $0.low * factor, high: $0.high * factor) }
    }
    // A range must contain the value used; one that does not (bad data) is dropped rather than sampled.
    if let b = speedBand, !(b.low <= speed && speed <= b.high && b.low > 0) { speedBand = nil }
    if let b = capBand, !(b.low <= Double(cap) && Double(cap) <= b.high) { capBand = nil }
    let length = lengthKm.flatMap { $0 > 0 && $0.isFinite ? $0 * 1000 : nil }
    return EdgeAttributes(mode: mode, roadClass: roadClass, name: name, speedKmh: speed, oneway: oneway, gauge: gauge,
                          tracks: t, electrified: electrified, capacityTonnesPerDay: cap, country: country, region: region,
                          lengthMeters: length, capacityRange: capBand, speedRange: speedBand)
}

/// Road classes not usable by freight vehicles.
let nonMotorRoadClasses: Set<String> = [
    "footway", "path", "cycleway", "bridleway", "steps", "pedestrian", "corridor", "via_ferrata", "elevator",
    "platform", "proposed", "construction", "abandoned", "disused", "raceway", "escape", "bus_guideway", "busway",
]

/// Railway values that are not freight lines of the 1520/1435 networks.
let nonFreightRailClasses: Set<String> = [
    "light_rail", "subway", "tram", "monorail", "funicular", "miniature", "miniature_railway", "rack", "drag_lift",
    "chair_lift", "cable_car", "gondola", "aerialway", "platform", "station", "halt", "turntable",
]

/// Railway lifecycle values that are not in service.
let outOfServiceRailClasses: Set<String> = ["abandoned", "disused", "construction", "proposed", "razed", "dismantled", "historic", "preserved"]

/// Normalizes an OSM/Geofabrik highway value to a class, or gives a skip reason.
func highwayClass(_ value: String) -> Result<String, SkipReason> {
    let v = value.lowercased()
    if nonMotorRoadClasses.contains(v) { return .failure(SkipReason("not a road for motor vehicles (\(v))")) }
    if v.hasPrefix("track") { return .success("track") }
    if v == "living_street" { return .success("residential") }
    if v == "unknown" || v == "road" || v.isEmpty { return .success("road") }
    return .success(v)
}

struct SkipReason: Error { let text: String; init(_ text: String) { self.text = text } }

/// Direction of a oneway value: forward, reversed, or two-way.
enum OnewayValue { case forward, reversed, both }
