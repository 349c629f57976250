"""In-app notifications (meldingen): each event told once to each person it concerns.

Raising   The app where the event happens calls `melden(soort=…, ontvangers=…, traject=…,
          doel=…, sleutel=…)` in the transaction of the event (as with the outbox, nothing is
          told about a change that was rolled back). `sleutel` names the event; a person gets
          one notification per `sleutel`, however often the code runs (a sweep that runs again,
          a retried task). The person who caused the event is not told about it (`door`).
Kinds     Each app registers the text of its kinds with `soort_registreren(naam, tekst)` in its
          AppConfig.ready(): `tekst(gegevens) -> str`, called when the notification is shown,
          so it reads in the reader's language.
Showing   The bell in the header (kvo.navigation.meldingen, installed by this app) shows the
          unread count; the page `trajects:meldingen` lists them and marks them read.
Cleaning  Notifications older than MELDINGEN_BEWAREN_DAGEN, read or not, are removed nightly
          (`oude_meldingen_opruimen`, task trajects.tasks.meldingen_opruimen): the events
          themselves stay in their own records and history.
Warnings  A standing warning on the trajectory and the dashboard (the certificate nears its
          end) comes from `waarschuwingen`: higher apps add a function taking trajectory ids
          and answering {traject_id: [Waarschuwing]}.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

from kvo.models import User
from kvo.registry import Hooks

from .models import Lidmaatschap, Melding, Rol, Traject, Werkgroeprol

Tekst = Callable[[dict[str, Any]], str]
SOORTEN: dict[str, Tekst] = {}


def soort_registreren(naam: str, tekst: Tekst | Promise) -> None:
    """Register the text of notification kind `naam`: a function of the notification's
    `gegevens`, or a lazy format string (`gettext_lazy("… %(titel)s …")`)."""
    if isinstance(tekst, Promise | str):
        sjabloon = tekst
        SOORTEN[naam] = lambda gegevens: str(sjabloon) % gegevens
    else:
        SOORTEN[naam] = tekst


def tekst_van(melding: Melding) -> str:
    tekst = SOORTEN.get(melding.soort)
    if tekst is None:
        return melding.soort
    try:
        return tekst(melding.gegevens)
    except (KeyError, ValueError, TypeError):
        return melding.soort


def melden(
    *, soort: str, ontvangers: Iterable[User | None], traject: Traject, url: str = "",
    doel: models.Model | None = None, gegevens: dict[str, Any] | None = None, sleutel: str = "",
    door: User | None = None,
) -> list[Melding]:
    """Tell `ontvangers` (active accounts, each once, never `door`) about an event of
    `traject`. With a `sleutel`, someone already told about that event is not told again.
    Returns the new notifications."""
    if soort not in SOORTEN:
        raise LookupError(f"Onbekende soort melding: {soort}")
    gezien: set[int] = set()
    rijen = []
    doel_type = ContentType.objects.get_for_model(doel) if doel is not None else None
    for user in ontvangers:
        if user is None or user.pk in gezien or not user.is_active:
            continue
        if door is not None and user.pk == door.pk:
            continue
        gezien.add(user.pk)
        rijen.append(Melding(
            ontvanger=user, traject=traject, soort=soort, gegevens=gegevens or {}, url=url,
            doel_type=doel_type, doel_id=doel.pk if doel is not None else None, sleutel=sleutel,
        ))
    if not rijen:
        return []
    if sleutel:
        al = set(Melding.objects.filter(
            sleutel=sleutel, ontvanger_id__in=gezien).values_list("ontvanger_id", flat=True))
        rijen = [rij for rij in rijen if rij.ontvanger_id not in al]
        # Two runs at once: the unique constraint keeps one; the other is skipped.
        return Melding.objects.bulk_create(rijen, ignore_conflicts=True)
    return Melding.objects.bulk_create(rijen)


def oude_meldingen_opruimen(*, nu: datetime.datetime | None = None) -> int:
    """Remove the notifications made more than MELDINGEN_BEWAREN_DAGEN ago; returns how many.
    By then every event they tell of is long past, so none is told again."""
    grens = (nu or timezone.now()) - datetime.timedelta(days=settings.MELDINGEN_BEWAREN_DAGEN)
    aantal, _per_model = Melding.objects.filter(aangemaakt__lt=grens).delete()
    return aantal


def coordinatoren(traject: Traject) -> list[User]:
    """The trajectory's active coordinators."""
    return _leden(traject, rol=Rol.COORDINATOR)


def voorzitters(traject: Traject) -> list[User]:
    """The werkgroep's chair(s): active members with werkgroep role voorzitter."""
    return _leden(traject, werkgroeprol=Werkgroeprol.VOORZITTER)


def _leden(traject: Traject, **filters: Any) -> list[User]:
    return [
        lid.user for lid in Lidmaatschap.objects.actief()
        .filter(traject=traject, user__is_active=True, **filters)
        .select_related("user").order_by("user__email")
    ]


def ongelezen_aantal(user: User) -> int:
    return Melding.objects.voor(user).ongelezen().count()


@dataclass(frozen=True)
class Waarschuwing:
    tekst: str
    url: str = ""
    link_tekst: str = ""


waarschuwingen = Hooks()


def waarschuwingen_voor(traject_ids: Iterable[int]) -> dict[int, list[Waarschuwing]]:
    """The standing warnings of these trajectories (one query per registered source)."""
    ids = list(traject_ids)
    resultaat: dict[int, list[Waarschuwing]] = {}
    if not ids:
        return resultaat
    for antwoord in waarschuwingen(ids):
        for traject_id, lijst in antwoord.items():
            resultaat.setdefault(traject_id, []).extend(lijst)
    return resultaat
