import Foundation

/// The one colour system of every Corridor map (SVG and the interactive page): what each colour means, chosen so
/// that no two meanings drawn on one map look alike, also to readers with red–green colour blindness.
///
/// - Routes by rank: Okabe–Ito categorical colours (vermillion, blue, sky blue), made for colour-blind readers.
/// - Flow utilization: three classes of the cividis ramp (light yellow < 50 %, grey 50–90 %, navy ≥ 90 %), which
///   keeps its order of lightness under deuteranopia and protanopia; flows carry a thin dark casing so the light
///   class stays visible on land.
/// - The network is muted: dark brown 1520 mm, khaki 1435 mm, pale rose-grey roads; what a scenario made unusable
///   is light grey.
/// - Symbols that differ by shape share the ink colour (black): sites (circles), the minimum cut (dashes,
///   squares), closed elements (crosses) and added links (a cased line).
/// - Chokepoint markers: Okabe–Ito reddish purple.
/// - Flow change (difference maps): a diverging purple–orange ramp (PuOr), gain purple, loss orange, over the
///   network in one neutral grey.
///
/// `MapPaletteTests` checks that the colours of each map kind are at least `minimumDeltaE` (CIEDE2000) apart under
/// normal vision and simulated deuteranopia and protanopia (Machado et al. 2009, severity 1).
public enum MapPalette {
    /// Route colours by rank (1 = best), repeating after the last.
    public static let routes = ["#D55E00", "#0072B2", "#56B4E9"]
    /// Flow colours by utilization class: < 50 %, 50–90 %, ≥ 90 %.
    public static let utilization = ["#FEE838", "#8A8779", "#00224E"]
    /// Lower bounds of the utilization classes, as fractions of capacity.
    public static let utilizationBreaks = [0.0, 0.5, 0.9]
    /// Rail of 1520 mm gauge.
    public static let gauge1520 = "#6E4C3A"
    /// Rail of 1435 mm gauge.
    public static let gauge1435 = "#BBBB88"
    /// Roads.
    public static let road = "#BBAAAA"
    /// Network a scenario made unusable (denied regions and countries, a mode not allowed).
    public static let unusable = "#D9D9D9"
    /// The whole network on a difference map, where colour is kept for the change.
    public static let mutedNetwork = "#A6A6A6"
    /// Chokepoint markers and the highlight under chokepoint lines.
    public static let chokepoint = "#CC79A7"
    /// Sites, the minimum cut, closed elements and added links (told apart by shape).
    public static let ink = "#000000"
    /// Reached edges of a reach map.
    public static let reach = "#009E73"
    /// Flow change ramp, from the largest loss to the largest gain (PuOr, 4 classes).
    public static let change = ["#B35806", "#F1A340", "#998EC3", "#542788"]
    /// Land and sea of the background, and the country denial shading.
    public static let land = "#F4F1EA", sea = "#DCE9F2", border = "#A39D92", deniedLand = "#E4E0D8"
    /// The least CIEDE2000 difference the test demands between two colours of one map kind.
    public static let minimumDeltaE = 10.0

    /// Colour of route rank `rank` (1 = best).
    public static func route(_ rank: Int) -> String { routes[(max(rank, 1) - 1) % routes.count] }

    /// Utilization class (0, 1, 2) of a fraction of capacity.
    public static func utilizationClass(_ u: Double) -> Int {
        utilizationBreaks.lastIndex { u >= $0 } ?? 0
    }

    /// Colour of a utilization (flow / capacity).
    public static func utilization(_ u: Double) -> String { utilization[utilizationClass(u)] }

    /// Colour of a flow change: loss (negative) orange, gain purple; the stronger class from half the largest
    /// change in magnitude up.
    public static func change(_ delta: Double, largest: Double) -> String {
        let strong = largest > 0 && abs(delta) >= largest / 2
        return delta < 0 ? change[strong ? 0 : 1] : change[strong ? 3 : 2]
    }

    /// The colours drawn together on each kind of map, by meaning; each set must be mutually distinct.
    public static var mapKinds: [(name: String, colors: [(meaning: String, hex: String)])] {
        let network: [(String, String)] = [("rail 1520 mm", gauge1520), ("rail 1435 mm", gauge1435), ("road", road),
                                           ("unusable", unusable), ("ink", ink)]
        let results: [(String, String)] = routes.enumerated().map { ("route \($0.offset + 1)", $0.element) }
            + ["< 50 %", "50–90 %", "≥ 90 %"].enumerated().map { ("flow \($0.element)", utilization[$0.offset]) }
            + [("chokepoint", chokepoint)]
        return [
            ("result and scenario maps", network + results),
            ("reach maps", network + [("reach", reach)]),
            ("difference maps", [("network", mutedNetwork), ("unusable", unusable), ("ink", ink)]
                + ["large loss", "loss", "gain", "large gain"].enumerated().map { ($0.element, change[$0.offset]) }),
        ]
    }
}
