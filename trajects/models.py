import datetime
import hashlib
import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kvo.kaart import OngeldigeGeoJSON, geojson_lijnen
from kvo.models import AppendOnlyModel
from kvo.versies import VersieModel

from . import fasetabel
from .fasetabel import Fase, Gebeurtenis


class Organisatie(VersieModel):
    class Soort(models.TextChoices):
        ONDERNEMERS = "ondernemers", _("Ondernemersvereniging / BIZ")
        MKB = "mkb", _("MKB-vereniging")
        GEMEENTE = "gemeente", _("Gemeente")
        POLITIE = "politie", _("Politie")
        BRANDWEER = "brandweer", _("Brandweer")
        PROCESBEGELEIDER = "procesbegeleider", _("Procesbegeleider / adviseur")
        CERTIFICEERDER = "certificeerder", _("Certificerende instelling")
        VASTGOED = "vastgoed", _("Vastgoed / VvE")
        BEVEILIGING = "beveiliging", _("Beveiliging")
        OMGEVINGSDIENST = "omgevingsdienst", _("Omgevingsdienst")
        OVERIG = "overig", _("Overig")

    naam = models.CharField(_("naam"), max_length=200, unique=True)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    contactpersoon = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    adres = models.CharField(_("adres"), max_length=250, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Until the organisation has people of its own, whoever added it may still correct it.
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False, verbose_name=_("toegevoegd door"),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("trajects:organisatie-detail", args=[self.pk])


class Gebied(models.Model):
    class Soort(models.TextChoices):
        WINKELGEBIED = "winkelgebied", _("Winkelgebied (KVO-W)")
        BEDRIJVENTERREIN = "bedrijventerrein", _("Bedrijventerrein (KVO-B)")
        BUITENGEBIED = "buitengebied", _("Buitengebied")

    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    gemeente = models.CharField(_("gemeente"), max_length=120)
    straten = models.TextField(_("straten"), blank=True, help_text=_("Eén straat per regel."))
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    # Drawn on the server-made maps (kvo/kaart.py: the schouw report); WGS84 GeoJSON.
    grens = models.JSONField(
        _("grens (GeoJSON)"), null=True, blank=True,
        help_text=_("De omtrek van het gebied: een Polygon of MultiPolygon in WGS84 "
                    "(lengtegraad, breedtegraad), ook als Feature of FeatureCollection."),
    )
    stratenkaart = models.JSONField(
        _("straten op de kaart (GeoJSON)"), null=True, blank=True,
        help_text=_("Optioneel: de straten als LineStrings in WGS84, bijvoorbeeld een "
                    "export uit OpenStreetMap of de BGT."),
    )

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        ordering = ["gemeente", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "naam"], name="gebied_uniek_per_gemeente"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="gebied_latitude_geldig",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="gebied_longitude_geldig",
            ),
        ]

    def __str__(self):
        return f"{self.naam} ({self.gemeente})"

    def clean(self):
        super().clean()
        fouten = {}
        for veld in ("grens", "stratenkaart"):
            try:
                geojson_lijnen(getattr(self, veld))
            except OngeldigeGeoJSON as fout:
                fouten[veld] = ValidationError(
                    _("Geen bruikbare GeoJSON: %(fout)s.") % {"fout": fout}, code="geojson"
                )
        if fouten:
            raise ValidationError(fouten)

    @property
    def grenslijnen(self):
        return geojson_lijnen(self.grens)

    @property
    def stratenlijnen(self):
        return geojson_lijnen(self.stratenkaart)

    @property
    def stratenlijst(self):
        return [s.strip() for s in self.straten.splitlines() if s.strip()]


class TrajectQuerySet(models.QuerySet):
    def voor_gebruiker(self, user):
        """Trajectories `user` is an active member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(lidmaatschappen__user=user)
            & (
                Q(lidmaatschappen__geldig_tot__isnull=True)
                | Q(lidmaatschappen__geldig_tot__gte=timezone.localdate())
            )
        ).distinct()

    def onder_toezicht_van(self, user):
        """Trajectories in the areas that `user` oversees for an organisation (Toezicht)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(gebied__in=Gebied.objects.filter(
            toezichten__organisatie__toezichthouders__in=Toezichthouder.objects.actief()
            .filter(user=user)
        ))


