"""Offline map: bundled Natural Earth country outlines drawn as SVG, with event markers.

The outlines are world-atlas's TopoJSON (Natural Earth, public domain; see
static/geo/NOTICE), shipped in the package so that the map needs no tile server and no CDN.
This module decodes TopoJSON (quantised, delta-encoded arcs shared between neighbours) and
draws it with the equirectangular projection: x = longitude, y = -latitude, so SVG
coordinates are degrees and markers need no projection code in the browser.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from contested.web.views import MapPoint

Ring = list[tuple[float, float]]

#: Viewports narrower than this many degrees use the 1:50m outlines, wider ones 1:110m:
#: at 1:110m Afghanistan is a 40-point polygon, visibly crude once a province fills the map,
#: while the whole world at 1:50m would be ~600 kB of path data for no visible gain.
DETAIL_BELOW_DEGREES = 90.0
#: Smallest viewport side (degrees) so that a single town does not fill the whole map:
#: 6° shows a province with its neighbours (Panjshir and Parwan with Kabul).
MIN_SPAN_DEGREES = 6.0


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north


@lru_cache(maxsize=2)
def countries(scale: str) -> tuple[Country, ...]:
    """Decode the bundled countries-<scale>.json ('50m' or '110m') once per process."""
    path = resources.files("contested.web") / "static" / "geo" / f"countries-{scale}.json"
    topology = json.loads(path.read_text(encoding="utf-8"))
    return tuple(decode_countries(topology))


def decode_countries(topology: dict) -> list[Country]:
    """Country polygons from a TopoJSON topology with a `countries` object."""
    arcs = _decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {
            "Polygon": [geometry.get("arcs", [])],
            "MultiPolygon": geometry.get("arcs", []),
        }.get(geometry.get("type"), [])
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        rings = [r for r in rings if len(r) > 2]
        if not rings:
            continue
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        name = (geometry.get("properties") or {}).get("name") or ""
        out.append(Country(name, tuple(rings), (min(xs), min(ys), max(xs), max(ys))))
    return out


def _decode_arcs(topology: dict) -> list[Ring]:
    """Undo quantisation and delta encoding: arcs in (lon, lat) degrees."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    """Join a ring's arcs; a negative index (~i) means arc i reversed. Shared end points
    between consecutive arcs are dropped."""
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring else arc)
    return ring


@dataclass
class MapView:
    """What a template needs to draw the map: viewBox, outline paths, markers, labels."""

    x: float
    y: float
    width: float
    height: float
    paths: list[tuple[str, str]] = field(default_factory=list)  # (country name, SVG path)
    markers: list[Marker] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"{self.x:.3f} {self.y:.3f} {self.width:.3f} {self.height:.3f}"

    @property
    def stroke(self) -> float:
        """Outline width in degrees: about one pixel of the ~900 px wide map."""
        return self.width / 900


@dataclass
class Marker:
    point: MapPoint
    x: float
    y: float
    r: float
    label: bool


#: Markers get a text label only when there are few of them, or the map becomes unreadable.
MAX_LABELS = 25
#: Map aspect ratio (height / width) in degrees; wider than tall like most analysts' screens.
ASPECT = 0.55


def map_view(points: list[MapPoint], aspect: float = ASPECT) -> MapView:
    """Fit the map to the points (the whole world when there are none) and draw it."""
    west, south, east, north = _extent(points)
    width = max(east - west, MIN_SPAN_DEGREES, (north - south) / aspect)
    height = width * aspect
    cx, cy = (west + east) / 2, -(south + north) / 2
    view = MapView(cx - width / 2, cy - height / 2, width, height)
    scale = "50m" if width < DETAIL_BELOW_DEGREES else "110m"
    digits = 3 if width < 20 else 2 if width < DETAIL_BELOW_DEGREES else 1
    for country in countries(scale):
        if _overlaps(country.bbox, view):
            view.paths.append((country.name, _path(country.rings, digits)))
    largest = max((p.events for p in points), default=1)
    base = width / 120  # a one-event marker is ~7 px on a ~900 px map
    for point in sorted(points, key=lambda p: -p.events):
        r = base * (1 + 2 * math.sqrt(point.events / largest))
        view.markers.append(
            Marker(point, point.lon, -point.lat, r, label=len(view.markers) < MAX_LABELS)
        )
    return view


def _extent(points: list[MapPoint]) -> tuple[float, float, float, float]:
    if not points:
        return -180.0, -60.0, 180.0, 85.0
    lons = [p.lon for p in points]
    lats = [p.lat for p in points]
    pad = 0.15  # a margin of 15% keeps edge markers and their labels inside the frame
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    dx, dy = (e - w) * pad + 0.5, (n - s) * pad + 0.5
    return max(-180.0, w - dx), max(-85.0, s - dy), min(180.0, e + dx), min(85.0, n + dy)


def _overlaps(bbox: tuple[float, float, float, float], view: MapView) -> bool:
    west, south, east, north = bbox
    return not (
        east < view.x or west > view.x + view.width
        or -south < view.y or -north > view.y + view.height
    )


def _path(rings: tuple[Ring, ...], digits: int) -> str:
    """SVG path data for rings in degrees, y flipped; consecutive duplicate points dropped."""
    parts = []
    for ring in rings:
        coords: list[str] = []
        last = None
        for lon, lat in ring:
            point = f"{round(lon, digits):g} {round(-lat, digits):g}"
            if point != last:
                coords.append(point)
                last = point
        if len(coords) > 2:
            parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)
