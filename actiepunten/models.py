"""The plan van aanpak: knelpunten, goals and action items (the maatregelenmatrix), reminders."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kvo.models import AppendOnlyModel
from kvo.versies import VersieModel
from schouwen.models import Bevinding, Schouw
from trajects.models import InCyclus, Lidmaatschap, Organisatie, Overleg, Rol, Traject


class Bron(models.TextChoices):
    """Where a problem or an action item comes from."""

    SCHOUW = "schouw", _("Schouw")
    ENQUETE = "enquete", _("Ondernemersenquête")
    CIJFERS = "cijfers", _("Incidentcijfers")
    OVERLEG = "overleg", _("Werkgroepoverleg")
    AUDIT = "audit", _("Auditopmerking")
    OVERIG = "overig", _("Overig")


class Knelpunt(InCyclus, VersieModel):
    """A problem named in the safety analysis."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="knelpunten")
    titel = models.CharField(_("knelpunt"), max_length=200)
    omschrijving = models.TextField(_("toelichting"), blank=True)
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices, default=Bron.SCHOUW)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        ordering = ["volgorde", "pk"]

    def __str__(self):
        return self.titel


class Doel(VersieModel):
    """A goal set for a problem; the action items work towards it."""

    knelpunt = models.ForeignKey(Knelpunt, on_delete=models.CASCADE, related_name="doelen")
    omschrijving = models.CharField(_("doel"), max_length=300)
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["volgorde", "pk"]

    def __str__(self):
        return self.omschrijving

    @property
    def traject(self):
        return self.knelpunt.traject

    @property
    def traject_id(self):
        return self.knelpunt.traject_id


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_UITVOERING = "in_uitvoering", _("In uitvoering")
    GEREED = "gereed", _("Gereed")
    GEVERIFIEERD = "geverifieerd", _("Geverifieerd")
    VERVALLEN = "vervallen", _("Vervallen")


OPEN_STATUSSEN = [Status.OPEN, Status.IN_UITVOERING]

# Bootstrap badge per status (text and colour both carry the meaning).
STATUS_BADGE = {
    Status.OPEN: "text-bg-secondary",
    Status.IN_UITVOERING: "text-bg-primary",
    Status.GEREED: "text-bg-info",
    Status.GEVERIFIEERD: "text-bg-success",
    Status.VERVALLEN: "text-bg-light border",
}


class Prioriteit(models.TextChoices):
    HOOG = "hoog", _("Hoog")
    MIDDEN = "midden", _("Midden")
    LAAG = "laag", _("Laag")


class ActiepuntQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSSEN)

    def te_laat(self, today=None):
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def voor_gebruiker(self, user):
        """Items in the trajectories `user` is an active member of."""
        return self.filter(traject__in=Traject.objects.voor_gebruiker(user).values("pk"))

    def mijn(self, user):
        """Items assigned to `user`, or to the organisation they represent in that trajectory
        (as partner or coordinator)."""
        leden = Lidmaatschap.objects.actief().filter(
            user=user, traject_id=OuterRef("traject_id"), organisatie_id=OuterRef("organisatie_id")
        )
        return self.voor_gebruiker(user).filter(Q(verantwoordelijke=user) | Exists(leden))

    def gereed_per_maand(self, van):
        """{(year, month): number of items reported done (gereed or geverifieerd) in that
        month} from the date `van`: one grouped query."""
        rijen = (
            self.filter(status__in=[Status.GEREED, Status.GEVERIFIEERD],
                        gereed_op__date__gte=van)
            .annotate(maand=TruncMonth("gereed_op")).values("maand")
            .annotate(aantal=Count("pk")).order_by()
        )
        return {(r["maand"].year, r["maand"].month): r["aantal"] for r in rijen}

    def voor_matrix(self):
        return self.select_related(
            "doel__knelpunt", "organisatie", "uitvoerder", "verantwoordelijke"
        )

    def per_knelpunt(self, traject, *, alleen_gevuld=False, knelpunt=None):
        """The maatregelenmatrix of `traject` as the page and the dossier show it: these items
        (in their order) under knelpunt → goal, every knelpunt and goal of the trajectory in
        theirs. Returns (groepen, zonder_doel): groepen is [(knelpunt, [(doel, items)])], and
        zonder_doel the items without a goal. With `alleen_gevuld` (a filtered matrix) goals and
        knelpunten without items are left out; with `knelpunt` only that one's group (the
        matrix loads a group's rows on demand)."""
        per_doel, zonder_doel = {}, []
        for actiepunt in self:
            if actiepunt.doel_id:
                per_doel.setdefault(actiepunt.doel_id, []).append(actiepunt)
            else:
                zonder_doel.append(actiepunt)
        groepen = []
        knelpunten = traject.knelpunten.select_related("cyclus").prefetch_related("doelen")
        if knelpunt is not None:
            knelpunten = knelpunten.filter(pk=knelpunt.pk)
        for knelpunt in knelpunten:
            doelen = [(doel, per_doel.get(doel.pk, [])) for doel in knelpunt.doelen.all()]
            if alleen_gevuld:
                doelen = [(doel, items) for doel, items in doelen if items]
                if not doelen:
                    continue
            groepen.append((knelpunt, doelen))
        return groepen, zonder_doel

    def tellingen_per_knelpunt(self, vandaag=None):
        """How many of these items each knelpunt has, open and overdue, in one query:
        {knelpunt id (None for items without a goal): {"aantal", "open", "te_laat"}}."""
        open_ = Q(status__in=OPEN_STATUSSEN)
        rijen = self.order_by().values("doel__knelpunt").annotate(
            aantal=Count("pk"), open=Count("pk", filter=open_),
            te_laat=Count("pk", filter=open_ & Q(deadline__lt=vandaag or timezone.localdate())),
        )
        return {
            rij["doel__knelpunt"]: {k: rij[k] for k in ("aantal", "open", "te_laat")}
            for rij in rijen
        }


