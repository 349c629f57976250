"""Readiness checks for the audit. Higher apps register more checks in their AppConfig.ready().

A check is a callable `check(traject) -> Uitkomst`. Checks read what they count from facts
(`register_feit`): each fact is one SQL expression on a trajectory (a count or an Exists on
`OuterRef("pk")`), and every registered fact of a trajectory comes in one query
(`feiten(traject)`), so the readiness page runs the same few queries however many requirements
and rows there are. A check that needs a row rather than a number fetches it through
`onthouden` (once per evaluation); the app that owns the row registers a loader for it
(`register_rijen`) that fetches it for a whole list of trajectories in one query, so a list
(`beoordeel_voor`: the homes, the regional overview) runs the same few queries however many
trajectories it shows.
"""

import datetime
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Cyclus, Document, Lidmaatschap, Organisatie, Overleg, Partner, Werkgroeprol

MET = "met"
DEELS = "deels"
NIET = "niet"
NVT = "nvt"  # does not apply (yet); the reason says why. Never counted as met.

STATUS_LABELS = {
    MET: gettext_lazy("Voldaan"),
    DEELS: gettext_lazy("Deels voldaan"),
    NIET: gettext_lazy("Niet voldaan"),
    NVT: gettext_lazy("n.v.t."),
}


@dataclass(frozen=True)
class Uitkomst:
    code: str
    naam: str
    status: str
    reden: str
    url: str = ""

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


_checks = {}
_feiten: dict[str, Callable[[], Any]] = {}
_rijen_laders: list[Callable[[list, dict[Any, dict[str, Any]]], dict[Any, dict[str, Any]]]] = []


def register_feit(naam: str) -> Callable:
    """Decorator: register a fact about a trajectory under a unique name. The function takes no
    arguments and returns an expression on `Traject` (outer reference `OuterRef("pk")`); it is
    called at query time, so "the last twelve months" are counted from now."""

    def wrap(func):
        if naam in _feiten and _feiten[naam] is not func:
            raise ValueError(f"readiness fact {naam!r} is registered twice")
        _feiten[naam] = func
        return func

    return wrap


def aantal(queryset: QuerySet) -> Expression:
    """A count of `queryset` (filtered on OuterRef("pk")) as a subquery: 0 when empty."""
    # COUNT as a plain function, not an aggregate: no GROUP BY, one row per outer trajectory.
    telling = queryset.order_by().annotate(
        _aantal=Func(F("pk"), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)",
                     output_field=IntegerField())
    ).values("_aantal")
    return Coalesce(Subquery(telling, output_field=IntegerField()), 0)


def bestaat(queryset: QuerySet) -> Exists:
    """Whether `queryset` (filtered on OuterRef("pk")) has a row, as an Exists subquery."""
    return Exists(queryset)


def feiten_query(trajecten: QuerySet) -> QuerySet:
    """`trajecten` as dicts of `pk` and every registered fact (one query for all of them)."""
    return trajecten.order_by().values("pk", **{naam: func() for naam, func in _feiten.items()})


def feiten(traject) -> dict[str, Any]:
    """Every registered fact of `traject`: from `feiten_geladen` when inside it, else one query."""
    geladen = getattr(traject, "_gereedheid_feiten", None)
    if geladen is not None:
        return geladen
    return feiten_query(type(traject)._default_manager.filter(pk=traject.pk)).get()


def feit(traject, naam: str) -> Any:
    return feiten(traject)[naam]


@contextmanager
def feiten_geladen(traject, waarden: dict[str, Any] | None = None,
                   rijen: dict[str, Any] | None = None) -> Iterator[None]:
    """Within the block every check of `traject` reads the facts loaded once at its start (or
    `waarden`, as loaded for many trajectories at once by `feiten_query`), and the rows of
    `onthouden` from `rijen` where given (as the registered loaders fetched them for a list)."""
    if getattr(traject, "_gereedheid_feiten", None) is not None:
        yield
        return
    traject._gereedheid_feiten = waarden if waarden is not None else feiten(traject)
    traject._gereedheid_rijen = dict(rijen or {})
    try:
        yield
    finally:
        del traject._gereedheid_feiten, traject._gereedheid_rijen


