import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from actiepunten.models import Actiepunt, Opmerking, Status
from actiepunten.readiness import plan_van_aanpak
from tests.actiepunten.factories import ActiepuntFactory
from trajects.readiness import DEELS, MET, NIET


def _url(name, actiepunt):
    return reverse(f"actiepunten:{name}", args=[actiepunt.traject_id, actiepunt.pk])


def _form_data(actiepunt, **changes):
    data = {
        "titel": actiepunt.titel, "omschrijving": actiepunt.omschrijving,
        "doel": actiepunt.doel_id or "", "bron": actiepunt.bron,
        "organisatie": actiepunt.organisatie_id or "",
        "verantwoordelijke": actiepunt.verantwoordelijke_id or "",
        "uitvoerder": actiepunt.uitvoerder_id or "", "extern_email": actiepunt.extern_email,
        "prioriteit": actiepunt.prioriteit,
        "deadline": actiepunt.deadline.isoformat() if actiepunt.deadline else "",
        "versie": actiepunt.versie,
    }
    data.update(changes)
    return data


def test_coordinator_creates_item_with_history_of_who(world):
    client = world.client_for("coordinator")
    url = reverse("actiepunten:nieuw", args=[world.traject.pk])
    response = client.post(url, {
        "titel": "Containers afsluiten", "bron": "schouw", "prioriteit": "hoog",
        "organisatie": world.organisaties["ondernemer"].pk, "deadline": "2026-07-01",
    })
    actiepunt = Actiepunt.objects.get(titel="Containers afsluiten")
    assert response.status_code == 302
    assert actiepunt.status == Status.OPEN
    record = actiepunt.history.get()
    assert record.history_user == world.users["coordinator"]
    assert record.history_type == "+"


def test_edit_is_recorded_in_history_and_shown_on_detail(world, actiepunt):
    client = world.client_for("coordinator")
    response = client.post(
        _url("bewerken", actiepunt), _form_data(actiepunt, deadline="2026-09-15")
    )
    assert response.status_code == 302
    actiepunt.refresh_from_db()
    assert actiepunt.deadline == datetime.date(2026, 9, 15)
    assert actiepunt.versie == 2
    assert actiepunt.history.count() == 2
    detail = client.get(_url("detail", actiepunt)).content.decode()
    assert "Historie" in detail
    assert "15-09-2026" in detail or "2026-09-15" in detail or "15 september 2026" in detail
    assert "Coordinator" in detail


def test_stale_form_is_refused_with_dutch_message_and_nothing_is_overwritten(world, actiepunt):
    coordinator = world.client_for("coordinator")
    # Two people opened the edit form at version 1; the first saves.
    first = coordinator.post(_url("bewerken", actiepunt), _form_data(actiepunt, titel="Eerste"))
    assert first.status_code == 302
    # The second saves a form made from version 1.
    second = coordinator.post(_url("bewerken", actiepunt), _form_data(actiepunt, titel="Tweede"))
    assert second.status_code == 409
    html = second.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    # Both versions side by side; the second person's text stays in the form.
    assert "Eerste" in html and 'value="Tweede"' in html
    assert 'name="versie" value="2"' in html
    actiepunt.refresh_from_db()
    assert actiepunt.titel == "Eerste"
    assert actiepunt.versie == 2
    assert actiepunt.history.count() == 2


def test_stale_status_form_is_refused(world, actiepunt):
    client = world.client_for("gemeente")
    actiepunt.naar_status(Status.IN_UITVOERING, coordinator=True)  # someone else, now versie 2
    response = client.post(_url("status", actiepunt), {"status": "gereed", "versie": 1},
                           follow=True)
    assert "intussen gewijzigd" in response.content.decode()
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.IN_UITVOERING


def test_partner_reports_done_but_only_coordinator_verifies(world, actiepunt):
    gemeente = world.client_for("gemeente")
    gemeente.post(_url("status", actiepunt), {"status": "gereed", "versie": 1,
                                               "toelichting": "Hersteld."})
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.GEREED
    assert actiepunt.gereed_op is not None
    response = gemeente.post(_url("status", actiepunt), {"status": "geverifieerd", "versie": 2},
                             follow=True)
    assert "kan dit actiepunt niet naar Geverifieerd" in response.content.decode()
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.GEREED
    world.client_for("coordinator").post(
        _url("status", actiepunt), {"status": "geverifieerd", "versie": 2}
    )
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.GEVERIFIEERD


def test_transition_table_refuses_open_to_verified(actiepunt):
    with pytest.raises(ValidationError) as error:
        actiepunt.naar_status(Status.GEVERIFIEERD, coordinator=True)
    assert error.value.code == "ongeldige_overgang"
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.OPEN


def test_bulk_status_changes_allowed_items_and_names_the_refused(world, actiepunt):
    tweede = ActiepuntFactory(traject=world.traject, titel="Al geverifieerd")
    tweede.naar_status(Status.GEREED, coordinator=True)
    tweede.naar_status(Status.GEVERIFIEERD, coordinator=True)
    response = world.client_for("coordinator").post(
        reverse("actiepunten:bulk-status", args=[world.traject.pk]),
        {"status": "in_uitvoering", "actiepunten": [actiepunt.pk, tweede.pk],
         f"versie-{actiepunt.pk}": actiepunt.versie, f"versie-{tweede.pk}": tweede.versie,
         "querystring": "status=open"},
        follow=True,
    )
    actiepunt.refresh_from_db()
    tweede.refresh_from_db()
    assert actiepunt.status == Status.IN_UITVOERING
    assert tweede.status == Status.IN_UITVOERING  # geverifieerd → in uitvoering is allowed
    assert response.redirect_chain[-1][0].endswith("?status=open")
    response = world.client_for("coordinator").post(
        reverse("actiepunten:bulk-status", args=[world.traject.pk]),
        {"status": "geverifieerd", "actiepunten": [actiepunt.pk], f"versie-{actiepunt.pk}": 2},
        follow=True,
    )
    assert "Niet gewijzigd" in response.content.decode()
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.IN_UITVOERING
    assert actiepunt.history.filter(history_change_reason="Bulkwijziging").count() == 1


