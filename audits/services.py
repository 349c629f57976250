"""Workflows of the audits app: planning, auditors' access, outcome, certificates, dossier."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kvo import sweeps
from kvo.models import Bericht, User
from kvo.opdrachten import (
    OpdrachtVerloren,
    opdracht_aanvragen,
    opdracht_afronden,
    open_opdracht,
)
from kvo.outbox import bericht_maken, berichten_maken, bijlage_bestand
from trajects.meldingen import coordinatoren, melden, voorzitters
from trajects.models import (
    Cyclus,
    Document,
    Gebeurtenis,
    Gebied,
    Lidmaatschap,
    LidmaatschapWijziging,
    Organisatie,
    Partner,
    Rol,
    Traject,
)
from trajects.services import (
    document_versie_toevoegen,
    lidmaatschap_beeindigen,
    lidmaatschap_toekennen,
)

from .models import (
    Audit,
    AuditAuditor,
    AuditOpmerking,
    Certificaat,
    CertificaatHerinnering,
    Dossieraanvraag,
    DossierVersie,
    DossierVerzending,
    Hercontrole,
    SchemaVersie,
    add_months,
)

if TYPE_CHECKING:
    from actiepunten.models import Actiepunt

logger = logging.getLogger(__name__)


# Planning and auditors' access ------------------------------------------------------------------

def _planning_toegestaan(traject: Traject) -> None:
    fase = Traject.Fase(traject.fase)
    if fase == Traject.Fase.GESTOPT:
        raise ValidationError(
            _("Het traject is gestopt; er kan geen audit worden gepland."), code="gestopt"
        )
    if fase == Traject.Fase.UITVOERING:
        raise ValidationError(
            _("Het traject is gecertificeerd. Start eerst de hercertificering (de volgende "
              "cyclus) om een nieuwe audit te plannen."),
            code="gecertificeerd",
        )


def audit_plannen(
    *, traject: Traject, door: User, soort: str, datum: datetime.date, vorm: str,
    certificerende_instelling: Organisatie, auditors: Iterable[User] = (),
    vorige_audit: Audit | None = None,
) -> Audit:
    """Plan an audit: the certifying body becomes a partner, the chosen auditors are invited,
    and the phase follows (audit planned → audit)."""
    _planning_toegestaan(traject)
    with transaction.atomic():
        audit = Audit.objects.create(
            traject=traject, soort=soort, datum=datum, vorm=vorm,
            certificerende_instelling=certificerende_instelling, vorige_audit=vorige_audit,
        )
        Partner.objects.get_or_create(
            traject=traject, organisatie=certificerende_instelling,
            defaults={"rol": _("Certificerende instelling")},
        )
        for user in auditors:
            auditor_uitnodigen(audit=audit, email=user.email, door=door)
        traject.gebeurtenis(
            Gebeurtenis.AUDIT_GEPLAND, door=door,
            toelichting=_("%(soort)s gepland op %(datum)s.")
            % {"soort": audit.get_soort_display(), "datum": datum.strftime("%d-%m-%Y")},
        )
    return audit


def heraudit_plannen(
    *, audit: Audit, door: User, datum: datetime.date, vorm: str, auditors: Iterable[User] = ()
) -> Audit:
    """Plan the re-audit of a failed audit, linked to it, at the same certifying body."""
    if not audit.is_negatief:
        raise ValidationError(
            _("Een heraudit volgt alleen op een negatieve audit."), code="niet_negatief"
        )
    if Audit.objects.filter(vorige_audit=audit).exists():
        raise ValidationError(
            _("Voor deze audit is al een heraudit gepland."), code="al_heraudit"
        )
    if datum <= audit.datum:
        raise ValidationError(
            {"datum": _("De heraudit moet na de audit van %(datum)s liggen.")
             % {"datum": audit.datum.strftime("%d-%m-%Y")}},
            code="datum",
        )
    try:
        return audit_plannen(
            traject=audit.traject, door=door, soort=Audit.Soort.HERAUDIT, datum=datum,
            vorm=vorm, certificerende_instelling=audit.certificerende_instelling,
            auditors=auditors, vorige_audit=audit,
        )
    except IntegrityError:
        raise ValidationError(
            _("Voor deze audit is al een heraudit gepland."), code="al_heraudit"
        ) from None


def audit_bijwerken(
    *, audit: Audit, soort: str, datum: datetime.date, vorm: str,
    certificerende_instelling: Organisatie, versie: int | None = None,
) -> Audit:
    """Save changed planning data made from `versie` (kvo.versies). Memberships and access
    windows are never touched here: they change on the werkgroep page only (the audit page
    warns when a window is too short)."""
    with transaction.atomic():
        audit.vergrendel(versie)
        if Audit.objects.filter(pk=audit.pk).exclude(uitkomst="").exists():
            raise ValidationError(
                _("Deze audit heeft al een uitkomst; de planning kan niet meer worden "
                  "gewijzigd."),
                code="afgerond",
            )
        if audit.soort == Audit.Soort.HERAUDIT:
            soort = Audit.Soort.HERAUDIT
        audit.soort, audit.datum, audit.vorm = soort, datum, vorm
        audit.certificerende_instelling = certificerende_instelling
        audit.save(update_fields=["soort", "datum", "vorm", "certificerende_instelling"])
        Partner.objects.get_or_create(
            traject=audit.traject, organisatie=certificerende_instelling,
            defaults={"rol": _("Certificerende instelling")},
        )
    return audit


def auditor_uitnodigen(*, audit: Audit, email: str, naam: str = "", door: User) -> AuditAuditor:
    """Make `email` an auditor of `audit`, with access until some days after the audit (a logged
    membership change). An unknown address gets an account without password and a link to set
    one (made when the mail goes out, so it is never stored). Access that already lasts longer
    is left as it is."""
    User = get_user_model()
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email, None, naam=naam)
        lid = (
            Lidmaatschap.objects.select_for_update()
            .filter(user=user, traject=audit.traject).first()
        )
        if lid is not None and lid.rol != Rol.AUDITOR:
            raise ValidationError(
                _("%(email)s is al lid van dit traject als %(rol)s en kan geen auditor zijn.")
                % {"email": email, "rol": lid.get_rol_display().lower()},
                code="al_lid",
            )
        rij, nieuw = AuditAuditor.objects.get_or_create(audit=audit, user=user)
        if not nieuw:
            raise ValidationError(
                _("%(email)s is al auditor van deze audit.") % {"email": email}, code="dubbel"
            )
        tot = audit.toegang_tot
        if lid is None or (lid.geldig_tot is not None and lid.geldig_tot < tot):
            lidmaatschap_toekennen(
                traject=audit.traject, user=user,
                organisatie=lid.organisatie if lid else audit.certificerende_instelling,
                rol=Rol.AUDITOR, werkgroeprol=lid.werkgroeprol if lid else "", geldig_tot=tot,
                door=door, aanleiding=LidmaatschapWijziging.Aanleiding.AUDITOR_UITGENODIGD,
                toelichting=str(audit),
            )
        bericht_maken(soort="audits.auditor_uitgenodigd", aan=user.email, object_id=rij.pk)
    return rij


def auditor_verwijderen(*, rij: AuditAuditor, door: User) -> None:
    """Remove an auditor from an audit; without other audits here their access ends today."""
    with transaction.atomic():
        audit, user = rij.audit, rij.user
        rij.delete()
        if not AuditAuditor.objects.filter(audit__traject=audit.traject, user=user).exists():
            lid = Lidmaatschap.objects.filter(
                user=user, traject=audit.traject, rol=Rol.AUDITOR
            ).first()
            if lid is not None:
                lidmaatschap_beeindigen(
                    lid=lid, door=door,
                    aanleiding=LidmaatschapWijziging.Aanleiding.AUDITOR_VERWIJDERD,
                    toelichting=str(audit),
                )


def toegang_te_kort(audit: Audit) -> list[Lidmaatschap]:
    """The auditors of `audit` whose access ends before the audit's access window does (after
    the date moved, say): the audit page points the coordinator to the werkgroep page."""
    return list(
        Lidmaatschap.objects.filter(
            traject_id=audit.traject_id, rol=Rol.AUDITOR,
            user__in=audit.auditor_rijen.values("user"), geldig_tot__lt=audit.toegang_tot,
        ).select_related("user")
    )


def voorgestelde_auditors(traject: Traject) -> list[User]:
    """The auditors of the last certified cycle: re-certification proposes them again."""
    certificaat = traject.certificaten.order_by("-uitgegeven", "-pk").first()
    if certificaat is None:
        return []
    User = get_user_model()
    return list(
        User.objects.filter(
            pk__in=AuditAuditor.objects.filter(
                audit__traject=traject, audit__cyclus_id=certificaat.cyclus_id
            ).values("user"),
            is_active=True,
        ).order_by("naam", "email")
    )


# Outcome, report and remarks: the auditor's work ------------------------------------------------

def is_auditor_van(user: User, audit: Audit) -> bool:
    """Whether `user` is one of this audit's auditors (their access window is checked by the
    membership itself)."""
    return audit.auditor_rijen.filter(user=user).exists()


def _namens_controleren(*, audit: Audit, namens: str, ontvangen: datetime.date | None) -> None:
    """Recorded by the coordinator on the auditor's behalf: whose word, received when."""
    if not namens:
        return
    if ontvangen is None:
        raise ValidationError(
            {"ontvangen": _("Geef aan wanneer u dit van de auditor hebt ontvangen.")},
            code="ontvangen",
        )
    if ontvangen > timezone.localdate():
        raise ValidationError(
            {"ontvangen": _("De ontvangstdatum kan niet in de toekomst liggen.")}, code="toekomst"
        )


