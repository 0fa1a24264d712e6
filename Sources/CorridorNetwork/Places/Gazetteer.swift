import CorridorCore
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
public enum PlaceError: CorridorError, Sendable, Equatable {
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
            // A pasted paragraph is shown shortened: the message stays one readable line.
            let shown = name.count > 80 ? "\(name.prefix(80))… (\(name.count) characters)" : name
            return "unknown place '\(shown)'\(hint)"
        case let .ambiguousPlace(name, candidates):
            return "place name '\(name)' is ambiguous: \(candidates.joined(separator: ", "))"
        case let .malformedGazetteer(path, line, reason):
            return "malformed gazetteer: \(reason): \(path):\(line)"
        }
    }

    /// Usage (64) for a name that matches no place or several; for a gazetteer file, missing input (66) when it
    /// cannot be read (line 0), bad data (65) when it is malformed.
    public var exitStatus: ExitStatus {
        switch self {
        case .unknownPlace, .ambiguousPlace: return .usage
        case let .malformedGazetteer(_, line, _): return line == 0 ? .noInput : .dataError
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

    /// Folds a name for matching (`NameMatching.fold`): `P'yŏngyang`, `Pyongyang` and `PYONGYANG` match.
    public static func fold(_ s: String) -> String { NameMatching.fold(s) }

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

    /// Up to `limit` canonical names closest to `name` by edit distance on folded names and aliases
    /// (`NameMatching.suggestions`).
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        NameMatching.suggestions(for: name, keys: index.lazy.flatMap { key, hits in hits.lazy.map { (key: key, name: self.places[$0].name) } },
                                 limit: limit)
    }

    /// Gazetteers are equal when their places are (the index follows from them).
    public static func == (lhs: Gazetteer, rhs: Gazetteer) -> Bool { lhs.places == rhs.places }
}
