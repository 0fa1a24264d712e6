import Foundation
import Testing

import CorridorKit
import CorridorTestSupport
@testable import CorridorAnalysis

/// `compare -o DIR` lists what it wrote (`.corridor-compare-outputs`); the next run's stale files are those listed
/// and not written again, never a file compare did not write.
@Suite struct CompareStaleOutputsTests {
    @Test func onlyListedFilesOfEarlierRunsAreStale() throws {
        let network = try ScenarioTestNetwork.build()
        let dir = NSTemporaryDirectory() + "corridor-stale-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = ScenarioRunner.run(try ScenarioTestNetwork.file("  - name: x1-closed\n    close: [X1]\n  - name: halved\n    scale_capacity: [{kind: crossing, factor: 0.5}]"),
                                       on: network, parallel: false)
        let written = try ComparisonReport.writeOutputs(first, to: dir)
        let manifest = try String(contentsOfFile: dir + "/" + ComparisonReport.outputManifestName, encoding: .utf8)
        #expect(manifest.split(separator: "\n").contains("halved.geojson") && manifest.split(separator: "\n").contains("comparison.md"))
        #expect(written.contains(dir + "/" + ComparisonReport.outputManifestName))
        // The user's own file, and a listed name that would leave the directory.
        try "mine".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        try (manifest + "../outside.txt\n").write(toFile: dir + "/" + ComparisonReport.outputManifestName, atomically: true, encoding: .utf8)

        // The second run drops "halved": its GeoJSON, SVG and difference map are stale, nothing else.
        let second = ScenarioRunner.run(try ScenarioTestNetwork.file("  - name: x1-closed\n    close: [X1]"), on: network, parallel: false)
        var outputs = OutputTransaction()
        let again = ComparisonReport.addOutputs(second, to: dir, svg: true, into: &outputs)
        let stale = ComparisonReport.staleOutputs(in: dir, keeping: again)
        #expect(stale == [dir + "/halved-change.svg", dir + "/halved.geojson", dir + "/halved.svg"], "\(stale)")
        // Without a manifest nothing is stale.
        #expect(ComparisonReport.staleOutputs(in: NSTemporaryDirectory(), keeping: []).isEmpty)
    }
}
