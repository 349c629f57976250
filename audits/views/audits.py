"""Readiness overview, requirements, planning audits and their auditors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo import voortgang
from kvo.lists import paginate
from kvo.versies import opslaan_of_conflict
from trajects.access import traject_voor
from trajects.cycli import cyclus_uit_verzoek, filter_context

from .. import eisen as eisen_module
from .. import services
from ..forms import AuditBewerkenForm, AuditForm, AuditorForm, HerauditForm
from ..models import Audit, AuditAuditor, DossierVerzending
from .common import _audit, _hercontrole_form


def overzicht(request, pk):
    traject, mag = traject_voor(request.user, pk)
    gekozen, cycli = cyclus_uit_verzoek(request, traject)
    audits = traject.audits.select_related(
        "certificerende_instelling", "cyclus", "vorige_audit"
    ).annotate(aantal_auditors=Count("auditor_rijen", distinct=True)).order_by("-datum", "-pk")
    certificaten = traject.certificaten.select_related(
        "schemaversie", "certificerende_instelling", "cyclus"
    )
    if gekozen:
        audits = audits.filter(cyclus=gekozen)
        certificaten = certificaten.filter(cyclus=gekozen)
    certificaat, vanaf = services.hercertificering_vanaf(traject)
    audit_lijst = paginate(request, audits)
    return render(request, "audits/overzicht.html", {
        "traject": traject,
        **filter_context(gekozen, cycli),
        "audits": audit_lijst["page_obj"],
        "audit_lijst": audit_lijst,
        "certificaten": paginate(request, certificaten.order_by("-uitgegeven", "-pk"),
                                 page_param="certificaten_pagina"),
        "laatste_certificaat": certificaat,
        "hercertificering_vanaf": vanaf,
        "vandaag": timezone.localdate(),
        "kan_beheren": mag("audits.beheer"),
    })


def eisen(request, pk):
    traject, mag = traject_voor(request.user, pk)
    rijen, score = eisen_module.beoordeel(traject)
    return render(request, "audits/eisen.html", {
        "traject": traject, "rijen": rijen, "score": score,
    })


def _planning(form):
    data = form.cleaned_data
    return {"soort": data["soort"], "datum": data["datum"], "vorm": data["vorm"],
            "certificerende_instelling": data["certificerende_instelling"]}


def audit_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "audits.beheer")
    voorgesteld = services.voorgestelde_auditors(traject)
    certificaat = traject.certificaten.order_by("-uitgegeven", "-pk").first()
    initial = {}
    if certificaat:
        initial = {"soort": Audit.Soort.HERCERTIFICERING,
                   "certificerende_instelling": certificaat.certificerende_instelling_id}
    form = AuditForm(request.POST or None, voorgesteld=voorgesteld, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_plannen(
                traject=traject, door=request.user, **_planning(form),
                auditors=form.cleaned_data.get("auditors") or (),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Audit gepland."))
            return redirect(audit)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Audit plannen")})


def _dossier_status(audit, kan_beheren):
    """What the dossier fragment shows (templates/audits/_dossier_status.html)."""
    aanvraag = audit.dossieraanvragen.first()
    return {
        "traject": audit.traject,
        "audit": audit,
        "aanvraag": aanvraag,
        "versies": audit.dossierversies.select_related("aangevraagd_door").prefetch_related(
            Prefetch("verzendingen", queryset=DossierVerzending.objects.select_related("bericht"),
                     to_attr="verzendlog")
        ),
        "kan_beheren": kan_beheren,
        # A poll gets 204 until this changes (kvo/voortgang.py).
        "toestand": f"{aanvraag.pk}-{aanvraag.status}" if aanvraag else "geen",
    }


def audit_detail(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk)
    kan_beheren = mag("audits.change_audit")
    auditor_werk = mag("audits.auditor_werk")
    dossier = _dossier_status(audit, kan_beheren)
    if voortgang.is_poll(request):
        return voortgang.fragment(request, "audits/_dossier_status.html", dossier,
                                  toestand=dossier["toestand"])
    context = {
        **dossier,
        "keten": audit.keten(),
        "auditors": audit.auditor_rijen.select_related("user"),
        "opmerkingen": audit.opmerkingen.select_related("vastgelegd_door", "actiepunt"),
        "rapportversies": (
            audit.rapport.versies.select_related("geupload_door") if audit.rapport else []
        ),
        "auditor_werk": auditor_werk,
        "uitkomst_mogelijk": not audit.uitkomst
        and timezone.localdate() >= audit.uitkomst_mogelijk_vanaf(),
        "ontvangers": services.dossier_ontvangers(audit),
        "verzendstand": services.dossier_verzendstand(audit),
        "toegang_te_kort": services.toegang_te_kort(audit) if kan_beheren else [],
        "vandaag": timezone.localdate(),
    }
    if audit.vorige_audit_id:
        oordelen = services.laatste_oordelen(audit)
        context["hercontrole"] = [
            (opmerking, oordelen.get(opmerking.pk),
             _hercontrole_form(request, audit, opmerking) if auditor_werk and not audit.uitkomst
             else None)
            for opmerking in audit.vorige_audit.opmerkingen.select_related("actiepunt")
        ]
    return render(request, "audits/audit_detail.html", context)


def audit_bewerken(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    heraudit = audit.soort == Audit.Soort.HERAUDIT
    form = AuditBewerkenForm(request.POST or None, heraudit=heraudit, versie_van=audit, initial={
        "soort": audit.soort, "datum": audit.datum, "vorm": audit.vorm,
        "certificerende_instelling": audit.certificerende_instelling_id,
    })
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(
        form, lambda: services.audit_bijwerken(
            audit=audit, versie=form.versie, soort=form.cleaned_data.get("soort", audit.soort),
            datum=form.cleaned_data["datum"], vorm=form.cleaned_data["vorm"],
            certificerende_instelling=form.cleaned_data["certificerende_instelling"],
        ),
    ):
        messages.success(request, _("Audit opgeslagen."))
        return redirect(audit)
    return render(request, "form.html", {
        "form": form, "traject": audit.traject, "titel": _("Audit bewerken"),
        "uitleg": _("Wie toegang heeft en tot wanneer, verandert hier niet; dat regelt u op de "
                    "pagina Werkgroep."),
    }, status=form.status_code)


def heraudit_nieuw(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    voorgesteld = [rij.user for rij in audit.auditor_rijen.select_related("user")
                   if rij.user.is_active]
    form = HerauditForm(request.POST or None, voorgesteld=voorgesteld, initial={
        "vorm": audit.vorm, "datum": audit.herstel_deadline})
    if request.method == "POST" and form.is_valid():
        try:
            heraudit = services.heraudit_plannen(
                audit=audit, door=request.user, datum=form.cleaned_data["datum"],
                vorm=form.cleaned_data["vorm"], auditors=form.cleaned_data.get("auditors") or (),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Heraudit gepland."))
            return redirect(heraudit)
    return render(request, "form.html", {
        "form": form, "traject": audit.traject, "titel": _("Heraudit plannen"),
        "uitleg": _("De heraudit controleert de opmerkingen van de audit van %(datum)s, bij "
                    "%(instelling)s.") % {"datum": audit.datum.strftime("%d-%m-%Y"),
                                         "instelling": audit.certificerende_instelling},
    })


def auditor_toevoegen(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    form = AuditorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.auditor_uitnodigen(audit=audit, door=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _(
                "%(email)s is uitgenodigd en kan het traject inzien tot en met %(datum)s."
            ) % {"email": form.cleaned_data["email"],
                 "datum": audit.toegang_tot.strftime("%d-%m-%Y")})
            return redirect(audit)
    return render(request, "form.html", {
        "form": form, "traject": audit.traject, "titel": _("Auditor uitnodigen"),
        "uitleg": _("De auditor kan het traject lezen tot en met %(datum)s, en legt voor deze "
                    "audit zelf de uitkomst, opmerkingen en het rapport vast.")
        % {"datum": audit.toegang_tot.strftime("%d-%m-%Y")},
    })


@require_POST
def auditor_verwijderen(request, pk, audit_pk, rij_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    rij = get_object_or_404(AuditAuditor.objects.select_related("audit__traject", "user"),
                            pk=rij_pk, audit=audit)
    services.auditor_verwijderen(rij=rij, door=request.user)
    messages.success(request, _("Auditor verwijderd."))
    return redirect(audit)
