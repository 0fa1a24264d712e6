import Foundation

/// Why a number given as input was refused: what was given and what is accepted (kind, unit and range), e.g.
/// `9223372036854775807 is out of range (expected a whole number in 1…1000)`. It says what is wrong, not where:
/// each reader adds its own place (`--alternatives`, `file.yaml:12:7`, `file.geojson: feature 3`).
///
/// Thrown directly (a library request, a command-line value) it is a usage error; readers of files wrap it in
/// their own positioned error, which is bad data.
public struct NumberProblem: CorridorError, Sendable, Equatable {
    /// The input as given (a number is shown as `NumberRule.show` prints it).
    public var text: String
    /// What is wrong with it: `is not a number`, `is out of range`, ...
    public var problem: String
    /// What is accepted: `a whole number in 1…1000`, `a duration in 0…100000 h (units h, min, s, d)`.
    public var expected: String
    /// A correction to suggest (`did you mean 500min or 0.5km?`), if there is an obvious one.
    public var suggestion: String?

    /// A problem with `text`.
    public init(text: String, problem: String, expected: String, suggestion: String? = nil) {
        self.text = text; self.problem = problem; self.expected = expected; self.suggestion = suggestion
    }

    /// `'<text>' <problem> (expected <expected>)[; <suggestion>]`.
    public var description: String {
        let shown = text.isEmpty ? "''" : (text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'")
        return "\(shown) \(problem) (expected \(expected))" + (suggestion.map { "; \($0)" } ?? "")
    }

    /// A usage error (64) when not wrapped by a file reader.
    public var exitStatus: ExitStatus { .usage }
}

/// What a number read from input must be: finite, in a closed range, whole or not, in a unit; and, for the
/// integer it becomes, that it fits. The one validated path for numbers from the command line, YAML (scenarios,
/// manifests, profiles), feature attributes, caches and result files: a value that passes can be converted with
/// `Int64(x)`, `Int(x)`, `UInt32(x)` without trapping, and arithmetic on it stays far from overflow.
public struct NumberRule: Sendable, Equatable {
    /// The accepted closed range, in the unit the value is returned in.
    public var range: ClosedRange<Double>
    /// Whether only whole numbers are accepted (`.rounding` accepts a fraction and rounds it).
    public var integral: Integral
    /// The unit named in messages (`km`, `t/day`), or nil.
    public var unit: String?

    /// How fractions are treated.
    public enum Integral: Sendable, Equatable {
        /// Any finite value in range.
        case no
        /// Only whole numbers (a fraction is an error).
        case required
        /// Fractions are rounded to the nearest whole number (half away from zero) before the range check.
        case rounding
    }

    /// A rule; `range` must be finite.
    public init(_ range: ClosedRange<Double>, integral: Integral = .no, unit: String? = nil) {
        precondition(range.lowerBound.isFinite && range.upperBound.isFinite, "NumberRule ranges are finite")
        self.range = range; self.integral = integral; self.unit = unit
    }

    /// Any finite number in `range`.
    public static func real(_ range: ClosedRange<Double>, unit: String? = nil) -> NumberRule {
        NumberRule(range, unit: unit)
    }

    /// Whole numbers in `range` (bounds must be exactly representable, as every bound below 2^53 is).
    public static func whole(_ range: ClosedRange<Int64>, unit: String? = nil) -> NumberRule {
        NumberRule(Double(range.lowerBound)...Double(range.upperBound), integral: .required, unit: unit)
    }

    /// Numbers rounded to whole numbers in `range` (for attributes that are whole in meaning but may be stored
    /// as decimals, like a capacity from a DBF double field).
    public static func rounded(_ range: ClosedRange<Int64>, unit: String? = nil) -> NumberRule {
        NumberRule(Double(range.lowerBound)...Double(range.upperBound), integral: .rounding, unit: unit)
    }

    /// What the rule accepts, for messages: `a whole number of t/day in 0…1000000000000`.
    public var expected: String {
        let kind = integral == .required ? "a whole number" : "a number"
        let unitText = unit.map { " of \($0)" } ?? ""
        return "\(kind)\(unitText) in \(NumberRule.show(range.lowerBound))…\(NumberRule.show(range.upperBound))"
    }

