"""Maps drawn on the server as SVG: numbered points over an area's outline and streets, for a
PDF report or a page, without a tile server (nothing is fetched to draw or print them).

    svg = svg_kaart(
        punten=[KaartPunt(lat=52.0017, lon=4.1655, label="1", kleur="#a4161a")],
        grens=geojson_lijnen(gebied.grens), straten=geojson_lijnen(gebied.stratenkaart),
        titel="Bevindingen van de schouw",
    )

The projection is equirectangular with the longitude scaled by cos(latitude) around the middle
of the map: at the scale of a shopping area or business park (a few km) the distortion is far
below what a printed map shows. Coordinates are WGS84 (GeoJSON order: longitude, latitude).
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Lijn = list[tuple[float, float]]  # (lon, lat) pairs

METER_PER_GRAAD = 111_320.0
# A map of one point (or points a few metres apart) still shows this many metres across.
MINIMALE_OMVANG_M = 150.0
SCHAALSTAPPEN_M = (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)


@dataclass(frozen=True)
class KaartPunt:
    lat: float
    lon: float
    label: str  # drawn in the circle: short, e.g. the finding's number
    kleur: str = "#1f4e79"  # fill colour; the label is white
    titel: str = ""  # tooltip in a browser (SVG <title>)


class OngeldigeGeoJSON(ValueError):
    """Not GeoJSON with (Multi)Polygon or (Multi)LineString geometries in WGS84."""


def geojson_lijnen(data: Any) -> list[Lijn]:
    """The lines of GeoJSON (a geometry, Feature or FeatureCollection): every ring of a
    (Multi)Polygon and every (Multi)LineString, as lists of (lon, lat). Points are skipped.
    None or empty gives []. Anything else raises OngeldigeGeoJSON."""
    if not data:
        return []
    if not isinstance(data, dict):
        raise OngeldigeGeoJSON("geen GeoJSON-object")
    soort = data.get("type")
    if soort == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise OngeldigeGeoJSON("FeatureCollection zonder features")
        return [lijn for feature in features for lijn in geojson_lijnen(feature)]
    if soort == "Feature":
        return geojson_lijnen(data.get("geometry"))
    if soort == "GeometryCollection":
        geometries = data.get("geometries")
        if not isinstance(geometries, list):
            raise OngeldigeGeoJSON("GeometryCollection zonder geometries")
        return [lijn for geometry in geometries for lijn in geojson_lijnen(geometry)]
    coordinaten = data.get("coordinates")
    if soort in ("Point", "MultiPoint"):
        return []
    if soort == "LineString":
        return [_lijn(coordinaten)]
    if soort in ("MultiLineString", "Polygon"):
        return [_lijn(c) for c in _lijst(coordinaten)]
    if soort == "MultiPolygon":
        return [_lijn(ring) for polygoon in _lijst(coordinaten) for ring in _lijst(polygoon)]
    raise OngeldigeGeoJSON(f"onbekend type {soort!r}")


def _lijst(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise OngeldigeGeoJSON("coördinaten zijn geen lijst")
    return value


def _lijn(coordinaten: Any) -> Lijn:
    lijn = []
    for positie in _lijst(coordinaten):
        if (
            not isinstance(positie, list | tuple) or len(positie) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool)
                       for v in positie[:2])
        ):
            raise OngeldigeGeoJSON("een positie is geen [lengtegraad, breedtegraad]")
        lon, lat = float(positie[0]), float(positie[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise OngeldigeGeoJSON("coördinaten buiten WGS84 (graden); is het RD (EPSG:28992)?")
        lijn.append((lon, lat))
    if len(lijn) < 2:
        raise OngeldigeGeoJSON("een lijn heeft minstens twee posities")
    return lijn


@dataclass(frozen=True)
class _Projectie:
    """(lon, lat) to SVG pixels: equirectangular, x scaled by cos(lat) of the map's middle."""

    lon0: float
    lat0: float
    cos_lat: float
    schaal: float  # pixels per degree of latitude
    x0: float
    y0: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.x0 + (lon - self.lon0) * self.cos_lat * self.schaal,
            self.y0 - (lat - self.lat0) * self.schaal,
        )

    @property
    def pixels_per_meter(self) -> float:
        return self.schaal / METER_PER_GRAAD


