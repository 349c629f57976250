"""The installed app's start page (the manifest's start_url, schouwen:vastleggen): the open
schouwen where the user may capture; within the service worker's scope, so it opens without
network too (tests/schouwen/test_browser_offline.py)."""

import json
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.schouwen.factories import SchouwFactory

START = reverse("schouwen:vastleggen")


def test_the_manifest_starts_the_app_inside_the_service_workers_scope():
    manifest = json.loads((Path(settings.BASE_DIR) / "static/schouwen/vastleggen.webmanifest")
                          .read_text())
    assert manifest["start_url"] == START
    werker_scope = reverse("schouwen:werker").rsplit("/", 1)[0] + "/"
    assert manifest["start_url"].startswith(werker_scope)


def test_it_lists_the_open_schouwen_of_the_users_own_trajectories(world):
    open_ = SchouwFactory(traject=world.traject, titel="Avondschouw Langestraat")
    SchouwFactory(traject=world.traject, titel="Al afgerond", status="afgerond",
                  afgerond_op=timezone.now())
    SchouwFactory(traject=world.ander_traject, titel="Van een ander traject")
    html = world.client_for("politie").get(START).content.decode()
    assert "Avondschouw Langestraat" in html
    assert reverse("schouwen:bevinding-nieuw", args=[world.traject.pk, open_.pk]) in html
    assert "Al afgerond" not in html
    assert "Van een ander traject" not in html
    # The script that lists what the phone keeps, and the manifest.
    assert 'data-werker="/schouwen/werker.js"' in html
    assert "vastleggen.webmanifest" in html


def test_who_cannot_capture_sees_no_schouw(world):
    SchouwFactory(traject=world.traject, titel="Avondschouw Langestraat")
    for persona in ("auditor", "lezer", "outsider", "staff"):
        html = world.client_for(persona).get(START).content.decode()
        assert "Avondschouw Langestraat" not in html, persona
        assert "Geen open schouw" in html, persona


def test_the_start_page_in_a_fixed_number_of_queries(world):
    client = world.client_for("gemeente")

    def tel():
        with CaptureQueriesContext(connection) as context:
            assert client.get(START).status_code == 200
        return len(context)

    SchouwFactory.create_batch(2, traject=world.traject)
    twee = tel()
    SchouwFactory.create_batch(5, traject=world.traject)
    assert tel() == twee


def test_the_worker_keeps_the_start_page_and_falls_back_to_it(world):
    js = world.client_for("gemeente").get(reverse("schouwen:werker")).content.decode()
    assert f'var START = "{START}"' in js
    assert "caches.match(START)" in js
