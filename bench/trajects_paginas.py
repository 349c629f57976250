"""Time the trajects list pages with a growing amount of data, and count their queries.

Run: DATABASE_URL=postgres://... .venv/bin/python bench/trajects_paginas.py
It creates a throwaway test database (test_<name>), fills one trajectory with N partners,
members, documents (two versions each) and meetings (with attendance) and gives the coordinator
N trajectories, then requests every list page several times per N and prints the median time and
the number of queries. The test database is dropped at the end.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kvo.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 7
SIZES = [10, 100, 500]


def fill(traject, coordinator, coord_org, n):
    from tests.factories import (
        DocumentVersieFactory,
        OrganisatieFactory,
        OverlegFactory,
        TrajectFactory,
        lid,
    )
    from trajects.models import Aanwezigheid, Rol

    for _ in range(n):
        organisatie = OrganisatieFactory()
        gebruiker = lid(traject, organisatie, Rol.PARTNER)
        versie = DocumentVersieFactory(
            document__traject=traject, document__organisatie=organisatie, geupload_door=gebruiker
        )
        DocumentVersieFactory(document=versie.document, geupload_door=gebruiker)
        ander = TrajectFactory()
        lid(ander, coord_org, Rol.COORDINATOR, user=coordinator)
        OverlegFactory(traject=ander, datum=timezone.now() + datetime.timedelta(days=3))
    leden = list(traject.lidmaatschappen.all())
    for _ in range(n // 10 or 1):
        overleg = OverlegFactory(traject=traject)
        Aanwezigheid.objects.bulk_create(
            Aanwezigheid(overleg=overleg, lidmaatschap=x, aanwezig=True) for x in leden
        )


def main():
    from tests.factories import OrganisatieFactory, TrajectFactory, UserFactory, lid
    from trajects.models import Rol

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        traject = TrajectFactory()
        coord_org = OrganisatieFactory(naam="MKB Westland")
        coordinator = UserFactory(email="coordinator@example.org")
        lid(traject, coord_org, Rol.COORDINATOR, user=coordinator)
        client = Client()
        client.force_login(coordinator)
        pages = {
            "dashboard": reverse("trajects:dashboard"),
            "detail": reverse("trajects:detail", args=[traject.pk]),
            "partners": reverse("trajects:partners", args=[traject.pk]),
            "leden": reverse("trajects:leden", args=[traject.pk]),
            "documenten": reverse("trajects:documenten", args=[traject.pk]),
            "overleggen": reverse("trajects:overleggen", args=[traject.pk]),
            "organisaties": reverse("trajects:organisaties"),
        }
        done = 0
        print(f"{'page':14}" + "".join(f"{f'N={n}':>22}" for n in SIZES))
        results = {name: [] for name in pages}
        for n in SIZES:
            fill(traject, coordinator, coord_org, n - done)
            done = n
            for name, url in pages.items():
                client.get(url)
                times = []
                for _ in range(RUNS):
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        response = client.get(url)
                        times.append(time.perf_counter() - start)
                    assert response.status_code == 200, (name, response.status_code)
                results[name].append((statistics.median(times) * 1000, len(queries)))
        for name, row in results.items():
            print(f"{name:14}" + "".join(f"{ms:>12.0f} ms {q:>3} q" for ms, q in row))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
