#!/usr/bin/env python3
"""SciPy's HiGHS (`scipy.optimize.linprog(method="highs")`) on MPS files, for Tools/bench/lpflow.py.

    highs_lp.py FILE.mps... [--repeat R] [--time-limit S] [--method highs|highs-ds|highs-ipm]

Per file, parsing the MPS and building SciPy's arrays are untimed (Tools/crosscheck/lp.py's reader, the one the
tests use); then R runs of the linprog call alone are timed (wall and process CPU). Prints one JSON line per file:
{"tool": "scipy-highs", "file": ..., "answer": "optimal VALUE", "times_s": [...], "cpu_s": [...]}.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "crosscheck"))
import lp  # noqa: E402


def main(argv):
    repeat = 1
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = int(argv[i + 1])
        del argv[i:i + 2]
    limit, method = None, "highs"
    if "--time-limit" in argv:
        i = argv.index("--time-limit")
        limit = float(argv[i + 1])
        del argv[i:i + 2]
    if "--method" in argv:
        i = argv.index("--method")
        method = argv[i + 1]
        del argv[i:i + 2]
    for path in argv:
        model = lp.read_mps(path)
        run = lp.prepare(model, method=method, time_limit=limit)
        times, cpu, answer = [], [], ""
        for _ in range(max(1, repeat)):
            w, c = time.perf_counter(), time.process_time()
            answer = run()
            times.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
        print(json.dumps({"tool": "scipy-highs", "method": method, "file": os.path.basename(path), "answer": answer,
                          "times_s": times, "cpu_s": cpu}))
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
