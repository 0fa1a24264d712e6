#!/usr/bin/env python3
"""Multicommodity flow benchmark (issue 13): Corridor's flow linear programs (CLP) against SciPy's HiGHS on the
same models, exported by Corridor as MPS.

    python3 Tools/bench/lpflow.py --corridor PATH/TO/corridor [--work DIR] [--repeat 3] [--quick] [--grid K]
                                  [--cpu-limit S] [--highs-cpu-limit S] [--highs-method M] [--clp-algorithm A]

Cases:
  * regional-20: the regional network (GeoData/far-east) with 20 OD pairs; goal: a whole `flow` (maximum
    throughput, minimum cost at it, λ, shadow prices, decomposition) under 0.5 s;
  * grid-E-10: the synthetic road grid of Tools/bench/instances.py (K × K nodes, 2K(K−1) edges; K = 224 by default:
    99,904 edges, in WORK/roads224) with 10 OD pairs across it (skipped with --quick).

Per case, `corridor bench flow` loads the network (untimed), writes the three programs as MPS, times whole flows
(`flow_s`, wall and CPU) and each program solved cold by CLP (`lp_s`); then Tools/bench/peers/highs_lp.py solves
each MPS with `scipy.optimize.linprog(method="highs")`, timing the solve alone. The objectives must agree to 1e-9
relative when both finish. Prints a Markdown table (CPU seconds, best of --repeat; the load average beside it).

On the grid case Corridor's whole flow runs once (its first `flow` call, timed as `first_s`/`first_cpu_s`), and every
process runs under a CPU-time limit (RLIMIT_CPU, like `ulimit -t`: --cpu-limit for Corridor, --highs-cpu-limit per
MPS file for HiGHS), so a solver that does not finish is reported as such instead of holding the machine.
"""
import argparse, json, os, re, resource, subprocess, sys

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


