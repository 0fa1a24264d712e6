import ArgumentParser
import CorridorKit

/// Command-line numbers through the one validated number path (`NumberRule`, `Measure`): an option's text is
/// parsed and range-checked as it is read, so `nan`, `1e300` or `-1` is a usage error (64) naming the option and
/// the accepted range, never a crash or a silent clamp. ArgumentParser reports it as
/// `The value '0' is invalid for '--alternatives <alternatives>': out of range (expected a whole number in 1…1000)`.
enum CLINumber {
    /// The problem without the value (ArgumentParser's message already quotes the value and the option).
    static func error(_ error: any Error) -> Error {
        guard let problem = error as? NumberProblem else { return error }
        let what = problem.problem.hasPrefix("is ") ? String(problem.problem.dropFirst(3)) : problem.problem
        return CLIError(message: "\(what) (expected \(problem.expected))" + (problem.suggestion.map { "; \($0)" } ?? ""),
                        exitStatus: .usage)
    }

    /// A transform for `@Option(transform:)` giving a `Double` checked against `rule`.
    static func real(_ rule: NumberRule) -> @Sendable (String) throws -> Double {
        { text in
            do { return try rule.parse(text) } catch { throw CLINumber.error(error) }
        }
    }

    /// A transform giving an integer checked against `rule`.
    static func whole<T: FixedWidthInteger>(_ rule: NumberRule, as type: T.Type = Int.self) -> @Sendable (String) throws -> T {
        { text in
            do { return try rule.parse(text, as: T.self) } catch { throw CLINumber.error(error) }
        }
    }

    /// A transform giving a `Measure` of one of `kinds` (`12h`, `90min`, `500km`; `500m` is metres).
    static func measure(_ kinds: Set<Measure.Kind>) -> @Sendable (String) throws -> Measure {
        { text in
            do { return try Measure.parse(text, accepting: kinds) } catch { throw CLINumber.error(error) }
        }
    }
}
