"""What is in the media storage, read through the storage API (a folder or the S3 bucket)."""

from django.core.files.storage import default_storage


def stored_files(directory=""):
    """Sorted names of every stored file."""
    try:
        folders, names = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    found = [f"{directory}/{n}" if directory else n for n in names]
    for folder in folders:
        found += stored_files(f"{directory}/{folder}" if directory else folder)
    return sorted(found)


def read_stored(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read()
