@testable import CorridorCore
import Foundation
import Testing

@Suite("Number rules")
struct NumberRuleTests {
    @Test func syntaxAcceptsDecimalsAndRefusesTheRest() {
        let good: [(String, Double)] = [("12", 12), ("-0.5", -0.5), (".5", 0.5), ("5.", 5), ("1e6", 1e6), ("2.5E-3", 0.0025),
                                        ("20_000", 20_000), ("+3", 3), ("1_000.5", 1000.5)]
        for (text, value) in good { #expect(NumberSyntax.parse(text) == value, "\(text)") }
        let bad = ["", " ", "nan", "NaN", "inf", "-inf", "infinity", ".inf", "0x10", "0x1p3", "1e", "1e+", "e5", ".", "-",
                   "+-1", "1.2.3", "1__0", "_1", "1_", "1_.5", "12 3", "12h", "١٢", "1e5.0", "--1", "1,5"]
        for text in bad { #expect(NumberSyntax.parse(text) == nil, "\(text)") }
    }

    @Test func rulesCheckFinitenessRangeAndWholeness() throws {
        let rule = NumberRule.whole(1...1000)
        #expect(try rule.parse("7", as: Int.self) == 7)
        #expect(try rule.parse("1e3", as: Int.self) == 1000)
        for (text, problem) in [("0", "is out of range"), ("1001", "is out of range"), ("1.5", "is not a whole number"),
                                ("nan", "is not a finite number"), ("1e999", "is not a finite number"), ("x", "is not a number"),
                                ("9223372036854775807", "is out of range"), ("99999999999999999999", "is out of range")] {
            do { _ = try rule.parse(text, as: Int.self); Issue.record("accepted \(text)") } catch {
                #expect(error.problem == problem, "\(text): \(error)")
                #expect(error.description.contains("1…1000"), "\(error)")
                #expect(error.exitStatus == .usage)
            }
        }
        // Rounding rules round before checking; the result never is negative zero.
        #expect(try NumberRule.rounded(0...10).check(9.6) == 10)
        #expect(try NumberRule.real(-1...1).check(-0.0).sign == .plus)
        #expect(throws: NumberProblem.self) { try NumberRule.rounded(0...10).check(10.6) }
    }

    /// Seeds are exact: the largest accepted seed reads back as itself, the next one is refused, and the message
    /// prints the bound in full (it once printed `9.22337e+18`).
    @Test func seedsAreExactAndTheirBoundPrintsInFull() throws {
        let largest: UInt64 = (1 << 53) - 1
        #expect(try InputRules.seed.parse("9007199254740991", as: UInt64.self) == largest)
        #expect(try InputRules.seed.parse("0", as: UInt64.self) == 0)
        for text in ["9007199254740992", "9223372036854775807", "-1", "1.5"] {
            do { _ = try InputRules.seed.parse(text, as: UInt64.self); Issue.record("accepted seed \(text)") } catch {
                #expect(error.description.contains("0…9007199254740991"), "\(error)")
            }
        }
        #expect(NumberRule.show(9_007_199_254_740_991) == "9007199254740991")
        #expect(NumberRule.show(1e300) == "1e+300")
    }

    /// Every value a rule accepts converts to the integer it becomes without trapping, at both ends of the range.
    @Test func acceptedValuesConvertWithoutTrapping() throws {
        for rule in [InputRules.tonnesPerDay, InputRules.capacityTonnesPerDay, InputRules.routeCount, InputRules.rankCount,
                     InputRules.tracks, InputRules.nodeID] {
            for x in [rule.range.lowerBound, rule.range.upperBound] {
                let v = try rule.check(x, as: Int64.self)
                #expect(Double(v) == x.rounded())
            }
        }
        #expect(try InputRules.tracks.check(255, as: UInt8.self) == 255)
        #expect(try InputRules.nodeID.check(Double(UInt32.max - 1), as: UInt32.self) == UInt32.max - 1)
        // A million maximal amounts still sum inside Int64.
        let (sum, overflow) = Int64(InputRules.tonnesPerDay.range.upperBound).multipliedReportingOverflow(by: 1_000_000)
        #expect(!overflow && sum > 0)
    }

    @Test func measuresHaveUnambiguousUnits() throws {
        let both: Set<Measure.Kind> = [.duration, .distance]
        #expect(try Measure.parse("12h", accepting: both) == .seconds(43_200))
        #expect(try Measure.parse("90min", accepting: both) == .seconds(5_400))
        #expect(try Measure.parse("3600s", accepting: both) == .seconds(3_600))
        #expect(try Measure.parse("2d", accepting: both) == .seconds(172_800))
        #expect(try Measure.parse("2.5 H", accepting: both) == .seconds(9_000))
        #expect(try Measure.parse("500km", accepting: both) == .meters(500_000))
        #expect(try Measure.parse("250m", accepting: [.distance]) == .meters(250))
        // m where a duration is accepted: both readings are offered, or minutes where only a duration is.
        do { _ = try Measure.parse("500m", accepting: both); Issue.record("500m accepted") } catch {
            #expect(error.suggestion == "write 500min for minutes or 0.5km for metres", "\(error)")
        }
        do { _ = try Measure.parse("90m", accepting: [.duration]); Issue.record("90m accepted") } catch {
            #expect(error.suggestion == "did you mean 90min?", "\(error)")
        }
        for text in ["12", "h", "-1h", "1e15h", "1e20km", "9223372036854775807s", "nan h", "inf s", "12 parsecs", "12hh", "",
                     "1e308d", "12h30"] {
            #expect(throws: NumberProblem.self, "\(text)") { try Measure.parse(text, accepting: both) }
        }
        #expect(throws: NumberProblem.self) { try Measure.parse("12h", accepting: [.distance]) }
        #expect(throws: NumberProblem.self) { try Measure.parse("12km", accepting: [.duration]) }
    }
}
