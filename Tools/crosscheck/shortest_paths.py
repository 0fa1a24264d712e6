#!/usr/bin/env python3
"""Independent shortest-path distances (SciPy's Dijkstra) for cross-checking CorridorGraph.

Usage: shortest_paths.py GRAPH SOURCES OUT

GRAPH is either simple text (first line `n m`, then `u v w` lines, 0-based node ids) or a
DIMACS shortest-path file (`p sp n m`, `a u v w` lines, 1-based ids; `c` comments).
Parallel arcs keep their smallest weight; weights must be non-negative integers.
SOURCES lists 0-based source node ids, whitespace-separated.
OUT receives one line per source: the n distances from it, `-1` for unreachable.
"""
import sys

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra


def read_graph(path):
    with open(path) as f:
        lines = [ln.split() for ln in f if ln.strip()]
    if any(ln[0] == "p" for ln in lines):
        header = next(ln for ln in lines if ln[0] == "p")
        n = int(header[2])
        arcs = [(int(ln[1]) - 1, int(ln[2]) - 1, int(ln[3])) for ln in lines if ln[0] == "a"]
    else:
        n = int(lines[0][0])
        arcs = [(int(a), int(b), int(w)) for a, b, w in lines[1:]]
    return n, arcs


def main():
    graph_path, sources_path, out_path = sys.argv[1:4]
    n, arcs = read_graph(graph_path)
    # Keep the lightest of parallel arcs (a sparse matrix would add them up).
    best = {}
    for u, v, w in arcs:
        if w < 0:
            raise SystemExit("negative weight")
        if u != v and ((u, v) not in best or w < best[(u, v)]):
            best[(u, v)] = w
    rows = np.array([k[0] for k in best], dtype=np.int64)
    cols = np.array([k[1] for k in best], dtype=np.int64)
    # SciPy may drop explicit zeros (zero = "no arc"), so every arc gets weight w*scale + 1:
    # no weight is zero, and the +1 per arc (fewer than n arcs per shortest path) is removed below.
    scale = float(n + 1)
    data = np.array([best[k] * scale + 1.0 for k in best], dtype=np.float64)
    matrix = coo_matrix((data, (rows, cols)), shape=(n, n)).tocsr()
    with open(sources_path) as f:
        sources = [int(x) for x in f.read().split()]
    dist = dijkstra(matrix, directed=True, indices=sources)
    with open(out_path, "w") as out:
        for row in np.atleast_2d(dist):
            # Each arc added 1 unit of slack; fewer than n arcs lie on a shortest path,
            # so floor(d / scale) recovers the integer distance exactly.
            ints = ["-1" if not np.isfinite(d) else str(int(d // scale)) for d in row]
            out.write(" ".join(ints) + "\n")


if __name__ == "__main__":
    main()
