"""Reference data: the usual finding categories and a checklist per kind of area.

Seeded by migration 0002 and again (idempotently) by the demo step, so a database that was
emptied (tests that truncate tables) gets it back. Editable in admin afterwards.
"""

# name, theme, usually responsible partner kind
CATEGORIEEN = [
    ("Verlichting", "Veilig", "gemeente"),
    ("Bestrating", "Heel", "gemeente"),
    ("Zwerfafval en vervuiling", "Schoon", "gemeente"),
    ("Afvalbakken en containers", "Schoon", "gemeente"),
    ("Groen", "Heel", "gemeente"),
    ("Graffiti en vandalisme", "Heel", "gemeente"),
    ("Bewegwijzering en huisnummers", "Veilig", "gemeente"),
    ("Parkeren en verkeer", "Veilig", "gemeente"),
    ("Brandveiligheid", "Brandveilig", "brandweer"),
    ("Toezicht, camera's en afsluiting", "Veilig", "ondernemers"),
    ("Overlast door personen", "Veilig", "politie"),
    ("Leegstand en verpaupering", "Heel", "gemeente"),
    ("Eigen pand of terrein", "Heel", "ondernemers"),
]

CHECKLISTEN = {
    ("Schouw winkelgebied", "winkelgebied"): [
        ("Schoon", [
            ("Straten en stoepen zijn vrij van zwerfafval", "Zwerfafval en vervuiling"),
            ("Afvalbakken zijn niet overvol", "Afvalbakken en containers"),
            ("Gevels zijn vrij van graffiti en wildplak", "Graffiti en vandalisme"),
        ]),
        ("Heel", [
            ("Bestrating is vlak en heel", "Bestrating"),
            ("Straatmeubilair en paaltjes zijn compleet", "Bestrating"),
            ("Groen is verzorgd en ontneemt geen zicht", "Groen"),
            ("Geen leegstaande of verpauperde panden", "Leegstand en verpaupering"),
        ]),
        ("Veilig", [
            ("Openbare verlichting werkt", "Verlichting"),
            ("Winkelpuien en etalages zijn verlicht", "Verlichting"),
            ("Geen donkere of onoverzichtelijke hoeken", "Verlichting"),
            ("Fietsen en auto's staan niet in de weg", "Parkeren en verkeer"),
            ("Geen hangplekken of overlast", "Overlast door personen"),
        ]),
        ("Brandveilig", [
            ("Containers zijn afgesloten en staan niet tegen gevels", "Brandveiligheid"),
            ("Geen goederen of pallets tegen gevels", "Brandveiligheid"),
            ("Hulpdiensten kunnen overal bij; brandkranen zijn vrij", "Brandveiligheid"),
        ]),
    ],
    ("Schouw bedrijventerrein", "bedrijventerrein"): [
        ("Schoon", [
            ("Bermen en kavels zijn vrij van afval en dumpingen", "Zwerfafval en vervuiling"),
        ]),
        ("Heel", [
            ("Wegen en bestrating zijn heel", "Bestrating"),
            ("Hekwerken en terreinafscheidingen zijn heel", "Eigen pand of terrein"),
            ("Bewegwijzering en huisnummers zijn duidelijk", "Bewegwijzering en huisnummers"),
        ]),
        ("Veilig", [
            ("Openbare verlichting werkt", "Verlichting"),
            ("Toegangen zijn afgesloten buiten werktijd", "Toezicht, camera's en afsluiting"),
            ("Camera's hangen goed en werken", "Toezicht, camera's en afsluiting"),
            ("Geen gevaarlijk parkeren of vrachtwagens in de berm", "Parkeren en verkeer"),
        ]),
        ("Brandveilig", [
            ("Containers zijn afgesloten en staan niet tegen gevels", "Brandveiligheid"),
            ("Geen opslag van pallets of goederen tegen gebouwen", "Brandveiligheid"),
            ("Hulpdiensten kunnen overal bij; brandkranen zijn vrij", "Brandveiligheid"),
        ]),
    ],
}


def laad(apps):
    """Create what is missing; never changes rows that exist. `apps`: a migration's app
    registry or django.apps.apps."""
    Categorie = apps.get_model("schouwen", "Categorie")
    Sjabloon = apps.get_model("schouwen", "Checklistsjabloon")
    Thema = apps.get_model("schouwen", "Checklistthema")
    Item = apps.get_model("schouwen", "Checklistitem")
    categorieen = {}
    for volgorde, (naam, thema, soort) in enumerate(CATEGORIEEN):
        categorieen[naam], _ = Categorie.objects.get_or_create(
            naam=naam,
            defaults={"thema": thema, "verantwoordelijke_soort": soort, "volgorde": volgorde},
        )
    for (naam, gebiedsoort), themas in CHECKLISTEN.items():
        sjabloon, created = Sjabloon.objects.get_or_create(naam=naam, gebiedsoort=gebiedsoort)
        if not created:
            continue
        for t, (themanaam, items) in enumerate(themas):
            thema = Thema.objects.create(sjabloon=sjabloon, naam=themanaam, volgorde=t)
            for i, (tekst, categorie) in enumerate(items):
                Item.objects.create(
                    thema=thema, tekst=tekst, volgorde=i, categorie=categorieen[categorie]
                )
