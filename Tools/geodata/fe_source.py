"""Shared reader for the authored Far East network source (GeoData/far-east/source/*.yaml).

Used by build_shapefiles.py (to write the shapefiles, places.csv, network.yaml and profile.yaml), check.py (to
validate) and readme_tables.py (to write the GeoData/README.md tables). Only the standard library and PyYAML.

Two ideas carry the data:

* A *quantity* (capacity, speed, delay, cost) is either cited -- ``{value: N, source: id, conversion: "..."}``
  with optional ``low``/``high`` -- or an assumption -- ``{base: N, low: L, high: H, assumption: "..."}``.
  ``quantity()`` normalises both to ``{base, low, high, kind, source, note}``; a plain number is kind "plain"
  (check.py fails on it: every number in GeoData/ needs a source or a range with reasoning).
* A line's *chainage* pins stops to published km posts (``{at: Place, km: N, src: id}``, or
  ``{at: Place, from: Other, km: d, src: id}`` for a published distance from another pinned stop, or a
  ``derivation:`` text when the km is computed from several cited figures). A segment between two pinned stops
  is ``cited``; stops between pins share the pinned distance in proportion to chord length (``estimated``);
  stops outside the pins use the line's ``detour`` factor (``{factor: 1.2, src: id}``, ``estimated``).
"""
from __future__ import annotations

import math
import os
import re

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
QUANTITY_ATTRS = {"capacity_tpd", "speed_kmh"}
LINE_KEYS = {"id", "name", "stops", "chainage", "detour", "note"}
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


# ---------------------------------------------------------------------------------------------- sources

def load_sources(path: str | None = None) -> dict[str, dict]:
    path = path or os.path.join(SOURCE, "sources.yaml")
    sources = _load_yaml(path)["sources"]
    for sid, s in sources.items():
        for key in ("title", "url", "quote"):
            if not s.get(key):
                raise SourceError(f"{path}: source {sid!r} lacks {key}")
    return sources


def source_ids(ref) -> list[str]:
    """A source reference is an id or a list of ids (an inline mapping is allowed in the manifest)."""
    if ref is None:
        return []
    if isinstance(ref, str):
        return [ref]
    if isinstance(ref, list):
        return [str(r) for r in ref]
    return []


def figure_in_quote(value: float, quote: str) -> bool:
    """True when the number (as printed: 141, 934.8, 6197,1, 1,249, 80.796) appears in the quote."""
    text = quote.replace("\u00a0", " ").replace("\u2009", " ")
    # numbers in the quote, normalised: thousands separators dropped, decimal comma -> point
    found = set()
    for m in re.finditer(r"\d[\d,.\s]*\d|\d", text):
        raw = m.group(0).strip()
        variants = {raw}
        variants.add(raw.replace(" ", ""))
        for v in list(variants):
            if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", v):
                variants.add(v.replace(",", ""))
            variants.add(v.replace(",", ".").replace(" ", ""))
            variants.add(v.replace(", ", "."))
        for v in variants:
            try:
                found.add(round(float(v), 3))
            except ValueError:
                pass
        # a number glued to other numbers ("6197, 1") also counts by its integer part
        for part in re.findall(r"\d+(?:[.,]\d+)?", raw):
            try:
                found.add(round(float(part.replace(",", ".")), 3))
            except ValueError:
                pass
    v = round(abs(float(value)), 3)
    return v in found or (v == int(v) and int(v) in {int(x) for x in found if x == int(x)})


# ---------------------------------------------------------------------------------------------- quantities

