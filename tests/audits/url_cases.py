from audits.models import AuditAuditor
from tests.audits.factories import AuditFactory
from tests.factories import PDF_BYTES
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


COORDINATOR_POST = expect(REDIRECT, DENIED, DENIED)

CASES = {
    # Public: anyone can verify a certificate, logged in or not.
    "audits:certificaat-verifieren": Case(
        expected=expect(READ, READ, READ, outsider=READ, anonymous=READ)
    ),
    "audits:overzicht": Case(traject),
    "audits:eisen": Case(traject),
    "audits:audit-nieuw": Case(traject, COORDINATOR_ONLY),
    "audits:certificaat-nieuw": Case(traject, COORDINATOR_ONLY),
    "audits:hercertificering": Case(traject, COORDINATOR_ONLY),
    "audits:audit-detail": Case(_audit),
    "audits:audit-bewerken": Case(_audit, COORDINATOR_ONLY),
    "audits:auditor-toevoegen": Case(_audit, COORDINATOR_ONLY),
    "audits:auditor-verwijderen": Case(_auditor_rij, COORDINATOR_POST, method="post"),
    "audits:uitkomst": Case(_audit, COORDINATOR_ONLY),
    "audits:opmerking-nieuw": Case(_audit, COORDINATOR_ONLY),
    "audits:opmerking-actiepunt": Case(_opmerking, COORDINATOR_ONLY),
    "audits:dossier-genereren": Case(_audit, COORDINATOR_POST, method="post"),
    "audits:dossier-versturen": Case(_audit, COORDINATOR_POST, method="post"),
    "audits:dossier-download": Case(_dossier, expect(READ, READ, READ, anonymous=NOT_FOUND)),
}
