"""Time the photo pipeline (kvo/images.py) on 12-megapixel phone-like photos.

Run: .venv/bin/python bench/fotos.py  — prints the median and worst of several runs per format.
The photos are generated: noise over gradients (hard to compress, like a real street photo),
4000x3000 pixels, with EXIF GPS and orientation, as JPEG (quality 92), PNG and HEIC.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kvo.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from kvo.images import image_with_exif, process_photo  # noqa: E402

WIDTH, HEIGHT = 4000, 3000
RUNS = 7


def phone_photo():
    noise = Image.effect_noise((WIDTH, HEIGHT), 40).filter(ImageFilter.GaussianBlur(1))
    red = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    blue = red.rotate(90).resize((WIDTH, HEIGHT))
    return Image.merge("RGB", (red, noise, blue))


def encode(image, fmt):
    if fmt == "JPEG":
        return image_with_exif(image, latitude=52.0017, longitude=4.1655, orientation=6)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({"quality": 85} if fmt == "HEIF" else {"compress_level": 6}))
    return buffer.getvalue()


def main():
    image = phone_photo()
    print(f"{WIDTH}x{HEIGHT} = {WIDTH * HEIGHT / 1e6:.0f} MP, {RUNS} runs each")
    for fmt, name in [("JPEG", "foto.jpg"), ("HEIF", "foto.heic"), ("PNG", "foto.png")]:
        data = encode(image, fmt)
        times = []
        for _ in range(RUNS):
            upload = SimpleUploadedFile(name, data)
            start = time.perf_counter()
            result = process_photo(upload)
            times.append(time.perf_counter() - start)
        print(
            f"{fmt:5} input {len(data) / 1e6:5.1f} MB: median {statistics.median(times):.3f} s, "
            f"worst {max(times):.3f} s; output {len(result.full) / 1e3:.0f} KB "
            f"({result.width}x{result.height}) + {len(result.screen) / 1e3:.0f} KB + "
            f"{len(result.thumbnail) / 1e3:.0f} KB"
        )
    # Pillow's own baseline: decode, resize to 2000 px and encode, without the draft trick.
    data = encode(image, "JPEG")
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        plain = Image.open(io.BytesIO(data))
        plain.load()
        plain.thumbnail((2000, 2000), Image.Resampling.LANCZOS)
        plain.save(io.BytesIO(), "JPEG", quality=82)
        times.append(time.perf_counter() - start)
    print(f"Pillow baseline (full decode, one resize, encode): median "
          f"{statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
