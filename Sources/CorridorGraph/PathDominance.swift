import Dispatch

/// Dominance between failure elements (sets of arcs that fail together) on the paths from sources to sinks.
///
/// Element `j` dominates element `i` when every source–sink walk through an arc of `i` (positive capacity) also uses
/// an arc of `j`. Then the walks left without `j` are a subset of those left without `i`, whatever else fails too, so
/// removing `j` leaves no more throughput than removing `i` (and no cheaper flow, costs ≥ 0): any flow of the network
/// without `j` decomposes into paths avoiding `j`, hence `i`, and cycles. Elements in series on one corridor dominate
/// each other; a junction dominates the pieces that can only be used through it. An interdiction search may drop an
/// element dominated by one that costs no more (see `FlowAnalyzer.interdict`).
public enum PathDominance {
    /// For each element, the elements that dominate it (ascending, never itself); empty for an element with no arc on
    /// a source–sink walk (it dominates nothing and is dominated by nothing here).
    ///
    /// - Complexity: O(E · (n + m + Σ|element|)) for E elements, in parallel over the dominating element.
    public static func dominators(_ network: FlowNetwork, sources: [UInt32], sinks: [UInt32], elements: [[UInt32]]) -> [[Int]] {
        let whole = WalkGraph(network, keeping: nil)
        let m = network.arcCount
        var scratch = WalkGraph.Scratch(nodeCount: network.nodeCount, arcCount: m)
        whole.reach(sources, sinks, &scratch)
        let relevant = elements.map { e in e.contains { Int($0) < m && whole.onWalk(Int($0), scratch) } }
        // A walk avoiding an element uses only arcs on some walk of the intact network: search those alone.
        let graph = WalkGraph(network, keeping: (0..<m).map { whole.onWalk($0, scratch) })

        // For each j, the elements it dominates (its own slot, so the result does not depend on thread order).
        let count = elements.count
        let slots = ParallelSlots<[Int]>(count: count)
        let chunks = max(1, min(count, 64))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var scratch = WalkGraph.Scratch(nodeCount: network.nodeCount, arcCount: m)
            for j in stride(from: chunk, to: count, by: chunks) where relevant[j] {
                for a in elements[j] where Int(a) < m { scratch.removed[Int(a)] = true }
                graph.reach(sources, sinks, &scratch)
                var found: [Int] = []
                for i in 0..<count where i != j && relevant[i] {
                    if !elements[i].contains(where: { Int($0) < m && !scratch.removed[Int($0)] && graph.onWalk(Int($0), scratch) }) {
                        found.append(i)
                    }
                }
                for a in elements[j] where Int(a) < m { scratch.removed[Int(a)] = false }
                slots.store(j, found)
            }
        }
        var result = [[Int]](repeating: [], count: count)
        for j in 0..<count { for i in slots.take(j) ?? [] { result[i].append(j) } }
        return result
    }
}

/// The usable arcs (positive capacity, not a loop) of a flow network as forward and backward adjacency (CSR).
private struct WalkGraph: Sendable {
    let tails: [UInt32], heads: [UInt32]
    let usable: [Bool]
    let outStart: [Int], outArcs: [Int32], inStart: [Int], inArcs: [Int32]

    /// Per-search state: the arcs taken away and the nodes reached from the sources and reaching the sinks.
    struct Scratch {
        var removed: [Bool]
        var fromSources: [Bool], toSinks: [Bool]
        var stack: [Int] = []
        init(nodeCount: Int, arcCount: Int) {
            removed = [Bool](repeating: false, count: arcCount)
            fromSources = [Bool](repeating: false, count: nodeCount)
            toSinks = fromSources
        }
    }

    /// The usable arcs of `network`, only those of `keeping` if given.
    init(_ network: FlowNetwork, keeping: [Bool]?) {
        let n = network.nodeCount, m = network.arcCount
        tails = network.tails; heads = network.heads
        usable = (0..<m).map { network.capacities[$0] > 0 && network.tails[$0] != network.heads[$0] && keeping?[$0] != false }
        var outStart = [Int](repeating: 0, count: n + 1), inStart = outStart
        for a in 0..<m where usable[a] { outStart[Int(tails[a]) + 1] += 1; inStart[Int(heads[a]) + 1] += 1 }
        for v in 0..<n { outStart[v + 1] += outStart[v]; inStart[v + 1] += inStart[v] }
        var outArcs = [Int32](repeating: 0, count: outStart[n]), inArcs = [Int32](repeating: 0, count: inStart[n])
        var fillOut = outStart, fillIn = inStart
        for a in 0..<m where usable[a] {
            outArcs[fillOut[Int(tails[a])]] = Int32(a); fillOut[Int(tails[a])] += 1
            inArcs[fillIn[Int(heads[a])]] = Int32(a); fillIn[Int(heads[a])] += 1
        }
        self.outStart = outStart; self.outArcs = outArcs; self.inStart = inStart; self.inArcs = inArcs
    }

    /// Fills `fromSources` and `toSinks` over the usable arcs not removed. O(n + m).
    func reach(_ sources: [UInt32], _ sinks: [UInt32], _ s: inout Scratch) {
        search(sources, forward: true, &s.fromSources, s.removed, &s.stack)
        search(sinks, forward: false, &s.toSinks, s.removed, &s.stack)
    }

    private func search(_ starts: [UInt32], forward: Bool, _ seen: inout [Bool], _ removed: [Bool], _ stack: inout [Int]) {
        for i in seen.indices { seen[i] = false }
        stack.removeAll(keepingCapacity: true)
        for v in starts where !seen[Int(v)] { seen[Int(v)] = true; stack.append(Int(v)) }
        while let v = stack.popLast() {
            let range = forward ? outStart[v]..<outStart[v + 1] : inStart[v]..<inStart[v + 1]
            for p in range {
                let a = Int(forward ? outArcs[p] : inArcs[p])
                if removed[a] { continue }
                let w = Int(forward ? heads[a] : tails[a])
                if !seen[w] { seen[w] = true; stack.append(w) }
            }
        }
    }

    /// Whether arc `a` lies on a source–sink walk of the last `reach`.
    func onWalk(_ a: Int, _ s: Scratch) -> Bool { usable[a] && s.fromSources[Int(tails[a])] && s.toSinks[Int(heads[a])] }
}
