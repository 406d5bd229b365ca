"""The offline map: TopoJSON decoding and the fitted SVG view."""

from __future__ import annotations

from contested.web import geo
from contested.web.views import MapPoint


def test_decode_tiny_topology() -> None:
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square"}},
            {"type": "Polygon", "arcs": [[~1, ~0]], "properties": {"name": "Reversed"}},
        ]}},
    }
    square, reverse = geo.decode_countries(topology)
    assert square.name == "Square"
    assert square.rings[0] == [(0, 0), (2, 0), (2, 2), (0, 2), (0, 0)]
    assert square.bbox == (0, 0, 2, 2)
    assert reverse.rings[0] == square.rings[0][::-1]


def test_bundled_outlines_include_afghanistan() -> None:
    names = {c.name for c in geo.countries("110m")}
    assert {"Afghanistan", "Pakistan", "France"} <= names
    afghanistan = next(c for c in geo.countries("50m") if c.name == "Afghanistan")
    west, south, east, north = afghanistan.bbox
    assert 60 < west < 61.5 and 74 < east < 75.5 and 29 < south < 30 and 38 < north < 39


def test_map_fits_points_and_uses_detailed_outlines() -> None:
    points = [MapPoint(lat=35.4, lon=69.7, name="Panjshir", events=3, event_ids=["a"]),
              MapPoint(lat=35.1, lon=69.2, name="Jabal os Saraj", events=1, event_ids=["b"])]
    view = geo.map_view(points)
    assert view.width == geo.MIN_SPAN_DEGREES
    assert "Afghanistan" in [name for name, _, _ in view.labels]
    assert view.x < 69.2 and view.x + view.width > 69.7
    assert view.y < -35.4 and view.y + view.height > -35.1
    names = [name for name, _ in view.paths]
    assert "Afghanistan" in names and "Brazil" not in names
    big, small = view.markers
    assert big.point.name == "Panjshir" and big.r > small.r


def test_empty_map_shows_the_world() -> None:
    view = geo.map_view([])
    assert view.width == 360 and len(view.paths) > 150 and not view.markers


def test_clip_keeps_the_part_inside() -> None:
    square = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]
    clipped = geo.clip(square, (1.0, 1.0, 2.0, 5.0))
    assert sorted(set(clipped)) == [(1.0, 1.0), (1.0, 4.0), (2.0, 1.0), (2.0, 4.0)]
    assert geo.clip(square, (10.0, 10.0, 11.0, 11.0)) == []


def test_zoomed_map_stays_small() -> None:
    view = geo.map_view([MapPoint(lat=35.4, lon=69.7, name="Panjshir", events=1)])
    assert sum(len(d) for _, d in view.paths) < 60_000
