"""Workflows of the trajects app: invitations, memberships, documents, trajectories."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kvo.links import LinkPurpose
from kvo.outbox import bericht_maken

from .models import (
    Aanwezigheid,
    Document,
    DocumentVersie,
    FaseWijziging,
    Gebeurtenis,
    Lidmaatschap,
    LidmaatschapWijziging,
    Partner,
    Rol,
    Traject,
    Uitnodiging,
    Werkgroeprol,
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
        FaseWijziging.objects.create(
            traject=traject, van="", naar=traject.fase, door=door, gebeurtenis=Gebeurtenis.START
        )
        Partner.objects.get_or_create(traject=traject, organisatie=organisatie)
        if traject.procesbegeleider_id:
            Partner.objects.get_or_create(traject=traject, organisatie=traject.procesbegeleider)
        lidmaatschap_toekennen(
            traject=traject, user=door, organisatie=organisatie, rol=Rol.COORDINATOR,
            door=door, aanleiding=LidmaatschapWijziging.Aanleiding.TRAJECT_GESTART,
        )
    return traject


# Memberships: every change goes through these and is logged -------------------------------------

Aanleiding = LidmaatschapWijziging.Aanleiding


def _omschrijving(oud, nieuw):
    """The changed organisation and werkgroep role, in words, for the log."""
    delen = []
    if oud is None or oud["organisatie"] != nieuw["organisatie"]:
        delen.append(_("organisatie: %(org)s") % {"org": nieuw["organisatie"]})
    if oud is None or oud["werkgroeprol"] != nieuw["werkgroeprol"]:
        label = Werkgroeprol(nieuw["werkgroeprol"]).label
        delen.append(_("rol in de werkgroep: %(rol)s") % {"rol": str(label).lower()})
    return "; ".join(delen)


def _vastleggen(*, lid, oud, door, aanleiding, toelichting=""):
    """Save `lid` and log the change from `oud` (None: new); nothing changed, nothing logged."""
    nieuw = {"organisatie": lid.organisatie, "rol": lid.rol, "werkgroeprol": lid.werkgroeprol,
             "geldig_tot": lid.geldig_tot}
    if oud == nieuw:
        return None
    lid.save()
    omschrijving = "; ".join(filter(None, [_omschrijving(oud, nieuw), toelichting]))
    return LidmaatschapWijziging.objects.create(
        lidmaatschap=lid, aanleiding=aanleiding, door=door, nieuw=oud is None,
        van_rol=oud["rol"] if oud else "", naar_rol=lid.rol,
        van_geldig_tot=oud["geldig_tot"] if oud else None, naar_geldig_tot=lid.geldig_tot,
        omschrijving=omschrijving,
    )


def _stand(lid):
    return {"organisatie": lid.organisatie, "rol": lid.rol, "werkgroeprol": lid.werkgroeprol,
            "geldig_tot": lid.geldig_tot}


def lidmaatschap_toekennen(*, traject, user, organisatie, rol, door, aanleiding,
                           werkgroeprol="", geldig_tot=None, toelichting=""):
    """Make `user` a member (or a former member one again) with these terms; logged."""
    with transaction.atomic():
        lid = (
            Lidmaatschap.objects.select_for_update().select_related("organisatie")
            .filter(user=user, traject=traject).first()
        )
        oud = _stand(lid) if lid else None
        if lid is None:
            lid = Lidmaatschap(user=user, traject=traject)
        lid.organisatie, lid.rol = organisatie, rol
        lid.werkgroeprol, lid.geldig_tot = werkgroeprol, geldig_tot
        _vastleggen(lid=lid, oud=oud, door=door, aanleiding=aanleiding, toelichting=toelichting)
    return lid


def lidmaatschap_wijzigen(*, lid, door, organisatie, rol, werkgroeprol, geldig_tot,
                          aanleiding=Aanleiding.WERKGROEP, toelichting=""):
    """The werkgroep page's edit of a membership: role, organisation and access window."""
    with transaction.atomic():
        lid = Lidmaatschap.objects.select_for_update().select_related("organisatie").get(
            pk=lid.pk
        )
        if lid.user_id == door.pk and lid.rol == Rol.COORDINATOR and rol != Rol.COORDINATOR:
            raise ValidationError(
                {"rol": _("U kunt uw eigen coördinatorrol niet opgeven.")}, code="eigen_rol"
            )
        oud = _stand(lid)
        lid.organisatie, lid.rol = organisatie, rol
        lid.werkgroeprol, lid.geldig_tot = werkgroeprol, geldig_tot
        _vastleggen(lid=lid, oud=oud, door=door, aanleiding=aanleiding, toelichting=toelichting)
    return lid


def lidmaatschap_beeindigen(*, lid, door, aanleiding=Aanleiding.BEEINDIGD, toelichting=""):
    """End access as of today. The row stays, so attendance at past meetings stays too."""
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    with transaction.atomic():
        lid = Lidmaatschap.objects.select_for_update().select_related("organisatie").get(
            pk=lid.pk
        )
        if lid.geldig_tot is not None and lid.geldig_tot <= gisteren:
            return lid
        oud = _stand(lid)
        lid.geldig_tot = gisteren
        _vastleggen(lid=lid, oud=oud, door=door, aanleiding=aanleiding, toelichting=toelichting)
    return lid


def uitnodiging_token(uitnodiging):
    return UITNODIGING_LINK.token(uitnodiging)


def uitnodiging_versturen(*, traject, email, organisatie, rol, werkgroeprol="", naam="", door):
    """Invite `email` to `traject`; the mail is written to the outbox in the same transaction."""
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
            uitnodiging.bericht = bericht_maken(
                soort="trajects.uitnodiging", aan=email, object_id=uitnodiging.pk
            )
            uitnodiging.save(update_fields=["bericht"])
    except IntegrityError:
        raise ValidationError(
            _("Er staat al een openstaande uitnodiging voor %(email)s.") % {"email": email},
            code="dubbel",
        ) from None
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
        lid = lidmaatschap_toekennen(
            traject=uitnodiging.traject, user=user, organisatie=uitnodiging.organisatie,
            rol=uitnodiging.rol, werkgroeprol=uitnodiging.werkgroeprol, geldig_tot=None,
            door=user, aanleiding=Aanleiding.UITNODIGING,
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
            if document.soort == Document.Soort.INTENTIEVERKLARING:
                document.traject.gebeurtenis(
                    Gebeurtenis.INTENTIEVERKLARING, door=door,
                    toelichting=_("Intentieverklaring geüpload: %(titel)s.")
                    % {"titel": document.titel},
                )
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