def auditrapport_toevoegen(
    *, audit: Audit, bestand: File, door: User, namens: str = "",
    ontvangen: datetime.date | None = None,
) -> Document:
    """Store the audit report (a PDF) as a document of the trajectory, or as the next version of
    the report already there. Uploaded by the auditor, or by the coordinator on their behalf."""
    _namens_controleren(audit=audit, namens=namens, ontvangen=ontvangen)
    toelichting = ""
    if namens and ontvangen is not None:  # with `namens`, `ontvangen` was checked above
        toelichting = _("Namens %(auditor)s, ontvangen op %(datum)s") % {
            "auditor": namens, "datum": ontvangen.strftime("%d-%m-%Y")}
    with transaction.atomic():
        audit.vergrendel()
        audit = Audit.objects.select_related("traject", "rapport").get(pk=audit.pk)
        if audit.rapport is None:
            audit.rapport = Document.objects.create(
                traject=audit.traject, soort=Document.Soort.AUDITRAPPORT,
                titel=_("Auditrapport %(soort)s %(datum)s") % {
                    "soort": audit.get_soort_display().lower(),
                    "datum": audit.datum.strftime("%d-%m-%Y")},
                organisatie=audit.certificerende_instelling,
            )
            # Linking the report is no edit of the audit: a form open on it stays current.
            Audit.objects.filter(pk=audit.pk).update(rapport=audit.rapport)
        document_versie_toevoegen(
            document=audit.rapport, bestand=bestand, content_type="application/pdf", door=door,
            toelichting=toelichting,
        )
    return audit.rapport


