"""Mail kinds of audits, rendered by the outbox at send time (see kvo/outbox.py)."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kvo.mail import absolute_url, render_mail
from kvo.outbox import soort

from .models import AuditAuditor, CertificaatHerinnering, DossierVerzending


@soort("audits.dossier")
def dossier(bericht):
    """The dossier PDF (attached from storage, fixed when the send was written)."""
    rij = (
        DossierVerzending.objects.select_related(
            "versie", "audit__traject", "audit__certificerende_instelling", "ontvanger"
        ).filter(pk=bericht.object_id).first()
    )
    if rij is None:
        return None
    return render_mail("auditdossier", {
        "verzending": rij, "audit": rij.audit, "traject": rij.audit.traject,
        "link": absolute_url(rij.audit.get_absolute_url()),
    }, bericht.taal)


@soort("audits.certificaat_verloopt")
def certificaat_verloopt(bericht):
    rij = (
        CertificaatHerinnering.objects.select_related(
            "certificaat__traject", "certificaat__schemaversie"
        ).filter(pk=bericht.object_id).first()
    )
    if rij is None:
        return None
    traject = rij.certificaat.traject
    return render_mail("certificaat_verloopt", {
        "herinnering": rij, "certificaat": rij.certificaat, "traject": traject,
        "link": absolute_url(reverse("audits:overzicht", args=[traject.pk])),
    }, bericht.taal)


@soort("audits.auditor_uitgenodigd")
def auditor_uitgenodigd(bericht):
    """The auditor's invitation; an account without password gets a link to choose one, made
    now (a reset token is never stored)."""
    rij = (
        AuditAuditor.objects.select_related("audit__traject", "user")
        .filter(pk=bericht.object_id).first()
    )
    if rij is None:
        return None
    user = rij.user
    wachtwoord_link = ""
    if not user.has_usable_password():
        wachtwoord_link = absolute_url(reverse("password_reset_confirm", kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }))
    return render_mail("auditor_uitgenodigd", {
        "rij": rij, "audit": rij.audit, "traject": rij.audit.traject,
        "link": absolute_url(rij.audit.get_absolute_url()), "wachtwoord_link": wachtwoord_link,
    }, bericht.taal)
