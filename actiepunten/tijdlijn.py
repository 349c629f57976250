"""What the actiepunten app adds to a trajectory's effort timeline (trajects.tijdlijn): action
items done and reminders sent."""

from django.db.models import F, Value
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trajects.tijdlijn import Rij, Soort, gebeurtenissen, register_soort

from .models import Actiepunt, Herinnering, Status
from .models import Soort as HerinneringSoort


def _herinnering_url(traject, rij: Rij) -> str:
    if rij.ref is None:
        return ""
    if rij.extra == HerinneringSoort.OVERLEG:
        return reverse("trajects:overleg-detail", args=[traject.pk, rij.ref])
    if rij.extra == HerinneringSoort.SCHOUW:
        return reverse("schouwen:detail", args=[traject.pk, rij.ref])
    return reverse("actiepunten:detail", args=[traject.pk, rij.ref])


def _herinnering_titel(rij: Rij) -> str:
    soort = HerinneringSoort(rij.extra).label if rij.extra in HerinneringSoort.values else ""
    return f"{soort}: {rij.titel}" if rij.titel else str(soort)


def registreren() -> None:
    register_soort(Soort(
        "actiepunt", _("Actiepunten gereed"), 40,
        gebeurtenissen=lambda traject: gebeurtenissen(
            Actiepunt.objects.filter(traject=traject, gereed_op__isnull=False,
                                     status__in=[Status.GEREED, Status.GEVERIFIEERD]),
            soort="actiepunt", datum=TruncDate("gereed_op"), titel=F("titel"),
        ),
        url=lambda traject, rij: reverse("actiepunten:detail", args=[traject.pk, rij.ref]),
    ))
    # Sent: in a mail the outbox delivered. The recipient is left out: the timeline shows
    # that the follow-up happened, the reminder log (coordinator only) shows to whom.
    register_soort(Soort(
        "herinnering", _("Herinneringen verstuurd"), 50,
        gebeurtenissen=lambda traject: gebeurtenissen(
            Herinnering.objects.filter(traject=traject, overgeslagen=False,
                                       bericht__verzonden__isnull=False),
            soort="herinnering", datum=TruncDate("bericht__verzonden"),
            titel=Coalesce("actiepunt__titel", "schouw__titel", "overleg__onderwerp",
                           Value("")),
            extra=F("soort"), ref=Coalesce("actiepunt_id", "overleg_id", "schouw_id"),
        ),
        url=_herinnering_url,
        weergave=_herinnering_titel,
    ))
