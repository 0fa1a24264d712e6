import CorridorCore
import CorridorGeo
import Foundation

/// A polygon layer drawn as a light background (countries, provinces).
public struct BackgroundLayer: Sendable {
    /// Name of the layer (its layer name, else the path).
    public var name: String
    /// Polygons as `[outer ring, holes...]`.
    public var polygons: [[[LonLat]]]
    /// The ISO country code of each polygon (its `country`, `iso_a2` or `ISO_A2` field), "" when the layer has none;
    /// a map shades the polygons of denied countries.
    public var countries: [String]
    /// Memberwise initializer; `countries` defaults to unknown for every polygon.
    public init(name: String, polygons: [[[LonLat]]], countries: [String]? = nil) {
        self.name = name; self.polygons = polygons
        self.countries = countries ?? Array(repeating: "", count: polygons.count)
    }
}

extension BackgroundLayer {
    /// The default background's path inside the data directory: country polygons and coastline of the region
    /// (derived from Natural Earth by `Tools/geodata/build_background.py`).
    public static let defaultRelativePath = "GeoData/background/countries.geojson"

    /// Where the default background is (`DataFiles.locate`): under `$CORRIDOR_DATA` (the directory holding
    /// `GeoData`, `GeoData`, the network's directory or its manifest), else found walking up from the executable,
    /// else from the current directory; nil when absent.
    public static func defaultPath() -> String? { DataFiles.locate(defaultRelativePath) }

    /// The default background (`defaultPath()`), or nil when it is not installed.
    /// - Throws: as `read(path:layer:)` when the file exists but cannot be read.
    public static func defaultRegion() throws -> BackgroundLayer? {
        guard let path = defaultPath() else { return nil }
        return try read(path: path, layer: nil)
    }

    /// Reads the polygons of a `FILE[@LAYER]` reference (`VectorDataset.splitLayer`), transformed to lon/lat.
    /// - Throws: as `read(path:layer:)`.
    public static func read(reference: String) throws -> BackgroundLayer {
        let (path, layer) = VectorDataset.splitLayer(reference)
        return try read(path: path, layer: layer)
    }

    /// Reads the polygons of `layer` (default: the first) of a vector file, transformed to lon/lat.
    /// - Throws: `RenderError.fileNotFound`, `RenderError.notPolygonLayer`, or the `GeoError` of the read.
    public static func read(path: String, layer: String?) throws -> BackgroundLayer {
        guard path.hasPrefix("/vsi") || FileManager.default.fileExists(atPath: path) else { throw RenderError.fileNotFound(path: path) }
        let dataset = try VectorDataset.open(path)
        var polygons: [[[LonLat]]] = []
        var countries: [String] = []
        try dataset.forEachFeature(layer: layer, assumeCRS: nil) { record in
            let field = ["country", "iso_a2"].lazy.compactMap { record.fieldIndex($0) }.first
            let code = field.flatMap { record.trimmedText($0) } ?? ""
            polygons += record.polygons
            countries += Array(repeating: code, count: record.polygons.count)
        }
        guard !polygons.isEmpty else { throw RenderError.notPolygonLayer(path: path, layer: layer ?? dataset.layerNames.first ?? "") }
        return BackgroundLayer(name: layer ?? dataset.layerNames.first ?? path, polygons: polygons, countries: countries)
    }
}
