/// A malformed DIMACS file: the 1-based line and what is wrong there.
public struct DIMACSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong on the line.
    public enum Kind: Equatable, Sendable {
        /// A token that is not what the format requires (e.g. not an integer).
        case badToken(String)
        /// The line ends before a required field.
        case missingField(String)
        /// The line has more fields than the format allows.
        case extraField
        /// A line type not allowed in this format (first character given).
        case unknownLineType(String)
        /// No `p` line at all.
        case missingProblemLine
        /// A node, arc or edge line before the `p` line.
        case lineBeforeProblemLine
        /// A second `p` line.
        case duplicateProblemLine
        /// The `p` line names another problem type.
        case wrongProblemType(expected: String, found: String)
        /// A node id outside `1...N`.
        case nodeOutOfRange(Int64)
        /// Fewer or more arc/edge lines than the `p` line announced.
        case countMismatch(expected: Int, found: Int)
        /// A value violating the format (negative capacity, capacity below lower bound, duplicate node line...).
        case invalidValue(String)
        /// A max-flow file without its `n id s` or `n id t` line.
        case missingTerminal(String)
    }

    /// 1-based line number (for count mismatches and missing lines: the `p` line, or the last line).
    public var line: Int
    /// What is wrong.
    public var kind: Kind

    /// Memberwise initializer.
    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }

    /// `line N: <what is wrong>`.
    public var description: String { "line \(line): \(kindDescription)" }

    /// What is wrong, without the line number.
    public var kindDescription: String {
        let what: String
        switch kind {
        case .badToken(let t): what = "bad token '\(t)'"
        case .missingField(let f): what = "missing \(f)"
        case .extraField: what = "unexpected extra field"
        case .unknownLineType(let t): what = "unknown line type '\(t)'"
        case .missingProblemLine: what = "no problem line"
        case .lineBeforeProblemLine: what = "data line before the problem line"
        case .duplicateProblemLine: what = "duplicate problem line"
        case .wrongProblemType(let e, let f): what = "expected problem type '\(e)', found '\(f)'"
        case .nodeOutOfRange(let v): what = "node id \(v) out of range"
        case .countMismatch(let e, let f): what = "problem line announces \(e) arcs, found \(f)"
        case .invalidValue(let s): what = s
        case .missingTerminal(let s): what = "no \(s) node"
        }
        return what
    }
}

/// Readers and writers for the DIMACS formats used by the flow and path algorithms.
///
/// Node ids in files are 1-based; in memory they are 0-based (`file id − 1`).
/// Readers parse raw bytes in one pass (no per-line `String`s), accept comment lines (`c ...`),
/// blank lines, spaces or tabs between fields, and `\n` or `\r\n` line ends. Complexity O(file size).
public enum DIMACS {
    /// The problem types: `p min`, `p max`, `p sp` and PACE-2016 `p tw`.
    public enum ProblemKind: String, Sendable, CaseIterable {
        /// `p min`: minimum-cost flow.
        case minCostFlow = "min"
        /// `p max`: maximum flow.
        case maxFlow = "max"
        /// `p sp`: shortest paths.
        case shortestPath = "sp"
        /// `p tw`: an undirected edge list (PACE 2016).
        case edgeList = "tw"
    }

    /// A max-flow instance: capacities in `network.capacities`, costs and supplies zero.
    public struct MaxFlowProblem: Sendable, Equatable {
        /// The arcs and their capacities.
        public var network: FlowNetwork
        /// Source node (0-based).
        public var source: UInt32
        /// Sink node (0-based).
        public var sink: UInt32
        /// Memberwise initializer.
        public init(network: FlowNetwork, source: UInt32, sink: UInt32) {
            self.network = network
            self.source = source
            self.sink = sink
        }
    }

    /// A shortest-path instance: directed arcs with integer weights.
    public struct ShortestPathProblem: Sendable, Equatable {
        /// Number of nodes.
        public var nodeCount: Int
        /// Tail node of each arc (0-based), in file order.
        public var tails: [UInt32]
        /// Head node of each arc (0-based), in file order.
        public var heads: [UInt32]
        /// Weight of each arc.
        public var weights: [Int64]
        /// Memberwise initializer.
        public init(nodeCount: Int, tails: [UInt32], heads: [UInt32], weights: [Int64]) {
            self.nodeCount = nodeCount
            self.tails = tails
            self.heads = heads
            self.weights = weights
        }
    }

