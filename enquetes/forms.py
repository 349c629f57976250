from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kvo.forms import CrispyMixin, DateInput
from kvo.versies import VersieFormMixin

from .models import Incidentcijfer, Meting, Ontvanger, Sjabloon, Vraag


class MetingForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Meting
        fields = ["naam", "start", "einde", "responsdoel", "inleiding", "automatisch_herinneren"]
        widgets = {
            "start": DateInput(),
            "einde": DateInput(),
            "inleiding": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        start, einde = data.get("start"), data.get("einde")
        if start and einde and einde < start:
            self.add_error("einde", _("De sluitingsdatum kan niet voor de start liggen."))
        return data


class MetingNieuwForm(MetingForm):
    basis = forms.ModelChoiceField(
        Sjabloon.objects.none(), label=gettext_lazy("Vragen overnemen van"),
        help_text=gettext_lazy("Een standaardsjabloon, of de vragen van een eerdere meting "
                               "(dan zijn de uitkomsten het best te vergelijken)."),
    )

    class Meta(MetingForm.Meta):
        fields = ["basis", *MetingForm.Meta.fields]

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].queryset = Sjabloon.objects.filter(
            Q(traject__isnull=True) | Q(traject=traject, meting__isnull=False)
        ).order_by("traject", "-aangemaakt")
        vorige = (
            Sjabloon.objects.filter(traject=traject, meting__isnull=False)
            .order_by("-meting__nummer").first()
        )
        standaard = Sjabloon.objects.filter(traject__isnull=True).order_by("pk").first()
        if not self.is_bound:
            self.initial.setdefault("basis", vorige or standaard)


class VraagForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Vraag
        fields = ["sectie", "tekst", "toelichting", "soort", "opties", "verplicht", "volgorde"]
        widgets = {"opties": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        soort, opties = data.get("soort"), data.get("opties", "")
        regels = [o.strip() for o in opties.splitlines() if o.strip()]
        if soort in Vraag.KEUZE_SOORTEN:
            if len(regels) < 2:
                self.add_error(
                    "opties", _("Geef minstens twee antwoordmogelijkheden, één per regel.")
                )
            elif len({r.lower() for r in regels}) != len(regels):
                self.add_error(
                    "opties", _("Elke antwoordmogelijkheid mag maar één keer voorkomen.")
                )
            data["opties"] = "\n".join(regels)
        else:
            data["opties"] = ""
        return data


class CsvForm(CrispyMixin, forms.Form):
    submit_label = gettext_lazy("Importeren")
    bestand = forms.FileField(
        label=gettext_lazy("CSV-bestand"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )


class IncidentcijferForm(CrispyMixin, forms.ModelForm):
    """Enter or correct a figure of one of `bronnen` (the sources this user may enter)."""

    class Meta:
        model = Incidentcijfer
        fields = ["bron", "jaar", "soort", "aantal"]

    def __init__(self, *args, bronnen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bron"].choices = [(b.value, b.label) for b in bronnen]
        self.fields["soort"].help_text = _(
            "Een bestaand cijfer (zelfde bron, jaar en soort) wordt gecorrigeerd; de eerdere "
            "waarde blijft in de historie."
        )

    def clean_jaar(self):
        jaar = self.cleaned_data["jaar"]
        if not 1990 <= jaar <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Kies een jaar van 1990 tot en met %(max)s.") % {"max": timezone.localdate().year}
            )
        return jaar

    def validate_unique(self):
        # The service replaces an existing figure for the same source, year and kind.
        pass


class AntwoordForm(forms.Form):
    """The questionnaire. Fields are named `v<pk>`; `concept=True` makes every field optional
    (saving halfway)."""

    def __init__(self, *args, vragen, concept=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.vragen = vragen
        for vraag in vragen:
            self.fields[self.veldnaam(vraag)] = self._veld(vraag, verplicht=vraag.verplicht
                                                            and not concept)

    @staticmethod
    def veldnaam(vraag):
        return f"v{vraag.pk}"

    def _veld(self, vraag, *, verplicht):
        opties = [(waarde, str(label)) for waarde, label in vraag.keuzes]
        kwargs = {"label": vraag.tekst, "required": verplicht, "help_text": vraag.toelichting}
        soort = vraag.soort
        if soort == Vraag.Soort.MEERVOUDIG:
            return forms.MultipleChoiceField(
                choices=opties, widget=forms.CheckboxSelectMultiple, **kwargs
            )
        if soort in {Vraag.Soort.ENKELVOUDIG, Vraag.Soort.JA_NEE} or soort in Vraag.SCHALEN:
            return forms.ChoiceField(choices=opties, widget=forms.RadioSelect, **kwargs)
        if soort == Vraag.Soort.GETAL:
            return forms.IntegerField(min_value=0, max_value=1_000_000, **kwargs)
        return forms.CharField(
            max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), **kwargs
        )

    def antwoorden(self):
        """Cleaned answers keyed by question pk."""
        return {v.pk: self.cleaned_data.get(self.veldnaam(v)) for v in self.vragen}

    def geldige_concept_data(self):
        """The answers that are valid, to save as a draft even when others are not."""
        data = {}
        for vraag in self.vragen:
            naam = self.veldnaam(vraag)
            if naam in self.errors or naam not in self.cleaned_data:
                continue
            waarde = self.cleaned_data[naam]
            if waarde not in (None, "", []):
                data[naam] = waarde
        return data

    def velden_per_sectie(self):
        """[(section title, [item, …]), …] in question order, ready for an accessible template:
        each item has the question, its bound field, whether it is a group of choices (rendered
        as fieldset and legend) and the ids its help text and error message get."""
        secties = []
        for vraag in self.vragen:
            naam = self.veldnaam(vraag)
            anker = f"vraag-{vraag.pk}"
            fout = naam in self.errors
            beschreven = " ".join(
                i for i, nodig in ((f"{anker}-hulp", bool(vraag.toelichting)),
                                   (f"{anker}-fout", fout)) if nodig
            )
            veld = self.fields[naam]
            groep = isinstance(veld.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            attrs = veld.widget.attrs
            attrs["class"] = "form-check-input" if groep else "form-control form-control-lg"
            if fout:
                attrs["aria-invalid"] = "true"
            if beschreven and not groep:
                attrs["aria-describedby"] = beschreven
            if not secties or secties[-1][0] != vraag.sectie:
                secties.append((vraag.sectie, []))
            secties[-1][1].append({
                "vraag": vraag, "veld": self[naam], "groep": groep, "anker": anker,
                "beschreven": beschreven, "schaal": vraag.soort in Vraag.SCHALEN,
            })
        return secties


class OntvangerForm(CrispyMixin, forms.ModelForm):
    """One recipient added by hand."""

    submit_label = gettext_lazy("Ontvanger toevoegen")

    class Meta:
        model = Ontvanger
        fields = ["bedrijfsnaam", "email", "adres"]
