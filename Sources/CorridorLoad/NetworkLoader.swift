import CorridorGeo
import CorridorNetwork
import Foundation

extension FeatureRecord: FeatureFieldValues {}

/// Loads a `Network` from a manifest or data sources: reads layers through CorridorGeo, maps features with a profile,
/// reads the gazetteer and region polygons, and builds.
///
/// Errors are thrown as the module error they come from: `GeoError` (files, layers, CRS, coordinates),
/// `ProfileError`, `PlaceError`, `NetworkBuildError`, or `NetworkLoadError` (manifest, empty layers, usage).
public enum NetworkLoader {
    /// Opens a network from one path: a `.corridor` cache, a manifest (`.yaml`/`.yml`) or a single line data source.
    public static func open(_ path: String, progress: ProgressReporter? = nil) throws -> Network {
        try load(try NetworkSpec.fromArguments([path]), progress: progress)
    }

    /// Loads the network described by `spec`.
    public static func load(_ spec: NetworkSpec, progress: ProgressReporter? = nil) throws -> Network {
        defer { progress?.finish() }
        // A built `.corridor` cache opens with one read instead of a rebuild.
        if spec.manifestPath == nil, spec.sources.count == 1, NetworkCache.isCacheFile(spec.sources[0].path) {
            return try NetworkCache.read(spec.sources[0].path)
        }
        var sources = spec.sources
        var profileChoice = spec.profile
        var options = NetworkBuildOptions()
        var manifest: NetworkManifest?
        var regionSpecs: [RegionSpec] = []
        if let path = spec.manifestPath {
            let m = try NetworkManifest.load(path: path)
            manifest = m
            sources = m.sources
            if profileChoice == nil { profileChoice = m.profile }
            if let t = m.snapToleranceMeters { options.snapToleranceMeters = t }
            if let r = m.searchRadiusMeters { options.connectorSearchRadiusMeters = r }
            if let a = m.autoBorderCrossings { options.autoBorderCrossings = a }
            if let t = m.nodeTJunctions { options.nodeTJunctions = t }
            apply(m.autoCrossings, to: &options)
            regionSpecs = m.regions
            for i in sources.indices where sources[i].assumeCRS == nil { sources[i].assumeCRS = m.assumeCRS }
        }
        regionSpecs += spec.regions
        for i in sources.indices where sources[i].assumeCRS == nil { sources[i].assumeCRS = spec.assumeCRS }
        if let t = spec.snapToleranceMeters { options.snapToleranceMeters = t }
        if let a = spec.autoBorderCrossings { options.autoBorderCrossings = a }
        if let t = spec.nodeTJunctions { options.nodeTJunctions = t }
        apply(spec.autoCrossings, to: &options)
        guard !sources.isEmpty else { throw NetworkLoadError.usage("no data sources given") }
        // DIMACS road graphs define their topology by node ids: only nodes at one coordinate merge, unless told.
        if sources.allSatisfy(\.isDIMACSGraph) && spec.snapToleranceMeters == nil && manifest?.snapToleranceMeters == nil {
            options.snapToleranceMeters = 0
        }

        // Profile: a built-in name, a YAML file, or auto-detection per layer.
        var fixedProfile: Profile? = nil
        if let choice = profileChoice, choice.lowercased() != "auto" {
            if let builtin = Profile.builtin(choice) { fixedProfile = builtin }
            else if FileManager.default.fileExists(atPath: choice) { fixedProfile = try Profile.load(path: choice) }
            else if choice.lowercased().hasSuffix(".yaml") || choice.lowercased().hasSuffix(".yml") {
                throw NetworkLoadError.fileNotFound(what: "profile", path: choice)
            } else { throw ProfileError.unknownProfile(name: choice) }
        }

        // `-`: line data on standard input (GeoJSON, GeoJSONSeq, GeoPackage, FlatGeobuf...: any single-file format GDAL
        // tells by its content), read into a temporary file that is removed once the network is built.
        var stdinCopy: String? = nil
        defer { if let stdinCopy { try? FileManager.default.removeItem(atPath: stdinCopy) } }
        if sources.contains(where: { $0.path == "-" }) {
            guard sources.filter({ $0.path == "-" }).count == 1 else {
                throw NetworkLoadError.usage("--network - (standard input) can be given only once")
            }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard !data.isEmpty else { throw NetworkLoadError.emptyInput(source: "--network - (standard input)") }
            let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("corridor-stdin-\(UUID().uuidString)")
            guard FileManager.default.createFile(atPath: path, contents: data) else {
                throw NetworkLoadError.staging(source: "--network - (standard input)", path: NSTemporaryDirectory())
            }
            stdinCopy = path
            for i in sources.indices where sources[i].path == "-" { sources[i].path = path }
        }

        // Open every source first so that schema problems surface before the long read.
        var opened: [(dataset: VectorDataset, info: LayerInfo, spec: SourceSpec)] = []
        for source in sources where !source.isDIMACSGraph {
            progress?.update("opening \(source.path)")
            let dataset = try VectorDataset.open(source.path)
            let info = try dataset.layerInfo(source.layer)
            let geometry = info.geometryType.lowercased()
            if geometry.contains("point") || geometry.contains("polygon") {
                throw NetworkLoadError.noLines(path: source.path, layer: info.name, geometry: info.geometryType)
            }
            if info.featureCount == 0 { throw NetworkLoadError.emptyLayer(path: source.path, layer: info.name) }
            opened.append((dataset, info, source))
        }
        let schemas = opened.map { LayerSchema(path: $0.spec.path, layer: $0.info.name, fields: $0.info.fields.map(\.name)) }
        try fixedProfile?.validateFields(against: schemas)

        let builder = NetworkBuilder(options: options)
        builder.releasesInputAfterBuild = true
        var costModel: CostModel? = fixedProfile?.costModel
        for (index, (dataset, info, source)) in opened.enumerated() {
            let schema = schemas[index]
            guard let profile = fixedProfile ?? Profile.detect(schema: schema, driver: dataset.driverName) else {
                throw ProfileError.noProfileFits(source: source.path, layer: info.name, fields: schema.fields,
                                                 closest: Profile.closest(schema: schema)?.name)
            }
            if costModel == nil { costModel = profile.costModel }
            let mapper = try profile.mapper(for: schema, mode: source.mode)
            var entry = BuildReport.Source(path: source.path, layer: info.name, driver: dataset.driverName,
                                           crs: info.crs.map { $0.authority ?? $0.name } ?? (source.assumeCRS.map { "\($0) (assumed)" } ?? ""),
                                           profile: profile.name)
            // Most features of a line layer are one line of a few vertices.
            if let count = info.featureCount, count > 0 { builder.reserveCapacity(lines: count, points: 2 * count) }
            var sawLine = false
            var kinds: [String] = []
            let name = URL(fileURLWithPath: source.path).lastPathComponent
            try dataset.forEachFeature(layer: info.name, assumeCRS: source.assumeCRS, fields: mapper.fieldsRead) { record in
                entry.featuresRead += 1
                if entry.featuresRead % 4096 == 0 { progress?.update("reading \(name): \(entry.featuresRead) features") }
                switch record.kind {
                case .lineString, .multiLineString:
                    sawLine = true
                case .none:
                    entry.skipped["no geometry", default: 0] += 1; return
                case .empty:
                    entry.skipped["empty geometry", default: 0] += 1; return
                default:
                    let kind = "\(record.kind)"
                    if !kinds.contains(kind) { kinds.append(kind) }
                    entry.skipped["geometry \(kind)", default: 0] += 1; return
                }
                switch mapper.map(record) {
                case .skip(let reason):
                    entry.skipped[reason, default: 0] += 1
                case .line(let attributes, let reversed):
                    entry.featuresUsed += 1
                    // The builder copies the vertices, so the record's buffers are reused for the next feature.
                    if record.parts.count == 1 {
                        // Most features are one line: no per-feature arrays.
                        let part = record.parts[0]
                        if reversed {
                            builder.addLine(part.lazy.reversed(), attributes: attributes, source: index, fid: record.fid)
                        } else {
                            builder.addLine(part, attributes: attributes, source: index, fid: record.fid)
                        }
                        return
                    }
                    // A published length belongs to the whole feature: each part gets its geodesic share.
                    var parts = record.parts.filter { !$0.isEmpty }.map { (points: $0, attributes: attributes) }
                    if let published = attributes.lengthMeters, parts.count > 1 {
                        let lengths = parts.map { Geodesic.length($0.points) }
                        let total = lengths.reduce(0, +)
                        for i in parts.indices { parts[i].attributes.lengthMeters = total > 0 ? published * lengths[i] / total : nil }
                    }
                    for (part, attributes) in parts {
                        if reversed {
                            builder.addLine(part.lazy.reversed(), attributes: attributes, source: index, fid: record.fid)
                        } else {
                            builder.addLine(part, attributes: attributes, source: index, fid: record.fid)
                        }
                    }
                }
            }
            if entry.featuresRead == 0 { throw NetworkLoadError.emptyLayer(path: source.path, layer: info.name) }
            if !sawLine {
                throw NetworkLoadError.noLines(path: source.path, layer: info.name,
                                               geometry: kinds.isEmpty ? info.geometryType : kinds.joined(separator: ", "))
            }
            builder.report.sources.append(entry)
        }
        // Every line is in the builder: close the datasets (GDAL's per-dataset buffers) before the build's peak.
        opened.removeAll()
        for source in sources where source.isDIMACSGraph {
            builder.report.sources.append(try DIMACSRoadGraph.add(source, index: builder.report.sources.count, to: builder, progress: progress))
        }
        builder.options.costModel = costModel ?? CostModel()

        for region in regionSpecs {
            progress?.update("reading regions \(region.path)")
            builder.regions.append(try readRegions(region))
        }

        if let placesPath = manifest?.placesPath {
            guard FileManager.default.fileExists(atPath: placesPath) else {
                throw NetworkLoadError.fileNotFound(what: "gazetteer", path: placesPath)
            }
            builder.places = try Gazetteer.load(csvPath: placesPath)
        }
        if let manifest {
            func locate(_ location: NetworkManifest.Location) throws -> LonLat {
                switch location {
                case .coordinate(let p): return p
                case let .place(name, line, column):
                    do { return try builder.places.place(named: name).location }
                    catch { throw NetworkLoadError.manifest(reason: error.description, path: manifest.path, line: line, column: column) }
                }
            }
            for c in manifest.crossings {
                builder.crossings.append(CrossingDefinition(
                    name: c.name, location: try locate(c.location), modes: c.modes, countries: c.countries,
                    capacityTonnesPerDay: c.capacityTonnesPerDay, delaySeconds: c.delaySeconds, cost: c.cost, note: c.note))
                builder.crossings[builder.crossings.count - 1].ranges = c.ranges
            }
            for t in manifest.terminals {
                builder.terminals.append(TerminalDefinition(
                    place: t.name, location: try locate(t.location), kind: t.kind, capacityTonnesPerDay: t.capacityTonnesPerDay,
                    delaySeconds: t.delaySeconds, cost: t.cost, note: t.note, railLayers: t.railLayers))
                builder.terminals[builder.terminals.count - 1].ranges = t.ranges
            }
        }
        progress?.update("building network from \(builder.lineCount) lines")
        if let stdinCopy {
            for i in builder.report.sources.indices where builder.report.sources[i].path == stdinCopy { builder.report.sources[i].path = "-" }
        }
        return try builder.build()
    }

