// A scripted corridor comparison with the CorridorKit library: copy this file to start your own.
//
// Run: swift run corridor-example [path/to/network.yaml|.corridor]
//
// It opens the embedded Far East network (or the one given), defines three scenarios in code, routes, ships a
// flow, finds the chokepoints, prints a side-by-side table and writes per-scenario GeoJSON and SVG maps.
import CorridorKit
import Foundation

let networkPath = CommandLine.arguments.dropFirst().first ?? NetworkSpec.defaultManifestPath() ?? "GeoData/far-east/network.yaml"
let network = try NetworkLoader.open(networkPath)
print("network: \(network.nodeCount) nodes, \(network.edgeCount) edges, \(network.crossings.count) crossings")

// 1. One query: the fastest rail route Vladivostok → Pyongyang avoiding Chinese provinces.
let router = Router(network: network)
let route = try router.route(RouteRequest(from: Endpoint(parsing: "Vladivostok"), to: Endpoint(parsing: "Pyongyang"),
                                          metric: .time,
                                          restrictions: Restrictions(modes: [.rail], avoidRegions: ["Heilongjiang", "Jilin"])))
if let best = route.routes.first {
    print("best rail route: \(Int(best.distanceMeters / 1000)) km, \(String(format: "%.1f", best.timeSeconds / 3600)) h, crossings \(best.crossings)")
}

// 2. A comparison built in code instead of YAML: the same model the scenario files use.
var file = try ScenarioFile.parse("""
    network: \(networkPath)
    origins: {Vladivostok: 20000, Ussuriysk: 5000}
    destinations: {Pyongyang: 15000, Chongjin: 5000}
    analyses:
      route: {from: Vladivostok, to: Pyongyang, mode: rail, metric: time, alternatives: 3}
      flow: true
      chokepoints: {top: 5}
    scenarios:
      - name: baseline
    """, path: FileManager.default.currentDirectoryPath + "/example.yaml")
file.scenarios.append(Scenario(name: "khasan-closed", changes: [.close(["Khasan-Tumangang"])]))
var yards = EdgeFilter()
yards.kind = .transshipment
file.scenarios.append(Scenario(name: "yards-halved", changes: [.scaleCapacity(yards, factor: 0.5)]))

let comparison = ScenarioRunner.run(file, on: network)
print(ComparisonReport.render(comparison, format: .table))
let written = try ComparisonReport.writeOutputs(comparison, to: "out/example")
print("wrote \(written.count) files to out/example/")
