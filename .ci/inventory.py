"""Print what the installation holds, for CI's backup → restore comparison (independent of
kvo.backup): the row count of every table and the SHA-256 of every media object.

    python .ci/inventory.py > before.txt      # with the environment of the installation
"""

import hashlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kvo.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402

# Recreated by migrate in the target, with ids of its own.
SKIP = {"contenttypes.contenttype", "auth.permission"}


def files(directory=""):
    folders, names = default_storage.listdir(directory)
    for name in names:
        yield f"{directory}/{name}" if directory else name
    for folder in folders:
        yield from files(f"{directory}/{folder}" if directory else folder)


for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label):
    if model._meta.label_lower not in SKIP:
        print(f"rows {model._meta.label_lower} {model._base_manager.count()}")
count = 0
for name in sorted(files()):
    with default_storage.open(name, "rb") as handle:
        print(f"file {name} {hashlib.sha256(handle.read()).hexdigest()}")
    count += 1
print(f"{count} files", file=sys.stderr)