def _hercontrole_compleet(heraudit: Audit, uitkomst: str) -> None:
    """A re-audit's outcome needs a verdict on every remark of the failed audit, and a positive
    one needs every shortcoming solved."""
    oordelen = laatste_oordelen(heraudit)
    vorige = heraudit.vorige_audit
    assert vorige is not None  # only re-audits are checked
    opmerkingen = list(vorige.opmerkingen.all())
    zonder = [o for o in opmerkingen if o.pk not in oordelen]
    if zonder:
        raise ValidationError(
            _("Beoordeel eerst alle %(aantal)s opmerkingen van de vorige audit (nog %(open)s "
              "zonder oordeel).") % {"aantal": len(opmerkingen), "open": len(zonder)},
            code="hercontrole_open",
        )
    niet_opgelost = [
        o for o in opmerkingen
        if o.ernstig and oordelen[o.pk].oordeel == Hercontrole.Oordeel.NIET_OPGELOST
    ]
    if niet_opgelost and uitkomst != Audit.Uitkomst.NEGATIEF:
        raise ValidationError(
            _("%(aantal)s tekortkoming(en) van de vorige audit zijn niet opgelost; de uitkomst "
              "kan dan niet positief zijn.") % {"aantal": len(niet_opgelost)},
            code="tekortkoming_open",
        )


