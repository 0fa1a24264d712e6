import CorridorCore
import CorridorGeo
import CorridorGraph
import CorridorNetwork
import Dispatch
import Foundation

/// A sweep failed before any unit ran (a scenario change that matches nothing, an unknown region, a network that
/// is not the pinned one, a sweep too large to number).
public struct SweepError: CorridorError, Sendable, Equatable {
    /// What is wrong and where.
    public var description: String
    /// Bad data (65) unless stated.
    public var exitStatus: ExitStatus
    /// An error with its message and status.
    public init(_ description: String, status: ExitStatus = .dataError) { self.description = description; self.exitStatus = status }
}

/// Which units one task runs: those with `unit mod count == index`.
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
    /// This task's index, `0 ..< count`.
    public var index: Int
    /// Number of tasks.
    public var count: Int
    /// The whole sweep as one task.
    public static let whole = SweepShard(index: 0, count: 1)

    /// `index/count`; fails (usage, 64) unless `count ≥ 1` and `0 ≤ index < count`.
    public init(index: Int, count: Int) { self.index = index; self.count = count }

    /// Parses `I/N`.
    public static func parse(_ text: String) throws(SweepError) -> SweepShard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw SweepError("--shard must be I/N (e.g. 0/4) or auto: \(text)", status: .usage)
        }
        return try validated(index: i, count: n, source: "--shard \(text)")
    }

    /// From the scheduler's environment: Slurm job arrays (`SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN`,
    /// `SLURM_ARRAY_TASK_COUNT`), else Kubernetes Indexed Jobs (`JOB_COMPLETION_INDEX` with the count in
    /// `CORRIDOR_SHARD_COUNT`, which the Job sets to its `completions`).
    public static func fromEnvironment(_ env: [String: String]) throws(SweepError) -> SweepShard {
        func int(_ key: String) throws(SweepError) -> Int? {
            guard let text = env[key] else { return nil }
            guard let v = Int(text.trimmingCharacters(in: .whitespaces)) else { throw SweepError("--shard auto: \(key) is not a number: \(text)", status: .usage) }
            return v
        }
        if let id = try int("SLURM_ARRAY_TASK_ID") {
            guard let count = try int("SLURM_ARRAY_TASK_COUNT") else {
                throw SweepError("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not", status: .usage)
            }
            let first = try int("SLURM_ARRAY_TASK_MIN") ?? 0
            return try validated(index: id - first, count: count, source: "--shard auto (SLURM_ARRAY_TASK_ID=\(id), SLURM_ARRAY_TASK_MIN=\(first), SLURM_ARRAY_TASK_COUNT=\(count); arrays must be contiguous)")
        }
        if let index = try int("JOB_COMPLETION_INDEX") {
            guard let count = try int("CORRIDOR_SHARD_COUNT") else {
                throw SweepError("--shard auto: JOB_COMPLETION_INDEX is set but CORRIDOR_SHARD_COUNT (the Job's completions) is not", status: .usage)
            }
            return try validated(index: index, count: count, source: "--shard auto (JOB_COMPLETION_INDEX=\(index), CORRIDOR_SHARD_COUNT=\(count))")
        }
        throw SweepError("--shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set", status: .usage)
    }

    static func validated(index: Int, count: Int, source: String) throws(SweepError) -> SweepShard {
        guard count >= 1 else { throw SweepError("the number of shards must be at least 1: \(source)", status: .usage) }
        guard index >= 0, index < count else { throw SweepError("shard index \(index) is not in 0..<\(count): \(source)", status: .usage) }
        return SweepShard(index: index, count: count)
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}

/// An element the `fail` axis can remove: a crossing, a terminal or a physical line piece.
public struct SweepElement: Sendable, Equatable {
    /// What it is.
    public var kind: ElementKind
    /// Crossing or terminal index, or the edge id (lower id of a dual-gauge pair).
    public var id: Int
    /// Network edges that fail with it, sorted.
    public var edges: [UInt32]
    /// `KIND:ID`.
    public var elementID: String { "\(kind.rawValue):\(id)" }
}

/// The coordinates of one unit on the axes (nil where the sweep has no such axis).
public struct SweepUnit: Sendable, Equatable {
    /// The unit's number.
    public var id: Int
    /// Index into the scenarios.
    public var scenario: Int?
    /// Index into the denials.
    public var denial: Int?
    /// Positions in `SweepPlan.failElements` of the failed elements (empty: the reference, nothing failed).
    public var failed: [Int]?
    /// The sample number.
    public var sample: Int?
}

