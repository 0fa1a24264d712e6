#!/usr/bin/env python3
"""Benchmark harness: runs Corridor and its peers on the standard instances, checks that they agree,
and prints a table of median solve times (also written as Markdown). Called by Tools/bench/run,
which installs the peers and builds everything first; see Tools/bench/README.md.

Every driver prints one JSON line {"tool", "answer", "times_s": [...]}: it parses its input and
builds its graph untimed, runs once untimed to get the answer, then times R runs of the solve call.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("BENCH_SHARED", os.path.join(os.path.dirname(REPO), "shared", "bench"))
PY_PEER = os.path.join(HERE, "peers", "py_peer.py")
RK_PEER = os.path.join(HERE, "peers", "routingkit_peer.py")

# Peers whose speed the goals name, per family (Corridor time / fastest of these <= goal).
GOALS = {
    "sp": (["lemon", "scipy"], 0.7),
    "mcf": (["lemon", "lemon-cs", "ortools"], 1.0),
    "mcf-huge": (["lemon", "lemon-cs", "ortools"], 1.0),
    "maxflow": (["ortools"], 1.0),
    "load": (["gdal"], 1.3),
    # Point-to-point: absolute goals on FLA-w (P2P_GOALS); the ratio to RoutingKit is reported beside them.
    "p2p": (["routingkit"], None),
}
# Issue 19's point-query goals on FLA-w: median query and (parallel) customization, in seconds.
P2P_GOALS = {("FLA-w", "query"): 50e-6, ("FLA-w", "customization"): 2.0}
BYTES_PER_EDGE_GOAL = 64  # issue 19: "≤ 64 bytes retained per edge"

# Min-cost-flow families generated at run time (Tools/bench/README.md): (family, exponents, seed base).
# NETGEN-8, GRIDGEN-8 and GOTO-8 come from ../shared/bench/generators; ROAD-FLOW-like instances are cut
# from the FLA road graph by instances.py (the shared ROAD-FLOW instance, road_flow_01_DC_a, runs as is).
MCF_FAMILIES = [("netgen8", 19100), ("gridgen8", 19200), ("goto8", 19300), ("roadflow", 19400)]
MCF_EXPONENTS = [8, 12, 16]
MCF_HUGE_EXPONENT = 20

# Known optimal values from ../shared/bench/README.md (independent of every tool run here).
KNOWN = {
    "netgen_8_08a": "cost=142274536", "netgen_8_10a": "cost=369269289", "netgen_8_12a": "cost=783715427",
    "netgen_8_13a": "cost=1184953451", "netgen_8_14a": "cost=1772056888", "netgen_8_16a": "cost=4023172764",
    "netgen_sr_12a": "cost=120671050", "road_flow_01_DC_a": "cost=96472800",
    "genrmf_long_12": "flow=257438", "genrmf_long_16": "flow=1173892",
    "washington_rlg_12": "flow=483335", "washington_rlg_16": "flow=1916644",
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class RowLog(list):
    """The result rows. Each row is also written as it is appended, so an interrupted run (a long run on a loaded
    machine) keeps what it finished: one JSON line per row in WORK/results.partial.ndjson (with the time and the
    load average when it finished), and the report so far in WORK/results.partial.md (rewritten after every row;
    ratios there are of the rows so far). A row completed after it was appended (the load family's answers) has
    its final value in the Markdown and in results.json."""

    def __init__(self, work, on_append):
        super().__init__()
        self.path = os.path.join(work, "results.partial.ndjson")
        self.on_append = on_append
        open(self.path, "w").close()

    def append(self, row):
        super().append(row)
        record = dict(row, finished=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                      load=" ".join(open("/proc/loadavg").read().split()[:3]))
        with open(self.path, "a") as f:
            f.write(json.dumps(record) + "\n")
        self.on_append()


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.inst = os.path.join(self.work, "inst")
        self.bin = os.path.join(self.work, "bin")
        os.makedirs(self.inst, exist_ok=True)
        self.rows = RowLog(self.work, self.write_partial)
        self.notes = []
        self.corridor = args.corridor
        self.corridor_has_bench = self._corridor_has("bench")
        self.corridor_has_info = self._corridor_has("info")

    # ---------- helpers ----------
    def write_partial(self):
        """The report of the rows so far, to WORK/results.partial.md (see RowLog)."""
        try:
            table, goals = self.table()
        except Exception as e:  # noqa: BLE001 - a partial report must never stop the run
            table, goals = f"(table not available yet: {e})", ""
        text = "\n".join(["Partial report (rows so far; the run is not finished).", "", "### Goals", "", goals, "",
                          "### All results", "", table, "", "Notes:", ""] + [f"- {n}" for n in self.notes]) + "\n"
        with open(os.path.join(self.work, "results.partial.md"), "w") as f:
            f.write(text)

    def _corridor_has(self, sub):
        if not self.corridor or not os.path.exists(self.corridor):
            return False
        r = subprocess.run([self.corridor, sub, "--help"], capture_output=True, text=True)
        return r.returncode == 0

    def decompress(self, path, name=None):
        out = os.path.join(self.inst, name or os.path.basename(path)[:-3])
        if not os.path.exists(out):
            subprocess.run(f"xz -dc '{path}' > '{out}.tmp' && mv '{out}.tmp' '{out}'", shell=True, check=True)
        return out

    def header_counts(self, path):
        with open(path) as f:
            for line in f:
                if line.startswith("p "):
                    p = line.split()
                    return int(p[2]), int(p[3])
        return 0, 0

    def measure(self, cmd, timeout, cpu_limit=None):
        """Runs cmd under /usr/bin/time -v; returns (json or None, max RSS in kB, wall seconds, error).
        With cpu_limit (seconds of user + sys), the tool is stopped when its CPU time passes the limit instead of at
        a wall limit: on a shared machine a wall limit cuts a process by how loaded the machine is, not by its work.
        The harness polls the tool's CPU time in /proc (every second) rather than setting RLIMIT_CPU, because with
        RLIMIT_CPU set the kernel's CLOCK_PROCESS_CPUTIME_ID reads in 4 ms ticks, which the drivers' per-solve CPU
        times would inherit. The wall limit then only guards against a hang (10 × the CPU limit). The whole
        process's user + sys time is kept in self.last_process_cpu (parsing included), so a cut run says how far
        it got."""
        rss_file = os.path.join(self.work, "time.txt")
        if os.path.exists(rss_file):
            os.remove(rss_file)
        self.last_process_cpu = None
        if cpu_limit:
            timeout = max(timeout, 10 * cpu_limit)
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", rss_file] + cmd, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        cut = None
        while True:
            try:
                stdout, stderr = proc.communicate(timeout=1)
                break
            except subprocess.TimeoutExpired:
                if time.perf_counter() - start > timeout:
                    cut = f"timeout {timeout:g}s (wall)"
                elif cpu_limit:
                    used = tree_cpu_seconds(proc.pid)
                    if used > cpu_limit:
                        cut = f"CPU limit {cpu_limit:g} s reached ({used:.0f} s CPU, {{wall}} s wall, no answer)"
                if cut:
                    kill_tree(proc.pid)
                    stdout, stderr = proc.communicate()
                    break
        r = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
        wall = time.perf_counter() - start
        rss = None
        report = open(rss_file).read() if os.path.exists(rss_file) else ""
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        rss = int(m.group(1)) if m else None
        user = re.search(r"User time \(seconds\): ([0-9.]+)", report)
        system = re.search(r"System time \(seconds\): ([0-9.]+)", report)
        if user and system:
            self.last_process_cpu = float(user.group(1)) + float(system.group(1))
        if cut:
            return None, rss, wall, cut.replace("{wall}", f"{wall:.0f}")
        if r.returncode != 0:
            tail = (r.stderr.strip().splitlines() or ["?"])[-1][:120]
            return None, rss, wall, f"exit {r.returncode}: {tail}"
        out = None
        for line in r.stdout.splitlines()[::-1]:
            if line.startswith("{"):
                out = json.loads(line)
                break
        if out is None and r.stdout.lstrip().startswith("{"):
            out = json.loads(r.stdout)  # a multi-line JSON document (corridor info --format json)
        return out, rss, wall, None if out else "no result line"

    def cpu_limit(self, tool):
        """The CPU-time limit for a tool from --cpu-limit ("S" for every tool, or "TOOL=S,...,S"), or None."""
        limits = self.args.cpu_limit
        if not limits:
            return None
        default = None
        for item in limits.split(","):
            name, _, seconds = item.rpartition("=")
            if not name:
                default = float(seconds)
            elif name == tool:
                return float(seconds)
        return default

    def wanted(self, instance, tool=None):
        """--instances and --tools restrict a run to some instances and tools (to re-run or split a long family)."""
        if self.args.instances and instance not in self.args.instances.split(","):
            return False
        return tool is None or not self.args.tools or tool in self.args.tools.split(",")

    def run_tool(self, family, instance, n, m, tool, cmd, timeout=900):
        if not self.wanted(instance, tool):
            return None
        limit = self.cpu_limit(tool)
        log(f"  {family:7s} {instance:22s} {tool:9s} ..." + (f" (CPU limit {limit:g} s)" if limit else ""))
        out, rss, wall, err = self.measure(cmd, timeout, limit)
        row = {"family": family, "instance": instance, "nodes": n, "arcs": m, "tool": tool,
               "answer": None, "median_s": None, "runs": 0, "rss_kb": rss, "error": err,
               "process_cpu_s": self.last_process_cpu, "wall_s": wall}
        if out:
            row["answer"] = out.get("answer")
            times = out.get("times_s") or []
            row["runs"] = len(times)
            row["median_s"] = statistics.median(times) if times else None
            cpu = out.get("cpu_s") or []
            row["cpu_s"] = statistics.median(cpu) if cpu else None
        log(f"          -> {row['answer']}  median {fmt_time(row['median_s'])}  cpu {fmt_time(row.get('cpu_s'))}"
            f"  rss {fmt_mb(rss)}"
            + (f"  ERROR {err}" if err else ""))
        self.rows.append(row)
        return row

    def na(self, family, instance, n, m, tool, why):
        if not self.wanted(instance, tool):
            return
        self.rows.append({"family": family, "instance": instance, "nodes": n, "arcs": m, "tool": tool,
                          "answer": None, "median_s": None, "runs": 0, "rss_kb": None, "error": why})

    # ---------- families ----------
    def sp_instances(self, only=None):
        """The shortest-path instances (converted on first use); `only`: a set of names to restrict them to."""
        road = os.path.join(SHARED, "road")
        out = [("rome99", self.decompress(os.path.join(road, "rome99.gr.xz")))]
        names = ["NY"] if self.args.quick else ["NY", "BAY", "COL", "FLA"]
        for name in names:
            if only is not None and f"{name}-w" not in only:
                continue
            dst = os.path.join(self.inst, f"{name}.gr")
            if not os.path.exists(dst):
                pace = self.decompress(os.path.join(road, f"{name}.gr.xz"), f"{name}.pace")
                subprocess.run([sys.executable, os.path.join(HERE, "instances.py"), "pace2sp", pace, dst],
                               check=True)
                os.remove(pace)
            out.append((f"{name}-w", dst))
        side = 300 if self.args.quick else 1000
        if only is not None and f"grid{side}" not in only:
            return out
        dst = os.path.join(self.inst, f"grid{side}.gr")
        if not os.path.exists(dst):
            subprocess.run([sys.executable, os.path.join(HERE, "instances.py"), "grid", str(side), str(side), dst],
                           check=True)
        out.append((f"grid{side}", dst))
        return out

    def family_sp(self):
        for name, path in self.sp_instances():
            n, m = self.header_counts(path)
            sources = [1] if self.args.quick else sorted({1, n // 2, n})
            repeat = 3 if (self.args.quick or m > 1_000_000) else 5
            src = ",".join(map(str, sources))
            self.notes.append(f"sp {name}: sources {src}, {repeat} timed runs per source")
            self.corridor_run("sp", name, n, m, path, ["--sources", src, "--repeat", str(repeat)])
            self.run_tool("sp", name, n, m, "lemon",
                          [os.path.join(self.bin, "lemon_peer"), "sp", path, "--sources", src, "--repeat", str(repeat)])
            for tool in ["scipy", "igraph", "networkx"]:
                if tool == "networkx" and n > 500_000:
                    self.na("sp", name, n, m, tool, "skipped (too slow above 500k nodes)")
                    continue
                r = min(repeat, 3) if tool == "networkx" else repeat
                self.run_tool("sp", name, n, m, tool,
                              [sys.executable, PY_PEER, "sp", tool, path, "--sources", src, "--repeat", str(r)])

        self.route_queries()

    def route_queries(self):
        """Point-to-point `Router.route` (snap + A*) on the regional network; Corridor only (no peer reads it)."""
        manifest = os.path.join(REPO, "GeoData", "far-east", "network.yaml")
        pairs = "Vladivostok:Harbin,Chita:Rajin,Khabarovsk:Pyongyang"
        if not os.path.exists(manifest) or not self.corridor_has_bench:
            self.na("sp", "far-east p2p", 0, 0, "corridor", "n/a (no regional network or no `corridor bench`)")
            return
        row = self.run_tool("sp", "far-east p2p", 0, 0, "corridor",
                            [self.corridor, "bench", "route", manifest, "--pairs", pairs, "--repeat", "5"])
        m = re.search(r"nodes=(\d+)", row["answer"] or "")
        row["nodes"] = int(m.group(1)) if m else 0
        self.notes.append(f"sp far-east p2p: `Router.route` (snapping + A*, time metric) for {pairs}, "
                          "5 timed runs each, network loaded untimed; no peer reads the manifest")

    def family_p2p(self):
        """Point-to-point queries: Corridor's CCH (nested-dissection order, contraction, customization, queries)
        against RoutingKit's CCH on the same order, weights and 1,000 seeded pairs, and Dijkstra with early
        stop (Corridor's) as the baseline; every tool must give the same (reachable, sum of distances)."""
        names = {"rome99", "NY-w"} if self.args.quick else {"rome99", "NY-w", "FLA-w"}
        for name, path in self.sp_instances(only=names):
            if name not in names:
                continue
            n, m = self.header_counts(path)
            pairs = os.path.join(self.inst, f"{name}.pairs")
            if not os.path.exists(pairs):
                subprocess.run([sys.executable, os.path.join(HERE, "instances.py"), "pairs", str(n), "1000", pairs],
                               check=True)
            order = os.path.join(self.inst, f"{name}.order")
            if not self.corridor_has_bench:
                self.na("p2p", f"{name} query", n, m, "corridor", "n/a (no `corridor bench` in this build)")
                continue
            out, rss, _, err = self.measure([self.corridor, "bench", "p2p", path, "--pairs", pairs, "--order-out", order,
                                             "--repeat", "3", "--threads", "2"], 3600)
            answer = out.get("answer") if out else None
            def row(instance, tool, median, runs, extra_err=None):
                self.rows.append({"family": "p2p", "instance": f"{name} {instance}", "nodes": n, "arcs": m,
                                  "tool": tool, "answer": answer if median is not None else None,
                                  "median_s": median, "runs": runs, "rss_kb": rss, "error": extra_err or err})
            if out:
                row("query", "corridor", statistics.median(out["times_s"]), len(out["times_s"]))
                row("path", "corridor", statistics.median(out["path_times_s"]), len(out["path_times_s"]))
                row("customization", "corridor", statistics.median(out["customize_parallel_s"]),
                    len(out["customize_parallel_s"]))
                row("customization", "corridor-1thread", out["customize_serial_s"], 1)
                row("contraction", "corridor", out["contract_s"], 1)
                self.notes.append(f"p2p {name}: Corridor's nested-dissection order {out['order_s']:.1f} s (untimed in "
                                  f"the rows; RoutingKit is given the same order), {out['edges']:,} CCH edges, "
                                  f"elimination tree height {out['height']}, median {out['scanned_median']} nodes "
                                  f"scanned per query; customization with {out['threads']} threads (median of 3 "
                                  "re-customizations) and with 1 (the first)")
            else:
                row("query", "corridor", None, 0)
                continue
            log(f"  p2p     {name:22s} corridor  -> {answer}  query {fmt_time(statistics.median(out['times_s']))}")
            rk, rk_rss, _, rk_err = self.measure([sys.executable, RK_PEER, path, "--pairs", pairs, "--order", order,
                                                  "--repeat", "3"], 3600)
            rk_answer = rk.get("answer") if rk else None
            for instance, median, runs in ([("query", statistics.median(rk["times_s"]), len(rk["times_s"])),
                                            ("customization", statistics.median(rk["customize_reset_s"]),
                                             len(rk["customize_reset_s"])),
                                            ("contraction", rk["contract_s"], 1)] if rk else [("query", None, 0)]):
                self.rows.append({"family": "p2p", "instance": f"{name} {instance}", "nodes": n, "arcs": m,
                                  "tool": "routingkit", "answer": rk_answer, "median_s": median, "runs": runs,
                                  "rss_kb": rk_rss, "error": rk_err})
            if rk:
                self.notes.append(f"p2p {name}: RoutingKit (routingkit-cch {rk_version()}) per-query time includes the "
                                  f"Python binding call, ~{rk['overhead_s'] * 1e6:.1f} µs (median of a query on a two-node graph); "
                                  "its customization row is `CCHMetric.reset` (serial), its first customization took "
                                  f"{fmt_time(rk['customize_serial_s'])}")
                log(f"  p2p     {name:22s} routingkit -> {rk_answer}  query {fmt_time(statistics.median(rk['times_s']))}")
            self.run_tool("p2p", f"{name} query", n, m, "dijkstra",
                          [self.corridor, "bench", "p2p-dijkstra", path, "--pairs", pairs], timeout=3600)
        self.notes.append("p2p: 1,000 pairs from `instances.py pairs` (seeded); times are per query (median over "
                          "the pairs); `dijkstra` is Corridor's DijkstraQuery.shortestPath (early stop); answers "
                          "are (pairs, reachable, sum of distances), equal across tools")

    def family_mcf(self):
        files = sorted(f for f in os.listdir(os.path.join(SHARED, "mincostflow")) if f.endswith(".xz"))
        for f in files:
            name = f[:-len(".min.xz")]
            if self.args.quick and name in ("netgen_8_16a", "netgen_sr_12a", "netgen_8_14a"):
                continue
            if not self.wanted(name):
                continue
            path = self.decompress(os.path.join(SHARED, "mincostflow", f))
            self.mcf_instance("mcf", name, path)
        exponents = [8, 12] if self.args.quick else MCF_EXPONENTS
        for family, seed in MCF_FAMILIES:
            for k in exponents:
                if not self.wanted(f"{family}_{k:02d}"):
                    continue
                name, path = self.mcf_generate(family, k, seed + k)
                if path:
                    self.mcf_instance("mcf", name, path)

    def family_mcf_huge(self):
        """The 2^20-node instances: minutes per solve per tool, so one timed run each and no slow peers."""
        for family, seed in MCF_FAMILIES:
            if not self.wanted(f"{family}_{MCF_HUGE_EXPONENT:02d}"):
                continue
            name, path = self.mcf_generate(family, MCF_HUGE_EXPONENT, seed + MCF_HUGE_EXPONENT)
            if path:
                self.mcf_instance("mcf-huge", name, path)
        limit = (f"CPU-time limits {self.args.cpu_limit} (seconds of user + sys of the tool, polled in /proc)"
                 if self.args.cpu_limit else f"wall time limit {self.huge_timeout} s per tool")
        self.notes.append("mcf-huge: one timed run per tool (`--repeat 0`: the answer run is timed), "
                          f"{limit}; Corridor's forced variants and the slow peers are skipped")

    huge_timeout = 3600

    def mcf_instance(self, family, name, path):
        """Every tool on one `p min` file: Corridor (automatic choice and both algorithms forced), LEMON's
        NetworkSimplex, CostScaling and CapacityScaling, OR-Tools, NetworkX."""
        n, m = self.header_counts(path)
        huge = family == "mcf-huge"
        slow = name.startswith("goto8") and n >= 1 << 16  # GOTO at 2^16: tens of seconds per solve
        repeat = 0 if huge else 1 if slow else 3 if (self.args.quick or m > 200_000) else 5
        # GOTO is the hard family (OR-Tools took over 12 minutes at 2^16): shorter limits there.
        timeout = (self.huge_timeout // 2 if slow else self.huge_timeout) if huge else 900
        runs = ["--repeat", str(repeat)]
        self.corridor_run(family, name, n, m, path, runs, timeout=timeout)
        if not huge:
            for variant, algorithm in (("corridor-ns", "network-simplex"), ("corridor-cs", "cost-scaling")):
                self.corridor_run(family, name, n, m, path, runs + ["--algorithm", algorithm], tool=variant)
        lemon = os.path.join(self.bin, "lemon_peer")
        self.run_tool(family, name, n, m, "lemon", [lemon, "mcf", path] + runs, timeout=timeout)
        self.run_tool(family, name, n, m, "lemon-cs", [lemon, "mcf-cs", path] + runs, timeout=timeout)
        # Capacity scaling is 10-100x slower than the others except on road networks.
        if not huge and (m <= 40_000 or "road" in name):
            self.run_tool(family, name, n, m, "lemon-cap", [lemon, "mcf-cap", path] + runs)
        else:
            self.na(family, name, n, m, "lemon-cap", "skipped (slow off road networks and at 2^20)")
        self.run_tool(family, name, n, m, "ortools", [sys.executable, PY_PEER, "mcf", "ortools", path]
                      + (["--repeat", "0"] if slow else runs), timeout=timeout)
        if m > 70_000:
            self.na(family, name, n, m, "networkx", "skipped (too slow above 70k arcs)")
        else:
            self.run_tool(family, name, n, m, "networkx",
                          [sys.executable, PY_PEER, "mcf", "networkx", path, "--repeat", "1"])

    def mcf_generate(self, family, k, seed):
        """Writes WORK/inst/FAMILY_K.min (once) from the public generators or the FLA road graph."""
        name = f"{family}_{k:02d}"
        path = os.path.join(self.inst, name + ".min")
        if os.path.exists(path):
            return name, path
        n = 1 << k
        root = int(n ** 0.5)
        tmp = path + ".tmp"
        if family == "roadflow":
            pace = self.decompress(os.path.join(SHARED, "road", "FLA.gr.xz"), "FLA.pace")
            nodes = n if k < 20 else 1 << 30  # 2^20: the whole FLA graph (1,070,376 nodes)
            subprocess.run([sys.executable, os.path.join(HERE, "instances.py"), "roadflow", pace, tmp, str(nodes),
                            "--seed", str(seed)], check=True)
        else:
            generator = self.mcf_generator(family)
            if generator is None:
                self.na("mcf", name, n, 8 * n, "corridor", "n/a (no ../shared/bench/generators or no cc)")
                return name, None
            parameters = {
                "netgen8": f"{seed} 1 {n} {root} {root} {8 * n} 1 10000 {1000 * root} 0 0 100 100 1 1000\n",
                "gridgen8": f"1 {seed} {n} {root} {root} {root} 8 {1000 * root} 1 1 10000 1 1 1000\n",
                "goto8": f"{n}\n{8 * n}\n1000\n10000\n{seed}\n",
            }[family]
            with open(tmp, "w") as out:
                subprocess.run([generator], input=parameters, stdout=out, text=True, check=True)
        os.replace(tmp, path)
        self.notes.append(f"{family}_{k:02d}: seed {seed}")
        return name, path

    def mcf_generator(self, family):
        """Compiles NETGEN (limits raised to 2^21 nodes, 2^24 arcs), GRIDGEN or GOTO into WORK/bin from
        ../shared/bench/generators (read only; the NETGEN sources are copied to WORK to raise the limits)."""
        tool = family[:-1]  # netgen8 -> netgen
        binary = os.path.join(self.bin, tool)
        if os.path.exists(binary):
            return binary
        src = os.path.join(SHARED, "generators", tool)
        if not os.path.isdir(src) or shutil.which("cc") is None:
            return None
        if tool == "netgen":
            copy = os.path.join(self.work, "netgen-src")
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(src, copy)
            header = os.path.join(copy, "netgen.h")
            text = open(header).read()
            text = re.sub(r"#define MAXNODES \d+(\s+/\*)", r"#define MAXNODES 2100000\1", text)
            text = re.sub(r"#define MAXARCS \d+", "#define MAXARCS 17000000", text, count=0)
            os.chmod(header, 0o644)
            open(header, "w").write(text)
            cmd = ["cc", "-std=c99", "-O2", "-DDIMACS", "-o", binary] + [os.path.join(copy, f) for f in
                                                                        ("netgen.c", "index.c", "random.c")]
        elif tool == "gridgen":
            cmd = ["cc", "-O2", "-fwrapv", "-o", binary, os.path.join(src, "gridgen.c"), "-lm"]
        else:
            cmd = ["cc", "-O2", "-I", src, "-o", binary, os.path.join(src, "goto.c"), "-lm"]
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        return binary

    def family_maxflow(self):
        files = sorted(f for f in os.listdir(os.path.join(SHARED, "maxflow")) if f.endswith(".xz"))
        for f in files:
            name = f[:-len(".max.xz")]
            if self.args.quick and name.endswith("_16"):
                continue
            path = self.decompress(os.path.join(SHARED, "maxflow", f))
            n, m = self.header_counts(path)
            repeat = 3 if (self.args.quick or m > 100_000) else 5
            self.corridor_run("maxflow", name, n, m, path, ["--repeat", str(repeat)])
            self.run_tool("maxflow", name, n, m, "lemon",
                          [os.path.join(self.bin, "lemon_peer"), "maxflow", path, "--repeat", str(repeat)])
            for tool in ["ortools", "scipy", "igraph", "networkx"]:
                if tool == "networkx" and m > 100_000:
                    self.na("maxflow", name, n, m, tool, "skipped (too slow above 100k arcs)")
                    continue
                r = 1 if tool == "networkx" else repeat
                self.run_tool("maxflow", name, n, m, tool,
                              [sys.executable, PY_PEER, "maxflow", tool, path, "--repeat", str(r)])

    def corridor_run(self, family, name, n, m, path, extra, tool="corridor", timeout=900):
        if not self.corridor_has_bench:
            self.na(family, name, n, m, tool, "n/a (no `corridor bench` in this build)")
            return None
        fmt = {"sp": "sp", "mcf": "min", "mcf-huge": "min", "maxflow": "max"}[family]
        return self.run_tool(family, name, n, m, tool, [self.corridor, "bench", fmt, path] + extra, timeout=timeout)

    def family_load(self):
        side = 224 if self.args.quick else 708
        small_side = 100
        datasets = {}
        for k in (small_side, side):
            d = os.path.join(self.work, f"roads{k}")
            if not os.path.exists(os.path.join(d, "roads.shp")):
                log(f"  generating {k}x{k} road lattice (ogr2ogr)...")
                subprocess.run([sys.executable, os.path.join(HERE, "instances.py"), "roads", str(k), d], check=True)
            datasets[k] = os.path.join(d, "roads.shp")
        repeat = 3
        rss = {}
        for k, shp in sorted(datasets.items()):
            features = 2 * k * (k - 1)
            name = f"roads{k}"
            n, m = k * k, features
            tools = [("gdal", [os.path.join(self.bin, "gdal_iterate"), shp])]
            if self.corridor_has_info:
                tools.insert(0, ("corridor", [self.corridor, "info", "--network", shp, "--quiet", "--format", "json"]))
            else:
                self.na("load", name, n, m, "corridor", "n/a (no `corridor info` in this build)")
            for tool, cmd in tools:
                times, peak, err, answer = [], None, None, None
                log(f"  load    {name:22s} {tool:9s} ...")
                for _ in range(repeat + 1):
                    out, r, wall, e = self.measure(cmd, 900)
                    if e:
                        err = e
                        break
                    peak = max(peak or 0, r or 0)
                    if answer is None:
                        # Untimed first run (warms the page cache for both tools alike); the answer is the
                        # number of features read, and Corridor must have used them all.
                        if tool == "corridor":
                            src = out["sources"][0]
                            answer = f"features={src['features_read']}"
                            if src["features_used"] != src["features_read"]:
                                answer += f" used={src['features_used']}"
                            self.notes.append(f"Corridor on {name}: {out['node_count']:,} nodes, "
                                              f"{out['edge_count']:,} edges, {out['arc_count']:,} arcs")
                        else:
                            answer = out["answer"]
                        continue
                    times.append(wall)
                med = statistics.median(times) if times else None
                log(f"          -> median {fmt_time(med)} rss {fmt_mb(peak)}" + (f" ERROR {err}" if err else ""))
                self.rows.append({"family": "load", "instance": name, "nodes": n, "arcs": m, "tool": tool,
                                  "answer": None if err else answer, "median_s": med, "runs": len(times),
                                  "rss_kb": peak, "error": err})
                rss[(tool, k)] = (peak, m)
        retained = {}
        if self.corridor_has_bench:
            for k, shp in sorted(datasets.items()):
                row = self.run_tool("load", f"roads{k}", k * k, 2 * k * (k - 1), "corridor-load",
                                    [self.corridor, "bench", "load", shp, "--repeat", str(repeat)])
                out, _, _, _ = self.measure([self.corridor, "bench", "load", shp, "--repeat", "0"], 900)
                if out and "retained_bytes" in out:
                    retained[k] = out["retained_bytes"]
                    row["answer"] = f"features={out['answer'].split()[0].split('=')[1]}"
        if side in retained and small_side in retained:
            lines = 2 * side * (side - 1) - 2 * small_side * (small_side - 1)
            per = (retained[side] - retained[small_side]) / lines
            self.bytes_per_edge_retained = per
            self.notes.append(f"Corridor's loaded network retains {per:.0f} bytes per edge (resident memory after "
                              f"loading minus before, trimmed, roads{side} minus roads{small_side}; goal <= "
                              f"{BYTES_PER_EDGE_GOAL}; the whole Network: geometry, attributes, graph)")
        self.notes.append("load: `corridor-load` is `NetworkLoader.load` timed inside the process (`corridor bench load`)")
        self.notes.append("load: wall time of the whole process (`corridor info --network FILE --quiet --format json` vs. "
                          "`gdal_iterate FILE`), median of 3 after one untimed run")
        if ("corridor", side) in rss and ("corridor", small_side) in rss:
            (big, mb), (small, ms) = rss[("corridor", side)], rss[("corridor", small_side)]
            if big and small:
                self.bytes_per_edge = (big - small) * 1024 / (mb - ms)
                self.notes.append(f"Corridor peak RSS grows {self.bytes_per_edge:.0f} bytes per input line "
                                  f"between roads{small_side} and roads{side} (peak, so it includes transient build structures "
                                  "and GDAL's buffers)")

    # ---------- answers and report ----------
    def check_answers(self):
        """Reference per instance: the known optimum if published, else the majority answer."""
        by_instance = {}
        for r in self.rows:
            by_instance.setdefault((r["family"], r["instance"]), []).append(r)
        for (family, inst), rows in by_instance.items():
            answers = [r["answer"] for r in rows if r["answer"]]
            ref = KNOWN.get(inst)
            if ref is None and answers:
                counts = {a: answers.count(a) for a in answers}
                ref = max(counts, key=lambda a: (counts[a], a == next(
                    (r["answer"] for r in rows if r["tool"] == "lemon"), None)))
            for r in rows:
                r["same"] = r["answer"] is not None and r["answer"] == ref
                r["reference"] = ref

    def table(self):
        self.check_answers()
        lines = ["| family | instance | nodes | arcs | tool | median | CPU median | time ÷ Corridor | peak RSS | same answer |",
                 "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |"]
        groups = {}
        for r in self.rows:
            groups.setdefault((r["family"], r["instance"]), []).append(r)
        goal_lines = []
        for (family, inst), rows in groups.items():
            cor = next((r for r in rows if r["tool"] == "corridor" and r["same"] and r["median_s"]), None)
            # Ratios use CPU time where every timed row of the instance reports a non-zero one (the min-cost-flow
            # drivers; a solve shorter than the CPU clock's tick reads 0), else wall time: one basis per instance.
            timed = [r for r in rows if r["same"] and r["median_s"]]
            use_cpu = bool(timed) and all(r.get("cpu_s") for r in timed)
            def basis(r):
                return r.get("cpu_s") if use_cpu else r["median_s"]
            for r in rows:
                ratio = "n/a"
                if cor and r["median_s"] and r["same"]:
                    ratio = f"{basis(r) / basis(cor):.2f}"
                if r["median_s"] is None:
                    med = r["error"] or "n/a"
                else:
                    med = fmt_time(r["median_s"])
                same = "yes" if r["same"] else ("n/a" if r["answer"] is None else f"NO ({r['answer']})")
                lines.append(f"| {family} | {inst} | {r['nodes']:,} | {r['arcs']:,} | {r['tool']} | {med} | "
                             f"{fmt_time(r.get('cpu_s'))} | {ratio} | {fmt_mb(r['rss_kb'])} | {same} |")
            peers, goal = GOALS[family]
            best = [r for r in rows if r["tool"] in peers and r["same"] and r["median_s"]]
            if family == "p2p":
                name, _, phase = inst.rpartition(" ")
                limit = P2P_GOALS.get((name, phase))
                ratio = f"{cor['median_s'] / best[0]['median_s']:.2f}" if cor and best else "n/a"
                peer = f"{best[0]['tool']} {fmt_time(best[0]['median_s'])}" if best else "n/a"
                if cor and limit is not None:
                    goal_lines.append(f"| {family} | {inst} | {peer} | {fmt_time(cor['median_s'])} | {ratio} | "
                                      f"≤ {fmt_time(limit)} | {'met' if cor['median_s'] <= limit else 'NOT met'} |")
                elif cor and best:
                    goal_lines.append(f"| {family} | {inst} | {peer} | {fmt_time(cor['median_s'])} | {ratio} | "
                                      f"none | n/a |")
                continue
            if best:
                b = min(best, key=basis)
                if cor:
                    x = basis(cor) / basis(b)
                    cpu = " CPU" if use_cpu else ""
                    goal_lines.append(f"| {family} | {inst} | {b['tool']} {fmt_time(basis(b))}{cpu} | "
                                      f"{fmt_time(basis(cor))}{cpu} | {x:.2f} | ≤ {goal} | "
                                      f"{'met' if x <= goal else 'NOT met'} |")
                else:
                    goal_lines.append(f"| {family} | {inst} | {b['tool']} {fmt_time(b['median_s'])} | n/a | n/a | "
                                      f"≤ {goal} | n/a |")
        goals = ["| family | instance | fastest named peer | Corridor | Corridor ÷ peer | goal | status |",
                 "| --- | --- | --- | ---: | ---: | ---: | --- |"] + goal_lines
        return "\n".join(lines), "\n".join(goals)


def descendants(pid):
    """pid and every process below it (from /proc/PID/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return out


def tree_cpu_seconds(pid):
    """User + sys CPU seconds of pid and its descendants (all threads), from /proc/PID/stat."""
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def kill_tree(pid):
    """Kills what runs below pid (/usr/bin/time itself then exits and still writes its report)."""
    for p in reversed(descendants(pid)[1:]):
        try:
            os.kill(p, 9)
        except OSError:
            pass


def rk_version():
    try:
        from importlib.metadata import version
        return version("routingkit-cch")
    except Exception:  # noqa: BLE001 - a missing peer is reported, not fatal
        return "missing"


def fmt_time(s):
    if s is None:
        return "n/a"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.2f} s"


def fmt_mb(kb):
    return "n/a" if kb is None else f"{kb / 1024:.0f} MB"


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return cpu, os.cpu_count(), mem


def versions():
    out = []
    for mod in ["scipy", "networkx", "igraph", "ortools"]:
        try:
            out.append(f"{mod} {__import__(mod).__version__}")
        except Exception:  # noqa: BLE001 - a missing peer is reported, not fatal
            out.append(f"{mod} missing")
    out.append(f"routingkit-cch {rk_version()}")
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "liblemon-dev"], capture_output=True, text=True)
    out.append(f"LEMON {r.stdout or '?'}")
    r = subprocess.run(["gdal-config", "--version"], capture_output=True, text=True)
    out.append(f"GDAL {r.stdout.strip() or '?'}")
    out.append(f"Python {platform.python_version()}")
    return ", ".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--family", default="all",
                   help="sp|p2p|mcf|mcf-huge|maxflow|load|all (comma-separated allowed; all excludes mcf-huge)")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--work", default=os.environ.get("BENCH_WORK", "/tmp/corridor-bench"))
    p.add_argument("--corridor", default=os.path.join(REPO, ".build-bench", "release", "corridor"))
    p.add_argument("--markdown", default=None, help="also write the Markdown report here")
    p.add_argument("--instances", default=None, help="comma list: only these instances (e.g. goto8_20)")
    p.add_argument("--tools", default=None, help="comma list: only these tools (e.g. corridor,lemon-cs)")
    p.add_argument("--cpu-limit", default=None,
                   help="CPU seconds per tool run (user + sys, polled): S for every tool, or TOOL=S,... with an optional "
                        "bare S as the default, e.g. 600,corridor=1800,lemon-cs=1800")
    p.add_argument("--command", default=" ".join(sys.argv))
    a = p.parse_args()
    families = ["sp", "p2p", "mcf", "maxflow", "load"] if a.family == "all" else a.family.split(",")
    bench = Bench(a)
    load_before = open("/proc/loadavg").read().split()[:3]
    started = time.time()
    for fam in families:
        log(f"== {fam}")
        # Per family, since a long run on a shared machine crosses very different loads.
        before, t0 = open("/proc/loadavg").read().split()[:3], time.time()
        getattr(bench, "family_" + fam.replace("-", "_"))()
        bench.notes.append(f"family {fam}: load average {' '.join(before)} before, "
                           f"{' '.join(open('/proc/loadavg').read().split()[:3])} after, {(time.time() - t0) / 60:.1f} min")
    elapsed = time.time() - started
    load_after = open("/proc/loadavg").read().split()[:3]
    table, goals = bench.table()
    cpu, cores, mem = machine()
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    md = [f"Machine: {cpu}, {cores} cores, {mem} RAM. Commit `{commit}`{' (with local changes)' if dirty else ''}. "
          f"Load average {' '.join(load_before)} before, {' '.join(load_after)} after; "
          f"run took {elapsed / 60:.1f} min.",
          "", f"Command: `{a.command}`", "", f"Peers: {versions()}.", "", "### Goals", "", goals, "",
          "### All results", "", table, "", "Notes:", ""]
    md += [f"- {n}" for n in bench.notes]
    text = "\n".join(md) + "\n"
    print(text)
    out = os.path.join(a.work, "results.md")
    with open(out, "w") as f:
        f.write(text)
    with open(os.path.join(a.work, "results.json"), "w") as f:
        json.dump(bench.rows, f, indent=1)
    if a.markdown:
        shutil.copy(out, a.markdown)
    log(f"written {out}")


if __name__ == "__main__":
    main()
