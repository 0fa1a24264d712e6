import CorridorKit
import Foundation
import Testing
import Yams


/// `corridor sweep` and `corridor merge` through the built binary on the regional network: shards merged equal the
/// unsharded run byte for byte (also through a real Slurm job array where Slurm can start), and bad input is one
/// line, the documented exit code, nothing written.
@Suite(.enabled(if: corridorBinary != nil && FileManager.default.fileExists(atPath: regionalManifest), "binary or regional data missing"))
struct SweepCommandTests {
    static let outputs = ["summary.txt", "units.csv", "elements.csv", "elements.geojson"]

    /// A scratch dir with the regional cache and a sweep file on it.
    static func setUp(_ axes: String = "  fail: {elements: crossings, k: [1, 2]}\n  samples: {count: 2, seed: 5}\n") throws -> (Scratch, String) {
        let s = try Scratch()
        let build = try corridor(["build", "--network", regionalManifest, "-o", s.path("fe.corridor"), "--quiet"])
        #expect(build.code == 0, "\(build.stderr)")
        let spec = try s.write("sweep.yaml", """
            title: regional test sweep
            network: fe.corridor
            origins: {Vladivostok: 20000, Khabarovsk: 10000}
            destinations: {Pyongyang: 15000, Chongjin: 8000}
            axes:
            \(axes)
            """)
        return (s, spec)
    }

    static func contents(_ dir: String) throws -> [String] {
        try outputs.map { try String(contentsOfFile: URL(fileURLWithPath: dir).appendingPathComponent($0).path, encoding: .utf8) }
    }

    @Test func mergedShardsEqualTheUnshardedRunByteForByte() throws {
        let (s, spec) = try Self.setUp()
        let whole = try corridor(["sweep", spec, "-o", s.path("whole"), "--quiet"])
        #expect(whole.code == 0, "\(whole.stderr)")
        var parts: [String] = []
        for i in 0..<3 {
            let r = try corridor(["sweep", spec, "--shard", "\(i)/3", "-o", s.path("part-\(i).ndjson"), "--quiet"])
            #expect(r.code == 0, "\(r.stderr)")
            parts.append(s.path("part-\(i).ndjson"))
        }
        let merged = try corridor(["merge"] + parts.reversed() + ["-o", s.path("merged"), "--quiet"])
        #expect(merged.code == 0, "\(merged.stderr)")
        let a = try Self.contents(s.path("whole")), b = try Self.contents(s.path("merged"))
        #expect(a == b)
        let recordLines = try parts.map { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n").count - 1 }.reduce(0, +)
        #expect(a[1].split(separator: "\n").count == 1 + recordLines)
        // The environment decides the shard with --shard auto (Slurm and Kubernetes spellings).
        let auto = try corridorEnv(["sweep", spec, "--shard", "auto", "--quiet"], ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "3"])
        let part1 = try String(contentsOfFile: parts[1], encoding: .utf8), part2 = try String(contentsOfFile: parts[2], encoding: .utf8)
        #expect(auto.code == 0 && auto.stdout == part1, "\(auto.stderr)")
        let k8s = try corridorEnv(["sweep", spec, "--shard", "auto", "--quiet"], ["JOB_COMPLETION_INDEX": "2", "CORRIDOR_SHARD_COUNT": "3"])
        #expect(k8s.code == 0 && k8s.stdout == part2, "\(k8s.stderr)")
    }

    @Test func badInputIsOneLineWithItsExitCodeAndWritesNothing() throws {
        let (s, spec) = try Self.setUp()
        let part0 = s.path("p0.ndjson"), part1 = s.path("p1.ndjson")
        #expect(try corridor(["sweep", spec, "--shard", "0/2", "-o", part0, "--quiet"]).code == 0)
        #expect(try corridor(["sweep", spec, "--shard", "1/2", "-o", part1, "--quiet"]).code == 0)
        let other = try s.write("other.yaml", try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(of: "seed: 5", with: "seed: 6"))
        let otherPart = s.path("other.ndjson")
        #expect(try corridor(["sweep", other, "--shard", "1/2", "-o", otherPart, "--quiet"]).code == 0)
        // A second cache of a different build of the same data.
        #expect(try corridor(["build", "--network", regionalManifest, "--snap-tolerance", "3000", "-o", s.path("other.corridor"), "--quiet"]).code == 0)
        let plan = try corridor(["sweep", spec, "--plan"])
        let checksum = try #require(plan.stdout.split(separator: "\n").first { $0.hasPrefix("network ") }?.split(separator: " ")[3]).dropLast()
        let pinned = try s.write("pinned.yaml", try String(contentsOfFile: spec, encoding: .utf8)
            .replacingOccurrences(of: "network: fe.corridor\n", with: "network: fe.corridor\nnetwork_checksum: \(checksum)\n"))
        let unknownAxis = try s.write("axis.yaml", try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(of: "  fail:", with: "  failures:"))
        let cases: [(args: [String], code: Int32, message: String)] = [
            (["sweep", spec, "--shard", "2/2", "-o", s.path("out.ndjson")], 64, "shard index 2 is not in 0..<2"),
            (["sweep", spec, "--shard", "0/0", "-o", s.path("out.ndjson")], 64, "the number of shards must be at least 1"),
            (["sweep", spec, "--shard", "auto", "-o", s.path("out.ndjson")], 64, "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX"),
            (["sweep", unknownAxis, "-o", s.path("out")], 65, "unknown key 'failures' in the sweep's axes; allowed: scenarios, deny, fail, samples, seed: \(unknownAxis):6:3"),
            (["sweep", pinned, "--cache", s.path("other.corridor"), "-o", s.path("out")], 65, "the cache does not match the sweep's network"),
            (["sweep", spec, "--cache", s.path("other.corridor"), "-o", s.path("out")], 65, "the cache does not match the sweep's network"),
            (["merge", part0, otherPart, "-o", s.path("out")], 65, "parts come from different sweeps"),
            (["merge", part0, "-o", s.path("out")], 65, "missing "),
            (["merge", part0, part0, part1, "-o", s.path("out")], 65, "duplicate units: 0 "),
            (["merge", part0, part1, "--network", s.path("other.corridor"), "-o", s.path("out")], 65, "the network does not match the sweep's"),
            (["merge", s.path("nonexistent.ndjson"), "-o", s.path("out")], 66, "cannot read sweep part"),
            (["sweep", s.path("nonexistent.yaml"), "-o", s.path("out")], 66, "cannot read sweep file"),
        ]
        for c in cases {
            let r = try corridorEnv(c.args + ["--quiet"], [:])
            #expect(r.code == c.code, "\(c.args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("corridor: ") && r.stderr.contains(c.message), "\(c.args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.path("out")) && !FileManager.default.fileExists(atPath: s.path("out.ndjson")), "\(c.args) wrote output")
        }
    }