def uitkomst_vastleggen(
    *, audit: Audit, door: User, uitkomst: str, toelichting: str = "",
    herstel_deadline: datetime.date | None = None, rapport: File | None = None, namens: str = "",
    ontvangen: datetime.date | None = None, versie: int | None = None,
) -> Audit:
    """Record the audit's outcome, once, on or after the audit date, from the version of the
    audit shown (`versie`): by the auditor under their own name, or by the coordinator on the
    auditor's behalf (`namens`, received on `ontvangen`). A negative outcome sets the repair
    deadline and moves the phase to repair."""
    _namens_controleren(audit=audit, namens=namens, ontvangen=ontvangen)
    vandaag = timezone.localdate()
    with transaction.atomic():
        audit.vergrendel(versie)
        audit = Audit.objects.select_related("traject", "vorige_audit").get(pk=audit.pk)
        if audit.uitkomst:
            raise ValidationError(
                _("De uitkomst van deze audit is al vastgelegd."), code="al_vastgelegd"
            )
        if vandaag < audit.datum:
            raise ValidationError(
                _("De uitkomst kan pas op of na de auditdatum (%(datum)s) worden vastgelegd.")
                % {"datum": audit.datum.strftime("%d-%m-%Y")},
                code="te_vroeg",
            )
        if namens and ontvangen is not None and ontvangen < audit.datum:
            raise ValidationError(
                {"ontvangen": _("De uitkomst kan niet voor de auditdatum zijn ontvangen.")},
                code="ontvangen",
            )
        if uitkomst == Audit.Uitkomst.NEGATIEF:
            herstel_deadline = herstel_deadline or audit.standaard_herstel_deadline()
            if herstel_deadline <= audit.datum:
                raise ValidationError(
                    {"herstel_deadline": _("De termijn voor herstel moet na de auditdatum "
                                           "liggen.")},
                    code="deadline",
                )
        else:
            herstel_deadline = None
        if audit.vorige_audit_id:
            _hercontrole_compleet(audit, uitkomst)
        audit.uitkomst = uitkomst
        audit.uitkomst_toelichting = toelichting
        audit.herstel_deadline = herstel_deadline
        audit.uitkomst_vastgesteld = timezone.now()
        audit.uitkomst_door = door
        audit.uitkomst_namens = namens
        audit.uitkomst_ontvangen = ontvangen if namens else None
        audit.save()
        if rapport is not None:
            auditrapport_toevoegen(
                audit=audit, bestand=rapport, door=door, namens=namens, ontvangen=ontvangen
            )
        _uitkomst_melden(audit=audit, door=door)
        if herstel_deadline is not None:  # the outcome is negative
            audit.traject.gebeurtenis(
                Gebeurtenis.NEGATIEVE_AUDIT, door=door,
                toelichting=_("%(audit)s negatief; herstellen uiterlijk %(datum)s.") % {
                    "audit": audit.get_soort_display(),
                    "datum": herstel_deadline.strftime("%d-%m-%Y")},
            )
    return audit


def auditors_van(audit: Audit) -> list[User]:
    """The audit's auditors who are still members of the trajectory."""
    return [
        lid.user for lid in Lidmaatschap.objects.actief().filter(
            traject_id=audit.traject_id, rol=Rol.AUDITOR, user__is_active=True,
            user__in=audit.auditor_rijen.values("user"),
        ).select_related("user")
    ]


def _uitkomst_melden(*, audit: Audit, door: User) -> None:
    traject = audit.traject
    melden(
        soort="audits.uitkomst", traject=traject, door=door,
        ontvangers=[*coordinatoren(traject), *auditors_van(audit)],
        url=audit.get_absolute_url(), doel=audit,
        gegevens={"audit": audit.soort, "uitkomst": audit.uitkomst, "traject": traject.naam,
                  "datum": audit.datum.isoformat()},
        sleutel=f"audit:{audit.pk}:uitkomst",
    )


def opmerking_toevoegen(
    *, audit: Audit, tekst: str, ernstig: bool, door: User, namens: str = "",
    ontvangen: datetime.date | None = None,
) -> AuditOpmerking:
    _namens_controleren(audit=audit, namens=namens, ontvangen=ontvangen)
    return AuditOpmerking.objects.create(
        audit=audit, tekst=tekst, ernstig=ernstig, vastgelegd_door=door, namens=namens,
        ontvangen=ontvangen if namens else None,
    )


def laatste_oordelen(heraudit: Audit) -> dict[int, Hercontrole]:
    """The current verdict per remark (its latest Hercontrole row) for `heraudit`."""
    oordelen: dict[int, Hercontrole] = {}
    for rij in heraudit.hercontroles.select_related("door").order_by("tijdstip", "pk"):
        oordelen[rij.opmerking_id] = rij
    return oordelen


def hercontrole_vastleggen(
    *, heraudit: Audit, opmerking: AuditOpmerking, oordeel: str, door: User,
    toelichting: str = "", namens: str = "", ontvangen: datetime.date | None = None,
) -> Hercontrole:
    """The re-audit's verdict on one remark of the failed audit (a new row; earlier verdicts
    stay). Only while the re-audit has no outcome."""
    _namens_controleren(audit=heraudit, namens=namens, ontvangen=ontvangen)
    if opmerking.audit_id != heraudit.vorige_audit_id:
        raise ValidationError(
            _("Deze opmerking hoort niet bij de audit die deze heraudit controleert."),
            code="andere_audit",
        )
    with transaction.atomic():
        heraudit = Audit.objects.select_for_update().get(pk=heraudit.pk)
        if heraudit.uitkomst:
            raise ValidationError(
                _("De heraudit heeft al een uitkomst; de oordelen liggen vast."),
                code="afgerond",
            )
        return Hercontrole.objects.create(
            heraudit=heraudit, opmerking=opmerking, oordeel=oordeel, toelichting=toelichting,
            door=door, namens=namens, ontvangen=ontvangen if namens else None,
        )


