from audits.models import AuditAuditor
from tests.audits.factories import AuditFactory
from tests.factories import PDF_BYTES
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
from trajects.models import Traject


def traject(w):
    return [w.traject.pk]


def _audit(w):
    audit = AuditFactory(traject=w.traject, certificerende_instelling=w.organisaties["auditor"])
    AuditAuditor.objects.create(audit=audit, user=w.users["auditor"])
    w.audit = audit
    return [w.traject.pk, audit.pk]


def _auditor_rij(w):
    args = _audit(w)
    return [*args, w.audit.auditor_rijen.get().pk]


def _opmerking(w):
    from audits.models import AuditOpmerking

    args = _audit(w)
    opmerking = AuditOpmerking.objects.create(
        audit=w.audit, tekst="Eigenaar ontbreekt", vastgelegd_door=w.users["coordinator"]
    )
    return [*args, opmerking.pk]


def _dossier(w):
    from django.core.files.base import ContentFile

    from audits.models import DossierVersie

    args = _audit(w)
    versie = DossierVersie(audit=w.audit, nummer=1, sha256="0" * 64, grootte=len(PDF_BYTES))
    versie.bestand.save("dossier.pdf", ContentFile(PDF_BYTES), save=True)
    return [*args, versie.pk]


def _gecertificeerd(w):
    """A certified trajectory, in the implementation phase: re-certification may start."""
    from tests.audits.factories import CertificaatFactory

    CertificaatFactory(traject=w.traject, certificerende_instelling=w.organisaties["auditor"])
    Traject.objects.filter(pk=w.traject.pk).update(fase=Traject.Fase.UITVOERING)
    return [w.traject.pk]


COORDINATOR_POST = expect(REDIRECT, DENIED, DENIED)

CASES = {
    # Public: anyone can verify a certificate, logged in or not (a GET form).
    "audits:certificaat-verifieren": Case(expected=dict.fromkeys(PERSONAS, READ)),
    "audits:overzicht": Case(traject),
    "audits:eisen": Case(traject),
    "audits:audit-nieuw": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=lambda w: {"soort": "certificering", "datum": "2026-06-26", "vorm": "op_locatie",
                        "certificerende_instelling": w.organisaties["auditor"].pk},
    ),
    "audits:certificaat-nieuw": Case(
        traject, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=lambda w: {"nummer": "KVO-2026-0042", "uitgegeven": "2026-07-01",
                        "certificerende_instelling": w.organisaties["auditor"].pk},
    ),
    "audits:hercertificering": Case(
        _gecertificeerd, COORDINATOR_ONLY, post=COORDINATOR_SAVES, data={},
    ),
    "audits:audit-detail": Case(_audit),
    "audits:audit-bewerken": Case(
        _audit, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"datum": "2019-07-04"}),
    ),
    "audits:auditor-toevoegen": Case(
        _audit, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"email": "tweede.auditor@example.org", "naam": "Tweede auditor"},
    ),
    "audits:auditor-verwijderen": Case(_auditor_rij, COORDINATOR_POST, method="post"),
    "audits:uitkomst": Case(
        _audit, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"uitkomst": "positief", "uitkomst_toelichting": "Plan op orde."}),
    ),
    "audits:opmerking-nieuw": Case(
        _audit, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"tekst": "Eigenaar ontbreekt bij maatregel 3.", "ernstig": "on"},
    ),
    "audits:opmerking-actiepunt": Case(
        _opmerking, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"titel": "Eigenaar toewijzen"}),
    ),
    "audits:dossier-genereren": Case(_audit, COORDINATOR_POST, method="post"),
    "audits:dossier-versturen": Case(_audit, COORDINATOR_POST, method="post"),
    "audits:dossier-download": Case(_dossier, expect(READ, READ, READ, anonymous=NOT_FOUND)),
}
