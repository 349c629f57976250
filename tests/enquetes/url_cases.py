from django.core.files.uploadedfile import SimpleUploadedFile

from enquetes.models import Vraag
from tests.enquetes.factories import (
    IncidentcijferFactory,
    MetingFactory,
    OntvangerFactory,
    VraagFactory,
)
from tests.permissions import (
    COORDINATOR_ONLY,
    COORDINATOR_SAVES,
    DENIED,
    MEMBERS_READ,
    NOT_FOUND,
    PERSONAS,
    READ,
    REDIRECT,
    Case,
    VanPagina,
    expect,
)


def traject(w):
    return [w.traject.pk]


def _meting(w):
    meting = MetingFactory(traject=w.traject)
    VraagFactory(sjabloon=meting.sjabloon, soort=Vraag.Soort.JA_NEE)
    OntvangerFactory(meting=meting)
    w.meting = meting
    return [w.traject.pk, meting.pk]


def _vraag(w):
    args = _meting(w)
    return [*args, w.meting.sjabloon.vragen.first().pk]


def _uitgenodigd(w):
    """A meting whose only recipient was invited and has not answered (for reminders)."""
    args = _meting(w)
    w.meting.ontvangers.update(uitgenodigd="2026-01-01T10:00:00Z")
    return args


def _cijfer(w):
    return [w.traject.pk, IncidentcijferFactory(traject=w.traject).pk]


def _csv(inhoud):
    return lambda w: SimpleUploadedFile("lijst.csv", inhoud.encode(), content_type="text/csv")


POST_COORDINATOR = expect(REDIRECT, DENIED, DENIED)
# Police figures by the police, fire figures by the fire brigade, both by the coordinator. The
# POSTs below enter a police figure: the fire brigade is let in but its form refuses it.
CIJFERS = expect(READ, DENIED, DENIED, politie=READ, brandweer=READ)
POLITIECIJFER = expect(REDIRECT, DENIED, DENIED, politie=REDIRECT, brandweer=READ)

CASES = {
    "enquetes:overzicht": Case(traject),
    "enquetes:meting-nieuw": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"naam": "1-meting", "start": "2026-09-01", "einde": "2026-09-30",
                        "responsdoel": 30}),
    ),
    "enquetes:meting-detail": Case(_meting),
    "enquetes:meting-bewerken": Case(
        _meting, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"inleiding": "Uw mening telt."}),
    ),
    "enquetes:meting-sluiten": Case(_meting, POST_COORDINATOR, method="post"),
    "enquetes:vragen": Case(_meting),
    "enquetes:vraag-nieuw": Case(
        _meting, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"tekst": "Voelt u zich 's avonds veilig?", "soort": "janee", "volgorde": 9},
    ),
    "enquetes:vraag-bewerken": Case(
        _vraag, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"toelichting": "Denk aan de afgelopen twaalf maanden."}),
    ),
    "enquetes:vraag-verwijderen": Case(_vraag, POST_COORDINATOR, method="post"),
    "enquetes:voorbeeld": Case(_meting),
    # The recipient list holds business e-mail addresses: the coordinator's only.
    "enquetes:ontvangers": Case(
        _meting, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"bestand": _csv("bedrijfsnaam;email\nBakkerij Jansen;info@bakkerij.example\n")},
    ),
    "enquetes:ontvanger-toevoegen": Case(
        _meting, POST_COORDINATOR, method="post",
        data={"bedrijfsnaam": "Kapper Knip", "email": "knip@example.org", "adres": "Markt 1"},
    ),
    "enquetes:ontvanger-verwijderen": Case(
        lambda w: [*_meting(w), w.meting.ontvangers.get().pk], POST_COORDINATOR, method="post"
    ),
    "enquetes:uitnodigingen-versturen": Case(_meting, POST_COORDINATOR, method="post"),
    "enquetes:herinneren": Case(_uitgenodigd, POST_COORDINATOR, method="post"),
    "enquetes:resultaten": Case(_meting),
    "enquetes:export-csv": Case(_meting),
    "enquetes:export-xlsx": Case(_meting),
    # Public page: a forged link is the same unknown page for everybody, logged in or not.
    "enquetes:invullen": Case(
        lambda w: ["vervalst-token"], dict.fromkeys(PERSONAS, NOT_FOUND),
        post=dict.fromkeys(PERSONAS, NOT_FOUND),
    ),
    "enquetes:incidenten": Case(traject),
    "enquetes:incident-nieuw": Case(
        traject, CIJFERS, post=POLITIECIJFER, unchanged=("brandweer",),
        data={"bron": "politie", "jaar": 2023, "soort": "Winkeldiefstal", "aantal": 31},
    ),
    "enquetes:incidenten-importeren": Case(
        traject, CIJFERS, post={**POLITIECIJFER, "brandweer": 400}, unchanged=("brandweer",),
        data={"bestand": _csv("bron;jaar;soort;aantal\npolitie;2023;Winkeldiefstal;31\n")},
    ),
    "enquetes:incident-detail": Case(_cijfer, MEMBERS_READ),
    "enquetes:incident-intrekken": Case(
        _cijfer, expect(REDIRECT, DENIED, DENIED, politie=REDIRECT), method="post"
    ),
}
