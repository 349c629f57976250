from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kvo.access import get_for_user, get_with_rights, login_or_404
from kvo.downloads import file_response
from kvo.links import link_page, refused
from kvo.ratelimits import per_address
from kvo.versies import opslaan_of_conflict

from . import fasetabel, readiness, samenvatting, services
from .access import (
    lidmaatschap_voor,
    traject_voor,
    zichtbare_organisaties,
)
from .forms import (
    AanwezigheidForm,
    AccepteerNieuwForm,
    DocumentForm,
    DocumentVersieForm,
    FaseForm,
    GebiedForm,
    LidmaatschapForm,
    OrganisatieForm,
    OverlegForm,
    PartnerBewerkenForm,
    PartnerForm,
    TrajectForm,
    TrajectNieuwForm,
    UitnodigingForm,
)
from .models import (
    Document,
    DocumentVersie,
    Lidmaatschap,
    LidmaatschapWijziging,
    Organisatie,
    Overleg,
    Partner,
    Rol,
    Traject,
    Uitnodiging,
)


def dashboard(request):
    volgend_overleg = (
        Overleg.objects.filter(traject=OuterRef("pk"), datum__gte=timezone.now())
        .order_by("datum")
        .values("datum")[:1]
    )
    trajecten = list(
        samenvatting.annoteer(Traject.objects.voor_gebruiker(request.user))
        .select_related("gebied")
        .annotate(volgend_overleg=Subquery(volgend_overleg))
        .order_by("naam")
    )
    soorten = {}
    for traject_id, soort in Partner.objects.filter(
        traject__in=[t.pk for t in trajecten]
    ).values_list("traject_id", "organisatie__soort"):
        soorten.setdefault(traject_id, set()).add(soort)
    vereist = readiness.verplichte_partnersoorten()
    rollen = dict(
        Lidmaatschap.objects.filter(user=request.user).values_list("traject_id", "rol")
    )
    for traject in trajecten:
        traject.partners_compleet = vereist <= soorten.get(traject.pk, set())
        traject.mijn_rol = Rol(rollen[traject.pk]).label if traject.pk in rollen else ""
    return render(request, "trajects/dashboard.html", {
        "trajecten": trajecten, "kan_starten": request.user.has_perm("trajects.traject_starten"),
    })


def traject_nieuw(request):
    if not request.user.has_perm("trajects.traject_starten"):
        raise PermissionDenied
    form = TrajectNieuwForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "organisatie"}
        traject = services.traject_aanmaken(
            data=data, door=request.user, organisatie=form.cleaned_data["organisatie"]
        )
        messages.success(request, _("Traject aangemaakt. U bent de coördinator."))
        return redirect(traject)
    return render(request, "form.html", {"form": form, "titel": _("Nieuw traject")})


def traject_detail(request, pk):
    traject, mag = get_with_rights(
        request.user, samenvatting.annoteer(Traject.objects.select_related("gebied")), pk=pk
    )
    context = {
        "traject": traject,
        "is_coordinator": mag("trajects.change_traject"),
        "partners": traject.partners.select_related("organisatie"),
        "leden": traject.lidmaatschappen.actief().select_related("user", "organisatie"),
        "fasewijzigingen": traject.fasewijzigingen.select_related("door"),
        "cyclus": traject.huidige_cyclus(),
        "documenten": traject.documenten.annotate(aantal_versies=Count("versies")),
        "overleggen": traject.overleggen.annotate(
            aantal_aanwezig=Count("aanwezigheden", filter=Q(aanwezigheden__aanwezig=True))
        )[:5],
        "gereedheid": readiness.beoordeel(traject),
    }
    context["score"] = readiness.score(context["gereedheid"])
    return render(request, "trajects/detail.html", context)


def traject_bewerken(request, pk):
    traject, mag = traject_voor(request.user, pk, "trajects.change_traject")
    form = TrajectForm(request.POST or None, instance=traject, user=request.user)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Traject opgeslagen."))
        return redirect(traject)
    return render(
        request, "form.html",
        {"form": form, "traject": traject, "titel": _("Traject bewerken")},
        status=form.status_code,
    )


