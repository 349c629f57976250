"""Demo: the certification audit at the end of June with Kiwa NCP and the demo auditor, the
dossier ready to send, and the certificate handover on 17 July at 16:30 on the Marktplein.

The business park shows a whole cycle and the start of the next: a negative certification audit
with the auditor's remarks, action items made of them, the linked re-audit that checked them, the
certificate (now nearing its end), and the re-certification audit planned with the same auditor.
"""

import datetime

from django.contrib.auth import get_user_model

from actiepunten.demo import doorloop
from actiepunten.models import Actiepunt, Bron, Prioriteit, Status
from trajects.demo import HOOFDTRAJECT, TWEEDE_TRAJECT, Demodata
from trajects.models import Lidmaatschap, LidmaatschapWijziging, Organisatie, Overleg, Rol, Traject

from . import services
from .models import Audit, AuditAuditor, AuditOpmerking, Certificaat, Hercontrole

UITREIKING_ONDERWERP = "Uitreiking KVO-certificaat aan de wethouder"


def _auditor_erbij(audit, auditor, door, sinds):
    """The auditor of `audit`, with access until some days after it, as an invitation on
    `sinds` would have left it (logged)."""
    if AuditAuditor.objects.filter(audit=audit, user=auditor).exists():
        return
    AuditAuditor.objects.create(audit=audit, user=auditor, uitgenodigd=Demodata.moment(sinds))
    lid = Lidmaatschap.objects.filter(user=auditor, traject=audit.traject).first()
    nieuw, oud = lid is None, lid.geldig_tot if lid else None
    if lid is None:
        lid = Lidmaatschap.objects.create(
            user=auditor, traject=audit.traject, organisatie=audit.certificerende_instelling,
            rol=Rol.AUDITOR, geldig_tot=audit.toegang_tot,
        )
    elif lid.geldig_tot is not None and lid.geldig_tot < audit.toegang_tot:
        Lidmaatschap.objects.filter(pk=lid.pk).update(geldig_tot=audit.toegang_tot)
    else:
        return
    LidmaatschapWijziging.objects.create(
        lidmaatschap=lid, aanleiding=LidmaatschapWijziging.Aanleiding.AUDITOR_UITGENODIGD,
        door=door, tijdstip=Demodata.moment(sinds), nieuw=nieuw,
        van_rol="" if nieuw else Rol.AUDITOR, naar_rol=Rol.AUDITOR, van_geldig_tot=oud,
        naar_geldig_tot=audit.toegang_tot, omschrijving=str(audit),
    )


def load_audits(dates, stdout):
    traject = Traject.objects.filter(naam=HOOFDTRAJECT).first()
    kiwa = Organisatie.objects.filter(naam="Kiwa NCP").first()
    if traject is None or kiwa is None:
        return
    User = get_user_model()
    auditor = User.objects.filter(email__iexact="auditor@example.org").first()
    coordinator = User.objects.filter(email__iexact="coordinator@example.org").first()
    audit, _created = Audit.objects.get_or_create(
        traject=traject, soort=Audit.Soort.CERTIFICERING,
        defaults={"datum": dates.audit, "vorm": Audit.Vorm.OP_LOCATIE,
                  "certificerende_instelling": kiwa},
    )
    if auditor:
        _auditor_erbij(audit, auditor, coordinator, dates.start + datetime.timedelta(days=150))
    Overleg.objects.get_or_create(
        traject=traject, onderwerp=UITREIKING_ONDERWERP,
        defaults={"datum": dates.uitreiking, "locatie": "Marktplein, 's-Gravenzande",
                  "notulen": ""},
    )
    if not audit.dossierversies.exists():
        services.dossier_genereren(audit=audit)
    if auditor:
        _bedrijventerrein(dates, kiwa, auditor)
    stdout.write(f"Audit {audit.datum:%d-%m-%Y} met dossier en uitreiking staan klaar.")


# The business park's cycle history ------------------------------------------------------------

OPMERKINGEN = [
    ("Vóór het eerste certificaat moeten vier maatregelen zijn uitgevoerd; er zijn er twee "
     "aantoonbaar gereed.", True,
     "Twee extra maatregelen uitvoeren en aantonen (schema KVO-B)", "Gemeente Westland"),
    ("De bevindingen van de rijdende avondschouw staan niet in het plan van aanpak.", False,
     "Bevindingen avondschouw opnemen in het plan van aanpak", "Parkmanagement Honderdland"),
]


