#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives the memory of an array's consumed prefix back to the system while the array lives on: the build reads its
/// large transient arrays (input coordinates, vertex sequences) front to back once while the edges grow, so the
/// pages behind the reading position are dead.
///
/// `release(upTo:)` discards (`madvise(MADV_DONTNEED)`) the whole pages inside `array[0 ..< index]`; they read as
/// zero afterwards, so the array must not be read below `index` again (only freed). The array must be uniquely
/// referenced and must not grow while a tracker is used (`withUnsafeMutableBufferPointer` would copy a shared
/// array rather than discard the pages of another owner, but then nothing is saved). Elements must be trivial.
/// Where `madvise` is unavailable it does nothing.
struct ConsumedPages {
    /// Elements below this were released.
    private var released = 0
    /// Release only in steps of at least this many bytes (one system call per step).
    private static let step = 1 << 20

    /// Discards the pages of `array[0 ..< index]` not discarded yet.
    mutating func release<T>(_ array: inout [T], upTo index: Int) {
        #if canImport(Glibc) || canImport(Darwin)
        guard _isPOD(T.self), (index - released) * MemoryLayout<T>.stride >= ConsumedPages.step || index == array.count,
              index > released else { return }
        let page = Int(getpagesize())
        array.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let mask = ~UInt(page - 1)
            let begin = UInt(bitPattern: UnsafeMutableRawPointer(base))
            let start = UInt(bitPattern: UnsafeMutableRawPointer(base + released))
            let end = UInt(bitPattern: UnsafeMutableRawPointer(base + index))
            // From the page the last release stopped in (never the page holding the array's header), to the last
            // whole page below `index`.
            let first = max((begin + UInt(page) - 1) & mask, start & mask), last = end & mask
            if last > first { _ = madvise(UnsafeMutableRawPointer(bitPattern: first), Int(last - first), MADV_DONTNEED) }
        }
        released = index
        #endif
    }
}
