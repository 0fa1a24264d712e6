import ArgumentParser
import CorridorKit
import Foundation

/// `corridor solve`: solves a DIMACS min-cost-flow or max-flow file and prints the optimum in DIMACS
/// solution style (`s VALUE`, optional `f u v flow` lines).
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a DIMACS min-cost-flow (p min), max-flow (p max) or shortest-path (p sp) file.",
        discussion: """
            Prints `s COST` (min) or `s VALUE` (max); with --flows also `f u v flow` for every arc with \
            nonzero flow, in file order. For shortest paths (p sp, .gr), prints `d node distance` for every node \
            reachable from --source, or `s DIST` for one --target. Files ending in .xz are decompressed with `xz -dc`; `-` reads stdin. \
            Exit status: 0 solved, 1 infeasible or unbounded, 64 usage, 65 malformed input, 66 missing file.
            """)

    @Argument(help: "DIMACS file (.min, .max, .sp, optionally .xz), or - for standard input.")
    var file: String

    @Option(help: "Problem format: min, max or sp (default: from the extension, else the p line).")
    var format: String?

    @Option(help: "Source node (1-based): for max flow, overrides the file's `n id s` line; for shortest paths, the start (default 1).")
    var source: Int?

    @Option(help: "Target node (1-based): for max flow, overrides the file's `n id t` line; for shortest paths, print only its distance (`s DIST`, with --flows the path).")
    var target: Int?

    @Flag(help: "Print the flow on every arc with nonzero flow.")
    var flows = false

    @Flag(help: "Print read/parse and solve times to standard error.")
    var timing = false

    func run() throws {
        let started = DispatchTime.now()
        let bytes = try readInput()
        let kind = try problemKind(bytes)
        switch kind {
        case .minCostFlow:
            let network = try parse { () throws(DIMACSError) in try DIMACS.readMinCostFlow(bytes) }
            let parsed = DispatchTime.now()
            let result: MinCostFlowResult
            do { result = try MinCostFlow.solve(network) } catch { try fail("\(error)", code: 65) }
            reportTiming(started, parsed)
            print(DIMACS.minCostFlowSolution(network, result, includeFlows: flows), terminator: "")
            switch result.status {
            case .optimal: break
            case .infeasible(let shortfalls):
                let list = shortfalls.prefix(5).map {
                    $0.amount > 0
                        ? "supply \($0.amount) stuck at node \($0.node + 1)"
                        : "demand \(-$0.amount) unmet at node \($0.node + 1)"
                }.joined(separator: ", ")
                try fail("infeasible: \(list)\(shortfalls.count > 5 ? ", ..." : "")", code: 1)
            case .unbounded:
                try fail("unbounded (negative-cost cycle of infinite capacity)", code: 1)
            }
        case .maxFlow:
            var problem = try parse { () throws(DIMACSError) in try DIMACS.readMaxFlow(bytes) }
            let parsed = DispatchTime.now()
            let n = problem.network.nodeCount
            for (value, name) in [(source, "--source"), (target, "--target")] {
                if let value, value < 1 || value > n {
                    try fail("\(name) \(value) out of range 1...\(n)", code: 64)
                }
            }
            if let source { problem.source = UInt32(source - 1) }
            if let target { problem.sink = UInt32(target - 1) }
            let result: MaxFlowResult
            do {
                result = try MaxFlow.solve(problem.network, source: problem.source, sink: problem.sink)
            } catch .unbounded {
                try fail("unbounded (infinite-capacity path from source to sink)", code: 1)
            } catch { try fail("\(error)", code: 65) }
            reportTiming(started, parsed)
            print(DIMACS.maxFlowSolution(problem.network, result, includeFlows: flows), terminator: "")
        case .shortestPath:
            let problem = try parse { () throws(DIMACSError) in try DIMACS.readShortestPath(bytes) }
            let n = problem.nodeCount
            let sourceNode = source ?? 1
            guard sourceNode >= 1 && sourceNode <= n else { try fail("--source \(sourceNode) out of range 1...\(n)", code: 64) }
            if let target, target < 1 || target > n { try fail("--target \(target) out of range 1...\(n)", code: 64) }
            // Dijkstra takes 32-bit weights (UInt32.max marks a closed arc), so larger or negative weights are refused.
            var weights = [UInt32]()
            weights.reserveCapacity(problem.weights.count)
            for (i, w) in problem.weights.enumerated() {
                guard w >= 0 && w < Int64(UInt32.max) else {
                    try fail("arc \(i + 1) has weight \(w); shortest paths need weights in 0...\(UInt32.max - 1)", code: 65)
                }
                weights.append(UInt32(w))
            }
            let (graph, order) = CSRGraph.build(nodeCount: n, tails: problem.tails, heads: problem.heads)
            let sortedWeights = order.map { weights[Int($0)] }
            let parsed = DispatchTime.now()
            let query = DijkstraQuery(graph: graph)
            let start = UInt32(sourceNode - 1)
            if let target {
                let path = query.shortestPath(from: start, to: UInt32(target - 1), weights: sortedWeights)
                reportTiming(started, parsed)
                guard let path else { try fail("node \(target) is unreachable from node \(sourceNode)", code: 1) }
                print("s \(path.length)")
                if flows { print(path.nodes.map { String($0 + 1) }.joined(separator: " ")) }
            } else {
                query.run(from: start, weights: sortedWeights)
                reportTiming(started, parsed)
                let distances = (0..<UInt32(n)).map { v -> Int64? in
                    let d = query.distance(to: v)
                    return d == UInt64.max ? nil : Int64(d)
                }
                print(DIMACS.shortestPathSolution(distances: distances), terminator: "")
            }
        case .edgeList:
            try fail("edge lists (p tw) have nothing to solve", code: 64)
        }
    }

    var displayName: String { file == "-" ? "<stdin>" : file }

    func fail(_ what: String, code: Int32, line: Int? = nil) throws -> Never {
        let whereText = line.map { "\(displayName):\($0)" } ?? displayName
        FileHandle.standardError.write(Data("corridor: \(what): \(whereText)\n".utf8))
        throw ExitCode(code)
    }

    func parse<T>(_ body: () throws(DIMACSError) -> T) throws -> T {
        do { return try body() } catch {
            try fail(error.kindDescription, code: 65, line: error.line)
        }
    }

    func problemKind(_ bytes: [UInt8]) throws -> DIMACS.ProblemKind {
        if let format {
            guard let kind = DIMACS.ProblemKind(rawValue: format), kind != .edgeList else {
                try fail("unknown --format '\(format)' (expected min, max or sp)", code: 64)
            }
            return kind
        }
        let name = file.hasSuffix(".xz") ? String(file.dropLast(3)) : file
        for kind in [DIMACS.ProblemKind.minCostFlow, .maxFlow, .shortestPath] where name.hasSuffix(".\(kind.rawValue)") {
            return kind
        }
        if name.hasSuffix(".gr") { return .shortestPath }
        guard let kind = DIMACS.problemKind(of: bytes) else {
            try fail("no problem line (p min|max|sp)", code: 65)
        }
        return kind
    }

    func readInput() throws -> [UInt8] {
        if file == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        guard FileManager.default.fileExists(atPath: file) else { try fail("no such file", code: 66) }
        if file.hasSuffix(".xz") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["xz", "-dc", file]
            let pipe = Pipe()
            process.standardOutput = pipe
            do { try process.run() } catch { try fail("cannot run xz (\(error))", code: 74) }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus != 0 { try fail("xz -dc failed", code: 65) }
            return [UInt8](data)
        }
        guard let data = FileManager.default.contents(atPath: file) else { try fail("cannot read", code: 66) }
        return [UInt8](data)
    }

    func reportTiming(_ started: DispatchTime, _ parsed: DispatchTime) {
        guard timing else { return }
        let now = DispatchTime.now()
        let read = Double(parsed.uptimeNanoseconds - started.uptimeNanoseconds) / 1e6
        let solve = Double(now.uptimeNanoseconds - parsed.uptimeNanoseconds) / 1e6
        FileHandle.standardError.write(
            Data(String(format: "timing: read+parse %.1f ms, solve %.1f ms\n", read, solve).utf8))
    }
}