    /// A number for messages: whole numbers in full up to 2^53 (`1000000000000`, `9007199254740991`: exact as a
    /// `Double`), others with up to 6 significant digits.
    public static func show(_ x: Double) -> String {
        if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        if x == x.rounded(), abs(x) <= 9_007_199_254_740_992 { return String(Int64(x)) }
        return String(format: "%g", x)
    }

    /// Checks an already-decoded number (from JSON, a binary file, a computation): finite, whole if required
    /// (rounded if `.rounding`), in range. Returns the value to use.
    public func check(_ value: Double, text: String? = nil) throws(NumberProblem) -> Double {
        let shown = text ?? NumberRule.show(value)
        guard value.isFinite else { throw NumberProblem(text: shown, problem: "is not a finite number", expected: expected) }
        var x = value
        switch integral {
        case .no: break
        case .required:
            guard x == x.rounded() else { throw NumberProblem(text: shown, problem: "is not a whole number", expected: expected) }
        case .rounding: x = x.rounded()
        }
        guard range.contains(x) else { throw NumberProblem(text: shown, problem: "is out of range", expected: expected) }
        return x == 0 ? 0 : x  // no negative zero
    }

    /// Parses `text` (see `NumberSyntax.parse`) and checks it.
    public func parse(_ text: String) throws(NumberProblem) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = NumberSyntax.parse(trimmed) else {
            throw NumberProblem(text: text, problem: NumberSyntax.isNonFiniteWord(trimmed) ? "is not a finite number" : "is not a number",
                                expected: expected)
        }
        return try check(value, text: trimmed)
    }

    /// Parses and checks `text` and converts it to `T`, which must hold the whole range.
    public func parse<T: FixedWidthInteger>(_ text: String, as type: T.Type) throws(NumberProblem) -> T {
        try convert(parse(text), to: type)
    }

    /// Checks `value` and converts it to `T`, which must hold the whole range.
    public func check<T: FixedWidthInteger>(_ value: Double, as type: T.Type, text: String? = nil) throws(NumberProblem) -> T {
        try convert(check(value, text: text), to: type)
    }

    private func convert<T: FixedWidthInteger>(_ x: Double, to type: T.Type) throws(NumberProblem) -> T {
        // The range check above already bounds x; this guards a rule whose range is wider than T.
        guard let v = T(exactly: x.rounded()) else {
            throw NumberProblem(text: NumberRule.show(x), problem: "does not fit \(T.self)", expected: expected)
        }
        return v
    }
}

/// The syntax of numbers in Corridor's inputs: an optional sign, decimal digits with an optional fraction and
/// exponent (`12`, `-0.5`, `.5`, `5.`, `1e6`, `2.5E-3`), `_` allowed between two digits (`20_000`). Not
/// accepted: hexadecimal, `nan`, `inf`, `infinity`, empty text, spaces or anything else inside.
public enum NumberSyntax {
    /// The value of `text`, or nil if it is not a number in this syntax.
    public static func parse(_ text: String) -> Double? {
        var sawDigit = false, sawExponentDigit = false
        var state = 0  // 0 sign, 1 integer digits, 2 fraction digits, 3 exponent sign, 4 exponent digits
        var cleaned = ""
        cleaned.reserveCapacity(text.utf8.count)
        var previous: UInt8 = 0
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if state == 0 { state = 1 }
                if state == 3 { state = 4 }
                if state == 4 { sawExponentDigit = true } else { sawDigit = true }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard state == 0 || state == 3 else { return nil }
                if state == 0 { state = 1 } else { state = 4 }
                // A sign must be followed by a digit or a point (checked by the digit flags at the end).
            case UInt8(ascii: "."):
                guard state <= 1 else { return nil }
                state = 2
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, state == 1 || state == 2 else { return nil }
                state = 3
            case UInt8(ascii: "_"):
                // Only between two digits.
                guard previous >= UInt8(ascii: "0") && previous <= UInt8(ascii: "9") else { return nil }
                previous = c
                continue
            default:
                return nil
            }
            if previous == UInt8(ascii: "_") && !(c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) { return nil }
            cleaned.unicodeScalars.append(Unicode.Scalar(c))
            previous = c
        }
        if previous == UInt8(ascii: "_") { return nil }
        guard sawDigit, state != 3, state != 4 || sawExponentDigit else { return nil }
        return Double(cleaned)
    }

    /// Whether `text` spells a non-finite value (`nan`, `inf`, `-infinity`, YAML's `.nan`/`.inf`), so the message
    /// can say "not finite" rather than "not a number".
    public static func isNonFiniteWord(_ text: String) -> Bool {
        var t = text.lowercased()
        if t.hasPrefix("+") || t.hasPrefix("-") { t.removeFirst() }
        if t.hasPrefix(".") { t.removeFirst() }
        return ["nan", "inf", "infinity"].contains(t)
    }
}

