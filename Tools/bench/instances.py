#!/usr/bin/env python3
"""Benchmark instance generators: every tool then reads the identical file.

  instances.py pace2sp IN.gr OUT.gr [--seed S]
      PACE-2016 `p tw N M` (undirected, unweighted) -> DIMACS `p sp N 2M` with both arc directions.
      Edge e (0-based, file order) gets weight 1 + splitmix64(seed + e) mod 10000 in both directions.
  instances.py grid W H OUT.gr [--seed S]
      W x H 4-neighbour grid, node (r, c) = r*W + c + 1; horizontal edges first, then vertical,
      each edge weighted as above, both directions.
  instances.py pairs N COUNT OUT [--seed S]
      COUNT random (source, target) pairs of nodes 1..N, one `SOURCE TARGET` line each: pair i takes
      source 1 + splitmix64(seed + 2i) mod N and target 1 + splitmix64(seed + 2i + 1) mod N.
  instances.py roadflow IN.gr OUT.min NODES [--seed S]
      A ROAD-FLOW-like min-cost-flow instance on a real road topology: the first NODES nodes of a
      breadth-first search of the PACE road graph IN.gr from a seeded start (all nodes if NODES >= n),
      each edge as two arcs. The PACE graphs carry no lengths or road classes, so these are stand-ins
      shaped like LEMON's ROAD-FLOW DC instance (road_flow_01_DC_a): cost (travel time) 10 + h mod 990,
      capacity 120 * class with classes 4/3/2/1 in proportion 88/8/2/2 %, max(2, round(sqrt(n)/12))
      sources and as many sinks among nodes of degree >= 3 not next to a dead end, each source
      120 * (4 + h mod 9); all supplies shrink by a quarter (in steps of 120) until a max-flow check
      (SciPy) says the instance is feasible.
  instances.py roads K OUTDIR
      A K x K lattice of 2-vertex LineStrings (2K(K-1) features, ~1M for K=708) near 42N 128E with the
      Geofabrik road schema, written as CSV + WKT and converted by ogr2ogr to OUTDIR/roads.shp.
"""
import os
import subprocess
import sys

import numpy as np
import pandas as pd

MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix64(x):
    """Vectorised SplitMix64 finaliser (uint64 arithmetic wraps, as intended)."""
    with np.errstate(over="ignore"):
        z = (x + np.uint64(0x9E3779B97F4A7C15)) & MASK
        z = ((z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & MASK
        z = ((z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & MASK
        return z ^ (z >> np.uint64(31))


def edge_weights(count, seed):
    e = np.arange(count, dtype=np.uint64) + np.uint64(seed)
    return (splitmix64(e) % np.uint64(10000) + np.uint64(1)).astype(np.int64)


def write_sp(path, n, u, v, w, comment):
    """Writes both directions of each undirected edge (u, v, w), 1-based ids, atomically."""
    tails = np.concatenate((u, v))
    heads = np.concatenate((v, u))
    weights = np.concatenate((w, w))
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"c {comment}\np sp {n} {len(tails)}\n")
        pd.DataFrame({"a": "a", "u": tails, "v": heads, "w": weights}).to_csv(
            f, sep=" ", header=False, index=False, lineterminator="\n")
    os.replace(tmp, path)


def pace2sp(src, dst, seed):
    with open(src) as f:
        header = f.readline().split()
        assert header[:2] == ["p", "tw"], f"{src}: not a PACE p tw file"
        n = int(header[2])
        arr = np.fromstring(f.read(), dtype=np.int64, sep=" ").reshape(-1, 2)
    w = edge_weights(len(arr), seed)
    write_sp(dst, n, arr[:, 0], arr[:, 1], w,
             f"{os.path.basename(src)} with weights 1+splitmix64({seed}+edge) mod 10000, both directions")


def grid(width, height, dst, seed):
    ids = np.arange(width * height, dtype=np.int64).reshape(height, width) + 1
    u = np.concatenate((ids[:, :-1].ravel(), ids[:-1, :].ravel()))
    v = np.concatenate((ids[:, 1:].ravel(), ids[1:, :].ravel()))
    w = edge_weights(len(u), seed)
    write_sp(dst, width * height, u, v, w,
             f"{width}x{height} grid, weights 1+splitmix64({seed}+edge) mod 10000, both directions")


def pairs(n, count, dst, seed):
    h = splitmix64(np.arange(2 * count, dtype=np.uint64) + np.uint64(seed))
    nodes = (h % np.uint64(n) + np.uint64(1)).astype(np.int64).reshape(-1, 2)
    tmp = dst + ".tmp"
    with open(tmp, "w") as f:
        f.write("".join(f"{s} {t}\n" for s, t in nodes))
    os.replace(tmp, dst)


def roadflow(src, dst, nodes, seed):
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order, maximum_flow
    with open(src) as f:
        header = f.readline().split()
        assert header[:2] == ["p", "tw"], f"{src}: not a PACE p tw file"
        n = int(header[2])
        arr = np.fromstring(f.read(), dtype=np.int64, sep=" ").reshape(-1, 2) - 1
    u, v = arr[:, 0], arr[:, 1]
    if nodes < n:
        adj = csr_matrix((np.ones(2 * len(u)), (np.concatenate((u, v)), np.concatenate((v, u)))), shape=(n, n))
        start = int(splitmix64(np.array([seed], dtype=np.uint64))[0] % np.uint64(n))
        order = breadth_first_order(adj, start, directed=False, return_predecessors=False)[:nodes]
        new_id = np.full(n, -1, dtype=np.int64)
        new_id[order] = np.arange(len(order))
        keep = (new_id[u] >= 0) & (new_id[v] >= 0)
        u, v, n = new_id[u[keep]], new_id[v[keep]], len(order)
    m = len(u)
    h = splitmix64(np.arange(m, dtype=np.uint64) + np.uint64(seed))
    cost = (np.uint64(10) + h % np.uint64(990)).astype(np.int64)
    pick = ((h >> np.uint64(20)) % np.uint64(100)).astype(np.int64)
    cls = np.where(pick < 88, 4, np.where(pick < 96, 3, np.where(pick < 98, 2, 1)))
    cap = 120 * cls
    degree = np.bincount(np.concatenate((u, v)), minlength=n)
    # Terminals: nodes of degree >= 3 whose neighbours all have degree >= 3 (not next to dead ends).
    weak = np.zeros(n, dtype=bool)
    weak[u[degree[v] < 3]] = True
    weak[v[degree[u] < 3]] = True
    candidates = np.flatnonzero((degree >= 3) & ~weak)
    k = max(2, int(round(np.sqrt(n) / 12)))
    hn = splitmix64(np.arange(len(candidates), dtype=np.uint64) + np.uint64(seed) * np.uint64(7919))
    chosen = candidates[np.argsort(hn, kind="stable")[:2 * k]]
    sources, sinks = chosen[:k], chosen[k:]
    amounts = 120 * (4 + (splitmix64(sources.astype(np.uint64) + np.uint64(seed)) % np.uint64(9)).astype(np.int64))
    graph_u = np.concatenate((u, v, np.full(k, n), sinks))
    graph_v = np.concatenate((v, u, sources, np.full(k, n + 1)))
    while True:
        total = int(amounts.sum())
        sink_amounts = np.full(k, total // k)
        sink_amounts[0] += total - sink_amounts.sum()
        caps = np.concatenate((cap, cap, amounts, sink_amounts)).astype(np.int32)
        g = csr_matrix((caps, (graph_u, graph_v)), shape=(n + 2, n + 2))
        if maximum_flow(g, n, n + 1).flow_value == total or total <= 120 * k:
            break
        amounts = np.maximum(amounts * 3 // 4 // 120 * 120, 120)
    tmp = dst + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"c ROAD-FLOW-like instance from {os.path.basename(src)}: {n} nodes (BFS, seed {seed}); synthetic "
                "costs/capacities, see Tools/bench/instances.py\n")
        f.write(f"p min {n} {2 * m}\n")
        for node, b in zip(sources, amounts):
            f.write(f"n {node + 1} {b}\n")
        for node, b in zip(sinks, sink_amounts):
            f.write(f"n {node + 1} {-b}\n")
        pd.DataFrame({"a": "a", "u": np.concatenate((u, v)) + 1, "v": np.concatenate((v, u)) + 1, "low": 0,
                      "cap": np.concatenate((cap, cap)), "cost": np.concatenate((cost, cost))}).to_csv(
            f, sep=" ", header=False, index=False, lineterminator="\n")
    os.replace(tmp, dst)


def roads(k, outdir):
    os.makedirs(outdir, exist_ok=True)
    step = 0.001  # ~110 m north-south, ~80 m east-west at 42N: far above any snap tolerance
    r, c = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    lon = 128.0 + c * step
    lat = 42.0 + r * step
    x0 = np.concatenate((lon[:, :-1].ravel(), lon[:-1, :].ravel()))
    y0 = np.concatenate((lat[:, :-1].ravel(), lat[:-1, :].ravel()))
    x1 = np.concatenate((lon[:, 1:].ravel(), lon[1:, :].ravel()))
    y1 = np.concatenate((lat[:, 1:].ravel(), lat[1:, :].ravel()))
    m = len(x0)
    h = splitmix64(np.arange(m, dtype=np.uint64))
    classes = np.array(["motorway", "trunk", "primary", "secondary", "tertiary", "residential",
                        "unclassified", "track"])
    speeds = np.array([110, 90, 70, 60, 50, 30, 40, 0])
    cls = (h % np.uint64(len(classes))).astype(np.int64)
    oneway = np.where((h >> np.uint64(8)) % np.uint64(10) == 0, "F", "B")
    wkt = ("LINESTRING (" + pd.Series(x0).map("{:.6f}".format) + " " + pd.Series(y0).map("{:.6f}".format)
           + ", " + pd.Series(x1).map("{:.6f}".format) + " " + pd.Series(y1).map("{:.6f}".format) + ")")
    df = pd.DataFrame({
        "osm_id": np.arange(1, m + 1).astype(str),
        "code": 5110 + cls,
        "fclass": classes[cls],
        "name": "",
        "ref": "",
        "oneway": oneway,
        "maxspeed": speeds[cls],
        "layer": 0,
        "bridge": "F",
        "tunnel": "F",
        "WKT": wkt,
    })
    csv = os.path.join(outdir, "roads.csv")
    df.to_csv(csv, index=False)
    with open(os.path.join(outdir, "roads.csvt"), "w") as f:
        f.write('"String(10)","Integer(4)","String(20)","String(48)","String(20)","String(1)",'
                '"Integer(3)","Integer(2)","String(1)","String(1)","WKT"\n')
    shp = os.path.join(outdir, "roads.shp")
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        p = os.path.join(outdir, "roads." + ext)
        if os.path.exists(p):
            os.remove(p)
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", shp, csv, "-nln", "roads", "-nlt", "LINESTRING",
                    "-a_srs", "EPSG:4326", "-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO"],
                   check=True)
    os.remove(csv)
    os.remove(os.path.join(outdir, "roads.csvt"))
    print(f"{shp}: {m} features")


def main(argv):
    seed = 20260101
    if "--seed" in argv:
        i = argv.index("--seed")
        seed = int(argv[i + 1])
        del argv[i:i + 2]
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "pace2sp" and len(argv) == 4:
        pace2sp(argv[2], argv[3], seed)
    elif cmd == "grid" and len(argv) == 5:
        grid(int(argv[2]), int(argv[3]), argv[4], seed)
    elif cmd == "pairs" and len(argv) == 5:
        pairs(int(argv[2]), int(argv[3]), argv[4], seed)
    elif cmd == "roadflow" and len(argv) == 5:
        roadflow(argv[2], argv[3], int(argv[4]), seed)
    elif cmd == "roads" and len(argv) == 4:
        roads(int(argv[2]), argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
