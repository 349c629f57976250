"""Workflows of the survey: metingen, recipients, invitations, reminders, answers, incidents."""

import datetime
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kvo.links import LinkPurpose
from kvo.models import Bericht, User
from kvo.outbox import berichten_maken
from trajects.models import Traject

from .csvimport import beperk, lees_csv
from .models import (
    Antwoord,
    Concept,
    Herinnering,
    Herinneringsronde,
    Incidentcijfer,
    Inzending,
    Meting,
    Ontvanger,
    Sjabloon,
    Vraag,
)

TOKEN_SALT = "enquetes.ontvanger"
ONTVANGER_LINK = LinkPurpose(
    salt=TOKEN_SALT,
    id_key="o",
    max_age_setting="ENQUETE_LINK_MAX_AGE_DAYS",
    expired_message=gettext_lazy(
        "Deze link is verlopen. Vraag de organisatie van de enquête om een nieuwe link."
    ),
    invalid_message=gettext_lazy("Deze link is ongeldig."),
)

ONTVANGER_KOLOMMEN = {
    "bedrijfsnaam": {"bedrijf", "naam", "onderneming", "bedrijfsnaamhandelsnaam", "handelsnaam",
                     "organisatie", "naambedrijf", "winkel"},
    "email": {"emailadres", "mail", "mailadres", "email1", "emailadresbedrijf"},
    "adres": {"straat", "straatennummer", "straathuisnummer", "adresenhuisnummer",
              "vestigingsadres", "bezoekadres", "straatnr"},
    "postcode": set(),
    "plaats": {"woonplaats", "vestigingsplaats"},
}
INCIDENT_KOLOMMEN = {
    "bron": {"organisatie", "instantie", "dienst"},
    "jaar": {"periode"},
    "soort": {"soortincident", "incident", "incidentsoort", "categorie", "type", "delict",
              "maatschappelijkeklasse"},
    "aantal": {"aantallen", "totaal", "geregistreerd", "aantalincidenten"},
}


def _max_bytes() -> int:
    return int(settings.ENQUETE_CSV_MAX_MB * 1024 * 1024)


# Metingen --------------------------------------------------------------------------------------

def meting_aanmaken(
    *, traject: Traject, basis: Sjabloon, naam: str, start: datetime.date, einde: datetime.date,
    responsdoel: int, inleiding: str = "", automatisch_herinneren: bool = False,
) -> Meting:
    """A new meting with its own copy of the questions of template `basis`."""
    with transaction.atomic():
        laatste = traject.metingen.aggregate(m=Max("nummer"))["m"]
        meting = Meting(
            traject=traject, naam=naam, start=start, einde=einde, responsdoel=responsdoel,
            inleiding=inleiding, automatisch_herinneren=automatisch_herinneren,
            nummer=0 if laatste is None else laatste + 1,
        )
        meting.sjabloon = basis.kopieer(traject=traject, naam=naam)
        meting.save()
    return meting


def meting_sluiten(*, meting: Meting, door: User) -> Meting:
    """Close the survey now (the coordinator's button): no more answers, invitations or
    reminders; the results and the readiness take it as completed. Once only."""
    if meting.start > timezone.localdate():
        raise ValidationError(
            _("Deze meting is nog niet begonnen; sluiten kan pas vanaf de startdatum."),
            code="niet_begonnen",
        )
    gesloten = Meting.objects.filter(pk=meting.pk, gesloten__isnull=True).update(
        gesloten=timezone.now(), gesloten_door=door, versie=F("versie") + 1
    )
    if gesloten != 1:
        raise ValidationError(_("Deze meting is al gesloten."), code="al_gesloten")
    meting.refresh_from_db()
    return meting


def _vragen_nog_open(meting: Meting) -> None:
    """Questions are fixed once invitations went out: every answer must mean the same question."""
    if meting.vragen_vast:
        raise ValidationError(
            _("De uitnodigingen zijn al verstuurd; de vragen liggen vast."), code="vast"
        )


def vraag_opslaan(*, meting: Meting, vraag: Vraag) -> Vraag:
    """Save a new or changed question of `meting`; questions are fixed once invitations went out."""
    _vragen_nog_open(meting)
    with transaction.atomic():
        vraag.sjabloon = meting.sjabloon
        if not vraag.code:
            bestaande = set(meting.sjabloon.vragen.values_list("code", flat=True))
            vraag.code = Vraag.maak_code(vraag.tekst, bestaande)
        if vraag.pk is None and not vraag.volgorde:
            laatste = meting.sjabloon.vragen.aggregate(m=Max("volgorde"))["m"] or 0
            vraag.volgorde = laatste + 10
        vraag.save()
    return vraag


