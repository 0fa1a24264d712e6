/// A capacitated network with costs and node supplies: the input of the flow algorithms.
///
/// Arc ids are indices into the parallel arc arrays, in any order (so DIMACS files map directly);
/// node ids are `0 ..< nodeCount`. A capacity of `Int64.max` means "infinite".
public struct FlowNetwork: Sendable, Equatable {
    /// Number of nodes.
    public var nodeCount: Int
    /// Tail (from-node) of each arc.
    public var tails: [UInt32]
    /// Head (to-node) of each arc.
    public var heads: [UInt32]
    /// Minimum flow on each arc (usually 0).
    public var lowerBounds: [Int64]
    /// Maximum flow on each arc, `>= lowerBounds`; `FlowNetwork.infiniteCapacity` means unbounded.
    public var capacities: [Int64]
    /// Cost per unit of flow on each arc (may be negative).
    public var costs: [Int64]
    /// Per node: `> 0` supply, `< 0` demand, `0` transshipment.
    public var supplies: [Int64]

    /// The capacity value that means "no upper bound".
    public static let infiniteCapacity = Int64.max

    /// Number of arcs.
    public var arcCount: Int { tails.count }

    /// Memberwise initializer; `lowerBounds`, `costs` and `supplies` default to zeros.
    public init(
        nodeCount: Int, tails: [UInt32], heads: [UInt32], lowerBounds: [Int64]? = nil,
        capacities: [Int64], costs: [Int64]? = nil, supplies: [Int64]? = nil
    ) {
        self.nodeCount = nodeCount
        self.tails = tails
        self.heads = heads
        self.lowerBounds = lowerBounds ?? [Int64](repeating: 0, count: tails.count)
        self.capacities = capacities
        self.costs = costs ?? [Int64](repeating: 0, count: tails.count)
        self.supplies = supplies ?? [Int64](repeating: 0, count: nodeCount)
    }

    /// An empty network with `nodeCount` nodes and no arcs.
    public init(nodeCount: Int) {
        self.init(nodeCount: nodeCount, tails: [], heads: [], capacities: [])
    }

    /// Appends an arc and returns its id.
    @discardableResult
    public mutating func addArc(
        from tail: UInt32, to head: UInt32, lowerBound: Int64 = 0, capacity: Int64, cost: Int64 = 0
    ) -> UInt32 {
        tails.append(tail)
        heads.append(head)
        lowerBounds.append(lowerBound)
        capacities.append(capacity)
        costs.append(cost)
        return UInt32(tails.count - 1)
    }

    /// Checks array lengths, node ids and bounds; returns a description of the first problem found.
    public func validationProblem() -> String? {
        let m = tails.count
        if nodeCount < 0 || nodeCount >= Int(UInt32.max) { return "node count \(nodeCount) out of range" }
        if heads.count != m || lowerBounds.count != m || capacities.count != m || costs.count != m {
            return "arc arrays differ in length"
        }
        if supplies.count != nodeCount { return "supplies has \(supplies.count) entries for \(nodeCount) nodes" }
        for a in 0..<m {
            if Int(tails[a]) >= nodeCount || Int(heads[a]) >= nodeCount {
                return "arc \(a) has a node id out of range"
            }
            if lowerBounds[a] < 0 { return "arc \(a) has a negative lower bound" }
            if capacities[a] < lowerBounds[a] { return "arc \(a) has capacity below its lower bound" }
        }
        return nil
    }
}

/// Errors of the flow algorithms (invalid input or arithmetic that would not fit in `Int64`).
public enum FlowError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The network is malformed (lengths, ids, bounds).
    case invalidNetwork(String)
    /// A sum or product of the inputs does not fit in `Int64`.
    case overflow(String)
    /// A source or sink id is out of range, or source equals sink.
    case invalidTerminal(String)
    /// The maximum flow is infinite: the source reaches the sink through arcs of infinite capacity only.
    case unbounded

    /// A one-line message for the error.
    public var description: String {
        switch self {
        case .invalidNetwork(let s): return "invalid network: \(s)"
        case .overflow(let s): return "arithmetic overflow: \(s)"
        case .invalidTerminal(let s): return "invalid terminal: \(s)"
        case .unbounded: return "unbounded: the source reaches the sink through infinite-capacity arcs"
        }
    }
}

@inline(__always)
func flowCheckedAdd(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String) throws(FlowError) -> Int64 {
    let (r, o) = a.addingReportingOverflow(b)
    if o { throw FlowError.overflow(what()) }
    return r
}

@inline(__always)
func flowCheckedMultiply(_ a: Int64, _ b: Int64, _ what: @autoclosure () -> String) throws(FlowError) -> Int64 {
    let (r, o) = a.multipliedReportingOverflow(by: b)
    if o { throw FlowError.overflow(what()) }
    return r
}
