"""What the schouwen app adds to a trajectory's effort timeline (trajects.tijdlijn): walks
completed and findings recorded."""

from django.db.models import F
from django.db.models.functions import Left, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trajects.tijdlijn import Soort, gebeurtenissen, register_soort

from .models import Bevinding, Schouw


def registreren() -> None:
    register_soort(Soort(
        "schouw", _("Schouwen"), 20,
        gebeurtenissen=lambda traject: gebeurtenissen(
            Schouw.objects.filter(traject=traject).afgerond(),
            soort="schouw", datum=TruncDate("begin"), titel=F("titel"),
        ),
        url=lambda traject, rij: reverse("schouwen:detail", args=[traject.pk, rij.ref]),
    ))
    # A duplicate is the same finding recorded twice: it is not more effort.
    register_soort(Soort(
        "bevinding", _("Bevindingen"), 30,
        gebeurtenissen=lambda traject: gebeurtenissen(
            Bevinding.objects.filter(schouw__traject=traject)
            .exclude(status=Bevinding.Status.DUBBEL),
            soort="bevinding", datum=TruncDate("aangemaakt"), titel=Left("omschrijving", 120),
            extra=F("categorie__naam"), ouder=F("schouw_id"),
        ),
        url=lambda traject, rij: reverse("schouwen:bevinding-detail",
                                         args=[traject.pk, rij.ouder, rij.ref]),
        weergave=lambda rij: f"{rij.extra}: {rij.titel}",
    ))
