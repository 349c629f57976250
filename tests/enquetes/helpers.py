"""Filling in a meting's questionnaire many times, for results tests and the benchmark."""

from django.utils import timezone

from enquetes.models import Antwoord, Inzending, Ontvanger, Vraag


def vul_in(meting, antwoorden_lijst):
    """Store one anonymous response per dict in `antwoorden_lijst` ({question code: value}),
    as answered by as many new recipients. Values: option text, list of options, int or text."""
    vragen = {v.code: v for v in meting.sjabloon.vragen.all()}
    ontvangers = Ontvanger.objects.bulk_create([
        Ontvanger(meting=meting, bedrijfsnaam=f"Bedrijf {i}", email=f"bedrijf{i}@example.org")
        for i in range(meting.ontvangers.count(), meting.ontvangers.count() + len(antwoorden_lijst))
    ])
    inzendingen = Inzending.objects.bulk_create(
        [Inzending(meting=meting) for _ in antwoorden_lijst]
    )
    rijen = []
    for inzending, antwoorden in zip(inzendingen, antwoorden_lijst, strict=True):
        for code, waarde in antwoorden.items():
            vraag = vragen[code]
            if vraag.soort == Vraag.Soort.MEERVOUDIG:
                rijen += [Antwoord(inzending=inzending, vraag=vraag, keuze=k) for k in waarde]
            elif vraag.soort in Vraag.SCHALEN:
                rijen.append(Antwoord(inzending=inzending, vraag=vraag, keuze=str(waarde),
                                      getal=waarde))
            elif vraag.soort == Vraag.Soort.GETAL:
                rijen.append(Antwoord(inzending=inzending, vraag=vraag, getal=waarde))
            elif vraag.soort == Vraag.Soort.OPEN:
                rijen.append(Antwoord(inzending=inzending, vraag=vraag, tekst=waarde))
            else:
                rijen.append(Antwoord(inzending=inzending, vraag=vraag, keuze=waarde))
    Antwoord.objects.bulk_create(rijen)
    Ontvanger.objects.filter(pk__in=[o.pk for o in ontvangers]).update(
        uitgenodigd=timezone.now(), beantwoord=timezone.now()
    )
    return inzendingen


def standaard_antwoorden(i):
    """A varied but deterministic response number `i` to the test questionnaire."""
    return {
        "branche": ["Winkel", "Horeca", "Anders"][i % 3],
        "veilig": 1 + i % 5,
        "slachtoffer": [["Winkeldiefstal"], ["Winkeldiefstal", "Inbraak"], ["Geen"]][i % 3],
        "aangifte": ["ja", "nee"][i % 2],
        "medewerkers": i % 10,
        "suggestie": f"Suggestie {i}",
    }
