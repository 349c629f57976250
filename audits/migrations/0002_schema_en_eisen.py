"""Seed the scheme versions and their requirements. Editable in admin afterwards."""

from django.db import migrations

VERSIES = [
    # code, validity in years, note
    ("2008", 2, "KVO:2008: certificaat twee jaar geldig."),
    ("3.1", 3, "Schema 3.x (vanaf 2015): certificaat drie jaar geldig."),
    ("4.0", 3, "KVO 4.0 (vanaf maart 2024): inspanning weegt even zwaar als resultaat."),
]

# code, name, evidence, threshold, area kind ("" = every kind)
EISEN = [
    ("verplichte_partners", "De vier verplichte partners nemen deel",
     "Gemeente, ondernemers (vereniging, BIZ of parkmanagement), politie en brandweer zijn "
     "partner in het traject.", None, ""),
    ("intentieverklaring", "Ondertekende intentieverklaring",
     "Een document van de soort Intentieverklaring, getekend door de partners.", None, ""),
    ("werkgroep", "Werkgroep met voorzitter en secretaris",
     "Leden met de werkgroeprol voorzitter en secretaris.", None, ""),
    ("overleggen_gehouden", "Werkgroepoverleggen gehouden",
     "Overleggen in de afgelopen twaalf maanden met vastgelegde aanwezigheid.", 2, ""),
    ("schouw_dag_en_avond", "Schouw overdag en 's avonds in de veiligheidsanalyse",
     "Een afgeronde schouw overdag en een afgeronde schouw 's avonds in deze cyclus.", None, ""),
    ("enquete_gehouden", "Ondernemersenquête gehouden met voldoende respons",
     "Een afgesloten enquête in deze cyclus die het responsdoel van de meting haalt.", None, ""),
    ("incidentcijfers", "Incidentcijfers van politie en brandweer",
     "Cijfers van politie en brandweer, als gegevens of als document.", None, ""),
    ("plan_van_aanpak",
     "Plan van aanpak: elke maatregel heeft een eigenaar en een deadline",
     "Actiepunten in de maatregelenmatrix met een verantwoordelijke partner en een deadline.",
     None, ""),
    ("maatregelen_uitgevoerd", "Minstens 2 maatregelen uitgevoerd",
     "Afgeronde actiepunten uit het plan van aanpak.", 2, "winkelgebied"),
    ("maatregelen_uitgevoerd", "Minstens 4 maatregelen uitgevoerd",
     "Afgeronde actiepunten uit het plan van aanpak (KVO-B vraagt er minstens vier).", 4,
     "bedrijventerrein"),
    ("maatregelen_uitgevoerd", "Minstens 2 maatregelen uitgevoerd",
     "Afgeronde actiepunten uit het plan van aanpak.", 2, "buitengebied"),
    ("schouwen_per_jaar", "Tijdens de uitvoering minstens twee schouwen per jaar",
     "Afgeronde schouwen in de afgelopen twaalf maanden (geldt na het eerste certificaat).",
     2, ""),
    ("convenant", "Convenant ondertekend en geüpload",
     "Een document van de soort Convenant, getekend door alle partners.", None, ""),
]


def seed(apps, schema_editor):
    SchemaVersie = apps.get_model("audits", "SchemaVersie")
    Eis = apps.get_model("audits", "Eis")
    for code, jaren, toelichting in VERSIES:
        versie, _ = SchemaVersie.objects.get_or_create(
            code=code, defaults={"geldigheid_jaren": jaren, "toelichting": toelichting}
        )
        for volgorde, (eis_code, naam, bewijs, drempel, soort) in enumerate(EISEN):
            Eis.objects.get_or_create(
                schemaversie=versie, gebiedsoort=soort, code=eis_code,
                defaults={"naam": naam, "bewijs": bewijs, "drempel": drempel,
                          "volgorde": (volgorde + 1) * 10},
            )


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
