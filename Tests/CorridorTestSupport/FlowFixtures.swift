import CorridorKit

/// Hand-drawn networks for flow tests, built directly as an `EdgeTable` (one row per edge, no builder) so each
/// test controls ids, lengths, capacities and costs exactly.
public struct FlowFixture {
    public struct EdgeSpec {
        var source: UInt32, target: UInt32, kind: EdgeKind, mode: TransportMode, name: String
        var lengthMeters: Double, capacity: Int64, fixedCost: Double, country: String, region: String
        var oneway: Bool, gauge: GaugeSpec
        /// Tracks of a rail line (1: both directions share the capacity); 2 unless a test says otherwise.
        var tracks: UInt8 = 2
    }
    public var nodes: [(LonLat, NetworkLayer)] = []
    public var edges: [EdgeSpec] = []
    public var twins: [(Int, Int)] = []
    public var crossings: [CrossingInfo] = []
    public var terminals: [TerminalInfo] = []
    public var places: [Place] = []
    /// 0.01 cost units per tonne-km on rail and road: 100 km cost exactly 1 unit = 1000 milli-units.
    public var costModel = CostModel(perKmRoad: 0.01, perKmRail: 0.01)

    /// An empty fixture.
    public init() {}

    @discardableResult
    public mutating func node(_ lon: Double, _ lat: Double, _ layer: NetworkLayer = .rail1520, place: String? = nil) -> UInt32 {
        nodes.append((LonLat(lon: lon, lat: lat), layer))
        if let place { places.append(Place(name: place, location: LonLat(lon: lon, lat: lat))) }
        return UInt32(nodes.count - 1)
    }

    @discardableResult
    public mutating func line(_ a: UInt32, _ b: UInt32, km: Double, capacity: Int64, name: String = "", country: String = "RU",
                       region: String = "", mode: TransportMode = .rail, oneway: Bool = false, tracks: UInt8 = 2) -> Int {
        edges.append(EdgeSpec(source: a, target: b, kind: .line, mode: mode, name: name, lengthMeters: km * 1000,
                              capacity: capacity, fixedCost: 0, country: country, region: region, oneway: oneway,
                              gauge: mode == .rail ? .broad1520 : .none, tracks: tracks))
        return edges.count - 1
    }

    /// A dual-gauge piece: one edge per layer, each with the full (shared) capacity, naming each other as twins.
    @discardableResult
    public mutating func dualLine(_ a1520: UInt32, _ b1520: UInt32, _ a1435: UInt32, _ b1435: UInt32, km: Double,
                           capacity: Int64, name: String, country: String = "RU", tracks: UInt8 = 2) -> (Int, Int) {
        let e1 = line(a1520, b1520, km: km, capacity: capacity, name: name, country: country, tracks: tracks)
        let e2 = line(a1435, b1435, km: km, capacity: capacity, name: name, country: country, tracks: tracks)
        edges[e1].gauge = .dual; edges[e2].gauge = .dual
        twins.append((e1, e2))
        return (e1, e2)
    }

    @discardableResult
    public mutating func crossing(_ name: String, _ a: UInt32, _ b: UInt32, capacity: Int64, cost: Double,
                           countries: [String] = ["RU", "KP"]) -> Int {
        edges.append(EdgeSpec(source: a, target: b, kind: .crossing, mode: nodes[Int(a)].1.mode, name: name,
                              lengthMeters: 0, capacity: capacity, fixedCost: cost, country: countries[0], region: "",
                              oneway: false, gauge: .none))
        let e = edges.count - 1
        crossings.append(CrossingInfo(name: name, location: nodes[Int(a)].0, countries: countries,
                                      modes: [nodes[Int(a)].1.mode], capacityTonnesPerDay: capacity, delaySeconds: 0,
                                      cost: cost, note: "", edges: [UInt32(e)]))
        return e
    }