def _projectie(
    posities: Sequence[tuple[float, float]], breedte: int, hoogte: int, marge: int
) -> _Projectie:
    lons = [p[0] for p in posities]
    lats = [p[1] for p in posities]
    lat0 = (min(lats) + max(lats)) / 2
    lon0 = (min(lons) + max(lons)) / 2
    cos_lat = math.cos(math.radians(lat0))
    minimum = MINIMALE_OMVANG_M / METER_PER_GRAAD
    dx = max((max(lons) - min(lons)) * cos_lat, minimum)
    dy = max(max(lats) - min(lats), minimum)
    schaal = min((breedte - 2 * marge) / dx, (hoogte - 2 * marge) / dy)
    return _Projectie(lon0, lat0, cos_lat, schaal, breedte / 2, hoogte / 2)


def _pad(lijn: Lijn, projectie: _Projectie) -> str:
    return "M" + " L".join(
        "{:.1f} {:.1f}".format(*projectie.xy(lon, lat)) for lon, lat in lijn
    )


def _schaalstap(pixels_per_meter: float, maximum_px: float) -> int:
    passend = [m for m in SCHAALSTAPPEN_M if m * pixels_per_meter <= maximum_px]
    return passend[-1] if passend else SCHAALSTAPPEN_M[0]


def svg_kaart(
    *,
    punten: Iterable[KaartPunt],
    grens: Sequence[Lijn] = (),
    straten: Sequence[Lijn] = (),
    titel: str = "",
    breedte: int = 640,
    hoogte: int = 420,
    straal: float = 8,
) -> SafeString:
    """An SVG map: streets (grey), the outline (blue, lightly filled), numbered points on top,
    a scale bar and a north arrow. The view fits the outline and the points; streets outside
    it are clipped. Colours are presentation attributes, not style attributes (strict CSP)."""
    punten = list(punten)
    posities = [(p.lon, p.lat) for p in punten] + [pos for lijn in grens for pos in lijn]
    if not posities:
        posities = [pos for lijn in straten for pos in lijn]
    if not posities:
        return mark_safe("")
    marge = int(straal * 2 + 4)
    projectie = _projectie(posities, breedte, hoogte, marge)
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="svg-kaart" role="img" '
        f'viewBox="0 0 {breedte} {hoogte}" width="{breedte}" height="{hoogte}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" aria-label="{escape(titel)}">',
        f"<title>{escape(titel)}</title>" if titel else "",
        f'<rect x="0" y="0" width="{breedte}" height="{hoogte}" fill="#f8f9fa" '
        f'stroke="#adb5bd"/>',
    ]
    if straten:
        delen.append('<g fill="none" stroke="#adb5bd" stroke-width="3" '
                     'stroke-linecap="round" stroke-linejoin="round">')
        delen += [f'<path d="{_pad(lijn, projectie)}"/>' for lijn in straten]
        delen.append("</g>")
    if grens:
        paden = " ".join(_pad(lijn, projectie) + " Z" for lijn in grens)
        delen.append(f'<path d="{paden}" fill="#1f4e79" fill-opacity="0.06" '
                     f'fill-rule="evenodd" stroke="#1f4e79" stroke-width="2"/>')
    delen.append('<g text-anchor="middle" font-weight="bold">')
    for punt in punten:
        x, y = projectie.xy(punt.lon, punt.lat)
        grootte = straal * (1.1 if len(punt.label) < 3 else 0.85)
        delen.append(
            f'<g><circle cx="{x:.1f}" cy="{y:.1f}" r="{straal}" fill="{escape(punt.kleur)}" '
            f'stroke="#ffffff" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y + grootte * 0.36:.1f}" font-size="{grootte:.1f}" '
            f'fill="#ffffff">{escape(punt.label)}</text>'
            + (f"<title>{escape(punt.titel)}</title>" if punt.titel else "")
            + "</g>"
        )
    delen.append("</g>")
    # Scale bar (bottom left) and north arrow (top right).
    meters = _schaalstap(projectie.pixels_per_meter, breedte / 4)
    lengte = meters * projectie.pixels_per_meter
    y = hoogte - 12
    label = f"{meters // 1000} km" if meters >= 1000 else f"{meters} m"
    delen.append(
        f'<g stroke="#212529" stroke-width="2"><path d="M12 {y - 5} V{y} H{12 + lengte:.1f} '
        f'V{y - 5}" fill="none"/></g>'
        f'<text x="{16 + lengte:.1f}" y="{y}" font-size="11" fill="#212529">{label}</text>'
        f'<g transform="translate({breedte - 20} 14)"><path d="M0 0 L6 16 L0 12 L-6 16 Z" '
        f'fill="#212529"/><text x="0" y="28" font-size="11" text-anchor="middle" '
        f'fill="#212529">N</text></g>'
    )
    delen.append("</svg>")
    return mark_safe("".join(delen))