def test_bulk_status_without_selection_says_so_and_changes_nothing(world, actiepunt):
    response = world.client_for("coordinator").post(
        reverse("actiepunten:bulk-status", args=[world.traject.pk]), {"status": "gereed"},
        follow=True,
    )
    assert "Kies ten minste één actiepunt." in response.content.decode()
    actiepunt.refresh_from_db()
    assert actiepunt.status == Status.OPEN


def test_bulk_status_ignores_items_of_another_trajectory(world, actiepunt):
    vreemd = ActiepuntFactory(traject=world.ander_traject)
    world.client_for("coordinator").post(
        reverse("actiepunten:bulk-status", args=[world.traject.pk]),
        {"status": "gereed", "actiepunten": [actiepunt.pk, vreemd.pk]},
    )
    vreemd.refresh_from_db()
    actiepunt.refresh_from_db()
    assert vreemd.status == Status.OPEN
    assert actiepunt.status == Status.OPEN  # the whole form was refused


def test_empty_comment_is_refused_with_dutch_message(world, actiepunt):
    response = world.client_for("gemeente").post(
        _url("opmerking", actiepunt), {"tekst": "   "}, follow=True
    )
    assert "Schrijf een opmerking." in response.content.decode()
    assert not Opmerking.objects.exists()


def test_comments_are_append_only(world, actiepunt):
    opmerking = Opmerking.objects.create(
        actiepunt=actiepunt, auteur=world.users["gemeente"], tekst="Eerste"
    )
    opmerking.tekst = "Gewijzigd"
    with pytest.raises(ValidationError):
        opmerking.save()
    with pytest.raises(ValidationError):
        opmerking.delete()


def test_responsible_person_must_belong_to_the_organisation(world, actiepunt):
    response = world.client_for("coordinator").post(
        _url("bewerken", actiepunt),
        _form_data(actiepunt, verantwoordelijke=world.users["politie"].pk),
    )
    assert response.status_code == 200
    assert "hoort in dit traject niet bij Gemeente Westland" in response.content.decode()
    actiepunt.refresh_from_db()
    assert actiepunt.verantwoordelijke == world.users["gemeente"]


def test_invalid_deadline_is_refused_and_nothing_changes(world, actiepunt):
    response = world.client_for("coordinator").post(
        _url("bewerken", actiepunt), _form_data(actiepunt, deadline="31-02-2026")
    )
    assert response.status_code == 200
    assert "Voer een geldige datum in." in response.content.decode()
    actiepunt.refresh_from_db()
    assert actiepunt.deadline == datetime.date(2026, 6, 1)


def test_readiness_check_wants_owner_and_deadline_on_every_measure(world):
    assert plan_van_aanpak(world.traject).status == NIET
    ActiepuntFactory(traject=world.traject, organisatie=world.organisaties["gemeente"])
    assert plan_van_aanpak(world.traject).status == MET
    zonder = ActiepuntFactory(traject=world.traject, organisatie=None)
    uitkomst = plan_van_aanpak(world.traject)
    assert uitkomst.status == DEELS
    assert "1 van de 2" in uitkomst.reden
    zonder.naar_status(Status.VERVALLEN, coordinator=True)
    assert plan_van_aanpak(world.traject).status == MET


def test_reminder_settings_page_saves_the_users_choice(world):
    client = world.client_for("politie")
    response = client.post(reverse("actiepunten:instellingen"), {
        "deadlines": "on", "overleggen": "on",
    })
    assert response.status_code == 302
    instelling = world.users["politie"].herinneringinstelling
    assert instelling.deadlines and instelling.overleggen
    assert not instelling.te_laat and not instelling.overzicht


@time_machine.travel(datetime.datetime(2026, 6, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_overdue_is_judged_on_the_dutch_date(world, actiepunt):
    assert actiepunt.dagen_te_laat() == 9
    assert Actiepunt.objects.te_laat().filter(pk=actiepunt.pk).exists()


def test_new_knelpunt_form_takes_a_proposal_from_the_survey_results(world):
    url = reverse("actiepunten:knelpunt-nieuw", args=[world.traject.pk])
    html = world.client_for("coordinator").get(
        url, {"titel": "Onveilig gevoel 's avonds", "bron": "enquete",
              "omschrijving": "32% voelt zich onveilig"},
    ).content.decode()
    assert 'value="Onveilig gevoel &#x27;s avonds"' in html
    assert "32% voelt zich onveilig" in html
    assert '<option value="enquete" selected>' in html


def test_matrix_escapes_item_text(world):
    ActiepuntFactory(traject=world.traject, titel="<script>alert(1)</script>",
                     extern_email="x@example.org")
    html = world.client_for("coordinator").get(
        reverse("actiepunten:matrix", args=[world.traject.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
