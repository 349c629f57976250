"""Survey results: counts and percentages per question, aggregated in the database with a fixed
number of queries whatever the number of responses, compared with the previous meting.

Small groups are suppressed: a question answered by fewer than ENQUETE_MIN_GROEP respondents
shows no breakdown and no open answers, so nobody's answer can be singled out. Used by the
results page, the exports and (later) the dossier PDF.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from kvo import grafieken

from .models import Antwoord, Meting, Vraag


@dataclass
class Optie:
    label: str
    aantal: int
    procent: float
    vorige_procent: float | None = None

    @property
    def verschil(self):
        if self.vorige_procent is None:
            return None
        return round(self.procent - self.vorige_procent, 1)


@dataclass
class Vraagresultaat:
    vraag: Vraag
    n: int
    onderdrukt: bool
    opties: list = field(default_factory=list)
    gemiddelde: float | None = None
    vorige_n: int | None = None
    # The previous meting asked this question but had too few answers to compare with.
    vorige_verborgen: bool = False
    vorige_gemiddelde: float | None = None
    open_antwoorden: list = field(default_factory=list)
    svg: str = ""
    knelpunt_url: str = ""

    @property
    def vergelijkbaar(self):
        return self.vorige_n is not None

    @property
    def verschil_gemiddelde(self):
        if self.gemiddelde is None or self.vorige_gemiddelde is None:
            return None
        return round(self.gemiddelde - self.vorige_gemiddelde, 1)

    def grafiek(self, meting, vorige):
        if self.onderdrukt or not self.opties:
            return ""
        beschrijving = "; ".join(
            f"{o.label}: {grafieken.getal(o.procent)}%"
            + (f" ({vorige.naam}: {grafieken.getal(o.vorige_procent)}%)"
               if o.vorige_procent is not None else "")
            for o in self.opties
        )
        return grafieken.staafdiagram(
            id=f"grafiek-{self.vraag.pk}",
            titel=self.vraag.tekst,
            beschrijving=_("Percentage van %(n)s antwoorden. %(lijst)s")
            % {"n": self.n, "lijst": beschrijving},
            balken=[grafieken.Balk(o.label, o.procent, o.vorige_procent) for o in self.opties],
            maximum=100,
            legenda_nu=meting.naam,
            legenda_vorige=vorige.naam if vorige else "",
        )


@dataclass
class Resultaten:
    meting: Meting
    vorige: Meting | None
    aantal_ontvangers: int
    aantal_beantwoord: int
    aantal_inzendingen: int
    vragen: list

    @property
    def respons(self):
        if not self.aantal_ontvangers:
            return None
        return round(100 * self.aantal_beantwoord / self.aantal_ontvangers, 1)

    @property
    def doel_gehaald(self):
        return self.respons is not None and self.respons >= self.meting.responsdoel

    def per_sectie(self):
        secties = []
        for resultaat in self.vragen:
            if not secties or secties[-1][0] != resultaat.vraag.sectie:
                secties.append((resultaat.vraag.sectie, []))
            secties[-1][1].append(resultaat)
        return secties


def min_groep():
    return settings.ENQUETE_MIN_GROEP


def _aggregaten(meting):
    """(questions, respondents per question, mean per question, count per (question, choice),
    open answers per question): five queries."""
    vragen = list(meting.sjabloon.vragen.all())
    antwoorden = Antwoord.objects.filter(inzending__meting=meting)
    per_vraag = {
        r["vraag_id"]: r
        for r in antwoorden.values("vraag_id").annotate(
            n=Count("inzending_id", distinct=True), gemiddelde=Avg("getal")
        ).order_by()
    }
    keuzes = {}
    for r in antwoorden.exclude(keuze="").values("vraag_id", "keuze").annotate(
        aantal=Count("id")
    ).order_by():
        keuzes[(r["vraag_id"], r["keuze"])] = r["aantal"]
    open_antwoorden = {}
    for vraag_id, tekst in antwoorden.filter(vraag__soort=Vraag.Soort.OPEN).exclude(
        tekst=""
    ).order_by("vraag_id", "tekst").values_list("vraag_id", "tekst"):
        open_antwoorden.setdefault(vraag_id, []).append(tekst)
    return vragen, per_vraag, keuzes, open_antwoorden


def _procent(aantal, n):
    return round(100 * aantal / n, 1) if n else 0.0


def meting_resultaten(meting):
    """All results of `meting`, with the change against the previous meting of the trajectory."""
    drempel = min_groep()
    tellingen = meting.ontvangers.aggregate(
        totaal=Count("pk"), beantwoord=Count("beantwoord")
    )
    aantal_inzendingen = meting.inzendingen.count()
    vragen, per_vraag, keuzes, open_antwoorden = _aggregaten(meting)

    vorige = meting.vorige()
    vorige_vragen, vorige_per_vraag, vorige_keuzes = {}, {}, {}
    if vorige is not None:
        lijst, vorige_per_vraag, vorige_keuzes, _open = _aggregaten(vorige)
        vorige_vragen = {v.code: v for v in lijst}

    resultaten = []
    for vraag in vragen:
        stats = per_vraag.get(vraag.pk, {})
        n = stats.get("n", 0)
        resultaat = Vraagresultaat(vraag=vraag, n=n, onderdrukt=n < drempel)
        oud = vorige_vragen.get(vraag.code)
        oud_n = vorige_per_vraag.get(oud.pk, {}).get("n", 0) if oud else 0
        oud_bruikbaar = oud is not None and oud.soort == vraag.soort and oud_n >= drempel
        if oud_bruikbaar:
            resultaat.vorige_n = oud_n
        elif oud is not None and oud.soort == vraag.soort and 0 < oud_n < drempel:
            resultaat.vorige_verborgen = True
        if not resultaat.onderdrukt:
            if vraag.heeft_verdeling:
                for waarde, label in vraag.keuzes:
                    aantal = keuzes.get((vraag.pk, waarde), 0)
                    optie = Optie(str(label), aantal, _procent(aantal, n))
                    if oud_bruikbaar:
                        optie.vorige_procent = _procent(
                            vorige_keuzes.get((oud.pk, waarde), 0), oud_n
                        )
                    resultaat.opties.append(optie)
            if vraag.soort in Vraag.SCHALEN or vraag.soort == Vraag.Soort.GETAL:
                gem = stats.get("gemiddelde")
                resultaat.gemiddelde = round(gem, 1) if gem is not None else None
                if oud_bruikbaar:
                    oud_gem = vorige_per_vraag[oud.pk].get("gemiddelde")
                    resultaat.vorige_gemiddelde = round(oud_gem, 1) if oud_gem is not None else None
            resultaat.open_antwoorden = open_antwoorden.get(vraag.pk, [])
            resultaat.svg = resultaat.grafiek(meting, vorige if oud_bruikbaar else None)
        resultaten.append(resultaat)
    return Resultaten(
        meting=meting, vorige=vorige, aantal_ontvangers=tellingen["totaal"],
        aantal_beantwoord=tellingen["beantwoord"], aantal_inzendingen=aantal_inzendingen,
        vragen=resultaten,
    )
