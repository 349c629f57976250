"""How the app computes each scheme requirement (`Eis.code`) from live data.

A computation is `func(traject, eis) -> trajects.readiness.Uitkomst`. It reads what it counts
from the trajectory's readiness facts (`trajects.readiness.feit`), which `beoordeel` loads for
every requirement in one query, so the readiness page runs the same few queries however many
requirements and rows there are (tests/audits/test_eisen.py counts them). A list of
trajectories (`trajects.readiness.beoordeel_voor`) loads the facts, the requirements
(`_eisen_voor`) and the survey's meting of all of them at once. Computations that need
another app live in that app's section below and are registered only when it is installed.
Codes not found here fall back to the checks of `trajects.readiness` (called with the
trajectory only), so a check registered there can be used as a requirement too.
"""

from dataclasses import dataclass

from django.db.models import F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from enquetes.readiness import enquete_gehouden as enquetes_enquete_gehouden
from enquetes.readiness import incidentbronnen
from schouwen.models import Schouw
from schouwen.readiness import dagdelen_afgerond
from trajects import readiness
from trajects.models import Document, Werkgroeprol
from trajects.readiness import DEELS, MET, NIET, NVT, Uitkomst, feit

_berekeningen = {}


def register(code):
    def wrap(func):
        _berekeningen[code] = func
        return func

    return wrap


def berekening(code):
    """The computation for `code`, or None when no installed app provides it."""
    if code in _berekeningen:
        return _berekeningen[code]
    check = readiness.registered_checks().get(code)
    if check is not None:
        return lambda traject, eis: check(traject)
    return None


def codes():
    return sorted(set(_berekeningen) | set(readiness.registered_checks()))


@dataclass(frozen=True)
class Beoordeling:
    eis: object
    uitkomst: Uitkomst | None  # None: no installed app can compute this requirement

    @property
    def status(self):
        return self.uitkomst.status if self.uitkomst else "onbekend"


def beoordeel(traject, eisen=None):
    """Each requirement that applies to `traject` with its outcome, and the overall score."""
    from .models import Eis

    rijen = []
    with readiness.feiten_geladen(traject):
        if eisen is None:
            eisen = readiness.onthouden(traject, _EISEN,
                                        lambda: list(Eis.objects.voor(traject)))
        for eis in eisen:
            func = berekening(eis.code)
            rijen.append(Beoordeling(eis=eis, uitkomst=func(traject, eis) if func else None))
    score = readiness.score([r.uitkomst for r in rijen if r.uitkomst])
    return rijen, score


_EISEN = "audits_eisen"


@readiness.register_rijen
def _eisen_voor(trajecten, feiten):
    """The requirements of every trajectory in `trajecten` (as `Eis.objects.voor`, in its
    order) in one query: those of their scheme versions, picked per trajectory by area kind."""
    from .models import Eis

    alle = list(
        Eis.objects.filter(
            Q(gebiedsoort="") | Q(gebiedsoort__in={t.gebied.soort for t in trajecten}),
            schemaversie__code__in={t.schemaversie for t in trajecten},
            actief=True,
        ).annotate(schemaversie_code=F("schemaversie__code")).order_by("volgorde", "pk")
    )
    return {
        traject.pk: {_EISEN: [
            eis for eis in alle
            if eis.schemaversie_code == traject.schemaversie
            and eis.gebiedsoort in ("", traject.gebied.soort)
        ]}
        for traject in trajecten
    }


def _uitkomst(eis, status, reden, url=""):
    return Uitkomst(code=eis.code, naam=eis.naam, status=status, reden=reden, url=url)


def _document_aanwezig(traject, eis, soort):
    aantal = feit(traject, f"document_{soort}")
    url = reverse("trajects:documenten", args=[traject.pk])
    label = Document.Soort(soort).label
    if aantal:
        return _uitkomst(eis, MET, _("%(soort)s is geüpload.") % {"soort": label}, url)
    return _uitkomst(eis, NIET, _("Er is nog geen %(soort)s geüpload.") % {"soort": label}, url)


@register("intentieverklaring")
def intentieverklaring(traject, eis):
    return _document_aanwezig(traject, eis, Document.Soort.INTENTIEVERKLARING)


@register("convenant")
def convenant(traject, eis):
    return _document_aanwezig(traject, eis, Document.Soort.CONVENANT)


@register("werkgroep")
def werkgroep(traject, eis):
    nodig = {Werkgroeprol.VOORZITTER, Werkgroeprol.SECRETARIS}
    rollen = {r for r in nodig if feit(traject, f"werkgroeprol_{r}")}
    url = reverse("trajects:leden", args=[traject.pk])
    ontbreekt = sorted(str(Werkgroeprol(r).label).lower() for r in nodig - rollen)
    if not feit(traject, "werkgroeprol_"):
        return _uitkomst(eis, NIET, _("De werkgroep heeft nog geen leden."), url)
    if ontbreekt:
        return _uitkomst(
            eis, DEELS,
            _("De werkgroep mist een %(rollen)s.") % {"rollen": _(" en een ").join(ontbreekt)},
            url,
        )
    return _uitkomst(eis, MET, _("De werkgroep heeft een voorzitter en een secretaris."), url)


@register("overleggen_gehouden")
def overleggen_gehouden(traject, eis):
    """Meetings held (in the past, with attendance recorded) in the last twelve months."""
    nodig = eis.drempel or 2
    gehouden = feit(traject, "overleggen_gehouden")
    url = reverse("trajects:overleggen", args=[traject.pk])
    reden = _("%(aantal)s overleggen met vastgelegde aanwezigheid in de afgelopen twaalf "
              "maanden (minimaal %(nodig)s).") % {"aantal": gehouden, "nodig": nodig}
    status = MET if gehouden >= nodig else DEELS if gehouden else NIET
    return _uitkomst(eis, status, reden, url)


