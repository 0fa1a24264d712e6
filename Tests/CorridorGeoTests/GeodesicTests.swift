import Foundation
import Testing

@testable import CorridorGeo

@Suite struct GeodesicTests {
    let a = 6_378_137.0
    let f = 1 / 298.257223563

    @Test func oneDegreeOfLongitudeAtEquatorIsEquatorialArc() {
        // Along the equator the geodesic is the equator itself: length = a * angle.
        let expected = a * Double.pi / 180
        #expect(abs(expected - 111_319.49) < 0.01)
        let measured = Geodesic.distance(LonLat(lon: 0, lat: 0), LonLat(lon: 1, lat: 0))
        #expect(abs(measured - expected) < 0.01)
        #expect(abs(Geodesic.distance(LonLat(lon: 130, lat: 0), LonLat(lon: 131, lat: 0)) - expected) < 0.01)
    }

    @Test func oneDegreeOfLatitudeMatchesMeridianArcIntegral() {
        // Independent peer: meridian arc = ∫ M(φ) dφ, M = a(1-e²)/(1-e² sin²φ)^(3/2), Simpson's rule.
        let e2 = f * (2 - f)
        func meridianArc(_ from: Double, _ to: Double) -> Double {
            let n = 2000
            let h = (to - from) / Double(n)
            func m(_ phi: Double) -> Double { a * (1 - e2) / pow(1 - e2 * sin(phi) * sin(phi), 1.5) }
            var sum = m(from) + m(to)
            for i in 1..<n { sum += m(from + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
            return sum * h / 3
        }
        let expected = meridianArc(0, Double.pi / 180)
        #expect(abs(expected - 110_574.39) < 0.01)
        #expect(abs(Geodesic.distance(LonLat(lon: 0, lat: 0), LonLat(lon: 0, lat: 1)) - expected) < 0.001)
        let north = meridianArc(50 * Double.pi / 180, 51 * Double.pi / 180)
        #expect(abs(Geodesic.distance(LonLat(lon: 135, lat: 50), LonLat(lon: 135, lat: 51)) - north) < 0.001)
    }

    /// Skipped when proj-bin's `geod` is absent.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/geod")))
    func vladivostokKhabarovskMatchesGeodCLI() throws {
        let geod = "/usr/bin/geod"
        let vladivostok = LonLat(lon: 131.8855, lat: 43.1155)
        let khabarovsk = LonLat(lon: 135.0719, lat: 48.4802)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: geod)
        process.arguments = ["+ellps=WGS84", "-I", "+units=m", "-f", "%.6f"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write("43.1155 131.8855 48.4802 135.0719\n".data(using: .utf8)!)
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "\n" })
        try #require(fields.count == 3)
        let (az1, az2, distance) = (Double(fields[0])!, Double(fields[1])!, Double(fields[2])!)
        let inverse = Geodesic.inverse(vladivostok, khabarovsk)
        #expect(abs(inverse.distance - distance) < 0.001)
        #expect(abs(inverse.azimuth1 - az1) < 1e-5)
        // geod reports the back azimuth (at point 2, towards point 1); PROJ's azi2 is the forward azimuth there.
        let back = inverse.azimuth2 > 0 ? inverse.azimuth2 - 180 : inverse.azimuth2 + 180
        #expect(abs(back - az2) < 1e-5)
        #expect(distance > 600_000 && distance < 700_000)
    }

    @Test func directInverseRoundTrip() {
        var rng = SplitMix64(state: 42)
        for _ in 0..<2000 {
            let start = LonLat(lon: Double.random(in: -180...180, using: &rng), lat: Double.random(in: -85...85, using: &rng))
            let azimuth = Double.random(in: -180...180, using: &rng)
            let distance = Double.random(in: 1...2_000_000, using: &rng)
            let end = Geodesic.direct(start, azimuth: azimuth, distance: distance)
            let back = Geodesic.inverse(start, end)
            #expect(abs(back.distance - distance) < 1e-6)
            #expect(abs(remainder(back.azimuth1 - azimuth, 360)) < 1e-7)
        }
    }

    @Test func interpolateSplitsTheGeodesic() {
        let a = LonLat(lon: 131.8855, lat: 43.1155)
        let b = LonLat(lon: 135.0719, lat: 48.4802)
        let total = Geodesic.distance(a, b)
        for t in [0.0, 0.1, 0.25, 0.5, 0.9, 1.0] {
            let p = Geodesic.interpolate(a, b, fraction: t)
            #expect(abs(Geodesic.distance(a, p) - t * total) < 1e-6)
            #expect(abs(Geodesic.distance(p, b) - (1 - t) * total) < 1e-6)
        }
        #expect(Geodesic.interpolate(a, b, fraction: 0) == a)
        #expect(Geodesic.interpolate(a, b, fraction: 1) == b)
    }

    @Test func lengthSumsSegments() {
        let line = [LonLat(lon: 0, lat: 0), LonLat(lon: 1, lat: 0), LonLat(lon: 1, lat: 1), LonLat(lon: 1, lat: 1)]
        let expected = Geodesic.distance(line[0], line[1]) + Geodesic.distance(line[1], line[2])
        #expect(abs(Geodesic.length(line) - expected) < 1e-9)
        #expect(Geodesic.length([]) == 0)
        #expect(Geodesic.length([line[0]]) == 0)
    }
}
