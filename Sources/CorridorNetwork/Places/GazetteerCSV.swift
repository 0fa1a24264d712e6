import CorridorGeo
import Foundation

/// RFC 4180 CSV records with the line each record starts on.
enum CSV {
    struct Record { var fields: [String]; var line: Int }
    struct Failure: Error { var line: Int; var reason: String }

    /// Parses CSV text: comma-separated, `"` quoting with `""` escapes, quoted fields may span lines; CRLF or LF.
    static func parse(_ text: String) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false
        let scalars = Array(text.unicodeScalars)
        var i = scalars.first == "\u{FEFF}" ? 1 : 0
        func endField() { fields.append(String(field)); field = String.UnicodeScalarView(); wasQuoted = false }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: recordLine)) }
            fields = []
        }
        var quoteLine = 0
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" { field.append("\""); i += 2; continue }
                    inQuotes = false; i += 1; continue
                }
                if c == "\n" { line += 1 }
                field.append(c); i += 1; continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !wasQuoted else { throw Failure(line: line, reason: "quote inside an unquoted field") }
                inQuotes = true; wasQuoted = true; quoteLine = line
            case ",":
                endField()
            case "\r":
                if i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                endRecord(); line += 1; recordLine = line
            case "\n":
                endRecord(); line += 1; recordLine = line
            default:
                if wasQuoted { throw Failure(line: line, reason: "text after a closing quote") }
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw Failure(line: quoteLine, reason: "unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}

extension Gazetteer {
    /// The gazetteer columns, in the documented order (see docs/FORMATS.md).
    public static let columns = ["name", "aliases", "kind", "country", "region", "lon", "lat", "source"]

    /// Reads a gazetteer CSV (`name,aliases,kind,country,region,lon,lat,source`; header required, columns in any
    /// order, `name`, `lon`, `lat` mandatory). Errors name the line.
    public static func load(csvPath path: String) throws(PlaceError) -> Gazetteer {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .malformedGazetteer(path: path, line: 0, reason: FileManager.default.fileExists(atPath: path) ? "unreadable file" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .malformedGazetteer(path: path, line: 1, reason: "not UTF-8") }
        return try parse(csv: text, path: path)
    }

    /// Parses gazetteer CSV text; `path` is used in messages.
    public static func parse(csv text: String, path: String) throws(PlaceError) -> Gazetteer {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw .malformedGazetteer(path: path, line: error.line, reason: error.reason) }
        guard let header = records.first else { throw .malformedGazetteer(path: path, line: 1, reason: "empty file (expected a header row)") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        for required in ["name", "lon", "lat"] where column(required) == nil {
            throw .malformedGazetteer(path: path, line: header.line, reason: "missing column '\(required)' (header: \(names.joined(separator: ",")))")
        }
        var places: [Place] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw .malformedGazetteer(path: path, line: record.line, reason: "\(record.fields.count) fields, header has \(names.count)")
            }
            func value(_ name: String) -> String {
                column(name).map { record.fields[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            }
            let name = value("name")
            guard !name.isEmpty else { throw .malformedGazetteer(path: path, line: record.line, reason: "empty name") }
            guard let lon = Double(value("lon")), lon.isFinite, (-180...180).contains(lon) else {
                throw .malformedGazetteer(path: path, line: record.line, reason: "longitude '\(value("lon"))' is not a number in -180...180")
            }
            guard let lat = Double(value("lat")), lat.isFinite, (-90...90).contains(lat) else {
                throw .malformedGazetteer(path: path, line: record.line, reason: "latitude '\(value("lat"))' is not a number in -90...90")
            }
            let aliases = value("aliases").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let kind = value("kind")
            places.append(Place(name: name, aliases: aliases, kind: kind.isEmpty ? "city" : kind, country: value("country").uppercased(),
                                region: value("region"), location: LonLat(lon: lon, lat: lat), source: value("source")))
        }
        return Gazetteer(places: places)
    }
}
