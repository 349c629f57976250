"""Real parts for the fault tests: a Redis server of their own, a misbehaving SMTP server, a
Celery worker and beat, and gunicorn, each a separate process on the test database.

They run in the production-like leg (PostgreSQL, REDIS_URL set, redis-server installed) and
skip on the embedded one. Ports: Redis from 6390-6399, SMTP from 2525-2535 (the first free one);
gunicorn listens on a Unix socket.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings

from tests.faults.smtp import FaultySMTP

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_PORTS = range(6390, 6400)
SMTP_PORTS = range(2525, 2536)


def production_like():
    return (settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
            and bool(settings.REDIS_URL))


def wait_until(condition, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


# Processes -----------------------------------------------------------------------------------

class Process:
    """A child process in its own session, so SIGKILL takes its children along."""

    def __init__(self, name, argv, env, logdir, ready=None):
        self.name, self.argv, self.env, self.ready = name, argv, env, ready
        self.log = logdir / f"{name}.log"
        self.proc = None

    def start(self, timeout=60):
        self.offset = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                self.argv, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if self.ready and not wait_until(lambda: self.ready(self) or not self.alive, timeout):
            raise AssertionError(f"{self.name} did not start:\n{self.tail()}")
        assert self.alive, f"{self.name} exited:\n{self.tail()}"
        return self

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self):
        return self.proc.pid

    def output(self):
        return self.log.read_bytes()[self.offset:].decode(errors="replace")

    def tail(self, n=60):
        return "\n".join(self.output().splitlines()[-n:])

    def signal(self, sig):
        os.killpg(self.proc.pid, sig)

    def kill(self):
        """SIGKILL the process and its children, as the OOM killer or a crash would."""
        if self.alive:
            self.signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if not self.alive:
            return
        self.signal(signal.SIGTERM)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.kill()


class OwnRedis:
    """A redis-server of the test's own, which it may stop, start, freeze and thaw."""

    def __init__(self, logdir):
        self.logdir = logdir
        self.port = None
        self.process = None

    def _argv(self, port):
        return [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.logdir)]

    def _answers(self):
        import redis

        try:
            return redis.Redis(port=self.port, socket_timeout=0.5,
                               socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def start(self):
        ports = [self.port] if self.port else list(REDIS_PORTS)
        for port in ports:
            self.port = port
            self.process = Process(f"redis-{port}", self._argv(port), os.environ.copy(),
                                   self.logdir)
            self.process.start()
            if (wait_until(lambda: self._answers() or not self.process.alive, 10)
                    and self.process.alive):
                return self
            self.process.stop()
        raise AssertionError(f"no Redis could start on {ports}")

    def stop(self):
        self.process.stop()

    def freeze(self):
        """SIGSTOP: connections are still accepted by the kernel but never answered."""
        self.process.signal(signal.SIGSTOP)

    def thaw(self):
        self.process.signal(signal.SIGCONT)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


def _smtp_server():
    for port in SMTP_PORTS:
        server = FaultySMTP(port)
        try:
            server.start()
        except (OSError, RuntimeError):
            continue
        return server
    raise AssertionError(f"no free SMTP port in {SMTP_PORTS}")


@pytest.fixture(scope="module")
def smtp():
    if not production_like():
        pytest.skip("fault tests run in the production-like leg")
    server = _smtp_server()
    yield server
    server.stop()


class Web:
    """Requests to gunicorn over its Unix socket, as a browser would send them."""

    def __init__(self, socket_path):
        self.socket_path = socket_path

    def request(self, method, path, *, session=None, data=None, timeout=10):
        connection = _UnixHTTPConnection(self.socket_path, timeout)
        # A Unix socket has no client address: the client's comes from the proxy header, as
        # behind the nginx of deploy/ (TRUSTED_PROXY_COUNT=1).
        headers = {"Host": "localhost", "X-Forwarded-For": "192.0.2.10"}
        body = None
        cookies = {}
        if session:
            cookies[settings.SESSION_COOKIE_NAME] = session
        if data is not None:
            token = "k" * 32  # CSRF: the same secret in the cookie and the form
            cookies[settings.CSRF_COOKIE_NAME] = token
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        return response.status, time.monotonic() - started


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class Installation:
    """Worker, beat and web on the test database, with Redis and SMTP of the test's own."""

    def __init__(self, tmp_path, redis, smtp, database):
        self.tmp_path, self.redis, self.smtp = tmp_path, redis, smtp
        self.database = database
        self.socket = tmp_path / "web.sock"
        self.web = Web(str(self.socket))
        self.worker = Process(
            "worker",
            [str(BIN / "celery"), "-A", "kvo", "worker", "--loglevel", "INFO",
             "--concurrency", "2", "--without-gossip", "--without-mingle",
             "--hostname", f"fouten-{os.getpid()}@%h"],
            self.env(), tmp_path, ready=lambda p: " ready." in p.output(),
        )
        self.beat = Process(
            "beat",
            [str(BIN / "celery"), "-A", "kvo", "beat", "--loglevel", "INFO",
             "--schedule", str(tmp_path / "celerybeat-schedule")],
            self.env(), tmp_path, ready=lambda p: "Scheduler: Sending" in p.output(),
        )
        self.gunicorn = Process(
            "web",
            [str(BIN / "gunicorn"), "kvo.wsgi:application", "--bind", f"unix:{self.socket}",
             "--workers", "2", "--threads", "4", "--timeout", "30"],
            self.env(), tmp_path, ready=lambda p: self._web_answers(),
        )

    def env(self):
        db = self.database
        url = (f"postgres://{urllib.parse.quote(db['USER'] or '')}:"
               f"{urllib.parse.quote(db['PASSWORD'] or '')}@{db['HOST'] or '127.0.0.1'}:"
               f"{db['PORT'] or 5432}/{db['NAME']}")
        environment = {k: v for k, v in os.environ.items()
                       if not k.startswith(("PYTEST", "DJANGO_"))}
        environment.update({
            "DJANGO_SETTINGS_MODULE": "kvo.settings", "DJANGO_DEBUG": "1",
            "SECRET_KEY": settings.SECRET_KEY, "DATABASE_URL": url,
            "REDIS_URL": self.redis.url, "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp.port}",
            "DEFAULT_FROM_EMAIL": "KVO-trajectbeheer <kvo@example.org>",
            "SITE_URL": "http://localhost", "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "TRUSTED_PROXY_COUNT": "1",
            # Short enough for a test to see every step, in the same proportions as production.
            "EMAIL_TIMEOUT": "2", "OUTBOX_CLAIM_SECONDS": "8", "OUTBOX_RETRY_SECONDS": "1",
            "OUTBOX_RETRY_MAX_SECONDS": "2", "OUTBOX_INHAAL_SECONDEN": "1",
            "LOG_LEVEL": "INFO",
        })
        return environment

    def _web_answers(self):
        if not self.socket.exists():
            return False
        try:
            status, _ = self.web.request("GET", "/inloggen/", timeout=5)
        except OSError:
            return False
        return status == 200

    def start(self, *, web=False):
        self.worker.start()
        self.beat.start()
        if web:
            self.gunicorn.start()
        return self

    def stop(self):
        for process in (self.gunicorn, self.beat, self.worker):
            process.stop()

    def logs(self):
        return "\n\n".join(f"--- {p.name}\n{p.tail(40)}"
                           for p in (self.worker, self.beat, self.gunicorn) if p.proc)


@pytest.fixture
def installatie(transactional_db, tmp_path, smtp, monkeypatch):
    """Everything running; the test process itself enqueues nothing (its kicks would go to the
    test run's own broker), so mails it writes are sent by the worker through beat's catch-up."""
    from django.db import connection

    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed: the production-like leg needs it")
    monkeypatch.setattr("kvo.wachtrij.aanstoten", lambda task, *args: False)
    smtp.reset()
    smtp.start()
    redis = OwnRedis(tmp_path).start()
    omgeving = Installation(tmp_path, redis, smtp, connection.settings_dict)
    yield omgeving
    omgeving.stop()
    if redis.process.alive:
        redis.thaw()
        redis.stop()
    print(omgeving.logs())


def session_for(user):
    """A session cookie for `user`, stored in the test database the web process reads."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def terminate_backends(database, keep):
    """pg_terminate_backend for every connection to the test database except `keep` (pids)."""
    import psycopg2

    connection = psycopg2.connect(
        dbname=database["NAME"], user=database["USER"], password=database["PASSWORD"] or None,
        host=database["HOST"] or "127.0.0.1", port=database["PORT"] or 5432,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() AND NOT pid = ANY(%s)",
                [database["NAME"], list(keep)],
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


MESSAGE_ID = re.compile(r"<([0-9a-f-]{36})@")
