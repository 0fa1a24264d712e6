#!/usr/bin/env python3
"""Independent peer for CorridorSolver: reads free-format MPS files (as `LinearModel.mps()` writes them, or any
free MPS with ROWS/COLUMNS/RHS/RANGES/BOUNDS, integer MARKER blocks and OBJSENSE) and solves each with SciPy's HiGHS:
`scipy.optimize.linprog(method="highs")` for an LP, `scipy.optimize.milp` (relative gap 0) when a column is integer.

Prints one line per file, in order:
    optimal VALUE      (VALUE in Python's round-trip repr)
    infeasible
    unbounded
    other MESSAGE
With --timing, also `time SECONDS` (wall time of the SciPy call alone, not parsing or building arrays) after each line.

Usage: lp.py FILE.mps... [--timing]
Exit status: 0 all read (whatever their status), 2 usage or unreadable file, 3 SciPy missing.
"""
import math
import sys
import time


def read_mps(path):
    """Returns (sense, c, rows, row_lo, row_hi, col_lo, col_hi, integer) with rows as {col: coef} dicts."""
    sense = 1
    objective_name = None
    row_index, row_types = {}, []
    col_index, c, integer, entries = {}, [], [], []
    rhs, ranges, bounds = {}, {}, []
    section, in_integer = None, False
    with open(path) as f:
        lines = f.read().splitlines()
    for line in lines:
        if not line.strip() or line.startswith("*"):
            continue
        if not line[0].isspace():
            parts = line.split()
            section = parts[0]
            if section == "OBJSENSE" and len(parts) > 1:
                sense = -1 if parts[1].upper() in ("MAX", "MAXIMIZE") else 1
            if section == "ENDATA":
                break
            continue
        parts = line.split()
        if section == "OBJSENSE":
            sense = -1 if parts[0].upper() in ("MAX", "MAXIMIZE") else 1
        elif section == "ROWS":
            kind, name = parts[0].upper(), parts[1]
            if kind == "N" and objective_name is None:
                objective_name = name
            else:
                row_index[name] = len(row_types)
                row_types.append(kind)
        elif section == "COLUMNS":
            if len(parts) >= 3 and parts[1] == "'MARKER'":
                in_integer = parts[2] == "'INTORG'"
                continue
            name = parts[0]
            if name not in col_index:
                col_index[name] = len(c)
                c.append(0.0)
                integer.append(in_integer)
            j = col_index[name]
            for k in range(1, len(parts) - 1, 2):
                row, value = parts[k], float(parts[k + 1])
                if row == objective_name:
                    c[j] += value
                else:
                    entries.append((row_index[row], j, value))
        elif section == "RHS":
            for k in range(1, len(parts) - 1, 2):
                row, value = parts[k], float(parts[k + 1])
                if row != objective_name:
                    rhs[row_index[row]] = value
        elif section == "RANGES":
            for k in range(1, len(parts) - 1, 2):
                ranges[row_index[parts[k]]] = float(parts[k + 1])
        elif section == "BOUNDS":
            kind, name = parts[0].upper(), parts[2]
            value = float(parts[3]) if len(parts) > 3 else None
            bounds.append((kind, col_index[name], value))
    m, n = len(row_types), len(c)
    row_lo, row_hi = [-math.inf] * m, [math.inf] * m
    for i, kind in enumerate(row_types):
        b = rhs.get(i, 0.0)
        r = ranges.get(i)
        if kind == "E":
            row_lo[i] = row_hi[i] = b
            if r is not None:
                if r > 0:
                    row_hi[i] = b + r
                else:
                    row_lo[i] = b + r
        elif kind == "L":
            row_hi[i] = b
            if r is not None:
                row_lo[i] = b - abs(r)
        elif kind == "G":
            row_lo[i] = b
            if r is not None:
                row_hi[i] = b + abs(r)
    col_lo, col_hi = [0.0] * n, [math.inf] * n
    for kind, j, value in bounds:
        if kind == "UP":
            col_hi[j] = value
        elif kind == "LO":
            col_lo[j] = value
        elif kind == "FX":
            col_lo[j] = col_hi[j] = value
        elif kind == "FR":
            col_lo[j], col_hi[j] = -math.inf, math.inf
        elif kind == "MI":
            col_lo[j] = -math.inf
        elif kind == "PL":
            col_hi[j] = math.inf
        elif kind == "BV":
            col_lo[j], col_hi[j] = 0.0, 1.0
            integer[j] = True
        elif kind == "LI":
            col_lo[j] = value
            integer[j] = True
        elif kind == "UI":
            col_hi[j] = value
            integer[j] = True
        else:
            raise ValueError("bound type %s" % kind)
    return sense, c, m, entries, row_lo, row_hi, col_lo, col_hi, integer