def vraag_verwijderen(*, meting: Meting, vraag: Vraag) -> None:
    _vragen_nog_open(meting)
    vraag.delete()


# Recipients -----------------------------------------------------------------------------------

def ontvangers_importeren(*, meting: Meting, bestand: File) -> tuple[int, int]:
    """Add the businesses in CSV `bestand` to `meting`. The whole file is checked first; with any
    error nothing is stored. Rows with the same e-mail address (in the file or already in the
    meting) are merged. Returns (added, merged)."""
    regels = lees_csv(
        bestand, kolommen=ONTVANGER_KOLOMMEN, verplicht=["bedrijfsnaam", "email"],
        max_bytes=_max_bytes(),
    )
    fouten: list[str] = []
    per_email: dict[str, tuple[str, str]] = {}
    for regel in regels:
        w = regel.waarden
        email = w["email"].strip().lower()
        naam = w["bedrijfsnaam"]
        adres = ", ".join(
            deel for deel in (w.get("adres", ""), " ".join(
                d for d in (w.get("postcode", ""), w.get("plaats", "")) if d
            )) if deel
        )
        if not email:
            fouten.append(
                _("Regel %(regel)s: het e-mailadres ontbreekt.") % {"regel": regel.nummer}
            )
            continue
        try:
            validate_email(email)
        except ValidationError:
            fouten.append(_("Regel %(regel)s: ‘%(email)s’ is geen geldig e-mailadres.")
                          % {"regel": regel.nummer, "email": w["email"][:100]})
            continue
        if not naam:
            fouten.append(
                _("Regel %(regel)s: de bedrijfsnaam ontbreekt.") % {"regel": regel.nummer}
            )
            continue
        if len(naam) > 200 or len(adres) > 250:
            fouten.append(_("Regel %(regel)s: de bedrijfsnaam of het adres is te lang.")
                          % {"regel": regel.nummer})
            continue
        if email in per_email:
            eerder = per_email[email]
            per_email[email] = (eerder[0], eerder[1] or adres)
        else:
            per_email[email] = (naam, adres)
    if fouten:
        raise ValidationError(beperk(fouten), code="regels")

    with transaction.atomic():
        bestaand = {
            o.email.lower(): o
            for o in meting.ontvangers.select_for_update()
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=list(per_email))
        }
        nieuw, samengevoegd = [], []
        for email, (naam, adres) in per_email.items():
            ontvanger = bestaand.get(email)
            if ontvanger is None:
                nieuw.append(Ontvanger(meting=meting, email=email, bedrijfsnaam=naam, adres=adres))
            elif not ontvanger.adres and adres:
                ontvanger.adres = adres
                samengevoegd.append(ontvanger)
        Ontvanger.objects.bulk_create(nieuw, batch_size=1000)
        Ontvanger.objects.bulk_update(samengevoegd, ["adres"], batch_size=1000)
    # Every line that did not become a new recipient was merged: with an earlier line of the
    # file or with a recipient already there.
    return len(nieuw), len(regels) - len(nieuw)


def ontvanger_toevoegen(
    *, meting: Meting, bedrijfsnaam: str, email: str, adres: str = ""
) -> Ontvanger:
    """Add one recipient by hand (someone missing from the imported list)."""
    if meting.is_gesloten:
        raise ValidationError(_("De meting is gesloten."), code="gesloten")
    email = email.strip().lower()
    with transaction.atomic():
        Meting.objects.select_for_update().filter(pk=meting.pk).first()
        if meting.ontvangers.filter(email__iexact=email).exists():
            raise ValidationError(
                {"email": _("%(email)s staat al bij de ontvangers van deze meting.")
                 % {"email": email}},
                code="bestaat",
            )
        return Ontvanger.objects.create(
            meting=meting, bedrijfsnaam=bedrijfsnaam.strip(), email=email, adres=adres.strip()
        )


def ontvanger_verwijderen(*, ontvanger: Ontvanger) -> None:
    """Remove a recipient that has not been invited yet (an import mistake). Once invited it
    stays: it counts in the response rate, and refusing only answered ones would tell who
    answered."""
    deleted, _detail = Ontvanger.objects.filter(pk=ontvanger.pk, uitgenodigd__isnull=True).delete()
    if not deleted:
        raise ValidationError(
            _("Deze ontvanger is al uitgenodigd en telt mee in de respons; verwijderen kan niet."),
            code="uitgenodigd",
        )


