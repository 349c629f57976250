from django.core.files.base import ContentFile

from actiepunten.models import Actiepunt, Bewijsfoto
from actiepunten.services import link_token
from tests import fotos
from tests.actiepunten.factories import ActiepuntFactory, DoelFactory, KnelpuntFactory
from tests.permissions import (
    COORDINATOR_ONLY,
    DENIED,
    NOT_FOUND,
    READ,
    REDIRECT,
    Case,
    expect,
)


def traject(w):
    return [w.traject.pk]


def _actiepunt(w):
    """An item of the gemeente: coordinator and gemeente may update it, other partners not."""
    actiepunt = ActiepuntFactory(traject=w.traject, organisatie=w.organisaties["gemeente"])
    return [w.traject.pk, actiepunt.pk]


def _knelpunt(w):
    return [w.traject.pk, KnelpuntFactory(traject=w.traject).pk]


def _doel(w):
    return [w.traject.pk, DoelFactory(knelpunt__traject=w.traject).pk]


def _extern(w):
    actiepunt = ActiepuntFactory(traject=w.traject, extern_email="winkel@example.org")
    return [actiepunt.pk, link_token(actiepunt)]


def _bewijsfoto(actiepunt):
    jpeg = fotos.jpeg_bytes((80, 60))
    return Bewijsfoto.objects.create(
        actiepunt=actiepunt, bestand=ContentFile(jpeg, "f.jpg"),
        scherm=ContentFile(jpeg, "s.jpg"), miniatuur=ContentFile(jpeg, "m.jpg"),
        breedte=80, hoogte=60, bestandsnaam="bewijs.jpg",
    )


def _foto(w):
    args = _actiepunt(w)
    foto = _bewijsfoto(Actiepunt.objects.get(pk=args[1]))
    return [*args, foto.pk, "mini"]


def _extern_foto(w):
    actiepunt = ActiepuntFactory(traject=w.traject, extern_email="winkel@example.org")
    return [actiepunt.pk, link_token(actiepunt), _bewijsfoto(actiepunt).pk]


def _status_data(w):
    return {"status": "in_uitvoering", "versie": 1}


POST_COORDINATOR = expect(REDIRECT, DENIED, DENIED)

CASES = {
    "actiepunten:mijn": Case(expected=expect(READ, READ, READ, outsider=READ)),
    "actiepunten:instellingen": Case(expected=expect(READ, READ, READ, outsider=READ)),
    # The link works without an account; it is the same page for everybody.
    "actiepunten:extern": Case(_extern, expect(READ, READ, READ, outsider=READ, anonymous=READ)),
    "actiepunten:matrix": Case(traject),
    "actiepunten:export-csv": Case(traject),
    "actiepunten:export-xlsx": Case(traject),
    "actiepunten:bulk-status": Case(traject, POST_COORDINATOR, method="post"),
    "actiepunten:herinneringen": Case(traject, COORDINATOR_ONLY),
    "actiepunten:knelpunt-nieuw": Case(traject, COORDINATOR_ONLY),
    "actiepunten:knelpunt-bewerken": Case(_knelpunt, COORDINATOR_ONLY),
    "actiepunten:doel-nieuw": Case(_knelpunt, COORDINATOR_ONLY),
    "actiepunten:doel-bewerken": Case(_doel, COORDINATOR_ONLY),
    "actiepunten:nieuw": Case(traject, COORDINATOR_ONLY),
    "actiepunten:detail": Case(_actiepunt),
    "actiepunten:bewerken": Case(_actiepunt, COORDINATOR_ONLY),
    "actiepunten:status": Case(
        _actiepunt, expect(REDIRECT, DENIED, DENIED, gemeente=REDIRECT), method="post",
        data=_status_data,
    ),
    "actiepunten:opmerking": Case(
        _actiepunt, expect(REDIRECT, REDIRECT, DENIED), method="post",
        data={"tekst": "Besproken in het overleg."},
    ),
    "actiepunten:link-versturen": Case(_actiepunt, POST_COORDINATOR, method="post"),
    "actiepunten:van-bevindingen": Case(traject, COORDINATOR_ONLY),
    # Without files the upload form is refused with a message; the redirect shows who may try.
    "actiepunten:fotos": Case(
        _actiepunt, expect(REDIRECT, DENIED, DENIED, gemeente=REDIRECT), method="post"
    ),
    "actiepunten:foto": Case(_foto, expect(READ, READ, READ, anonymous=NOT_FOUND)),
    "actiepunten:extern-foto": Case(
        _extern_foto, expect(READ, READ, READ, outsider=READ, anonymous=READ)
    ),
}

