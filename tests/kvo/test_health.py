"""/gezondheid/: a status per part of the installation, 503 when one fails."""

import datetime
import os
import time

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from kvo import health
from kvo.models import Hartslag
from kvo.tasks import BEAT, hartslag_kloppen

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    return settings.MEDIA_ROOT


def get(client=None, **extra):
    response = (client or Client()).get(reverse("health"), **extra)
    return response, response.json()


def test_embedded_setup_is_healthy_for_anonymous_without_broker_or_beat(media, settings):
    settings.REDIS_URL = ""
    response, data = get()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert data["status"] == "ok"
    assert data["checks"]["database"]["status"] == "ok"
    assert data["checks"]["storage"]["status"] == "ok"
    assert data["checks"]["broker"] == {"status": "off"}
    assert data["checks"]["beat"] == {"status": "off"}


def test_missing_media_folder_fails_storage_with_503(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "niet-aangekoppeld"
    response, data = get()
    assert response.status_code == 503
    assert data["status"] == "fail"
    assert data["checks"]["storage"]["status"] == "fail"
    assert data["checks"]["database"]["status"] == "ok"


def test_database_error_gives_503_and_names_only_the_error_class(media, monkeypatch):
    def broken(timeout):
        raise OperationalError("could not connect to server at 10.0.0.5 password=x")

    monkeypatch.setattr(health, "check_database", broken)
    response, data = get()
    assert response.status_code == 503
    assert data["checks"]["database"] == {
        "status": "fail", "error": "OperationalError", "ms": data["checks"]["database"]["ms"],
    }
    assert "10.0.0.5" not in response.content.decode()


def test_storage_that_hangs_fails_within_the_timeout(settings, media, monkeypatch):
    settings.HEALTH_TIMEOUT_SECONDS = 0.2
    monkeypatch.setattr(health, "_probe_storage", lambda storage: time.sleep(2))
    started = time.monotonic()
    response, data = get()
    assert time.monotonic() - started < 1.5
    assert response.status_code == 503
    assert data["checks"]["storage"]["error"] == "no answer within 0.2 s"


@pytest.fixture
def with_broker(settings, media):
    """Settings as with REDIS_URL set (a real worker and beat), the broker ping stubbed."""
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return settings


def test_beat_heartbeat_from_the_job_is_fresh_then_goes_stale(with_broker, monkeypatch):
    monkeypatch.setattr(health, "check_broker", lambda timeout: None)
    response, data = get()
    assert response.status_code == 503
    assert data["checks"]["beat"] == {
        "status": "fail", "error": "no heartbeat recorded yet", "ms": data["checks"]["beat"]["ms"]}

    hartslag_kloppen.delay()
    response, data = get()
    assert response.status_code == 200, data
    assert data["checks"]["beat"]["status"] == "ok"
    assert data["checks"]["broker"]["status"] == "ok"

    Hartslag.objects.filter(naam=BEAT).update(
        laatst=Hartslag.objects.get(naam=BEAT).laatst - datetime.timedelta(minutes=16))
    response, data = get()
    assert response.status_code == 503
    assert data["checks"]["beat"]["status"] == "fail"
    assert data["checks"]["beat"]["error"].startswith("last heartbeat 9")


def test_unreachable_broker_fails_quickly(with_broker, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    Hartslag.kloppen(BEAT)
    response, data = get()
    assert response.status_code == 503
    assert data["checks"]["broker"]["status"] == "fail"
    assert data["checks"]["beat"]["status"] == "ok"


def test_health_is_exempt_from_the_https_redirect_but_other_pages_are_not(settings, media):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]
    assert Client().get(reverse("health")).status_code == 200
    assert Client().get(reverse("login")).status_code == 301


def test_production_settings_exempt_health_from_the_https_redirect():
    import subprocess
    import sys

    code = ("import django, os; django.setup(); from django.conf import settings; "
            "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT)")
    env = {
        "DJANGO_SETTINGS_MODULE": "kvo.settings", "DJANGO_DEBUG": "0",
        "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "kvo.example.org", "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "True ['^gezondheid/$']"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI's second leg)")
def test_real_broker_answers(with_broker):
    settings = with_broker
    settings.REDIS_URL = os.environ["REDIS_URL"]
    Hartslag.kloppen(BEAT)
    response, data = get()
    assert response.status_code == 200, data
    assert data["checks"]["broker"]["status"] == "ok"


@pytest.mark.skipif(not os.environ.get("S3_BUCKET"), reason="needs S3_BUCKET (CI's second leg)")
def test_s3_bucket_answers_and_a_missing_bucket_fails(settings):
    response, data = get()
    assert data["checks"]["storage"]["status"] == "ok", data
    default = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {
        **default, "OPTIONS": {**default["OPTIONS"], "bucket_name": "kvo-bestaat-niet"}}}
    response, data = get()
    assert response.status_code == 503
    assert data["checks"]["storage"] == {
        "status": "fail", "error": "NoSuchBucket", "ms": data["checks"]["storage"]["ms"]}


def test_load_balancer_may_ask_for_some_parts_only(with_broker, monkeypatch):
    """Beat is down (no heartbeat): the full check fails, the web machine's own parts pass."""
    monkeypatch.setattr(health, "check_broker", lambda timeout: None)
    response, data = get()
    assert response.status_code == 503
    response = Client().get(reverse("health"), {"onderdelen": "database,storage,onbekend"})
    assert response.status_code == 200
    assert list(response.json()["checks"]) == ["database", "storage"]