    /// An undirected, unweighted edge list (PACE-2016 `p tw N M`): edge `i` joins `ends[i]`.
    public struct EdgeListProblem: Sendable, Equatable {
        /// Number of nodes.
        public var nodeCount: Int
        /// One end of each edge (0-based), in file order.
        public var firstEnds: [UInt32]
        /// The other end of each edge (0-based).
        public var secondEnds: [UInt32]
        /// Memberwise initializer.
        public init(nodeCount: Int, firstEnds: [UInt32], secondEnds: [UInt32]) {
            self.nodeCount = nodeCount
            self.firstEnds = firstEnds
            self.secondEnds = secondEnds
        }
    }

    /// The largest node count a file of `fileBytes` bytes may announce: 2^20, or 16 nodes per byte of the file.
    /// Nodes no line mentions are isolated, and a solver still allocates for each, so a 40-byte file announcing
    /// 2·10^9 nodes (gigabytes of memory for nothing) is refused as malformed; real instances mention nearly every
    /// node and stay far below the bound (a node costs at least 4 bytes of arc lines).
    public static func maximumNodeCount(fileBytes: Int) -> Int {
        max(1 << 20, fileBytes.multipliedReportingOverflow(by: 16).overflow ? Int.max : fileBytes * 16)
    }

    /// The type named by the first `p` line, or nil when there is none.
    public static func problemKind(of bytes: [UInt8]) -> ProblemKind? {
        var parser = DIMACSParser(bytes)
        return parser.sniffKind()
    }

    /// Reads a `p min` file: `n id supply`, `a u v low cap cost`.
    public static func readMinCostFlow(_ bytes: [UInt8]) throws(DIMACSError) -> FlowNetwork {
        var p = DIMACSParser(bytes)
        let raw = try p.parse(expecting: .minCostFlow)
        return FlowNetwork(
            nodeCount: raw.nodeCount, tails: raw.tails, heads: raw.heads, lowerBounds: raw.lower,
            capacities: raw.capacity, costs: raw.cost, supplies: raw.supplies)
    }

    /// Reads a `p max` file: `n id s`, `n id t`, `a u v cap`.
    public static func readMaxFlow(_ bytes: [UInt8]) throws(DIMACSError) -> MaxFlowProblem {
        var p = DIMACSParser(bytes)
        let raw = try p.parse(expecting: .maxFlow)
        let network = FlowNetwork(
            nodeCount: raw.nodeCount, tails: raw.tails, heads: raw.heads, capacities: raw.capacity)
        return MaxFlowProblem(network: network, source: raw.source!, sink: raw.sink!)
    }

    /// Reads a `p sp` file: `a u v w`.
    public static func readShortestPath(_ bytes: [UInt8]) throws(DIMACSError) -> ShortestPathProblem {
        var p = DIMACSParser(bytes)
        let raw = try p.parse(expecting: .shortestPath)
        return ShortestPathProblem(nodeCount: raw.nodeCount, tails: raw.tails, heads: raw.heads, weights: raw.cost)
    }

    /// Reads a PACE-2016 `p tw N M` file: one `u v` line per undirected edge.
    public static func readEdgeList(_ bytes: [UInt8]) throws(DIMACSError) -> EdgeListProblem {
        var p = DIMACSParser(bytes)
        let raw = try p.parse(expecting: .edgeList)
        return EdgeListProblem(nodeCount: raw.nodeCount, firstEnds: raw.tails, secondEnds: raw.heads)
    }

    /// `readMinCostFlow` on the UTF-8 bytes of `text`.
    public static func readMinCostFlow(_ text: String) throws(DIMACSError) -> FlowNetwork {
        try readMinCostFlow(Array(text.utf8))
    }

    /// `readMaxFlow` on the UTF-8 bytes of `text`.
    public static func readMaxFlow(_ text: String) throws(DIMACSError) -> MaxFlowProblem {
        try readMaxFlow(Array(text.utf8))
    }

    /// `readShortestPath` on the UTF-8 bytes of `text`.
    public static func readShortestPath(_ text: String) throws(DIMACSError) -> ShortestPathProblem {
        try readShortestPath(Array(text.utf8))
    }

    /// `readEdgeList` on the UTF-8 bytes of `text`.
    public static func readEdgeList(_ text: String) throws(DIMACSError) -> EdgeListProblem {
        try readEdgeList(Array(text.utf8))
    }

    // MARK: Writers

