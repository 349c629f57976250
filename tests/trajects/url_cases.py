from tests.factories import DocumentVersieFactory, OverlegFactory
from tests.permissions import (
    COORDINATOR_ONLY,
    DENIED,
    MEMBERS_READ,
    NOT_FOUND,
    PARTICIPANTS,
    READ,
    REDIRECT,
    Case,
    expect,
)
from trajects.models import Document, Uitnodiging


def traject(w):
    return [w.traject.pk]


def _partner(w):
    partner = w.traject.partners.get(organisatie=w.organisaties["politie"])
    return [w.traject.pk, partner.pk]


def _lid(w):
    return [w.traject.pk, w.traject.lidmaatschappen.get(user=w.users["politie"]).pk]


def _uitnodiging(w):
    uitnodiging = Uitnodiging.objects.create(
        traject=w.traject, email="nieuw@example.org", organisatie=w.organisaties["gemeente"],
        rol="partner",
    )
    return [w.traject.pk, uitnodiging.pk]


def _document(w):
    versie = DocumentVersieFactory(
        document__traject=w.traject, document__organisatie=w.organisaties["gemeente"],
        document__soort=Document.Soort.INTENTIEVERKLARING,
        geupload_door=w.users["coordinator"],
    )
    w.versie = versie
    return [w.traject.pk, versie.document.pk]


def _versie(w):
    args = _document(w)
    return [*args, w.versie.pk]


def _overleg(w):
    return [w.traject.pk, OverlegFactory(traject=w.traject).pk]


def _organisatie(w):
    return [w.organisaties["gemeente"].pk]


# Partners may change only what their organisation owns: the document above is the gemeente's.
CASES = {
    "trajects:dashboard": Case(expected=expect(READ, READ, READ, outsider=READ)),
    # Starting a trajectory: staff and coordinators (TRAJECT_STARTEN_ROLLEN); the outsider
    # coordinates another trajectory.
    "trajects:nieuw": Case(expected=expect(READ, DENIED, DENIED, outsider=READ)),
    "trajects:detail": Case(traject),
    "trajects:bewerken": Case(traject, COORDINATOR_ONLY),
    "trajects:fase": Case(traject, COORDINATOR_ONLY),
    "trajects:gereedheid": Case(traject),
    "trajects:partners": Case(traject),
    "trajects:partner-bewerken": Case(_partner, COORDINATOR_ONLY),
    "trajects:partner-verwijderen": Case(
        _partner, expect(REDIRECT, DENIED, DENIED), method="post"
    ),
    "trajects:leden": Case(traject),
    "trajects:uitnodigen": Case(traject, COORDINATOR_ONLY),
    "trajects:lid-bewerken": Case(_lid, COORDINATOR_ONLY),
    "trajects:lid-verwijderen": Case(_lid, expect(REDIRECT, DENIED, DENIED), method="post"),
    "trajects:uitnodiging-intrekken": Case(
        _uitnodiging, expect(REDIRECT, DENIED, DENIED), method="post"
    ),
    # A forged token is the same unknown page for everybody.
    "trajects:uitnodiging-accepteren": Case(
        lambda w: ["vervalst-token"], dict.fromkeys(MEMBERS_READ, NOT_FOUND)
    ),
    "trajects:documenten": Case(traject),
    "trajects:document-nieuw": Case(traject, PARTICIPANTS),
    "trajects:document-detail": Case(_document),
    "trajects:document-download": Case(_versie, expect(READ, READ, READ, anonymous=NOT_FOUND)),
    "trajects:overleggen": Case(traject),
    "trajects:overleg-nieuw": Case(traject, COORDINATOR_ONLY),
    "trajects:overleg-detail": Case(_overleg),
    "trajects:overleg-bewerken": Case(_overleg, COORDINATOR_ONLY),
    "trajects:organisaties": Case(expected=expect(READ, READ, READ, outsider=READ)),
    # Any coordinator may add an organisation (the outsider coordinates another trajectory).
    "trajects:organisatie-nieuw": Case(expected=expect(READ, DENIED, DENIED, outsider=READ)),
    "trajects:organisatie-detail": Case(_organisatie),
    # The shared record is the gemeente's own: not even the coordinator changes it.
    "trajects:organisatie-bewerken": Case(
        _organisatie, expect(DENIED, DENIED, DENIED, gemeente=READ)
    ),
    "trajects:gebied-nieuw": Case(expected=expect(READ, DENIED, DENIED, outsider=READ)),
}

