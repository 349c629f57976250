"""Workflows of the audits app: planning, auditors' access, outcome, certificates, dossier."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from kvo.mail import absolute_url, send_templated_mail
from trajects.models import Gebied, Lidmaatschap, Partner, Rol, Traject

from .models import (
    Audit,
    AuditAuditor,
    AuditOpmerking,
    Certificaat,
    CertificaatHerinnering,
    Cyclus,
    DossierVersie,
    DossierVerzending,
    SchemaVersie,
)

logger = logging.getLogger(__name__)


# Planning and auditors' access ------------------------------------------------------------------

def audit_plannen(*, traject, data, door):
    with transaction.atomic():
        audit = Audit.objects.create(traject=traject, **data)
        Partner.objects.get_or_create(
            traject=traject, organisatie=audit.certificerende_instelling,
            defaults={"rol": _("Certificerende instelling")},
        )
    return audit


def audit_bijwerken(*, audit, data, versie=None):
    """Save changed planning data made from `versie` (kvo.versies); a new date moves the
    auditors' access window with it."""
    with transaction.atomic():
        for veld, waarde in data.items():
            setattr(audit, veld, waarde)
        audit.opslaan(versie=versie)
        for user in audit.auditors.all():
            _auditortoegang_bijwerken(traject=audit.traject, user=user)
    return audit


def _auditortoegang_bijwerken(*, traject, user):
    """Give `user` auditor access until the configured days after their last audit here."""
    laatste = Audit.objects.filter(traject=traject, auditor_rijen__user=user).aggregate(
        laatste=Max("datum")
    )["laatste"]
    if laatste is None:
        return
    tot = Audit(datum=laatste).toegang_tot
    with transaction.atomic():
        _lidmaatschap_tot(traject=traject, user=user, tot=tot)


def _lidmaatschap_tot(*, traject, user, tot):
    lid = Lidmaatschap.objects.select_for_update().filter(user=user, traject=traject).first()
    if lid is None:
        organisatie = (
            Audit.objects.filter(traject=traject, auditor_rijen__user=user)
            .order_by("-datum").values_list("certificerende_instelling", flat=True).first()
        )
        Lidmaatschap.objects.create(
            user=user, traject=traject, organisatie_id=organisatie, rol=Rol.AUDITOR,
            geldig_tot=tot,
        )
    elif lid.rol == Rol.AUDITOR and lid.geldig_tot != tot:
        lid.geldig_tot = tot
        lid.save(update_fields=["geldig_tot"])


def auditor_uitnodigen(*, audit, email, naam="", door):
    """Make `email` an auditor of `audit`. Access to the trajectory ends some days after it.

    An unknown address gets an account without password and a link to set one.
    """
    from .tasks import verstuur_auditoruitnodiging

    User = get_user_model()
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email, None, naam=naam)
        lid = Lidmaatschap.objects.filter(user=user, traject=audit.traject).first()
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
        _auditortoegang_bijwerken(traject=audit.traject, user=user)
    transaction.on_commit(lambda: verstuur_auditoruitnodiging.delay(rij.pk))
    return rij


def auditor_verwijderen(*, rij):
    """Remove an auditor from an audit; without other audits here their access ends today."""
    with transaction.atomic():
        traject, user = rij.audit.traject, rij.user
        rij.delete()
        if AuditAuditor.objects.filter(audit__traject=traject, user=user).exists():
            _auditortoegang_bijwerken(traject=traject, user=user)
        else:
            Lidmaatschap.objects.filter(user=user, traject=traject, rol=Rol.AUDITOR).update(
                geldig_tot=timezone.localdate() - datetime.timedelta(days=1)
            )


# Outcome and remarks ----------------------------------------------------------------------------

def uitkomst_vastleggen(*, audit, uitkomst, toelichting="", herstel_deadline=None, rapport=None,
                        versie=None):
    if uitkomst == Audit.Uitkomst.NEGATIEF and herstel_deadline is None:
        raise ValidationError(
            {"herstel_deadline": _("Geef bij een negatieve audit een termijn voor herstel.")}
        )
    if herstel_deadline and herstel_deadline <= audit.datum:
        raise ValidationError(
            {"herstel_deadline": _("De termijn voor herstel moet na de auditdatum liggen.")}
        )
    with transaction.atomic():
        audit.vergrendel(versie)
        audit.uitkomst = uitkomst
        audit.uitkomst_toelichting = toelichting
        audit.herstel_deadline = herstel_deadline
        audit.rapport = rapport
        audit.uitkomst_vastgesteld = timezone.now()
        audit.save()
    return audit


