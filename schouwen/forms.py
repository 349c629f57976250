from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kvo.forms import CrispyMixin, DateTimeInput, MultipleFileInput, PhotosField
from kvo.versies import VersieFormMixin, versies_uit
from trajects.models import Organisatie

from .models import Bevinding, Categorie, Ernst, Schouw


class SchouwForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    deelnemers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Uitnodigen"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Zij krijgen een uitnodiging met agenda-bijlage (.ics)."),
    )

    class Meta:
        model = Schouw
        fields = ["titel", "begin", "einde", "dagdeel", "soort", "verzamelpunt", "route",
                  "checklist"]
        widgets = {
            "begin": DateTimeInput(),
            "einde": DateTimeInput(),
            "route": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deelnemers"].queryset = traject.lidmaatschappen.actief().select_related(
            "user", "organisatie"
        )
        self.fields["deelnemers"].label_from_instance = (
            lambda lid: f"{lid.user} ({lid.organisatie})"
        )
        self.fields["checklist"].queryset = self.fields["checklist"].queryset.filter(
            actief=True
        )

    def huidige_waarden(self, huidig):
        waarden = super().huidige_waarden(huidig)
        waarden["deelnemers"] = list(
            huidig.deelnemers.filter(afgemeld=False).values_list("lidmaatschap", flat=True)
        )
        return waarden

    def clean(self):
        data = super().clean()
        if data.get("begin") and data.get("einde") and data["einde"] <= data["begin"]:
            self.add_error("einde", _("Het einde moet na het begin liggen."))
        return data


class AanwezigheidForm(CrispyMixin, forms.Form):
    aanwezig = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Wie liep mee?"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, schouw, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["aanwezig"]
        field.queryset = schouw.deelnemers.filter(afgemeld=False).select_related(
            "lidmaatschap__user", "lidmaatschap__organisatie"
        )
        field.label_from_instance = (
            lambda d: f"{d.lidmaatschap.user} ({d.lidmaatschap.organisatie})"
        )


def foto_widget():
    return MultipleFileInput(attrs={
        "accept": "image/*", "capture": "environment", "class": "form-control",
        "data-schaal-foto": "2000", "data-bezig": gettext_lazy("Foto's verkleinen…"),
    })


class BevindingForm(VersieFormMixin, forms.ModelForm):
    """The capture form. Kept small for one hand on a phone: the template lays it out."""

    fotos = PhotosField(
        label=gettext_lazy("Foto's"), required=False, widget=foto_widget(),
        help_text=gettext_lazy("JPEG, PNG of HEIC. Grote foto's worden op uw telefoon verkleind."),
    )
    # The id of this capture, made when the page was made (or by the phone's queue): sending
    # the same capture again finds the finding already saved. Only on a new finding.
    client_id = forms.UUIDField(
        widget=forms.HiddenInput, error_messages={
            "required": gettext_lazy("Deze pagina is verouderd. Laad het formulier opnieuw "
                                     "en vul het nog eens in."),
            "invalid": gettext_lazy("Deze pagina is verouderd. Laad het formulier opnieuw "
                                    "en vul het nog eens in."),
        },
    )

    class Meta:
        model = Bevinding
        fields = ["categorie", "omschrijving", "ernst", "straat", "huisnummer", "latitude",
                  "longitude", "organisatie", "melding"]
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            "ernst": forms.RadioSelect,
            "categorie": forms.RadioSelect,
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }

    def __init__(self, *args, traject, straten=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.fields["categorie"].queryset = Categorie.objects.filter(actief=True)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            partnerschappen__traject=traject
        ).order_by("naam")
        self.fields["organisatie"].required = False
        self.fields["organisatie"].help_text = _("Leeg: de partner die meestal "
                                                 "verantwoordelijk is voor deze categorie.")
        self.fields["ernst"].choices = Ernst.choices
        # One thumb, few taps: a photo and a category say enough; the description may follow.
        self.fields["omschrijving"].required = False
        self.fields["straat"].widget.attrs["list"] = "straten"
        self.straten = list(straten)

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(
                _("Geef zowel breedte- als lengtegraad op, of laat beide leeg.")
            )
        lat, lon = data.get("latitude"), data.get("longitude")
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise forms.ValidationError(_("Deze positie bestaat niet."))
        return data


class FotoForm(CrispyMixin, forms.Form):
    submit_label = gettext_lazy("Foto's toevoegen")
    fotos = PhotosField(label=gettext_lazy("Foto's"), widget=foto_widget())


