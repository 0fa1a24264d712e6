import Foundation

/// The legend: symbols with one line of text each, sized to its longest line.
struct Legend {
    enum Symbol { case line(String, Double, dash: String?), diamond, marker(Int), cut, site, indent, none }
    var entries: [(Symbol, String)] = []
    /// Longer lines are cut with an ellipsis (at most 64 characters in any case).
    var maxTextWidth: Double
    static let rowHeight = 16.0, fontSize = 11.0, maxChars = 64

    mutating func add(_ symbol: Symbol, _ text: String) {
        var t = text.count > Self.maxChars ? String(text.prefix(Self.maxChars - 1)) + "…" : text
        while t.count > 2 && SVGMap.textWidth(t, size: Self.fontSize) > maxTextWidth { t = String(t.dropLast(2)) + "…" }
        entries.append((symbol, t))
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
            case .diamond:
                svg.line("<path d=\"M\(f(x + 13)) \(f(mid - 4.5))L\(f(x + 17.5)) \(f(mid))L\(f(x + 13)) \(f(mid + 4.5))L\(f(x + 8.5)) \(f(mid))Z\" fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"1.2\"/>")
            case let .marker(rank):
                svg.line("<circle cx=\"\(f(x + 13))\" cy=\"\(f(mid))\" r=\"7\" fill=\"\(SVGMap.chokepointColor)\"/><text x=\"\(f(x + 13))\" y=\"\(f(mid + 3.3))\" font-size=\"\(rank >= 10 ? 8 : 9)\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">\(rank)</text>")
            case .cut:
                svg.line("<line x1=\"\(f(x))\" y1=\"\(f(mid))\" x2=\"\(f(x + 12))\" y2=\"\(f(mid))\" stroke=\"\(SVGMap.cutColor)\" stroke-width=\"3\" stroke-dasharray=\"4 3\"/><rect x=\"\(f(x + 16))\" y=\"\(f(mid - 5))\" width=\"10\" height=\"10\" fill=\"none\" stroke=\"\(SVGMap.cutColor)\" stroke-width=\"2\"/>")
            case .indent:
                break
            case .site:
                svg.line("<circle cx=\"\(f(x + 13))\" cy=\"\(f(mid))\" r=\"5\" fill=\"#ffffff\" stroke=\"\(SVGMap.siteColor)\" stroke-width=\"2\"/>")
            case .none:
                textX = x
            }
            svg.line("<text x=\"\(f(textX))\" y=\"\(f(baseline))\">\(SVGMap.escape(text))</text>")
        }
        svg.line("</g>")
    }
}
