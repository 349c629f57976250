"""The auditor's work: outcome, report, remarks and re-audit verdicts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.versies import opslaan_of_conflict

from .. import services
from ..forms import OpmerkingActiepuntForm, OpmerkingForm, RapportForm, UitkomstForm
from ..models import AuditOpmerking
from .common import _audit, _hercontrole_form, _namens_keuzes


def _namens(form):
    return {"namens": form.cleaned_data.get("namens", ""),
            "ontvangen": form.cleaned_data.get("ontvangen")}


def uitkomst(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.auditor_werk")
    form = UitkomstForm(
        request.POST or None, request.FILES or None, namens_keuzes=_namens_keuzes(request, audit),
        standaard_deadline=audit.standaard_herstel_deadline(), versie_van=audit,
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else None
    if data is not None and opslaan_of_conflict(form, lambda: services.uitkomst_vastleggen(
        audit=audit, door=request.user, versie=form.versie, uitkomst=data["uitkomst"],
        toelichting=data["uitkomst_toelichting"], herstel_deadline=data["herstel_deadline"],
        rapport=data.get("bestand"), **_namens(form),
    )):
        messages.success(request, _("Uitkomst vastgelegd."))
        return redirect(audit)
    return render(request, "audits/uitkomst.html", {
        "form": form, "traject": audit.traject, "audit": audit,
        "titel": _("Uitkomst van de audit"), "namens": "namens" in form.fields,
        "te_vroeg": timezone.localdate() < audit.uitkomst_mogelijk_vanaf(),
    }, status=form.status_code)


def rapport(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.auditor_werk")
    form = RapportForm(request.POST or None, request.FILES or None,
                       namens_keuzes=_namens_keuzes(request, audit))
    if request.method == "POST" and form.is_valid():
        try:
            services.auditrapport_toevoegen(
                audit=audit, bestand=form.cleaned_data["bestand"], door=request.user,
                **_namens(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Auditrapport opgeslagen."))
            return redirect(audit)
    return render(request, "form.html", {
        "form": form, "traject": audit.traject, "titel": _("Auditrapport uploaden"),
        "uitleg": _("Een nieuw rapport wordt een nieuwe versie; eerdere versies blijven."),
    })


def opmerking_nieuw(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.auditor_werk")
    form = OpmerkingForm(request.POST or None, namens_keuzes=_namens_keuzes(request, audit))
    if request.method == "POST" and form.is_valid():
        try:
            services.opmerking_toevoegen(
                audit=audit, door=request.user, tekst=form.cleaned_data["tekst"],
                ernstig=form.cleaned_data["ernstig"], **_namens(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opmerking vastgelegd."))
            return redirect(audit)
    return render(request, "form.html", {
        "form": form, "traject": audit.traject, "titel": _("Opmerking van de auditor")})


@require_POST
def hercontrole(request, pk, audit_pk, opmerking_pk):
    heraudit, mag = _audit(request, pk, audit_pk, "audits.auditor_werk")
    opmerking = get_object_or_404(
        AuditOpmerking, pk=opmerking_pk, audit_id=heraudit.vorige_audit_id
    )
    form = _hercontrole_form(request, heraudit, opmerking, request.POST)
    if form.is_valid():
        try:
            services.hercontrole_vastleggen(
                heraudit=heraudit, opmerking=opmerking, door=request.user,
                oordeel=form.cleaned_data["oordeel"],
                toelichting=form.cleaned_data["toelichting"], **_namens(form),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Oordeel vastgelegd."))
    else:
        fouten = [f"{form.fields[veld].label if veld in form.fields else ''}: {' '.join(f)}"
                  for veld, f in form.errors.items()]
        messages.error(request, _("Het oordeel is niet opgeslagen. %(fouten)s")
                       % {"fouten": " ".join(fouten)})
    return redirect(f"{heraudit.get_absolute_url()}#opmerking-{opmerking.pk}")


def opmerking_actiepunt(request, pk, audit_pk, opmerking_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    opmerking = get_object_or_404(AuditOpmerking, pk=opmerking_pk, audit=audit)
    form = OpmerkingActiepuntForm(
        request.POST or None, traject=audit.traject,
        initial={"titel": opmerking.tekst.splitlines()[0][:200],
                 "deadline": audit.herstel_deadline},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actiepunt = services.opmerking_omzetten(
                opmerking=opmerking, door=request.user, titel=form.cleaned_data["titel"],
                organisatie=form.cleaned_data["organisatie"],
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Actiepunt gemaakt in het plan van aanpak."))
            return redirect(actiepunt)
    return render(request, "form.html", {
        "form": form, "traject": audit.traject, "titel": _("Actiepunt maken van een opmerking"),
        "uitleg": opmerking.tekst,
    })
