import Foundation
import Testing

/// Every subcommand's `--help` ends with an Examples section of two or three commands, and every one of them parses
/// (`CORRIDOR_PARSE_ONLY=1`: parse and validate, run nothing).
@Suite(.enabled(if: corridorBinary != nil, "corridor binary not built")) struct HelpExamplesTests {
    /// The visible subcommands, from `corridor --help`.
    static func subcommands() throws -> [String] {
        let help = try corridor(["--help"], environment: ["COLUMNS": "500"]).stdout
        guard let start = help.range(of: "SUBCOMMANDS:") else { return [] }
        return help[start.upperBound...].split(separator: "\n").compactMap { line -> String? in
            // "  NAME   abstract" lines; not the closing "  See 'corridor help <subcommand>'".
            guard line.hasPrefix("  "), let word = line.split(separator: " ").first,
                  word.allSatisfy({ $0.isLowercase || $0 == "-" }), line.contains("  \(word)  ") else { return nil }
            return word == "help" ? nil : String(word)
        }
    }

    @Test func everySubcommandsHelpHasExamplesThatParse() throws {
        let names = try Self.subcommands()
        #expect(names.count >= 10 && names.contains("route") && names.contains("solve"), "\(names)")
        for name in names {
            let help = try corridor([name, "--help"], environment: ["COLUMNS": "500"])
            #expect(help.code == 0)
            guard let section = help.stdout.range(of: "Examples:\n") else { Issue.record("\(name): no Examples section"); continue }
            let examples = help.stdout[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
                .prefix { $0.hasPrefix("  corridor ") }
                .map { $0.dropFirst(2).split(separator: " ").map(String.init) }
            #expect((2...3).contains(examples.count), "\(name): \(examples.count) examples")
            for example in examples {
                #expect(example[1] == name, "\(name): \(example.joined(separator: " "))")
                let parsed = try corridor(Array(example.dropFirst()), environment: ["CORRIDOR_PARSE_ONLY": "1"])
                #expect(parsed.code == 0, "\(example.joined(separator: " ")): \(parsed.stderr)")
            }
        }
        // The check can fail: a bad option does not parse.
        let bad = try corridor(["route", "--from", "A", "--to", "B", "--frobnicate"], environment: ["CORRIDOR_PARSE_ONLY": "1"])
        #expect(bad.code == 64)
    }
}
