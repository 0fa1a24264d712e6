import Foundation

/// One output written all or nothing: a single-output `OutputTransaction` (staged beside the target and renamed
/// over it; written through to standard output, devices and FIFOs). Commands with several outputs use
/// `OutputTransaction` directly, so that they write all of them or none.
public enum AtomicFile {
    /// Writes `data` to `path` atomically. `path == "-"` writes to standard output.
    public static func write(_ data: Data, to path: String) throws(OutputError) {
        var transaction = OutputTransaction()
        transaction.add(path, data: data)
        do { try transaction.commit() } catch let error as OutputError { throw error } catch {
            throw .cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Data(text.utf8), to: path)
    }
}