def traject_fase(request, pk):
    traject, mag = traject_voor(request.user, pk, "trajects.change_traject")
    form = FaseForm(request.POST or None, traject=traject)
    if request.method == "POST" and form.is_valid():
        try:
            traject.naar_fase(
                form.cleaned_data["fase"], door=request.user,
                toelichting=form.cleaned_data["toelichting"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Fase gewijzigd."))
            return redirect(traject)
    return render(request, "trajects/fase.html", {
        "form": form, "traject": traject, "tabel": fasetabel.rijen(),
        "fasewijzigingen": traject.fasewijzigingen.select_related("door"),
    })


def gereedheid(request, pk):
    traject, mag = traject_voor(request.user, pk)
    uitkomsten = readiness.beoordeel(traject)
    return render(
        request, "trajects/gereedheid.html",
        {"traject": traject, "gereedheid": uitkomsten, "score": readiness.score(uitkomsten)},
    )


# Partners and members -------------------------------------------------------------------------

def partners(request, pk):
    traject, mag = traject_voor(request.user, pk)
    is_coordinator = mag("trajects.change_partner")
    form = PartnerForm(request.POST or None, traject=traject)
    if request.method == "POST":
        if not is_coordinator:
            raise PermissionDenied
        if form.is_valid():
            form.instance.traject = traject
            form.save()
            messages.success(request, _("Partner toegevoegd."))
            return redirect("trajects:partners", pk=traject.pk)
    return render(request, "trajects/partners.html", {
        "traject": traject,
        "partners": traject.partners.select_related("organisatie").annotate(
            aantal_leden=Count(
                "organisatie__lidmaatschappen",
                filter=Q(organisatie__lidmaatschappen__traject=traject),
            )
        ),
        "form": form if is_coordinator else None,
    })


def partner_bewerken(request, pk, partner_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.change_partner")
    partner = get_object_or_404(
        Partner.objects.select_related("organisatie"), pk=partner_pk, traject=traject
    )
    form = PartnerBewerkenForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Rol en contact van %(organisatie)s in dit traject "
                                    "opgeslagen.") % {"organisatie": partner.organisatie})
        return redirect("trajects:partners", pk=traject.pk)
    return render(request, "form.html", {
        "form": form, "traject": traject,
        "titel": _("%(organisatie)s in dit traject") % {"organisatie": partner.organisatie},
    }, status=form.status_code)


@require_POST
def partner_verwijderen(request, pk, partner_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.change_partner")
    partner = get_object_or_404(Partner, pk=partner_pk, traject=traject)
    if traject.lidmaatschappen.filter(organisatie=partner.organisatie).exists():
        messages.error(
            request, _("Deze organisatie heeft nog leden in het traject; verwijder die eerst.")
        )
    else:
        partner.delete()
        messages.success(request, _("Partner verwijderd."))
    return redirect("trajects:partners", pk=traject.pk)


def leden(request, pk):
    traject, mag = traject_voor(request.user, pk)
    is_coordinator = mag("trajects.beheer_leden")
    context = {
        "traject": traject,
        "leden": traject.lidmaatschappen.select_related("user", "organisatie"),
        "is_coordinator": is_coordinator,
    }
    if is_coordinator:
        context["uitnodigingen"] = traject.uitnodigingen.filter(
            geaccepteerd__isnull=True, ingetrokken__isnull=True
        ).select_related("organisatie", "bericht")
        context["nu"] = timezone.now()
    return render(request, "trajects/leden.html", context)


def leden_historie(request, pk):
    traject, _mag = traject_voor(request.user, pk)
    wijzigingen = LidmaatschapWijziging.objects.filter(
        lidmaatschap__traject=traject
    ).select_related("lidmaatschap__user", "door")
    return render(request, "trajects/leden_historie.html", {
        "traject": traject,
        "page_obj": Paginator(wijzigingen, 50).get_page(request.GET.get("pagina")),
    })


def uitnodigen(request, pk):
    traject, mag = traject_voor(request.user, pk, "trajects.beheer_leden")
    form = UitnodigingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.uitnodiging_versturen(traject=traject, door=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("Uitnodiging verstuurd naar %(email)s.") % form.cleaned_data
            )
            return redirect("trajects:leden", pk=traject.pk)
    return render(
        request, "form.html",
        {"form": form, "traject": traject, "titel": _("Iemand uitnodigen")},
    )


@require_POST
def uitnodiging_intrekken(request, pk, uitnodiging_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.beheer_leden")
    uitnodiging = get_object_or_404(Uitnodiging, pk=uitnodiging_pk, traject=traject)
    services.uitnodiging_intrekken(uitnodiging=uitnodiging)
    messages.success(request, _("Uitnodiging ingetrokken."))
    return redirect("trajects:leden", pk=traject.pk)


def lid_bewerken(request, pk, lid_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.beheer_leden")
    lid = get_object_or_404(
        Lidmaatschap.objects.select_related("user", "traject", "organisatie"),
        pk=lid_pk, traject=traject,
    )
    form = LidmaatschapForm(request.POST or None, instance=lid)
    if request.method == "POST" and form.is_valid():
        try:
            services.lidmaatschap_wijzigen(lid=lid, door=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Lidmaatschap opgeslagen."))
            return redirect("trajects:leden", pk=traject.pk)
    return render(request, "trajects/lid_form.html", {
        "form": form, "traject": traject, "lid": lid,
        "titel": _("Lid bewerken: %(naam)s") % {"naam": lid.user},
        "wijzigingen": lid.wijzigingen.select_related("door"),
    })


@require_POST
def lid_verwijderen(request, pk, lid_pk):
    traject, mag = traject_voor(request.user, pk, "trajects.beheer_leden")
    lid = get_object_or_404(
        Lidmaatschap.objects.select_related("user"), pk=lid_pk, traject=traject
    )
    if lid.user_id == request.user.id:
        messages.error(request, _("U kunt uzelf niet uit het traject verwijderen."))
    else:
        # Access ends; the membership row stays so past attendance remains in the history.
        services.lidmaatschap_beeindigen(lid=lid, door=request.user)
        messages.success(
            request,
            _("De toegang van %(naam)s tot het traject is beëindigd.") % {"naam": lid.user},
        )
    return redirect("trajects:leden", pk=traject.pk)


@link_page
@per_address("RATELIMIT_LINKS")
def uitnodiging_accepteren(request, token):
    try:
        uitnodiging = services.uitnodiging_uit_token(token)
    except ValidationError as error:
        return refused(request, error, "trajects/uitnodiging_ongeldig.html")
    heeft_account = get_user_model().objects.filter(email__iexact=uitnodiging.email).exists()
    form = None
    ander_account = (
        request.user.is_authenticated
        and request.user.email.lower() != uitnodiging.email.lower()
    )
    if request.user.is_authenticated and not ander_account:
        if request.method == "POST":
            try:
                services.uitnodiging_accepteren(uitnodiging=uitnodiging, user=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("U neemt nu deel aan %(traject)s.") % {
                    "traject": uitnodiging.traject})
                return redirect(uitnodiging.traject)
    elif not request.user.is_authenticated and not heeft_account:
        form = AccepteerNieuwForm(
            request.POST or None, email=uitnodiging.email,
            initial={"naam": uitnodiging.naam},
        )
        if request.method == "POST" and form.is_valid():
            try:
                user, _lid = services.uitnodiging_accepteren(
                    uitnodiging=uitnodiging, naam=form.cleaned_data["naam"],
                    wachtwoord=form.cleaned_data["wachtwoord1"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welkom! U neemt nu deel aan %(traject)s.") % {
                    "traject": uitnodiging.traject})
                return redirect(uitnodiging.traject)
    return render(request, "trajects/uitnodiging_accepteren.html", {
        "uitnodiging": uitnodiging, "form": form, "heeft_account": heeft_account,
        "ander_account": ander_account,
    })


# Organisations ---------------------------------------------------------------------------------
# An organisation is shared by every trajectory it takes part in. Its record is changed by staff
# and its own people (trajects.access.bewerkbare_organisaties); what it does in one trajectory
# (role, contact) is the Partner row, changed by that trajectory's coordinator.

def organisaties(request):
    lijst = zichtbare_organisaties(request.user).annotate(
        aantal_trajecten=Count("partnerschappen", distinct=True)
    )
    return render(request, "trajects/organisaties.html", {
        "organisaties": lijst,
        "kan_toevoegen": request.user.has_perm("trajects.add_organisatie"),
    })


def organisatie_nieuw(request):
    if not request.user.has_perm("trajects.add_organisatie"):
        raise PermissionDenied
    form = OrganisatieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.aangemaakt_door = request.user
        organisatie = form.save()
        messages.success(request, _("Organisatie toegevoegd."))
        return redirect(organisatie)
    return render(request, "form.html", {"form": form, "titel": _("Nieuwe organisatie")})


def organisatie_detail(request, org_pk):
    organisatie, mag = get_with_rights(request.user, Organisatie.objects.all(), pk=org_pk)
    return render(request, "trajects/organisatie_detail.html", {
        "organisatie": organisatie,
        "trajecten": Traject.objects.voor_gebruiker(request.user).filter(
            partners__organisatie=organisatie
        ),
        "kan_bewerken": mag("trajects.change_organisatie"),
    })


def organisatie_bewerken(request, org_pk):
    organisatie, mag = get_with_rights(
        request.user, Organisatie.objects.all(), "trajects.change_organisatie", pk=org_pk
    )
    form = OrganisatieForm(request.POST or None, instance=organisatie)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Organisatie opgeslagen."))
        return redirect(organisatie)
    return render(request, "form.html", {
        "form": form, "titel": _("Organisatie bewerken")}, status=form.status_code)


def gebied_nieuw(request):
    if not request.user.has_perm("trajects.add_gebied"):
        raise PermissionDenied
    form = GebiedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Gebied toegevoegd. Kies het nu bij het traject."))
        return redirect("trajects:nieuw")
    return render(request, "form.html", {"form": form, "titel": _("Nieuw gebied")})


# Documents -------------------------------------------------------------------------------------

def documenten(request, pk):
    traject, mag = traject_voor(request.user, pk)
    laatste = DocumentVersie.objects.filter(document=OuterRef("pk")).order_by("-nummer")
    lijst = traject.documenten.select_related("organisatie").annotate(
        aantal_versies=Count("versies"),
        laatste_upload=Max("versies__geupload"),
        laatste_versie_id=Subquery(laatste.values("pk")[:1]),
        laatste_grootte=Subquery(laatste.values("grootte")[:1]),
    )
    return render(request, "trajects/documenten.html", {
        "traject": traject,
        "documenten": lijst,
        "kan_uploaden": mag("trajects.add_document"),
    })


def document_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "trajects.add_document")
    lid = lidmaatschap_voor(request.user, traject)
    form = DocumentForm(
        request.POST or None, request.FILES or None, traject=traject,
        initial={"organisatie": lid.organisatie},
    )
    if request.method == "POST" and form.is_valid():
        organisatie = form.cleaned_data["organisatie"]
        # Uploading for an organisation is owning a document of that organisation.
        if not request.user.has_perm(
            "trajects.change_document", Document(traject=traject, organisatie=organisatie)
        ):
            form.add_error(
                "organisatie", _("U kunt alleen documenten van uw eigen organisatie uploaden.")
            )
        else:
            document = services.document_aanmaken(
                traject=traject, soort=form.cleaned_data["soort"],
                titel=form.cleaned_data["titel"], organisatie=organisatie,
                bestand=form.cleaned_data["bestand"], content_type=form.content_type,
                door=request.user,
            )
            messages.success(request, _("Document geüpload."))
            return redirect(document)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Document uploaden"), "upload": True})


def document_detail(request, pk, doc_pk):
    document, mag = get_with_rights(
        request.user, Document.objects.select_related("traject", "organisatie"),
        pk=doc_pk, traject_id=pk,
    )
    kan_bewerken = mag("trajects.change_document")
    form = DocumentVersieForm(request.POST or None, request.FILES or None, versie_van=document)
    if request.method == "POST":
        if not kan_bewerken:
            raise PermissionDenied
        if form.is_valid() and opslaan_of_conflict(form, lambda: services.document_versie_toevoegen(
            document=document, bestand=form.cleaned_data["bestand"],
            content_type=form.content_type, door=request.user,
            toelichting=form.cleaned_data["toelichting"], versie=form.versie,
        )):
            messages.success(request, _("Nieuwe versie geüpload; de vorige blijft bewaard."))
            return redirect(document)
        if form.conflict is not None:
            form.add_error("bestand", _("Kies uw bestand opnieuw als het toch een nieuwe versie "
                                        "moet worden."))
    return render(request, "trajects/document_detail.html", {
        "traject": document.traject,
        "document": document,
        "versies": document.versies.select_related("geupload_door"),
        "form": form if kan_bewerken else None,
    }, status=form.status_code)


@login_or_404
def document_download(request, pk, doc_pk, versie_pk):
    versie = get_for_user(
        request.user, DocumentVersie.objects.select_related("document"),
        pk=versie_pk, document_id=doc_pk, document__traject_id=pk,
    )
    return file_response(
        versie.bestand, filename=versie.bestandsnaam, content_type=versie.content_type
    )


# Meetings --------------------------------------------------------------------------------------

def overleggen(request, pk):
    traject, mag = traject_voor(request.user, pk)
    lijst = traject.overleggen.annotate(
        aantal_aanwezig=Count("aanwezigheden", filter=Q(aanwezigheden__aanwezig=True))
    )
    return render(request, "trajects/overleggen.html", {
        "traject": traject, "overleggen": lijst,
        "kan_toevoegen": mag("trajects.add_overleg"),
        "nu": timezone.now(),
    })


def overleg_nieuw(request, pk):
    traject, mag = traject_voor(request.user, pk, "trajects.add_overleg")
    form = OverlegForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.traject = traject
        overleg = form.save()
        messages.success(request, _("Overleg gepland."))
        return redirect(overleg)
    return render(request, "form.html", {
        "form": form, "traject": traject, "titel": _("Overleg plannen")})


def overleg_detail(request, pk, overleg_pk):
    overleg, mag = get_with_rights(
        request.user, Overleg.objects.select_related("traject"), pk=overleg_pk, traject_id=pk
    )
    traject = overleg.traject
    kan_bewerken = mag("trajects.change_overleg")
    leden_qs = list(traject.lidmaatschappen.select_related("user", "organisatie"))
    aanwezig_ids = set(
        overleg.aanwezigheden.filter(aanwezig=True).values_list("lidmaatschap_id", flat=True)
    )
    form = AanwezigheidForm(
        request.POST or None, leden=leden_qs, aanwezig_ids=aanwezig_ids
    )
    if request.method == "POST":
        if not kan_bewerken:
            raise PermissionDenied
        if form.is_valid():
            services.overleg_aanwezigheid_vastleggen(
                overleg=overleg, leden=leden_qs, aanwezig_ids=form.aanwezig()
            )
            messages.success(request, _("Aanwezigheid opgeslagen."))
            return redirect(overleg)
    return render(request, "trajects/overleg_detail.html", {
        "traject": traject, "overleg": overleg, "kan_bewerken": kan_bewerken,
        "aanwezigen": [lid for lid in leden_qs if lid.pk in aanwezig_ids],
        "form": form if kan_bewerken else None,
    })


def overleg_bewerken(request, pk, overleg_pk):
    overleg = get_for_user(
        request.user, Overleg.objects.select_related("traject"), "trajects.change_overleg",
        pk=overleg_pk, traject_id=pk,
    )
    form = OverlegForm(request.POST or None, instance=overleg)
    if request.method == "POST" and form.is_valid() and opslaan_of_conflict(form):
        messages.success(request, _("Overleg opgeslagen."))
        return redirect(overleg)
    return render(request, "form.html", {
        "form": form, "traject": overleg.traject, "titel": _("Overleg bewerken")},
        status=form.status_code)


