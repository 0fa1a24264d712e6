#!/usr/bin/env python3
"""Validate the Far East schematic network (source YAML + network.yaml + distances.yaml + scenario).

Hard checks (exit 1 on failure):
  * every referenced place exists; every gazetteer place is used by a line or a terminal;
  * every segment is <= 120 km (haversine on the mean sphere; the Swift tests re-check with PROJ geodesics);
  * a place touched by segments of different countries must be a crossing place listed in network.yaml;
  * each crossing: kind "crossing", and for every listed mode, segments of that mode from EVERY listed
    country touch it (and no segment of another country does);
  * each transshipment terminal is touched by a 1520-capable and a 1435-capable rail segment (dual = both);
  * each transfer terminal is touched by a road segment and a rail segment;
  * road and rail graphs are each connected (ignoring gauge);
  * published rail distances (distances.yaml) are met within +-15 % on the schematic graph, unless the entry
    is flagged `known_short` (reported, not failed);
  * the scenario file (GeoData/scenarios/far-east.yaml) names only known places, crossings and regions.
Advisory (printed): segments longer than 80 km.
"""
from __future__ import annotations

import heapq
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fe_source  # noqa: E402

MAX_SEGMENT_KM = 120.0
ADVISORY_KM = 80.0
TOLERANCE = 0.15


class Report:
    def __init__(self):
        self.errors: list[str] = []

    def fail(self, msg: str) -> None:
        self.errors.append(msg)
        print(f"FAIL  {msg}")

    def ok(self, msg: str) -> None:
        print(f"ok    {msg}")

    def info(self, msg: str) -> None:
        print(f"info  {msg}")


def touching(segments):
    by_place = defaultdict(list)
    for s in segments:
        by_place[s["from"]].append(s)
        by_place[s["to"]].append(s)
    return by_place


