/// How a solve ended.
public enum SolveStatus: Sendable, Equatable, CustomStringConvertible {
    /// Proven optimal (for a MIP: within the requested gap, zero by default).
    case optimal
    /// No point satisfies every row, bound and integrality requirement.
    case infeasible
    /// The objective improves without limit (the model is feasible, or at least its relaxation is).
    case unbounded
    /// Stopped at the iteration limit.
    case iterationLimit
    /// Stopped at the time limit.
    case timeLimit
    /// Stopped at the branch-and-bound node limit (MIP only).
    case nodeLimit
    /// The solver gave up on numerical difficulties.
    case numericalTrouble
    /// Anything else the solver reported, with its own status code.
    case other(String)

    public var description: String {
        switch self {
        case .optimal: "optimal"
        case .infeasible: "infeasible"
        case .unbounded: "unbounded"
        case .iterationLimit: "stopped at the iteration limit"
        case .timeLimit: "stopped at the time limit"
        case .nodeLimit: "stopped at the node limit"
        case .numericalTrouble: "abandoned on numerical difficulties"
        case .other(let detail): "stopped (\(detail))"
        }
    }

    /// Whether the solve stopped at a limit the caller set (time, iterations, nodes) rather than on a conclusion.
    public var isLimit: Bool {
        switch self {
        case .iterationLimit, .timeLimit, .nodeLimit: true
        default: false
        }
    }
}

/// Why a model could not be solved.
public enum SolverError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model itself is malformed (a NaN or infinite coefficient, a bound of +∞ below, a duplicate name on export).
    case invalidModel(String)
    /// The solver ended without the result the caller needs (anything but optimal for an LP; for a MIP, no
    /// incumbent, or infeasible, unbounded or numerical trouble).
    case notSolved(SolveStatus)
    /// Writing an exported model failed.
    case io(String)

    public var description: String {
        switch self {
        case .invalidModel(let what): "invalid model: \(what)"
        case .notSolved(let status): "solver: \(status)"
        case .io(let what): what
        }
    }
}
