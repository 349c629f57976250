"""Time and peak memory of the audit dossier PDF for a large trajectory, beside the plain
WeasyPrint render of the same finished HTML, in the same run.

Run: DATABASE_URL=postgres://... .venv/bin/python bench/dossier.py

The data: one trajectory with 300 findings in a completed schouw, each with one photo (an
800 px street-like photo put through kvo.images, so the dossier uses its 320 px upload-time
thumbnail), 500 action items under 25 knelpunten, 40 meetings with attendance, 60 documents.
Rows are created in the database, files in a temporary MEDIA_ROOT; everything is removed again.

Each measurement runs in a forked child process, so its peak RSS (ru_maxrss) is its own:
- dossier:  audits.dossier.render_dossier_pdf(audit): context queries, template, WeasyPrint;
- plain:    kvo.pdf.html_to_pdf(html) on the HTML the dossier produced (WeasyPrint alone, as
            the app renders: PDF/A-2a with tags);
- untagged: the same HTML through WeasyPrint without PDF/A and tags: what the archive and
            screen-reader fitness costs.
"""

import datetime
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kvo.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

FINDINGS = 300
ACTION_ITEMS = 500
RUNS = 3


def street_photo(seed):
    noise = Image.effect_noise((800, 600), 30 + seed % 20).filter(ImageFilter.GaussianBlur(1))
    red = Image.linear_gradient("L").resize((800, 600))
    blue = red.rotate(90 + seed % 90).resize((800, 600))
    image = Image.merge("RGB", (red, noise, blue))
    from io import BytesIO

    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def build():
    from actiepunten.models import Actiepunt, Doel, Knelpunt, Status
    from audits.models import Audit
    from kvo.images import process_photo
    from kvo.models import User
    from schouwen.models import Bevinding, Categorie, Foto, Schouw
    from trajects.models import (
        Aanwezigheid,
        Document,
        DocumentVersie,
        Gebied,
        Lidmaatschap,
        Organisatie,
        Overleg,
        Partner,
        Rol,
        Traject,
    )

    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    with transaction.atomic():
        gebied = Gebied.objects.create(naam=f"Bench {stamp}", soort="winkelgebied",
                                       gemeente="Benchmark")
        traject = Traject.objects.create(naam=f"Bench dossier {stamp}", gebied=gebied,
                                         startdatum=datetime.date(2025, 1, 1))
        orgs = [Organisatie.objects.create(naam=f"Bench {soort} {stamp}", soort=soort)
                for soort in ["gemeente", "politie", "brandweer", "ondernemers", "certificeerder"]]
        for org in orgs:
            Partner.objects.create(traject=traject, organisatie=org)
        user = User.objects.create_user(f"bench-{stamp}@example.org", None, naam="Bench")
        leden = [Lidmaatschap.objects.create(user=user, traject=traject, organisatie=orgs[0],
                                             rol=Rol.COORDINATOR, werkgroeprol="voorzitter")]
        for i in range(8):
            u = User.objects.create_user(f"bench-{stamp}-{i}@example.org", None,
                                         naam=f"Lid {i}")
            leden.append(Lidmaatschap.objects.create(
                user=u, traject=traject, organisatie=orgs[i % 4], rol=Rol.PARTNER,
                werkgroeprol="lid"))
        for i in range(40):
            overleg = Overleg.objects.create(
                traject=traject, datum=timezone.now() - datetime.timedelta(days=10 * i + 1),
                onderwerp=f"Werkgroepoverleg {i}", notulen="Matrix bijgewerkt. " * 8)
            Aanwezigheid.objects.bulk_create(
                Aanwezigheid(overleg=overleg, lidmaatschap=lid, aanwezig=True) for lid in leden)
        for i in range(60):
            document = Document.objects.create(traject=traject, soort="notulen",
                                               titel=f"Notulen {i}")
            versie = DocumentVersie(document=document, nummer=1, bestandsnaam=f"n{i}.pdf",
                                    content_type="application/pdf", grootte=10, sha256="0" * 64,
                                    geupload_door=user)
            versie.bestand.save("n.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
            versie.save()
        schouw = Schouw.objects.create(
            traject=traject, titel="Nulmeting overdag", dagdeel="dag", soort="nulmeting",
            begin=timezone.now() - datetime.timedelta(days=30),
            einde=timezone.now() - datetime.timedelta(days=30) + datetime.timedelta(hours=2),
            status="afgerond", afgerond_op=timezone.now() - datetime.timedelta(days=29))
        categorieen = list(Categorie.objects.all()[:10])
        fotos = [process_photo(SimpleUploadedFile(f"f{i}.jpg", street_photo(i),
                                                  content_type="image/jpeg"))
                 for i in range(20)]
        for i in range(FINDINGS):
            bevinding = Bevinding.objects.create(
                schouw=schouw, categorie=categorieen[i % len(categorieen)],
                omschrijving=f"Bevinding {i}: lantaarnpaal brandt niet, container open. " * 2,
                ernst=["groen", "geel", "oranje", "rood"][i % 4], organisatie=orgs[i % 4],
                straat="Langestraat", huisnummer=str(i + 1), vastgelegd_door=user)
            foto = fotos[i % len(fotos)]
            rij = Foto(bevinding=bevinding, breedte=800, hoogte=600,
                       bestandsnaam=f"IMG_{i:04d}.jpg", geupload_door=user)
            rij.bestand.save("f.jpg", ContentFile(foto.full), save=False)
            rij.scherm.save("s.jpg", ContentFile(foto.screen), save=False)
            rij.miniatuur.save("m.jpg", ContentFile(foto.thumbnail), save=False)
            rij.save()
        doelen = []
        for k in range(25):
            knelpunt = Knelpunt.objects.create(traject=traject, titel=f"Knelpunt {k}")
            doelen.append(Doel.objects.create(knelpunt=knelpunt, omschrijving=f"Doel {k}"))
        statussen = [Status.OPEN, Status.IN_UITVOERING, Status.GEREED, Status.GEVERIFIEERD]
        Actiepunt.objects.bulk_create(
            Actiepunt(traject=traject, doel=doelen[i % 25], titel=f"Maatregel {i}",
                      omschrijving="Afspraken maken en uitvoeren met de partners.",
                      organisatie=orgs[i % 4], deadline=datetime.date(2026, 1, 1)
                      + datetime.timedelta(days=i),
                      status=statussen[i % 4],
                      gereed_op=timezone.now() if i % 4 >= 2 else None,
                      gereed_toelichting="Uitgevoerd; foto's in de werkgroep gedeeld."
                      if i % 4 >= 2 else "")
            for i in range(ACTION_ITEMS))
        audit = Audit.objects.create(traject=traject, soort="certificering",
                                     datum=datetime.date(2026, 6, 26),
                                     certificerende_instelling=orgs[4])
    return audit, orgs, stamp


def measure(func):
    """Run `func` in a forked child: (seconds, peak RSS in MB, result size in bytes)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        start = time.perf_counter()
        data = func()
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        os.write(write, f"{seconds} {peak} {len(data)}".encode())
        os._exit(0)
    os.close(write)
    out = b""
    while chunk := os.read(read, 1024):
        out += chunk
    os.waitpid(pid, 0)
    seconds, peak, size = out.split()
    return float(seconds), float(peak), int(size)


def main():
    media = tempfile.mkdtemp(prefix="kvo-bench-")
    settings.MEDIA_ROOT = Path(media)
    from weasyprint import HTML

    from audits import dossier
    from audits.models import Audit
    from kvo.pdf import BASE_URL, StorageURLFetcher, html_to_pdf
    from trajects.models import Organisatie

    def untagged():
        return HTML(string=html, base_url=BASE_URL, url_fetcher=StorageURLFetcher()).write_pdf()

    audit, orgs, stamp = build()
    try:
        html = dossier.render_dossier_html(audit)
        assert html.count('class="blok"') >= FINDINGS + ACTION_ITEMS
        connections.close_all()
        audit = Audit.objects.select_related("traject").get(pk=audit.pk)
        connections.close_all()
        resultaten = {"dossier": [], "plain": [], "untagged": []}
        for _ in range(RUNS):
            resultaten["dossier"].append(measure(lambda: dossier.render_dossier_pdf(audit)))
            connections.close_all()
            resultaten["plain"].append(measure(lambda: html_to_pdf(html)))
            resultaten["untagged"].append(measure(untagged))
        print(f"HTML: {len(html) / 1024:.0f} KiB, {FINDINGS} findings with photos, "
              f"{ACTION_ITEMS} action items")
        for naam, runs in resultaten.items():
            tijden = sorted(r[0] for r in runs)
            print(f"{naam:8} median {tijden[len(tijden) // 2]:.2f} s  worst {tijden[-1]:.2f} s  "
                  f"peak RSS {max(r[1] for r in runs):.0f} MB  "
                  f"PDF {runs[0][2] / 1024 / 1024:.1f} MB")
        d = sorted(r[0] for r in resultaten["dossier"])[RUNS // 2]
        p = sorted(r[0] for r in resultaten["plain"])[RUNS // 2]
        u = sorted(r[0] for r in resultaten["untagged"])[RUNS // 2]
        print(f"ratio dossier / plain: {d / p:.2f} (target <= 1.5)")
        print(f"ratio PDF/A with tags / untagged: {p / u:.2f}")
    finally:
        traject = audit.traject
        from kvo.models import User

        with transaction.atomic():
            traject.audits.all().delete()
            traject.delete()
            traject.gebied.delete()
            Organisatie.objects.filter(pk__in=[o.pk for o in orgs]).delete()
            User.objects.filter(email__startswith=f"bench-{stamp}").delete()
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