def ontvanger_token(ontvanger: Ontvanger) -> str:
    return ONTVANGER_LINK.token(ontvanger)


def ontvanger_uit_token(token: str) -> Ontvanger:
    """The recipient a survey link belongs to, or ValidationError saying why it cannot be used.

    Codes: `ongeldig` (forged or unknown: 404), `verlopen`, `gebruikt`, `gesloten` (410).
    """
    ontvanger = ONTVANGER_LINK.load(
        token, Ontvanger.objects.select_related("meting__traject__gebied")
    )
    if ontvanger.beantwoord:
        raise ValidationError(
            _("Deze vragenlijst is al ingevuld en verstuurd. Hartelijk dank voor uw medewerking!"),
            code="gebruikt",
        )
    if ontvanger.meting.is_gesloten:
        raise ValidationError(
            _("De enquête is gesloten; invullen kan niet meer. Dank voor uw belangstelling."),
            code="gesloten",
        )
    return ontvanger


def uitnodigingen_versturen(*, meting: Meting) -> int:
    """Invite every recipient not yet invited: each is marked invited and gets a mail in the
    outbox, in one transaction. Returns how many."""
    if meting.is_gesloten:
        raise ValidationError(_("De meting is gesloten."), code="gesloten")
    if not meting.sjabloon.vragen.exists():
        raise ValidationError(_("De vragenlijst heeft nog geen vragen."), code="geen_vragen")
    with transaction.atomic():
        Meting.objects.select_for_update().filter(pk=meting.pk).first()
        ontvangers = list(
            meting.ontvangers.filter(uitgenodigd__isnull=True).order_by("pk")
            .values_list("pk", "email")
        )
        if not ontvangers:
            raise ValidationError(
                _("Er zijn geen ontvangers die nog geen uitnodiging hebben."), code="niemand"
            )
        Ontvanger.objects.filter(pk__in=[pk for pk, _email in ontvangers]).update(
            uitgenodigd=timezone.now()
        )
        berichten_maken(
            Bericht(soort="enquetes.uitnodiging", aan=email, object_id=pk)
            for pk, email in ontvangers
        )
    return len(ontvangers)


def herinnering_versturen(*, meting: Meting, door: User | None = None) -> Herinneringsronde:
    """Start a reminder round for everyone invited who has not answered. Each recipient gets
    exactly one reminder per round (a unique row and its outbox mail, in one transaction)."""
    if meting.is_gesloten:
        raise ValidationError(_("De meting is gesloten."), code="gesloten")
    with transaction.atomic():
        Meting.objects.select_for_update().filter(pk=meting.pk).first()
        ontvangers = list(
            meting.ontvangers.filter(uitgenodigd__isnull=False, beantwoord__isnull=True)
            .order_by("pk").values_list("pk", "email")
        )
        if not ontvangers:
            raise ValidationError(
                _("Iedereen die is uitgenodigd heeft al geantwoord."), code="niemand"
            )
        laatste = meting.herinneringsrondes.aggregate(m=Max("nummer"))["m"] or 0
        ronde = Herinneringsronde.objects.create(meting=meting, nummer=laatste + 1, door=door)
        herinneringen = Herinnering.objects.bulk_create(
            [Herinnering(ronde=ronde, ontvanger_id=pk) for pk, _email in ontvangers]
        )
        berichten_maken(
            Bericht(soort="enquetes.herinnering", aan=email, object_id=herinnering.pk)
            for herinnering, (_pk, email) in zip(herinneringen, ontvangers, strict=True)
        )
    return ronde


AUTOMATISCH_DAGEN_VOOR_SLUITING = 3


def herinneringen_automatisch_versturen(
    *, vandaag: datetime.date | None = None
) -> list[Herinneringsronde]:
    """Start the automatic reminder round of every meting that asked for one and closes within
    three days. Each meting gets it once: claimed by a conditional update. Returns the rounds."""
    vandaag = vandaag or timezone.localdate()
    rondes = []
    kandidaten = Meting.objects.filter(
        automatisch_herinneren=True, automatisch_herinnerd__isnull=True,
        einde__gte=vandaag,
        einde__lte=vandaag + datetime.timedelta(days=AUTOMATISCH_DAGEN_VOOR_SLUITING),
    ).values_list("pk", flat=True)
    for meting_pk in kandidaten:
        with transaction.atomic():
            claimed = Meting.objects.filter(
                pk=meting_pk, automatisch_herinnerd__isnull=True
            ).update(automatisch_herinnerd=timezone.now())
            if claimed != 1:
                continue
            meting = Meting.objects.get(pk=meting_pk)
            try:
                rondes.append(herinnering_versturen(meting=meting))
            except ValidationError:
                continue  # nobody left to remind; the claim stays
    return rondes


