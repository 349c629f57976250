from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import (
    PDF_BYTES,
    DocumentVersieFactory,
    GebiedFactory,
    OrganisatieFactory,
    OverlegFactory,
)
from tests.permissions import (
    COORDINATOR_ONLY,
    COORDINATOR_SAVES,
    DENIED,
    NOT_FOUND,
    PARTICIPANTS,
    PERSONAS,
    READ,
    REDIRECT,
    Case,
    VanPagina,
    expect,
)
from trajects.meldingen import melden
from trajects.models import Document, Partner, Uitnodiging


def traject(w):
    return [w.traject.pk]


def _partner(w):
    partner = w.traject.partners.get(organisatie=w.organisaties["politie"])
    return [w.traject.pk, partner.pk]


def _partner_zonder_leden(w):
    partner = Partner.objects.create(traject=w.traject, organisatie=OrganisatieFactory())
    return [w.traject.pk, partner.pk]


def _lid(w):
    return [w.traject.pk, w.traject.lidmaatschappen.get(user=w.users["politie"]).pk]


def _uitnodiging(w):
    uitnodiging = Uitnodiging.objects.create(
        traject=w.traject, email="nieuw@example.org", organisatie=w.organisaties["gemeente"],
        rol="partner",
    )
    return [w.traject.pk, uitnodiging.pk]


EVERYONE = expect(READ, READ, READ, outsider=READ, staff=READ, auditor_na=READ)
EVERYONE_REDIRECTED = expect(
    REDIRECT, REDIRECT, REDIRECT, outsider=REDIRECT, staff=REDIRECT, auditor_na=REDIRECT
)


def _ongelezen_voor_iedereen(w):
    for persona, user in w.users.items():
        melden(soort="trajects.uitnodiging_geaccepteerd", traject=w.traject, ontvangers=[user],
               gegevens={"naam": persona, "traject": w.traject.naam, "organisatie": "x"})
    return []


def _melding_coordinator(w):
    [melding] = melden(
        soort="trajects.uitnodiging_geaccepteerd", traject=w.traject,
        ontvangers=[w.users["coordinator"]], url=reverse("trajects:leden", args=[w.traject.pk]),
        gegevens={"naam": "Nieuw lid", "traject": w.traject.naam, "organisatie": "Gemeente"},
    )
    return [melding.pk]


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


def _pdf(w):
    return SimpleUploadedFile("notulen.pdf", PDF_BYTES, content_type="application/pdf")


def _nieuw_traject(w):
    """A new trajectory in a free area, for the coordinator's own organisation."""
    return {
        "organisatie": w.organisaties["coordinator"].pk, "naam": "KVO-W Naaldwijk",
        "gebied": GebiedFactory(naam="Centrum Naaldwijk").pk, "schemaversie": "4.0",
        "startdatum": "2026-01-05",
    }


def _aanwezig(w):
    lid = w.traject.lidmaatschappen.get(user=w.users["politie"])
    return {f"lid_{lid.pk}": "on"}


# Starting a trajectory, adding organisations and areas: staff and coordinators (the outsider
# coordinates another trajectory); an auditor whose window ended is nobody's coordinator.
STARTERS = expect(READ, DENIED, DENIED, outsider=READ, auditor_na=DENIED, staff=READ)
STARTERS_SAVE = expect(REDIRECT, DENIED, DENIED, outsider=REDIRECT, auditor_na=DENIED,
                       staff=REDIRECT)