class Traject(VersieModel):
    class Schemaversie(models.TextChoices):
        KVO_2008 = "2008", "KVO:2008"
        KVO_3_1 = "3.1", "KVO 3.1"
        KVO_4_0 = "4.0", "KVO 4.0"

    Fase = Fase

    naam = models.CharField(_("naam"), max_length=200)
    gebied = models.ForeignKey(
        Gebied, on_delete=models.PROTECT, related_name="trajecten", verbose_name=_("gebied")
    )
    schemaversie = models.CharField(
        _("schemaversie"), max_length=5, choices=Schemaversie.choices, default=Schemaversie.KVO_4_0
    )
    fase = models.CharField(
        _("fase"), max_length=20, choices=Fase.choices, default=Fase.SAMENWERKING, editable=False
    )
    startdatum = models.DateField(_("startdatum"))
    procesbegeleider = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="begeleide_trajecten",
        verbose_name=_("organisatie van de procesbegeleider"),
    )
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = TrajectQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    def save(self, *args, **kwargs):
        # A trajectory always has a current cycle: the first starts with the trajectory.
        nieuw = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if nieuw:
                Cyclus.objects.create(
                    traject=self, nummer=1,
                    gestart=timezone.make_aware(
                        datetime.datetime.combine(self.startdatum, datetime.time())
                    ),
                )

    def get_absolute_url(self):
        return reverse("trajects:detail", args=[self.pk])

    @property
    def traject(self):
        # Lets permission predicates treat a Traject like any object that belongs to one.
        return self

    def huidige_cyclus(self):
        return self.cycli.order_by("-nummer").first()

    def handmatige_fases(self):
        """The phases a coordinator may choose by hand from the current phase."""
        return fasetabel.handmatig_vanuit(self.Fase(self.fase))

    def naar_fase(self, nieuwe_fase, *, door, toelichting):
        """A manual phase change along the table; the reason is required and recorded."""
        if not toelichting.strip():
            raise ValidationError(
                {"toelichting": _("Geef een reden voor de fasewijziging.")}, code="reden"
            )
        if nieuwe_fase not in self.handmatige_fases():
            raise ValidationError(
                _("Van fase %(van)s kan het traject niet met de hand naar %(naar)s.")
                % {"van": self.get_fase_display(), "naar": self.Fase(nieuwe_fase).label},
                code="ongeldige_overgang",
            )
        return self._wissel(nieuwe_fase, door=door, toelichting=toelichting,
                            gebeurtenis=Gebeurtenis.HANDMATIG)

    def gebeurtenis(self, gebeurtenis, *, door, toelichting=""):
        """Let an event move the phase as the table says; an event that does not apply to the
        current phase changes nothing. Returns the recorded FaseWijziging or None."""
        with transaction.atomic():
            huidig = (
                Traject.objects.select_for_update().filter(pk=self.pk)
                .values_list("fase", flat=True).get()
            )
            self.fase = huidig
            naar = fasetabel.na_gebeurtenis(self.Fase(huidig), Gebeurtenis(gebeurtenis))
            if naar is None:
                return None
            return self._wissel(naar, door=door, toelichting=toelichting,
                                gebeurtenis=gebeurtenis)

    def _wissel(self, nieuwe_fase, *, door, toelichting, gebeurtenis):
        with transaction.atomic():
            vorige = self.fase
            updated = Traject.objects.filter(pk=self.pk, fase=vorige).update(
                fase=nieuwe_fase, gewijzigd=timezone.now()
            )
            if updated != 1:
                raise ValidationError(
                    _("De fase is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."),
                    code="stale",
                )
            self.fase = nieuwe_fase
            return FaseWijziging.objects.create(
                traject=self, van=vorige, naar=nieuwe_fase, door=door, toelichting=toelichting,
                gebeurtenis=gebeurtenis,
            )


