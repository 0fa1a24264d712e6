import Foundation

/// Atomic file output: write to a temporary file in the same directory, then rename over the target, so a failure
/// never leaves a half-written file.
public enum AtomicFile {
    /// Writes `data` to `path` atomically. `path == "-"` writes to standard output.
    public static func write(_ data: Data, to path: String) throws(OutputError) {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotWrite(path: path, reason: "directory does not exist")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: path, reason: "\(error.localizedDescription)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .cannotWrite(path: path, reason: reason)
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Data(text.utf8), to: path)
    }
}

/// Errors writing output.
public enum OutputError: CorridorError, Sendable, Equatable {
    /// Writing `path` failed for `reason`.
    case cannotWrite(path: String, reason: String)
    /// `cannot write output (<reason>): <path>`.
    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write output (\(reason)): \(path)"
        }
    }
    /// Always `.ioError`.
    public var exitStatus: ExitStatus { .ioError }
}
