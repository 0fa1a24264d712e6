import CorridorCore
import CorridorNetwork
import CorridorYAML
import Yams

/// A number of a manifest or profile with an optional range (docs/FORMATS.md, "Quantities"):
/// a plain number, a cited `{value: N, low: L, high: H, source: ..., conversion: "..."}` or an assumption
/// `{base: N, low: L, high: H, assumption: "..."}`. The loader uses `base`; `range` is kept for sampling.
struct Quantity: Equatable {
    /// The value used.
    var base: Double
    /// `low ... high`, or nil when the entry gives no range.
    var range: ValueRange?

    /// Keys a quantity mapping may have (`source`, `conversion`, `assumption` are documentation, not read).
    static let keys = ["value", "base", "low", "high", "source", "conversion", "assumption", "note"]

    /// Any quantity without a rule of its own: finite, 0…10^12.
    static let defaultRule = NumberRule.real(0...1_000_000_000_000)

    /// Parses a quantity node; every number (base, low, high) is checked against `rule` (`InputRules`), so the
    /// values convert to the integers they become without trapping; `fail` makes the positioned error of the
    /// caller's file type.
    static func parse<E: Error>(_ node: Node, _ what: String, allowZero: Bool = true, rule: NumberRule = defaultRule,
                                fail: (String, Node) -> E) throws(E) -> Quantity {
        func number(_ n: Node, _ label: String) throws(E) -> Double {
            let x: Double
            do { x = try n.number(rule) } catch { throw fail("\(label) \(error)", n) }
            guard allowZero || x > 0 else { throw fail("\(label) must be positive", n) }
            return x
        }
        if node.scalar != nil { return Quantity(base: try number(node, what), range: nil) }
        guard let pairs = node.pairs else { throw fail("\(what) must be a number or a mapping {base|value, low, high}", node) }
        var base: Double?, low: Double?, high: Double?
        for (key, keyNode, value) in pairs {
            switch key {
            case "value", "base":
                guard base == nil else { throw fail("\(what) has both value and base (write one)", keyNode) }
                base = try number(value, "\(what) \(key)")
            case "low": low = try number(value, "\(what) low")
            case "high": high = try number(value, "\(what) high")
            case "source", "conversion", "assumption", "note": continue
            default: throw fail(unknownKey(key, in: "quantity", allowed: keys), keyNode)
            }
        }
        guard let base else { throw fail("\(what) needs `base:` (an assumption) or `value:` (a cited figure)", node) }
        if low == nil && high == nil { return Quantity(base: base, range: nil) }
        let lo = low ?? base, hi = high ?? base
        guard lo <= base, base <= hi else {
            throw fail("\(what) needs low <= base <= high (got \(lo), \(base), \(hi))", node)
        }
        return Quantity(base: base, range: ValueRange(low: lo, high: hi))
    }
}