class ChecklistForm(forms.Form):
    """One radio group per checklist item: in orde / niet in orde / not yet checked."""

    KEUZES = [("", gettext_lazy("Nog niet")), ("ja", gettext_lazy("In orde")),
              ("nee", gettext_lazy("Niet in orde"))]

    def __init__(self, *args, items, antwoorden, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            beginwaarde = antwoorden.get(item.pk)
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.tekst, choices=self.KEUZES, required=False,
                widget=forms.RadioSelect,
                initial="" if beginwaarde is None else ("ja" if beginwaarde else "nee"),
            )

    def antwoorden(self):
        """{item: True/False} for the items answered."""
        return {
            item: self.cleaned_data[f"item_{item.pk}"] == "ja"
            for item in self.items
            if self.cleaned_data.get(f"item_{item.pk}")
        }


class TriageActieForm(forms.Form):
    """A bulk action of the triage page on the chosen findings, or on all findings that match
    the page's filter (`alle`; the view resolves them, see schouwen/views/nabespreking.py), or
    the confirmation of one suggested duplicate group (`groep`)."""

    ACTIES = [("toewijzen", gettext_lazy("Toewijzen aan organisatie")),
              ("omzetten", gettext_lazy("Omzetten in actiepunten")),
              ("dubbel", gettext_lazy("Markeren als dubbel van")),
              ("geen_actie", gettext_lazy("Geen actie nodig")),
              ("opgelost", gettext_lazy("Markeren als opgelost")),
              ("groep", gettext_lazy("Dubbelgroep bevestigen"))]

    bevindingen = forms.ModelMultipleChoiceField(queryset=None, required=False)
    alle = forms.BooleanField(required=False)
    # When the page was shown (ISO time): with `alle`, a finding changed after it is skipped.
    gezien = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    actie = forms.ChoiceField(label=gettext_lazy("Actie"), choices=ACTIES)
    organisatie = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie"), queryset=None, required=False
    )
    meeverhuizen = forms.BooleanField(
        label=gettext_lazy("Open actiepunten van deze bevindingen gaan mee naar de nieuwe "
                           "organisatie"), required=False,
    )
    dubbel_van = forms.ModelChoiceField(
        label=gettext_lazy("Dubbel van bevinding nr."), queryset=None, required=False,
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )
    groep_origineel = forms.ModelChoiceField(queryset=None, required=False)
    groep_dubbelen = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def __init__(self, *args, schouw, **kwargs):
        kwargs.setdefault("auto_id", "bulk-%s")
        super().__init__(*args, **kwargs)
        bevindingen = schouw.bevindingen.select_related("schouw", "categorie")
        for naam in ("bevindingen", "groep_origineel", "groep_dubbelen"):
            self.fields[naam].queryset = bevindingen
        self.fields["dubbel_van"].queryset = Bevinding.objects.filter(
            schouw__traject_id=schouw.traject_id
        ).select_related("schouw")
        self.fields["dubbel_van"].error_messages["invalid_choice"] = _(
            "Er is geen bevinding met dat nummer in dit traject."
        )
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            partnerschappen__traject_id=schouw.traject_id
        ).order_by("naam")

    def versies(self, bevindingen=None):
        if bevindingen is None:
            bevindingen = self.cleaned_data["bevindingen"]
        return versies_uit(self.data, [b.pk for b in bevindingen])

    def clean(self):
        data = super().clean()
        actie = data.get("actie")
        if actie == "groep":
            if not data.get("groep_origineel") or not data.get("groep_dubbelen"):
                raise forms.ValidationError(_("Deze dubbelgroep is niet meer compleet; "
                                              "vernieuw de pagina."))
            return data
        if not data.get("alle") and not data.get("bevindingen"):
            self.add_error("bevindingen", _("Kies eerst een of meer bevindingen."))
        if data.get("alle") and not data.get("gezien"):
            self.add_error("alle", _("De pagina is verouderd; vernieuw haar en kies opnieuw."))
        if actie == "toewijzen" and not data.get("organisatie"):
            self.add_error("organisatie", _("Kies de organisatie."))
        if actie == "dubbel":
            if not data.get("dubbel_van"):
                if "dubbel_van" not in self.errors:
                    self.add_error("dubbel_van",
                                   _("Kies de bevinding waarvan deze dubbel zijn."))
            elif not data.get("alle") and data["dubbel_van"] in data.get("bevindingen", []):
                self.add_error("dubbel_van",
                               _("Een bevinding kan niet dubbel zijn van zichzelf."))
        return data
