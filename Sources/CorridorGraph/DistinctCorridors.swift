/// "Distinct corridors": up to k alternative routes between two nodes, each sharing at most a
/// fraction `maxOverlap` of its length with every better route already accepted.
///
/// Method (penalty method): search a shortest path; accept it if its overlap with each accepted
/// path is within the bound; then, whether accepted or not, multiply the working weight of every
/// arc it used — and of every arc in the same group (e.g. the opposite direction of the same
/// road) — by `penaltyFactor` (at least +1, so zero-weight arcs are penalised too; capped below
/// `UInt32.max`, which stays reserved for closed arcs) and search again. Stops after `k` accepted
/// routes, after `maxIterations` searches, or when penalising no longer changes any weight.
///
/// Overlap of a candidate C with an accepted route A is measured with the ORIGINAL per-arc
/// `overlapLength` (e.g. metres): the summed `overlapLength` of C's arcs whose group is used by
/// A, divided by C's total `overlapLength` (each arc counted once). If C's total is zero, arc
/// counts are used instead. The first route is always the true shortest path.
/// Reported `Path.length`s are true (unpenalised) lengths under `weights`.
///
/// Each search is an A* search guided by the exact unpenalised distances to the target (one
/// reverse Dijkstra up front; a consistent potential since penalties only raise weights).
///
/// Complexity: O(maxIterations · (m + n log n) + maxIterations · k · L) time, O(n + m) memory.
public enum DistinctCorridors {
    /// Returns up to `k` corridors from `source` to `target`, in the order accepted
    /// (non-decreasing penalised cost; the first is a shortest path).
    ///
    /// - Parameters:
    ///   - weights: per-arc routing weights (`UInt32.max` = closed).
    ///   - overlapLength: per-arc length used to measure overlap.
    ///   - groupOfArc: per-arc infrastructure group; nil means every arc is its own group.
    ///   - maxOverlap: allowed shared fraction in `[0, 1]`.
    ///   - penaltyFactor: weight multiplier (> 1) applied to the arcs of each route found.
    ///   - maxIterations: bound on searches (default `4·k + 4`).
    public static func find(graph: CSRGraph, from source: UInt32, to target: UInt32, k: Int,
                            weights: [UInt32], overlapLength: [UInt64], groupOfArc: [UInt32]? = nil,
                            maxOverlap: Double, penaltyFactor: Double = 1.6, maxIterations: Int? = nil,
                            query: DijkstraQuery? = nil) -> [Path] {
        let m = graph.arcCount
        precondition(weights.count == m && overlapLength.count == m, "per-arc arrays must have one entry per arc")
        precondition(groupOfArc == nil || groupOfArc!.count == m, "groupOfArc must have one entry per arc")
        precondition(penaltyFactor > 1, "penaltyFactor must exceed 1")
        precondition(maxOverlap >= 0, "maxOverlap must be non-negative")
        if k <= 0 { return [] }
        let dijkstra = query ?? DijkstraQuery(graph: graph)
        let iterations = maxIterations ?? (4 * k + 4)

        // Arcs of each group, via a sort of arc ids by group (only needed when groups are given).
        let groupOf: (Int) -> UInt32 = { a in groupOfArc.map { $0[a] } ?? UInt32(a) }
        // Arcs sorted by (group, arc), packed in one UInt64 each; a group's arcs are found by
        // binary search, so no per-group table is needed.
        var membersByGroup: [UInt64] = []
        if let groupOfArc {
            membersByGroup = (0..<m).map { UInt64(groupOfArc[$0]) << 32 | UInt64($0) }
            membersByGroup.sort()
        }
        func groupMembers(_ g: UInt32) -> Range<Int> {
            func lowerBound(_ key: UInt64) -> Int {
                var lo = 0, hi = membersByGroup.count
                while lo < hi { let mid = (lo + hi) / 2; if membersByGroup[mid] < key { lo = mid + 1 } else { hi = mid } }
                return lo
            }
            return lowerBound(UInt64(g) << 32)..<lowerBound((UInt64(g) + 1) << 32)
        }

        // Penalties only raise weights, so exact distances to the target under `weights` are a
        // consistent A* potential for every penalised search.
        let toTarget = KShortestPaths.distancesToTarget(dijkstra, target, weights)
        var work = weights
        var accepted: [Path] = []
        var acceptedGroups: [Set<UInt32>] = []
        var seenRoutes = Set<[UInt32]>()
        for _ in 0..<iterations {
            guard let found = dijkstra.shortestPath(from: source, to: target, weights: work,
                                                    potential: { toTarget[Int($0)] }) else { break }
            let arcs = found.arcs
            if seenRoutes.insert(arcs).inserted {
                let acceptable = acceptedGroups.allSatisfy { overlapFraction(arcs, with: $0) <= maxOverlap }
                if acceptable {
                    accepted.append(graph.path(start: source, arcs: arcs, weights: weights))
                    acceptedGroups.append(Set(arcs.map { groupOf(Int($0)) }))
                    if accepted.count == k { break }
                }
            }
            // Nothing left to penalise means the next search would repeat this one.
            if arcs.isEmpty || !penalise(arcs) { break }
        }
        return accepted

        func overlapFraction(_ arcs: [UInt32], with groups: Set<UInt32>) -> Double {
            var total: UInt64 = 0, shared: UInt64 = 0, sharedCount = 0
            var countedGroups = Set<UInt32>()
            for a in arcs {
                let g = groupOf(Int(a))
                // Count each piece of infrastructure once (a route may use both directions).
                if !countedGroups.insert(g).inserted { continue }
                total += overlapLength[Int(a)]
                if groups.contains(g) { shared += overlapLength[Int(a)]; sharedCount += 1 }
            }
            if total == 0 { return countedGroups.isEmpty ? 0 : Double(sharedCount) / Double(countedGroups.count) }
            return Double(shared) / Double(total)
        }

        /// Penalises the arcs of `arcs` and their groups. Returns true if any weight changed.
        func penalise(_ arcs: [UInt32]) -> Bool {
            var changed = false
            var done = Set<UInt32>()
            for a in arcs {
                let g = groupOf(Int(a))
                if !done.insert(g).inserted { continue }
                if groupOfArc != nil {
                    for i in groupMembers(g) { changed = bump(Int(membersByGroup[i] & 0xFFFF_FFFF)) || changed }
                } else {
                    changed = bump(Int(a)) || changed
                }
            }
            return changed
        }

        func bump(_ a: Int) -> Bool {
            let w = work[a]
            if w == .max || w == .max - 1 { return false }
            let scaled = (Double(w) * penaltyFactor).rounded(.up)
            let next = scaled >= Double(UInt32.max - 1) ? UInt32.max - 1 : max(UInt32(scaled), w + 1)
            work[a] = next
            return next != w
        }
    }
}
