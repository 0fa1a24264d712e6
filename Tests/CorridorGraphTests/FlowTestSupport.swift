import Foundation
@testable import CorridorGraph

/// Deterministic generator for seeded random instances.
struct FlowTestRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum FlowRandomNetworks {
    /// Small network: parallel arcs, self-loops, zero capacities, optional lower bounds and negative costs.
    static func make(
        seed: UInt64, lowerBounds: Bool = true, negativeCosts: Bool = true, balance: Int = 0
    ) -> FlowNetwork {
        var rng = FlowTestRNG(seed: seed)
        let n = Int.random(in: 2...30, using: &rng)
        let m = Int.random(in: 0...(4 * n), using: &rng)
        var net = FlowNetwork(nodeCount: n)
        for _ in 0..<m {
            let u = UInt32.random(in: 0..<UInt32(n), using: &rng)
            var v = UInt32.random(in: 0..<UInt32(n), using: &rng)
            if Int.random(in: 0..<20, using: &rng) != 0 && v == u { v = (u + 1) % UInt32(n) }
            let cap = Int.random(in: 0..<8, using: &rng) == 0 ? 0 : Int64.random(in: 1...12, using: &rng)
            let low = lowerBounds && Int.random(in: 0..<6, using: &rng) == 0 ? Int64.random(in: 0...cap, using: &rng) : 0
            let cost = Int64.random(in: (negativeCosts ? -5 : 0)...20, using: &rng)
            net.addArc(from: u, to: v, lowerBound: low, capacity: cap, cost: cost)
        }
        // Supplies: a few sources and sinks; `balance` sets the sign of the total.
        var supplies = [Int64](repeating: 0, count: n)
        let pairs = Int.random(in: 1...max(1, n / 3), using: &rng)
        for _ in 0..<pairs {
            let amount = Int64.random(in: 1...15, using: &rng)
            supplies[Int.random(in: 0..<n, using: &rng)] += amount
            supplies[Int.random(in: 0..<n, using: &rng)] -= amount
        }
        if balance != 0 {
            supplies[Int.random(in: 0..<n, using: &rng)] += Int64(balance) * Int64.random(in: 1...10, using: &rng)
        }
        net.supplies = supplies
        return net
    }
}

/// Independent reference algorithms, deliberately simple.
enum FlowReference {
    struct Residual {
        var n: Int
        var to: [Int] = []
        var cap: [Int64] = []
        var cost: [Int64] = []
        var adjacency: [[Int]]
        init(n: Int) {
            self.n = n
            adjacency = Array(repeating: [], count: n)
        }
        /// Adds an arc and its reverse; returns the forward index (reverse is index ^ 1).
        @discardableResult
        mutating func add(_ u: Int, _ v: Int, _ c: Int64, _ w: Int64) -> Int {
            to.append(v); cap.append(c); cost.append(w); adjacency[u].append(to.count - 1)
            to.append(u); cap.append(0); cost.append(-w); adjacency[v].append(to.count - 1)
            return to.count - 2
        }
    }

    /// Successive shortest paths with Bellman–Ford from s to t, up to `limit` units.
    /// Requires no negative-cost cycle in the residual graph at the start.
    static func successiveShortestPaths(_ g: inout Residual, _ s: Int, _ t: Int, limit: Int64) -> (flow: Int64, cost: Int64) {
        var flow: Int64 = 0, cost: Int64 = 0
        while flow < limit {
            var dist = [Int64?](repeating: nil, count: g.n)
            var via = [Int](repeating: -1, count: g.n)
            dist[s] = 0
            for _ in 0..<g.n {
                var changed = false
                for u in 0..<g.n {
                    guard let du = dist[u] else { continue }
                    for e in g.adjacency[u] where g.cap[e] > 0 {
                        let v = g.to[e]
                        if dist[v] == nil || du + g.cost[e] < dist[v]! {
                            dist[v] = du + g.cost[e]
                            via[v] = e
                            changed = true
                        }
                    }
                }
                if !changed { break }
            }
            guard dist[t] != nil else { break }
            var push = limit - flow
            var v = t
            while v != s { let e = via[v]; push = min(push, g.cap[e]); v = g.to[e ^ 1] }
            v = t
            while v != s { let e = via[v]; g.cap[e] -= push; g.cap[e ^ 1] += push; v = g.to[e ^ 1] }
            flow += push
            cost += push * dist[t]!
        }
        return (flow, cost)
    }