def opmerking_omzetten(
    *, opmerking: AuditOpmerking, door: User, organisatie: Organisatie | None = None,
    deadline: datetime.date | None = None, titel: str = "",
) -> Actiepunt:
    """Turn an audit remark into an action item of the plan (source: audit), once."""
    from actiepunten.models import Bron
    from actiepunten.services import actiepunt_aanmaken

    with transaction.atomic():
        opmerking = AuditOpmerking.objects.select_for_update(of=("self",)).select_related(
            "audit__traject").get(pk=opmerking.pk)
        if opmerking.actiepunt_id:
            raise ValidationError(
                _("Van deze opmerking is al een actiepunt gemaakt."), code="al_actiepunt"
            )
        actiepunt = actiepunt_aanmaken(
            traject=opmerking.audit.traject, door=door,
            titel=(titel or opmerking.tekst.splitlines()[0])[:200],
            omschrijving=opmerking.tekst, bron=Bron.AUDIT, organisatie=organisatie,
            deadline=deadline or opmerking.audit.herstel_deadline,
        )
        opmerking.actiepunt = actiepunt
        opmerking.save(update_fields=["actiepunt"])
    return actiepunt


# Certificates and re-certification ----------------------------------------------------------

def schemaversie_van(traject: Traject) -> SchemaVersie:
    versie = SchemaVersie.objects.filter(code=traject.schemaversie).first()
    if versie is None:
        raise ValidationError(
            _("Schemaversie %(code)s is niet ingericht; vraag de beheerder dit te doen.")
            % {"code": traject.get_schemaversie_display()},
            code="geen_schema",
        )
    return versie


def certificaat_uitgeven(
    *, traject: Traject, nummer: str, uitgegeven: datetime.date,
    certificerende_instelling: Organisatie, door: User, audit: Audit | None = None,
) -> Certificaat:
    """Record the certificate after a positive audit: label, stars and validity follow from
    the scheme version and the previous certificate; the phase moves to implementation."""
    if audit is not None and not audit.is_positief:
        raise ValidationError(
            _("Een certificaat volgt alleen op een positieve audit."), code="niet_positief"
        )
    if audit is not None and uitgegeven < audit.datum:
        raise ValidationError(
            {"uitgegeven": _("Het certificaat kan niet voor de audit (%(datum)s) zijn "
                             "uitgegeven.") % {"datum": audit.datum.strftime("%d-%m-%Y")}},
            code="datum",
        )
    versie = schemaversie_van(traject)
    vorige = traject.certificaten.order_by("-uitgegeven", "-pk").first()
    sterren = None
    if traject.gebied.soort == Gebied.Soort.WINKELGEBIED:
        sterren = min((vorige.sterren or 0) + 1 if vorige else 1, versie.max_sterren)
    try:
        with transaction.atomic():
            certificaat = Certificaat.objects.create(
                traject=traject, audit=audit, nummer=nummer.strip(),
                # Without an audit, InCyclus.save() takes the trajectory's current cycle.
                cyclus_id=audit.cyclus_id if audit else None,  # type: ignore[misc]
                label=versie.label_vervolg if vorige else versie.label_eerste,
                sterren=sterren, schemaversie=versie, uitgegeven=uitgegeven,
                geldig_tot=versie.geldig_tot(uitgegeven),
                certificerende_instelling=certificerende_instelling,
            )
            traject.gebeurtenis(
                Gebeurtenis.CERTIFICAAT, door=door,
                toelichting=_("Certificaat %(nummer)s uitgegeven.") % {"nummer": nummer},
            )
    except IntegrityError:
        raise ValidationError(
            {"nummer": _("Certificaatnummer %(nummer)s bestaat al.") % {"nummer": nummer}}
        ) from None
    return certificaat


def hercertificering_vanaf(
    traject: Traject,
) -> tuple[Certificaat | None, datetime.date | None]:
    """(certificate, first day) re-certification may start, or (None, None) without one."""
    certificaat = traject.certificaten.order_by("-uitgegeven", "-pk").first()
    if certificaat is None:
        return None, None
    return certificaat, certificaat.hercertificering_vanaf


