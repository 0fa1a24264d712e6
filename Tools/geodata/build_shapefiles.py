#!/usr/bin/env python3
"""Build the Far East schematic network files from the authored YAML source.

Reads  GeoData/far-east/source/{places,rail,road,network,profile}.yaml
Writes GeoData/far-east/rail.{shp,shx,dbf,prj,cpg}, road.{...} (EPSG:4326, one 2-point LineString per
segment between consecutive stops, with its published length and the low/high of its capacity and speed),
GeoData/far-east/places.csv (the gazetteer), network.yaml (the manifest) and profile.yaml.

Output is byte-for-byte reproducible: features in source order, fixed DBF field widths, fixed
coordinate formatting, DBF "last update" date pinned, no timestamps anywhere.
Needs: python3 + PyYAML, and `ogr2ogr` (gdal-bin) on PATH.

Usage: python3 Tools/geodata/build_shapefiles.py [--out DIR]
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fe_source  # noqa: E402

DBF_DATE = "2026-01-01"

# (field, OGR CSV type with width) — names <= 10 chars for DBF. Order = DBF column order.
COMMON_FIELDS = [
    ("seg_id", "String(64)"),
    ("line_id", "String(40)"),
    ("mode", "String(4)"),
    ("class", "String(10)"),
    ("name", "String(80)"),
    ("from_pl", "String(48)"),
    ("to_pl", "String(48)"),
]
# Quantity fields: base, then the range (low/high) an uncertainty analysis samples; the segment's published
# length in km and whether it is cited (between two published km posts) or estimated.
QUANTITY_FIELDS = [
    ("cap_tpd", "Integer(9)"),
    ("cap_lo", "Integer(9)"),
    ("cap_hi", "Integer(9)"),
    ("speed_kmh", "Real(6.1)"),
    ("spd_lo", "Real(6.1)"),
    ("spd_hi", "Real(6.1)"),
    ("len_km", "Real(10.3)"),
    ("len_src", "String(9)"),
]
RAIL_FIELDS = COMMON_FIELDS + [
    ("gauge_mm", "String(4)"),
    ("tracks", "Integer(2)"),
    ("electric", "String(3)"),
] + QUANTITY_FIELDS + [
    ("country", "String(2)"),
    ("region", "String(32)"),
]
ROAD_FIELDS = COMMON_FIELDS + [
    ("oneway", "String(3)"),
] + QUANTITY_FIELDS + [
    ("country", "String(2)"),
    ("region", "String(32)"),
]


def yes_no(value) -> str:
    return "yes" if value else "no"


def row_for(seg: dict) -> dict:
    cap, spd = seg["capacity_tpd"], seg["speed_kmh"]
    row = {
        "seg_id": seg["seg_id"], "line_id": seg["line_id"], "mode": seg["mode"], "class": seg["class"],
        "name": seg["name"], "from_pl": seg["from"], "to_pl": seg["to"],
        "cap_tpd": str(round(cap["base"])), "cap_lo": str(round(cap["low"])), "cap_hi": str(round(cap["high"])),
        "speed_kmh": f"{spd['base']:.1f}", "spd_lo": f"{spd['low']:.1f}", "spd_hi": f"{spd['high']:.1f}",
        "len_km": f"{seg['len_km']:.3f}", "len_src": seg["len_src"],
        "country": seg["country"], "region": seg["region"],
    }
    if seg["mode"] == "rail":
        row.update(gauge_mm=seg["gauge_mm"], tracks=str(int(seg["tracks"])), electric=yes_no(seg["electrified"]))
    else:
        row.update(oneway=yes_no(seg["oneway"]))
    (x1, y1), (x2, y2) = seg["coords"]
    row["WKT"] = f"LINESTRING ({x1:.6f} {y1:.6f},{x2:.6f} {y2:.6f})"
    return row


def check_widths(rows: list[dict], fields: list[tuple[str, str]]) -> None:
    for name, typ in fields:
        if typ.startswith("String("):
            width = int(typ[7:-1])
            for r in rows:
                if len(r[name].encode("utf-8")) > width:
                    raise SystemExit(f"build_shapefiles: {name}={r[name]!r} exceeds DBF width {width}")


def write_layer(mode: str, segments: list[dict], out_dir: str, tmp: str) -> None:
    fields = RAIL_FIELDS if mode == "rail" else ROAD_FIELDS
    rows = [row_for(s) for s in segments]
    check_widths(rows, fields)
    csv_path = os.path.join(tmp, f"{mode}.csv")
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["WKT"] + [n for n, _ in fields])
        for r in rows:
            w.writerow([r["WKT"]] + [r[n] for n, _ in fields])
    with open(os.path.join(tmp, f"{mode}.csvt"), "w", encoding="utf-8") as f:
        f.write(",".join(['"WKT"'] + [f'"{t}"' for _, t in fields]) + "\n")
    stage = os.path.join(tmp, "out")
    os.makedirs(stage, exist_ok=True)
    cmd = [
        "ogr2ogr", "-f", "ESRI Shapefile", os.path.join(stage, f"{mode}.shp"), csv_path,
        "-nln", mode, "-nlt", "LINESTRING", "-a_srs", "EPSG:4326",
        "-oo", "GEOM_POSSIBLE_NAMES=WKT", "-oo", "KEEP_GEOM_COLUMNS=NO",
        "-lco", "ENCODING=UTF-8", "-lco", f"DBF_DATE_LAST_UPDATE={DBF_DATE}",
    ]
    env = dict(os.environ, GDAL_PAM_ENABLED="NO")
    subprocess.run(cmd, check=True, env=env)
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        src = os.path.join(stage, f"{mode}.{ext}")
        if not os.path.exists(src):
            raise SystemExit(f"build_shapefiles: ogr2ogr did not write {mode}.{ext}")
        dst = os.path.join(out_dir, f"{mode}.{ext}")
        shutil.copyfile(src, dst + ".tmp")
        os.replace(dst + ".tmp", dst)


def write_places_csv(places: dict[str, dict], out_dir: str) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["name", "aliases", "kind", "country", "region", "lon", "lat", "source"])
    for p in places.values():
        w.writerow([p["name"], ";".join(p["aliases"]), p["kind"], p["country"], p["region"],
                    f"{p['lon']:.6f}", f"{p['lat']:.6f}", p["source"]])
    dst = os.path.join(out_dir, "places.csv")
    with open(dst + ".tmp", "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    os.replace(dst + ".tmp", dst)


# The manifest and profile written for the tool carry every quantity as a plain number or as
# {base, low, high} (docs/FORMATS.md, "Quantities"): the loader uses the base and keeps the range for
# sampling; the sources, conversions and reasoning stay in source/*.yaml and GeoData/README.md.


def yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def yaml_num(x: float) -> str:
    x = float(x)
    return str(int(x)) if x == int(x) and abs(x) >= 1 else repr(round(x, 6))


def yaml_quantity(raw, where: str, fixed_decimals: int | None = None) -> str:
    """A quantity for the generated manifest/profile: the base alone when it has no range, else {base, low, high}."""
    q = fe_source.quantity(raw, where)
    base = yaml_num(q["base"]) if fixed_decimals is None else f"{q['base']:.{fixed_decimals}f}"
    if q["low"] == q["base"] == q["high"]:
        return base
    return "{" + f"base: {base}, low: {yaml_num(q['low'])}, high: {yaml_num(q['high'])}" + "}"


def write_manifest(out_dir: str) -> None:
    src = fe_source.load_manifest_source()
    lines = [
        "# GENERATED by Tools/geodata/build_shapefiles.py from source/network.yaml: edit that file, not this one.",
        "# Far East trunk network (schematic) -- default embedded network of Corridor.",
        "# Every capacity, delay and cost has a source or a low/base/high range with its reasoning in",
        "# source/network.yaml; this manifest carries the base values and ranges {base, low, high}",
        "# (GeoData/README.md; the loader uses the base, uncertainty analyses sample the range).",
        "# capacity_tpd = tonnes/day per direction; delay_h = hours of dwell; cost = cost units per tonne.",
        f"name: {yaml_str(src['name'])}",
        f"profile: {src['profile']}",
        f"snap_tolerance_m: {src['snap_tolerance_m']}",
        "sources:",
    ]
    for s in src["sources"]:
        lines += [f"  - path: {s['path']}", f"    mode: {s['mode']}"]
    lines.append(f"places: {src['places']}")
    lines.append("")
    lines.append("crossings:")
    for c in src["crossings"]:
        where = f"source/network.yaml: crossing {c['name']!r}"
        lines += [
            f"  - name: {c['name']}",
            f"    place: {c['place']}",
            f"    modes: [{', '.join(c['modes'])}]",
            f"    countries: [{', '.join(c['countries'])}]",
            f"    capacity_tpd: {yaml_quantity(c['capacity_tpd'], where + ' capacity_tpd')}",
            f"    delay_h: {yaml_quantity(c['delay_h'], where + ' delay_h')}",
            f"    cost: {yaml_quantity(c['cost'], where + ' cost', 1)}",
            f"    note: {yaml_str(c.get('note', ''))}",
        ]
    lines.append("")
    lines.append("terminals:")
    for t in src["terminals"]:
        where = f"source/network.yaml: terminal {t['place']!r} ({t['kind']})"
        parts = [f"place: {t['place']}", f"kind: {t['kind']}",
                 f"capacity_tpd: {yaml_quantity(t['capacity_tpd'], where + ' capacity_tpd')}",
                 f"delay_h: {yaml_quantity(t['delay_h'], where + ' delay_h')}",
                 f"cost: {yaml_quantity(t['cost'], where + ' cost', 1)}"]
        if t.get("layers"):
            parts.append(f"layers: [{', '.join(t['layers'])}]")
        parts.append(f"note: {yaml_str(t.get('note', ''))}")
        lines.append("  - {" + ", ".join(parts) + "}")
    write_text(os.path.join(out_dir, "network.yaml"), "\n".join(lines) + "\n")


def write_profile(out_dir: str) -> None:
    src = fe_source.load_profile_source()
    lines = [
        "# GENERATED by Tools/geodata/build_shapefiles.py from source/profile.yaml: edit that file, not this one.",
        "# Profile for the Far East shapefiles (rail.shp, road.shp): DBF field names -> edge attributes; class",
        "# defaults apply only where a field is absent or empty. Ranges and reasoning: source/profile.yaml.",
        f"name: {src['name']}",
        "fields:",
    ]
    for attr, field in src["fields"].items():
        lines.append(f"  {attr}: {field}")
    lines.append("classes:")
    for cls, settings in src["classes"].items():
        parts = []
        for key, raw in settings.items():
            where = f"source/profile.yaml: classes.{cls}.{key}"
            parts.append(f"{key}: {yaml_quantity(raw, where) if isinstance(raw, dict) else yaml_num(raw)}")
        lines.append(f"  {cls}: {{{', '.join(parts)}}}")
    lines.append("costs:                  # generalized cost per tonne-km, cost units ~ USD-equivalent")
    per_km = src["costs"]["per_km"]
    parts = [f"{k}: {yaml_quantity(v, f'source/profile.yaml: costs.per_km.{k}')}" for k, v in per_km.items()]
    lines.append(f"  per_km: {{{', '.join(parts)}}}")
    write_text(os.path.join(out_dir, "profile.yaml"), "\n".join(lines) + "\n")


def write_text(dst: str, text: str) -> None:
    with open(dst + ".tmp", "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(dst + ".tmp", dst)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=fe_source.DATASET, help="output directory (default: GeoData/far-east)")
    args = ap.parse_args()
    if shutil.which("ogr2ogr") is None:
        print("build_shapefiles: ogr2ogr not found (apt-get install gdal-bin)", file=sys.stderr)
        return 66
    places = fe_source.load_places()
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("rail", "road"):
            segs = fe_source.load_segments(mode, places)
            write_layer(mode, segs, args.out, tmp)
            print(f"{mode}: {len(segs)} segments, {sum(s['len_km'] for s in segs):.0f} km published "
                  f"({sum(s['length_km'] for s in segs):.0f} km of chords)")
    write_places_csv(places, args.out)
    print(f"places.csv: {len(places)} places")
    write_manifest(args.out)
    write_profile(args.out)
    print("network.yaml, profile.yaml written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
