from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.access import get_for_user, get_with_rights, login_or_404
from kvo.downloads import file_response
from kvo.ratelimits import per_address, per_user
from kvo.versies import opslaan_of_conflict
from trajects.access import traject_voor

from . import eisen as eisen_module
from . import services
from .forms import (
    AuditForm,
    AuditorForm,
    CertificaatForm,
    HercertificeringForm,
    OpmerkingActiepuntForm,
    OpmerkingForm,
    UitkomstForm,
    VerifieerForm,
)
from .models import Audit, AuditAuditor, AuditOpmerking, Certificaat, DossierVersie


def _audit(request, pk, audit_pk, perm=None):
    return get_with_rights(
        request.user,
        Audit.objects.select_related("traject__gebied", "certificerende_instelling", "rapport"),
        perm, pk=audit_pk, traject_id=pk,
    )


def overzicht(request, pk):
    traject, mag = traject_voor(request.user, pk)
    audits = (
        traject.audits.select_related("certificerende_instelling")
        .annotate(aantal_auditors=Count("auditor_rijen", distinct=True))
    )
    return render(request, "audits/overzicht.html", {
        "traject": traject,
        "audits": audits,
        "certificaten": traject.certificaten.select_related(
            "schemaversie", "certificerende_instelling"
        ),
        "cycli": traject.cycli.select_related("vorig_certificaat", "gestart_door"),
        "kan_beheren": mag("audits.beheer"),
    })


def eisen(request, pk):
    traject, mag = traject_voor(request.user, pk)
    rijen, score = eisen_module.beoordeel(traject)
    return render(request, "audits/eisen.html", {
        "traject": traject, "rijen": rijen, "score": score,
    })


def audit_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "audits.beheer")
    form = AuditForm(request.POST or None, initial={"datum": traject.beoogde_auditdatum})
    if request.method == "POST" and form.is_valid():
        audit = services.audit_plannen(traject=traject, data=form.cleaned_data, door=request.user)
        messages.success(request, _("Audit gepland."))
        return redirect(audit)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Audit plannen")})


def audit_detail(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk)
    return render(request, "audits/audit_detail.html", {
        "traject": audit.traject,
        "audit": audit,
        "auditors": audit.auditor_rijen.select_related("user"),
        "opmerkingen": audit.opmerkingen.select_related("vastgelegd_door", "actiepunt"),
        "versies": audit.dossierversies.select_related("aangevraagd_door").prefetch_related(
            Prefetch("verzendingen", to_attr="verzendlog")
        ),
        "kan_beheren": mag("audits.change_audit"),
        "ontvangers": services.dossier_ontvangers(audit),
    })


def audit_bewerken(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    form = AuditForm(request.POST or None, instance=audit)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(
        form, lambda: services.audit_bijwerken(
            audit=audit, versie=form.versie,
            data={k: v for k, v in form.cleaned_data.items() if k != "versie"},
        ),
    ):
        messages.success(request, _("Audit opgeslagen."))
        return redirect(audit)
    return render(request, "form.html", {
        "form": form, "traject": audit.traject, "titel": _("Audit bewerken")},
        status=form.status_code)


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
        "uitleg": _("De auditor kan het traject lezen (niet wijzigen) tot en met %(datum)s.")
        % {"datum": audit.toegang_tot.strftime("%d-%m-%Y")},
    })


@require_POST
def auditor_verwijderen(request, pk, audit_pk, rij_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    rij = get_object_or_404(AuditAuditor.objects.select_related("audit__traject", "user"),
                            pk=rij_pk, audit=audit)
    services.auditor_verwijderen(rij=rij)
    messages.success(request, _("Auditor verwijderd."))
    return redirect(audit)


def uitkomst(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    form = UitkomstForm(request.POST or None, instance=audit)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(
        form, lambda: services.uitkomst_vastleggen(
            audit=Audit.objects.get(pk=audit.pk), versie=form.versie,
            uitkomst=form.cleaned_data["uitkomst"],
            toelichting=form.cleaned_data["uitkomst_toelichting"],
            herstel_deadline=form.cleaned_data["herstel_deadline"],
            rapport=form.cleaned_data["rapport"],
        ),
    ):
        messages.success(request, _("Uitkomst vastgelegd."))
        return redirect(audit)
    return render(request, "form.html", {
        "form": form, "traject": audit.traject, "titel": _("Uitkomst van de audit")},
        status=form.status_code)


def opmerking_nieuw(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    form = OpmerkingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.opmerking_toevoegen(audit=audit, door=request.user, **form.cleaned_data)
        messages.success(request, _("Opmerking vastgelegd."))
        return redirect(audit)
    return render(request, "form.html", {
        "form": form, "traject": audit.traject, "titel": _("Opmerking van de auditor")})


def opmerking_actiepunt(request, pk, audit_pk, opmerking_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    opmerking = get_object_or_404(AuditOpmerking, pk=opmerking_pk, audit=audit)
    form = OpmerkingActiepuntForm(
        request.POST or None, traject=audit.traject,
        initial={"titel": opmerking.tekst.splitlines()[0][:200]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actiepunt = services.opmerking_naar_actiepunt(
                opmerking=opmerking, door=request.user, **form.cleaned_data
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


@require_POST
@per_user("RATELIMIT_GENEREREN")
def dossier_genereren(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    if services.dossier_aanvragen(audit=audit, door=request.user):
        messages.success(request, _(
            "Het dossier wordt gemaakt. Vernieuw de pagina over een minuut om het te zien."))
    else:
        messages.info(request, _(
            "Het dossier wordt al gemaakt; er wordt geen tweede gestart. Vernieuw de pagina over "
            "een minuut om het te zien."))
    return redirect(audit)


@require_POST
@per_user("RATELIMIT_GENEREREN")
def dossier_versturen(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk, "audits.change_audit")
    try:
        nieuw = services.dossier_aanvragen(audit=audit, door=request.user, versturen=True)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _(
            "Het dossier wordt opnieuw gemaakt en daarna naar de auditors en coördinatoren "
            "gestuurd.") if nieuw else _(
            "Het dossier wordt al gemaakt; als het klaar is, wordt het naar de auditors en "
            "coördinatoren gestuurd."))
    return redirect(audit)


@login_or_404
def dossier_download(request, pk, audit_pk, versie_pk):
    versie = get_for_user(
        request.user, DossierVersie.objects.select_related("audit"),
        pk=versie_pk, audit_id=audit_pk, audit__traject_id=pk,
    )
    return file_response(
        versie.bestand, filename=versie.bestandsnaam, content_type="application/pdf"
    )


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
    form = HercertificeringForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hercertificering_starten(
                traject=traject, door=request.user, auditdatum=form.cleaned_data["auditdatum"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De volgende cyclus is gestart."))
            return redirect("audits:overzicht", pk=traject.pk)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Hercertificering starten"),
        "uitleg": _("Partners, leden, openstaande actiepunten en het plan blijven bij het "
                    "traject; de historie blijft bewaard. De gereedheid telt nieuw bewijs "
                    "vanaf de start van de nieuwe cyclus."),
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
