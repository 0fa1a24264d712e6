import ArgumentParser
import CorridorKit
import Foundation

/// `corridor solve`: solves a DIMACS min-cost-flow or max-flow file and prints the optimum in DIMACS
/// solution style (`s VALUE`, optional `f u v flow` lines).
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a DIMACS min-cost-flow (p min), max-flow (p max) or shortest-path (p sp) file.",
        discussion: Examples.after("""
            Prints `s COST` (min) or `s VALUE` (max); with --flows also `f u v flow` for every arc with \
            nonzero flow, in file order. For shortest paths (p sp, .gr), prints `d node distance` for every node \
            reachable from --source, or `s DIST` for one --target, or one `s DIST` line per pair of a --pairs file \
            (`s inf` when unreachable), in file order. Files ending in .xz are decompressed with `xz -dc`; `-` reads stdin. \
            Exit status: 0 solved, 1 infeasible or unbounded (or --target unreachable), 64 usage, 65 malformed input, \
            66 missing file.
            """, Examples.solve))

    @Argument(help: "DIMACS file (.min, .max, .sp, optionally .xz), or - for standard input.", completion: .file())
    var file: String

    @Option(help: ArgumentHelp("Problem type of the input: min, max or sp (default: from the extension, else the p line).",
                               valueName: "min|max|sp"))
    var problem: String?

    /// The input problem type was `--format` before issue 18 (`--format` is the output format of every other
    /// command): the old spelling is refused with the new one named.
    @Option(name: .customLong("format"), help: .hidden)
    var oldProblemFormat: String?

    @Flag(name: .long, help: "No progress output (solve prints none; accepted like every command).")
    var quiet = false

    func validate() throws {
        if let oldProblemFormat {
            throw ValidationError("solve's input problem type is now --problem \(oldProblemFormat) (--format is the output format of the other commands)")
        }
    }

    @Option(help: "Source node (1-based): for max flow, overrides the file's `n id s` line; for shortest paths, the start (default 1).")
    var source: Int?

    @Option(help: "Target node (1-based): for max flow, overrides the file's `n id t` line; for shortest paths, print only its distance (`s DIST`, with --flows the path).")
    var target: Int?

    @Option(help: ArgumentHelp("Shortest paths between many pairs: a file of `SOURCE TARGET` lines (1-based; blank and `c` lines skipped).",
                               valueName: "file"))
    var pairs: String?

    @Option(help: "Method for --pairs: cch (customizable contraction hierarchy), dijkstra, or auto (cch from \(PairQueries.hierarchyThreshold) pairs on).")
    var method: String = "auto"

    @Flag(help: "Print the flow on every arc with nonzero flow (shortest paths: the path's nodes after each `s` line).")
    var flows = false

    @Flag(help: "Print read/parse and solve times to standard error (with --pairs: order, contraction, customization and per-query percentiles).")
    var timing = false

    @Option(help: "Min-cost flow algorithm: automatic (by instance shape), network-simplex or cost-scaling.")
    var algorithm: String = "automatic"

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        let started = DispatchTime.now()
        let bytes = try readInput()
        let kind = try problemKind(bytes)
        switch kind {
        case .minCostFlow:
            guard let choice = MinCostFlow.Algorithm(rawValue: algorithm) else {
                try fail("unknown algorithm '\(algorithm)' (automatic, network-simplex, cost-scaling): --algorithm", code: 64)
            }
            let network = try parse { () throws(DIMACSError) in try DIMACS.readMinCostFlow(bytes) }
            let parsed = DispatchTime.now()
            let result: MinCostFlowResult
            do { result = try MinCostFlow.solve(network, algorithm: choice) } catch { try fail("\(error)", code: 65) }
            reportTiming(started, parsed)
            try StandardOutput.write(DIMACS.minCostFlowSolution(network, result, includeFlows: flows))
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
            try StandardOutput.write(DIMACS.maxFlowSolution(problem.network, result, includeFlows: flows))
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
            if let pairs {
                guard source == nil && target == nil else { try fail("--pairs excludes --source and --target", code: 64) }
                guard let kind = PairQueries.Method(rawValue: method) else {
                    try fail("unknown --method '\(method)' (expected cch, dijkstra or auto)", code: 64)
                }
                let list = try readPairs(pairs, nodeCount: n)
                let parsed = DispatchTime.now()
                let answer = PairQueries.solve(graph: graph, weights: sortedWeights, pairs: list, method: kind, paths: flows)
                var out = ""
                for (i, d) in answer.distances.enumerated() {
                    out += d == .max ? "s inf\n" : "s \(d)\n"
                    if flows, let path = answer.paths[i] { out += path.nodes.map { String($0 + 1) }.joined(separator: " ") + "\n" }
                }
                if timing {
                    let read = Double(parsed.uptimeNanoseconds - started.uptimeNanoseconds) / 1e6
                    StandardError.write(String(format: "timing: read+parse %.1f ms\n", read) + answer.timingReport)
                }
                try StandardOutput.write(out)
                return
            }
            let parsed = DispatchTime.now()
            let query = DijkstraQuery(graph: graph)
            let start = UInt32(sourceNode - 1)
            if let target {
                // Bidirectional: faster than the one-directional search on the bench road graphs (BENCHMARKS.md).
                let path = BidirectionalDijkstra(graph: graph).shortestPath(from: start, to: UInt32(target - 1), weights: sortedWeights)
                reportTiming(started, parsed)
                guard let path else { try fail("node \(target) is unreachable from node \(sourceNode)", code: 1) }
                var text = "s \(path.length)\n"
                if flows { text += path.nodes.map { String($0 + 1) }.joined(separator: " ") + "\n" }
                try StandardOutput.write(text)
            } else {
                query.run(from: start, weights: sortedWeights)
                reportTiming(started, parsed)
                let distances = (0..<UInt32(n)).map { v -> Int64? in
                    let d = query.distance(to: v)
                    return d == UInt64.max ? nil : Int64(d)
                }
                try StandardOutput.write(DIMACS.shortestPathSolution(distances: distances))
            }
        case .edgeList:
            try fail("edge lists (p tw) have nothing to solve", code: 64)
        }
    }

    var displayName: String { file == "-" ? "<stdin>" : file }

    /// Reads a pairs file: `SOURCE TARGET` per line (1-based ids in 1...n), blank lines and `c` comments skipped.
    func readPairs(_ path: String, nodeCount n: Int) throws -> [(UInt32, UInt32)] {
        guard FileManager.default.fileExists(atPath: path) else { try failAt("no such pairs file", path, code: 66) }
        guard let data = FileManager.default.contents(atPath: path) else { try failAt("cannot read pairs file", path, code: 66) }
        var result: [(UInt32, UInt32)] = []
        // Bytes, not Characters: "\r\n" is one Character, and a pairs file may come with either line end.
        let bytes = [UInt8](data)
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            let fields = bytes[start..<end].split(whereSeparator: { $0 == 32 || $0 == 9 || $0 == 13 })
                .map { String(decoding: $0, as: UTF8.self) }
            start = end + 1
            if fields.isEmpty || fields[0] == "c" { continue }
            guard fields.count == 2, let s = Int(fields[0]), let t = Int(fields[1]) else {
                try failAt("expected `SOURCE TARGET`", "\(path):\(lineNumber)", code: 65)
            }
            guard (1...n).contains(s) && (1...n).contains(t) else {
                try failAt("node out of range 1...\(n)", "\(path):\(lineNumber)", code: 65)
            }
            result.append((UInt32(s - 1), UInt32(t - 1)))
        }
        return result
    }

    /// Ends the command with one line `corridor: <what>: <where>` and the exit status `code`.
    func failAt(_ what: String, _ whereText: String, code: Int32) throws -> Never {
        throw CLIError(message: "\(what): \(whereText)", exitStatus: ExitStatus(rawValue: code) ?? .dataError)
    }

    /// Ends the command with one line `corridor: <what>: <file>[:line]` and the exit status `code`.
    func fail(_ what: String, code: Int32, line: Int? = nil) throws -> Never {
        let whereText = line.map { "\(displayName):\($0)" } ?? displayName
        throw CLIError(message: "\(what): \(whereText)", exitStatus: ExitStatus(rawValue: code) ?? .dataError)
    }

    func parse<T>(_ body: () throws(DIMACSError) -> T) throws -> T {
        do { return try body() } catch {
            try fail(error.kindDescription, code: 65, line: error.line)
        }
    }

    func problemKind(_ bytes: [UInt8]) throws -> DIMACS.ProblemKind {
        if let problem {
            guard let kind = DIMACS.ProblemKind(rawValue: problem), kind != .edgeList else {
                try fail("unknown --problem '\(problem)' (expected min, max or sp)", code: 64)
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
        StandardError.write(String(format: "timing: read+parse %.1f ms, solve %.1f ms\n", read, solve))
    }
}
