import Foundation
import Testing
@testable import CorridorGraph

/// Cost scaling against the network simplex (and the simple references) on the same instances.
@Suite struct CostScalingTests {
    /// Solves `net` with both algorithms; checks equal outcomes and cost scaling's optimality conditions.
    func compare(_ net: FlowNetwork, _ label: String) throws {
        let simplex = try MinCostFlow.solve(net, algorithm: .networkSimplex)
        let scaling = try MinCostFlow.solve(net, algorithm: .costScaling)
        switch (simplex.status, scaling.status) {
        case (.optimal, .optimal):
            #expect(simplex.totalCost == scaling.totalCost, "\(label)")
            try FlowOptimality.check(net, scaling, label)
        case (.infeasible, .infeasible), (.unbounded, .unbounded):
            // Cost scaling hands infeasible and unbounded instances to the simplex: same certificate.
            #expect(simplex == scaling, "\(label)")
        default:
            Issue.record("\(label): simplex \(simplex.status), cost scaling \(scaling.status)")
        }
    }

    @Test func randomBalancedInstancesAgree() throws {
        for seed in UInt64(0)..<1500 { try compare(FlowRandomNetworks.make(seed: seed), "seed \(seed)") }
    }

    @Test func randomExcessSupplyAndDemandInstancesAgree() throws {
        for seed in UInt64(10_000)..<10_500 { try compare(FlowRandomNetworks.make(seed: seed, balance: 1), "seed \(seed)") }
        for seed in UInt64(20_000)..<20_300 { try compare(FlowRandomNetworks.make(seed: seed, balance: -1), "seed \(seed)") }
    }

    @Test func costScalingMatchesSuccessiveShortestPaths() throws {
        for seed in UInt64(60_000)..<60_500 {
            let net = FlowRandomNetworks.make(seed: seed)
            let result = try MinCostFlow.solve(net, algorithm: .costScaling)
            let reference = FlowReference.minCostFlow(net)
            if case .optimal = result.status {
                #expect(result.totalCost == reference, "seed \(seed)")
            } else {
                #expect(reference == nil, "seed \(seed)")
            }
        }
    }

    @Test func largerRandomInstancesAgree() throws {
        // Wider cost and capacity ranges, a few hundred nodes: several scaling phases and global updates.
        for seed in UInt64(70_000)..<70_040 {
            var rng = SplitMix64(seed: seed)
            let n = Int.random(in: 50...400, using: &rng)
            var net = FlowNetwork(nodeCount: n)
            for _ in 0..<(n * Int.random(in: 2...10, using: &rng)) {
                let u = UInt32.random(in: 0..<UInt32(n), using: &rng)
                let v = UInt32.random(in: 0..<UInt32(n), using: &rng)
                net.addArc(from: u, to: v, capacity: Int64.random(in: 1...1000, using: &rng),
                           cost: Int64.random(in: -100...10_000, using: &rng))
            }
            // A Hamiltonian cycle of wide arcs keeps most instances feasible.
            for u in 0..<n { net.addArc(from: UInt32(u), to: UInt32((u + 1) % n), capacity: 5_000, cost: 10_000) }
            for _ in 0..<Int.random(in: 1...20, using: &rng) {
                let amount = Int64.random(in: 1...2_000, using: &rng)
                net.supplies[Int.random(in: 0..<n, using: &rng)] += amount
                net.supplies[Int.random(in: 0..<n, using: &rng)] -= amount
            }
            try compare(net, "seed \(seed)")
        }
    }

    @Test func maximumFlowAtMinimumCostAgrees() throws {
        for seed in UInt64(30_000)..<30_400 {
            let net = FlowRandomNetworks.make(seed: seed, lowerBounds: seed % 2 == 0, negativeCosts: seed % 3 == 0)
            let simplex = try MinCostFlow.maximumFlowAtMinimumCost(net, algorithm: .networkSimplex)
            let scaling = try MinCostFlow.maximumFlowAtMinimumCost(net, algorithm: .costScaling)
            #expect(simplex.status == scaling.status, "seed \(seed)")
            guard case .optimal = scaling.status else { continue }
            #expect(simplex.shipped == scaling.shipped, "seed \(seed)")
            #expect(simplex.totalCost == scaling.totalCost, "seed \(seed)")
            #expect(FlowChecks.reducedCostViolation(net, scaling.flow, scaling.potentials) == nil, "seed \(seed)")
            if simplex.shipped > 1 {
                let limit = simplex.shipped / 2
                let a = try MinCostFlow.maximumFlowAtMinimumCost(net, flowLimit: limit, algorithm: .networkSimplex)
                let b = try MinCostFlow.maximumFlowAtMinimumCost(net, flowLimit: limit, algorithm: .costScaling)
                #expect(a.totalCost == b.totalCost && b.shipped == limit, "seed \(seed)")
            }
        }
    }

