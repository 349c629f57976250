"""Production mode refuses to start without its secrets; `check --deploy` passes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env):
    environment = {
        k: v for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_DEBUG"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="kvo.settings", DJANGO_DEBUG="0", **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("env", [
    {},
    {"SECRET_KEY": "x" * 60},
    {"ALLOWED_HOSTS": "kvo.example.org"},
    {"SECRET_KEY": "", "ALLOWED_HOSTS": "kvo.example.org"},
])
def test_production_refuses_to_start_without_secret_key_and_allowed_hosts(env, tmp_path):
    (tmp_path / ".env").write_text("")
    result = start_django(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "needs SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both():
    result = start_django(SECRET_KEY="k" * 60, ALLOWED_HOSTS="kvo.example.org")
    assert result.returncode == 0, result.stderr


def _deploy_check(**env):
    environment = {**os.environ, "DJANGO_DEBUG": "0", "SECRET_KEY": "s3cr3t-" * 10,
                   "ALLOWED_HOSTS": "kvo.example.org", **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    # The check only reads the settings: no Redis needs to answer at this address.
    result = _deploy_check(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_refuses_tasks_in_the_web_process():
    """Without a broker every PDF would be made inside a web request in production."""
    result = _deploy_check(REDIS_URL="")
    assert result.returncode != 0
    assert "kvo.E001" in result.stdout + result.stderr
