"""What the audits add to the home page (trajects/thuis.py, trajects/samenvatting.py): the
current certificate's end per trajectory, the coordinator's coming audits, repair deadlines and
expiring certificates, and an auditor's own audits with their dossier and the evidence."""

import datetime

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trajects.models import Rol
from trajects.thuis import Blok, Taak

from .models import Audit, Certificaat, DossierVersie, add_months


def annotaties(trajecten):
    """`certificaat_tot`: the last day of the latest certificate still valid today."""
    vandaag = timezone.localdate()
    return trajecten.annotate(certificaat_tot=Subquery(
        Certificaat.objects.filter(traject=OuterRef("pk"), uitgegeven__lte=vandaag,
                                   geldig_tot__gte=vandaag)
        .order_by("-geldig_tot").values("geldig_tot")[:1]
    ))


def taken(trajecten, op):
    resultaat = []
    binnenkort = op + datetime.timedelta(days=settings.DOSSIER_DAGEN_VOOR_AUDIT)
    zes_maanden = add_months(op, 6)
    for traject in trajecten:
        audit = getattr(traject, "volgende_audit", None)
        if audit is not None and audit <= binnenkort:
            resultaat.append(Taak(
                tekst=_("Audit op %(datum)s: dossier en gereedheid nalopen")
                % {"datum": audit.strftime("%d-%m-%Y")},
                url=reverse("audits:overzicht", args=[traject.pk]), traject=traject,
                te_laat=audit < op, volgorde=30,
            ))
        herstel = getattr(traject, "herstel_tot", None)
        if traject.fase == "herstel" and herstel is not None:
            resultaat.append(Taak(
                tekst=_("Herstellen uiterlijk %(datum)s") % {"datum": herstel.strftime("%d-%m-%Y")},
                url=reverse("audits:overzicht", args=[traject.pk]), traject=traject,
                te_laat=herstel < op, volgorde=5,
            ))
        tot = getattr(traject, "certificaat_tot", None)
        if tot is not None and tot <= zes_maanden:
            resultaat.append(Taak(
                tekst=_("Certificaat verloopt op %(datum)s") % {"datum": tot.strftime("%d-%m-%Y")},
                url=reverse("audits:overzicht", args=[traject.pk]), traject=traject, volgorde=40,
            ))
    return resultaat


def mijn_audits(user, rollen, leden):
    """An auditor's audits (those they were invited to) with dates, the latest dossier and the
    link to the requirements with their evidence."""
    auditor_van = [pk for pk, rol in rollen.items() if rol == Rol.AUDITOR]
    if not auditor_van:
        return None
    # The latest dossier version's number, date and pk as subqueries: no second query.
    laatste = DossierVersie.objects.filter(audit=OuterRef("pk")).order_by("-pk")
    audits = list(
        Audit.objects.filter(traject_id__in=auditor_van, auditor_rijen__user=user)
        .select_related("traject").distinct()
        .annotate(dossier_pk=Subquery(laatste.values("pk")[:1]),
                  dossier_nummer=Subquery(laatste.values("nummer")[:1]),
                  dossier_aangemaakt=Subquery(laatste.values("aangemaakt")[:1]))
        .order_by("-datum", "-pk")[:25]
    )
    for audit in audits:
        audit.dossier = None if audit.dossier_pk is None else DossierVersie(
            pk=audit.dossier_pk, audit=audit, nummer=audit.dossier_nummer,
            aangemaakt=audit.dossier_aangemaakt)
        audit.eisen_url = reverse("audits:eisen", args=[audit.traject_id])
    return Blok(volgorde=10, template="audits/_thuis.html", context={"audits": audits})
