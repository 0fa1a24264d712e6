import Testing
@testable import CorridorGraph

@Suite struct DIMACSTests {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func minCostFlowRoundTrip() throws {
        for seed in UInt64(0)..<200 {
            let net = FlowRandomNetworks.make(seed: seed)
            let text = DIMACS.writeMinCostFlow(net)
            #expect(try DIMACS.readMinCostFlow(bytes(text)) == net, "seed \(seed)")
            #expect(DIMACS.problemKind(of: bytes(text)) == .minCostFlow)
        }
    }

    @Test func maxFlowShortestPathAndEdgeListRoundTrips() throws {
        for seed in UInt64(0)..<100 {
            var net = FlowRandomNetworks.make(seed: seed, lowerBounds: false)
            net.costs = net.costs.map { _ in 0 }
            net.supplies = net.supplies.map { _ in 0 }
            let t = UInt32(net.nodeCount - 1)
            let max = try DIMACS.readMaxFlow(bytes(DIMACS.writeMaxFlow(net, source: 0, sink: t)))
            #expect(max == DIMACS.MaxFlowProblem(network: net, source: 0, sink: t))
            let sp = DIMACS.ShortestPathProblem(
                nodeCount: net.nodeCount, tails: net.tails, heads: net.heads, weights: net.capacities)
            #expect(try DIMACS.readShortestPath(bytes(DIMACS.writeShortestPath(sp))) == sp)
            let edges = DIMACS.EdgeListProblem(nodeCount: net.nodeCount, firstEnds: net.tails, secondEnds: net.heads)
            #expect(try DIMACS.readEdgeList(bytes(DIMACS.writeEdgeList(edges))) == edges)
        }
    }

    @Test func commentsBlankLinesTabsAndCRLF() throws {
        let text = "c hello\r\n\r\np min 3 2\r\nn 1 5\r\n\tn 3 -5\r\nc mid\r\na 1 2 0 10 3\r\na\t2 3 1 10 -2 \r\n"
        let net = try DIMACS.readMinCostFlow(bytes(text))
        #expect(net.nodeCount == 3 && net.supplies == [5, 0, -5])
        #expect(net.tails == [0, 1] && net.heads == [1, 2] && net.lowerBounds == [0, 1] && net.costs == [3, -2])
        let pace = try DIMACS.readEdgeList(bytes("c x\np tw 3 2\n1 2\n2 3\n"))
        #expect(pace.firstEnds == [0, 1] && pace.secondEnds == [1, 2])
    }

    func expectError(_ text: String, line: Int, _ kind: DIMACSError.Kind, as type: DIMACS.ProblemKind = .minCostFlow) {
        do {
            switch type {
            case .minCostFlow: _ = try DIMACS.readMinCostFlow(bytes(text))
            case .maxFlow: _ = try DIMACS.readMaxFlow(bytes(text))
            case .shortestPath: _ = try DIMACS.readShortestPath(bytes(text))
            case .edgeList: _ = try DIMACS.readEdgeList(bytes(text))
            }
            Issue.record("no error for \(text.debugDescription)")
        } catch {
            #expect(error == DIMACSError(line: line, kind: kind), "\(text.debugDescription)")
        }
    }

    @Test func errorsCarryLineNumbers() {
        expectError("c x\np min 2 1\na 1 2 0 x5 1\n", line: 3, .badToken("x5"))
        expectError("c x\na 1 2 0 5 1\np min 2 1\n", line: 2, .lineBeforeProblemLine)
        expectError("p min 2 1\na 1 3 0 5 1\n", line: 2, .nodeOutOfRange(3))
        expectError("p min 2 1\na 0 1 0 5 1\n", line: 2, .nodeOutOfRange(0))
        expectError("p min 2 1\np min 2 1\n", line: 2, .duplicateProblemLine)
        expectError("c\np min 2 2\na 1 2 0 5 1\n", line: 2, .countMismatch(expected: 2, found: 1))
        expectError("p min 2 1\na 1 2 0 5 1\na 2 1 0 5 1\n", line: 3, .countMismatch(expected: 1, found: 2))
        expectError("p min 2 1\nx 1 2\n", line: 2, .unknownLineType("x"))
        expectError("p min 2 1\narc 1 2 0 5 1\n", line: 2, .unknownLineType("arc"))
        expectError("p max 2 1\n", line: 1, .wrongProblemType(expected: "min", found: "max"))
        expectError("c only comments\n", line: 1, .missingProblemLine)
        expectError("", line: 1, .missingProblemLine)
        expectError("p min 2 1\na 1 2 0 5\n", line: 2, .missingField("cost"))
        expectError("p min 2 1\na 1 2 0 5 1 9\n", line: 2, .extraField)
        expectError("p min 2 1\na 1 2 6 5 1\n", line: 2, .invalidValue("capacity 5 below lower bound 6"))
        expectError("p min 2 1\na 1 2 -1 5 1\n", line: 2, .invalidValue("negative lower bound -1"))
        expectError("p min 2 0\nn 1 4\nn 1 3\n", line: 3, .invalidValue("second supply line for node 1"))
        expectError("p min 2 0\nn 1 99999999999999999999\n", line: 2, .badToken("99999999999999999999"))
        expectError("p min -2 0\n", line: 1, .invalidValue("node count -2 out of range"))
        expectError("p max 2 1\nn 1 s\na 1 2 -4\n", line: 3, .invalidValue("negative capacity -4"), as: .maxFlow)
        expectError("p max 2 1\nn 1 s\na 1 2 4\n", line: 1, .missingTerminal("sink"), as: .maxFlow)
        expectError("p max 2 1\nn 2 t\na 1 2 4\n", line: 1, .missingTerminal("source"), as: .maxFlow)
        expectError("p max 2 0\nn 1 s\nn 2 q\n", line: 3, .badToken("q"), as: .maxFlow)
        expectError("p max 2 0\nn 1 s\nn 2 s\n", line: 3, .invalidValue("second source line"), as: .maxFlow)
        expectError("p sp 2 1\nn 1 2\n", line: 2, .unknownLineType("n"), as: .shortestPath)
        expectError("p tw 2 1\n1 2 3\n", line: 2, .extraField, as: .edgeList)
        expectError("p tw 2 1\n1\n", line: 2, .missingField("head"), as: .edgeList)
    }

    @Test func solutionWriters() throws {
        var net = FlowNetwork(nodeCount: 3)
        net.addArc(from: 0, to: 1, capacity: 5, cost: 2)
        net.addArc(from: 1, to: 2, capacity: 5, cost: 3)
        net.addArc(from: 0, to: 2, capacity: 5, cost: 9)
        net.supplies = [3, 0, -3]
        let result = try MinCostFlow.solve(net)
        #expect(DIMACS.minCostFlowSolution(net, result, includeFlows: true) == "s 15\nf 1 2 3\nf 2 3 3\n")
        #expect(DIMACS.minCostFlowSolution(net, result, includeFlows: false) == "s 15\n")
        let max = try MaxFlow.solve(net, source: 0, sink: 2)
        #expect(DIMACS.maxFlowSolution(net, max, includeFlows: false) == "s 10\n")
        #expect(DIMACS.shortestPathSolution(distances: [0, nil, 7]) == "d 1 0\nd 3 7\n")
    }
}
