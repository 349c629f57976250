from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.access import get_for_user, get_with_rights, login_or_404
from kvo.downloads import file_response
from kvo.ratelimits import per_address, per_user
from kvo.versies import opslaan_of_conflict
from trajects.access import traject_voor
from trajects.cycli import cyclus_uit_verzoek, filter_context

from . import eisen as eisen_module
from . import services
from .forms import (
    AuditBewerkenForm,
    AuditForm,
    AuditorForm,
    CertificaatForm,
    HerauditForm,
    HercertificeringForm,
    HercontroleForm,
    OpmerkingActiepuntForm,
    OpmerkingForm,
    RapportForm,
    UitkomstForm,
    VerifieerForm,
)
from .models import (
    Audit,
    AuditAuditor,
    AuditOpmerking,
    Certificaat,
    DossierVersie,
    DossierVerzending,
)


def _audit(request, pk, audit_pk, perm=None):
    return get_with_rights(
        request.user,
        Audit.objects.select_related(
            "traject__gebied", "certificerende_instelling", "rapport", "cyclus", "vorige_audit",
            "uitkomst_door",
        ),
        perm, pk=audit_pk, traject_id=pk,
    )


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
    return render(request, "audits/overzicht.html", {
        "traject": traject,
        "audits": Paginator(audits, 25).get_page(request.GET.get("pagina")),
        "certificaten": certificaten[:25],
        **filter_context(gekozen, cycli),
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


def audit_detail(request, pk, audit_pk):
    audit, mag = _audit(request, pk, audit_pk)
    kan_beheren = mag("audits.change_audit")
    auditor_werk = mag("audits.auditor_werk")
    context = {
        "traject": audit.traject,
        "audit": audit,
        "keten": audit.keten(),
        "auditors": audit.auditor_rijen.select_related("user"),
        "opmerkingen": audit.opmerkingen.select_related("vastgelegd_door", "actiepunt"),
        "versies": audit.dossierversies.select_related("aangevraagd_door").prefetch_related(
            Prefetch("verzendingen", queryset=DossierVerzending.objects.select_related("bericht"),
                     to_attr="verzendlog")
        ),
        "aanvraag": audit.dossieraanvragen.first(),
        "rapportversies": (
            audit.rapport.versies.select_related("geupload_door") if audit.rapport else []
        ),
        "kan_beheren": kan_beheren,
        "auditor_werk": auditor_werk,
        "uitkomst_mogelijk": not audit.uitkomst
        and timezone.localdate() >= audit.uitkomst_mogelijk_vanaf(),
        "ontvangers": services.dossier_ontvangers(audit),
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


def _namens_keuzes(request, audit):
    """The coordinator records on an auditor's behalf: choose whose word it is. The auditor
    records under their own name (None: no such fields)."""
    if services.is_auditor_van(request.user, audit):
        return None
    namen = [str(rij.user) for rij in audit.auditor_rijen.select_related("user")]
    return [*namen, str(audit.certificerende_instelling)]


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


def _hercontrole_form(request, heraudit, opmerking, data=None):
    return HercontroleForm(
        data, prefix=f"opmerking-{opmerking.pk}",
        namens_keuzes=_namens_keuzes(request, heraudit),
    )


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
    _aanvraag, nieuw = services.dossier_aanvragen(audit=audit, door=request.user)
    if nieuw:
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
        _aanvraag, nieuw = services.dossier_aanvragen(
            audit=audit, door=request.user, versturen=True
        )
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
