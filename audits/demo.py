"""Demo: the certification audit at the end of June with Kiwa NCP and the demo auditor, the
dossier ready to send, and the certificate handover on 17 July at 16:30 on the Marktplein."""

from django.contrib.auth import get_user_model

from trajects.demo import HOOFDTRAJECT
from trajects.models import Organisatie, Overleg, Traject

from . import services
from .models import Audit, AuditAuditor

UITREIKING_ONDERWERP = "Uitreiking KVO-certificaat aan de wethouder"


def load_audits(dates, stdout):
    traject = Traject.objects.filter(naam=HOOFDTRAJECT).first()
    kiwa = Organisatie.objects.filter(naam="Kiwa NCP").first()
    if traject is None or kiwa is None:
        return
    audit, _created = Audit.objects.get_or_create(
        traject=traject, soort=Audit.Soort.CERTIFICERING,
        defaults={"datum": dates.audit, "vorm": Audit.Vorm.OP_LOCATIE,
                  "certificerende_instelling": kiwa},
    )
    auditor = get_user_model().objects.filter(email__iexact="auditor@example.org").first()
    if auditor and not AuditAuditor.objects.filter(audit=audit, user=auditor).exists():
        AuditAuditor.objects.create(audit=audit, user=auditor)
        services._auditortoegang_bijwerken(traject=traject, user=auditor)
    Overleg.objects.get_or_create(
        traject=traject, onderwerp=UITREIKING_ONDERWERP,
        defaults={"datum": dates.uitreiking, "locatie": "Marktplein, 's-Gravenzande",
                  "notulen": ""},
    )
    if not audit.dossierversies.exists():
        services.dossier_genereren(audit=audit)
    stdout.write(f"Audit {audit.datum:%d-%m-%Y} met dossier en uitreiking staan klaar.")
