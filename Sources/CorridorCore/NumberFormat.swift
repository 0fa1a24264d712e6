import Foundation

/// The one way Corridor writes decimal numbers: locale-independent, fixed precision, and never a negative zero
/// (a value that rounds to zero prints as `0`, `0.0`, ..., without a minus sign), so outputs are deterministic and
/// identical whichever writer produced them.
public enum NumberFormat {
    /// `value` with exactly `decimals` fractional digits (`%.Nf`), e.g. `fixed(2.5, decimals: 2)` = `2.50`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", value)
        return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
    }

    /// `value` with at most `decimals` fractional digits, trailing zeros (and a trailing point) removed, e.g.
    /// `trimmed(2.50, decimals: 3)` = `2.5`. Non-finite values print as `null`, JSON's spelling, since this is the
    /// number format of every JSON and GeoJSON output.
    public static func trimmed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "null" }
        var s = String(format: "%.\(decimals)f", value)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        if s == "-0" { s = "0" }
        return s
    }

    /// `value` with exactly `decimals` fractional digits and thousands separators, e.g. `12,345.6`; a negative
    /// value that does not round to zero starts with the minus sign `−` (U+2212), as in the comparison tables.
    public static func grouped(_ value: Double, decimals: Int) -> String {
        let s = fixed(abs(value), decimals: decimals)
        let parts = s.split(separator: ".", maxSplits: 1)
        let body = groupingThousands(String(parts[0])) + (parts.count > 1 ? "." + parts[1] : "")
        return (value < 0 && body.contains(where: { $0 != "0" && $0 != "," && $0 != "." }) ? "−" : "") + body
    }

    /// An integer with thousands separators, e.g. `13,000` (exact for every `Int64`); negative values start with
    /// an ASCII `-` (messages, not tables).
    public static func grouped(_ value: Int64) -> String {
        (value < 0 ? "-" : "") + groupingThousands(String(value.magnitude))
    }

    /// Digits with a comma before every group of three from the right.
    private static func groupingThousands(_ digits: String) -> String {
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// `text` right-aligned in `width` characters (padded with spaces on the left), for text columns.
    public static func padded(_ text: String, width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