# Answers --------------------------------------------------------------------------------------

def concept_opslaan(*, ontvanger: Ontvanger, data: dict[str, Any]) -> None:
    Concept.objects.update_or_create(ontvanger=ontvanger, defaults={"data": data})


def inzending_versturen(
    *, ontvanger: Ontvanger, vragen: Iterable[Vraag], antwoorden: Mapping[int, Any]
) -> Inzending:
    """Store the answers anonymously and mark the recipient as answered (once).

    `antwoorden` maps question pk to the cleaned value. The stored rows get no reference to the
    recipient; the draft, the only link between them, is deleted in the same transaction.
    """
    rijen = []
    inzending = Inzending(meting_id=ontvanger.meting_id)
    for vraag in vragen:
        waarde: Any = antwoorden.get(vraag.pk)
        if waarde in (None, "", []):
            continue
        if vraag.soort == Vraag.Soort.MEERVOUDIG:
            rijen += [Antwoord(inzending=inzending, vraag=vraag, keuze=k) for k in waarde]
        elif vraag.soort in Vraag.SCHALEN:
            rijen.append(Antwoord(inzending=inzending, vraag=vraag, keuze=str(waarde),
                                  getal=int(waarde)))
        elif vraag.soort == Vraag.Soort.GETAL:
            rijen.append(Antwoord(inzending=inzending, vraag=vraag, getal=waarde))
        elif vraag.soort == Vraag.Soort.OPEN:
            rijen.append(Antwoord(inzending=inzending, vraag=vraag, tekst=waarde))
        else:
            rijen.append(Antwoord(inzending=inzending, vraag=vraag, keuze=waarde))
    with transaction.atomic():
        claimed = Ontvanger.objects.filter(pk=ontvanger.pk, beantwoord__isnull=True).update(
            beantwoord=timezone.now()
        )
        if claimed != 1:
            raise ValidationError(
                _("Deze vragenlijst is al ingevuld en verstuurd."), code="gebruikt"
            )
        inzending.save()
        Antwoord.objects.bulk_create(rijen)
        Concept.objects.filter(ontvanger=ontvanger).delete()
    return inzending


# Incident figures -----------------------------------------------------------------------------

_BRONNEN = {
    "politie": Incidentcijfer.Bron.POLITIE,
    "nationalepolitie": Incidentcijfer.Bron.POLITIE,
    "brandweer": Incidentcijfer.Bron.BRANDWEER,
    "veiligheidsregio": Incidentcijfer.Bron.BRANDWEER,
}


def incidentcijfer_opslaan(
    *, traject: Traject, bron: str, jaar: int, soort: str, aantal: int, door: User
) -> tuple[Incidentcijfer, int | None]:
    """Enter or correct one figure: the same source, year and kind is one figure, whose earlier
    count stays in its history. Entering a withdrawn figure again brings it back.
    Returns (figure, previous count or None when it is new or was withdrawn)."""
    with transaction.atomic():
        bestaand = (
            Incidentcijfer.objects.select_for_update()
            .filter(traject=traject, bron=bron, jaar=jaar, soort__iexact=soort).first()
        )
        if bestaand is None:
            cijfer = Incidentcijfer(traject=traject, bron=bron, jaar=jaar, soort=soort,
                                    aantal=aantal)
            cijfer._history_user = door
            cijfer.save()
            return cijfer, None
        vorig = None if bestaand.ingetrokken else bestaand.aantal
        if vorig == aantal:
            return bestaand, vorig
        bestaand._history_user = door
        bestaand._change_reason = (
            _("Opnieuw ingevoerd") if bestaand.ingetrokken else _("Gecorrigeerd")
        )
        bestaand.aantal, bestaand.ingetrokken = aantal, None
        bestaand.save()
        return bestaand, vorig


def incidentcijfer_intrekken(*, cijfer: Incidentcijfer, door: User) -> Incidentcijfer:
    """Withdraw a figure entered by mistake: it leaves the tables and charts, its history
    stays."""
    with transaction.atomic():
        cijfer = Incidentcijfer.objects.select_for_update().get(pk=cijfer.pk)
        if cijfer.ingetrokken is None:
            cijfer.ingetrokken = timezone.now()
            cijfer._history_user = door
            cijfer._change_reason = _("Ingetrokken")
            cijfer.save()
    return cijfer