def hercertificering_starten(
    *, traject: Traject, door: User, auditdatum: datetime.date | None = None,
    auditors: Iterable[User] = (),
) -> Cyclus:
    """Open the next cycle from the implementation phase once the certificate nears its end:
    the phase goes to re-certification; partners, members, open action items and the plan stay
    with the trajectory; new schouwen, metingen, knelpunten and audits belong to the new cycle.
    History stays as it is. Optionally the re-certification audit is planned at once."""
    certificaat, vanaf = hercertificering_vanaf(traject)
    if certificaat is None or vanaf is None:
        raise ValidationError(
            _("Hercertificering kan pas na een eerste certificaat."), code="geen_certificaat"
        )
    if traject.fase != Traject.Fase.UITVOERING:
        raise ValidationError(
            _("Hercertificering begint vanuit de fase %(uitvoering)s; het traject is nu in de "
              "fase %(fase)s.") % {"uitvoering": Traject.Fase.UITVOERING.label,
                                   "fase": traject.get_fase_display()},
            code="fase",
        )
    if timezone.localdate() < vanaf:
        raise ValidationError(
            _("Certificaat %(nummer)s is geldig tot en met %(tot)s; de hercertificering kan "
              "starten vanaf %(vanaf)s.") % {
                "nummer": certificaat.nummer, "tot": certificaat.geldig_tot.strftime("%d-%m-%Y"),
                "vanaf": vanaf.strftime("%d-%m-%Y")},
            code="te_vroeg",
        )
    with transaction.atomic():
        traject.gebeurtenis(
            Gebeurtenis.HERCERTIFICERING, door=door,
            toelichting=_("Volgende cyclus gestart na certificaat %(nummer)s.")
            % {"nummer": certificaat.nummer},
        )
        vorige = traject.cycli.aggregate(n=Max("nummer"))["n"] or 0
        cyclus = Cyclus.objects.create(
            traject=traject, nummer=vorige + 1, gestart_door=door,
            overgenomen=overname_samenvatting(traject),
        )
        if auditdatum:
            audit_plannen(
                traject=traject, door=door, soort=Audit.Soort.HERCERTIFICERING, datum=auditdatum,
                vorm=Audit.Vorm.OP_LOCATIE,
                certificerende_instelling=certificaat.certificerende_instelling,
                auditors=auditors,
            )
    return cyclus


def overname_samenvatting(traject: Traject) -> str:
    """What carries over into the next cycle, as one line for the history."""
    from actiepunten.models import Actiepunt

    return _("%(partners)s partners, %(open)s open actiepunten") % {
        "partners": traject.partners.count(),
        "open": Actiepunt.objects.filter(traject=traject).open().count(),
    }


# Certificate expiry reminders ---------------------------------------------------------------

def _maanden_terug(dag: datetime.date, maanden: int) -> datetime.date:
    return add_months(dag, -maanden)


SWEEP_CERTIFICATEN = "audits.certificaatherinneringen"


def certificaatherinneringen_aanmaken(*, vandaag: datetime.date | None = None) -> list[int]:
    """Create the due reminder rows (one per certificate and kind, at 6, 3 and 1 months
    before the end) and, in the same transaction, write a mail to the outbox and a
    notification for each coordinator and the werkgroep's chair.

    Only the latest due kind is made: a certificate that already has less than three months
    left gets the three-month reminder, not the six-month one too. A kind stays due until the
    certificate expires, so a run missed while beat or the broker was down is made good by the
    next one.
    """
    vandaag = vandaag or timezone.localdate()
    nieuw = []
    kandidaten = Certificaat.objects.select_related("traject").filter(
        geldig_tot__gte=vandaag,
        geldig_tot__lte=vandaag + datetime.timedelta(days=190),
    )
    with transaction.atomic():
        sweeps.dagen_te_plannen(SWEEP_CERTIFICATEN, vandaag)  # one run at a time
        for certificaat in kandidaten:
            soort = None
            for kandidaat in (CertificaatHerinnering.Soort.EEN_MAAND,
                              CertificaatHerinnering.Soort.DRIE_MAANDEN,
                              CertificaatHerinnering.Soort.ZES_MAANDEN):
                maanden = CertificaatHerinnering.MAANDEN[kandidaat]
                if _maanden_terug(certificaat.geldig_tot, maanden) <= vandaag:
                    soort = kandidaat
                    break
            if soort is None:
                continue
            rij, created = CertificaatHerinnering.objects.get_or_create(
                certificaat=certificaat, soort=soort
            )
            if not created:
                continue
            traject = certificaat.traject
            ontvangers = list({
                user.pk: user for user in [*coordinatoren(traject), *voorzitters(traject)]
            }.values())
            adressen = list(dict.fromkeys(user.email for user in ontvangers))
            rij.ontvangers = ", ".join(adressen)
            rij.save(update_fields=["ontvangers"])
            berichten_maken(
                Bericht(soort="audits.certificaat_verloopt", aan=adres, object_id=rij.pk)
                for adres in adressen
            )
            melden(
                soort="audits.certificaat_verloopt", traject=traject, ontvangers=ontvangers,
                url=reverse("audits:overzicht", args=[traject.pk]), doel=certificaat,
                gegevens={"nummer": certificaat.nummer, "traject": traject.naam,
                          "datum": certificaat.geldig_tot.isoformat(),
                          "maanden": CertificaatHerinnering.MAANDEN[soort]},
                sleutel=f"certificaat:{certificaat.pk}:{soort}",
            )
            nieuw.append(rij.pk)
        sweeps.sweep_afronden(SWEEP_CERTIFICATEN, vandaag)
    return nieuw


