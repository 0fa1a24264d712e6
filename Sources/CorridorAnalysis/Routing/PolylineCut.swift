import CorridorGeo

/// Cutting polylines by length fraction.
public enum PolylineCut {
    /// The part of `line` between fractions `from` and `to` (0 ≤ from ≤ to ≤ 1) of its geodesic length, with
    /// interpolated end points. A zero-length line returns its first point twice.
    public static func slice(_ line: [LonLat], from: Double, to: Double) -> [LonLat] {
        guard line.count >= 2 else { return line }
        if from <= 0 && to >= 1 { return line }
        var cumulative = [0.0]
        cumulative.reserveCapacity(line.count)
        for i in 1..<line.count { cumulative.append(cumulative[i - 1] + Geodesic.distance(line[i - 1], line[i])) }
        let total = cumulative[cumulative.count - 1]
        if total <= 0 { return [line[0], line[0]] }
        let a = max(0, min(from, 1)) * total, b = max(0, min(to, 1)) * total
        func point(at s: Double) -> (LonLat, Int) {
            // Index i of the segment [i, i+1] containing s.
            var i = 0
            while i < line.count - 2 && cumulative[i + 1] < s { i += 1 }
            let length = cumulative[i + 1] - cumulative[i]
            let t = length > 0 ? (s - cumulative[i]) / length : 0
            return (Geodesic.interpolate(line[i], line[i + 1], fraction: t), i)
        }
        let (start, i) = point(at: a)
        let (end, j) = point(at: b)
        var out = [start]
        if j > i { out.append(contentsOf: line[(i + 1)...j]) }
        out.append(end)
        return out
    }
}
