"""Inviting people to a trajectory: signed, single-use, expiring links."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from trajects import services
from trajects.models import Lidmaatschap, Partner, Rol, Uitnodiging, Werkgroeprol

pytestmark = pytest.mark.django_db
User = get_user_model()
NIEUW = "nieuw.lid@example.org"


def uitnodigen(client, world, email=NIEUW, organisatie="gemeente", **extra):
    data = {
        "email": email,
        "naam": "Nieuw lid",
        "organisatie": world.organisaties[organisatie].pk,
        "rol": Rol.PARTNER,
        "werkgroeprol": Werkgroeprol.LID,
        **extra,
    }
    return client.post(reverse("trajects:uitnodigen", args=[world.traject.pk]), data)


def link_uit_mail(message):
    return re.search(r"https?://[^/\s]+(/uitnodiging/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def uitgenodigd(world, coordinator_client, django_capture_on_commit_callbacks):
    """An open invitation for NIEUW; returns the path of the link in the mail."""
    with django_capture_on_commit_callbacks(execute=True):
        response = uitnodigen(coordinator_client, world)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    return link_uit_mail(mail.outbox[0])


def test_coordinator_invites_and_mail_with_link_goes_out_after_commit(
    world, coordinator_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = uitnodigen(coordinator_client, world)
        assert response.status_code == 302
        assert response["Location"] == reverse("trajects:leden", args=[world.traject.pk])
    assert mail.outbox == []  # nothing sent before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    uitnodiging = Uitnodiging.objects.get(traject=world.traject, email=NIEUW)
    assert uitnodiging.organisatie == world.organisaties["gemeente"]
    assert uitnodiging.uitgenodigd_door == world.users["coordinator"]
    assert [m.to for m in mail.outbox] == [[NIEUW]]
    assert world.traject.naam in mail.outbox[0].subject
    assert "/uitnodiging/" in mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert link_uit_mail(mail.outbox[0]) in html


def test_inviting_a_new_organisation_makes_it_a_partner(world, coordinator_client):
    world.traject.partners.filter(organisatie=world.organisaties["outsider"]).delete()
    uitnodigen(coordinator_client, world, organisatie="outsider")
    assert Partner.objects.filter(
        traject=world.traject, organisatie=world.organisaties["outsider"]
    ).exists()


def test_second_open_invitation_for_same_email_is_refused(world, coordinator_client, uitgenodigd):
    response = uitnodigen(coordinator_client, world, email=NIEUW.upper())
    assert response.status_code == 200
    assert "Er staat al een openstaande uitnodiging voor" in response.content.decode()
    assert Uitnodiging.objects.filter(traject=world.traject).count() == 1
    assert len(mail.outbox) == 1


def test_inviting_an_existing_member_is_refused(world, coordinator_client):
    response = uitnodigen(coordinator_client, world, email="Politie@example.org")
    assert response.status_code == 200
    assert "is al lid van dit traject" in response.content.decode()
    assert not Uitnodiging.objects.exists()
    assert mail.outbox == []


def test_invalid_invitation_form_shows_dutch_errors_and_saves_nothing(world, coordinator_client):
    response = uitnodigen(coordinator_client, world, email="geen-adres", organisatie="gemeente")
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in." in response.content.decode()
    assert not Uitnodiging.objects.exists()


def test_new_person_accepts_with_password_and_is_logged_in(world, client, uitgenodigd):
    response = client.get(uitgenodigd)
    assert response.status_code == 200
    assert "Kies een wachtwoord" in response.content.decode()
    response = client.post(uitgenodigd, {
        "naam": "Adviseur Gemeente", "wachtwoord1": "Veilig-ondernemen-2026",
        "wachtwoord2": "Veilig-ondernemen-2026",
    })
    assert response.status_code == 302
    assert response["Location"] == world.traject.get_absolute_url()
    user = User.objects.get(email=NIEUW)
    assert user.naam == "Adviseur Gemeente"
    assert user.check_password("Veilig-ondernemen-2026")
    lid = Lidmaatschap.objects.get(user=user, traject=world.traject)
    assert (lid.rol, lid.werkgroeprol) == (Rol.PARTNER, Werkgroeprol.LID)
    assert lid.organisatie == world.organisaties["gemeente"]
    assert Uitnodiging.objects.get().geaccepteerd is not None
    assert client.get(world.traject.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("w1", "w2", "melding"), [
    ("Veilig-ondernemen-2026", "Iets-anders-2026", "De wachtwoorden zijn niet gelijk."),
    ("12345678", "12345678", "Dit wachtwoord is te algemeen."),
])
def test_bad_password_on_accept_saves_nothing(world, client, uitgenodigd, w1, w2, melding):
    response = client.post(uitgenodigd, {"naam": "X", "wachtwoord1": w1, "wachtwoord2": w2})
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert not User.objects.filter(email=NIEUW).exists()
    assert Uitnodiging.objects.get().geaccepteerd is None


def test_existing_account_is_asked_to_log_in_then_joins(world, client, uitgenodigd):
    user = UserFactory(email=NIEUW)
    response = client.get(uitgenodigd)
    assert "Er bestaat al een account voor dit e-mailadres" in response.content.decode()
    # A POST with a password does not create or change anything for a logged-out visitor.
    client.post(uitgenodigd, {"naam": "X", "wachtwoord1": "a", "wachtwoord2": "a"})
    assert not Lidmaatschap.objects.filter(user=user).exists()

    client.force_login(user)
    response = client.get(uitgenodigd)
    assert "Deelnemen aan dit traject" in response.content.decode()
    response = client.post(uitgenodigd)
    assert response.status_code == 302
    assert Lidmaatschap.objects.get(user=user).traject == world.traject
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_logged_in_with_other_account_cannot_accept(world, client, uitgenodigd):
    client.force_login(world.users["outsider"])
    response = client.get(uitgenodigd)
    assert "U bent ingelogd met een ander e-mailadres" in response.content.decode()
    client.post(uitgenodigd)
    assert not Lidmaatschap.objects.filter(
        traject=world.traject, user=world.users["outsider"]
    ).exists()
    assert Uitnodiging.objects.get().geaccepteerd is None


def test_expired_link_is_refused_with_dutch_message(world, client, uitgenodigd):
    later = timezone.now() + datetime.timedelta(days=15)
    with time_machine.travel(later, tick=False):
        response = client.get(uitgenodigd)
        assert response.status_code == 410
        assert "Deze uitnodiging is verlopen" in response.content.decode()
        client.post(uitgenodigd, {
            "naam": "X", "wachtwoord1": "Veilig-ondernemen-2026",
            "wachtwoord2": "Veilig-ondernemen-2026",
        })
    assert not User.objects.filter(email=NIEUW).exists()


def test_link_still_works_just_before_it_expires(world, client, uitgenodigd):
    bijna = timezone.now() + datetime.timedelta(days=13, hours=23)
    with time_machine.travel(bijna, tick=False):
        assert client.get(uitgenodigd).status_code == 200


def test_after_expiry_the_coordinator_can_invite_again(
    world, coordinator_client, uitgenodigd, django_capture_on_commit_callbacks
):
    later = timezone.now() + datetime.timedelta(days=15)
    with time_machine.travel(later, tick=False):
        coordinator_client.force_login(world.users["coordinator"])  # sessions last two weeks
        assert "verlopen" in coordinator_client.get(
            reverse("trajects:leden", args=[world.traject.pk])
        ).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = uitnodigen(coordinator_client, world)
        assert response.status_code == 302
    assert Uitnodiging.objects.count() == 2
    assert Uitnodiging.objects.open().count() == 1
    assert len(mail.outbox) == 2


def test_used_link_cannot_be_used_again(world, client, uitgenodigd):
    wachtwoord = {"naam": "A", "wachtwoord1": "Veilig-ondernemen-2026",
                  "wachtwoord2": "Veilig-ondernemen-2026"}
    assert client.post(uitgenodigd, wachtwoord).status_code == 302
    client.logout()
    response = client.get(uitgenodigd)
    assert response.status_code == 410
    assert "Deze uitnodiging is al gebruikt" in response.content.decode()
    assert User.objects.filter(email=NIEUW).count() == 1


def test_accepting_twice_through_the_service_is_refused(world, uitgenodigd):
    uitnodiging = Uitnodiging.objects.get()
    user = UserFactory(email=NIEUW)
    services.uitnodiging_accepteren(uitnodiging=uitnodiging, user=user)
    with pytest.raises(services.ValidationError, match="al gebruikt"):
        services.uitnodiging_accepteren(uitnodiging=uitnodiging, user=user)


@pytest.mark.parametrize("knoei", [
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
    lambda token: "x" + token,  # payload changed
    lambda token: "willekeurig",
])
def test_tampered_or_forged_link_is_not_found(world, client, uitgenodigd, knoei):
    token = uitgenodigd.rstrip("/").rsplit("/", 1)[1]
    url = reverse("trajects:uitnodiging-accepteren", args=[knoei(token)])
    response = client.get(url)
    assert response.status_code == 404
    assert "Deze uitnodigingslink is ongeldig" in response.content.decode()


def test_token_for_another_invitation_nonce_is_refused(world, client, uitgenodigd):
    uitnodiging = Uitnodiging.objects.get()
    oude_token = services.uitnodiging_token(uitnodiging)
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(nonce="00000000-0000-0000-0000-000000000000")
    url = reverse("trajects:uitnodiging-accepteren", args=[oude_token])
    assert client.get(url).status_code == 404


def test_revoked_invitation_link_is_refused(world, coordinator_client, client, uitgenodigd):
    uitnodiging = Uitnodiging.objects.get()
    response = coordinator_client.post(
        reverse("trajects:uitnodiging-intrekken", args=[world.traject.pk, uitnodiging.pk])
    )
    assert response.status_code == 302
    uitnodiging.refresh_from_db()
    assert uitnodiging.ingetrokken is not None
    response = client.get(uitgenodigd)
    assert response.status_code == 410
    assert "Deze uitnodiging is ingetrokken" in response.content.decode()
    assert not User.objects.filter(email=NIEUW).exists()


def test_ended_member_can_be_invited_again_and_regains_access(
    world, coordinator_client, django_capture_on_commit_callbacks
):
    politie = world.users["politie"]
    lid = Lidmaatschap.objects.get(user=politie, traject=world.traject)
    coordinator_client.post(reverse("trajects:lid-verwijderen", args=[world.traject.pk, lid.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = uitnodigen(coordinator_client, world, email=politie.email,
                              organisatie="politie")
    assert response.status_code == 302
    client = world.client_for("politie")
    assert client.get(world.traject.get_absolute_url()).status_code == 404
    client.post(link_uit_mail(mail.outbox[-1]))
    lid.refresh_from_db()
    assert lid.geldig_tot is None
    assert client.get(world.traject.get_absolute_url()).status_code == 200
