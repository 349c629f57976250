"""The regional overview: everything in the areas an organisation oversees (trajects.Toezicht),
shaped once for the page, the map and the exports."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from actiepunten.models import Actiepunt
from audits.models import Certificaat, add_months
from trajects import gereedheid, samenvatting
from trajects.models import Organisatie, Toezichthouder, Traject

# Readiness buckets of the distribution: (lowest score, label).
KLASSEN = [(0, "0–24%"), (25, "25–49%"), (50, "50–74%"), (75, "75–99%"), (100, "100%")]


def trajecten_van(user):
    """The trajectories `user` oversees, with the facts the overview shows (one subquery each)."""
    return samenvatting.met_laatste_activiteit(
        samenvatting.annoteer(Traject.objects.onder_toezicht_van(user))
    ).select_related("gebied")


def organisaties_van(user):
    return Organisatie.objects.filter(
        pk__in=Toezichthouder.objects.actief().filter(user=user).values("organisatie_id")
    )


@dataclass
class Overzicht:
    aantal_trajecten: int = 0
    aantal_gebieden: int = 0
    gecertificeerd: int = 0
    per_fase: list = field(default_factory=list)
    verdeling: list = field(default_factory=list)
    verlopend: list = field(default_factory=list)
    te_laat_per_soort: list = field(default_factory=list)
    te_laat_totaal: int = 0
    # Every trajectory (by name) and its readiness (`{pk: Gereedheid}`): the page's table is
    # a page of these, so the readiness of all is computed once.
    trajecten: list = field(default_factory=list)
    gereedheid: dict = field(default_factory=dict)


def overzicht(user, trajecten):
    """Totals, the readiness distribution, certificates ending within six months and overdue
    action items per partner kind, for the trajectories `trajecten` (a queryset), with the
    trajectories themselves and their readiness. A fixed number of queries: the trajectories
    are fetched once and counted here."""
    vandaag = timezone.localdate()
    ids = trajecten.values("pk")
    resultaat = Overzicht()
    resultaat.trajecten = list(trajecten.order_by("naam", "pk"))
    resultaat.gereedheid = gereedheid.gereedheid_voor(resultaat.trajecten)
    fases = Counter(t.fase for t in resultaat.trajecten)
    resultaat.per_fase = [(label, fases.get(code, 0)) for code, label in Traject.Fase.choices
                          if fases.get(code)]
    resultaat.aantal_trajecten = len(resultaat.trajecten)
    resultaat.aantal_gebieden = len({t.gebied_id for t in resultaat.trajecten})
    resultaat.gecertificeerd = (
        Certificaat.objects.geldig().filter(traject__in=ids)
        .values("traject").distinct().count()
    )
    scores = [g.score for g in resultaat.gereedheid.values()]
    resultaat.verdeling = [
        (label, sum(1 for s in scores if ondergrens <= s < bovengrens))
        for (ondergrens, label), bovengrens in zip(
            KLASSEN, [k[0] for k in KLASSEN[1:]] + [101], strict=True)
    ]
    resultaat.verlopend = list(
        Certificaat.objects.geldig().filter(
            traject__in=ids, geldig_tot__lte=add_months(vandaag, 6))
        .select_related("traject", "traject__gebied").order_by("geldig_tot", "pk")
    )
    per_soort = dict(
        Actiepunt.objects.te_laat(vandaag).filter(traject__in=ids).order_by()
        .values_list("organisatie__soort").annotate(n=Count("pk"))
    )
    soorten = dict(Organisatie.Soort.choices)
    resultaat.te_laat_per_soort = sorted(
        ((soorten.get(soort, _("Geen organisatie")), n) for soort, n in per_soort.items()),
        key=lambda rij: -rij[1],
    )
    resultaat.te_laat_totaal = sum(per_soort.values())
    return resultaat


def kaart(trajecten):
    """The areas of `trajecten` with a map point, as GeoJSON (one feature per area)."""
    gebieden = {}
    for traject in trajecten.exclude(gebied__latitude__isnull=True).exclude(
            gebied__longitude__isnull=True).order_by("gebied__naam", "naam"):
        gebied = traject.gebied
        feature = gebieden.setdefault(gebied.pk, {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [gebied.longitude, gebied.latitude]},
            "properties": {"naam": str(gebied), "soort": gebied.get_soort_display(),
                           "trajecten": []},
        })
        feature["properties"]["trajecten"].append({
            "naam": traject.naam, "fase": traject.get_fase_display(),
            "url": traject.get_absolute_url(),
        })
    return {"type": "FeatureCollection", "features": list(gebieden.values())}


KOPPEN = [
    _("Traject"), _("Gebied"), _("Gemeente"), _("Soort gebied"), _("Fase"), _("Gereedheid (%)"),
    _("Actiepunten over de deadline"), _("Volgende audit"), _("Certificaat geldig tot"),
    _("Laatste activiteit"),
]


def export_rijen(trajecten):
    """One row per trajectory for the CSV and XLSX exports (numbers stay numbers)."""
    lijst = list(trajecten.order_by("naam", "pk"))
    scores = gereedheid.gereedheid_voor(lijst)
    rijen = [[str(k) for k in KOPPEN]]
    for traject in lijst:
        rijen.append([
            traject.naam, traject.gebied.naam, traject.gebied.gemeente,
            traject.gebied.get_soort_display(), traject.get_fase_display(),
            scores[traject.pk].score if traject.pk in scores else None,
            getattr(traject, "te_laat", None), getattr(traject, "volgende_audit", None),
            getattr(traject, "certificaat_tot", None),
            traject.laatste_activiteit,
        ])
    return rijen


def bestandsnaam(extensie):
    return f"regio-overzicht-{timezone.localdate():%Y-%m-%d}.{extensie}"