    /// A crossing joining several layers: one connector per (from, to) pair, each with the full (shared) capacity.
    @discardableResult
    public mutating func sharedCrossing(_ name: String, _ pairs: [(UInt32, UInt32)], capacity: Int64, cost: Double,
                                 countries: [String] = ["RU", "KP"]) -> [Int] {
        var built: [Int] = []
        for (a, b) in pairs {
            edges.append(EdgeSpec(source: a, target: b, kind: .crossing, mode: nodes[Int(a)].1.mode, name: name,
                                  lengthMeters: 0, capacity: capacity, fixedCost: cost, country: countries[0], region: "",
                                  oneway: false, gauge: .none))
            built.append(edges.count - 1)
        }
        crossings.append(CrossingInfo(name: name, location: nodes[Int(pairs[0].0)].0, countries: countries,
                                      modes: Array(Set(pairs.map { nodes[Int($0.0)].1.mode })).sorted { $0.rawValue < $1.rawValue },
                                      capacityTonnesPerDay: capacity, delaySeconds: 0, cost: cost, note: "",
                                      edges: built.map(UInt32.init)))
        return built
    }

    /// A transfer terminal from one road node to several rail nodes, each connector with the full (shared) capacity.
    @discardableResult
    public mutating func transferTerminal(_ place: String, road: UInt32, rails: [UInt32], capacity: Int64, cost: Double) -> [Int] {
        var built: [Int] = []
        for r in rails {
            edges.append(EdgeSpec(source: road, target: r, kind: .transfer, mode: .road, name: place, lengthMeters: 0,
                                  capacity: capacity, fixedCost: cost, country: "", region: "", oneway: false, gauge: .none))
            built.append(edges.count - 1)
        }
        terminals.append(TerminalInfo(place: place, kind: .transfer, location: nodes[Int(road)].0, capacityTonnesPerDay: capacity,
                                      delaySeconds: 0, cost: cost, note: "", edges: built.map(UInt32.init)))
        return built
    }

    @discardableResult
    public mutating func terminal(_ place: String, _ a: UInt32, _ b: UInt32, kind: EdgeKind = .transshipment,
                           capacity: Int64, cost: Double) -> Int {
        edges.append(EdgeSpec(source: a, target: b, kind: kind, mode: .rail, name: place, lengthMeters: 0,
                              capacity: capacity, fixedCost: cost, country: "", region: "", oneway: false, gauge: .none))
        let e = edges.count - 1
        terminals.append(TerminalInfo(place: place, kind: kind, location: nodes[Int(a)].0, capacityTonnesPerDay: capacity,
                                      delaySeconds: 0, cost: cost, note: "", edges: [UInt32(e)]))
        return e
    }

    public func build() -> Network {
        var table = EdgeTable()
        for (e, spec) in edges.enumerated() {
            table.append(EdgeTable.Row(
                source: spec.source, target: spec.target, kind: spec.kind, mode: spec.mode,
                className: spec.kind == .line ? "main" : "\(spec.kind)", name: spec.name, lengthMeters: spec.lengthMeters,
                speedKmh: 50, timeSeconds: spec.lengthMeters / (50 / 3.6), oneway: spec.oneway, gauge: spec.gauge,
                tracks: spec.kind == .line ? spec.tracks : 0, electrified: false, capacityTonnesPerDay: spec.capacity, fixedCost: spec.fixedCost,
                country: spec.country, region: spec.region, sourceIndex: spec.kind == .line ? 0 : .max,
                sourceFID: spec.kind == .line ? Int64(e) : -1),
                geometry: [nodes[Int(spec.source)].0, nodes[Int(spec.target)].0])
        }
        for (a, b) in twins { table.setTwins(UInt32(a), UInt32(b)) }
        return try! Network(nodeLocation: nodes.map(\.0), nodeLayer: nodes.map(\.1), edges: table,
                            places: Gazetteer(places: places), crossings: crossings, terminals: terminals,
                            costModel: costModel)
    }
}
