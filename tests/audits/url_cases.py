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


def _negatief(w):
    """A failed audit (the auditor persona its auditor): a re-audit may be planned."""
    import datetime

    args = _audit(w)
    w.audit.uitkomst = "negatief"
    w.audit.uitkomst_vastgesteld = "2019-06-27T12:00:00Z"
    w.audit.herstel_deadline = datetime.date(2019, 9, 27)
    w.audit.save()
    return args


def _heraudit_opmerking(w):
    """A re-audit of a failed audit with one remark, the auditor persona its auditor."""
    from audits.models import AuditOpmerking

    _negatief(w)
    w.opmerking = AuditOpmerking.objects.create(
        audit=w.audit, tekst="Eigenaar ontbreekt", vastgelegd_door=w.users["auditor"]
    )
    heraudit = AuditFactory(traject=w.traject, soort="heraudit", vorige_audit=w.audit,
                            certificerende_instelling=w.organisaties["auditor"])
    AuditAuditor.objects.create(audit=heraudit, user=w.users["auditor"])
    return [w.traject.pk, heraudit.pk, w.opmerking.pk]


def _rapport(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("auditrapport.pdf", PDF_BYTES, content_type="application/pdf")


# The auditor's work on their audit: the auditor under their own name, the coordinator on the
# auditor's behalf (the extra fields are ignored in the auditor's form).
AUDITOR_WERK = expect(READ, DENIED, READ, lezer=DENIED)
AUDITOR_WERK_SAVES = expect(REDIRECT, DENIED, REDIRECT, lezer=DENIED)
NAMENS = {"namens": "Auditor", "ontvangen": "2019-07-01"}


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
    "audits:heraudit-nieuw": Case(
        _negatief, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data={"datum": "2019-09-20", "vorm": "op_locatie"},
    ),
    "audits:uitkomst": Case(
        _audit, AUDITOR_WERK, post=AUDITOR_WERK_SAVES,
        data=VanPagina({"uitkomst": "positief", "uitkomst_toelichting": "Plan op orde.",
                        **NAMENS}),
    ),
    "audits:rapport": Case(
        _audit, AUDITOR_WERK, post=AUDITOR_WERK_SAVES,
        data=VanPagina({"bestand": _rapport, **NAMENS}),
    ),
    "audits:opmerking-nieuw": Case(
        _audit, AUDITOR_WERK, post=AUDITOR_WERK_SAVES,
        data={"tekst": "Eigenaar ontbreekt bij maatregel 3.", "ernstig": "on", **NAMENS},
    ),
    "audits:hercontrole": Case(
        _heraudit_opmerking, AUDITOR_WERK_SAVES, method="post",
        data=lambda w: {f"opmerking-{w.opmerking.pk}-{veld}": waarde for veld, waarde in
                        {"oordeel": "opgelost", **NAMENS}.items()},
    ),
    "audits:opmerking-actiepunt": Case(
        _opmerking, COORDINATOR_ONLY, post=COORDINATOR_SAVES,
        data=VanPagina({"titel": "Eigenaar toewijzen"}),
    ),
    "audits:dossier-genereren": Case(_audit, COORDINATOR_POST, method="post"),
    "audits:dossier-versturen": Case(_audit, COORDINATOR_POST, method="post"),
    "audits:dossier-download": Case(_dossier, expect(READ, READ, READ, anonymous=NOT_FOUND)),
}
