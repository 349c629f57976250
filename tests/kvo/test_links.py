"""Signed links (kvo.links), tried on the action item's link nonce."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from actiepunten.models import Actiepunt
from kvo.links import EXPIRED, INVALID, REVOKED, LinkPurpose, link_page, refused
from tests.actiepunten.factories import ActiepuntFactory

MET_INTREKKEN = LinkPurpose(
    salt="tests.link", id_key="t", nonce_field="link_nonce",
    max_age_setting="ACTIEPUNT_LINK_MAX_AGE_DAYS",
    expired_message="verlopen", invalid_message="ongeldig", revoked_message="ingetrokken",
)
ZONDER_VERVAL = LinkPurpose(
    salt="tests.feed", id_key="t", nonce_field="link_nonce",
    expired_message="verlopen", invalid_message="ongeldig",
)
ANDER_DOEL = LinkPurpose(
    salt="tests.ander", id_key="t", nonce_field="link_nonce",
    expired_message="verlopen", invalid_message="ongeldig",
)


def _code(purpose, token, **kwargs):
    with pytest.raises(ValidationError) as error:
        purpose.load(token, Actiepunt.objects.all(), **kwargs)
    return error.value.code, error.value.messages[0]


@pytest.fixture
def actiepunt(db):
    return ActiepuntFactory()


def test_a_token_opens_its_object(actiepunt):
    token = MET_INTREKKEN.token(actiepunt)
    assert MET_INTREKKEN.load(token, Actiepunt.objects.all()) == actiepunt
    assert MET_INTREKKEN.load(token, Actiepunt.objects.all(), pk=actiepunt.pk) == actiepunt


def test_a_token_of_another_purpose_is_invalid(actiepunt):
    assert _code(MET_INTREKKEN, ANDER_DOEL.token(actiepunt)) == (INVALID, "ongeldig")


def test_a_tampered_token_is_invalid(actiepunt):
    token = MET_INTREKKEN.token(actiepunt)
    assert _code(MET_INTREKKEN, token[:-2] + "xx")[0] == INVALID


def test_a_token_for_another_object_than_the_url_names_is_invalid(actiepunt):
    assert _code(MET_INTREKKEN, MET_INTREKKEN.token(actiepunt), pk=actiepunt.pk + 1)[0] == INVALID


def test_a_nonce_that_is_no_uuid_is_invalid(actiepunt):
    token = signing.dumps({"t": actiepunt.pk, "n": "geen-uuid"}, salt="tests.link", compress=True)
    assert _code(MET_INTREKKEN, token)[0] == INVALID


def test_tokens_in_the_format_mailed_before_still_open(actiepunt):
    token = signing.dumps({"t": actiepunt.pk, "n": str(actiepunt.link_nonce)},
                          salt="tests.link", compress=True)
    assert MET_INTREKKEN.load(token, Actiepunt.objects.all()) == actiepunt


def test_expiry_follows_the_setting(actiepunt, settings):
    settings.ACTIEPUNT_LINK_MAX_AGE_DAYS = 10
    start = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        token = MET_INTREKKEN.token(actiepunt)
    with time_machine.travel(start + datetime.timedelta(days=9), tick=False):
        assert MET_INTREKKEN.load(token, Actiepunt.objects.all()) == actiepunt
    with time_machine.travel(start + datetime.timedelta(days=11), tick=False):
        assert _code(MET_INTREKKEN, token) == (EXPIRED, "verlopen")
        assert ZONDER_VERVAL.load(ZONDER_VERVAL.token(actiepunt), Actiepunt.objects.all())


def test_revoking_stops_every_earlier_token(actiepunt):
    oud = MET_INTREKKEN.token(actiepunt)
    MET_INTREKKEN.revoke(actiepunt)
    actiepunt.refresh_from_db()
    assert _code(MET_INTREKKEN, oud) == (REVOKED, "ingetrokken")
    assert MET_INTREKKEN.load(MET_INTREKKEN.token(actiepunt), Actiepunt.objects.all())


def test_a_purpose_without_revoked_message_calls_a_revoked_token_invalid(actiepunt):
    oud = ZONDER_VERVAL.token(actiepunt)
    ZONDER_VERVAL.revoke(actiepunt)
    assert _code(ZONDER_VERVAL, oud)[0] == INVALID


def test_the_queryset_limits_what_a_token_may_open(actiepunt):
    token = MET_INTREKKEN.token(actiepunt)
    with pytest.raises(ValidationError):
        MET_INTREKKEN.load(token, Actiepunt.objects.exclude(pk=actiepunt.pk))


@pytest.mark.parametrize(("code", "status"), [
    (INVALID, 404), (EXPIRED, 410), (REVOKED, 410), ("gebruikt", 410),
])
def test_refused_page_is_404_for_forged_and_410_for_used_up_links(rf, code, status):
    request = rf.get("/")
    request.user = AnonymousUser()
    response = refused(request, ValidationError("Werkt niet.", code=code),
                       "actiepunten/extern_ongeldig.html")
    assert response.status_code == status
    assert "Werkt niet." in response.content.decode()


def test_link_page_is_open_uncached_unindexed_and_keeps_its_url_to_itself():
    view = link_page(lambda request: HttpResponse("ok"))
    assert view.login_required is False
    response = view(RequestFactory().get("/"))
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