@register("incidentcijfers")
def incidentcijfers(traject, eis):
    """Police and fire-brigade figures: as uploaded documents (the enquetes app adds data)."""
    soorten = {s for s in (Document.Soort.POLITIECIJFERS, Document.Soort.BRANDWEERCIJFERS)
               if feit(traject, f"document_{s}")}
    soorten |= _incidentcijfers_uit_enquetes(traject)
    url = reverse("trajects:documenten", args=[traject.pk])
    if len(soorten) == 2:
        return _uitkomst(eis, MET, _("Cijfers van politie en brandweer zijn aanwezig."), url)
    if soorten:
        ontbreekt = (
            _("brandweer") if Document.Soort.POLITIECIJFERS in soorten else _("politie")
        )
        return _uitkomst(
            eis, DEELS, _("De cijfers van de %(bron)s ontbreken.") % {"bron": ontbreekt}, url
        )
    return _uitkomst(eis, NIET, _("Er zijn nog geen incidentcijfers van politie en brandweer."),
                     url)


def _incidentcijfers_uit_enquetes(traject):
    """Document kinds covered by incident figures entered in the enquetes app."""
    soort = {"politie": Document.Soort.POLITIECIJFERS, "brandweer": Document.Soort.BRANDWEERCIJFERS}
    return {soort[b] for b in incidentbronnen(traject)}


def _url(name, traject):
    """The trajectory's page where something is fixed (audits may name every app's URLs)."""
    return reverse(name, args=[traject.pk])


def huidige_cyclus(traject):
    """The trajectory's current cycle. Evidence of the analysis must come from this cycle:
    re-certification needs a new meting and a new schouw (the facts `..._in_cyclus`)."""
    return traject.huidige_cyclus()


@readiness.register_feit("certificaat")
def _certificaat():
    from .models import Certificaat

    return readiness.bestaat(Certificaat.objects.filter(traject=OuterRef("pk")))


# Schouwen --------------------------------------------------------------------------------------

@register("schouw_dag_en_avond")
def schouw_dag_en_avond(traject, eis):
    dagdelen = dagdelen_afgerond(traject, in_cyclus=True)
    url = _url("schouwen:lijst", traject)
    if dagdelen >= {Schouw.Dagdeel.DAG, Schouw.Dagdeel.AVOND}:
        return _uitkomst(eis, MET, _("Er is overdag en 's avonds geschouwd."), url)
    if dagdelen:
        ontbreekt = Schouw.Dagdeel.AVOND if Schouw.Dagdeel.DAG in dagdelen else Schouw.Dagdeel.DAG
        return _uitkomst(eis, DEELS, _("Een afgeronde schouw %(dagdeel)s ontbreekt nog.")
                         % {"dagdeel": str(ontbreekt.label).lower()}, url)
    return _uitkomst(eis, NIET, _("Er is in deze cyclus nog geen schouw afgerond."), url)


@register("schouwen_per_jaar")
def schouwen_per_jaar(traject, eis):
    """During execution (after the first certificate): completed walks in the last 12 months."""
    nodig = eis.drempel or 2
    url = _url("schouwen:lijst", traject)
    if not feit(traject, "certificaat"):
        return _uitkomst(eis, NVT, _("Geldt pas na het eerste certificaat."), url)
    aantal = feit(traject, "schouwen_afgerond_12_maanden")
    reden = _("%(aantal)s van de %(nodig)s schouwen afgerond in de afgelopen twaalf maanden.") % {
        "aantal": aantal, "nodig": nodig}
    return _uitkomst(eis, MET if aantal >= nodig else DEELS if aantal else NIET, reden, url)


# Enquêtes ------------------------------------------------------------------------------------

@register("enquete_gehouden")
def enquete_gehouden(traject, eis):
    """The enquetes check (held, response against the meting's target), on a meting of this
    cycle."""
    if (feit(traject, "cyclus_nummer") or 1) > 1 and not feit(traject, "meting_in_cyclus"):
        return _uitkomst(
            eis, NIET, _("In deze cyclus is nog geen nieuwe enquête gehouden."),
            _url("enquetes:overzicht", traject),
        )
    uitkomst = enquetes_enquete_gehouden(traject, cyclus=feit(traject, "cyclus_pk"))
    return _uitkomst(eis, uitkomst.status, uitkomst.reden, uitkomst.url)


# Actiepunten -----------------------------------------------------------------------------------

@register("maatregelen_uitgevoerd")
def maatregelen_uitgevoerd(traject, eis):
    nodig = eis.drempel or 1
    uitgevoerd = feit(traject, "actiepunten_uitgevoerd")
    reden = _("%(aantal)s van de minstens %(nodig)s maatregelen uitgevoerd "
              "(%(geverifieerd)s geverifieerd).") % {
        "aantal": uitgevoerd, "nodig": nodig,
        "geverifieerd": feit(traject, "actiepunten_geverifieerd")}
    status = MET if uitgevoerd >= nodig else DEELS if uitgevoerd else NIET
    return _uitkomst(eis, status, reden, _url("actiepunten:matrix", traject))


def uitkomsten(traject):
    """The outcomes of the scheme requirements that can be computed: trajects' readiness views
    show these (installed as its evaluator in AuditsConfig.ready())."""
    rijen, _score = beoordeel(traject)
    return [r.uitkomst for r in rijen if r.uitkomst]
