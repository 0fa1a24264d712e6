#!/usr/bin/env python3
"""Independent route weights from a `corridor export --edges` GeoJSON, with NetworkX's Dijkstra.

Usage: route_crosscheck.py EDGES.geojson PAIRS OUT METRIC

METRIC is `time` (integer deciseconds, max(1, round(time_h * 36000))) or `distance` (metres, length_m of lines, 0 for
connectors; compared with a tolerance by the caller since the export rounds lengths to 0.1 m).
PAIRS holds `source target` node ids per line; OUT receives one weight per pair, `-1` when unreachable.
Each edge gives an arc source->target, and target->source unless `oneway` is true.
"""
import json
import sys

import networkx as nx


def main():
    edges_path, pairs_path, out_path, metric = sys.argv[1:5]
    with open(edges_path) as f:
        collection = json.load(f)
    graph = nx.DiGraph()
    for feature in collection["features"]:
        p = feature["properties"]
        if metric == "time":
            w = max(1, round(p["time_h"] * 36000))  # an open arc weighs at least 1 (Metric.swift)
        else:
            w = p["length_m"] if p["kind"] == "line" else 0.0
        arcs = [(p["source_node_id"], p["target_node_id"])]
        if not p["oneway"]:
            arcs.append((p["target_node_id"], p["source_node_id"]))
        for u, v in arcs:
            # Parallel arcs: keep the lightest.
            if not graph.has_edge(u, v) or graph[u][v]["w"] > w:
                graph.add_edge(u, v, w=w)
    with open(pairs_path) as f:
        pairs = [tuple(int(x) for x in line.split()) for line in f if line.strip()]
    cache = {}
    with open(out_path, "w") as out:
        for s, t in pairs:
            if s not in cache:
                cache[s] = nx.single_source_dijkstra_path_length(graph, s, weight="w") if s in graph else {}
            d = cache[s].get(t)
            out.write(("-1" if d is None else repr(d)) + "\n")


if __name__ == "__main__":
    main()