class Actiepunt(VersieModel):
    """An action item (maatregel) of the plan van aanpak."""

    # Which status may follow which. Only a coordinator verifies or cancels (see rules.py).
    OVERGANGEN = {
        Status.OPEN: {Status.IN_UITVOERING, Status.GEREED, Status.VERVALLEN},
        Status.IN_UITVOERING: {Status.OPEN, Status.GEREED, Status.VERVALLEN},
        Status.GEREED: {Status.IN_UITVOERING, Status.GEVERIFIEERD},
        Status.GEVERIFIEERD: {Status.IN_UITVOERING},
        Status.VERVALLEN: {Status.OPEN},
    }
    ALLEEN_COORDINATOR = {Status.GEVERIFIEERD, Status.VERVALLEN}

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="actiepunten")
    doel = models.ForeignKey(
        Doel, on_delete=models.SET_NULL, null=True, blank=True, related_name="actiepunten",
        verbose_name=_("doel"),
    )
    titel = models.CharField(_("titel"), max_length=200)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices, default=Bron.OVERIG)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="actiepunten",
        verbose_name=_("verantwoordelijke organisatie"),
    )
    verantwoordelijke = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="actiepunten", verbose_name=_("verantwoordelijke persoon"),
    )
    uitvoerder = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("uitvoerder"),
    )
    extern_email = models.EmailField(
        _("e-mailadres ondernemer zonder account"), blank=True,
        help_text=_("Deze ondernemer krijgt een persoonlijke link naar alleen dit actiepunt."),
    )
    prioriteit = models.CharField(
        _("prioriteit"), max_length=10, choices=Prioriteit.choices, default=Prioriteit.MIDDEN
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, editable=False
    )
    gereed_op = models.DateTimeField(_("gereed gemeld op"), null=True, blank=True, editable=False)
    gereed_toelichting = models.TextField(_("toelichting bij gereedmelding"), blank=True)
    bevindingen = models.ManyToManyField(
        Bevinding, blank=True, related_name="actiepunten", verbose_name=_("schouwbevindingen")
    )
    # Rotated when the external link must stop working (reported done, address changed).
    link_nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["link_nonce", "gewijzigd"])
    objects = ActiepuntQuerySet.as_manager()

    class Meta:
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="actiepunt_status_deadline"),
            models.Index(fields=["traject", "status"], name="actiepunt_traject_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="actiepunt_status_geldig"
            ),
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("actiepunten:detail", args=[self.traject_id, self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSSEN

    @property
    def status_badge(self):
        return STATUS_BADGE[Status(self.status)]

    def dagen_te_laat(self, today=None):
        if not self.is_open or self.deadline is None:
            return 0
        return max(0, ((today or timezone.localdate()) - self.deadline).days)

    @property
    def is_te_laat(self):
        return self.dagen_te_laat() > 0

    def aanspreekpunten(self):
        """Whom an entrepreneur with the link asks about this item: the trajectory's active
        coordinators (they check a report of done), with their organisation."""
        return (
            Lidmaatschap.objects.actief()
            .filter(traject_id=self.traject_id, rol=Rol.COORDINATOR, user__is_active=True)
            .select_related("user", "organisatie")
            .order_by("user__naam", "pk")
        )

    def toegestane_statussen(self, *, coordinator):
        volgende = self.OVERGANGEN[Status(self.status)]
        if not coordinator:
            volgende = volgende - self.ALLEEN_COORDINATOR
        return [s for s in Status if s in volgende]

    def naar_status(self, nieuwe_status, *, door=None, coordinator=False, versie=None,
                    toelichting="", reden=""):
        """Move to `nieuwe_status` if the transition table allows it for this user."""
        with transaction.atomic():
            self.vergrendel(versie)
            # Work on the locked row, so a concurrent edit of other fields is never overwritten.
            self.refresh_from_db()
            if nieuwe_status not in self.toegestane_statussen(coordinator=coordinator):
                raise ValidationError(
                    _("Van status %(van)s kan dit actiepunt niet naar %(naar)s.")
                    % {"van": self.get_status_display(), "naar": Status(nieuwe_status).label},
                    code="ongeldige_overgang",
                )
            self.status = nieuwe_status
            if nieuwe_status == Status.GEREED:
                self.gereed_op = timezone.now()
                if toelichting:
                    self.gereed_toelichting = toelichting
            elif nieuwe_status in OPEN_STATUSSEN:
                self.gereed_op = None
            if door is not None:
                self._history_user = door
            self._change_reason = reden or None
            self.save()


class Opmerking(AppendOnlyModel):
    """A comment on an action item, by a member or by the entrepreneur through the link."""

    actiepunt = models.ForeignKey(Actiepunt, on_delete=models.CASCADE, related_name="opmerkingen")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        verbose_name=_("auteur"),
    )
    extern_email = models.EmailField(_("via link door"), blank=True)
    tekst = models.TextField(_("opmerking"))
    tijdstip = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["tijdstip", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(auteur__isnull=False) | ~Q(extern_email=""),
                name="opmerking_heeft_auteur",
            ),
        ]

    def __str__(self):
        return self.tekst[:60]

    @property
    def traject(self):
        return self.actiepunt.traject

    @property
    def afzender(self):
        return self.auteur or self.extern_email


