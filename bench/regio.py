"""Region scale: every main page under load, against a trivial page in the same run.

Run: .venv/bin/python bench/regio.py [--keep] [--duur 10] [--verbindingen 2] [--poort 8193]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default kvo_bench_regio on 127.0.0.1);
without --keep it is dropped, migrated afresh and filled with a region:
- 100 trajectories with 20,000 findings, 50,000 action items and 3,000 survey responses in all;
- one heavy trajectory among them with 2,000 findings, 5,000 items and 1,000 responses;
- a coordinator in 10 trajectories (the heavy one included), whose organisation owns about
  1,500 open items there ("mijn actiepunten");
- a partner (police) who is a member of every trajectory (the home page over all 100), staff
  (who sees every organisation but no trajectory pages) on the organisations list, and a
  regional viewer (`toezicht@regio.example`) whose platform oversees every area: the regional
  overview and its export over all 100 (added to the data of a `--keep` run too).
`--paginas REGEX` measures only the pages whose title matches. Then it collects the static
files, starts gunicorn with deploy/gunicorn.conf.py, two workers and
DJANGO_DEBUG=0, and measures every main page with wrk (Debian package `wrk`): for each page one
wrk on the page and one on the floor (the password-change page: session, user, one small form)
at the same time, `--verbindingen` connections each for `--duur` seconds. It prints one table:
p50 and p95 of the page, p95 of the floor, their ratio, the page's queries, its HTML size gzipped
and its CPU time (the last three in-process with the test client). Goal per page: p95 ≤ 3 × the
floor, ≤ 15 queries, ≤ 100 KB gzipped.
"""

import argparse
import datetime
import gzip
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DATABASE_URL",
                          "postgres://postgres@127.0.0.1:5432/kvo_bench_regio")
