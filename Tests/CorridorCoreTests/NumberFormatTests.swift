import Foundation
import Testing

@testable import CorridorCore

/// The one number format and the one name matching rule.
@Suite struct NumberFormatTests {
    @Test func fixedDecimalsNeverPrintANegativeZero() {
        #expect(NumberFormat.fixed(2.5, decimals: 2) == "2.50")
        #expect(NumberFormat.fixed(-0.04, decimals: 1) == "0.0")
        #expect(NumberFormat.fixed(-0.0, decimals: 0) == "0")
        #expect(NumberFormat.fixed(-0.06, decimals: 1) == "-0.1")
        #expect(NumberFormat.fixed(1234.5678, decimals: 3) == "1234.568")
    }

    @Test func trimmedDropsTrailingZerosAndSpellsNonFiniteAsNull() {
        #expect(NumberFormat.trimmed(2.50, decimals: 3) == "2.5")
        #expect(NumberFormat.trimmed(3, decimals: 7) == "3")
        #expect(NumberFormat.trimmed(-0.0000001, decimals: 3) == "0")
        #expect(NumberFormat.trimmed(131.88333333, decimals: 7) == "131.8833333")
        #expect(NumberFormat.trimmed(.nan, decimals: 3) == "null" && NumberFormat.trimmed(.infinity, decimals: 1) == "null")
    }

    @Test func groupedAndPadded() {
        #expect(NumberFormat.grouped(12345.67, decimals: 1) == "12,345.7")
        #expect(NumberFormat.grouped(-1000, decimals: 0) == "−1,000")
        #expect(NumberFormat.grouped(-0.01, decimals: 1) == "0.0")
        #expect(NumberFormat.grouped(999, decimals: 0) == "999")
        #expect(NumberFormat.grouped(Int64.max) == "9,223,372,036,854,775,807")
        #expect(NumberFormat.padded("1.5", width: 7) == "    1.5" && NumberFormat.padded("12345678", width: 7) == "12345678")
    }

    @Test func namesFoldAndSuggest() {
        #expect(NameMatching.fold("P'yŏngyang") == NameMatching.fold("PYONGYANG"))
        #expect(NameMatching.fold("Khasan–Tumangang") == "khasan tumangang")
        #expect(NameMatching.suggestions(for: "Vladivostk", among: ["Vladivostok", "Ussuriysk", "Khabarovsk"]) == ["Vladivostok"])
        #expect(NameMatching.suggestions(for: "zzzz", among: ["Vladivostok"]).isEmpty)
        // A prefix is a good suggestion however long the name.
        #expect(NameMatching.suggestions(for: "Khasan", among: ["Khasan-Tumangang Bridge", "Rajin"]) == ["Khasan-Tumangang Bridge"])
        #expect(NameMatching.editDistance(Array("kitten"), Array("sitting")) == 3)
    }

    @Test func everyStatusIsTheDocumentedCode() {
        #expect(ExitStatus.allCases.map(\.rawValue) == [1, 64, 65, 66, 74])
        #expect(OutputError.cannotWrite(path: "x", reason: "y").exitStatus == .ioError)
    }
}
