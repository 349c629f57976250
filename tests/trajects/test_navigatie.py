"""Finding your way: every page has one header; every page of a trajectory shows its section,
its page and the breadcrumbs up to it; empty lists say what to do next."""

import re
from html import unescape

import pytest
from django.urls import resolve, reverse

from kvo.navigation import Kruimel, hoofdmenu
from kvo.registry import Link, Links
from tests.schouwen.factories import BevindingFactory, SchouwFactory
from tests.test_url_permissions import CASES, teruggedraaid
from trajects import navigation


def _actief(html, klasse):
    """Labels of the links marked current (aria-current) inside the <ul class="… klasse">."""
    blok = re.search(rf'<ul class="[^"]*{klasse}[^"]*">(.*?)</ul>', html, re.S)
    if blok is None:
        return [f"(no {klasse} on the page)"]
    return re.findall(r'<a class="[^"]*active[^"]*" href="[^"]*" aria-current="\w+">([^<]+)</a>',
                      blok.group(1))


def _kruimels(html):
    blok = re.search(r'<ol class="breadcrumb kruimelpad[^"]*">(.*?)</ol>', html, re.S)
    if blok is None:
        return []
    return [unescape(k) for k in re.findall(r"<li[^>]*>(?:<a [^>]*>)?([^<]+)", blok.group(1))]


def test_every_page_has_one_header_and_every_trajectory_page_its_section(world):
    """Every page in the permission table, as the coordinator sees it: exactly one h1, in the
    page header; on a trajectory's page exactly one current section and one current tab, in
    the wide-screen tabs and in the phone menu."""
    gecontroleerd, zonder_sectie = [], []
    for name, case in sorted(CASES.items()):
        if case.method != "get" or case.expected["coordinator"] != 200:
            continue
        with teruggedraaid():
            args = case.args(world) if case.args else []
            url = reverse(name, args=args)
            response = world.client_for("coordinator").get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        if not response.templates or not any(t.name == "base.html" for t in response.templates):
            continue
        html = response.content.decode()
        assert html.count("<h1") == 1, f"{name}: {html.count('<h1')} h1 elements"
        assert re.search(r'<div class="paginakop[^"]*">\s*<div class="paginakop-titel">\s*<h1',
                         html), f"{name}: the h1 is not in the page header"
        if "trajecten/<int:pk>/" not in resolve(url).route:
            continue
        gecontroleerd.append(name)
        secties = _actief(html, "traject-secties")
        menu = re.search(r'<details class="[^"]*traject-menu[^"]*">(.*?)</details>', html, re.S)
        if len(secties) != 1:
            zonder_sectie.append(f"{name}: {secties}")
            continue
        assert menu and f"<strong>{secties[0]}</strong>" in menu.group(1), name
        assert len(re.findall(r'aria-current="(?:page|true)"', menu.group(1))) == 1, name
        assert _kruimels(html)[0] == "Mijn trajecten", name
    assert zonder_sectie == [], "trajectory pages without one current section:\n" + "\n".join(
        zonder_sectie)
    assert len(gecontroleerd) > 40


def test_a_finding_sits_under_its_schouw_in_the_analysis(world, coordinator_client):
    schouw = SchouwFactory(traject=world.traject, titel="Avondschouw centrum")
    bevinding = BevindingFactory(schouw=schouw)
    html = coordinator_client.get(bevinding.get_absolute_url()).content.decode()
    assert _actief(html, "traject-secties") == ["Analyse"]
    assert _actief(html, "traject-tabs") == ["Schouwen"]
    assert _kruimels(html) == [
        "Mijn trajecten", world.traject.naam, "Schouwen", str(schouw),
        str(bevinding.categorie),
    ]


def test_a_tab_page_is_the_current_page_and_not_its_own_crumb(world, coordinator_client):
    html = coordinator_client.get(
        reverse("schouwen:kaart", args=[world.traject.pk])).content.decode()
    assert _actief(html, "traject-tabs") == ["Kaart"]
    assert 'aria-current="page">Kaart</a>' in html
    assert _kruimels(html) == ["Mijn trajecten", world.traject.naam, "Kaart van de bevindingen"]


