import CorridorAnalysis
import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// A small streaming JSON writer with deterministic output: keys in the order written, numbers with fixed
/// precision, no locale dependence. Used for GeoJSON (RFC 7946), GeoJSONSeq and JSON reports.
public struct JSONWriter {
    /// The text written so far.
    public private(set) var text = ""
    private var needsComma: [Bool] = [false]

    /// An empty writer.
    public init() { text.reserveCapacity(1 << 16) }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { text.append(",") }
        needsComma[needsComma.count - 1] = true
    }

    /// Opens a JSON object (`{`).
    public mutating func beginObject() { separate(); text.append("{"); needsComma.append(false) }
    /// Closes the innermost object (`}`).
    public mutating func endObject() { needsComma.removeLast(); text.append("}") }
    /// Opens a JSON array (`[`).
    public mutating func beginArray() { separate(); text.append("["); needsComma.append(false) }
    /// Closes the innermost array (`]`).
    public mutating func endArray() { needsComma.removeLast(); text.append("]") }

    /// Writes `"name":` inside an object; the next value written belongs to it.
    public mutating func key(_ name: String) {
        separate()
        JSONWriter.appendQuoted(name, to: &text)
        text.append(":")
        needsComma[needsComma.count - 1] = false
    }

    /// Writes a quoted, escaped string.
    public mutating func string(_ value: String) { separate(); JSONWriter.appendQuoted(value, to: &text) }
    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) { separate(); text.append(value ? "true" : "false") }
    /// Writes `null`.
    public mutating func null() { separate(); text.append("null") }
    /// Writes an integer.
    public mutating func int(_ value: Int64) { separate(); text.append(String(value)) }
    /// Writes an integer.
    public mutating func int(_ value: Int) { int(Int64(value)) }
    /// Writes a number with at most `decimals` fractional digits, trailing zeros trimmed; non-finite values as null.
    public mutating func number(_ value: Double, decimals: Int = 3) {
        separate()
        text.append(NumberFormat.trimmed(value, decimals: decimals))
    }
    /// Writes raw, already valid JSON.
    public mutating func raw(_ json: String) { separate(); text.append(json) }

    /// Convenience: `"name": value`.
    public mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    /// Convenience: `"name": value` for an integer.
    public mutating func field(_ name: String, _ value: Int64) { key(name); int(value) }
    /// Convenience: `"name": value` for an integer.
    public mutating func field(_ name: String, _ value: Int) { key(name); int(value) }
    /// Convenience: `"name": value` for a boolean.
    public mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    /// Convenience: `"name": value` with at most `decimals` fractional digits (see `number`).
    public mutating func field(_ name: String, _ value: Double, decimals: Int = 3) { key(name); number(value, decimals: decimals) }
    /// Convenience: `"name": [strings]`.
    public mutating func field(_ name: String, strings: [String]) {
        key(name); beginArray(); for s in strings { string(s) }; endArray()
    }

    /// Writes a GeoJSON position `[lon, lat]` rounded to 7 decimals (about 1 cm), as RFC 7946 recommends.
    public mutating func position(_ p: LonLat) {
        separate()
        text.append("[")
        text.append(NumberFormat.trimmed(p.lon, decimals: 7))
        text.append(",")
        text.append(NumberFormat.trimmed(p.lat, decimals: 7))
        text.append("]")
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        out.append("\"")
        for u in s.unicodeScalars {
            switch u {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            default:
                if u.value < 0x20 {
                    out.append(String(format: "\\u%04x", u.value))
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out.append("\"")
    }
}
