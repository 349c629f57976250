"""Triage of a schouw's findings: the bulk actions, the suggested duplicate groups and the
exports (CSV, XLSX, GeoJSON) of the triage list.

Each bulk action runs in one transaction and carries the version of every row as the page showed
it ({pk: versie}): a finding changed since (edited by who captured it, triaged by another
coordinator) is skipped and reported back, never overwritten. One that was already handled
(an action item, a duplicate, dismissed) is refused with the reason. Each returns
(done, stale, refused) as kvo.versies.per_versie.
"""

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kvo.models import User
from kvo.spreadsheets import Row, Sheet
from kvo.versies import Uitkomst, per_versie
from trajects.models import Organisatie, Traject

from . import registry
from .models import Bevinding, Ernst, Foto, Schouw
from .services import afstand_meters


def _afstand(a: Bevinding, b: Bevinding) -> float:
    """Metres between two findings' map points (infinite when one has none)."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return float("inf")
    return afstand_meters(a.latitude, a.longitude, b.latitude, b.longitude)


def _afgehandeld(bevinding: Bevinding) -> ValidationError:
    return ValidationError(_("al afgehandeld (%(status)s)") % {
        "status": bevinding.get_status_display()}, code="afgehandeld")


def _te_trieren(bevinding: Bevinding) -> None:
    if bevinding.status not in Bevinding.TE_TRIEREN:
        raise _afgehandeld(bevinding)


def _per_bevinding(
    bevindingen: Iterable[Bevinding], versies: Mapping[int, int | None],
    actie: Callable[[Bevinding], object],
) -> Uitkomst[Bevinding]:
    def uitvoeren(bevinding: Bevinding, versie: int) -> None:
        bevinding.vergrendel(versie)
        actie(bevinding)

    return per_versie(bevindingen, versies, uitvoeren)


def bevindingen_toewijzen(
    *, bevindingen: Iterable[Bevinding], versies: Mapping[int, int | None],
    organisatie: Organisatie, actiepunten_meeverhuizen: bool = False, door: User | None = None,
) -> tuple[Uitkomst[Bevinding], tuple[int, int]]:
    """Give the findings to `organisatie`. With `actiepunten_meeverhuizen`, their open action
    items go along in the same transaction (registry.actiepunten_meeverhuizen; done ones stay).
    Returns the outcome and (items moved, items left because they follow other findings too)."""
    with transaction.atomic():
        uitkomst = _per_bevinding(bevindingen, versies, lambda b: b.toewijzen(organisatie))
        verhuisd: tuple[int, int] = (0, 0)
        if actiepunten_meeverhuizen and uitkomst[0]:
            verhuisd = registry.actiepunten_meeverhuizen(
                bevindingen=uitkomst[0], organisatie=organisatie, door=door)
    return uitkomst, verhuisd


def bevindingen_dubbel_markeren(
    *, bevindingen: Iterable[Bevinding], versies: Mapping[int, int | None], origineel: Bevinding
) -> Uitkomst[Bevinding]:
    def markeren(bevinding: Bevinding) -> None:
        _te_trieren(bevinding)
        bevinding.markeer_als_dubbel(origineel)

    with transaction.atomic():
        _origineel_vastzetten(origineel)
        return _per_bevinding(bevindingen, versies, markeren)


def bevindingen_geen_actie(
    *, bevindingen: Iterable[Bevinding], versies: Mapping[int, int | None]
) -> Uitkomst[Bevinding]:
    """Dismiss: seen in triage, nothing needs doing (*Geen actie nodig*)."""
    def afwijzen(bevinding: Bevinding) -> None:
        _te_trieren(bevinding)
        bevinding.markeer_geen_actie()

    return _per_bevinding(bevindingen, versies, afwijzen)


def bevindingen_opgelost_markeren(
    *, bevindingen: Iterable[Bevinding], versies: Mapping[int, int | None]
) -> Uitkomst[Bevinding]:
    def oplossen(bevinding: Bevinding) -> None:
        if bevinding.status in (Bevinding.Status.OPGELOST, Bevinding.Status.DUBBEL):
            raise _afgehandeld(bevinding)
        bevinding.markeer_als_opgelost()

    return _per_bevinding(bevindingen, versies, oplossen)


def bevindingen_omzetten(
    *, traject: Traject, bevindingen: Iterable[Bevinding], versies: Mapping[int, int | None],
    door: User,
) -> tuple[Uitkomst[Bevinding], list[Any]]:
    """Turn the findings not yet handled into action items, one each, through the app that
    keeps them (registry.actiepunten_maken), all in one transaction. Returns the outcome and
    the items made."""
    if not registry.actiepunten_maken.ingevuld:
        raise ValidationError(_("Omzetten in actiepunten is hier niet mogelijk."),
                              code="geen_actiepunten")
    with transaction.atomic():
        gedaan, verouderd, geweigerd = _per_bevinding(
            sorted(bevindingen, key=lambda b: b.pk), versies, _te_trieren)
        gemaakt = (registry.actiepunten_maken(traject=traject, bevindingen=gedaan, door=door)
                   if gedaan else [])
    return (gedaan, verouderd, geweigerd), gemaakt


# Suggested duplicate groups ---------------------------------------------------------------------


@dataclass
class Dubbelgroep:
    """Open findings of one category near the oldest of them: the suggestion is that the others
    are its duplicates."""

    origineel: Bevinding
    dubbelen: list[Bevinding]

    @property
    def afstanden(self) -> list[tuple[Bevinding, float]]:
        return [(b, _afstand(self.origineel, b)) for b in self.dubbelen]


def dubbelgroepen(schouw: Schouw, *, meters: float | None = None) -> list[Dubbelgroep]:
    """The schouw's suggested duplicate groups, oldest original first, in two queries.

    Taken in order of capture, each open finding not yet in a group becomes an original; the
    later findings of its category within `meters` (BEVINDING_DUBBEL_METERS) that are not yet
    handled become its duplicates. Every duplicate lies within `meters` of its original (no
    chains: a row of lamps 20 m apart along a street is not one group). A finding that already
    became an action item can be an original, never a duplicate."""
    if meters is None:
        meters = settings.BEVINDING_DUBBEL_METERS
    rijen = list(
        schouw.bevindingen.open().filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("categorie")
        .prefetch_related(Prefetch("fotos", queryset=Foto.objects.order_by("pk")))
        .order_by("aangemaakt", "pk")
    )
    per_categorie: dict[int, list[Bevinding]] = {}
    for rij in rijen:
        per_categorie.setdefault(rij.categorie_id, []).append(rij)
    groepen = []
    for groep in per_categorie.values():
        gebruikt: set[int] = set()
        for i, origineel in enumerate(groep):
            if origineel.pk in gebruikt:
                continue
            dubbelen = [
                b for b in groep[i + 1:]
                if b.pk not in gebruikt and b.status in Bevinding.TE_TRIEREN
                and _afstand(origineel, b) <= meters
            ]
            if dubbelen:
                gebruikt.update(b.pk for b in (origineel, *dubbelen))
                groepen.append(Dubbelgroep(origineel, dubbelen))
    return sorted(groepen, key=lambda g: (g.origineel.aangemaakt, g.origineel.pk))


def _origineel_vastzetten(origineel: Bevinding) -> None:
    """Lock the original; one that is no longer open cannot take duplicates."""
    origineel.vergrendel()
    origineel.refresh_from_db(fields=["status", "dubbel_van"])
    if origineel.status == Bevinding.Status.DUBBEL:
        raise ValidationError(
            _("#%(nr)s is zelf dubbel van #%(van)s; kies die als origineel.")
            % {"nr": origineel.pk, "van": origineel.dubbel_van_id}, code="origineel_dubbel")


def dubbelgroep_bevestigen(
    *, origineel: Bevinding, dubbelen: Iterable[Bevinding], versies: Mapping[int, int | None],
    meters: float | None = None,
) -> Uitkomst[Bevinding]:
    """Mark the group's findings as duplicates of `origineel`, in one transaction. Each must
    still be unhandled, of the original's category and within `meters` of it."""
    if meters is None:
        meters = settings.BEVINDING_DUBBEL_METERS

    def markeren(bevinding: Bevinding) -> None:
        _te_trieren(bevinding)
        if (bevinding.categorie_id != origineel.categorie_id
                or _afstand(origineel, bevinding) > meters):
            raise ValidationError(_("niet meer van dezelfde categorie en vlakbij"),
                                  code="geen_dubbel")
        bevinding.markeer_als_dubbel(origineel)

    with transaction.atomic():
        _origineel_vastzetten(origineel)
        if origineel.status not in (*Bevinding.TE_TRIEREN, Bevinding.Status.ACTIEPUNT):
            raise ValidationError(_("#%(nr)s is intussen afgehandeld (%(status)s); deze groep "
                                    "geldt niet meer.") % {
                "nr": origineel.pk, "status": origineel.get_status_display()},
                code="origineel_afgehandeld")
        return _per_bevinding(dubbelen, versies, markeren)


