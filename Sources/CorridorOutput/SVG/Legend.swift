import Foundation

/// The legend: symbols with their text, sized to its longest line. Text is never cut: a line longer than
/// `maxTextWidth` wraps at spaces onto indented continuation rows.
struct Legend {
    enum Symbol { case line(String, Double, dash: String?), dual, hatch, added, cross, badge(String), diamond, marker(Int), cut, site, indent, none }
    /// Rows: the symbol (nil on a continuation row) and the text.
    var entries: [(Symbol, String)] = []
    var maxTextWidth: Double
    static let rowHeight = 16.0, fontSize = 11.0

    mutating func add(_ symbol: Symbol, _ text: String) {
        let indent = isIndented(symbol) ? 0.0 : 36.0
        let width = max(120, maxTextWidth - indent)
        var rows: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if !current.isEmpty && SVGMap.textWidth(candidate, size: Self.fontSize) > width {
                rows.append(current)
                current = word
            } else {
                current = candidate
            }
        }
        rows.append(current)
        entries.append((symbol, rows[0]))
        for row in rows.dropFirst() { entries.append((isIndented(symbol) ? .none : .indent, "  " + row)) }
    }

    var size: (w: Double, h: Double) {
        let textW = entries.map { SVGMap.textWidth($0.1, size: Self.fontSize) + (isIndented($0.0) ? 0 : 36) }.max() ?? 0
        return (textW + 20, Double(entries.count) * Self.rowHeight + 12)
    }

    func isIndented(_ s: Symbol) -> Bool { if case .none = s { return true }; return false }

    func draw(into svg: inout SVGText, at r: Rect) {
        let f = SVGMap.f
        svg.line("<g class=\"legend\" font-size=\"\(Int(Self.fontSize))\" fill=\"#222\">")
        svg.line("<rect x=\"\(f(r.x))\" y=\"\(f(r.y))\" width=\"\(f(r.w))\" height=\"\(f(r.h))\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#999999\" rx=\"3\"/>")
        for (i, (symbol, text)) in entries.enumerated() {
            let baseline = r.y + 6 + Self.rowHeight * Double(i) + 12
            let mid = baseline - 4, x = r.x + 10
            var textX = x + 36
            switch symbol {
            case let .line(color, width, dash):
                let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
                svg.line("<line x1=\"\(f(x))\" y1=\"\(f(mid))\" x2=\"\(f(x + 26))\" y2=\"\(f(mid))\" stroke=\"\(color)\" stroke-width=\"\(f(min(width, 12)))\"\(dashAttr)/>")
            case .dual:
                svg.line("<line x1=\"\(f(x))\" y1=\"\(f(mid))\" x2=\"\(f(x + 26))\" y2=\"\(f(mid))\" stroke=\"\(MapPalette.gauge1520)\" stroke-width=\"2.4\"/><line x1=\"\(f(x))\" y1=\"\(f(mid))\" x2=\"\(f(x + 26))\" y2=\"\(f(mid))\" stroke=\"\(MapPalette.gauge1435)\" stroke-width=\"2.4\" stroke-dasharray=\"6 6\"/>")
            case .hatch:
                svg.line("<rect x=\"\(f(x + 2))\" y=\"\(f(mid - 6))\" width=\"22\" height=\"12\" fill=\"url(#denied-hatch)\" stroke=\"\(MapPalette.border)\"/>")
            case .added:
                svg.line("<line x1=\"\(f(x))\" y1=\"\(f(mid))\" x2=\"\(f(x + 26))\" y2=\"\(f(mid))\" stroke=\"\(MapPalette.ink)\" stroke-width=\"7\"/><line x1=\"\(f(x))\" y1=\"\(f(mid))\" x2=\"\(f(x + 26))\" y2=\"\(f(mid))\" stroke=\"#FFFFFF\" stroke-width=\"3.5\"/>")
            case .cross:
                svg.line("<path d=\"M\(f(x + 8)) \(f(mid - 5))L\(f(x + 18)) \(f(mid + 5))M\(f(x + 18)) \(f(mid - 5))L\(f(x + 8)) \(f(mid + 5))\" stroke=\"\(MapPalette.ink)\" stroke-width=\"3\" stroke-linecap=\"round\"/>")
            case let .badge(text):
                let w = SVGMap.textWidth(text, size: 8) + 4
                svg.line("<rect x=\"\(f(x))\" y=\"\(f(mid - 6))\" width=\"\(f(min(w, 32)))\" height=\"12\" rx=\"2\" fill=\"#FFFFFF\" stroke=\"\(MapPalette.ink)\" stroke-width=\"0.8\"/><text x=\"\(f(x + 2))\" y=\"\(f(mid + 3))\" font-size=\"8\" textLength=\"\(f(min(w, 32) - 4))\" lengthAdjust=\"spacingAndGlyphs\">\(SVGMap.escape(text))</text>")
            case .diamond:
                svg.line("<path d=\"M\(f(x + 13)) \(f(mid - 4.5))L\(f(x + 17.5)) \(f(mid))L\(f(x + 13)) \(f(mid + 4.5))L\(f(x + 8.5)) \(f(mid))Z\" fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"1.2\"/>")
            case let .marker(rank):
                svg.line("<circle cx=\"\(f(x + 13))\" cy=\"\(f(mid))\" r=\"7\" fill=\"\(MapPalette.chokepoint)\" stroke=\"\(MapPalette.ink)\" stroke-width=\"0.8\"/><text x=\"\(f(x + 13))\" y=\"\(f(mid + 3.3))\" font-size=\"\(rank >= 10 ? 8 : 9)\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"\(MapPalette.ink)\">\(rank)</text>")
            case .cut:
                svg.line("<line x1=\"\(f(x))\" y1=\"\(f(mid))\" x2=\"\(f(x + 12))\" y2=\"\(f(mid))\" stroke=\"\(MapPalette.ink)\" stroke-width=\"3\" stroke-dasharray=\"4 3\"/><rect x=\"\(f(x + 16))\" y=\"\(f(mid - 5))\" width=\"10\" height=\"10\" fill=\"none\" stroke=\"\(MapPalette.ink)\" stroke-width=\"2\"/>")
            case .indent:
                break
            case .site:
                svg.line("<circle cx=\"\(f(x + 13))\" cy=\"\(f(mid))\" r=\"5\" fill=\"#ffffff\" stroke=\"\(MapPalette.ink)\" stroke-width=\"2\"/>")
            case .none:
                textX = x
            }
            svg.line("<text x=\"\(f(textX))\" y=\"\(f(baseline))\">\(SVGMap.escape(text))</text>")
        }
        svg.line("</g>")
    }
}
