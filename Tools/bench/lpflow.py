#!/usr/bin/env python3
"""Multicommodity flow benchmark (issue 13): Corridor's flow linear programs (CLP) against SciPy's HiGHS on the
same models, exported by Corridor as MPS.

    python3 Tools/bench/lpflow.py --corridor PATH/TO/corridor [--work DIR] [--repeat 3] [--quick] [--grid K]

Cases:
  * regional-20: the regional network (GeoData/far-east) with 20 OD pairs; goal: a whole `flow` (maximum
    throughput, minimum cost at it, λ, shadow prices, decomposition) under 0.5 s;
  * grid-E-10: the synthetic road grid of Tools/bench/instances.py (K × K nodes, 2K(K−1) edges; K = 224 by default:
    99,904 edges, in WORK/roads224) with 10 OD pairs across it (skipped with --quick).

Per case, `corridor bench flow` loads the network (untimed), writes the three programs as MPS, times whole flows
(`flow_s`, wall and CPU) and each program solved cold by CLP (`lp_s`); then Tools/bench/peers/highs_lp.py solves
each MPS with `scipy.optimize.linprog(method="highs")`, timing the solve alone. The objectives must agree to 1e-9
relative. Prints a Markdown table (CPU seconds, best of --repeat; the load average beside it).
"""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MANIFEST = os.path.join(REPO, "GeoData", "far-east", "network.yaml")

# 20 OD pairs between the regional network's cities (Russia, China, Korea), 500-6000 t/day each.
REGIONAL_PAIRS = [
    ("Vladivostok", "Pyongyang", 6000), ("Khabarovsk", "Rajin", 2000), ("Harbin", "Pyongyang", 4000),
    ("Ussuriysk", "Chongjin", 3000), ("Nakhodka", "Hamhung", 1500), ("Shenyang", "Sinuiju", 5000),
    ("Changchun", "Rajin", 2500), ("Mudanjiang", "Vladivostok", 3000), ("Hunchun", "Rajin", 1000),
    ("Blagoveshchensk", "Harbin", 2000), ("Chita", "Manzhouli", 4000), ("Birobidzhan", "Khabarovsk", 1500),
    ("Suifenhe", "Ussuriysk", 3500), ("Tumen", "Chongjin", 1200), ("Dandong", "Pyongyang", 4500),
    ("Jilin", "Tumen", 2000), ("Zabaikalsk", "Harbin", 5000), ("Heihe", "Blagoveshchensk", 800),
    ("Tonghua", "Kimchaek", 600), ("Wonsan", "Vladivostok", 500),
]