def actiepunten_bij_bevinding(bevinding):
    """The finding's action items, for its page in schouwen (schouwen.registry)."""
    actiepunten = list(bevinding.actiepunten.all())
    if not actiepunten:
        return None
    return gettext("Actiepunt"), [(a.get_absolute_url(), str(a)) for a in actiepunten]


def bewijsfoto_pad(instance, filename):
    return (f"actiepunten/{instance.actiepunt.traject_id}/{instance.actiepunt_id}/"
            f"{uuid.uuid4().hex}{filename}")


class Bewijsfoto(models.Model):
    """Evidence that an item was carried out: a photo re-encoded without metadata (kvo.images),
    in three sizes, private (served only through a view that checks membership or the link)."""

    actiepunt = models.ForeignKey(Actiepunt, on_delete=models.CASCADE, related_name="fotos")
    bestand = models.FileField(_("foto"), upload_to=bewijsfoto_pad, max_length=255)
    scherm = models.FileField(_("schermformaat"), upload_to=bewijsfoto_pad, max_length=255)
    miniatuur = models.FileField(_("miniatuur"), upload_to=bewijsfoto_pad, max_length=255)
    breedte = models.PositiveIntegerField(_("breedte"))
    hoogte = models.PositiveIntegerField(_("hoogte"))
    bestandsnaam = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("geüpload door"),
    )
    extern_email = models.EmailField(_("via link door"), blank=True)
    geupload = models.DateTimeField(_("geüpload"), default=timezone.now)

    class Meta:
        verbose_name = _("bewijsfoto")
        verbose_name_plural = _("bewijsfoto's")
        ordering = ["actiepunt", "pk"]

    def __str__(self):
        return self.bestandsnaam

    @property
    def traject(self):
        return self.actiepunt.traject

    @property
    def traject_id(self):
        return self.actiepunt.traject_id


class Soort(models.TextChoices):
    """Kinds of reminders. Users can switch each group off (see HerinneringInstelling)."""

    DEADLINE_14 = "deadline_14", _("Deadline over 14 dagen")
    DEADLINE_3 = "deadline_3", _("Deadline over 3 dagen")
    DEADLINE_0 = "deadline_0", _("Deadline vandaag")
    TE_LAAT = "te_laat", _("Deadline verstreken (wekelijks)")
    ESCALATIE = "escalatie", _("Escalatie naar coördinator")
    OVERZICHT = "overzicht", _("Wekelijks overzicht")
    OVERLEG = "overleg", _("Werkgroepoverleg morgen")
    SCHOUW = "schouw", _("Schouw morgen")


