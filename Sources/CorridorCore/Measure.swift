import Foundation

/// A duration or a distance written with its unit, as people type it: `12h`, `90min`, `3600s`, `2d`, `500km`,
/// `250m` (metres). Parsed by `Measure.parse`, the same number path as every other input (`NumberSyntax`,
/// `InputRules`), so `1e15h` or `nan` is an error naming the accepted range, never a crash.
///
/// `m` is metres, never minutes: where both a duration and a distance are accepted (`reach --within`), `500m` is
/// refused as ambiguous with the two readings to choose from (`500min` or `0.5km`); where only a duration is
/// accepted, `500m` suggests `500min`.
public enum Measure: Sendable, Equatable, CustomStringConvertible {
    /// A duration, seconds.
    case seconds(Double)
    /// A distance, metres.
    case meters(Double)

    /// What a reader accepts.
    public enum Kind: Sendable, Hashable {
        /// A duration: `d`, `h`, `min`, `s`.
        case duration
        /// A distance: `km`, `m`.
        case distance
    }

    /// Units of time and their length in seconds, in the order messages list them.
    public static let durationUnits: [(unit: String, seconds: Double)] = [("d", 86_400), ("h", 3_600), ("min", 60), ("s", 1)]
    /// Units of distance and their length in metres.
    public static let distanceUnits: [(unit: String, meters: Double)] = [("km", 1_000), ("m", 1)]

    /// The value in its kind's base unit (s or m).
    public var value: Double {
        switch self {
        case let .seconds(s): return s
        case let .meters(m): return m
        }
    }

    /// `12 h` or `500 km` (hours and kilometres, up to 3 decimals).
    public var description: String {
        switch self {
        case let .seconds(s): return "\(NumberFormat.trimmed(s / 3600, decimals: 3)) h"
        case let .meters(m): return "\(NumberFormat.trimmed(m / 1000, decimals: 3)) km"
        }
    }

    /// Parses `text` as one of `kinds`, checking the value against `InputRules.durationSeconds` or
    /// `InputRules.distanceMeters` (or the rules given).
    /// - Throws: `NumberProblem` saying what was expected, with a suggestion for `m` read as minutes.
    public static func parse(_ text: String, accepting kinds: Set<Kind>,
                             durationRule: NumberRule = InputRules.durationSeconds,
                             distanceRule: NumberRule = InputRules.distanceMeters) throws(NumberProblem) -> Measure {
        let expected = Measure.expected(kinds, durationRule: durationRule, distanceRule: distanceRule)
        let t = text.trimmingCharacters(in: .whitespaces)
        // The unit is the trailing run of letters; the number is what comes before it.
        let unitStart = t.lastIndex(where: { !$0.isLetter }).map { t.index(after: $0) } ?? t.startIndex
        let unit = t[unitStart...].lowercased()
        let numberText = t[..<unitStart].trimmingCharacters(in: .whitespaces)
        guard !numberText.isEmpty, let number = NumberSyntax.parse(numberText) else {
            let problem = NumberSyntax.isNonFiniteWord(numberText) || NumberSyntax.isNonFiniteWord(t) ? "is not a finite number" : "is not a number with a unit"
            throw NumberProblem(text: text, problem: problem, expected: expected)
        }
        guard !unit.isEmpty else {
            throw NumberProblem(text: text, problem: "has no unit", expected: expected)
        }
        if unit == "m" && kinds.contains(.duration) {
            let asMinutes = "\(numberText)min"
            if kinds.contains(.distance) {
                throw NumberProblem(text: text, problem: "is ambiguous (m is metres, not minutes)", expected: expected,
                                    suggestion: "write \(asMinutes) for minutes or \(NumberFormat.trimmed(number / 1000, decimals: 6))km for metres")
            }
            throw NumberProblem(text: text, problem: "is a distance (m is metres)", expected: expected,
                                suggestion: "did you mean \(asMinutes)?")
        }
        if let scale = durationUnits.first(where: { $0.unit == unit })?.seconds {
            guard kinds.contains(.duration) else { throw NumberProblem(text: text, problem: "is a duration", expected: expected) }
            return .seconds(try checked(number, scale: scale, rule: durationRule, text: text, expected: expected))
        }
        if let scale = distanceUnits.first(where: { $0.unit == unit })?.meters {
            guard kinds.contains(.distance) else { throw NumberProblem(text: text, problem: "is a distance", expected: expected) }
            return .meters(try checked(number, scale: scale, rule: distanceRule, text: text, expected: expected))
        }
        throw NumberProblem(text: text, problem: "has an unknown unit '\(t[unitStart...])'", expected: expected)
    }

    private static func checked(_ number: Double, scale: Double, rule: NumberRule, text: String, expected: String) throws(NumberProblem) -> Double {
        let value = number * scale
        guard value.isFinite else { throw NumberProblem(text: text, problem: "is not a finite number", expected: expected) }
        do { return try rule.check(value) } catch {
            throw NumberProblem(text: text, problem: error.problem, expected: expected)
        }
    }

    /// `a duration in 0…100000 h (d, h, min, s) or a distance in 0…1000000 km (km, m), e.g. 12h or 500km`.
    static func expected(_ kinds: Set<Kind>, durationRule: NumberRule, distanceRule: NumberRule) -> String {
        var parts: [String] = []
        if kinds.contains(.duration) {
            let r = durationRule.range
            parts.append("a duration in \(NumberRule.show(r.lowerBound / 3600))…\(NumberRule.show(r.upperBound / 3600)) h (units d, h, min, s)")
        }
        if kinds.contains(.distance) {
            let r = distanceRule.range
            parts.append("a distance in \(NumberRule.show(r.lowerBound / 1000))…\(NumberRule.show(r.upperBound / 1000)) km (units km, m)")
        }
        let example = [kinds.contains(.duration) ? "12h" : nil, kinds.contains(.distance) ? "500km" : nil].compactMap { $0 }
        return parts.joined(separator: " or ") + ", e.g. " + example.joined(separator: " or ")
    }
}
