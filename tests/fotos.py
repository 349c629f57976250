"""Test photos made with Pillow: real ones, and the bad uploads the pipeline must refuse."""

import io
import struct
import zlib

from PIL import Image, ImageDraw

from kvo.images import image_with_exif


def photo(size=(1200, 900), color=(40, 120, 200)):
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    draw.rectangle([size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2], fill=(230, 40, 40))
    return image


def jpeg_bytes(size=(1200, 900), *, latitude=None, longitude=None, orientation=None):
    return image_with_exif(
        photo(size), latitude=latitude, longitude=longitude, orientation=orientation
    )


def png_bytes(size=(800, 600), mode="RGB"):
    image = photo(size).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def heic_bytes(size=(800, 600)):
    import pillow_heif

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    photo(size).save(buffer, "HEIF", quality=60)
    return buffer.getvalue()


def truncated_jpeg():
    data = jpeg_bytes((1600, 1200))
    return data[: len(data) // 2]


def svg_bytes():
    return (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
            b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>')


def text_bytes():
    return b"Dit is geen foto maar een tekstbestand.\n" * 20


def bomb_png(width=30000, height=30000):
    """A tiny PNG that claims a huge canvas: decoding it would need gigabytes."""

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (width // 8 + 1) * 64)  # a few rows; the header is the bomb
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
            + chunk(b"IEND", b""))
