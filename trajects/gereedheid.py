"""Readiness as the homes and the trajectory page show it: a bar with one segment per
requirement, grouped by the section of the trajectory where it is fixed, with the count per
group (`{% gereedheidsbalk %}` in trajects_tags), for one trajectory or a whole list at once.

The outcomes come from `trajects.readiness` (and the evaluator the audits app installs there);
a list's from `readiness.beoordeel_voor`, in the same few queries however many trajectories.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import readiness
from .readiness import DEELS, MET, NIET, NVT


@dataclass(frozen=True)
class Segment:
    """One requirement in the readiness bar (x and breedte in percent of the bar)."""

    x: float
    breedte: float
    status: str
    naam: str

    @property
    def status_label(self):
        return readiness.STATUS_LABELS[self.status]


class _Tellingen:
    """Counts over `self.uitkomsten` by status."""

    uitkomsten: list

    def aantal(self, status):
        return sum(1 for u in self.uitkomsten if u.status == status)

    @property
    def voldaan(self):
        return self.aantal(MET)

    @property
    def deels(self):
        return self.aantal(DEELS)

    @property
    def niet(self):
        return self.aantal(NIET)

    @property
    def telt(self):
        """The requirements that count (not n.v.t.)."""
        return sum(1 for u in self.uitkomsten if u.status != NVT)


@dataclass
class Groep(_Tellingen):
    """The requirements of one part of the trajectory (the section where they are fixed)."""

    label: str
    uitkomsten: list


@dataclass
class Gereedheid(_Tellingen):
    """Readiness as the bar shows it: the score, one segment per requirement (grouped by the
    section where it is fixed) and the count per group."""

    uitkomsten: list
    score: int
    groepen: list
    segmenten: list


# Space between two groups in the bar, in percent of its width.
_GROEP_TUSSENRUIMTE = 1.5


def samenvatten(uitkomsten):
    """The `Gereedheid` of a list of outcomes (no queries): the groups are the trajectory's
    sections (trajects.navigation), found from the page each outcome links to."""
    from .navigation import sectie_van_url

    groepen = {}
    for uitkomst in uitkomsten:
        sectie = sectie_van_url(uitkomst.url)
        code, label = (sectie.code, sectie.label) if sectie else ("", _("Overig"))
        groepen.setdefault(code, Groep(label=label, uitkomsten=[])).uitkomsten.append(uitkomst)
    geordend = [groepen[code] for code in sorted(groepen, key=_sectie_volgorde)]
    tellend = [g for g in geordend if g.telt]
    segmenten = []
    ruimte = _GROEP_TUSSENRUIMTE * max(len(tellend) - 1, 0)
    totaal = sum(g.telt for g in tellend)
    breedte = (100 - ruimte) / totaal if totaal else 0
    x = 0.0
    for groep in tellend:
        for uitkomst in groep.uitkomsten:
            if uitkomst.status == NVT:
                continue
            segmenten.append(Segment(x=round(x, 2), breedte=round(breedte, 2),
                                     status=uitkomst.status, naam=uitkomst.naam))
            x += breedte
        x += _GROEP_TUSSENRUIMTE
    return Gereedheid(uitkomsten=list(uitkomsten), score=readiness.score(uitkomsten),
                      groepen=geordend,
                      segmenten=segmenten)


def _sectie_volgorde(code):
    from .navigation import sectie_volgorde

    return sectie_volgorde(code)


def gereedheid(traject):
    """The `Gereedheid` of one trajectory (its page)."""
    return samenvatten(readiness.beoordeel(traject))


def gereedheid_voor(trajecten):
    """`{pk: Gereedheid}` for a list of trajectories (with their area loaded): the same as
    `gereedheid` of each, in a fixed number of queries (`readiness.beoordeel_voor`)."""
    return {pk: samenvatten(uitkomsten)
            for pk, uitkomsten in readiness.beoordeel_voor(trajecten).items()}


