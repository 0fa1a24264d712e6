import CorridorNetwork

/// The two throughput measures of a flow request, without its minimum-cost phase, decomposition or outputs: what
/// an interdiction or a parameter sweep compares across many views of one network.
public struct FlowEvaluation: Sendable, Equatable {
    /// The most that can be delivered in total (each OD pair, or pooled destination, at most its demand), every
    /// shared capacity jointly respected; tonnes/day.
    public var maxThroughputTonnesPerDay: Double
    /// Sum of the demands, tonnes/day.
    public var requestedTonnesPerDay: Int64
    /// The maximum concurrent flow λ: every OD pair (pooled: every destination) can receive λ × its demand at once;
    /// `.infinity` when nothing limits it; nil when the request has `concurrentFlow` off.
    public var lambda: Double?

    /// Memberwise initializer.
    public init(maxThroughputTonnesPerDay: Double, requestedTonnesPerDay: Int64, lambda: Double?) {
        self.maxThroughputTonnesPerDay = maxThroughputTonnesPerDay
        self.requestedTonnesPerDay = requestedTonnesPerDay
        self.lambda = lambda
    }
}

extension FlowAnalyzer {
    /// Maximum total throughput and (with `request.concurrentFlow`) the maximum concurrent flow λ of `request` on
    /// this analyzer's view, exact: the same linear programs as `flow(_:)` (commodities kept apart as
    /// `request.commodityModel` says, every capacity constraint of `CapacityConstraints`), so
    /// `evaluate(r).maxThroughputTonnesPerDay == flow(r).deliveredTonnesPerDay` and the λ agree.
    ///
    /// For loops over many views (interdiction, sweeps): build one `FlowAnalyzer(view:)` per view (closures,
    /// capacity factors) and call this; nothing is decomposed or written. `request.requireFullDelivery` and
    /// `request.shadowPrices` are ignored.
    ///
    /// - Throws: `AnalysisError` for unknown places, sites off the network, bad amounts, a request that mixes pooled
    ///   sites with OD demands, and `.solverFailed` when CLP ends without an optimum.
    /// - Complexity: building the program, O(edges + Σ_k arcs kept for commodity k), then one CLP solve
    ///   (two with λ).
    public func evaluate(_ request: FlowRequest) throws(AnalysisError) -> FlowEvaluation {
        let plan = try FlowPlan(request: request, base: baseView)
        let throughput = try plan.program.solve(.throughput)
        let lambda = request.concurrentFlow ? try plan.program.solve(.concurrent).value : nil
        var requested: Int64 = 0
        for d in plan.destinations {
            let (sum, overflow) = requested.addingReportingOverflow(d.tonnesPerDay ?? 0)
            if overflow { throw .overflow("sum of demands") }
            requested = sum
        }
        return FlowEvaluation(maxThroughputTonnesPerDay: max(0, throughput.value), requestedTonnesPerDay: requested,
                              lambda: lambda)
    }
}