# Exports ----------------------------------------------------------------------------------------

EXPORT_BREEDTES = [8, 20, 24, 50, 16, 24, 18, 24, 10, 12, 12, 18, 10, 18, 14]


def export_kolommen() -> list[str]:
    return [
        _("Nummer"), _("Schouw"), _("Categorie"), _("Omschrijving"), _("Ernst"),
        _("Organisatie"), _("Status"), _("Straat"), _("Huisnummer"), _("Breedtegraad"),
        _("Lengtegraad"), _("Meldingsnummer"), _("Dubbel van"), _("Vastgelegd"), _("Foto's"),
    ]


def export_rijen(bevindingen: Iterable[Bevinding]) -> list[Row]:
    """The header and one row per finding (`schouw.bevindingen.voor_export()`)."""
    ernst, status = dict(Ernst.choices), dict(Bevinding.Status.choices)
    return [export_kolommen(), *(
        [
            b.pk, b.schouw.titel, str(b.categorie), b.omschrijving,
            str(ernst.get(b.ernst, b.ernst)), str(b.organisatie) if b.organisatie_id else "",
            str(status.get(b.status, b.status)), b.straat, b.huisnummer, b.latitude,
            b.longitude, b.melding, b.dubbel_van_id, b.aangemaakt, getattr(b, "aantal_fotos", None),
        ]
        for b in bevindingen
    )]


