"""The photo service (kvo.photos) and the upload field (kvo.forms.PhotosField), with the schouw
finding's Foto as the photo model."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kvo.forms import PhotosField
from kvo.photos import (
    RENDITIONS,
    delete_photo,
    photo_files,
    photo_transaction,
    rendition,
    verify_photos,
)
from schouwen.models import Foto
from tests import fotos
from tests.schouwen.factories import BevindingFactory, FotoFactory


def upload(data, name="foto.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_verify_photos_cleans_every_upload_and_keeps_its_name():
    result = verify_photos(
        [upload(fotos.jpeg_bytes(), "a.jpg"), upload(fotos.png_bytes(), "b.png")]
    )
    assert [p.filename for p in result] == ["a.jpg", "b.png"]
    assert all(p.full[:2] == b"\xff\xd8" for p in result)


def test_one_bad_upload_refuses_the_lot_naming_the_file():
    with pytest.raises(ValidationError) as error:
        verify_photos([upload(fotos.jpeg_bytes(), "goed.jpg"),
                       upload(fotos.text_bytes(), "notities.jpg")])
    assert error.value.messages[0].startswith("notities.jpg: ")
    assert error.value.code == "geen_foto"


@pytest.mark.django_db
def test_writer_stores_three_renditions_and_the_size_on_the_row(media_files):
    bevinding = BevindingFactory()
    [foto] = verify_photos([upload(fotos.jpeg_bytes((3000, 2000)), "IMG_1.jpg")])
    with photo_transaction() as writer:
        rij = writer.save(Foto(bevinding=bevinding, geupload_door=bevinding.vastgelegd_door),
                          foto)
    rij.refresh_from_db()
    assert (rij.breedte, rij.hoogte, rij.bestandsnaam) == (2000, 1333, "IMG_1.jpg")
    assert len(media_files()) == 3
    sizes = {size: max(Image.open(rendition(rij, size)).size) for size in RENDITIONS}
    assert sizes == {"groot": 2000, "scherm": 1280, "mini": 320}


@pytest.mark.django_db
def test_a_failing_transaction_removes_the_files_it_wrote(media_files):
    bevinding = BevindingFactory()
    verwerkt = verify_photos([upload(fotos.jpeg_bytes()), upload(fotos.jpeg_bytes())])
    with pytest.raises(RuntimeError), photo_transaction() as writer:
        for foto in verwerkt:
            writer.save(Foto(bevinding=bevinding, geupload_door=bevinding.vastgelegd_door), foto)
        raise RuntimeError("na het opslaan")
    assert media_files() == []
    assert not Foto.objects.exists()


@pytest.mark.django_db
def test_delete_photo_removes_the_files_after_commit(
    media_files, django_capture_on_commit_callbacks
):
    foto = FotoFactory()
    assert len(media_files()) == 3
    with django_capture_on_commit_callbacks(execute=True):
        delete_photo(foto)
    assert not Foto.objects.exists()
    assert media_files() == []


@pytest.mark.django_db
def test_photo_files_are_the_three_renditions():
    foto = FotoFactory()
    assert photo_files(foto) == [foto.bestand, foto.scherm, foto.miniatuur]


class _Form(forms.Form):
    fotos = PhotosField(max_files=2)


class _Optional(forms.Form):
    fotos = PhotosField(required=False)


def _files(n):
    return [upload(fotos.jpeg_bytes((20, 20)), f"{i}.jpg") for i in range(n)]


def _form(form_class, files):
    from django.utils.datastructures import MultiValueDict

    return form_class(data={}, files=MultiValueDict({"fotos": files}))


def test_photos_field_collects_several_files():
    form = _form(_Form, _files(2))
    assert form.is_valid()
    assert [f.name for f in form.cleaned_data["fotos"]] == ["0.jpg", "1.jpg"]


def test_photos_field_refuses_more_than_its_maximum():
    form = _form(_Form, _files(3))
    assert not form.is_valid()
    assert form.errors.as_data()["fotos"][0].code == "te_veel"


def test_required_photos_field_refuses_none_and_optional_gives_an_empty_list():
    assert not _form(_Form, []).is_valid()
    optional = _form(_Optional, [])
    assert optional.is_valid()
    assert optional.cleaned_data["fotos"] == []
