#!/usr/bin/env python3
"""Scenario and cache benchmark (issue 5): ten scenarios on the regional network, run from a `.corridor`
cache against rebuilding the network from its shapefiles, and the cache's load time on the largest
synthetic network.

    python3 Tools/bench/scenarios.py --corridor PATH/TO/corridor [--work DIR] [--runs 5]

Measured (wall time of whole `corridor` processes, median of --runs):
  * `corridor compare` of a ten-scenario file, network from the cache vs from the manifest (shapefiles);
  * ten separate `corridor compare` runs of one scenario each (what a script calling the CLI per scenario
    does), from the cache vs from the shapefiles: the time saved by building once;
  * in-process `NetworkLoader.load` (`corridor bench load`) of the synthetic 1M-line road network
    (Tools/bench/instances.py, in WORK/roads708) from its shapefile and from its cache, when present.
"""
import argparse, os, statistics, subprocess, sys, time, json, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SCENARIOS = os.path.join(REPO, "GeoData", "scenarios", "far-east.yaml")
MANIFEST = os.path.join(REPO, "GeoData", "far-east", "network.yaml")

EXTRA = """
  - name: dandong-closed
    description: The Sino-Korean Friendship Bridge (rail and road) is closed.
    close: [Dandong-Sinuiju, Dandong-Sinuiju Road]

  - name: russian-yards-halved
    description: Russian-side gauge-change yards at half capacity.
    scale_capacity:
      - {terminal: Zabaikalsk, factor: 0.5}
      - {terminal: Grodekovo, factor: 0.5}
"""


def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - t


def median_time(cmd, runs):
    run(cmd)  # warm the page cache
    return statistics.median(run(cmd) for _ in range(runs))


def fmt(s):
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corridor", required=True)
    p.add_argument("--work", default="/tmp/corridor-bench")
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    c = a.corridor
    os.makedirs(a.work, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=a.work, prefix="scenarios-")

    # The regional file plus two scenarios = ten, with the network path made absolute.
    text = open(SCENARIOS, encoding="utf-8").read().replace("network: ../far-east/network.yaml", f"network: {MANIFEST}")
    ten = os.path.join(tmp, "ten.yaml")
    with open(ten, "w", encoding="utf-8") as f:
        f.write(text.rstrip() + "\n" + EXTRA)
    cache = os.path.join(tmp, "far-east.corridor")
    build_s = run([c, "build", "-o", cache, "--quiet"])
    count = int(subprocess.run([c, "compare", ten, "--format", "json", "--quiet", "--network", cache],
                               capture_output=True, text=True).stdout.count('"scenario":'))

    # One scenario per file, for the "script calls the CLI ten times" case.
    import re
    head, body = text.split("scenarios:", 1)
    names = re.findall(r"^  - name: (\S+)", body + EXTRA, flags=re.M)
    singles = []
    for name in names:
        path = os.path.join(tmp, f"one-{name}.yaml")
        with open(path, "w", encoding="utf-8") as f:
            # The first scenario of each file is the reference; keep the named one only.
            blocks = re.split(r"(?=^  - name: )", (body + EXTRA), flags=re.M)
            chosen = [b for b in blocks if b.startswith(f"  - name: {name}\n")]
            f.write(head + "scenarios:\n" + "".join(chosen))
        singles.append(path)

    rows = []
    t_cache = median_time([c, "compare", ten, "--network", cache, "--quiet", "--no-svg"], a.runs)
    t_build = median_time([c, "compare", ten, "--quiet", "--no-svg"], a.runs)
    rows.append((f"compare, {count} scenarios in one run", t_cache, t_build))

    def ten_runs(network_args):
        t = time.perf_counter()
        for s in singles:
            subprocess.run([c, "compare", s, "--quiet", "--no-svg"] + network_args, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t
    ten_runs(["--network", cache])
    t10_cache = statistics.median(ten_runs(["--network", cache]) for _ in range(max(1, a.runs // 2)))
    t10_build = statistics.median(ten_runs([]) for _ in range(max(1, a.runs // 2)))
    rows.append((f"{len(singles)} separate compare runs, one scenario each", t10_cache, t10_build))

    print(f"# Scenarios from the cache vs rebuilding from shapefiles (regional network)\n")
    print(f"`corridor build` of the regional network: {fmt(build_s)}; cache {os.path.getsize(cache):,} bytes.\n")
    print("| run | from .corridor cache | rebuilding from shapefiles | time saved |")
    print("| --- | ---: | ---: | ---: |")
    for name, tc, tb in rows:
        print(f"| {name} | {fmt(tc)} | {fmt(tb)} | {fmt(tb - tc)} ({(1 - tc / tb) * 100:.0f} %) |")

    big = os.path.join(a.work, "roads708", "roads.shp")
    if os.path.exists(big):
        big_cache = os.path.join(tmp, "roads708.corridor")
        run([c, "build", "--network", big, "-o", big_cache, "--quiet"])
        def load(path):
            out = subprocess.run([c, "bench", "load", path, "--repeat", "3"], capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            return statistics.median(r["times_s"]), r["answer"]
        lc, ans = load(big_cache)
        ls, _ = load(big)
        print(f"\nLoading the synthetic road network ({ans}; cache {os.path.getsize(big_cache):,} bytes), "
              f"in-process `NetworkLoader.load`, median of 3:\n")
        print("| source | load time |")
        print("| --- | ---: |")
        print(f"| shapefile (read, map, build) | {fmt(ls)} |")
        print(f"| .corridor cache | {fmt(lc)} |")
    else:
        print(f"\n(no {big}: run `Tools/bench/run --family load` once to generate the 1M-line network)")


if __name__ == "__main__":
    sys.exit(main())
