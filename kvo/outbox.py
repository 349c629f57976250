"""The outbox: every outgoing mail is a `Bericht` row, written in the transaction that causes it.

Writing   `berichten_maken([Bericht(soort=…, aan=…, object_id=…)])` inside the transaction of
          the change. After commit the relay task is enqueued, best effort (kvo/wachtrij.py):
          if the broker is down the mail waits for the catch-up, it is never lost.
Sending   `berichten_versturen()` (the task `kvo.tasks.berichten_versturen`, also run by beat as
          the catch-up) claims each due row with a conditional UPDATE that commits at once,
          renders and sends it outside any transaction, then marks it sent. A failed attempt is
          retried with backoff; a permanent refusal (5xx for the recipient or the message) or a
          row older than OUTBOX_OPGEVEN_NA_UUR is marked failed. A row whose claim expired (the
          worker was killed, or lost the database after sending) is due again and goes out with
          the same Message-ID, so a resend after an unknown outcome is recognisable.
Kinds     Each app registers a renderer per kind with `@soort("app.kind")` (imported in its
          AppConfig.ready()). It gets the row and returns a kvo.mail.Mail, or None when the mail
          is no longer needed (its subject was deleted or the reason went away).
"""

import logging
import smtplib
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, connection
from django.db.models import F, QuerySet
from django.utils import timezone

from .mail import Mail, build_message
from .models import Bericht

logger = logging.getLogger(__name__)

# Up to this many ids go in the relay task enqueued after a commit; more: a catch-up run.
CHUNK = 100
BATCH = 200

Renderer = Callable[[Bericht], Mail | None]
RENDERERS: dict[str, Renderer] = {}