def opmerking_toevoegen(*, audit, tekst, ernstig, door):
    return AuditOpmerking.objects.create(
        audit=audit, tekst=tekst, ernstig=ernstig, vastgelegd_door=door
    )


def opmerking_naar_actiepunt(*, opmerking, door, organisatie=None, deadline=None, titel=""):
    """Turn an audit remark into an action item of the plan (source: audit), once."""
    from actiepunten.models import Bron
    from actiepunten.services import actiepunt_aanmaken

    with transaction.atomic():
        opmerking = AuditOpmerking.objects.select_for_update().select_related(
            "audit__traject").get(pk=opmerking.pk)
        if opmerking.actiepunt_id:
            raise ValidationError(
                _("Van deze opmerking is al een actiepunt gemaakt."), code="al_actiepunt"
            )
        actiepunt = actiepunt_aanmaken(
            traject=opmerking.audit.traject, door=door,
            titel=(titel or opmerking.tekst.splitlines()[0])[:200],
            omschrijving=opmerking.tekst, bron=Bron.AUDIT, organisatie=organisatie,
            deadline=deadline,
        )
        opmerking.actiepunt = actiepunt
        opmerking.save(update_fields=["actiepunt"])
    return actiepunt


# Certificates and re-certification ----------------------------------------------------------

def schemaversie_van(traject):
    versie = SchemaVersie.objects.filter(code=traject.schemaversie).first()
    if versie is None:
        raise ValidationError(
            _("Schemaversie %(code)s is niet ingericht; vraag de beheerder dit te doen.")
            % {"code": traject.get_schemaversie_display()},
            code="geen_schema",
        )
    return versie


def certificaat_uitgeven(*, traject, nummer, uitgegeven, certificerende_instelling, door,
                         audit=None):
    """Record the certificate after a positive audit: label, stars and validity follow from
    the scheme version and the previous certificate."""
    if audit is not None and not audit.is_positief:
        raise ValidationError(
            _("Een certificaat volgt alleen op een positieve audit."), code="niet_positief"
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
                label=versie.label_vervolg if vorige else versie.label_eerste,
                sterren=sterren, schemaversie=versie, uitgegeven=uitgegeven,
                geldig_tot=versie.geldig_tot(uitgegeven),
                certificerende_instelling=certificerende_instelling,
            )
            if Traject.Fase.UITVOERING in Traject.OVERGANGEN[Traject.Fase(traject.fase)]:
                traject.naar_fase(
                    Traject.Fase.UITVOERING, door=door,
                    toelichting=_("Certificaat %(nummer)s uitgegeven.") % {"nummer": nummer},
                )
    except IntegrityError:
        raise ValidationError(
            {"nummer": _("Certificaatnummer %(nummer)s bestaat al.") % {"nummer": nummer}}
        ) from None
    return certificaat


def hercertificering_starten(*, traject, door, auditdatum=None):
    """Start the next cycle: the phase goes to re-certification; partners, members, open action
    items and the plan stay with the trajectory; the readiness computations count new evidence
    from the start of this cycle. History stays as it is."""
    certificaat = traject.certificaten.order_by("-uitgegeven", "-pk").first()
    if certificaat is None:
        raise ValidationError(
            _("Hercertificering kan pas na een eerste certificaat."), code="geen_certificaat"
        )
    with transaction.atomic():
        traject.naar_fase(
            Traject.Fase.HERCERTIFICERING, door=door,
            toelichting=_("Volgende cyclus gestart na certificaat %(nummer)s.")
            % {"nummer": certificaat.nummer},
        )
        vorige = traject.cycli.aggregate(n=Max("nummer"))["n"] or 1
        cyclus = Cyclus.objects.create(
            traject=traject, nummer=vorige + 1, gestart_door=door,
            vorig_certificaat=certificaat, overgenomen=overname_samenvatting(traject),
        )
        if auditdatum:
            audit_plannen(traject=traject, door=door, data={
                "soort": Audit.Soort.HERCERTIFICERING, "datum": auditdatum,
                "certificerende_instelling": certificaat.certificerende_instelling,
            })
    return cyclus


def overname_samenvatting(traject):
    """What carries over into the next cycle, as one line for the history."""
    regels = [_("%(aantal)s partners") % {"aantal": traject.partners.count()}]
    open_items = _open_actiepunten(traject)
    if open_items is not None:
        regels.append(_("%(aantal)s open actiepunten") % {"aantal": open_items})
    return ", ".join(regels)


def _open_actiepunten(traject):
    """The number of open action items (None while the actiepunten app has no model)."""
    return None


