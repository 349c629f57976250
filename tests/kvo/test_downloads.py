import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from kvo.access import login_or_404
from kvo.downloads import INLINE_CSP, content_response, file_response
from kvo.models import User


class _Veld:
    """What a FileField on a model instance offers, without a model."""

    storage = default_storage


def _field_file(name):
    field = _Veld()
    return FieldFile(None, field, name)


def _stored(inhoud=b"%PDF-1.7 test"):
    return _field_file(default_storage.save("downloadtest/rapport.pdf", ContentFile(inhoud)))


def test_attachment_streams_the_file_with_the_private_headers():
    response = file_response(_stored(), content_type="application/pdf", filename="Plan 2026.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Plan 2026.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" not in response
    response.file_to_stream.close()


def test_attachment_without_a_name_takes_the_stored_file_name():
    bestand = _stored()
    response = file_response(bestand, content_type="application/pdf")
    assert bestand.name.rsplit("/", 1)[-1] in response["Content-Disposition"]
    response.file_to_stream.close()


def test_inline_file_is_shown_and_sandboxed():
    response = file_response(_stored(b"\xff\xd8\xff"), content_type="image/jpeg", inline=True)
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == INLINE_CSP
    assert "sandbox" in INLINE_CSP
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    response.file_to_stream.close()


def test_a_file_missing_from_storage_is_404():
    with pytest.raises(Http404):
        file_response(_field_file("downloadtest/bestaat-niet.pdf"), content_type="application/pdf")


def test_non_ascii_file_names_are_encoded():
    response = file_response(
        _stored(), content_type="application/pdf", filename="Schouw ’s-Gravenzande.pdf"
    )
    assert "filename*=utf-8''" in response["Content-Disposition"]
    response.file_to_stream.close()


def test_content_response_sends_bytes_as_a_private_attachment():
    response = content_response(b"a;b\r\n", content_type="text/csv; charset=utf-8",
                                filename="export.csv")
    assert response.content == b"a;b\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def _view(request):
    return HttpResponse("ok")


def test_login_or_404_refuses_anonymous_with_404_and_is_exempt_from_login_redirect():
    view = login_or_404(_view)
    assert view.login_required is False
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(Http404):
        view(request)


def test_login_or_404_lets_a_logged_in_user_through():
    request = RequestFactory().get("/")
    request.user = User(email="a@example.org")
    assert login_or_404(_view)(request).content == b"ok"
