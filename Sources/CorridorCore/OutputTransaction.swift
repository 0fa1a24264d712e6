import Foundation

/// All-or-nothing output of a command: every output is staged first, and only when all of them are written are
/// they committed; a failure anywhere (rendering, a full disk, a missing directory, a database refusing the
/// commit) leaves every pre-existing file as it was and no temporary file behind.
///
/// ```swift
/// var outputs = OutputTransaction()
/// outputs.add(path, text: geoJSON)                              // a text already rendered
/// outputs.add(svgPath) { out in try out.write(renderSVG()) }    // rendered while staging
/// outputs.addFile(gpkgPath) { staging in try gdalWrite(to: staging) }  // a library that writes by file name
/// outputs.add(participant: postgisTable)                         // an external commit (a database transaction)
/// try outputs.commit()
/// ```
///
/// How each output is written:
/// - **Regular files** (or new ones) are written to a temporary file beside the target (same directory, so the
///   rename is atomic; a short name, `.c` + 12 characters, so a legal 255-byte target name still works; the
///   target's permissions kept), then renamed over the target at commit. Before the renames, each existing target
///   is hard-linked to a backup name, so that if a later rename or an external commit fails, the earlier targets
///   are put back. A symlink to a regular file is followed: the file it points to is replaced, the link stays.
/// - **Non-regular targets** are written through, never replaced: `-` (standard output), devices (`/dev/null`),
///   FIFOs, sockets, this process's descriptors (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`, or a symlink
///   leading to one: written to that descriptor directly, keeping the shell's offset and append mode), and files
///   under `/proc`. Their bytes are produced while staging
///   and written after every other output has been staged, just before the renames: a failure while staging
///   writes nothing to them, but a write-through output cannot be taken back once written.
/// - **External participants** (`OutputParticipant`) prepare after the files are staged and commit after the
///   renames; if one fails to prepare or commit, the files are restored and the participants that have not
///   committed roll back. (A participant that already committed cannot be undone: put the one most likely to fail
///   first, or use one participant per database transaction.)
///
/// Outputs are staged and committed in the order they were added. Two outputs to one path are a usage error.
public struct OutputTransaction {
    private var outputs: [PendingOutput] = []
    private var participants: [OutputParticipant] = []

    /// An empty transaction.
    public init() {}

    /// Whether nothing has been added.
    public var isEmpty: Bool { outputs.isEmpty && participants.isEmpty }

    /// Adds an output whose bytes `write` produces into the stream it is given (called once, at `commit`).
    /// `path` is a file path or `-` for standard output.
    public mutating func add(_ path: String, write: @escaping (inout OutputStream) throws -> Void) {
        outputs.append(PendingOutput(path: path, body: .stream(write)))
    }

    /// Adds an output of `text` (UTF-8).
    public mutating func add(_ path: String, text: String) {
        add(path) { out in try out.write(text) }
    }

    /// Adds an output of `data`.
    public mutating func add(_ path: String, data: Data) {
        add(path) { out in try out.write(data) }
    }

    /// Adds an output written by code that opens files by name (GDAL): `write` receives a staging path beside the
    /// target with the target's extension (so drivers chosen by extension work). Files `write` creates beside it
    /// with the same stem (a Shapefile's `.shx`, `.dbf`, `.prj`) are committed with the target's stem. For a
    /// write-through target (a device, `/dev/stdout`), `write` receives the target path itself.
    public mutating func addFile(_ path: String, write: @escaping (_ stagingPath: String) throws -> Void) {
        outputs.append(PendingOutput(path: path, body: .file(write)))
    }

    /// Adds an external participant (a database transaction, a remote upload) committed with the files.
    public mutating func add(participant: OutputParticipant) {
        participants.append(participant)
    }

    /// Stages every output, then commits them all; on any failure nothing is committed and the error is rethrown
    /// (a failure of the file system as `OutputError`, an error of a writer closure or participant as it was
    /// thrown).
    public func commit() throws {
        var seen = Set<String>()
        var plans: [OutputPlan] = []
        for output in outputs {
            let plan = try OutputPlan.make(for: output.path)
            guard seen.insert(plan.identity).inserted else {
                throw OutputError.invalidPath(path: output.path, reason: "two outputs of one command to the same file")
            }
            plans.append(plan)
        }
        var staged: [StagedOutput] = []
        var prepared: [OutputParticipant] = []
        func rollBack() {
            for s in staged { s.discard() }
            for p in prepared.reversed() { p.rollback() }
        }
        do {
            for (output, plan) in zip(outputs, plans) { staged.append(try plan.stage(output.body)) }
            for p in participants {
                try p.prepare()
                prepared.append(p)
            }
            for s in staged where s.isWriteThrough { try s.writeThrough() }
        } catch {
            rollBack()
            throw error
        }
        // Commit: renames with backups, then the participants; any failure restores what was replaced.
        var committed: [StagedOutput] = []
        do {
            for s in staged where !s.isWriteThrough {
                try s.commitRename()
                committed.append(s)
            }
        } catch {
            for s in committed.reversed() { s.restore() }
            rollBack()
            throw error
        }
        var participantsCommitted = 0
        do {
            for p in participants {
                try p.commit()
                participantsCommitted += 1
            }
        } catch {
            // The failed participant and those after it roll back; the files are put back as they were.
            for s in committed.reversed() { s.restore() }
            for p in participants[participantsCommitted...].reversed() { p.rollback() }
            throw error
        }
        for s in committed { s.dropBackup() }
    }
}