def _bedrijventerrein(dates, kiwa, auditor):
    traject = Traject.objects.filter(naam=TWEEDE_TRAJECT).first()
    if traject is None or traject.cycli.count() < 2 or traject.audits.exists():
        return
    eerste, tweede = traject.cycli.order_by("nummer")[:2]
    coordinator = get_user_model().objects.get(email__iexact="coordinator2@example.org")
    orgs = {o.naam: o for o in Organisatie.objects.filter(partnerschappen__traject=traject)}

    # The certification audit: negative, with the auditor's remarks and a repair deadline.
    audit = Audit.objects.create(
        traject=traject, cyclus=eerste, soort=Audit.Soort.CERTIFICERING,
        datum=dates.tweede_audit, vorm=Audit.Vorm.OP_LOCATIE, certificerende_instelling=kiwa,
        uitkomst=Audit.Uitkomst.NEGATIEF, uitkomst_door=auditor,
        uitkomst_vastgesteld=Demodata.moment(dates.tweede_audit, 17),
        uitkomst_toelichting="Goede samenwerking, maar nog te weinig uitgevoerd.",
        herstel_deadline=dates.tweede_audit + datetime.timedelta(days=91),
    )
    _auditor_erbij(audit, auditor, coordinator,
                   dates.tweede_audit - datetime.timedelta(days=40))
    opmerkingen = []
    for tekst, ernstig, titel, organisatie in OPMERKINGEN:
        opmerking = AuditOpmerking.objects.create(
            audit=audit, tekst=tekst, ernstig=ernstig, vastgelegd_door=auditor,
            aangemaakt=Demodata.moment(dates.tweede_audit, 16),
        )
        actiepunt = Actiepunt(
            traject=traject, titel=titel, omschrijving=tekst, bron=Bron.AUDIT,
            organisatie=orgs.get(organisatie), prioriteit=Prioriteit.HOOG,
            deadline=audit.herstel_deadline,
        )
        actiepunt._history_user = coordinator
        actiepunt.save()
        gereed = dates.tweede_audit + datetime.timedelta(days=50 + 10 * len(opmerkingen))
        doorloop(actiepunt, [Status.IN_UITVOERING, Status.GEREED, Status.GEVERIFIEERD], {
            None: dates.tweede_audit + datetime.timedelta(days=3),
            Status.IN_UITVOERING: dates.tweede_audit + datetime.timedelta(days=8),
            Status.GEREED: gereed, Status.GEVERIFIEERD: gereed + datetime.timedelta(days=4),
        }, coordinator, coordinator, "Uitgevoerd en aangetoond met foto's.")
        opmerking.actiepunt = actiepunt
        opmerking.save(update_fields=["actiepunt"])
        opmerkingen.append(opmerking)

    # The re-audit, linked to it, checked each remark; positive. Then the certificate.
    heraudit = Audit.objects.create(
        traject=traject, cyclus=eerste, soort=Audit.Soort.HERAUDIT, vorige_audit=audit,
        datum=dates.tweede_heraudit, vorm=Audit.Vorm.OP_AFSTAND, certificerende_instelling=kiwa,
        uitkomst=Audit.Uitkomst.POSITIEF, uitkomst_door=auditor,
        uitkomst_vastgesteld=Demodata.moment(dates.tweede_heraudit, 15),
    )
    _auditor_erbij(heraudit, auditor, coordinator,
                   dates.tweede_audit + datetime.timedelta(days=10))
    for opmerking in opmerkingen:
        Hercontrole.objects.create(
            heraudit=heraudit, opmerking=opmerking, oordeel=Hercontrole.Oordeel.OPGELOST,
            toelichting="Aangetoond in het dossier.", door=auditor,
            tijdstip=Demodata.moment(dates.tweede_heraudit, 14),
        )
    versie = services.schemaversie_van(traject)
    Certificaat.objects.create(
        traject=traject, cyclus=eerste, audit=heraudit, nummer=dates.tweede_certificaatnummer,
        label=versie.label_eerste, schemaversie=versie, uitgegeven=dates.tweede_certificaat,
        geldig_tot=versie.geldig_tot(dates.tweede_certificaat), certificerende_instelling=kiwa,
    )

    # The next cycle: the re-certification audit, with the same auditor proposed and invited.
    hercertificering = Audit.objects.create(
        traject=traject, cyclus=tweede, soort=Audit.Soort.HERCERTIFICERING,
        datum=dates.tweede_hercertificering, vorm=Audit.Vorm.OP_LOCATIE,
        certificerende_instelling=kiwa,
    )
    _auditor_erbij(hercertificering, auditor, coordinator,
                   dates.tweede_cyclus2 + datetime.timedelta(days=30))
