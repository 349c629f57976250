"""deploy/: the nginx site and systemd units rendered from the settings, and nginx -t on them."""

import configparser
import os
import subprocess

import pytest
from django.core.management import call_command

from kvo import deploy

NGINX_PRESENT = os.path.exists(deploy.NGINX) and os.path.exists(deploy.OPENSSL)
needs_nginx = pytest.mark.skipif(
    not NGINX_PRESENT and not os.environ.get("KVO_REQUIRE_NGINX"),
    reason="nginx not installed (CI installs Debian's)",
)


def test_command_writes_the_site_and_one_unit_per_service(tmp_path, settings):
    settings.SITE_URL = "https://kvo.example.org"
    settings.UPLOAD_REQUEST_MAX_MB = 120
    call_command("deploy_config", str(tmp_path), "--user", "kvoapp", verbosity=0)
    site = (tmp_path / "nginx/kvo.conf").read_text()
    assert "server_name kvo.example.org;" in site
    assert "client_max_body_size 120m;" in site
    assert "/etc/letsencrypt/live/kvo.example.org/fullchain.pem" in site
    units = sorted(p.name for p in (tmp_path / "systemd").iterdir())
    assert units == ["kvo-beat.service", "kvo-web.service", "kvo-worker.service"]


def test_site_buffers_bodies_sets_proxy_headers_and_serves_no_files(settings):
    settings.MEDIA_ROOT = "/srv/kvo/media"
    site = deploy.render()["nginx/kvo.conf"]
    assert "proxy_request_buffering on;" in site
    for header in ("X-Forwarded-Proto $scheme", "X-Forwarded-For $proxy_add_x_forwarded_for",
                   "X-Request-ID $request_id"):
        assert f"proxy_set_header {header};" in site
    # Nothing is served from disk: no root or alias at all, media least of all.
    lines = [line.strip() for line in site.splitlines() if not line.strip().startswith("#")]
    assert not [line for line in lines if line.startswith(("root ", "alias "))]
    assert "/srv/kvo/media" not in site


def test_body_limit_leaves_room_above_the_file_limits(settings):
    """A file over its own limit still reaches the app and gets the Dutch refusal."""
    assert 2 * max(settings.DOCUMENT_MAX_MB, settings.PHOTO_MAX_MB) <= (
        settings.UPLOAD_REQUEST_MAX_MB)


def _units():
    units = {}
    for name, text in deploy.render().items():
        if name.startswith("systemd/"):
            parser = configparser.ConfigParser(strict=False, interpolation=None)
            parser.optionxform = str
            parser.read_string(text)
            units[name.split("/")[1]] = parser
    return units


def test_units_run_gunicorn_threaded_one_worker_kind_and_beat(settings):
    units = _units()
    web = units["kvo-web.service"]["Service"]
    assert web["ExecStart"].endswith(
        "/bin/gunicorn --config " + str(settings.BASE_DIR) + "/deploy/gunicorn.conf.py "
        "kvo.wsgi:application")
    assert " worker " in units["kvo-worker.service"]["Service"]["ExecStart"]
    beat = units["kvo-beat.service"]
    assert " beat " in beat["Service"]["ExecStart"]
    assert "exactly one" in beat["Unit"]["Description"]
    for unit in units.values():
        executable = unit["Service"]["ExecStart"].split()[0]
        assert os.access(executable, os.X_OK), executable
        assert unit["Service"]["User"] == "kvo"
        assert unit["Service"]["ProtectSystem"] == "strict"


def test_gunicorn_settings_threaded_with_max_requests_and_jitter(monkeypatch, settings):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    values = {}
    exec((settings.BASE_DIR / "deploy/gunicorn.conf.py").read_text(), values)  # noqa: S102
    assert values["worker_class"] == "gthread" and values["threads"] >= 2
    assert values["max_requests"] > 0 and 0 < values["max_requests_jitter"] < values[
        "max_requests"]

    from gunicorn.config import Config

    known = set(Config().settings)
    unknown = {k for k in values if not k.startswith("_") and k != "os"} - known
    # Settings this gunicorn does not know are ignored; only newer ones may be (control socket).
    assert unknown <= {"control_socket_disable"}


@needs_nginx
def test_debian_nginx_accepts_the_rendered_site(tmp_path):
    main = deploy.nginx_test_site(tmp_path, http_port=8087, https_port=8088,
                                  upstream="127.0.0.1:8089")
    result = subprocess.run(deploy.nginx_command(main, "-t"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.parametrize("naam", ["kvo-worker.service", "kvo-beat.service"])
def test_worker_and_beat_are_restarted_whenever_they_stop(naam):
    unit = _units()[naam]
    assert unit["Service"]["Restart"] == "always"
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"  # never gives up


@pytest.mark.parametrize("naam", ["kvo-worker.service", "kvo-beat.service"])
def test_celery_accepts_the_units_command_line(naam):
    import shlex
    import sys

    argv = shlex.split(_units()[naam]["Service"]["ExecStart"])
    result = subprocess.run(
        [sys.executable, "-m", "celery", *argv[1:], "--help"], capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
