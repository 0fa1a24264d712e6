import ArgumentParser
import CorridorKit

// Placeholder with the expected shape of branch kit's NetworkOptions (replaced by kit's file on merge).
struct NetworkOptions: ParsableArguments {
    @Option(name: .long, help: "Network manifest or data source (repeatable).") var network: [String] = []
    func load() throws -> Network {
        throw ValidationError("network loading comes with branch kit")
    }
}
