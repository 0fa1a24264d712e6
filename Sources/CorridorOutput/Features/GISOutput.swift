import CorridorCore
import CorridorGeo
import Foundation

/// Writes a `ResultDocument` through GDAL (`VectorWriter`, the only GDAL code): GeoPackage (one layer per role),
/// FlatGeobuf, Shapefile and CSV (one file per role: the main role in the named file, the others in
/// `<stem>-<layer>.<ext>`), PostGIS (`--layer NAME`: table `NAME` for the main role, `NAME_<layer>` for the others;
/// without it, one table per role named by its layer). The query
/// record goes into each GeoPackage layer's and PostGIS table's description, and into `<stem>.corridor.json`
/// beside FlatGeobuf, Shapefile and CSV outputs. Layers hold `MultiLineString`s (lines promoted), `Point`s, or any
/// geometry when a role has both (a Shapefile then puts the points in `<file stem>-points.shp`).
public enum GISOutput {
    /// Adds to `outputs` what writes `document` to `path` in `format` (`.gpkg`, `.fgb`, `.shp`, `.csv`, `.postgis`);
    /// `layer` names the PostGIS table of the main role (default: one table per role, named by its layer). Nothing
    /// is written until the transaction commits.
    /// Returns the files it adds (a Shapefile's `.shx`, `.dbf`, `.prj` beside each `.shp` not listed).
    @discardableResult
    public static func add(_ document: ResultDocument, format: OutputFormat, path: String, layer: String? = nil,
                           to outputs: inout OutputTransaction) -> [String] {
        switch format {
        case .gpkg:
            outputs.addFile(path) { staging in try writeDataset(document, roles: document.roles, format: .gpkg, to: staging) }
            return [path]
        case .fgb, .shp, .csv:
            var files: [String] = []
            for (i, role) in document.roles.enumerated() {
                let rolePath = i == 0 ? path : sibling(path, suffix: "-" + role.layerName)
                outputs.addFile(rolePath) { staging in
                    try writeDataset(document, roles: [role], format: format, to: staging)
                }
                files.append(rolePath)
                // A Shapefile holds one geometry type: a role's points go to their own file.
                if format == .shp, geometryClass(document.features(of: role)) == .mixed {
                    let points = sibling(rolePath, suffix: "-points")
                    outputs.addFile(points) { staging in
                        try writeDataset(document, roles: [role], format: format, to: staging, only: .points)
                    }
                    files.append(points)
                }
            }
            let sidecarPath = sibling(path, suffix: "", ext: "corridor.json")
            outputs.add(sidecarPath, text: sidecar(document, format: format))
            return files + [sidecarPath]
        case .postgis:
            outputs.add(participant: database(document, connection: path, table: layer))
            return []
        default:
            return []
        }
    }

