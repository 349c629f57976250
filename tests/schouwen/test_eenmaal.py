"""Every capture is saved exactly once: a capture sent again (its answer lost on a phone that
dropped signal, a queue retrying, two sends racing) finds the finding already saved."""

import threading
import time
import uuid

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from schouwen import services
from schouwen.models import Bevinding, Categorie, Foto
from tests import fotos
from tests.schouwen.test_vastleggen import post_data, upload, url


def test_the_same_capture_posted_twice_makes_one_finding(world, schouw, media_files):
    client = world.client_for("politie")
    data = post_data(latitude="52.0017", longitude="4.1655")
    eerste = client.post(url(schouw), {**data, "fotos": [upload(fotos.jpeg_bytes())]})
    tweede = client.post(url(schouw), {**data, "fotos": [upload(fotos.jpeg_bytes())]})
    bevinding = Bevinding.objects.get()
    assert eerste.status_code == tweede.status_code == 302
    assert eerste["Location"] == tweede["Location"] == bevinding.get_absolute_url()
    assert str(bevinding.client_id) == data["client_id"]
    assert Foto.objects.count() == 1
    assert len(media_files()) == 3
    pagina = client.get(tweede["Location"]).content.decode()
    assert "Deze bevinding was al opgeslagen" in pagina


def test_a_repeat_of_save_and_next_goes_to_the_next_form_again(world, schouw):
    client = world.client_for("gemeente")
    data = post_data(nog_een="1")
    assert client.post(url(schouw), data)["Location"] == url(schouw)
    assert client.post(url(schouw), data)["Location"] == url(schouw)
    assert Bevinding.objects.count() == 1


def test_different_captures_make_different_findings(world, schouw):
    client = world.client_for("gemeente")
    client.post(url(schouw), post_data())
    client.post(url(schouw), post_data())
    assert Bevinding.objects.count() == 2


def test_a_repeat_after_the_schouw_was_closed_finds_the_saved_finding(world, schouw):
    client = world.client_for("gemeente")
    data = post_data()
    client.post(url(schouw), data)
    services.schouw_afronden(schouw=schouw)
    response = client.post(url(schouw), data)
    assert response["Location"] == Bevinding.objects.get().get_absolute_url()


def test_the_same_id_in_another_schouw_is_another_finding(world, schouw):
    from tests.schouwen.factories import SchouwFactory

    ander = SchouwFactory(traject=world.traject)
    client = world.client_for("gemeente")
    data = post_data()
    client.post(url(schouw), data)
    client.post(url(ander), data)
    assert Bevinding.objects.filter(client_id=data["client_id"]).count() == 2


@pytest.mark.parametrize("waarde", ["", "geen-uuid"])
def test_a_capture_without_a_valid_id_is_refused_with_a_message(world, schouw, waarde):
    response = world.client_for("gemeente").post(url(schouw), post_data(client_id=waarde))
    assert response.status_code == 200
    assert "Deze pagina is verouderd" in response.content.decode()
    assert not Bevinding.objects.exists()


def test_the_capture_page_carries_a_fresh_id_each_time(world, schouw):
    client = world.client_for("gemeente")
    ids = {client.get(url(schouw)).context["form"].initial["client_id"] for _ in range(2)}
    assert len(ids) == 2
    html = client.get(url(schouw)).content.decode()
    assert 'type="hidden" name="client_id"' in html


def test_a_validation_error_keeps_the_same_id(world, schouw):
    data = post_data(latitude="52.0")
    html = world.client_for("gemeente").post(url(schouw), data).content.decode()
    assert f'value="{data["client_id"]}"' in html


def test_the_service_returns_the_saved_finding_for_a_known_id(world, schouw):
    client_id = uuid.uuid4()
    argumenten = {
        "schouw": schouw, "door": world.users["gemeente"], "omschrijving": "Tegel los",
        "categorie": Categorie.objects.get(naam="Bestrating"), "client_id": client_id,
    }
    eerste = services.bevinding_vastleggen(**argumenten)
    tweede = services.bevinding_vastleggen(**argumenten)
    assert eerste == tweede
    assert Bevinding.objects.count() == 1


def test_the_database_refuses_a_second_finding_with_the_same_id(world, schouw):
    from django.db import IntegrityError

    from tests.schouwen.factories import BevindingFactory

    client_id = uuid.uuid4()
    BevindingFactory(schouw=schouw, client_id=client_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        BevindingFactory(schouw=schouw, client_id=client_id)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="two writers at once need PostgreSQL (SQLite locks the whole file)")
def test_two_sends_at_once_make_one_finding(world, schouw, media_files):
    """The first send has inserted its finding but not committed when the second arrives: the
    second finds nothing yet, waits on the unique constraint, and then answers with the first
    one's finding; its own photo files are removed again."""
    data = post_data()
    client_id = uuid.UUID(data["client_id"])
    ingevoegd, loslaten = threading.Event(), threading.Event()
    fout = []

    def eerste_send():
        try:
            with transaction.atomic():
                services.bevinding_vastleggen(
                    schouw=schouw, door=world.users["gemeente"],
                    categorie=Categorie.objects.get(naam="Verlichting"),
                    omschrijving="Lantaarnpaal brandt niet", client_id=client_id,
                )
                ingevoegd.set()
                loslaten.wait(30)
        except Exception as error:  # pragma: no cover - reported below
            fout.append(error)
        finally:
            connections.close_all()

    antwoord = {}

    def tweede_send():
        client = Client()
        client.force_login(world.users["gemeente"])
        try:
            antwoord["response"] = client.post(
                url(schouw), {**data, "fotos": [upload(fotos.jpeg_bytes())]})
        finally:
            connections.close_all()

    eerste = threading.Thread(target=eerste_send)
    eerste.start()
    assert ingevoegd.wait(30)
    tweede = threading.Thread(target=tweede_send)
    tweede.start()
    # Wait until the second send is blocked on the first one's uncommitted row.
    for _ in range(300):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                break
        time.sleep(0.05)
    else:  # pragma: no cover
        loslaten.set()
        pytest.fail("the second send never waited for the first")
    loslaten.set()
    eerste.join(30)
    tweede.join(30)
    assert not fout
    bevinding = Bevinding.objects.get()
    assert antwoord["response"].status_code == 302
    assert antwoord["response"]["Location"] == bevinding.get_absolute_url()
    assert not Foto.objects.exists()
    assert media_files() == []
