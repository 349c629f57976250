"""The home page (the dashboard at the site root): what each person finds there.

Everyone sees the table of their trajectories (trajects/views/dashboard.py). Higher apps add
the rest in their AppConfig.ready(), so the trajects app names none of their models or URLs:

- `vandaag.add(func)`: `func(trajecten, op) -> list[Taak]`, the things that need a coordinator
  today in `trajecten` (the coordinator's trajectories, annotated by `samenvatting.annoteer`;
  use the annotations, run no query per trajectory);
- `blokken.add(func)`: `func(user, rollen, leden) -> Blok | None`, a block of the person's own
  work (a partner's walks and action items, an auditor's audits) shown above the table, in a
  bounded number of queries. `rollen` maps the id of every trajectory the user is an active
  member of to their role there (`trajects.models.Rol`); `leden` are those active memberships
  themselves, with their trajectory and organisation (`lidmaatschappen`): use them rather than
  asking the database for the user's memberships again.
"""

from dataclasses import dataclass, field
from typing import Any

from kvo.registry import Hooks

vandaag = Hooks()
blokken = Hooks()


@dataclass(frozen=True)
class Taak:
    """One thing that needs attention today: text, where to do it, and whether it is late."""

    tekst: str
    url: str
    traject: Any
    te_laat: bool = False
    volgorde: int = 50


@dataclass
class Blok:
    """A block on the home page: a template with its context, in `volgorde`."""

    volgorde: int
    template: str
    context: dict = field(default_factory=dict)


def taken_voor(trajecten: list[Any], op: Any) -> list[Taak]:
    """Every installed app's things to do in `trajecten`, late ones first."""
    taken = [taak for lijst in vandaag(trajecten, op) for taak in lijst]
    return sorted(taken, key=lambda t: (not t.te_laat, t.volgorde, str(t.traject)))


def blokken_voor(user: Any, rollen: dict[int, str], leden: list[Any]) -> list[Blok]:
    return sorted(blokken(user, rollen, leden), key=lambda blok: blok.volgorde)


def lidmaatschappen(user: Any) -> list[Any]:
    """The user's active memberships for the home page, in one query: with their trajectory and
    organisation; `cijfers_aanwezig`, whether the trajectory has the figures the organisation
    is the source of (the documents block below); and `startrecht`, whether the user holds the
    trajects.add_traject permission (`access.startrecht`, for "Nieuw traject")."""
    from django.db.models import Case, CharField, Exists, OuterRef, Value, When

    from .access import startrecht
    from .models import Document, Lidmaatschap

    return list(
        Lidmaatschap.objects.actief().filter(user=user)
        .select_related("traject", "organisatie")
        .annotate(cijfersoort=Case(
            *(When(organisatie__soort=org, then=Value(doc))
              for org, doc in DOCUMENTEN_VAN_SOORT.items()),
            default=Value(""), output_field=CharField()))
        .annotate(cijfers_aanwezig=Exists(Document.objects.filter(
            traject=OuterRef("traject_id"), soort=OuterRef("cijfersoort"),
            versies__isnull=False)))
        .annotate(startrecht=startrecht(OuterRef("user_id")))
    )


# The trajects app's own parts ----------------------------------------------------------------

def overleggen_taken(trajecten: list[Any], op: Any) -> list[Taak]:
    """Meetings today or tomorrow."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    resultaat = []
    for traject in trajecten:
        datum = getattr(traject, "volgend_overleg", None)
        if datum is not None and timezone.localdate(datum) <= op + datetime.timedelta(days=1):
            resultaat.append(Taak(
                tekst=_("Overleg op %(datum)s") % {
                    "datum": timezone.localtime(datum).strftime("%d-%m-%Y %H:%M")},
                url=reverse("trajects:overleggen", args=[traject.pk]), traject=traject,
                volgorde=25,
            ))
    return resultaat


# Documents a partner's organisation is the source of (police and fire-brigade figures).
DOCUMENTEN_VAN_SOORT = {
    "politie": "politiecijfers",
    "brandweer": "brandweercijfers",
}


def gevraagde_documenten(user: Any, rollen: dict[int, str], leden: list[Any]) -> Blok | None:
    """Documents asked of a partner's organisation: the figures it is the source of while its
    trajectory has none, and documents of the organisation still without a file. The
    memberships (`lidmaatschappen`) say which figures are there; the documents without a file
    are one query."""
    from django.db.models import Exists, OuterRef
    from django.urls import reverse

    from .models import Document, DocumentVersie, Rol

    partner_van = {pk for pk, rol in rollen.items() if rol == Rol.PARTNER}
    if not partner_van:
        return None
    partner_leden = [lid for lid in leden if lid.traject_id in partner_van]
    gevraagd = []
    for lid in partner_leden:
        soort = DOCUMENTEN_VAN_SOORT.get(lid.organisatie.soort)
        if soort and not lid.cijfers_aanwezig:
            gevraagd.append({"traject": lid.traject, "soort": Document.Soort(soort).label,
                             "url": reverse("trajects:document-nieuw", args=[lid.traject_id])})
    zonder_bestand = (
        Document.objects.filter(
            traject_id__in=partner_van,
            organisatie_id__in=[lid.organisatie_id for lid in partner_leden])
        .exclude(Exists(DocumentVersie.objects.filter(document=OuterRef("pk"))))
        .select_related("traject")[:20]
    )
    for document in zonder_bestand:
        gevraagd.append({"traject": document.traject, "soort": document.titel,
                         "url": document.get_absolute_url()})
    return Blok(volgorde=30, template="trajects/_thuis_documenten.html",
                context={"documenten": gevraagd})
