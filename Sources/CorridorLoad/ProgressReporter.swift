import Foundation

/// Progress on standard error for long loads: only when stderr is a terminal, at most ten updates a second,
/// and the line is cleared at the end so it never mixes with results.
public final class ProgressReporter {
    private let enabled: Bool
    private var lastUpdate: Date = .distantPast
    private var shown = false

    /// `quiet` disables output; so does a stderr that is not a TTY.
    public init(quiet: Bool = false) { enabled = !quiet && isatty(2) == 1 }

    /// Reports `message` (e.g. "reading roads.shp: 12000 features"); throttled.
    public func update(_ message: @autoclosure () -> String) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastUpdate) >= 0.1 else { return }
        lastUpdate = now
        let text = message()
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        shown = true
    }

    /// Clears the progress line.
    public func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