def quantity(raw, where: str) -> dict:
    """Normalise a quantity to {base, low, high, kind, source, note}. kind: cited | assumption | plain."""
    if isinstance(raw, bool):
        raise SourceError(f"{where}: expected a number or a quantity mapping")
    if isinstance(raw, (int, float)):
        return {"base": float(raw), "low": float(raw), "high": float(raw), "kind": "plain", "source": None, "note": ""}
    if not isinstance(raw, dict):
        raise SourceError(f"{where}: expected a number or a quantity mapping")
    allowed = {"value", "base", "low", "high", "source", "conversion", "assumption"}
    bad = set(raw) - allowed
    if bad:
        raise SourceError(f"{where}: unknown quantity keys {sorted(bad)} (allowed: {sorted(allowed)})")
    if ("value" in raw) == ("base" in raw):
        raise SourceError(f"{where}: a quantity has exactly one of value (cited) or base (assumption)")
    base = float(raw.get("value", raw.get("base")))
    low = float(raw.get("low", base))
    high = float(raw.get("high", base))
    if not (low <= base <= high):
        raise SourceError(f"{where}: needs low <= base <= high, got {low}, {base}, {high}")
    if "source" in raw and "assumption" in raw:
        raise SourceError(f"{where}: a quantity is either cited (source) or an assumption, not both")
    if "source" in raw:
        return {"base": base, "low": low, "high": high, "kind": "cited", "source": raw["source"],
                "note": str(raw.get("conversion", ""))}
    if "assumption" in raw:
        return {"base": base, "low": low, "high": high, "kind": "assumption", "source": None,
                "note": str(raw["assumption"])}
    return {"base": base, "low": low, "high": high, "kind": "plain", "source": None, "note": ""}


def plain(v):
    """The base value of a quantity or a plain value, for fields that only need the number."""
    return v["base"] if isinstance(v, dict) and "base" in v and "kind" in v else v


# ---------------------------------------------------------------------------------------------- places

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


# ---------------------------------------------------------------------------------------------- lines

def _stop(entry, where: str) -> tuple[str, dict]:
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict) and len(entry) == 1:
        (name, changes), = entry.items()
        if not isinstance(changes, dict):
            raise SourceError(f"{where}: attribute changes for {name!r} must be a mapping")
        return str(name), changes
    raise SourceError(f"{where}: a stop is a place name or {{name: {{attr: value}}}}")


def load_lines(mode: str, path: str | None = None) -> list[dict]:
    path = path or os.path.join(SOURCE, f"{mode}.yaml")
    return _load_yaml(path)["lines"]


def _pins(line: dict, stop_names: list[str], where: str) -> dict[int, float]:
    """Stop index -> km along the line's chainage system, from the line's `chainage` list. Absolute pins first;
    a relative pin (`from:`) adds its published distance in the direction the absolute pins run (increasing
    along the stops when there are fewer than two)."""
    index = {}
    for i, n in enumerate(stop_names):
        index.setdefault(n, i)
    entries = line.get("chainage") or []
    for ci, c in enumerate(entries):
        cw = f"{where} chainage #{ci + 1}"
        bad = set(c) - {"at", "km", "from", "src", "derivation"}
        if bad:
            raise SourceError(f"{cw}: unknown keys {sorted(bad)}")
        if c.get("at") not in index:
            raise SourceError(f"{cw}: {c.get('at')!r} is not a stop of this line")
        if "km" not in c:
            raise SourceError(f"{cw}: missing km")
        if not c.get("src") and not c.get("derivation"):
            raise SourceError(f"{cw}: needs src (a source id) or a derivation")
    pins: dict[int, float] = {}
    for c in entries:
        if "from" not in c:
            pins[index[c["at"]]] = float(c["km"])
    direction = _direction(pins)
    for ci, c in enumerate(entries):
        if "from" not in c:
            continue
        ref = c["from"]
        if ref not in index or index[ref] not in pins:
            raise SourceError(f"{where} chainage #{ci + 1}: 'from: {ref}' must name a stop pinned before it")
        sign = direction if index[c["at"]] > index[ref] else -direction
        pins[index[c["at"]]] = pins[index[ref]] + sign * float(c["km"])
    order = sorted(pins)
    for a, b in zip(order, order[1:]):
        if (pins[b] - pins[a]) * direction <= 0:
            raise SourceError(f"{where}: chainage is not monotonic between {stop_names[a]!r} and {stop_names[b]!r}")
    return pins


def _direction(pins: dict[int, float]) -> float:
    order = sorted(pins)
    if len(order) >= 2 and pins[order[-1]] < pins[order[0]]:
        return -1.0
    return 1.0