# Dossier ------------------------------------------------------------------------------------

def dossier_ontvangers(audit: Audit) -> list[User]:
    """The users the dossier goes to: active coordinators and this audit's active auditors."""
    actief = Lidmaatschap.objects.actief().filter(
        traject_id=audit.traject_id, user__is_active=True
    )
    leden = actief.filter(rol=Rol.COORDINATOR) | actief.filter(
        rol=Rol.AUDITOR, user__in=audit.auditor_rijen.values("user")
    )
    return [lid.user for lid in leden.select_related("user").order_by("user__email")]


def _versie_opslaan(*, audit: Audit, pdf: bytes, door: User | None) -> DossierVersie:
    """Store `pdf` as the audit's next dossier version (inside the caller's transaction)."""
    Audit.objects.select_for_update().filter(pk=audit.pk).first()
    laatste = audit.dossierversies.aggregate(n=Max("nummer"))["n"] or 0
    versie = DossierVersie(
        audit=audit, nummer=laatste + 1, sha256=DossierVersie.hash_of(pdf),
        grootte=len(pdf), aangevraagd_door=door,
    )
    versie.bestand.save("dossier.pdf", ContentFile(pdf), save=False)
    try:
        versie.save()
    except Exception:
        versie.bestand.delete(save=False)
        raise
    return versie


def dossier_genereren(*, audit: Audit, door: User | None = None) -> DossierVersie:
    """Render the dossier PDF and store it as the next version."""
    from .dossier import render_dossier_pdf

    pdf = render_dossier_pdf(audit)
    with transaction.atomic():
        return _versie_opslaan(audit=audit, pdf=pdf, door=door)


def dossier_aanvragen(
    *, audit: Audit, door: User | None = None, versturen: bool = False, automatisch: bool = False
) -> tuple[Dossieraanvraag, bool]:
    """Request a new dossier version (a job for the worker, kvo/opdrachten.py) and, if asked,
    its send to every recipient. Returns (request, whether it is new).

    One generation runs per audit: while a request of the same kind is open (requested or being
    made), a second one joins it instead of starting another; a request to send makes the open
    one send its result. A request whose worker died is started again after its time limit
    (Dossieraanvraag.TIJDSLIMIET), so a lost one never blocks the next.
    """
    if versturen and not dossier_ontvangers(audit):
        raise ValidationError(_("Er is geen auditor of coördinator om het dossier naar te sturen."))
    with transaction.atomic():
        Audit.objects.select_for_update().filter(pk=audit.pk).first()
        aanvraag = open_opdracht(audit.dossieraanvragen.filter(automatisch=automatisch))
        if aanvraag is not None:
            if versturen and not aanvraag.versturen:
                Dossieraanvraag.objects.filter(pk=aanvraag.pk).update(versturen=True)
            return aanvraag, False
        aanvraag = Dossieraanvraag.objects.create(
            audit=audit, aangevraagd_door=door, versturen=versturen, automatisch=automatisch
        )
        opdracht_aanvragen(aanvraag)
    return aanvraag, True


def al_ontvangen(audit: Audit) -> set[int]:
    """The users who need no automatic send of this audit's dossier: they had it, or had by
    hand within the lead time (DOSSIER_DAGEN_VOOR_AUDIT days before the audit) the latest
    version someone made (not the sweep), so the sweep does not send the same dossier again."""
    ontvangen = set(
        audit.verzendingen.filter(soort=DossierVerzending.Soort.AUTOMATISCH)
        .values_list("ontvanger_id", flat=True)
    )
    laatste = (
        audit.dossierversies.exclude(pk__in=audit.dossieraanvragen.filter(
            automatisch=True, versie__isnull=False).values("versie"))
        .order_by("-nummer").values_list("pk", flat=True).first()
    )
    if laatste is not None:
        vanaf = timezone.make_aware(
            datetime.datetime.combine(audit.dossier_verzenddatum, datetime.time.min)
        )
        ontvangen |= set(
            audit.verzendingen.filter(
                soort=DossierVerzending.Soort.HANDMATIG, versie_id=laatste, aangemaakt__gte=vanaf,
            ).values_list("ontvanger_id", flat=True)
        )
    return ontvangen


def _automatisch_nodig(audit: Audit) -> bool:
    """Whether a recipient has not had this audit's dossier before the audit yet."""
    ontvangen = al_ontvangen(audit)
    return any(u.pk not in ontvangen for u in dossier_ontvangers(audit))


