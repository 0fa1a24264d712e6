#!/usr/bin/env python3
"""Build the Far East schematic network files from the authored YAML source.

Reads  GeoData/far-east/source/{places,rail,road}.yaml
Writes GeoData/far-east/rail.{shp,shx,dbf,prj,cpg}, road.{...} (EPSG:4326, one 2-point LineString per
segment between consecutive stops) and GeoData/far-east/places.csv (the gazetteer).

Output is byte-for-byte reproducible: features in source order, fixed DBF field widths, fixed
coordinate formatting, DBF "last update" date pinned, no timestamps anywhere.
Needs: python3 + PyYAML, and `ogr2ogr` (gdal-bin) on PATH.

Usage: python3 Tools/geodata/build_shapefiles.py [--out DIR]
"""
from __future__ import annotations

import argparse
import csv
import io
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
RAIL_FIELDS = COMMON_FIELDS + [
    ("gauge_mm", "String(4)"),
    ("tracks", "Integer(2)"),
    ("electric", "String(3)"),
    ("cap_tpd", "Integer(9)"),
    ("speed_kmh", "Integer(4)"),
    ("country", "String(2)"),
    ("region", "String(32)"),
]
ROAD_FIELDS = COMMON_FIELDS + [
    ("oneway", "String(3)"),
    ("cap_tpd", "Integer(9)"),
    ("speed_kmh", "Integer(4)"),
    ("country", "String(2)"),
    ("region", "String(32)"),
]


def yes_no(value) -> str:
    return "yes" if value else "no"


def row_for(seg: dict) -> dict:
    row = {
        "seg_id": seg["seg_id"], "line_id": seg["line_id"], "mode": seg["mode"], "class": seg["class"],
        "name": seg["name"], "from_pl": seg["from"], "to_pl": seg["to"],
        "cap_tpd": str(int(seg["capacity_tpd"])), "speed_kmh": str(int(seg["speed_kmh"])),
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
            print(f"{mode}: {len(segs)} segments, {sum(s['length_km'] for s in segs):.0f} km (haversine)")
    write_places_csv(places, args.out)
    print(f"places.csv: {len(places)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
