"""The map's data: only the findings inside the box the browser shows, and beyond a page's
worth of them a grid of clusters counted in the database (portable SQL: Floor, Avg, Count), so
one answer never carries more than `KAART_MAXIMUM` features whatever the number of findings."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet
from django.db.models.functions import Floor

from .models import Ernst

KAART_MAXIMUM = 250  # features in one answer: single findings up to here, else clusters
RASTER = 12  # cells per side of the box when clustering (144 clusters at most)
ERNST_ZWAARSTE_EERST = [Ernst.ROOD, Ernst.ORANJE, Ernst.GEEL, Ernst.GROEN]


@dataclass(frozen=True)
class Kader:
    """A box in degrees: west, south, east, north."""

    west: float
    zuid: float
    oost: float
    noord: float

    @classmethod
    def uit_tekst(cls, tekst: str | None) -> "Kader | None":
        """`"west,zuid,oost,noord"` as Leaflet's `getBounds().toBBoxString()` gives it; None
        when absent or not a box on earth."""
        try:
            west, zuid, oost, noord = (float(d) for d in (tekst or "").split(","))
        except ValueError:
            return None
        if not (-180 <= west < oost <= 180 and -90 <= zuid < noord <= 90):
            return None
        return cls(west, zuid, oost, noord)

    def filter(self, bevindingen: QuerySet) -> QuerySet:
        return bevindingen.filter(
            longitude__gte=self.west, longitude__lte=self.oost,
            latitude__gte=self.zuid, latitude__lte=self.noord,
        )


def omvang(bevindingen: QuerySet) -> Kader | None:
    """The box around `bevindingen` (one query), or None when none has a point."""
    g = bevindingen.aggregate(west=Min("longitude"), zuid=Min("latitude"),
                              oost=Max("longitude"), noord=Max("latitude"))
    if g["west"] is None:
        return None
    return Kader(g["west"], g["zuid"], g["oost"], g["noord"])


@dataclass(frozen=True)
class Cluster:
    aantal: int
    latitude: float
    longitude: float
    ernst: str  # the most severe in the cluster
    kader: Kader  # its grid cell: clicking zooms to it


def clusters(bevindingen: QuerySet, kader: Kader, raster: int = RASTER) -> list[Cluster]:
    """`bevindingen` (all inside `kader`) counted per cell of a `raster` × `raster` grid."""
    breedte = max(kader.oost - kader.west, 1e-9) / raster
    hoogte = max(kader.noord - kader.zuid, 1e-9) / raster
    rijen = (
        bevindingen.order_by()
        .annotate(
            cx=Floor((F("longitude") - kader.west) / breedte),
            cy=Floor((F("latitude") - kader.zuid) / hoogte),
        )
        .values("cx", "cy")
        .annotate(
            aantal=Count("pk"), lat=Avg("latitude"), lng=Avg("longitude"),
            **{f"n_{e}": Count("pk", filter=Q(ernst=e)) for e in ERNST_ZWAARSTE_EERST},
        )
    )
    cellen: dict[tuple[int, int], list[dict]] = {}
    for rij in rijen:
        # A point on the east or north edge falls in the last cell, not one beyond it.
        cel = (min(int(rij["cx"]), raster - 1), min(int(rij["cy"]), raster - 1))
        cellen.setdefault(cel, []).append(rij)
    uitkomst = []
    for (cx, cy), delen in sorted(cellen.items()):
        aantal = sum(d["aantal"] for d in delen)
        ernst = next((e for e in ERNST_ZWAARSTE_EERST
                      if any(d[f"n_{e}"] for d in delen)), Ernst.GROEN)
        uitkomst.append(Cluster(
            aantal=aantal,
            latitude=sum(d["lat"] * d["aantal"] for d in delen) / aantal,
            longitude=sum(d["lng"] * d["aantal"] for d in delen) / aantal,
            ernst=str(ernst),
            kader=Kader(kader.west + cx * breedte, kader.zuid + cy * hoogte,
                        kader.west + (cx + 1) * breedte, kader.zuid + (cy + 1) * hoogte),
        ))
    return uitkomst
