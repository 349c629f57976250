"""Certificates, re-certification and the public certificate check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kvo.ratelimits import per_address
from trajects.access import traject_voor

from .. import services
from ..forms import CertificaatForm, HercertificeringForm, VerifieerForm
from ..models import Audit, Certificaat


def certificaat_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "audits.beheer")
    laatste_audit = traject.audits.filter(
        uitkomst__in=[Audit.Uitkomst.POSITIEF, Audit.Uitkomst.POSITIEF_NA_BIJSTELLING],
        certificaat__isnull=True,
    ).first()
    initial = {}
    if laatste_audit:
        initial = {"audit": laatste_audit,
                   "certificerende_instelling": laatste_audit.certificerende_instelling_id}
    form = CertificaatForm(request.POST or None, traject=traject, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificaat_uitgeven(traject=traject, door=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Certificaat vastgelegd."))
            return redirect("audits:overzicht", pk=traject.pk)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Certificaat vastleggen"),
        "uitleg": _("Label, sterren en geldigheid volgen uit de schemaversie en het vorige "
                    "certificaat."),
    })


def hercertificering(request, pk):
    traject, mag = traject_voor(request.user, pk, "audits.beheer")
    certificaat, vanaf = services.hercertificering_vanaf(traject)
    form = HercertificeringForm(
        request.POST if request.method == "POST" else None,
        voorgesteld=services.voorgestelde_auditors(traject),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.hercertificering_starten(
                traject=traject, door=request.user, auditdatum=form.cleaned_data["auditdatum"],
                auditors=form.cleaned_data.get("auditors") or (),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De volgende cyclus is gestart."))
            return redirect("audits:overzicht", pk=traject.pk)
    uitleg = _("Partners, leden, openstaande actiepunten en het plan blijven bij het traject; "
               "de historie blijft bewaard. Nieuwe schouwen, metingen, knelpunten en audits "
               "horen bij de nieuwe cyclus, en de gereedheid telt nieuw bewijs vanaf de start "
               "ervan.")
    if certificaat:
        uitleg = _("Certificaat %(nummer)s is geldig tot en met %(tot)s; de hercertificering "
                   "kan starten vanaf %(vanaf)s.") % {
            "nummer": certificaat.nummer, "tot": certificaat.geldig_tot.strftime("%d-%m-%Y"),
            "vanaf": vanaf.strftime("%d-%m-%Y")} + " " + uitleg
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Hercertificering starten"),
        "uitleg": uitleg,
    })


@login_not_required
@per_address("RATELIMIT_CERTIFICAAT")
def certificaat_verifieren(request):
    """Public: anyone can check a certificate by its number. No personal data is shown."""
    form = VerifieerForm(request.GET or None)
    certificaat = None
    gezocht = False
    if form.is_valid():
        gezocht = True
        certificaat = (
            Certificaat.objects.select_related(
                "traject__gebied", "schemaversie", "certificerende_instelling"
            )
            .filter(nummer__iexact=form.cleaned_data["nummer"])
            .first()
        )
    return render(request, "audits/verifieren.html", {
        "form": form, "certificaat": certificaat, "gezocht": gezocht,
    })
