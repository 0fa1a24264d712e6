/// A table of text cells (the first row is the header), rendered as aligned text or as Markdown: the one table
/// renderer of Corridor's text outputs (flow corridors, cuts and rankings, the scenario comparison).
public struct TextTable: Sendable {
    /// How a column's cells line up.
    public enum Alignment: Sendable { case left, right }
    /// The rows, header first.
    public var rows: [[String]]
    /// One alignment per column.
    public var alignments: [Alignment]

    /// A table of `rows` (header first) with the given column alignments.
    public init(_ rows: [[String]], alignments: [Alignment]) { self.rows = rows; self.alignments = alignments }

    /// Columns two spaces apart, every line indented two spaces, the header underlined with `rule` characters.
    /// A left-aligned last column is not padded; `trimmingTrailingSpace` also removes whitespace that other cells
    /// leave at the end of a line (an empty last cell).
    public func text(rule: Character = "-", trimmingTrailingSpace: Bool = false) -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            let text = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if alignments[i] == .right { return pad + cell }
                return i == row.count - 1 ? cell : cell + pad
            }.joined(separator: "  ")
            guard trimmingTrailingSpace else { return text }
            var trimmed = Substring(text)
            while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
            return String(trimmed)
        }
        var out = "  " + line(header) + "\n"
        out += "  " + widths.map { String(repeating: rule, count: $0) }.joined(separator: "  ") + "\n"
        for row in rows.dropFirst() { out += "  " + line(row) + "\n" }
        return out
    }

    /// A Markdown table: right-aligned columns marked `---:`, `|` in cells escaped.
    public func markdown() -> String {
        guard let header = rows.first else { return "" }
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + alignments.map { $0 == .right ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows.dropFirst() { out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        return out
    }
}
