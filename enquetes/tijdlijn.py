"""What the enquetes app adds to a trajectory's effort timeline (trajects.tijdlijn): surveys
opened."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajects.tijdlijn import Soort, gebeurtenissen, register_soort

from .models import Meting


def registreren() -> None:
    register_soort(Soort(
        "enquete", _("Enquêtes"), 60,
        gebeurtenissen=lambda traject: gebeurtenissen(
            Meting.objects.filter(traject=traject, start__lte=timezone.localdate()),
            soort="enquete", datum=F("start"), titel=F("naam"),
        ),
        url=lambda traject, rij: reverse("enquetes:meting-detail", args=[traject.pk, rij.ref]),
    ))
