import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kvo.images import FULL_SIZE, SCREEN_SIZE, THUMBNAIL_SIZE, process_photo
from tests import fotos


def upload(data, name="foto.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def opened(data):
    return Image.open(io.BytesIO(data))


def test_jpeg_gives_three_jpeg_renditions_within_their_sizes():
    result = process_photo(upload(fotos.jpeg_bytes((4000, 3000))))
    for data, size in [(result.full, FULL_SIZE), (result.screen, SCREEN_SIZE),
                       (result.thumbnail, THUMBNAIL_SIZE)]:
        image = opened(data)
        assert image.format == "JPEG"
        assert max(image.size) == size
    assert (result.width, result.height) == (2000, 1500)
    assert result.source_mime == "image/jpeg"


def test_gps_position_is_read_and_all_exif_is_stripped():
    data = fotos.jpeg_bytes(latitude=52.0017, longitude=4.1655, orientation=1)
    assert opened(data).getexif()  # the input really carries EXIF
    result = process_photo(upload(data))
    assert result.latitude == pytest.approx(52.0017, abs=1e-5)
    assert result.longitude == pytest.approx(4.1655, abs=1e-5)
    for rendition in (result.full, result.screen, result.thumbnail):
        image = opened(rendition)
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info


def test_southern_and_western_positions_are_negative():
    result = process_photo(upload(fotos.jpeg_bytes(latitude=-33.9, longitude=-70.6)))
    assert result.latitude == pytest.approx(-33.9, abs=1e-5)
    assert result.longitude == pytest.approx(-70.6, abs=1e-5)


def test_photo_without_gps_has_no_position():
    result = process_photo(upload(fotos.jpeg_bytes()))
    assert result.latitude is None and result.longitude is None


def test_exif_orientation_is_applied_to_the_pixels():
    # A landscape sensor image marked "rotate 90° clockwise" is a portrait photo.
    result = process_photo(upload(fotos.jpeg_bytes((1200, 900), orientation=6)))
    assert (result.width, result.height) == (900, 1200)


def test_png_with_transparency_is_flattened_to_jpeg():
    result = process_photo(upload(fotos.png_bytes(mode="RGBA"), "scherm.png"))
    assert opened(result.full).mode == "RGB"
    assert result.source_mime == "image/png"


def test_heic_is_accepted():
    result = process_photo(upload(fotos.heic_bytes(), "IMG_0001.HEIC"))
    assert result.source_mime in {"image/heic", "image/heif"}
    assert opened(result.full).format == "JPEG"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (fotos.text_bytes(), "geen_foto"),
        (fotos.svg_bytes(), "geen_foto"),
        (fotos.truncated_jpeg(), "beschadigd"),
        (fotos.bomb_png(), "te_veel_pixels"),
        (b"", "empty"),
    ],
    ids=["text-renamed-jpg", "svg", "truncated-jpeg", "decompression-bomb", "empty"],
)
def test_bad_upload_is_refused_with_a_dutch_message(data, code):
    with pytest.raises(ValidationError) as error:
        process_photo(upload(data))
    assert error.value.code == code
    assert error.value.messages[0][0].isupper()


def test_pixel_cap_is_a_setting(settings):
    settings.PHOTO_MAX_MEGAPIXELS = 1
    with pytest.raises(ValidationError) as error:
        process_photo(upload(fotos.jpeg_bytes((1600, 1200))))
    assert error.value.code == "te_veel_pixels"


def test_size_cap_is_a_setting(settings):
    settings.PHOTO_MAX_MB = 1
    data = fotos.jpeg_bytes((200, 200)) + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        process_photo(upload(data))
    assert error.value.code == "too_large"
    assert "te groot" in error.value.messages[0]


def test_truncated_jpeg_is_refused_even_after_weasyprint_loosened_pillow():
    import weasyprint  # noqa: F401  (sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(ValidationError) as error:
        process_photo(upload(fotos.truncated_jpeg()))
    assert error.value.code == "beschadigd"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