def shortest_km(segments, a, b):
    adj = defaultdict(list)
    for s in segments:
        adj[s["from"]].append((s["to"], s["length_km"]))
        adj[s["to"]].append((s["from"], s["length_km"]))
    dist, heap = {a: 0.0}, [(0.0, a)]
    while heap:
        d, u = heapq.heappop(heap)
        if u == b:
            return d
        if d > dist[u]:
            continue
        for v, w in adj[u]:
            if d + w < dist.get(v, float("inf")):
                dist[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return None


def components(segments):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s in segments:
        parent[find(s["from"])] = find(s["to"])
    groups = defaultdict(set)
    for p in list(parent):
        groups[find(p)].add(p)
    return sorted(groups.values(), key=len, reverse=True)


def main() -> int:
    r = Report()
    places = fe_source.load_places()
    rail = fe_source.load_segments("rail", places)
    road = fe_source.load_segments("road", places)
    allsegs = rail + road
    manifest = fe_source.load_manifest()
    r.ok(f"{len(places)} places, {len(rail)} rail segments, {len(road)} road segments parsed")

    # segment lengths
    longest = max(allsegs, key=lambda s: s["length_km"])
    for s in allsegs:
        if s["length_km"] > MAX_SEGMENT_KM:
            r.fail(f"{s['seg_id']} {s['from']} - {s['to']} is {s['length_km']:.1f} km > {MAX_SEGMENT_KM:.0f} km")
    r.ok(f"longest segment {longest['seg_id']} {longest['from']} - {longest['to']} {longest['length_km']:.1f} km")
    seen = set()
    for s in allsegs:
        key = tuple(sorted((s["from"], s["to"])))
        if s["length_km"] > ADVISORY_KM and key not in seen:
            seen.add(key)
            r.info(f"segment > {ADVISORY_KM:.0f} km (no real place used in between): {s['from']} - {s['to']} {s['length_km']:.1f} km")

    by_place = touching(allsegs)
    crossings = manifest.get("crossings", [])
    terminals = manifest.get("terminals", [])
    crossing_places = {c["place"] for c in crossings}

    # gazetteer usage
    used = set(by_place) | {t["place"] for t in terminals} | crossing_places
    for name in places:
        if name not in by_place:
            r.fail(f"place {name!r} is not used by any line")
    for name in used:
        if name not in places:
            r.fail(f"network.yaml references unknown place {name!r}")

    # country changes only at crossings; place country agrees with its segments elsewhere
    for name, segs in by_place.items():
        countries = {s["country"] for s in segs}
        if len(countries) > 1 and name not in crossing_places:
            r.fail(f"segments of {sorted(countries)} meet at {name!r}, which is not a listed crossing")
        if name not in crossing_places and places[name]["country"] not in countries:
            r.fail(f"place {name!r} is filed under {places[name]['country']} but touched only by {sorted(countries)}")
    r.ok("countries change only at crossing points")

    # crossings
    names = set()
    for c in crossings:
        where = f"crossing {c.get('name')!r}"
        if c["name"] in names:
            r.fail(f"{where}: duplicate name")
        names.add(c["name"])
        for key in ("place", "modes", "countries", "capacity_tpd", "delay_h", "cost"):
            if key not in c:
                r.fail(f"{where}: missing {key}")
        p = places.get(c["place"])
        if p is None:
            continue
        if p["kind"] != "crossing":
            r.fail(f"{where}: place {c['place']!r} has kind {p['kind']!r}, expected crossing")
        for mode in c["modes"]:
            segs = [s for s in by_place.get(c["place"], []) if s["mode"] == mode]
            got = {s["country"] for s in segs}
            if got != set(c["countries"]):
                r.fail(f"{where}: {mode} lines touching it are from {sorted(got)}, expected {sorted(c['countries'])}")
        for s in by_place.get(c["place"], []):
            if s["mode"] not in c["modes"]:
                r.fail(f"{where}: {s['mode']} segment {s['seg_id']} touches it but mode is not listed")
    r.ok(f"{len(crossings)} crossings checked")

    # terminals
    for t in terminals:
        where = f"terminal {t['place']!r} ({t['kind']})"
        segs = by_place.get(t["place"], [])
        if t["kind"] == "transshipment":
            gauges = {s["gauge_mm"] for s in segs if s["mode"] == "rail"}
            has1520 = bool(gauges & {"1520", "dual"})
            has1435 = bool(gauges & {"1435", "dual"})
            if not (has1520 and has1435):
                r.fail(f"{where}: needs 1520 and 1435 rail, found gauges {sorted(gauges)}")
        elif t["kind"] == "transfer":
            modes = {s["mode"] for s in segs}
            if modes != {"rail", "road"}:
                r.fail(f"{where}: needs road and rail, found {sorted(modes)}")
        else:
            r.fail(f"{where}: unknown kind")
        for key in ("capacity_tpd", "delay_h", "cost"):
            if key not in t:
                r.fail(f"{where}: missing {key}")
    r.ok(f"{len(terminals)} terminals checked")

    # connectivity
    for mode, segs in (("rail", rail), ("road", road)):
        comps = components(segs)
        if len(comps) != 1:
            r.fail(f"{mode} graph has {len(comps)} components; smaller ones: {[sorted(c)[:4] for c in comps[1:]]}")
        else:
            r.ok(f"{mode} graph connected ({len(comps[0])} places)")

    # published distances
    import yaml
    dist_path = os.path.join(fe_source.DATASET, "distances.yaml")
    with open(dist_path, encoding="utf-8") as f:
        dists = yaml.safe_load(f)["rail_distances"]
    for d in dists:
        km = shortest_km(rail, d["from"], d["to"])
        if km is None:
            r.fail(f"distance {d['from']} - {d['to']}: no rail path")
            continue
        ratio = km / d["km"]
        line = f"{d['from']} - {d['to']}: schematic {km:.0f} km vs published {d['km']} km ({(ratio - 1) * 100:+.1f} %)"
        if abs(ratio - 1) <= TOLERANCE:
            r.ok(line)
        elif d.get("known_short"):
            r.info(f"KNOWN SHORT {line}")
        else:
            r.fail(line)

    # scenario names
    scen_path = os.path.join(fe_source.REPO, "GeoData", "scenarios", "far-east.yaml")
    if os.path.exists(scen_path):
        with open(scen_path, encoding="utf-8") as f:
            scen = yaml.safe_load(f)
        regions = {s["region"] for s in allsegs}
        crossing_names = {c["name"] for c in crossings}

        def need_place(n, ctx):
            if n not in places:
                r.fail(f"scenario {ctx}: unknown place {n!r}")

        for key in ("origins", "destinations"):
            for item in scen.get(key, []):
                need_place(item["place"], key)
        for a in scen.get("analyses", []):
            for key in ("from", "to"):
                if key in a:
                    need_place(a[key], f"analysis {a.get('id')}")
        for s in scen.get("scenarios", []):
            for n in s.get("close_crossings", []):
                if n not in crossing_names:
                    r.fail(f"scenario {s['id']}: unknown crossing {n!r}")
            for n in s.get("deny_regions", []):
                if n not in regions:
                    r.fail(f"scenario {s['id']}: unknown region {n!r}")
        r.ok("scenario file names known places, crossings and regions")

    for mode, segs in (("rail", rail), ("road", road)):
        r.info(f"{mode}: {len(segs)} segments, {sum(s['length_km'] for s in segs):.0f} km")
    if r.errors:
        print(f"\n{len(r.errors)} check(s) failed")
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
