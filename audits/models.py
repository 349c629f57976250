"""Scheme requirements, audits, certificates and the audit dossier."""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kvo.models import AppendOnlyModel, Opdracht
from kvo.versies import VersieModel
from trajects.models import Document, Gebied, InCyclus, Organisatie, Traject


def add_years(day, years):
    """`day` moved `years` years on; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day, months):
    """`day` moved `months` months on (back when negative), kept within the target month."""
    maand = day.month - 1 + months
    jaar, maand = day.year + maand // 12, maand % 12 + 1
    for dag in (day.day, 30, 29, 28):
        try:
            return day.replace(year=jaar, month=maand, day=dag)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class SchemaVersie(models.Model):
    """What differs per version of the KVO scheme, kept as data (editable in admin)."""

    code = models.CharField(
        _("code"), max_length=5, unique=True, choices=Traject.Schemaversie.choices
    )
    geldigheid_jaren = models.PositiveSmallIntegerField(
        _("geldigheid certificaat (jaren)"), default=3
    )
    label_eerste = models.CharField(
        _("label eerste certificaat"), max_length=100, default="Basis Samenwerken"
    )
    label_vervolg = models.CharField(
        _("label vervolgcertificaat"), max_length=100, default="Continu Samenwerken"
    )
    max_sterren = models.PositiveSmallIntegerField(
        _("maximaal aantal sterren (winkelgebied)"), default=5
    )
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("schemaversie")
        verbose_name_plural = _("schemaversies")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldigheid_jaren__gte=1, geldigheid_jaren__lte=10),
                name="schemaversie_geldigheid_redelijk",
            ),
        ]

    def __str__(self):
        return self.get_code_display()

    def geldig_tot(self, uitgegeven):
        """The last day a certificate issued on `uitgegeven` under this version is valid."""
        return add_years(uitgegeven, self.geldigheid_jaren) - datetime.timedelta(days=1)


class EisQuerySet(models.QuerySet):
    def voor(self, traject):
        """The requirements that apply to `traject`: its scheme version and its area kind."""
        return self.filter(
            Q(gebiedsoort="") | Q(gebiedsoort=traject.gebied.soort),
            schemaversie__code=traject.schemaversie,
            actief=True,
        ).order_by("volgorde", "pk")


class Eis(models.Model):
    """One requirement of a scheme version; `code` names how the app computes it."""

    schemaversie = models.ForeignKey(
        SchemaVersie, on_delete=models.CASCADE, related_name="eisen",
        verbose_name=_("schemaversie"),
    )
    gebiedsoort = models.CharField(
        _("soort gebied"), max_length=20, choices=Gebied.Soort.choices, blank=True,
        help_text=_("Leeg: geldt voor elke soort gebied."),
    )
    code = models.CharField(
        _("berekening"), max_length=50,
        help_text=_("De code van de berekening in de app (zie audits/eisen.py)."),
    )
    naam = models.CharField(_("eis"), max_length=200)
    bewijs = models.TextField(_("wat telt als bewijs"), blank=True)
    drempel = models.PositiveSmallIntegerField(
        _("drempel"), null=True, blank=True,
        help_text=_("Voor eisen met een aantal, zoals 'minstens N maatregelen uitgevoerd'."),
    )
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    objects = EisQuerySet.as_manager()

    class Meta:
        verbose_name = _("eis")
        verbose_name_plural = _("eisen")
        ordering = ["schemaversie", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["schemaversie", "gebiedsoort", "code"], name="eis_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.schemaversie}: {self.naam}"


class AuditQuerySet(models.QuerySet):
    def gepland(self):
        return self.filter(uitkomst="")

    def dossier_te_versturen(self, vandaag=None):
        """Audits without outcome whose date falls within the dossier lead time."""
        vandaag = vandaag or timezone.localdate()
        return self.gepland().filter(
            datum__gte=vandaag,
            datum__lte=vandaag + datetime.timedelta(days=settings.DOSSIER_DAGEN_VOOR_AUDIT),
        )


def traject_samenvatting(trajecten):
    """Annotate a Traject queryset with the planned audit's date (`volgende_audit`, the
    dashboard's "Beoogde audit") and the repair deadline of the latest negative audit
    (`herstel_tot`). Installed in trajects.samenvatting by AuditsConfig.ready()."""
    gepland = (
        Audit.objects.filter(traject=OuterRef("pk"), uitkomst="")
        .order_by("datum", "pk").values("datum")[:1]
    )
    herstel = (
        Audit.objects.filter(traject=OuterRef("pk"), uitkomst=Audit.Uitkomst.NEGATIEF)
        .order_by("-datum", "-pk").values("herstel_deadline")[:1]
    )
    return trajecten.annotate(volgende_audit=Subquery(gepland), herstel_tot=Subquery(herstel))


class Audit(InCyclus, VersieModel):
    class Soort(models.TextChoices):
        CERTIFICERING = "certificering", _("Certificering")
        HERCERTIFICERING = "hercertificering", _("Hercertificering")
        HERAUDIT = "heraudit", _("Heraudit")

    class Vorm(models.TextChoices):
        OP_LOCATIE = "op_locatie", _("Op locatie")
        OP_AFSTAND = "op_afstand", _("Op afstand")

    class Uitkomst(models.TextChoices):
        POSITIEF = "positief", _("Positief")
        POSITIEF_NA_BIJSTELLING = "bijstelling", _("Positief met verbeterpunten")
        NEGATIEF = "negatief", _("Negatief")

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="audits")
    soort = models.CharField(_("soort audit"), max_length=20, choices=Soort.choices)
    vorige_audit = models.OneToOneField(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="heraudit",
        verbose_name=_("heraudit van"),
        help_text=_("De negatieve audit waarvan deze heraudit de opmerkingen controleert."),
    )
    datum = models.DateField(_("auditdatum"))
    vorm = models.CharField(
        _("vorm"), max_length=20, choices=Vorm.choices, default=Vorm.OP_LOCATIE
    )
    certificerende_instelling = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="audits",
        verbose_name=_("certificerende instelling"),
        limit_choices_to={"soort": Organisatie.Soort.CERTIFICEERDER},
    )
    auditors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="AuditAuditor", related_name="audits",
        verbose_name=_("auditors"), blank=True,
    )
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)
    uitkomst_toelichting = models.TextField(_("toelichting op de uitkomst"), blank=True)
    uitkomst_vastgesteld = models.DateTimeField(_("uitkomst vastgelegd"), null=True, blank=True)
    uitkomst_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("uitkomst vastgelegd door"),
    )
    uitkomst_namens = models.CharField(
        _("namens"), max_length=200, blank=True,
        help_text=_("Vastgelegd door de coördinator namens deze auditor."),
    )
    uitkomst_ontvangen = models.DateField(_("ontvangen op"), null=True, blank=True)
    herstel_deadline = models.DateField(
        _("termijn voor herstel"), null=True, blank=True,
        help_text=_("Na een negatieve audit: uiterlijk wanneer de tekortkomingen zijn opgelost."),
    )
    rapport = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("auditrapport"),
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-datum", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(uitkomst="") | Q(uitkomst_vastgesteld__isnull=False),
                name="audit_uitkomst_met_tijdstip",
            ),
            models.CheckConstraint(
                condition=Q(uitkomst_namens="") | Q(uitkomst_ontvangen__isnull=False),
                name="audit_namens_met_ontvangstdatum",
            ),
            models.CheckConstraint(
                condition=Q(uitkomst__in=["", "negatief"]) | Q(herstel_deadline__isnull=True),
                name="audit_herstel_alleen_na_negatief",
            ),
            models.CheckConstraint(
                condition=(Q(soort="heraudit") & Q(vorige_audit__isnull=False))
                | (~Q(soort="heraudit") & Q(vorige_audit__isnull=True)),
                name="audit_heraudit_van_een_audit",
            ),
        ]

    def __str__(self):
        return _("%(soort)s %(traject)s op %(datum)s") % {
            "soort": self.get_soort_display(), "traject": self.traject,
            "datum": self.datum.strftime("%d-%m-%Y"),
        }

    def get_absolute_url(self):
        return reverse("audits:audit-detail", args=[self.traject_id, self.pk])

    @property
    def is_positief(self):
        return self.uitkomst in {self.Uitkomst.POSITIEF, self.Uitkomst.POSITIEF_NA_BIJSTELLING}

    @property
    def is_negatief(self):
        return self.uitkomst == self.Uitkomst.NEGATIEF

    @property
    def toegang_tot(self):
        """The last day invited auditors can read the trajectory."""
        return self.datum + datetime.timedelta(days=settings.AUDIT_TOEGANG_DAGEN_NA_AUDIT)

    @property
    def dossier_verzenddatum(self):
        return self.datum - datetime.timedelta(days=settings.DOSSIER_DAGEN_VOOR_AUDIT)

    def uitkomst_mogelijk_vanaf(self):
        """An outcome can only be recorded on or after the audit date."""
        return self.datum

    def standaard_herstel_deadline(self):
        return add_months(self.datum, settings.HERSTEL_STANDAARD_MAANDEN)

    def keten(self):
        """The chain this audit is part of: from the first audit through its re-audits, in
        order. One query: the audits of this cycle, linked in Python."""
        audits = {
            a.pk: a for a in Audit.objects.filter(traject_id=self.traject_id,
                                                  cyclus_id=self.cyclus_id)
            .select_related("certificaat")
        }
        audits.setdefault(self.pk, self)
        begin = audits[self.pk]
        while begin.vorige_audit_id in audits:
            begin = audits[begin.vorige_audit_id]
        volgende = {a.vorige_audit_id: a for a in audits.values() if a.vorige_audit_id}
        keten = [begin]
        while keten[-1].pk in volgende:
            keten.append(volgende[keten[-1].pk])
        return keten


class AuditAuditor(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="auditor_rijen")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("auditor"),
    )
    uitgenodigd = models.DateTimeField(_("uitgenodigd"), default=timezone.now)

    class Meta:
        verbose_name = _("auditor van een audit")
        verbose_name_plural = _("auditors van audits")
        constraints = [
            models.UniqueConstraint(fields=["audit", "user"], name="auditauditor_uniek"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.audit}"

    @property
    def traject(self):
        return self.audit.traject


class AuditOpmerking(models.Model):
    """A remark of the auditor, recorded by the auditor (or by the coordinator on the auditor's
    behalf); it can become an action item, and a re-audit checks it."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="opmerkingen")
    tekst = models.TextField(_("opmerking"))
    ernstig = models.BooleanField(
        _("tekortkoming"), default=False,
        help_text=_("Aan te vinken als de auditor dit als tekortkoming noemt."),
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    namens = models.CharField(_("namens"), max_length=200, blank=True)
    ontvangen = models.DateField(_("ontvangen op"), null=True, blank=True)
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    actiepunt = models.OneToOneField(
        "actiepunten.Actiepunt", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="auditopmerking", verbose_name=_("actiepunt"),
    )

    class Meta:
        verbose_name = _("auditopmerking")
        verbose_name_plural = _("auditopmerkingen")
        ordering = ["audit", "aangemaakt", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(namens="") | Q(ontvangen__isnull=False),
                name="auditopmerking_namens_met_ontvangstdatum",
            ),
        ]

    def __str__(self):
        return self.tekst[:80]

    @property
    def traject(self):
        return self.audit.traject


