import uuid

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from schouwen.models import Checklistitem, Checklistsjabloon, Schouwdeelnemer, Schouwrapport
from tests import fotos
from tests.permissions import (
    COORDINATOR_ONLY,
    COORDINATOR_SAVES,
    DENIED,
    MEMBERS_READ,
    NOBODY,
    NOT_FOUND,
    PARTICIPANTS,
    PARTICIPANTS_SAVE,
    READ,
    REDIRECT,
    Case,
    VanPagina,
    expect,
)
from tests.schouwen.factories import BevindingFactory, FotoFactory, SchouwFactory, categorie


def traject(w):
    return [w.traject.pk]


def _schouw(w):
    return [w.traject.pk, SchouwFactory(traject=w.traject).pk]


def _bevinding(w):
    """A finding captured by the gemeente partner: the gemeente may edit it, others not."""
    bevinding = BevindingFactory(schouw__traject=w.traject, vastgelegd_door=w.users["gemeente"])
    w.bevinding = bevinding
    return [w.traject.pk, bevinding.schouw_id, bevinding.pk]


def _foto(w, formaat="mini"):
    foto = FotoFactory(
        bevinding__schouw__traject=w.traject, bevinding__vastgelegd_door=w.users["gemeente"]
    )
    args = [w.traject.pk, foto.bevinding.schouw_id, foto.pk]
    return [*args, formaat] if formaat else args


def _rapport(w):
    schouw = SchouwFactory(traject=w.traject)
    rapport = Schouwrapport(schouw=schouw, status=Schouwrapport.Status.KLAAR, sha256="0" * 64)
    rapport.klaar = schouw.begin
    rapport.bestand.save("rapport.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    rapport.save()
    return [w.traject.pk, schouw.pk, rapport.pk]


def _met_checklist(w):
    """A schouw with the seeded checklist for shopping areas, so the checklist form shows."""
    categorie()  # the reference data is there (a transactional test may have emptied it)
    sjabloon = Checklistsjabloon.objects.filter(gebiedsoort="winkelgebied").first()
    schouw = SchouwFactory(traject=w.traject, checklist=sjabloon)
    w.item = Checklistitem.objects.filter(thema__sjabloon=sjabloon).first()
    return [w.traject.pk, schouw.pk]


def _met_deelnemer(w):
    schouw = SchouwFactory(traject=w.traject)
    w.deelnemer = Schouwdeelnemer.objects.create(
        schouw=schouw, lidmaatschap=w.traject.lidmaatschappen.get(user=w.users["politie"])
    )
    return [w.traject.pk, schouw.pk]


def _met_bevinding(w):
    args = _schouw(w)
    w.bevinding = BevindingFactory(schouw_id=args[1])
    return args


def _na_sluiting(w):
    """A capture that arrived after its schouw was completed, waiting for the coordinator."""
    schouw = SchouwFactory(traject=w.traject, status="afgerond", afgerond_op=timezone.now())
    bevinding = BevindingFactory(schouw=schouw, vastgelegd_door=w.users["gemeente"],
                                 na_sluiting="wacht", client_id=uuid.uuid4())
    return [w.traject.pk, schouw.pk, bevinding.pk]


def _foto_upload(w):
    return SimpleUploadedFile("lantaarn.jpg", fotos.jpeg_bytes((120, 90)),
                              content_type="image/jpeg")


ACTION = expect(REDIRECT, DENIED, DENIED)
FILE = expect(READ, READ, READ, anonymous=NOT_FOUND)

CASES = {
    "schouwen:lijst": Case(traject),
    "schouwen:nieuw": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"titel": "Avondschouw", "begin": "2026-10-01T20:00", "einde": "2026-10-01T22:00",
              "dagdeel": "avond", "soort": "periodiek"},
    ),
    "schouwen:kaart": Case(traject),
    "schouwen:kaart-data": Case(traject),
    "schouwen:detail": Case(_schouw),
    "schouwen:bewerken": Case(
        _schouw, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"route": "Langestraat\nMarktplein"}),
    ),
    "schouwen:annuleren": Case(_schouw, ACTION, method="post"),
    "schouwen:afronden": Case(_schouw, ACTION, method="post"),
    "schouwen:aanwezigheid": Case(
        _met_deelnemer, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=lambda w: {"aanwezig": [w.deelnemer.pk]},
    ),
    # Coordinator and partners fill in the checklist while the schouw is open.
    "schouwen:checklist": Case(
        _met_checklist, post=PARTICIPANTS_SAVE, data=lambda w: {f"item_{w.item.pk}": "ja"},
    ),
    # The list is for every member; triage (the form around it) for the coordinator.
    "schouwen:triage": Case(
        _met_bevinding, post=COORDINATOR_SAVES,
        data=lambda w: {"bevindingen": [w.bevinding.pk], "actie": "opgelost",
                        f"versie-{w.bevinding.pk}": w.bevinding.versie},
    ),
    # The findings as CSV, XLSX or GeoJSON, with the triage filters: for every member.
    "schouwen:export": Case(lambda w: [*_met_bevinding(w), "geojson"]),
    "schouwen:rapport": Case(_schouw),
    "schouwen:rapport-maken": Case(_schouw, expect(REDIRECT, REDIRECT, DENIED), method="post"),
    "schouwen:rapport-download": Case(_rapport, FILE),
    # The capture pages' service worker: JavaScript without data, for everyone signed in.
    "schouwen:werker": Case(
        None, expect(READ, READ, READ, outsider=READ, auditor_na=READ, staff=READ),
        post=NOBODY,
    ),
    # The installed app's start page: each sees the open schouwen of their own trajectories.
    "schouwen:vastleggen": Case(
        None, expect(READ, READ, READ, outsider=READ, auditor_na=READ, staff=READ),
        post=NOBODY,
    ),
    "schouwen:bevinding-nieuw": Case(
        _schouw, PARTICIPANTS, post=PARTICIPANTS_SAVE,
        data=lambda w: {"categorie": categorie().pk, "omschrijving": "Lantaarnpaal brandt niet",
                        "ernst": "geel", "client_id": str(uuid.uuid4())},
    ),
    # Photos are added by whoever may edit the finding: the coordinator and who captured it.
    "schouwen:bevinding-detail": Case(
        _bevinding, MEMBERS_READ, post=expect(REDIRECT, DENIED, DENIED, gemeente=REDIRECT),
        data=lambda w: {"fotos": _foto_upload(w)},
    ),
    "schouwen:bevinding-bewerken": Case(
        _bevinding, expect(READ, DENIED, DENIED, gemeente=READ),
        post=expect(REDIRECT, DENIED, DENIED, gemeente=REDIRECT),
        data=VanPagina({"omschrijving": "Twee lantaarnpalen branden niet"}, persona="gemeente"),
    ),
    # Only the coordinator accepts or refuses a capture that arrived after the schouw closed.
    "schouwen:na-sluiting": Case(_na_sluiting, ACTION, method="post",
                                 data={"besluit": "aanvaarden"}),
    "schouwen:foto": Case(_foto, FILE),
    # Address lookups (PDOK) for who captures: coordinator and partners. Without a question
    # they answer an empty result without asking PDOK; a POST is not allowed (405).
    "schouwen:adres-zoeken": Case(_schouw, PARTICIPANTS, post=NOBODY),
    "schouwen:adres-dichtstbij": Case(_schouw, PARTICIPANTS, post=NOBODY),
    "schouwen:foto-verwijderen": Case(
        lambda w: _foto(w, None), expect(REDIRECT, DENIED, DENIED, gemeente=REDIRECT),
        method="post",
    ),
}
