import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kvo.registry import Hook
from schouwen.models import Bevinding, Categorie
from tests.schouwen.factories import BevindingFactory, FotoFactory


def triage_url(schouw):
    return reverse("schouwen:triage", args=[schouw.traject_id, schouw.pk])


def maak_bevindingen(schouw, aantal, door):
    """`aantal` findings, every fifth with a photo; bulk-created so 500 stay fast."""
    categorieen = list(Categorie.objects.all())
    bevindingen = Bevinding.objects.bulk_create([
        Bevinding(schouw=schouw, categorie=categorieen[i % len(categorieen)],
                  omschrijving=f"Bevinding {i}", ernst=["groen", "geel", "oranje", "rood"][i % 4],
                  latitude=52.0 + i / 10000, longitude=4.16, vastgelegd_door=door)
        for i in range(aantal)
    ])
    for bevinding in bevindingen[::max(1, aantal // 5)]:
        FotoFactory(bevinding=bevinding, geupload_door=door)
    return bevindingen


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("url_name", ["schouwen:triage", "schouwen:kaart-data"])
def test_query_count_is_constant_from_10_to_500_findings(world, url_name):
    from tests.schouwen.factories import SchouwFactory

    klein = SchouwFactory(traject=world.traject)
    groot = SchouwFactory(traject=world.ander_traject)
    maak_bevindingen(klein, 10, world.users["gemeente"])
    maak_bevindingen(groot, 500, world.users["outsider"])

    def url(schouw):
        if url_name == "schouwen:triage":
            return triage_url(schouw)
        return reverse(url_name, args=[schouw.traject_id]) + f"?schouw={schouw.pk}"

    coordinator = world.client_for("coordinator")
    outsider = world.client_for("outsider")  # coordinator of the other trajectory
    count_queries(coordinator, url(klein))  # warm up (session, content types)
    count_queries(outsider, url(groot))
    n_klein, r_klein = count_queries(coordinator, url(klein))
    n_groot, r_groot = count_queries(outsider, url(groot))
    assert n_klein == n_groot
    if url_name == "schouwen:kaart-data":
        assert len(r_klein.json()["features"]) == 10
        groot = r_groot.json()  # beyond a page's worth: clusters with their count
        assert groot["geclusterd"] and groot["totaal"] == 500
        assert sum(f["properties"]["aantal"] for f in groot["features"]) == 500
    else:
        # A page of 50 rows; the duplicate groups are computed over all 500.
        assert len(r_groot.context["bevindingen"]) == 50
        assert r_groot.context["totaal"] == 500


def test_triage_filters_by_category_severity_organisation_and_status(world, schouw):
    gemeente = world.organisaties["gemeente"]
    verlichting = Categorie.objects.get(naam="Verlichting")
    doel = BevindingFactory(schouw=schouw, categorie=verlichting, ernst="rood",
                            organisatie=gemeente)
    BevindingFactory(schouw=schouw, categorie=verlichting, ernst="geel", organisatie=gemeente)
    BevindingFactory(schouw=schouw, categorie=Categorie.objects.get(naam="Groen"), ernst="rood")
    response = world.client_for("auditor").get(triage_url(schouw), {
        "categorie": verlichting.pk, "ernst": "rood", "organisatie": gemeente.pk,
        "status": "nieuw",
    })
    assert list(response.context["bevindingen"]) == [doel]


def test_coordinator_bulk_assigns_an_organisation(world, schouw):
    a, b, c = (BevindingFactory(schouw=schouw) for _ in range(3))
    politie = world.organisaties["politie"]
    response = world.client_for("coordinator").post(triage_url(schouw), {
        "bevindingen": [a.pk, b.pk], "actie": "toewijzen", "organisatie": politie.pk,
        f"versie-{a.pk}": a.versie, f"versie-{b.pk}": b.versie,
    })
    assert response.status_code == 302
    for bevinding in (a, b, c):
        bevinding.refresh_from_db()
    assert a.organisatie == politie and b.organisatie == politie
    assert a.status == Bevinding.Status.TOEGEWEZEN
    assert c.organisatie is None


def test_coordinator_marks_duplicates(world, schouw):
    origineel, dubbel = BevindingFactory(schouw=schouw), BevindingFactory(schouw=schouw)
    world.client_for("coordinator").post(triage_url(schouw), {
        "bevindingen": [dubbel.pk], "actie": "dubbel", "dubbel_van": origineel.pk,
        f"versie-{dubbel.pk}": dubbel.versie,
    })
    dubbel.refresh_from_db()
    assert dubbel.status == Bevinding.Status.DUBBEL and dubbel.dubbel_van == origineel


@pytest.mark.parametrize(("data", "melding"), [
    ({"actie": "toewijzen"}, "Kies eerst een of meer bevindingen."),
    ({"actie": "toewijzen", "organisatie": ""}, "Kies de organisatie."),
    ({"actie": "dubbel"}, "Kies de bevinding waarvan deze dubbel zijn."),
    ({"actie": "dubbel", "zelf": True}, "Een bevinding kan niet dubbel zijn van zichzelf."),
], ids=["none-chosen", "no-organisation", "no-original", "duplicate-of-itself"])
def test_bad_triage_action_says_why_and_changes_nothing(world, schouw, data, melding):
    bevinding = BevindingFactory(schouw=schouw)
    data = dict(data)
    if data.get("actie") and "Kies eerst" not in melding:
        data["bevindingen"] = [bevinding.pk]
    if data.pop("zelf", False):
        data["dubbel_van"] = bevinding.pk
    response = world.client_for("coordinator").post(triage_url(schouw), data, follow=True)
    assert melding in response.content.decode()
    bevinding.refresh_from_db()
    assert (bevinding.status, bevinding.organisatie) == (Bevinding.Status.NIEUW, None)


def test_partner_cannot_triage(world, schouw):
    bevinding = BevindingFactory(schouw=schouw)
    response = world.client_for("gemeente").post(triage_url(schouw), {
        "bevindingen": [bevinding.pk], "actie": "opgelost"})
    assert response.status_code == 403
    bevinding.refresh_from_db()
    assert bevinding.status == Bevinding.Status.NIEUW


def test_finding_of_another_schouw_cannot_be_triaged_here(world, schouw):
    elders = BevindingFactory(schouw__traject=world.ander_traject)
    response = world.client_for("coordinator").post(triage_url(schouw), {
        "bevindingen": [elders.pk], "actie": "opgelost"}, follow=True)
    elders.refresh_from_db()
    assert elders.status == Bevinding.Status.NIEUW
    assert response.status_code == 200


def test_action_point_button_only_when_an_app_takes_the_findings(world, schouw, monkeypatch):
    from schouwen import registry

    BevindingFactory(schouw=schouw)
    monkeypatch.setattr(registry, "bevindingen_omzetten", Hook())
    monkeypatch.setattr(registry, "actiepunten_maken", Hook())
    html = world.client_for("coordinator").get(triage_url(schouw)).content.decode()
    assert "Omzetten in actiepunten" not in html and "naar-actiepunten" not in html
    assert 'id="actie-toewijzen"' in html


def test_coordinator_gets_the_link_to_turn_findings_into_action_points(world, schouw):
    BevindingFactory(schouw=schouw)
    url = reverse("actiepunten:van-bevindingen", args=[world.traject.pk])
    html = world.client_for("coordinator").get(triage_url(schouw)).content.decode()
    assert f'id="naar-actiepunten" href="{url}"' in html
    assert "naar-actiepunten" not in world.client_for("gemeente").get(
        triage_url(schouw)).content.decode()


def test_map_data_filters_by_schouw_and_status_and_skips_findings_without_a_point(world):
    from tests.schouwen.factories import SchouwFactory

    eerste, tweede = SchouwFactory(traject=world.traject), SchouwFactory(traject=world.traject)
    a = BevindingFactory(schouw=eerste)
    BevindingFactory(schouw=eerste, latitude=None, longitude=None)
    b = BevindingFactory(schouw=tweede)
    b.markeer_als_opgelost()
    url = reverse("schouwen:kaart-data", args=[world.traject.pk])
    client = world.client_for("politie")
    ids = lambda r: [f["properties"]["id"] for f in r.json()["features"]]  # noqa: E731
    assert sorted(ids(client.get(url))) == sorted([a.pk, b.pk])
    assert ids(client.get(url, {"schouw": eerste.pk})) == [a.pk]
    assert ids(client.get(url, {"status": "opgelost"})) == [b.pk]
    feature = client.get(url, {"schouw": eerste.pk}).json()["features"][0]
    assert feature["geometry"]["coordinates"] == [a.longitude, a.latitude]


def test_finding_detail_shows_the_action_point_it_became(world, schouw):
    from actiepunten.services import bevindingen_omzetten

    bevinding = BevindingFactory(schouw=schouw, omschrijving="Containers niet op slot")
    [actiepunt] = bevindingen_omzetten(
        traject=world.traject, bevindingen=[bevinding], door=world.users["coordinator"])
    bevinding.refresh_from_db()
    assert bevinding.status == Bevinding.Status.ACTIEPUNT
    html = world.client_for("auditor").get(bevinding.get_absolute_url()).content.decode()
    assert f'href="{actiepunt.get_absolute_url()}"' in html


def test_schouw_list_query_count_is_constant_from_10_to_60_schouwen(world):
    from tests.schouwen.factories import SchouwFactory

    for _ in range(10):
        maak_bevindingen(SchouwFactory(traject=world.traject), 2, world.users["gemeente"])
    for _ in range(60):
        maak_bevindingen(SchouwFactory(traject=world.ander_traject), 2, world.users["outsider"])
    coordinator, outsider = world.client_for("coordinator"), world.client_for("outsider")
    klein = reverse("schouwen:lijst", args=[world.traject.pk])
    groot = reverse("schouwen:lijst", args=[world.ander_traject.pk])
    count_queries(coordinator, klein)
    count_queries(outsider, groot)
    n_klein, r_klein = count_queries(coordinator, klein)
    n_groot, r_groot = count_queries(outsider, groot)
    assert n_klein == n_groot
    assert r_groot.context["page_obj"].paginator.count == 60
    assert len(r_groot.context["page_obj"]) == 50


def test_report_page_query_count_is_constant_from_10_to_200_findings(world):
    from tests.schouwen.factories import SchouwFactory

    klein = SchouwFactory(traject=world.traject)
    groot = SchouwFactory(traject=world.ander_traject)
    maak_bevindingen(klein, 10, world.users["gemeente"])
    maak_bevindingen(groot, 200, world.users["outsider"])

    def url(schouw):
        return reverse("schouwen:rapport", args=[schouw.traject_id, schouw.pk])

    coordinator, outsider = world.client_for("coordinator"), world.client_for("outsider")
    count_queries(coordinator, url(klein))
    count_queries(outsider, url(groot))
    n_klein, _r = count_queries(coordinator, url(klein))
    n_groot, r_groot = count_queries(outsider, url(groot))
    assert n_klein == n_groot
    assert r_groot.context["aantal_bevindingen"] == 200
