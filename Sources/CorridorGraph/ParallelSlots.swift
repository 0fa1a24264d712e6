/// One result slot per parallel iteration (`DispatchQueue.concurrentPerform`); each iteration writes only its own
/// slot, so no lock is needed, and the results are read in input order after the loop (deterministic output).
final class ParallelSlots<Value>: @unchecked Sendable {
    private let count: Int
    private let buffer: UnsafeMutablePointer<Value?>

    init(count: Int) {
        self.count = max(count, 1)
        buffer = .allocate(capacity: self.count)
        buffer.initialize(repeating: nil, count: self.count)
    }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }

    func store(_ k: Int, _ value: Value) { buffer[k] = value }
    /// The value stored for `k`, nil if none was.
    func take(_ k: Int) -> Value? { buffer[k] }
}
