"""Stored answers cannot be traced back to the business that gave them."""

import re

from django.db import models
from django.test import Client
from django.urls import reverse

from enquetes import services
from enquetes.models import Antwoord, Concept, Inzending, Ontvanger
from tests.enquetes.factories import OntvangerFactory
from tests.enquetes.test_invullen import volledige_antwoorden

ANTWOORD_MODELLEN = [Inzending, Antwoord]


def test_no_answer_row_holds_a_recipient_reference():
    for model in ANTWOORD_MODELLEN:
        for veld in model._meta.get_fields():
            if veld.is_relation:
                assert veld.related_model not in {Ontvanger, Concept}, (model, veld.name)
                # Nor indirectly: Inzending points only to the meting, Antwoord to its
                # inzending and question.
                assert veld.related_model._meta.app_label in {"enquetes"}
            assert "ontvanger" not in veld.name


def test_answer_rows_have_no_time_and_a_random_key():
    for model in ANTWOORD_MODELLEN:
        tijdvelden = [v.name for v in model._meta.concrete_fields
                      if isinstance(v, models.DateField | models.TimeField)]
        assert tijdvelden == [], model
        assert isinstance(model._meta.pk, models.UUIDField), model


def test_stored_answers_hold_nothing_of_the_recipient(meting):
    ontvangers = [OntvangerFactory(meting=meting) for _ in range(3)]
    for ontvanger in ontvangers:
        Client().post(
            reverse("enquetes:invullen", args=[services.ontvanger_token(ontvanger)]),
            {**volledige_antwoorden(meting.vragen_per_soort), "actie": "versturen"},
        )
    assert Inzending.objects.count() == 3
    opgeslagen = repr(list(Inzending.objects.values())) + repr(list(Antwoord.objects.values()))
    for ontvanger in ontvangers:
        assert ontvanger.email not in opgeslagen
        assert ontvanger.nonce.hex not in opgeslagen and str(ontvanger.nonce) not in opgeslagen
    assert not Concept.objects.exists()
    # The recipient side only says that it answered.
    assert Ontvanger.objects.filter(beantwoord__isnull=False).count() == 3


def test_recipient_list_does_not_show_who_answered(world, meting):
    OntvangerFactory(meting=meting, bedrijfsnaam="Wel geantwoord", beantwoord="2026-01-05T10:00Z")
    OntvangerFactory(meting=meting, bedrijfsnaam="Niet geantwoord")
    html = world.client_for("coordinator").get(
        reverse("enquetes:ontvangers", args=[world.traject.pk, meting.pk])).content.decode()
    rijen = re.findall(r"<tr><td>(Wel|Niet) geantwoord</td><td>[^<]*</td>(.*?)</tr>", html)
    # The rows differ only in their own name and ids.
    gelijk = [re.sub(r'\d+|value="[^"]*"|: (Wel|Niet) geantwoord', "", rij) for _naam, rij in rijen]
    assert len(rijen) == 2 and gelijk[0] == gelijk[1]
    assert ">Beantwoord<" not in html
