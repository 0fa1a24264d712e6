import ArgumentParser
import CorridorKit
import Foundation

/// `corridor sweep`: every unit of a sweep file (the cross product of its axes), whole or one shard of it.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a sweep (scenarios × denials × failure sets × samples), whole or as one shard of a job array.",
        discussion: Examples.after("""
            Without --shard, writes the merged outputs (summary.txt, units.csv, elements.csv, elements.geojson) to \
            -o DIR (or the summary to standard output). With --shard I/N (or auto: SLURM_ARRAY_TASK_ID and \
            SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX and CORRIDOR_SHARD_COUNT), runs the units with \
            unit mod N = I and writes one NDJSON record per unit to -o FILE; `corridor merge` joins the parts into \
            the same bytes as the unsharded run.
            """, Examples.sweep))

    @Argument(help: "The sweep file (YAML).") var spec: String
    @Option(name: [.short, .long], help: "Output directory (whole sweep) or part file (with --shard); default: standard output.")
    var output: String?
    @Option(help: ArgumentHelp("Run only the units with unit mod N = I: I/N, or auto (from Slurm or Kubernetes).", valueName: "I/N|auto"))
    var shard: String?
    @Option(help: "Open this .corridor cache instead of the sweep's network (it must be the sweep's network: same checksum).")
    var cache: String?
    @Option(help: "Worker threads, 1-1024 (default: all cores).", transform: CLINumber.whole(InputRules.threadCount)) var threads: Int?
    @Flag(help: "Print the plan (units, axes, identity, network checksum, load time) and stop.") var plan = false
    @Flag(help: "No progress output.") var quiet = false

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        let shard = try shard.map { text throws -> SweepShard in
            text == "auto" ? try SweepShard.fromEnvironment(ProcessInfo.processInfo.environment) : try SweepShard.parse(text)
        }
        let file = try SweepCLI.loadSpec(spec)
        let started = Date()
        let (network, checksum) = try SweepCLI.openNetwork(file: file, cache: cache, quiet: quiet)
        let loadSeconds = Date().timeIntervalSince(started)
        let sweep = try SweepPlan(file: file, network: network, checksum: checksum)
        if plan {
            var text = "sweep \(sweep.identity)\nnetwork \(file.network): checksum \(SweepIdentity.hex(checksum)), \(network.nodeCount) nodes, \(network.edgeCount) edges\n"
            text += "units \(sweep.unitCount) = " + zip(SweepFile.axisOrder, sweep.axisSizes).map { "\($1) \($0)" }.joined(separator: " × ") + "\n"
            text += "fail elements \(sweep.failElements.count)\n"
            text += "baseline throughput_tpd \(NumberFormat.trimmed(Double(sweep.baseline.throughputMilli) / 1000, decimals: 3))\n"
            text += "network load \(NumberFormat.fixed(loadSeconds, decimals: 3)) s, plan \(NumberFormat.fixed(Date().timeIntervalSince(started) - loadSeconds, decimals: 3)) s\n"
            try SweepCLI.write(text, to: output)
            return
        }
        let progress = SweepProgress(quiet: quiet, label: shard.map { "shard \($0)" } ?? "sweep")
        let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
        var header = sweep.header(shard: shard ?? .whole)
        if let cache { header.network = URL(fileURLWithPath: cache).standardizedFileURL.path }
        var part = SweepPartFile.headerLine(header)
        try sweep.run(shard ?? .whole, threads: threads, deliver: { records in
            for r in records { part += SweepPartFile.recordLine(r) }
        }, progress: progress.update)
        progress.finish()
        if shard != nil {
            try SweepCLI.write(part, to: output)
            return
        }
        // The unsharded run goes through its own part text, so it writes what merge writes, byte for byte.
        let parsed = try SweepPartFile.parse(Data(part.utf8), path: output ?? "-")
        let summary = try SweepSummary(header: parsed.header, records: parsed.records.map { ($0, "sweep") }, network: network)
        try SweepCLI.writeOutputs(summary, network: network, to: output)
    }
}

