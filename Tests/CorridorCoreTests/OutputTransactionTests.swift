@testable import CorridorCore
import Foundation
import Testing

/// A scratch directory removed at the end of each test.
final class Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("corridor-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: false, encoding: .utf8)
        return path(name)
    }
    func read(_ name: String) -> String? { try? String(contentsOfFile: path(name), encoding: .utf8) }
    /// Every name in the directory (hidden ones too: temporary files must not be left behind).
    var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
}

struct Boom: Error {}

/// A participant that records what happened to it and can be told to fail.
final class Recorder: OutputParticipant {
    var log: [String] = []
    let failPrepare: Bool, failCommit: Bool
    init(failPrepare: Bool = false, failCommit: Bool = false) { self.failPrepare = failPrepare; self.failCommit = failCommit }
    func prepare() throws { log.append("prepare"); if failPrepare { throw Boom() } }
    func commit() throws { log.append("commit"); if failCommit { throw Boom() } }
    func rollback() { log.append("rollback") }
}

@Suite("Output transaction")
struct OutputTransactionTests {
    @Test func writesEveryOutputAndKeepsPermissions() throws {
        let s = try Scratch()
        let a = try s.write("a.txt", "old a")
        chmod(a, 0o640)
        var t = OutputTransaction()
        t.add(a, text: "new a")
        t.add(s.path("b.txt")) { out in try out.write("new "); try out.write(Data("b".utf8)) }
        try t.commit()
        #expect(s.read("a.txt") == "new a" && s.read("b.txt") == "new b")
        var info = stat()
        stat(a, &info)
        #expect(info.st_mode & 0o777 == 0o640)
        #expect(s.names == ["a.txt", "b.txt"])
    }

    /// The contract: when any output fails, every pre-existing file is intact and nothing new or temporary remains.
    @Test func aFailingOutputLeavesEveryFileIntact() throws {
        let s = try Scratch()
        _ = try s.write("a.txt", "old a")
        _ = try s.write("c.txt", "old c")
        let failures: [(String, (inout OutputTransaction) -> Void)] = [
            ("missing directory", { $0.add(s.path("nope/b.txt"), text: "x") }),
            ("a writer that throws", { $0.add(s.path("b.txt")) { _ in throw Boom() } }),
            ("a writer that throws after writing", { $0.add(s.path("b.txt")) { out in try out.write(String(repeating: "x", count: 3 << 20)); throw Boom() } }),
            ("a directory as target", { $0.add(s.url.path, text: "x") }),
            ("a participant failing to prepare", { $0.add(participant: Recorder(failPrepare: true)) }),
            ("a participant failing to commit", { $0.add(participant: Recorder(failCommit: true)) }),
            ("an empty path", { $0.add("", text: "x") }),
            ("two outputs to one file", { $0.add(s.path("a.txt"), text: "again") }),
            ("a writer by name that writes nothing", { $0.addFile(s.path("d.gpkg")) { _ in } }),
        ]
        for (label, addFailing) in failures {
            var t = OutputTransaction()
            t.add(s.path("a.txt"), text: "new a")
            t.add(s.path("new.txt"), text: "new file")
            addFailing(&t)
            t.add(s.path("c.txt"), text: "new c")
            #expect(throws: (any Error).self, "\(label)") { try t.commit() }
            #expect(s.read("a.txt") == "old a", "\(label)")
            #expect(s.read("c.txt") == "old c", "\(label)")
            #expect(s.names == ["a.txt", "c.txt"], "\(label): \(s.names)")
        }
    }

    @Test func participantsPrepareCommitOrRollBack() throws {
        let s = try Scratch()
        let ok = Recorder(), failing = Recorder(failCommit: true), after = Recorder()
        var t = OutputTransaction()
        t.add(s.path("a.txt"), text: "a")
        t.add(participant: ok)
        try t.commit()
        #expect(ok.log == ["prepare", "commit"])
        var u = OutputTransaction()
        let first = Recorder()
        u.add(participant: first)
        u.add(participant: failing)
        u.add(participant: after)
        #expect(throws: Boom.self) { try u.commit() }
        #expect(first.log == ["prepare", "commit"])
        #expect(failing.log == ["prepare", "commit", "rollback"])
        #expect(after.log == ["prepare", "rollback"])
        let closures = ExternalOutput(prepare: {}, commit: { throw Boom() }, rollback: {})
        var v = OutputTransaction()
        _ = try s.write("b.txt", "old b")
        v.add(s.path("b.txt"), text: "new b")
        v.add(participant: closures)
        #expect(throws: Boom.self) { try v.commit() }
        #expect(s.read("b.txt") == "old b")
        #expect(s.names == ["a.txt", "b.txt"])
    }

