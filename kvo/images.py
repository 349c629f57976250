"""The private photo pipeline: verify an uploaded photo, read and drop its metadata, re-encode it.

Used through kvo.photos (schouw findings, evidence photos of action points) and for any other image
a user uploads. One call does everything:

    photo = process_photo(uploaded)          # raises ValidationError with a Dutch message
    photo.full, photo.screen, photo.thumbnail  # JPEG bytes: 2000, 1280 and 320 px long side
    photo.latitude, photo.longitude           # from the EXIF GPS block, or None
    photo.taken_at                            # EXIF DateTimeOriginal (naive), or None

What arrives may be anything with a photo's name. The content is sniffed (JPEG, PNG, HEIC/HEIF
only: SVG, text and the rest are refused), the size capped by settings.PHOTO_MAX_MB, the pixel count
capped before decoding (decompression bombs), and the pixels fully decoded (truncated files fail).
The output never carries the original's EXIF (camera, position, time) or other metadata: it is
re-encoded from pixels, with the EXIF orientation applied.

JPEG is decoded at a reduced scale straight from the DCT (Image.draft) when the largest rendition
allows it; that keeps a 12-megapixel phone photo well under half a second (bench/fotos.py).
"""

import datetime
import io
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, UnidentifiedImageError
from pillow_heif import register_heif_opener

from .uploads import sniff_mime, validate_size

register_heif_opener()

FULL_SIZE = 2000
SCREEN_SIZE = 1280
THUMBNAIL_SIZE = 320
ACCEPTED_MIME = {"image/jpeg", "image/png", "image/heic", "image/heif"}
PIL_FORMATS = ["JPEG", "PNG", "HEIF"]

_EXIF_ORIENTATION = 0x0112
_EXIF_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
_EXIF_DATETIME_ORIGINAL = 0x9003


@dataclass(frozen=True)
class ProcessedPhoto:
    full: bytes
    screen: bytes
    thumbnail: bytes
    width: int
    height: int
    source_mime: str
    filename: str = ""
    latitude: float | None = None
    longitude: float | None = None
    taken_at: datetime.datetime | None = None


def max_photo_bytes() -> int:
    return settings.PHOTO_MAX_MB * 1024 * 1024


def process_photo(uploaded: File) -> ProcessedPhoto:
    """Verify `uploaded` (a Django File) as a photo and return its cleaned renditions.

    Raises ValidationError (Dutch message, a code per kind of refusal) and touches no storage.
    """
    validate_size(uploaded, max_photo_bytes())
    mime = sniff_mime(uploaded)
    if mime not in ACCEPTED_MIME:
        raise ValidationError(
            _("Dit bestand is geen foto. Kies een JPEG-, PNG- of HEIC-foto."), code="geen_foto"
        )
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    image = _open(data)
    try:
        exif = image.getexif()
        latitude, longitude = _gps_position(exif)
        taken_at = _taken_at(exif)
        orientation = exif.get(_EXIF_ORIENTATION, 1)
        if image.format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 scale when that still covers the largest rendition.
            scale = FULL_SIZE / max(image.size)
            if scale < 1:
                image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
        image = _decode(image)
        image = _upright(image, orientation)
        image = _rgb(image)
        full = _fit(image, FULL_SIZE)
        screen = _fit(full, SCREEN_SIZE)
        thumbnail = _fit(screen, THUMBNAIL_SIZE)
        return ProcessedPhoto(
            full=_jpeg(full, 82),
            screen=_jpeg(screen, 80),
            thumbnail=_jpeg(thumbnail, 75),
            width=full.width,
            height=full.height,
            source_mime=mime,
            filename=uploaded.name or "",
            latitude=latitude,
            longitude=longitude,
            taken_at=taken_at,
        )
    finally:
        image.close()


