import CorridorCore

/// Database tables written in one transaction, a participant of the command's `OutputTransaction`: `prepare` does
/// the work invisibly, `commit` makes it visible, `rollback` undoes `prepare`.
public final class DatabaseOutput: OutputParticipant {
    /// The connection (password hidden) and tables, for messages.
    public let target: String
    private let prepareBody: () throws -> Void
    private let commitBody: () throws -> Void
    private let rollbackBody: () -> Void

    /// A database output made of its three steps.
    public init(target: String, prepare: @escaping () throws -> Void, commit: @escaping () throws -> Void,
                rollback: @escaping () -> Void) {
        self.target = target; prepareBody = prepare; commitBody = commit; rollbackBody = rollback
    }

    /// Writes everything inside the open transaction.
    public func prepare() throws { try prepareBody() }
    /// Commits the transaction.
    public func commit() throws { try commitBody() }
    /// Rolls the transaction back (after a successful `prepare`, when the command fails); never fails.
    public func rollback() { rollbackBody() }
}
