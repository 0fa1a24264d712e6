"""Shared reader for the authored Far East network source (GeoData/far-east/source/*.yaml).

Used by build_shapefiles.py (to write the shapefiles and places.csv) and check.py (to validate).
Only the standard library and PyYAML are needed.
"""
from __future__ import annotations

import math
import os

import yaml

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATASET = os.path.join(REPO, "GeoData", "far-east")
SOURCE = os.path.join(DATASET, "source")

PLACE_KINDS = {"city", "station", "junction", "crossing", "port"}
GAUGES = {"1520", "1435", "dual"}
# Attributes a line (or a stop override) may set, per mode.
LINE_ATTRS = {
    "rail": ["class", "gauge_mm", "tracks", "electrified", "capacity_tpd", "speed_kmh", "country", "region"],
    "road": ["class", "oneway", "capacity_tpd", "speed_kmh", "country", "region"],
}
CLASSES = {"rail": {"trunk", "main", "secondary"}, "road": {"motorway", "trunk", "primary", "secondary"}}

# Mean Earth radius (IUGG). Haversine on the sphere differs from the WGS84 geodesic by < 0.6 %;
# the Swift test-suite measures the real geodesic with PROJ.
EARTH_RADIUS_KM = 6371.0088


class SourceError(Exception):
    pass


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _load_yaml(path: str):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_places(path: str | None = None) -> dict[str, dict]:
    """Return places keyed by canonical name, in file order."""
    path = path or os.path.join(SOURCE, "places.yaml")
    places: dict[str, dict] = {}
    for i, p in enumerate(_load_yaml(path)["places"]):
        where = f"{path}: place #{i + 1}"
        for key in ("name", "kind", "country", "region", "lon", "lat", "source"):
            if key not in p:
                raise SourceError(f"{where}: missing {key}")
        if p["name"] in places:
            raise SourceError(f"{where}: duplicate place {p['name']!r}")
        if p["kind"] not in PLACE_KINDS:
            raise SourceError(f"{where}: bad kind {p['kind']!r}")
        if not (-180 <= p["lon"] <= 180 and -90 <= p["lat"] <= 90):
            raise SourceError(f"{where}: coordinate out of range")
        p.setdefault("aliases", [])
        places[p["name"]] = p
    return places


def _stop(entry, where: str) -> tuple[str, dict]:
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict) and len(entry) == 1:
        (name, changes), = entry.items()
        if not isinstance(changes, dict):
            raise SourceError(f"{where}: attribute changes for {name!r} must be a mapping")
        return str(name), changes
    raise SourceError(f"{where}: a stop is a place name or {{name: {{attr: value}}}}")


def load_segments(mode: str, places: dict[str, dict], path: str | None = None) -> list[dict]:
    """Expand every line of `mode` into straight segments between consecutive stops, in file order."""
    path = path or os.path.join(SOURCE, f"{mode}.yaml")
    segments: list[dict] = []
    seen_ids: set[str] = set()
    for li, line in enumerate(_load_yaml(path)["lines"]):
        lid = line.get("id")
        where = f"{path}: line {lid or '#' + str(li + 1)}"
        if not lid or lid in seen_ids:
            raise SourceError(f"{where}: missing or duplicate id")
        seen_ids.add(lid)
        attrs = {}
        for key in LINE_ATTRS[mode]:
            if key in line:
                attrs[key] = line[key]
        unknown = set(line) - set(LINE_ATTRS[mode]) - {"id", "name", "stops"}
        if unknown:
            raise SourceError(f"{where}: unknown keys {sorted(unknown)}")
        stops = line.get("stops") or []
        if len(stops) < 2:
            raise SourceError(f"{where}: needs at least two stops")
        prev = None
        for si, entry in enumerate(stops):
            name, changes = _stop(entry, f"{where} stop #{si + 1}")
            if name not in places:
                raise SourceError(f"{where}: unknown place {name!r}")
            bad = set(changes) - set(LINE_ATTRS[mode])
            if bad:
                raise SourceError(f"{where}: stop {name!r} sets unknown attributes {sorted(bad)}")
            if prev is not None:
                if prev == name:
                    raise SourceError(f"{where}: repeated stop {name!r}")
                segments.append(_segment(mode, line, lid, len([s for s in segments if s['line_id'] == lid]),
                                         prev, name, dict(attrs), places, where))
            attrs.update(changes)  # applies to the segments that leave this stop
            prev = name
    return segments


def _segment(mode, line, lid, index, a, b, attrs, places, where) -> dict:
    for key in LINE_ATTRS[mode]:
        if key == "oneway":
            attrs.setdefault("oneway", False)
        elif key not in attrs:
            raise SourceError(f"{where}: segment {a} - {b} lacks {key}")
    if attrs["class"] not in CLASSES[mode]:
        raise SourceError(f"{where}: bad class {attrs['class']!r}")
    if mode == "rail" and str(attrs["gauge_mm"]) not in GAUGES:
        raise SourceError(f"{where}: bad gauge {attrs['gauge_mm']!r}")
    pa, pb = places[a], places[b]
    seg = {
        "seg_id": f"{mode}:{lid}:{index + 1:03d}",
        "line_id": lid,
        "mode": mode,
        "name": line["name"],
        "from": a,
        "to": b,
        "coords": ((pa["lon"], pa["lat"]), (pb["lon"], pb["lat"])),
        "length_km": haversine_km(pa["lon"], pa["lat"], pb["lon"], pb["lat"]),
    }
    seg.update(attrs)
    if mode == "rail":
        seg["gauge_mm"] = str(seg["gauge_mm"])
    return seg


def load_manifest(path: str | None = None) -> dict:
    return _load_yaml(path or os.path.join(DATASET, "network.yaml"))
