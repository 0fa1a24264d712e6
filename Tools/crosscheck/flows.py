#!/usr/bin/env python3
"""Independent peer for `corridor solve`: reads a DIMACS min-cost-flow (`p min`) or max-flow (`p max`)
file (optionally .xz, or - for stdin) and prints the optimum as `s VALUE` using OR-Tools, or NetworkX
when OR-Tools is missing. Prints `s INFEASIBLE` when supplies cannot be met.

Supply semantics match corridor: if total supply exceeds total demand, supply nodes ship at most their
supply (a zero-cost arc from every supply node to an extra sink absorbs the rest).

Usage: flows.py FILE... [--solver ortools|networkx] [--timing]
With several files, prints one `s VALUE` line per file, in order (one interpreter start for many instances).
Exit status: 0 solved (or infeasible, reported on stdout), 2 usage, 3 no solver available.
"""
import lzma
import sys
import time


def read_dimacs(path):
    if path == "-":
        data = sys.stdin.read()
    elif path.endswith(".xz"):
        with lzma.open(path, "rt") as f:
            data = f.read()
    else:
        with open(path) as f:
            data = f.read()
    kind, n = None, 0
    supplies, arcs, source, sink = {}, [], None, None
    for line in data.splitlines():
        parts = line.split()
        if not parts or parts[0] == "c":
            continue
        if parts[0] == "p":
            kind, n = parts[1], int(parts[2])
        elif parts[0] == "n":
            if kind == "min":
                supplies[int(parts[1]) - 1] = int(parts[2])
            elif parts[2] == "s":
                source = int(parts[1]) - 1
            else:
                sink = int(parts[1]) - 1
        elif parts[0] == "a":
            u, v = int(parts[1]) - 1, int(parts[2]) - 1
            if kind == "min":
                arcs.append((u, v, int(parts[3]), int(parts[4]), int(parts[5])))
            else:
                arcs.append((u, v, 0, int(parts[3]), 0))
    return kind, n, supplies, arcs, source, sink


def with_lower_bounds_removed(n, supplies, arcs):
    """Shift lower bounds out and add an excess sink when supply exceeds demand."""
    b = [supplies.get(i, 0) for i in range(n)]
    shifted = []
    base_cost = 0
    for (u, v, low, cap, cost) in arcs:
        if low:
            b[u] -= low
            b[v] += low
            base_cost += low * cost
        shifted.append((u, v, cap - low, cost))
    total = sum(supplies.values())
    if total > 0:
        excess = n
        n += 1
        b.append(-total)
        for node, s in supplies.items():
            if s > 0:
                shifted.append((node, excess, s, 0))
    return n, b, shifted, base_cost


def solve_ortools(kind, n, supplies, arcs, source, sink):
    if kind == "max":
        from ortools.graph.python import max_flow
        mf = max_flow.SimpleMaxFlow()
        for (u, v, _, cap, _) in arcs:
            mf.add_arc_with_capacity(u, v, cap)
        status = mf.solve(source, sink)
        if status != mf.OPTIMAL:
            raise SystemExit(f"ortools max flow status {status}")
        return mf.optimal_flow()
    from ortools.graph.python import min_cost_flow
    n, b, shifted, base = with_lower_bounds_removed(n, supplies, arcs)
    mcf = min_cost_flow.SimpleMinCostFlow()
    for (u, v, cap, cost) in shifted:
        mcf.add_arc_with_capacity_and_unit_cost(u, v, cap, cost)
    for i in range(n):
        mcf.set_node_supply(i, b[i])
    status = mcf.solve()
    if status == mcf.INFEASIBLE or status == mcf.UNBALANCED:
        return "INFEASIBLE"
    if status != mcf.OPTIMAL:
        return f"STATUS{status}"
    return mcf.optimal_cost() + base


def solve_networkx(kind, n, supplies, arcs, source, sink):
    import networkx as nx
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    extra = n
    # DiGraph has no parallel arcs: route each arc through its own midpoint node.
    if kind == "max":
        for (u, v, _, cap, _) in arcs:
            g.add_edge(u, extra, capacity=cap)
            g.add_edge(extra, v, capacity=cap)
            extra += 1
        return nx.maximum_flow_value(g, source, sink)
    n2, b, shifted, base = with_lower_bounds_removed(n, supplies, arcs)
    g.add_nodes_from(range(n2))
    extra = n2
    for i in range(n2):
        g.nodes[i]["demand"] = -b[i]
    for (u, v, cap, cost) in shifted:
        g.add_node(extra, demand=0)
        g.add_edge(u, extra, capacity=cap, weight=cost)
        g.add_edge(extra, v, capacity=cap, weight=0)
        extra += 1
    try:
        return nx.min_cost_flow_cost(g) + base
    except nx.NetworkXUnfeasible:
        return "INFEASIBLE"


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    solver = "ortools"
    if "--solver" in argv:
        solver = argv[argv.index("--solver") + 1]
        args = [a for a in args if a != solver]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        if solver == "ortools":
            try:
                import ortools.graph.python.min_cost_flow  # noqa: F401
            except ImportError:
                solver = "networkx"
        if solver == "networkx":
            import networkx  # noqa: F401
    except ImportError:
        print("flows.py: neither ortools nor networkx is available", file=sys.stderr)
        return 3
    for path in args:
        started = time.perf_counter()
        problem = read_dimacs(path)
        parsed = time.perf_counter()
        value = solve_ortools(*problem) if solver == "ortools" else solve_networkx(*problem)
        solved = time.perf_counter()
        print(f"s {value}", flush=True)
        if "--timing" in argv:
            print(f"timing: {solver} parse {1000 * (parsed - started):.1f} ms, "
                  f"solve {1000 * (solved - parsed):.1f} ms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
