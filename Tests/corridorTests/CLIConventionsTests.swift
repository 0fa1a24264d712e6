import Foundation
import Testing

/// The conventions every subcommand shares (issue 18): one meaning of `--format`, `--quiet` everywhere, typo'd
/// subcommands named as such, `CORRIDOR_DATA` as a directory.
@Suite(.enabled(if: corridorBinary != nil, "corridor binary not built")) struct CLIConventionsTests {
    static let farEast = repositoryRoot.appendingPathComponent("GeoData/far-east").path
    static var farEastReady: Bool { FileManager.default.fileExists(atPath: farEast + "/network.yaml") }

    @Test func aTypoedSubcommandIsNamedWithTheNearest() throws {
        let r = try corridor(["routes", "--from", "Vladivostok", "--to", "Pyongyang"])
        #expect(r.code == 64)
        #expect(r.stderr == "corridor: unknown subcommand 'routes'; did you mean 'route'?\n", "\(r.stderr)")
        let far = try corridor(["frobnicate"])
        #expect(far.code == 64 && far.stderr.hasPrefix("corridor: unknown subcommand 'frobnicate'; subcommands: info, "), "\(far.stderr)")
        #expect(!far.stderr.contains("bench"))
        // Options and real subcommands are left to the parser.
        #expect(try corridor(["--version"]).code == 0)
        #expect(try corridor(["help", "route"]).stdout.contains("--from"))
    }

    @Test func solveTakesItsProblemTypeAsProblemAndNamesTheOldSpelling() throws {
        let min = "p min 2 1\nn 1 5\nn 2 -5\na 1 2 0 9 3\n"
        let r = try corridor(["solve", "-", "--problem", "min", "--quiet"], input: Data(min.utf8))
        #expect(r.code == 0 && r.stdout.hasPrefix("s 15"), "\(r.stderr)")
        let old = try corridor(["solve", "-", "--format", "min"], input: Data(min.utf8))
        #expect(old.code == 64 && old.stdout.isEmpty)
        #expect(old.stderr.contains("--problem min") && old.stderr.hasPrefix("corridor: "), "\(old.stderr)")
        let unknown = try corridor(["solve", "-", "--problem", "tw"], input: Data(min.utf8))
        #expect(unknown.code == 64 && unknown.stderr.contains("unknown --problem 'tw'"))
    }

    @Test(.enabled(if: farEastReady)) func infoTakesFormatJSONAndTheDataDirectory() throws {
        let json = try corridor(["info", "--format", "json", "--quiet"])
        #expect(json.code == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["edge_count"] as? Int ?? 0) > 0)
        #expect(try corridor(["info", "--json", "--quiet"]).stdout == json.stdout)
        #expect(try corridor(["info", "--format", "text", "--quiet"]).stdout.hasPrefix("sources:"))
        // CORRIDOR_DATA: the network's directory, GeoData, the manifest: one network.
        for data in [Self.farEast, (Self.farEast as NSString).deletingLastPathComponent, Self.farEast + "/network.yaml"] {
            let r = try corridor(["info", "--format", "json", "--quiet"], environment: ["CORRIDOR_DATA": data])
            #expect(r.code == 0 && r.stdout == json.stdout, "\(data): \(r.stderr)")
        }
        let missing = try corridor(["info", "--quiet"], environment: ["CORRIDOR_DATA": "/nonexistent/far-east"])
        #expect(missing.code == 66 && missing.stderr.contains("CORRIDOR_DATA=/nonexistent/far-east"), "\(missing.stderr)")
    }

    /// Every visible subcommand documents --quiet in its help.
    @Test func everySubcommandAcceptsQuiet() throws {
        for name in ["info", "export", "route", "reach", "flow", "chokepoints", "compare", "build", "render", "solve"] {
            let r = try corridor([name, "--help"])
            #expect(r.code == 0 && r.stdout.contains("--quiet"), "\(name): \(r.stderr)")
        }
    }
}
