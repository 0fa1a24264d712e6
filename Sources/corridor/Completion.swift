import ArgumentParser
import CorridorKit
import Foundation

/// Shell completion of place names (`--from`, `--to`, `--via`, `--close`; sites `PLACE=TONNES` too): the gazetteer of the network the
/// command line names (`--network` values so far; none: the embedded network), read without building the network
/// (a manifest's `places:` file, or a `.corridor` cache's places). Line data sources have no gazetteer.
/// Scripts: `corridor --generate-completion-script bash|zsh|fish`.
enum PlaceCompletion {
    /// Place names (and aliases) of the networks `networks` names that start with `prefix` (folded: case and
    /// diacritics ignored), sorted, each once; empty when the network cannot be read.
    static func names(networks: [String], prefix: String = "") -> [String] {
        guard let spec = try? NetworkSpec.fromArguments(networks) else { return [] }
        var places: [Place] = []
        if let manifest = spec.manifestPath {
            guard let m = try? NetworkManifest.load(path: manifest), let csv = m.placesPath,
                  let gazetteer = try? Gazetteer.load(csvPath: csv) else { return [] }
            places = gazetteer.places
        } else if spec.sources.count == 1, NetworkCache.isCacheFile(spec.sources[0].path),
                  let network = try? NetworkCache.read(spec.sources[0].path) {
            places = network.places.places
        }
        let folded = NameMatching.fold(prefix)
        var seen = Set<String>()
        return places.flatMap { [$0.name] + $0.aliases }
            .filter { folded.isEmpty || NameMatching.fold($0).hasPrefix(folded) }
            .filter { seen.insert($0).inserted }
            .sorted()
    }

    /// The `--network` values among shell `words` (`--network X` and `--network=X`).
    static func networks(in words: [String]) -> [String] {
        var found: [String] = []
        for (i, word) in words.enumerated() {
            if word == "--network", i + 1 < words.count { found.append(unquoted(words[i + 1])) }
            else if word.hasPrefix("--network=") { found.append(unquoted(String(word.dropFirst("--network=".count)))) }
        }
        return found
    }

    /// Shell words arrive verbatim: drop one level of surrounding quotes.
    static func unquoted(_ word: String) -> String {
        if word.count >= 2, let first = word.first, first == word.last, first == "'" || first == "\"" {
            return String(word.dropFirst().dropLast())
        }
        return word
    }

    /// The completion kind of a place option (`route`/`reach` `--from`/`--to`/`--via`, `--close`).
    static var kind: CompletionKind {
        .custom { words, _, prefix in names(networks: networks(in: words), prefix: unquoted(prefix)) }
    }

    /// The completion kind of a site option, `PLACE` or `PLACE=TONNES` (`flow`, `chokepoints`, `interdict`,
    /// `buildup` `--from`/`--to`): the place names; nothing once the amount is being typed.
    static var siteKind: CompletionKind {
        .custom { words, _, prefix in siteNames(networks: networks(in: words), prefix: unquoted(prefix)) }
    }

    /// The names a site value `prefix` may continue with: none after its `=`.
    static func siteNames(networks: [String], prefix: String) -> [String] {
        prefix.contains("=") ? [] : names(networks: networks, prefix: prefix)
    }
}

/// `corridor complete-places [--network X]... [PREFIX]` (hidden): the place names completion offers, one a line.
struct CompletePlacesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete-places",
        abstract: "List the gazetteer names of a network (for shell completion).",
        shouldDisplay: false)

    @Option(name: .long, help: ArgumentHelp("Network manifest or .corridor cache (default: the embedded network).", valueName: "network"),
            completion: .file())
    var network: [String] = []
    @Argument(help: "Only names starting with this (case and diacritics ignored).")
    var prefix: String = ""

    func run() throws {
        reportingErrors {
            let names = PlaceCompletion.names(networks: network, prefix: prefix)
            try StandardOutput.write(names.map { $0 + "\n" }.joined())
        }
    }
}
