"""The notifications audits raises (trajects/meldingen.py) and the standing warning of a
certificate nearing its end, shown on the trajectory and the dashboard."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trajects.meldingen import Waarschuwing, soort_registreren, waarschuwingen

from .models import Audit, Certificaat, CertificaatHerinnering


def _datum(iso: str) -> str:
    return date_format(datetime.date.fromisoformat(iso), "j F Y")


def _soort(code: str) -> str:
    try:
        return str(Audit.Soort(code).label).lower()
    except ValueError:
        return code


def _uitkomst(code: str) -> str:
    try:
        return str(Audit.Uitkomst(code).label).lower()
    except ValueError:
        return code


def uitkomst_tekst(gegevens: dict[str, Any]) -> str:
    return _("Uitkomst van de %(audit)s van %(datum)s (%(traject)s): %(uitkomst)s.") % {
        "audit": _soort(gegevens["audit"]), "datum": _datum(gegevens["datum"]),
        "traject": gegevens["traject"], "uitkomst": _uitkomst(gegevens["uitkomst"]),
    }


def dossier_tekst(gegevens: dict[str, Any]) -> str:
    return ngettext(
        "Het auditdossier (versie %(versie)s) voor de %(audit)s van %(traject)s is naar "
        "%(aantal)s ontvanger verstuurd.",
        "Het auditdossier (versie %(versie)s) voor de %(audit)s van %(traject)s is naar "
        "%(aantal)s ontvangers verstuurd.",
        gegevens["aantal"],
    ) % {**gegevens, "audit": _soort(gegevens["audit"])}


def verloopt_tekst(gegevens: dict[str, Any]) -> str:
    return ngettext(
        "Het certificaat %(nummer)s van %(traject)s verloopt over %(maanden)s maand, op "
        "%(datum)s. Plan de hercertificering.",
        "Het certificaat %(nummer)s van %(traject)s verloopt over %(maanden)s maanden, op "
        "%(datum)s. Plan de hercertificering.",
        gegevens["maanden"],
    ) % {**gegevens, "datum": _datum(gegevens["datum"])}


def certificaat_waarschuwingen(traject_ids: list[int]) -> dict[int, list[Waarschuwing]]:
    """Per trajectory the latest expiry reminder of its current certificate (one query):
    standing until the certificate has expired or a newer one was issued."""
    vandaag = timezone.localdate()
    nieuwer = Certificaat.objects.filter(
        traject_id=OuterRef("certificaat__traject_id"),
        geldig_tot__gt=OuterRef("certificaat__geldig_tot"),
    )
    rijen = (
        CertificaatHerinnering.objects
        .filter(certificaat__traject_id__in=traject_ids, certificaat__geldig_tot__gte=vandaag)
        .filter(~Exists(nieuwer))
        .select_related("certificaat__traject")
        .order_by("certificaat__traject_id", "-certificaat__geldig_tot", "-aangemaakt")
    )
    resultaat: dict[int, list[Waarschuwing]] = {}
    for rij in rijen:
        traject = rij.certificaat.traject
        if traject.pk in resultaat:
            continue
        resultaat[traject.pk] = [Waarschuwing(
            tekst=verloopt_tekst({
                "nummer": rij.certificaat.nummer, "traject": traject.naam,
                "datum": rij.certificaat.geldig_tot.isoformat(),
                "maanden": CertificaatHerinnering.MAANDEN[
                    CertificaatHerinnering.Soort(rij.soort)],
            }),
            url=reverse("audits:overzicht", args=[traject.pk]),
            link_tekst=_("Naar de audits"),
        )]
    return resultaat


def registreren() -> None:
    soort_registreren("audits.uitkomst", uitkomst_tekst)
    soort_registreren("audits.dossier_verstuurd", dossier_tekst)
    soort_registreren("audits.certificaat_verloopt", verloopt_tekst)
    waarschuwingen.add(certificaat_waarschuwingen)
