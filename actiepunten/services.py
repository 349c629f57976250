"""Workflows of the action plan: creating items, bulk status, the entrepreneur's link."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kvo.links import LinkPurpose
from kvo.models import Bericht, User
from kvo.outbox import bericht_maken
from kvo.photos import photo_transaction, verify_photos
from kvo.versies import per_versie
from trajects.meldingen import coordinatoren, melden
from trajects.models import Organisatie, Traject

from .models import (
    OPEN_STATUSSEN,
    Actiepunt,
    Bewijsfoto,
    Bron,
    Doel,
    Opmerking,
    Prioriteit,
    Status,
)

if TYPE_CHECKING:
    from schouwen.models import Bevinding

LINK_SALT = "actiepunten.extern"
EXTERNE_LINK = LinkPurpose(
    salt=LINK_SALT,
    id_key="a",
    nonce_field="link_nonce",
    max_age_setting="ACTIEPUNT_LINK_MAX_AGE_DAYS",
    expired_message=gettext_lazy("Deze link is verlopen. Vraag de coördinator om een nieuwe."),
    invalid_message=gettext_lazy("Deze link is ongeldig."),
    revoked_message=gettext_lazy(
        "Deze link werkt niet meer. Vraag de coördinator om een nieuwe."
    ),
)


def actiepunt_aanmaken(
    *, traject: Traject, door: User | None, titel: str, omschrijving: str = "",
    doel: Doel | None = None, bron: str = Bron.OVERIG, organisatie: Organisatie | None = None,
    verantwoordelijke: User | None = None, uitvoerder: Organisatie | None = None,
    extern_email: str = "", prioriteit: str = Prioriteit.MIDDEN,
    deadline: datetime.date | None = None,
) -> Actiepunt:
    with transaction.atomic():
        actiepunt = Actiepunt(
            traject=traject, titel=titel, omschrijving=omschrijving, doel=doel, bron=bron,
            organisatie=organisatie, verantwoordelijke=verantwoordelijke, uitvoerder=uitvoerder,
            extern_email=extern_email, prioriteit=prioriteit, deadline=deadline,
        )
        actiepunt._history_user = door
        actiepunt.save()
        if actiepunt.extern_email:
            _link_mailen(actiepunt)
    return actiepunt


def actiepunt_bijwerken(
    *, actiepunt: Actiepunt, versie: int | None, door: User, extern_email_was: str
) -> Actiepunt:
    """Save form changes (stale forms refused); a new external address gets a new link and
    the old address's links stop working."""
    with transaction.atomic():
        actiepunt.opslaan(versie=versie, door=door)
        if actiepunt.extern_email != extern_email_was:
            EXTERNE_LINK.revoke(actiepunt)
            if actiepunt.extern_email:
                _link_mailen(actiepunt)
    return actiepunt


def actiepunten_status_wijzigen(
    *, actiepunten: Iterable[Actiepunt], versies: Mapping[int, int | None], status: str,
    door: User, coordinator: bool,
) -> tuple[list[Actiepunt], list[Actiepunt], list[Actiepunt]]:
    """Change the status of many items at once, each through the transition table and only
    if it is still the version the page showed (`versies`: {pk: versie}).

    Returns (changed, stale, refused): stale items changed since the page was shown (someone
    reported one done meanwhile) and refused ones (transition not allowed) stay as they are.
    Items reported done are told to the coordinators and their owners, as one by one.
    """
    def wijzig(actiepunt: Actiepunt, versie: int) -> None:
        actiepunt.naar_status(
            status, door=door, coordinator=coordinator, versie=versie,
            reden=_("Bulkwijziging"),
        )
        if status == Status.GEREED:  # told as when reported one by one
            gereed_gemeld(actiepunt=actiepunt, door=door, wie=str(door))

    gewijzigd, verouderd, geweigerd = per_versie(actiepunten, versies, wijzig)
    return gewijzigd, verouderd, [actiepunt for actiepunt, _fout in geweigerd]


def actiepunt_status_wijzigen(
    *, actiepunt: Actiepunt, status: str, door: User, coordinator: bool, versie: int | None,
    toelichting: str = "",
) -> Actiepunt:
    """One item to `status` (through the transition table, from the version shown); a report
    of done is told to the coordinators and the item's owner."""
    with transaction.atomic():
        actiepunt.naar_status(
            status, door=door, coordinator=coordinator, versie=versie, toelichting=toelichting,
            reden=toelichting,
        )
        if status == Status.GEREED:
            gereed_gemeld(actiepunt=actiepunt, door=door, wie=str(door))
    return actiepunt


