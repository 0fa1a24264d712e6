#!/usr/bin/env python3
"""Interdiction, build-up and uncertainty benchmark (issue 14's speed goals) on the regional network:

    python3 Tools/bench/interdict.py --corridor PATH/TO/corridor [--work DIR] [--runs 3]

Each row is a whole `corridor` process (network loading included; `info` gives the loading alone), median of --runs
after one untimed warm-up run: wall time and CPU time (user + system of the process, from wait4). The answer printed
beside it comes from the JSON output, so a faster run that answers differently shows. Goals (issue 14):
interdiction with budget 5 on the regional network < 10 s, 1,000 samples of maximum throughput < 5 s, the build-up
curve for a 60-day horizon < 1 s.
"""
import argparse, json, os, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

SITES = ["--from", "Vladivostok", "--from", "Khabarovsk", "--to", "Pyongyang"]
ROWS = [
    # (name, goal in seconds or None, arguments, answer from the JSON output)
    ("load the network (info)", None, ["info", "--format", "json", "--quiet"], lambda j: f"{j['edge_count']} edges"),
    ("interdict budget 5, MIP (curve 0..5)", 10.0, ["interdict"] + SITES + ["--budget", "5", "--format", "json"],
     lambda j: "curve " + ",".join(str(p["throughput_left_tpd"]) for p in j["resilience_curve"])
     + (" proven" if all(p["proof"]["proven"] for p in j["resilience_curve"]) else " UNPROVEN")),
    ("interdict budget 5, enumeration (curve 0..5)", 10.0,
     ["interdict"] + SITES + ["--budget", "5", "--method", "enumeration", "--format", "json"],
     lambda j: "curve " + ",".join(str(p["throughput_left_tpd"]) for p in j["resilience_curve"])
     + (" proven" if all(p["proof"]["proven"] for p in j["resilience_curve"]) else " UNPROVEN")),
    ("interdict budget 3, MIP, without China", None,
     ["interdict", "--from", "Vladivostok", "--to", "Pyongyang", "--avoid-country", "CN", "--budget", "3", "--format", "json"],
     lambda j: "curve " + ",".join(str(p["throughput_left_tpd"]) for p in j["resilience_curve"])),
    ("chokepoints --samples 1000 (max throughput)", 5.0,
     ["chokepoints"] + SITES + ["--samples", "1000", "--seed", "7", "--top", "0", "--format", "json"],
     lambda j: "P50 " + str(j["uncertainty"]["throughput_tpd"]["p50"]) if "uncertainty" in j else "?"),
    ("buildup --horizon 60d", 1.0, ["buildup"] + SITES + ["--horizon", "60d", "--format", "json"],
     lambda j: f"by day {j['days'][-1]['day']}: {j['days'][-1]['cumulative_t']:.0f} t"),
]


def cpu_run(cmd):
    """(wall, cpu, stdout) of one process; CPU from the children's resource usage."""
    import resource, time
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()[-200:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, r.stdout


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corridor", default=os.path.join(REPO, ".build-bench", "release", "corridor"))
    p.add_argument("--work", default="/tmp/corridor-bench")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--only", default=None, help="run only rows whose name contains one of these texts (comma-separated)")
    a = p.parse_args()
    load_before = open("/proc/loadavg").read().split()[:3]
    lines = ["| what | goal | wall (median) | CPU (median) | answer |", "| --- | ---: | ---: | ---: | --- |"]
    for name, goal, args, answer in ROWS:
        if a.only and not any(part in name for part in a.only.split(",")):
            continue
        cmd = [a.corridor] + args
        print(f"  {name} ...", file=sys.stderr, flush=True)
        try:
            cpu_run(cmd)  # warm the page cache
            runs = [cpu_run(cmd) for _ in range(a.runs)]
        except RuntimeError as e:
            lines.append(f"| {name} | {goal or ''} | error | | {e} |")
            continue
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        try:
            said = answer(json.loads(runs[-1][2]))
        except Exception as e:  # noqa: BLE001 - the timing stands even if the answer cannot be read
            said = f"(answer not read: {e})"
        verdict = "" if goal is None else (" ✓" if wall < goal else " ✗")
        lines.append(f"| {name} | {f'< {goal:g} s' if goal else ''} | {wall:.2f} s{verdict} | {cpu:.2f} s | {said} |")
        print(lines[-1], file=sys.stderr, flush=True)
    load_after = open("/proc/loadavg").read().split()[:3]
    print(f"Load average {' '.join(load_before)} before, {' '.join(load_after)} after; "
          f"{a.runs} timed runs per row (after one warm-up); `{' '.join(sys.argv)}`\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
