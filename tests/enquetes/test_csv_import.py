"""Recipient and incident CSV imports: Dutch Excel files work, bad files import nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from enquetes import services
from enquetes.models import Incidentcijfer, Ontvanger
from tests.enquetes.factories import IncidentcijferFactory, OntvangerFactory

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")


def csv_bestand(inhoud, naam="ledenlijst.csv"):
    data = inhoud if isinstance(inhoud, bytes) else inhoud.encode("utf-8")
    return SimpleUploadedFile(naam, data, content_type="text/csv")


def importeer(meting, inhoud):
    return services.ontvangers_importeren(meting=meting, bestand=csv_bestand(inhoud))


def fouten(excinfo):
    return " | ".join(excinfo.value.messages)


# Recipients: files that work -----------------------------------------------------------------

def test_dutch_excel_file_with_semicolons_and_cp1252_imports(meting):
    inhoud = (
        "Bedrijfsnaam;E-mailadres;Adres;Postcode;Plaats\r\n"
        "Café ’t Hoekje;info@hoekje.example.org;Marktplein 3;2691 CA;'s-Gravenzande\r\n"
        "Bloemenhuis Élise;ELISE@Example.org;Langestraat 12;;\r\n"
    ).encode("cp1252")
    nieuw, samengevoegd = importeer(meting, inhoud)
    assert (nieuw, samengevoegd) == (2, 0)
    hoekje = meting.ontvangers.get(email="info@hoekje.example.org")
    assert hoekje.bedrijfsnaam == "Café ’t Hoekje"
    assert hoekje.adres == "Marktplein 3, 2691 CA 's-Gravenzande"
    assert meting.ontvangers.filter(email="elise@example.org", bedrijfsnaam="Bloemenhuis Élise")\
        .exists()


def test_utf8_file_with_bom_and_commas_imports(meting):
    inhoud = "\ufeffnaam,email\nSlagerij Van Dijk,slager@example.org\n".encode()
    assert importeer(meting, inhoud) == (1, 0)
    assert meting.ontvangers.get().bedrijfsnaam == "Slagerij Van Dijk"


def test_duplicate_emails_in_file_and_meting_are_merged(meting):
    OntvangerFactory(meting=meting, email="bestaand@example.org", adres="")
    inhoud = (
        "bedrijfsnaam;e-mail;adres\n"
        "Bakker A;dubbel@example.org;\n"
        "Bakker A (filiaal);DUBBEL@example.org;Voorstraat 1\n"
        "Bestaand bedrijf;bestaand@example.org;Dorpskade 2\n"
    )
    # Three lines: one new recipient; one line merged with the line above it, one with the
    # recipient already there.
    assert importeer(meting, inhoud) == (1, 2)
    assert meting.ontvangers.count() == 2
    dubbel = meting.ontvangers.get(email="dubbel@example.org")
    assert (dubbel.bedrijfsnaam, dubbel.adres) == ("Bakker A", "Voorstraat 1")
    assert meting.ontvangers.get(email="bestaand@example.org").adres == "Dorpskade 2"


# Recipients: bad files, nothing imported -----------------------------------------------------

@pytest.mark.parametrize(("inhoud", "verwacht"), [
    (b"", "Het bestand is leeg."),
    (b"  \r\n\r\n", "Het bestand is leeg."),
    (b"bedrijfsnaam;email\r\n", "alleen een kopregel"),
    (b"Naam bedrijf;Telefoon\r\nBakker;0174-123456\r\n", "mist de kolom(men) email"),
    (b"bedrijfsnaam;email;email\r\nA;a@example.org;b@example.org\r\n", "twee keer"),
    (b"naam;email\r\nBakker \x81\x8d;a@example.org\r\n", "onbekende codering"),
    (bytes(range(256)) * 40, "geen tekstbestand"),
    (PNG, "geen CSV-bestand"),
], ids=["empty", "only-blank-lines", "header-only", "wrong-columns", "duplicate-column",
        "undecodable", "binary-garbage", "png"])
def test_bad_recipient_file_gives_clear_message_and_imports_nothing(meting, inhoud, verwacht):
    with pytest.raises(ValidationError) as excinfo:
        importeer(meting, inhoud)
    assert verwacht in fouten(excinfo)
    assert not meting.ontvangers.exists()


def test_invalid_emails_are_reported_per_line_and_nothing_is_imported(meting):
    inhoud = (
        "Bedrijfsnaam;E-mailadres\n"
        "Goed bedrijf;goed@example.org\n"
        "Fout bedrijf;jan@\n"
        "Geen adres;\n"
        ";naamloos@example.org\n"
        "Nog een fout;geen-email.example.org\n"
    )
    with pytest.raises(ValidationError) as excinfo:
        importeer(meting, inhoud)
    assert excinfo.value.messages == [
        "Regel 3: ‘jan@’ is geen geldig e-mailadres.",
        "Regel 4: het e-mailadres ontbreekt.",
        "Regel 5: de bedrijfsnaam ontbreekt.",
        "Regel 6: ‘geen-email.example.org’ is geen geldig e-mailadres.",
    ]
    assert not meting.ontvangers.exists()


def test_ten_megabyte_file_is_refused(meting, settings):
    settings.ENQUETE_CSV_MAX_MB = 2
    regel = b"Bakkerij;bakker@example.org\n"
    inhoud = b"naam;email\n" + regel * (10 * 1024 * 1024 // len(regel))
    with pytest.raises(ValidationError) as excinfo:
        importeer(meting, inhoud)
    assert "Het bestand is te groot (10,0\xa0MB); het maximum is 2,0\xa0MB." in fouten(excinfo)
    assert not meting.ontvangers.exists()


def test_many_errors_are_capped_with_a_count(meting):
    inhoud = "naam;email\n" + "".join(f"Bedrijf {i};fout{i}\n" for i in range(80))
    with pytest.raises(ValidationError) as excinfo:
        importeer(meting, inhoud)
    assert len(excinfo.value.messages) == 51
    assert excinfo.value.messages[-1] == "… en nog 30 fouten."


def test_upload_page_shows_errors_and_keeps_recipients_unchanged(world, meting):
    OntvangerFactory(meting=meting)
    client = world.client_for("coordinator")
    url = reverse("enquetes:ontvangers", args=[world.traject.pk, meting.pk])
    response = client.post(url, {"bestand": csv_bestand("naam;email\nA;kapot\n")})
    assert response.status_code == 400
    assert "Er is niets geïmporteerd" in response.content.decode()
    assert "Regel 2: ‘kapot’ is geen geldig e-mailadres." in response.content.decode()
    assert meting.ontvangers.count() == 1


def test_upload_page_imports_and_redirects(world, meting):
    client = world.client_for("coordinator")
    url = reverse("enquetes:ontvangers", args=[world.traject.pk, meting.pk])
    response = client.post(url, {"bestand": csv_bestand("naam;email\nA;a@example.org\n")},
                           follow=True)
    assert ("1 ontvanger toegevoegd. 0 regels met een e-mailadres dat al voorkwam zijn "
            "samengevoegd.") in response.content.decode()
    assert Ontvanger.objects.filter(meting=meting, email="a@example.org").exists()


def test_import_message_counts_every_merged_line(world, meting):
    OntvangerFactory(meting=meting, email="bestaand@example.org")
    response = world.client_for("coordinator").post(
        reverse("enquetes:ontvangers", args=[world.traject.pk, meting.pk]),
        {"bestand": csv_bestand("naam;email\nA;a@example.org\nA;A@example.org\n"
                                "A;a@example.org\nB;bestaand@example.org\nC;c@example.org\n")},
        follow=True,
    )
    assert ("2 ontvangers toegevoegd. 3 regels met een e-mailadres dat al voorkwam zijn "
            "samengevoegd.") in response.content.decode()
    assert meting.ontvangers.count() == 3


# Incident figures -----------------------------------------------------------------------------

def importeer_cijfers(traject, inhoud):
    return services.incidentcijfers_importeren(traject=traject, bestand=csv_bestand(inhoud))


def test_incident_figures_import_and_replace_existing(world):
    IncidentcijferFactory(traject=world.traject, bron="politie", jaar=2022,
                          soort="Winkeldiefstal", aantal=1)
    inhoud = (
        "Bron;Jaar;Soort incident;Aantal\n"
        "Politie;2022;winkeldiefstal;38\n"
        "Politie;2023;Winkeldiefstal;1.234\n"
        "Brandweer;2023;Brand in container;4\n"
        "Brandweer;2023;Brand in container;4\n"
    ).encode("cp1252")
    assert importeer_cijfers(world.traject, inhoud) == (2, 1)
    cijfers = {(c.bron, c.jaar, c.soort): c.aantal for c in world.traject.incidentcijfers.all()}
    assert cijfers == {
        ("politie", 2022, "Winkeldiefstal"): 38,
        ("politie", 2023, "Winkeldiefstal"): 1234,
        ("brandweer", 2023, "Brand in container"): 4,
    }


def test_bad_incident_lines_are_reported_and_nothing_is_imported(world):
    inhoud = (
        "bron;jaar;soort;aantal\n"
        "politie;2023;Inbraak;5\n"
        "marechaussee;2023;Inbraak;5\n"
        "politie;twintig;Inbraak;5\n"
        "politie;2023;Vernieling;-3\n"
        "politie;2023;inbraak;6\n"
    )
    with pytest.raises(ValidationError) as excinfo:
        importeer_cijfers(world.traject, inhoud)
    assert excinfo.value.messages == [
        "Regel 3: de bron ‘marechaussee’ is onbekend; gebruik politie of brandweer.",
        f"Regel 4: ‘twintig’ is geen geldig jaar (1990 tot en met {timezone.localdate().year}).",
        "Regel 5: ‘-3’ is geen geldig aantal (een heel getal, 0 of meer).",
        "Regel 6: inbraak in 2023 staat al eerder in het bestand met een ander aantal.",
    ]
    assert not Incidentcijfer.objects.exists()


def test_incident_import_page_refuses_a_large_file(world, settings):
    settings.ENQUETE_CSV_MAX_MB = 0.001
    client = world.client_for("politie")
    url = reverse("enquetes:incidenten-importeren", args=[world.traject.pk])
    response = client.post(url, {"bestand": csv_bestand("bron;jaar;soort;aantal\n" * 100)})
    assert response.status_code == 400
    assert "Het bestand is te groot" in response.content.decode()
    assert not Incidentcijfer.objects.exists()


def test_coordinator_removes_a_recipient_not_yet_invited_but_not_an_invited_one(world, meting):
    fout = OntvangerFactory(meting=meting, email="typfout@example.org")
    uitgenodigd = OntvangerFactory(meting=meting, uitgenodigd=timezone.now())
    client = world.client_for("coordinator")
    for ontvanger in (fout, uitgenodigd):
        response = client.post(reverse("enquetes:ontvanger-verwijderen",
                                       args=[world.traject.pk, meting.pk, ontvanger.pk]),
                               follow=True)
    assert "al uitgenodigd en telt mee in de respons" in response.content.decode()
    assert list(meting.ontvangers.all()) == [uitgenodigd]
