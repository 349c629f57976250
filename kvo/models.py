from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
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

    def __str__(self):
        return self.naam or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.naam or self.email

    def get_short_name(self):
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

    def __str__(self):
        return self.naam

    @classmethod
    def kloppen(cls, naam, *, moment=None):
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
