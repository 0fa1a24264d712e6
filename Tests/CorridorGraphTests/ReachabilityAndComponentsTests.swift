import Testing
@testable import CorridorGraph

@Suite struct ReachabilityTests {
    @Test func reachedSetEqualsNodesWithinBudget() {
        var rng = SplitMix64(seed: 31)
        for _ in 0..<1000 {
            let n = 1 + rng.below(25)
            let wg = randomGraph(&rng, nodes: n, arcs: rng.below(4 * n + 1))
            let sources = (0..<(1 + rng.below(2))).map { _ in (node: UInt32(rng.below(n)), initialDistance: UInt64(rng.below(4))) }
            let budget = UInt64(rng.below(50))
            let reverse = rng.below(2) == 1
            let q = DijkstraQuery(graph: wg.graph)
            let r = q.reachable(from: sources, within: budget, weights: wg.weights, direction: reverse ? .reverse : .forward)
            let bf = bellmanFord(wg.graph, wg.weights, sources: sources.map { ($0.node, $0.initialDistance) }, reverse: reverse)
            let expected = (0..<UInt32(n)).filter { bf[Int($0)] <= budget }
            #expect(r.nodes.sorted() == expected)
            #expect(zip(r.nodes, r.distances).allSatisfy { bf[Int($0)] == $1 })
            // Arcs: exactly the open arcs out of (into, for reverse) reached nodes; fractions consistent.
            let expectedArcs = (0..<wg.graph.arcCount).filter { a in
                let from = reverse ? wg.graph.head[a] : wg.graph.tail[a]
                return wg.weights[a] != .max && bf[Int(from)] <= budget
            }
            #expect(r.arcs.map { Int($0.arc) }.sorted() == expectedArcs)
            for ra in r.arcs {
                let a = Int(ra.arc)
                let from = reverse ? wg.graph.head[a] : wg.graph.tail[a]
                let to = reverse ? wg.graph.tail[a] : wg.graph.head[a]
                let slack = Double(budget - bf[Int(from)])
                let w = Double(wg.weights[a])
                #expect(ra.fractionWithinBudget >= 0 && ra.fractionWithinBudget <= 1)
                #expect(w == 0 ? ra.fractionWithinBudget == 1 : abs(ra.fractionWithinBudget - min(1, slack / w)) < 1e-12)
                // A fully covered arc reaches its other end within the budget.
                if ra.fractionWithinBudget == 1 { #expect(bf[Int(to)] <= budget) }
            }
        }
    }
}

@Suite struct ConnectedComponentsTests {
    /// Union-find reference for weak components.
    func weakReference(_ g: CSRGraph) -> [Int] {
        var parent = Array(0..<g.nodeCount)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for a in 0..<g.arcCount { parent[find(Int(g.tail[a]))] = find(Int(g.head[a])) }
        return (0..<g.nodeCount).map(find)
    }

    /// Transitive-closure reference: u, v strongly connected iff each reaches the other.
    func reachMatrix(_ g: CSRGraph) -> [[Bool]] {
        let n = g.nodeCount
        var r = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        for s in 0..<n {
            var stack = [s]; r[s][s] = true
            while let u = stack.popLast() {
                for a in g.outArcs(of: UInt32(u)) where !r[s][Int(g.head[a])] { r[s][Int(g.head[a])] = true; stack.append(Int(g.head[a])) }
            }
        }
        return r
    }

    func checkCanonical(_ c: ComponentLabeling, n: Int) {
        #expect(c.componentOfNode.count == n)
        #expect(c.sizes.reduce(0, +) == n)
        let smallest = (0..<c.count).map { comp in c.componentOfNode.firstIndex(of: UInt32(comp))! }
        for i in 1..<max(c.count, 1) {
            #expect(c.sizes[i - 1] > c.sizes[i] || (c.sizes[i - 1] == c.sizes[i] && smallest[i - 1] < smallest[i]))
        }
        for comp in 0..<c.count { #expect(c.componentOfNode.filter { $0 == comp }.count == c.sizes[comp]) }
    }

    @Test func weakAndStrongMatchReferences() {
        var rng = SplitMix64(seed: 41)
        for _ in 0..<800 {
            let n = 1 + rng.below(30)
            let wg = randomGraph(&rng, nodes: n, arcs: rng.below(2 * n + 1))
            let g = wg.graph
            let weak = ConnectedComponents.weak(g)
            // Union-find over the out-arcs: the reverse adjacency stays unbuilt (memory of `info` on large networks).
            #expect(!g.hasReverseAdjacency)
            let uf = weakReference(g)
            checkCanonical(weak, n: n)
            let strong = ConnectedComponents.strong(g)
            checkCanonical(strong, n: n)
            let r = reachMatrix(g)
            for u in 0..<n { for v in 0..<n {
                #expect((weak.componentOfNode[u] == weak.componentOfNode[v]) == (uf[u] == uf[v]))
                #expect((strong.componentOfNode[u] == strong.componentOfNode[v]) == (r[u][v] && r[v][u]))
            } }
        }
    }

    @Test func longPathDoesNotOverflowTheStack() {
        // A 200,000-node directed cycle: one SCC; recursion would overflow.
        let n = 200_000
        let tails = (0..<UInt32(n)).map { $0 }
        let heads = (0..<UInt32(n)).map { ($0 + 1) % UInt32(n) }
        let g = CSRGraph(nodeCount: n, sortedTails: tails, heads: heads)
        #expect(ConnectedComponents.strong(g).sizes == [n])
        let chain = CSRGraph(nodeCount: n, sortedTails: Array(tails.dropLast()), heads: Array(heads.dropLast()))
        #expect(ConnectedComponents.strong(chain).count == n)
        #expect(ConnectedComponents.weak(chain).sizes == [n])
    }
}