/// `corridor merge`: the parts of a sharded sweep into the sweep's outputs.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the NDJSON parts of a sharded sweep into its outputs (the same bytes as the unsharded run).",
        discussion: Examples.after("""
            Every unit must be present exactly once and every part must come from the same sweep (same sweep file \
            and network); otherwise nothing is written (exit 65). The network named in the parts is opened for \
            names and geometry (--network to open it elsewhere; its checksum must match).
            """, Examples.merge))

    @Argument(help: "Part files (part-*.ndjson).") var parts: [String]
    @Option(name: [.short, .long], help: "Output directory (default: the summary on standard output).") var output: String?
    @Option(help: "The sweep's network, when not at the path the parts record (a manifest or .corridor cache).")
    var network: String?
    @Flag(help: "No progress output.") var quiet = false

    func validate() throws {
        if parts.isEmpty { throw ValidationError("merge needs at least one part file") }
    }

    func run() throws { reportingErrors(execute) }

    func execute() throws {
        var header: SweepHeader?
        var first = ""
        var records: [(record: SweepRecord, source: String)] = []
        for path in parts {
            let part = try SweepPartFile.read(path: path)
            if let h = header {
                guard part.header.sweep == h.sweep else {
                    throw CLIError(message: "parts come from different sweeps: \(first) (sweep \(h.sweep)) and \(path) (sweep \(part.header.sweep))", exitStatus: .dataError)
                }
                guard part.header.sameSweep(as: h) else {
                    throw CLIError(message: "parts of sweep \(h.sweep) disagree on its description: \(first) and \(path)", exitStatus: .dataError)
                }
            } else {
                header = part.header
                first = path
            }
            records += part.records.map { ($0, path) }
        }
        guard var header else { return }
        header.shard = .whole
        let path = network ?? header.network
        let (net, checksum) = try SweepCLI.openNetwork(path: path, quiet: quiet)
        guard checksum == header.networkChecksum else {
            throw CLIError(message: "the network does not match the sweep's (checksum \(SweepIdentity.hex(checksum)), the parts have \(header.networkChecksum.map(SweepIdentity.hex) ?? "none")): \(path)", exitStatus: .dataError)
        }
        let summary = try SweepSummary(header: header, records: records, network: net)
        try SweepCLI.writeOutputs(summary, network: net, to: output)
    }
}

/// What `sweep` and `merge` share: opening the spec and the network, writing the outputs.
enum SweepCLI {
    /// The sweep file (missing, a directory or unreadable: 66; not UTF-8 or malformed: 65 at its line:column).
    static func loadSpec(_ path: String) throws -> SweepFile {
        try SweepFile.load(path: path)
    }

    /// The sweep's network (or `cache` in its place) and its checksum. A cache is read once (no rebuild) and its
    /// stored checksum taken; a manifest is built and its checksum computed.
    static func openNetwork(file: SweepFile, cache: String?, quiet: Bool) throws -> (Network, UInt64) {
        guard let cache else { return try openNetwork(path: file.network, quiet: quiet) }
        guard NetworkCache.isCacheFile(cache) else {
            throw CLIError(message: "--cache must be a .corridor network cache: \(cache)", exitStatus: FileManager.default.fileExists(atPath: cache) ? .dataError : .noInput)
        }
        let checksum = try NetworkCache.storedChecksum(cache)
        let expected: UInt64
        if let pinned = file.networkChecksum {
            expected = pinned
        } else if NetworkCache.isCacheFile(file.network) {
            expected = try NetworkCache.storedChecksum(file.network)
        } else {
            throw CLIError(message: "--cache cannot be checked against a manifest without building it: pin the sweep's network_checksum (corridor sweep --plan prints it): \(file.path)", exitStatus: .usage)
        }
        guard checksum == expected else {
            throw CLIError(message: "the cache does not match the sweep's network (checksum \(SweepIdentity.hex(checksum)), the sweep's network has \(SweepIdentity.hex(expected))): \(cache)", exitStatus: .dataError)
        }
        return (try NetworkCache.read(cache), checksum)
    }

    static func openNetwork(path: String, quiet: Bool) throws -> (Network, UInt64) {
        if NetworkCache.isCacheFile(path) {
            let checksum = try NetworkCache.storedChecksum(path)
            return (try NetworkCache.read(path), checksum)
        }
        let network = try NetworkLoader.open(path, progress: ProgressReporter(quiet: quiet))
        return (network, try NetworkCache.fingerprint(of: network))
    }

    /// Writes `text` to `output` (standard output when nil or `-`), all or nothing.
    static func write(_ text: String, to output: String?) throws {
        var outputs = OutputTransaction()
        outputs.add(output ?? "-", text: text)
        try outputs.commit()
    }

    /// Writes the outputs into directory `output` (created if missing, and removed again if writing fails), all
    /// four or none, or the summary to standard output.
    static func writeOutputs(_ summary: SweepSummary, network: Network, to output: String?) throws {
        let files = SweepOutput.files(summary, network: network)
        guard let output, output != "-" else {
            try write(files[0].text, to: "-")
            return
        }
        var outputs = OutputTransaction()
        for f in files { outputs.add(URL(fileURLWithPath: output).appendingPathComponent(f.name).path, text: f.text) }
        try ComparisonReport.commit(outputs, creating: output)
    }
}

/// Progress on standard error, only on a terminal and without --quiet.
final class SweepProgress {
    private let enabled: Bool
    private let label: String
    private var last = Date.distantPast
    init(quiet: Bool, label: String) { enabled = !quiet && isatty(2) == 1; self.label = label }
    func update(_ done: Int, _ total: Int) {
        guard enabled, Date().timeIntervalSince(last) >= 0.2 || done == total else { return }
        last = Date()
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total) units".utf8))
    }
    func finish() { if enabled { FileHandle.standardError.write(Data("\n".utf8)) } }
}
