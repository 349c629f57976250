"""Workflows of the action plan: creating items, bulk status, the entrepreneur's link."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Actiepunt, Opmerking, Status

LINK_SALT = "actiepunten.extern"


def actiepunt_aanmaken(*, traject, door, **velden):
    with transaction.atomic():
        actiepunt = Actiepunt(traject=traject, **velden)
        actiepunt._history_user = door
        actiepunt.save()
    if actiepunt.extern_email:
        _link_versturen_na_commit(actiepunt)
    return actiepunt


def actiepunt_bijwerken(*, actiepunt, versie, door, extern_email_was):
    """Save form changes (stale forms refused); a new external address gets a new link and
    the old address's links stop working."""
    with transaction.atomic():
        actiepunt.opslaan(versie=versie, door=door)
        if actiepunt.extern_email != extern_email_was:
            actiepunt.link_intrekken()
            if actiepunt.extern_email:
                _link_versturen_na_commit(actiepunt)
    return actiepunt


def actiepunten_status_wijzigen(*, actiepunten, status, door, coordinator):
    """Change the status of many items at once, each through the transition table.

    Returns (changed, refused): the items whose transition the table does not allow stay as
    they are and are reported back.
    """
    gewijzigd, geweigerd = [], []
    with transaction.atomic():
        for actiepunt in actiepunten:
            try:
                with transaction.atomic():
                    actiepunt.naar_status(
                        status, door=door, coordinator=coordinator,
                        reden=_("Bulkwijziging"),
                    )
            except ValidationError:
                geweigerd.append(actiepunt)
            else:
                gewijzigd.append(actiepunt)
    return gewijzigd, geweigerd


def opmerking_toevoegen(*, actiepunt, tekst, auteur=None, extern_email=""):
    return Opmerking.objects.create(
        actiepunt=actiepunt, tekst=tekst, auteur=auteur, extern_email=extern_email
    )


# The entrepreneur's link -------------------------------------------------------------------

def link_token(actiepunt):
    return signing.dumps(
        {"a": actiepunt.pk, "n": str(actiepunt.link_nonce)}, salt=LINK_SALT, compress=True
    )


def actiepunt_uit_token(pk, token):
    """The item a link opens, or ValidationError. The token must be signed by us, not
    expired, made for this very item and not revoked (a report of done revokes it)."""
    max_age = settings.ACTIEPUNT_LINK_MAX_AGE_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(
            _("Deze link is verlopen. Vraag de coördinator om een nieuwe."), code="verlopen"
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("Deze link is ongeldig."), code="ongeldig") from None
    if data.get("a") != pk:
        raise ValidationError(_("Deze link is ongeldig."), code="ongeldig")
    actiepunt = (
        Actiepunt.objects.select_related("traject", "organisatie")
        .filter(pk=pk, link_nonce=data.get("n"))
        .exclude(extern_email="")
        .first()
    )
    if actiepunt is None:
        raise ValidationError(
            _("Deze link werkt niet meer. Vraag de coördinator om een nieuwe."), code="ingetrokken"
        )
    return actiepunt


def link_versturen(*, actiepunt):
    """Send the entrepreneur a fresh link (after commit)."""
    if not actiepunt.extern_email:
        raise ValidationError(
            _("Dit actiepunt heeft geen e-mailadres van een ondernemer."), code="geen_email"
        )
    _link_versturen_na_commit(actiepunt)


def _link_versturen_na_commit(actiepunt):
    from .tasks import verstuur_link

    transaction.on_commit(lambda: verstuur_link.delay(actiepunt.pk))


def extern_gereed_melden(*, actiepunt, toelichting):
    """The entrepreneur reports the item done; the coordinator verifies it later.
    The link stops working, so it cannot be used again."""
    with transaction.atomic():
        actiepunt.naar_status(
            Status.GEREED, toelichting=toelichting,
            reden=_("Gereed gemeld via link door %(email)s") % {"email": actiepunt.extern_email},
        )
        if toelichting:
            Opmerking.objects.create(
                actiepunt=actiepunt, extern_email=actiepunt.extern_email, tekst=toelichting
            )
        actiepunt.link_intrekken()
    return actiepunt