def gereed_gemeld(*, actiepunt: Actiepunt, door: User | None, wie: str) -> None:
    """Tell the coordinators and the responsible person that `wie` reported the item done
    (once per report; not the one who reported it)."""
    traject = actiepunt.traject
    melden(
        soort="actiepunten.gereed", traject=traject, door=door,
        ontvangers=[*coordinatoren(traject), actiepunt.verantwoordelijke],
        url=actiepunt.get_absolute_url(), doel=actiepunt,
        gegevens={"wie": wie, "titel": actiepunt.titel, "traject": traject.naam},
        sleutel=f"actiepunt:{actiepunt.pk}:gereed:{actiepunt.gereed_op:%Y%m%d%H%M%S%f}",
    )


def opmerking_toevoegen(
    *, actiepunt: Actiepunt, tekst: str, auteur: User | None = None, extern_email: str = ""
) -> Opmerking:
    return Opmerking.objects.create(
        actiepunt=actiepunt, tekst=tekst, auteur=auteur, extern_email=extern_email
    )


# The entrepreneur's link -------------------------------------------------------------------

def link_token(actiepunt: Actiepunt) -> str:
    return EXTERNE_LINK.token(actiepunt)


def actiepunt_uit_token(pk: int, token: str) -> Actiepunt:
    """The item a link opens, or ValidationError. The token must be signed by us, not
    expired, made for this very item and not revoked (a report of done revokes it)."""
    return EXTERNE_LINK.load(
        token,
        Actiepunt.objects.select_related("traject", "organisatie").exclude(extern_email=""),
        pk=pk,
    )


LINK_MAIL = "actiepunten.link"


def link_versturen(*, actiepunt: Actiepunt) -> tuple[Bericht, bool]:
    """Mail the entrepreneur the link again (through the outbox). Returns the mail and
    whether it is new: while the link mail to this address still waits in the outbox (just
    written on save, or by a press a moment ago), that one goes and no second is written."""
    if not actiepunt.extern_email:
        raise ValidationError(
            _("Dit actiepunt heeft geen e-mailadres van een ondernemer."), code="geen_email"
        )
    with transaction.atomic():
        Actiepunt.objects.select_for_update().filter(pk=actiepunt.pk).first()
        wachtend = link_bericht(actiepunt)
        if wachtend is not None and wachtend.is_open:
            return wachtend, False
        return _link_mailen(actiepunt), True


def _link_mailen(actiepunt: Actiepunt) -> Bericht:
    return bericht_maken(soort=LINK_MAIL, aan=actiepunt.extern_email, object_id=actiepunt.pk)


def link_bericht(actiepunt: Actiepunt) -> Bericht | None:
    """The last link mail to the item's current address (None if there is none)."""
    return (
        Bericht.objects.filter(soort=LINK_MAIL, object_id=actiepunt.pk, aan=actiepunt.extern_email)
        .order_by("-pk").first()
    )


def extern_gereed_melden(*, actiepunt: Actiepunt, toelichting: str) -> Actiepunt:
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
        EXTERNE_LINK.revoke(actiepunt)
        gereed_gemeld(actiepunt=actiepunt, door=None, wie=actiepunt.extern_email)
    return actiepunt


# Findings of a schouw → action items --------------------------------------------------------

def _titel_van(bevinding: Bevinding) -> str:
    titel = f"{bevinding.categorie}: {bevinding.omschrijving}"
    return titel if len(titel) <= 200 else titel[:199] + "…"


def _omschrijving_van(bevindingen: Iterable[Bevinding]) -> str:
    regels = []
    for b in bevindingen:
        plek = f" ({b.adres})" if b.adres else ""
        melding = _(" [melding %(nr)s]") % {"nr": b.melding} if b.melding else ""
        regels.append(f"- {b.categorie}{plek}: {b.omschrijving}{melding}")
    return "\n".join(regels)