# Partners may change only what their organisation owns: the document above is the gemeente's.
CASES = {
    "trajects:dashboard": Case(expected=expect(READ, READ, READ, outsider=READ)),
    # The form offers the user's own organisations: the outsider's is another one (refused
    # by the form, 200); staff may use any organisation.
    "trajects:nieuw": Case(
        expected=STARTERS,
        post=expect(REDIRECT, DENIED, DENIED, outsider=READ, auditor_na=DENIED, staff=REDIRECT),
        data=_nieuw_traject, unchanged=("outsider",),
    ),
    "trajects:detail": Case(traject),
    "trajects:bewerken": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"omschrijving": "Winkelgebied met markt"}),
    ),
    "trajects:fase": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"fase": "analyse", "toelichting": "Werkgroep compleet"},
    ),
    "trajects:gereedheid": Case(traject),
    "trajects:tijdlijn": Case(traject),
    "trajects:partners": Case(
        traject, post=COORDINATOR_SAVES,
        data=lambda w: {"organisatie": OrganisatieFactory(naam="Omgevingsdienst").pk,
                        "rol": "Milieutoezicht"},
    ),
    "trajects:partner-bewerken": Case(
        _partner, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"rol": "Veiligheid op straat", "email": "wijkagent@example.org"}),
    ),
    "trajects:partner-verwijderen": Case(
        _partner_zonder_leden, expect(REDIRECT, DENIED, DENIED), method="post"
    ),
    "trajects:leden": Case(traject),
    "trajects:leden-historie": Case(traject),
    "trajects:uitnodigen": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=lambda w: {"email": "nieuwlid@example.org", "naam": "Nieuw lid",
                        "organisatie": w.organisaties["gemeente"].pk, "rol": "partner",
                        "werkgroeprol": "lid"},
    ),
    "trajects:lid-bewerken": Case(
        _lid, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"werkgroeprol": "voorzitter"}),
    ),
    "trajects:lid-verwijderen": Case(_lid, expect(REDIRECT, DENIED, DENIED), method="post"),
    "trajects:uitnodiging-intrekken": Case(
        _uitnodiging, expect(REDIRECT, DENIED, DENIED), method="post"
    ),
    # A forged token is the same unknown page for everybody.
    "trajects:uitnodiging-accepteren": Case(
        lambda w: ["vervalst-token"], dict.fromkeys(PERSONAS, NOT_FOUND),
        post=dict.fromkeys(PERSONAS, NOT_FOUND),
        data={"naam": "Kaper", "wachtwoord1": "kvo-Demo-2026!", "wachtwoord2": "kvo-Demo-2026!"},
    ),
    "trajects:documenten": Case(traject),
    # Partners upload for their own organisation only: the others' upload for the gemeente is
    # refused by the form.
    "trajects:document-nieuw": Case(
        traject, PARTICIPANTS, post=expect(REDIRECT, READ, DENIED, gemeente=REDIRECT),
        data=lambda w: {"soort": "notulen", "titel": "Notulen werkgroep",
                        "organisatie": w.organisaties["gemeente"].pk, "bestand": _pdf(w)},
        unchanged=("politie", "brandweer", "ondernemer"),
    ),
    "trajects:document-detail": Case(
        _document, post=expect(REDIRECT, DENIED, DENIED, gemeente=REDIRECT),
        data=VanPagina({"bestand": _pdf, "toelichting": "Getekend"}),
    ),
    "trajects:document-download": Case(_versie, expect(READ, READ, READ, anonymous=NOT_FOUND)),
    "trajects:overleggen": Case(traject),
    "trajects:overleg-nieuw": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"datum": "2026-09-01T19:30", "locatie": "Gemeentehuis",
              "onderwerp": "Schouwresultaten"},
    ),
    "trajects:overleg-detail": Case(
        _overleg, post=expect(REDIRECT, DENIED, DENIED), data=_aanwezig,
    ),
    "trajects:overleg-bewerken": Case(
        _overleg, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"notulen": "Schouwroute besproken."}),
    ),
    "trajects:organisaties": Case(expected=expect(READ, READ, READ, outsider=READ)),
    "trajects:organisatie-nieuw": Case(
        expected=STARTERS, post=STARTERS_SAVE,
        data={"naam": "Omgevingsdienst Haaglanden", "soort": "omgevingsdienst"},
    ),
    "trajects:organisatie-detail": Case(_organisatie, expect(READ, READ, READ, staff=READ)),
    # The shared record is the gemeente's own: not even the coordinator changes it; staff may.
    "trajects:organisatie-bewerken": Case(
        _organisatie, expect(DENIED, DENIED, DENIED, gemeente=READ, staff=READ),
        post=expect(DENIED, DENIED, DENIED, gemeente=REDIRECT, staff=REDIRECT),
        data=VanPagina({"telefoon": "0174 673 673"}, persona="gemeente"),
    ),
    "trajects:gebied-nieuw": Case(
        expected=STARTERS, post=STARTERS_SAVE,
        data={"naam": "Centrum Monster", "soort": "winkelgebied", "gemeente": "Westland"},
    ),
    # Notifications are each person's own: everyone signed in sees and marks only theirs.
    "trajects:meldingen": Case(expected=EVERYONE),
    "trajects:meldingen-gelezen": Case(
        _ongelezen_voor_iedereen, EVERYONE_REDIRECTED, method="post"
    ),
    # The coordinator's notification: the others (staff included) do not find it.
    "trajects:melding-openen": Case(
        _melding_coordinator, dict(expect(REDIRECT, NOT_FOUND, NOT_FOUND)), method="post"
    ),
}

