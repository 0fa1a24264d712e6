#!/usr/bin/env python3
"""Build the default map background, GeoData/background/countries.geojson, from Natural Earth.

Reads  ../shared/geodata/natural-earth-region.gpkg, layer `countries` (Natural Earth 1:50m admin-0 country
       polygons, public domain; or the file given with --source, e.g. ne_50m_admin_0_countries.shp)
Writes GeoData/background/countries.geojson: the country polygons clipped to the region (lon 95..155,
       lat 28..62), simplified to 0.01 degrees (about 1 km, below a pixel at the maps' usual scale), coordinates
       rounded to 3 decimals, properties `name` and `country` (ISO 3166-1 alpha-2, as edges carry it), sorted
       by country. The polygons' outlines are the coastline and the land borders.

Byte-for-byte reproducible for the same source (ogr2ogr with a fixed feature order and precision).
Needs `ogr2ogr` (gdal-bin, installed by Tools/setup).

Usage: python3 Tools/geodata/build_background.py [--source FILE[@LAYER]] [--out FILE]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SOURCE = os.path.join(ROOT, "..", "shared", "geodata", "natural-earth-region.gpkg") + "@countries"
REGION = ("95", "28", "155", "62")  # lon/lat clip box: the embedded network with a wide margin
TOLERANCE = "0.01"                   # degrees


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=DEFAULT_SOURCE, help="FILE[@LAYER] of Natural Earth admin-0 polygons")
    parser.add_argument("--out", default=os.path.join(ROOT, "GeoData", "background", "countries.geojson"))
    args = parser.parse_args()
    path, _, layer = args.source.partition("@")
    if not os.path.exists(path):
        print(f"build_background: source not found: {path}", file=sys.stderr)
        return 66
    layer = layer or os.path.splitext(os.path.basename(path))[0]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        staged = os.path.join(tmp, "countries.geojson")
        subprocess.run(
            ["ogr2ogr", "-f", "GeoJSON", staged, path, "-dialect", "SQLite",
             "-sql", f'SELECT NAME AS name, ISO_A2 AS country, geom FROM "{layer}" ORDER BY ISO_A2',
             "-clipsrc", *REGION, "-simplify", TOLERANCE, "-nln", "countries",
             "-lco", "COORDINATE_PRECISION=3", "-lco", "RFC7946=YES", "-lco", "WRITE_NAME=YES"],
            check=True)
        with open(staged, "rb") as f:
            data = f.read()
    with open(args.out, "wb") as f:
        f.write(data)
    print(f"wrote {os.path.relpath(args.out, ROOT)} ({len(data)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
