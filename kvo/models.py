import datetime
import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an email address."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=150, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_staff = models.BooleanField(_("beheerder"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["naam", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.naam or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.naam or self.email

    def get_short_name(self) -> str:
        return self.naam or self.email


class Hartslag(models.Model):
    """When a periodic job last ran: /gezondheid/ reports beat as failing when this gets old.

    The job runs through beat, the broker and a worker, so a fresh heartbeat proves all three.
    """

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    laatst = models.DateTimeField(_("laatst uitgevoerd"))

    class Meta:
        verbose_name = _("hartslag")
        verbose_name_plural = _("hartslagen")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    @classmethod
    def kloppen(cls, naam: str, *, moment: datetime.datetime | None = None) -> None:
        cls.objects.update_or_create(naam=naam, defaults={"laatst": moment or timezone.now()})


class AppendOnlyModel(models.Model):
    """History that an auditor may read: rows are added, never changed or deleted (the admin
    shows them read-only through kvo.admin.ReadOnlyAdminMixin)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("Historie kan niet worden gewijzigd."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Historie kan niet worden verwijderd."))


class BerichtQuerySet(models.QuerySet):
    def te_versturen(self, nu: datetime.datetime | None = None) -> "BerichtQuerySet":
        """Due now: waiting with its next attempt passed, or claimed by a sender whose claim
        expired (the worker died or lost the database mid-send)."""
        nu = nu or timezone.now()
        return self.filter(
            models.Q(status=Bericht.Status.WACHTEND, volgende_poging__lte=nu)
            | models.Q(status=Bericht.Status.BEZIG, geclaimd_tot__lt=nu)
        )

    def open(self) -> "BerichtQuerySet":
        return self.filter(status__in=[Bericht.Status.WACHTEND, Bericht.Status.BEZIG])


class Bericht(models.Model):
    """One outgoing mail in the outbox (kvo/outbox.py).

    Written in the same transaction as the change that causes it; a relay sends it after
    commit or in the periodic catch-up. `soort` names the registered renderer that builds
    subject and body at send time from `object_id` and `gegevens`; attachments are fixed
    when the row is written. The Message-ID comes from `uuid`, so a resend after an unknown
    outcome is recognisably the same message.
    """

    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("Wacht op verzending")
        BEZIG = "bezig", _("Wordt verzonden")
        VERZONDEN = "verzonden", _("Verzonden")
        MISLUKT = "mislukt", _("Mislukt")
        VERVALLEN = "vervallen", _("Niet meer nodig")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    soort = models.CharField(_("soort"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("object"), null=True, blank=True)
    gegevens = models.JSONField(_("gegevens"), default=dict, blank=True)
    aan = models.EmailField(_("aan"), max_length=254)
    taal = models.CharField(_("taal"), max_length=10, default="nl")
    bijlagen = models.JSONField(_("bijlagen"), default=list, blank=True)
    onderwerp = models.CharField(_("onderwerp"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WACHTEND
    )
    pogingen = models.PositiveIntegerField(_("pogingen"), default=0)
    volgende_poging = models.DateTimeField(_("volgende poging"), default=timezone.now)
    geclaimd_tot = models.DateTimeField(_("geclaimd tot"), null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)
    aangemaakt = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    verzonden = models.DateTimeField(_("verzonden"), null=True, blank=True)

    objects = BerichtQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        ordering = ["-aangemaakt", "-pk"]
        indexes = [
            models.Index(fields=["status", "volgende_poging"], name="bericht_wachtend_idx"),
            models.Index(fields=["status", "geclaimd_tot"], name="bericht_geclaimd_idx"),
            models.Index(fields=["soort", "object_id"], name="bericht_onderwerp_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="verzonden") | models.Q(verzonden__isnull=False),
                name="bericht_verzonden_heeft_tijdstip",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soort} → {self.aan}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.WACHTEND, self.Status.BEZIG)

    @property
    def is_mislukt(self) -> bool:
        return self.status == self.Status.MISLUKT


class Sweep(models.Model):
    """The last day a periodic planning job (reminders, expiry) covered: the next run plans
    every day after it, so a run missed while the broker or beat was down is made good."""

    naam = models.CharField(_("naam"), max_length=60, unique=True)
    laatste_dag = models.DateField(_("laatste dag"))
    laatste_run = models.DateTimeField(_("laatste run"))

    class Meta:
        verbose_name = _("planningsronde")
        verbose_name_plural = _("planningsrondes")
        ordering = ["naam"]

    def __str__(self) -> str:
        return f"{self.naam}: {self.laatste_dag}"


class Opdracht(models.Model):
    """A background job (a PDF to make) requested in the transaction that needs it and run by
    a worker (kvo/opdrachten.py). A job whose worker died is retried, then marked failed,
    once its time limit has passed; a failed job can simply be requested again."""

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
        BEZIG = "bezig", _("Wordt gemaakt")
        KLAAR = "klaar", _("Klaar")
        MISLUKT = "mislukt", _("Mislukt")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AANGEVRAAGD
    )
    aangevraagd = models.DateTimeField(_("aangevraagd"), default=timezone.now)
    gestart = models.DateTimeField(_("gestart"), null=True, blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    fout = models.TextField(_("fout"), blank=True)

    # The Celery task that runs one job; it takes the row's pk.
    TAAK = ""
    # After this many seconds in BEZIG the worker is taken to have died (above the task's
    # hard time limit).
    TIJDSLIMIET = 600
    MAX_POGINGEN = 2

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.AANGEVRAAGD, self.Status.BEZIG)