class Hercontrole(AppendOnlyModel):
    """The re-audit's verdict on one remark of the failed audit. A later row for the same
    remark and re-audit replaces the verdict; the earlier ones stay in the history."""

    class Oordeel(models.TextChoices):
        OPGELOST = "opgelost", _("Opgelost")
        NIET_OPGELOST = "niet_opgelost", _("Niet opgelost")

    heraudit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="hercontroles")
    opmerking = models.ForeignKey(
        AuditOpmerking, on_delete=models.CASCADE, related_name="hercontroles"
    )
    oordeel = models.CharField(_("oordeel"), max_length=20, choices=Oordeel.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    namens = models.CharField(_("namens"), max_length=200, blank=True)
    ontvangen = models.DateField(_("ontvangen op"), null=True, blank=True)
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("hercontrole van een opmerking")
        verbose_name_plural = _("hercontroles van opmerkingen")
        ordering = ["heraudit", "opmerking", "-tijdstip", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(namens="") | Q(ontvangen__isnull=False),
                name="hercontrole_namens_met_ontvangstdatum",
            ),
        ]

    def __str__(self):
        return f"{self.opmerking}: {self.get_oordeel_display()}"

    @property
    def traject(self):
        return self.heraudit.traject


class CertificaatQuerySet(models.QuerySet):
    def geldig(self, op=None):
        op = op or timezone.localdate()
        return self.filter(uitgegeven__lte=op, geldig_tot__gte=op)


