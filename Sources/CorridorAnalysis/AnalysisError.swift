import CorridorCore
import CorridorNetwork

/// Errors of routing, flow and restriction analysis.
public enum AnalysisError: CorridorError, Sendable, Equatable {
    /// A name (crossing, terminal, place, edge, node, ...) of kind `kind` that is not found, with close matches.
    case unknownName(kind: String, name: String, suggestions: [String])
    /// A place that cannot be resolved.
    case place(PlaceError)
    /// A point farther than `limitMeters` from the nearest usable node (metres; infinite distance: none usable).
    case tooFarFromNetwork(what: String, distanceMeters: Double, limitMeters: Double)
    /// No route exists between the two endpoints under the restrictions.
    case noRoute(from: String, to: String, reason: String)
    /// The flow problem has no solution (e.g. not all demand can be delivered).
    case infeasible(reason: String)
    /// An invalid request; the text says why.
    case invalidRequest(String)
    /// A sum or product does not fit in `Int64`.
    case overflow(String)
    /// The LP solver ended without an optimum (numerical trouble, a limit): no result rather than a wrong one.
    case solverFailed(String)

    /// A one-line message for the error.
    public var description: String {
        switch self {
        case let .unknownName(kind, name, suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?)"
            return "unknown \(kind) '\(name)'\(hint)"
        case let .place(e): return e.description
        case let .tooFarFromNetwork(what, d, limit):
            guard d.isFinite else { return "\(what): no usable network node (everything is closed)" }
            return "\(what) is \(Int(d.rounded())) m from the nearest usable network node (limit \(Int(limit)) m)"
        case let .noRoute(from, to, reason): return "no route from \(from) to \(to): \(reason)"
        case let .infeasible(reason): return "infeasible: \(reason)"
        case let .invalidRequest(reason): return reason
        case let .overflow(reason): return "arithmetic overflow: \(reason)"
        case let .solverFailed(reason): return "solver failed: \(reason)"
        }
    }

    /// Checks a request's number against its rule (library callers get the same limits as the CLI and files).
    static func check(_ value: Double, _ rule: NumberRule, _ what: String) throws(AnalysisError) {
        do { _ = try rule.check(value) } catch { throw .invalidRequest("\(what) \(error)") }
    }

    /// 1 for no route, an endpoint off the network, an infeasible flow or a solver that found no optimum (no result); usage (64) for
    /// unknown names and bad requests; bad data (65) for arithmetic overflow on the data.
    public var exitStatus: ExitStatus {
        switch self {
        case .noRoute, .tooFarFromNetwork, .infeasible, .solverFailed: return .noResult
        case .unknownName, .place, .invalidRequest: return .usage
        case .overflow: return .dataError
        }
    }
}
