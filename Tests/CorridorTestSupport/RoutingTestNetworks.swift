import CorridorKit

/// Hand-drawn test networks for routing, in the OSRM "features" spirit: a few named places a few km apart,
/// lines named after their ends, so expected routes can be written down from the drawing.
///
/// ```
///                      Artem (road motorway U–A–V)
///   Ussur ─────────────── Vlad ────────────────────────── Port ════> Nakhodka   (road; Port→Nakhodka oneway,
///    │ rail 1520  RU        │ rail 1520 RU (transfer)                 ^  back via Partizansk)
///   Grod (crossing RU/CN)  Khasan (crossing RU/KP)
///    │ 1520 in CN           │ dual gauge in KP
///   Pogr (transshipment)   Tuman (slow transshipment, 48 h) ── Rajin (dual)
///    │ 1435 CN              │ 1435 KP
///   Mudan ── Tumen (crossing CN/KP) ── Chongjin
///   Isle1 ── Isle2: an isolated rail line (another component)
/// ```
public enum RoutingTestNetworks {
    public static let places: [String: LonLat] = [
        "Ussur": LonLat(lon: 130.00, lat: 43.30), "Vlad": LonLat(lon: 130.20, lat: 43.30),
        "Artem": LonLat(lon: 130.10, lat: 43.40), "Port": LonLat(lon: 130.60, lat: 43.25),
        "Nakhodka": LonLat(lon: 130.70, lat: 43.20), "Partizansk": LonLat(lon: 130.65, lat: 43.30),
        "Grod": LonLat(lon: 129.90, lat: 43.15), "Pogr": LonLat(lon: 129.85, lat: 43.05),
        "Mudan": LonLat(lon: 129.70, lat: 42.95), "Tumen": LonLat(lon: 129.90, lat: 42.93),
        "Khasan": LonLat(lon: 130.10, lat: 43.12), "Tuman": LonLat(lon: 130.10, lat: 43.05),
        "Rajin": LonLat(lon: 130.25, lat: 43.00), "Chongjin": LonLat(lon: 130.00, lat: 42.90),
        "Isle1": LonLat(lon: 131.50, lat: 43.60), "Isle2": LonLat(lon: 131.60, lat: 43.60),
    ]

    public static func p(_ name: String) -> LonLat { places[name]! }

    public static func rail(_ a: String, _ b: String, country: String, region: String, gauge: GaugeSpec,
                     speed: Double = 60) -> ([LonLat], EdgeAttributes) {
        ([p(a), p(b)], EdgeAttributes(mode: .rail, roadClass: "main", name: "\(a)-\(b) rail", speedKmh: speed,
                                      gauge: gauge, capacityTonnesPerDay: 20_000, country: country, region: region))
    }

    public static func road(_ a: String, _ b: String, cls: String, speed: Double, oneway: Bool = false) -> ([LonLat], EdgeAttributes) {
        ([p(a), p(b)], EdgeAttributes(mode: .road, roadClass: cls, name: "\(a)-\(b) road", speedKmh: speed, oneway: oneway,
                                      capacityTonnesPerDay: 8_000, country: "RU", region: "Primorsky Krai"))
    }

