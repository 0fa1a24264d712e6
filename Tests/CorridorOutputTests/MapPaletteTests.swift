import Foundation
import Testing
@testable import CorridorOutput

/// CIEDE2000 colour difference and a simulation of dichromatic vision, to check the map palette (`MapPalette`).
enum ColorScience {
    typealias Lab = (l: Double, a: Double, b: Double)

    static func rgb(_ hex: String) -> [Double] {
        let v = Int(hex.dropFirst(), radix: 16)!
        return [Double((v >> 16) & 255), Double((v >> 8) & 255), Double(v & 255)]
    }
    static func linear(_ c: Double) -> Double { let c = c / 255; return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
    static func encoded(_ c: Double) -> Double {
        let c = min(1, max(0, c)); return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055)
    }

    /// Machado, Oliveira & Fernandes (2009), severity 1, applied to linear RGB.
    static let protanopia = [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    static let deuteranopia = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]

    static func simulate(_ rgb: [Double], _ m: [[Double]]) -> [Double] {
        let l = rgb.map(linear)
        return (0..<3).map { i in encoded(m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2]) }
    }

    /// sRGB (D65) to CIELAB.
    static func lab(_ rgb: [Double]) -> Lab {
        let r = linear(rgb[0]), g = linear(rgb[1]), b = linear(rgb[2])
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    /// CIEDE2000 (Sharma, Wu & Dalal 2005).
    static func deltaE2000(_ p: Lab, _ q: Lab) -> Double {
        let deg = Double.pi / 180
        let c1 = hypot(p.a, p.b), c2 = hypot(q.a, q.b), cb = (c1 + c2) / 2
        let g = 0.5 * (1 - sqrt(pow(cb, 7) / (pow(cb, 7) + pow(25, 7))))
        let a1 = (1 + g) * p.a, a2 = (1 + g) * q.a
        let c1p = hypot(a1, p.b), c2p = hypot(a2, q.b)
        func hue(_ b: Double, _ a: Double) -> Double { (b == 0 && a == 0) ? 0 : (atan2(b, a) / deg + 360).truncatingRemainder(dividingBy: 360) }
        let h1 = hue(p.b, a1), h2 = hue(q.b, a2)
        let dL = q.l - p.l, dC = c2p - c1p
        var dh = 0.0
        if c1p * c2p != 0 { dh = h2 - h1; if dh > 180 { dh -= 360 } else if dh < -180 { dh += 360 } }
        let dH = 2 * sqrt(c1p * c2p) * sin(dh / 2 * deg)
        let lb = (p.l + q.l) / 2, cbp = (c1p + c2p) / 2
        var hb = h1 + h2
        if c1p * c2p != 0 {
            if abs(h1 - h2) <= 180 { hb = (h1 + h2) / 2 } else if h1 + h2 < 360 { hb = (h1 + h2 + 360) / 2 } else { hb = (h1 + h2 - 360) / 2 }
        }
        let t = 1 - 0.17 * cos((hb - 30) * deg) + 0.24 * cos(2 * hb * deg) + 0.32 * cos((3 * hb + 6) * deg) - 0.20 * cos((4 * hb - 63) * deg)
        let dTheta = 30 * exp(-pow((hb - 275) / 25, 2))
        let rc = 2 * sqrt(pow(cbp, 7) / (pow(cbp, 7) + pow(25, 7)))
        let sl = 1 + 0.015 * pow(lb - 50, 2) / sqrt(20 + pow(lb - 50, 2)), sc = 1 + 0.045 * cbp, sh = 1 + 0.015 * cbp * t
        let rt = -sin(2 * dTheta * deg) * rc
        return sqrt(pow(dL / sl, 2) + pow(dC / sc, 2) + pow(dH / sh, 2) + rt * (dC / sc) * (dH / sh))
    }
}

