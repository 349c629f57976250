from pathlib import PurePath

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kvo.forms import CrispyMixin, DateInput, DateTimeInput
from kvo.images import clean_image
from kvo.pdfcheck import check_pdf
from kvo.uploads import sniff_mime, validate_size
from kvo.versies import VersieFormMixin

from .access import bruikbare_gebieden, eigen_organisaties, zichtbare_organisaties
from .models import (
    Document,
    Gebied,
    Lidmaatschap,
    Organisatie,
    Overleg,
    Partner,
    Rol,
    Traject,
    Werkgroeprol,
)

# Accepted document types: file extension -> (MIME types its content may be sniffed as, the
# MIME type we store and serve). Office files are ZIP containers; the sniffer recognises some
# by their first entries and reports others as plain ZIP.
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_ODT = "application/vnd.oasis.opendocument.text"
_ODS = "application/vnd.oasis.opendocument.spreadsheet"
_ZIP = "application/zip"
DOCUMENT_TYPES = {
    ".pdf": ({"application/pdf"}, "application/pdf"),
    ".docx": ({_DOCX, _ZIP}, _DOCX),
    ".xlsx": ({_XLSX, _ZIP}, _XLSX),
    ".pptx": ({_PPTX, _ZIP}, _PPTX),
    ".odt": ({_ODT, _ZIP}, _ODT),
    ".ods": ({_ODS, _ZIP}, _ODS),
    ".jpg": ({"image/jpeg"}, "image/jpeg"),
    ".jpeg": ({"image/jpeg"}, "image/jpeg"),
    ".png": ({"image/png"}, "image/png"),
}


class TrajectForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Traject
        fields = [
            "naam", "gebied", "schemaversie", "startdatum", "procesbegeleider", "omschrijving",
        ]
        widgets = {
            "startdatum": DateInput(),
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only areas and organisations this user may use (docs/rechten.md).
        self.fields["gebied"].queryset = bruikbare_gebieden(user)
        self.fields["procesbegeleider"].queryset = zichtbare_organisaties(user)


class TrajectNieuwForm(TrajectForm):
    organisatie = forms.ModelChoiceField(
        Organisatie.objects.none(), label=gettext_lazy("Uw organisatie in dit traject"),
        help_text=gettext_lazy("Een organisatie waarvoor u in de app optreedt."),
    )

    class Meta(TrajectForm.Meta):
        fields = ["organisatie", *TrajectForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organisatie"].queryset = eigen_organisaties(user)


class GebiedForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Gebied
        fields = ["naam", "soort", "gemeente", "straten", "latitude", "longitude"]
        widgets = {"straten": forms.Textarea(attrs={"rows": 4})}


class FaseForm(CrispyMixin, forms.Form):
    submit_label = gettext_lazy("Fase wijzigen")
    fase = forms.ChoiceField(label=gettext_lazy("Nieuwe fase"))
    toelichting = forms.CharField(
        label=gettext_lazy("Reden"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Komt in de fasehistorie, die ook de auditor leest."),
    )

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fase"].choices = [(f.value, f.label) for f in traject.handmatige_fases()]


class OrganisatieForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Organisatie
        fields = ["naam", "soort", "contactpersoon", "email", "telefoon", "adres", "website"]


class PartnerForm(CrispyMixin, forms.ModelForm):
    submit_label = gettext_lazy("Partner toevoegen")

    class Meta:
        model = Partner
        fields = ["organisatie", "rol", "contactpersoon", "email", "telefoon"]

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.traject = traject
        self.fields["organisatie"].queryset = Organisatie.objects.exclude(
            partnerschappen__traject=traject
        )


class PartnerBewerkenForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    """A partner's role and contact in one trajectory (not the shared Organisatie record)."""

    class Meta:
        model = Partner
        fields = ["rol", "contactpersoon", "email", "telefoon"]


class UitnodigingForm(CrispyMixin, forms.Form):
    submit_label = gettext_lazy("Uitnodiging versturen")
    email = forms.EmailField(label=gettext_lazy("E-mailadres"))
    naam = forms.CharField(label=gettext_lazy("Naam"), max_length=150, required=False)
    organisatie = forms.ModelChoiceField(
        Organisatie.objects.all(), label=gettext_lazy("Organisatie")
    )
    rol = forms.ChoiceField(
        label=gettext_lazy("Rol in de app"), choices=Rol.choices, initial=Rol.PARTNER
    )
    werkgroeprol = forms.ChoiceField(
        label=gettext_lazy("Rol in de werkgroep"), choices=Werkgroeprol.choices, required=False,
        initial=Werkgroeprol.LID,
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class LidmaatschapForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Lidmaatschap
        fields = ["organisatie", "rol", "werkgroeprol", "geldig_tot"]
        widgets = {"geldig_tot": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            partnerschappen__traject=self.instance.traject
        )


class AccepteerNieuwForm(CrispyMixin, forms.Form):
    submit_label = gettext_lazy("Account aanmaken en deelnemen")
    naam = forms.CharField(label=gettext_lazy("Uw naam"), max_length=150)
    wachtwoord1 = forms.CharField(
        label=gettext_lazy("Wachtwoord"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    wachtwoord2 = forms.CharField(
        label=gettext_lazy("Wachtwoord (herhaal)"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        w1, w2 = data.get("wachtwoord1"), data.get("wachtwoord2")
        if w1 and w2 and w1 != w2:
            self.add_error("wachtwoord2", _("De wachtwoorden zijn niet gelijk."))
        elif w1:
            from kvo.models import User

            try:
                password_validation.validate_password(
                    w1, User(email=self.email, naam=data.get("naam", ""))
                )
            except forms.ValidationError as error:
                self.add_error("wachtwoord1", error)
        return data


class DocumentUploadMixin(forms.Form):
    bestand = forms.FileField(label=gettext_lazy("Bestand"))
    # Which files this form takes, and how its error message names them.
    document_types = DOCUMENT_TYPES
    toegestaan_tekst = gettext_lazy(
        "PDF, Word, Excel, PowerPoint, OpenDocument, JPEG en PNG"
    )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if not bestand:
            return bestand
        validate_size(bestand, settings.DOCUMENT_MAX_MB * 1024 * 1024)
        suffix = PurePath(bestand.name).suffix.lower()
        toegestaan, content_type = self.document_types.get(suffix, (set(), None))
        if sniff_mime(bestand) not in toegestaan:
            raise forms.ValidationError(
                _("Dit bestandstype wordt niet geaccepteerd, of de inhoud past niet bij de "
                  "extensie %(extensie)s. Toegestaan: %(toegestaan)s.")
                % {"extensie": suffix or "-", "toegestaan": self.toegestaan_tekst},
                code="type",
            )
        self.content_type = content_type
        if content_type == "application/pdf":
            check_pdf(bestand)
        elif content_type.startswith("image/"):
            # Same treatment as photos: metadata (GPS position, camera) removed, bombs refused.
            data, _mime = clean_image(bestand)
            bestand = ContentFile(data, name=bestand.name)
        return bestand


class DocumentForm(CrispyMixin, DocumentUploadMixin, forms.ModelForm):
    submit_label = gettext_lazy("Uploaden")

    class Meta:
        model = Document
        fields = ["soort", "titel", "organisatie"]

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            partnerschappen__traject=traject
        )
        self.fields["bestand"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument, JPEG of PNG; maximaal %(mb)s MB."
        ) % {"mb": settings.DOCUMENT_MAX_MB}


class DocumentVersieForm(VersieFormMixin, CrispyMixin, DocumentUploadMixin, forms.Form):
    """A new version of `versie_van` (a Document), made knowing its latest version."""

    submit_label = gettext_lazy("Nieuwe versie uploaden")
    toelichting = forms.CharField(
        label=gettext_lazy("Wat is er veranderd?"), max_length=255, required=False
    )

    def huidige_waarden(self, huidig):
        laatste = huidig.versies.order_by("-nummer").first()
        return {"toelichting": laatste.toelichting if laatste else ""}


class OverlegForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Overleg
        fields = ["datum", "locatie", "onderwerp", "notulen"]
        widgets = {"datum": DateTimeInput(), "notulen": forms.Textarea(attrs={"rows": 8})}


class AanwezigheidForm(forms.Form):
    """One checkbox per member: who attended the meeting."""

    def __init__(self, *args, leden, aanwezig_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.leden = leden
        for lid in leden:
            self.fields[f"lid_{lid.pk}"] = forms.BooleanField(
                label=f"{lid.user} ({lid.organisatie})", required=False,
                initial=lid.pk in aanwezig_ids,
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Aanwezigheid opslaan")))

    def aanwezig(self):
        return {lid.pk for lid in self.leden if self.cleaned_data.get(f"lid_{lid.pk}")}


class TijdlijnFilterForm(forms.Form):
    """The effort timeline's filters (GET): kinds and a period. Nothing ticked: every kind."""

    soort = forms.MultipleChoiceField(
        label=gettext_lazy("Soort"), required=False, widget=forms.CheckboxSelectMultiple
    )
    van = forms.DateField(label=gettext_lazy("Van"), required=False, widget=DateInput())
    tot = forms.DateField(label=gettext_lazy("Tot en met"), required=False, widget=DateInput())

    def __init__(self, *args, soorten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [(s.code, s.label) for s in soorten]

    def clean(self):
        gegevens = super().clean()
        van, tot = gegevens.get("van"), gegevens.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return gegevens
