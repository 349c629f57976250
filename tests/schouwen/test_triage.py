"""Triage at 100+ findings: choosing all findings of a filter, the bulk actions, stale and
handled rows, suggested duplicate groups, moving open action items along, the exports."""

import csv
import datetime
import io
import json
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actiepunten.models import Actiepunt, Status
from actiepunten.services import bevindingen_omzetten
from schouwen import triage
from schouwen.models import Bevinding, Categorie
from tests.factories import UserFactory
from tests.schouwen.factories import BevindingFactory, FotoFactory, SchouwFactory

# One metre north is about 0.000009 degrees of latitude.
METER = 1 / 111_195


def triage_url(schouw, **query):
    url = reverse("schouwen:triage", args=[schouw.traject_id, schouw.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def export_url(schouw, formaat, **query):
    url = reverse("schouwen:export", args=[schouw.traject_id, schouw.pk, formaat])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def gezien():
    return timezone.now().isoformat()


def berichten(response):
    return [str(m) for m in response.context["messages"]]


# The page ---------------------------------------------------------------------------------------


def test_filter_and_bulk_form_have_unique_ids_and_labels(world, schouw):
    BevindingFactory(schouw=schouw)
    html = world.client_for("coordinator").get(triage_url(schouw)).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'id="filter-organisatie"' in html and 'id="bulk-organisatie"' in html
    for veld in re.findall(r'<(?:input|select)\b[^>]*\bid="((?:filter|bulk|kies)-[^"]+)"', html):
        assert f'for="{veld}"' in html, f"no label for {veld}"


def test_first_bulk_assign_through_the_pages_own_form_works(world, schouw):
    """Issue 13: the filter's and the bulk form's organisation shared id="id_organisatie", so
    the first assignment failed. The page's own form, as a browser posts it."""
    bevinding = BevindingFactory(schouw=schouw)
    politie = world.organisaties["politie"]
    client = world.client_for("coordinator")
    response = client.post(triage_url(schouw), {
        "gezien": gezien(), "bevindingen": [bevinding.pk], "organisatie": politie.pk,
        "meeverhuizen": "on", "actie": "toewijzen", f"versie-{bevinding.pk}": bevinding.versie,
    }, follow=True)
    bevinding.refresh_from_db()
    assert bevinding.organisatie == politie
    assert any("1 bevinding(en) bijgewerkt" in m for m in berichten(response))


def test_list_is_paginated_and_says_how_many_match(world, schouw):
    for _ in range(53):
        BevindingFactory(schouw=schouw, latitude=None, longitude=None)
    response = world.client_for("coordinator").get(triage_url(schouw))
    assert len(response.context["bevindingen"]) == 50
    html = response.content.decode()
    assert "Alle 53 bevindingen van dit filter" in html
    tweede = world.client_for("coordinator").get(triage_url(schouw, pagina=2))
    assert len(tweede.context["bevindingen"]) == 3


def test_query_count_is_constant_with_duplicate_groups_from_10_to_300(world):
    """Rows, photos and the suggested groups: the same number of queries for 10 findings as for
    300, of which many in groups."""
    def vullen(schouw, aantal, door):
        categorieen = list(Categorie.objects.all()[:3])
        for i in range(aantal):
            # Pairs 3 m apart, pairs 100 m from each other: a group per pair.
            b = BevindingFactory(schouw=schouw, categorie=categorieen[(i // 2) % 3],
                                 latitude=52.0 + (i // 2) * 100 * METER + (i % 2) * 3 * METER,
                                 longitude=4.16, vastgelegd_door=door)
            if i % 7 == 0:
                FotoFactory(bevinding=b, geupload_door=door)

    klein = SchouwFactory(traject=world.traject)
    groot = SchouwFactory(traject=world.ander_traject)
    vullen(klein, 10, world.users["gemeente"])
    vullen(groot, 300, world.users["outsider"])
    coordinator, outsider = world.client_for("coordinator"), world.client_for("outsider")

    def tellen(client, schouw):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(triage_url(schouw))
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    tellen(coordinator, klein), tellen(outsider, groot)  # warm up
    n_klein, r_klein = tellen(coordinator, klein)
    n_groot, r_groot = tellen(outsider, groot)
    assert n_klein == n_groot
    assert len(r_groot.context["dubbelgroepen"]) > 50
    assert len(r_klein.context["dubbelgroepen"]) > 0


# Choosing all findings of the filter ------------------------------------------------------------


def test_all_of_the_filter_covers_every_page_and_only_the_filter(world, schouw):
    verlichting = Categorie.objects.get(naam="Verlichting")
    groen = Categorie.objects.get(naam="Groen")
    lampen = [BevindingFactory(schouw=schouw, categorie=verlichting, latitude=None,
                               longitude=None) for _ in range(60)]
    struik = BevindingFactory(schouw=schouw, categorie=groen)
    elders = BevindingFactory(schouw__traject=world.traject, categorie=verlichting)
    response = world.client_for("coordinator").post(
        triage_url(schouw, categorie=verlichting.pk, pagina=2),
        {"alle": "on", "gezien": gezien(), "actie": "geen_actie"}, follow=True)
    assert Bevinding.objects.filter(pk__in=[b.pk for b in lampen],
                                    status=Bevinding.Status.GEEN_ACTIE).count() == 60
    struik.refresh_from_db(), elders.refresh_from_db()
    assert struik.status == elders.status == Bevinding.Status.NIEUW
    assert any("60 bevinding(en) bijgewerkt" in m for m in berichten(response))
    # Back on the same filtered page.
    assert response.redirect_chain[-1][0].endswith(f"?categorie={verlichting.pk}&pagina=2")


def test_all_of_the_filter_skips_findings_changed_after_the_page_was_shown(world, schouw):
    oud = BevindingFactory(schouw=schouw)
    getoond = gezien()
    later = BevindingFactory(schouw=schouw)  # captured after the page was shown
    gewijzigd = BevindingFactory(schouw=schouw, aangemaakt=timezone.now() - datetime.timedelta(
        hours=1))
    gewijzigd.omschrijving = "Door de partner aangevuld"
    gewijzigd.save()
    response = world.client_for("coordinator").post(triage_url(schouw), {
        "alle": "on", "gezien": getoond, "actie": "geen_actie"}, follow=True)
    for b in (oud, later, gewijzigd):
        b.refresh_from_db()
    assert oud.status == Bevinding.Status.GEEN_ACTIE
    assert later.status == gewijzigd.status == Bevinding.Status.NIEUW
    assert any("Overgeslagen" in m and f"#{later.pk}" in m and f"#{gewijzigd.pk}" in m
               for m in berichten(response))


def test_all_without_the_time_of_the_page_changes_nothing(world, schouw):
    bevinding = BevindingFactory(schouw=schouw)
    response = world.client_for("coordinator").post(
        triage_url(schouw), {"alle": "on", "actie": "geen_actie"}, follow=True)
    bevinding.refresh_from_db()
    assert bevinding.status == Bevinding.Status.NIEUW
    assert "De pagina is verouderd" in " ".join(berichten(response))


# The bulk actions -------------------------------------------------------------------------------


def _post(world, schouw, actie, bevindingen, persona="coordinator", **extra):
    data = {"actie": actie, "gezien": gezien(), "bevindingen": [b.pk for b in bevindingen],
            **{f"versie-{b.pk}": b.versie for b in bevindingen}, **extra}
    return world.client_for(persona).post(triage_url(schouw), data, follow=True)


def test_dismiss_sets_geen_actie_nodig_and_leaves_handled_ones_alone(world, schouw):
    nieuw, dubbel_orig = BevindingFactory(schouw=schouw), BevindingFactory(schouw=schouw)
    dubbel = BevindingFactory(schouw=schouw)
    dubbel.markeer_als_dubbel(dubbel_orig)
    response = _post(world, schouw, "geen_actie", [nieuw, dubbel])
    nieuw.refresh_from_db(), dubbel.refresh_from_db()
    assert nieuw.status == Bevinding.Status.GEEN_ACTIE
    assert nieuw.get_status_display() == "Geen actie nodig"
    assert dubbel.status == Bevinding.Status.DUBBEL
    assert f"Niet gedaan voor #{dubbel.pk}: al afgehandeld (Dubbel)." in berichten(response)
    # Dismissed findings are no longer open: no duplicate candidate, not to convert.
    assert not Bevinding.objects.open().filter(pk=nieuw.pk).exists()


def test_convert_makes_one_action_item_each_in_one_go(world, schouw):
    a, b = BevindingFactory(schouw=schouw), BevindingFactory(schouw=schouw)
    al = BevindingFactory(schouw=schouw)
    bevindingen_omzetten(traject=world.traject, bevindingen=[al], door=world.users["coordinator"])
    al.refresh_from_db()
    response = _post(world, schouw, "omzetten", [a, b, al])
    for x in (a, b):
        x.refresh_from_db()
        assert x.status == Bevinding.Status.ACTIEPUNT
        assert Actiepunt.objects.filter(bevindingen=x).count() == 1
    assert Actiepunt.objects.filter(bevindingen=al).count() == 1
    meldingen = berichten(response)
    assert "2 actiepunt(en) gemaakt." in meldingen
    assert f"Niet gedaan voor #{al.pk}: al afgehandeld (Actiepunt gemaakt)." in meldingen


def test_convert_with_a_stale_row_converts_the_others(world, schouw):
    a, b = BevindingFactory(schouw=schouw), BevindingFactory(schouw=schouw)
    data_b_versie = b.versie
    b.omschrijving = "Intussen gewijzigd"
    b.save()
    b.versie = data_b_versie  # the version the page showed
    response = _post(world, schouw, "omzetten", [a, b])
    a.refresh_from_db(), b.refresh_from_db()
    assert a.status == Bevinding.Status.ACTIEPUNT and b.status == Bevinding.Status.NIEUW
    assert any("Overgeslagen" in m and f"#{b.pk}" in m for m in berichten(response))


def test_duplicate_of_a_number(world, schouw):
    origineel = BevindingFactory(schouw=schouw)
    a, b = BevindingFactory(schouw=schouw), BevindingFactory(schouw=schouw)
    _post(world, schouw, "dubbel", [a, b], dubbel_van=origineel.pk)
    for x in (a, b):
        x.refresh_from_db()
        assert (x.status, x.dubbel_van) == (Bevinding.Status.DUBBEL, origineel)


def test_duplicate_of_an_unknown_number_says_so(world, schouw):
    a = BevindingFactory(schouw=schouw)
    elders = BevindingFactory(schouw__traject=world.ander_traject)
    response = _post(world, schouw, "dubbel", [a], dubbel_van=elders.pk)
    a.refresh_from_db()
    assert a.status == Bevinding.Status.NIEUW
    assert "Er is geen bevinding met dat nummer in dit traject." in berichten(response)


def test_duplicate_of_a_duplicate_points_to_its_original(world, schouw):
    origineel, tussen, a = (BevindingFactory(schouw=schouw) for _ in range(3))
    tussen.markeer_als_dubbel(origineel)
    response = _post(world, schouw, "dubbel", [a], dubbel_van=tussen.pk)
    a.refresh_from_db()
    assert a.status == Bevinding.Status.NIEUW
    assert f"#{tussen.pk} is zelf dubbel van #{origineel.pk}; kies die als origineel." in (
        berichten(response))


def test_all_of_the_filter_as_duplicates_leaves_out_the_original(world, schouw):
    bevindingen = [BevindingFactory(schouw=schouw) for _ in range(4)]
    origineel = bevindingen[0]
    _post(world, schouw, "dubbel", [], alle="on", dubbel_van=origineel.pk)
    origineel.refresh_from_db()
    assert origineel.status == Bevinding.Status.NIEUW
    assert Bevinding.objects.filter(dubbel_van=origineel).count() == 3


@pytest.mark.parametrize("persona", ["gemeente", "politie", "auditor", "lezer"])
def test_nobody_but_the_coordinator_triages(world, schouw, persona):
    bevinding = BevindingFactory(schouw=schouw)
    for actie, extra in [("geen_actie", {}), ("omzetten", {}),
                         ("toewijzen", {"organisatie": world.organisaties["politie"].pk})]:
        data = {"actie": actie, "gezien": gezien(), "bevindingen": [bevinding.pk], "alle": "on",
                f"versie-{bevinding.pk}": bevinding.versie, **extra}
        response = world.client_for(persona).post(triage_url(schouw), data)
        assert response.status_code == 403
    bevinding.refresh_from_db()
    assert (bevinding.status, bevinding.organisatie) == (Bevinding.Status.NIEUW, None)
    assert not Actiepunt.objects.exists()


def test_bulk_action_is_one_transaction(world, schouw, monkeypatch):
    """An error halfway (here: the action-item app failing) leaves every finding as it was."""
    from schouwen import registry

    a, b = BevindingFactory(schouw=schouw), BevindingFactory(schouw=schouw)

    def kapot(**kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(registry.actiepunten_maken, "_func", kapot)
    with pytest.raises(RuntimeError):
        triage.bevindingen_omzetten(traject=world.traject, bevindingen=[a, b],
                                    versies={a.pk: a.versie, b.pk: b.versie},
                                    door=world.users["coordinator"])
    a.refresh_from_db(), b.refresh_from_db()
    assert a.versie == 1 and b.versie == 1
    assert a.status == b.status == Bevinding.Status.NIEUW


# Suggested duplicate groups ---------------------------------------------------------------------


def _op(schouw, meters_noord, categorie="Verlichting", **kwargs):
    return BevindingFactory(schouw=schouw, categorie=Categorie.objects.get(naam=categorie),
                            latitude=52.0 + meters_noord * METER, longitude=4.16, **kwargs)


def test_groups_join_same_category_within_the_distance_to_the_oldest(world, schouw, settings):
    settings.BEVINDING_DUBBEL_METERS = 25
    begin = timezone.now() - datetime.timedelta(hours=2)
    a = _op(schouw, 0, aangemaakt=begin)
    b = _op(schouw, 10, aangemaakt=begin + datetime.timedelta(minutes=1))
    c = _op(schouw, 24, aangemaakt=begin + datetime.timedelta(minutes=2))
    # 40 m from the oldest but 16 m from c: no chains.
    d = _op(schouw, 40, aangemaakt=begin + datetime.timedelta(minutes=3))
    _op(schouw, 5, categorie="Groen", aangemaakt=begin + datetime.timedelta(minutes=4))
    weg = _op(schouw, 3, aangemaakt=begin + datetime.timedelta(minutes=5))
    weg.markeer_geen_actie()
    groepen = triage.dubbelgroepen(schouw)
    assert [(g.origineel, g.dubbelen) for g in groepen] == [(a, [b, c])]
    assert d not in groepen[0].dubbelen


def test_one_click_confirms_a_group(world, schouw):
    a, b, c = _op(schouw, 0), _op(schouw, 5), _op(schouw, 8)
    client = world.client_for("coordinator")
    html = client.get(triage_url(schouw)).content.decode()
    formulier = re.search(r'<li class="dubbelgroep">(.*?)</li>', html, re.S).group(1)
    data = dict(re.findall(r'name="(actie|groep_origineel|csrfmiddlewaretoken)" value="([^"]+)"',
                           formulier))
    data["groep_dubbelen"] = re.findall(r'name="groep_dubbelen" value="(\d+)"', formulier)
    for pk, versie in re.findall(r'name="versie-(\d+)" value="(\d+)"', formulier):
        data[f"versie-{pk}"] = versie
    response = client.post(triage_url(schouw), data, follow=True)
    for x in (b, c):
        x.refresh_from_db()
        assert (x.status, x.dubbel_van) == (Bevinding.Status.DUBBEL, a)
    a.refresh_from_db()
    assert a.status == Bevinding.Status.NIEUW
    assert not response.context["dubbelgroepen"]


def test_a_group_confirmed_late_refuses_what_changed(world, schouw):
    a, b, c = _op(schouw, 0), _op(schouw, 5), _op(schouw, 8)
    [groep] = triage.dubbelgroepen(schouw)
    versies = {x.pk: x.versie for x in groep.dubbelen}
    c.markeer_geen_actie()  # another coordinator, meanwhile
    gedaan, verouderd, geweigerd = triage.dubbelgroep_bevestigen(
        origineel=a, dubbelen=[b, c], versies=versies)
    assert gedaan == [b] and verouderd == [c] and not geweigerd
    a.markeer_als_opgelost()
    with pytest.raises(Exception, match="intussen afgehandeld"):
        triage.dubbelgroep_bevestigen(origineel=a, dubbelen=[c],
                                      versies={c.pk: Bevinding.objects.get(pk=c.pk).versie})


def test_groups_are_shown_only_to_the_coordinator(world, schouw):
    _op(schouw, 0), _op(schouw, 5)
    assert "Mogelijk dubbel" in world.client_for("coordinator").get(
        triage_url(schouw)).content.decode()
    assert "Mogelijk dubbel" not in world.client_for("gemeente").get(
        triage_url(schouw)).content.decode()


# Reassigning moves open action items along ------------------------------------------------------


def test_reassign_moves_open_action_items_and_leaves_done_ones(world, schouw):
    gemeente, politie = world.organisaties["gemeente"], world.organisaties["politie"]
    coordinator = world.users["coordinator"]
    open_b = BevindingFactory(schouw=schouw, organisatie=gemeente)
    klaar_b = BevindingFactory(schouw=schouw, organisatie=gemeente)
    [open_ap] = bevindingen_omzetten(traject=world.traject, bevindingen=[open_b], door=coordinator)
    [klaar_ap] = bevindingen_omzetten(traject=world.traject, bevindingen=[klaar_b],
                                      door=coordinator)
    open_ap.verantwoordelijke = world.users["gemeente"]
    open_ap.save()
    Actiepunt.objects.filter(pk=klaar_ap.pk).update(status=Status.GEREED)
    open_b.refresh_from_db(), klaar_b.refresh_from_db()
    response = _post(world, schouw, "toewijzen", [open_b, klaar_b], organisatie=politie.pk,
                     meeverhuizen="on")
    open_ap.refresh_from_db(), klaar_ap.refresh_from_db()
    assert open_ap.organisatie == politie
    assert open_ap.verantwoordelijke is None  # the gemeente's person is not the police's
    assert open_ap.history.first().history_change_reason == (
        "Organisatie gewijzigd met de schouwbevinding")
    assert klaar_ap.organisatie == gemeente and klaar_ap.status == Status.GEREED
    assert any("1 open actiepunt(en) gaan mee" in m for m in berichten(response))


def test_reassign_without_moving_leaves_action_items(world, schouw):
    gemeente, politie = world.organisaties["gemeente"], world.organisaties["politie"]
    b = BevindingFactory(schouw=schouw, organisatie=gemeente)
    [ap] = bevindingen_omzetten(traject=world.traject, bevindingen=[b],
                                door=world.users["coordinator"])
    b.refresh_from_db()
    _post(world, schouw, "toewijzen", [b], organisatie=politie.pk)
    ap.refresh_from_db(), b.refresh_from_db()
    assert b.organisatie == politie and ap.organisatie == gemeente


def test_an_item_of_findings_of_two_organisations_stays(world, schouw):
    gemeente, politie = world.organisaties["gemeente"], world.organisaties["politie"]
    a = BevindingFactory(schouw=schouw, organisatie=gemeente)
    b = BevindingFactory(schouw=schouw, organisatie=gemeente)
    [ap] = bevindingen_omzetten(traject=world.traject, bevindingen=[a, b], samenvoegen=True,
                                titel="Samen", door=world.users["coordinator"])
    a.refresh_from_db()
    response = _post(world, schouw, "toewijzen", [a], organisatie=politie.pk, meeverhuizen="on")
    ap.refresh_from_db()
    assert ap.organisatie == gemeente
    assert any("1 open actiepunt(en) bleven staan" in m for m in berichten(response))


def test_moving_is_in_the_same_transaction(world, schouw, monkeypatch):
    from schouwen import registry

    gemeente, politie = world.organisaties["gemeente"], world.organisaties["politie"]
    b = BevindingFactory(schouw=schouw, organisatie=gemeente)

    def kapot(**kwargs):
        raise RuntimeError("halverwege")

    monkeypatch.setattr(registry.actiepunten_meeverhuizen, "_func", kapot)
    with pytest.raises(RuntimeError):
        triage.bevindingen_toewijzen(bevindingen=[b], versies={b.pk: b.versie},
                                     organisatie=politie, actiepunten_meeverhuizen=True)
    b.refresh_from_db()
    assert b.organisatie == gemeente


# Exports ----------------------------------------------------------------------------------------


@pytest.fixture
def export_bevindingen(world, schouw):
    verlichting = Categorie.objects.get(naam="Verlichting")
    lamp = BevindingFactory(schouw=schouw, categorie=verlichting, omschrijving="=HYPERLINK(x)",
                            organisatie=world.organisaties["gemeente"], latitude=52.0123,
                            longitude=4.1655, straat="Kerkstraat", huisnummer="1a")
    FotoFactory(bevinding=lamp)
    zonder = BevindingFactory(schouw=schouw, categorie=verlichting, latitude=None,
                              longitude=None, omschrijving="Geen plek")
    struik = BevindingFactory(schouw=schouw, categorie=Categorie.objects.get(naam="Groen"),
                              omschrijving="Struik over de stoep")
    return verlichting, lamp, zonder, struik


def test_xlsx_export_opens_in_openpyxl_with_the_filter(world, schouw, export_bevindingen):
    verlichting, lamp, zonder, struik = export_bevindingen
    response = world.client_for("lezer").get(export_url(schouw, "xlsx",
                                                        categorie=verlichting.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    blad = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0][:4] == ("Nummer", "Schouw", "Categorie", "Omschrijving")
    assert [r[0] for r in rijen[1:]] == [lamp.pk, zonder.pk]
    eerste = rijen[1]
    assert eerste[3] == "=HYPERLINK(x)" and blad["D2"].data_type == "s"  # text, not a formula
    assert eerste[9] == pytest.approx(52.0123) and eerste[14] == 1


def test_csv_export_is_for_dutch_excel(world, schouw, export_bevindingen):
    verlichting, lamp, zonder, struik = export_bevindingen
    response = world.client_for("gemeente").get(export_url(schouw, "csv"))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    tekst = response.content.decode("utf-8-sig")
    rijen = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    assert rijen[0][0] == "Nummer" and len(rijen) == 4
    rij = next(r for r in rijen if r[0] == str(lamp.pk))
    assert rij[3] == "'=HYPERLINK(x)"  # disarmed
    assert rij[9] == "52,0123"  # decimal comma
    assert "\r\n" in tekst


def test_geojson_export_has_points_in_lon_lat(world, schouw, export_bevindingen):
    verlichting, lamp, zonder, struik = export_bevindingen
    response = world.client_for("auditor").get(export_url(schouw, "geojson"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    per_id = {f["id"]: f for f in data["features"]}
    assert set(per_id) == {lamp.pk, zonder.pk, struik.pk}
    punt = per_id[lamp.pk]
    assert punt["type"] == "Feature"
    assert punt["geometry"] == {"type": "Point", "coordinates": [4.1655, 52.0123]}
    assert punt["properties"]["organisatie"] == str(world.organisaties["gemeente"])
    assert punt["properties"]["fotos"] == 1
    assert per_id[zonder.pk]["geometry"] is None
    gefilterd = json.loads(world.client_for("auditor").get(
        export_url(schouw, "geojson", status="nieuw", categorie=verlichting.pk)).content)
    assert {f["id"] for f in gefilterd["features"]} == {lamp.pk, zonder.pk}


def test_export_of_an_unknown_format_is_404_and_outsiders_get_404(world, schouw):
    BevindingFactory(schouw=schouw)
    assert world.client_for("coordinator").get(export_url(schouw, "pdf")).status_code == 404
    assert world.client_for("outsider").get(export_url(schouw, "csv")).status_code == 404


def test_export_shows_only_this_schouw(world, schouw):
    hier = BevindingFactory(schouw=schouw)
    BevindingFactory(schouw__traject=world.traject)
    data = json.loads(world.client_for("coordinator").get(export_url(schouw, "geojson")).content)
    assert [f["id"] for f in data["features"]] == [hier.pk]


def test_triage_links_the_exports_with_its_filter(world, schouw):
    BevindingFactory(schouw=schouw)
    html = world.client_for("lezer").get(triage_url(schouw, ernst="rood")).content.decode()
    assert f'href="{export_url(schouw, "geojson")}?ernst=rood"' in html


def test_stranger_user_cannot_export(client, schouw):
    client.force_login(UserFactory())
    assert client.get(export_url(schouw, "csv")).status_code == 404


def _bewerken_data(bevinding, **wijzig):
    data = {"categorie": bevinding.categorie_id, "omschrijving": bevinding.omschrijving,
            "ernst": bevinding.ernst, "straat": bevinding.straat,
            "huisnummer": bevinding.huisnummer, "latitude": bevinding.latitude,
            "longitude": bevinding.longitude, "organisatie": bevinding.organisatie_id or "",
            "melding": "", "versie": bevinding.versie}
    data.update(wijzig)
    return data


def test_finding_page_offers_to_move_open_action_items_with_a_new_organisation(world, schouw):
    gemeente, politie = world.organisaties["gemeente"], world.organisaties["politie"]
    b = BevindingFactory(schouw=schouw, organisatie=gemeente)
    [ap] = bevindingen_omzetten(traject=world.traject, bevindingen=[b],
                                door=world.users["coordinator"])
    b.refresh_from_db()
    url = reverse("schouwen:bevinding-bewerken", args=[world.traject.pk, schouw.pk, b.pk])
    client = world.client_for("coordinator")
    html = client.get(url).content.decode()
    assert 'name="meeverhuizen"' in html and "de 1 open actiepunt(en)" in html
    response = client.post(url, _bewerken_data(b, organisatie=politie.pk, meeverhuizen="on"))
    assert response.status_code == 302
    b.refresh_from_db(), ap.refresh_from_db()
    assert b.organisatie == politie and ap.organisatie == politie


def test_finding_page_does_not_move_items_when_unticked_or_for_the_partner(world, schouw):
    gemeente, politie = world.organisaties["gemeente"], world.organisaties["politie"]
    b = BevindingFactory(schouw=schouw, organisatie=gemeente,
                         vastgelegd_door=world.users["gemeente"])
    [ap] = bevindingen_omzetten(traject=world.traject, bevindingen=[b],
                                door=world.users["coordinator"])
    b.refresh_from_db()
    url = reverse("schouwen:bevinding-bewerken", args=[world.traject.pk, schouw.pk, b.pk])
    partner = world.client_for("gemeente")
    assert 'name="meeverhuizen"' not in partner.get(url).content.decode()
    partner.post(url, _bewerken_data(b, organisatie=politie.pk, meeverhuizen="on"))
    ap.refresh_from_db(), b.refresh_from_db()
    assert b.organisatie == politie and ap.organisatie == gemeente
    world.client_for("coordinator").post(url, _bewerken_data(b, organisatie=gemeente.pk))
    ap.refresh_from_db(), b.refresh_from_db()
    assert b.organisatie == gemeente and ap.organisatie == gemeente