class Cyclus(AppendOnlyModel):
    """One certificate period of a trajectory. The first starts with the trajectory; starting
    re-certification opens the next. Schouwen, metingen, knelpunten, audits and certificates
    belong to the cycle that was current when they were made."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="cycli")
    nummer = models.PositiveSmallIntegerField(_("cyclus"))
    gestart = models.DateTimeField(_("gestart"), default=timezone.now)
    gestart_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("gestart door"),
    )
    overgenomen = models.TextField(_("overgenomen uit de vorige cyclus"), blank=True)

    class Meta:
        verbose_name = _("cyclus")
        verbose_name_plural = _("cycli")
        ordering = ["traject", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "nummer"], name="traject_cyclus_uniek"),
            models.CheckConstraint(
                condition=Q(nummer__gte=1), name="traject_cyclus_nummer_vanaf_1"
            ),
        ]

    def __str__(self):
        return _("Cyclus %(nummer)s") % {"nummer": self.nummer}


class InCyclus(models.Model):
    """For rows of a trajectory that belong to one of its cycles (shown and filtered in the
    lists). A new row joins the trajectory's current cycle."""

    # RESTRICT, not PROTECT: a cycle with rows cannot be deleted on its own, but deleting the
    # trajectory takes its cycles and their rows together.
    cyclus = models.ForeignKey(
        Cyclus, on_delete=models.RESTRICT, related_name="+", verbose_name=_("cyclus"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.cyclus_id is None and self.traject_id is not None:
            self.cyclus_id = (
                Cyclus.objects.filter(traject_id=self.traject_id).order_by("-nummer")
                .values_list("pk", flat=True).first()
            )
        super().save(*args, **kwargs)


class FaseWijziging(AppendOnlyModel):
    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, related_name="fasewijzigingen"
    )
    van = models.CharField(_("van"), max_length=20, choices=Traject.Fase.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=Traject.Fase.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, verbose_name=_("door")
    )
    gebeurtenis = models.CharField(
        _("aanleiding"), max_length=20, choices=Gebeurtenis.choices, default=Gebeurtenis.HANDMATIG
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("fasewijziging")
        verbose_name_plural = _("fasewijzigingen")
        ordering = ["tijdstip", "pk"]

    def __str__(self):
        return f"{self.traject}: {self.get_van_display()} → {self.get_naar_display()}"


class Partner(VersieModel):
    """An organisation taking part in a trajectory, with its role there."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="partners")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="partnerschappen",
        verbose_name=_("organisatie"),
    )
    rol = models.CharField(
        _("rol in het traject"), max_length=200, blank=True,
        help_text=_("Bijvoorbeeld: kartrekker, adviseert over brandveiligheid."),
    )
    sinds = models.DateField(_("deelnemer sinds"), default=timezone.localdate)
    # The contact for this trajectory; the organisation's own details (Organisatie) are shared
    # by all its trajectories and changed only by its own people and staff.
    contactpersoon = models.CharField(_("contactpersoon in dit traject"), max_length=150,
                                      blank=True)
    email = models.EmailField(_("e-mailadres in dit traject"), blank=True)
    telefoon = models.CharField(_("telefoon in dit traject"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["organisatie__naam"]
        constraints = [
            models.UniqueConstraint(fields=["traject", "organisatie"], name="partner_uniek"),
        ]

    def __str__(self):
        return f"{self.organisatie} ({self.traject})"


class Rol(models.TextChoices):
    COORDINATOR = "coordinator", _("Coördinator")
    PARTNER = "partner", _("Partner")
    AUDITOR = "auditor", _("Auditor")
    LEZER = "lezer", _("Lezer")


class Werkgroeprol(models.TextChoices):
    VOORZITTER = "voorzitter", _("Voorzitter")
    SECRETARIS = "secretaris", _("Secretaris")
    KARTREKKER = "kartrekker", _("Kartrekker")
    PROCESBEGELEIDER = "procesbegeleider", _("Procesbegeleider")
    LID = "lid", _("Lid")
    GEEN = "", _("Geen (geen werkgroeplid)")


class LidmaatschapQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=timezone.localdate())
        )


class Lidmaatschap(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lidmaatschappen",
        verbose_name=_("gebruiker"),
    )
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="lidmaatschappen")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="lidmaatschappen",
        verbose_name=_("organisatie"),
    )
    rol = models.CharField(_("rol in de app"), max_length=20, choices=Rol.choices)
    werkgroeprol = models.CharField(
        _("rol in de werkgroep"), max_length=20, choices=Werkgroeprol.choices, blank=True
    )
    geldig_tot = models.DateField(
        _("toegang tot en met"), null=True, blank=True,
        help_text=_("Leeg: zolang het lidmaatschap bestaat."),
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = LidmaatschapQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["organisatie__naam", "user__naam"]
        constraints = [
            models.UniqueConstraint(fields=["user", "traject"], name="lidmaatschap_uniek"),
        ]

    def __str__(self):
        return f"{self.user} – {self.traject} ({self.get_rol_display()})"

    @property
    def is_actief(self):
        return self.geldig_tot is None or self.geldig_tot >= timezone.localdate()



class LidmaatschapWijziging(AppendOnlyModel):
    """One change of someone's membership or access window: who, when, why, from what to what.

    Written by the services in trajects.services only; nothing else changes a membership.
    """

    class Aanleiding(models.TextChoices):
        TRAJECT_GESTART = "traject_gestart", _("Traject gestart")
        UITNODIGING = "uitnodiging", _("Uitnodiging geaccepteerd")
        WERKGROEP = "werkgroep", _("Gewijzigd op de werkgroeppagina")
        BEEINDIGD = "beeindigd", _("Toegang beëindigd")
        AUDITOR_UITGENODIGD = "auditor_uitgenodigd", _("Uitgenodigd als auditor van een audit")
        AUDITOR_VERWIJDERD = "auditor_verwijderd", _("Verwijderd als auditor van een audit")
        BEHEER = "beheer", _("Gewijzigd in het beheer")

    lidmaatschap = models.ForeignKey(
        Lidmaatschap, on_delete=models.CASCADE, related_name="wijzigingen"
    )
    aanleiding = models.CharField(_("aanleiding"), max_length=30, choices=Aanleiding.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("door"),
    )
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)
    van_rol = models.CharField(_("rol was"), max_length=20, choices=Rol.choices, blank=True)
    naar_rol = models.CharField(_("rol wordt"), max_length=20, choices=Rol.choices)
    van_geldig_tot = models.DateField(_("toegang was tot en met"), null=True, blank=True)
    naar_geldig_tot = models.DateField(_("toegang wordt tot en met"), null=True, blank=True)
    nieuw = models.BooleanField(_("nieuw lidmaatschap"), default=False)
    omschrijving = models.TextField(_("wat is er gewijzigd"), blank=True)

    class Meta:
        verbose_name = _("wijziging van een lidmaatschap")
        verbose_name_plural = _("wijzigingen van lidmaatschappen")
        ordering = ["-tijdstip", "-pk"]

    def __str__(self):
        return f"{self.lidmaatschap}: {self.get_aanleiding_display()}"

    @property
    def traject(self):
        return self.lidmaatschap.traject


class UitnodigingQuerySet(models.QuerySet):
    def open(self):
        """Not accepted, not revoked and not expired: the link still works."""
        grens = timezone.now() - datetime.timedelta(days=settings.INVITE_MAX_AGE_DAYS)
        return self.filter(
            geaccepteerd__isnull=True, ingetrokken__isnull=True, aangemaakt__gt=grens
        )


class Uitnodiging(models.Model):
    """An invitation by email to join a trajectory; the link is signed, single-use and expires."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="uitnodigingen")
    email = models.EmailField(_("e-mailadres"))
    naam = models.CharField(_("naam"), max_length=150, blank=True)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, verbose_name=_("organisatie")
    )
    rol = models.CharField(_("rol in de app"), max_length=20, choices=Rol.choices)
    werkgroeprol = models.CharField(
        _("rol in de werkgroep"), max_length=20, choices=Werkgroeprol.choices, blank=True
    )
    nonce = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    uitgenodigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    bericht = models.OneToOneField(
        "kvo.Bericht", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("mail"),
    )
    geaccepteerd = models.DateTimeField(_("geaccepteerd"), null=True, blank=True)
    ingetrokken = models.DateTimeField(_("ingetrokken"), null=True, blank=True)

    objects = UitnodigingQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-aangemaakt"]
        constraints = [
            models.UniqueConstraint(
                "traject", models.functions.Lower("email"),
                condition=Q(geaccepteerd__isnull=True, ingetrokken__isnull=True),
                name="uitnodiging_open_uniek",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.traject}"

    @property
    def is_open(self):
        return self.geaccepteerd is None and self.ingetrokken is None

    @property
    def verloopt(self):
        return self.aangemaakt + datetime.timedelta(days=settings.INVITE_MAX_AGE_DAYS)

    @property
    def is_verlopen(self):
        return timezone.now() >= self.verloopt


def document_pad(instance, filename):
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documenten/{instance.document.traject_id}/{uuid.uuid4().hex}{suffix}"


class Document(VersieModel):
    class Soort(models.TextChoices):
        INTENTIEVERKLARING = "intentieverklaring", _("Intentieverklaring")
        VEILIGHEIDSANALYSE = "veiligheidsanalyse", _("Veiligheidsanalyse")
        PLAN_VAN_AANPAK = "plan_van_aanpak", _("Plan van aanpak")
        CONVENANT = "convenant", _("Convenant")
        NOTULEN = "notulen", _("Notulen")
        JAARVERSLAG = "jaarverslag", _("Jaarverslag")
        POLITIECIJFERS = "politiecijfers", _("Politiecijfers")
        BRANDWEERCIJFERS = "brandweercijfers", _("Brandweercijfers")
        AUDITRAPPORT = "auditrapport", _("Auditrapport")
        OVERIG = "overig", _("Overig")

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    titel = models.CharField(_("titel"), max_length=200)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True,
        verbose_name=_("organisatie"), help_text=_("De organisatie die het document beheert."),
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["soort", "titel"]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("trajects:document-detail", args=[self.traject_id, self.pk])


class DocumentVersie(AppendOnlyModel):
    """One uploaded file of a document. A new upload adds a version; the old ones stay."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versies")
    nummer = models.PositiveIntegerField(_("versie"))
    bestand = models.FileField(_("bestand"), upload_to=document_pad, max_length=255)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("bestandstype"), max_length=100)
    grootte = models.PositiveBigIntegerField(_("grootte"))
    sha256 = models.CharField(max_length=64)
    toelichting = models.CharField(_("toelichting"), max_length=255, blank=True)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("geüpload door")
    )
    geupload = models.DateTimeField(_("geüpload"), default=timezone.now)

    class Meta:
        verbose_name = _("documentversie")
        verbose_name_plural = _("documentversies")
        ordering = ["document", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["document", "nummer"], name="documentversie_uniek"),
        ]

    def __str__(self):
        return f"{self.document} v{self.nummer}"

    @property
    def traject(self):
        return self.document.traject

    @property
    def traject_id(self):
        # Permission checks need only the id; this saves loading the Traject.
        return self.document.traject_id

    @staticmethod
    def hash_of(uploaded):
        digest = hashlib.sha256()
        for chunk in uploaded.chunks():
            digest.update(chunk)
        uploaded.seek(0)
        return digest.hexdigest()


class Overleg(VersieModel):
    """A werkgroep meeting."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="overleggen")
    datum = models.DateTimeField(_("datum en tijd"))
    locatie = models.CharField(_("locatie"), max_length=200, blank=True)
    onderwerp = models.CharField(_("onderwerp"), max_length=200, blank=True)
    notulen = models.TextField(_("notulen"), blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("werkgroepoverleg")
        verbose_name_plural = _("werkgroepoverleggen")
        ordering = ["-datum"]

    def __str__(self):
        return f"{self.traject} – {timezone.localtime(self.datum):%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("trajects:overleg-detail", args=[self.traject_id, self.pk])

    @property
    def is_gehouden(self):
        return self.datum <= timezone.now()


class Aanwezigheid(models.Model):
    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="aanwezigheden")
    lidmaatschap = models.ForeignKey(
        Lidmaatschap, on_delete=models.CASCADE, related_name="aanwezigheden"
    )
    aanwezig = models.BooleanField(_("aanwezig"), default=False)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheden")
        constraints = [
            models.UniqueConstraint(fields=["overleg", "lidmaatschap"], name="aanwezigheid_uniek"),
        ]

    def __str__(self):
        return f"{self.lidmaatschap.user} @ {self.overleg}"

    @property
    def traject(self):
        return self.overleg.traject

    @property
    def traject_id(self):
        return self.overleg.traject_id


class MeldingQuerySet(models.QuerySet):
    def voor(self, user):
        return self.filter(ontvanger=user)

    def ongelezen(self):
        return self.filter(gelezen__isnull=True)

    def gelezen_markeren(self):
        """Mark these as read now (those already read keep their moment)."""
        return self.ongelezen().update(gelezen=timezone.now())


class Melding(models.Model):
    """One in-app notification of an event to one person (trajects/meldingen.py).

    `soort` names a kind registered by the app that raises it, which turns `gegevens` into
    the text at display time (in the reader's language); `url` is where it leads, `doel` the
    object it is about. `sleutel` names the event: one person gets one notification per
    event, however often the event's code runs (the certificate sweep, a retried task)."""

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingen",
        verbose_name=_("ontvanger"),
    )
    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, related_name="meldingen", verbose_name=_("traject")
    )
    soort = models.CharField(_("soort"), max_length=60)
    gegevens = models.JSONField(_("gegevens"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    doel_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("soort object"),
    )
    doel_id = models.PositiveBigIntegerField(_("object"), null=True, blank=True)
    doel = GenericForeignKey("doel_type", "doel_id")
    sleutel = models.CharField(_("gebeurtenis"), max_length=100, blank=True)
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    gelezen = models.DateTimeField(_("gelezen"), null=True, blank=True)

    objects = MeldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-aangemaakt", "-pk"]
        indexes = [
            models.Index(fields=["ontvanger", "gelezen"], name="melding_ongelezen_idx"),
            models.Index(fields=["ontvanger", "-aangemaakt"], name="melding_lijst_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ontvanger", "sleutel"], condition=~Q(sleutel=""),
                name="melding_eenmaal_per_gebeurtenis",
            ),
        ]

    def __str__(self):
        return f"{self.ontvanger}: {self.tekst}"

    @property
    def tekst(self):
        from .meldingen import tekst_van

        return tekst_van(self)

    @property
    def is_gelezen(self):
        return self.gelezen is not None


