"""The photo service: verify a batch of uploads, store their renditions on a row, remove them again.

Every photo a user uploads (a schouw finding's photos, an action item's evidence) goes through
here, so each is verified and stripped the same way (kvo.images) and stored in the same three
sizes. A photo model declares the file fields named in RENDITIONS plus `breedte`, `hoogte` and
`bestandsnaam`; the rest of the row (what it belongs to, who uploaded it) is the caller's.

    fotos = verify_photos(form.cleaned_data["fotos"])   # all or nothing, before any write
    with photo_transaction() as writer:                 # a rollback removes the files again
        for foto in fotos:
            writer.save(Bewijsfoto(actiepunt=actiepunt, geupload_door=door), foto)

A single image that should be kept as one cleaned file at full size (an image uploaded as a
document) uses `kvo.images.clean_image(upload)`: the same checks and stripping, no renditions.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from .images import ProcessedPhoto, process_photo

# The size named in a photo URL → the model's file field holding it.
RENDITIONS = {"groot": "bestand", "scherm": "scherm", "mini": "miniatuur"}

Row = TypeVar("Row", bound=models.Model)

_SUFFIXES = {"bestand": "_groot.jpg", "scherm": "_scherm.jpg", "miniatuur": "_mini.jpg"}


def _rendition_bytes(photo: ProcessedPhoto) -> dict[str, bytes]:
    return {"bestand": photo.full, "scherm": photo.screen, "miniatuur": photo.thumbnail}


def verify_photos(uploads: Iterable[File]) -> list[ProcessedPhoto]:
    """Verify and clean every upload before anything is stored. The first bad one refuses the
    lot: ValidationError "<file name>: <why>", with the code of the refusal."""
    photos = []
    for upload in uploads:
        try:
            photos.append(process_photo(upload))
        except ValidationError as error:
            raise ValidationError(
                _("%(naam)s: %(fout)s") % {"naam": upload.name, "fout": error.messages[0]},
                code=error.code,
            ) from None
    return photos


def rendition(row: models.Model, size: str) -> FieldFile:
    """The file of `row` for a URL's size name (a key of RENDITIONS)."""
    return getattr(row, RENDITIONS[size])


def photo_files(row: models.Model) -> list[FieldFile]:
    return [getattr(row, field) for field in RENDITIONS.values()]


class PhotoWriter:
    """Stores renditions on photo rows and remembers every file written, so they can be removed
    when the transaction they belong to fails."""

    def __init__(self) -> None:
        self._written: list[tuple[Storage, str]] = []

    def save(self, row: Row, photo: ProcessedPhoto) -> Row:
        row.breedte, row.hoogte = photo.width, photo.height  # type: ignore[attr-defined]
        row.bestandsnaam = photo.filename[:255]  # type: ignore[attr-defined]
        for field_name, content in _rendition_bytes(photo).items():
            field = getattr(row, field_name)
            field.save(_SUFFIXES[field_name], ContentFile(content), save=False)
            self._written.append((field.storage, field.name))
        row.save()
        return row

    def remove_written(self) -> None:
        for storage, name in self._written:
            storage.delete(name)
        self._written.clear()


@contextmanager
def photo_transaction() -> Iterator[PhotoWriter]:
    """A database transaction that also writes photo files: when it rolls back, every file
    written in it is removed, so a failed upload leaves nothing behind in media."""
    writer = PhotoWriter()
    try:
        with transaction.atomic():
            yield writer
    except BaseException:
        writer.remove_written()
        raise


def delete_photo(row: models.Model) -> None:
    """Delete a photo row; its files go once the deletion is committed."""
    files = [(f.storage, f.name) for f in photo_files(row) if f.name]
    with transaction.atomic():
        row.delete()

        def remove() -> None:
            for storage, name in files:
                storage.delete(str(name))

        transaction.on_commit(remove)
