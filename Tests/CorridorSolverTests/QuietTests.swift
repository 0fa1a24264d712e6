import Foundation
import Testing
@testable import CorridorSolver

/// The solvers write nothing to stdout or stderr: the file descriptors are redirected to a file around a batch of
/// solves of every kind (optimal, infeasible, unbounded, limited, MIP, export, read-back), and the file searched for
/// COIN-OR messages. Whatever else landed there (other tests' output) is passed on afterwards.
@Suite(.serialized) struct QuietTests {
    @Test func solversPrintNothing() throws {
        let directory = try temporaryDirectory("quiet")
        defer { try? FileManager.default.removeItem(at: directory) }
        let capture = directory.appendingPathComponent("captured").path
        let mpsPath = directory.appendingPathComponent("m.mps").path
        let captured = try capturingStandardStreams(into: capture) {
            _ = try? LPSolver.attempt(randomModel(seed: 1, maxColumns: 40, maxRows: 40))
            _ = try? LPSolver.attempt(randomModel(seed: 2, shape: .infeasible))
            _ = try? LPSolver.attempt(randomModel(seed: 3, shape: .unbounded), options: LPOptions(algorithm: .primalSimplex))
            _ = try? LPSolver.attempt(randomModel(seed: 4), options: LPOptions(algorithm: .dualSimplex))
            _ = try? LPSolver.attempt(randomModel(seed: 5), options: LPOptions(iterationLimit: 1))
            _ = try? MIPSolver.attempt(marketSplit(seed: 6, rows: 3, columns: 14))
            _ = try? MIPSolver.attempt(marketSplit(seed: 7, rows: 4), options: MIPOptions(nodeLimit: 5))
            _ = try? MIPSolver.attempt(enumerableModel(seed: 8))
            _ = try? MIPSolver.attempt(randomModel(seed: 9, shape: .infeasible, integerShare: 50))
            try? randomModel(seed: 10).writeMPS(to: mpsPath)
            _ = try? LinearModel.readMPS(path: mpsPath)
        }
        let patterns = ["Clp[0-9]{4}", "Cbc[0-9]{4}", "Coin[0-9]{4}", "Cgl[0-9]{4}", "Welcome to the CBC",
                        "Result - ", "Enumerated nodes", "Objective value:", "Optimal - objective"]
        for pattern in patterns {
            #expect(captured.range(of: pattern, options: .regularExpression) == nil, "solver printed: \(pattern)")
        }
        FileHandle.standardOutput.write(Data(captured.utf8))
    }
}

/// Runs `body` with file descriptors 1 and 2 pointing at `path`; returns what was written there.
private func capturingStandardStreams(into path: String, _ body: () throws -> Void) throws -> String {
    fflush(nil)
    let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard file >= 0 else { throw CocoaError(.fileWriteUnknown) }
    let savedOut = dup(1), savedErr = dup(2)
    dup2(file, 1)
    dup2(file, 2)
    close(file)
    defer {
        fflush(nil)
        dup2(savedOut, 1)
        dup2(savedErr, 2)
        close(savedOut)
        close(savedErr)
    }
    try body()
    fflush(nil)
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
