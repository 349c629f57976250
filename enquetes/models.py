"""The entrepreneurs' survey (ondernemersenquête) and police and fire-brigade incident figures.

Anonymity: an `Ontvanger` (recipient) records only that and when it answered. The stored answers
(`Inzending`, `Antwoord`) have no reference to the recipient and no timestamp, and their keys are
random UUIDs, so neither a foreign key nor the order of insertion links an answer to a business.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kvo.versies import VersieModel
from trajects.models import InCyclus, Traject


class Sjabloon(models.Model):
    """A question list. Shared templates (no trajectory) are kept in admin; every meting works on
    its own copy, owned by the trajectory, so editing one never changes another's results."""

    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, null=True, blank=True, related_name="sjablonen",
        verbose_name=_("traject"), help_text=_("Leeg: een gedeeld sjabloon voor alle trajecten."),
    )
    naam = models.CharField(_("naam"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("vragensjabloon")
        verbose_name_plural = _("vragensjablonen")
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    def kopieer(self, *, traject, naam):
        """A copy of this template (with its questions) owned by `traject`."""
        kopie = Sjabloon.objects.create(traject=traject, naam=naam, omschrijving=self.omschrijving)
        Vraag.objects.bulk_create([
            Vraag(
                sjabloon=kopie, volgorde=v.volgorde, code=v.code, sectie=v.sectie, tekst=v.tekst,
                toelichting=v.toelichting, soort=v.soort, opties=v.opties, verplicht=v.verplicht,
            )
            for v in self.vragen.all()
        ])
        return kopie


class Vraag(models.Model):
    class Soort(models.TextChoices):
        ENKELVOUDIG = "enkelvoudig", _("Eén antwoord kiezen")
        MEERVOUDIG = "meervoudig", _("Meerdere antwoorden mogelijk")
        SCHAAL_5 = "schaal5", _("Schaal 1 tot 5")
        SCHAAL_10 = "schaal10", _("Schaal 1 tot 10")
        JA_NEE = "janee", _("Ja of nee")
        GETAL = "getal", _("Getal")
        OPEN = "open", _("Open antwoord")

    KEUZE_SOORTEN = {Soort.ENKELVOUDIG, Soort.MEERVOUDIG}
    SCHALEN = {Soort.SCHAAL_5: 5, Soort.SCHAAL_10: 10}

    sjabloon = models.ForeignKey(Sjabloon, on_delete=models.CASCADE, related_name="vragen")
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)
    code = models.SlugField(
        _("code"), max_length=60,
        help_text=_("Vaste sleutel waarmee metingen met elkaar worden vergeleken."),
    )
    sectie = models.CharField(_("onderdeel"), max_length=200, blank=True)
    tekst = models.CharField(_("vraag"), max_length=500)
    toelichting = models.CharField(_("toelichting"), max_length=500, blank=True)
    soort = models.CharField(_("soort vraag"), max_length=20, choices=Soort.choices)
    opties = models.TextField(
        _("antwoordmogelijkheden"), blank=True,
        help_text=_("Eén antwoordmogelijkheid per regel (alleen bij keuzevragen)."),
    )
    verplicht = models.BooleanField(_("verplicht"), default=False)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["sjabloon", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sjabloon", "code"], name="vraag_code_uniek"),
        ]

    def __str__(self):
        return self.tekst

    @property
    def keuzes(self):
        """[(stored value, label)] of a choice, yes/no or scale question. Stored values do not
        depend on the respondent's language."""
        if self.soort in self.KEUZE_SOORTEN:
            return [(o, o) for o in (o.strip() for o in self.opties.splitlines()) if o]
        if self.soort == self.Soort.JA_NEE:
            return [("ja", _("Ja")), ("nee", _("Nee"))]
        if self.soort in self.SCHALEN:
            return [(str(i), str(i)) for i in range(1, self.SCHALEN[self.soort] + 1)]
        return []

    @property
    def optielijst(self):
        """The stored values of the options."""
        return [waarde for waarde, _label in self.keuzes]

    @property
    def heeft_verdeling(self):
        return self.soort not in {self.Soort.OPEN, self.Soort.GETAL}

    @staticmethod
    def maak_code(tekst, bestaande):
        basis = slugify(tekst)[:50] or "vraag"
        code, n = basis, 2
        while code in bestaande:
            code, n = f"{basis}-{n}", n + 1
        return code


class MetingQuerySet(models.QuerySet):
    def gesloten(self, vandaag=None):
        """Completed: closed with the button, or past the closing date."""
        vandaag = vandaag or timezone.localdate()
        return self.filter(Q(gesloten__isnull=False) | Q(einde__lt=vandaag))

    def voor_gereedheid(self, vandaag=None):
        """The meting the audit readiness judges, with its counts (`totaal`, `beantwoord`): the
        latest completed meting that was answered, so opening a new round does not lower it;
        while none has been completed, the latest one that has started. None if there is none.
        One query. `kies_voor_gereedheid` makes the same choice among metingen already
        fetched (`met_gereedheid`), for many trajectories at once."""
        return self.met_gereedheid(vandaag).order_by("-voltooid", "-nummer").first()

    def met_gereedheid(self, vandaag=None):
        """The metingen that have started, with what `voor_gereedheid` chooses by: `totaal` and
        `beantwoord` (recipients) and `voltooid` (1: completed and answered, else 0)."""
        vandaag = vandaag or timezone.localdate()
        return self.filter(start__lte=vandaag).annotate(
            totaal=Count("ontvangers", distinct=True),
            beantwoord=Count("ontvangers", filter=Q(ontvangers__beantwoord__isnull=False),
                             distinct=True),
        ).annotate(
            voltooid=Case(
                When(Q(gesloten__isnull=False) | Q(einde__lt=vandaag), beantwoord__gt=0,
                     then=Value(1)),
                default=Value(0),
            ),
        )

    def met_tellingen(self):
        return self.annotate(
            aantal_ontvangers=Count("ontvangers", distinct=True),
            aantal_beantwoord=Count(
                "ontvangers", filter=Q(ontvangers__beantwoord__isnull=False), distinct=True
            ),
        )


def kies_voor_gereedheid(metingen):
    """The meting `voor_gereedheid` would choose among `metingen` (of one trajectory, fetched
    with `met_gereedheid`): completed and answered first, then the highest number (unique per
    trajectory). None if there is none."""
    return max(metingen, key=lambda meting: (meting.voltooid, meting.nummer), default=None)


class Meting(InCyclus, VersieModel):
    """One measurement round (0-meting, 1-meting, …) of a trajectory's survey."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="metingen")
    sjabloon = models.OneToOneField(
        Sjabloon, on_delete=models.PROTECT, related_name="meting", verbose_name=_("vragenlijst")
    )
    nummer = models.PositiveSmallIntegerField(
        _("nummer"), help_text=_("0 voor de nulmeting, 1 voor de 1-meting, enzovoort.")
    )
    naam = models.CharField(_("naam"), max_length=200)
    start = models.DateField(_("start"))
    einde = models.DateField(_("sluitingsdatum"))
    responsdoel = models.PositiveSmallIntegerField(
        _("responsdoel (%)"), default=30, help_text=_("Beoogd percentage ontvangers dat antwoordt.")
    )
    inleiding = models.TextField(
        _("inleiding"), blank=True, help_text=_("Tekst boven de vragenlijst en in de uitnodiging.")
    )
    automatisch_herinneren = models.BooleanField(
        _("automatisch herinneren"), default=False,
        help_text=_("Drie dagen voor de sluitingsdatum krijgt wie is uitgenodigd en nog niet "
                    "antwoordde vanzelf een herinnering."),
    )
    automatisch_herinnerd = models.DateTimeField(null=True, blank=True, editable=False)
    # Closed by the coordinator's button before (or on) the closing date; none: it closes
    # after `einde`.
    gesloten = models.DateTimeField(_("gesloten op"), null=True, blank=True, editable=False)
    gesloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+", verbose_name=_("gesloten door"),
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = MetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["traject", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "nummer"], name="meting_nummer_uniek"),
            models.CheckConstraint(condition=Q(einde__gte=models.F("start")),
                                   name="meting_einde_na_start"),
            models.CheckConstraint(condition=Q(responsdoel__lte=100),
                                   name="meting_responsdoel_max_100"),
        ]

    def __str__(self):
        return f"{self.naam} ({self.traject})"

    def get_absolute_url(self):
        return reverse("enquetes:meting-detail", args=[self.traject_id, self.pk])

    @property
    def is_open(self):
        return not self.is_gesloten and self.start <= timezone.localdate() <= self.einde

    @property
    def is_gesloten(self):
        return self.gesloten is not None or timezone.localdate() > self.einde

    @property
    def vragen_vast(self):
        """Questions are fixed once the first invitation went out."""
        return self.ontvangers.filter(uitgenodigd__isnull=False).exists()

    def vorige(self):
        return (
            Meting.objects.filter(traject_id=self.traject_id, nummer__lt=self.nummer)
            .order_by("-nummer").first()
        )


class Ontvanger(models.Model):
    """A business invited to answer. Its single-use link is signed with `nonce`.

    Records only that (and when) it answered; the answers themselves are stored apart.
    """

    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="ontvangers")
    bedrijfsnaam = models.CharField(_("bedrijfsnaam"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    adres = models.CharField(_("adres"), max_length=250, blank=True)
    nonce = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    uitgenodigd = models.DateTimeField(_("uitgenodigd"), null=True, blank=True)
    beantwoord = models.DateTimeField(_("beantwoord"), null=True, blank=True)
    aangemaakt = models.DateTimeField(_("toegevoegd"), auto_now_add=True)

    class Meta:
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")
        ordering = ["bedrijfsnaam", "pk"]
        constraints = [
            models.UniqueConstraint(
                "meting", models.functions.Lower("email"), name="ontvanger_email_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.bedrijfsnaam} <{self.email}>"

    @property
    def traject(self):
        return self.meting.traject


class Concept(models.Model):
    """Answers saved halfway. Linked to the recipient only while in progress: on submit the
    answers become an anonymous `Inzending` and this row is deleted."""

    ontvanger = models.OneToOneField(Ontvanger, on_delete=models.CASCADE, related_name="concept")
    data = models.JSONField(default=dict)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("concept-antwoorden")
        verbose_name_plural = _("concept-antwoorden")

    def __str__(self):
        return str(self.ontvanger)


class Inzending(models.Model):
    """One anonymous completed questionnaire: no recipient, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="inzendingen")

    class Meta:
        verbose_name = _("ingevulde vragenlijst")
        verbose_name_plural = _("ingevulde vragenlijsten")

    def __str__(self):
        return str(_("Anonieme inzending"))

    @property
    def traject(self):
        return self.meting.traject


