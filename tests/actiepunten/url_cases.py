from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from actiepunten.models import Actiepunt, Bewijsfoto
from actiepunten.services import link_token
from tests import fotos
from tests.actiepunten.factories import ActiepuntFactory, DoelFactory, KnelpuntFactory
from tests.permissions import (
    COORDINATOR_ONLY,
    COORDINATOR_SAVES,
    DENIED,
    NOT_FOUND,
    PERSONAS,
    READ,
    REDIRECT,
    Case,
    VanPagina,
    expect,
)
from tests.schouwen.factories import BevindingFactory, FotoFactory


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


def _extern_bevindingfoto(w):
    actiepunt = ActiepuntFactory(traject=w.traject, extern_email="winkel@example.org")
    foto = FotoFactory(bevinding__schouw__traject=w.traject)
    actiepunt.bevindingen.add(foto.bevinding)
    return [actiepunt.pk, link_token(actiepunt), foto.pk]


def _status_data(w):
    return {"status": "in_uitvoering", "versie": 1}


def _extern_actiepunt(w):
    """An item with an entrepreneur's address: the coordinator may send the link again."""
    actiepunt = ActiepuntFactory(traject=w.traject, extern_email="winkel@example.org")
    return [w.traject.pk, actiepunt.pk]


def _met_actiepunt(w):
    w.actiepunt = ActiepuntFactory(traject=w.traject)
    return [w.traject.pk]


def _met_bevinding(w):
    w.bevinding = BevindingFactory(schouw__traject=w.traject)
    return [w.traject.pk]


def _foto_upload(w):
    return SimpleUploadedFile("bewijs.jpg", fotos.jpeg_bytes((120, 90)), content_type="image/jpeg")


COORDINATOR_POST = expect(REDIRECT, DENIED, DENIED)
# Everybody who is logged in keeps their own reminder settings.
IEDEREEN = expect(READ, READ, READ, outsider=READ)
IEDEREEN_SLAAT_OP = expect(REDIRECT, REDIRECT, REDIRECT, outsider=REDIRECT)
# The entrepreneur's link works without an account: the same page for everybody who has it.
MET_LINK = dict.fromkeys(PERSONAS, READ)

CASES = {
    "actiepunten:mijn": Case(expected=IEDEREEN),
    "actiepunten:instellingen": Case(
        expected=IEDEREEN, post=IEDEREEN_SLAAT_OP, data={"te_laat": "on"},
    ),
    "actiepunten:extern": Case(
        _extern, MET_LINK, post=dict.fromkeys(PERSONAS, REDIRECT),
        data={"opmerking": "1", "tekst": "Het rolluik is besteld."},
    ),
    "actiepunten:matrix": Case(traject),
    "actiepunten:matrix-knelpunt": Case(_knelpunt),
    "actiepunten:matrix-zonder-doel": Case(traject),
    "actiepunten:export-csv": Case(traject),
    "actiepunten:export-xlsx": Case(traject),
    "actiepunten:bulk-status": Case(
        _met_actiepunt, COORDINATOR_POST, method="post",
        data=lambda w: {"actiepunten": [w.actiepunt.pk], "status": "in_uitvoering",
                        f"versie-{w.actiepunt.pk}": w.actiepunt.versie},
    ),
    "actiepunten:herinneringen": Case(traject, COORDINATOR_ONLY),
    "actiepunten:knelpunt-nieuw": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"titel": "Slechte verlichting achterom", "bron": "schouw", "volgorde": 1},
    ),
    "actiepunten:knelpunt-bewerken": Case(
        _knelpunt, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"omschrijving": "Vooral in de winter"}),
    ),
    "actiepunten:doel-nieuw": Case(
        _knelpunt, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"omschrijving": "Alle achterpaden verlicht", "volgorde": 1},
    ),
    "actiepunten:doel-bewerken": Case(
        _doel, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"omschrijving": "Alle achterpaden verlicht voor 1 november"}),
    ),
    "actiepunten:nieuw": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"titel": "Camera bij de ingang", "bron": "overig", "prioriteit": "midden"},
    ),
    "actiepunten:detail": Case(_actiepunt),
    "actiepunten:bewerken": Case(
        _actiepunt, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"omschrijving": "Twee camera's"}),
    ),
    "actiepunten:status": Case(
        _actiepunt, expect(REDIRECT, DENIED, DENIED, gemeente=REDIRECT), method="post",
        data=_status_data,
    ),
    "actiepunten:opmerking": Case(
        _actiepunt, expect(REDIRECT, REDIRECT, DENIED), method="post",
        data={"tekst": "Besproken in het overleg."},
    ),
    "actiepunten:link-versturen": Case(_extern_actiepunt, COORDINATOR_POST, method="post"),
    "actiepunten:van-bevindingen": Case(
        _met_bevinding, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=lambda w: {"bevindingen": [w.bevinding.pk]},
    ),
    "actiepunten:fotos": Case(
        _actiepunt, expect(REDIRECT, DENIED, DENIED, gemeente=REDIRECT), method="post",
        data=lambda w: {"fotos": _foto_upload(w)},
    ),
    "actiepunten:foto": Case(_foto, expect(READ, READ, READ, anonymous=NOT_FOUND)),
    "actiepunten:extern-foto": Case(_extern_foto, MET_LINK),
    "actiepunten:extern-bevindingfoto": Case(_extern_bevindingfoto, MET_LINK),
}
