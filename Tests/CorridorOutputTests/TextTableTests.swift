import Testing
@testable import CorridorOutput

@Suite struct TextTableTests {
    let rows = [["#", "name", "t/day"], ["1", "Khasan", "12000"], ["10", "Grodekovo–Suifenhe", "40000"]]

    @Test func alignedColumnsUnderlinedAndIndented() {
        let text = TextTable(rows, alignments: [.right, .left, .right]).text()
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == [
            "   #  name                t/day",
            "  --  ------------------  -----",
            "   1  Khasan              12000",
            "  10  Grodekovo–Suifenhe  40000",
            "",
        ])
    }

    @Test func aLeftLastColumnIsNotPaddedAndTrimmingRemovesWhatEmptyCellsLeave() {
        let table = TextTable([["a", "b"], ["long cell", ""], ["x", "y"]], alignments: [.left, .left])
        #expect(table.text().split(separator: "\n")[2] == "  long cell  ")
        #expect(table.text(rule: "─", trimmingTrailingSpace: true).split(separator: "\n").map(String.init)
                == ["  a          b", "  ─────────  ─", "  long cell", "  x          y"])
    }

    @Test func markdownMarksRightColumnsAndEscapesPipes() {
        let md = TextTable([["scenario", "t/d"], ["a|b", "1"]], alignments: [.left, .right]).markdown()
        #expect(md == "| scenario | t/d |\n| --- | ---: |\n| a\\|b | 1 |\n")
    }
}