def test_the_overview_has_the_trajectory_as_its_last_crumb(world, coordinator_client):
    html = coordinator_client.get(world.traject.get_absolute_url()).content.decode()
    assert _actief(html, "traject-secties") == ["Overzicht"]
    assert _kruimels(html) == ["Mijn trajecten", world.traject.naam]


def test_a_section_goes_to_its_first_tab_and_one_without_tabs_is_left_out(world, monkeypatch):
    monkeypatch.setattr(navigation, "_secties", {
        **navigation._secties, "leeg": navigation.Sectie("leeg", "Leeg", 50)})
    nav = navigation.navigatie(world.traject, "audits:eisen")
    assert [s.code for s in nav.secties] == ["overzicht", "werkgroep", "analyse", "plan", "audit"]
    assert nav.sectie.code == "audit" and nav.sectie.url == reverse(
        "audits:overzicht", args=[world.traject.pk])
    assert nav.tab.label == "Schema-eisen" and nav.tab.is_pagina


def test_a_tab_needs_a_known_section():
    with pytest.raises(ValueError, match="unknown section"):
        navigation.register_tab("X", "trajects:detail", 1, sectie="bestaat-niet")


def test_an_exact_page_beats_a_wildcard():
    links = Links(Link("Schouwen", "schouwen:lijst", 10, "analyse", ("schouwen:*",)),
                  Link("Kaart", "schouwen:kaart", 20, "analyse"))
    assert links.huidige("schouwen:kaart").label == "Kaart"
    assert links.huidige("schouwen:detail").label == "Schouwen"
    assert links.huidige("audits:overzicht") is None


def test_main_menu_marks_the_current_item(world, coordinator_client):
    html = coordinator_client.get(reverse("actiepunten:instellingen")).content.decode()
    assert re.search(r'class="nav-link active" href="/actiepunten/mijn/" aria-current="page"',
                     html)
    assert hoofdmenu.huidige("trajects:organisatie-detail").url_name == "trajects:organisaties"


def test_an_organisation_page_has_the_organisations_as_parent(world, coordinator_client):
    organisatie = world.organisaties["gemeente"]
    html = coordinator_client.get(organisatie.get_absolute_url()).content.decode()
    assert _kruimels(html) == ["Organisaties", organisatie.naam]
    assert Kruimel("Organisaties", "/organisaties/") == navigation_kruimel("trajects:organisaties")


def navigation_kruimel(url_name):
    from kvo.navigation import ouder_kruimel

    return ouder_kruimel(url_name)


@pytest.mark.parametrize("persona, knop", [("coordinator", True), ("lezer", False)])
def test_an_empty_list_says_what_to_do_next_with_the_button_for_who_may(world, persona, knop):
    response = world.client_for(persona).get(reverse("trajects:overleggen",
                                                     args=[world.traject.pk]))
    html = response.content.decode()
    assert "Nog geen overleggen." in html
    assert "<table" not in html
    nieuw = reverse("trajects:overleg-nieuw", args=[world.traject.pk])
    assert (f'<a class="btn btn-primary btn-sm mt-2" href="{nieuw}">' in html) is knop


def test_no_way_into_the_trajectory_from_a_page_outside_it(world, rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.resolver_match = resolve(reverse("trajects:detail", args=[world.traject.pk]))
    request.user = world.users["coordinator"]
    assert navigation.traject_plek(request, {"traject": world.traject}) is not None
    request.user = AnonymousUser()  # an entrepreneur's link page knows the trajectory
    assert navigation.traject_plek(request, {"traject": world.traject}) is None
    request.user = world.users["coordinator"]
    request.resolver_match = resolve(reverse("trajects:organisaties"))
    assert navigation.traject_plek(request, {"traject": world.traject}) is None