HOST = "127.0.0.1"
STATIC_ROOT = Path(tempfile.gettempdir()) / "kvo-bench-regio-static"
# The same production settings in this process (fill, query counts, sessions) and in gunicorn.
ENV = {
    "DJANGO_SETTINGS_MODULE": "kvo.settings",
    "DATABASE_URL": BENCH_DB,
    "REDIS_URL": "",
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": f"{HOST},testserver",
    "SECURE_SSL_REDIRECT": "0",  # no proxy in front: plain HTTP straight to gunicorn
    "MFA_REQUIRED_ROLES": "",  # the session below stands for a completed sign-in
    "RATELIMIT_ENABLE": "0",
    "STATIC_ROOT": str(STATIC_ROOT),
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from actiepunten.models import Actiepunt, Doel, Knelpunt, Status  # noqa: E402
from enquetes import services as enquete_services  # noqa: E402
from enquetes.models import Antwoord, Inzending, Ontvanger, Sjabloon  # noqa: E402
from kvo.models import User  # noqa: E402
from schouwen.models import Bevinding, Categorie, Ernst, Schouw  # noqa: E402
from trajects import services as traject_services  # noqa: E402
from trajects.models import Gebied, Lidmaatschap, Organisatie, Overleg, Partner, Rol  # noqa: E402

TRAJECTEN = 100
BEVINDINGEN, ACTIEPUNTEN, ANTWOORDEN = 20_000, 50_000, 3_000
ZWAAR = {"bevindingen": 2_000, "actiepunten": 5_000, "antwoorden": 1_000}
COORDINATOR_IN = 10
MIJN_PER_TRAJECT = 150  # open items of the coordinator's organisation in each of their 10
WACHTWOORD = "bench-KVO-2026"


def ensure_database(*, fresh):
    """The bench database; `fresh`: dropped and made again, so the reference data of the
    migrations (scheme requirements, questionnaire, categories) is there and nothing else."""
    name = BENCH_DB.rsplit("/", 1)[1]
    if fresh:
        subprocess.run(["dropdb", "-h", HOST, "-U", "postgres", "--if-exists", name], check=True)
    exists = subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", HOST, "-U", "postgres", name], check=True)


def _verdeel(totaal, zwaar, n):
    """`totaal` over `n` trajectories, the first getting `zwaar`."""
    rest = totaal - zwaar
    return [zwaar] + [rest // (n - 1) + (1 if i < rest % (n - 1) else 0) for i in range(n - 1)]


def fill():
    rng = random.Random(12)
    nu, vandaag = timezone.now(), timezone.localdate()
    coordinator = User.objects.create_user(email="coordinator@regio.example", naam="Coördinator",
                                           password=WACHTWOORD)
    ander = User.objects.create_user(email="coordinator2@regio.example", naam="Collega",
                                     password=WACHTWOORD)
    User.objects.create_user(email="regio@regio.example", naam="Regio", password=WACHTWOORD,
                             is_staff=True)
    mkb = Organisatie.objects.create(naam="MKB Regio", soort=Organisatie.Soort.MKB)
    politie = Organisatie.objects.create(naam="Politie Regio", soort=Organisatie.Soort.POLITIE)
    brandweer = Organisatie.objects.create(naam="Brandweer Regio",
                                           soort=Organisatie.Soort.BRANDWEER)
    gemeenten = [Organisatie.objects.create(naam=f"Gemeente {i}",
                                            soort=Organisatie.Soort.GEMEENTE) for i in range(12)]
    categorieen = list(Categorie.objects.filter(actief=True)) or [
        Categorie.objects.create(naam="Verlichting")]
    sjabloon = Sjabloon.objects.filter(traject__isnull=True).first()
    bevindingen = _verdeel(BEVINDINGEN, ZWAAR["bevindingen"], TRAJECTEN)
    actiepunten = _verdeel(ACTIEPUNTEN, ZWAAR["actiepunten"], TRAJECTEN)
    antwoorden = _verdeel(ANTWOORDEN, ZWAAR["antwoorden"], TRAJECTEN)
    trajecten = []
    for t in range(TRAJECTEN):
        lat, lng = 51.5 + rng.random() * 1.5, 4.0 + rng.random() * 2.0
        gebied = Gebied.objects.create(naam=f"Centrum {t}", soort=Gebied.Soort.WINKELGEBIED,
                                       gemeente=f"Gemeente {t % 12}", latitude=lat,
                                       longitude=lng)
        door = coordinator if t < COORDINATOR_IN else ander
        traject = traject_services.traject_aanmaken(
            naam=f"KVO-W Centrum {t}" + (" (zwaar)" if t == 0 else ""), gebied=gebied,
            schemaversie="4.0", startdatum=vandaag - datetime.timedelta(days=400), door=door,
            organisatie=mkb)
        ondernemers = Organisatie.objects.create(naam=f"Ondernemers {t}",
                                                 soort=Organisatie.Soort.ONDERNEMERS)
        partners = [gemeenten[t % 12], politie, brandweer, ondernemers]
        Partner.objects.bulk_create(Partner(traject=traject, organisatie=o) for o in partners)
        cyclus = traject.huidige_cyclus()
        Overleg.objects.bulk_create(
            Overleg(traject=traject, datum=nu - datetime.timedelta(days=30 * i),
                    onderwerp="Werkgroep") for i in range(6))
        schouwen = Schouw.objects.bulk_create(
            Schouw(traject=traject, cyclus=cyclus, titel=f"Schouw {i}", dagdeel=d,
                   soort=Schouw.Soort.PERIODIEK, status=Schouw.Status.AFGEROND,
                   begin=nu - datetime.timedelta(days=60 * i + 1),
                   einde=nu - datetime.timedelta(days=60 * i + 1, hours=-2),
                   afgerond_op=nu - datetime.timedelta(days=60 * i))
            for i, d in enumerate([Schouw.Dagdeel.DAG, Schouw.Dagdeel.AVOND] * 2))
        Bevinding.objects.bulk_create(
            Bevinding(schouw=schouwen[i % 4], categorie=rng.choice(categorieen),
                      omschrijving=f"Bevinding {i} in centrum {t}",
                      ernst=rng.choice(Ernst.values), organisatie=rng.choice(partners),
                      straat="Langestraat", huisnummer=str(i % 200 + 1),
                      latitude=lat + rng.uniform(-0.004, 0.004),
                      longitude=lng + rng.uniform(-0.006, 0.006), vastgelegd_door=door)
            for i in range(bevindingen[t]))
        knelpunten = Knelpunt.objects.bulk_create(
            Knelpunt(traject=traject, cyclus=cyclus, titel=f"Knelpunt {k}", volgorde=k)
            for k in range(10))
        doelen = Doel.objects.bulk_create(
            Doel(knelpunt=k, omschrijving=f"Doel bij {k.titel}") for k in knelpunten)
        mijn = MIJN_PER_TRAJECT if t < COORDINATOR_IN else 0
        Actiepunt.objects.bulk_create(
            Actiepunt(traject=traject, doel=doelen[i % 10], titel=f"Maatregel {i}",
                      organisatie=mkb if i < mijn else rng.choice(partners),
                      status=Status.OPEN if i < mijn else rng.choice(Status.values),
                      deadline=vandaag + datetime.timedelta(days=rng.randint(-120, 240)))
            for i in range(actiepunten[t]))
        meting = enquete_services.meting_aanmaken(
            traject=traject, basis=sjabloon, naam="0-meting",
            start=vandaag - datetime.timedelta(days=90), einde=vandaag - datetime.timedelta(60),
            responsdoel=30)
        n = antwoorden[t]
        Ontvanger.objects.bulk_create(
            Ontvanger(meting=meting, bedrijfsnaam=f"Winkel {i}", email=f"winkel{i}@t{t}.example",
                      uitgenodigd=nu - datetime.timedelta(days=85),
                      beantwoord=nu - datetime.timedelta(days=80) if i < n else None)
            for i in range(n + n // 4))
        vragen = list(meting.sjabloon.vragen.all())
        inzendingen = Inzending.objects.bulk_create(Inzending(meting=meting) for _ in range(n))
        Antwoord.objects.bulk_create(
            Antwoord(inzending=z, vraag=v, **_antwoord(v, rng))
            for z in inzendingen for v in vragen)
        trajecten.append(traject)
    # Everyone the pages show: the police and fire-brigade partner in every trajectory.
    wijkagent = User.objects.create_user(email="politie@regio.example", naam="Wijkagent",
                                         password=WACHTWOORD)
    Lidmaatschap.objects.bulk_create(
        Lidmaatschap(user=wijkagent, traject=t, organisatie=politie, rol=Rol.PARTNER)
        for t in trajecten)
    return trajecten


def _antwoord(vraag, rng):
    """A plausible answer, stored as the survey stores it (scales also as a number)."""
    keuzes = vraag.optielijst
    if not keuzes:
        return {"tekst": "Meer verlichting graag."}
    keuze = rng.choice(keuzes)
    return {"keuze": keuze, "getal": int(keuze) if keuze.isdigit() else None}


def toezicht():
    """The regional viewer: a platform overseeing every area with a trajectory (idempotent, so
    a `--keep` run of data filled before this existed gets it too)."""
    from trajects.models import Toezicht, Toezichthouder

    user = User.objects.filter(email=EMAILS["toezicht"]).first() or User.objects.create_user(
        email=EMAILS["toezicht"], naam="Programmamanager", password=WACHTWOORD)
    platform, _ = Organisatie.objects.get_or_create(
        naam="Platform Veilig Ondernemen Regio", soort=Organisatie.Soort.OVERIG)
    Toezichthouder.objects.get_or_create(user=user, organisatie=platform)
    for gebied in Gebied.objects.filter(trajecten__isnull=False).distinct():
        Toezicht.objects.get_or_create(organisatie=platform, gebied=gebied)


# Measuring ------------------------------------------------------------------------------------

def pages(zwaar):
    meting = zwaar.metingen.first()
    schouw = zwaar.schouwen.order_by("pk").first()
    t = [zwaar.pk]
    return [
        ("coordinator", "Mijn trajecten (home, 10)", reverse("trajects:dashboard")),
        ("politie", "Mijn trajecten (home, 100)", reverse("trajects:dashboard")),
        ("coordinator", "Mijn actiepunten", reverse("actiepunten:mijn")),
        ("coordinator", "Traject", reverse("trajects:detail", args=t)),
        ("coordinator", "Gereedheid", reverse("trajects:gereedheid", args=t)),
        ("coordinator", "Schema-eisen", reverse("audits:eisen", args=t)),
        ("coordinator", "Partners", reverse("trajects:partners", args=t)),
        ("coordinator", "Werkgroep en leden", reverse("trajects:leden", args=t)),
        ("coordinator", "Documenten", reverse("trajects:documenten", args=t)),
        ("coordinator", "Overleggen", reverse("trajects:overleggen", args=t)),
        ("coordinator", "Schouwen", reverse("schouwen:lijst", args=t)),
        ("coordinator", "Kaart", reverse("schouwen:kaart", args=t)),
        ("coordinator", "Kaart: GeoJSON, alles", reverse("schouwen:kaart-data", args=t)),
        ("coordinator", "Triage (500 bevindingen)",
         reverse("schouwen:triage", args=[zwaar.pk, schouw.pk])),
        ("coordinator", "Maatregelenmatrix (5.000)", reverse("actiepunten:matrix", args=t)),
        ("coordinator", "Herinneringen", reverse("actiepunten:herinneringen", args=t)),
        ("coordinator", "Enquêtes", reverse("enquetes:overzicht", args=t)),
        ("coordinator", "Resultaten (1.000)",
         reverse("enquetes:resultaten", args=[zwaar.pk, meting.pk])),
        ("coordinator", "Ontvangers (1.250)",
         reverse("enquetes:ontvangers", args=[zwaar.pk, meting.pk])),
        ("coordinator", "Audits en certificaten", reverse("audits:overzicht", args=t)),
        ("coordinator", "Organisaties", reverse("trajects:organisaties")),
        ("regio", "Organisaties (staff: all)", reverse("trajects:organisaties")),
        ("toezicht", "Regionaal overzicht (100)", reverse("werkplek:regio")),
        ("toezicht", "Regionaal overzicht: CSV (100)", reverse("werkplek:regio-export-csv")),
    ]


FLOOR = reverse("password_change")
EMAILS = {"coordinator": "coordinator@regio.example", "regio": "regio@regio.example",
          "politie": "politie@regio.example", "toezicht": "toezicht@regio.example"}


def clients():
    uitkomst = {}
    for naam, email in EMAILS.items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        uitkomst[naam] = client
    return uitkomst


def in_process(client, url):
    """(queries, gzipped bytes, status, CPU ms) of one request in this process. CPU time, the
    best of three, hardly depends on what else runs on the machine; wall time does."""
    client.get(url)  # warm up
    cpu = []
    for _ in range(3):
        begin = time.process_time()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        inhoud = b"".join(response) if response.streaming else response.content
        cpu.append(time.process_time() - begin)
    return (len(ctx.captured_queries), len(gzip.compress(inhoud, 6)), response.status_code,
            min(cpu) * 1000)


LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.2f %.2f\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def wrk(url, cookie, duur, verbindingen, lua):
    return subprocess.Popen(
        ["wrk", "-t1", f"-c{verbindingen}", f"-d{duur}s", "--timeout", "30s", "-s", lua,
         "-H", f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}", url],
        stdout=subprocess.PIPE, text=True)


def uitslag(proces):
    uit, _ = proces.communicate()
    m = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+)", uit)
    if not m:
        raise SystemExit(f"wrk gave no result:\n{uit}")
    return int(m[1]), int(m[2]), float(m[3]), float(m[4])


def opwarmen(url, cookie):
    verzoek = urllib.request.Request(
        url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"})
    for _ in range(4):  # both workers, both kinds of thread
        with urllib.request.urlopen(verzoek, timeout=120) as antwoord:
            if antwoord.status != 200:
                raise SystemExit(f"{url}: {antwoord.status}")
            antwoord.read()


def wait_for_port(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn does not listen on {HOST}:{port}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse the data of a previous run")
    parser.add_argument("--duur", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--verbindingen", type=int, default=2, help="connections per wrk")
    parser.add_argument("--poort", type=int, default=8193)
    parser.add_argument("--paginas", default="", help="measure only titles matching this regex")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    ensure_database(fresh=not args.keep)
    call_command("migrate", verbosity=0)
    if not args.keep:
        begin = time.monotonic()
        fill()
        print(f"region filled in {time.monotonic() - begin:.0f} s", flush=True)
    toezicht()
    call_command("collectstatic", interactive=False, verbosity=0)
    from trajects.models import Traject

    zwaar = Traject.objects.get(naam__endswith="(zwaar)")
    lijst = [p for p in pages(zwaar) if re.search(args.paginas, p[1])]
    c = clients()
    gemeten = {titel: in_process(c[wie], url) for wie, titel, url in lijst}
    cookies = {wie: client.cookies[settings.SESSION_COOKIE_NAME].value
               for wie, client in c.items()}

    env = dict(os.environ, WEB_CONCURRENCY="2", GUNICORN_BIND=f"{HOST}:{args.poort}",
               GUNICORN_MAX_REQUESTS="0")
    log = Path(tempfile.gettempdir()) / "kvo-bench-regio-gunicorn.log"
    with log.open("w") as uitvoer:
        gunicorn = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config",
             "deploy/gunicorn.conf.py", "kvo.wsgi:application"],
            cwd=ROOT, env=env, stdout=uitvoer, stderr=subprocess.STDOUT, start_new_session=True)
    lua = Path(tempfile.gettempdir()) / "kvo-bench-regio.lua"
    lua.write_text(LUA)
    basis = f"http://{HOST}:{args.poort}"
    rijen = []
    try:
        wait_for_port(args.poort)
        for wie, titel, url in lijst:
            for adres in (url, FLOOR):  # warm up: the first request of a worker loads a lot
                opwarmen(basis + adres, cookies[wie])
            pagina = wrk(basis + url, cookies[wie], args.duur, args.verbindingen, lua)
            vloer = wrk(basis + FLOOR, cookies[wie], args.duur, args.verbindingen, lua)
            p, v = uitslag(pagina), uitslag(vloer)
            rijen.append((titel, p, v, *gemeten[titel]))
            print(f"  {titel}: p95 {p[3]:.0f} ms, floor {v[3]:.0f} ms", flush=True)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)

    print(f"\nwrk {args.duur} s, {args.verbindingen} connections on the page and as many on "
          f"the floor ({FLOOR}) at the same time; gunicorn 2 workers × "
          f"{os.environ.get('GUNICORN_THREADS', '4')} threads, DJANGO_DEBUG=0, PostgreSQL\n")
    print("| page | requests | p50 ms | p95 ms | floor p95 ms | p95 / floor | queries "
          "| HTML gzip KB | CPU ms | goal |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for titel, p, v, queries, grootte, status, cpu in rijen:
        verhouding = p[3] / v[3] if v[3] else float("inf")
        fouten = f" ({p[1]} errors)" if p[1] else ""
        goal = verhouding <= 3 and queries <= 15 and grootte <= 100 * 1024 and status == 200
        print(f"| {titel} | {p[0]}{fouten} | {p[2]:.0f} | {p[3]:.0f} | {v[3]:.0f} "
              f"| {verhouding:.1f} | {queries} | {grootte / 1024:.1f} | {cpu:.0f} | "
              f"{'met' if goal else 'missed'} |")


if __name__ == "__main__":
    main()
