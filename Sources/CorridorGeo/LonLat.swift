/// WGS84 longitude/latitude in degrees.
public struct LonLat: Sendable, Hashable, Codable {
    public var lon: Double
    public var lat: Double
    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }
}
