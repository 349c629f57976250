"""Documents: typed, versioned, validated by content, served only to members."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import fotos
from tests.factories import PDF_BYTES, pdf_bytes
from tests.media import read_stored, stored_files
from trajects.models import Document, DocumentVersie

pytestmark = pytest.mark.django_db



def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def media_files(settings):
    return stored_files()


def nieuw(client, world, bestand, persona_org="gemeente", **extra):
    data = {
        "soort": Document.Soort.INTENTIEVERKLARING, "titel": "Intentieverklaring 2026",
        "organisatie": world.organisaties[persona_org].pk, "bestand": bestand, **extra,
    }
    return client.post(reverse("trajects:document-nieuw", args=[world.traject.pk]), data)


@pytest.mark.parametrize(("naam", "inhoud", "content_type"), [
    ("Intentieverklaring.PDF", PDF_BYTES, "application/pdf"),
    ("verslag.docx", docx_bytes(),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("kaart.png", fotos.png_bytes((40, 30)), "image/png"),
])
def test_member_uploads_a_document(world, coordinator_client, settings, naam, inhoud,
                                   content_type):
    response = nieuw(coordinator_client, world, upload(naam, inhoud))
    assert response.status_code == 302
    document = Document.objects.get()
    versie = document.versies.get()
    assert (versie.nummer, versie.bestandsnaam, versie.content_type) == (1, naam, content_type)
    assert versie.geupload_door == world.users["coordinator"]
    assert len(media_files(settings)) == 1
    if content_type.startswith("image/"):
        # Images are re-encoded without their metadata (see the tests below).
        assert versie.grootte == len(read_stored(media_files(settings)[0]))
    else:
        assert versie.grootte == len(inhoud)
        assert read_stored(media_files(settings)[0]) == inhoud


def test_office_file_reported_as_plain_zip_is_accepted_by_extension(world, coordinator_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("docProps/app.xml", "<x/>")  # LibreOffice writes entries in another order
        z.writestr("[Content_Types].xml", "<Types/>")
    response = nieuw(coordinator_client, world, upload("plan.docx", buffer.getvalue()))
    assert response.status_code == 302
    assert DocumentVersie.objects.get().content_type.endswith("wordprocessingml.document")


def test_new_version_keeps_the_old_one(world, coordinator_client, settings):
    nieuw(coordinator_client, world, upload("v1.pdf", PDF_BYTES))
    document = Document.objects.get()
    tweede = pdf_bytes(pages=2)
    response = coordinator_client.post(document.get_absolute_url(), {
        "bestand": upload("v2.pdf", tweede), "toelichting": "Handtekening gemeente erbij",
        "versie": document.versie,
    })
    assert response.status_code == 302
    versies = list(document.versies.order_by("nummer"))
    assert [(v.nummer, v.bestandsnaam) for v in versies] == [(1, "v1.pdf"), (2, "v2.pdf")]
    assert versies[1].toelichting == "Handtekening gemeente erbij"
    assert len(media_files(settings)) == 2
    for versie, inhoud in zip(versies, [PDF_BYTES, tweede], strict=True):
        url = reverse("trajects:document-download",
                      args=[world.traject.pk, document.pk, versie.pk])
        response = coordinator_client.get(url)
        assert b"".join(response.streaming_content) == inhoud


def test_download_is_private_and_served_as_attachment(world, coordinator_client):
    nieuw(coordinator_client, world, upload("verklaring.pdf", PDF_BYTES))
    versie = DocumentVersie.objects.get()
    url = reverse("trajects:document-download",
                  args=[world.traject.pk, versie.document_id, versie.pk])
    response = world.client_for("auditor").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert world.client_for("outsider").get(url).status_code == 404
    assert world.client_for("anonymous").get(url).status_code == 404
    # The file is not reachable under MEDIA_URL.
    assert coordinator_client.get(f"/media-not-served/{versie.bestand.name}").status_code == 404


def test_download_of_version_through_other_trajectory_url_is_404(world, coordinator_client):
    nieuw(coordinator_client, world, upload("verklaring.pdf", PDF_BYTES))
    versie = DocumentVersie.objects.get()
    url = reverse("trajects:document-download",
                  args=[world.ander_traject.pk, versie.document_id, versie.pk])
    assert world.client_for("outsider").get(url).status_code == 404


@pytest.mark.parametrize(("naam", "inhoud", "melding"), [
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200,
     "Dit bestandstype wordt niet geaccepteerd"),
    ("verslag.pdf", b"Dit is gewoon tekst met een pdf-extensie.\n" * 10,
     "Dit bestandstype wordt niet geaccepteerd"),
    ("verslag.exe", PDF_BYTES, "Dit bestandstype wordt niet geaccepteerd"),
    ("leeg.pdf", b"", "Het verstuurde bestand is leeg."),
])
def test_wrong_or_empty_file_is_refused_and_nothing_is_saved(
    world, coordinator_client, settings, naam, inhoud, melding
):
    response = nieuw(coordinator_client, world, upload(naam, inhoud))
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert not Document.objects.exists()
    assert not DocumentVersie.objects.exists()
    assert media_files(settings) == []


def test_oversized_file_is_refused_with_sizes_and_nothing_is_saved(
    world, coordinator_client, settings
):
    settings.DOCUMENT_MAX_MB = 1
    te_groot = PDF_BYTES + b"0" * (1024 * 1024)
    response = nieuw(coordinator_client, world, upload("groot.pdf", te_groot))
    assert response.status_code == 200
    assert "Het bestand is te groot" in response.content.decode()
    assert "het maximum is 1,0\xa0MB" in response.content.decode()
    assert not Document.objects.exists()
    assert media_files(settings) == []


def test_wrong_new_version_keeps_document_unchanged(world, coordinator_client, settings):
    nieuw(coordinator_client, world, upload("v1.pdf", PDF_BYTES))
    document = Document.objects.get()
    response = coordinator_client.post(
        document.get_absolute_url(), {"bestand": upload("v2.pdf", b"geen pdf" * 20)}
    )
    assert response.status_code == 200
    assert "Dit bestandstype wordt niet geaccepteerd" in response.content.decode()
    assert document.versies.count() == 1
    assert len(media_files(settings)) == 1


def test_partner_uploads_only_for_own_organisation(world):
    client = world.client_for("politie")
    response = nieuw(client, world, upload("cijfers.pdf", PDF_BYTES), persona_org="gemeente",
                     soort=Document.Soort.POLITIECIJFERS)
    assert response.status_code == 200
    assert "alleen documenten van uw eigen organisatie" in response.content.decode()
    assert not Document.objects.exists()
    response = nieuw(client, world, upload("cijfers.pdf", PDF_BYTES), persona_org="politie",
                     soort=Document.Soort.POLITIECIJFERS)
    assert response.status_code == 302
    assert Document.objects.get().organisatie == world.organisaties["politie"]


def test_partner_adds_version_only_to_own_organisations_document(world, coordinator_client):
    nieuw(coordinator_client, world, upload("v1.pdf", PDF_BYTES), persona_org="gemeente")
    document = Document.objects.get()
    data = {"bestand": upload("v2.pdf", PDF_BYTES), "versie": document.versie}
    assert world.client_for("politie").post(document.get_absolute_url(), data).status_code == 403
    data = {"bestand": upload("v2.pdf", PDF_BYTES), "versie": document.versie}
    assert world.client_for("gemeente").post(document.get_absolute_url(), data).status_code == 302
    assert document.versies.count() == 2


def test_auditor_cannot_upload(world):
    response = nieuw(world.client_for("auditor"), world, upload("x.pdf", PDF_BYTES),
                     persona_org="auditor")
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_photo_uploaded_as_document_loses_its_gps_position_and_camera_data(
    world, coordinator_client, settings
):
    from PIL import Image

    from kvo.images import _gps_position

    inhoud = fotos.jpeg_bytes((1600, 1200), latitude=52.0017, longitude=4.1655)
    assert _gps_position(Image.open(io.BytesIO(inhoud)).getexif()) != (None, None)
    response = nieuw(coordinator_client, world, upload("situatie.jpg", inhoud))
    assert response.status_code == 302
    opgeslagen = read_stored(media_files(settings)[0])
    with Image.open(io.BytesIO(opgeslagen)) as image:
        assert image.size == (1600, 1200)  # full size: a scanned form stays legible
        assert not image.getexif()
        assert "exif" not in image.info
    versie = DocumentVersie.objects.get()
    assert versie.content_type == "image/jpeg" and versie.grootte == len(opgeslagen)


@pytest.mark.parametrize(("naam", "inhoud", "melding"), [
    ("plattegrond.png", fotos.bomb_png(), "te veel pixels"),
    ("kapot.jpg", fotos.truncated_jpeg(), "beschadigd"),
    ("beveiligd.pdf", pdf_bytes(password="geheim"), "beveiligd met een wachtwoord"),
    ("formulier.pdf", pdf_bytes(javascript="app.alert('hallo')"), "JavaScript"),
    ("half.pdf", PDF_BYTES[: len(PDF_BYTES) // 2], "beschadigd"),
    ("leeg.pdf", pdf_bytes(pages=0), "beschadigd"),
])
def test_dangerous_or_broken_image_or_pdf_is_refused_and_nothing_is_saved(
    world, coordinator_client, settings, naam, inhoud, melding
):
    response = nieuw(coordinator_client, world, upload(naam, inhoud))
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert not DocumentVersie.objects.exists()
    assert media_files(settings) == []


def test_pdf_protected_only_against_editing_is_accepted(world, coordinator_client):
    """Encrypted with an empty open password: everybody can open it, so it is stored."""
    response = nieuw(coordinator_client, world, upload("alleen-lezen.pdf", pdf_bytes(password="")))
    assert response.status_code == 302
    assert DocumentVersie.objects.count() == 1


def test_new_version_is_checked_too(world, coordinator_client, settings):
    nieuw(coordinator_client, world, upload("v1.pdf", PDF_BYTES))
    document = Document.objects.get()
    response = coordinator_client.post(
        document.get_absolute_url(),
        {"bestand": upload("v2.pdf", pdf_bytes(javascript="app.alert(1)"))},
    )
    assert "JavaScript" in response.content.decode()
    assert document.versies.count() == 1
