#!/usr/bin/env python3
"""RoutingKit's customizable contraction hierarchy (PyPI `routingkit-cch`, C++ core) on the p2p family.

Usage: routingkit_peer.py FILE.gr --pairs PAIRS --order ORDER [--repeat R]
  Parses FILE (untimed) and the contraction order ORDER (one 0-based node per line in rank order, written by
  `corridor bench p2p --order-out`, so both tools contract the same order), then times: building the CCH
  (`CCH(order, tail, head)`, contraction), the first customization (`CCHMetric(cch, weights)`),
  R re-customizations (`metric.reset(weights)`) and one `CCHQuery.run(s, t).distance` per pair. A call into the
  binding costs Python overhead too; `overhead_s` is the median of the same call on a two-node graph, for reference.
  Prints one JSON line {"tool", "answer", "times_s": [per query], "contract_s", "customize_serial_s",
  "customize_reset_s": [...], "overhead_s"}.
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import dimacs  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--pairs", required=True)
    p.add_argument("--order", required=True)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    import routingkit_cch as rk

    n, t, h, w = dimacs.read_sp(a.file)
    tail, head, weights = t.tolist(), h.tolist(), w.tolist()
    with open(a.order) as f:
        order = [int(x) for x in f.read().split()]
    with open(a.pairs) as f:
        pairs = [(int(s) - 1, int(d) - 1) for s, d in (line.split() for line in f if line.strip())]

    t0 = time.perf_counter()
    cch = rk.CCH(order, tail, head, False)
    t1 = time.perf_counter()
    metric = rk.CCHMetric(cch, weights)
    t2 = time.perf_counter()
    resets = []
    for _ in range(max(1, a.repeat)):
        r0 = time.perf_counter()
        metric.reset(weights)
        resets.append(time.perf_counter() - r0)
    query = rk.CCHQuery(metric)
    times, reachable, total = [], 0, 0
    clock = time.perf_counter
    for s, d in pairs:
        q0 = clock()
        result = query.run(s, d)
        dist = result.distance
        q1 = clock()
        del result
        times.append(q1 - q0)
        if dist is not None:
            reachable += 1
            total += dist
    tiny = rk.CCHQuery(rk.CCHMetric(rk.CCH([0, 1], [0], [1], False), [1]))
    overhead = []
    for _ in range(1000):
        q0 = clock()
        result = tiny.run(0, 1)
        _ = result.distance
        q1 = clock()
        del result
        overhead.append(q1 - q0)
    print(json.dumps({"tool": "routingkit", "answer": f"pairs={len(pairs)} reachable={reachable} sum={total}",
                      "times_s": times, "contract_s": t1 - t0, "customize_serial_s": t2 - t1,
                      "customize_reset_s": resets, "overhead_s": statistics.median(overhead)}))


if __name__ == "__main__":
    main()