    /// A real scheduler: `Tools/slurm-local` starts slurmctld, slurmd and munged here, runs the sweep as
    /// `sbatch --array=0-3` and merges the four parts; the result must be the unsharded run's bytes.
    @Test func aSlurmJobArrayMergesToTheUnshardedRun() throws {
        let script = repositoryRoot.appendingPathComponent("Tools/slurm-local").path
        let check = try run(script, ["check"])
        guard check.code == 0 else {
            print("SKIPPED aSlurmJobArrayMergesToTheUnshardedRun: Slurm cannot start here: \(check.stderr)")
            return
        }
        let (s, spec) = try Self.setUp("  fail: {elements: crossings, k: [1, 2]}\n")
        #expect(try corridor(["sweep", spec, "-o", s.path("whole"), "--quiet"]).code == 0)
        let slurm = try run(script, ["sweep", spec, s.path("slurm"), "4"], env: ["CORRIDOR": corridorBinary!.path])
        guard slurm.code != 2 else {
            print("SKIPPED aSlurmJobArrayMergesToTheUnshardedRun: Slurm did not start: \(slurm.stderr)")
            return
        }
        #expect(slurm.code == 0, "\(slurm.stdout)\(slurm.stderr)")
        #expect(slurm.stdout.contains("4 array tasks"), "\(slurm.stdout)")
        let viaSlurm = try Self.contents(s.path("slurm")), whole = try Self.contents(s.path("whole"))
        #expect(viaSlurm == whole)
    }

    /// No Kubernetes here: the Indexed Job manifest is checked for the structure `--shard auto` relies on.
    @Test func theKubernetesManifestIsAnIndexedJobWithAReadOnlyCache() throws {
        let path = repositoryRoot.appendingPathComponent("docs/kubernetes/sweep-job.yaml").path
        let job = try #require(try Yams.load(yaml: try String(contentsOfFile: path, encoding: .utf8)) as? [String: Any])
        #expect(job["apiVersion"] as? String == "batch/v1" && job["kind"] as? String == "Job")
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let completions = try #require(spec["completions"] as? Int)
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let command = try #require(container["command"] as? [String])
        #expect(Array(command.prefix(2)) == ["corridor", "sweep"])
        #expect(command.contains("auto") && command.contains { $0.contains("$(JOB_COMPLETION_INDEX)") })
        let env = try #require(container["env"] as? [[String: Any]])
        #expect(env.contains { $0["name"] as? String == "CORRIDOR_SHARD_COUNT" && $0["value"] as? String == String(completions) })
        let mounts = try #require(container["volumeMounts"] as? [[String: Any]])
        let cache = try #require(mounts.first { $0["name"] as? String == "cache" })
        #expect(cache["readOnly"] as? Bool == true)
        let volumes = try #require(pod["volumes"] as? [[String: Any]])
        let names = Set(volumes.compactMap { $0["name"] as? String })
        #expect(Set(mounts.compactMap { $0["name"] as? String }).isSubset(of: names))
        let claim = try #require(volumes.first { $0["name"] as? String == "cache" }?["persistentVolumeClaim"] as? [String: Any])
        #expect(claim["readOnly"] as? Bool == true)
        // The same command line runs here, with the environment the Job controller sets.
        let (s, spec2) = try Self.setUp("  fail: {elements: crossings, k: 1}\n")
        let args = command.dropFirst().map { $0 == "/spec/sweep.yaml" ? spec2 : $0.replacingOccurrences(of: "/parts/part-$(JOB_COMPLETION_INDEX)", with: s.path("part-1")) }
        let r = try corridorEnv(Array(args), ["JOB_COMPLETION_INDEX": "1", "CORRIDOR_SHARD_COUNT": String(completions)])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: s.path("part-1.ndjson")))
    }
}

/// Runs the corridor binary with extra environment variables (and without the scheduler's own).
func corridorEnv(_ arguments: [String], _ env: [String: String]) throws -> RunResult {
    try run(try #require(corridorBinary).path, arguments, env: env)
}

/// Runs `path` with `arguments`; the environment is this process's minus any scheduler variables, plus `env`.
func run(_ path: String, _ arguments: [String], env: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment.filter {
        !$0.key.hasPrefix("SLURM_") && $0.key != "JOB_COMPLETION_INDEX" && $0.key != "CORRIDOR_SHARD_COUNT"
    }
    for (k, v) in env { environment[k] = v }
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(code: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}
