"""The effort timeline of a trajectory: what the werkgroep did, newest first (meetings held,
walks, findings, items done, reminders sent, surveys, audits). KVO 4.0 weighs the effort put in
as much as the results; the timeline page and the audit dossier's counts per quarter show it.

Each app contributes its kinds of events in AppConfig.ready():

    tijdlijn.register_soort(tijdlijn.Soort(
        "bevinding", _("Bevindingen"), 30,
        gebeurtenissen=lambda traject: tijdlijn.gebeurtenissen(
            Bevinding.objects.filter(schouw__traject=traject),
            datum=TruncDate("aangemaakt"), titel=F("categorie__naam"), ouder=F("schouw_id")),
        url=lambda traject, rij: reverse("schouwen:bevinding-detail",
                                         args=[traject.pk, rij.ouder, rij.ref]),
    ))

`gebeurtenissen(traject)` gives a QuerySet shaped by `gebeurtenissen()`: the same columns for
every kind, so the page unions all kinds into one query (and one count), whatever the number
of kinds or rows. `weergave(rij)` may turn the stored title (and `extra`, a code) into the text
shown; `url(traject, rij)` gives the link, or "" for none. Neither may query.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    Expression,
    F,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast, ExtractQuarter, ExtractYear

KOLOMMEN = ("tl_soort", "tl_datum", "tl_titel", "tl_extra", "tl_ref", "tl_ouder")


@dataclass(frozen=True)
class Rij:
    """One event as the union returns it."""

    soort: str
    datum: datetime.date
    titel: str
    extra: str
    ref: int | None
    ouder: int | None


@dataclass(frozen=True)
class Soort:
    code: str
    label: Any
    order: int
    gebeurtenissen: Callable[[Any], QuerySet]
    url: Callable[[Any, Rij], str] = lambda traject, rij: ""
    weergave: Callable[[Rij], str] | None = None


@dataclass(frozen=True)
class Gebeurtenis:
    """One event as the page shows it."""

    soort: Soort
    datum: datetime.date
    titel: str
    url: str


_soorten: dict[str, Soort] = {}


def register_soort(soort: Soort) -> None:
    _soorten.setdefault(soort.code, soort)


def soorten() -> list[Soort]:
    return sorted(_soorten.values(), key=lambda s: s.order)


def gebeurtenissen(qs: QuerySet, *, soort: str, datum: Expression | F,
                   titel: Expression | F | Value, extra: Expression | F | Value | None = None,
                   ref: Expression | F | None = None,
                   ouder: Expression | F | None = None) -> QuerySet:
    """`qs` with the timeline's columns. `datum` must give a date (TruncDate for a moment:
    the day as the user's time zone sees it)."""
    return qs.annotate(
        tl_soort=Value(soort, output_field=CharField()),
        tl_datum=datum,
        tl_titel=Cast(titel, output_field=TextField()),
        tl_extra=Cast(extra if extra is not None else Value(""), output_field=TextField()),
        tl_ref=Cast(ref if ref is not None else F("pk"), output_field=BigIntegerField()),
        tl_ouder=Cast(ouder if ouder is not None else Value(None), output_field=BigIntegerField()),
    ).order_by()


def _per_soort(traject: Any, codes: list[str] | None, van: datetime.date | None,
               tot: datetime.date | None) -> list[QuerySet]:
    delen = []
    for soort in soorten():
        if codes is not None and soort.code not in codes:
            continue
        qs = soort.gebeurtenissen(traject)
        if van is not None:
            qs = qs.filter(tl_datum__gte=van)
        if tot is not None:
            qs = qs.filter(tl_datum__lte=tot)
        delen.append(qs)
    return delen


def tijdlijn(traject: Any, *, codes: list[str] | None = None, van: datetime.date | None = None,
             tot: datetime.date | None = None) -> QuerySet | None:
    """The events of `traject` of the kinds `codes` (None: all) from `van` to `tot` (inclusive),
    newest first, as one query of value dicts; None when no kind is asked for."""
    delen = [qs.values(*KOLOMMEN) for qs in _per_soort(traject, codes, van, tot)]
    if not delen:
        return None
    eerste, *rest = delen
    qs = eerste.union(*rest, all=True) if rest else eerste
    return qs.order_by("-tl_datum", "tl_soort", "-tl_ref")


