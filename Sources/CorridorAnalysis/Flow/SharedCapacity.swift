import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// Edges that draw on one physical capacity: the two gauge edges of a dual-gauge piece, the connectors of a crossing
/// that joins several layers, the connectors of a transfer terminal that joins several rail layers.
///
/// The layered graph gives every member the full capacity; flows bound their sum with a joint constraint
/// (`CapacityConstraint`), so no result overstates a shared facility.
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

extension Network {
    /// Every group of two or more edges sharing one capacity: dual-gauge pairs (by lower edge id), then crossings and
    /// terminals in network order.
    /// - Complexity: O(edges + connectors).
    public var sharedCapacityGroups: [SharedCapacityGroup] {
        var groups: [SharedCapacityGroup] = []
        let owners = ElementOwners(network: self)
        for e in 0..<edgeCount where edges.edgeTwin[e] != .max && Int(edges.edgeTwin[e]) > e {
            let t = Int(edges.edgeTwin[e])
            groups.append(SharedCapacityGroup(kind: .dualGauge, name: owners.name(kind: .edge, id: e),
                                              edges: [UInt32(e), UInt32(t)], aligned: [true, twinRunsTheSameWay(e, t)],
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

    /// Whether twin `t` of edge `e` runs the same way as `e`. Twins are built from one piece, so they normally do;
    /// the end locations are compared to be sure.
    func twinRunsTheSameWay(_ e: Int, _ t: Int) -> Bool {
        Geodesic.distance(nodeLocation[Int(edges.edgeSource[e])], nodeLocation[Int(edges.edgeSource[t])])
            <= Geodesic.distance(nodeLocation[Int(edges.edgeSource[e])], nodeLocation[Int(edges.edgeTarget[t])])
    }
}

/// One physical capacity of a view, as a flow constraint: the flow on `arcs` (summed over every commodity) is at most
/// `capacityTonnesPerDay`.
///
/// Every open arc lies in exactly one constraint of its physical element: its own (a line piece in one direction), or
/// the joint one of a shared element — both gauge edges of a dual-gauge piece in one direction, the connectors of a
/// multi-layer crossing or terminal in one direction, or both directions of a single-track rail line (with the option
/// `singleTrackSharesDirections`, and both gauges of a single-track dual-gauge piece). A member whose own capacity
/// in the view is below the shared one (a scenario scaled it alone) also keeps a constraint of its own.
public struct CapacityConstraint: Sendable, Equatable {
    /// What makes several arcs share the capacity.
    public enum Sharing: String, Sendable, Equatable, Codable {
        /// Nothing: one arc, one capacity.
        case none
        /// The two gauge edges of a dual-gauge piece, in one direction.
        case dualGauge = "dual-gauge"
        /// Both directions of a single-track line.
        case singleTrack = "single-track"
        /// Both gauges and both directions of a single-track dual-gauge piece.
        case dualGaugeSingleTrack = "dual-gauge single-track"
        /// The connectors of a crossing or terminal joining several layers, in one direction.
        case layers
    }

    /// Which way the constrained flow runs.
    public enum Direction: String, Sendable, Equatable, Codable {
        /// Along the element's forward direction (a line's geometry; out of a crossing's first country; road to rail).
        case forward
        /// Against it.
        case backward
        /// Both directions together.
        case both
    }

    /// Kind of the element (`.edge` for line pieces and lone connectors, `.crossing`, `.terminal`).
    public var kind: ElementKind
    /// Edge id (the lower of a dual-gauge pair), crossing index or terminal index.
    public var id: Int
    /// Element name (as in chokepoint rankings), with the direction when it is one of two.
    public var name: String
    /// What makes the arcs share the capacity.
    public var sharing: Sharing
    /// Which way the constrained flow runs.
    public var direction: Direction
    /// Network arcs whose flows are summed, sorted.
    public var arcs: [UInt32]
    /// Network edges of those arcs, sorted.
    public var edges: [UInt32]
    /// Capacity in the view, tonnes/day.
    public var capacityTonnesPerDay: Int64
}

enum CapacityConstraints {
    /// The capacity constraints of `view` over the arcs with `open[a]`, in a fixed order (crossings, terminals, then
    /// edges by id; forward before backward), and for each arc the constraints it lies in.
    ///
    /// - Complexity: O(edges + arcs).
    static func build(view: NetworkView, open: [Bool], singleTrackSharesDirections: Bool)
        -> (constraints: [CapacityConstraint], ofArc: [[Int32]]) {
        let n = view.network
        let owners = ElementOwners(network: n)
        var arcsOfEdge = [[UInt32]](repeating: [], count: n.edgeCount)
        for a in 0..<n.arcCount where open[a] { arcsOfEdge[Int(n.arcEdge[a])].append(UInt32(a)) }
        var constraints: [CapacityConstraint] = []
        var ofArc = [[Int32]](repeating: [], count: n.arcCount)
        var covered = [Bool](repeating: false, count: n.edgeCount)

        func capacity(_ a: UInt32) -> Int64 { view.capacity(ofEdge: Int(n.arcEdge[Int(a)])) }
        /// Adds the joint constraint over `arcs` (capacity: their largest), plus own constraints for members below it.
        func add(kind: ElementKind, id: Int, name: String, sharing: CapacityConstraint.Sharing,
                 direction: CapacityConstraint.Direction, arcs: [UInt32]) {
            guard !arcs.isEmpty else { return }
            let sorted = arcs.sorted()
            let shared = sorted.map(capacity).max()!
            let suffix = direction == .both || !hasTwoDirections(kind: kind, id: id) ? "" : " (\(direction.rawValue))"
            let index = Int32(constraints.count)
            constraints.append(CapacityConstraint(kind: kind, id: id, name: name + suffix, sharing: sharing,
                                                  direction: direction, arcs: sorted,
                                                  edges: Array(Set(sorted.map { n.arcEdge[Int($0)] })).sorted(),
                                                  capacityTonnesPerDay: shared))
            for a in sorted { ofArc[Int(a)].append(index) }
            guard sorted.count > 1 else { return }
            for a in sorted where capacity(a) < shared {
                let e = Int(n.arcEdge[Int(a)])
                let own: CapacityConstraint.Direction = n.arcForward[Int(a)] ? .forward : .backward
                ofArc[Int(a)].append(Int32(constraints.count))
                constraints.append(CapacityConstraint(kind: .edge, id: e, name: "\(owners.name(kind: .edge, id: e)) (\(own.rawValue))",
                                                      sharing: .none, direction: own, arcs: [a], edges: [UInt32(e)],
                                                      capacityTonnesPerDay: capacity(a)))
            }
        }
        func hasTwoDirections(kind: ElementKind, id: Int) -> Bool {
            switch kind {
            case .edge: return !n.edgeOneway[id]
            default: return true
            }
        }
        /// Arcs of `edges` split by direction, where `aligned[k]` says whether member k runs the element's way.
        func byDirection(_ edges: [UInt32], aligned: [Bool]) -> (forward: [UInt32], backward: [UInt32]) {
            var forward: [UInt32] = [], backward: [UInt32] = []
            for (k, e) in edges.enumerated() {
                for a in arcsOfEdge[Int(e)] {
                    if n.arcForward[Int(a)] == aligned[k] { forward.append(a) } else { backward.append(a) }
                }
            }
            return (forward, backward)
        }

        for (i, c) in n.crossings.enumerated() where c.edges.count >= 2 {
            let (forward, backward) = byDirection(c.edges.sorted(), aligned: c.edges.map { _ in true })
            add(kind: .crossing, id: i, name: c.name, sharing: .layers, direction: .forward, arcs: forward)
            add(kind: .crossing, id: i, name: c.name, sharing: .layers, direction: .backward, arcs: backward)
            for e in c.edges { covered[Int(e)] = true }
        }
        for (i, t) in n.terminals.enumerated() where t.edges.count >= 2 {
            let name = "\(t.place) \(t.kind)"
            let (forward, backward) = byDirection(t.edges.sorted(), aligned: t.edges.map { _ in true })
            add(kind: .terminal, id: i, name: name, sharing: .layers, direction: .forward, arcs: forward)
            add(kind: .terminal, id: i, name: name, sharing: .layers, direction: .backward, arcs: backward)
            for e in t.edges { covered[Int(e)] = true }
        }
        for e in 0..<n.edgeCount where !covered[e] {
            let twin = n.edgeTwin[e]
            if twin != .max && Int(twin) < e { continue }  // listed with the lower id
            let (kind, id) = owners.owner(ofEdge: e)
            let name = owners.name(kind: kind, id: id)
            let singleTrack = singleTrackSharesDirections && n.edgeKind[e] == .line && n.edgeMode[e] == .rail
                && n.edgeTracks[e] == 1 && !n.edgeOneway[e]
            if twin != .max {
                let t = Int(twin)
                let (forward, backward) = byDirection([UInt32(e), twin], aligned: [true, n.twinRunsTheSameWay(e, t)])
                if singleTrack {
                    add(kind: kind, id: id, name: name, sharing: .dualGaugeSingleTrack, direction: .both, arcs: forward + backward)
                } else {
                    add(kind: kind, id: id, name: name, sharing: .dualGauge, direction: .forward, arcs: forward)
                    add(kind: kind, id: id, name: name, sharing: .dualGauge, direction: .backward, arcs: backward)
                }
                covered[t] = true
            } else if singleTrack && arcsOfEdge[e].count == 2 {
                add(kind: kind, id: id, name: name, sharing: .singleTrack, direction: .both, arcs: arcsOfEdge[e])
            } else {
                for a in arcsOfEdge[e] {
                    add(kind: kind, id: id, name: name, sharing: .none, direction: n.arcForward[Int(a)] ? .forward : .backward,
                        arcs: [a])
                }
            }
            covered[e] = true
        }
        return (constraints, ofArc)
    }

    /// Flow through each constraint (summed over its arcs) for per-arc flows `arcFlow`.
    static func load(_ constraints: [CapacityConstraint], arcFlow: [Double]) -> [Double] {
        constraints.map { c in c.arcs.reduce(0.0) { $0 + arcFlow[Int($1)] } }
    }
}
