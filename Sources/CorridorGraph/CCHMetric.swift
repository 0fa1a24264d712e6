import Dispatch

/// Why a metric could not be customized.
public enum CCHError: Error, Sendable, Equatable {
    /// A shortcut (a path through lower-ranked nodes) would be at least 2³² − 1 long, beyond the 32-bit shortcut
    /// weights; use Dijkstra (64-bit distances) for such a metric.
    case distanceOverflow
    /// The weights array does not have one entry per input arc.
    case weightCount(expected: Int, got: Int)
}

/// A customized metric of a `CustomizableContractionHierarchy`: the weight of every supergraph edge in both
/// directions, the length of a shortest path between its ends through lower-ranked nodes only (basic
/// customization). Queries (`CCHQuery`) read it; it is immutable between customizations and can be shared
/// by any number of queries, on any threads.
///
/// Customization (Dibbelt, Strasser & Wagner's lower-triangle relaxation): edge (x, y), x < y, starts from the
/// lightest input arc between its ends in each direction (`UInt32.max` = closed, as everywhere in
/// CorridorGraph); then, for every node x in increasing rank, every lower triangle {w, x, y} (w < x < y, found by
/// scanning w's upward edges above x) relaxes x → y by x → w → y and y → x by y → w → x. Processing x *pulls*
/// into its own edges only, reading edges of its elimination-tree descendants, so disjoint subtrees are
/// customized in parallel (`threads`), the nodes above them afterwards.
///
/// Re-customization with new weights (`customize(weights:threads:)`) reuses the buffers: a scenario's closures
/// are simply `UInt32.max` weights.
///
/// Complexity: O(m + E + T) time for T lower triangles (the sum over nodes of the pairs among their upward
/// neighbours), divided over `threads` for the subtrees; 24·E bytes.
public final class CCHMetric: @unchecked Sendable {
    /// The topology this metric customizes.
    public let hierarchy: CustomizableContractionHierarchy
    /// `weight[2e]`: lower → upper endpoint of edge e; `weight[2e + 1]`: upper → lower. `UInt32.max` = no path.
    let weight: UnsafeMutablePointer<UInt32>
    /// The input arc whose weight an edge direction started from (`UInt32.max`: none), for path unpacking.
    let inputArc: UnsafeMutablePointer<UInt32>
    /// Per edge direction, the edge (w, x) of the lower triangle that gave its weight, `UInt32.max` when its
    /// input arc did: unpacking then needs no triangle search.
    let middle: UnsafeMutablePointer<UInt32>
    /// The weights of the last customization, one per input arc.
    public private(set) var inputWeights: [UInt32] = []

    /// Customizes `hierarchy` for `weights` (one per input arc; `UInt32.max` = closed).
    /// - Throws: `CCHError.distanceOverflow` when a shortcut does not fit in 32 bits; `.weightCount`.
    /// - Complexity: see the type.
    public init(hierarchy: CustomizableContractionHierarchy, weights: [UInt32], threads: Int = 1) throws(CCHError) {
        self.hierarchy = hierarchy
        let slots = max(2 * hierarchy.edgeCount, 1)
        weight = .allocate(capacity: slots)
        inputArc = .allocate(capacity: slots)
        middle = .allocate(capacity: slots)
        try customize(weights: weights, threads: threads)
    }

    deinit {
        weight.deallocate()
        inputArc.deallocate()
        middle.deallocate()
    }

    /// Re-customizes for new `weights` (same topology), reusing the buffers. Queries of this metric must not run
    /// meanwhile.
    /// - Throws: as `init`; after a throw the metric is unusable until a customization succeeds.
    public func customize(weights: [UInt32], threads: Int = 1) throws(CCHError) {
        let h = hierarchy
        guard weights.count == h.inputArcCount else { throw .weightCount(expected: h.inputArcCount, got: weights.count) }
        inputWeights = weights
        let slots = 2 * h.edgeCount
        weight.update(repeating: .max, count: slots)
        inputArc.update(repeating: .max, count: slots)
        middle.update(repeating: .max, count: slots)
        h.arcSlot.withUnsafeBufferPointer { arcSlot in
            weights.withUnsafeBufferPointer { w in
                for a in 0..<w.count {
                    let wa = w[a], s = Int(arcSlot[a])
                    if wa == .max || s == Int(UInt32.max) { continue }
                    if wa < weight[s] { weight[s] = wa; inputArc[s] = UInt32(a) }
                }
            }
        }
        let overflow = h.upFirst.withUnsafeBufferPointer { upFirst in
            h.upHead.withUnsafeBufferPointer { upHead in
                h.upTail.withUnsafeBufferPointer { upTail in
                    h.downFirst.withUnsafeBufferPointer { downFirst in
                        h.downEdge.withUnsafeBufferPointer { downEdge in
                            let topology = Topology(upFirst: upFirst.baseAddress, upHead: upHead.baseAddress,
                                                    upTail: upTail.baseAddress, downFirst: downFirst.baseAddress!,
                                                    downEdge: downEdge.baseAddress, weight: weight, middle: middle)
                            return customizeLowerTriangles(topology, threads: threads)
                        }
                    }
                }
            }
        }
        if overflow { throw .distanceOverflow }
    }

