import math
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, FloatField, Prefetch, Q, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kvo.models import Opdracht
from kvo.versies import VersieModel
from trajects.models import Gebied, InCyclus, Lidmaatschap, Organisatie, Traject

# Checklists -------------------------------------------------------------------------------------


class Checklistsjabloon(models.Model):
    """A checklist for one kind of area, edited in admin: themes, each with items."""

    naam = models.CharField(_("naam"), max_length=200)
    gebiedsoort = models.CharField(
        _("soort gebied"), max_length=20, choices=Gebied.Soort.choices
    )
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("checklistsjabloon")
        verbose_name_plural = _("checklistsjablonen")
        ordering = ["gebiedsoort", "naam"]

    def __str__(self):
        return self.naam


class Checklistthema(models.Model):
    sjabloon = models.ForeignKey(
        Checklistsjabloon, on_delete=models.CASCADE, related_name="themas"
    )
    naam = models.CharField(_("naam"), max_length=100, help_text=_("Bijvoorbeeld: schoon, heel."))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("checklistthema")
        verbose_name_plural = _("checklistthema's")
        ordering = ["sjabloon", "volgorde", "naam"]

    def __str__(self):
        return self.naam


class Checklistitem(models.Model):
    thema = models.ForeignKey(Checklistthema, on_delete=models.CASCADE, related_name="items")
    tekst = models.CharField(_("tekst"), max_length=250)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    categorie = models.ForeignKey(
        "Categorie", on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("categorie van een bevinding"),
        help_text=_("De categorie die een bevinding krijgt als dit punt niet in orde is."),
    )

    class Meta:
        verbose_name = _("checklistpunt")
        verbose_name_plural = _("checklistpunten")
        ordering = ["thema", "volgorde", "pk"]

    def __str__(self):
        return self.tekst


# Reference data ---------------------------------------------------------------------------------