def load_segments(mode: str, places: dict[str, dict], path: str | None = None) -> list[dict]:
    """Expand every line of `mode` into straight segments between consecutive stops, in file order, each with
    its published length (`len_km`, `len_src` cited|estimated) next to its chord (`length_km`)."""
    path = path or os.path.join(SOURCE, f"{mode}.yaml")
    segments: list[dict] = []
    seen_ids: set[str] = set()
    for li, line in enumerate(load_lines(mode, path)):
        lid = line.get("id")
        where = f"{path}: line {lid or '#' + str(li + 1)}"
        if not lid or lid in seen_ids:
            raise SourceError(f"{where}: missing or duplicate id")
        seen_ids.add(lid)
        unknown = set(line) - set(LINE_ATTRS[mode]) - LINE_KEYS
        if unknown:
            raise SourceError(f"{where}: unknown keys {sorted(unknown)}")
        attrs = {key: line[key] for key in LINE_ATTRS[mode] if key in line}
        stops = line.get("stops") or []
        if len(stops) < 2:
            raise SourceError(f"{where}: needs at least two stops")
        parsed = [_stop(e, f"{where} stop #{si + 1}") for si, e in enumerate(stops)]
        names = [n for n, _ in parsed]
        for n in names:
            if n not in places:
                raise SourceError(f"{where}: unknown place {n!r}")
        line_segs = []
        prev = None
        for si, (name, changes) in enumerate(parsed):
            bad = set(changes) - set(LINE_ATTRS[mode])
            if bad:
                raise SourceError(f"{where}: stop {name!r} sets unknown attributes {sorted(bad)}")
            if prev is not None:
                if prev == name:
                    raise SourceError(f"{where}: repeated stop {name!r}")
                line_segs.append(_segment(mode, line, lid, len(line_segs), prev, name, dict(attrs), places, where))
            attrs.update(changes)  # applies to the segments that leave this stop
            prev = name
        _lengths(line, names, line_segs, where)
        segments.extend(line_segs)
    return segments


def _lengths(line: dict, names: list[str], segs: list[dict], where: str) -> None:
    pins = _pins(line, names, where)
    detour = line.get("detour")
    factor = None
    if detour is not None:
        if not isinstance(detour, dict) or "factor" not in detour or not detour.get("src"):
            raise SourceError(f"{where}: detour is {{factor: F, src: id}}")
        factor = float(detour["factor"])
    order = sorted(pins)
    for k, seg in enumerate(segs):
        # segment k joins stop k and stop k+1
        left = [i for i in order if i <= k]
        right = [i for i in order if i >= k + 1]
        if left and right:
            a, b = left[-1], right[0]
            span = abs(pins[b] - pins[a])
            chords = sum(s["length_km"] for s in segs[a:b])
            seg["len_km"] = span * (seg["length_km"] / chords if chords > 0 else 1.0 / (b - a))
            seg["len_src"] = "cited" if (a == k and b == k + 1) else "estimated"
        else:
            if factor is None:
                raise SourceError(f"{where}: segment {seg['from']} - {seg['to']} lies outside the chainage and "
                                  f"the line has no detour factor")
            seg["len_km"] = seg["length_km"] * factor
            seg["len_src"] = "estimated"


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
    for q in QUANTITY_ATTRS:
        seg[q] = quantity(seg[q], f"{where}: segment {a} - {b} {q}")
    if mode == "rail":
        seg["gauge_mm"] = str(seg["gauge_mm"])
    return seg


# ---------------------------------------------------------------------------------------------- manifest, profile

def load_manifest_source(path: str | None = None) -> dict:
    """The authored manifest (source/network.yaml): crossings and terminals with quantities."""
    return _load_yaml(path or os.path.join(SOURCE, "network.yaml"))


def load_manifest(path: str | None = None) -> dict:
    """The generated manifest the tool reads (network.yaml)."""
    return _load_yaml(path or os.path.join(DATASET, "network.yaml"))


def load_profile_source(path: str | None = None) -> dict:
    return _load_yaml(path or os.path.join(SOURCE, "profile.yaml"))
