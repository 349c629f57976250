"""Readiness checks schouwen can answer (registered from SchouwenConfig.ready())."""

import datetime

from django.db.models import OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trajects import readiness

from .models import Schouw


def _afgerond():
    return Schouw.objects.afgerond().filter(traject=OuterRef("pk"))


def _dagdeel_feiten(dagdeel):
    def ooit():
        return readiness.bestaat(_afgerond().filter(dagdeel=dagdeel))

    def in_cyclus():
        return readiness.bestaat(
            _afgerond().filter(dagdeel=dagdeel, cyclus=readiness.huidige_cyclus_pk(
                OuterRef(OuterRef("pk")))))

    readiness.register_feit(f"schouw_afgerond_{dagdeel}")(ooit)
    readiness.register_feit(f"schouw_afgerond_{dagdeel}_in_cyclus")(in_cyclus)


for _dagdeel in Schouw.Dagdeel.values:
    _dagdeel_feiten(_dagdeel)


@readiness.register_feit("schouwen_afgerond_12_maanden")
def _schouwen_afgerond_12_maanden():
    """Completed walks that began in the last twelve months."""
    sinds = timezone.now() - datetime.timedelta(days=365)
    return readiness.aantal(_afgerond().filter(begin__gte=sinds))


def dagdelen_afgerond(traject, *, in_cyclus=False):
    """The parts of the day with a completed schouw (in the current cycle only, if asked)."""
    achtervoegsel = "_in_cyclus" if in_cyclus else ""
    return {d for d in Schouw.Dagdeel.values
            if readiness.feit(traject, f"schouw_afgerond_{d}{achtervoegsel}")}


@readiness.register("schouw_dag_en_avond")
def schouw_dag_en_avond(traject):
    """The safety analysis needs a completed schouw by day and one in the evening."""
    gedaan = dagdelen_afgerond(traject)
    if gedaan >= {Schouw.Dagdeel.DAG, Schouw.Dagdeel.AVOND}:
        status, reden = readiness.MET, _("Er is een schouw overdag en een schouw 's avonds "
                                         "afgerond.")
    elif gedaan:
        ontbreekt = Schouw.Dagdeel.AVOND if Schouw.Dagdeel.DAG in gedaan else Schouw.Dagdeel.DAG
        status = readiness.DEELS
        reden = _("Nog geen afgeronde schouw: %(dagdeel)s.") % {
            "dagdeel": Schouw.Dagdeel(ontbreekt).label.lower()}
    else:
        status, reden = readiness.NIET, _("Er is nog geen schouw afgerond.")
    return readiness.Uitkomst(
        code="schouw_dag_en_avond",
        naam=_("Schouw overdag en 's avonds"),
        status=status,
        reden=reden,
        url=reverse("schouwen:lijst", args=[traject.pk]),
    )