class Certificaat(InCyclus):
    nummer = models.CharField(_("certificaatnummer"), max_length=50, unique=True)
    traject = models.ForeignKey(Traject, on_delete=models.PROTECT, related_name="certificaten")
    audit = models.OneToOneField(
        Audit, on_delete=models.PROTECT, null=True, blank=True, related_name="certificaat",
        verbose_name=_("audit"),
    )
    label = models.CharField(_("label"), max_length=100)
    sterren = models.PositiveSmallIntegerField(
        _("sterren"), null=True, blank=True, help_text=_("Alleen voor winkelgebieden (1 tot 5).")
    )
    schemaversie = models.ForeignKey(
        SchemaVersie, on_delete=models.PROTECT, related_name="certificaten",
        verbose_name=_("schemaversie"),
    )
    uitgegeven = models.DateField(_("datum van uitgifte"))
    geldig_tot = models.DateField(_("geldig tot en met"))
    certificerende_instelling = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="certificaten",
        verbose_name=_("certificerende instelling"),
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = CertificaatQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")
        ordering = ["-uitgegeven", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__gt=models.F("uitgegeven")),
                name="certificaat_geldig_na_uitgifte",
            ),
            models.CheckConstraint(
                condition=Q(sterren__isnull=True) | Q(sterren__gte=1, sterren__lte=5),
                name="certificaat_sterren_1_tot_5",
            ),
        ]

    def __str__(self):
        return f"{self.nummer} ({self.traject})"

    def get_absolute_url(self):
        return f"{reverse('audits:certificaat-verifieren')}?nummer={self.nummer}"

    @property
    def is_geldig(self):
        return self.uitgegeven <= timezone.localdate() <= self.geldig_tot

    @property
    def hercertificering_vanaf(self):
        """From this day the next cycle (re-certification) may start: the certificate is
        nearing its end (HERCERTIFICERING_MAANDEN_VOOR_EINDE months before it)."""
        return add_months(self.geldig_tot, -settings.HERCERTIFICERING_MAANDEN_VOOR_EINDE)

    def nadert_einde(self, op=None):
        """Whether the certificate is nearing its end (or past it) on `op`: re-certification
        may start. The expiry notifications hook in here."""
        return (op or timezone.localdate()) >= self.hercertificering_vanaf


