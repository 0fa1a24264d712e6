import Testing
@testable import CorridorGraph

@Suite struct CSRGraphTests {
    @Test func buildSortsArcsStablyByTailAndIndexesReverseArcs() {
        let (g, order) = CSRGraph.build(nodeCount: 4, tails: [2, 0, 2, 1, 0], heads: [3, 1, 0, 2, 3])
        #expect(g.nodeCount == 4 && g.arcCount == 5)
        #expect(order == [1, 4, 3, 0, 2])
        #expect(g.tail == [0, 0, 1, 2, 2])
        #expect(g.head == [1, 3, 2, 3, 0])
        #expect(g.firstOut == [0, 2, 3, 5, 5])
        #expect(g.outArcs(of: 3).isEmpty)
        // Every arc appears exactly once in the reverse adjacency of its head.
        for v in 0..<UInt32(4) {
            for p in g.inArcPositions(of: v) { #expect(g.head[Int(g.inArcs[p])] == v) }
        }
        #expect(g.inArcs.sorted() == [0, 1, 2, 3, 4])
    }

    @Test func reverseArraysAreDerivedOnFirstUseAndMatchTheArcs() {
        var state: UInt64 = 42
        func next(_ bound: Int) -> UInt32 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt32((state >> 33) % UInt64(bound))
        }
        for (n, m) in [(1, 0), (5, 12), (60, 400)] {
            let tails = (0..<m).map { _ in next(n) }, heads = (0..<m).map { _ in next(n) }
            let (g, order) = CSRGraph.build(nodeCount: n, tails: tails, heads: heads)
            #expect(!g.hasReverseAdjacency)
            let copy = g
            // Brute force: the tail of each arc from the input, the arcs entering each node in increasing id.
            #expect(g.tail == order.map { tails[Int($0)] })
            #expect(copy.hasReverseAdjacency)  // built once, shared by copies
            for v in 0..<UInt32(n) {
                let entering = (0..<m).filter { g.head[$0] == v }.map { UInt32($0) }
                #expect(g.inArcPositions(of: v).map { g.inArcs[$0] } == entering)
            }
            #expect(g.firstIn.count == n + 1 && g.firstIn.last.map(Int.init) == m)
            #expect(CSRGraph(validatedFirstOut: g.firstOut, head: g.head) == g)
        }
    }
}
