"""Celery task names: every beat entry names a registered task, and a task renamed after the
service it runs still answers to its old name (messages already queued carry that name)."""

import pytest
from django.conf import settings

from audits import tasks as audits_tasks
from enquetes import tasks as enquetes_tasks
from kvo import tasks as kvo_tasks
from kvo.celery import app


@pytest.fixture(autouse=True)
def _every_app_s_tasks():
    app.loader.import_default_modules()  # what a worker does at start: every app's tasks.py


@pytest.mark.parametrize("entry", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_beat_entry_names_a_registered_task(entry):
    assert settings.CELERY_BEAT_SCHEDULE[entry]["task"] in app.tasks


@pytest.mark.parametrize(("old_name", "task"), [
    ("audits.tasks.bewaartermijn", audits_tasks.bewaartermijn_toepassen),
    ("audits.tasks.certificaat_herinneringen", audits_tasks.certificaatherinneringen_aanmaken),
    ("enquetes.tasks.herinner_automatisch", enquetes_tasks.herinneringen_automatisch_versturen),
    ("kvo.tasks.hartslag", kvo_tasks.hartslag_kloppen),
])
def test_a_renamed_task_keeps_its_old_celery_name(old_name, task):
    assert task.name == old_name
    assert app.tasks[old_name] is task._get_current_object()