class CertificaatHerinnering(models.Model):
    """One reminder of an expiring certificate; the unique row makes it go out once."""

    class Soort(models.TextChoices):
        ZES_MAANDEN = "6m", _("6 maanden voor het verlopen")
        DRIE_MAANDEN = "3m", _("3 maanden voor het verlopen")
        EEN_MAAND = "1m", _("1 maand voor het verlopen")

    MAANDEN = {Soort.ZES_MAANDEN: 6, Soort.DRIE_MAANDEN: 3, Soort.EEN_MAAND: 1}

    certificaat = models.ForeignKey(
        Certificaat, on_delete=models.CASCADE, related_name="herinneringen"
    )
    soort = models.CharField(_("soort"), max_length=2, choices=Soort.choices)
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    # The coordinators and the werkgroep's chair it was written to the outbox for (one mail
    # each).
    ontvangers = models.TextField(_("ontvangers"), blank=True)

    class Meta:
        verbose_name = _("certificaatherinnering")
        verbose_name_plural = _("certificaatherinneringen")
        ordering = ["-aangemaakt"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificaat", "soort"], name="certificaatherinnering_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.certificaat}: {self.get_soort_display()}"


def dossier_pad(instance, filename):
    return f"dossiers/{instance.audit.traject_id}/{uuid.uuid4().hex}.pdf"


