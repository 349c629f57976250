"""Workflows of the trajects app: invitations, memberships, documents, trajectories."""

import datetime
from collections.abc import Collection, Iterable
from typing import TypedDict

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kvo.links import LinkPurpose
from kvo.models import User
from kvo.outbox import bericht_maken

from .meldingen import coordinatoren, melden
from .models import (
    Aanwezigheid,
    Document,
    DocumentVersie,
    FaseWijziging,
    Gebeurtenis,
    Gebied,
    Lidmaatschap,
    LidmaatschapWijziging,
    Organisatie,
    Overleg,
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


def traject_aanmaken(
    *, naam: str, gebied: Gebied, schemaversie: str, startdatum: datetime.date,
    procesbegeleider: Organisatie | None = None, omschrijving: str = "", door: User,
    organisatie: Organisatie,
) -> Traject:
    """Create a trajectory; its creator becomes coordinator for `organisatie`."""
    with transaction.atomic():
        traject = Traject.objects.create(
            naam=naam, gebied=gebied, schemaversie=schemaversie, startdatum=startdatum,
            procesbegeleider=procesbegeleider, omschrijving=omschrijving,
        )
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


class Stand(TypedDict):
    """The terms of a membership that the log compares."""

    organisatie: Organisatie
    rol: str
    werkgroeprol: str
    geldig_tot: datetime.date | None


def _omschrijving(oud: Stand | None, nieuw: Stand) -> str:
    """The changed organisation and werkgroep role, in words, for the log."""
    delen = []
    if oud is None or oud["organisatie"] != nieuw["organisatie"]:
        delen.append(_("organisatie: %(org)s") % {"org": nieuw["organisatie"]})
    if oud is None or oud["werkgroeprol"] != nieuw["werkgroeprol"]:
        label = Werkgroeprol(nieuw["werkgroeprol"]).label
        delen.append(_("rol in de werkgroep: %(rol)s") % {"rol": str(label).lower()})
    return "; ".join(delen)


def _vastleggen(
    *, lid: Lidmaatschap, oud: Stand | None, door: User | None, aanleiding: str,
    toelichting: str = "",
) -> LidmaatschapWijziging | None:
    """Save `lid` and log the change from `oud` (None: new); nothing changed, nothing logged."""
    nieuw = _stand(lid)
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


def _stand(lid: Lidmaatschap) -> Stand:
    return {"organisatie": lid.organisatie, "rol": lid.rol, "werkgroeprol": lid.werkgroeprol,
            "geldig_tot": lid.geldig_tot}


def lidmaatschap_toekennen(
    *, traject: Traject, user: User, organisatie: Organisatie, rol: str, door: User | None,
    aanleiding: str, werkgroeprol: str = "", geldig_tot: datetime.date | None = None,
    toelichting: str = "",
) -> Lidmaatschap:
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


def lidmaatschap_wijzigen(
    *, lid: Lidmaatschap, door: User, organisatie: Organisatie, rol: str, werkgroeprol: str,
    geldig_tot: datetime.date | None, aanleiding: str = Aanleiding.WERKGROEP,
    toelichting: str = "",
) -> Lidmaatschap:
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


def lidmaatschap_beeindigen(
    *, lid: Lidmaatschap, door: User | None, aanleiding: str = Aanleiding.BEEINDIGD,
    toelichting: str = "",
) -> Lidmaatschap:
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


def uitnodiging_token(uitnodiging: Uitnodiging) -> str:
    return UITNODIGING_LINK.token(uitnodiging)


def uitnodiging_versturen(
    *, traject: Traject, email: str, organisatie: Organisatie, rol: str, werkgroeprol: str = "",
    naam: str = "", door: User,
) -> Uitnodiging:
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


def uitnodiging_intrekken(*, uitnodiging: Uitnodiging) -> None:
    Uitnodiging.objects.filter(pk=uitnodiging.pk, geaccepteerd__isnull=True).update(
        ingetrokken=timezone.now()
    )


def uitnodiging_uit_token(token: str) -> Uitnodiging:
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


def uitnodiging_accepteren(
    *, uitnodiging: Uitnodiging, user: User | None = None, naam: str = "",
    wachtwoord: str | None = None,
) -> tuple[User, Lidmaatschap]:
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
        traject = uitnodiging.traject
        melden(
            soort="trajects.uitnodiging_geaccepteerd", traject=traject, door=user,
            ontvangers=[uitnodiging.uitgenodigd_door, *coordinatoren(traject)],
            url=reverse("trajects:leden", args=[traject.pk]), doel=lid,
            gegevens={"naam": str(user), "traject": traject.naam,
                      "organisatie": uitnodiging.organisatie.naam},
            sleutel=f"uitnodiging:{uitnodiging.pk}",
        )
    return user, lid


def document_versie_toevoegen(
    *, document: Document, bestand: File, content_type: str, door: User, toelichting: str = "",
    versie: int | None = None,
) -> DocumentVersie:
    """Store `bestand` as the next version of `document`; earlier versions stay. With `versie`
    (the document version the uploader saw), an upload made without seeing a newer version
    someone else added meanwhile is refused (kvo.versies)."""
    with transaction.atomic():
        # Lock the document row so two uploads at once get consecutive numbers.
        document.vergrendel(versie)
        document.save(update_fields=[])
        laatste = document.versies.order_by("-nummer").values_list("nummer", flat=True).first()
        naam = bestand.name or "document"  # an upload always has a name
        rij = DocumentVersie(
            document=document,
            nummer=(laatste or 0) + 1,
            bestandsnaam=naam[:255],
            content_type=content_type,
            grootte=bestand.size,
            sha256=DocumentVersie.hash_of(bestand),
            toelichting=toelichting,
            geupload_door=door,
        )
        rij.bestand.save(naam, bestand, save=False)
        try:
            rij.save()
            if document.soort == Document.Soort.INTENTIEVERKLARING:
                document.traject.gebeurtenis(
                    Gebeurtenis.INTENTIEVERKLARING, door=door,
                    toelichting=_("Intentieverklaring geüpload: %(titel)s.")
                    % {"titel": document.titel},
                )
        except Exception:
            rij.bestand.delete(save=False)
            raise
    return rij


def overleg_aanwezigheid_vastleggen(
    *, overleg: Overleg, leden: Iterable[Lidmaatschap], aanwezig_ids: Collection[int]
) -> None:
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


def document_aanmaken(
    *, traject: Traject, soort: str, titel: str, organisatie: Organisatie | None, bestand: File,
    content_type: str, door: User,
) -> Document:
    with transaction.atomic():
        document = Document.objects.create(
            traject=traject, soort=soort, titel=titel, organisatie=organisatie
        )
        document_versie_toevoegen(
            document=document, bestand=bestand, content_type=content_type, door=door
        )
    return document
