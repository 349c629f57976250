"""Every list: 50 rows a page, filters and sort order kept in the pager's links, and the same
number of queries for a short list as for a long one (kvo/lists.py)."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actiepunten.models import Herinnering
from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import AuditFactory, CertificaatFactory
from tests.enquetes.factories import MetingFactory, OntvangerFactory
from tests.factories import (
    DocumentVersieFactory,
    OrganisatieFactory,
    OverlegFactory,
    UserFactory,
    lid,
)
from tests.schouwen.factories import SchouwFactory
from trajects.models import FaseWijziging, LidmaatschapWijziging, Rol, Uitnodiging

pytestmark = pytest.mark.django_db


def _partners(world, n):
    for _ in range(n):
        world.traject.partners.create(organisatie=OrganisatieFactory())


def _leden(world, n):
    for _ in range(n):
        lid(world.traject, OrganisatieFactory(), Rol.PARTNER)


def _uitnodigingen(world, n):
    organisatie = world.organisaties["gemeente"]
    Uitnodiging.objects.bulk_create(
        Uitnodiging(traject=world.traject, email=UserFactory.build().email,
                    organisatie=organisatie, rol=Rol.PARTNER) for _ in range(n))


def _historie(world, n):
    lidmaatschap = world.traject.lidmaatschappen.first()
    for _ in range(n):
        LidmaatschapWijziging.objects.create(
            lidmaatschap=lidmaatschap, aanleiding=LidmaatschapWijziging.Aanleiding.WERKGROEP,
            naar_rol=Rol.PARTNER, door=world.users["coordinator"])


def _documenten(world, n):
    for _ in range(n):
        DocumentVersieFactory(document__traject=world.traject,
                              document__organisatie=world.organisaties["gemeente"],
                              geupload_door=world.users["gemeente"])


def _overleggen(world, n):
    for _ in range(n):
        OverlegFactory(traject=world.traject)


def _organisaties(world, n):
    _partners(world, n)


def _fases(world, n):
    for _ in range(n):
        FaseWijziging.objects.create(traject=world.traject, van="", naar="analyse",
                                     door=world.users["coordinator"])


def _schouwen(world, n):
    for _ in range(n):
        SchouwFactory(traject=world.traject)


def _audits(world, n):
    for _ in range(n):
        AuditFactory(traject=world.traject)


def _certificaten(world, n):
    for _ in range(n):
        CertificaatFactory(traject=world.traject)


def _metingen(world, n):
    for _ in range(n):
        MetingFactory(traject=world.traject)


def _ontvangers(world, n):
    meting = world.traject.metingen.first() or MetingFactory(traject=world.traject)
    for _ in range(n):
        OntvangerFactory(meting=meting)


def _mijn(world, n):
    for _ in range(n):
        ActiepuntFactory(traject=world.traject, organisatie=world.organisaties["coordinator"],
                         deadline=timezone.localdate() + datetime.timedelta(days=3))


def _herinneringen(world, n):
    begin = Herinnering.objects.count()
    Herinnering.objects.bulk_create(
        Herinnering(soort="overzicht", ontvanger="iemand@example.org",
                    peildatum=timezone.localdate() - datetime.timedelta(days=begin + i),
                    traject=world.traject) for i in range(n))


def _traject(name):
    return lambda w: reverse(name, args=[w.traject.pk])


def _ontvangers_url(w):
    meting = w.traject.metingen.first() or MetingFactory(traject=w.traject)
    return reverse("enquetes:ontvangers", args=[w.traject.pk, meting.pk])


# page: (url, add rows, the context key of the list's page, a sort key or "")
LIJSTEN = {
    "partners": (_traject("trajects:partners"), _partners, "page_obj", "soort"),
    "leden": (_traject("trajects:leden"), _leden, "page_obj", "naam"),
    "uitnodigingen": (_traject("trajects:leden"), _uitnodigingen, "uitnodigingen", ""),
    "toegangshistorie": (_traject("trajects:leden-historie"), _historie, "page_obj", ""),
    "documenten": (_traject("trajects:documenten"), _documenten, "page_obj", "titel"),
    "overleggen": (_traject("trajects:overleggen"), _overleggen, "page_obj", "datum"),
    "organisaties": (lambda w: reverse("trajects:organisaties"), _organisaties, "page_obj",
                     "soort"),
    "fasehistorie": (_traject("trajects:fase"), _fases, "page_obj", ""),
    "schouwen": (_traject("schouwen:lijst"), _schouwen, "page_obj", ""),
    "audits": (_traject("audits:overzicht"), _audits, "audit_lijst", ""),
    "certificaten": (_traject("audits:overzicht"), _certificaten, "certificaten", ""),
    "metingen": (_traject("enquetes:overzicht"), _metingen, "page_obj", ""),
    "ontvangers": (_ontvangers_url, _ontvangers, "page_obj", "email"),
    "mijn actiepunten": (lambda w: reverse("actiepunten:mijn"), _mijn, "page_obj", "titel"),
    "herinneringen": (_traject("actiepunten:herinneringen"), _herinneringen, "page_obj", ""),
}


def _page(response, key):
    waarde = response.context[key]
    return waarde["page_obj"] if isinstance(waarde, dict) else waarde


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("lijst", sorted(LIJSTEN))
def test_list_shows_fifty_rows_a_page_in_a_constant_number_of_queries(world, lijst):
    url_for, toevoegen, key, _sort = LIJSTEN[lijst]
    client = world.client_for("coordinator")
    toevoegen(world, 3)
    url = url_for(world)
    client.get(url)  # warm up: session, content types
    _response, klein = _get(client, url)
    toevoegen(world, 60)
    response, groot = _get(client, url)
    page = _page(response, key)
    assert page.paginator.per_page == 50
    assert len(page) == 50 and page.paginator.count > 50
    assert klein == groot, f"{lijst}: {klein} queries for a few rows, {groot} for 60 more"
    param = response.context[key]["page_param"] if isinstance(
        response.context[key], dict) else response.context["page_param"]
    tweede = client.get(f"{url}?{param}=2")
    assert len(_page(tweede, key)) == page.paginator.count - 50
    assert f"{param}=2" in response.content.decode()


@pytest.mark.parametrize("lijst", sorted(k for k, v in LIJSTEN.items() if v[3]))
def test_sort_order_and_filters_stay_in_the_links(world, lijst):
    url_for, toevoegen, key, sort = LIJSTEN[lijst]
    client = world.client_for("coordinator")
    toevoegen(world, 55)
    url = url_for(world)
    oplopend = client.get(f"{url}?sorteer={sort}&zoek=")
    aflopend = client.get(f"{url}?sorteer=-{sort}&zoek=")
    assert oplopend.context["sortering"] == sort and aflopend.context["sortering"] == f"-{sort}"
    eerste = [r.pk for r in _page(oplopend, key)]
    laatste = [r.pk for r in _page(aflopend, key)]
    assert eerste != laatste
    body = oplopend.content.decode()
    # The pager keeps sort order and filters; the column head offers the other direction.
    assert f"?sorteer={sort}&amp;zoek=&amp;pagina=2" in body
    assert f'aria-sort="ascending"><a href="?sorteer=-{sort}&amp;zoek="' in body
    onbekend = client.get(f"{url}?sorteer=bestaat-niet")
    assert onbekend.status_code == 200 and onbekend.context["sortering"] != "bestaat-niet"


def test_mijn_actiepunten_keeps_its_default_filter_on_page_two(world):
    from actiepunten.models import Status

    klaar = ActiepuntFactory(traject=world.traject, organisatie=world.organisaties["coordinator"])
    klaar.naar_status(Status.GEREED, coordinator=True)
    _mijn(world, 55)
    client = world.client_for("coordinator")
    tweede = client.get(reverse("actiepunten:mijn") + "?pagina=2")
    assert tweede.context["page_obj"].paginator.count == 55  # open items only, as on page one
    assert klaar.pk not in [a.pk for a in tweede.context["page_obj"]]


def test_page_number_out_of_range_shows_the_last_page(world):
    _documenten(world, 55)
    client = world.client_for("coordinator")
    response = client.get(reverse("trajects:documenten", args=[world.traject.pk]) + "?pagina=99")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    links = parse_qs(urlparse("?" + response.context["querystring"]).query)
    assert "pagina" not in links