class DossierVersie(AppendOnlyModel):
    """One generated audit dossier PDF. A new generation adds a version; old ones stay."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="dossierversies")
    nummer = models.PositiveIntegerField(_("versie"))
    bestand = models.FileField(_("bestand"), upload_to=dossier_pad, max_length=255)
    sha256 = models.CharField(max_length=64)
    grootte = models.PositiveBigIntegerField(_("grootte"))
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("aangevraagd door"),
    )

    class Meta:
        verbose_name = _("dossierversie")
        verbose_name_plural = _("dossierversies")
        ordering = ["audit", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "nummer"], name="dossierversie_uniek"),
        ]

    def __str__(self):
        return f"{self.audit} – dossier v{self.nummer}"

    @property
    def traject(self):
        return self.audit.traject

    @property
    def bestandsnaam(self):
        return f"auditdossier-{self.audit.traject_id}-v{self.nummer}.pdf"

    @staticmethod
    def hash_of(data):
        return hashlib.sha256(data).hexdigest()


class Dossieraanvraag(Opdracht):
    """A request to make the dossier PDF (and, if asked, mail it): a job made by the worker
    (kvo/opdrachten.py). While one is open for an audit, a second request joins it."""

    TAAK = "audits.tasks.dossier_maken"
    TIJDSLIMIET = settings.DOSSIER_SOFT_TIME_LIMIT + 120

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="dossieraanvragen")
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("aangevraagd door"),
    )
    versturen = models.BooleanField(
        _("versturen"), default=False, help_text=_("Na het maken naar alle ontvangers mailen.")
    )
    automatisch = models.BooleanField(
        _("automatisch"), default=False,
        help_text=_("De verzending voor de audit: één keer per ontvanger."),
    )
    versie = models.ForeignKey(
        DossierVersie, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("dossierversie"),
    )

    class Meta:
        verbose_name = _("dossieraanvraag")
        verbose_name_plural = _("dossieraanvragen")
        ordering = ["-aangevraagd", "-pk"]

    def __str__(self):
        return f"{self.audit} – {self.get_status_display()}"

    @property
    def traject(self):
        return self.audit.traject


class DossierVerzending(models.Model):
    """One delivery of a dossier to one recipient: the log of every send.

    The automatic send before the audit goes out once per recipient (unique row per audit and
    recipient); a manual resend adds a new row.
    """

    class Soort(models.TextChoices):
        AUTOMATISCH = "automatisch", _("Automatisch voor de audit")
        HANDMATIG = "handmatig", _("Handmatig opnieuw verstuurd")

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="verzendingen")
    versie = models.ForeignKey(
        DossierVersie, on_delete=models.PROTECT, related_name="verzendingen",
        verbose_name=_("dossierversie"),
    )
    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("ontvanger"),
    )
    email = models.EmailField(_("e-mailadres"))
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("aangevraagd door"),
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    bericht = models.OneToOneField(
        "kvo.Bericht", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("mail"),
    )

    class Meta:
        verbose_name = _("dossierverzending")
        verbose_name_plural = _("dossierverzendingen")
        ordering = ["-aangemaakt", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "ontvanger"], condition=Q(soort="automatisch"),
                name="dossierverzending_automatisch_eenmaal",
            ),
        ]

    def __str__(self):
        return f"{self.versie} → {self.email}"

    @property
    def traject(self):
        return self.audit.traject


class Opschoning(AppendOnlyModel):
    """One removal by the retention job (audits/bewaartermijn.py): what was removed, when, and
    which certificate's retention period had passed. Append-only; it names no person (the
    removed data is exactly what it must not repeat). One row per removed thing: the unique
    constraint makes the job do each removal once, also when two runs overlap."""

    class Soort(models.TextChoices):
        FOTOS_BEVINDING = "fotos_bevinding", _("Foto's van een afgehandelde bevinding")
        GEBRUIKER = "gebruiker", _("Gegevens van een oud-lid")

    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    traject = models.ForeignKey(
        Traject, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("traject"),
    )
    certificaat = models.ForeignKey(
        "Certificaat", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("na certificaat"),
    )
    aantal = models.PositiveIntegerField(_("aantal"), default=0)
    omschrijving = models.CharField(_("omschrijving"), max_length=255)
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("opschoning (bewaartermijn)")
        verbose_name_plural = _("opschoningen (bewaartermijn)")
        ordering = ["-tijdstip", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["soort", "object_id"], name="opschoning_eenmalig"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} #{self.object_id}"
