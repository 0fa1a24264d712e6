import CorridorGeo
import Foundation

/// The nodes and line edges of a build, before connectors.
struct LinePieces {
    var nodeLocation: [LonLat] = []
    var nodeLayer: [NetworkLayer] = []
    var edges = EdgeTable()
}

/// The (line, layer) instances of a build's lines, as two arrays (a line index fits 32 bits: checked by the caller).
private struct LayerInstances {
    var line: [UInt32] = []
    var layer: [NetworkLayer] = []
    var count: Int { line.count }

    mutating func reserveCapacity(_ n: Int) { line.reserveCapacity(n); layer.reserveCapacity(n) }
    mutating func append(_ i: Int, _ l: NetworkLayer) { line.append(UInt32(i)); layer.append(l) }
}

extension NetworkBuilder {
    /// Phase 2 of a build: lines become edges between nodes, per layer.
    ///
    /// Each line goes to its layer (road; rail by gauge, the country's default when unknown; a dual-gauge line to
    /// both rail layers, in that order). Its vertices are clustered per layer (`VertexClusters`, within the snap
    /// tolerance); a cluster used twice or at a line end becomes a node, in order of first use, and the part of the
    /// line between two nodes becomes an edge (`EdgeTable.Row.line`). Zero-length pieces are dropped. The two gauge
    /// edges of a dual-gauge piece are twins.
    /// - Complexity: O(vertices) expected.
    func linePieces(_ tagged: LineStore) throws(NetworkBuildError) -> LinePieces {
        // Layer instances in input order; dual lines go to 1520 then 1435. 5 bytes each instead of a 16-byte tuple:
        // they live through both steps below, at the peak of the build.
        guard tagged.count < Int(UInt32.max) / 2, tagged.coordinates.count < Int(UInt32.max) / 2 else { throw .tooLarge }
        var instances = LayerInstances()
        instances.reserveCapacity(tagged.count)
        for i in 0..<tagged.count {
            let attributes = tagged.attributes(i)
            switch attributes.mode {
            case .road: instances.append(i, .road)
            case .rail:
                var gauge = attributes.gauge
                if gauge == .none { gauge = defaultGauge(country: attributes.country) }
                switch gauge {
                case .broad1520: instances.append(i, .rail1520)
                case .standard1435, .none: instances.append(i, .rail1435)
                case .dual: instances.append(i, .rail1520); instances.append(i, .rail1435)
                }
            }
        }
        if instances.count == 0 { throw .noLines }

        // 1. Cluster vertices per layer. Instance k's sequence of (cluster, vertex) is
        // `sequenceCluster/sequenceVertex[sequenceStart[k] ..< sequenceStart[k + 1]]`.
        var clusters = VertexClusters(tolerance: options.snapToleranceMeters,
                                      expectedVertices: tagged.coordinates.count + (instances.count - tagged.count) * 2)
        var sequenceCluster: [Int32] = [], sequenceVertex: [Int32] = [], sequenceStart: [UInt32] = [0]
        let vertexEstimate = tagged.coordinates.count + (instances.count - tagged.count) * 2
        sequenceCluster.reserveCapacity(vertexEstimate); sequenceVertex.reserveCapacity(vertexEstimate)
        sequenceStart.reserveCapacity(instances.count + 1)
        var endpointsSnapped = 0
        tagged.coordinates.withUnsafeBufferPointer { coordinates in
            for instance in 0..<instances.count {
                let line = Int(instances.line[instance]), layer = instances.layer[instance]
                let lo = tagged.start[line], n = tagged.start[line + 1] - lo
                let first = sequenceCluster.count
                for v in 0..<n {
                    let (c, snapped) = clusters.cluster(coordinates[lo + v], layer: layer)
                    if snapped && (v == 0 || v == n - 1) { endpointsSnapped += 1 }
                    if sequenceCluster.count > first, sequenceCluster[sequenceCluster.count - 1] == c {
                        // Consecutive vertices in one cluster collapse; keep the last one's index for line ends.
                        if v == n - 1 { sequenceVertex[sequenceVertex.count - 1] = Int32(v) }
                        continue
                    }
                    sequenceCluster.append(c); sequenceVertex.append(Int32(v))
                }
                let last = sequenceCluster.count - 1
                for k in first..<sequenceCluster.count {
                    let c = Int(sequenceCluster[k])
                    clusters.uses[c] += 1
                    if k == first || k == last { clusters.isEnd[c] = true }
                }
                sequenceStart.append(UInt32(sequenceCluster.count))
            }
        }
        report.endpointsSnapped += endpointsSnapped
        clusters.releaseIndex()

        // 2. Nodes in order of first encounter; pieces between nodes become edges.
        var nodeOfCluster = [Int32](repeating: -1, count: clusters.count)
        var nodeLocation: [LonLat] = []
        var nodeLayer: [NetworkLayer] = []
        var edges = EdgeTable()
        edges.reserveCapacity(edges: instances.count, points: vertexEstimate)
        var lastPieceByLine: [Int: [(from: Int32, to: Int32, edge: UInt32)]] = [:]
        var zeroLengthPiecesDropped = 0
        for k in 0..<instances.count {
            let line = Int(instances.line[k]), layer = instances.layer[k]
            let s0 = Int(sequenceStart[k]), sequenceCount = Int(sequenceStart[k + 1]) - s0
            let base = tagged.start[line]
            var start: Int? = nil
            for i in 0..<sequenceCount {
                let c = Int(sequenceCluster[s0 + i])
                guard clusters.isEnd[c] || clusters.uses[c] >= 2 else { continue }
                // Nodes are created when an edge uses them, so dropped pieces leave no isolated nodes.
                func node(_ c: Int) -> UInt32 {
                    if nodeOfCluster[c] < 0 {
                        nodeOfCluster[c] = Int32(nodeLocation.count)
                        nodeLocation.append(clusters.location[c]); nodeLayer.append(layer)
                    }
                    return UInt32(nodeOfCluster[c])
                }
                if let from = start {
                    // The polyline goes straight into the edges' geometry; removed again if the piece is dropped.
                    // Interior vertices keep their own coordinates; node vertices take the node's.
                    edges.pendingGeometry.append(clusters.location[Int(sequenceCluster[s0 + from])])
                    for j in (from + 1)..<i { edges.pendingGeometry.append(tagged.coordinates[base + Int(sequenceVertex[s0 + j])]) }
                    edges.pendingGeometry.append(clusters.location[c])
                    let length = Geodesic.length(edges.pendingGeometry[...]) * tagged.lengthScale(line)
                    if length <= 0 || !length.isFinite {
                        edges.pendingGeometry.removeAll(keepingCapacity: true)
                        zeroLengthPiecesDropped += 1
                    } else {
                        // A dual piece keeps its full capacity in each gauge layer (see the type's doc comment).
                        let tail = node(Int(sequenceCluster[s0 + from])), head = node(c)
                        let attributes = tagged.attributes(line)
                        let layerGauge: GaugeSpec = layer == .road ? .none : (layer == .rail1520 ? .broad1520 : .standard1435)
                        let e = edges.appendClosingGeometry(.line(
                            from: tail, to: head, lengthMeters: length, attributes: attributes,
                            gauge: attributes.gauge == .dual ? .dual : layerGauge,
                            sourceIndex: tagged.source[line], sourceFID: tagged.fid[line]))
                        if tagged.attributes(line).gauge == .dual {
                            let key = (from: sequenceVertex[s0 + from], to: sequenceVertex[s0 + i], edge: e)
                            if layer == .rail1520 { lastPieceByLine[line, default: []].append(key) }
                            else if let twin = lastPieceByLine[line]?.first(where: { $0.from == key.from && $0.to == key.to }) {
                                edges.setTwins(e, twin.edge)
                            }
                        }
                    }
                } else if sequenceCount == 1 {
                    zeroLengthPiecesDropped += 1
                }
                start = i
            }
        }
        report.zeroLengthPiecesDropped += zeroLengthPiecesDropped
        return LinePieces(nodeLocation: nodeLocation, nodeLayer: nodeLayer, edges: edges)
    }
}