/// A participant in an `OutputTransaction` with its own commit, e.g. a database transaction: `prepare` does the
/// work invisibly (BEGIN; CREATE TABLE; INSERT …), `commit` makes it visible, `rollback` undoes `prepare`.
public protocol OutputParticipant: AnyObject {
    /// Does the work without making it visible; throws to abort the whole transaction.
    func prepare() throws
    /// Makes the prepared work visible; throws to abort (the files are restored).
    func commit() throws
    /// Undoes `prepare` (called after a successful `prepare` when the transaction aborts); must not fail.
    func rollback()
}

/// An `OutputParticipant` made of three closures.
public final class ExternalOutput: OutputParticipant {
    private let prepareBody: () throws -> Void
    private let commitBody: () throws -> Void
    private let rollbackBody: () -> Void

    /// A participant running `prepare`, then `commit`, or `rollback` if the transaction aborts after `prepare`.
    public init(prepare: @escaping () throws -> Void, commit: @escaping () throws -> Void, rollback: @escaping () -> Void) {
        prepareBody = prepare; commitBody = commit; rollbackBody = rollback
    }
    /// Runs the `prepare` closure.
    public func prepare() throws { try prepareBody() }
    /// Runs the `commit` closure.
    public func commit() throws { try commitBody() }
    /// Runs the `rollback` closure.
    public func rollback() { rollbackBody() }
}

/// A buffered byte stream to one output of a transaction (a staging file, or memory for a write-through target).
/// Write errors are `OutputError`s naming the output's path.
public struct OutputStream {
    fileprivate enum Sink { case descriptor(Int32), memory }
    fileprivate let sink: Sink
    /// The output's path as given (for messages).
    public let path: String
    fileprivate var buffer: [UInt8] = []
    fileprivate var flushAt: Int

    fileprivate init(sink: Sink, path: String) {
        self.sink = sink
        self.path = path
        if case .memory = sink { flushAt = .max } else { flushAt = 1 << 20 }
    }

    /// Appends UTF-8 text.
    public mutating func write(_ text: String) throws(OutputError) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= flushAt { try flush() }
    }

    /// Appends bytes.
    public mutating func write(_ data: Data) throws(OutputError) {
        buffer.append(contentsOf: data)
        if buffer.count >= flushAt { try flush() }
    }

    /// Appends bytes.
    public mutating func write(bytes: [UInt8]) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushAt { try flush() }
    }

    fileprivate mutating func flush() throws(OutputError) {
        guard case let .descriptor(fd) = sink, !buffer.isEmpty else { return }
        try FileDescriptorIO.writeAll(fd, buffer, path: path)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Errors writing output.
public enum OutputError: CorridorError, Sendable, Equatable {
    /// Writing `path` failed for `reason`.
    case cannotWrite(path: String, reason: String)
    /// `path` cannot name an output (empty, or two outputs to one file): a usage error.
    case invalidPath(path: String, reason: String)

    /// `cannot write output (<reason>): <path>`.
    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "cannot write output (\(reason)): \(path)"
        case let .invalidPath(path, reason): return "invalid output path (\(reason)): \(path.isEmpty ? "''" : path)"
        }
    }

    /// `.ioError` (74) for a failed write, `.usage` (64) for a path that cannot name an output.
    public var exitStatus: ExitStatus {
        switch self {
        case .cannotWrite: return .ioError
        case .invalidPath: return .usage
        }
    }
}

// MARK: - Implementation

private struct PendingOutput {
    enum Body {
        case stream((inout OutputStream) throws -> Void)
        case file((String) throws -> Void)
    }
    let path: String
    let body: Body
}

/// Where one output goes, decided before anything is written.
private struct OutputPlan {
    enum Kind {
        /// Written through to this descriptor (standard output, `/proc/self/fd/N`).
        case descriptor(Int32)
        /// Written through by opening this path (a device, FIFO, socket; a path under /dev or /proc).
        case openPath(String, truncate: Bool)
        /// Staged beside `target` in `directory` and renamed over it.
        case staged(target: String, directory: String, existingMode: mode_t?)
    }
    let path: String
    let kind: Kind
    /// The resolved destination, to catch two outputs to one file.
    let identity: String

