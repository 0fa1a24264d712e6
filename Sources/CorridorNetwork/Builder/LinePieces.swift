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
    ///
    /// With `releasingInput`, the input's arrays are dead once read (the caller drops `tagged` afterwards): the pages of
    /// the coordinates, line arrays and vertex sequences behind the edge being built are given back as the edges grow
    /// (`ConsumedPages`), so the input and the edges are not both whole in memory at the end.
    /// - Complexity: O(vertices) expected.
    func linePieces(_ tagged: inout LineStore, releasingInput: Bool) throws(NetworkBuildError) -> LinePieces {
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
        let vertexEstimate = tagged.coordinates.count + (instances.count - tagged.count) * 2
        var occurrences = 0
        for k in 0..<instances.count {
            let line = Int(instances.line[k])
            occurrences += tagged.start[line + 1] - tagged.start[line]
        }
        guard occurrences < Int(Int32.max) else { throw .tooLarge }
        var sequenceCluster: [Int32], sequenceVertex: [Int32] = [], sequenceStart: [UInt32] = [0]
        let clusterLocation: [LonLat]
        var uses: [Int32], isEnd: [Bool]
        do {
        var clusters = tagged.coordinates.withUnsafeBufferPointer { coordinates in
            VertexClusters(tolerance: options.snapToleranceMeters, coordinates: coordinates, lineStart: tagged.start,
                           instanceLine: instances.line, instanceLayer: instances.layer)
        }
        // The cluster of each occurrence becomes, in place, the sequence of clusters with consecutive repeats collapsed.
        sequenceCluster = clusters.occurrenceCluster
        clusters.occurrenceCluster = []
        sequenceVertex.reserveCapacity(occurrences); sequenceStart.reserveCapacity(instances.count + 1)
        uses = [Int32](repeating: 0, count: clusters.count)
        isEnd = [Bool](repeating: false, count: clusters.count)
        var endpointsSnapped = 0
        sequenceCluster.withUnsafeMutableBufferPointer { sequence in
            var o = 0, written = 0
            for instance in 0..<instances.count {
                let line = Int(instances.line[instance])
                let n = tagged.start[line + 1] - tagged.start[line]
                let first = written
                for v in 0..<n {
                    let c = sequence[o]
                    if clusters.snapped(o) && (v == 0 || v == n - 1) { endpointsSnapped += 1 }
                    o += 1
                    if written > first, sequence[written - 1] == c {
                        // Consecutive vertices in one cluster collapse; keep the last one's index for line ends.
                        if v == n - 1 { sequenceVertex[written - 1] = Int32(v) }
                        continue
                    }
                    sequence[written] = c; sequenceVertex.append(Int32(v)); written += 1
                }
                for k in first..<written {
                    let c = Int(sequence[k])
                    uses[c] += 1
                    if k == first || k == written - 1 { isEnd[c] = true }
                }
                sequenceStart.append(UInt32(written))
            }
        }
        sequenceCluster.removeLast(sequenceCluster.count - sequenceVertex.count)
        report.endpointsSnapped += endpointsSnapped
        clusterLocation = clusters.location
        }

        // 2. Nodes in order of first encounter; pieces between nodes become edges.
        var nodeOfCluster = [Int32](repeating: -1, count: clusterLocation.count)
        var nodeLocation: [LonLat] = []
        var nodeLayer: [NetworkLayer] = []
        var edges = EdgeTable()
        edges.reserveCapacity(edges: instances.count, points: vertexEstimate)
        var lastPieceByLine: [Int: [(from: Int32, to: Int32, edge: UInt32)]] = [:]
        var zeroLengthPiecesDropped = 0
        var released = (coordinates: ConsumedPages(), start: ConsumedPages(), fid: ConsumedPages(), source: ConsumedPages(),
                        code: ConsumedPages(), cluster: ConsumedPages(), vertex: ConsumedPages(), line: ConsumedPages(),
                        layer: ConsumedPages(), sequenceStart: ConsumedPages())
        for k in 0..<instances.count {
            let line = Int(instances.line[k]), layer = instances.layer[k]
            let s0 = Int(sequenceStart[k]), sequenceCount = Int(sequenceStart[k + 1]) - s0
            if releasingInput && k & 4095 == 0 && k > 0 {
                // Everything below line `line` (both instances of a dual line share it) and instance k is read.
                released.coordinates.release(&tagged.coordinates, upTo: tagged.start[line])
                released.start.release(&tagged.start, upTo: line)
                released.fid.release(&tagged.fid, upTo: line)
                released.source.release(&tagged.source, upTo: line)
                released.code.release(&tagged.attributeCode, upTo: line)
                released.cluster.release(&sequenceCluster, upTo: s0)
                released.vertex.release(&sequenceVertex, upTo: s0)
                released.line.release(&instances.line, upTo: k)
                released.layer.release(&instances.layer, upTo: k)
                released.sequenceStart.release(&sequenceStart, upTo: k)
            }
            let base = tagged.start[line]
            var start: Int? = nil
            for i in 0..<sequenceCount {
                let c = Int(sequenceCluster[s0 + i])
                guard isEnd[c] || uses[c] >= 2 else { continue }
                // Nodes are created when an edge uses them, so dropped pieces leave no isolated nodes.
                func node(_ c: Int) -> UInt32 {
                    if nodeOfCluster[c] < 0 {
                        nodeOfCluster[c] = Int32(nodeLocation.count)
                        nodeLocation.append(clusterLocation[c]); nodeLayer.append(layer)
                    }
                    return UInt32(nodeOfCluster[c])
                }
                if let from = start {
                    // The polyline goes straight into the edges' geometry; removed again if the piece is dropped.
                    // Interior vertices keep their own coordinates; node vertices take the node's.
                    edges.pendingGeometry.append(clusterLocation[Int(sequenceCluster[s0 + from])])
                    for j in (from + 1)..<i { edges.pendingGeometry.append(tagged.coordinates[base + Int(sequenceVertex[s0 + j])]) }
                    edges.pendingGeometry.append(clusterLocation[c])
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
