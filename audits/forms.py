from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kvo.forms import CrispyMixin, DateInput
from kvo.versies import VersieFormMixin
from trajects.forms import DOCUMENT_TYPES, DocumentUploadMixin
from trajects.models import Organisatie

from .models import Audit, Hercontrole


def _instellingen():
    return Organisatie.objects.filter(soort=Organisatie.Soort.CERTIFICEERDER)


class AuditorsKeuzeMixin(forms.Form):
    """The auditors proposed again (of the failed audit, or of the last certified cycle), each
    ticked; the coordinator unticks whom not to invite."""

    auditors = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Auditors opnieuw uitnodigen"),
    )

    def __init__(self, *args, voorgesteld=(), **kwargs):
        super().__init__(*args, **kwargs)
        from kvo.models import User

        if voorgesteld:
            self.fields["auditors"].queryset = User.objects.filter(
                pk__in=[u.pk for u in voorgesteld]
            ).order_by("naam", "email")
            self.fields["auditors"].initial = [u.pk for u in voorgesteld]
            self.fields["auditors"].help_text = _(
                "Voorgesteld: de auditor(s) van de vorige keer. Meer auditors nodigt u daarna "
                "uit op de pagina van de audit."
            )
        else:
            del self.fields["auditors"]


class AuditForm(CrispyMixin, AuditorsKeuzeMixin, forms.Form):
    submit_label = _("Audit plannen")
    soort = forms.ChoiceField(
        label=_("Soort audit"),
        choices=[(Audit.Soort.CERTIFICERING, Audit.Soort.CERTIFICERING.label),
                 (Audit.Soort.HERCERTIFICERING, Audit.Soort.HERCERTIFICERING.label)],
    )
    datum = forms.DateField(label=_("Auditdatum"), widget=DateInput())
    vorm = forms.ChoiceField(label=_("Vorm"), choices=Audit.Vorm.choices)
    certificerende_instelling = forms.ModelChoiceField(
        Organisatie.objects.none(), label=_("Certificerende instelling")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificerende_instelling"].queryset = _instellingen()


class AuditBewerkenForm(VersieFormMixin, AuditForm):
    """Planning changes of an audit, from the version shown (kvo.versies): pass `versie_van`."""

    submit_label = _("Opslaan")

    def __init__(self, *args, heraudit=False, **kwargs):
        super().__init__(*args, **kwargs)
        if heraudit:
            del self.fields["soort"]


class HerauditForm(CrispyMixin, AuditorsKeuzeMixin, forms.Form):
    submit_label = _("Heraudit plannen")
    datum = forms.DateField(label=_("Datum van de heraudit"), widget=DateInput())
    vorm = forms.ChoiceField(label=_("Vorm"), choices=Audit.Vorm.choices)


class AuditorForm(CrispyMixin, forms.Form):
    submit_label = _("Auditor uitnodigen")
    email = forms.EmailField(label=_("E-mailadres van de auditor"))
    naam = forms.CharField(label=_("Naam"), max_length=150, required=False)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class NamensMixin(forms.Form):
    """For the coordinator: the auditor on whose behalf this is recorded, and when it came in.
    Left out for the auditor, who records under their own name."""

    namens = forms.ChoiceField(label=_("Namens"))
    ontvangen = forms.DateField(label=_("Ontvangen op"), widget=DateInput())

    def __init__(self, *args, namens_keuzes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if namens_keuzes is None:
            del self.fields["namens"]
            del self.fields["ontvangen"]
        else:
            self.fields["namens"].choices = [(n, n) for n in namens_keuzes]
            self.fields["namens"].help_text = _(
                "U legt dit vast namens de auditor; het staat er zo bij, met de datum waarop u "
                "het ontving."
            )


class PdfUploadMixin(DocumentUploadMixin):
    document_types = {".pdf": DOCUMENT_TYPES[".pdf"]}
    toegestaan_tekst = _("alleen PDF")


class UitkomstForm(VersieFormMixin, CrispyMixin, NamensMixin, PdfUploadMixin, forms.Form):
    """The outcome, recorded once, from the version of the audit shown (`versie_van`)."""

    submit_label = _("Uitkomst vastleggen")
    uitkomst = forms.ChoiceField(label=_("Uitkomst"), choices=Audit.Uitkomst.choices,
                                 widget=forms.RadioSelect)
    uitkomst_toelichting = forms.CharField(
        label=_("Toelichting op de uitkomst"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    herstel_deadline = forms.DateField(
        label=_("Termijn voor herstel"), required=False, widget=DateInput(),
    )
    field_order = ["uitkomst", "uitkomst_toelichting", "herstel_deadline", "bestand", "namens",
                   "ontvangen", "versie"]

    def __init__(self, *args, standaard_deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["herstel_deadline"].initial = standaard_deadline
        self.fields["herstel_deadline"].help_text = _(
            "Alleen bij een negatieve uitkomst: de datum die de auditor geeft (voorstel: "
            "%(maanden)s maanden na de audit)."
        ) % {"maanden": settings.HERSTEL_STANDAARD_MAANDEN}
        self.fields["bestand"].required = False
        self.fields["bestand"].label = _("Auditrapport (PDF)")
        self.fields["bestand"].help_text = _(
            "Optioneel; het rapport kan ook later worden toegevoegd. Maximaal %(mb)s MB."
        ) % {"mb": settings.DOCUMENT_MAX_MB}


class RapportForm(CrispyMixin, NamensMixin, PdfUploadMixin, forms.Form):
    submit_label = _("Rapport uploaden")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bestand"].label = _("Auditrapport (PDF)")
        self.fields["bestand"].help_text = _("Alleen PDF; maximaal %(mb)s MB.") % {
            "mb": settings.DOCUMENT_MAX_MB}


class OpmerkingForm(CrispyMixin, NamensMixin, forms.Form):
    submit_label = _("Opmerking toevoegen")
    tekst = forms.CharField(label=_("Opmerking"), widget=forms.Textarea(attrs={"rows": 3}))
    ernstig = forms.BooleanField(
        label=_("Tekortkoming"), required=False,
        help_text=_("Aan te vinken als de auditor dit als tekortkoming noemt."),
    )


class HercontroleForm(NamensMixin, forms.Form):
    """The re-audit's verdict on one remark (rendered inline on the re-audit page)."""

    oordeel = forms.ChoiceField(
        label=_("Oordeel"), choices=Hercontrole.Oordeel.choices, widget=forms.RadioSelect
    )
    toelichting = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CertificaatForm(CrispyMixin, forms.Form):
    submit_label = _("Certificaat vastleggen")
    nummer = forms.CharField(label=_("Certificaatnummer"), max_length=50)
    uitgegeven = forms.DateField(label=_("Datum van uitgifte"), widget=DateInput())
    certificerende_instelling = forms.ModelChoiceField(
        Organisatie.objects.none(), label=_("Certificerende instelling"),
    )
    audit = forms.ModelChoiceField(Audit.objects.none(), label=_("Audit"), required=False)

    def __init__(self, *args, traject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificerende_instelling"].queryset = _instellingen()
        self.fields["audit"].queryset = Audit.objects.filter(
            traject=traject,
            uitkomst__in=[Audit.Uitkomst.POSITIEF, Audit.Uitkomst.POSITIEF_NA_BIJSTELLING],
            certificaat__isnull=True,
        ).select_related("traject")

    def clean_nummer(self):
        return self.cleaned_data["nummer"].strip()


class HercertificeringForm(CrispyMixin, AuditorsKeuzeMixin, forms.Form):
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
