"""Retention (AVG): personal data that the trajectory no longer needs is removed a fixed period
(settings.BEWAARTERMIJN_DAGEN) after the certificate that closed the cycle it belonged to.

Once a certificate's issue date plus the period has passed, for that trajectory:

- photos of findings that were captured before the certificate and are closed (solved, a
  duplicate, or turned into action items that are all finished) are deleted: the stored
  renditions, their EXIF position and original file name. The finding itself (what, where,
  status) stays: the action plan and the history refer to it.
- people whose membership ended before the certificate, and who have no other membership that is
  still running or still within its own retention period, are anonymised: name, email address,
  phone and password removed, the account switched off, their two-factor devices, open
  invitations and login records deleted. Attendance and other history keep their rows, shown as
  "Voormalig lid".

Each removal writes one append-only `Opschoning` row (visible in the admin) in the same
transaction, with a unique (kind, object) pair: a second run, or two runs at once, remove and log
each thing exactly once. Files are deleted only after the transaction commits.

Run daily by beat (CELERY_BEAT_SCHEDULE["audits-bewaartermijn"]).
"""

import datetime
import logging
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from actiepunten.models import OPEN_STATUSSEN, Actiepunt
from kvo.models import User
from kvo.photos import delete_photo
from schouwen.models import Bevinding, Foto, NaSluiting
from trajects.models import Lidmaatschap, Uitnodiging

from .models import Certificaat, Opschoning

logger = logging.getLogger(__name__)

VOORMALIG_LID = "Voormalig lid"


def verlopen_certificaten(vandaag: datetime.date) -> dict[int, Certificaat]:
    """Per trajectory the newest certificate whose retention period has passed on `vandaag`."""
    grens = vandaag - datetime.timedelta(days=settings.BEWAARTERMIJN_DAGEN)
    per_traject: dict[int, Certificaat] = {}
    for certificaat in Certificaat.objects.filter(uitgegeven__lte=grens).order_by(
        "traject_id", "-uitgegeven", "-pk"
    ):
        per_traject.setdefault(certificaat.traject_id, certificaat)
    return per_traject


def _begin_van(dag: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time.min))


def afgehandelde_bevindingen_met_fotos(certificaat: Certificaat) -> QuerySet[Bevinding]:
    open_actiepunt = Actiepunt.objects.filter(
        bevindingen=OuterRef("pk"), status__in=OPEN_STATUSSEN
    )
    # `alle`: a capture that came after its schouw closed and was rejected is closed too (the
    # default manager hides it, and one still waiting for the coordinator stays).
    return (
        Bevinding.alle.filter(
            schouw__traject_id=certificaat.traject_id,
            aangemaakt__lt=_begin_van(certificaat.uitgegeven),
            fotos__isnull=False,
        )
        .exclude(na_sluiting=NaSluiting.WACHT)
        .filter(
            Q(status__in=[Bevinding.Status.OPGELOST, Bevinding.Status.DUBBEL,
                          Bevinding.Status.GEEN_ACTIE])
            | Q(na_sluiting=NaSluiting.AFGEWEZEN)
            | (Q(status=Bevinding.Status.ACTIEPUNT) & ~Exists(open_actiepunt))
        )
        .distinct()
    )


def bewaartermijn_toepassen(*, vandaag: datetime.date | None = None) -> list[Opschoning]:
    """Remove what is past its retention period; returns the new Opschoning rows."""
    vandaag = vandaag or timezone.localdate()
    certificaten = verlopen_certificaten(vandaag)
    gedaan = []
    for certificaat in certificaten.values():
        for bevinding in afgehandelde_bevindingen_met_fotos(certificaat):
            rij = _fotos_verwijderen(bevinding, certificaat)
            if rij:
                gedaan.append(rij)
    for user, lidmaatschap, certificaat in _oud_leden(certificaten):
        rij = _anonimiseren(user, lidmaatschap, certificaat)
        if rij:
            gedaan.append(rij)
    for rij in gedaan:
        logger.info("bewaartermijn: %s", rij.omschrijving)
    return gedaan


def _log(
    *, soort: str, object_id: int, traject_id: int, certificaat: Certificaat, aantal: int,
    omschrijving: str,
) -> Opschoning | None:
    """The log row; None when this removal was already logged (by an earlier or parallel run)."""
    try:
        with transaction.atomic():
            return Opschoning.objects.create(
                soort=soort, object_id=object_id, traject_id=traject_id, certificaat=certificaat,
                aantal=aantal, omschrijving=omschrijving,
            )
    except IntegrityError:
        return None


def _fotos_verwijderen(bevinding: Bevinding, certificaat: Certificaat) -> Opschoning | None:
    with transaction.atomic():
        fotos = list(Foto.objects.select_for_update().filter(bevinding=bevinding))
        if not fotos:
            return None
        rij = _log(
            soort=Opschoning.Soort.FOTOS_BEVINDING, object_id=bevinding.pk,
            traject_id=certificaat.traject_id, certificaat=certificaat, aantal=len(fotos),
            omschrijving=f"{len(fotos)} foto('s) van bevinding {bevinding.pk} "
                         f"(status {bevinding.status}) verwijderd",
        )
        if rij is None:
            return None
        for foto in fotos:
            delete_photo(foto)  # the files go once this transaction commits
    return rij


def _oud_leden(
    certificaten: dict[int, Certificaat],
) -> Iterator[tuple[User, Lidmaatschap, Certificaat]]:
    """(user, membership, certificate) for people all of whose memberships ended before a
    certificate whose retention period has passed."""
    verlopen: dict[int, tuple[Lidmaatschap, Certificaat]] = {}
    for certificaat in certificaten.values():
        for lid in Lidmaatschap.objects.filter(
            traject_id=certificaat.traject_id, geldig_tot__lt=certificaat.uitgegeven
        ).select_related("user"):
            verlopen[lid.pk] = (lid, certificaat)
    al_gedaan = set(Opschoning.objects.filter(soort=Opschoning.Soort.GEBRUIKER).values_list(
        "object_id", flat=True))
    gezien: set[int] = set()
    for lid, certificaat in verlopen.values():
        user = lid.user
        if user.pk in gezien or user.pk in al_gedaan or user.is_staff:
            continue
        gezien.add(user.pk)
        nog_nodig = Lidmaatschap.objects.filter(user=user).exclude(pk__in=verlopen.keys())
        if not nog_nodig.exists():
            yield user, lid, certificaat


def _anonimiseren(
    user: User, lidmaatschap: Lidmaatschap, certificaat: Certificaat
) -> Opschoning | None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        rij = _log(
            soort=Opschoning.Soort.GEBRUIKER, object_id=user.pk,
            traject_id=certificaat.traject_id, certificaat=certificaat, aantal=1,
            omschrijving=f"gegevens van gebruiker {user.pk} (lidmaatschap {lidmaatschap.pk}, "
                         f"beëindigd {lidmaatschap.geldig_tot:%d-%m-%Y}) verwijderd",
        )
        if rij is None:
            return None
        email = user.email
        Uitnodiging.objects.filter(email__iexact=email, geaccepteerd__isnull=True).delete()
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__iexact=email).delete()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        user.email = f"verwijderd-{user.pk}@verwijderd.invalid"
        user.naam = VOORMALIG_LID
        user.telefoon = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    return rij
