import CorridorGeo
import Foundation

/// A named place: a city, station, junction, border crossing or port.
public struct Place: Sendable, Equatable, Codable {
    /// Canonical name.
    public var name: String
    /// Other names the place is found by.
    public var aliases: [String]
    /// `city`, `station`, `junction`, `crossing`, `port`, or a user's own kind.
    public var kind: String
    /// ISO 3166-1 alpha-2 country code, or empty.
    public var country: String
    /// First-level region name, or empty.
    public var region: String
    /// Position of the place.
    public var location: LonLat
    /// Provenance of the coordinate (e.g. `geonames:2013348`).
    public var source: String
    /// Memberwise initializer; a place is a `city` unless told otherwise.
    public init(name: String, aliases: [String] = [], kind: String = "city", country: String = "", region: String = "",
                location: LonLat, source: String = "") {
        self.name = name; self.aliases = aliases; self.kind = kind; self.country = country; self.region = region
        self.location = location; self.source = source
    }
}

/// Errors of place lookup and gazetteer loading.
public enum PlaceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No place carries this name or alias; `suggestions` lists up to three close names.
    case unknownPlace(name: String, suggestions: [String])
    /// Several places carry this name or alias; `candidates` lists them as `name (country)`.
    case ambiguousPlace(name: String, candidates: [String])
    /// The gazetteer CSV is malformed at `line`.
    case malformedGazetteer(path: String, line: Int, reason: String)

    /// One line for the user, with suggestions or candidates when there are any.
    public var description: String {
        switch self {
        case let .unknownPlace(name, suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?)"
            return "unknown place '\(name)'\(hint)"
        case let .ambiguousPlace(name, candidates):
            return "place name '\(name)' is ambiguous: \(candidates.joined(separator: ", "))"
        case let .malformedGazetteer(path, line, reason):
            return "malformed gazetteer: \(reason): \(path):\(line)"
        }
    }
}

/// A gazetteer: places found by name or alias, case- and diacritic-insensitively, with suggestions for typos.
public struct Gazetteer: Sendable, Equatable {
    /// Places in a defined order (as loaded).
    public let places: [Place]
    /// Folded name or alias → indices of places carrying it.
    private let index: [String: [Int]]

    /// A gazetteer over `places`, indexed by folded name and alias. O(names and aliases).
    public init(places: [Place]) {
        self.places = places
        var index: [String: [Int]] = [:]
        for (i, p) in places.enumerated() {
            for n in [p.name] + p.aliases {
                let key = Gazetteer.fold(n)
                if key.isEmpty { continue }
                if index[key]?.contains(i) != true { index[key, default: []].append(i) }
            }
        }
        self.index = index
    }

    /// An empty gazetteer.
    public static let empty = Gazetteer(places: [])

    /// Folds a name for matching: lowercased, diacritics removed, apostrophes/hyphens/spaces/dashes collapsed
    /// (so `P'yŏngyang`, `Pyongyang` and `PYONGYANG` match, as do `Khasan–Tumangang` and `khasan-tumangang`).
    public static func fold(_ s: String) -> String {
        let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        out.reserveCapacity(folded.count)
        var lastWasSeparator = false
        for ch in folded {
            if ch == "'" || ch == "’" || ch == "ʼ" || ch == "`" { continue }
            if ch == " " || ch == "-" || ch == "–" || ch == "—" || ch == "_" || ch == "." || ch == "," {
                if !out.isEmpty && !lastWasSeparator { out.append(" ") }
                lastWasSeparator = true
                continue
            }
            out.append(ch)
            lastWasSeparator = false
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// The place named `name` (or carrying it as an alias).
    /// - Throws: `PlaceError.unknownPlace` with up to three nearest names, or `.ambiguousPlace`.
    public func place(named name: String) throws(PlaceError) -> Place {
        let key = Gazetteer.fold(name)
        if let hits = index[key] {
            if hits.count == 1 { return places[hits[0]] }
            // Prefer an exact canonical-name match over alias matches.
            let canonical = hits.filter { Gazetteer.fold(places[$0].name) == key }
            if canonical.count == 1 { return places[canonical[0]] }
            throw .ambiguousPlace(name: name, candidates: hits.map { "\(places[$0].name) (\(places[$0].country))" })
        }
        throw .unknownPlace(name: name, suggestions: suggestions(for: name))
    }

    /// Up to `limit` canonical names closest to `name` by edit distance on folded strings.
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        let key = Array(Gazetteer.fold(name))
        var best: [(distance: Int, name: String)] = []
        for (folded, hits) in index {
            let d = Gazetteer.editDistance(key, Array(folded))
            // Prefix matches are good suggestions even when the edit distance is large.
            let score = folded.hasPrefix(String(key)) && !key.isEmpty ? min(d, 1) : d
            for i in hits { best.append((score, places[i].name)) }
        }
        let threshold = max(2, key.count / 3)
        var seen = Set<String>()
        return best.filter { $0.distance <= threshold }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .compactMap { seen.insert($0.name).inserted ? $0.name : nil }
            .prefix(limit).map { $0 }
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Gazetteers are equal when their places are (the index follows from them).
    public static func == (lhs: Gazetteer, rhs: Gazetteer) -> Bool { lhs.places == rhs.places }
}