def export_blad(bevindingen: Iterable[Bevinding]) -> Sheet:
    return Sheet(_("Bevindingen"), export_rijen(bevindingen), widths=EXPORT_BREEDTES)


def export_geojson(bevindingen: Iterable[Bevinding], *, traject_id: int) -> bytes:
    """RFC 7946 GeoJSON for a GIS: a Point [longitude, latitude] (WGS 84) per finding; one
    without a map point has geometry null (RFC 7946 §3.2), so the count matches the CSV."""
    ernst, status = dict(Ernst.choices), dict(Bevinding.Status.choices)
    features = [
        {
            "type": "Feature",
            "id": b.pk,
            "geometry": {"type": "Point", "coordinates": [b.longitude, b.latitude]}
            if b.heeft_positie else None,
            "properties": {
                "nummer": b.pk, "schouw": b.schouw.titel, "categorie": str(b.categorie),
                "omschrijving": b.omschrijving, "ernst": b.ernst,
                "ernst_label": str(ernst.get(b.ernst, b.ernst)), "status": b.status,
                "status_label": str(status.get(b.status, b.status)),
                "organisatie": str(b.organisatie) if b.organisatie_id else None,
                "straat": b.straat, "huisnummer": b.huisnummer, "melding": b.melding or None,
                "dubbel_van": b.dubbel_van_id,
                "vastgelegd": timezone.localtime(b.aangemaakt).isoformat(),
                "fotos": getattr(b, "aantal_fotos", None),
                "url": reverse("schouwen:bevinding-detail",
                               args=[traject_id, b.schouw_id, b.pk]),
            },
        }
        for b in bevindingen
    ]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False).encode("utf-8")


def export_bestandsnaam(schouw: Schouw, extensie: str) -> str:
    naam = slugify(schouw.titel) or schouw.pk
    return f"bevindingen-{naam}-{timezone.localdate():%Y%m%d}.{extensie}"


def voor_export(bevindingen: QuerySet[Bevinding]) -> QuerySet[Bevinding]:
    """What the exports show, in one query."""
    return (bevindingen.select_related("categorie", "organisatie", "schouw")
            .annotate(aantal_fotos=Count("fotos")).order_by("aangemaakt", "pk"))
