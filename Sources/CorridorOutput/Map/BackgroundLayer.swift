import CorridorGeo
import Foundation

/// A polygon layer drawn as a light background (countries, provinces).
public struct BackgroundLayer: Sendable {
    /// Name of the layer (its layer name, else the path).
    public var name: String
    /// Polygons as `[outer ring, holes...]`.
    public var polygons: [[[LonLat]]]
    /// Memberwise initializer.
    public init(name: String, polygons: [[[LonLat]]]) { self.name = name; self.polygons = polygons }
}

extension BackgroundLayer {
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
        try dataset.forEachFeature(layer: layer, assumeCRS: nil) { record in
            polygons += record.polygons
        }
        guard !polygons.isEmpty else { throw RenderError.notPolygonLayer(path: path, layer: layer ?? dataset.layerNames.first ?? "") }
        return BackgroundLayer(name: layer ?? dataset.layerNames.first ?? path, polygons: polygons)
    }
}
