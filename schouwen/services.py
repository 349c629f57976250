"""Workflows of schouwen: planning and invitations, capturing findings, triage, completing."""

import datetime
import hashlib
import itertools
import math
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from kvo.images import ProcessedPhoto
from kvo.kaart import KaartPunt, svg_kaart
from kvo.models import Bericht, User
from kvo.opdrachten import (
    OpdrachtVerloren,
    opdracht_aanvragen,
    opdracht_afronden,
    open_opdracht,
)
from kvo.outbox import berichten_maken, bijlage_tekst
from kvo.photos import PhotoWriter, delete_photo, photo_transaction, verify_photos
from trajects.meldingen import coordinatoren, melden
from trajects.models import Gebied, Lidmaatschap, Organisatie, Traject

from . import agenda, grafieken
from .models import (
    AARDSTRAAL_M,
    ERNST_KLEUREN,
    Bevinding,
    Categorie,
    ChecklistAntwoord,
    Checklistitem,
    Checklistsjabloon,
    Ernst,
    Foto,
    NaSluiting,
    Schouw,
    Schouwdeelnemer,
    Schouwrapport,
)

# Planning ---------------------------------------------------------------------------------------

AGENDA_VELDEN = ("begin", "einde", "verzamelpunt", "titel", "route")


def _bericht_voor(schouw: Schouw, deelnemer: Schouwdeelnemer) -> str | None:
    """What this member should receive now: 'uitnodiging', 'wijziging', 'afmelding' or None."""
    if schouw.status == Schouw.Status.GEANNULEERD or deelnemer.afgemeld:
        return "afmelding" if deelnemer.bericht_volgnummer is not None else None
    if deelnemer.bericht_volgnummer is None:
        return "uitnodiging"
    if deelnemer.bericht_volgnummer < schouw.volgnummer:
        return "wijziging"
    return None


def _berichten_versturen(schouw: Schouw) -> None:
    """Write to the outbox what each member has not had yet (invitation, update or
    cancellation, each with its .ics), in the caller's transaction."""
    berichten = []
    for deelnemer in schouw.deelnemers.select_related("lidmaatschap__user").order_by("pk"):
        soort = _bericht_voor(schouw, deelnemer)
        if soort is None:
            continue
        email = deelnemer.lidmaatschap.user.email
        method = agenda.CANCEL if soort == "afmelding" else agenda.REQUEST
        berichten.append(Bericht(
            soort="schouwen.bericht", aan=email, object_id=deelnemer.pk,
            gegevens={"soort": soort},
            bijlagen=[bijlage_tekst(
                "schouw.ics", agenda.ics(schouw, method=method, email=email),
                f"text/calendar; method={method}; charset=utf-8",
            )],
        ))
        deelnemer.bericht_volgnummer = None if soort == "afmelding" else schouw.volgnummer
        deelnemer.save(update_fields=["bericht_volgnummer"])
    berichten_maken(berichten)


def schouw_plannen(
    *, traject: Traject, titel: str, begin: datetime.datetime, einde: datetime.datetime,
    dagdeel: str, soort: str, verzamelpunt: str = "", route: str = "",
    checklist: Checklistsjabloon | None = None, deelnemers: Iterable[Lidmaatschap],
) -> Schouw:
    """Plan a schouw and invite `deelnemers` (memberships) by mail with an .ics attachment."""
    with transaction.atomic():
        schouw = Schouw.objects.create(
            traject=traject, titel=titel, begin=begin, einde=einde, dagdeel=dagdeel, soort=soort,
            verzamelpunt=verzamelpunt, route=route, checklist=checklist,
        )
        Schouwdeelnemer.objects.bulk_create(
            [Schouwdeelnemer(schouw=schouw, lidmaatschap=lid) for lid in deelnemers]
        )
        _berichten_versturen(schouw)
    return schouw