# Certificate expiry reminders ---------------------------------------------------------------

def _maanden_terug(dag, maanden):
    maand = dag.month - maanden
    jaar = dag.year + (maand - 1) // 12
    maand = (maand - 1) % 12 + 1
    for d in (dag.day, 30, 29, 28):
        try:
            return dag.replace(year=jaar, month=maand, day=d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def herinneringen_aanmaken(*, vandaag=None):
    """Create the due reminder rows (one per certificate and kind) and enqueue their mail.

    Only the latest due kind is made: a certificate that already has less than three months
    left gets the three-month reminder, not both.
    """
    from .tasks import verstuur_herinnering

    vandaag = vandaag or timezone.localdate()
    nieuw = []
    kandidaten = Certificaat.objects.filter(
        geldig_tot__gte=vandaag,
        geldig_tot__lte=vandaag + datetime.timedelta(days=190),
    )
    for certificaat in kandidaten:
        soort = None
        for kandidaat in (CertificaatHerinnering.Soort.DRIE_MAANDEN,
                          CertificaatHerinnering.Soort.ZES_MAANDEN):
            maanden = CertificaatHerinnering.MAANDEN[kandidaat]
            if _maanden_terug(certificaat.geldig_tot, maanden) <= vandaag:
                soort = kandidaat
                break
        if soort is None:
            continue
        with transaction.atomic():
            rij, created = CertificaatHerinnering.objects.get_or_create(
                certificaat=certificaat, soort=soort
            )
        if created:
            nieuw.append(rij.pk)
    for pk in nieuw:
        transaction.on_commit(lambda pk=pk: verstuur_herinnering.delay(pk))
    return nieuw


def coordinator_adressen(traject):
    return list(
        Lidmaatschap.objects.actief()
        .filter(traject=traject, rol=Rol.COORDINATOR, user__is_active=True)
        .values_list("user__email", flat=True)
    )


# Dossier ------------------------------------------------------------------------------------

def dossier_ontvangers(audit):
    """The users the dossier goes to: active coordinators and this audit's active auditors."""
    actief = Lidmaatschap.objects.actief().filter(
        traject_id=audit.traject_id, user__is_active=True
    )
    leden = actief.filter(rol=Rol.COORDINATOR) | actief.filter(
        rol=Rol.AUDITOR, user__in=audit.auditor_rijen.values("user")
    )
    return [lid.user for lid in leden.select_related("user").order_by("user__email")]


def dossier_genereren(*, audit, door=None):
    """Render the dossier PDF and store it as the next version. Runs in a Celery task."""
    from .dossier import render_dossier_pdf

    pdf = render_dossier_pdf(audit)
    with transaction.atomic():
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


def dossier_aanvragen(*, audit, door, versturen=False) -> bool:
    """Queue a new dossier version (and, if asked, its manual send to every recipient).

    One generation runs per audit: while one is queued or running, a second request joins it
    instead of starting another (a request to send makes the running one send its result) and
    this returns False. A claim older than DOSSIER_CLAIM_MINUTES is taken to be from a worker
    that died, and a new generation starts.
    """
    from .tasks import genereer_dossier

    if versturen and not dossier_ontvangers(audit):
        raise ValidationError(_("Er is geen auditor of coördinator om het dossier naar te sturen."))
    nu = timezone.now()
    verlopen = nu - datetime.timedelta(minutes=settings.DOSSIER_CLAIM_MINUTES)
    with transaction.atomic():
        rij = Audit.objects.select_for_update().get(pk=audit.pk)
        if rij.dossier_bezig_sinds and rij.dossier_bezig_sinds > verlopen:
            if versturen and not rij.dossier_daarna_versturen:
                Audit.objects.filter(pk=audit.pk).update(dossier_daarna_versturen=True)
            return False
        Audit.objects.filter(pk=audit.pk).update(
            dossier_bezig_sinds=nu, dossier_daarna_versturen=versturen
        )
        transaction.on_commit(
            lambda: genereer_dossier.delay(audit.pk, door.pk if door else None, versturen)
        )
    return True


def dossier_klaar(*, audit_id) -> bool:
    """End the claim of a generation; True when a request that joined it asked to send."""
    with transaction.atomic():
        rij = Audit.objects.select_for_update().filter(pk=audit_id).first()
        if rij is None:
            return False
        Audit.objects.filter(pk=audit_id).update(
            dossier_bezig_sinds=None, dossier_daarna_versturen=False
        )
        return rij.dossier_daarna_versturen


def dossier_versturen(*, versie, soort, door=None):
    """Create a delivery row per recipient and queue the mails.

    Automatic sends skip recipients who already have one for this audit (unique row), so the
    sweep can run any number of times.
    """
    from .tasks import verstuur_dossier

    nieuw = []
    for ontvanger in dossier_ontvangers(versie.audit):
        try:
            with transaction.atomic():
                rij = DossierVerzending.objects.create(
                    audit=versie.audit, versie=versie, ontvanger=ontvanger,
                    email=ontvanger.email, soort=soort, aangevraagd_door=door,
                )
        except IntegrityError:
            continue
        nieuw.append(rij.pk)
    for pk in nieuw:
        transaction.on_commit(lambda pk=pk: verstuur_dossier.delay(pk))
    return nieuw


def dossier_automatisch_versturen(*, audit):
    """Before the audit: generate the dossier and send it to whoever has not had it yet."""
    ontvangers = dossier_ontvangers(audit)
    al_verstuurd = set(
        audit.verzendingen.filter(soort=DossierVerzending.Soort.AUTOMATISCH)
        .values_list("ontvanger_id", flat=True)
    )
    if all(u.pk in al_verstuurd for u in ontvangers):
        return []
    versie = dossier_genereren(audit=audit)
    return dossier_versturen(versie=versie, soort=DossierVerzending.Soort.AUTOMATISCH)


def audits_met_dossier_te_versturen(vandaag=None):
    return list(Audit.objects.dossier_te_versturen(vandaag).values_list("pk", flat=True))


def _afleveren(model, pk, verstuur):
    """Send one queued mail row exactly once: lock it, send, mark it sent in one transaction.

    A second run (a duplicate task or a retry after success) finds it sent and does nothing;
    a failure rolls back, is counted on the row and re-raised so the task retries.
    """
    try:
        with transaction.atomic():
            rij = (
                model.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, verzonden__isnull=True)
                .first()
            )
            if rij is None:
                return False
            verstuur(rij)
            model.objects.filter(pk=pk).update(
                verzonden=timezone.now(), pogingen=F("pogingen") + 1, fout=""
            )
    except Exception as error:
        model.objects.filter(pk=pk).update(
            pogingen=F("pogingen") + 1, fout=f"{type(error).__name__}: {error}"[:1000]
        )
        raise
    return True