def clean_image(
    uploaded: File, *, accepted: Collection[str] = ("image/jpeg", "image/png")
) -> tuple[bytes, str]:
    """An image uploaded as a document, verified and re-encoded at full size without metadata.

    The same checks as a photo (content sniffed, pixel cap against decompression bombs, fully
    decoded, EXIF orientation applied) but no downscaling: a scanned form stays legible. Returns
    (bytes, mime): JPEG stays JPEG, PNG stays PNG (with its transparency). The EXIF block (camera,
    GPS position, time), XMP and comments are gone because only pixels are written.
    """
    mime = sniff_mime(uploaded)
    if mime is None or mime not in accepted:
        raise ValidationError(_("Dit bestand is geen geldige afbeelding."), code="geen_foto")
    uploaded.seek(0)
    image = _open(uploaded.read())
    uploaded.seek(0)
    try:
        image = _decode(image)
        image = _upright(image, image.getexif().get(_EXIF_ORIENTATION, 1))
        buffer = io.BytesIO()
        if mime == "image/png":
            if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                image = image.convert("RGBA")
            image.save(buffer, "PNG", optimize=False)
        else:
            _rgb(image).save(buffer, "JPEG", quality=90)
        return buffer.getvalue(), mime
    finally:
        image.close()


def _refused() -> ValidationError:
    return ValidationError(
        _("Deze foto is beschadigd of onvolledig en kan niet worden gelezen. Maak de foto "
          "opnieuw of kies een ander bestand."),
        code="beschadigd",
    )


def _open(data: bytes) -> Image.Image:
    max_pixels = settings.PHOTO_MAX_MEGAPIXELS * 1_000_000
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=PIL_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _refused() from None
    if image.width * image.height > max_pixels:
        image.close()
        raise _too_many_pixels(max_pixels)
    return image


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        _("Deze afbeelding heeft te veel pixels (meer dan %(mp)s megapixel) en wordt geweigerd.")
        % {"mp": max_pixels // 1_000_000},
        code="te_veel_pixels",
    )


def _decode(image: Image.Image) -> Image.Image:
    # WeasyPrint turns on Pillow's global LOAD_TRUNCATED_IMAGES when it is imported; a truncated
    # upload must still fail here, so the flag is off while we decode.
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refused() from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous
    return image


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation)
    return image.transpose(method) if method is not None else image


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


def _fit(image: Image.Image, size: int) -> Image.Image:
    if max(image.size) <= size:
        return image
    copy = image.copy()
    # reducing_gap: shrink by whole factors first (fast box filter), then resample the rest.
    copy.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return copy


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    # No exif=, icc_profile= or comment: the output has pixels only.
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _ratio(value: Any) -> float:
    return float(value.numerator) / float(value.denominator) if hasattr(value, "numerator") \
        else float(value)


def _degrees(dms: Sequence[Any], ref: str | bytes) -> float:
    degrees, minutes, seconds = (_ratio(v) for v in dms)
    value = degrees + minutes / 60 + seconds / 3600
    return -value if ref in ("S", "W", b"S", b"W") else value


def _gps_position(exif: Image.Exif) -> tuple[float, float] | tuple[None, None]:
    """(latitude, longitude) from the EXIF GPS block, or (None, None) if absent or nonsense."""
    try:
        gps = exif.get_ifd(_EXIF_GPS_IFD)
        if not gps or 2 not in gps or 4 not in gps:
            return None, None
        latitude = _degrees(gps[2], gps.get(1, "N"))
        longitude = _degrees(gps[4], gps.get(3, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or (latitude, longitude) == (0, 0):
        return None, None
    return round(latitude, 7), round(longitude, 7)


def _taken_at(exif: Image.Exif) -> datetime.datetime | None:
    try:
        value = exif.get_ifd(_EXIF_IFD).get(_EXIF_DATETIME_ORIGINAL)
        return datetime.datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except (TypeError, ValueError):
        return None


def image_with_exif(
    image: Image.Image, *, latitude: float | None = None, longitude: float | None = None,
    orientation: int | None = None, fmt: str = "JPEG",
) -> bytes:
    """Encode `image` with a GPS position and/or orientation in its EXIF (tests, demo data)."""
    exif = Image.Exif()
    if orientation:
        exif[_EXIF_ORIENTATION] = orientation
    if latitude is not None and longitude is not None:
        gps = exif.get_ifd(_EXIF_GPS_IFD)
        gps[1] = "N" if latitude >= 0 else "S"
        gps[2] = _dms(abs(latitude))
        gps[3] = "E" if longitude >= 0 else "W"
        gps[4] = _dms(abs(longitude))
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif)
    return buffer.getvalue()


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    seconds = round((minutes_full - minutes) * 60, 4)
    return (float(degrees), float(minutes), seconds)