class HerinneringQuerySet(models.QuerySet):
    def te_bundelen(self):
        """Rows not yet in an outbox mail."""
        return self.filter(bericht__isnull=True, overgeslagen=False)


class Herinnering(models.Model):
    """One reminder to one recipient. The unique constraints make the sweep idempotent: a second
    run (or a second worker) finds the row already there and sends nothing more.

    `peildatum` is the date the reminder is about: the deadline for deadline reminders, the week
    mark for weekly ones, the meeting date for meetings, the Monday of the week for the digest.
    """

    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    peildatum = models.DateField(_("peildatum"))
    ontvanger = models.EmailField(_("ontvanger"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="herinneringen",
    )
    traject = models.ForeignKey(
        Traject, on_delete=models.CASCADE, null=True, blank=True, related_name="herinneringen"
    )
    actiepunt = models.ForeignKey(
        Actiepunt, on_delete=models.CASCADE, null=True, blank=True, related_name="herinneringen"
    )
    overleg = models.ForeignKey(
        Overleg, on_delete=models.CASCADE, null=True, blank=True, related_name="herinneringen"
    )
    schouw = models.ForeignKey(
        Schouw, on_delete=models.CASCADE, null=True, blank=True, related_name="herinneringen"
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    overgeslagen = models.BooleanField(
        _("overgeslagen"), default=False,
        help_text=_("Niet meer nodig bij verzenden (actiepunt afgerond of herinnering uitgezet)."),
    )
    # The outbox mail this reminder went into (one mail may list several reminders).
    bericht = models.ForeignKey(
        "kvo.Bericht", on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="herinneringen", verbose_name=_("mail"),
    )

    objects = HerinneringQuerySet.as_manager()

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        ordering = ["-aangemaakt", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["actiepunt", "soort", "peildatum", "ontvanger"],
                condition=Q(actiepunt__isnull=False),
                name="herinnering_actiepunt_uniek",
            ),
            models.UniqueConstraint(
                fields=["overleg", "soort", "peildatum", "ontvanger"],
                condition=Q(overleg__isnull=False),
                name="herinnering_overleg_uniek",
            ),
            models.UniqueConstraint(
                fields=["schouw", "soort", "peildatum", "ontvanger"],
                condition=Q(schouw__isnull=False),
                name="herinnering_schouw_uniek",
            ),
            models.UniqueConstraint(
                fields=["soort", "peildatum", "ontvanger"],
                condition=Q(actiepunt__isnull=True, overleg__isnull=True, schouw__isnull=True),
                name="herinnering_overig_uniek",
            ),
        ]
        indexes = [
            # The sweep bundles the rows not yet in a mail per address.
            models.Index(
                fields=["ontvanger"], condition=Q(bericht__isnull=True, overgeslagen=False),
                name="herinnering_te_bundelen",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} → {self.ontvanger} ({self.peildatum})"


class HerinneringInstelling(models.Model):
    """Which reminder kinds a user wants. No row: all on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="herinneringinstelling"
    )
    deadlines = models.BooleanField(
        _("herinneringen voor deadlines (14 en 3 dagen vooraf, op de dag zelf)"), default=True
    )
    te_laat = models.BooleanField(_("wekelijkse herinnering bij verstreken deadline"),
                                  default=True)
    escalatie = models.BooleanField(
        _("escalaties (als coördinator): actiepunten meer dan 14 dagen over de deadline"),
        default=True,
    )
    overzicht = models.BooleanField(_("wekelijks overzicht van mijn open actiepunten"),
                                    default=True)
    overleggen = models.BooleanField(_("herinnering de dag voor een werkgroepoverleg"),
                                     default=True)
    schouwen = models.BooleanField(_("herinnering de dag voor een schouw"), default=True)

    # Which setting switches which reminder kind.
    VELD_PER_SOORT = {
        Soort.DEADLINE_14: "deadlines",
        Soort.DEADLINE_3: "deadlines",
        Soort.DEADLINE_0: "deadlines",
        Soort.TE_LAAT: "te_laat",
        Soort.ESCALATIE: "escalatie",
        Soort.OVERZICHT: "overzicht",
        Soort.OVERLEG: "overleggen",
        Soort.SCHOUW: "schouwen",
    }

    class Meta:
        verbose_name = _("herinneringsinstelling")
        verbose_name_plural = _("herinneringsinstellingen")

    def __str__(self):
        return str(self.user)


def week_maandag(datum: datetime.date) -> datetime.date:
    return datum - datetime.timedelta(days=datum.weekday())
