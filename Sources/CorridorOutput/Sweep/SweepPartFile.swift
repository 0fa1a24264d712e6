import CorridorAnalysis
import CorridorCore
import Foundation

/// The part file of a sharded sweep (NDJSON, docs/FORMATS.md "Sweep parts"): a header line (the sweep's identity and
/// description), then one line per unit. Every number is an integer or a decimal with a fixed number of digits that
/// reads back exactly, so a merge of parts writes the same bytes as the unsharded run.
public enum SweepPartFile {
    /// The format version in the header's `corridor_sweep` member.
    public static let version = 1

    /// The header line (with its newline).
    public static func headerLine(_ h: SweepHeader) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("corridor_sweep", version)
        w.field("sweep", h.sweep)
        w.field("title", h.title)
        w.field("network", h.network)
        w.field("unit_count", h.unitCount)
        w.field("shard", h.shard.description)
        w.key("axes"); w.beginArray()
        for a in h.axes { w.beginObject(); w.field("name", a.name); w.field("size", a.size); w.field("detail", a.detail); w.endObject() }
        w.endArray()
        func amounts(_ key: String, _ list: [PlaceAmount]) {
            w.key(key); w.beginArray()
            for p in list { w.beginObject(); w.field("place", p.place); w.field("tonnes_per_day", p.tonnesPerDay); w.endObject() }
            w.endArray()
        }
        amounts("origins", h.origins)
        amounts("destinations", h.destinations)
        w.key("demands"); w.beginArray()
        for d in h.demands { w.beginObject(); w.field("from", d.from); w.field("to", d.to); w.field("tonnes_per_day", d.tonnesPerDay); w.endObject() }
        w.endArray()
        w.key("baseline"); w.beginObject(); writeMeasure(h.baseline, to: &w); w.endObject()
        w.field("fail_element_ids", strings: h.failElements)
        w.endObject()
        return w.text + "\n"
    }

    /// One unit's line (with its newline).
    public static func recordLine(_ r: SweepRecord) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("unit", r.unit)
        if let s = r.scenario { w.field("scenario", s) }
        if let d = r.denial { w.field("deny", d) }
        if let f = r.failed { w.field("failed_element_ids", strings: f) }
        if let s = r.sample { w.field("sample", s) }
        writeMeasure(r.measure, to: &w)
        w.endObject()
        return w.text + "\n"
    }

    static func writeMeasure(_ m: SweepMeasure, to w: inout JSONWriter) {
        w.key("throughput_tpd"); w.raw(milli(m.throughputMilli))
        w.key("cost_per_day"); w.raw(milli(m.costMilli))
        w.field("binding_element_ids", strings: m.binding)
        if let l = m.lambdaMicro { w.key("lambda"); w.raw(NumberFormat.trimmed(Double(l) / 1e6, decimals: 6)) }
        if let n = m.note { w.field("note", n) }
    }

    /// Thousandths as a decimal with up to 3 digits (exact for |v| < 2⁵³).
    static func milli(_ v: Int64) -> String { NumberFormat.trimmed(Double(v) / 1000, decimals: 3) }

    /// A whole part file: the header, then the records.
    public static func text(header: SweepHeader, records: [SweepRecord]) -> String {
        var out = headerLine(header)
        for r in records { out += recordLine(r) }
        return out
    }

    /// Reads a part file.
    /// - Throws: `SweepError` (65) for anything but a header line followed by record lines; 66 when unreadable.
    public static func read(path: String) throws(SweepError) -> (header: SweepHeader, records: [SweepRecord]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SweepError("cannot read sweep part: \(path)", status: .noInput)   // missing, a directory, no permission
        }
        return try parse(data, path: path)
    }

    /// Parses part file `data`; `path` names it in errors (`path:line`).
    public static func parse(_ data: Data, path: String) throws(SweepError) -> (header: SweepHeader, records: [SweepRecord]) {
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var header: SweepHeader?
        var records: [SweepRecord] = []
        for (i, line) in lines.enumerated() {
            if line.isEmpty && i == lines.count - 1 { break }
            let at = "\(path):\(i + 1)"
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                throw SweepError("not a JSON object on a line of a sweep part: \(at)")
            }
            if header == nil {
                guard object["corridor_sweep"] != nil else { throw SweepError("not a sweep part (the first line is not its header): \(at)") }
                header = try decodeHeader(object, at: at)
            } else {
                records.append(try decodeRecord(object, at: at))
            }
        }
        guard let header else { throw SweepError("empty sweep part: \(path)") }
        return (header, records)
    }

    static func decodeHeader(_ o: [String: Any], at: String) throws(SweepError) -> SweepHeader {
        let r = Fields(o, at: at)
        guard try r.int("corridor_sweep") == version else { throw SweepError("sweep part format \(o["corridor_sweep"] ?? "") is not \(version): \(at)") }
        let shard = try SweepShard.parse(try r.string("shard"))
        var axes: [SweepHeader.Axis] = []
        for a in try r.objects("axes") {
            let f = Fields(a, at: at)
            let axis = SweepHeader.Axis(name: try f.string("name"), size: try f.int("size"), detail: try f.string("detail"))
            guard SweepFile.axisOrder.contains(axis.name), !axes.contains(where: { $0.name == axis.name }) else {
                throw SweepError("sweep header axis '\(axis.name)' is not one of \(SweepFile.axisOrder.joined(separator: ", ")) (each once): \(at)")
            }
            guard axis.size >= 1 else { throw SweepError("sweep header axis '\(axis.name)' has size \(axis.size) (at least 1): \(at)") }
            axes.append(axis)
        }
        // The unit count is the product of the axis sizes (as the sweep numbered them); merge relies on it.
        let unitCount = try r.int("unit_count")
        var product = 1
        for a in axes {
            let (p, overflow) = product.multipliedReportingOverflow(by: a.size)
            guard !overflow else { throw SweepError("sweep header axis sizes overflow: \(at)") }
            product = p
        }
        guard unitCount == product else {
            throw SweepError("sweep header unit_count \(unitCount) is not the product of its axis sizes (\(product)): \(at)")
        }
        func amounts(_ key: String) throws(SweepError) -> [PlaceAmount] {
            var out: [PlaceAmount] = []
            for a in try r.objects(key) {
                let f = Fields(a, at: at)
                out.append(PlaceAmount(place: try f.string("place"), tonnesPerDay: Int64(try f.int("tonnes_per_day"))))
            }
            return out
        }
        var demands: [SweepDemand] = []
        for d in try r.objects("demands") {
            let f = Fields(d, at: at)
            demands.append(SweepDemand(from: try f.string("from"), to: try f.string("to"), tonnesPerDay: Int64(try f.int("tonnes_per_day"))))
        }
        guard let baseline = o["baseline"] as? [String: Any] else { throw SweepError("sweep header without 'baseline': \(at)") }
        return SweepHeader(sweep: try r.string("sweep"), title: try r.string("title"), network: try r.string("network"),
                           unitCount: unitCount, shard: shard, axes: axes, origins: try amounts("origins"),
                           destinations: try amounts("destinations"), demands: demands,
                           baseline: try decodeMeasure(Fields(baseline, at: at)), failElements: try r.strings("fail_element_ids"))
    }

    static func decodeRecord(_ o: [String: Any], at: String) throws(SweepError) -> SweepRecord {
        let r = Fields(o, at: at)
        return SweepRecord(unit: try r.int("unit"), scenario: try r.optionalString("scenario"), denial: try r.optionalString("deny"),
                           failed: o["failed_element_ids"] == nil ? nil : try r.strings("failed_element_ids"),
                           sample: o["sample"] == nil ? nil : try r.int("sample"), measure: try decodeMeasure(r))
    }

    static func decodeMeasure(_ r: Fields) throws(SweepError) -> SweepMeasure {
        SweepMeasure(throughputMilli: try r.scaled("throughput_tpd", by: 1000),
                     costMilli: try r.scaled("cost_per_day", by: 1000),
                     binding: try r.strings("binding_element_ids"),
                     lambdaMicro: r.object["lambda"] == nil ? nil : try r.scaled("lambda", by: 1e6),
                     note: try r.optionalString("note"))
    }

    /// Typed access to one JSON object's members, naming the member and line in errors.
    struct Fields {
        let object: [String: Any]
        let at: String
        init(_ object: [String: Any], at: String) { self.object = object; self.at = at }

        func fail(_ key: String, _ what: String) -> SweepError { SweepError("sweep part member '\(key)' \(what): \(at)") }
        func int(_ key: String) throws(SweepError) -> Int {
            guard let n = object[key] as? NSNumber, n.doubleValue == n.doubleValue.rounded(),
                  abs(n.doubleValue) < 9e15 else {
                throw fail(key, "must be a whole number")
            }
            return Int(n.int64Value)
        }
        func scaled(_ key: String, by factor: Double) throws(SweepError) -> Int64 {
            guard let n = object[key] as? NSNumber, n.doubleValue.isFinite, abs(n.doubleValue * factor) < 9e15 else { throw fail(key, "must be a number") }
            return Int64((n.doubleValue * factor).rounded())
        }
        func string(_ key: String) throws(SweepError) -> String {
            guard let s = object[key] as? String else { throw fail(key, "must be text") }
            return s
        }
        func optionalString(_ key: String) throws(SweepError) -> String? {
            guard let v = object[key] else { return nil }
            guard let s = v as? String else { throw fail(key, "must be text") }
            return s
        }
        func strings(_ key: String) throws(SweepError) -> [String] {
            guard let a = object[key] as? [Any] else { throw fail(key, "must be a list") }
            var out: [String] = []
            for item in a {
                guard let s = item as? String else { throw fail(key, "must be a list of texts") }
                out.append(s)
            }
            return out
        }
        func objects(_ key: String) throws(SweepError) -> [[String: Any]] {
            guard let a = object[key] as? [Any] else { throw fail(key, "must be a list") }
            var out: [[String: Any]] = []
            for item in a {
                guard let o = item as? [String: Any] else { throw fail(key, "must be a list of objects") }
                out.append(o)
            }
            return out
        }
    }
}
