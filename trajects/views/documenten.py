"""A trajectory's documents and their versions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kvo.access import get_for_user, get_with_rights, login_or_404
from kvo.downloads import file_response
from kvo.lists import paginate
from kvo.versies import opslaan_of_conflict

from .. import services
from ..access import lidmaatschap_voor, traject_voor
from ..forms import DocumentForm, DocumentVersieForm
from ..models import Document, DocumentVersie

DOCUMENT_SORTERINGEN = {
    "soort": ("soort", "titel", "pk"),
    "titel": ("titel", "pk"),
    "upload": ("laatste_upload", "pk"),
}


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
        **paginate(request, lijst, sorts=DOCUMENT_SORTERINGEN, default_sort="soort"),
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