def schouw_wijzigen(
    *, schouw: Schouw, titel: str, begin: datetime.datetime, einde: datetime.datetime,
    dagdeel: str, soort: str, verzamelpunt: str, route: str,
    checklist: Checklistsjabloon | None, deelnemers: Iterable[Lidmaatschap],
    versie: int | None = None,
) -> Schouw:
    """Save changes made from `versie` (a newer saved version refuses them, see kvo.versies).
    A change of time or place sends everyone an update; members added get an invitation,
    members removed a cancellation."""
    if schouw.status not in (Schouw.Status.GEPLAND, Schouw.Status.BEZIG):
        raise ValidationError(_("Een afgeronde of geannuleerde schouw kan niet meer worden "
                                "gewijzigd."), code="niet_open")
    with transaction.atomic():
        schouw = Schouw.objects.select_for_update().get(pk=schouw.pk)
        schouw.vergrendel(versie)
        velden = {
            "titel": titel, "begin": begin, "einde": einde, "dagdeel": dagdeel, "soort": soort,
            "verzamelpunt": verzamelpunt, "route": route, "checklist": checklist,
        }
        agenda_gewijzigd = any(getattr(schouw, k) != velden[k] for k in AGENDA_VELDEN)
        for key, value in velden.items():
            setattr(schouw, key, value)
        if agenda_gewijzigd:
            schouw.volgnummer += 1
        schouw.save()
        gewenst = {lid.pk for lid in deelnemers}
        bestaand = {d.lidmaatschap_id: d for d in schouw.deelnemers.all()}
        for lid_id, deelnemer in bestaand.items():
            afgemeld = lid_id not in gewenst
            if deelnemer.afgemeld != afgemeld:
                deelnemer.afgemeld = afgemeld
                deelnemer.save(update_fields=["afgemeld", "bericht_volgnummer"])
        Schouwdeelnemer.objects.bulk_create(
            [Schouwdeelnemer(schouw=schouw, lidmaatschap_id=i) for i in gewenst - set(bestaand)]
        )
        _berichten_versturen(schouw)
    return schouw


def schouw_annuleren(*, schouw: Schouw) -> Schouw:
    with transaction.atomic():
        updated = Schouw.objects.filter(
            pk=schouw.pk, status__in=[Schouw.Status.GEPLAND, Schouw.Status.BEZIG]
        ).update(status=Schouw.Status.GEANNULEERD, volgnummer=schouw.volgnummer + 1)
        if updated != 1:
            raise ValidationError(_("Deze schouw kan niet meer worden geannuleerd."),
                                  code="niet_open")
        schouw.refresh_from_db()
        _berichten_versturen(schouw)
    return schouw


def schouw_afronden(*, schouw: Schouw) -> Schouw:
    """Complete a schouw: no more findings can be added; the report PDF is made."""
    with transaction.atomic():
        updated = Schouw.objects.filter(
            pk=schouw.pk, status__in=[Schouw.Status.GEPLAND, Schouw.Status.BEZIG]
        ).update(status=Schouw.Status.AFGEROND, afgerond_op=timezone.now())
        if updated != 1:
            raise ValidationError(_("Deze schouw is al afgerond of geannuleerd."),
                                  code="niet_open")
        schouw.refresh_from_db()
        schouwrapport_aanvragen(schouw=schouw, door=None)
    return schouw


def aanwezigheid_vastleggen(*, schouw: Schouw, aanwezig: Iterable[Schouwdeelnemer]) -> None:
    """Record who walked: `aanwezig` holds Schouwdeelnemer rows of this schouw."""
    ids = {d.pk for d in aanwezig}
    with transaction.atomic():
        schouw.deelnemers.filter(pk__in=ids).update(aanwezig=True)
        schouw.deelnemers.exclude(pk__in=ids).update(aanwezig=False)


# Findings ---------------------------------------------------------------------------------------


def verantwoordelijke_voor(categorie: Categorie, traject: Traject) -> Organisatie | None:
    """The partner organisation of `traject` usually responsible for `categorie`, or None."""
    if not categorie.verantwoordelijke_soort:
        return None
    return (
        Organisatie.objects.filter(
            partnerschappen__traject=traject, soort=categorie.verantwoordelijke_soort
        )
        .order_by("naam")
        .first()
    )


class MogelijkDubbel(ValidationError):
    """A capture near open findings of the same category, made without saying whether it is
    one of them: the caller shows `kandidaten` and asks."""

    def __init__(self, kandidaten: list[Bevinding]) -> None:
        super().__init__(_("Er staan al open bevindingen van deze categorie vlakbij. Is dit "
                           "dezelfde? Kies “Dezelfde als #…” of “Toch nieuw”."),
                         code="mogelijk_dubbel")
        self.kandidaten = kandidaten


