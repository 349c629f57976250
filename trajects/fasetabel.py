"""The phase of a trajectory: one table for every area kind, driven by events.

Events (the audit planned, a certificate issued, …) move the phase as the table says; an event
that does not apply to the current phase changes nothing. A coordinator may change the phase by
hand only along the rows marked `handmatig`, with a reason. Every change, by an event or by hand,
is a row in the append-only phase history (`FaseWijziging`). docs/audits.md shows the table.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Fase(models.TextChoices):
    SAMENWERKING = "samenwerking", _("Samenwerking vormgeven")
    ANALYSE = "analyse", _("Veiligheidsanalyse")
    PLAN = "plan", _("Plan van aanpak")
    AUDIT = "audit", _("Aanvraag en audit")
    HERSTEL = "herstel", _("Herstel na negatieve audit")
    UITVOERING = "uitvoering", _("Gecertificeerd / uitvoering")
    HERCERTIFICERING = "hercertificering", _("Hercertificering")
    GESTOPT = "gestopt", _("Gestopt")


class Gebeurtenis(models.TextChoices):
    START = "start", _("Traject gestart")
    INTENTIEVERKLARING = "intentieverklaring", _("Intentieverklaring getekend")
    AUDIT_GEPLAND = "audit_gepland", _("Audit gepland")
    NEGATIEVE_AUDIT = "negatieve_audit", _("Negatieve uitkomst van de audit")
    CERTIFICAAT = "certificaat", _("Certificaat uitgegeven")
    HERCERTIFICERING = "hercertificering", _("Hercertificering gestart")
    HANDMATIG = "handmatig", _("Met de hand gewijzigd")


# Phases in which the trajectory works towards a (new) certificate.
VOOR_CERTIFICAAT = frozenset({
    Fase.SAMENWERKING, Fase.ANALYSE, Fase.PLAN, Fase.AUDIT, Fase.HERSTEL, Fase.HERCERTIFICERING,
})
ACTIEF = VOOR_CERTIFICAAT | {Fase.UITVOERING}


@dataclass(frozen=True)
class Overgang:
    van: frozenset
    naar: Fase
    gebeurtenis: Gebeurtenis
    handmatig: bool = False


TABEL = (
    Overgang(frozenset({Fase.SAMENWERKING}), Fase.ANALYSE, Gebeurtenis.INTENTIEVERKLARING,
             handmatig=True),
    Overgang(frozenset({Fase.ANALYSE}), Fase.PLAN, Gebeurtenis.HANDMATIG, handmatig=True),
    Overgang(frozenset({Fase.HERCERTIFICERING}), Fase.PLAN, Gebeurtenis.HANDMATIG,
             handmatig=True),
    Overgang(frozenset({Fase.ANALYSE}), Fase.SAMENWERKING, Gebeurtenis.HANDMATIG,
             handmatig=True),
    Overgang(frozenset({Fase.PLAN}), Fase.ANALYSE, Gebeurtenis.HANDMATIG, handmatig=True),
    Overgang(VOOR_CERTIFICAAT - {Fase.AUDIT}, Fase.AUDIT, Gebeurtenis.AUDIT_GEPLAND),
    Overgang(frozenset({Fase.AUDIT}), Fase.PLAN, Gebeurtenis.HANDMATIG, handmatig=True),
    Overgang(VOOR_CERTIFICAAT - {Fase.HERSTEL}, Fase.HERSTEL, Gebeurtenis.NEGATIEVE_AUDIT),
    Overgang(VOOR_CERTIFICAAT, Fase.UITVOERING, Gebeurtenis.CERTIFICAAT),
    Overgang(frozenset({Fase.UITVOERING}), Fase.HERCERTIFICERING, Gebeurtenis.HERCERTIFICERING),
    Overgang(ACTIEF, Fase.GESTOPT, Gebeurtenis.HANDMATIG, handmatig=True),
    Overgang(frozenset({Fase.GESTOPT}), Fase.SAMENWERKING, Gebeurtenis.HANDMATIG,
             handmatig=True),
)


def na_gebeurtenis(fase, gebeurtenis):
    """The phase `gebeurtenis` leads to from `fase`, or None when it does not apply there."""
    for overgang in TABEL:
        if overgang.gebeurtenis == gebeurtenis and fase in overgang.van:
            return overgang.naar
    return None


def handmatig_vanuit(fase):
    """The phases a coordinator may choose by hand from `fase`, in the order of the cycle."""
    doelen = {o.naar for o in TABEL if o.handmatig and fase in o.van}
    return [f for f in Fase if f in doelen]


def rijen():
    """The table for the docs and the phase page: (from, to, event, by hand)."""
    return [
        ([f for f in Fase if f in o.van], o.naar, o.gebeurtenis, o.handmatig) for o in TABEL
    ]