    /// Min-cost flow with corridor's supply semantics, or nil when infeasible. Finite capacities only.
    static func minCostFlow(_ net: FlowNetwork) -> Int64? {
        let n = net.nodeCount
        var b = net.supplies
        let total = b.reduce(0, +)
        if total < 0 { return nil }
        var arcs: [(Int, Int, Int64, Int64)] = []
        var base: Int64 = 0
        for a in 0..<net.arcCount {
            let (u, v, l) = (Int(net.tails[a]), Int(net.heads[a]), net.lowerBounds[a])
            b[u] -= l; b[v] += l; base += l * net.costs[a]
            arcs.append((u, v, net.capacities[a] - l, net.costs[a]))
        }
        var nodes = n
        if total > 0 {
            b.append(-total)
            nodes += 1
            for u in 0..<n where net.supplies[u] > 0 { arcs.append((u, n, net.supplies[u], 0)) }
        }
        // Saturate negative arcs so the residual graph starts without negative cycles.
        for (u, v, c, w) in arcs where w < 0 && u != v {
            b[u] -= c; b[v] += c; base += c * w
        }
        let s = nodes, t = nodes + 1
        var g = Residual(n: nodes + 2)
        for (u, v, c, w) in arcs where u != v {
            if w < 0 { g.add(v, u, c, -w) } else { g.add(u, v, c, w) }
        }
        var required: Int64 = 0
        for v in 0..<nodes {
            if b[v] > 0 { g.add(s, v, b[v], 0); required += b[v] } else if b[v] < 0 { g.add(v, t, -b[v], 0) }
        }
        // Negative self-loops are simply saturated.
        for (u, v, c, w) in arcs where u == v && w < 0 { base += c * w }
        let (f, c) = successiveShortestPaths(&g, s, t, limit: required)
        return f == required ? base + c : nil
    }

    /// Maximum amount from supply to demand nodes and its minimum cost (no lower bounds, costs >= 0).
    static func maxFlowMinCost(_ net: FlowNetwork, limit: Int64 = .max) -> (flow: Int64, cost: Int64) {
        let n = net.nodeCount
        var g = Residual(n: n + 2)
        for a in 0..<net.arcCount where net.tails[a] != net.heads[a] {
            g.add(Int(net.tails[a]), Int(net.heads[a]), net.capacities[a], net.costs[a])
        }
        for v in 0..<n {
            if net.supplies[v] > 0 { g.add(n, v, net.supplies[v], 0) }
            if net.supplies[v] < 0 { g.add(v, n + 1, -net.supplies[v], 0) }
        }
        return successiveShortestPaths(&g, n, n + 1, limit: limit)
    }

    /// Edmonds–Karp maximum flow value.
    static func maxFlow(_ net: FlowNetwork, _ s: Int, _ t: Int) -> Int64 {
        var g = Residual(n: net.nodeCount)
        for a in 0..<net.arcCount where net.tails[a] != net.heads[a] {
            g.add(Int(net.tails[a]), Int(net.heads[a]), net.capacities[a], 0)
        }
        var total: Int64 = 0
        while true {
            var via = [Int](repeating: -1, count: g.n)
            var seen = [Bool](repeating: false, count: g.n)
            seen[s] = true
            var queue = [s], head = 0
            while head < queue.count {
                let u = queue[head]; head += 1
                for e in g.adjacency[u] where g.cap[e] > 0 && !seen[g.to[e]] {
                    seen[g.to[e]] = true; via[g.to[e]] = e; queue.append(g.to[e])
                }
            }
            if !seen[t] { return total }
            var push = Int64.max, v = t
            while v != s { push = min(push, g.cap[via[v]]); v = g.to[via[v] ^ 1] }
            v = t
            while v != s { g.cap[via[v]] -= push; g.cap[via[v] ^ 1] += push; v = g.to[via[v] ^ 1] }
            total += push
        }
    }
}

enum FlowChecks {
    /// Net outflow per node.
    static func netOutflow(_ net: FlowNetwork, _ flow: [Int64]) -> [Int64] {
        var out = [Int64](repeating: 0, count: net.nodeCount)
        for a in 0..<net.arcCount {
            out[Int(net.tails[a])] += flow[a]
            out[Int(net.heads[a])] -= flow[a]
        }
        return out
    }

    /// Reduced-cost optimality of `flow` with `potentials`; returns the first violating arc.
    static func reducedCostViolation(_ net: FlowNetwork, _ flow: [Int64], _ pi: [Int64]) -> Int? {
        for a in 0..<net.arcCount {
            let rc = net.costs[a] + pi[Int(net.tails[a])] - pi[Int(net.heads[a])]
            if flow[a] < net.capacities[a] && rc < 0 { return a }
            if flow[a] > net.lowerBounds[a] && rc > 0 { return a }
        }
        return nil
    }
}

enum FlowBenchFiles {
    /// `../shared/bench` relative to the package root (or `$CORRIDOR_BENCH_DIR`).
    static var directory: URL {
        if let env = ProcessInfo.processInfo.environment["CORRIDOR_BENCH_DIR"] { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/bench")
    }

    static let xzPath: String? = ["/usr/bin/xz", "/bin/xz", "/usr/local/bin/xz", "/opt/homebrew/bin/xz"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var available: Bool {
        xzPath != nil && FileManager.default.fileExists(atPath: directory.appendingPathComponent("README.md").path)
    }

    /// Optimal values from the README tables: file name (without .xz) → value.
    static func expectedValues() throws -> [String: Int64] {
        let text = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
        var values: [String: Int64] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, cells[0].hasSuffix(".min") || cells[0].hasSuffix(".max") else { continue }
            if let v = Int64(cells[3].replacingOccurrences(of: ",", with: "")) { values[cells[0]] = v }
        }
        return values
    }

    static func decompress(_ relativePath: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: xzPath!)
        process.arguments = ["-dc", directory.appendingPathComponent(relativePath).path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
