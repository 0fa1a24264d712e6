import Foundation
import Testing

/// The module rules of docs/ARCHITECTURE.md, checked on the source text: every `import` in `Sources/` (and
/// `Examples/`) must be one its module may use. SwiftPM already refuses an import of a module the target does not
/// depend on; this test also catches a dependency added to Package.swift that breaks the one-way data flow
/// (Load → Network ← Analysis ← Output), GDAL or PROJ used outside CorridorGeo, and a CLI that reaches past
/// CorridorKit.
@Suite("Module import rules")
struct ImportRulesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Platform modules any library module may import (the CLI takes Foundation only).
    static let platform: Set<String> = ["Foundation", "FoundationEssentials", "Dispatch", "Glibc", "Darwin", "Musl",
                                        "Synchronization"]

    /// Module → the Corridor and third-party modules it may import (besides `platform`). Keep in step with
    /// docs/ARCHITECTURE.md; a module that is not listed fails the test until it is.
    static let allowed: [String: Set<String>] = [
        "CorridorCore": [],
        "CorridorGeo": ["CGDAL", "CPROJ", "CorridorCore"],
        "CorridorGraph": ["CorridorCore"],
        "CorridorSolver": ["CCLP", "CCBC"],
        "CorridorYAML": ["CorridorCore", "Yams"],
        "CorridorNetwork": ["CorridorCore", "CorridorGeo", "CorridorGraph"],
        "CorridorLoad": ["CorridorCore", "CorridorGeo", "CorridorNetwork", "CorridorYAML", "Yams"],
        "CorridorAnalysis": ["CorridorCore", "CorridorGeo", "CorridorGraph", "CorridorNetwork", "CorridorSolver", "CorridorYAML", "Yams"],
        "CorridorOutput": ["CorridorCore", "CorridorGeo", "CorridorNetwork", "CorridorAnalysis"],
        "CorridorKit": ["CorridorCore", "CorridorGeo", "CorridorGraph", "CorridorNetwork", "CorridorLoad",
                        "CorridorAnalysis", "CorridorOutput", "CorridorSolver"],
        "CorridorFuzz": ["CorridorKit"],
    ]

    /// Modules whose sources may import only the listed modules, not even platform ones beyond these.
    static let closed: [String: Set<String>] = [
        "corridor": ["CorridorKit", "ArgumentParser", "Foundation"],
        "Examples": ["CorridorKit", "Foundation"],
    ]

    /// System-library modules (a `module.modulemap`, no Swift sources) and the one module that wraps each.
    static let systemLibraries: [String: String] = ["CGDAL": "CorridorGeo", "CPROJ": "CorridorGeo",
                                                    "CCLP": "CorridorSolver", "CCBC": "CorridorSolver"]

    /// (module, file, imported module) for every import line of every Swift file under `directory`, where the
    /// module is the first path component below it.
    static func imports(under directory: String) throws -> [(module: String, file: String, imported: String)] {
        let base = root.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        // `import X`, `@_exported import X`, `@testable import X`, `import struct X.Y`, `import X.Y`.
        let pattern = try Regex(#"^\s*(?:@\w+\s+)*import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#)
        var out: [(String, String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = String(url.path.dropFirst(base.path.count + 1))
            let module = directory == "Examples" ? "Examples" : String(relative.split(separator: "/")[0])
            let text = try String(contentsOf: url, encoding: .utf8)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                guard let match = line.firstMatch(of: pattern), let name = match.output[1].substring else { continue }
                out.append((module, "\(directory)/\(relative)", String(name)))
            }
        }
        return out.sorted { ($0.1, $0.2) < ($1.1, $1.2) }
    }

    /// Why `module` may not import `imported`, or nil when it may.
    static func violation(module: String, imported: String) -> String? {
        if imported == module { return nil }
        if let only = closed[module] {
            return only.contains(imported) ? nil : "\(module) may import only \(only.sorted().joined(separator: ", "))"
        }
        if let owner = systemLibraries[imported], module != owner {
            return "only \(owner) may use \(imported)"
        }
        guard let rule = allowed[module] else {
            return "module \(module) has no import rule: add it to ImportRulesTests.allowed and docs/ARCHITECTURE.md"
        }
        if platform.contains(imported) || rule.contains(imported) { return nil }
        return "\(module) may not import \(imported) (allowed: \(rule.sorted().joined(separator: ", ")))"
    }

    @Test func everyImportFollowsTheModuleRules() throws {
        let all = try Self.imports(under: "Sources") + Self.imports(under: "Examples")
        #expect(all.count > 50, "the import scan found almost nothing: is the repository root right? \(Self.root.path)")
        #expect(Set(all.map(\.module)).isSuperset(of: ["CorridorNetwork", "CorridorLoad", "CorridorAnalysis", "CorridorOutput", "corridor"]))
        var problems: [String] = []
        for (module, file, imported) in all {
            if let why = Self.violation(module: module, imported: imported) { problems.append("\(file): import \(imported): \(why)") }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The rules themselves: the arrows named in the architecture hold, and the checker catches each kind of breach.
    @Test func theRulesRejectBackArrowsAndStrayImports() {
        // Back-arrows of the data flow.
        #expect(Self.violation(module: "CorridorNetwork", imported: "CorridorLoad") != nil)
        #expect(Self.violation(module: "CorridorNetwork", imported: "CorridorAnalysis") != nil)
        #expect(Self.violation(module: "CorridorAnalysis", imported: "CorridorOutput") != nil)
        #expect(Self.violation(module: "CorridorAnalysis", imported: "CorridorLoad") != nil)
        #expect(Self.violation(module: "CorridorLoad", imported: "CorridorAnalysis") != nil)
        #expect(Self.violation(module: "CorridorOutput", imported: "CorridorLoad") != nil)
        #expect(Self.violation(module: "CorridorGraph", imported: "CorridorNetwork") != nil)
        #expect(Self.violation(module: "CorridorCore", imported: "CorridorGeo") != nil)
        #expect(Self.violation(module: "CorridorOutput", imported: "CorridorGraph") != nil)
        // GDAL and PROJ stay behind CorridorGeo.
        #expect(Self.violation(module: "CorridorGeo", imported: "CGDAL") == nil)
        #expect(Self.violation(module: "CorridorNetwork", imported: "CGDAL") != nil)
        #expect(Self.violation(module: "CorridorOutput", imported: "CPROJ") != nil)
        #expect(Self.violation(module: "SomeSolver", imported: "CPROJ") != nil)
        // CLP and CBC stay behind CorridorSolver.
        #expect(Self.violation(module: "CorridorSolver", imported: "CCLP") == nil)
        #expect(Self.violation(module: "CorridorAnalysis", imported: "CCLP") != nil)
        #expect(Self.violation(module: "CorridorGeo", imported: "CCBC") != nil)
        #expect(Self.violation(module: "CorridorSolver", imported: "CGDAL") != nil)
        // The CLI reaches everything through CorridorKit.
        #expect(Self.violation(module: "corridor", imported: "CorridorKit") == nil)
        #expect(Self.violation(module: "corridor", imported: "CorridorGraph") != nil)
        #expect(Self.violation(module: "corridor", imported: "CorridorGeo") != nil)
        #expect(Self.violation(module: "corridor", imported: "Glibc") != nil)
        // Allowed arrows.
        #expect(Self.violation(module: "CorridorLoad", imported: "CorridorNetwork") == nil)
        #expect(Self.violation(module: "CorridorAnalysis", imported: "CorridorNetwork") == nil)
        #expect(Self.violation(module: "CorridorOutput", imported: "CorridorAnalysis") == nil)
        #expect(Self.violation(module: "CorridorKit", imported: "CorridorOutput") == nil)
        // A new module must be given a rule.
        #expect(Self.violation(module: "CorridorSomething", imported: "Foundation") != nil)
    }

    @Test func theScannerReadsEveryImportForm() throws {
        let pattern = try Regex(#"^\s*(?:@\w+\s+)*import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#)
        let lines = ["import CorridorGeo", "@_exported import CorridorGraph", "@testable import CorridorKit",
                     "import struct CorridorGeo.LonLat", "  import CGDAL", "@preconcurrency import Yams"]
        let names = lines.compactMap { $0.firstMatch(of: pattern)?.output[1].substring.map(String.init) }
        #expect(names == ["CorridorGeo", "CorridorGraph", "CorridorKit", "CorridorGeo", "CGDAL", "Yams"])
        #expect("// import CorridorGeo".firstMatch(of: pattern) == nil)
        #expect("let x = 1 // not an import".firstMatch(of: pattern) == nil)
    }
}
