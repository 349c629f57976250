"""Workflows of the trajects app: invitations, documents, trajectories."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kvo.links import LinkPurpose

from .models import (
    Aanwezigheid,
    Document,
    DocumentVersie,
    FaseWijziging,
    Lidmaatschap,
    Partner,
    Rol,
    Traject,
    Uitnodiging,
)

UITNODIGING_LINK = LinkPurpose(
    salt="trajects.uitnodiging",
    id_key="u",
    max_age_setting="INVITE_MAX_AGE_DAYS",
    expired_message=gettext_lazy(
        "Deze uitnodiging is verlopen. Vraag de coördinator om een nieuwe."
    ),
    invalid_message=gettext_lazy("Deze uitnodigingslink is ongeldig."),
)


def traject_aanmaken(*, data, door, organisatie):
    """Create a trajectory; its creator becomes coordinator for `organisatie`."""
    with transaction.atomic():
        traject = Traject.objects.create(**data)
        FaseWijziging.objects.create(traject=traject, van="", naar=traject.fase, door=door)
        Partner.objects.get_or_create(traject=traject, organisatie=organisatie)
        if traject.procesbegeleider_id:
            Partner.objects.get_or_create(traject=traject, organisatie=traject.procesbegeleider)
        Lidmaatschap.objects.create(
            user=door, traject=traject, organisatie=organisatie, rol=Rol.COORDINATOR
        )
    return traject


def uitnodiging_token(uitnodiging):
    return UITNODIGING_LINK.token(uitnodiging)


def uitnodiging_versturen(*, traject, email, organisatie, rol, werkgroeprol="", naam="", door):
    """Invite `email` to `traject`; the mail goes out after the transaction commits."""
    from .tasks import verstuur_uitnodiging

    email = email.strip().lower()
    if Lidmaatschap.objects.actief().filter(traject=traject, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is al lid van dit traject.") % {"email": email}, code="al_lid"
        )
    try:
        with transaction.atomic():
            # An expired link can no longer be used; close it so a new invitation may be sent.
            Uitnodiging.objects.filter(
                traject=traject, email__iexact=email, geaccepteerd__isnull=True,
                ingetrokken__isnull=True,
            ).exclude(pk__in=Uitnodiging.objects.open()).update(ingetrokken=timezone.now())
            Partner.objects.get_or_create(traject=traject, organisatie=organisatie)
            uitnodiging = Uitnodiging.objects.create(
                traject=traject, email=email, naam=naam, organisatie=organisatie, rol=rol,
                werkgroeprol=werkgroeprol, uitgenodigd_door=door,
            )
    except IntegrityError:
        raise ValidationError(
            _("Er staat al een openstaande uitnodiging voor %(email)s.") % {"email": email},
            code="dubbel",
        ) from None
    transaction.on_commit(lambda: verstuur_uitnodiging.delay(uitnodiging.pk))
    return uitnodiging


def uitnodiging_intrekken(*, uitnodiging):
    Uitnodiging.objects.filter(pk=uitnodiging.pk, geaccepteerd__isnull=True).update(
        ingetrokken=timezone.now()
    )


def uitnodiging_uit_token(token):
    """The open invitation a link points to, or ValidationError saying why it cannot be used."""
    uitnodiging = UITNODIGING_LINK.load(
        token, Uitnodiging.objects.select_related("traject", "organisatie")
    )
    if uitnodiging.ingetrokken:
        raise ValidationError(
            _("Deze uitnodiging is ingetrokken. Vraag de coördinator om een nieuwe."),
            code="ingetrokken",
        )
    if uitnodiging.geaccepteerd:
        raise ValidationError(
            _("Deze uitnodiging is al gebruikt. Log in om verder te gaan."), code="gebruikt"
        )
    if uitnodiging.is_verlopen:
        raise ValidationError(
            _("Deze uitnodiging is verlopen. Vraag de coördinator om een nieuwe."), code="verlopen"
        )
    return uitnodiging


def uitnodiging_accepteren(*, uitnodiging, user=None, naam="", wachtwoord=None):
    """Accept: join with an existing account (`user`) or create one with `wachtwoord`.

    Single use: the invitation is claimed with a conditional update inside the transaction.
    """
    User = get_user_model()
    with transaction.atomic():
        claimed = Uitnodiging.objects.filter(
            pk=uitnodiging.pk, geaccepteerd__isnull=True, ingetrokken__isnull=True
        ).update(geaccepteerd=timezone.now())
        if claimed != 1:
            raise ValidationError(_("Deze uitnodiging is al gebruikt."), code="gebruikt")
        if user is None:
            if User.objects.filter(email__iexact=uitnodiging.email).exists():
                raise ValidationError(
                    _("Er bestaat al een account voor dit e-mailadres. Log eerst in."),
                    code="bestaat",
                )
            user = User.objects.create_user(
                uitnodiging.email, wachtwoord, naam=naam or uitnodiging.naam
            )
        elif user.email.lower() != uitnodiging.email.lower():
            raise ValidationError(
                _("Deze uitnodiging is voor %(email)s; u bent ingelogd als een ander account.")
                % {"email": uitnodiging.email},
                code="ander_account",
            )
        # A former member (access ended) gets access again, with the invitation's role.
        lid, _created = Lidmaatschap.objects.update_or_create(
            user=user, traject=uitnodiging.traject,
            defaults={
                "organisatie": uitnodiging.organisatie,
                "rol": uitnodiging.rol,
                "werkgroeprol": uitnodiging.werkgroeprol,
                "geldig_tot": None,
            },
        )
    return user, lid


def document_versie_toevoegen(*, document, bestand, content_type, door, toelichting="",
                              versie=None):
    """Store `bestand` as the next version of `document`; earlier versions stay. With `versie`
    (the document version the uploader saw), an upload made without seeing a newer version
    someone else added meanwhile is refused (kvo.versies)."""
    with transaction.atomic():
        # Lock the document row so two uploads at once get consecutive numbers.
        document.vergrendel(versie)
        document.save(update_fields=[])
        laatste = document.versies.order_by("-nummer").values_list("nummer", flat=True).first()
        versie = DocumentVersie(
            document=document,
            nummer=(laatste or 0) + 1,
            bestandsnaam=bestand.name[:255],
            content_type=content_type,
            grootte=bestand.size,
            sha256=DocumentVersie.hash_of(bestand),
            toelichting=toelichting,
            geupload_door=door,
        )
        versie.bestand.save(bestand.name, bestand, save=False)
        try:
            versie.save()
        except Exception:
            versie.bestand.delete(save=False)
            raise
    return versie


def overleg_aanwezigheid_vastleggen(*, overleg, leden, aanwezig_ids):
    """Record who of `leden` attended `overleg` (one row per member, updated in place)."""
    with transaction.atomic():
        bestaand = {a.lidmaatschap_id: a for a in overleg.aanwezigheden.all()}
        nieuw, gewijzigd = [], []
        for lid in leden:
            aanwezig = lid.pk in aanwezig_ids
            rij = bestaand.get(lid.pk)
            if rij is None:
                nieuw.append(Aanwezigheid(overleg=overleg, lidmaatschap=lid, aanwezig=aanwezig))
            elif rij.aanwezig != aanwezig:
                rij.aanwezig = aanwezig
                gewijzigd.append(rij)
        Aanwezigheid.objects.bulk_create(nieuw)
        Aanwezigheid.objects.bulk_update(gewijzigd, ["aanwezig"])


def document_aanmaken(*, traject, soort, titel, organisatie, bestand, content_type, door):
    with transaction.atomic():
        document = Document.objects.create(
            traject=traject, soort=soort, titel=titel, organisatie=organisatie
        )
        document_versie_toevoegen(
            document=document, bestand=bestand, content_type=content_type, door=door
        )
    return document
