"""Readiness checks schouwen can answer (registered from SchouwenConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext as _

from trajects import readiness

from .models import Schouw


@readiness.register("schouw_dag_en_avond")
def schouw_dag_en_avond(traject):
    """The safety analysis needs a completed schouw by day and one in the evening."""
    gedaan = set(
        Schouw.objects.afgerond().filter(traject=traject).values_list("dagdeel", flat=True)
        .distinct()
    )
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
