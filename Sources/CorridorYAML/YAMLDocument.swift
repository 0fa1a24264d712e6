import CorridorCore
import Foundation
import Yams

/// A parsed YAML document that remembers its path so errors can point at `path:line:column`.
package struct YAMLDocument {
    /// Path of the file, for messages.
    package let path: String
    /// The root node.
    package let root: Node

    /// A YAML syntax problem with its position (1-based).
    package struct SyntaxError: Error {
        /// 1-based line.
        package let line: Int
        /// 1-based column.
        package let column: Int
        /// What is wrong.
        package let reason: String
    }

    /// Parses `text`; syntax errors carry the line and column libyaml reports.
    package static func parse(_ text: String, path: String) throws(SyntaxError) -> YAMLDocument {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw SyntaxError(line: 1, column: 1, reason: "empty document") }
            return YAMLDocument(path: path, root: node)
        } catch let error as SyntaxError {
            throw error
        } catch let error as YamlError {
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
                 let .composer(context, problem, mark, _):
                let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                throw SyntaxError(line: mark.line, column: mark.column, reason: "malformed YAML (\(what))")
            case let .reader(problem, offset, value, _):
                // A character libyaml refuses (control characters, invalid UTF-8): located from its byte offset.
                let (line, column) = Self.position(ofByte: offset ?? 0, in: text)
                let character = value >= 0 ? String(format: ", U+%04X", value) : ""
                throw SyntaxError(line: line, column: column, reason: "malformed YAML (\(Self.oneLine(problem))\(character))")
            case let .duplicatedKeysInMapping(duplicates, context):
                throw SyntaxError(line: context.mark.line, column: context.mark.column,
                                  reason: "duplicate key \(duplicates.joined(separator: ", "))")
            default:
                throw SyntaxError(line: 1, column: 1, reason: "malformed YAML (\(Self.oneLine(String(describing: error))))")
            }
        } catch {
            throw SyntaxError(line: 1, column: 1, reason: "malformed YAML (\(Self.oneLine(String(describing: error))))")
        }
    }

    /// The first line of a library's message, without control characters (an error is one line on stderr, and
    /// libyaml's messages may quote the offending bytes).
    static func oneLine(_ message: String) -> String {
        let first = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return String(String.UnicodeScalarView(first.unicodeScalars.filter { $0.properties.generalCategory != .control }))
    }

    /// 1-based line and column (in bytes) of byte `offset` of `text`.
    static func position(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in text.utf8.prefix(max(offset, 0)) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

extension Node {
    /// 1-based line and column of the node (1:1 if unknown).
    package var position: (line: Int, column: Int) { (mark?.line ?? 1, mark?.column ?? 1) }

    /// The scalar text, if a scalar.
    package var scalarText: String? { scalar?.string }

    /// A number, if a scalar that reads as one in `NumberSyntax` (so `.nan`, `.inf` and hexadecimal are not).
    /// Readers use `number(_:)` to also check the range.
    package var number: Double? {
        guard let s = scalar?.string.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
        return NumberSyntax.parse(s)
    }

    /// The scalar as a number checked against `rule` (the one number path, `NumberRule`); a mapping or a list is
    /// "not a number" too.
    package func number(_ rule: NumberRule) throws(NumberProblem) -> Double {
        guard let s = scalar?.string else {
            throw NumberProblem(text: mapping != nil ? "{…}" : "[…]", problem: "is not a number", expected: rule.expected)
        }
        return try rule.parse(s)
    }

    /// The scalar as a whole number checked against `rule` and converted to `T`.
    package func integer<T: FixedWidthInteger>(_ rule: NumberRule, as type: T.Type = Int.self) throws(NumberProblem) -> T {
        guard let s = scalar?.string else {
            throw NumberProblem(text: mapping != nil ? "{…}" : "[…]", problem: "is not a number", expected: rule.expected)
        }
        return try rule.parse(s, as: T.self)
    }

    /// Key/value pairs of a mapping with keys as text.
    package var pairs: [(key: String, keyNode: Node, value: Node)]? {
        guard let mapping else { return nil }
        return mapping.map { (key: $0.key.scalarText ?? "", keyNode: $0.key, value: $0.value) }
    }

    /// A YAML boolean scalar (`true`/`false`/`yes`/`no`/`on`/`off`).
    package var boolean: Bool? {
        switch scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }
}

/// The allowed YAML key closest to a misspelt one, if any is close (the same matching as place names).
package func nearestKey(_ key: String, allowed: [String]) -> String? {
    NameMatching.suggestions(for: key, among: allowed, limit: 1).first
}

/// "unknown terminal key 'layer' (did you mean 'layers'?)", or the list of valid keys when none is close.
package func unknownKey(_ key: String, in what: String, allowed: [String]) -> String {
    if let best = nearestKey(key, allowed: allowed) { return "unknown \(what) key '\(key)' (did you mean '\(best)'?)" }
    return "unknown \(what) key '\(key)' (expected \(allowed.joined(separator: ", ")))"
}
