from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kvo.forms import CrispyMixin, DateInput, MultipleFileInput, PhotosField
from kvo.models import User
from kvo.versies import VersieFormMixin, versies_uit
from trajects.models import Organisatie

from .models import Actiepunt, Doel, HerinneringInstelling, Knelpunt, Status


class KnelpuntForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Knelpunt
        fields = ["titel", "omschrijving", "bron", "volgorde"]


class DoelForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Doel
        fields = ["omschrijving", "volgorde"]


class ActiepuntForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    """Create or edit an item (an edit carries its version, see kvo.versies)."""

    class Meta:
        model = Actiepunt
        fields = [
            "titel", "omschrijving", "doel", "bron", "organisatie", "verantwoordelijke",
            "uitvoerder", "extern_email", "prioriteit", "deadline",
        ]
        widgets = {"deadline": DateInput(), "omschrijving": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        organisaties = Organisatie.objects.filter(partnerschappen__traject=traject)
        self.fields["organisatie"].queryset = organisaties
        self.fields["uitvoerder"].queryset = organisaties
        self.fields["verantwoordelijke"].queryset = User.objects.filter(
            lidmaatschappen__traject=traject, is_active=True
        ).order_by("naam", "email")
        self.fields["doel"].queryset = Doel.objects.filter(
            knelpunt__traject=traject
        ).select_related("knelpunt")
        self.fields["doel"].label_from_instance = lambda d: f"{d.knelpunt} → {d}"

    def clean_extern_email(self):
        return self.cleaned_data["extern_email"].strip().lower()

    def clean(self):
        data = super().clean()
        persoon = data.get("verantwoordelijke")
        organisatie = data.get("organisatie")
        if persoon and organisatie and not persoon.lidmaatschappen.filter(
            traject=self.instance.traject, organisatie=organisatie
        ).exists():
            self.add_error("verantwoordelijke", _(
                "Deze persoon hoort in dit traject niet bij %(organisatie)s."
            ) % {"organisatie": organisatie})
        return data


class StatusForm(VersieFormMixin, forms.Form):
    """A status change of `versie_van` (an Actiepunt), made from the version shown."""

    status = forms.ChoiceField(label=gettext_lazy("Nieuwe status"))
    toelichting = forms.CharField(
        label=gettext_lazy("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in keuzes]

    def huidige_waarden(self, huidig):
        return {"status": huidig.status}


class BulkStatusForm(forms.Form):
    """Chosen rows each carry `versie-<pk>` (kvo.versies.versies_uit)."""

    status = forms.ChoiceField(
        label=gettext_lazy("Nieuwe status"), choices=Status.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    actiepunten = forms.ModelMultipleChoiceField(
        queryset=Actiepunt.objects.none(), label=gettext_lazy("Actiepunten"),
        error_messages={"required": gettext_lazy("Kies ten minste één actiepunt.")},
    )

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actiepunten"].queryset = traject.actiepunten.all()

    def versies(self):
        return versies_uit(self.data, [a.pk for a in self.cleaned_data["actiepunten"]])


class OpmerkingForm(forms.Form):
    tekst = forms.CharField(
        label=gettext_lazy("Opmerking"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Schrijf een opmerking.")},
    )


class ExternGereedForm(forms.Form):
    toelichting = forms.CharField(
        label=gettext_lazy("Wat is er gedaan?"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Beschrijf kort wat er is gedaan.")},
    )


class HerinneringInstellingForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = HerinneringInstelling
        fields = ["deadlines", "te_laat", "escalatie", "overzicht", "overleggen", "schouwen"]


MAX_FOTOS_PER_KEER = 10


class BewijsfotoForm(forms.Form):
    fotos = PhotosField(
        label=gettext_lazy("Foto's als bewijs"), max_files=MAX_FOTOS_PER_KEER,
        # Scaled down in the browser before upload (static/js/fotos-verkleinen.js); the server
        # checks and re-encodes them all the same (kvo.photos).
        widget=MultipleFileInput(attrs={
            "accept": "image/*", "data-schaal-foto": "2000",
            "data-bezig": gettext_lazy("Foto's verkleinen…"),
        }),
        error_messages={"required": gettext_lazy("Kies ten minste één foto.")},
    )


class VanBevindingenForm(CrispyMixin, forms.Form):
    submit_label = gettext_lazy("Actiepunten maken")

    bevindingen = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Bevindingen"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Kies ten minste één bevinding.")},
    )
    samenvoegen = forms.BooleanField(
        label=gettext_lazy("Maak één actiepunt voor alle gekozen bevindingen samen"),
        required=False,
    )
    titel = forms.CharField(
        label=gettext_lazy("Titel (bij één gezamenlijk actiepunt)"), max_length=200,
        required=False,
    )
    doel = forms.ModelChoiceField(label=gettext_lazy("Doel"), queryset=None, required=False)
    deadline = forms.DateField(label=gettext_lazy("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args, traject, bevindingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bevindingen"].queryset = bevindingen
        self.fields["bevindingen"].label_from_instance = (
            lambda b: f"{b.schouw.titel} · {b.categorie} · {b.omschrijving[:80]}"
            + (f" ({b.adres})" if b.adres else "")
        )
        self.fields["doel"].queryset = Doel.objects.filter(
            knelpunt__traject=traject
        ).select_related("knelpunt")
        self.fields["doel"].label_from_instance = lambda d: f"{d.knelpunt} → {d}"

    def clean(self):
        data = super().clean()
        if data.get("samenvoegen") and not data.get("titel"):
            self.add_error("titel", _("Geef het gezamenlijke actiepunt een titel."))
        return data