def register_rijen(func: Callable) -> Callable:
    """Decorator: register a loader of the rows checks fetch through `onthouden`, for a list.

    `func(trajecten, feiten)` gets the trajectories and their facts (`{pk: {naam: waarde}}`) and
    returns `{pk: {sleutel: waarde}}`: for each trajectory, what `onthouden(traject, sleutel,
    ophalen)` would fetch, under the same keys and with the same values, in a fixed number of
    queries (one) whatever the number of trajectories. A key it leaves out is fetched by its
    check as before (correct, one query per trajectory)."""
    if func not in _rijen_laders:
        _rijen_laders.append(func)
    return func


@contextmanager
def feiten_geladen_voor(trajecten) -> Iterator[None]:
    """`feiten_geladen` for every trajectory in `trajecten` at once: one query for all their
    facts (`feiten_query`) and one per registered row loader (`register_rijen`), however many
    trajectories there are. Trajectories already inside `feiten_geladen` keep what they have."""
    trajecten = [t for t in trajecten if getattr(t, "_gereedheid_feiten", None) is None]
    if not trajecten:
        yield
        return
    model = type(trajecten[0])
    feiten_per = {rij["pk"]: rij for rij in feiten_query(
        model._default_manager.filter(pk__in={t.pk for t in trajecten}))}
    rijen_per: dict[Any, dict[str, Any]] = {t.pk: {} for t in trajecten}
    for lader in _rijen_laders:
        for pk, rijen in lader(trajecten, feiten_per).items():
            rijen_per[pk].update(rijen)
    with ExitStack() as stapel:
        for traject in trajecten:
            stapel.enter_context(feiten_geladen(traject, feiten_per[traject.pk],
                                                rijen_per[traject.pk]))
        yield


def onthouden(traject, sleutel: str, ophalen: Callable[[], Any]) -> Any:
    """For a check that needs a row rather than a fact: `ophalen()` once per evaluation, so two
    requirements with the same check (one per area kind) share its query. Within
    `feiten_geladen_voor` the row comes from the loader its app registered (`register_rijen`)."""
    rijen = getattr(traject, "_gereedheid_rijen", None)
    if rijen is None:
        return ophalen()
    if sleutel not in rijen:
        rijen[sleutel] = ophalen()
    return rijen[sleutel]


def register(code):
    """Decorator: register a readiness check under a unique code."""

    def wrap(func):
        _checks[code] = func
        return func

    return wrap


def registered_checks():
    return dict(_checks)


_evaluator = None


def set_evaluator(func):
    """Let a higher app decide which checks apply to a trajectory.

    `func(traject)` returns the list of Uitkomst to show. The audits app installs one that
    evaluates the requirements of the trajectory's scheme version and area kind (kept as data),
    so every readiness view shows the same checks and the same score.
    """
    global _evaluator
    _evaluator = func


def alle_checks(traject):
    """Every registered check for `traject`, in registration order."""
    with feiten_geladen(traject):
        return [check(traject) for check in _checks.values()]


def beoordeel(traject):
    """The readiness outcomes for `traject`: the installed evaluator's, else every check."""
    with feiten_geladen(traject):
        if _evaluator is not None:
            return _evaluator(traject)
        return alle_checks(traject)


def beoordeel_voor(trajecten) -> dict[Any, list]:
    """`{pk: beoordeel(traject)}` for every trajectory in `trajecten` (with their area loaded):
    the same outcomes, with the facts and rows of all of them loaded at once
    (`feiten_geladen_voor`), so a list runs the same few queries however long it is (as long as
    the evaluator fetches its rows through `onthouden` and their apps registered loaders)."""
    trajecten = list(trajecten)
    with feiten_geladen_voor(trajecten):
        return {traject.pk: beoordeel(traject) for traject in trajecten}


