/// One result slot per parallel iteration (`DispatchQueue.concurrentPerform`); each iteration writes only its own
/// slot, so no lock is needed, and the results are read in input order after the loop (deterministic output).
/// Throwing work stores a `Result` (`ParallelSlots<Result<T, E>>`) and rethrows the first failure in input order.
public final class ParallelSlots<Value>: @unchecked Sendable {
    private let count: Int
    private let buffer: UnsafeMutablePointer<Value?>

    /// Slots for iterations 0..<count, all empty.
    public init(count: Int) {
        self.count = max(count, 1)
        buffer = .allocate(capacity: self.count)
        buffer.initialize(repeating: nil, count: self.count)
    }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }

    /// Stores iteration `k`'s value; call once per `k`, from iteration `k` only.
    public func store(_ k: Int, _ value: Value) { buffer[k] = value }
    /// The value stored for `k`, nil if none was.
    public func take(_ k: Int) -> Value? { buffer[k] }
}
