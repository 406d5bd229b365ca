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
#: Smallest viewport width (degrees) so that a single town does not fill the whole map:
#: 12° shows a province within its country and the nearest borders (Panjshir with Kabul
#: and the Pakistan border), enough to tell where on Earth one is.
MIN_SPAN_DEGREES = 12.0


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north
    #: Where to print the name: the centroid of the largest ring (the mainland).
    label_at: tuple[float, float] = (0.0, 0.0)


@lru_cache(maxsize=2)
def countries(scale: str) -> tuple[Country, ...]:
    """Decode the bundled countries-<scale>.json ('50m' or '110m') once per process."""
    path = resources.files("contested.web") / "static" / "geo" / f"countries-{scale}.json"
    topology = json.loads(path.read_text(encoding="utf-8"))
    return tuple(decode_countries(topology))


def warm() -> None:
    """Decode both outline files now (about a second), so the first map request need not."""
    for scale in ("110m", "50m"):
        countries(scale)


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
        mainland = max(rings, key=lambda r: abs(_area(r)))
        out.append(Country(
            name, tuple(rings), (min(xs), min(ys), max(xs), max(ys)), _centroid(mainland)
        ))
    return out


def _area(ring: Ring) -> float:
    """Signed area (shoelace), in square degrees."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def _centroid(ring: Ring) -> tuple[float, float]:
    area = _area(ring)
    if abs(area) < 1e-12:
        return ring[0]
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


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
    labels: list[tuple[str, float, float]] = field(default_factory=list)  # (name, x, y)

    @property
    def view_box(self) -> str:
        return f"{self.x:.3f} {self.y:.3f} {self.width:.3f} {self.height:.3f}"

    #: The width, in CSS pixels, the map is expected to be shown at (sizes labels, markers).
    display_px: float = 900.0

    @property
    def pixel(self) -> float:
        """One CSS pixel in degrees."""
        return self.width / self.display_px

    @property
    def font_size(self) -> float:
        """Label size in degrees: 12 px."""
        return 12 * self.pixel

    @property
    def stroke(self) -> float:
        """Outline width in degrees: one pixel."""
        return self.pixel


@dataclass
class Marker:
    point: MapPoint
    x: float
    y: float
    r: float
    label: bool


#: At most this many markers get a text label (the busiest first, skipping any that would
#: overlap): beyond ~25 names a 900 px map reads as clutter; the rest show on hover.
MAX_LABELS = 25
#: Map aspect ratio (height / width) in degrees: 0.55 fills the board's map panel on a
#: 16:9 screen beside the contradictions column without scrolling.
ASPECT = 0.55


def map_view(points: list[MapPoint], aspect: float = ASPECT, display_px: float = 900.0) -> MapView:
    """Fit the map to the points (the whole world when there are none) and draw it, for
    display about `display_px` CSS pixels wide."""
    west, south, east, north = _extent(points)
    width = max(east - west, MIN_SPAN_DEGREES, (north - south) / aspect)
    height = width * aspect
    cx, cy = (west + east) / 2, -(south + north) / 2
    view = MapView(cx - width / 2, cy - height / 2, width, height, display_px=display_px)
    scale = "50m" if width < DETAIL_BELOW_DEGREES else "110m"
    digits = 3 if width < 20 else 2 if width < DETAIL_BELOW_DEGREES else 1
    # Outlines are clipped to the view plus a margin: Russia's coastline is ~200 kB of path
    # data at 1:50m, of which a map of Afghanistan shows none.
    margin = width * 0.1
    box = (
        round(view.x - margin, 1), round(-(view.y + height + margin), 1),
        round(view.x + width + margin, 1), round(-(view.y - margin), 1),
    )
    for index, country in enumerate(countries(scale)):
        if _overlaps(country.bbox, view):
            path = _country_path(scale, index, digits, box)
            if path:
                view.paths.append((country.name, path))
            if _labelled(country, view):
                view.labels.append((country.name, country.label_at[0], -country.label_at[1]))
    # A one-event marker is 12 px across; the radius grows with the log of
    # the count, so a place with 1,000 events is ~6x wider, not 30x, and does not bury its
    # neighbours.
    base = 6 * view.pixel
    placed: list[tuple[float, float, float, float]] = []
    for point in sorted(points, key=lambda p: -p.events):
        r = base * (1 + math.log2(max(point.events, 1)) * 0.5)
        marker = Marker(point, point.lon, -point.lat, r, label=False)
        box = _label_box(marker, view.font_size)
        if len(placed) < MAX_LABELS and not any(_intersects(box, other) for other in placed):
            marker.label = True
            placed.append(box)
        view.markers.append(marker)
    return view


def _label_box(marker: Marker, size: float) -> tuple[float, float, float, float]:
    """Approximate extent of a marker's label (x0, y0, x1, y1): ~0.6 em per character."""
    text = f"{marker.point.name} ({marker.point.events})"
    x0 = marker.x + marker.r * 1.3
    return x0, marker.y - size * 0.8, x0 + len(text) * size * 0.6, marker.y + size * 0.4


def _intersects(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def _extent(points: list[MapPoint]) -> tuple[float, float, float, float]:
    if not points:
        return -180.0, -60.0, 180.0, 85.0
    lons = [p.lon for p in points]
    lats = [p.lat for p in points]
    pad = 0.15  # a margin of 15% keeps edge markers and their labels inside the frame
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    dx, dy = (e - w) * pad + 0.5, (n - s) * pad + 0.5
    return max(-180.0, w - dx), max(-85.0, s - dy), min(180.0, e + dx), min(85.0, n + dy)


#: Countries narrower than this fraction of the map are not named (their name would not fit).
LABEL_MIN_FRACTION = 0.06


def _labelled(country: Country, view: MapView) -> bool:
    x, y = country.label_at[0], -country.label_at[1]
    inside = view.x < x < view.x + view.width and view.y < y < view.y + view.height
    return inside and country.bbox[2] - country.bbox[0] > view.width * LABEL_MIN_FRACTION


def _overlaps(bbox: tuple[float, float, float, float], view: MapView) -> bool:
    west, south, east, north = bbox
    return not (
        east < view.x or west > view.x + view.width
        or -south < view.y or -north > view.y + view.height
    )


@lru_cache(maxsize=4096)
def _country_path(
    scale: str, index: int, digits: int, box: tuple[float, float, float, float]
) -> str:
    """One country's path data clipped to `box` (west, south, east, north), built once per
    process, precision and box."""
    country = countries(scale)[index]
    west, south, east, north = country.bbox
    inside = box[0] <= west and east <= box[2] and box[1] <= south and north <= box[3]
    rings = country.rings if inside else tuple(clip(r, box) for r in country.rings)
    return _path(rings, digits)


def clip(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman: the part of a polygon ring inside an axis-aligned box."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _cut_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cut_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cut_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cut_y(a, b, north)),
    )
    points = list(ring)
    for keep, cut in edges:
        if not points:
            break
        out: Ring = []
        previous = points[-1]
        for point in points:
            if keep(point):
                if not keep(previous):
                    out.append(cut(previous, point))
                out.append(point)
            elif keep(previous):
                out.append(cut(previous, point))
            previous = point
        points = out
    return points


def _cut_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cut_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


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
