import ArgumentParser
import CorridorKit
import Foundation

enum InterdictionObjectiveOption: String, ExpressibleByArgument, CaseIterable { case throughput, cost }
enum InterdictionMethodOption: String, ExpressibleByArgument, CaseIterable { case mip, enumeration }

/// `corridor interdict`: the set of elements, within a budget, whose removal together hurts most.
struct InterdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interdict",
        abstract: "The elements whose removal together cuts throughput most (or raises delivery cost most), within a budget.",
        discussion: Examples.after("""
            Elements are those of `chokepoints`: crossings, terminals, physical line pieces (both directions and a \
            dual-gauge twin) and junctions (3+ edges, not a site's own node). Each costs 1 to remove unless \
            --cost/--costs say otherwise; the budget caps the total. The answer is exact: a mixed-integer program \
            solved by COIN-OR CBC (Wood's max-flow interdiction; for --objective cost the dual of the inner \
            min-cost flow), or --method enumeration; a time limit that stops the solver is reported with its bound \
            and gap. The resilience curve gives the best set for every budget 0, 1, ..., BUDGET; the greedy \
            sequence (best single removal, then the next, ...) is printed beside it as a heuristic.
            """, Examples.interdict))

    @OptionGroup var networkOptions: NetworkOptions
    @Option(name: .customLong("from"), help: "Origin PLACE or PLACE=TONNES (repeatable; an amount caps it, or is its supply for --objective cost).", completion: PlaceCompletion.siteKind)
    var origins: [String] = []
    @Option(name: .customLong("to"), help: "Destination PLACE or PLACE=TONNES (repeatable; --objective cost needs each demand).", completion: PlaceCompletion.siteKind)
    var destinations: [String] = []
    @OptionGroup var restrictionOptions: RestrictionOptions
    @Option(help: "Total interdiction cost allowed (with unit costs: the number of elements), >= 0.",
            transform: CLINumber.real(InputRules.interdictionBudget))
    var budget: Double
    @Option(help: "What to hurt: throughput (maximum tonnes/day left, minimised) or cost (cost of delivering the demand, maximised).")
    var objective: InterdictionObjectiveOption = .throughput
    @Option(help: "Exact method: mip (CBC) or enumeration.")
    var method: InterdictionMethodOption = .mip
    @Option(name: .customLong("cost"), help: "Interdiction cost SELECTOR=COST (repeatable, later wins): a crossing, terminal or line name, KIND:ID, or kind:KIND; COST >= 0 or 'inf' (never removed).")
    var costRules: [String] = []
    @Option(name: .customLong("costs"), help: ArgumentHelp("Interdiction costs from a file: one SELECTOR,COST per line ('#' comments); --cost rules apply after it.", valueName: "file"))
    var costFile: String?
    @Option(help: "Interdiction cost of an element no rule names (default 1).", transform: CLINumber.real(InputRules.interdictionCost))
    var defaultCost: Double = 1
    @Option(help: "Stop each solve after this many seconds and report the gap (default: prove optimality).",
            transform: CLINumber.real(InputRules.solverSeconds))
    var timeLimit: Double?
    @Option(help: "--objective cost: cost of each tonne/day not delivered (default: more than any path costs).",
            transform: CLINumber.real(InputRules.cost))
    var unmetCost: Double?
    @Flag(help: "Solve only the full budget, not every budget of the resilience curve.") var noCurve = false
    @Flag(help: "Skip the greedy sequence.") var noGreedy = false
    @OptionGroup var sampling: SamplingOptions
    @Option(name: [.short, .long], help: "Output: a file (format by extension: .geojson, .geojsonl, .json, .txt, .gpkg, .fgb, .shp, .csv) or PG:<connection> (default: standard output).")
    var output: String?
    @Option(help: ResultCLI.formatHelp)
    var format: OutputFormat?
    @Option(help: "PostGIS table for a PG: output (default: interdicted; the cut in <table>_cut).") var layer: String?
    @Option(help: ArgumentHelp("Also draw the result as an SVG map.", valueName: "file")) var svg: String?
    @OptionGroup var mapOptions: MapOptions

    func run() throws { reportingErrors(execute) }

    /// `SELECTOR=COST`, the cost through the one number rule (`inf` protects).
    static func costRule(_ text: String, origin: String?) throws -> InterdictionCostRule {
        let where_ = origin ?? "--cost"
        guard let cut = text.lastIndex(where: { $0 == "=" || (origin != nil && $0 == ",") }) else {
            throw CLIError(message: "\(where_): expected SELECTOR=COST: \(text)", exitStatus: origin == nil ? .usage : .dataError)
        }
        let selector = text[..<cut].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: cut)...].trimmingCharacters(in: .whitespaces)
        guard !selector.isEmpty else {
            throw CLIError(message: "\(where_): empty selector: \(text)", exitStatus: origin == nil ? .usage : .dataError)
        }
        if ["inf", "infinity"].contains(value.lowercased()) { return InterdictionCostRule(selector: selector, cost: .infinity, origin: origin) }
        do {
            return InterdictionCostRule(selector: selector, cost: try InputRules.interdictionCost.parse(value), origin: origin)
        } catch {
            // A negative or malformed cost is a usage error wherever it is written.
            throw CLIError(message: "\(where_): interdiction cost of \(selector): \(CLINumber.error(error))", exitStatus: .usage)
        }
    }

    func costs() throws -> InterdictionCosts {
        var rules: [InterdictionCostRule] = []
        if let costFile {
            let text: String
            do { text = try String(contentsOfFile: costFile, encoding: .utf8) } catch {
                throw CLIError(message: "cannot read interdiction costs: \(costFile)", exitStatus: .noInput)
            }
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
                guard !content.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                rules.append(try Self.costRule(content.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r")), origin: "\(costFile):\(i + 1)"))
            }
        }
        for t in costRules { rules.append(try Self.costRule(t, origin: nil)) }
        return InterdictionCosts(defaultCost: defaultCost, rules: rules)
    }

    func execute() throws {
        // The format is settled before anything is computed: a refused output (exit 64) costs no solve.
        let chosenFormat = try ResultCLI.format(path: output, requested: format)
        if sampling.samples != nil && chosenFormat != .json && chosenFormat != .text {
            throw CLIError(message: "--samples: use --format json or text (the features have no uncertainty section)", exitStatus: .usage)
        }
        if let svg { try ResultCLI.checkSVG(svg, option: "--svg") }
        let cost = objective == .cost
        let request = InterdictionRequest(
            origins: try FlowCLI.sites(origins, amountRequired: false, flag: "--from"),
            destinations: try FlowCLI.sites(destinations, amountRequired: cost, flag: "--to"),
            restrictions: restrictionOptions.restrictions(), budget: budget,
            objective: cost ? .cost : .throughput, method: method == .mip ? .mip : .enumeration, costs: try costs(),
            timeLimitSeconds: timeLimit, unmetCostPerTonne: unmetCost, greedy: !noGreedy, curve: !noCurve)
        let net = try networkOptions.load()
        let result = try FlowAnalyzer(network: net).interdict(request)
        // With --samples: how the network the best set leaves fares over the data's ranges.
        let uncertainty = try sampling.run(net, origins: request.origins, destinations: request.destinations,
                                           restrictions: request.restrictions, removing: result.best.elements.map(\.reference))
        var outputs = OutputTransaction()
        try ResultCLI.add(to: &outputs, path: output, requested: format, layer: layer,
                          report: { $0 == .json ? InterdictionOutput.json(result, uncertainty: uncertainty)
                                                : InterdictionOutput.text(result) + (uncertainty.map { "After removing the best set. " + UncertaintyOutput.text($0) } ?? "") },
                          document: { InterdictionOutput.document(result, network: net) })
        let title = "Interdiction \(origins.joined(separator: ", ")) → \(destinations.joined(separator: ", ")), budget \(NumberFormat.trimmed(budget, decimals: 3))"
        if let html = mapOptions.html {
            // Leaflet is read here, before the commit: without it nothing is written.
            let page = try MapCLI.page(InterdictionOutput.document(result, network: net),
                                       sites: MapResults(interdiction: result, network: net).sites, network: net,
                                       title: title, map: mapOptions)
            outputs.add(html, text: page)
        }
        if let svg {
            try ResultCLI.addSVG(to: &outputs, svg) {
                try MapCLI.svg(MapResults(interdiction: result, network: net), network: net, title: title, map: mapOptions)
            }
        }
        try outputs.commit()
    }
}