/// The limits of Corridor's inputs, one rule per kind of number, shared by every reader (CLI, YAML, attributes,
/// caches, result files). The bounds are far beyond any real network and chosen so that the integers the values
/// become (tonnes as Int64, weights as UInt32 per arc and UInt64 per path, tracks as UInt8) and the sums the
/// algorithms form can never overflow.
public enum InputRules {
    /// Tonnes per day of a site, a demand or a capacity: whole, 0…10^12 (world freight is ~3·10^8 t/day; a
    /// million such amounts still sum inside Int64).
    public static let tonnesPerDay = NumberRule.whole(0...1_000_000_000_000, unit: "t/day")
    /// A capacity attribute, rounded to whole tonnes per day, 0…10^12.
    public static let capacityTonnesPerDay = NumberRule.rounded(0...1_000_000_000_000, unit: "t/day")
    /// Number of routes asked for (best plus alternatives): 1…1000.
    public static let routeCount = NumberRule.whole(1...1000)
    /// Number of ranked elements (chokepoints): 0…100000.
    public static let rankCount = NumberRule.whole(0...100_000)
    /// Tracks of a line: whole, 0…255 (stored as one byte).
    public static let tracks = NumberRule.whole(0...255)
    /// A multiplier of capacity or cost: 0…10^6.
    public static let factor = NumberRule.real(0...1_000_000)
    /// A speed: 0…10000 km/h (callers that need a positive speed check `> 0`).
    public static let speedKmh = NumberRule.real(0...10_000, unit: "km/h")
    /// A delay: 0…10^6 hours.
    public static let delayHours = NumberRule.real(0...1_000_000, unit: "h")
    /// A cost per tonne or per km: 0…10^9 cost units.
    public static let cost = NumberRule.real(0...1_000_000_000, unit: "cost units")
    /// A share or overlap fraction: 0…1.
    public static let fraction = NumberRule.real(0...1)
    /// A longitude in degrees.
    public static let longitude = NumberRule.real(-180...180, unit: "degrees")
    /// A latitude in degrees.
    public static let latitude = NumberRule.real(-90...90, unit: "degrees")
    /// A distance in metres used as a tolerance or search radius: 0…10^6 m.
    public static let toleranceMeters = NumberRule.real(0...1_000_000, unit: "m")
    /// How far an endpoint may snap: 0…20040 km (half the equator: no point on Earth is farther from another).
    public static let snapKilometres = NumberRule.real(0...20_040, unit: "km")
    /// A time budget: 0…100000 h (≈ 11 years), in seconds.
    public static let durationSeconds = NumberRule.real(0...360_000_000, unit: "s")
    /// A distance budget: 0…10^6 km, in metres.
    public static let distanceMeters = NumberRule.real(0...1_000_000_000, unit: "m")
    /// An interdiction budget (total interdiction cost; with unit costs, a number of elements): 0…10^6.
    public static let interdictionBudget = NumberRule.real(0...1_000_000)
    /// The interdiction cost of one element: 0…10^6 (`inf`, never removed, is read by the caller).
    public static let interdictionCost = NumberRule.real(0...1_000_000)
    /// A solver's time limit: 0…604800 s (a week).
    public static let solverSeconds = NumberRule.real(0...604_800, unit: "s")
    /// An amount to deliver, tonnes: 0…10^15.
    public static let deliverTonnes = NumberRule.real(0...1_000_000_000_000_000, unit: "t")
    /// A number of samples: 1…10^6.
    public static let sampleCount = NumberRule.whole(1...1_000_000)
    /// A random seed: a whole number 0…2^53 − 1 (every whole number up to there is exact as a `Double`, so two
    /// different seeds never read as one; 2^63 − 1 as a bound would not even print exactly).
    public static let seed = NumberRule.whole(0...(1 << 53) - 1)
    /// Worker threads: 1…1024.
    public static let threadCount = NumberRule.whole(1...1024)
    /// A node id as written in a request (`node:ID`): 0…UInt32.max − 1.
    public static let nodeID = NumberRule.whole(0...Int64(UInt32.max - 1))
}