    /// `p min N M`, an `n` line per nonzero supply, `a u v low cap cost` per arc in id order.
    public static func writeMinCostFlow(_ network: FlowNetwork) -> String {
        var out = "p min \(network.nodeCount) \(network.arcCount)\n"
        for (v, b) in network.supplies.enumerated() where b != 0 { out += "n \(v + 1) \(b)\n" }
        for a in 0..<network.arcCount {
            out += "a \(network.tails[a] + 1) \(network.heads[a] + 1) \(network.lowerBounds[a]) "
            out += "\(network.capacities[a]) \(network.costs[a])\n"
        }
        return out
    }

    /// `p max N M`, `n s s`, `n t t`, `a u v cap` per arc in id order (costs and lower bounds are dropped).
    public static func writeMaxFlow(_ network: FlowNetwork, source: UInt32, sink: UInt32) -> String {
        var out = "p max \(network.nodeCount) \(network.arcCount)\nn \(source + 1) s\nn \(sink + 1) t\n"
        for a in 0..<network.arcCount {
            out += "a \(network.tails[a] + 1) \(network.heads[a] + 1) \(network.capacities[a])\n"
        }
        return out
    }

    /// `p sp N M`, `a u v w` per arc.
    public static func writeShortestPath(_ problem: ShortestPathProblem) -> String {
        var out = "p sp \(problem.nodeCount) \(problem.tails.count)\n"
        for a in 0..<problem.tails.count {
            out += "a \(problem.tails[a] + 1) \(problem.heads[a] + 1) \(problem.weights[a])\n"
        }
        return out
    }

    /// `p tw N M`, `u v` per edge.
    public static func writeEdgeList(_ problem: EdgeListProblem) -> String {
        var out = "p tw \(problem.nodeCount) \(problem.firstEnds.count)\n"
        for e in 0..<problem.firstEnds.count {
            out += "\(problem.firstEnds[e] + 1) \(problem.secondEnds[e] + 1)\n"
        }
        return out
    }

    /// Min-cost-flow solution: `s COST` (or `s INFEASIBLE` / `s UNBOUNDED`), then, if `includeFlows`,
    /// `f u v flow` for every arc with nonzero flow, in arc id order (1-based node ids).
    public static func minCostFlowSolution(
        _ network: FlowNetwork, _ result: MinCostFlowResult, includeFlows: Bool
    ) -> String {
        var out: String
        switch result.status {
        case .optimal: out = "s \(result.totalCost)\n"
        case .infeasible: return "s INFEASIBLE\n"
        case .unbounded: return "s UNBOUNDED\n"
        }
        if includeFlows { appendFlowLines(&out, network, result.flow) }
        return out
    }

    /// Max-flow solution: `s VALUE`, then, if `includeFlows`, `f u v flow` for every arc with nonzero flow.
    public static func maxFlowSolution(_ network: FlowNetwork, _ result: MaxFlowResult, includeFlows: Bool) -> String {
        var out = "s \(result.value)\n"
        if includeFlows { appendFlowLines(&out, network, result.flow) }
        return out
    }

    /// Shortest-path solution: `d node dist` for every node with a finite distance, in node id order
    /// (1-based ids); unreachable nodes (nil) are omitted.
    public static func shortestPathSolution(distances: [Int64?]) -> String {
        var out = ""
        for (v, d) in distances.enumerated() {
            if let d { out += "d \(v + 1) \(d)\n" }
        }
        return out
    }

    static func appendFlowLines(_ out: inout String, _ network: FlowNetwork, _ flow: [Int64]) {
        for a in 0..<min(flow.count, network.arcCount) where flow[a] != 0 {
            out += "f \(network.tails[a] + 1) \(network.heads[a] + 1) \(flow[a])\n"
        }
    }
}

// MARK: - Byte parser

struct RawDIMACS {
    var kind: DIMACS.ProblemKind = .minCostFlow
    var nodeCount = 0
    var tails: [UInt32] = []
    var heads: [UInt32] = []
    var lower: [Int64] = []
    var capacity: [Int64] = []
    var cost: [Int64] = []
    var supplies: [Int64] = []
    var source: UInt32?
    var sink: UInt32?
}

struct DIMACSParser {
    let bytes: [UInt8]
    var pos = 0
    var line = 0
    var lineEnd = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    /// Moves to the next line; returns false at end of input. `pos` is at the line's first byte.
    mutating func nextLine() -> Bool {
        if line > 0 { pos = lineEnd + 1 }
        if pos >= bytes.count { return false }
        line += 1
        var e = pos
        let count = bytes.count
        bytes.withUnsafeBufferPointer { b in
            while e < count && b[e] != DIMACSParser.lf { e += 1 }
        }
        lineEnd = e
        return true
    }