def verzending_afleveren(*, verzending_id):
    def verstuur(rij):
        rij = DossierVerzending.objects.select_related(
            "versie", "audit__traject", "audit__certificerende_instelling", "ontvanger"
        ).get(pk=rij.pk)
        with rij.versie.bestand.open("rb") as handle:
            inhoud = handle.read()
        send_templated_mail(
            template="auditdossier", to=[rij.email],
            context={
                "verzending": rij, "audit": rij.audit, "traject": rij.audit.traject,
                "link": absolute_url(rij.audit.get_absolute_url()),
            },
            attachments=[(rij.versie.bestandsnaam, inhoud, "application/pdf")],
        )

    return _afleveren(DossierVerzending, verzending_id, verstuur)


def herinnering_afleveren(*, herinnering_id):
    def verstuur(rij):
        rij = CertificaatHerinnering.objects.select_related(
            "certificaat__traject", "certificaat__schemaversie"
        ).get(pk=rij.pk)
        traject = rij.certificaat.traject
        adressen = coordinator_adressen(traject)
        if adressen:
            send_templated_mail(
                template="certificaat_verloopt", to=adressen,
                context={
                    "herinnering": rij, "certificaat": rij.certificaat, "traject": traject,
                    "link": absolute_url(reverse("audits:overzicht", args=[traject.pk])),
                },
            )
        CertificaatHerinnering.objects.filter(pk=rij.pk).update(ontvangers=", ".join(adressen))

    return _afleveren(CertificaatHerinnering, herinnering_id, verstuur)


def auditoruitnodiging_versturen(*, rij_id):
    rij = (
        AuditAuditor.objects.select_related("audit__traject", "user")
        .filter(pk=rij_id).first()
    )
    if rij is None:
        return
    user = rij.user
    if user.has_usable_password():
        link = absolute_url(rij.audit.get_absolute_url())
        wachtwoord_link = ""
    else:
        link = absolute_url(rij.audit.get_absolute_url())
        wachtwoord_link = absolute_url(reverse("password_reset_confirm", kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }))
    send_templated_mail(
        template="auditor_uitgenodigd", to=[user.email],
        context={"rij": rij, "audit": rij.audit, "traject": rij.audit.traject, "link": link,
                 "wachtwoord_link": wachtwoord_link},
    )
