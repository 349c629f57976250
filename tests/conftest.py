"""Shared fixtures: the personas every view is tried by, and a small world they live in.

Personas: coordinator, a partner of each required kind (gemeente, politie, brandweer,
ondernemer), an auditor within the access window, a lezer (reader), a regional viewer (regio:
oversees the trajectory's area for a regional platform, no member), an auditor whose access
window has ended (auditor_na), staff (beheer, no membership), an outsider (coordinator of
another trajectory) and anonymous.
"""

import datetime
import os
import uuid
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone

from kvo.celery import app as celery_app
from tests.celery_lock import lege_redis_queue
from tests.factories import OrganisatieFactory, TrajectFactory, UserFactory, lid
from tests.media import stored_files
from tests.permissions import PERSONAS
from trajects.models import Lidmaatschap, Organisatie, Rol, Toezicht, Toezichthouder

# Browser fixtures (chromium, browser_page, phone_page) for every app's browser tests.
pytest_plugins = ["tests.browser", "tests.pdok"]

# Each pytest-xdist process gets its own Celery queue: real-worker tests running at the same time
# in two processes (each with its own test database) never take each other's tasks.
celery_app.conf.task_default_queue = f"kvo-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"

__all__ = ["PERSONAS", "PARTNERS"]
PARTNERS = ["gemeente", "politie", "brandweer", "ondernemer"]


@dataclass
class World:
    traject: object
    ander_traject: object
    organisaties: dict
    users: dict = field(default_factory=dict)

    def client_for(self, persona):
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Media: a fresh folder per test, or with S3_BUCKET set (CI's second leg) a fresh prefix in
    # the bucket of the local S3 server.
    settings.MEDIA_ROOT = tmp_path / "media"
    default = settings.STORAGES["default"]
    if "OPTIONS" in default and "bucket_name" in default["OPTIONS"]:
        default = {**default, "OPTIONS": {
            **default["OPTIONS"], "location": f"test/{uuid.uuid4().hex}"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.LANGUAGE_CODE = "nl"
    # Rate limits count across tests in the shared cache; tests/kvo/test_ratelimits.py turns
    # them on with a cache of its own.
    settings.RATELIMIT_ENABLE = False
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def world(db):
    soorten = {
        "coordinator": ("MKB Westland", Organisatie.Soort.MKB, Rol.COORDINATOR),
        "gemeente": ("Gemeente Westland", Organisatie.Soort.GEMEENTE, Rol.PARTNER),
        "politie": ("Politie team Westland", Organisatie.Soort.POLITIE, Rol.PARTNER),
        "brandweer": ("Brandweer Haaglanden", Organisatie.Soort.BRANDWEER, Rol.PARTNER),
        "ondernemer": ("BIZ 's-Gravenzande", Organisatie.Soort.ONDERNEMERS, Rol.PARTNER),
        "auditor": ("Kiwa NCP", Organisatie.Soort.CERTIFICEERDER, Rol.AUDITOR),
        "lezer": ("CCV", Organisatie.Soort.PROCESBEGELEIDER, Rol.LEZER),
    }
    traject = TrajectFactory(naam="KVO-W Centrum 's-Gravenzande")
    ander = TrajectFactory(naam="KVO-B Bedrijventerrein Elders")
    w = World(traject=traject, ander_traject=ander, organisaties={})
    for persona, (naam, soort, rol) in soorten.items():
        organisatie = OrganisatieFactory(naam=naam, soort=soort)
        w.organisaties[persona] = organisatie
        w.users[persona] = lid(
            traject, organisatie, rol, user__email=f"{persona}@example.org",
            user__naam=persona.capitalize(),
        )
    # An auditor of an earlier audit: the access window ended yesterday.
    w.users["auditor_na"] = UserFactory(email="auditor_na@example.org", naam="Oud-auditor")
    Lidmaatschap.objects.create(
        user=w.users["auditor_na"], traject=traject, organisatie=w.organisaties["auditor"],
        rol=Rol.AUDITOR, geldig_tot=timezone.localdate() - datetime.timedelta(days=1),
    )
    # A regional viewer: oversees the trajectory's area for a regional platform (no member).
    regio = OrganisatieFactory(naam="Platform Veilig Ondernemen Haaglanden",
                               soort=Organisatie.Soort.PROCESBEGELEIDER)
    w.organisaties["regio"] = regio
    Toezicht.objects.create(organisatie=regio, gebied=traject.gebied)
    w.users["regio"] = UserFactory(email="regio@example.org", naam="Regio")
    Toezichthouder.objects.create(user=w.users["regio"], organisatie=regio)
    w.users["staff"] = UserFactory(email="staff@example.org", naam="Beheer", is_staff=True)
    ander_org = OrganisatieFactory(naam="Parkmanagement Elders", soort=Organisatie.Soort.OVERIG)
    w.organisaties["outsider"] = ander_org
    w.users["outsider"] = lid(
        ander, ander_org, Rol.COORDINATOR, user__email="outsider@example.org",
        user__naam="Buitenstaander",
    )
    return w


@pytest.fixture
def coordinator_client(world):
    return world.client_for("coordinator")


@pytest.fixture
def media_files():
    """Names of all stored media (a fresh folder, or bucket prefix, per test)."""
    return stored_files


# Transactional tests (live server, real Celery worker) end by emptying every table, which also
# removes the reference data that data migrations seeded (e.g. schouw categories). With xdist
# handing out whole files, a database test of another file can come after one on the same
# process, so the seeded rows are put back from the snapshot Django takes at database setup.
def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(items):
    for item in items:
        if _is_transactional(item) and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")


def _is_test_database(connection):
    """PostgreSQL's test database is test_<name>; SQLite's is in memory."""
    if connection.vendor == "sqlite":
        return connection.is_in_memory_db()
    return "test" in str(connection.settings_dict["NAME"])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the test database is already gone (and the settings point at the
    # real database again): nothing to restore then.
    if _is_transactional(item) and nextitem is not None:
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents and _is_test_database(connection):
                    connection.creation.deserialize_db_from_string(contents)
            connections.close_all()
    return result


@pytest.fixture
def redis_queue():
    """A real broker queue for a real-worker test (tests/celery_lock.py)."""
    with lege_redis_queue() as client:
        yield client
