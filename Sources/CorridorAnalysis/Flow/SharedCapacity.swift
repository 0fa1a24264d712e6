import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Edges that draw on one physical capacity: the two gauge edges of a dual-gauge piece, the connectors of a crossing
/// that joins several layers, the connectors of a transfer terminal that joins several rail layers.
///
/// The layered graph gives every member the FULL capacity (single-commodity flow cannot bound their sum), which is
/// exact when one member carries the traffic and optimistic otherwise; `SharedCapacityWarning` reports the groups a
/// flow overloads.
public struct SharedCapacityGroup: Sendable, Equatable {
    /// What shares the capacity.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// The two gauge edges of a dual-gauge line piece.
        case dualGauge = "dual-gauge"
        /// The connectors of a border crossing joining several layers.
        case crossing
        /// The connectors of a transfer terminal joining several rail layers.
        case terminal
    }
    /// What shares the capacity.
    public var kind: Kind
    /// Line name, crossing name, or terminal place and kind.
    public var name: String
    /// Member edges, sorted.
    public var edges: [UInt32]
    /// Per member (same order as `edges`): whether its forward direction is the group's forward direction.
    /// Group forward: the lower-id twin's geometry direction; for crossings, out of the crossing's first country;
    /// for transfer terminals, road to rail.
    public var aligned: [Bool]
    /// The shared capacity per direction in the built network, tonnes/day.
    public var capacityTonnesPerDay: Int64
}

/// A shared-capacity group whose members together carry more than the shared capacity in one direction: the flow
/// (or maximum throughput) overstates what the facility can carry by up to `excessTonnesPerDay`.
public struct SharedCapacityWarning: Sendable, Equatable {
    /// The overloaded group.
    public var group: SharedCapacityGroup
    /// Capacity per direction in the analysed view (the largest member arc capacity of the busier direction).
    public var capacityTonnesPerDay: Int64
    /// Combined flow of the members in the group's forward and backward direction, tonnes/day.
    public var forwardTonnesPerDay: Int64
    /// Combined flow of the members in the group's backward direction, tonnes/day.
    public var backwardTonnesPerDay: Int64
    /// Flow of each member in the busier direction (same order as `group.edges`), tonnes/day.
    public var memberTonnesPerDay: [Int64]
    /// Layer of each member ("rail-1520", "road", ...), same order as `group.edges`.
    public var memberLayers: [String]
    /// Combined flow in the busier direction minus the capacity, tonnes/day (> 0).
    public var excessTonnesPerDay: Int64
    /// One readable sentence.
    public var message: String
}

extension Network {
    /// Every group of two or more edges sharing one capacity: dual-gauge pairs (by lower edge id), then crossings and
    /// terminals in network order.
    /// - Complexity: O(edges + connectors).
    public var sharedCapacityGroups: [SharedCapacityGroup] {
        var groups: [SharedCapacityGroup] = []
        let owners = ElementOwners(network: self)
        for e in 0..<edgeCount where edges.edgeTwin[e] != .max && Int(edges.edgeTwin[e]) > e {
            let t = Int(edges.edgeTwin[e])
            // Twins are built from one piece, so they normally run the same way; compare end locations to be sure.
            let sameWay = Geodesic.distance(nodeLocation[Int(edges.edgeSource[e])], nodeLocation[Int(edges.edgeSource[t])])
                <= Geodesic.distance(nodeLocation[Int(edges.edgeSource[e])], nodeLocation[Int(edges.edgeTarget[t])])
            groups.append(SharedCapacityGroup(kind: .dualGauge, name: owners.name(kind: .edge, id: e),
                                              edges: [UInt32(e), UInt32(t)], aligned: [true, sameWay],
                                              capacityTonnesPerDay: max(edges.edgeCapacityTonnesPerDay[e], edges.edgeCapacityTonnesPerDay[t])))
        }
        for c in crossings where c.edges.count >= 2 {
            let edges = c.edges.sorted()
            groups.append(SharedCapacityGroup(kind: .crossing, name: c.name, edges: edges,
                                              aligned: edges.map { _ in true }, capacityTonnesPerDay: c.capacityTonnesPerDay))
        }
        for t in terminals where t.edges.count >= 2 {
            let edges = t.edges.sorted()
            groups.append(SharedCapacityGroup(kind: .terminal, name: "\(t.place) \(t.kind)", edges: edges,
                                              aligned: edges.map { _ in true }, capacityTonnesPerDay: t.capacityTonnesPerDay))
        }
        return groups
    }
}