def soort(naam: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of mail kind `naam` (decorator)."""

    def registreer(func: Renderer) -> Renderer:
        RENDERERS[naam] = func
        return func

    return registreer


class OnbekendeSoort(LookupError):
    pass


# Writing ------------------------------------------------------------------------------------

def bijlage_tekst(naam: str, inhoud: str | bytes, mimetype: str) -> dict:
    """An attachment stored in the row (small text, such as an .ics file)."""
    if isinstance(inhoud, bytes):
        inhoud = inhoud.decode("utf-8")
    return {"naam": naam, "mimetype": mimetype, "tekst": inhoud}


def bijlage_bestand(naam: str, bestand: Any, mimetype: str) -> dict:
    """An attachment read at send time through the storage API (a stored, immutable file)."""
    return {"naam": naam, "mimetype": mimetype, "bestand": bestand.name}


def berichten_maken(berichten: Iterable[Bericht]) -> list[Bericht]:
    """Write these mails in the current transaction; the relay sends them after commit."""
    from . import wachtrij
    from .tasks import berichten_versturen as taak

    rijen = Bericht.objects.bulk_create(list(berichten))
    if rijen:
        # One task: these ids, or for a large batch a catch-up run that sends all that is due.
        ids = [rij.pk for rij in rijen]
        wachtrij.na_commit(taak, ids if len(ids) <= CHUNK else None)
    return rijen


def bericht_maken(
    *, soort: str, aan: str, object_id: int | None = None, gegevens: dict[str, Any] | None = None,
    bijlagen: list[dict[str, Any]] | None = None, taal: str = "nl",
) -> Bericht:
    """Write one mail (`soort`: its registered renderer) in the current transaction."""
    return berichten_maken([Bericht(
        soort=soort, aan=aan, object_id=object_id, gegevens=gegevens or {}, bijlagen=bijlagen or [],
        taal=taal,
    )])[0]


def opnieuw_versturen(berichten: QuerySet[Bericht]) -> int:
    """Put failed (or waiting) mails back in line to go out now, e.g. after fixing an address
    or the SMTP settings. Sent ones are left alone."""
    from . import wachtrij
    from .tasks import berichten_versturen as taak

    ids = list(
        berichten.filter(status__in=[Bericht.Status.MISLUKT, Bericht.Status.WACHTEND])
        .values_list("pk", flat=True)
    )
    Bericht.objects.filter(pk__in=ids).update(
        status=Bericht.Status.WACHTEND, volgende_poging=timezone.now()
    )
    if ids:
        wachtrij.na_commit(taak, ids if len(ids) <= CHUNK else None)
    return len(ids)


# Sending ------------------------------------------------------------------------------------

def message_id(bericht: Bericht) -> str:
    return f"<{bericht.uuid}@{settings.OUTBOX_MESSAGE_ID_DOMAIN}>"


def berichten_versturen(
    *, ids: Iterable[int] | None = None, tijdslimiet: float | None = None
) -> int:
    """Send the due mails (only those among `ids` if given). Returns how many went out.

    Each row is handled on its own: an SMTP or database error costs that row an attempt and
    the next one goes on. Runs until nothing is due or `tijdslimiet` seconds have passed.
    """
    ids = None if ids is None else list(ids)
    einde = time.monotonic() + (tijdslimiet or settings.OUTBOX_RUN_SECONDS)
    verbinding = _Verbinding()
    verzonden = 0
    try:
        while time.monotonic() < einde:
            kandidaten = _kandidaten(ids)
            geclaimd = 0
            for pk in kandidaten:
                if time.monotonic() >= einde:
                    break
                uitkomst = _een_versturen(pk, verbinding)
                geclaimd += uitkomst is not None
                verzonden += bool(uitkomst)
            if ids is not None or not geclaimd:
                break
    finally:
        verbinding.sluiten()
    return verzonden


def _kandidaten(ids: list[int] | None) -> list[int]:
    rijen = Bericht.objects.te_versturen()
    if ids is not None:
        rijen = rijen.filter(pk__in=ids)
    try:
        return list(rijen.order_by("volgende_poging", "pk").values_list("pk", flat=True)[:BATCH])
    except DatabaseError:
        logger.warning("Outbox: database niet bereikbaar", exc_info=True)
        _database_loslaten()
        return []


def _een_versturen(pk: int, verbinding: "_Verbinding") -> bool | None:
    """Claim, render, send and mark one row. Returns True when sent, False when claimed but
    not sent, None when another sender had it or the database failed before the claim."""
    claim = uuid.uuid4()
    nu = timezone.now()
    try:
        geclaimd = Bericht.objects.te_versturen(nu).filter(pk=pk).update(
            status=Bericht.Status.BEZIG, claim=claim, pogingen=F("pogingen") + 1,
            geclaimd_tot=nu + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS),
        )
        bericht = Bericht.objects.filter(pk=pk, claim=claim).first() if geclaimd else None
    except DatabaseError:
        logger.warning("Outbox: database-fout bij het claimen van bericht %s", pk, exc_info=True)
        _database_loslaten()
        return None
    if bericht is None:
        return None
    try:
        mail = _renderen(bericht)
        if mail is None:
            _afsluiten(bericht, claim, status=Bericht.Status.VERVALLEN)
            return False
        message = _message(bericht, mail)
    except DatabaseError:
        # Claimed or not, the row becomes due again when its claim runs out.
        logger.warning("Outbox: database-fout bij bericht %s", pk, exc_info=True)
        _database_loslaten()
        return False
    except Exception as error:
        logger.exception("Outbox: bericht %s kon niet worden opgemaakt", pk)
        _niet_gelukt(bericht, claim, error)
        return False
    try:
        verbinding.versturen(message)
    except Exception as error:
        logger.warning("Outbox: bericht %s niet verzonden: %s", pk, error)
        verbinding.sluiten()
        _niet_gelukt(bericht, claim, error)
        return False
    _met_herverbinding(lambda: _verzonden(bericht, mail))
    return True


def _renderen(bericht: Bericht) -> Mail | None:
    renderer = RENDERERS.get(bericht.soort)
    if renderer is None:
        raise OnbekendeSoort(f"Onbekende soort bericht: {bericht.soort}")
    return renderer(bericht)


def _message(bericht: Bericht, mail: Mail) -> EmailMessage:
    bijlagen = [(b["naam"], _inhoud(b), b["mimetype"]) for b in bericht.bijlagen]
    return build_message(
        mail, to=[bericht.aan], attachments=bijlagen,
        headers={"Message-ID": message_id(bericht)},
    )


def _inhoud(bijlage: dict) -> str | bytes:
    if "tekst" in bijlage:
        return bijlage["tekst"]
    with storages["default"].open(bijlage["bestand"], "rb") as handle:
        return handle.read()


def _verzonden(bericht: Bericht, mail: Mail) -> None:
    # Sent is final, whoever holds the claim now.
    Bericht.objects.filter(pk=bericht.pk).exclude(status=Bericht.Status.VERZONDEN).update(
        status=Bericht.Status.VERZONDEN, verzonden=timezone.now(), geclaimd_tot=None,
        onderwerp=mail.onderwerp[:255],
    )


def _afsluiten(bericht: Bericht, claim: uuid.UUID, *, status: str, fout: str = "") -> None:
    Bericht.objects.filter(pk=bericht.pk, claim=claim, status=Bericht.Status.BEZIG).update(
        status=status, geclaimd_tot=None, laatste_fout=fout
    )


def is_permanent(error: BaseException) -> bool:
    """A refusal that another attempt would not change: the recipient or the message itself
    was refused with a 5xx code. Connection, authentication and 4xx errors are temporary."""
    if isinstance(error, OnbekendeSoort):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def _backoff(pogingen: int) -> float:
    return min(
        settings.OUTBOX_RETRY_SECONDS * 2 ** max(pogingen - 1, 0),
        settings.OUTBOX_RETRY_MAX_SECONDS,
    )


def _niet_gelukt(bericht: Bericht, claim: uuid.UUID, error: BaseException) -> None:
    fout = f"{type(error).__name__}: {error}"[:2000]
    nu = timezone.now()
    opgeven = nu - bericht.aangemaakt > timedelta(hours=settings.OUTBOX_OPGEVEN_NA_UUR)
    if is_permanent(error) or opgeven:
        _met_herverbinding(
            lambda: _afsluiten(bericht, claim, status=Bericht.Status.MISLUKT, fout=fout)
        )
        return
    _met_herverbinding(lambda: Bericht.objects.filter(
        pk=bericht.pk, claim=claim, status=Bericht.Status.BEZIG
    ).update(
        status=Bericht.Status.WACHTEND, geclaimd_tot=None, laatste_fout=fout,
        volgende_poging=nu + timedelta(seconds=_backoff(bericht.pogingen)),
    ))


def _database_loslaten() -> None:
    """Drop a broken database connection; the next query opens a new one."""
    try:
        connection.close()
    except Exception:
        logger.debug("Outbox: sluiten van de databaseverbinding mislukte", exc_info=True)


def _met_herverbinding(func: Callable[[], object], pogingen: int = 3) -> object:
    """Run a short write; on a lost connection reconnect and try again a few times. If the
    database stays away the row's claim runs out and the catch-up sends it again."""
    for poging in range(pogingen):
        try:
            return func()
        except DatabaseError:
            if connection.in_atomic_block:
                raise
            logger.warning("Outbox: database-fout, opnieuw verbinden", exc_info=True)
            _database_loslaten()
            time.sleep(0.5 * (poging + 1))
    logger.error("Outbox: database bleef onbereikbaar; het bericht wordt later opnieuw gedaan")
    return None


class _Verbinding:
    """One mail connection for a relay run, opened on first use and dropped after an error."""

    def __init__(self) -> None:
        self._backend: Any = None

    def versturen(self, message: EmailMessage) -> None:
        if self._backend is None:
            self._backend = get_connection(fail_silently=False)
            self._backend.open()
        message.connection = self._backend
        if message.send() != 1:
            raise smtplib.SMTPException("De mailserver nam het bericht niet aan.")

    def sluiten(self) -> None:
        if self._backend is None:
            return
        try:
            self._backend.close()
        except Exception:
            logger.debug("Outbox: sluiten van de mailverbinding mislukte", exc_info=True)
        self._backend = None
