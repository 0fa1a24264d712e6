/// Shortest-path distances (and optionally paths) for a batch of (source, target) pairs, by a customizable
/// contraction hierarchy or by bidirectional Dijkstra, each phase timed.
///
/// The hierarchy costs a nested-dissection order, a contraction and a customization up front (on the FLA road
/// graph, 1.07M nodes: ~15 s of CPU, against ~150 ms per Dijkstra query and ~20 µs per hierarchy query; a
/// 500k-node lattice, whose separators are ~√n nodes, ~85 s, with 1.2 ms per query), so `.auto` uses it from
/// `hierarchyThreshold` pairs on and Dijkstra below. When a shortcut would not fit the hierarchy's 32-bit weights
/// (`CCHError.distanceOverflow`), the batch falls back to Dijkstra (64-bit distances).
///
/// Complexity: hierarchy: order + contraction + O(m + E + T) customization (see `NestedDissection`,
/// `CustomizableContractionHierarchy`, `CCHMetric`) + per pair O(h · d); Dijkstra: per pair O(n' + m' log C) for the nodes the two searches settle.
public enum PairQueries {
    /// How the pairs are answered.
    public enum Method: String, Sendable {
        /// Customizable contraction hierarchy (order, contraction, customization, then queries).
        case cch
        /// Bidirectional Dijkstra, per pair.
        case dijkstra
        /// `cch` from `hierarchyThreshold` pairs on, else `dijkstra`.
        case auto
    }

    /// Pair count from which `.auto` builds a hierarchy: above the break-even on road graphs (~100 pairs on FLA)
    /// and on grid-like ones (~200 on the 500k-node lattice), measured with Tools/bench instances.
    public static let hierarchyThreshold = 500

    /// Distances (`UInt64.max`: unreachable), optional paths and the time of each phase.
    public struct Answer: Sendable {
        /// One distance per pair, in order.
        public var distances: [UInt64]
        /// One path per pair when requested (nil when unreachable or not requested).
        public var paths: [Path?]
        /// The method used (`.cch` or `.dijkstra`).
        public var method: Method
        /// Why the method differs from the one asked for, if it does.
        public var note: String?
        /// Seconds spent ordering, contracting and customizing (0 for Dijkstra).
        public var orderSeconds = 0.0, contractionSeconds = 0.0, customizationSeconds = 0.0
        /// Seconds per query (distance only), in pair order.
        public var querySeconds: [Double]
        /// Customization threads.
        public var threads = 1

        /// A human-readable account of the phases and the query-time percentiles (lines ending in newlines).
        public var timingReport: String {
            var text = ""
            if method == .cch {
                text += "timing: order \(milliseconds(orderSeconds)) ms, contraction \(milliseconds(contractionSeconds)) ms, "
                    + "customization \(milliseconds(customizationSeconds)) ms (\(threads) threads)\n"
            }
            if let note { text += "timing: \(note)\n" }
            let sorted = querySeconds.sorted()
            func at(_ q: Double) -> String {
                sorted.isEmpty ? "n/a" : microseconds(sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))])
            }
            let total = querySeconds.reduce(0, +)
            text += "timing: \(querySeconds.count) queries (\(method.rawValue)): median \(at(0.5)) µs, p90 \(at(0.9)) µs, "
                + "p99 \(at(0.99)) µs, max \(sorted.last.map(microseconds) ?? "n/a") µs, total \(milliseconds(total)) ms\n"
            return text
        }

        func milliseconds(_ s: Double) -> String { formatted(s * 1e3) }
        func microseconds(_ s: Double) -> String { formatted(s * 1e6) }
        func formatted(_ v: Double) -> String {
            let tenths = Int((v * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }
    }

    /// Answers `pairs` on `graph` with `weights` (one per arc, `UInt32.max` = closed).
    public static func solve(graph: CSRGraph, weights: [UInt32], pairs: [(UInt32, UInt32)], method: Method = .auto,
                             paths: Bool = false, threads: Int = 2) -> Answer {
        let useHierarchy = method == .cch || (method == .auto && pairs.count >= hierarchyThreshold)
        let clock = ContinuousClock()
        if useHierarchy {
            let t0 = clock.now
            let order = NestedDissection.order(graph: graph)
            let t1 = clock.now
            let hierarchy = CustomizableContractionHierarchy(graph: graph, order: order)
            let t2 = clock.now
            if let metric = try? CCHMetric(hierarchy: hierarchy, weights: weights, threads: threads) {
                let t3 = clock.now
                let query = CCHQuery(metric: metric)
                var answer = Answer(distances: [], paths: [], method: .cch, querySeconds: [])
                answer.orderSeconds = seconds(t1 - t0)
                answer.contractionSeconds = seconds(t2 - t1)
                answer.customizationSeconds = seconds(t3 - t2)
                answer.threads = threads
                answer.distances.reserveCapacity(pairs.count)
                for (s, t) in pairs {
                    let a = clock.now
                    answer.distances.append(query.distance(from: s, to: t))
                    answer.querySeconds.append(seconds(clock.now - a))
                    answer.paths.append(paths ? query.shortestPath(from: s, to: t) : nil)
                }
                return answer
            }
            var answer = dijkstra(graph, weights, pairs, paths, clock)
            answer.note = "shortcut weights exceed 32 bits: answered by Dijkstra"
            return answer
        }
        return dijkstra(graph, weights, pairs, paths, clock)
    }

    static func dijkstra(_ graph: CSRGraph, _ weights: [UInt32], _ pairs: [(UInt32, UInt32)], _ paths: Bool,
                         _ clock: ContinuousClock) -> Answer {
        // Bidirectional: median 0.68 × the one-directional search on FLA-w, 0.88 × on NY-w (Tools/bench pairs).
        let query = BidirectionalDijkstra(graph: graph)
        var answer = Answer(distances: [], paths: [], method: .dijkstra, querySeconds: [])
        for (s, t) in pairs {
            let a = clock.now
            let path = query.shortestPath(from: s, to: t, weights: weights)
            answer.querySeconds.append(seconds(clock.now - a))
            answer.distances.append(path?.length ?? .max)
            answer.paths.append(paths ? path : nil)
        }
        return answer
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) * 1e-18
    }
}