enum SharedCapacity {
    /// Groups whose combined flow in one direction exceeds their capacity in the view (`arcCapacity`, per network
    /// arc), in `sharedCapacityGroups` order.
    /// - Complexity: O(arcs + group members).
    static func warnings(network n: Network, arcFlow: [Int64], arcCapacity: [Int64]) -> [SharedCapacityWarning] {
        // Flow and capacity of each edge per direction (0 = forward, 1 = backward).
        var flow = [[Int64]](repeating: [0, 0], count: n.edgeCount)
        var capacity = [[Int64]](repeating: [0, 0], count: n.edgeCount)
        for a in 0..<n.arcCount {
            let e = Int(n.arcEdge[a]), d = n.arcForward[a] ? 0 : 1
            flow[e][d] += arcFlow[a]
            capacity[e][d] = max(capacity[e][d], arcCapacity[a])
        }
        var out: [SharedCapacityWarning] = []
        for g in n.sharedCapacityGroups {
            var total: [Int64] = [0, 0], cap: [Int64] = [0, 0]
            var member = [[Int64]](repeating: [0, 0], count: g.edges.count)
            for (k, e) in g.edges.enumerated() {
                for d in 0..<2 {
                    let groupDirection = g.aligned[k] ? d : 1 - d
                    member[k][groupDirection] = flow[Int(e)][d]
                    total[groupDirection] += flow[Int(e)][d]
                    cap[groupDirection] = max(cap[groupDirection], capacity[Int(e)][d])
                }
            }
            let excess = [total[0] - cap[0], total[1] - cap[1]]
            guard excess[0] > 0 || excess[1] > 0 else { continue }
            let d = excess[0] >= excess[1] ? 0 : 1
            let layers = g.edges.map { memberLayer(n, Int($0), kind: g.kind) }
            let loads = zip(layers, member.map { $0[d] }).map { "\($0) \(NumberFormat.grouped($1))" }.joined(separator: " + ")
            let what: String
            switch g.kind {
            case .dualGauge:
                what = "dual-gauge piece \(ElementOwners(network: n).name(kind: .edge, id: Int(g.edges[0]))) carries"
            case .crossing: what = "crossing \(g.name) carries"
            case .terminal: what = "terminal \(g.name) handles"
            }
            let message = "\(what) \(NumberFormat.grouped(total[d])) t/day in one direction (\(loads); edges "
                + "\(g.edges.map(String.init).joined(separator: ", "))), but its capacity of \(NumberFormat.grouped(cap[d])) t/day "
                + "is shared by them: the result overstates it by \(NumberFormat.grouped(excess[d])) t/day"
            out.append(SharedCapacityWarning(group: g, capacityTonnesPerDay: cap[d], forwardTonnesPerDay: total[0],
                                             backwardTonnesPerDay: total[1], memberTonnesPerDay: member.map { $0[d] },
                                             memberLayers: layers, excessTonnesPerDay: excess[d], message: message))
        }
        return out
    }

    /// The layer a member stands for: its own for lines and crossings, the rail end's for a transfer connector.
    static func memberLayer(_ n: Network, _ e: Int, kind: SharedCapacityGroup.Kind) -> String {
        let s = n.nodeLayer[Int(n.edgeSource[e])], t = n.nodeLayer[Int(n.edgeTarget[e])]
        return (s == .road ? t : s).description
    }
}