    @inline(__always) func isBlank(_ c: UInt8) -> Bool { c == DIMACSParser.space || c == DIMACSParser.tab || c == DIMACSParser.cr }

    mutating func skipBlanks() {
        while pos < lineEnd && isBlank(bytes[pos]) { pos += 1 }
    }

    var atLineEnd: Bool { pos >= lineEnd }

    mutating func token() -> String {
        skipBlanks()
        let start = pos
        while pos < lineEnd && !isBlank(bytes[pos]) { pos += 1 }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    mutating func int(_ field: String) throws(DIMACSError) -> Int64 {
        skipBlanks()
        if atLineEnd { throw DIMACSError(line: line, kind: .missingField(field)) }
        let start = pos
        var negative = false
        if bytes[pos] == UInt8(ascii: "-") || bytes[pos] == UInt8(ascii: "+") {
            negative = bytes[pos] == UInt8(ascii: "-")
            pos += 1
        }
        var value: Int64 = 0
        var digits = 0
        var overflow = false
        while pos < lineEnd {
            let c = bytes[pos]
            if c < 0x30 || c > 0x39 { break }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(c - 0x30)) : m.addingReportingOverflow(Int64(c - 0x30))
            overflow = overflow || o1 || o2
            value = s
            digits += 1
            pos += 1
        }
        if digits == 0 || (pos < lineEnd && !isBlank(bytes[pos])) || overflow {
            while pos < lineEnd && !isBlank(bytes[pos]) { pos += 1 }
            throw DIMACSError(
                line: line, kind: .badToken(String(decoding: bytes[start..<pos], as: UTF8.self)))
        }
        return value
    }

    mutating func node(_ field: String, _ n: Int) throws(DIMACSError) -> UInt32 {
        let v = try int(field)
        if v < 1 || v > Int64(n) { throw DIMACSError(line: line, kind: .nodeOutOfRange(v)) }
        return UInt32(v - 1)
    }

    mutating func endOfLine() throws(DIMACSError) {
        skipBlanks()
        if !atLineEnd { throw DIMACSError(line: line, kind: .extraField) }
    }

    mutating func sniffKind() -> DIMACS.ProblemKind? {
        while nextLine() {
            skipBlanks()
            if atLineEnd { continue }
            if bytes[pos] == UInt8(ascii: "p") {
                pos += 1
                return DIMACS.ProblemKind(rawValue: token())
            }
        }
        return nil
    }