    /// The network drawn above.
    public static func corridors() throws -> Network {
        var options = NetworkBuildOptions(snapToleranceMeters: 1, connectorSearchRadiusMeters: 500, autoBorderCrossings: false)
        options.costModel = CostModel(perKmRoad: 0.09, perKmRail: 0.03, perKmByClass: ["road/motorway": 0.08])
        let b = NetworkBuilder(options: options)
        let lines: [([LonLat], EdgeAttributes)] = [
            rail("Ussur", "Vlad", country: "RU", region: "Primorsky Krai", gauge: .broad1520),
            rail("Ussur", "Grod", country: "RU", region: "Primorsky Krai", gauge: .broad1520),
            rail("Grod", "Pogr", country: "CN", region: "Heilongjiang", gauge: .broad1520),
            rail("Pogr", "Mudan", country: "CN", region: "Heilongjiang", gauge: .standard1435),
            rail("Mudan", "Tumen", country: "CN", region: "Jilin", gauge: .standard1435),
            rail("Tumen", "Chongjin", country: "KP", region: "North Hamgyong", gauge: .standard1435),
            rail("Vlad", "Khasan", country: "RU", region: "Primorsky Krai", gauge: .broad1520),
            rail("Khasan", "Tuman", country: "KP", region: "Rason", gauge: .dual),
            rail("Tuman", "Rajin", country: "KP", region: "Rason", gauge: .dual),
            rail("Tuman", "Chongjin", country: "KP", region: "North Hamgyong", gauge: .standard1435),
            rail("Isle1", "Isle2", country: "RU", region: "Sakhalin", gauge: .broad1520),
            road("Ussur", "Vlad", cls: "secondary", speed: 40),
            road("Ussur", "Artem", cls: "motorway", speed: 90),
            road("Artem", "Vlad", cls: "motorway", speed: 90),
            road("Vlad", "Port", cls: "trunk", speed: 70),
            road("Port", "Nakhodka", cls: "motorway", speed: 90, oneway: true),
            road("Nakhodka", "Partizansk", cls: "secondary", speed: 40),
            road("Partizansk", "Port", cls: "secondary", speed: 40),
        ]
        for (i, line) in lines.enumerated() { b.addLine(line.0, attributes: line.1, source: 0, fid: Int64(i)) }
        b.crossings = [
            CrossingDefinition(name: "Grod–Pogr", location: p("Grod"), modes: [.rail], countries: ["RU", "CN"],
                               capacityTonnesPerDay: 10_000, delaySeconds: 12 * 3600, cost: 10),
            CrossingDefinition(name: "Khasan–Tumangang", location: p("Khasan"), modes: [.rail], countries: ["RU", "KP"],
                               capacityTonnesPerDay: 12_000, delaySeconds: 6 * 3600, cost: 8),
            CrossingDefinition(name: "Tumen–Namyang", location: p("Tumen"), modes: [.rail], countries: ["CN", "KP"],
                               capacityTonnesPerDay: 5_000, delaySeconds: 12 * 3600, cost: 10),
        ]
        b.terminals = [
            TerminalDefinition(place: "Pogr", location: p("Pogr"), kind: .transshipment, capacityTonnesPerDay: 20_000,
                               delaySeconds: 24 * 3600, cost: 6),
            TerminalDefinition(place: "Tuman", location: p("Tuman"), kind: .transshipment, capacityTonnesPerDay: 10_000,
                               delaySeconds: 48 * 3600, cost: 6),
            TerminalDefinition(place: "Vlad", location: p("Vlad"), kind: .transfer, capacityTonnesPerDay: 10_000,
                               delaySeconds: 4 * 3600, cost: 3),
        ]
        b.places = Gazetteer(places: places.keys.sorted().map { Place(name: $0, location: places[$0]!) })
        return try b.build()
    }

    /// A random grid-like network: rail and road layers on a jittered grid with random speeds, some oneway roads,
    /// and transfers at a few grid points. Deterministic for a seed.
    public static func randomGrid(seed: UInt64, size: Int = 8) throws -> Network {
        var rng = SplitMix64(seed: seed)
        let b = NetworkBuilder(options: NetworkBuildOptions(snapToleranceMeters: 1, connectorSearchRadiusMeters: 500,
                                                            autoBorderCrossings: false))
        var grid: [[LonLat]] = []
        for i in 0..<size {
            var row: [LonLat] = []
            for j in 0..<size {
                row.append(LonLat(lon: 130 + Double(j) * 0.05 + rng.unit() * 0.01, lat: 43 + Double(i) * 0.05 + rng.unit() * 0.01))
            }
            grid.append(row)
        }
        var fid: Int64 = 0
        var hasRoad = Set<Int>(), hasRail = Set<Int>()
        for i in 0..<size {
            for j in 0..<size {
                for (di, dj) in [(0, 1), (1, 0)] where i + di < size && j + dj < size {
                    let a = grid[i][j], c = grid[i + di][j + dj]
                    if rng.unit() < 0.85 {
                        let attrs = EdgeAttributes(mode: .road, roadClass: rng.unit() < 0.3 ? "motorway" : "primary",
                                                   name: "r\(fid)", speedKmh: 30 + rng.unit() * 70, oneway: rng.unit() < 0.2,
                                                   capacityTonnesPerDay: 5000, country: "RU")
                        b.addLine([a, c], attributes: attrs, source: 0, fid: fid); fid += 1
                        hasRoad.formUnion([i * size + j, (i + di) * size + j + dj])
                    }
                    if rng.unit() < 0.7 {
                        let attrs = EdgeAttributes(mode: .rail, roadClass: "main", name: "l\(fid)", speedKmh: 40 + rng.unit() * 40,
                                                   gauge: .broad1520, capacityTonnesPerDay: 20000, country: "RU")
                        b.addLine([a, c], attributes: attrs, source: 0, fid: fid); fid += 1
                        hasRail.formUnion([i * size + j, (i + di) * size + j + dj])
                    }
                }
            }
        }
        var terminals: [TerminalDefinition] = []
        var placeList: [Place] = []
        for i in stride(from: 0, to: size, by: 3) {
            for j in stride(from: 0, to: size, by: 3) where hasRoad.contains(i * size + j) && hasRail.contains(i * size + j) {
                placeList.append(Place(name: "P\(i)_\(j)", location: grid[i][j]))
                terminals.append(TerminalDefinition(place: "P\(i)_\(j)", location: grid[i][j], kind: .transfer,
                                                    capacityTonnesPerDay: 1000, delaySeconds: 1800 + rng.unit() * 3600, cost: 2))
            }
        }
        b.places = Gazetteer(places: placeList)
        // Terminals only where both layers have a node.
        b.terminals = terminals
        return try b.build()
    }
}