/// A sweep on its network: the axes' values, the baseline, the unit numbering, and the evaluation of a unit.
///
/// Units are numbered as the mixed-radix number (scenario, denial, failure set, sample), the first most
/// significant: `unit = ((s · D + d) · F + f) · S + u`, each axis index from 0; an absent axis has size 1.
/// The failure sets are ∅ (the reference) first, then each size of `k` in ascending order, each in lexicographic
/// order of positions in `failElements`.
public struct SweepPlan: Sendable {
    /// The sweep file.
    public let file: SweepFile
    /// The network (the baseline: no axis applied).
    public let network: Network
    /// The sweep's identity (file hash, network checksum).
    public let identity: SweepIdentity
    /// Scenario names (empty without the axis).
    public let scenarioNames: [String]
    /// Denied regions and countries (empty without the axis).
    public let denials: [SweepDenial]
    /// Elements the `fail` axis draws from: those of its classes that carry flow in the baseline, in the order
    /// crossings (by index), terminals (by index), line pieces (by edge id).
    public let failElements: [SweepElement]
    /// The baseline: the network with no axis applied.
    public let baseline: SweepMeasure
    /// Size of each axis in `SweepFile.axisOrder` (1 when absent).
    public let axisSizes: [Int]
    /// Number of units.
    public let unitCount: Int

    private let prepared: [(view: NetworkView, origins: [FlowSite], destinations: [FlowSite])]
    private let failCounts: [Int]   // subsets of each size in `file.axes.fail.sizes`

    /// Plans `file` on `network` (the network `file.network` names); `checksum` is the network's fingerprint.
    /// - Throws: `SweepError` (65) for a network that is not the pinned one, an unknown
    ///   region or country, too many units; `ScenarioFileError` for a scenario change that fails, with its position.
    public init(file: SweepFile, network: Network, checksum: UInt64) throws {
        if let pinned = file.networkChecksum, pinned != checksum {
            throw SweepError("the network does not match the sweep's network_checksum (it has \(SweepIdentity.hex(checksum)), the sweep expects \(SweepIdentity.hex(pinned))): \(file.network)")
        }
        self.file = file
        self.network = network
        self.identity = SweepIdentity(fileHash: file.contentHash, networkChecksum: checksum)
        let sites = { (list: [PlaceAmount]) in list.map { FlowSite(Endpoint(parsing: $0.place), tonnesPerDay: $0.tonnesPerDay) } }
        let baseView = NetworkView(network: network)
        let (baseline, arcFlow) = SweepEvaluation.measure(view: baseView, origins: sites(file.origins),
                                                          destinations: sites(file.destinations), demands: file.demands)
        if let note = baseline.note, arcFlow == nil {
            throw SweepError("the baseline cannot be measured (\(note)): \(file.path)")
        }
        self.baseline = baseline

        // Scenarios: prepared once against the baseline (their errors point at their lines).
        var prepared: [(view: NetworkView, origins: [FlowSite], destinations: [FlowSite])] = []
        if let scenarios = file.axes.scenarios {
            let asFile = ScenarioFile(path: file.path, title: file.title, network: file.network, origins: file.origins,
                                      destinations: file.destinations, analyses: AnalysisPlan(), scenarios: scenarios)
            for s in scenarios {
                let p = try ScenarioRunner.prepare(s, of: asFile, on: network)
                prepared.append((p.view, sites(p.origins), sites(p.destinations)))
            }
            scenarioNames = scenarios.map(\.name)
        } else {
            prepared = [(baseView, sites(file.origins), sites(file.destinations))]
            scenarioNames = []
        }
        self.prepared = prepared

        func position(_ key: String) -> String {
            file.axisPositions[key].map { "\(file.path):\($0.line):\($0.column)" } ?? file.path
        }
        // Denials: `all` resolved against the network, each checked once on the baseline.
        var denials: [SweepDenial] = []
        if let deny = file.axes.deny {
            if deny.allRegions {
                let names = Set((0..<network.edgeCount).map { network.region(ofEdge: $0) }).filter { !$0.isEmpty }
                denials += names.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }.map(SweepDenial.region)
            } else {
                denials += deny.regions.map(SweepDenial.region)
            }
            if deny.allCountries {
                let codes = Set((0..<network.edgeCount).map { network.country(ofEdge: $0).uppercased() }).filter { !$0.isEmpty }
                denials += codes.sorted().map(SweepDenial.country)
            } else {
                denials += deny.countries.map(SweepDenial.country)
            }
            for d in denials {
                do { _ = try baseView.applying(Self.restrictions(d)) } catch {
                    throw SweepError("axes.deny: \(error.description): \(position("deny"))")
                }
            }
            guard !denials.isEmpty else { throw SweepError("axes.deny: the network has no regions or countries to deny: \(position("deny"))") }
        }
        self.denials = denials

