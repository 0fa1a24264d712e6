import Foundation
import Testing
@testable import CorridorSolver

/// CBC 2.10.8 aborts a solve ("Illegal index in ClpModel::getColumnName", status -1) when a MIP start is given and
/// its preprocessing runs on some models with continuous columns; `MIPSolver` turns preprocessing off with a start.
@Suite struct MIPStartTests {
    /// A max-flow interdiction model (budget 1) on which the start made CBC abort; the start is feasible (the cut
    /// of the intact network).
    static let mps = """
NAME max-flow-interdiction FREE
ROWS
 N OBJ
 L cut_0
 L cut_1
 L cut_2
 L cut_3
 L cut_4
 L cut_5
 L cut_6
 L cut_7
 L cut_8
 L cut_9
 L cut_10
 L cut_11
 L cut_12
 L cut_13
 L cut_14
 L cut_15
 L cut_16
 L cut_17
 L cut_18
 L budget
COLUMNS
    alpha_0 cut_0 -1
    alpha_0 cut_2 1
    alpha_0 cut_15 1
    alpha_1 cut_0 1
    alpha_1 cut_1 -1
    alpha_1 cut_2 -1
    alpha_1 cut_3 1
    alpha_1 cut_6 1
    alpha_3 cut_1 1
    alpha_3 cut_3 -1
    alpha_3 cut_4 -1
    alpha_3 cut_11 1
    alpha_4 cut_5 -1
    alpha_4 cut_6 -1
    alpha_4 cut_7 -1
    alpha_4 cut_12 1
    alpha_4 cut_14 1
    alpha_5 cut_8 -1
    alpha_5 cut_9 1
    alpha_6 cut_4 1
    alpha_6 cut_7 1
    alpha_6 cut_8 1
    alpha_6 cut_9 -1
    alpha_6 cut_10 -1
    alpha_6 cut_11 -1
    alpha_6 cut_12 -1
    alpha_6 cut_13 1
    alpha_7 cut_5 1
    alpha_7 cut_10 1
    alpha_7 cut_13 -1
    alpha_7 cut_14 -1
    alpha_7 cut_16 -1
    alpha_8 cut_15 -1
    alpha_8 cut_17 1
    alpha_9 cut_16 1
    alpha_9 cut_18 -1
    alpha_10 cut_17 -1
    alpha_11 cut_18 1
    beta_0 OBJ 700
    beta_0 cut_0 -1
    beta_1 OBJ 500
    beta_1 cut_1 -1
    beta_2 OBJ 700
    beta_2 cut_2 -1
    beta_3 OBJ 500
    beta_3 cut_3 -1
    beta_4 OBJ 900
    beta_4 cut_4 -1
    beta_5 OBJ 800
    beta_5 cut_5 -1
    beta_6 OBJ 200
    beta_6 cut_6 -1
    beta_7 OBJ 900
    beta_7 cut_7 -1
    beta_8 OBJ 400
    beta_8 cut_8 -1
    beta_9 OBJ 400
    beta_9 cut_9 -1
    beta_10 OBJ 700
    beta_10 cut_10 -1
    beta_11 OBJ 900
    beta_11 cut_11 -1
    beta_12 OBJ 900
    beta_12 cut_12 -1
    beta_13 OBJ 700
    beta_13 cut_13 -1
    beta_14 OBJ 800
    beta_14 cut_14 -1
    beta_17 OBJ 701
    beta_17 cut_17 -1
    beta_18 OBJ 1501
    beta_18 cut_18 -1
    MARKER0 'MARKER' 'INTORG'
    x_crossing_0 cut_4 -1
    x_crossing_0 cut_11 -1
    x_crossing_0 budget 1
    x_edge_0 cut_8 -1
    x_edge_0 cut_9 -1
    x_edge_0 budget 1
    x_edge_1 cut_10 -1
    x_edge_1 cut_13 -1
    x_edge_1 budget 1
    x_edge_2 cut_1 -1
    x_edge_2 cut_3 -1
    x_edge_2 budget 1
    x_edge_4 cut_5 -1
    x_edge_4 cut_14 -1
    x_edge_4 budget 1
    x_edge_5 cut_6 -1
    x_edge_5 budget 1
    x_edge_6 cut_7 -1
    x_edge_6 cut_12 -1
    x_edge_6 budget 1
    x_edge_7 cut_0 -1
    x_edge_7 cut_2 -1
    x_edge_7 budget 1
    x_node_1 cut_0 -1
    x_node_1 cut_1 -1
    x_node_1 cut_2 -1
    x_node_1 cut_3 -1
    x_node_1 cut_6 -1
    x_node_1 budget 1
    x_node_4 cut_5 -1
    x_node_4 cut_6 -1
    x_node_4 cut_7 -1
    x_node_4 cut_12 -1
    x_node_4 cut_14 -1
    x_node_4 budget 1
    x_node_6 cut_4 -1
    x_node_6 cut_7 -1
    x_node_6 cut_8 -1
    x_node_6 cut_9 -1
    x_node_6 cut_10 -1
    x_node_6 cut_11 -1
    x_node_6 cut_12 -1
    x_node_6 cut_13 -1
    x_node_6 budget 1
    MARKER1 'MARKER' 'INTEND'
RHS
    RHS budget 1
BOUNDS
 UP BND alpha_0 1
 UP BND alpha_1 1
 UP BND alpha_3 1
 UP BND alpha_4 1
 UP BND alpha_5 1
 UP BND alpha_6 1
 UP BND alpha_7 1
 UP BND alpha_8 1
 UP BND alpha_9 1
 FX BND alpha_10 0
 FX BND alpha_11 1
 UP BND beta_0 1
 UP BND beta_1 1
 UP BND beta_2 1
 UP BND beta_3 1
 UP BND beta_4 1
 UP BND beta_5 1
 UP BND beta_6 1
 UP BND beta_7 1
 UP BND beta_8 1
 UP BND beta_9 1
 UP BND beta_10 1
 UP BND beta_11 1
 UP BND beta_12 1
 UP BND beta_13 1
 UP BND beta_14 1
 UP BND beta_17 1
 UP BND beta_18 1
 LO BND x_crossing_0 0
 UP BND x_crossing_0 1
 LO BND x_edge_0 0
 UP BND x_edge_0 1
 LO BND x_edge_1 0
 UP BND x_edge_1 1
 LO BND x_edge_2 0
 UP BND x_edge_2 1
 LO BND x_edge_4 0
 UP BND x_edge_4 1
 LO BND x_edge_5 0
 UP BND x_edge_5 1
 LO BND x_edge_6 0
 UP BND x_edge_6 1
 LO BND x_edge_7 0
 UP BND x_edge_7 1
 LO BND x_node_1 0
 UP BND x_node_1 1
 LO BND x_node_4 0
 UP BND x_node_4 1
 LO BND x_node_6 0
 UP BND x_node_6 1
ENDATA
"""
    static let start: [Double] = [0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

    @Test func startOnModelWithContinuousColumnsIsSolved() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("corridor-mipstart-\(UUID().uuidString).mps").path
        try Self.mps.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try LinearModel.readMPS(path: path)
        #expect(model.isFeasible(Self.start))
        let cold = try MIPSolver.solve(model)
        let warm = try MIPSolver.solve(model, options: MIPOptions(initialSolution: Self.start))
        #expect(warm.status == .optimal)
        #expect(abs(warm.objectiveValue! - cold.objectiveValue!) < 1e-6)
    }
}