def weergeven(traject: Any, rijen: Any) -> list[Gebeurtenis]:
    """The value dicts of `tijdlijn()` (a page of them) as events to show, without queries."""
    uit = []
    for waarden in rijen:
        rij = Rij(**{kolom.removeprefix("tl_"): waarden[kolom] for kolom in KOLOMMEN})
        soort = _soorten[rij.soort]
        titel = soort.weergave(rij) if soort.weergave else rij.titel
        uit.append(Gebeurtenis(soort, rij.datum, titel, soort.url(traject, rij)))
    return uit


@dataclass(frozen=True)
class Kwartaal:
    jaar: int
    kwartaal: int
    aantallen: list[int]  # one per kind, in the order of `Kwartaaltelling.soorten`

    @property
    def label(self) -> str:
        return f"{self.jaar} K{self.kwartaal}"

    @property
    def totaal(self) -> int:
        return sum(self.aantallen)


@dataclass(frozen=True)
class Kwartaaltelling:
    soorten: list[Soort]
    kwartalen: list[Kwartaal]
    totalen: list[int]

    @property
    def totaal(self) -> int:
        return sum(self.totalen)


def kwartaalbegin(dag: datetime.date, *, terug: int = 0) -> datetime.date:
    """The first day of the quarter of `dag`, or of the quarter `terug` quarters before it."""
    index = dag.year * 4 + (dag.month - 1) // 3 - terug
    return datetime.date(index // 4, index % 4 * 3 + 1, 1)


def per_kwartaal(traject: Any, *, van: datetime.date | None = None,
                 tot: datetime.date | None = None) -> Kwartaaltelling:
    """The number of events of each kind per quarter (oldest first) from `van` to `tot`: one
    grouped query per kind. Quarters without any event between the first and the last are
    kept, with zeros, so a quiet quarter shows."""
    alle = soorten()
    tellingen: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for soort, qs in zip(alle, _per_soort(traject, None, van, tot), strict=True):
        for rij in (qs.annotate(tl_jaar=ExtractYear("tl_datum"),
                                tl_kwartaal=ExtractQuarter("tl_datum"))
                    .values("tl_jaar", "tl_kwartaal").annotate(tl_aantal=Count("*"))
                    .order_by()):
            tellingen[(rij["tl_jaar"], rij["tl_kwartaal"])][soort.code] = rij["tl_aantal"]
    kwartalen = []
    if tellingen:
        jaar, kwartaal = min(tellingen)
        laatste = max(tellingen)
        while (jaar, kwartaal) <= laatste:
            telling = tellingen.get((jaar, kwartaal), {})
            kwartalen.append(Kwartaal(jaar, kwartaal, [telling.get(s.code, 0) for s in alle]))
            jaar, kwartaal = (jaar + 1, 1) if kwartaal == 4 else (jaar, kwartaal + 1)
    totalen = [sum(k.aantallen[i] for k in kwartalen) for i in range(len(alle))]
    return Kwartaaltelling(alle, kwartalen, totalen)


def overleggen_soort() -> Soort:
    """Werkgroep meetings held (a planned one joins the timeline on its day)."""
    from django.db.models.functions import TruncDate
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from django.utils.translation import gettext_lazy

    from .models import Overleg

    return Soort(
        "overleg", gettext_lazy("Overleggen"), 10,
        gebeurtenissen=lambda traject: gebeurtenissen(
            Overleg.objects.filter(traject=traject, datum__lte=timezone.now()),
            soort="overleg", datum=TruncDate("datum"), titel=F("onderwerp"),
        ),
        url=lambda traject, rij: reverse("trajects:overleg-detail", args=[traject.pk, rij.ref]),
        weergave=lambda rij: rij.titel or _("Werkgroepoverleg"),
    )