        // Failure elements: those of the axis's classes whose edges carry flow in the baseline's cheapest maximum flow.
        var elements: [SweepElement] = []
        var failCounts: [Int] = []
        if let fail = file.axes.fail {
            let owners = ElementOwners(network: network)
            var edgeFlow = [Bool](repeating: false, count: network.edgeCount)
            for (a, f) in (arcFlow ?? []).enumerated() where f != 0 { edgeFlow[Int(network.arcEdge[a])] = true }
            func carries(_ edges: [UInt32]) -> Bool { edges.contains { edgeFlow[Int($0)] } }
            for c in fail.classes {
                switch c {
                case .crossings:
                    for i in network.crossings.indices {
                        let edges = owners.edges(kind: .crossing, id: i)
                        if carries(edges) { elements.append(SweepElement(kind: .crossing, id: i, edges: edges)) }
                    }
                case .terminals:
                    for i in network.terminals.indices {
                        let edges = owners.edges(kind: .terminal, id: i)
                        if carries(edges) { elements.append(SweepElement(kind: .terminal, id: i, edges: edges)) }
                    }
                case .lines:
                    for e in 0..<network.edgeCount where network.edgeKind[e] == .line {
                        let (kind, id) = owners.owner(ofEdge: e)
                        guard kind == .edge, id == e else { continue }
                        let edges = owners.edges(kind: .edge, id: e)
                        if carries(edges) { elements.append(SweepElement(kind: .edge, id: e, edges: edges)) }
                    }
                }
            }
            for k in fail.sizes {
                guard let c = Self.binomial(elements.count, k) else { throw SweepError("axes.fail: too many subsets of \(k) of \(elements.count) elements: \(position("fail"))") }
                failCounts.append(c)
            }
        }
        self.failElements = elements
        self.failCounts = failCounts

