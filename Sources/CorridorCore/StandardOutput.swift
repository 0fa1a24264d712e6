import Foundation

/// The one way Corridor writes to standard output: `write(2)` on descriptor 1, so that a closed descriptor
/// (EBADF), a full device (ENOSPC, `/dev/full`) or a closed pipe (EPIPE) is an `OutputError` (one line, exit 74)
/// instead of a crash or a silently lost output. Nothing is buffered: each call writes its bytes before it returns.
public enum StandardOutput {
    /// Writes `text` (UTF-8) to standard output.
    public static func write(_ text: String) throws(OutputError) {
        try FileDescriptorIO.writeAll(1, Array(text.utf8), path: "standard output")
    }

    /// Writes `data` to standard output.
    public static func write(_ data: Data) throws(OutputError) {
        try FileDescriptorIO.writeAll(1, [UInt8](data), path: "standard output")
    }

    /// Ignores SIGPIPE, so that writing to a closed pipe fails with EPIPE (reported, exit 74) rather than killing
    /// the process silently. Call once at program start.
    public static func reportBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}

/// Messages on standard error, best effort: if standard error itself is closed or full there is nowhere left to
/// report to, so failures are ignored (never a crash).
public enum StandardError {
    /// Writes `text` (UTF-8) to standard error, ignoring errors.
    public static func write(_ text: String) {
        try? FileDescriptorIO.writeAll(2, Array(text.utf8), path: "standard error")
    }
}
