"""Reference data: the shared default questionnaire, covering the usual KVO themes.

Seeded by migration 0002 and again (idempotently) by the demo step, so a database that was
emptied (tests that truncate tables) gets it back. Editable in admin; every meting works on its
own copy.
"""

NAAM = "Standaard ondernemersenquête KVO"

SCHAAL_HULP = "1 = zeer onveilig, 5 = zeer veilig."
CIJFER_HULP = "Een rapportcijfer: 1 = zeer slecht, 10 = uitstekend."

# (code, section, question, help text, kind, options, required)
VRAGEN = [
    ("soort-bedrijf", "Over uw bedrijf", "Wat voor soort bedrijf hebt u?", "",
     "enkelvoudig", ["Detailhandel", "Horeca", "Dienstverlening", "Anders"], True),
    ("medewerkers", "Over uw bedrijf", "Hoeveel mensen werken er in uw bedrijf (inclusief uzelf)?",
     "", "getal", [], False),
    ("veilig-in-bedrijf", "Veiligheidsgevoel", "Hoe veilig voelt u zich in uw bedrijf?",
     SCHAAL_HULP, "schaal5", [], True),
    ("veilig-overdag", "Veiligheidsgevoel",
     "Hoe veilig voelt u zich overdag in de omgeving van uw bedrijf?", SCHAAL_HULP, "schaal5", [],
     True),
    ("veilig-avond", "Veiligheidsgevoel",
     "Hoe veilig voelt u zich ’s avonds in de omgeving van uw bedrijf?", SCHAAL_HULP, "schaal5",
     [], True),
    ("ontwikkeling", "Veiligheidsgevoel",
     "Is de veiligheid in het gebied het afgelopen jaar veranderd?", "", "enkelvoudig",
     ["Verbeterd", "Gelijk gebleven", "Verslechterd", "Weet ik niet"], False),
    ("slachtoffer", "Slachtofferschap in de afgelopen 12 maanden",
     "Is uw bedrijf in de afgelopen 12 maanden slachtoffer geweest van een van deze voorvallen?",
     "Kies alles wat van toepassing is.", "meervoudig",
     ["Winkeldiefstal", "Inbraak", "Overval", "Vernieling", "Bedreiging of agressie",
      "Fraude of oplichting", "Geen van deze"], True),
    ("aangifte", "Slachtofferschap in de afgelopen 12 maanden",
     "Hebt u daarvan aangifte of melding gedaan bij de politie?", "", "enkelvoudig",
     ["Ja, altijd", "Soms", "Nee, nooit", "Niet van toepassing"], False),
    ("geen-aangifte-reden", "Slachtofferschap in de afgelopen 12 maanden",
     "Als u (soms) geen aangifte deed: waarom niet?", "", "open", [], False),
    ("overlast", "Overlast", "Van welke vormen van overlast hebt u last in de omgeving van uw "
     "bedrijf?", "Kies alles wat van toepassing is.", "meervoudig",
     ["Zwerfafval", "Rondhangende jongeren of personen", "Te hard rijden", "Geluidsoverlast",
      "Parkeeroverlast", "Alcohol- of drugsoverlast", "Verkeersonveilige situaties",
      "Geen overlast"], True),
    ("schoon", "Schoon en aantrekkelijk", "Hoe schoon is het gebied?", CIJFER_HULP, "schaal10",
     [], True),
    ("aantrekkelijk", "Schoon en aantrekkelijk",
     "Hoe aantrekkelijk is het gebied (uitstraling, onderhoud, leegstand)?", CIJFER_HULP,
     "schaal10", [], True),
    ("verlichting-voldoende", "Schoon en aantrekkelijk",
     "Is de straatverlichting in de omgeving van uw bedrijf voldoende?", "", "janee", [], False),
    ("maatregelen", "Eigen maatregelen", "Welke maatregelen hebt u zelf genomen?",
     "Kies alles wat van toepassing is.", "meervoudig",
     ["Alarmsysteem", "Camera’s", "Extra verlichting", "Goed hang- en sluitwerk",
      "Training van personeel", "WhatsApp-groep of winkelwaakgroep",
      "Beveiliging of surveillance", "Geen maatregelen"], True),
    ("suggestie", "Tot slot",
     "Welke maatregel zou de veiligheid in het gebied het meest verbeteren?", "", "open", [],
     False),
]


def laad(apps):
    """Create the default questionnaire unless it exists (idempotent)."""
    Sjabloon = apps.get_model("enquetes", "Sjabloon")
    Vraag = apps.get_model("enquetes", "Vraag")
    if Sjabloon.objects.filter(traject__isnull=True, naam=NAAM).exists():
        return
    sjabloon = Sjabloon.objects.create(
        naam=NAAM,
        omschrijving="Veiligheidsgevoel, slachtofferschap, aangiftebereidheid, overlast, "
                     "schoon en aantrekkelijk, eigen maatregelen.",
    )
    Vraag.objects.bulk_create([
        Vraag(sjabloon=sjabloon, volgorde=(i + 1) * 10, code=code, sectie=sectie, tekst=tekst,
              toelichting=hulp, soort=soort, opties="\n".join(opties), verplicht=verplicht)
        for i, (code, sectie, tekst, hulp, soort, opties, verplicht) in enumerate(VRAGEN)
    ])