def score(uitkomsten):
    """Percentage: met counts 1, partly met 0.5; requirements that do not apply are left out."""
    uitkomsten = [u for u in uitkomsten if u.status != NVT]
    if not uitkomsten:
        return 0
    punten = sum(1 if u.status == MET else 0.5 if u.status == DEELS else 0 for u in uitkomsten)
    return round(100 * punten / len(uitkomsten))


def verplichte_partnersoorten():
    """The four partner kinds every trajectory needs before the audit."""
    return {
        Organisatie.Soort.GEMEENTE,
        Organisatie.Soort.ONDERNEMERS,
        Organisatie.Soort.POLITIE,
        Organisatie.Soort.BRANDWEER,
    }


def _partnersoort_feit(soort):
    def expressie():
        return bestaat(Partner.objects.filter(traject=OuterRef("pk"), organisatie__soort=soort))

    return expressie


for _soort in sorted(verplichte_partnersoorten()):
    register_feit(f"partner_{_soort}")(_partnersoort_feit(_soort))


@register("verplichte_partners")
def verplichte_partners(traject):
    vereist = verplichte_partnersoorten()
    aanwezig = {s for s in vereist if feit(traject, f"partner_{s}")}
    ontbreekt = sorted(str(Organisatie.Soort(s).label) for s in vereist - aanwezig)
    if not ontbreekt:
        status, reden = MET, _("Gemeente, ondernemers, politie en brandweer nemen deel.")
    elif len(ontbreekt) < len(vereist):
        status, reden = DEELS, _("Ontbreekt: %(lijst)s.") % {"lijst": ", ".join(ontbreekt)}
    else:
        status, reden = NIET, _("Geen van de vier verplichte partners neemt deel.")
    return Uitkomst(
        code="verplichte_partners",
        naam=_("De vier verplichte partners nemen deel"),
        status=status,
        reden=reden,
        url=reverse("trajects:partners", args=[traject.pk]),
    )


# Facts about the trajectory's own rows (the audits app's requirements read them) -------------

def huidige_cyclus_pk(traject_ref=None) -> Subquery:
    """The pk of the current cycle of the trajectory at `traject_ref` (default OuterRef("pk")),
    for facts that count only this cycle's evidence."""
    ref: Any = traject_ref if traject_ref is not None else OuterRef("pk")
    return Subquery(Cyclus.objects.filter(traject=ref).order_by("-nummer").values("pk")[:1])


@register_feit("cyclus_pk")
def _cyclus_pk():
    return huidige_cyclus_pk()


@register_feit("cyclus_nummer")
def _cyclus_nummer():
    return Subquery(
        Cyclus.objects.filter(traject=OuterRef("pk")).order_by("-nummer").values("nummer")[:1]
    )


def _document_feit(soort):
    def expressie():
        return bestaat(Document.objects.filter(
            traject=OuterRef("pk"), soort=soort, versies__isnull=False))

    return expressie


def _werkgroeprol_feit(rol):
    def expressie():
        leden = Lidmaatschap.objects.actief().filter(traject=OuterRef("pk"))
        return bestaat(leden.filter(werkgroeprol=rol) if rol else leden.exclude(werkgroeprol=""))

    return expressie


for _soort in Document.Soort.values:
    register_feit(f"document_{_soort}")(_document_feit(_soort))
for _rol in Werkgroeprol.values:  # "werkgroeprol_": any werkgroep role at all
    register_feit(f"werkgroeprol_{_rol}")(_werkgroeprol_feit(_rol))


@register_feit("overleggen_gehouden")
def _overleggen_gehouden():
    """Meetings held (in the past, with attendance recorded) in the last twelve months."""
    nu = timezone.now()
    return aantal(Overleg.objects.filter(
        traject=OuterRef("pk"), datum__lte=nu, datum__gte=nu - datetime.timedelta(days=365),
        aanwezigheden__aanwezig=True,
    ))