class Categorie(models.Model):
    """Kind of finding, with the kind of partner usually responsible (reference data)."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    thema = models.CharField(
        _("thema"), max_length=100, blank=True,
        help_text=_("Groepering in het schouwrapport, bijvoorbeeld: schoon, heel, veilig."),
    )
    verantwoordelijke_soort = models.CharField(
        _("meestal verantwoordelijk"), max_length=20, choices=Organisatie.Soort.choices,
        blank=True,
    )
    toelichting = models.CharField(_("toelichting"), max_length=250, blank=True)
    actief = models.BooleanField(_("actief"), default=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


# Schouwen -------------------------------------------------------------------------------------


class SchouwQuerySet(models.QuerySet):
    def met_tellingen(self):
        return self.annotate(
            # A join does not go through Bevinding.objects: leave out what it leaves out.
            aantal_bevindingen=Count("bevindingen", distinct=True, filter=~Q(
                bevindingen__na_sluiting__in=[NaSluiting.WACHT, NaSluiting.AFGEWEZEN])),
            aantal_aanwezig=Count(
                "deelnemers", filter=Q(deelnemers__aanwezig=True), distinct=True
            ),
        )

    def afgerond(self):
        return self.filter(status=Schouw.Status.AFGEROND)


class Schouw(InCyclus, VersieModel):
    class Dagdeel(models.TextChoices):
        DAG = "dag", _("Overdag")
        AVOND = "avond", _("Avond")

    class Soort(models.TextChoices):
        NULMETING = "nulmeting", _("Nulmeting")
        PERIODIEK = "periodiek", _("Periodieke schouw")
        HERHALING = "herhaling", _("Herhalingsmeting")

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Gepland")
        BEZIG = "bezig", _("Bezig")
        AFGEROND = "afgerond", _("Afgerond")
        GEANNULEERD = "geannuleerd", _("Geannuleerd")

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="schouwen")
    titel = models.CharField(_("titel"), max_length=200)
    begin = models.DateTimeField(_("begin"))
    einde = models.DateTimeField(_("einde"))
    dagdeel = models.CharField(_("dagdeel"), max_length=10, choices=Dagdeel.choices)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    route = models.TextField(_("route of straten"), blank=True)
    verzamelpunt = models.CharField(_("verzamelpunt"), max_length=200, blank=True)
    checklist = models.ForeignKey(
        Checklistsjabloon, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("checklist"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND,
        editable=False,
    )
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True, editable=False)
    # iCalendar: a stable UID and a sequence number that goes up with every change sent out.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    volgnummer = models.PositiveIntegerField(default=0, editable=False)
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = SchouwQuerySet.as_manager()

    class Meta:
        verbose_name = _("schouw")
        verbose_name_plural = _("schouwen")
        ordering = ["-begin"]
        constraints = [
            models.CheckConstraint(condition=Q(einde__gt=models.F("begin")),
                                   name="schouw_einde_na_begin"),
            models.CheckConstraint(
                condition=Q(status="afgerond", afgerond_op__isnull=False)
                | (~Q(status="afgerond") & Q(afgerond_op__isnull=True)),
                name="schouw_afgerond_op_bij_afgerond",
            ),
        ]

    def __str__(self):
        return f"{self.titel} ({timezone.localtime(self.begin):%d-%m-%Y})"

    def get_absolute_url(self):
        return reverse("schouwen:detail", args=[self.traject_id, self.pk])

    @property
    def is_open(self):
        """Findings can be added while planned or walking."""
        return self.status in (self.Status.GEPLAND, self.Status.BEZIG)

    def starten(self):
        """Mark the walk as started (idempotent)."""
        if self.status == self.Status.GEPLAND:
            updated = Schouw.objects.filter(pk=self.pk, status=self.Status.GEPLAND).update(
                status=self.Status.BEZIG
            )
            if updated:
                self.status = self.Status.BEZIG


class Schouwdeelnemer(models.Model):
    """A member invited to a schouw; `aanwezig` records who walked."""

    schouw = models.ForeignKey(Schouw, on_delete=models.CASCADE, related_name="deelnemers")
    lidmaatschap = models.ForeignKey(
        Lidmaatschap, on_delete=models.CASCADE, related_name="schouwdeelnames",
        verbose_name=_("lid"),
    )
    aanwezig = models.BooleanField(_("aanwezig"), default=False)
    afgemeld = models.BooleanField(
        _("afgemeld"), default=False, help_text=_("Niet meer uitgenodigd; krijgt een afmelding.")
    )
    # The schouw's volgnummer of the last calendar message sent to this member (None: none yet).
    bericht_volgnummer = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("schouwdeelnemer")
        verbose_name_plural = _("schouwdeelnemers")
        ordering = ["lidmaatschap__organisatie__naam", "lidmaatschap__user__naam"]
        constraints = [
            models.UniqueConstraint(fields=["schouw", "lidmaatschap"],
                                    name="schouwdeelnemer_uniek"),
        ]

    def __str__(self):
        return f"{self.lidmaatschap.user} @ {self.schouw}"

    @property
    def traject(self):
        return self.schouw.traject


class ChecklistAntwoord(models.Model):
    schouw = models.ForeignKey(Schouw, on_delete=models.CASCADE, related_name="antwoorden")
    item = models.ForeignKey(Checklistitem, on_delete=models.PROTECT, related_name="antwoorden")
    in_orde = models.BooleanField(_("in orde"))
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("checklistantwoord")
        verbose_name_plural = _("checklistantwoorden")
        constraints = [
            models.UniqueConstraint(fields=["schouw", "item"], name="checklistantwoord_uniek"),
        ]

    def __str__(self):
        return f"{self.item}: {'in orde' if self.in_orde else 'niet in orde'}"


# Findings -------------------------------------------------------------------------------------


class Ernst(models.TextChoices):
    GROEN = "groen", _("Groen: in orde / klein")
    GEEL = "geel", _("Geel: aandacht")
    ORANJE = "oranje", _("Oranje: ernstig")
    ROOD = "rood", _("Rood: direct actie")


# Mean earth radius (IUGG), for distances between map points.
AARDSTRAAL_M = 6_371_008.8

# Severity colours of the printed report and its map (white text on them passes WCAG AA).
ERNST_KLEUREN: dict[str, str] = {
    Ernst.GROEN: "#146c2e", Ernst.GEEL: "#8a6d00", Ernst.ORANJE: "#b23c0a", Ernst.ROOD: "#a4161a",
}


class BevindingQuerySet(models.QuerySet):
    def van_traject(self, traject):
        return self.filter(schouw__traject=traject)

    def voor_lijst(self):
        """What the triage list and the map show, in a fixed number of queries."""
        return self.select_related("categorie", "organisatie", "schouw").prefetch_related(
            Prefetch("fotos", queryset=Foto.objects.order_by("pk"))
        )

    def open(self):
        return self.exclude(status__in=[Bevinding.Status.DUBBEL, Bevinding.Status.OPGELOST,
                                        Bevinding.Status.GEEN_ACTIE])

    def te_trieren(self):
        """Not yet handled: no action item, not solved, no duplicate, not dismissed."""
        return self.filter(status__in=Bevinding.TE_TRIEREN)

    def in_de_buurt(self, *, latitude: float, longitude: float, meters: float | None = None):
        """Findings with a map point within `meters` (default BEVINDING_DUBBEL_METERS) of the
        point, nearest first, each annotated with `afstand` in metres.

        A bounding box on latitude and longitude narrows the rows first; the exact distance is
        the haversine formula in SQL (sine, cosine, arcsine: PostgreSQL has them, Django
        registers them on SQLite), so the result stays a QuerySet on either database."""
        if meters is None:
            meters = settings.BEVINDING_DUBBEL_METERS
        dlat = math.degrees(meters / AARDSTRAAL_M)
        # Longitude degrees shrink towards the poles; never divide by (almost) zero.
        dlon = math.degrees(meters / (AARDSTRAAL_M * max(math.cos(math.radians(latitude)), 1e-6)))
        lat1 = Value(math.radians(latitude), output_field=FloatField())
        lat2 = Radians(F("latitude"))
        dphi = Radians(F("latitude") - Value(latitude, output_field=FloatField()))
        dlambda = Radians(F("longitude") - Value(longitude, output_field=FloatField()))
        a = Power(Sin(dphi / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin(dlambda / 2), 2)
        return (
            self.filter(
                latitude__gte=latitude - dlat, latitude__lte=latitude + dlat,
                longitude__gte=longitude - dlon, longitude__lte=longitude + dlon,
            )
            .annotate(afstand=2 * AARDSTRAAL_M * ASin(Sqrt(a)))
            .filter(afstand__lte=meters)
            .order_by("afstand", "pk")
        )

    def dubbelkandidaten(self, *, categorie, latitude: float, longitude: float,
                         meters: float | None = None):
        """Open findings of `categorie` within `meters` of the point (default
        BEVINDING_DUBBEL_METERS), nearest first: what a new finding there may duplicate.
        Scope it first: `Bevinding.objects.van_traject(traject).dubbelkandidaten(...)`."""
        return self.open().filter(categorie=categorie).in_de_buurt(
            latitude=latitude, longitude=longitude, meters=meters)

    def per_categorie(self) -> list[tuple[str, int]]:
        """(category, number of findings) with the most first; duplicates left out. One
        query: the chart of findings per category on the schouw, its report and the list."""
        return [
            (naam, aantal) for naam, aantal in
            self.exclude(status=Bevinding.Status.DUBBEL).values_list("categorie__naam")
            .annotate(aantal=Count("pk")).order_by("-aantal", "categorie__naam")
        ]


class ZonderNaSluiting(models.Manager):
    """The findings of the walks: without the captures that arrived after their schouw was
    closed and wait for, or were refused by, the coordinator (`Bevinding.na_sluiting`). So no
    list, count, chart, report, map, export or triage sees them until they are accepted.
    `Bevinding.alle` has every row."""

    def get_queryset(self):
        return super().get_queryset().exclude(
            na_sluiting__in=[NaSluiting.WACHT, NaSluiting.AFGEWEZEN])


class NaSluiting(models.TextChoices):
    """A capture that reached the server after its schouw was completed or cancelled (sent
    from a phone's queue): kept for the coordinator, who accepts or refuses it."""

    WACHT = "wacht", _("Na sluiting ontvangen")
    AANVAARD = "aanvaard", _("Na sluiting aanvaard")
    AFGEWEZEN = "afgewezen", _("Na sluiting afgewezen")


class Bevinding(VersieModel):
    class Status(models.TextChoices):
        NIEUW = "nieuw", _("Nieuw")
        TOEGEWEZEN = "toegewezen", _("Toegewezen")
        ACTIEPUNT = "actiepunt", _("Actiepunt gemaakt")
        OPGELOST = "opgelost", _("Opgelost")
        DUBBEL = "dubbel", _("Dubbel")
        GEEN_ACTIE = "geen_actie", _("Geen actie nodig")

    # What triage still has to decide about; the other statuses are handled.
    TE_TRIEREN = (Status.NIEUW, Status.TOEGEWEZEN)

    schouw = models.ForeignKey(Schouw, on_delete=models.CASCADE, related_name="bevindingen")
    categorie = models.ForeignKey(
        Categorie, on_delete=models.PROTECT, related_name="bevindingen",
        verbose_name=_("categorie"),
    )
    omschrijving = models.TextField(_("omschrijving"))
    ernst = models.CharField(_("ernst"), max_length=10, choices=Ernst.choices, default=Ernst.GEEL)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True,
        related_name="schouwbevindingen", verbose_name=_("verantwoordelijke organisatie"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NIEUW, editable=False
    )
    dubbel_van = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="dubbelen",
        verbose_name=_("dubbel van"),
    )
    melding = models.CharField(
        _("meldingsnummer openbare ruimte"), max_length=50, blank=True,
        help_text=_("Het nummer van een melding bij de gemeente (MOR), als die er is."),
    )
    straat = models.CharField(_("straat"), max_length=150, blank=True)
    huisnummer = models.CharField(_("huisnummer"), max_length=20, blank=True)
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    checklistitem = models.ForeignKey(
        Checklistitem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("checklistpunt"),
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    aangemaakt = models.DateTimeField(_("vastgelegd"), default=timezone.now)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)
    # Made by the capture page (or the phone's queue) before the first send: a capture sent
    # again, because its answer was lost or the queue retried, finds the finding already saved
    # instead of making a second one. Empty for findings made otherwise (demo, admin).
    client_id = models.UUIDField(_("id van de vastlegging"), null=True, blank=True,
                                 editable=False)
    # Empty for a finding captured while its schouw was open; see NaSluiting.
    na_sluiting = models.CharField(_("na sluiting"), max_length=10, choices=NaSluiting.choices,
                                   blank=True, default="", editable=False)
    beslist_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", editable=False, verbose_name=_("beslist door"),
    )
    beslist_op = models.DateTimeField(_("beslist op"), null=True, blank=True, editable=False)

    objects = ZonderNaSluiting.from_queryset(BevindingQuerySet)()
    alle = BevindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
        ordering = ["schouw", "aangemaakt", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180,
                    longitude__lte=180),
                name="bevinding_positie_geldig",
            ),
            models.CheckConstraint(
                condition=~Q(status="dubbel") | Q(dubbel_van__isnull=False),
                name="bevinding_dubbel_heeft_origineel",
            ),
            models.CheckConstraint(
                condition=Q(dubbel_van__isnull=True) | ~Q(dubbel_van=models.F("pk")),
                name="bevinding_niet_dubbel_van_zichzelf",
            ),
            models.UniqueConstraint(fields=["schouw", "client_id"],
                                    name="bevinding_client_id_uniek"),
            models.CheckConstraint(
                condition=Q(na_sluiting__in=["", "wacht"], beslist_op__isnull=True,
                            beslist_door__isnull=True)
                | Q(na_sluiting__in=["aanvaard", "afgewezen"], beslist_op__isnull=False,
                    beslist_door__isnull=False),
                name="bevinding_na_sluiting_beslist",
            ),
        ]
        indexes = [models.Index(fields=["schouw", "status"])]

    def __str__(self):
        return f"{self.categorie}: {self.omschrijving[:60]}"

    def get_absolute_url(self):
        return reverse(
            "schouwen:bevinding-detail", args=[self.schouw.traject_id, self.schouw_id, self.pk]
        )

    @property
    def traject(self):
        return self.schouw.traject

    @property
    def traject_id(self):
        return self.schouw.traject_id

    @property
    def heeft_positie(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def adres(self):
        return " ".join(p for p in [self.straat, self.huisnummer] if p)

    def toewijzen(self, organisatie):
        """Give the finding to `organisatie`; a new finding becomes toegewezen."""
        self.organisatie = organisatie
        if self.status == self.Status.NIEUW and organisatie is not None:
            self.status = self.Status.TOEGEWEZEN
        self.save(update_fields=["organisatie", "status", "gewijzigd"])

    def markeer_als_dubbel(self, origineel):
        if origineel.pk == self.pk or origineel.schouw.traject_id != self.traject_id:
            raise ValidationError(_("Een bevinding kan alleen dubbel zijn van een andere "
                                    "bevinding in hetzelfde traject."), code="ongeldig_dubbel")
        self.dubbel_van = origineel
        self.status = self.Status.DUBBEL
        self.save(update_fields=["dubbel_van", "status", "gewijzigd"])

    def markeer_als_actiepunt(self):
        """Called by the actiepunten app when this finding became (part of) an action point."""
        self.status = self.Status.ACTIEPUNT
        self.dubbel_van = None
        self.save(update_fields=["status", "dubbel_van", "gewijzigd"])

    @property
    def wacht_op_besluit(self):
        return self.na_sluiting == NaSluiting.WACHT

    def na_sluiting_beslissen(self, *, aanvaard: bool, door):
        """The coordinator's decision on a capture that arrived after the schouw was closed:
        accepted it becomes a finding of the schouw like any other; refused it is kept, out of
        sight, with who decided and when. Only once: a second decision is refused."""
        besluit = NaSluiting.AANVAARD if aanvaard else NaSluiting.AFGEWEZEN
        nu = timezone.now()
        if not Bevinding.alle.filter(pk=self.pk, na_sluiting=NaSluiting.WACHT).update(
            na_sluiting=besluit, beslist_door=door, beslist_op=nu, versie=F("versie") + 1,
            gewijzigd=nu,
        ):
            raise ValidationError(_("Over deze bevinding is al beslist."), code="al_beslist")
        self.refresh_from_db()

    def markeer_als_opgelost(self):
        self.status = self.Status.OPGELOST
        self.save(update_fields=["status", "gewijzigd"])

    def markeer_geen_actie(self):
        """Dismissed in triage: seen, and nothing needs doing."""
        self.status = self.Status.GEEN_ACTIE
        self.save(update_fields=["status", "gewijzigd"])


def foto_pad(instance, filename):
    return f"schouwen/{instance.bevinding.schouw_id}/{uuid.uuid4().hex}{filename}"


class Foto(models.Model):
    """A photo of a finding, re-encoded without metadata (kvo.images), in three sizes."""

    bevinding = models.ForeignKey(Bevinding, on_delete=models.CASCADE, related_name="fotos")
    bestand = models.FileField(_("foto"), upload_to=foto_pad, max_length=255)
    scherm = models.FileField(_("schermformaat"), upload_to=foto_pad, max_length=255)
    miniatuur = models.FileField(_("miniatuur"), upload_to=foto_pad, max_length=255)
    breedte = models.PositiveIntegerField(_("breedte"))
    hoogte = models.PositiveIntegerField(_("hoogte"))
    bestandsnaam = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255)
    latitude = models.FloatField(_("breedtegraad (EXIF)"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad (EXIF)"), null=True, blank=True)
    genomen = models.DateTimeField(_("genomen"), null=True, blank=True)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("geüpload door"),
    )
    geupload = models.DateTimeField(_("geüpload"), default=timezone.now)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["bevinding", "pk"]

    def __str__(self):
        return self.bestandsnaam

    @property
    def traject(self):
        return self.bevinding.schouw.traject

    @property
    def traject_id(self):
        return self.bevinding.schouw.traject_id


def rapport_pad(instance, filename):
    return f"schouwrapporten/{instance.schouw_id}/{filename}"


class Schouwrapport(Opdracht):
    """A generated PDF of a schouw report: a job requested in a view, made by the worker
    (kvo/opdrachten.py)."""

    TAAK = "schouwen.tasks.schouwrapport_maken"
    TIJDSLIMIET = settings.CELERY_TASK_TIME_LIMIT + 60

    schouw = models.ForeignKey(Schouw, on_delete=models.CASCADE, related_name="rapporten")
    bestand = models.FileField(_("bestand"), upload_to=rapport_pad, max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    klaar = models.DateTimeField(_("klaar"), null=True, blank=True)

    class Meta:
        verbose_name = _("schouwrapport")
        verbose_name_plural = _("schouwrapporten")
        ordering = ["-aangevraagd", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="klaar") | (Q(klaar__isnull=False) & ~Q(bestand="")),
                name="schouwrapport_klaar_heeft_bestand",
            ),
        ]

    def __str__(self):
        return f"{self.schouw} – {timezone.localtime(self.aangevraagd):%d-%m-%Y %H:%M}"

    @property
    def traject(self):
        return self.schouw.traject

    @property
    def traject_id(self):
        return self.schouw.traject_id
