from django import forms
from django.utils.translation import gettext_lazy as _

from kvo.forms import CrispyMixin, DateInput
from kvo.versies import VersieFormMixin
from trajects.models import Document, Organisatie

from .models import Audit, AuditOpmerking


class AuditForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Audit
        fields = ["soort", "datum", "vorm", "certificerende_instelling"]
        widgets = {"datum": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificerende_instelling"].queryset = Organisatie.objects.filter(
            soort=Organisatie.Soort.CERTIFICEERDER
        )


class AuditorForm(CrispyMixin, forms.Form):
    submit_label = _("Auditor uitnodigen")
    email = forms.EmailField(label=_("E-mailadres van de auditor"))
    naam = forms.CharField(label=_("Naam"), max_length=150, required=False)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class UitkomstForm(VersieFormMixin, CrispyMixin, forms.ModelForm):
    submit_label = _("Uitkomst vastleggen")

    class Meta:
        model = Audit
        fields = ["uitkomst", "uitkomst_toelichting", "herstel_deadline", "rapport"]
        widgets = {
            "herstel_deadline": DateInput(),
            "uitkomst_toelichting": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uitkomst"].required = True
        self.fields["uitkomst"].choices = Audit.Uitkomst.choices
        self.fields["rapport"].queryset = Document.objects.filter(
            traject=self.instance.traject, soort=Document.Soort.AUDITRAPPORT
        )
        self.fields["rapport"].help_text = _(
            "Upload het auditrapport eerst bij Documenten (soort: Auditrapport)."
        )


class OpmerkingForm(CrispyMixin, forms.ModelForm):
    submit_label = _("Opmerking toevoegen")

    class Meta:
        model = AuditOpmerking
        fields = ["tekst", "ernstig"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}


class CertificaatForm(CrispyMixin, forms.Form):
    submit_label = _("Certificaat vastleggen")
    nummer = forms.CharField(label=_("Certificaatnummer"), max_length=50)
    uitgegeven = forms.DateField(label=_("Datum van uitgifte"), widget=DateInput())
    certificerende_instelling = forms.ModelChoiceField(
        Organisatie.objects.filter(soort=Organisatie.Soort.CERTIFICEERDER),
        label=_("Certificerende instelling"),
    )
    audit = forms.ModelChoiceField(Audit.objects.none(), label=_("Audit"), required=False)

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audit"].queryset = Audit.objects.filter(
            traject=traject,
            uitkomst__in=[Audit.Uitkomst.POSITIEF, Audit.Uitkomst.POSITIEF_NA_BIJSTELLING],
            certificaat__isnull=True,
        ).select_related("traject")

    def clean_nummer(self):
        return self.cleaned_data["nummer"].strip()


class HercertificeringForm(CrispyMixin, forms.Form):
    submit_label = _("Volgende cyclus starten")
    auditdatum = forms.DateField(
        label=_("Datum van de hercertificeringsaudit"), required=False, widget=DateInput(),
        help_text=_("Optioneel: de audit wordt dan meteen gepland bij dezelfde instelling."),
    )


class VerifieerForm(forms.Form):
    nummer = forms.CharField(label=_("Certificaatnummer"), max_length=50)

    def clean_nummer(self):
        return self.cleaned_data["nummer"].strip()


class OpmerkingActiepuntForm(CrispyMixin, forms.Form):
    submit_label = _("Actiepunt maken")
    titel = forms.CharField(label=_("Titel van het actiepunt"), max_length=200)
    organisatie = forms.ModelChoiceField(
        Organisatie.objects.none(), label=_("Verantwoordelijke organisatie"), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(
            partnerschappen__traject=traject
        )
