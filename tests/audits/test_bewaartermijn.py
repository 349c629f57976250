"""Retention (AVG): photos of closed findings and the data of people whose membership ended are
removed BEWAARTERMIJN_DAGEN after the certificate, once, with a log row each."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audits.bewaartermijn import VOORMALIG_LID
from audits.models import Opschoning
from audits.tasks import bewaartermijn_toepassen
from kvo.models import User
from schouwen.models import Bevinding, Foto, NaSluiting
from tests.actiepunten.factories import ActiepuntFactory
from tests.audits.factories import CertificaatFactory
from tests.factories import OrganisatieFactory, OverlegFactory, lid
from tests.schouwen.factories import BevindingFactory, FotoFactory, SchouwFactory
from trajects.models import Aanwezigheid, Lidmaatschap, Rol

pytestmark = pytest.mark.django_db

UITGEGEVEN = datetime.date(2026, 1, 15)
VOOR = datetime.datetime(2025, 10, 1, 10, 0, tzinfo=datetime.UTC)
NA = datetime.datetime(2026, 2, 1, 10, 0, tzinfo=datetime.UTC)


def _op(dag):
    return time_machine.travel(datetime.datetime.combine(dag, datetime.time(3, 30),
                                                         tzinfo=datetime.UTC), tick=False)


def _bevinding(schouw, status, *, aangemaakt=VOOR):
    bevinding = BevindingFactory(schouw=schouw, status=status, aangemaakt=aangemaakt)
    FotoFactory(bevinding=bevinding)
    return bevinding


@pytest.fixture
def situatie(world, settings):
    settings.BEWAARTERMIJN_DAGEN = 365
    traject = world.traject
    certificaat = CertificaatFactory(traject=traject, uitgegeven=UITGEGEVEN,
                                     geldig_tot=UITGEGEVEN + datetime.timedelta(days=3 * 365))
    schouw = SchouwFactory(traject=traject, begin=VOOR)
    s = {
        "certificaat": certificaat,
        "opgelost": _bevinding(schouw, Bevinding.Status.OPGELOST),
        "nieuw": _bevinding(schouw, Bevinding.Status.NIEUW),
        "actiepunt_gereed": _bevinding(schouw, Bevinding.Status.ACTIEPUNT),
        "actiepunt_open": _bevinding(schouw, Bevinding.Status.ACTIEPUNT),
        "na_certificaat": _bevinding(schouw, Bevinding.Status.OPGELOST, aangemaakt=NA),
    }
    ActiepuntFactory(traject=traject, status="gereed", gereed_op=VOOR).bevindingen.add(
        s["actiepunt_gereed"])
    ActiepuntFactory(traject=traject, status="open").bevindingen.add(s["actiepunt_open"])
    # Memberships: the gemeente person left before the certificate, the politie person after.
    Lidmaatschap.objects.filter(user=world.users["gemeente"]).update(
        geldig_tot=datetime.date(2025, 12, 1))
    Lidmaatschap.objects.filter(user=world.users["politie"]).update(
        geldig_tot=datetime.date(2026, 3, 1))
    # Left here before the certificate, but still a member elsewhere: the account is needed.
    elders = lid(world.ander_traject, OrganisatieFactory(), Rol.PARTNER,
                 user__email="elders@example.org")
    lid(traject, world.organisaties["gemeente"], Rol.PARTNER, user=elders,
        geldig_tot=datetime.date(2025, 11, 1))
    s["elders"] = elders
    overleg = OverlegFactory(traject=traject)
    Aanwezigheid.objects.create(
        overleg=overleg, aanwezig=True,
        lidmaatschap=Lidmaatschap.objects.get(user=world.users["gemeente"]),
    )
    return s


def fotos_van(bevinding):
    return Foto.objects.filter(bevinding=bevinding).count()


def test_nothing_is_removed_before_the_period_has_passed(world, situatie,
                                                          django_capture_on_commit_callbacks):
    with _op(UITGEGEVEN + datetime.timedelta(days=364)), \
            django_capture_on_commit_callbacks(execute=True):
        assert bewaartermijn_toepassen.delay().get() == []
    assert Foto.objects.count() == 5
    assert User.objects.get(pk=world.users["gemeente"].pk).email == "gemeente@example.org"
    assert not Opschoning.objects.exists()


def test_after_the_period_closed_findings_lose_photos_and_former_members_their_data(
    world, situatie, settings, django_capture_on_commit_callbacks
):
    bestanden = [f.bestand.name for f in situatie["opgelost"].fotos.all()]
    storage = Foto._meta.get_field("bestand").storage
    assert all(storage.exists(n) for n in bestanden)

    with _op(UITGEGEVEN + datetime.timedelta(days=366)), \
            django_capture_on_commit_callbacks(execute=True):
        ids = bewaartermijn_toepassen.delay().get()

    assert fotos_van(situatie["opgelost"]) == 0
    assert fotos_van(situatie["actiepunt_gereed"]) == 0
    assert not any(storage.exists(n) for n in bestanden)  # files gone after commit
    # Open findings, open action items and findings after the certificate keep their photos.
    assert fotos_van(situatie["nieuw"]) == 1
    assert fotos_van(situatie["actiepunt_open"]) == 1
    assert fotos_van(situatie["na_certificaat"]) == 1
    # The findings themselves stay.
    assert Bevinding.objects.count() == 5

    gemeente = User.objects.get(pk=world.users["gemeente"].pk)
    assert gemeente.naam == VOORMALIG_LID and "gemeente" not in gemeente.email
    assert not gemeente.is_active and not gemeente.has_usable_password()
    assert gemeente.telefoon == ""
    # Attendance history keeps its row, now without the person's name.
    assert str(Aanwezigheid.objects.get().lidmaatschap.user) == VOORMALIG_LID
    # Left after the certificate, or still a member elsewhere: untouched.
    assert User.objects.get(pk=world.users["politie"].pk).email == "politie@example.org"
    assert User.objects.get(pk=situatie["elders"].pk).email == "elders@example.org"

    log = Opschoning.objects.order_by("soort", "object_id")
    assert sorted(ids) == sorted(log.values_list("pk", flat=True))
    assert [(r.soort, r.object_id) for r in log] == sorted([
        ("fotos_bevinding", situatie["opgelost"].pk),
        ("fotos_bevinding", situatie["actiepunt_gereed"].pk),
        ("gebruiker", gemeente.pk),
    ])
    assert all(r.certificaat == situatie["certificaat"] for r in log)
    assert not any("gemeente@example.org" in r.omschrijving for r in log)


def test_a_rejected_late_capture_loses_its_photos_one_still_waiting_keeps_them(
    world, situatie, django_capture_on_commit_callbacks
):
    schouw = situatie["opgelost"].schouw
    afgewezen = _bevinding(schouw, Bevinding.Status.NIEUW)
    wacht = _bevinding(schouw, Bevinding.Status.NIEUW)
    Bevinding.alle.filter(pk=afgewezen.pk).update(
        na_sluiting=NaSluiting.AFGEWEZEN, beslist_door=world.users["coordinator"], beslist_op=VOOR)
    Bevinding.alle.filter(pk=wacht.pk).update(na_sluiting=NaSluiting.WACHT)
    with _op(UITGEGEVEN + datetime.timedelta(days=366)), \
            django_capture_on_commit_callbacks(execute=True):
        bewaartermijn_toepassen.delay().get()
    assert fotos_van(afgewezen) == 0
    assert fotos_van(wacht) == 1
    assert Opschoning.objects.filter(soort="fotos_bevinding", object_id=afgewezen.pk).exists()


def test_running_again_removes_and_logs_nothing_twice(world, situatie,
                                                      django_capture_on_commit_callbacks):
    dag = UITGEGEVEN + datetime.timedelta(days=366)
    with _op(dag), django_capture_on_commit_callbacks(execute=True):
        eerste = bewaartermijn_toepassen.delay().get()
    with _op(dag + datetime.timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        tweede = bewaartermijn_toepassen.delay().get()
    assert len(eerste) == 3 and tweede == []
    assert Opschoning.objects.count() == 3


def test_log_rows_are_append_only(world, situatie, django_capture_on_commit_callbacks):
    with _op(UITGEGEVEN + datetime.timedelta(days=366)), \
            django_capture_on_commit_callbacks(execute=True):
        bewaartermijn_toepassen.delay()
    rij = Opschoning.objects.first()
    with pytest.raises(ValidationError):
        rij.delete()
    rij.omschrijving = "anders"
    with pytest.raises(ValidationError):
        rij.save()


def test_retention_is_measured_from_the_newest_certificate_past_its_period(
    world, situatie, settings, django_capture_on_commit_callbacks
):
    settings.BEWAARTERMIJN_DAGEN = 30
    # A newer certificate whose period has not passed yet does not hold back the older one.
    CertificaatFactory(traject=world.traject, uitgegeven=UITGEGEVEN + datetime.timedelta(days=60),
                       geldig_tot=UITGEGEVEN + datetime.timedelta(days=1000))
    with _op(UITGEGEVEN + datetime.timedelta(days=45)), \
            django_capture_on_commit_callbacks(execute=True):
        bewaartermijn_toepassen.delay()
    assert set(Opschoning.objects.values_list("certificaat", flat=True)) == {
        situatie["certificaat"].pk}
