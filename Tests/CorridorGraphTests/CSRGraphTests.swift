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
}
