import ArgumentParser
import CorridorKit
import Foundation

/// `corridor bench` (hidden): times Corridor's graph algorithms on a DIMACS file for Tools/bench,
/// excluding reading and parsing (and, for sp, building the graph and its `WeightedAdjacency`). One untimed run gives the answer, then `--repeat` timed runs.
/// Prints one JSON line in the format of the peer drivers:
/// `{"tool": "corridor", "answer": "...", "times_s": [...], "parse_s": ..., "build_s": ...}`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time graph algorithms on a DIMACS file (for Tools/bench).",
        shouldDisplay: false)

    @Argument(help: "Problem: sp (one-to-all Dijkstra), p2p (CCH point-to-point), p2p-dijkstra, p2p-bidirectional, min (min-cost flow), max (max flow), route (point to point), flow (multicommodity flow of --demands on a network).")
    var problem: String

    @Argument(help: "DIMACS file (p sp, p min or p max); for route, a network manifest or line source.")
    var file: String

    @Option(help: "Comma-separated from:to place pairs for route; for p2p, a file of `SOURCE TARGET` lines (1-based).")
    var pairs: String = "Vladivostok:Harbin"

    @Option(help: "For p2p: write the contraction order (one 0-based node per line, rank order) to this file.")
    var orderOut: String?

    @Option(help: "For p2p: threads for the parallel customization.")
    var threads: Int = 2

    @Option(help: "Comma-separated 1-based source nodes for sp.")
    var sources: String = "1"

    @Option(help: "For flow: semicolon-separated ORIGIN:DESTINATION=TONNES demands.")
    var demands: String = ""

    @Option(help: "For flow: od, origin or pooled.")
    var commodities: String = "od"

    @Option(help: "For flow: write the three linear programs as PREFIX-throughput.mps, PREFIX-cost.mps, PREFIX-concurrent.mps.")
    var mps: String?

    @Flag(help: "For flow: skip the cold CLP solves of the exported arc-formulation programs (minutes on large networks).")
    var noArcSolves = false

    @Option(help: "For flow: CLP's method for the cold solves of the exported programs: automatic, dual, primal or barrier (with crossover).")
    var lpAlgorithm: String = "automatic"

    @Option(help: "For flow: all (whole flows: throughput, cost at it, λ, shadow prices, decomposition) or throughput (the maximum-throughput program alone, as the flow solves it: the number to compare with a peer on PREFIX-throughput.mps).")
    var objective: String = "all"

    @Option(name: .customLong("repeat"), help: "Number of timed runs (per source for sp).")
    var repeatCount: Int = 3

    @Option(help: "Min-cost flow algorithm: automatic, network-simplex or cost-scaling.")
    var algorithm: String = "automatic"

    func run() throws {
        let started = DispatchTime.now()
        if problem == "route" { return try benchRoute(started) }
        if problem == "load" { return try benchLoad() }
        if problem == "flow" { return try benchFlow() }
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("corridor: cannot read: \(file)\n".utf8))
            throw ExitCode(66)
        }
        let bytes = [UInt8](data)
        do {
            switch problem {
            case "sp": try benchShortestPaths(bytes, started)
            case "p2p", "p2p-dijkstra", "p2p-bidirectional":
                try benchPointToPoint(bytes, started, hierarchy: problem == "p2p", bidirectional: problem == "p2p-bidirectional")
            case "min": try benchMinCostFlow(bytes, started)
            case "max": try benchMaxFlow(bytes, started)
            default:
                FileHandle.standardError.write(Data("corridor: unknown problem '\(problem)': bench\n".utf8))
                throw ExitCode(64)
            }
        } catch let error as DIMACSError {
            FileHandle.standardError.write(Data("corridor: \(error.kindDescription): \(file):\(error.line)\n".utf8))
            throw ExitCode(65)
        }
    }

    func benchShortestPaths(_ bytes: [UInt8], _ started: DispatchTime) throws {
        let problem = try DIMACS.readShortestPath(bytes)
        let parsed = DispatchTime.now()
        let (graph, order) = CSRGraph.build(nodeCount: problem.nodeCount, tails: problem.tails, heads: problem.heads)
        let weights = order.map { i -> UInt32 in
            let w = problem.weights[Int(i)]
            precondition(w >= 0 && w < Int64(UInt32.max), "weight out of range")
            return UInt32(w)
        }
        // The interleaved (head, weight) arc array is built once per weights array, untimed, like
        // LEMON's StaticDigraph and length map; the timed call is the search alone.
        let adjacency = WeightedAdjacency(graph: graph, weights: weights)
        let query = DijkstraQuery(graph: graph)
        let built = DispatchTime.now()
        let sourceNodes = sources.split(separator: ",").map { UInt32($0)! - 1 }
        var reachable = 0
        var sum: UInt64 = 0
        for s in sourceNodes {
            query.run(from: s, adjacency: adjacency)
            reachable += query.settledNodes.count
            for v in query.settledNodes { sum += query.distance(to: v) }
        }
        var times: [Double] = []
        for _ in 0..<repeatCount {
            for s in sourceNodes {
                let a = DispatchTime.now()
                query.run(from: s, adjacency: adjacency)
                times.append(seconds(a, DispatchTime.now()))
            }
        }
        report("reachable=\(reachable) sum=\(sum)", times, seconds(started, parsed), seconds(parsed, built))
    }

    /// Point-to-point queries for the pairs in `--pairs`: with `hierarchy`, nested-dissection order, contraction,
    /// customization (serial once, then `--threads` parallel `--repeat` times) and the CCH queries, each phase
    /// timed; otherwise Dijkstra with early stop on the same pairs. The answer is (pairs reachable, sum of
    /// distances); `times_s` holds one time per query.
    func benchPointToPoint(_ bytes: [UInt8], _ started: DispatchTime, hierarchy: Bool, bidirectional: Bool = false) throws {
        let problem = try DIMACS.readShortestPath(bytes)
        let (graph, order) = CSRGraph.build(nodeCount: problem.nodeCount, tails: problem.tails, heads: problem.heads)
        let weights = order.map { i -> UInt32 in
            let w = problem.weights[Int(i)]
            precondition(w >= 0 && w < Int64(UInt32.max), "weight out of range")
            return UInt32(w)
        }
        guard let text = try? String(contentsOfFile: pairs, encoding: .utf8) else {
            FileHandle.standardError.write(Data("corridor: cannot read pairs: \(pairs)\n".utf8))
            throw ExitCode(66)
        }
        let queries = text.split(separator: "\n").compactMap { line -> (UInt32, UInt32)? in
            let f = line.split(separator: " ")
            guard f.count == 2, let s = UInt32(f[0]), let t = UInt32(f[1]) else { return nil }
            return (s - 1, t - 1)
        }
        let parsed = DispatchTime.now()
        var reachable = 0
        var sum: UInt64 = 0
        var times: [Double] = []
        var extra = ""
        if hierarchy {
            let rankOrder = NestedDissection.order(graph: graph)
            let ordered = DispatchTime.now()
            let cch = CustomizableContractionHierarchy(graph: graph, order: rankOrder)
            let contracted = DispatchTime.now()
            let metric = try CCHMetric(hierarchy: cch, weights: weights, threads: 1)
            let serial = seconds(contracted, DispatchTime.now())
            var parallel: [Double] = []
            for _ in 0..<max(1, repeatCount) {
                let a = DispatchTime.now()
                try metric.customize(weights: weights, threads: threads)
                parallel.append(seconds(a, DispatchTime.now()))
            }
            if let orderOut {
                try (rankOrder.map(String.init).joined(separator: "\n") + "\n").write(toFile: orderOut, atomically: true, encoding: .utf8)
            }
            let query = CCHQuery(metric: metric)
            var scanned: [Int] = []
            for (s, t) in queries {
                let a = DispatchTime.now()
                let d = query.distance(from: s, to: t)
                times.append(seconds(a, DispatchTime.now()))
                scanned.append(query.scannedNodeCount)
                if d != .max { reachable += 1; sum += d }
            }
            var pathTimes: [Double] = []
            for (s, t) in queries {
                let a = DispatchTime.now()
                _ = query.shortestPath(from: s, to: t)
                pathTimes.append(seconds(a, DispatchTime.now()))
            }
            extra = String(format: ", \"order_s\": %.6f, \"contract_s\": %.6f, \"customize_serial_s\": %.6f, ", seconds(parsed, ordered), seconds(ordered, contracted), serial)
                + "\"customize_parallel_s\": [\(parallel.map { String(format: "%.6f", $0) }.joined(separator: ", "))], "
                + "\"path_times_s\": [\(pathTimes.map { String(format: "%.9f", $0) }.joined(separator: ", "))], "
                + "\"edges\": \(cch.edgeCount), \"height\": \(cch.eliminationTreeHeight), \"threads\": \(threads), "
                + "\"scanned_median\": \(scanned.sorted()[scanned.count / 2])"
        } else if bidirectional {
            let query = BidirectionalDijkstra(graph: graph)
            for (s, t) in queries {
                let a = DispatchTime.now()
                let path = query.shortestPath(from: s, to: t, weights: weights)
                times.append(seconds(a, DispatchTime.now()))
                if let path { reachable += 1; sum += path.length }
            }
        } else {
            let query = DijkstraQuery(graph: graph)
            for (s, t) in queries {
                let a = DispatchTime.now()
                let path = query.shortestPath(from: s, to: t, weights: weights)
                times.append(seconds(a, DispatchTime.now()))
                if let path { reachable += 1; sum += path.length }
            }
        }
        let list = times.map { String(format: "%.9f", $0) }.joined(separator: ", ")
        print("{\"tool\": \"corridor\", \"answer\": \"pairs=\(queries.count) reachable=\(reachable) sum=\(sum)\", \"times_s\": [\(list)]"
              + String(format: ", \"parse_s\": %.6f", seconds(started, parsed)) + extra + "}")
    }

    func benchMinCostFlow(_ bytes: [UInt8], _ started: DispatchTime) throws {
        let network = try DIMACS.readMinCostFlow(bytes)
        guard let algorithm = MinCostFlow.Algorithm(rawValue: algorithm) else {
            FileHandle.standardError.write(Data("corridor: unknown algorithm '\(self.algorithm)': bench --algorithm\n".utf8))
            throw ExitCode(64)
        }
        let parsed = DispatchTime.now()
        var answer = ""
        var times: [Double] = []
        var cpu: [Double] = []
        for r in 0...repeatCount {
            let c = cpuSeconds()
            let a = DispatchTime.now()
            let result = try MinCostFlow.solve(network, algorithm: algorithm)
            let t = seconds(a, DispatchTime.now())
            // --repeat 0: the answer run is the timed run (the 2^20 instances take minutes per solve).
            if r > 0 || repeatCount == 0 { cpu.append(cpuSeconds() - c) }
            let text: String
            switch result.status {
            case .optimal: text = "cost=\(result.totalCost)"
            case .infeasible: text = "infeasible"
            case .unbounded: text = "unbounded"
            }
            if r == 0 { answer = text }
            if r > 0 || repeatCount == 0 {
                times.append(t)
                if text != answer { answer = "unstable" }
            }
        }
        report(answer, times, seconds(started, parsed), 0, cpu: cpu)
    }

    func benchMaxFlow(_ bytes: [UInt8], _ started: DispatchTime) throws {
        let problem = try DIMACS.readMaxFlow(bytes)
        let parsed = DispatchTime.now()
        var answer = ""
        var times: [Double] = []
        for r in 0...repeatCount {
            let a = DispatchTime.now()
            let result = try MaxFlow.solve(problem.network, source: problem.source, sink: problem.sink)
            let t = seconds(a, DispatchTime.now())
            let text = "flow=\(result.value)"
            if r == 0 { answer = text } else {
                times.append(t)
                if text != answer { answer = "unstable" }
            }
        }
        report(answer, times, seconds(started, parsed), 0)
    }

    /// Point-to-point queries on a real network: `Router.route` (snapping + A*), loading untimed.
    func benchRoute(_ started: DispatchTime) throws {
        let network = try NetworkLoader.load(try NetworkSpec.fromArguments([file]))
        let router = Router(network: network)
        let loaded = DispatchTime.now()
        let requests = pairs.split(separator: ",").map { pair -> RouteRequest in
            let ends = pair.split(separator: ":").map(String.init)
            return RouteRequest(from: Endpoint(parsing: ends[0]), to: Endpoint(parsing: ends[1]))
        }
        var answer: [String] = []
        for request in requests {
            let result = try router.route(request)
            answer.append(String(format: "%.0fs", result.routes[0].timeSeconds))
        }
        var times: [Double] = []
        for _ in 0..<repeatCount {
            for request in requests {
                let a = DispatchTime.now()
                _ = try router.route(request)
                times.append(seconds(a, DispatchTime.now()))
            }
        }
        report("routes=\(answer.joined(separator: "/")) nodes=\(network.nodeCount)", times, seconds(started, loaded), 0)
    }

    /// The multicommodity flow of `--demands` on the network `file` (loaded untimed): `times_s` are whole
    /// `FlowAnalyzer.flow` calls (model building, the throughput, cost and concurrent LPs, decomposition, shadow
    /// prices) after a first one, itself timed as `first_s`/`first_cpu_s` (the one to read with `--repeat 0`);
    /// `lp_s` has CLP's solve time of each exported program (`LPSolver.solve`, no model building), the numbers to
    /// compare with another solver on the same MPS files. The answer: delivered, cost, λ.
    func benchFlow() throws {
        let started = DispatchTime.now()
        let network = try NetworkLoader.load(try NetworkSpec.fromArguments([file]))
        let loaded = DispatchTime.now()
        guard let model = CommodityModel(rawValue: commodities) else { throw ValidationError("--commodities: od, origin or pooled") }
        let parsed = try demands.split(separator: ";").map { try ODDemand(parsing: String($0)) }
        let request = FlowRequest(demands: parsed, commodities: model)
        let analyzer = FlowAnalyzer(network: network)
        let lpOptions: LPOptions
        switch lpAlgorithm {
        case "automatic": lpOptions = LPOptions()
        case "dual": lpOptions = LPOptions(algorithm: .dualSimplex)
        case "primal": lpOptions = LPOptions(algorithm: .primalSimplex)
        case "barrier": lpOptions = LPOptions(algorithm: .barrier)
        default: throw ValidationError("--lp-algorithm: automatic, dual, primal or barrier")
        }
        if let mps {
            // The programs first, so a peer can start on them even if the solves below take long: the two that need
            // no solve, then the cost program (its bound needs the throughput optimum).
            for (name, program) in try analyzer.linearPrograms(request, cost: false) { try program.writeMPS(to: "\(mps)-\(name).mps") }
            for (name, program) in try analyzer.linearPrograms(request) where name == "cost" {
                try program.writeMPS(to: "\(mps)-\(name).mps")
            }
        }
        if objective == "throughput" { return try benchThroughput(analyzer, request, loadSeconds: seconds(started, loaded), edges: network.edgeCount) }
        guard objective == "all" else { throw ValidationError("--objective: all or throughput") }
        let firstStarted = DispatchTime.now(), firstCPU = processCPUSeconds()
        let first = try analyzer.flow(request)
        let firstSeconds = seconds(firstStarted, DispatchTime.now()), firstCPUSeconds = processCPUSeconds() - firstCPU
        var times: [Double] = [], cpu: [Double] = []
        for _ in 0..<repeatCount {
            let a = DispatchTime.now(), c = processCPUSeconds()
            _ = try analyzer.flow(request)
            times.append(seconds(a, DispatchTime.now()))
            cpu.append(processCPUSeconds() - c)
        }
        var solves: [String] = []
        let programs: [(name: String, model: LinearModel)] = try noArcSolves ? [] : analyzer.linearPrograms(request)
        for (name, program) in programs {
            var best = Double.infinity, bestCPU = Double.infinity
            var objective = 0.0
            for _ in 0..<max(1, repeatCount) {
                let a = DispatchTime.now(), c = processCPUSeconds()
                objective = try LPSolver.solve(program, options: lpOptions).objectiveValue
                best = min(best, seconds(a, DispatchTime.now()))
                bestCPU = min(bestCPU, processCPUSeconds() - c)
            }
            solves.append(String(format: "\"%@\": {\"columns\": %d, \"rows\": %d, \"objective\": %.10g, \"best_s\": %.6f, \"best_cpu_s\": %.6f}",
                                 name, program.columnCount, program.rowCount, objective, best, bestCPU))
        }
        let lambda = first.concurrent.map { $0.lambda.isFinite ? String(format: "%.6f", $0.lambda) : "inf" } ?? "-"
        let answer = String(format: "delivered=%.3f cost=%.3f lambda=", first.deliveredTonnesPerDay, first.totalCost) + lambda
        let list = times.map { String(format: "%.9f", $0) }.joined(separator: ", ")
        let cpuList = cpu.map { String(format: "%.6f", $0) }.joined(separator: ", ")
        // The flow's own optima at full precision, to compare with a peer on the exported programs (cost in the
        // programs' milli-units).
        let lambdaValue = first.concurrent.map { $0.lambda.isFinite ? String(format: "%.12g", $0.lambda) : "null" } ?? "null"
        let objectives = String(format: "\"objectives\": {\"throughput\": %.12g, \"cost\": %.12g, ",
                                first.deliveredTonnesPerDay, first.totalCost * 1000) + "\"concurrent\": \(lambdaValue)}, "
        print("{\"tool\": \"corridor\", \"answer\": \"\(answer)\", \"solver\": \"\(first.solver)\", \(objectives)"
              + "\"times_s\": [\(list)], \"cpu_s\": [\(cpuList)], "
              + String(format: "\"first_s\": %.6f, \"first_cpu_s\": %.6f, ", firstSeconds, firstCPUSeconds)
              + String(format: "\"load_s\": %.6f, \"edges\": %d, ", seconds(started, loaded), network.edgeCount)
              + "\"lp_s\": {\(solves.joined(separator: ", "))}}")
    }

    /// `bench flow --objective throughput`: the maximum-throughput program alone (`FlowAnalyzer.maximumThroughput`),
    /// timed as `first_s`/`first_cpu_s` and then `--repeat` times; `objectives.throughput` at full precision (the
    /// solver's raw optimum, to compare with a peer on the exported throughput program).
    func benchThroughput(_ analyzer: FlowAnalyzer, _ request: FlowRequest, loadSeconds: Double, edges: Int) throws {
        let firstStarted = DispatchTime.now(), firstCPU = processCPUSeconds()
        let value = try analyzer.maximumThroughput(request)
        let firstSeconds = seconds(firstStarted, DispatchTime.now()), firstCPUSeconds = processCPUSeconds() - firstCPU
        var times: [Double] = [], cpu: [Double] = []
        for _ in 0..<repeatCount {
            let a = DispatchTime.now(), c = processCPUSeconds()
            _ = try analyzer.maximumThroughput(request)
            times.append(seconds(a, DispatchTime.now()))
            cpu.append(processCPUSeconds() - c)
        }
        let list = times.map { String(format: "%.9f", $0) }.joined(separator: ", ")
        let cpuList = cpu.map { String(format: "%.6f", $0) }.joined(separator: ", ")
        print(String(format: "{\"tool\": \"corridor\", \"answer\": \"delivered=%.3f\", ", value)
              + String(format: "\"objectives\": {\"throughput\": %.15g, \"cost\": null, \"concurrent\": null}, ", value)
              + "\"times_s\": [\(list)], \"cpu_s\": [\(cpuList)], "
              + String(format: "\"first_s\": %.6f, \"first_cpu_s\": %.6f, ", firstSeconds, firstCPUSeconds)
              + String(format: "\"load_s\": %.6f, \"edges\": %d, \"lp_s\": {}}", loadSeconds, edges))
    }

    /// User plus system CPU time of this process so far (getrusage), seconds.
    func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Loads a network (timed, in process) and reports the heap bytes it retains per edge: resident
    /// memory after loading (builder scratch freed and trimmed) minus before, divided by the edge count.
    func benchLoad() throws {
        var answer = ""
        var times: [Double] = []
        var retained = 0
        for r in 0...repeatCount {
            let before = heapInUse()
            let a = DispatchTime.now()
            let network = try NetworkLoader.load(try NetworkSpec.fromArguments([file]))
            let t = seconds(a, DispatchTime.now())
            let bytes = heapInUse() - before
            withExtendedLifetime(network) {}
            if r == 0 {
                answer = "features=\(network.report.sources.map(\.featuresRead).reduce(0, +)) edges=\(network.edgeCount)"
                retained = bytes
            } else {
                times.append(t)
            }
        }
        let list = times.map { String(format: "%.9f", $0) }.joined(separator: ", ")
        print("{\"tool\": \"corridor\", \"answer\": \"\(answer)\", \"times_s\": [\(list)], \"retained_bytes\": \(retained)}")
    }

    /// Resident bytes after returning free heap pages to the system (glibc `malloc_trim(0)`, looked up
    /// dynamically because the Glibc module does not export malloc.h), from /proc/self/statm.
    func heapInUse() -> Int {
        #if canImport(Glibc)
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            typealias Trim = @convention(c) (Int) -> Int32
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        #endif
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    func seconds(_ a: DispatchTime, _ b: DispatchTime) -> Double {
        Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e9
    }

    /// CPU time of the process (the solvers are single-threaded), robust against other jobs on the machine.
    func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    func report(_ answer: String, _ times: [Double], _ parse: Double, _ build: Double, cpu: [Double] = []) {
        let list = times.map { String(format: "%.9f", $0) }.joined(separator: ", ")
        let cpuList = cpu.isEmpty ? "" : "\"cpu_s\": [" + cpu.map { String(format: "%.9f", $0) }.joined(separator: ", ") + "], "
        print("{\"tool\": \"corridor\", \"answer\": \"\(answer)\", \"times_s\": [\(list)], " + cpuList
              + String(format: "\"parse_s\": %.6f, \"build_s\": %.6f}", parse, build))
    }
}