def afstand_meters(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((phi2 - phi1) / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * AARDSTRAAL_M * math.asin(math.sqrt(a))


def ligt_bij_gebied(traject: Traject, latitude: float, longitude: float) -> bool:
    """Whether a point lies within FOTO_POSITIE_MAX_METERS of the area's centre (True when the
    area has no centre: nothing to compare with)."""
    gebied = traject.gebied
    if gebied.latitude is None or gebied.longitude is None:
        return True
    return afstand_meters(gebied.latitude, gebied.longitude, latitude,
                          longitude) <= settings.FOTO_POSITIE_MAX_METERS


def bevinding_vastleggen(
    *, schouw: Schouw, door: User, categorie: Categorie, omschrijving: str,
    ernst: str = Ernst.GEEL, organisatie: Organisatie | None = None, straat: str = "",
    huisnummer: str = "", latitude: float | None = None, longitude: float | None = None,
    melding: str = "", fotos: Iterable[File] = (), checklistitem: Checklistitem | None = None,
    client_id: uuid.UUID | None = None, dubbel_van: Bevinding | None = None,
    toch_nieuw: bool = False,
) -> Bevinding:
    """Capture a finding during a walk, with its photos. A bad photo refuses the whole finding.

    The responsible organisation comes from the category unless `organisatie` is given; without
    a map point the first photo's EXIF position is used, if it lies near the area (a photo
    taken elsewhere must not put the finding kilometres away: the page offers it instead).

    Open findings of the same category near its place (BEVINDING_DUBBEL_METERS) refuse the
    capture (MogelijkDubbel, with the candidates) unless the
    caller chose: `dubbel_van` (saved as a duplicate of that one) or `toch_nieuw`.

    `client_id` is the id the capture page made for this capture: sent again (a lost answer, a
    queue's retry, two sends at once), it returns the finding already saved and makes nothing,
    even after the schouw was closed.

    A capture with a `client_id` that arrives after the schouw was completed or cancelled (a
    phone's queue that waited for signal) is kept, with its photos, as a finding "na sluiting
    ontvangen" (`Bevinding.na_sluiting`): out of every list and count until a coordinator
    accepts it (`na_sluiting_beslissen`); the coordinators are told. It is not asked the
    duplicate question (the coordinator decides) and does not touch the closed checklist.
    Without a `client_id` a closed schouw refuses the capture.
    """
    if client_id is not None:
        bestaand = bevinding_van_vastlegging(schouw=schouw, client_id=client_id)
        if bestaand is not None:
            return bestaand
    na_sluiting = not schouw.is_open
    if na_sluiting and client_id is None:
        raise ValidationError(_("Deze schouw is afgerond; er kunnen geen bevindingen meer bij."),
                              code="niet_open")
    verwerkt = verify_photos(fotos)
    if organisatie is None:
        organisatie = verantwoordelijke_voor(categorie, schouw.traject)
    if latitude is None:
        positie = next(
            ((f.latitude, f.longitude) for f in verwerkt
             if f.latitude is not None and f.longitude is not None
             and ligt_bij_gebied(schouw.traject, f.latitude, f.longitude)), None
        )
        if positie:
            latitude, longitude = positie
    if (dubbel_van is None and not toch_nieuw and not na_sluiting and latitude is not None
            and longitude is not None):
        kandidaten = dubbelkandidaten(schouw=schouw, categorie=categorie, latitude=latitude,
                                      longitude=longitude)
        if kandidaten:
            raise MogelijkDubbel(kandidaten)
    try:
        with photo_transaction() as writer:
            bevinding = Bevinding.objects.create(
                schouw=schouw, vastgelegd_door=door, checklistitem=checklistitem,
                categorie=categorie, omschrijving=omschrijving, ernst=ernst,
                organisatie=organisatie, straat=straat, huisnummer=huisnummer,
                latitude=latitude, longitude=longitude, melding=melding, client_id=client_id,
                na_sluiting=NaSluiting.WACHT if na_sluiting else "",
            )
            if organisatie is not None:
                bevinding.status = Bevinding.Status.TOEGEWEZEN
                bevinding.save(update_fields=["status"])
            _fotos_opslaan(writer, bevinding, verwerkt, door)
            if checklistitem is not None and not na_sluiting:
                ChecklistAntwoord.objects.update_or_create(
                    schouw=schouw, item=checklistitem, defaults={"in_orde": False, "door": door}
                )
            if dubbel_van is not None:
                bevinding.markeer_als_dubbel(dubbel_van)
            if na_sluiting:
                _na_sluiting_melden(bevinding, door)
            else:
                schouw.starten()
    except IntegrityError:
        # The same capture sent twice at once: the other send saved it first (our insert
        # waited for it on the unique constraint); this one's rows and files are rolled back.
        bestaand = (bevinding_van_vastlegging(schouw=schouw, client_id=client_id)
                    if client_id is not None else None)
        if bestaand is None:
            raise
        return bestaand
    return bevinding


def dubbelkandidaten(
    *, schouw: Schouw, categorie: Categorie, latitude: float, longitude: float
) -> list[Bevinding]:
    """Open findings of the trajectory in `categorie` near the point, nearest first (at most
    five), with their photos: what a new capture there may duplicate."""
    return list(
        Bevinding.objects.van_traject(schouw.traject)
        .dubbelkandidaten(categorie=categorie, latitude=latitude, longitude=longitude)
        .select_related("schouw", "categorie")
        .prefetch_related(Prefetch("fotos", queryset=Foto.objects.order_by("pk")))[:5]
    )


def bevinding_van_vastlegging(*, schouw: Schouw, client_id: uuid.UUID) -> Bevinding | None:
    """The finding of `schouw` already saved for the capture `client_id` (also one kept "na
    sluiting", waiting or refused), or None."""
    return Bevinding.alle.filter(schouw=schouw, client_id=client_id).first()


def _na_sluiting_melden(bevinding: Bevinding, door: User) -> None:
    schouw = bevinding.schouw
    melden(
        soort="schouwen.na_sluiting", ontvangers=coordinatoren(schouw.traject),
        traject=schouw.traject, url=schouw.get_absolute_url() + "#na-sluiting", doel=bevinding,
        gegevens={"schouw": schouw.titel, "door": str(door)},
        sleutel=f"schouwen.na_sluiting:{bevinding.pk}", door=door,
    )


def na_sluiting_beslissen(*, bevinding: Bevinding, aanvaard: bool, door: User) -> Bevinding:
    """The coordinator accepts (a finding of the schouw like any other from now on) or refuses
    (kept, out of sight, with who and when) a capture that arrived after the schouw was
    closed; who captured it is told. A second decision is refused (ValidationError)."""
    with transaction.atomic():
        bevinding.na_sluiting_beslissen(aanvaard=aanvaard, door=door)
        schouw = bevinding.schouw
        melden(
            soort="schouwen.na_sluiting_besluit", ontvangers=[bevinding.vastgelegd_door],
            traject=schouw.traject,
            url=bevinding.get_absolute_url() if aanvaard else schouw.get_absolute_url(),
            doel=bevinding,
            gegevens={"schouw": schouw.titel, "bevinding": str(bevinding), "aanvaard": aanvaard},
            sleutel=f"schouwen.na_sluiting_besluit:{bevinding.pk}", door=door,
        )
    return bevinding


def fotos_toevoegen(*, bevinding: Bevinding, door: User, fotos: Iterable[File]) -> int:
    verwerkt = verify_photos(fotos)
    with photo_transaction() as writer:
        _fotos_opslaan(writer, bevinding, verwerkt, door)
    return len(verwerkt)


def _fotos_opslaan(
    writer: PhotoWriter, bevinding: Bevinding, verwerkt: Iterable[ProcessedPhoto], door: User
) -> None:
    for foto in verwerkt:
        writer.save(Foto(
            bevinding=bevinding, latitude=foto.latitude, longitude=foto.longitude,
            genomen=timezone.make_aware(foto.taken_at) if foto.taken_at else None,
            geupload_door=door,
        ), foto)


def foto_verwijderen(*, foto: Foto) -> None:
    delete_photo(foto)


def checklist_invullen(
    *, schouw: Schouw, door: User, antwoorden: Mapping[Checklistitem, bool]
) -> list[Checklistitem]:
    """Record checklist answers ({item: in_orde}); returns the items found not in order that
    have no finding yet, so the caller can open the capture form for them."""
    if not schouw.is_open:
        raise ValidationError(_("Deze schouw is afgerond; de checklist is gesloten."),
                              code="niet_open")
    with transaction.atomic():
        for item, in_orde in antwoorden.items():
            ChecklistAntwoord.objects.update_or_create(
                schouw=schouw, item=item, defaults={"in_orde": in_orde, "door": door}
            )
        schouw.starten()
    met_bevinding = set(
        schouw.bevindingen.filter(checklistitem__isnull=False).values_list(
            "checklistitem_id", flat=True)
    )
    return [i for i, in_orde in antwoorden.items() if not in_orde and i.pk not in met_bevinding]


# Report -----------------------------------------------------------------------------------------


def schouwrapport_aanvragen(*, schouw: Schouw, door: User | None) -> Schouwrapport:
    """Request a new PDF of the schouw report (a job, kvo/opdrachten.py); the worker makes and
    stores it.

    One report is made at a time per schouw: while one is requested or being made, a second
    request joins it (gets that report back) instead of starting another. The schouw row is
    locked so two simultaneous requests cannot both start one.
    """
    with transaction.atomic():
        Schouw.objects.select_for_update().filter(pk=schouw.pk).first()
        bezig = open_opdracht(schouw.rapporten.all())
        if bezig is not None:
            return bezig
        rapport = Schouwrapport.objects.create(schouw=schouw, aangevraagd_door=door)
        opdracht_aanvragen(rapport)
    return rapport


def schouwrapport_context(schouw: Schouw) -> dict[str, Any]:
    """Everything the report shows (page and PDF), in a fixed number of queries."""
    from .models import Foto as FotoModel

    deelnemers = list(
        schouw.deelnemers.filter(afgemeld=False).select_related(
            "lidmaatschap__user", "lidmaatschap__organisatie"
        )
    )
    aanwezig_per_organisatie: dict[Organisatie, list[User]] = {}
    for deelnemer in deelnemers:
        if deelnemer.aanwezig:
            org = deelnemer.lidmaatschap.organisatie
            aanwezig_per_organisatie.setdefault(org, []).append(deelnemer.lidmaatschap.user)
    bevindingen = list(
        schouw.bevindingen.exclude(status=Bevinding.Status.DUBBEL)
        .select_related("categorie", "organisatie")
        .prefetch_related(Prefetch("fotos", queryset=FotoModel.objects.order_by("pk")))
        .order_by("categorie__thema", "categorie__volgorde", "categorie__naam", "aangemaakt")
    )
    themas = [
        (thema or _("Overig"), list(groep))
        for thema, groep in itertools.groupby(bevindingen, key=lambda b: b.categorie.thema)
    ]
    # One number per finding, in the order of the list, the same on the map.
    genummerd = list(enumerate(bevindingen, start=1))
    for nummer, bevinding in genummerd:
        setattr(bevinding, "nummer", nummer)  # noqa: B010 (shown by the template)
    per_ernst: dict[str, int] = {}
    for bevinding in bevindingen:
        per_ernst[bevinding.get_ernst_display()] = per_ernst.get(
            bevinding.get_ernst_display(), 0) + 1
    return {
        "schouw": schouw,
        "traject": schouw.traject,
        "deelnemers": deelnemers,
        "aanwezig_per_organisatie": sorted(
            aanwezig_per_organisatie.items(), key=lambda kv: kv[0].naam
        ),
        "themas": themas,
        "aantal_bevindingen": len(bevindingen),
        "per_categorie": grafieken.per_categorie(schouw.bevindingen.all(),
                                                 id="rapport-per-categorie"),
        "per_ernst": per_ernst,
        "kaart": schouwkaart(schouw.traject.gebied, genummerd),
        "zonder_positie": [n for n, b in genummerd if not b.heeft_positie],
        "antwoorden": list(
            schouw.antwoorden.select_related("item__thema").order_by(
                "item__thema__volgorde", "item__volgorde")
        ),
    }


def schouwkaart(gebied: Gebied, genummerd: list[tuple[int, Bevinding]]) -> str:
    """The report's map: the numbered findings (coloured by severity) over the area's outline
    and streets, as SVG drawn here (no tiles). Empty when nothing has a position."""
    punten = [
        KaartPunt(lat=b.latitude, lon=b.longitude, label=str(nummer),
                  kleur=ERNST_KLEUREN.get(b.ernst, "#495057"),
                  titel=f"{nummer}. {b.categorie}: {b.adres}".rstrip(": "))
        for nummer, b in genummerd if b.latitude is not None and b.longitude is not None
    ]
    if not punten:
        return ""
    return svg_kaart(
        punten=punten, grens=gebied.grenslijnen, straten=gebied.stratenlijnen,
        titel=_("Kaart van de bevindingen in %(gebied)s") % {"gebied": gebied.naam},
    )


def schouwrapport_maken(*, rapport: Schouwrapport) -> Schouwrapport:
    """Render the PDF of `rapport` and store it with a timestamp and hash in its name."""
    from kvo.pdf import render_pdf

    schouw = Schouw.objects.select_related("traject__gebied").get(pk=rapport.schouw_id)
    pdf = render_pdf("pdf/schouwrapport.html", {
        **schouwrapport_context(schouw), "gemaakt": timezone.now(), "pdf": True,
    })
    digest = hashlib.sha256(pdf).hexdigest()
    naam = f"schouwrapport-{schouw.pk}-{timezone.now():%Y%m%d-%H%M%S}-{digest[:12]}.pdf"
    rapport.bestand.save(naam, ContentFile(pdf), save=False)
    try:
        if not opdracht_afronden(rapport, bestand=rapport.bestand.name, sha256=digest,
                                 klaar=timezone.now()):
            raise OpdrachtVerloren(rapport)
    except Exception:
        rapport.bestand.delete(save=False)
        raise
    rapport.refresh_from_db()
    return rapport
