#!/usr/bin/env python3
"""Write the generated tables of GeoData/README.md from the data, so counts, km and parameters cannot drift.

Each table lives between `<!-- BEGIN generated:NAME -->` and `<!-- END generated:NAME -->` in the README; the
text outside the markers is authored. Tables: counts, lines, parameters, crossings, terminals, distances, sources.

Usage: python3 Tools/geodata/readme_tables.py            # rewrite GeoData/README.md
       python3 Tools/geodata/readme_tables.py --check    # exit 1 if the README is not up to date
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections import OrderedDict, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fe_source  # noqa: E402
from check import shortest_km  # noqa: E402

README = os.path.join(fe_source.REPO, "GeoData", "README.md")


def fmt_num(x: float) -> str:
    x = float(x)
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.1f}"


def fmt_q(q: dict) -> str:
    """base (low-high), or just base when there is no range."""
    if q["low"] == q["base"] == q["high"]:
        return fmt_num(q["base"])
    return f"{fmt_num(q['base'])} ({fmt_num(q['low'])}-{fmt_num(q['high'])})"


def basis(q: dict) -> str:
    if q["kind"] == "cited":
        return "cited: " + ", ".join(f"`{s}`" for s in fe_source.source_ids(q["source"]))
    if q["kind"] == "assumption":
        return "assumption"
    return "**uncited**"


def esc(t: str) -> str:
    return str(t).replace("|", "\\|").replace("\n", " ")


def table_counts(places, rail, road, manifest) -> str:
    geonames = sum(1 for p in places.values() if p["source"].startswith("geonames:"))
    lines = [
        "| what | count | km published | km of chords | segments between published km posts |",
        "|---|---|---|---|---|",
    ]
    for mode, segs in (("rail", rail), ("road", road)):
        n_lines = len({s["line_id"] for s in segs})
        cited = sum(1 for s in segs if s["len_src"] == "cited")
        lines.append(f"| {mode}: {n_lines} lines, {len(segs)} segments | {len(segs)} | "
                     f"{sum(s['len_km'] for s in segs):,.0f} | {sum(s['length_km'] for s in segs):,.0f} | "
                     f"{cited} of {len(segs)} |")
    lines.append(f"| places ({geonames} from GeoNames, {len(places) - geonames} set by hand with a source) | "
                 f"{len(places)} | | | |")
    lines.append(f"| crossings | {len(manifest['crossings'])} | | | |")
    kinds = defaultdict(int)
    for t in manifest["terminals"]:
        kinds[t["kind"]] += 1
    lines.append(f"| terminals ({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}) | "
                 f"{len(manifest['terminals'])} | | | |")
    return "\n".join(lines)


def table_lines(mode, segs) -> str:
    by_line = OrderedDict()
    for s in segs:
        by_line.setdefault(s["line_id"], []).append(s)
    lines_src = {l["id"]: l for l in fe_source.load_lines(mode)}
    head = ("| line id | name | stops | km published | km of chords | cited / estimated segments | "
            + ("gauge" if mode == "rail" else "class") + " | countries | length from |")
    out = [head, "|---|---|---|---|---|---|---|---|---|"]
    for lid, ss in by_line.items():
        stops = [ss[0]["from"]] + [s["to"] for s in ss]
        kinds = sorted({s["gauge_mm"] if mode == "rail" else s["class"] for s in ss})
        countries = []
        for s in ss:
            if not countries or countries[-1] != s["country"]:
                countries.append(s["country"])
        cited = sum(1 for s in ss if s["len_src"] == "cited")
        src = lines_src[lid]
        ids = []
        for c in src.get("chainage") or []:
            for sid in fe_source.source_ids(c.get("src")):
                if sid not in ids:
                    ids.append(sid)
        basis_txt = ", ".join(f"`{i}`" for i in ids)
        if src.get("detour"):
            basis_txt += (" + " if basis_txt else "") + f"detour x{src['detour']['factor']} (`{src['detour']['src']}`)"
        stop_txt = f"{stops[0]} … {stops[-1]} ({len(stops)})" if len(stops) > 2 else f"{stops[0]} – {stops[1]} (2)"
        out.append(f"| {lid} | {esc(ss[0]['name'])} | {esc(stop_txt)} | {sum(s['len_km'] for s in ss):,.0f} | "
                   f"{sum(s['length_km'] for s in ss):,.0f} | {cited} / {len(ss) - cited} | {', '.join(kinds)} | "
                   f"{'→'.join(countries)} | {basis_txt} |")
    return "\n".join(out)


def table_parameters(mode) -> str:
    """Every distinct capacity and speed of the lines, with its basis."""
    rows = OrderedDict()
    for line in fe_source.load_lines(mode):
        sites = [(line["id"], line)]
        for e in line["stops"]:
            if isinstance(e, dict):
                (name, changes), = e.items()
                sites.append((f"{line['id']} from {name}", changes))
        for where, obj in sites:
            for key in ("capacity_tpd", "speed_kmh"):
                if key not in obj:
                    continue
                q = fe_source.quantity(obj[key], where)
                sig = (key, q["base"], q["low"], q["high"], q["note"])
                rows.setdefault(sig, {"q": q, "key": key, "where": []})["where"].append(where)
    out = ["| parameter | base (low-high) | basis | where | reasoning / conversion |", "|---|---|---|---|---|"]
    for r in rows.values():
        q = r["q"]
        out.append(f"| {r['key']} | {fmt_q(q)} | {basis(q)} | {esc(', '.join(r['where']))} | {esc(q['note'])} |")
    return "\n".join(out)


def table_crossings(manifest) -> str:
    out = ["| crossing | modes | countries | capacity t/day (low-high) | delay h | cost | capacity basis |",
           "|---|---|---|---|---|---|---|"]
    for c in manifest["crossings"]:
        cap = fe_source.quantity(c["capacity_tpd"], c["name"])
        dly = fe_source.quantity(c["delay_h"], c["name"])
        cst = fe_source.quantity(c["cost"], c["name"])
        out.append(f"| {c['name']} | {', '.join(c['modes'])} | {'-'.join(c['countries'])} | {fmt_q(cap)} | "
                   f"{fmt_q(dly)} | {fmt_q(cst)} | {basis(cap)}: {esc(cap['note'])} |")
    return "\n".join(out)


def table_terminals(manifest) -> str:
    out = ["| place | kind | capacity t/day (low-high) | delay h | cost | capacity basis |", "|---|---|---|---|---|---|"]
    for t in manifest["terminals"]:
        cap = fe_source.quantity(t["capacity_tpd"], t["place"])
        dly = fe_source.quantity(t["delay_h"], t["place"])
        cst = fe_source.quantity(t["cost"], t["place"])
        kind = t["kind"] + (f" ({', '.join(t['layers'])})" if t.get("layers") else "")
        out.append(f"| {t['place']} | {kind} | {fmt_q(cap)} | {fmt_q(dly)} | {fmt_q(cst)} | "
                   f"{basis(cap)}: {esc(cap['note'])} |")
    return "\n".join(out)


def table_distances(rail, road) -> str:
    import yaml
    with open(os.path.join(fe_source.DATASET, "distances.yaml"), encoding="utf-8") as f:
        dists = yaml.safe_load(f)["distances"]
    by_mode = {"rail": rail, "road": road}
    out = ["| mode | from | to | published km | routed km | diff | source |", "|---|---|---|---|---|---|---|"]
    for d in dists:
        avoid = set(d.get("avoid_countries") or [])
        km = shortest_km([s for s in by_mode[d["mode"]] if s["country"] not in avoid], d["from"], d["to"])
        diff = (km / float(d["km"]) - 1) * 100
        extra = f" (avoiding {', '.join(sorted(avoid))})" if avoid else ""
        ind = " (independent)" if d.get("independent") else ""
        out.append(f"| {d['mode']} | {d['from']} | {d['to']}{extra} | {fmt_num(d['km'])} | {km:,.1f} | {diff:+.1f} % | "
                   f"{', '.join(f'`{s}`' for s in fe_source.source_ids(d['source']))}{ind} |")
    return "\n".join(out)


def table_sources() -> str:
    out = ["| id | title | url |", "|---|---|---|"]
    for sid, s in fe_source.load_sources().items():
        out.append(f"| `{sid}` | {esc(s['title'])} | {esc(s['url'])} |")
    return "\n".join(out)


def render() -> dict[str, str]:
    places = fe_source.load_places()
    rail = fe_source.load_segments("rail", places)
    road = fe_source.load_segments("road", places)
    manifest = fe_source.load_manifest_source()
    return {
        "counts": table_counts(places, rail, road, manifest),
        "rail-lines": table_lines("rail", rail),
        "road-lines": table_lines("road", road),
        "rail-parameters": table_parameters("rail"),
        "road-parameters": table_parameters("road"),
        "crossings": table_crossings(manifest),
        "terminals": table_terminals(manifest),
        "distances": table_distances(rail, road),
        "sources": table_sources(),
    }


def apply(text: str, tables: dict[str, str]) -> str:
    for name, body in tables.items():
        pattern = re.compile(rf"(<!-- BEGIN generated:{re.escape(name)} -->\n).*?(<!-- END generated:{re.escape(name)} -->)",
                             re.S)
        if not pattern.search(text):
            raise SystemExit(f"readme_tables: GeoData/README.md has no markers for {name!r}")
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if GeoData/README.md is not up to date")
    args = ap.parse_args()
    with open(README, encoding="utf-8") as f:
        old = f.read()
    new = apply(old, render())
    if args.check:
        if new != old:
            print("readme_tables: GeoData/README.md is out of date (run python3 Tools/geodata/readme_tables.py)",
                  file=sys.stderr)
            return 1
        return 0
    if new != old:
        with open(README + ".tmp", "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(README + ".tmp", README)
        print("GeoData/README.md tables updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
