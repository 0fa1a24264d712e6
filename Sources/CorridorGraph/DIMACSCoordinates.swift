extension DIMACS {
    /// Node coordinates of a 9th-DIMACS-Challenge `.co` file: `p aux sp co N`, then `v ID X Y` per node.
    public struct Coordinates: Sendable, Equatable {
        /// X of each node (0-based index = file id − 1), as written (the road graphs: longitude × 10⁶).
        public var x: [Int64]
        /// Y of each node, as written (the road graphs: latitude × 10⁶).
        public var y: [Int64]
        /// Memberwise initializer.
        public init(x: [Int64], y: [Int64]) { self.x = x; self.y = y }
        /// Number of nodes.
        public var nodeCount: Int { x.count }
    }

    /// Reads a `.co` file: comment and blank lines anywhere, one `p aux sp co N` line before the `v` lines, then
    /// exactly one `v ID X Y` line for each id in 1...N (any order; integers, signed).
    /// - Complexity: O(file size).
    public static func readCoordinates(_ bytes: [UInt8]) throws(DIMACSError) -> Coordinates {
        var x: [Int64] = [], y: [Int64] = []
        var seen: [Bool] = []
        var count = 0
        var sawProblem = false
        var line = 0, problemLine = 0
        var i = 0
        let n = bytes.count
        while i < n {
            var end = i
            while end < n && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            line += 1
            let fields = bytes[i..<end].split(whereSeparator: { $0 == 32 || $0 == 9 || $0 == 13 })
            i = end + 1
            guard let first = fields.first else { continue }
            let type = String(decoding: first, as: UTF8.self)
            func integer(_ k: Int, _ what: String) throws(DIMACSError) -> Int64 {
                guard k < fields.count else { throw DIMACSError(line: line, kind: .missingField(what)) }
                let token = String(decoding: fields[k], as: UTF8.self)
                guard let value = Int64(token) else { throw DIMACSError(line: line, kind: .badToken(token)) }
                return value
            }
            switch type {
            case "c": continue
            case "p":
                if sawProblem { throw DIMACSError(line: line, kind: .duplicateProblemLine) }
                let words = fields.dropFirst().prefix(3).map { String(decoding: $0, as: UTF8.self) }
                guard words == ["aux", "sp", "co"] else {
                    throw DIMACSError(line: line, kind: .wrongProblemType(expected: "aux sp co", found: words.joined(separator: " ")))
                }
                let nodes = try integer(4, "node count")
                guard fields.count == 5 else { throw DIMACSError(line: line, kind: .extraField) }
                guard nodes >= 0 && nodes < Int64(UInt32.max) else { throw DIMACSError(line: line, kind: .invalidValue("node count \(nodes)")) }
                // Every node needs its own `v` line in the rest of the file (2 bytes at the very least; a well-formed
                // one has 8): a count the file cannot hold is refused before anything is allocated for it.
                let room = (n - i + 1) / 2
                guard nodes <= Int64(room) else {
                    throw DIMACSError(line: line, kind: .invalidValue("node count \(nodes), but the file has room for at most \(room) v lines"))
                }
                count = Int(nodes)
                x = [Int64](repeating: 0, count: count); y = x
                seen = [Bool](repeating: false, count: count)
                sawProblem = true; problemLine = line
            case "v":
                guard sawProblem else { throw DIMACSError(line: line, kind: .lineBeforeProblemLine) }
                let id = try integer(1, "node id"), vx = try integer(2, "X"), vy = try integer(3, "Y")
                guard fields.count == 4 else { throw DIMACSError(line: line, kind: .extraField) }
                guard id >= 1 && id <= Int64(count) else { throw DIMACSError(line: line, kind: .nodeOutOfRange(id)) }
                let k = Int(id - 1)
                guard !seen[k] else { throw DIMACSError(line: line, kind: .invalidValue("node \(id) given twice")) }
                seen[k] = true; x[k] = vx; y[k] = vy
            default:
                throw DIMACSError(line: line, kind: .unknownLineType(type))
            }
        }
        guard sawProblem else { throw DIMACSError(line: max(line, 1), kind: .missingProblemLine) }
        if let missing = seen.firstIndex(of: false) {
            throw DIMACSError(line: problemLine, kind: .invalidValue("no coordinates for node \(missing + 1)"))
        }
        return Coordinates(x: x, y: y)
    }
}