        var sizes = [prepared.count, max(denials.count, 1), 1, file.axes.samples?.count ?? 1]
        if file.axes.fail != nil {
            var total = 1
            for c in failCounts {
                let (s, o) = total.addingReportingOverflow(c)
                if o { throw SweepError("axes.fail: too many failure sets: \(position("fail"))") }
                total = s
            }
            sizes[2] = total
        }
        var count = 1
        for s in sizes {
            let (p, o) = count.multipliedReportingOverflow(by: s)
            if o || p > Int(Int32.max) * 1024 { throw SweepError("the sweep has too many units to number (\(sizes.map(String.init).joined(separator: " × "))): \(file.path)") }
            count = p
        }
        self.axisSizes = sizes
        self.unitCount = count
    }

    static func restrictions(_ d: SweepDenial) -> Restrictions {
        switch d {
        case let .region(r): return Restrictions(avoidRegions: [r])
        case let .country(c): return Restrictions(avoidCountries: [c])
        }
    }

    /// C(n, k), nil on overflow.
    static func binomial(_ n: Int, _ k: Int) -> Int? {
        if k < 0 || k > n { return 0 }
        let k = min(k, n - k)
        var r = 1
        for i in 0..<k {
            let (p, o) = r.multipliedReportingOverflow(by: n - i)
            if o { return nil }
            r = p / (i + 1)
        }
        return r
    }

    /// The axis coordinates of unit `id` (`0 ..< unitCount`).
    public func unit(_ id: Int) -> SweepUnit {
        var rest = id
        let u = rest % axisSizes[3]; rest /= axisSizes[3]
        let f = rest % axisSizes[2]; rest /= axisSizes[2]
        let d = rest % axisSizes[1]; rest /= axisSizes[1]
        let s = rest
        var failed: [Int]?
        if let fail = file.axes.fail {
            failed = []
            var r = f - 1
            if f > 0 {
                for (i, k) in fail.sizes.enumerated() {
                    if r < failCounts[i] { failed = Self.combination(rank: r, n: failElements.count, k: k); break }
                    r -= failCounts[i]
                }
            }
        }
        return SweepUnit(id: id, scenario: file.axes.scenarios == nil ? nil : s, denial: denials.isEmpty ? nil : d,
                         failed: failed, sample: file.axes.samples == nil ? nil : u)
    }

    /// The `rank`-th k-subset of `0..<n` in lexicographic order. O(n · k).
    static func combination(rank: Int, n: Int, k: Int) -> [Int] {
        var out: [Int] = []
        var r = rank
        var next = 0
        for i in 0..<k {
            var c = next
            while true {
                let below = binomial(n - c - 1, k - i - 1) ?? Int.max
                if r < below { break }
                r -= below
                c += 1
            }
            out.append(c)
            next = c + 1
        }
        return out
    }

    /// Evaluates unit `id`: the scenario's view, the denial, the failed elements closed, the sample drawn; then
    /// `SweepEvaluation.measure`.
    public func evaluate(_ id: Int) -> SweepRecord {
        let unit = self.unit(id)
        let p = prepared[unit.scenario ?? 0]
        var view = p.view
        var note: String?
        if let d = unit.denial {
            do { view = try view.applying(Self.restrictions(denials[d])) } catch { note = error.description }
        }
        for position in unit.failed ?? [] { for e in failElements[position].edges { view.closeEdge(Int(e)) } }
        if let u = unit.sample, let samples = file.axes.samples { SweepSampling.apply(sample: u, seed: samples.seed, to: &view) }
        var measure: SweepMeasure
        if let note {
            measure = SweepMeasure(throughputMilli: 0, costMilli: 0, binding: [], lambdaMicro: nil, note: note)
        } else {
            measure = SweepEvaluation.measure(view: view, origins: p.origins, destinations: p.destinations, demands: file.demands).measure
        }
        return SweepRecord(unit: id, scenario: unit.scenario.map { scenarioNames[$0] }, denial: unit.denial.map { denials[$0].label },
                           failed: unit.failed.map { $0.map { failElements[$0].elementID } }, sample: unit.sample, measure: measure)
    }

    /// The units of `shard`, ascending.
    public func units(of shard: SweepShard) -> StrideTo<Int> { stride(from: shard.index, to: unitCount, by: shard.count) }

    /// Evaluates the units of `shard` on up to `threads` cores, calling `deliver` with each batch's records in unit
    /// order (batches in order too) and `progress(done, total)` after each batch.
    public func run(_ shard: SweepShard, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                    deliver: ([SweepRecord]) throws -> Void, progress: (Int, Int) -> Void = { _, _ in }) rethrows {
        let ids = Array(units(of: shard))
        let batch = max(1, min(256, min(threads, 1024) * 8))
        var done = 0
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + batch, ids.count)])
            let slots = RecordSlots(count: chunk.count)
            let plan = self
            if threads > 1 && chunk.count > 1 {
                let workers = min(threads, chunk.count)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var k = w
                    while k < chunk.count { slots.set(k, plan.evaluate(chunk[k])); k += workers }
                }
            } else {
                for (k, id) in chunk.enumerated() { slots.set(k, evaluate(id)) }
            }
            try deliver(slots.values())
            done += chunk.count
            start += chunk.count
            progress(done, ids.count)
        }
    }

    /// The description every part carries (everything but its shard), from which `merge` checks that parts belong
    /// together and writes its outputs.
    public func header(shard: SweepShard) -> SweepHeader {
        var axes: [SweepHeader.Axis] = []
        for (i, key) in SweepFile.axisOrder.enumerated() {
            let present: Bool
            switch key {
            case "scenarios": present = file.axes.scenarios != nil
            case "deny": present = file.axes.deny != nil
            case "fail": present = file.axes.fail != nil
            default: present = file.axes.samples != nil
            }
            guard present else { continue }
            var detail = ""
            switch key {
            case "scenarios": detail = scenarioNames.joined(separator: ", ")
            case "deny": detail = denials.map(\.label).joined(separator: ", ")
            case "fail":
                let f = file.axes.fail!
                detail = "k = \(f.sizes.map(String.init).joined(separator: ", ")) of \(failElements.count) flow-carrying \(f.classes.map(\.rawValue).joined(separator: "/"))"
            default:
                let s = file.axes.samples!
                detail = "\(s.count) samples, seed \(s.seed)"
            }
            axes.append(SweepHeader.Axis(name: key, size: axisSizes[i], detail: detail))
        }
        return SweepHeader(sweep: identity.description, title: file.title, network: file.network,
                           unitCount: unitCount, shard: shard, axes: axes,
                           origins: file.origins, destinations: file.destinations, demands: file.demands,
                           baseline: baseline, failElements: failElements.map(\.elementID))
    }
}

/// Records written from concurrent iterations, each index exactly once.
private final class RecordSlots: @unchecked Sendable {
    private var slots: [SweepRecord?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: SweepRecord) { lock.lock(); slots[i] = value; lock.unlock() }
    func values() -> [SweepRecord] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}
