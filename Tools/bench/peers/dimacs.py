"""Minimal DIMACS readers shared by the Python peer drivers (parsing is never timed)."""
import numpy as np


def _read(path):
    with open(path, "r") as f:
        text = f.read()
    problem, nodes, arcs = None, [], []
    for line in text.split("\n"):
        if not line:
            continue
        c = line[0]
        if c == "a":
            arcs.append(line[1:])
        elif c == "n":
            nodes.append(line.split()[1:])
        elif c == "p":
            problem = line.split()[1:]
    arr = np.fromstring(" ".join(arcs), dtype=np.int64, sep=" ")
    return problem, nodes, arr


def read_sp(path):
    """Returns (n, tails, heads, weights) with 0-based node ids."""
    problem, _, arr = _read(path)
    n = int(problem[1])
    arr = arr.reshape(-1, 3)
    return n, arr[:, 0] - 1, arr[:, 1] - 1, arr[:, 2]


def read_min(path):
    """Returns (n, tails, heads, lower, capacity, cost, supply) with 0-based ids."""
    problem, nodes, arr = _read(path)
    n = int(problem[1])
    arr = arr.reshape(-1, 5)
    supply = np.zeros(n, dtype=np.int64)
    for node_id, value in nodes:
        supply[int(node_id) - 1] += int(value)
    return n, arr[:, 0] - 1, arr[:, 1] - 1, arr[:, 2], arr[:, 3], arr[:, 4], supply


def read_max(path):
    """Returns (n, tails, heads, capacity, source, sink) with 0-based ids."""
    problem, nodes, arr = _read(path)
    n = int(problem[1])
    arr = arr.reshape(-1, 3)
    source = sink = None
    for node_id, kind in nodes:
        if kind == "s":
            source = int(node_id) - 1
        elif kind == "t":
            sink = int(node_id) - 1
    return n, arr[:, 0] - 1, arr[:, 1] - 1, arr[:, 2], source, sink
