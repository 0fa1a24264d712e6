/// SplitMix64, a small fast deterministic random number generator (Steele, Lea, Flood 2014).
///
/// Used wherever Corridor needs reproducible pseudo-random numbers: seeded benchmark weights and the randomized
/// tests. Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; advances by a fixed odd constant on each `next()`.
    public var state: UInt64

    /// A generator starting from `seed`; equal seeds give equal sequences.
    public init(seed: UInt64) { state = seed }

    /// The next pseudo-random 64-bit value. O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<n` (modulo bias is negligible for the small `n` used here).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A uniform double in `[0, 1)`.
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