    @Test func infiniteCapacitiesAndNegativeCyclesAgree() throws {
        var cycle = FlowNetwork(nodeCount: 3)
        cycle.addArc(from: 0, to: 1, capacity: FlowNetwork.infiniteCapacity, cost: 1)
        cycle.addArc(from: 1, to: 2, capacity: FlowNetwork.infiniteCapacity, cost: -3)
        cycle.addArc(from: 2, to: 0, capacity: FlowNetwork.infiniteCapacity, cost: 1)
        #expect(try MinCostFlow.solve(cycle, algorithm: .costScaling).status == .unbounded)
        cycle.capacities[1] = 7
        let bounded = try MinCostFlow.solve(cycle, algorithm: .costScaling)
        #expect(bounded.status == .optimal && bounded.totalCost == -7)
        // A zero-cost cycle of infinite arcs next to a shipment.
        var zero = FlowNetwork(nodeCount: 4)
        zero.addArc(from: 0, to: 1, capacity: FlowNetwork.infiniteCapacity, cost: 0)
        zero.addArc(from: 1, to: 0, capacity: FlowNetwork.infiniteCapacity, cost: 0)
        zero.addArc(from: 1, to: 2, capacity: 5, cost: 2)
        zero.addArc(from: 2, to: 3, capacity: FlowNetwork.infiniteCapacity, cost: -1)
        zero.supplies = [5, 0, 0, -5]
        try compare(zero, "zero-cost infinite cycle")
        for seed in UInt64(50_000)..<50_300 {
            var net = FlowRandomNetworks.make(seed: seed, lowerBounds: seed % 2 == 0, negativeCosts: true)
            for a in 0..<net.arcCount where a % 3 == 0 { net.capacities[a] = FlowNetwork.infiniteCapacity }
            try compare(net, "seed \(seed)")
        }
    }

    @Test func rangesBeyondInt64AreReportedOrLeftToTheSimplex() throws {
        var net = FlowNetwork(nodeCount: 3)
        net.addArc(from: 0, to: 1, capacity: 10, cost: Int64.max / 64)
        net.addArc(from: 1, to: 2, capacity: 10, cost: 1)
        net.supplies = [4, 0, -4]
        #expect(throws: FlowError.self) { try MinCostFlow.solve(net, algorithm: .costScaling) }
        let automatic = try MinCostFlow.solve(net)
        #expect(automatic.status == .optimal && automatic.totalCost == 4 * (Int64.max / 64) + 4)
    }

    @Test func automaticChoiceByNodeCount() {
        func shape(nodes: Int, arcs: Int, sources: Int, sinks: Int, balanced: Bool = true) -> InstanceShape {
            InstanceShape(nodeCount: nodes, arcCount: arcs, maxAbsCost: 10_000, maxFiniteCapacity: 1_000,
                          supplyNodes: sources, demandNodes: sinks, balanced: balanced, negativeInfiniteArcs: false,
                          costScalingFits: true)
        }
        // Many sources and sinks: the simplex below 2^15 nodes, however dense.
        #expect(!MinCostFlow.prefersCostScaling(shape(nodes: 1 << 12, arcs: 1 << 18, sources: 64, sinks: 64)))
        #expect(!MinCostFlow.prefersCostScaling(shape(nodes: (1 << 15) - 1, arcs: 1 << 18, sources: 181, sinks: 181)))
        #expect(MinCostFlow.prefersCostScaling(shape(nodes: 1 << 15, arcs: 1 << 17, sources: 181, sinks: 181)))
        // Sparse road-like flows switch at the same node count.
        #expect(MinCostFlow.prefersCostScaling(shape(nodes: 1 << 16, arcs: 174_612, sources: 21, sinks: 21)))
        // One source and one sink: from 2^14 nodes.
        #expect(!MinCostFlow.prefersCostScaling(shape(nodes: 1 << 13, arcs: 1 << 16, sources: 1, sinks: 1)))
        #expect(MinCostFlow.prefersCostScaling(shape(nodes: 1 << 14, arcs: 1 << 17, sources: 1, sinks: 1)))
        // Never when cost scaling cannot run as is.
        #expect(!MinCostFlow.prefersCostScaling(shape(nodes: 1 << 20, arcs: 1 << 23, sources: 9, sinks: 9, balanced: false)))
    }

