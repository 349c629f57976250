"""What the audits app adds to a trajectory's effort timeline (trajects.tijdlijn): audits
held."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajects.tijdlijn import Rij, Soort, gebeurtenissen, register_soort

from .models import Audit


def _titel(rij: Rij) -> str:
    soort = Audit.Soort(rij.titel).label if rij.titel in Audit.Soort.values else rij.titel
    if rij.extra in Audit.Uitkomst.values:
        return f"{soort}: {Audit.Uitkomst(rij.extra).label}"
    return str(soort)


def registreren() -> None:
    register_soort(Soort(
        "audit", _("Audits"), 70,
        gebeurtenissen=lambda traject: gebeurtenissen(
            Audit.objects.filter(traject=traject, datum__lte=timezone.localdate()),
            soort="audit", datum=F("datum"), titel=F("soort"), extra=F("uitkomst"),
        ),
        url=lambda traject, rij: reverse("audits:audit-detail", args=[traject.pk, rij.ref]),
        weergave=_titel,
    ))