    mutating func parse(expecting kind: DIMACS.ProblemKind) throws(DIMACSError) -> RawDIMACS {
        var raw = RawDIMACS()
        raw.kind = kind
        var problemLine = 0
        var expectedArcs = 0
        var supplySeen: [Bool] = []
        while nextLine() {
            skipBlanks()
            if atLineEnd { continue }
            let c = bytes[pos]
            if c == UInt8(ascii: "c") { continue }
            if c == UInt8(ascii: "p") {
                if problemLine != 0 { throw DIMACSError(line: line, kind: .duplicateProblemLine) }
                pos += 1
                if pos < lineEnd && !isBlank(bytes[pos]) {
                    throw DIMACSError(line: line, kind: .unknownLineType(token()))
                }
                let type = token()
                if type.isEmpty { throw DIMACSError(line: line, kind: .missingField("problem type")) }
                if type != kind.rawValue {
                    throw DIMACSError(line: line, kind: .wrongProblemType(expected: kind.rawValue, found: type))
                }
                let n = try int("node count")
                let m = try int("arc count")
                try endOfLine()
                if n < 0 || n >= Int64(UInt32.max) {
                    throw DIMACSError(line: line, kind: .invalidValue("node count \(n) out of range"))
                }
                if m < 0 || m >= Int64(UInt32.max) {
                    throw DIMACSError(line: line, kind: .invalidValue("arc count \(m) out of range"))
                }
                // The counts are claims: memory is sized from what the file can hold. Arc arrays grow from at most
                // one arc per 4 bytes left (the shortest data line, "1 2\n", has 4); every structure per node
                // (here and in the solvers) is O(n), so n is bounded by the file's size.
                let nodeLimit = DIMACS.maximumNodeCount(fileBytes: bytes.count)
                if n > Int64(nodeLimit) {
                    throw DIMACSError(line: line, kind: .invalidValue(
                        "node count \(n) is more than a file of \(bytes.count) bytes can describe (at most \(nodeLimit))"))
                }
                problemLine = line
                raw.nodeCount = Int(n)
                expectedArcs = Int(m)
                let reserve = min(expectedArcs, (bytes.count - lineEnd) / 4)
                raw.tails.reserveCapacity(reserve)
                raw.heads.reserveCapacity(reserve)
                if kind == .minCostFlow || kind == .maxFlow {
                    raw.capacity.reserveCapacity(reserve)
                }
                if kind == .minCostFlow {
                    raw.lower.reserveCapacity(reserve)
                    raw.cost.reserveCapacity(reserve)
                    raw.supplies = [Int64](repeating: 0, count: Int(n))
                    supplySeen = [Bool](repeating: false, count: Int(n))
                }
                if kind == .shortestPath { raw.cost.reserveCapacity(reserve) }
                continue
            }
            let isEdgeLine = kind == .edgeList && c >= 0x30 && c <= 0x39
            let isArcLine = kind != .edgeList && c == UInt8(ascii: "a")
            let isNodeLine = (kind == .minCostFlow || kind == .maxFlow) && c == UInt8(ascii: "n")
            if !(isEdgeLine || isArcLine || isNodeLine) {
                throw DIMACSError(line: line, kind: .unknownLineType(token()))
            }
            if isArcLine || isNodeLine {
                pos += 1
                if pos < lineEnd && !isBlank(bytes[pos]) {
                    pos -= 1
                    throw DIMACSError(line: line, kind: .unknownLineType(token()))
                }
            }
            if problemLine == 0 { throw DIMACSError(line: line, kind: .lineBeforeProblemLine) }
            let n = raw.nodeCount
            if isNodeLine {
                let v = try node("node id", n)
                if kind == .minCostFlow {
                    let b = try int("supply")
                    try endOfLine()
                    if supplySeen[Int(v)] {
                        throw DIMACSError(line: line, kind: .invalidValue("second supply line for node \(v + 1)"))
                    }
                    supplySeen[Int(v)] = true
                    raw.supplies[Int(v)] = b
                } else {
                    let role = token()
                    try endOfLine()
                    if role == "s" {
                        if raw.source != nil { throw DIMACSError(line: line, kind: .invalidValue("second source line")) }
                        raw.source = v
                    } else if role == "t" {
                        if raw.sink != nil { throw DIMACSError(line: line, kind: .invalidValue("second sink line")) }
                        raw.sink = v
                    } else if role.isEmpty {
                        throw DIMACSError(line: line, kind: .missingField("node role s or t"))
                    } else {
                        throw DIMACSError(line: line, kind: .badToken(role))
                    }
                }
                continue
            }
            if raw.tails.count == expectedArcs {
                throw DIMACSError(line: line, kind: .countMismatch(expected: expectedArcs, found: expectedArcs + 1))
            }
            let u = try node("tail", n)
            let v = try node("head", n)
            switch kind {
            case .minCostFlow:
                let low = try int("lower bound")
                let cap = try int("capacity")
                let cost = try int("cost")
                try endOfLine()
                if low < 0 { throw DIMACSError(line: line, kind: .invalidValue("negative lower bound \(low)")) }
                if cap < low {
                    throw DIMACSError(line: line, kind: .invalidValue("capacity \(cap) below lower bound \(low)"))
                }
                raw.lower.append(low)
                raw.capacity.append(cap)
                raw.cost.append(cost)
            case .maxFlow:
                let cap = try int("capacity")
                try endOfLine()
                if cap < 0 { throw DIMACSError(line: line, kind: .invalidValue("negative capacity \(cap)")) }
                raw.capacity.append(cap)
            case .shortestPath:
                let w = try int("weight")
                try endOfLine()
                raw.cost.append(w)
            case .edgeList:
                try endOfLine()
            }
            raw.tails.append(u)
            raw.heads.append(v)
        }
        if problemLine == 0 { throw DIMACSError(line: max(line, 1), kind: .missingProblemLine) }
        if raw.tails.count != expectedArcs {
            throw DIMACSError(line: problemLine, kind: .countMismatch(expected: expectedArcs, found: raw.tails.count))
        }
        if kind == .maxFlow {
            guard let s = raw.source else { throw DIMACSError(line: problemLine, kind: .missingTerminal("source")) }
            guard let t = raw.sink else { throw DIMACSError(line: problemLine, kind: .missingTerminal("sink")) }
            if s == t { throw DIMACSError(line: problemLine, kind: .invalidValue("source equals sink")) }
        }
        return raw
    }
}