@Suite("Map palette: one colour system without collisions, also for colour-blind readers")
struct MapPaletteTests {
    @Test func ciede2000MatchesPublishedPairs() {
        // Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 17 and 25.
        let pairs: [(ColorScience.Lab, ColorScience.Lab, Double)] = [
            ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
            ((50, 0, 0), (50, -1, 2), 2.3669),
            ((50, 2.5, 0), (73, 25, -18), 27.1492),
            ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ]
        for (p, q, expected) in pairs {
            #expect(abs(ColorScience.deltaE2000(p, q) - expected) < 0.0001, "\(p) \(q)")
            #expect(abs(ColorScience.deltaE2000(q, p) - expected) < 0.0001)
        }
    }

    @Test func simulationKeepsGreysAndMergesRedAndGreen() {
        // Neutral colours stay neutral; pure red and green, far apart normally, come close under deuteranopia.
        let grey = ColorScience.simulate(ColorScience.rgb("#808080"), ColorScience.deuteranopia)
        #expect(grey.allSatisfy { abs($0 - 128) < 1.5 })
        let red = ColorScience.rgb("#CC3311"), green = ColorScience.rgb("#44AA11")
        let normal = ColorScience.deltaE2000(ColorScience.lab(red), ColorScience.lab(green))
        let simulated = ColorScience.deltaE2000(ColorScience.lab(ColorScience.simulate(red, ColorScience.deuteranopia)),
                                                ColorScience.lab(ColorScience.simulate(green, ColorScience.deuteranopia)))
        #expect(normal > 40 && simulated < normal / 2, "\(normal) \(simulated)")
    }

    @Test func everyMapKindsColoursAreDistinctUnderNormalAndDichromaticVision() {
        let visions: [(String, [[Double]]?)] = [("normal", nil), ("deuteranopia", ColorScience.deuteranopia),
                                                ("protanopia", ColorScience.protanopia)]
        #expect(MapPalette.mapKinds.count == 3)
        for kind in MapPalette.mapKinds {
            #expect(Set(kind.colors.map { $0.hex.uppercased() }).count == kind.colors.count, "\(kind.name): a colour used twice")
            for (vision, matrix) in visions {
                let labs = kind.colors.map { c -> ColorScience.Lab in
                    let rgb = ColorScience.rgb(c.hex)
                    return ColorScience.lab(matrix.map { ColorScience.simulate(rgb, $0) } ?? rgb)
                }
                for i in labs.indices { for j in labs.indices where i < j {
                    let d = ColorScience.deltaE2000(labs[i], labs[j])
                    #expect(d >= MapPalette.minimumDeltaE,
                            "\(kind.name), \(vision): \(kind.colors[i].meaning) \(kind.colors[i].hex) vs \(kind.colors[j].meaning) \(kind.colors[j].hex): ΔE \(d)")
                } }
            }
        }
    }

    @Test func utilizationAndChangeClasses() {
        #expect([0, 0.49, 0.5, 0.89, 0.9, 1.2].map(MapPalette.utilizationClass) == [0, 0, 1, 1, 2, 2])
        // The ramp's lightness falls with utilization (cividis order), under every vision.
        for matrix in [nil, ColorScience.deuteranopia, ColorScience.protanopia] {
            let l = MapPalette.utilization.map { hex -> Double in
                let rgb = ColorScience.rgb(hex); return ColorScience.lab(matrix.map { ColorScience.simulate(rgb, $0) } ?? rgb).l
            }
            #expect(l[0] > l[1] && l[1] > l[2], "\(l)")
        }
        #expect(MapPalette.change(-10, largest: 10) == MapPalette.change[0])
        #expect(MapPalette.change(-4, largest: 10) == MapPalette.change[1])
        #expect(MapPalette.change(4, largest: 10) == MapPalette.change[2])
        #expect(MapPalette.change(6, largest: 10) == MapPalette.change[3])
        #expect(MapPalette.route(1) != MapPalette.route(2) && MapPalette.route(4) == MapPalette.route(1))
    }
}
