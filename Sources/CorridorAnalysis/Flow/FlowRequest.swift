import CorridorCore
import CorridorGeo
import CorridorNetwork
import Foundation

/// An origin–destination demand: tonnes per day that must go from one place to another (kept apart from every other
/// pair's tonnes), optionally on some modes only.
public struct ODDemand: Sendable, Equatable {
    /// Where the goods start.
    public var origin: Endpoint
    /// Where they must arrive.
    public var destination: Endpoint
    /// Tonnes per day.
    public var tonnesPerDay: Int64
    /// Modes the pair's goods may use; `nil`: any the request allows.
    public var modes: Set<TransportMode>?

    /// A demand of `tonnesPerDay` from `origin` to `destination`, on `modes` (`nil`: any).
    public init(origin: Endpoint, destination: Endpoint, tonnesPerDay: Int64, modes: Set<TransportMode>? = nil) {
        self.origin = origin; self.destination = destination; self.tonnesPerDay = tonnesPerDay; self.modes = modes
    }

    /// Parses `ORIGIN:DESTINATION=TONNES`, optionally followed by `@rail`, `@road` or `@any`. Places are gazetteer
    /// names, `lat,lon` or `node:ID`; underscores in the amount are ignored (`12_000`).
    public init(parsing text: String) throws(AnalysisError) {
        let usage = "expected ORIGIN:DESTINATION=TONNES[@rail|road|any], got '\(text)'"
        guard let eq = text.lastIndex(of: "=") else { throw .invalidRequest(usage) }
        var amountText = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        var modes: Set<TransportMode>?
        if let at = amountText.firstIndex(of: "@") {
            let modeText = amountText[amountText.index(after: at)...].trimmingCharacters(in: .whitespaces).lowercased()
            amountText = String(amountText[..<at]).trimmingCharacters(in: .whitespaces)
            switch modeText {
            case "any": modes = nil
            case "rail": modes = [.rail]
            case "road": modes = [.road]
            default: throw .invalidRequest("unknown mode '\(modeText)' in '\(text)' (use rail, road or any)")
            }
        }
        // The one number path (finite, whole, at most 10^12 t/day), so sums over pairs cannot overflow.
        let amount: Int64
        do { amount = try InputRules.tonnesPerDay.parse(amountText.replacingOccurrences(of: "_", with: ""), as: Int64.self) } catch {
            throw .invalidRequest("\(usage): tonnes per day \(error)")
        }
        // Split the places at the one ':' that is not part of `node:ID`.
        var parts: [String] = []
        for piece in text[..<eq].split(separator: ":", omittingEmptySubsequences: false).map(String.init) {
            if let last = parts.last, last.trimmingCharacters(in: .whitespaces).lowercased() == "node" {
                parts[parts.count - 1] = last + ":" + piece
            } else {
                parts.append(piece)
            }
        }
        let places = parts.map { $0.trimmingCharacters(in: .whitespaces) }
        guard places.count == 2, !places[0].isEmpty, !places[1].isEmpty else { throw .invalidRequest(usage) }
        self.init(origin: Endpoint(parsing: places[0]), destination: Endpoint(parsing: places[1]), tonnesPerDay: amount,
                  modes: modes)
    }
}

/// How a flow keeps goods apart.
public enum CommodityModel: String, Sendable, Equatable, CaseIterable, Codable {
    /// One commodity per OD pair: every pair's tonnes go from its origin to its destination.
    case od
    /// One commodity per origin (and mode set), delivering to each of its destinations exactly that pair's share:
    /// the same optimum as `od` with fewer variables when origins serve several destinations.
    case origin
    /// One commodity: any origin's tonnes may serve any destination (supplies and demands pooled).
    case pooled
}

/// A min-cost flow question: ship goods from origins to destinations (tonnes per day) at minimum cost.
///
/// Either pooled sites (`origins` with supplies, `destinations` with demands) or OD demands (`demands`). Shared
/// capacities (dual-gauge track, multi-layer crossings and terminals, single track in both directions) are joint
/// constraints, so every result is physically feasible.
public struct FlowRequest: Sendable, Equatable {
    /// Origins with the tonnes per day each can supply (pooled requests).
    public var origins: [FlowSite]
    /// Destinations with the tonnes per day each demands (pooled requests).
    public var destinations: [FlowSite]
    /// OD demands (instead of `origins` and `destinations`).
    public var demands: [ODDemand]
    /// How goods are kept apart; `nil`: `.od` when `demands` are given, else `.pooled`.
    public var commodities: CommodityModel?
    /// Allowed modes, avoided countries and regions, and closed elements.
    public var restrictions: Restrictions
    /// Sites farther than this from every usable node are an error.
    public var maxSnapMeters: Double
    /// When true, a request that cannot be delivered in full throws `AnalysisError.infeasible`
    /// instead of returning the best partial flow.
    public var requireFullDelivery: Bool
    /// Whether both directions of a single-track line (`tracks: 1`) share its capacity (true), or each direction
    /// has the full capacity (false).
    public var singleTrackSharesDirections: Bool
    /// Whether to compute the shadow prices of the binding capacities (two more linear programs).
    public var shadowPrices: Bool
    /// Whether to compute the maximum concurrent flow λ (one more linear program).
    public var concurrentFlow: Bool

    /// A pooled request; by default nothing is restricted, sites snap within 25 km, partial delivery is allowed,
    /// single track is shared by both directions, and shadow prices and λ are computed.
    public init(origins: [FlowSite], destinations: [FlowSite], restrictions: Restrictions = .none,
                maxSnapMeters: Double = 25_000, requireFullDelivery: Bool = false) {
        self.origins = origins; self.destinations = destinations; self.demands = []; self.commodities = nil
        self.restrictions = restrictions; self.maxSnapMeters = maxSnapMeters; self.requireFullDelivery = requireFullDelivery
        self.singleTrackSharesDirections = true; self.shadowPrices = true; self.concurrentFlow = true
    }

    /// A request of OD demands, kept apart as `commodities` (default `.od`).
    public init(demands: [ODDemand], commodities: CommodityModel? = nil, restrictions: Restrictions = .none,
                maxSnapMeters: Double = 25_000, requireFullDelivery: Bool = false) {
        self.init(origins: [], destinations: [], restrictions: restrictions, maxSnapMeters: maxSnapMeters,
                  requireFullDelivery: requireFullDelivery)
        self.demands = demands
        self.commodities = commodities
    }

    /// The commodity model used: `commodities`, or its default.
    public var commodityModel: CommodityModel { commodities ?? (demands.isEmpty ? .pooled : .od) }
}