def incidentcijfers_importeren(
    *, traject: Traject, bestand: File, door: User | None = None,
    bronnen: Collection[str] = tuple(Incidentcijfer.Bron),
) -> tuple[int, int]:
    """Import figures from CSV (bron; jaar; soort; aantal). All lines are checked first; with any
    error nothing is stored, and a line of a source outside `bronnen` (the sources `door` may
    enter) is an error. Existing figures for the same source, year and kind are corrected, the
    earlier count staying in their history. Returns (added, corrected)."""
    regels = lees_csv(
        bestand, kolommen=INCIDENT_KOLOMMEN, verplicht=["bron", "jaar", "soort", "aantal"],
        max_bytes=_max_bytes(),
    )
    dit_jaar = timezone.localdate().year
    fouten: list[str] = []
    cijfers: dict[tuple[Incidentcijfer.Bron, int, str], tuple[str, int]] = {}
    for regel in regels:
        w = regel.waarden
        fout = None
        bron = _BRONNEN.get(re.sub(r"[^a-z]", "", w["bron"].lower()))
        jaar_tekst = re.sub(r"\s", "", w["jaar"])
        aantal_tekst = re.sub(r"[\s.]", "", w["aantal"])  # 1.234 is Dutch for 1234
        soort = w["soort"]
        if bron is None:
            fout = _("de bron ‘%(bron)s’ is onbekend; gebruik politie of brandweer.") % {
                "bron": w["bron"][:50]}
        elif bron not in bronnen:
            fout = _("cijfers van de %(bron)s voert de %(bron)s zelf of de coördinator in.") % {
                "bron": bron.label.lower()}
        elif not jaar_tekst.isdigit() or not 1990 <= int(jaar_tekst) <= dit_jaar:
            fout = _("‘%(jaar)s’ is geen geldig jaar (1990 tot en met %(max)s).") % {
                "jaar": w["jaar"][:20], "max": dit_jaar}
        elif not soort or len(soort) > 120:
            fout = _("de soort incident ontbreekt of is te lang.")
        elif not aantal_tekst.isdigit():
            fout = _("‘%(aantal)s’ is geen geldig aantal (een heel getal, 0 of meer).") % {
                "aantal": w["aantal"][:20]}
        if fout or bron is None:  # an unknown source has a `fout`
            fouten.append(_("Regel %(regel)s: %(fout)s") % {"regel": regel.nummer, "fout": fout})
            continue
        sleutel = (bron, int(jaar_tekst), soort.lower())
        aantal = int(aantal_tekst)
        if sleutel in cijfers and cijfers[sleutel][1] != aantal:
            fouten.append(
                _("Regel %(regel)s: %(soort)s in %(jaar)s staat al eerder in het bestand met een "
                  "ander aantal.") % {"regel": regel.nummer, "soort": soort, "jaar": sleutel[1]}
            )
            continue
        cijfers[sleutel] = (soort, aantal)
    if fouten:
        raise ValidationError(beperk(fouten), code="regels")

    nieuw = vervangen = 0
    with transaction.atomic():
        bestaand = {
            (c.bron, c.jaar, c.soort.lower()): c
            for c in Incidentcijfer.objects.select_for_update().filter(traject=traject)
        }
        toevoegen, bijwerken = [], []
        for (bron, jaar, sleutel_soort), (soort, aantal) in cijfers.items():
            cijfer = bestaand.get((bron, jaar, sleutel_soort))
            if cijfer is None:
                toevoegen.append(Incidentcijfer(
                    traject=traject, bron=bron, jaar=jaar, soort=soort, aantal=aantal))
            elif cijfer.aantal != aantal or cijfer.ingetrokken is not None:
                cijfer.aantal, cijfer.ingetrokken = aantal, None
                cijfer.gewijzigd = timezone.now()
                bijwerken.append(cijfer)
        # Through simple_history, so every imported and corrected figure keeps its history.
        bulk_create_with_history(toevoegen, Incidentcijfer, default_user=door,
                                 default_change_reason=_("Geïmporteerd"))
        bulk_update_with_history(
            bijwerken, Incidentcijfer, ["aantal", "ingetrokken", "gewijzigd"],
            default_user=door, default_change_reason=_("Gecorrigeerd (import)"),
        )
        nieuw, vervangen = len(toevoegen), len(bijwerken)
    return nieuw, vervangen