    /// Reads region polygons: every polygon feature with a non-empty value in `field`.
    public static func readRegions(_ spec: RegionSpec) throws -> RegionPolygons {
        let dataset = try VectorDataset.open(spec.path)
        let info = try dataset.layerInfo(spec.layer)
        guard let field = info.fields.firstIndex(where: { $0.name.lowercased() == spec.field.lowercased() }) else {
            throw NetworkLoadError.regionFieldNotFound(field: spec.field, path: spec.path, layer: info.name, fields: info.fields.map(\.name))
        }
        var features: [RegionPolygons.Feature] = []
        try dataset.forEachFeature(layer: info.name, assumeCRS: nil) { record in
            guard !record.polygons.isEmpty, let value = record.string(field)?.trimmingCharacters(in: .whitespaces),
                  !value.isEmpty, value != "-99" else { return }
            features.append(.init(value: value, polygons: record.polygons))
        }
        guard !features.isEmpty else {
            throw NetworkLoadError.noPolygons(path: spec.path, layer: info.name, geometry: info.geometryType, field: spec.field)
        }
        return RegionPolygons(target: spec.target, name: "\(URL(fileURLWithPath: spec.path).lastPathComponent), layer \(info.name)",
                              features: features)
    }
}

/// Sets the automatic-crossing options that `overrides` gives (nil fields leave `options` as they are).
private func apply(_ overrides: NetworkManifest.AutoCrossings, to options: inout NetworkBuildOptions) {
    if let c = overrides.capacityTonnesPerDay { options.autoCrossingCapacityTonnesPerDay = c }
    if let d = overrides.delaySeconds { options.autoCrossingDelaySeconds = d }
    if let c = overrides.cost { options.autoCrossingCost = c }
    if let t = overrides.mergeMeters { options.autoCrossingMergeMeters = t }
}
