from django.core.files.base import ContentFile

from schouwen.models import Schouwrapport
from tests.permissions import (
    COORDINATOR_ONLY,
    DENIED,
    MEMBERS_READ,
    NOT_FOUND,
    PARTICIPANTS,
    READ,
    REDIRECT,
    Case,
    expect,
)
from tests.schouwen.factories import BevindingFactory, FotoFactory, SchouwFactory


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


ACTION = expect(REDIRECT, DENIED, DENIED)
FILE = expect(READ, READ, READ, anonymous=NOT_FOUND)

CASES = {
    "schouwen:lijst": Case(traject),
    "schouwen:nieuw": Case(traject, COORDINATOR_ONLY),
    "schouwen:kaart": Case(traject),
    "schouwen:kaart-data": Case(traject),
    "schouwen:detail": Case(_schouw),
    "schouwen:bewerken": Case(_schouw, COORDINATOR_ONLY),
    "schouwen:annuleren": Case(_schouw, ACTION, method="post"),
    "schouwen:afronden": Case(_schouw, ACTION, method="post"),
    "schouwen:aanwezigheid": Case(_schouw, COORDINATOR_ONLY),
    "schouwen:checklist": Case(_schouw),
    "schouwen:triage": Case(_schouw),
    "schouwen:rapport": Case(_schouw),
    "schouwen:rapport-maken": Case(_schouw, expect(REDIRECT, REDIRECT, DENIED), method="post"),
    "schouwen:rapport-download": Case(_rapport, FILE),
    "schouwen:bevinding-nieuw": Case(_schouw, PARTICIPANTS),
    "schouwen:bevinding-detail": Case(_bevinding, MEMBERS_READ),
    "schouwen:bevinding-bewerken": Case(_bevinding, expect(READ, DENIED, DENIED, gemeente=READ)),
    "schouwen:foto": Case(_foto, FILE),
    "schouwen:foto-verwijderen": Case(
        lambda w: _foto(w, None), expect(REDIRECT, DENIED, DENIED, gemeente=REDIRECT),
        method="post",
    ),
}