class Antwoord(models.Model):
    """One answer. A multiple-choice question gives one row per chosen option."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    inzending = models.ForeignKey(Inzending, on_delete=models.CASCADE, related_name="antwoorden")
    vraag = models.ForeignKey(Vraag, on_delete=models.PROTECT, related_name="antwoorden")
    keuze = models.CharField(_("gekozen antwoord"), max_length=500, blank=True)
    getal = models.IntegerField(_("getal"), null=True, blank=True)
    tekst = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        indexes = [models.Index(fields=["vraag", "keuze"])]

    def __str__(self):
        return self.keuze or (str(self.getal) if self.getal is not None else self.tekst[:50])


class Herinneringsronde(models.Model):
    meting = models.ForeignKey(Meting, on_delete=models.CASCADE, related_name="herinneringsrondes")
    nummer = models.PositiveSmallIntegerField(_("ronde"))
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("door"),
    )

    class Meta:
        verbose_name = _("herinneringsronde")
        verbose_name_plural = _("herinneringsrondes")
        ordering = ["meting", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["meting", "nummer"], name="herinneringsronde_uniek"),
        ]

    def __str__(self):
        return f"{self.meting}: herinnering {self.nummer}"


class Herinnering(models.Model):
    """One reminder to one recipient in one round; the unique row makes it exactly once."""

    ronde = models.ForeignKey(
        Herinneringsronde, on_delete=models.CASCADE, related_name="herinneringen"
    )
    ontvanger = models.ForeignKey(
        Ontvanger, on_delete=models.CASCADE, related_name="herinneringen"
    )

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(fields=["ronde", "ontvanger"], name="herinnering_uniek"),
        ]

    def __str__(self):
        return f"{self.ronde} → {self.ontvanger}"


@dataclass
class Incidentenoverzicht:
    """The incident figures of a trajectory as the page and the dossier show them."""

    jaren: list[int]
    # Per source: {"bron": label, "rijen": [{"soort", "cellen": [Incidentcijfer|None per jaar]}],
    # "totalen": [total or None per jaar]}.
    tabellen: list[dict]
    # Per source with figures: (label, [total or None per jaar]); the lines of the trend chart.
    reeksen: list[tuple[str, list[int | None]]]


class IncidentcijferQuerySet(models.QuerySet):
    def geldig(self):
        """Figures in force: not withdrawn."""
        return self.filter(ingetrokken__isnull=True)

    def overzicht(self) -> Incidentenoverzicht:
        """Figures per source, kind and year with the totals per source and year (one query)."""
        cijfers = list(self.order_by("bron", "soort", "jaar"))
        jaren = sorted({c.jaar for c in cijfers})
        tabellen: list[dict] = []
        reeksen: list[tuple[str, list[int | None]]] = []
        for bron in Incidentcijfer.Bron:
            van_bron = [c for c in cijfers if c.bron == bron]
            if not van_bron:
                continue
            per_soort: dict[str, dict[int, Incidentcijfer]] = {}
            totaal: dict[int, int] = {}
            for c in van_bron:
                per_soort.setdefault(c.soort, {})[c.jaar] = c
                totaal[c.jaar] = totaal.get(c.jaar, 0) + c.aantal
            tabellen.append({
                "bron": bron.label,
                "rijen": [
                    {"soort": soort, "cellen": [cellen.get(j) for j in jaren]}
                    for soort, cellen in sorted(per_soort.items(), key=lambda r: r[0].lower())
                ],
                "totalen": [totaal.get(j) or None for j in jaren],
            })
            reeksen.append((str(bron.label), [totaal.get(j) for j in jaren]))
        return Incidentenoverzicht(jaren=jaren, tabellen=tabellen, reeksen=reeksen)


class Incidentcijfer(models.Model):
    """Number of incidents registered by police or fire brigade in the area, per year and kind.

    Entered and corrected by the source (the police partner for police figures, the fire
    brigade for fire figures) or the coordinator. A correction changes `aantal`; a figure
    entered by mistake is withdrawn (`ingetrokken`), never deleted. Every version stays in the
    history (django-simple-history), with who and when.
    """

    class Bron(models.TextChoices):
        POLITIE = "politie", _("Politie")
        BRANDWEER = "brandweer", _("Brandweer")

    # Set before a save for django-simple-history: who made the change and why.
    _history_user: Any
    _change_reason: str

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="incidentcijfers")
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices)
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    soort = models.CharField(_("soort incident"), max_length=120)
    aantal = models.PositiveIntegerField(_("aantal"))
    ingetrokken = models.DateTimeField(_("ingetrokken"), null=True, blank=True, editable=False)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["gewijzigd"])
    objects = IncidentcijferQuerySet.as_manager()

    class Meta:
        verbose_name = _("incidentcijfer")
        verbose_name_plural = _("incidentcijfers")
        ordering = ["traject", "bron", "soort", "jaar"]
        constraints = [
            models.UniqueConstraint(
                "traject", "bron", models.functions.Lower("soort"), "jaar",
                name="incidentcijfer_uniek",
            ),
            models.CheckConstraint(condition=Q(jaar__gte=1990, jaar__lte=2100),
                                   name="incidentcijfer_jaar_geldig"),
        ]

    def __str__(self):
        return f"{self.get_bron_display()} {self.jaar}: {self.soort} ({self.aantal})"
