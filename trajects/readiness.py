"""Readiness checks for the audit. Higher apps register more checks in their AppConfig.ready().

A check is a callable `check(traject) -> Uitkomst`. Keep each check to a bounded number of
queries: the readiness page runs all of them.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    return [check(traject) for check in _checks.values()]


def beoordeel(traject):
    """The readiness outcomes for `traject`: the installed evaluator's, else every check."""
    if _evaluator is not None:
        return _evaluator(traject)
    return alle_checks(traject)


def score(uitkomsten):
    """Percentage: met counts 1, partly met 0.5; requirements that do not apply are left out."""
    uitkomsten = [u for u in uitkomsten if u.status != NVT]
    if not uitkomsten:
        return 0
    punten = sum(1 if u.status == MET else 0.5 if u.status == DEELS else 0 for u in uitkomsten)
    return round(100 * punten / len(uitkomsten))


def verplichte_partnersoorten():
    """The four partner kinds every trajectory needs before the audit."""
    from .models import Organisatie

    return {
        Organisatie.Soort.GEMEENTE,
        Organisatie.Soort.ONDERNEMERS,
        Organisatie.Soort.POLITIE,
        Organisatie.Soort.BRANDWEER,
    }


@register("verplichte_partners")
def verplichte_partners(traject):
    from .models import Organisatie

    vereist = verplichte_partnersoorten()
    aanwezig = set(traject.partners.values_list("organisatie__soort", flat=True))
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
