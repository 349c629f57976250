from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kvo.pdf import BlockedURL, StorageURLFetcher, html_to_pdf, media_src, render_pdf
from tests import fotos


def test_stored_media_and_static_files_are_served(settings):
    name = default_storage.save("pdftest/foto 1.jpg", ContentFile(fotos.jpeg_bytes((50, 50))))
    result = StorageURLFetcher().fetch(media_src(SimpleNamespace(name=name)))
    assert result.read()[:2] == b"\xff\xd8"
    assert result.content_type == "image/jpeg"
    css = StorageURLFetcher().fetch(settings.STATIC_URL + "css/kvo.css")
    assert css.content_type == "text/css"


def test_pdf_embeds_a_stored_photo_read_through_the_storage(caplog):
    """In CI's second leg the storage is the S3 server: the photo comes from the bucket."""
    name = default_storage.save("pdftest/foto.jpg", ContentFile(fotos.jpeg_bytes((60, 40))))
    veld = SimpleNamespace(name=name)  # what a FileField gives the template
    pdf = html_to_pdf(
        f'<html lang="nl"><body><img src="{media_src(veld)}" alt="Foto"></body></html>'
    )
    assert pdf.startswith(b"%PDF")
    assert b"/Subtype /Image" in pdf
    assert not [r for r in caplog.records if r.name == "weasyprint" and r.levelno >= 30]


def test_missing_media_file_is_left_out():
    with pytest.raises(BlockedURL):
        StorageURLFetcher().fetch(settings.MEDIA_URL + "bestaat/niet.jpg")


@pytest.mark.parametrize("url", [
    "http://example.org/tracker.png",
    "https://example.org/x.css",
    "file:///etc/passwd",
    "/media-not-served/../../etc/passwd",
    "/static/../kvo/settings.py",
    "ftp://example.org/x",
])
def test_remote_and_escaping_urls_are_blocked(url, settings):
    with pytest.raises(BlockedURL):
        StorageURLFetcher().fetch(url)


def test_pdf_with_remote_image_does_not_fetch_it_and_still_renders(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a PDF must not open a network connection")

    monkeypatch.setattr("socket.socket.connect", no_network)
    html = ('<html><body><h1>Rapport</h1><img src="http://127.0.0.1:9/x.png">'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            '</body></html>')
    assert html_to_pdf(html).startswith(b"%PDF")


def test_render_pdf_renders_a_template(tmp_path, settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    (tmp_path / "pdftest.html").write_text("<p>{{ tekst }}</p>")
    assert render_pdf("pdftest.html", {"tekst": "Hallo"}).startswith(b"%PDF")


def test_reports_are_pdf_a_2a_tagged_with_language_and_title(caplog):
    from tests.pdfcheck import kenmerken

    html = (
        '<html lang="nl"><head><title>Schouwrapport Centrum</title></head><body>'
        "<h1>Schouwrapport</h1><p>Tekst</p><table><tr><th>Kop</th></tr><tr><td>Cel</td></tr>"
        "</table></body></html>"
    )
    pdf = kenmerken(html_to_pdf(html))
    assert (pdf.pdfa_deel, pdf.pdfa_conformiteit) == ("2", "A")
    assert pdf.taal == "nl"
    assert pdf.getagd
    assert {"/H1", "/P", "/Table", "/TH", "/TD"} <= set(pdf.structuur)
    assert pdf.titel == "Schouwrapport Centrum"
    assert not [r for r in caplog.records if r.name == "weasyprint" and r.levelno >= 30]
