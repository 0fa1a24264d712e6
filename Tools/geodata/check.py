#!/usr/bin/env python3
"""Validate the Far East schematic network (source YAML + network.yaml + distances.yaml + scenario).

Hard checks (exit 1 on failure):
  * every number has a source or a range: each capacity, speed, delay and cost of the lines (source/rail.yaml,
    road.yaml), the crossings and terminals (source/network.yaml) and the profile (source/profile.yaml) is
    cited (an existing source id, with a conversion for capacities) or an assumption with low <= base <= high
    and its reasoning; every chainage km and distance figure appears in the quote of the source it cites (or
    says how it is derived); the generated network.yaml and profile.yaml match their sources;
  * every referenced place exists; every gazetteer place is used by a line or a terminal;
  * every segment is <= 120 km (haversine on the mean sphere; the Swift tests re-check with PROJ geodesics);
  * a place touched by segments of different countries must be a crossing place listed in network.yaml;
  * each crossing: kind "crossing", and for every listed mode, segments of that mode from EVERY listed
    country touch it (and no segment of another country does); several crossings may share a place (e.g. the rail
    and road parts of one bridge) if they list different modes, and every mode touching the place must be listed
    by one of them;
  * each transshipment terminal is touched by a 1520-capable and a 1435-capable rail segment (dual = both);
  * each transfer terminal is touched by a road segment and a rail segment;
  * road and rail graphs are each connected (ignoring gauge);
  * every published distance (distances.yaml) is met within +-5 % by the shortest path of its mode over the
    published segment lengths;
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
TOLERANCE = 0.05


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
    """Shortest path over the published segment lengths (the lengths the network uses)."""
    adj = defaultdict(list)
    for s in segments:
        adj[s["from"]].append((s["to"], s["len_km"]))
        adj[s["to"]].append((s["from"], s["len_km"]))
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


def norm_text(t: str) -> str:
    return " ".join(t.replace("\u00a0", " ").split())


def check_figure(r, where: str, entry: dict, sources: dict) -> None:
    """The entry's sources exist and each part of its figure (split at '…') is printed in one of their quotes."""
    ids = fe_source.source_ids(entry.get("source"))
    if not ids:
        r.fail(f"{where}: no source")
        return
    quotes = []
    for sid in ids:
        if sid not in sources:
            r.fail(f"{where}: unknown source {sid!r}")
        else:
            quotes.append(norm_text(sources[sid]["quote"]))
    for part in str(entry.get("figure", "")).split("…"):
        part = norm_text(part)
        if part and not any(part in q for q in quotes):
            r.fail(f"{where}: figure {part!r} is not in the quote of {ids}")
    if not entry.get("derivation") and not any(fe_source.figure_in_quote(entry["km"], q) for q in quotes):
        r.fail(f"{where}: {entry['km']} km is not printed in the quote of {ids} and has no derivation")


def check_quantity(r, raw, where: str, sources: dict, needs_conversion: bool) -> None:
    try:
        q = fe_source.quantity(raw, where)
    except fe_source.SourceError as e:
        r.fail(str(e))
        return
    if q["kind"] == "plain":
        r.fail(f"{where}: {q['base']:g} has neither a source nor a range with reasoning")
    elif q["kind"] == "assumption":
        if len(q["note"].split()) < 4:
            r.fail(f"{where}: an assumption needs a sentence of reasoning")
    else:
        ids = fe_source.source_ids(q["source"])
        if not ids:
            r.fail(f"{where}: cited without a source id")
        for sid in ids:
            if sid not in sources:
                r.fail(f"{where}: unknown source {sid!r}")
        if needs_conversion and not q["note"]:
            r.fail(f"{where}: a cited capacity needs its conversion to t/day")