class Verzendstand:
    """What the audit page says about the automatic send (never a date in the past)."""

    GEEN = ""  # the outcome is known: nothing more to send
    GEEN_ONTVANGERS = "geen_ontvangers"
    GEPLAND = "gepland"  # goes out on a later day
    VOLGENDE_RONDE = "volgende_ronde"  # due: the next daily run sends it
    VERSTUURD = "verstuurd"  # every recipient has had it
    VOORBIJ = "voorbij"  # the audit date has passed: no automatic send any more


def dossier_verzendstand(
    audit: Audit, *, vandaag: datetime.date | None = None
) -> tuple[str, datetime.date | None]:
    """The state of the automatic send before the audit, and its date when it is later."""
    vandaag = vandaag or timezone.localdate()
    if audit.uitkomst:
        return Verzendstand.GEEN, None
    if not dossier_ontvangers(audit):
        return Verzendstand.GEEN_ONTVANGERS, None
    if not _automatisch_nodig(audit):
        return Verzendstand.VERSTUURD, None
    if audit.datum < vandaag:
        return Verzendstand.VOORBIJ, None
    if audit.dossier_verzenddatum > vandaag:
        return Verzendstand.GEPLAND, audit.dossier_verzenddatum
    return Verzendstand.VOLGENDE_RONDE, None


def dossier_maken(*, aanvraag: Dossieraanvraag) -> DossierVersie | None:
    """The job: render the PDF outside any transaction, then store the version, write the
    sends (rows and outbox mails) and mark the request done in one transaction."""
    from .dossier import render_dossier_pdf

    audit = Audit.objects.select_related("traject").get(pk=aanvraag.audit_id)
    if aanvraag.automatisch and (audit.uitkomst or not _automatisch_nodig(audit)):
        opdracht_afronden(aanvraag)
        return None
    # Who had the latest version by hand already is left out of the automatic send.
    overslaan = al_ontvangen(audit) if aanvraag.automatisch else set()
    pdf = render_dossier_pdf(audit)
    with transaction.atomic():
        aanvraag = Dossieraanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        versie = _versie_opslaan(audit=audit, pdf=pdf, door=aanvraag.aangevraagd_door)
        if aanvraag.versturen:
            dossier_versturen(
                versie=versie, door=aanvraag.aangevraagd_door,
                soort=DossierVerzending.Soort.AUTOMATISCH if aanvraag.automatisch
                else DossierVerzending.Soort.HANDMATIG, overslaan=overslaan,
            )
        if not opdracht_afronden(aanvraag, versie=versie):
            raise OpdrachtVerloren(aanvraag)
    return versie


def dossier_versturen(
    *, versie: DossierVersie, soort: str, door: User | None = None,
    overslaan: Iterable[int] = (),
) -> list[int]:
    """Write a delivery row and its outbox mail per recipient (except the user ids in
    `overslaan`), in the caller's transaction.

    Automatic sends skip recipients who already have one for this audit (unique row), so the
    sweep can run any number of times.
    """
    nieuw = []
    overslaan = set(overslaan)
    for ontvanger in dossier_ontvangers(versie.audit):
        if ontvanger.pk in overslaan:
            continue
        try:
            with transaction.atomic():
                rij = DossierVerzending.objects.create(
                    audit=versie.audit, versie=versie, ontvanger=ontvanger,
                    email=ontvanger.email, soort=soort, aangevraagd_door=door,
                )
                rij.bericht = bericht_maken(
                    soort="audits.dossier", aan=ontvanger.email, object_id=rij.pk,
                    bijlagen=[bijlage_bestand(versie.bestandsnaam, versie.bestand,
                                              "application/pdf")],
                )
                rij.save(update_fields=["bericht"])
        except IntegrityError:
            continue
        nieuw.append(rij.pk)
    if nieuw:
        audit = versie.audit
        traject = audit.traject
        melden(
            soort="audits.dossier_verstuurd", traject=traject, door=door,
            ontvangers=[*coordinatoren(traject), *auditors_van(audit)],
            url=audit.get_absolute_url(), doel=audit,
            gegevens={"audit": audit.soort, "versie": versie.nummer, "traject": traject.naam,
                      "aantal": len(nieuw)},
            sleutel=f"dossierverzending:{nieuw[0]}",
        )
    return nieuw


def dossiers_versturen(*, vandaag: datetime.date | None = None) -> list[Dossieraanvraag]:
    """The daily sweep: every audit within the lead time whose recipients have not all had
    the dossier gets a request to make and send it. Returns the requests."""
    aanvragen = []
    for audit in Audit.objects.dossier_te_versturen(vandaag).select_related("traject"):
        if _automatisch_nodig(audit):
            aanvragen.append(
                dossier_aanvragen(audit=audit, versturen=True, automatisch=True)[0]
            )
    return aanvragen