def grid_pairs(k=224, step=0.001):
    """10 OD pairs across the k × k grid (lat,lon of grid nodes): corners to opposite corners, sides to sides."""
    def at(r, c):
        return "%.6f,%.6f" % (42.0 + r * step, 128.0 + c * step)
    m = k - 1
    spots = [((0, 0), (m, m)), ((m, 0), (0, m)), ((0, m // 2), (m, m // 2)), ((m // 2, 0), (m // 2, m)),
             ((m // 4, m // 4), (3 * m // 4, 3 * m // 4)), ((3 * m // 4, m // 4), (m // 4, 3 * m // 4)),
             ((0, m // 4), (m, 3 * m // 4)), ((m // 4, m), (3 * m // 4, 0)), ((m // 8, m // 2), (7 * m // 8, m // 3)),
             ((m // 2, m // 8), (m // 3, 7 * m // 8))]
    return [(at(*a), at(*b), 20000) for a, b in spots]


def load_average():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def run_case(name, corridor, network, pairs, work, repeat, arc_solves=True, highs_args=()):
    demands = ";".join("%s:%s=%d" % p for p in pairs)
    mps = os.path.join(work, "lpflow", name)
    os.makedirs(os.path.dirname(mps), exist_ok=True)
    before = load_average()
    out = subprocess.run([corridor, "bench", "flow", network, "--demands", demands, "--commodities", "od",
                          "--repeat", str(repeat), "--mps", mps] + ([] if arc_solves else ["--no-arc-solves"]),
                         check=True, capture_output=True, text=True).stdout
    ours = json.loads(out.strip().splitlines()[-1])
    peers = {}
    files = ["%s-%s.mps" % (mps, program) for program in ("throughput", "cost", "concurrent")]
    out = subprocess.run([sys.executable, os.path.join(HERE, "peers", "highs_lp.py"), *files, "--repeat", str(repeat),
                          *highs_args], check=True, capture_output=True, text=True).stdout
    for line in out.strip().splitlines():
        row = json.loads(line)
        peers[row["file"].rsplit("-", 1)[1][:-4]] = row
    return ours, peers, before + " / " + load_average()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corridor", required=True)
    ap.add_argument("--work", default="/tmp/corridor-bench")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--grid", type=int, default=224, help="side K of the road grid (2K(K-1) edges)")
    ap.add_argument("--highs-method", default="highs", help="linprog method for HiGHS: highs, highs-ds, highs-ipm")
    ap.add_argument("--highs-time-limit", type=float, default=None, help="seconds per HiGHS solve (grid case)")
    args = ap.parse_args()
    cases = [("regional-20", MANIFEST, REGIONAL_PAIRS, True)]
    if not args.quick:
        k = args.grid
        grid = os.path.join(args.work, "roads%d" % k, "roads.shp")
        if not os.path.exists(grid):
            subprocess.run([sys.executable, os.path.join(HERE, "instances.py"), "roads", str(k),
                            os.path.dirname(grid)], check=True, stdout=subprocess.DEVNULL)
        # No cold CLP solves of the arc formulation here: they take minutes to hours (BENCHMARKS.md); the flow itself
        # solves by paths.
        cases.append(("grid-%d-10" % (2 * k * (k - 1)), grid, grid_pairs(k), False))
    print("| case | edges | solver | corridor flow CPU s (wall) | program | CLP arcs CPU s | HiGHS CPU s | HiGHS / CLP | gap flow vs HiGHS | load |")
    print("| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | --- |")
    failed = False
    answers = []
    highs_args = ["--method", args.highs_method]
    for name, network, pairs, arc_solves in cases:
        extra = highs_args + (["--time-limit", str(args.highs_time_limit)] if args.highs_time_limit and not arc_solves else [])
        ours, peers, load = run_case(name, args.corridor, network, pairs, args.work, args.repeat, arc_solves, extra)
        answers.append("%s: %s" % (name, ours["answer"]))
        flow_cpu = min(ours["cpu_s"]) if ours["cpu_s"] else float("nan")
        flow_wall = min(ours["times_s"]) if ours["times_s"] else float("nan")
        for program in ("throughput", "cost", "concurrent"):
            mine, peer = ours["lp_s"].get(program), peers[program]
            optimal = peer["answer"].startswith("optimal")
            value = float(peer["answer"].split()[1]) if optimal else float("nan")
            flow_value = ours["objectives"][program]
            # The cost program's bound is CLP's throughput optimum; the flow's cost is at its own (equal) optimum.
            gap = abs(value - flow_value) / max(1.0, abs(value)) if optimal and flow_value is not None else float("nan")
            failed |= optimal and not gap <= 1e-7
            highs = min(peer["cpu_s"])
            clp = mine["best_cpu_s"] if mine else float("nan")
            first = program == "throughput"
            print("| %s | %s | %s | %s | %s | %s | %.3f%s | %s | %s | %s |" % (
                name if first else "", "{:,}".format(ours["edges"]) if first else "", ours["solver"] if first else "",
                "%.3f (%.3f)" % (flow_cpu, flow_wall) if first else "", program,
                "%.3f" % clp if mine else "not run", highs, "" if optimal else " (" + peer["answer"][:40] + ")",
                "%.2f" % (highs / clp) if mine and clp > 0 else "", "%.1e" % gap if optimal else "",
                load if first else ""))
        sys.stdout.flush()
    print("\n" + "\n".join(answers))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
