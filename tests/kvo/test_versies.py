"""No lost update: every edit form of a shared object refuses a stale save (409, Dutch message),
shows the saved version next to the user's own, keeps the user's input, and saves it on a
deliberate second try. Bulk actions skip and list rows changed since the page was shown."""

import re

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from actiepunten.models import Status
from actiepunten.services import link_token
from schouwen.models import Bevinding
from tests.actiepunten.factories import ActiepuntFactory, DoelFactory, KnelpuntFactory
from tests.audits.factories import AuditFactory
from tests.checksum import database_checksum
from tests.enquetes.factories import MetingFactory
from tests.factories import PDF_BYTES, DocumentVersieFactory, OverlegFactory
from tests.formulieren import post_formulieren
from tests.schouwen.factories import BevindingFactory, SchouwFactory

pytestmark = pytest.mark.django_db

MELDING = "Iemand anders heeft dit intussen gewijzigd"


def _form(client, url):
    """The page's edit form (the one that carries a version) as a browser would submit it."""
    response = client.get(url)
    assert response.status_code == 200
    gevonden = [f for f in post_formulieren(response.content.decode()) if "versie" in f.namen()]
    assert gevonden, f"no versioned form on {url}"
    return gevonden[0].data()


# Each case: (persona, url, the object, field, the other person's value, the user's value).
def _bevinding(w):
    b = BevindingFactory(schouw__traject=w.traject, vastgelegd_door=w.users["gemeente"])
    return "gemeente", reverse("schouwen:bevinding-bewerken",
                               args=[w.traject.pk, b.schouw_id, b.pk]), b, "omschrijving"


def _actiepunt(w):
    a = ActiepuntFactory(traject=w.traject)
    return "coordinator", reverse("actiepunten:bewerken", args=[w.traject.pk, a.pk]), a, \
        "omschrijving"


def _knelpunt(w):
    k = KnelpuntFactory(traject=w.traject)
    return "coordinator", reverse("actiepunten:knelpunt-bewerken", args=[w.traject.pk, k.pk]), \
        k, "omschrijving"


def _doel(w):
    d = DoelFactory(knelpunt__traject=w.traject)
    return "coordinator", reverse("actiepunten:doel-bewerken", args=[w.traject.pk, d.pk]), d, \
        "omschrijving"


def _overleg(w):
    o = OverlegFactory(traject=w.traject)
    return "coordinator", reverse("trajects:overleg-bewerken", args=[w.traject.pk, o.pk]), o, \
        "notulen"


def _schouw(w):
    s = SchouwFactory(traject=w.traject)
    return "coordinator", reverse("schouwen:bewerken", args=[w.traject.pk, s.pk]), s, "route"


def _audit(w):
    a = AuditFactory(traject=w.traject, certificerende_instelling=w.organisaties["auditor"])
    return "coordinator", reverse("audits:audit-bewerken", args=[w.traject.pk, a.pk]), a, \
        "datum"


def _meting(w):
    m = MetingFactory(traject=w.traject)
    return "coordinator", reverse("enquetes:meting-bewerken", args=[w.traject.pk, m.pk]), m, \
        "inleiding"


def _partner(w):
    p = w.traject.partners.get(organisatie=w.organisaties["politie"])
    return "coordinator", reverse("trajects:partner-bewerken", args=[w.traject.pk, p.pk]), p, \
        "rol"


def _organisatie(w):
    o = w.organisaties["gemeente"]
    return "gemeente", reverse("trajects:organisatie-bewerken", args=[o.pk]), o, "adres"


def _traject(w):
    return "coordinator", reverse("trajects:bewerken", args=[w.traject.pk]), w.traject, \
        "omschrijving"


WAARDEN = {"datum": ("2019-07-04", "2019-07-11", "4 juli 2019", "11 juli 2019")}
CASES = {
    "bevinding": _bevinding, "actiepunt": _actiepunt, "knelpunt": _knelpunt, "doel": _doel,
    "overleg": _overleg, "schouw": _schouw, "audit": _audit, "meting": _meting,
    "partner": _partner, "organisatie": _organisatie, "traject": _traject,
}