def solve(model):
    return prepare(model)()


def prepare(model, method="highs", time_limit=None):
    """Builds SciPy's arrays for `model` and returns a function that solves it and returns the result line (so a
    benchmark can time the solve alone)."""
    import numpy as np
    from scipy.optimize import linprog, milp, LinearConstraint, Bounds
    from scipy.sparse import coo_matrix

    sense, c, m, entries, row_lo, row_hi, col_lo, col_hi, integer = model
    n = len(c)
    if n == 0:
        # No columns: the objective is 0, feasible when 0 lies within every row's bounds (SciPy rejects empty c).
        feasible = all(lo <= 0 <= hi for lo, hi in zip(row_lo, row_hi))
        return lambda: "optimal 0.0" if feasible else "infeasible"
    cost = np.array(c) * sense
    if entries:
        r, k, v = zip(*entries)
    else:
        r, k, v = (), (), ()
    a = coo_matrix((v, (r, k)), shape=(m, n)).tocsr()
    if any(integer):
        constraints = [LinearConstraint(a, row_lo, row_hi)] if m else []
        def polished(res, x):
            """HiGHS accepts integer columns within 1e-6 of an integer, which moves the objective by more than
            1e-9: fix them at the nearest integers and re-solve the continuous rest as an LP."""
            lo = np.array(col_lo, dtype=float)
            hi = np.array(col_hi, dtype=float)
            mask = np.array(integer)
            lo[mask] = hi[mask] = np.round(x[mask])
            if mask.all():
                return float(np.dot(cost, lo))
            fixed = milp(cost, constraints=constraints, integrality=np.zeros(n, dtype=int), bounds=Bounds(lo, hi))
            return fixed.fun if fixed.status == 0 else res.fun

        def run_milp(objective):
            return milp(objective, constraints=constraints, integrality=np.array(integer, dtype=int),
                        bounds=Bounds(col_lo, col_hi), options={"mip_rel_gap": 0.0})

        def solve_milp():
            res = run_milp(cost)
            if res.status == 0:
                return "optimal %r" % (sense * polished(res, res.x))
            # As for LPs: "infeasible or unbounded" is settled by a feasibility solve.
            if res.status in (2, 3) or "unbounded or infeasible" in (res.message or ""):
                feasible = run_milp(np.zeros(n)).status == 0
                return "unbounded" if feasible else "infeasible"
            return "other %s" % res.message.replace("\n", " ")
        return solve_milp
    lo, hi = np.array(row_lo), np.array(row_hi)
    eq = lo == hi
    upper = (~eq) & np.isfinite(hi)
    lower = (~eq) & np.isfinite(lo)
    blocks, rhs = [], []
    if upper.any():
        blocks.append(a[upper])
        rhs.append(hi[upper])
    if lower.any():
        blocks.append(-a[lower])
        rhs.append(-lo[lower])
    from scipy.sparse import vstack
    a_ub = vstack(blocks) if blocks else None
    b_ub = np.concatenate(rhs) if rhs else None
    a_eq = a[eq] if eq.any() else None
    b_eq = lo[eq] if eq.any() else None
    bounds = [(None if l == -math.inf else l, None if h == math.inf else h) for l, h in zip(col_lo, col_hi)]
    def run(objective):
        options = {"time_limit": time_limit} if time_limit else {}
        return linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method=method,
                       options=options)

    def solve_lp():
        res = run(cost)
        if res.status == 0:
            return "optimal %r" % (sense * res.fun)
        if res.status in (2, 3):
            # HiGHS may only know "infeasible or unbounded", or call an unbounded model infeasible: a model that is
            # feasible (zero objective) and has no optimum is unbounded.
            feasible = run(np.zeros(n)).status == 0
            return "unbounded" if feasible else "infeasible"
        return "other %s" % res.message.replace("\n", " ")
    return solve_lp


def main(argv):
    timing = "--timing" in argv
    files = [a for a in argv if a != "--timing"]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import scipy  # noqa: F401
    except ImportError:
        print("lp.py: scipy is not installed", file=sys.stderr)
        return 3
    for path in files:
        try:
            model = read_mps(path)
        except (OSError, ValueError, KeyError, IndexError) as e:
            print("lp.py: %s: %s" % (path, e), file=sys.stderr)
            return 2
        run = prepare(model)
        start = time.perf_counter()
        line = run()
        elapsed = time.perf_counter() - start
        print(line)
        if timing:
            print("time %.6f" % elapsed)
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