def bevindingen_omzetten(
    *, traject: Traject, bevindingen: Iterable[Bevinding], door: User, samenvoegen: bool = False,
    titel: str = "", doel: Doel | None = None, deadline: datetime.date | None = None,
) -> list[Actiepunt]:
    """Turn findings into action items: one per finding, or one for all of them together.
    The link is kept both ways (Actiepunt.bevindingen / Bevinding.actiepunten) and each
    finding is marked as having become an action item."""
    from schouwen.models import Bevinding

    bevindingen = list(bevindingen)
    if not bevindingen:
        raise ValidationError(_("Kies ten minste één bevinding."), code="geen")
    if any(b.schouw.traject_id != traject.pk for b in bevindingen):
        raise ValidationError(_("Alle bevindingen moeten uit dit traject komen."), code="traject")
    with transaction.atomic():
        ids = [b.pk for b in bevindingen]
        # Lock the findings: two coordinators converting the same finding make one item.
        vergrendeld = list(Bevinding.objects.select_for_update().filter(pk__in=ids)
                           .order_by("pk").values_list("pk", flat=True))
        if len(vergrendeld) != len(ids):
            raise ValidationError(_("Een van de bevindingen bestaat niet meer."), code="weg")
        al_gekoppeld = Actiepunt.bevindingen.through.objects.filter(bevinding_id__in=ids)
        if al_gekoppeld.exists() or any(b.status == Bevinding.Status.DUBBEL for b in bevindingen):
            raise ValidationError(
                _("Een of meer bevindingen hebben al een actiepunt of zijn dubbel. "
                  "Vernieuw de lijst en kies opnieuw."),
                code="al_gekoppeld",
            )
        groepen = [bevindingen] if samenvoegen else [[b] for b in bevindingen]
        actiepunten = []
        for groep in groepen:
            organisaties = {b.organisatie_id for b in groep}
            actiepunt = Actiepunt(
                traject=traject, doel=doel, bron=Bron.SCHOUW,
                titel=(titel if samenvoegen and titel else _titel_van(groep[0])),
                omschrijving=_omschrijving_van(groep),
                organisatie=groep[0].organisatie if len(organisaties) == 1 else None,
                deadline=deadline,
                prioriteit=_prioriteit_van(groep),
            )
            actiepunt._history_user = door
            actiepunt._change_reason = _("Gemaakt van schouwbevinding(en)")
            actiepunt.save()
            actiepunt.bevindingen.set(groep)
            actiepunten.append(actiepunt)
        for bevinding in bevindingen:
            bevinding.markeer_als_actiepunt()
    return actiepunten


def actiepunten_meeverhuizen(
    *, bevindingen: Iterable[Bevinding], organisatie: Organisatie, door: User | None = None,
) -> tuple[int, int]:
    """The findings were given to `organisatie` (schouwen's triage): their open action items go
    along, in the caller's transaction. An item that also follows a finding of another
    organisation stays where it is; a responsible person who is not of the new organisation in
    this trajectory is cleared. Done, verified and cancelled items stay as they are.
    Returns (moved, left)."""
    from trajects.models import Lidmaatschap

    ids = list(
        Actiepunt.objects.filter(bevindingen__in=[b.pk for b in bevindingen],
                                 status__in=OPEN_STATUSSEN)
        .exclude(organisatie=organisatie).values_list("pk", flat=True).distinct()
    )
    verhuisd = gebleven = 0
    with transaction.atomic():
        for actiepunt in (Actiepunt.objects.select_for_update().filter(pk__in=ids)
                          .order_by("pk").prefetch_related("bevindingen")):
            if any(b.organisatie_id != organisatie.pk for b in actiepunt.bevindingen.all()):
                gebleven += 1
                continue
            actiepunt.organisatie = organisatie
            if actiepunt.verantwoordelijke_id and not Lidmaatschap.objects.filter(
                traject_id=actiepunt.traject_id, organisatie=organisatie,
                user_id=actiepunt.verantwoordelijke_id,
            ).exists():
                actiepunt.verantwoordelijke = None
            actiepunt._history_user = door
            actiepunt._change_reason = _("Organisatie gewijzigd met de schouwbevinding")
            actiepunt.save()
            verhuisd += 1
    return verhuisd, gebleven


def open_actiepunten_per_bevinding(bevindingen: Iterable[Bevinding]) -> dict[int, int]:
    """{finding id: number of its open action items}, one query."""
    return dict(
        Actiepunt.objects.filter(bevindingen__in=[b.pk for b in bevindingen],
                                 status__in=OPEN_STATUSSEN)
        .values_list("bevindingen").annotate(aantal=Count("pk", distinct=True))
        .values_list("bevindingen", "aantal")
    )


def _prioriteit_van(bevindingen: Iterable[Bevinding]) -> str:
    from schouwen.models import Ernst

    ernst = {b.ernst for b in bevindingen}
    if ernst & {Ernst.ROOD, Ernst.ORANJE}:
        return Prioriteit.HOOG
    if Ernst.GEEL in ernst:
        return Prioriteit.MIDDEN
    return Prioriteit.LAAG


# Evidence photos ----------------------------------------------------------------------------

def bewijsfotos_toevoegen(
    *, actiepunt: Actiepunt, bestanden: Iterable[File], door: User | None = None,
    extern_email: str = "",
) -> list[Bewijsfoto]:
    """Verify and store evidence photos. All or nothing: one bad file refuses them all,
    and no file is left behind in media."""
    verwerkt = verify_photos(bestanden)
    with photo_transaction() as writer:
        return [
            writer.save(
                Bewijsfoto(actiepunt=actiepunt, geupload_door=door, extern_email=extern_email),
                foto,
            )
            for foto in verwerkt
        ]