@pytest.mark.parametrize("naam", sorted(CASES))
def test_stale_save_is_refused_shows_both_versions_and_can_be_saved_deliberately(world, naam):
    persona, url, obj, veld = CASES[naam](world)
    hunne, uwe, hunne_getoond, uwe_getoond = WAARDEN.get(
        veld, ("Versie van de ander", "Mijn versie", "Versie van de ander", "Mijn versie"))
    client = world.client_for(persona)
    data = _form(client, url)
    data[veld] = uwe
    # Meanwhile someone else saves the object.
    ander = type(obj).objects.get(pk=obj.pk)
    setattr(ander, veld, hunne)
    ander.save()
    voor = database_checksum()
    response = client.post(url, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert MELDING in html
    assert hunne_getoond in html and uwe_getoond in html
    assert database_checksum() == voor  # nothing of the stale save is stored
    # The returned form still holds the user's input and now the saved version: saving it
    # again is a deliberate choice and succeeds.
    opnieuw = [f for f in post_formulieren(html) if "versie" in f.namen()][0].data()
    assert opnieuw[veld] == uwe
    assert client.post(url, opnieuw).status_code == 302
    ander.refresh_from_db()
    assert str(getattr(ander, veld)) == uwe


def test_two_people_editing_one_finding_lose_nothing(world):
    """The gemeente captured a finding; the gemeente and the coordinator open it at the same
    time. The coordinator saves first; the gemeente's save is refused with both texts shown,
    and nothing has to be retyped."""
    bevinding = BevindingFactory(schouw__traject=world.traject,
                                 vastgelegd_door=world.users["gemeente"],
                                 omschrijving="Lantaarnpaal brandt niet")
    url = reverse("schouwen:bevinding-bewerken",
                  args=[world.traject.pk, bevinding.schouw_id, bevinding.pk])
    gemeente, coordinator = world.client_for("gemeente"), world.client_for("coordinator")
    van_gemeente, van_coordinator = _form(gemeente, url), _form(coordinator, url)
    van_coordinator["omschrijving"] = "Lantaarnpaal brandt niet; kabel beschadigd"
    assert coordinator.post(url, van_coordinator).status_code == 302
    van_gemeente["omschrijving"] = "Lantaarnpaal brandt niet sinds maart"
    response = gemeente.post(url, van_gemeente)
    assert response.status_code == 409
    html = response.content.decode()
    assert MELDING in html
    assert "Lantaarnpaal brandt niet; kabel beschadigd" in html  # the coordinator's change
    # Still in the form:
    assert re.search(r">\s*Lantaarnpaal brandt niet sinds maart\s*</textarea>", html)
    bevinding.refresh_from_db()
    assert bevinding.omschrijving == "Lantaarnpaal brandt niet; kabel beschadigd"
    # The gemeente merges both texts and saves.
    samen = [f for f in post_formulieren(html) if "versie" in f.namen()][0].data()
    samen["omschrijving"] = "Lantaarnpaal brandt niet sinds maart; kabel beschadigd"
    assert gemeente.post(url, samen).status_code == 302
    bevinding.refresh_from_db()
    assert bevinding.omschrijving == "Lantaarnpaal brandt niet sinds maart; kabel beschadigd"


def test_bulk_status_does_not_undo_the_entrepreneurs_done_report(world):
    """The coordinator opens the matrix; meanwhile the entrepreneur reports an item done
    through the link. The coordinator's bulk change skips that item and says so; the other
    selected item changes."""
    winkel = ActiepuntFactory(traject=world.traject, titel="Rolluik repareren",
                              extern_email="winkel@example.org")
    ander = ActiepuntFactory(traject=world.traject, titel="Camera bijstellen")
    coordinator = world.client_for("coordinator")
    matrix = coordinator.get(reverse("actiepunten:matrix", args=[world.traject.pk]))
    bulk = [f for f in post_formulieren(matrix.content.decode())
            if f.action == reverse("actiepunten:bulk-status", args=[world.traject.pk])][0].data()
    assert bulk[f"versie-{winkel.pk}"] == str(winkel.versie)

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = world.client_for("anonymous").post(
            reverse("actiepunten:extern", args=[winkel.pk, link_token(winkel)]),
            {"gereed": "1", "toelichting": "Rolluik is gerepareerd."},
        )
    assert response.status_code == 200
    winkel.refresh_from_db()
    assert winkel.status == Status.GEREED

    bulk.update({"actiepunten": [winkel.pk, ander.pk], "status": Status.IN_UITVOERING})
    response = coordinator.post(reverse("actiepunten:bulk-status", args=[world.traject.pk]),
                                bulk, follow=True)
    html = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in html
    assert "Rolluik repareren (Gereed)" in html
    winkel.refresh_from_db()
    ander.refresh_from_db()
    assert winkel.status == Status.GEREED  # the report stands
    assert ander.status == Status.IN_UITVOERING
    assert not winkel.history.filter(history_change_reason="Bulkwijziging").exists()


def test_bulk_row_without_version_is_skipped(world):
    actiepunt = ActiepuntFactory(traject=world.traject)
    world.client_for("coordinator").post(
        reverse("actiepunten:bulk-status", args=[world.traject.pk]),
        {"actiepunten": [actiepunt.pk], "status": Status.VERVALLEN},
    )
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.OPEN


def test_triage_skips_findings_changed_since_the_page_was_shown(world):
    schouw = SchouwFactory(traject=world.traject)
    bewerkt = BevindingFactory(schouw=schouw, vastgelegd_door=world.users["gemeente"])
    stil = BevindingFactory(schouw=schouw)
    coordinator = world.client_for("coordinator")
    url = reverse("schouwen:triage", args=[world.traject.pk, schouw.pk])
    data = [f for f in post_formulieren(coordinator.get(url).content.decode())
            if "actie" in f.namen()][0].data()
    # The partner who captured the finding edits it meanwhile (and assigns it to themselves).
    bewerkt.refresh_from_db()
    bewerkt.toewijzen(world.organisaties["gemeente"])
    data.update({"bevindingen": [bewerkt.pk, stil.pk], "actie": "toewijzen",
                 "organisatie": world.organisaties["politie"].pk})
    response = coordinator.post(url, data, follow=True)
    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    bewerkt.refresh_from_db()
    stil.refresh_from_db()
    assert bewerkt.organisatie == world.organisaties["gemeente"]
    assert stil.organisatie == world.organisaties["politie"]
    assert stil.status == Bevinding.Status.TOEGEWEZEN


def test_stale_status_change_keeps_the_note_and_shows_the_new_status(world):
    actiepunt = ActiepuntFactory(traject=world.traject, organisatie=world.organisaties["gemeente"])
    gemeente = world.client_for("gemeente")
    detail = reverse("actiepunten:detail", args=[world.traject.pk, actiepunt.pk])
    data = [f for f in post_formulieren(gemeente.get(detail).content.decode())
            if f.action.endswith("/status/")][0].data()
    actiepunt.naar_status(Status.IN_UITVOERING, coordinator=True)  # the coordinator, meanwhile
    data.update({"status": Status.GEREED, "toelichting": "Hek is hersteld."})
    response = gemeente.post(reverse("actiepunten:status", args=[world.traject.pk, actiepunt.pk]),
                             data)
    assert response.status_code == 409
    html = response.content.decode()
    assert MELDING in html and "Hek is hersteld.</textarea>" in html
    assert re.search(r"<td>In uitvoering</td>\s*<td>Gereed</td>", html)
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.IN_UITVOERING


def test_document_upload_made_without_seeing_a_newer_version_is_refused(world):
    versie = DocumentVersieFactory(
        document__traject=world.traject, document__organisatie=world.organisaties["gemeente"],
        geupload_door=world.users["gemeente"], toelichting="Eerste opzet",
    )
    document = versie.document
    client = world.client_for("coordinator")
    data = _form(client, document.get_absolute_url())
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trajects.services import document_versie_toevoegen

    document_versie_toevoegen(
        document=document, bestand=SimpleUploadedFile("v2.pdf", PDF_BYTES),
        content_type="application/pdf", door=world.users["gemeente"],
        toelichting="Getekend door de gemeente",
    )
    data.update({"toelichting": "Mijn aanvulling",
                 "bestand": SimpleUploadedFile("mijn.pdf", PDF_BYTES)})
    voor = database_checksum()
    response = client.post(document.get_absolute_url(), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Getekend door de gemeente" in html and 'value="Mijn aanvulling"' in html
    assert "Kies uw bestand opnieuw" in html
    assert database_checksum() == voor
    assert document.versies.count() == 2
    assert not mail.outbox
