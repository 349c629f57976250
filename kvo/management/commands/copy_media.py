from argparse import ArgumentParser
from typing import Any

from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError

from kvo.backup import BackupError, copy_media


class Command(BaseCommand):
    help = ("Kopieert alle media uit een map (de oude MEDIA_ROOT) naar de ingestelde opslag "
            "(bijvoorbeeld de S3-bucket), met controle van elk bestand. Nogmaals draaien slaat "
            "over wat al gekopieerd is. Zie docs/operations.md.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("bronmap", help="de map met de bestaande media")

    def handle(self, *args: Any, bronmap: str, verbosity: int = 1, **options: Any) -> None:
        source = FileSystemStorage(location=bronmap)
        target = storages["default"]
        if isinstance(target, FileSystemStorage) and target.path("") == source.path(""):
            raise CommandError("Bron en doel zijn dezelfde map: stel eerst S3_BUCKET in.")
        try:
            copy_media(source, target, log=self.stdout.write if verbosity else None)
        except BackupError as error:
            raise CommandError(str(error)) from error
