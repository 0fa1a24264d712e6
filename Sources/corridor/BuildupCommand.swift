import ArgumentParser
import CorridorKit
import Foundation

/// `corridor buildup`: how many tonnes can have arrived by each day (maximum flow over time).
struct BuildupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buildup",
        abstract: "Tonnes that can reach the destinations by each day, starting from an empty network.",
        discussion: Examples.after("""
            The maximum flow over time (Ford & Fulkerson): each edge carries at most its capacity per day and takes \
            its time (line running time, crossing and terminal delays) to traverse. Transit times are whole seconds \
            (rounded up); time is otherwise continuous and the curve exact for every day. The paths are those of \
            the temporally repeated flow for the horizon: each is used from the start at its rate, and its first \
            tonnes arrive after its transit time. Shared capacities are not joint here.
            """, Examples.buildup))

    @OptionGroup var networkOptions: NetworkOptions
    @Option(name: .customLong("from"), help: "Origin PLACE or PLACE=TONNES per day (repeatable).", completion: PlaceCompletion.siteKind)
    var origins: [String] = []
    @Option(name: .customLong("to"), help: "Destination PLACE or PLACE=TONNES per day (repeatable).", completion: PlaceCompletion.siteKind)
    var destinations: [String] = []
    @OptionGroup var restrictionOptions: RestrictionOptions
    @Option(help: "Length of the arrival curve: a duration in whole days (30d, 720h).",
            transform: CLINumber.measure([.duration]))
    var horizon: Measure = .seconds(30 * 86_400)
    @Option(help: "Also find the earliest day by which this many tonnes can have arrived.",
            transform: CLINumber.real(InputRules.deliverTonnes))
    var deliver: Double?
    @Option(name: [.short, .long], help: "Output file (format by extension: .txt, .csv, .json; default: standard output).")
    var output: String?
    @Option(help: "Output format: text, csv (one row per day) or json (default: by extension, else text). The curve has no geometry: GeoJSON and the GIS formats are refused.")
    var format: OutputFormat?

    func run() throws { reportingErrors(execute) }

    /// The formats a build-up can be written in: its curve is a table, not features.
    static let formats: [OutputFormat] = [.text, .csv, .json]

    func execute() throws {
        // The curve's CSV is text and may go to standard output (the GIS CSV of the feature commands is GDAL's).
        let toStream = output == nil || output == "-" || output!.hasPrefix("/dev/")
        let chosenFormat = format == .csv && toStream
            ? .csv : try OutputFormat.resolve(path: output, requested: format, supported: Self.formats, shape: .table)
        let seconds = horizon.value
        let days = seconds / 86_400
        guard days >= 1, days == days.rounded(), days <= 36_500 else {
            throw CLIError(message: "--horizon must be a whole number of days from 1d to 36500d: \(horizon)", exitStatus: .usage)
        }
        let request = BuildupRequest(origins: try FlowCLI.sites(origins, amountRequired: false, flag: "--from"),
                                     destinations: try FlowCLI.sites(destinations, amountRequired: false, flag: "--to"),
                                     restrictions: restrictionOptions.restrictions(), horizonDays: Int(days), deliverTonnes: deliver)
        let net = try networkOptions.load()
        let result = try FlowAnalyzer(network: net).buildup(request)
        var outputs = OutputTransaction()
        switch chosenFormat {
        case .csv: outputs.add(output ?? "-", text: BuildupOutput.csv(result))
        case .json: outputs.add(output ?? "-", text: BuildupOutput.json(result, network: net))
        default: outputs.add(output ?? "-", text: BuildupOutput.text(result))
        }
        try outputs.commit()
    }
}
