import Foundation

/// A Python script of the repository's `Tools/` run by the tests as an independent peer (SciPy's HiGHS, OR-Tools,
/// NetworkX): whether it can run on this machine, and one run over a list of input files. Shared by the test
/// targets of the modules it checks, so each keeps only what it asserts about the peer's answers.
public struct PythonPeer: Sendable {
    /// Absolute path of the script.
    public let script: String
    /// Whether `python3` runs `probe` with exit status 0 and the script exists.
    public let available: Bool

    /// `Tools/crosscheck/lp.py`: SciPy's HiGHS (`linprog`, `milp`) on MPS files, one result line per file
    /// (`optimal VALUE`, `infeasible`, `unbounded`); `milp` needs SciPy ≥ 1.9.
    public static let scipyLP = PythonPeer(
        "Tools/crosscheck/lp.py",
        probe: "import sys, scipy; v = tuple(int(p) for p in scipy.__version__.split('.')[:2]); sys.exit(0 if v >= (1, 9) else 1)")

    /// `Tools/crosscheck/flows.py`: OR-Tools (or NetworkX) on DIMACS flow files, one `s VALUE` line per file.
    public static let flows = PythonPeer(
        "Tools/crosscheck/flows.py",
        probe: "import importlib.util as u, sys; sys.exit(0 if u.find_spec('ortools') or u.find_spec('networkx') else 1)")

    /// - Parameters:
    ///   - relativePath: the script's path from the repository root.
    ///   - probe: Python source that exits 0 when the modules the script needs are installed.
    public init(_ relativePath: String, probe: String) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        script = root.appendingPathComponent(relativePath).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", probe]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { available = false; return }
        process.waitUntilExit()
        available = process.terminationStatus == 0 && FileManager.default.fileExists(atPath: script)
    }

    /// Runs the script on `files`; its standard output split into lines, and its exit status.
    public func run(_ files: [String]) throws -> (lines: [String], status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init), process.terminationStatus)
    }
}