    static func make(for path: String) throws(OutputError) -> OutputPlan {
        if path == "-" { return OutputPlan(path: path, kind: .descriptor(1), identity: "fd:1") }
        guard !path.isEmpty else { throw .invalidPath(path: path, reason: "empty file name") }
        guard !path.utf8.contains(0) else { throw .invalidPath(path: path, reason: "NUL in file name") }
        // Follow symlinks hop by hop: a hop into /dev or /proc means write-through.
        var current = path
        for _ in 0..<40 {
            if let fd = descriptorNumber(current) {
                return OutputPlan(path: path, kind: .descriptor(fd), identity: "fd:\(fd)")
            }
            var info = stat()
            if lstat(current, &info) != 0 {
                let error = errno
                guard error == ENOENT else { throw .cannotWrite(path: path, reason: FileDescriptorIO.reason(error)) }
                return try stagedPlan(path: path, target: current, existingMode: nil)
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                guard let destination = readLink(current) else { throw .cannotWrite(path: path, reason: FileDescriptorIO.reason(errno)) }
                current = destination.hasPrefix("/") ? destination : (directoryOf(current) as NSString).appendingPathComponent(destination)
                continue
            case S_IFREG:
                if isSpecialTree(current) {
                    return OutputPlan(path: path, kind: .openPath(current, truncate: true), identity: canonical(current))
                }
                return try stagedPlan(path: path, target: current, existingMode: info.st_mode & 0o7777)
            case S_IFDIR:
                throw .cannotWrite(path: path, reason: "is a directory")
            default:
                return OutputPlan(path: path, kind: .openPath(current, truncate: false), identity: canonical(current))
            }
        }
        throw .cannotWrite(path: path, reason: "too many levels of symbolic links")
    }

    static func stagedPlan(path: String, target: String, existingMode: mode_t?) throws(OutputError) -> OutputPlan {
        let directory = directoryOf(target)
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw .cannotWrite(path: path, reason: errno == ENOENT ? "directory does not exist" : FileDescriptorIO.reason(errno))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .cannotWrite(path: path, reason: "\(directory) is not a directory") }
        if target.hasSuffix("/") { throw .cannotWrite(path: path, reason: "is a directory") }
        return OutputPlan(path: path, kind: .staged(target: target, directory: directory, existingMode: existingMode),
                          identity: canonical(target))
    }

    /// `/dev/stdout` → 1, `/dev/fd/3`, `/proc/self/fd/3` → 3 (this process's descriptors, written directly so the
    /// shell's offset and append mode are kept).
    static func descriptorNumber(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/", "/proc/\(getpid())/fd/"] where path.hasPrefix(prefix) {
            if let n = Int32(path.dropFirst(prefix.count)), n >= 0 { return n }
        }
        return nil
    }

    /// Regular files under /proc (another process's descriptors) are written through; /dev/shm and the like hold
    /// ordinary files and are staged as usual.
    static func isSpecialTree(_ path: String) -> Bool { path.hasPrefix("/proc/") }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func directoryOf(_ path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    static func canonical(_ path: String) -> String {
        let directory = directoryOf(path)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let resolved = realpath(directory, &buffer).map { String(cString: $0) } ?? directory
        return (resolved as NSString).appendingPathComponent((path as NSString).lastPathComponent)
    }

    func stage(_ body: PendingOutput.Body) throws -> StagedOutput {
        switch kind {
        case .descriptor, .openPath:
            switch body {
            case let .stream(write):
                var stream = OutputStream(sink: .memory, path: path)
                try write(&stream)
                return StagedOutput(plan: self, bytes: stream.buffer, fileWriter: nil, temporaries: [])
            case let .file(write):
                // A library writing by name goes straight to the target when it is written through.
                return StagedOutput(plan: self, bytes: [], fileWriter: write, temporaries: [])
            }
        case let .staged(target, directory, existingMode):
            let ext = (target as NSString).pathExtension
            let stem = (directory as NSString).appendingPathComponent(".c" + StagedOutput.randomName())
            switch body {
            case let .stream(write):
                let temporary = stem + ".tmp"
                let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                guard fd >= 0 else { throw OutputError.cannotWrite(path: path, reason: FileDescriptorIO.reason(errno)) }
                let staged = StagedOutput(plan: self, bytes: [], fileWriter: nil, temporaries: [(temporary, target)])
                var closed = false
                do {
                    if let existingMode { fchmod(fd, existingMode) }
                    var stream = OutputStream(sink: .descriptor(fd), path: path)
                    try write(&stream)
                    try stream.flush()
                    closed = true
                    // close(2) can report a deferred write error (NFS, quotas).
                    guard close(fd) == 0 else { throw OutputError.cannotWrite(path: path, reason: FileDescriptorIO.reason(errno)) }
                } catch {
                    if !closed { close(fd) }
                    staged.discard()
                    throw error
                }
                return staged
            case let .file(write):
                let staging = ext.isEmpty ? stem : stem + "." + ext
                do {
                    try write(staging)
                } catch {
                    StagedOutput.removeSiblings(stem: stem)
                    throw error
                }
                // Every file the writer made with the staging stem, renamed to the target's stem.
                let targetStem = ext.isEmpty ? target : String(target.dropLast(ext.count + 1))
                var temporaries: [(String, String)] = []
                for sibling in StagedOutput.siblings(stem: stem) {
                    let suffix = String(sibling.dropFirst(stem.count))
                    temporaries.append((sibling, targetStem + suffix))
                }
                if !temporaries.contains(where: { $0.0 == staging }) {
                    for (temporary, _) in temporaries { unlink(temporary) }
                    throw OutputError.cannotWrite(path: path, reason: "the writer created no file")
                }
                if let existingMode { chmod(staging, existingMode) }
                return StagedOutput(plan: self, bytes: [], fileWriter: nil, temporaries: temporaries)
            }
        }
    }
}