    /// The hierarchy's arrays and the weights, as raw pointers shared by the customization threads (each thread
    /// writes only the edges of its own nodes).
    struct Topology: @unchecked Sendable {
        let upFirst: UnsafePointer<UInt32>?
        let upHead: UnsafePointer<UInt32>?
        let upTail: UnsafePointer<UInt32>?
        let downFirst: UnsafePointer<UInt32>
        let downEdge: UnsafePointer<UInt32>?
        let weight: UnsafeMutablePointer<UInt32>
        let middle: UnsafeMutablePointer<UInt32>
    }

    /// Runs the lower-triangle relaxation over all nodes; true when a shortcut overflowed.
    func customizeLowerTriangles(_ t: Topology, threads: Int) -> Bool {
        let n = hierarchy.nodeCount
        guard hierarchy.edgeCount > 0 else { return false }
        let plan = threads > 1 ? parallelPlan(threads: threads) : nil
        if let plan {
            let overflowed = OverflowFlags(count: threads)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                let slot = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
                defer { slot.deallocate() }
                var over = false
                for x in 0..<n where plan.pieceOf[x] >= 0 && plan.threadOf[Int(plan.pieceOf[x])] == thread {
                    over = CCHMetric.relaxLowerTriangles(of: x, t, slot) || over
                }
                overflowed.set(thread, over)
            }
            let slot = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
            defer { slot.deallocate() }
            var over = overflowed.any
            for x in 0..<n where plan.pieceOf[x] < 0 { over = CCHMetric.relaxLowerTriangles(of: x, t, slot) || over }
            return over
        }
        let slot = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
        defer { slot.deallocate() }
        var over = false
        for x in 0..<n { over = CCHMetric.relaxLowerTriangles(of: x, t, slot) || over }
        return over
    }

    /// Relaxes every lower triangle {w, x, y} into the upward edges of `x`; `slot` is n-sized scratch.
    /// True when a finite shortcut reached 2³² − 1.
    @inline(__always)
    static func relaxLowerTriangles(of x: Int, _ t: Topology, _ slot: UnsafeMutablePointer<UInt32>) -> Bool {
        let upFirst = t.upFirst!, upHead = t.upHead!, upTail = t.upTail!, downEdge = t.downEdge!
        let weight = t.weight, middle = t.middle
        let begin = Int(t.downFirst[x]), end = Int(t.downFirst[x + 1])
        if begin == end { return false }
        for e in Int(upFirst[x])..<Int(upFirst[x + 1]) { slot[Int(upHead[e])] = UInt32(truncatingIfNeeded: e) }
        var overflow = false
        for i in begin..<end {
            let ewx = Int(downEdge[i])
            let w = Int(upTail[ewx])
            let wToX = UInt64(weight[2 &* ewx]), xToW = UInt64(weight[2 &* ewx &+ 1])
            if wToX == UInt64(UInt32.max) && xToW == UInt64(UInt32.max) { continue }
            let last = Int(upFirst[w &+ 1])
            var ewy = ewx &+ 1
            while ewy < last {
                let exy = Int(slot[Int(upHead[ewy])])
                let up = xToW &+ UInt64(weight[2 &* ewy])  // x → w → y
                if up < UInt64(weight[2 &* exy]) {
                    weight[2 &* exy] = UInt32(truncatingIfNeeded: up)
                    middle[2 &* exy] = UInt32(truncatingIfNeeded: ewx)
                } else if up >= UInt64(UInt32.max) && xToW != UInt64(UInt32.max) && weight[2 &* ewy] != .max {
                    overflow = true
                }
                let down = UInt64(weight[2 &* ewy &+ 1]) &+ wToX  // y → w → x
                if down < UInt64(weight[2 &* exy &+ 1]) {
                    weight[2 &* exy &+ 1] = UInt32(truncatingIfNeeded: down)
                    middle[2 &* exy &+ 1] = UInt32(truncatingIfNeeded: ewx)
                } else if down >= UInt64(UInt32.max) && wToX != UInt64(UInt32.max) && weight[2 &* ewy &+ 1] != .max {
                    overflow = true
                }
                ewy &+= 1
            }
        }
        return overflow
    }

    /// Disjoint elimination-tree subtrees ("pieces") for parallel customization, and the thread of each piece.
    struct ParallelPlan: Sendable {
        /// Piece of each node, -1 for the nodes above the pieces (customized afterwards, serially).
        var pieceOf: [Int32]
        var threadOf: [Int]
    }

    /// Splits the elimination tree from the roots down, always at the heaviest subtree (work = its lower
    /// triangles), until no piece exceeds 1/(8·threads) of the total; assigns pieces to threads by longest
    /// processing time first. O(n + E + p log p) for p pieces. Depends on the topology only.
    func parallelPlan(threads: Int) -> ParallelPlan {
        let h = hierarchy
        let n = h.nodeCount
        var work = [Double](repeating: 1, count: n)
        for x in 0..<n {
            for i in Int(h.downFirst[x])..<Int(h.downFirst[x + 1]) {
                let e = Int(h.downEdge[i])
                work[x] += Double(Int(h.upFirst[Int(h.upTail[e]) + 1]) - e)
            }
        }
        var subtree = work
        var childFirst = [Int32](repeating: -1, count: n)
        var sibling = [Int32](repeating: -1, count: n)
        var roots: [Int] = []
        for x in 0..<n {
            let p = h.parent[x]
            if p == .max { roots.append(x); continue }
            subtree[Int(p)] += subtree[x]
            sibling[x] = childFirst[Int(p)]
            childFirst[Int(p)] = Int32(x)
        }
        let total = roots.reduce(0) { $0 + subtree[$1] }
        let limit = total / Double(8 * threads)
        var pieces = roots
        var isTop = [Bool](repeating: false, count: n)
        while true {
            guard let heaviest = pieces.indices.max(by: { subtree[pieces[$0]] < subtree[pieces[$1]] }),
                  subtree[pieces[heaviest]] > limit, childFirst[pieces[heaviest]] >= 0 else { break }
            let x = pieces.remove(at: heaviest)
            isTop[x] = true
            var c = childFirst[x]
            while c >= 0 { pieces.append(Int(c)); c = sibling[Int(c)] }
            if pieces.count > 64 * threads { break }
        }
        pieces.sort { (subtree[$0], $1) > (subtree[$1], $0) }
        var load = [Double](repeating: 0, count: threads)
        var threadOf = [Int](repeating: 0, count: pieces.count)
        var pieceRoot = [Int32](repeating: -1, count: n)
        for (i, r) in pieces.enumerated() {
            let t = load.indices.min { load[$0] < load[$1] }!
            load[t] += subtree[r]
            threadOf[i] = t
            pieceRoot[r] = Int32(i)
        }
        var pieceOf = [Int32](repeating: -1, count: n)
        for x in stride(from: n - 1, through: 0, by: -1) {
            if pieceRoot[x] >= 0 { pieceOf[x] = pieceRoot[x]; continue }
            let p = h.parent[x]
            if p != .max && !isTop[Int(p)] { pieceOf[x] = pieceOf[Int(p)] }
        }
        return ParallelPlan(pieceOf: pieceOf, threadOf: threadOf)
    }
}

/// One flag per customization thread (each thread writes only its own).
private final class OverflowFlags: @unchecked Sendable {
    private let flags: UnsafeMutablePointer<Bool>
    private let count: Int
    init(count: Int) {
        self.count = count
        flags = .allocate(capacity: count)
        flags.initialize(repeating: false, count: count)
    }
    deinit { flags.deallocate() }
    func set(_ i: Int, _ value: Bool) { flags[i] = value }
    var any: Bool { (0..<count).contains { flags[$0] } }
}