    @Test func gridOnTorusWithOneSourceAndOneSink() throws {
        // GOTO-like: a torus grid with long cheap arcs, one source and one sink (the simplex's
        // single-pair initial pivots and cost scaling on the same instances).
        for seed in UInt64(0)..<12 {
            var rng = SplitMix64(seed: 90_000 + seed)
            let width = Int.random(in: 4...12, using: &rng), height = Int.random(in: 3...10, using: &rng)
            let n = width * height
            var net = FlowNetwork(nodeCount: n)
            func id(_ x: Int, _ y: Int) -> UInt32 { UInt32(((y + height) % height) * width + (x + width) % width) }
            for y in 0..<height {
                for x in 0..<width {
                    for (dx, dy) in [(1, 0), (2, 0), (0, 1), (0, 2)] {
                        net.addArc(from: id(x, y), to: id(x + dx, y + dy), capacity: Int64.random(in: 1...1000, using: &rng),
                                   cost: Int64.random(in: 1...10_000, using: &rng))
                    }
                    net.addArc(from: id(x, y), to: id(x + 3, y + 1), capacity: Int64.random(in: 1...1000, using: &rng),
                               cost: Int64.random(in: 1...8, using: &rng))
                }
            }
            let supply = Int64.random(in: 100...3000, using: &rng)
            net.supplies[0] = supply
            net.supplies[n - 1] = -supply
            try compare(net, "torus seed \(seed)")
        }
    }
}

/// Optimality conditions of a min-cost-flow result: bounds, conservation (supply semantics of
/// `MinCostFlow.solve`), total cost and reduced-cost optimality with the returned potentials.
enum FlowOptimality {
    static func check(_ net: FlowNetwork, _ result: MinCostFlowResult, _ label: String) throws {
        let flow = result.flow
        let total = net.supplies.reduce(0, +)
        for a in 0..<net.arcCount {
            #expect(flow[a] >= net.lowerBounds[a] && flow[a] <= net.capacities[a], "\(label) arc \(a)")
        }
        let out = FlowChecks.netOutflow(net, flow)
        for v in 0..<net.nodeCount {
            if total > 0 && net.supplies[v] > 0 {
                #expect(out[v] >= 0 && out[v] <= net.supplies[v], "\(label) node \(v)")
            } else {
                #expect(out[v] == net.supplies[v], "\(label) node \(v)")
            }
        }
        #expect(zip(flow, net.costs).map { $0 * $1 }.reduce(0, +) == result.totalCost, "\(label)")
        #expect(FlowChecks.reducedCostViolation(net, flow, result.potentials) == nil, "\(label)")
    }
}

/// The public generators of `../shared/bench/generators` (NETGEN, GRIDGEN, GOTO), compiled with `cc`
/// into a temporary directory at test time; the tests skip when the sources or `cc` are missing.
enum FlowGenerators {
    static var directory: URL { FlowBenchFiles.directory.appendingPathComponent("generators") }
    static let compiler: String? = ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool {
        compiler != nil && FileManager.default.fileExists(atPath: directory.appendingPathComponent("goto/goto.c").path)
    }

    /// Compiled generator binaries by family, built once per test process.
    nonisolated(unsafe) static var built: [String: String] = [:]
    static let lock = NSLock()

    static func binary(_ family: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let path = built[family] { return path }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("corridor-gen-\(getpid())-\(family)").path
        let src = directory.appendingPathComponent(family).path
        let arguments: [String]
        switch family {
        case "netgen": arguments = ["-std=c99", "-O2", "-DDIMACS", "-o", out, "\(src)/netgen.c", "\(src)/index.c", "\(src)/random.c"]
        case "gridgen": arguments = ["-O2", "-fwrapv", "-o", out, "\(src)/gridgen.c", "-lm"]
        default: arguments = ["-O2", "-I", src, "-o", out, "\(src)/goto.c", "-lm"]
        }
        _ = try run(compiler!, arguments, input: "")
        built[family] = out
        return out
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    /// A `p min` instance of the family with about `nodes` nodes (the benchmark families' parameters).
    static func instance(_ family: String, nodes n: Int, seed: Int) throws -> FlowNetwork {
        let root = Int(Double(n).squareRoot())
        let input: String
        switch family {
        case "netgen": input = "\(seed) 1 \(n) \(root) \(root) \(8 * n) 1 10000 \(1000 * root) 0 0 100 100 1 1000\n"
        case "gridgen": input = "1 \(seed) \(n) \(root) \(root) \(root) 8 \(1000 * root) 1 1 10000 1 1 1000\n"
        default: input = "\(n)\n\(8 * n)\n1000\n10000\n\(seed)\n"
        }
        return try DIMACS.readMinCostFlow(try run(try binary(family), [], input: input))
    }
}

@Suite(.enabled(if: FlowGenerators.available, "needs ../shared/bench/generators and cc"))
struct CostScalingGeneratorFamilyTests {
    @Test(arguments: ["netgen", "gridgen", "goto"])
    func familyInstancesAgree(_ family: String) throws {
        for (nodes, seed) in [(256, 11), (256, 12), (1024, 13)] {
            let net = try FlowGenerators.instance(family, nodes: nodes, seed: seed)
            #expect(net.nodeCount >= nodes && net.arcCount >= 8 * nodes)
            try CostScalingTests().compare(net, "\(family) \(nodes) seed \(seed)")
            let automatic = try MinCostFlow.solve(net)
            let simplex = try MinCostFlow.solve(net, algorithm: .networkSimplex)
            #expect(automatic.totalCost == simplex.totalCost)
        }
    }
}
