import ArgumentParser
import CorridorKit

struct Corridor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridor",
        abstract: "Routes, flows and chokepoints on multimodal road and rail networks.",
        version: CorridorKit.version,
        subcommands: [InfoCommand.self, ExportCommand.self, RouteCommand.self, ReachCommand.self, FlowCommand.self,
                      ChokepointsCommand.self, CompareCommand.self, BuildCommand.self, RenderCommand.self, SolveCommand.self,
                      BenchCommand.self])
}
Corridor.main()