    /// A legal 255-byte file name works: the temporary name is short.
    @Test func longestLegalNameWorks() throws {
        let s = try Scratch()
        let name = String(repeating: "n", count: 250) + ".json"
        #expect(name.utf8.count == 255)
        try AtomicFile.write("{}", to: s.path(name))
        #expect(s.read(name) == "{}")
        #expect(s.names == [name])
    }

    /// Devices and FIFOs are written through, never replaced by a regular file; a symlink to a file keeps the link.
    @Test func nonRegularTargetsAreWrittenThrough() throws {
        let s = try Scratch()
        // A FIFO with a reader.
        let fifo = s.path("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Thread {
            let fd = open(fifo, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while fd >= 0 && read(fd, &buffer, buffer.count) > 0 {}
            close(fd)
        }
        reader.start()
        try AtomicFile.write("through the fifo", to: fifo)
        var info = stat()
        lstat(fifo, &info)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
        // A character device (when we may make one: root in a container), else /dev/null itself.
        let device = s.path("null")
        let target = mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 ? device : "/dev/null"
        try AtomicFile.write("discarded", to: target)
        stat(target, &info)
        #expect(info.st_mode & S_IFMT == S_IFCHR, "\(target) must stay a device")
        // A symlink to a regular file: the file is replaced, the link stays.
        let file = try s.write("real.txt", "old")
        symlink(file, s.path("link.txt"))
        try AtomicFile.write("new", to: s.path("link.txt"))
        lstat(s.path("link.txt"), &info)
        #expect(info.st_mode & S_IFMT == S_IFLNK)
        #expect(s.read("real.txt") == "new")
        // A symlink into /proc/self/fd goes to that descriptor (here a pipe we read back).
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        symlink("/proc/self/fd/\(fds[1])", s.path("fdlink"))
        try AtomicFile.write("via fd", to: s.path("fdlink"))
        close(fds[1])
        let back = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        #expect(String(decoding: back, as: UTF8.self) == "via fd")
        lstat(s.path("fdlink"), &info)
        #expect(info.st_mode & S_IFMT == S_IFLNK)
    }

    /// Libraries that write by file name (GDAL) get a staging path with the target's extension; sidecar files
    /// follow the main file to the target's stem.
    @Test func writersByNameCommitSidecars() throws {
        let s = try Scratch()
        _ = try s.write("roads.shp", "old shp")
        var t = OutputTransaction()
        var stagedAt = ""
        t.addFile(s.path("roads.shp")) { staging in
            stagedAt = staging
            let stem = String(staging.dropLast(4))
            for ext in ["shp", "shx", "dbf"] { try "new \(ext)".write(toFile: stem + "." + ext, atomically: false, encoding: .utf8) }
        }
        try t.commit()
        #expect(stagedAt.hasSuffix(".shp") && (stagedAt as NSString).lastPathComponent.utf8.count < 20)
        #expect(s.names == ["roads.dbf", "roads.shp", "roads.shx"])
        #expect(s.read("roads.shx") == "new shx")
        // A failing writer by name leaves nothing behind.
        var u = OutputTransaction()
        u.addFile(s.path("other.shp")) { staging in
            try "partial".write(toFile: staging, atomically: false, encoding: .utf8)
            throw Boom()
        }
        #expect(throws: Boom.self) { try u.commit() }
        #expect(s.names == ["roads.dbf", "roads.shp", "roads.shx"])
    }

    /// The writer behind `StandardOutput`: a full device is an `OutputError` (74) naming the output, not a crash.
    @Test func descriptorWriteErrorsAreOutputErrors() throws {
        let full = open("/dev/full", O_WRONLY)
        guard full >= 0 else { return }  // no /dev/full on this system
        defer { close(full) }
        #expect(throws: OutputError.cannotWrite(path: "standard output", reason: String(cString: strerror(ENOSPC)))) {
            try FileDescriptorIO.writeAll(full, Array("x".utf8), path: "standard output")
        }
        let closed = open("/dev/null", O_WRONLY)
        close(closed)
        #expect(throws: OutputError.self) { try FileDescriptorIO.writeAll(closed, [1], path: "x") }
    }
}
