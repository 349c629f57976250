"""Request ids in responses, log lines, error pages, Celery tasks and Sentry; errors to ADMINS."""

import json
import logging

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from kvo import logs

pytestmark = pytest.mark.django_db
logger = logging.getLogger("kvo.test")


@login_not_required
def kapot(request):
    logger.info("voor de fout")
    raise RuntimeError("kapot")


@login_not_required
def gewoon(request):
    logger.info("gewone regel")
    return HttpResponse("ok")


urlpatterns = [path("kapot/", kapot), path("gewoon/", gewoon)]
handler500 = "kvo.views.server_error"


@pytest.fixture
def app(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


@pytest.fixture
def log_lines(caplog):
    """The records of this test, with the request id the console handler's filter adds."""
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(logs.RequestIdFilter())
    return caplog


def test_each_request_gets_a_new_id_in_the_response_and_its_log_lines(app, log_lines):
    first = app.get("/gewoon/")
    second = app.get("/gewoon/")
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert len(first["X-Request-ID"]) == 32
    ids = [r.request_id for r in log_lines.records if r.getMessage() == "gewone regel"]
    assert ids == [first["X-Request-ID"], second["X-Request-ID"]]


def test_incoming_id_is_ignored_unless_the_proxy_is_trusted(app, settings):
    settings.TRUST_X_REQUEST_ID = False
    response = app.get("/gewoon/", headers={"X-Request-ID": "van-de-client-12345"})
    assert response["X-Request-ID"] != "van-de-client-12345"

    settings.TRUST_X_REQUEST_ID = True
    response = app.get("/gewoon/", headers={"X-Request-ID": "van-de-proxy-12345"})
    assert response["X-Request-ID"] == "van-de-proxy-12345"


@pytest.mark.parametrize("bad", ["kort", "met spatie 12345", 'aanhalings"teken12', "x" * 200,
                                 "regel\\neinde12345"])
def test_malformed_trusted_id_is_replaced(app, settings, bad):
    settings.TRUST_X_REQUEST_ID = True
    response = app.get("/gewoon/", headers={"X-Request-ID": bad})
    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32


def test_server_error_page_shows_the_request_id_and_admins_get_a_mail(app, settings, log_lines):
    settings.ADMINS = [("Beheer", "beheer@example.org")]
    response = app.get("/kapot/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert f'<code id="referentie">{request_id}</code>' in response.content.decode()
    assert [r.request_id for r in log_lines.records if r.getMessage() == "voor de fout"] == [
        request_id]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["beheer@example.org"]
    assert "/kapot/" in mail.outbox[0].subject


def test_with_sentry_the_error_goes_there_with_the_request_id_and_no_mail(app, settings):
    import sentry_sdk

    events = []

    class Capture(sentry_sdk.Transport):
        def capture_envelope(self, envelope):
            events.extend(item.payload.json for item in envelope.items
                          if item.type == "event")

    settings.ADMINS = [("Beheer", "beheer@example.org")]
    logs.init_sentry("https://sleutel@sentry.invalid/1", environment="test", transport=Capture)
    try:
        response = app.get("/kapot/")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    assert response.status_code == 500
    assert mail.outbox == []
    errors = [e for e in events if e.get("level") == "error"]
    assert errors, events
    assert errors[0]["tags"]["request_id"] == response["X-Request-ID"]
    assert errors[0]["exception"]["values"][-1]["value"] == "kapot"
    assert "user" not in errors[0] or "email" not in errors[0].get("user", {})


def test_json_formatter_writes_one_object_per_line_with_the_request_id():
    config = logs.logging_config(json=True, level="INFO")
    formatter_config = dict(config["formatters"]["json"])
    factory = formatter_config.pop("()")
    module, name = factory.rsplit(".", 1)
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_config)
    record = logging.LogRecord("kvo.test", logging.WARNING, __file__, 1, "hallo %s", ("wereld",),
                               None)
    token = logs.request_id_var.set("abc123abc123")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.request_id_var.reset(token)
    line = formatter.format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "hallo wereld"
    assert data["level"] == "WARNING"
    assert data["logger"] == "kvo.test"
    assert data["request_id"] == "abc123abc123"


def test_task_enqueued_in_a_request_logs_under_the_request_id(app, settings, log_lines):
    from celery import shared_task

    @shared_task(name="tests.kvo.log_taak")
    def log_taak():
        logger.info("in de taak")

    @login_not_required
    def start(request):
        log_taak.delay()
        return HttpResponse("gestart")

    import sys
    sys.modules[__name__].urlpatterns.append(path("taak/", start))
    try:
        response = app.get("/taak/")
    finally:
        sys.modules[__name__].urlpatterns.pop()
    ids = [r.request_id for r in log_lines.records if r.getMessage() == "in de taak"]
    assert ids == [response["X-Request-ID"]]


def test_task_headers_carry_the_request_id_to_the_worker():
    headers = {}
    token = logs.request_id_var.set("verzoek-12345678")
    try:
        logs.add_request_id_header(headers=headers)
    finally:
        logs.request_id_var.reset(token)
    assert headers == {"request_id": "verzoek-12345678"}

    class Request:
        request_id = "verzoek-12345678"
        headers = None

    class Task:
        request = Request()

    logs.task_started(task_id="taak-1", task=Task)
    assert logs.current_request_id() == "verzoek-12345678"
    logs.task_finished(task=Task)
    assert logs.current_request_id() is None


def test_lines_django_logs_after_the_view_carry_the_request_id(log_lines):
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    ids = [r.request_id for r in log_lines.records if r.name == "django.request"]
    assert ids == [response["X-Request-ID"]]


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_not_found_page_is_dutch_and_shows_the_reference(world, persona):
    client = world.client_for(persona)
    response = client.get(f"/trajecten/{world.traject.pk}/" if persona == "outsider"
                          else "/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert f'<code id="referentie">{response["X-Request-ID"]}</code>' in html


def test_forbidden_page_shows_the_reference(world):
    from django.urls import reverse

    client = world.client_for("auditor")  # reads the trajectory, may not edit it
    response = client.post(reverse("trajects:bewerken", args=[world.traject.pk]), {})
    assert response.status_code == 403
    assert f'<code id="referentie">{response["X-Request-ID"]}</code>' in (
        response.content.decode())
