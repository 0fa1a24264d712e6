import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// An origin or destination of a flow request: where, and how many tonnes per day.
public struct FlowSite: Sendable, Equatable {
    /// Where the site is: a place, coordinates or a node.
    public var endpoint: Endpoint
    /// Tonnes per day supplied (origin) or demanded (destination); `nil` means unlimited (chokepoint analysis only).
    public var tonnesPerDay: Int64?
    /// A site at `endpoint` with an amount in tonnes per day (`nil`: unlimited).
    public init(_ endpoint: Endpoint, tonnesPerDay: Int64? = nil) {
        self.endpoint = endpoint; self.tonnesPerDay = tonnesPerDay
    }

    /// Parses `PLACE=TONNES` (the amount after the last `=`) or, when `amountRequired` is false, a bare `PLACE`.
    public init(parsing text: String, amountRequired: Bool) throws(AnalysisError) {
        if let eq = text.lastIndex(of: "=") {
            let place = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
            let amountText = String(text[text.index(after: eq)...])
            guard !place.isEmpty else {
                throw .invalidRequest("expected PLACE=TONNES with a place before '=', got '\(text)'")
            }
            let amount: Int64
            do { amount = try InputRules.tonnesPerDay.parse(amountText, as: Int64.self) } catch {
                throw .invalidRequest("tonnes of '\(place)': \(error)")
            }
            self.init(Endpoint(parsing: place), tonnesPerDay: amount)
        } else {
            if amountRequired { throw .invalidRequest("expected PLACE=TONNES (tonnes per day), got '\(text)'") }
            let place = text.trimmingCharacters(in: .whitespaces)
            guard !place.isEmpty else { throw .invalidRequest("empty place") }
            self.init(Endpoint(parsing: place), tonnesPerDay: nil)
        }
    }
}

/// A flow site snapped to network nodes (the nearest usable node of each layer, as for routing).
public struct ResolvedSite: Sendable, Equatable {
    /// The site's endpoint snapped to network nodes.
    public var snapped: SnappedEndpoint
    /// The site's amount, tonnes per day; `nil` means unlimited.
    public var tonnesPerDay: Int64?
    /// Display name: the canonical place name, else the text.
    public var name: String { snapped.label }
    /// Nodes the site snapped to (at most one per layer).
    public var nodes: [UInt32] { snapped.nodes }
    /// Location of the site's endpoint (the place, the coordinate or the node).
    public var location: LonLat { snapped.location }
}

extension NetworkView {
    /// Snaps flow sites with the routing snapper.
    func resolve(_ sites: [FlowSite], maxSnapMeters: Double) throws(AnalysisError) -> [ResolvedSite] {
        let snapper = EndpointSnapper(view: self)
        var out: [ResolvedSite] = []
        for site in sites {
            out.append(ResolvedSite(snapped: try snapper.snap(site.endpoint, maxSnapMeters: maxSnapMeters),
                                    tonnesPerDay: site.tonnesPerDay))
        }
        return out
    }
}