def limited(cpu_seconds):
    """A preexec_fn capping the child's CPU time (soft limit: SIGXCPU, then SIGKILL a second later)."""
    if not cpu_seconds:
        return None
    def set_limit():
        resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_seconds), int(cpu_seconds) + 1))
    return set_limit


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_case(name, corridor, network, pairs, work, repeat, arc_solves=True, highs_args=(), cpu_limit=None,
             highs_cpu_limit=None, clp_algorithm="automatic"):
    demands = ";".join("%s:%s=%d" % p for p in pairs)
    mps = os.path.join(work, "lpflow", name)
    os.makedirs(os.path.dirname(mps), exist_ok=True)
    files = ["%s-%s.mps" % (mps, program) for program in ("throughput", "cost", "concurrent")]
    for f in files:
        if os.path.exists(f):
            os.remove(f)
    before = load_average()
    cpu0 = cpu_of_children()
    # The path generation's per-round trace (results unaffected) goes to MPS-PREFIX-corridor.log: the progress of a run
    # the CPU limit stops.
    env = dict(os.environ, CORRIDOR_PATHGEN_TRACE="1")
    run = subprocess.run([corridor, "bench", "flow", network, "--demands", demands, "--commodities", "od",
                          "--repeat", str(repeat), "--mps", mps, "--lp-algorithm", clp_algorithm]
                         + ([] if arc_solves else ["--no-arc-solves"]),
                         capture_output=True, text=True, preexec_fn=limited(cpu_limit), env=env)
    with open(mps + "-corridor.log", "w") as log:
        log.write(run.stderr)
    if run.returncode == 0:
        ours = json.loads(run.stdout.strip().splitlines()[-1])
    elif run.returncode < 0 and cpu_limit:
        rounds = [re.match(r"pathgen (\w+).* round (\d+):.* objective (\S+)$", l) for l in run.stderr.splitlines()]
        rounds = [m for m in rounds if m]
        last = (" (%s phase, round %s, objective %.6g)" % (rounds[-1].group(1), rounds[-1].group(2),
                                                            float(rounds[-1].group(3))) if rounds else "")
        ours = {"stopped": "not finished within %s s CPU%s" % (cpu_limit, last)}
    else:
        sys.stderr.write(run.stderr)
        raise SystemExit("corridor bench flow failed (%d)" % run.returncode)
    peers = {}
    for f in files:
        program = f.rsplit("-", 1)[1][:-4]
        if not os.path.exists(f):
            peers[program] = {"answer": "no MPS (Corridor stopped before writing it)", "cpu_s": [float("nan")]}
            continue
        cpu0 = cpu_of_children()
        peer = subprocess.run([sys.executable, os.path.join(HERE, "peers", "highs_lp.py"), f, "--repeat", str(repeat),
                               *highs_args], capture_output=True, text=True, preexec_fn=limited(highs_cpu_limit))
        if peer.returncode == 0:
            peers[program] = json.loads(peer.stdout.strip().splitlines()[-1])
        elif peer.returncode < 0 and highs_cpu_limit:
            used = cpu_of_children() - cpu0
            peers[program] = {"answer": "not finished within %s s CPU (parsing included)" % highs_cpu_limit,
                              "cpu_s": [used]}
        else:
            sys.stderr.write(peer.stderr)
            raise SystemExit("highs_lp.py failed on %s (%d)" % (f, peer.returncode))
    return ours, peers, before + " / " + load_average()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corridor", required=True)
    ap.add_argument("--work", default="/tmp/corridor-bench")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--grid", type=int, default=224, help="side K of the road grid (2K(K-1) edges)")
    ap.add_argument("--highs-method", default="highs", help="linprog method for HiGHS: highs, highs-ds, highs-ipm")
    ap.add_argument("--clp-algorithm", default="automatic",
                    help="CLP's method for the cold arc solves: automatic, dual, primal, barrier (with crossover)")
    ap.add_argument("--highs-time-limit", type=float, default=None, help="seconds per HiGHS solve (grid case)")
    ap.add_argument("--cpu-limit", type=float, default=3600, help="CPU s for Corridor's grid run (0: none)")
    ap.add_argument("--highs-cpu-limit", type=float, default=1800, help="CPU s per HiGHS run on a grid MPS (0: none)")
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
        grid = not arc_solves
        ours, peers, load = run_case(name, args.corridor, network, pairs, args.work, 0 if grid else args.repeat,
                                     arc_solves, extra, args.cpu_limit if grid else None,
                                     args.highs_cpu_limit if grid else None, args.clp_algorithm)
        finished = "stopped" not in ours
        answers.append("%s: %s" % (name, ours["answer"] if finished else "corridor " + ours["stopped"]))
        if not finished:
            flow_cpu = flow_wall = float("nan")
        elif grid:
            flow_cpu, flow_wall = ours["first_cpu_s"], ours["first_s"]
        else:
            flow_cpu = min(ours["cpu_s"]) if ours["cpu_s"] else float("nan")
            flow_wall = min(ours["times_s"]) if ours["times_s"] else float("nan")
        for program in ("throughput", "cost", "concurrent"):
            mine, peer = ours["lp_s"].get(program) if finished else None, peers[program]
            optimal = peer["answer"].startswith("optimal")
            value = float(peer["answer"].split()[1]) if optimal else float("nan")
            flow_value = ours["objectives"][program] if finished else None
            # The cost program's bound is the throughput optimum; the flow's cost is at its own (equal) optimum.
            both = optimal and flow_value is not None
            gap = abs(value - flow_value) / max(1.0, abs(value)) if both else float("nan")
            failed |= both and not gap <= 1e-9
            highs = min(peer["cpu_s"])
            clp = mine["best_cpu_s"] if mine else float("nan")
            first = program == "throughput"
            print("| %s | %s | %s | %s | %s | %s | %.3f%s | %s | %s | %s |" % (
                name if first else "", "{:,}".format(ours["edges"]) if first and finished else "",
                ours["solver"] if first and finished else "",
                ("%.3f (%.3f)" % (flow_cpu, flow_wall) if finished else ours["stopped"]) if first else "", program,
                "%.3f" % clp if mine else "not run", highs, "" if optimal else " (" + peer["answer"][:60] + ")",
                "%.2f" % (highs / clp) if mine and clp > 0 else "", "%.1e" % gap if both else "",
                load if first else ""))
        sys.stdout.flush()
    print("\n" + "\n".join(answers))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