/// One staged output: temporary files to rename, or bytes to write through.
private final class StagedOutput {
    let plan: OutputPlan
    let bytes: [UInt8]
    let fileWriter: ((String) throws -> Void)?
    /// (temporary, target) pairs, renamed in order.
    let temporaries: [(String, String)]
    /// For each renamed pair: the backup of the replaced target (nil: there was none, or no hard link possible),
    /// and whether the target existed.
    private var renamed: [(target: String, backup: String?, existed: Bool)] = []

    init(plan: OutputPlan, bytes: [UInt8], fileWriter: ((String) throws -> Void)?, temporaries: [(String, String)]) {
        self.plan = plan; self.bytes = bytes; self.fileWriter = fileWriter; self.temporaries = temporaries
    }

    var isWriteThrough: Bool {
        if case .staged = plan.kind { return false }
        return true
    }

    func writeThrough() throws {
        switch plan.kind {
        case let .descriptor(fd):
            if let fileWriter { try fileWriter("/dev/fd/\(fd)"); return }
            try FileDescriptorIO.writeAll(fd, bytes, path: plan.path == "-" ? "standard output" : plan.path)
        case let .openPath(target, truncate):
            if let fileWriter { try fileWriter(target); return }
            let fd = open(target, O_WRONLY | O_CLOEXEC | (truncate ? O_TRUNC : 0))
            guard fd >= 0 else { throw OutputError.cannotWrite(path: plan.path, reason: FileDescriptorIO.reason(errno)) }
            defer { close(fd) }
            try FileDescriptorIO.writeAll(fd, bytes, path: plan.path)
        case .staged:
            break
        }
    }

    func commitRename() throws(OutputError) {
        guard case let .staged(_, directory, _) = plan.kind else { return }
        for (temporary, target) in temporaries {
            var info = stat()
            let existed = lstat(target, &info) == 0
            var backup: String?
            if existed {
                let name = (directory as NSString).appendingPathComponent(".c" + StagedOutput.randomName() + ".bak")
                if link(target, name) == 0 { backup = name }
            }
            if rename(temporary, target) != 0 {
                let reason = FileDescriptorIO.reason(errno)
                if let backup { unlink(backup) }
                restore()
                throw .cannotWrite(path: plan.path, reason: reason)
            }
            renamed.append((target, backup, existed))
        }
    }

    /// Puts back what the renames replaced.
    func restore() {
        for r in renamed.reversed() {
            if let backup = r.backup {
                rename(backup, r.target)
            } else if !r.existed {
                unlink(r.target)
            }
        }
        renamed.removeAll()
    }

    func dropBackup() {
        for r in renamed { if let backup = r.backup { unlink(backup) } }
        renamed.removeAll()
    }

    /// Removes the temporary files that were not renamed.
    func discard() {
        let done = Set(renamed.map(\.target))
        for (temporary, target) in temporaries where !done.contains(target) { unlink(temporary) }
    }

    static func randomName() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<12).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self)
    }

    /// Files named `stem` or `stem.*`.
    static func siblings(stem: String) -> [String] {
        let directory = OutputPlan.directoryOf(stem)
        let base = (stem as NSString).lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0 == base || $0.hasPrefix(base + ".") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    static func removeSiblings(stem: String) {
        for file in siblings(stem: stem) {
            var info = stat()
            if lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                try? FileManager.default.removeItem(atPath: file)
            } else {
                unlink(file)
            }
        }
    }
}

/// `write(2)` until done, retrying on EINTR; errors become `OutputError` naming `path`.
enum FileDescriptorIO {
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(OutputError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { failure = EIO; return }
                done += n
            }
        }
        if failure != 0 { throw .cannotWrite(path: path, reason: reason(failure)) }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