def check_sources_and_quantities(r, places) -> None:
    sources = fe_source.load_sources()
    used = set()
    count = 0
    for mode in ("rail", "road"):
        path = os.path.join(fe_source.SOURCE, f"{mode}.yaml")
        for line in fe_source.load_lines(mode, path):
            lw = f"source/{mode}.yaml: line {line['id']}"
            # quantities on the line and on its stops
            sites = [(lw, line)]
            for e in line["stops"]:
                if isinstance(e, dict):
                    (name, changes), = e.items()
                    sites.append((f"{lw} stop {name}", changes))
            for w, obj in sites:
                for key in ("capacity_tpd", "speed_kmh"):
                    if key in obj:
                        check_quantity(r, obj[key], f"{w} {key}", sources, key == "capacity_tpd")
                        count += 1
                        used.update(fe_source.source_ids(obj[key].get("source")) if isinstance(obj[key], dict) else [])
            for c in line.get("chainage") or []:
                cw = f"{lw} chainage {c['at']}"
                ids = fe_source.source_ids(c.get("src"))
                used.update(ids)
                for sid in ids:
                    if sid not in sources:
                        r.fail(f"{cw}: unknown source {sid!r}")
                if c.get("derivation") or float(c["km"]) == 0:
                    continue
                if not any(sid in sources and fe_source.figure_in_quote(c["km"], sources[sid]["quote"]) for sid in ids):
                    r.fail(f"{cw}: km {c['km']} is not printed in the quote of {ids} (add a derivation if computed)")
            if line.get("detour"):
                used.update(fe_source.source_ids(line["detour"].get("src")))
                for sid in fe_source.source_ids(line["detour"].get("src")):
                    if sid not in sources:
                        r.fail(f"{lw} detour: unknown source {sid!r}")
    manifest = fe_source.load_manifest_source()
    for c in manifest["crossings"]:
        for key in ("capacity_tpd", "delay_h", "cost"):
            check_quantity(r, c[key], f"source/network.yaml: crossing {c['name']} {key}", sources, key == "capacity_tpd")
            count += 1
    for t in manifest["terminals"]:
        for key in ("capacity_tpd", "delay_h", "cost"):
            check_quantity(r, t[key], f"source/network.yaml: terminal {t['place']} ({t['kind']}) {key}", sources,
                           key == "capacity_tpd")
            count += 1
    profile = fe_source.load_profile_source()
    for cls, settings in profile["classes"].items():
        for key, raw in settings.items():
            if key == "tracks":
                continue  # a count that defines the class, not a measurement
            check_quantity(r, raw, f"source/profile.yaml: classes.{cls}.{key}", sources, False)
            count += 1
    for key, raw in profile["costs"]["per_km"].items():
        check_quantity(r, raw, f"source/profile.yaml: costs.per_km.{key}", sources, False)
        count += 1
    r.ok(f"{count} parameters checked: each cited or an assumption with a range; {len(sources)} sources")
    # the generated manifest must carry the authored base values and ranges
    gen = fe_source.load_manifest()
    for kind, label in (("crossings", "name"), ("terminals", "place")):
        for a, b in zip(manifest[kind], gen[kind]):
            for key in ("capacity_tpd", "delay_h", "cost"):
                qa, qb = fe_source.quantity(a[key], ""), fe_source.quantity(b[key], "")
                if any(abs(qa[k] - qb[k]) > 1e-9 for k in ("base", "low", "high")):
                    r.fail(f"network.yaml is stale: {kind[:-1]} {a[label]} {key} (run build_shapefiles.py)")
    if len(manifest["crossings"]) != len(gen["crossings"]) or len(manifest["terminals"]) != len(gen["terminals"]):
        r.fail("network.yaml is stale: crossings/terminals differ from source/network.yaml (run build_shapefiles.py)")


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
    modes_at_place = defaultdict(list)  # place -> modes of every crossing drawn there
    for c in crossings:
        modes_at_place[c["place"]].extend(c.get("modes", []))
    for place, modes in modes_at_place.items():
        if len(modes) != len(set(modes)):
            r.fail(f"crossing place {place!r}: two crossings list the same mode {sorted(modes)}")

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
            if s["mode"] not in modes_at_place[c["place"]]:
                r.fail(f"{where}: {s['mode']} segment {s['seg_id']} touches it but no crossing there lists that mode")
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

    # sources, chainage figures, quantities
    check_sources_and_quantities(r, places)

    # published distances
    import yaml
    dist_path = os.path.join(fe_source.DATASET, "distances.yaml")
    with open(dist_path, encoding="utf-8") as f:
        dists = yaml.safe_load(f)["distances"]
    sources = fe_source.load_sources()
    by_mode = {"rail": rail, "road": road}
    modes_seen, deviations = set(), []
    for d in dists:
        where = f"distance {d.get('from')} - {d.get('to')} ({d.get('mode')})"
        for key in ("mode", "from", "to", "km", "source", "figure"):
            if key not in d:
                r.fail(f"{where}: missing {key}")
        check_figure(r, where, d, sources)
        avoid = set(d.get("avoid_countries") or [])
        km = shortest_km([s for s in by_mode[d["mode"]] if s["country"] not in avoid], d["from"], d["to"])
        if km is None:
            r.fail(f"{where}: no {d['mode']} path")
            continue
        modes_seen.add(d["mode"])
        ratio = km / float(d["km"])
        deviations.append(abs(ratio - 1))
        line = f"{where}: routed {km:.1f} km vs published {d['km']} km ({(ratio - 1) * 100:+.1f} %)"
        if abs(ratio - 1) <= TOLERANCE:
            r.ok(line)
        else:
            r.fail(line)
    if len(dists) < 60 or modes_seen != {"rail", "road"}:
        r.fail(f"distances.yaml: {len(dists)} pairs of modes {sorted(modes_seen)}; needs >= 60, rail and road")
    if deviations:
        deviations.sort()
        r.info(f"distances: {len(dists)} pairs, median deviation {deviations[len(deviations) // 2] * 100:.1f} %, "
               f"largest {deviations[-1] * 100:.1f} %")

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
            for name in (scen.get(key) or {}):
                need_place(name, key)
        route = (scen.get("analyses") or {}).get("route") or {}
        for key in ("from", "to"):
            if key in route:
                need_place(route[key], "analyses.route")
        for s in scen.get("scenarios", []):
            for n in s.get("close", []):
                if n not in crossing_names and n not in places:
                    r.fail(f"scenario {s['name']}: unknown crossing or place {n!r}")
            for n in s.get("deny_regions", []):
                if n not in regions:
                    r.fail(f"scenario {s['name']}: unknown region {n!r}")
            for e in s.get("add_edges", []):
                for key in ("from", "to"):
                    need_place(e[key], f"scenario {s['name']} add_edges")
        r.ok("scenario file names known places, crossings and regions")

    for mode, segs in (("rail", rail), ("road", road)):
        cited = sum(1 for s in segs if s["len_src"] == "cited")
        r.info(f"{mode}: {len(segs)} segments, {sum(s['len_km'] for s in segs):.0f} km published "
               f"({cited} segments between published km posts, {len(segs) - cited} estimated), "
               f"{sum(s['length_km'] for s in segs):.0f} km of chords")
        for s in segs:
            if s["len_km"] < 0.9 * s["length_km"]:
                r.info(f"{s['seg_id']} {s['from']} - {s['to']}: published {s['len_km']:.1f} km is shorter than "
                       f"its chord {s['length_km']:.1f} km (place points are not the stations)")
    import readme_tables
    with open(readme_tables.README, encoding="utf-8") as f:
        text = f.read()
    if readme_tables.apply(text, readme_tables.render()) != text:
        r.fail("GeoData/README.md tables are stale (run python3 Tools/geodata/readme_tables.py)")
    else:
        r.ok("GeoData/README.md tables match the data")
    if r.errors:
        print(f"\n{len(r.errors)} check(s) failed")
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
