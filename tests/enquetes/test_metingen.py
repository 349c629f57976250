"""Metingen and their questions: copied from a template, editable until invitations go out."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enquetes.models import Meting, Sjabloon, Vraag
from tests.enquetes.factories import MetingFactory, OntvangerFactory


def standaard():
    return Sjabloon.objects.get(traject__isnull=True, naam="Standaard ondernemersenquête KVO")


def test_default_template_covers_the_usual_themes(db):
    vragen = list(standaard().vragen.all())
    teksten = " ".join(v.tekst + " " + v.opties for v in vragen).lower()
    for thema in ["veilig voelt u zich in uw bedrijf", "omgeving van uw bedrijf",
                  "winkeldiefstal", "inbraak", "overval", "vernieling", "bedreiging",
                  "aangifte", "overlast", "schoon", "aantrekkelijk", "maatregelen"]:
        assert thema in teksten, thema
    assert {v.soort for v in vragen} == {s.value for s in Vraag.Soort}


def test_coordinator_creates_a_meting_from_the_default_template(world):
    client = world.client_for("coordinator")
    start = timezone.localdate()
    response = client.post(reverse("enquetes:meting-nieuw", args=[world.traject.pk]), {
        "basis": standaard().pk, "naam": "Nulmeting", "start": start,
        "einde": start + datetime.timedelta(days=21), "responsdoel": 35, "inleiding": "",
    })
    meting = Meting.objects.get(traject=world.traject)
    assert response.status_code == 302 and response["Location"] == meting.get_absolute_url()
    assert meting.nummer == 0
    assert meting.sjabloon != standaard() and meting.sjabloon.traject == world.traject
    assert list(meting.sjabloon.vragen.values_list("code", flat=True)) == list(
        standaard().vragen.values_list("code", flat=True))


def test_next_meting_gets_the_next_number_and_defaults_to_the_previous_questions(world):
    vorige = MetingFactory(traject=world.traject, nummer=0)
    client = world.client_for("coordinator")
    url = reverse("enquetes:meting-nieuw", args=[world.traject.pk])
    assert client.get(url).context["form"].initial["basis"] == vorige.sjabloon
    start = timezone.localdate()
    client.post(url, {"basis": vorige.sjabloon.pk, "naam": "1-meting", "start": start,
                      "einde": start, "responsdoel": 30})
    assert Meting.objects.get(naam="1-meting").nummer == 1


def test_meting_closing_before_its_start_is_refused(world):
    client = world.client_for("coordinator")
    start = timezone.localdate()
    response = client.post(reverse("enquetes:meting-nieuw", args=[world.traject.pk]), {
        "basis": standaard().pk, "naam": "Fout", "start": start,
        "einde": start - datetime.timedelta(days=1), "responsdoel": 30,
    })
    assert "De sluitingsdatum kan niet voor de start liggen." in response.content.decode()
    assert not Meting.objects.exists()


def test_other_trajects_template_cannot_be_chosen(world):
    ander = MetingFactory(traject=world.ander_traject)
    client = world.client_for("coordinator")
    start = timezone.localdate()
    response = client.post(reverse("enquetes:meting-nieuw", args=[world.traject.pk]), {
        "basis": ander.sjabloon.pk, "naam": "Gestolen", "start": start, "einde": start,
        "responsdoel": 30,
    })
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Meting.objects.filter(traject=world.traject).exists()


def test_coordinator_adds_a_choice_question(world, meting):
    client = world.client_for("coordinator")
    client.post(reverse("enquetes:vraag-nieuw", args=[world.traject.pk, meting.pk]), {
        "sectie": "Overlast", "tekst": "Waar is de meeste overlast?", "soort": "enkelvoudig",
        "opties": " Marktplein \n\nLangestraat\n", "verplicht": "on", "volgorde": 0,
    })
    vraag = meting.sjabloon.vragen.get(tekst="Waar is de meeste overlast?")
    assert vraag.code == "waar-is-de-meeste-overlast"
    assert vraag.optielijst == ["Marktplein", "Langestraat"]
    assert vraag.volgorde > meting.sjabloon.vragen.exclude(pk=vraag.pk).order_by(
        "-volgorde").first().volgorde


def test_choice_question_needs_two_distinct_options(world, meting):
    client = world.client_for("coordinator")
    aantal = meting.sjabloon.vragen.count()
    for opties, fout in [("Alleen deze", "Geef minstens twee antwoordmogelijkheden"),
                         ("Ja\nja", "mag maar één keer voorkomen")]:
        response = client.post(reverse("enquetes:vraag-nieuw", args=[world.traject.pk, meting.pk]),
                               {"tekst": "Kies", "soort": "meervoudig", "opties": opties,
                                "volgorde": 0})
        assert fout in response.content.decode()
    assert meting.sjabloon.vragen.count() == aantal


def test_questions_are_fixed_once_invitations_went_out(world, meting):
    OntvangerFactory(meting=meting, uitgenodigd=timezone.now())
    vraag = meting.vragen_per_soort["open"]
    client = world.client_for("coordinator")
    response = client.post(
        reverse("enquetes:vraag-bewerken", args=[world.traject.pk, meting.pk, vraag.pk]),
        {"tekst": "Gewijzigd", "soort": "open", "volgorde": 1}, follow=True)
    assert "de vragen liggen vast" in response.content.decode()
    client.post(reverse("enquetes:vraag-verwijderen",
                        args=[world.traject.pk, meting.pk, vraag.pk]))
    vraag.refresh_from_db()
    assert vraag.tekst == "Wat kan beter?"
    assert "Vraag toevoegen" not in client.get(
        reverse("enquetes:vragen", args=[world.traject.pk, meting.pk])).content.decode()


def test_question_of_another_meting_is_not_found(world, meting):
    ander = MetingFactory(traject=world.traject)
    vraag = meting.vragen_per_soort["open"]
    response = world.client_for("coordinator").get(
        reverse("enquetes:vraag-bewerken", args=[world.traject.pk, ander.pk, vraag.pk]))
    assert response.status_code == 404


def test_meting_of_another_traject_is_not_found_through_this_traject(world):
    ander = MetingFactory(traject=world.ander_traject)
    response = world.client_for("coordinator").get(
        reverse("enquetes:meting-detail", args=[world.traject.pk, ander.pk]))
    assert response.status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_use_the_same_number_of_queries_for_more_rows(world, meting):
    client = world.client_for("coordinator")
    pagina = {
        "overzicht": reverse("enquetes:overzicht", args=[world.traject.pk]),
        "ontvangers": reverse("enquetes:ontvangers", args=[world.traject.pk, meting.pk]),
        "vragen": reverse("enquetes:vragen", args=[world.traject.pk, meting.pk]),
        "meting": reverse("enquetes:meting-detail", args=[world.traject.pk, meting.pk]),
    }
    OntvangerFactory.create_batch(10, meting=meting)
    klein = {naam: _queries(client, url) for naam, url in pagina.items()}
    for i in range(10):
        MetingFactory(traject=world.traject, nummer=10 + i)
    OntvangerFactory.create_batch(100, meting=meting)
    for _ in range(20):
        meting.sjabloon.vragen.create(code=f"extra-{_}", tekst=f"Extra {_}", soort="open",
                                      volgorde=100 + _)
    groot = {naam: _queries(client, url) for naam, url in pagina.items()}
    assert klein == groot
