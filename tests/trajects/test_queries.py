"""Every list page runs the same number of queries for 10 rows as for 40."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    DocumentVersieFactory,
    OrganisatieFactory,
    OverlegFactory,
    TrajectFactory,
    UserFactory,
    lid,
)
from trajects.models import Aanwezigheid, FaseWijziging, Organisatie, Rol, Uitnodiging

pytestmark = pytest.mark.django_db


def query_count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def add_trajecten(world, n):
    user = world.users["coordinator"]
    for _ in range(n):
        traject = TrajectFactory()
        organisatie = OrganisatieFactory(soort=Organisatie.Soort.GEMEENTE)
        lid(traject, world.organisaties["coordinator"], Rol.COORDINATOR, user=user)
        traject.partners.create(organisatie=organisatie)
        OverlegFactory(traject=traject, datum=timezone.now() + datetime.timedelta(days=5))


def add_leden(world, n):
    for _ in range(n):
        organisatie = OrganisatieFactory()
        lid(world.traject, organisatie, Rol.PARTNER)
        Uitnodiging.objects.create(
            traject=world.traject, email=UserFactory.build().email, organisatie=organisatie,
            rol=Rol.PARTNER,
        )


def add_partners(world, n):
    for _ in range(n):
        lid(world.traject, OrganisatieFactory(), Rol.PARTNER)


def add_documenten(world, n):
    for _ in range(n):
        versie = DocumentVersieFactory(
            document__traject=world.traject, geupload_door=world.users["gemeente"],
            document__organisatie=world.organisaties["gemeente"],
        )
        DocumentVersieFactory(document=versie.document, geupload_door=world.users["politie"])


def add_overleggen(world, n):
    leden = list(world.traject.lidmaatschappen.all())
    for _ in range(n):
        overleg = OverlegFactory(traject=world.traject)
        Aanwezigheid.objects.bulk_create(
            Aanwezigheid(overleg=overleg, lidmaatschap=lid, aanwezig=True) for lid in leden
        )


def add_alles(world, n):
    add_partners(world, n)
    add_documenten(world, n)
    add_overleggen(world, n)
    door = world.users["coordinator"]
    for _ in range(n):
        FaseWijziging.objects.create(traject=world.traject, van="", naar="analyse", door=door)


PAGES = {
    "dashboard": (lambda w: reverse("trajects:dashboard"), add_trajecten),
    "partners": (lambda w: reverse("trajects:partners", args=[w.traject.pk]), add_partners),
    "leden": (lambda w: reverse("trajects:leden", args=[w.traject.pk]), add_leden),
    "documenten": (lambda w: reverse("trajects:documenten", args=[w.traject.pk]),
                   add_documenten),
    "overleggen": (lambda w: reverse("trajects:overleggen", args=[w.traject.pk]),
                   add_overleggen),
    "organisaties": (lambda w: reverse("trajects:organisaties"), add_partners),
    "detail": (lambda w: reverse("trajects:detail", args=[w.traject.pk]), add_alles),
    "gereedheid": (lambda w: reverse("trajects:gereedheid", args=[w.traject.pk]), add_partners),
}


# The home page's readiness bars are set-based (trajects.readiness.beoordeel_voor);
# tests/trajects/test_thuis.py counts the home page for every persona.
@pytest.mark.parametrize("page", sorted(PAGES))
def test_list_page_query_count_does_not_grow_with_rows(world, page):
    url_for, add_rows = PAGES[page]
    client = world.client_for("coordinator")
    url = url_for(world)
    add_rows(world, 10)
    client.get(url)  # warm up: session, content types
    small = query_count(client, url)
    add_rows(world, 30)
    large = query_count(client, url)
    assert small == large, f"{page}: {small} queries for 10 rows, {large} for 40"