    /// The JSON beside a FlatGeobuf, Shapefile or CSV output: the query record (and a Shapefile's field names).
    static func sidecar(_ document: ResultDocument, format: OutputFormat) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("corridor"); w.raw(document.corridor)
        if format == .shp {
            let used = Set(document.roles.flatMap { OutputSchema.properties(of: $0) })
            w.key("shapefile_field_names"); w.beginObject()
            for name in OutputSchema.shapefileNames.keys.sorted() where used.contains(name) {
                w.field(name, OutputSchema.shapefileNames[name]!)
            }
            w.endObject()
        }
        w.endObject()
        return w.text + "\n"
    }

    /// `path` with `suffix` added to its stem (and the extension `ext`, default its own).
    static func sibling(_ path: String, suffix: String, ext: String? = nil) -> String {
        let url = URL(fileURLWithPath: path)
        let own = url.pathExtension
        let stem = own.isEmpty ? path : String(path.dropLast(own.count + 1))
        let newExt = ext ?? own
        return stem + suffix + (newExt.isEmpty ? "" : "." + newExt)
    }

    // MARK: Datasets

    enum GeometryClass { case lines, points, mixed, empty }
    enum Subset { case all, lines, points }

    static func geometryClass(_ features: [OutputFeature]) -> GeometryClass {
        var lines = false, points = false
        for f in features { if case .point = f.geometry { points = true } else { lines = true } }
        return lines && points ? .mixed : lines ? .lines : points ? .points : .empty
    }

    /// The geometry type of a layer: lines (promoted to MultiLineString), points, or any for both; an empty layer
    /// takes its role's usual type.
    static func layerGeometry(_ role: FeatureRole, _ features: [OutputFeature], subset: Subset) -> GeometryKind {
        switch subset {
        case .points: return .point
        case .lines: return .multiLineString
        case .all: break
        }
        switch geometryClass(features) {
        case .lines: return .multiLineString
        case .points: return .point
        case .mixed: return .other("Geometry")
        case .empty: return role == .node ? .point : .multiLineString
        }
    }

    /// The fields of a role's layer: the tags the document's features carry (`scenario`, `analysis`: every layer of
    /// the document has them), then the schema's properties that its features carry (all of them for an empty
    /// layer), with the schema's types; Shapefile names mapped.
    static func fields(_ role: FeatureRole, _ features: [OutputFeature], tags: [String] = [],
                       format: OutputFormat) -> [(property: String, field: FieldDefinition)] {
        var present = Set<String>()
        for f in features { for p in f.properties { present.insert(p.name) } }
        let schema = OutputSchema.properties(of: role)
        let names = tags + (features.isEmpty ? schema : schema.filter { $0 == "feature" || present.contains($0) })
        return names.map { name in
            let type = OutputSchema.fieldType(OutputSchema.types[name] ?? .text)
            let field = format == .shp ? OutputSchema.shapefileName(name) : name
            return (name, FieldDefinition(name: field, type: type))
        }
    }

    /// The tag properties (`OutputSchema.tagProperties`) some feature of `document` carries.
    static func tags(of document: ResultDocument) -> [String] {
        OutputSchema.tagProperties.filter { tag in document.features.contains { $0.value(tag) != nil } }
    }

    static func layerOptions(_ document: ResultDocument, format: OutputFormat) -> [String] {
        switch format {
        case .gpkg: return ["DESCRIPTION=\(document.corridor)", "GEOMETRY_NAME=geom"]
        case .postgis: return ["DESCRIPTION=\(document.corridor)", "GEOMETRY_NAME=geom", "OVERWRITE=YES", "FID=fid"]
        case .csv: return ["LINEFORMAT=LF", "STRING_QUOTING=IF_NEEDED", "CREATE_CSVT=YES"]
        default: return []
        }
    }

    static func writeDataset(_ document: ResultDocument, roles: [FeatureRole], format: OutputFormat, to path: String,
                             only: Subset = .all) throws {
        let writer = try VectorWriter(path: path, driver: format.driver, placement: .direct)
        for role in roles {
            var features = document.features(of: role)
            var subset = only
            if format == .shp, only == .all, geometryClass(features) == .mixed { subset = .lines }
            switch subset {
            case .lines: features = features.filter { if case .lines = $0.geometry { return true }; return false }
            case .points: features = features.filter { if case .point = $0.geometry { return true }; return false }
            case .all: break
            }
            try addLayer(writer, name: role.layerName, role: role, features: features, subset: subset, document: document, format: format)
        }
        try writer.commit()
    }

    static func addLayer(_ writer: VectorWriter, name: String, role: FeatureRole, features: [OutputFeature], subset: Subset,
                         document: ResultDocument, format: OutputFormat) throws {
        let layerFields = fields(role, document.features(of: role), tags: tags(of: document), format: format)
        let geometry: GeometryKind = format == .csv ? .none : layerGeometry(role, features, subset: subset)
        try writer.addLayer(name: name, geometry: geometry, crs: format == .csv ? nil : "EPSG:4326",
                            fields: layerFields.map(\.field), options: layerOptions(document, format: format))
        let fieldOf = Dictionary(uniqueKeysWithValues: layerFields.map { ($0.property, $0.field.name) })
        for f in features {
            var values: [String: FieldValue] = [:]
            if let field = fieldOf["feature"] { values[field] = .string(f.role.rawValue) }
            for p in f.properties {
                guard let field = fieldOf[p.name] else { continue }
                values[field] = fieldValue(p.value)
            }
            let kind: GeometryKind
            let parts: [[LonLat]]
            switch (format, f.geometry) {
            case (.csv, _): kind = .none; parts = []
            case let (_, .point(p)): kind = .point; parts = [[p]]
            case let (_, .lines(l)): kind = .multiLineString; parts = l
            }
            try writer.addFeature(layer: name, geometry: kind, parts: parts, values: values)
        }
    }

    static func fieldValue(_ value: PropertyValue) -> FieldValue {
        switch value {
        case let .integer(v): return .integer(v)
        case .real: return value.roundedReal.map { .real($0) } ?? .null
        case let .text(v): return .string(v)
        case let .boolean(v): return .boolean(v)
        case let .list(items): return .string(PropertyValue.joined(items))
        case .null: return .null
        }
    }

    // MARK: PostGIS

    /// Tables `table` (the main role) and `table_<layer>` (the others), or without `table` one per role named by
    /// its layer (`routes`, `legs`, …); replaced in one transaction.
    static func database(_ document: ResultDocument, connection: String, table: String?) -> DatabaseOutput {
        let names = document.roles.enumerated().map { i, role in
            guard let table else { return role.layerName }
            return i == 0 ? table : "\(table)_\(role.layerName)"
        }
        var writer: VectorWriter?
        return DatabaseOutput(
            target: "\(ConnectionString.redacted(connection)) (tables \(names.joined(separator: ", ")))",
            prepare: {
                let w = try VectorWriter(updating: connection)
                writer = w
                try w.beginTransaction()
                for (role, name) in zip(document.roles, names) {
                    try addLayer(w, name: name, role: role, features: document.features(of: role), subset: .all,
                                 document: document, format: .postgis)
                }
            },
            commit: {
                guard let w = writer else { return }
                writer = nil
                try w.commitTransaction()
            },
            rollback: {
                writer?.rollbackTransaction()
                writer = nil
            })
    }
}