class Toezicht(models.Model):
    """An organisation that oversees areas (an MKB association, a regional platform, a
    municipality): its toezichthouders read every trajectory in those areas and change
    nothing. Managed by staff in the admin."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="toezichten",
        verbose_name=_("organisatie"),
    )
    gebied = models.ForeignKey(
        Gebied, on_delete=models.CASCADE, related_name="toezichten", verbose_name=_("gebied"),
    )
    sinds = models.DateField(_("sinds"), default=timezone.localdate)

    class Meta:
        verbose_name = _("toezicht op een gebied")
        verbose_name_plural = _("toezicht op gebieden")
        ordering = ["organisatie__naam", "gebied__gemeente", "gebied__naam"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "gebied"], name="toezicht_uniek"),
        ]

    def __str__(self):
        return f"{self.organisatie} → {self.gebied}"


class ToezichthouderQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=timezone.localdate())
        )


class Toezichthouder(models.Model):
    """Someone who looks at the regional overview for an organisation with oversight: reads
    the trajectories of its areas (as a lezer would) until `geldig_tot`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="toezichthouderschap",
        verbose_name=_("gebruiker"),
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="toezichthouders",
        verbose_name=_("organisatie"),
    )
    geldig_tot = models.DateField(
        _("toegang tot en met"), null=True, blank=True,
        help_text=_("Leeg: zolang het toezicht bestaat."),
    )

    objects = ToezichthouderQuerySet.as_manager()

    class Meta:
        verbose_name = _("toezichthouder")
        verbose_name_plural = _("toezichthouders")
        ordering = ["organisatie__naam", "user__naam"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisatie"], name="toezichthouder_uniek"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisatie}"
