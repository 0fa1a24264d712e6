@testable import CorridorFuzz
import Foundation
import Testing

/// Every input the fuzzers start from (`Tools/fuzzing/corpus/TARGET/`) and every crash they found and that was
/// fixed (`Tools/fuzzing/regressions/TARGET/`, one file per crash) runs through its target once: a regression
/// would trap and fail the run.
@Suite("Fuzz corpus and regressions")
struct FuzzReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tools/fuzzing")

    /// (target, file) for every file under corpus/ and regressions/.
    static let inputs: [String] = {
        var out: [String] = []
        for kind in ["corpus", "regressions"] {
            for target in FuzzTargets.names {
                let directory = root.appendingPathComponent("\(kind)/\(target)")
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                for name in names.sorted() where !name.hasPrefix(".") { out.append("\(kind)/\(target)/\(name)") }
            }
        }
        return out
    }()

    @Test func everyTargetHasSeeds() {
        for target in FuzzTargets.names {
            #expect(Self.inputs.contains { $0.hasPrefix("corpus/\(target)/") }, "no seed for \(target)")
        }
        #expect(!FuzzTargets.run("no-such-target", []))
    }

    @Test(arguments: inputs) func replays(_ input: String) throws {
        let target = String(input.split(separator: "/")[1])
        let data = try Data(contentsOf: Self.root.appendingPathComponent(input))
        #expect(FuzzTargets.run(target, [UInt8](data)))
    }
}
